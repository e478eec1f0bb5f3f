/* pt-test-window.h — the window tests' fixture (tests/ui/test-window*.c) */
#pragma once

#include <adwaita.h>

#include "pt-window.h"

G_BEGIN_DECLS

#define INDEX_BODY  "<h1>index</h1>\n"
#define OTHER_BODY  "<p>other folder</p>\n"

typedef struct
{
  char       *tmpdir;
  char       *docroot;
  char       *other_root;
  char       *log_path;
  PtSettings *settings;
  PtWindow   *window;
} Fixture;

typedef struct
{
  PtWindow   *window;
  const char *path;
  int         status;
} RowWanted;

typedef struct
{
  PtWindow   *window;
  const char *name;
  const char *text;
} CounterWanted;

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main context until cond holds; FALSE after 30 s. */
gboolean     iterate_until     (Condition   cond,
                                gpointer    data);
void         iterate_for_ms    (guint       ms);
/* A presented window on a free port; docroot and other_root hold index.html. */
void         fixture_setup     (Fixture    *f);
/* Closes the window (if any), waits until it is gone, and checks that the
 * settings are finalized. */
void         fixture_teardown  (Fixture    *f);
/* data: a gpointer cleared by a weak pointer */
gboolean     window_gone       (gpointer    data);
/* win.toggle-server, then running on the settings' port */
void         start_window      (Fixture    *f);
/* The window's widgets, by their template ids. */
GtkWidget   *template_child    (PtWindow   *window,
                                const char *id);
/* The counter labels' texts: "connections", "requests", "rate", "bytes", "errors". */
const char  *counter_text      (PtWindow   *window,
                                const char *name);
/* The text of the inline folder error, NULL when hidden. */
const char  *folder_error_text (PtWindow   *window);
/* The rows the log view shows (after the filter). */
GListModel  *visible_log       (PtWindow   *window);
guint64      frames_painted    (PtWindow   *window);
/* data: the window */
gboolean     window_stopped    (gpointer    data);
/* data: a RowWanted */
gboolean     log_has_row       (gpointer    data);
/* data: a CounterWanted */
gboolean     counter_is        (gpointer    data);

/* The window tests' start: cairo on X11, g_test_init, then GTK and
 * libadwaita.  Without a display it registers one skipped case and returns
 * FALSE: main () then returns g_test_run () with nothing else added. */
gboolean     pt_test_window_init (int     *argc,
                                  char  ***argv);

G_END_DECLS
