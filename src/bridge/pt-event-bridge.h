/* pt-event-bridge.h — engine events → batched main-context delivery (layer 2)
 *
 * pt_event_bridge_post() is thread-safe and never blocks: it pushes onto a
 * GAsyncQueue and schedules at most one dispatch source in the context.  The
 * dispatch runs at G_PRIORITY_DEFAULT_IDLE (below GTK redraw), drains up to
 * PT_EVENT_BRIDGE_BATCH events into one callback, and re-arms if more wait.
 * Past PT_EVENT_BRIDGE_MAX_BACKLOG queued events, trace events are dropped
 * and counted; the next batch starts with one PT_EVENT_DROPPED event.
 * Lifecycle events (STARTED, STOPPED, ERROR) are never dropped.
 *
 * Pacing (pt_event_bridge_set_pacing, off by default): after a dispatch that
 * delivered events, the next one waits `interval` (posts meanwhile wake
 * nobody, so a flood costs the context one wake-up per interval instead of
 * one per lull), and a dispatch hands its batch over in callbacks of at most
 * PT_EVENT_BRIDGE_CHUNK events, stopping once `budget` has passed (the rest
 * waits for the next dispatch, which is due at once).
 */
#pragma once

#include <glib.h>

#include "pt-event.h"

G_BEGIN_DECLS

#define PT_EVENT_BRIDGE_BATCH        4096
#define PT_EVENT_BRIDGE_MAX_BACKLOG  100000
#define PT_EVENT_BRIDGE_CHUNK        512     /* events per callback while paced */

typedef struct _PtEventBridge PtEventBridge;

/* events: borrowed for the call (the bridge frees them afterwards). */
typedef void (*PtEventBatchFunc) (PtEvent  **events,
                                  guint      n_events,
                                  gpointer   user_data);

PtEventBridge *pt_event_bridge_new   (GMainContext     *context,   /* NULL: the default context */
                                      PtEventBatchFunc  func,
                                      gpointer          user_data,
                                      GDestroyNotify    destroy);
/* Monotonic microseconds; tests pass a fake one. */
typedef gint64 (*PtEventBridgeClock) (gpointer user_data);

/* interval_us: least time from a dispatch that delivered events to the
 * next dispatch; budget_us: a dispatch stops handing over events (between
 * two callbacks) once it has run this long; 0, 0: unpaced.  Main thread,
 * before events are posted. */
void           pt_event_bridge_set_pacing (PtEventBridge *self,
                                           gint64         interval_us,
                                           gint64         budget_us);
/* NULL: g_get_monotonic_time.  For tests. */
void           pt_event_bridge_set_clock  (PtEventBridge      *self,
                                           PtEventBridgeClock  clock,
                                           gpointer            user_data);
/* A PtEventSink: pass it with the bridge to pt_server_new(). */
void           pt_event_bridge_post  (PtEvent          *event,
                                      gpointer          bridge);
/* Delivers everything queued now, synchronously (main thread only). */
void           pt_event_bridge_flush (PtEventBridge    *self);
/* Counters for tests and the window: callbacks made (one a batch, or a
 * chunk when paced), trace events dropped. */
guint64        pt_event_bridge_get_dispatches (PtEventBridge *self);
guint64        pt_event_bridge_get_dropped    (PtEventBridge *self);
/* Frees queued events without delivering them.  The server posting into it
 * must be stopped first. */
void           pt_event_bridge_free  (PtEventBridge    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtEventBridge, pt_event_bridge_free)

G_END_DECLS
