/* pt-window.h — the control panel window (layer 3) */
#pragma once

#include <adwaita.h>

#include "pt-settings.h"

G_BEGIN_DECLS

#define PT_WINDOW_STATS_INTERVAL_MS  250     /* counters pulled 4 times a second */
#define PT_WINDOW_RESTART_DELAY_MS   400     /* settings edits are coalesced into one restart */
/* Requests and connections the log view is told about per second (each
 * with all its events); the rest show as one "N events not shown" row per
 * worker and second.  More than anyone can read: the log's 10,000 rows
 * every second (20,000 cost the server 10 % more under a flood:
 * tests/ui/BENCH.md); the counters come from pt_server_get_stats and stay
 * exact. */
#define PT_WINDOW_TRACE_MAX_PER_SECOND 10000

#define PT_TYPE_WINDOW (pt_window_get_type ())
G_DECLARE_FINAL_TYPE (PtWindow, pt_window, PT, WINDOW, AdwApplicationWindow)

/* application may be NULL (tests); settings NULL: the real GSettings. */
PtWindow   *pt_window_new          (GtkApplication *application,
                                    PtSettings     *settings);
PtSettings *pt_window_get_settings (PtWindow       *self);
/* TRUE while the server is running (not while it is stopping). */
gboolean    pt_window_is_running   (PtWindow       *self);
/* The port being served, 0 unless running. */
guint       pt_window_get_port     (PtWindow       *self);
void        pt_window_start        (PtWindow       *self);
void        pt_window_stop         (PtWindow       *self);

G_END_DECLS
