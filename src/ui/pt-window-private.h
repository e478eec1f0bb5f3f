/* pt-window-private.h — what the GUI tests look at inside PtWindow (layer 3) */
#pragma once

#include "pt-console-page.h"
#include "pt-log-model.h"
#include "pt-window.h"

G_BEGIN_DECLS

PtLogModel           *_pt_window_get_log_model      (PtWindow *self);
/* The rows the log view shows (after the filter). */
GListModel           *_pt_window_get_visible_log    (PtWindow *self);
/* The text of the newest toast, NULL if none was shown. */
const char           *_pt_window_get_last_toast     (PtWindow *self);
/* The text of the inline folder error, NULL when hidden. */
const char           *_pt_window_get_folder_error   (PtWindow *self);
/* The chooser opened by win.choose-folder, NULL when none is open. */
GtkFileChooserNative *_pt_window_get_folder_chooser (PtWindow *self);
PtConsolePage        *_pt_window_get_console_page   (PtWindow *self);
/* The counter labels' texts: "connections", "requests", "rate", "bytes", "errors". */
const char           *_pt_window_get_counter_text   (PtWindow   *self,
                                                     const char *name);
/* Frames painted by the window so far. */
guint64               _pt_window_get_frames_painted (PtWindow *self);
/* TRUE when fully stopped (not running, not stopping). */
gboolean              _pt_window_is_stopped         (PtWindow *self);
/* TRUE while the log view follows the newest row. */
gboolean              _pt_window_get_following      (PtWindow *self);

G_END_DECLS
