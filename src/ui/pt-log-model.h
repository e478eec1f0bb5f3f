/* pt-log-model.h — the live log: a ring-buffer GListModel of PtLogRow (layer 3)
 *
 * Keeps the newest PT_LOG_MODEL_CAPACITY rows.  A batch of events is copied
 * only for the events that will still be kept, and a PtLogRow (a GObject) is
 * made only when a view asks for the item, then kept.  It emits items-changed
 * (0, n_dropped, 0) for the oldest rows it drops, if any, then
 * (n_kept, 0, n_added) for the rows it appends: kept rows stay the same
 * items at shifted positions, so a view scrolled up holds its place.
 */
#pragma once

#include <gio/gio.h>

#include "pt-event.h"

G_BEGIN_DECLS

#define PT_LOG_MODEL_CAPACITY           10000
#define PT_LOG_MODEL_FLUSH_INTERVAL_MS  100     /* queued rows become items at most this late */
/* A paced flush never drops the newest this many items (fewer if the model
 * holds fewer, or capacity / 2 if that is smaller).  The rows a following
 * view shows are among them, so a flood's flush never takes a list view's
 * rows away: GTK 4.8 destroys the row widgets of removed items and builds
 * new ones (about twice the main-thread work of rebinding them). */
#define PT_LOG_MODEL_KEEP_ROWS          512
/* While a model holds fewer than min (RAMP_ROWS, capacity / 2) items, a
 * paced flush adds at most RAMP_STEP of them and the next one comes a frame
 * later: a view's first screenful of row widgets is built over a few frames,
 * not all in the frame after a flood's first flush. */
#define PT_LOG_MODEL_RAMP_ROWS          128
#define PT_LOG_MODEL_RAMP_STEP          16
#define PT_LOG_MODEL_RAMP_INTERVAL_MS   16

#define PT_TYPE_LOG_MODEL (pt_log_model_get_type ())
G_DECLARE_FINAL_TYPE (PtLogModel, pt_log_model, PT, LOG_MODEL, GObject)

/* capacity: 0 for PT_LOG_MODEL_CAPACITY */
PtLogModel *pt_log_model_new             (guint           capacity);
guint       pt_log_model_get_capacity    (PtLogModel     *self);
/* events: borrowed; rows are made for the newest min(n_events, capacity).
 * Queue + flush. */
void        pt_log_model_append_events   (PtLogModel     *self,
                                          PtEvent * const *events,
                                          guint           n_events);
/* Makes rows for the events without changing the items; the queue keeps the
 * newest capacity rows.  No signal. */
void        pt_log_model_queue_events    (PtLogModel     *self,
                                          PtEvent * const *events,
                                          guint           n_events);
guint       pt_log_model_get_n_queued    (PtLogModel     *self);
/* The queued rows become items (the signals above); nothing if none. */
void        pt_log_model_flush           (PtLogModel     *self);
/* Like pt_log_model_flush(), but only the oldest queued rows that fit
 * without dropping the newest min (n_items, PT_LOG_MODEL_KEEP_ROWS,
 * capacity / 2) items, and at most PT_LOG_MODEL_RAMP_STEP while ramping
 * (above); the rest stay queued, in order.  If the queue lost events since
 * the last flush and rows stay above the new ones, a PT_EVENT_DROPPED row
 * with their count comes first.  Returns how many rows stay queued. */
guint       pt_log_model_flush_keeping   (PtLogModel     *self);
/* Queues the events, and makes the queue items at most every
 * PT_LOG_MODEL_FLUSH_INTERVAL_MS (pt_log_model_flush_keeping): at once when
 * the last such flush is older, else from a timeout at idle priority (below
 * redraw), which comes again while rows stay queued (every
 * PT_LOG_MODEL_RAMP_INTERVAL_MS while ramping).  A quiet server's
 * events show at once; a flood relayouts the list a few times a second, not
 * once per batch, and never replaces the rows in view. */
void        pt_log_model_post_events     (PtLogModel     *self,
                                          PtEvent * const *events,
                                          guint           n_events);
/* Drops the items and the queue. */
void        pt_log_model_clear           (PtLogModel     *self);
/* Events ever appended (shown or not), since creation or the last clear. */
guint64     pt_log_model_get_n_appended  (PtLogModel     *self);

G_END_DECLS
