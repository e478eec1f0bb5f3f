/* pt-headless.h — the headless server both `portico --no-gui` and
 * `portico-server` run: flags (pt-options.h), then the engine with the
 * report's console text on stdout until SIGINT or SIGTERM.  GLib, the
 * engine and the bridge only: no GTK. */
#pragma once

#include "pt-options.h"

G_BEGIN_DECLS

/* Runs the window instead of the headless server; returns the exit status. */
typedef int (*PtHeadlessWindowFunc) (int    argc,
                                     char **argv);

typedef struct
{
  PtFront               front;           /* PT_FRONT_PORTICO or PT_FRONT_SERVER */
  const char           *prog;            /* "portico": --version and "see PROG --help" */
  const char           *config_path;     /* PT_FRONT_SERVER: read unless --config says otherwise */
  /* PT_FRONT_PORTICO: without --no-gui, window_available () says whether
   * window (argc, argv) runs instead; else no_window_note is printed. */
  gboolean            (*window_available) (void);
  PtHeadlessWindowFunc  window;
  const char           *no_window_note;
} PtHeadlessSetup;

/* Parses argv (which it leaves intact) and serves; returns the exit status. */
int pt_headless_main (const PtHeadlessSetup *setup,
                      int                    argc,
                      char                 **argv);

G_END_DECLS
