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
/* Queues the events, and makes the queue items at most every
 * PT_LOG_MODEL_FLUSH_INTERVAL_MS: at once when the last such flush is
 * older, else from a timeout at idle priority (below redraw).  A quiet
 * server's events show at once; a flood relayouts the list a few times a
 * second, not once per batch. */
void        pt_log_model_post_events     (PtLogModel     *self,
                                          PtEvent * const *events,
                                          guint           n_events);
/* Drops the items and the queue. */
void        pt_log_model_clear           (PtLogModel     *self);
/* Events ever appended (shown or not), since creation or the last clear. */
guint64     pt_log_model_get_n_appended  (PtLogModel     *self);

G_END_DECLS
