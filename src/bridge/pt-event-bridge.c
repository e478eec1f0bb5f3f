/* pt-event-bridge.c — engine events → batched main-context delivery (layer 2)
 *
 * Producers (worker threads) push owned PtEvents onto a GAsyncQueue and
 * schedule at most one dispatch in the bridge's context: only the post that
 * flips `pending` FALSE → TRUE arms it, the way h2o's multithread queue wakes
 * its receiver only on empty → non-empty.
 *
 * The dispatch source is one named GSource at G_PRIORITY_DEFAULT_IDLE,
 * attached once by pt_event_bridge_new() on the main thread and armed from
 * any thread with g_source_set_ready_time (source, 0), i.e. it behaves as an
 * idle source that is scheduled on demand.  Unlike attaching a new idle
 * source per wake-up, arming allocates nothing inside GLib on the worker
 * thread, which keeps the bridge clean under ThreadSanitizer (GLib itself is
 * not instrumented) and makes free() simple: destroy the one source.
 *
 * Paced, a dispatch that delivered events leaves `pending` TRUE and arms
 * the source for `interval` later: producers see a dispatch scheduled and
 * do not wake the context.  That later dispatch delivers what came in
 * meanwhile (and waits again), or finds nothing and goes idle.
 */
#define G_LOG_DOMAIN "pt-bridge"

#include "pt-event-bridge.h"

/* GLib is not built with ThreadSanitizer and its GMutex is a bare futex, so
 * TSan cannot see the ordering GAsyncQueue's lock and g_source_attach()
 * provide.  Under TSan the bridge states that ordering itself: every queue
 * critical section starts with an acquire and ends with a release on the
 * queue (exactly what a visible mutex would record), and a source is
 * released before it is attached and acquired when it dispatches. */
#if defined(__SANITIZE_THREAD__)
# define PT_BRIDGE_TSAN 1
#elif defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define PT_BRIDGE_TSAN 1
# endif
#endif

#ifdef PT_BRIDGE_TSAN
# include <sanitizer/tsan_interface.h>
# define TSAN_ACQUIRE(addr) __tsan_acquire (addr)
# define TSAN_RELEASE(addr) __tsan_release (addr)
#else
# define TSAN_ACQUIRE(addr) G_STMT_START { (void) (addr); } G_STMT_END
# define TSAN_RELEASE(addr) G_STMT_START { (void) (addr); } G_STMT_END
#endif

#define PT_EVENT_BRIDGE_SOURCE_NAME "[portico] event bridge dispatch"

typedef struct
{
  GSource        source;
  PtEventBridge *bridge;
} PtBridgeSource;

struct _PtEventBridge
{
  gint              pending;       /* atomic: an idle source is scheduled */
  gint              queued;        /* atomic: events pushed and not yet popped */
  gsize             dropped;       /* atomic: total dropped since creation */
  gsize             unreported;    /* atomic: dropped, not yet announced */
  GSource          *source;        /* armed with ready-time 0 */
  GAsyncQueue      *queue;
  PtEventBatchFunc  func;
  gpointer          user_data;
  GDestroyNotify    destroy;
  GPtrArray        *batch;         /* main thread only */
  guint64           dispatches;    /* main thread only */
  gint64            interval;      /* main thread only: pacing, 0 = off */
  gint64            budget;        /* main thread only */
  PtEventBridgeClock clock;        /* main thread only, NULL: monotonic */
  gpointer          clock_data;
};


static gboolean
is_lifecycle (const PtEvent *event)
{
  switch (event->type)
    {
    case PT_EVENT_STARTED:
    case PT_EVENT_STOPPED:
    case PT_EVENT_ERROR:
    case PT_EVENT_LIVE_RELOAD:            /* never dropped: the developer watches for it */
    case PT_EVENT_LIVE_RELOAD_POLLING:
      return TRUE;
    case PT_EVENT_LIVE_RELOAD_BROWSERS:
    case PT_EVENT_CONN_OPENED:
    case PT_EVENT_REQUEST:
    case PT_EVENT_RESPONSE:
    case PT_EVENT_KEEP_ALIVE:
    case PT_EVENT_TIMEOUT:
    case PT_EVENT_MAX_REQUESTS:
    case PT_EVENT_CONN_CLOSED:
    case PT_EVENT_DROPPED:
    default:
      return FALSE;
    }
}


static void
queue_push (PtEventBridge *self,
            PtEvent       *event)
{
  g_async_queue_lock (self->queue);
  TSAN_ACQUIRE (self->queue);
  g_async_queue_push_unlocked (self->queue, event);
  TSAN_RELEASE (self->queue);
  g_async_queue_unlock (self->queue);
}


static PtEvent *
queue_try_pop (PtEventBridge *self)
{
  PtEvent *event;

  g_async_queue_lock (self->queue);
  TSAN_ACQUIRE (self->queue);
  event = g_async_queue_try_pop_unlocked (self->queue);
  TSAN_RELEASE (self->queue);
  g_async_queue_unlock (self->queue);

  return event;
}


static gint64
bridge_now (PtEventBridge *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_monotonic_time ();
}


/* Pops up to max events into the batch (after a DROPPED report, if due). */
static void
pop_events (PtEventBridge *self,
            guint          max)
{
  PtEvent *event;
  gsize n_dropped;
  guint n_popped = 0;

  g_assert (self->batch->len == 0);

  n_dropped = g_atomic_pointer_and (&self->unreported, 0);
  if (n_dropped > 0)
    {
      event = pt_event_new (PT_EVENT_DROPPED);
      event->count = n_dropped;
      g_ptr_array_add (self->batch, event);
    }

  while (n_popped < max && (event = queue_try_pop (self)) != NULL)
    {
      g_atomic_int_add (&self->queued, -1);
      g_ptr_array_add (self->batch, event);
      n_popped++;
    }
}


/* Hands the batch to the callback, then frees it.  Returns its length. */
static guint
hand_over (PtEventBridge *self)
{
  guint n = self->batch->len;

  if (n > 0)
    {
      self->dispatches++;
      self->func ((PtEvent **) self->batch->pdata, n, self->user_data);
      /* The array's free func releases every event. */
      g_ptr_array_set_size (self->batch, 0);
    }
  return n;
}


static gboolean
more_waiting (PtEventBridge *self)
{
  return g_atomic_int_get (&self->queued) > 0 ||
         g_atomic_pointer_get (&self->unreported) > 0;
}


/* Delivers at most one batch.  Returns TRUE when events are still queued. */
static gboolean
deliver_batch (PtEventBridge *self)
{
  pop_events (self, PT_EVENT_BRIDGE_BATCH);
  hand_over (self);
  return more_waiting (self);
}


/* Paced: at most one batch, in chunks, until the budget is spent.  Sets
 * *delivered to the number of events handed over. */
static gboolean
deliver_paced (PtEventBridge *self,
               guint         *delivered)
{
  gint64 start = bridge_now (self);
  guint total = 0;

  do
    {
      pop_events (self, MIN (PT_EVENT_BRIDGE_CHUNK, PT_EVENT_BRIDGE_BATCH - total));
      total += hand_over (self);
    }
  while (total < PT_EVENT_BRIDGE_BATCH && more_waiting (self) &&
         (self->budget <= 0 || bridge_now (self) - start < self->budget));

  *delivered = total;
  return more_waiting (self);
}


static gboolean
pt_bridge_source_dispatch (GSource     *source,
                           GSourceFunc  callback,
                           gpointer     user_data)
{
  PtEventBridge *self = ((PtBridgeSource *) source)->bridge;
  guint delivered = 0;
  gboolean more;

  TSAN_ACQUIRE (self);

  /* Disarm, then clear pending: a post racing with this drain re-arms. */
  g_source_set_ready_time (source, -1);
  g_atomic_int_set (&self->pending, FALSE);

  if (self->interval <= 0 && self->budget <= 0)
    {
      /* More wait: run again, unless a producer already re-armed us. */
      if (deliver_batch (self) &&
          g_atomic_int_compare_and_exchange (&self->pending, FALSE, TRUE))
        g_source_set_ready_time (source, 0);
      return G_SOURCE_CONTINUE;
    }

  more = deliver_paced (self, &delivered);
  /* Left over (budget or batch spent): again at once, below redraw.  Else,
   * if this one delivered, look again only an interval later; posts until
   * then see pending set and wake nobody.  Nothing delivered: idle. */
  if ((more || (delivered > 0 && self->interval > 0)) &&
      g_atomic_int_compare_and_exchange (&self->pending, FALSE, TRUE))
    g_source_set_ready_time (source, more ? 0 : g_source_get_time (source) + self->interval);

  return G_SOURCE_CONTINUE;
}


static GSourceFuncs pt_bridge_source_funcs = {
  .dispatch = pt_bridge_source_dispatch,
};


PtEventBridge *
pt_event_bridge_new (GMainContext     *context,
                     PtEventBatchFunc  func,
                     gpointer          user_data,
                     GDestroyNotify    destroy)
{
  PtEventBridge *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (PtEventBridge, 1);
  self->queue = g_async_queue_new_full ((GDestroyNotify) pt_event_free);
  self->batch = g_ptr_array_new_full (PT_EVENT_BRIDGE_BATCH + 1,
                                      (GDestroyNotify) pt_event_free);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;

  self->source = g_source_new (&pt_bridge_source_funcs, sizeof (PtBridgeSource));
  ((PtBridgeSource *) self->source)->bridge = self;
  g_source_set_priority (self->source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (self->source, PT_EVENT_BRIDGE_SOURCE_NAME);
  g_source_attach (self->source, context);

  return self;
}


void
pt_event_bridge_set_pacing (PtEventBridge *self,
                            gint64         interval_us,
                            gint64         budget_us)
{
  g_return_if_fail (self != NULL);

  self->interval = MAX (interval_us, 0);
  self->budget = MAX (budget_us, 0);
}


void
pt_event_bridge_set_clock (PtEventBridge      *self,
                           PtEventBridgeClock  clock,
                           gpointer            user_data)
{
  g_return_if_fail (self != NULL);

  self->clock = clock;
  self->clock_data = user_data;
}


void
pt_event_bridge_post (PtEvent  *event,
                      gpointer  bridge)
{
  PtEventBridge *self = bridge;
  gint before;

  g_return_if_fail (event != NULL);
  g_return_if_fail (self != NULL);

  before = g_atomic_int_add (&self->queued, 1);
  if (before >= PT_EVENT_BRIDGE_MAX_BACKLOG && !is_lifecycle (event))
    {
      g_atomic_int_add (&self->queued, -1);
      g_atomic_pointer_add (&self->dropped, 1);
      g_atomic_pointer_add (&self->unreported, 1);
      pt_event_free (event);
      /* The dispatch that will report the drop is already scheduled:
       * the queue is full, so pending is set or a dispatch is running. */
      return;
    }

  queue_push (self, event);

  if (g_atomic_int_compare_and_exchange (&self->pending, FALSE, TRUE))
    {
      TSAN_RELEASE (self);
      g_source_set_ready_time (self->source, 0);
    }
}


void
pt_event_bridge_flush (PtEventBridge *self)
{
  g_return_if_fail (self != NULL);

  while (deliver_batch (self))
    ;
}


guint64
pt_event_bridge_get_dispatches (PtEventBridge *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->dispatches;
}


guint64
pt_event_bridge_get_dropped (PtEventBridge *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_atomic_pointer_get (&self->dropped);
}


void
pt_event_bridge_free (PtEventBridge *self)
{
  PtEvent *event;

  if (self == NULL)
    return;

  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);

  while ((event = queue_try_pop (self)) != NULL)
    pt_event_free (event);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->batch, g_ptr_array_unref);

  if (self->destroy != NULL)
    g_clear_pointer (&self->user_data, self->destroy);

  g_free (self);
}
