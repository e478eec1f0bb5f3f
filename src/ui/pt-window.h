/* pt-window.h — the control panel window (layer 3) */
#pragma once

#include <adwaita.h>

#include "pt-server-controller.h"
#include "pt-settings.h"

G_BEGIN_DECLS

#define PT_TYPE_WINDOW (pt_window_get_type ())
G_DECLARE_FINAL_TYPE (PtWindow, pt_window, PT, WINDOW, AdwApplicationWindow)

/* application may be NULL (tests); settings NULL: the real GSettings. */
PtWindow           *pt_window_new            (GtkApplication *application,
                                              PtSettings     *settings);
PtSettings         *pt_window_get_settings   (PtWindow       *self);
/* What the window shows and drives: its state, port and address are
 * properties, its counters the "stats" signal. */
PtServerController *pt_window_get_controller (PtWindow       *self);
/* TRUE while the server is running (not while it is stopping). */
gboolean            pt_window_is_running     (PtWindow       *self);
/* The port being served, 0 unless running. */
guint               pt_window_get_port       (PtWindow       *self);
void                pt_window_start          (PtWindow       *self);
void                pt_window_stop           (PtWindow       *self);
/* A folder from outside the window (Files, `portico FOLDER`): shown ready
 * to serve, never started by itself; if the server runs with another
 * folder, the window asks whether to serve this one instead.  A folder the
 * one check refuses (the root, not a folder) is a toast; so is NULL, a
 * location with no local path. */
void                pt_window_open_folder    (PtWindow       *self,
                                              const char     *folder);

G_END_DECLS
