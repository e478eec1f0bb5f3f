/* pt-event-bridge.h — engine events → batched main-context delivery (layer 2)
 *
 * pt_event_bridge_post() is thread-safe and never blocks: it pushes onto a
 * GAsyncQueue and schedules at most one dispatch source in the context.  The
 * dispatch runs at G_PRIORITY_DEFAULT_IDLE (below GTK redraw), drains up to
 * PT_EVENT_BRIDGE_BATCH events into one callback, and re-arms if more wait.
 * Past PT_EVENT_BRIDGE_MAX_BACKLOG queued events, trace events are dropped
 * and counted; the next batch starts with one PT_EVENT_DROPPED event.
 * Lifecycle events (STARTED, STOPPED, ERROR) are never dropped.
 */
#pragma once

#include <glib.h>

#include "pt-event.h"

G_BEGIN_DECLS

#define PT_EVENT_BRIDGE_BATCH        4096
#define PT_EVENT_BRIDGE_MAX_BACKLOG  100000

typedef struct _PtEventBridge PtEventBridge;

/* events: borrowed for the call (the bridge frees them afterwards). */
typedef void (*PtEventBatchFunc) (PtEvent  **events,
                                  guint      n_events,
                                  gpointer   user_data);

PtEventBridge *pt_event_bridge_new   (GMainContext     *context,   /* NULL: the default context */
                                      PtEventBatchFunc  func,
                                      gpointer          user_data,
                                      GDestroyNotify    destroy);
/* A PtEventSink: pass it with the bridge to pt_server_new(). */
void           pt_event_bridge_post  (PtEvent          *event,
                                      gpointer          bridge);
/* Delivers everything queued now, synchronously (main thread only). */
void           pt_event_bridge_flush (PtEventBridge    *self);
/* Counters for tests and the window. */
guint64        pt_event_bridge_get_dispatches (PtEventBridge *self);
guint64        pt_event_bridge_get_dropped    (PtEventBridge *self);
/* Frees queued events without delivering them.  The server posting into it
 * must be stopped first. */
void           pt_event_bridge_free  (PtEventBridge    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtEventBridge, pt_event_bridge_free)

G_END_DECLS
