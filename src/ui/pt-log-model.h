/* pt-log-model.h — the live log: a ring-buffer GListModel of PtLogRow (layer 3)
 *
 * Keeps the newest PT_LOG_MODEL_CAPACITY rows.  A batch of events makes rows
 * only for the events that will still be kept, and emits exactly one
 * items-changed.
 */
#pragma once

#include <gio/gio.h>

#include "pt-event.h"

G_BEGIN_DECLS

#define PT_LOG_MODEL_CAPACITY 10000

#define PT_TYPE_LOG_MODEL (pt_log_model_get_type ())
G_DECLARE_FINAL_TYPE (PtLogModel, pt_log_model, PT, LOG_MODEL, GObject)

/* capacity: 0 for PT_LOG_MODEL_CAPACITY */
PtLogModel *pt_log_model_new             (guint           capacity);
guint       pt_log_model_get_capacity    (PtLogModel     *self);
/* events: borrowed; rows are made for the newest min(n_events, capacity). */
void        pt_log_model_append_events   (PtLogModel     *self,
                                          PtEvent * const *events,
                                          guint           n_events);
void        pt_log_model_clear           (PtLogModel     *self);
/* Events ever appended (shown or not), since creation or the last clear. */
guint64     pt_log_model_get_n_appended  (PtLogModel     *self);

G_END_DECLS
