/* test-event-bridge.c — PtEventBridge: batching, ordering, backlog cap, lifecycle */
#define G_LOG_DOMAIN "test-bridge"

#include <string.h>

#include <glib.h>

#include "pt-event-bridge.h"

#define N_PRODUCERS_MAX   8
#define LOOP_TIMEOUT_S    30
#define N_SOURCE_IDS_SCANNED 16   /* a fresh context numbers its sources from 1 */

typedef struct
{
  guint      n_producers;
  guint      n_per_producer;
  gboolean   join_before_iterating;
} ProducerCase;

typedef struct
{
  GMainContext  *context;
  PtEventBridge *bridge;
  guint64        next_seq[N_PRODUCERS_MAX];
  guint64        delivered;         /* events other than DROPPED */
  guint64        trace_delivered;
  guint64        lifecycle_delivered;
  guint64        dropped_reported;
  guint          n_dropped_events;
  guint          max_batch;
  guint          n_batches;
  gboolean       order_ok;          /* every sequence is 0, 1, 2, … */
  gboolean       increasing_ok;     /* every sequence increases (gaps allowed) */
  gboolean       dropped_first_ok;  /* a DROPPED event is always first in its batch */
  GPtrArray     *types;             /* every delivered type, in order */
  guint          n_destroyed;
} Fixture;

typedef struct
{
  Fixture *fixture;
  guint    producer;
  guint    n_events;
  PtEventType type;
} ProducerArgs;


static void
on_batch (PtEvent **events,
          guint     n_events,
          gpointer  user_data)
{
  Fixture *fx = user_data;

  g_assert_cmpuint (n_events, >, 0);
  fx->n_batches++;
  fx->max_batch = MAX (fx->max_batch, n_events);

  for (guint i = 0; i < n_events; i++)
    {
      PtEvent *event = events[i];

      g_ptr_array_add (fx->types, GINT_TO_POINTER (event->type));

      if (event->type == PT_EVENT_DROPPED)
        {
          fx->n_dropped_events++;
          fx->dropped_reported += event->count;
          if (i != 0)
            fx->dropped_first_ok = FALSE;
          continue;
        }

      fx->delivered++;
      if (event->type == PT_EVENT_STARTED ||
          event->type == PT_EVENT_STOPPED ||
          event->type == PT_EVENT_ERROR)
        fx->lifecycle_delivered++;
      else
        fx->trace_delivered++;

      g_assert_cmpuint (event->conn_id, <, N_PRODUCERS_MAX);
      if (event->count != fx->next_seq[event->conn_id])
        fx->order_ok = FALSE;
      if (event->count < fx->next_seq[event->conn_id])
        fx->increasing_ok = FALSE;
      fx->next_seq[event->conn_id] = event->count + 1;
    }
}


static void
on_destroy (gpointer user_data)
{
  Fixture *fx = user_data;

  fx->n_destroyed++;
}


static void
fixture_init (Fixture *fx)
{
  memset (fx, 0, sizeof *fx);
  fx->context = g_main_context_new ();
  fx->bridge = pt_event_bridge_new (fx->context, on_batch, fx, on_destroy);
  fx->order_ok = TRUE;
  fx->increasing_ok = TRUE;
  fx->dropped_first_ok = TRUE;
  fx->types = g_ptr_array_new ();
}


static void
fixture_clear (Fixture *fx)
{
  g_clear_pointer (&fx->bridge, pt_event_bridge_free);
  g_assert_cmpuint (fx->n_destroyed, ==, 1);
  g_clear_pointer (&fx->context, g_main_context_unref);
  g_clear_pointer (&fx->types, g_ptr_array_unref);
}


static PtEvent *
make_event (PtEventType type,
            guint       producer,
            guint64     seq)
{
  PtEvent *event = pt_event_new (type);

  event->conn_id = producer;
  event->count = seq;
  event->peer_addr = g_strdup ("127.0.0.1");
  event->method = g_strdup ("GET");
  event->path = g_strdup_printf ("/p%u/%" G_GUINT64_FORMAT, producer, seq);
  return event;
}


static gpointer
producer_thread (gpointer data)
{
  ProducerArgs *args = data;

  for (guint i = 0; i < args->n_events; i++)
    pt_event_bridge_post (make_event (args->type, args->producer, i),
                          args->fixture->bridge);
  return NULL;
}


static gboolean
on_timeout (gpointer user_data)
{
  g_error ("the bridge did not deliver within %d s", LOOP_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}


/* Iterates the context until `expected` non-DROPPED events have arrived. */
static void
iterate_until (Fixture *fx,
               guint64  expected)
{
  GSource *timeout = g_timeout_source_new_seconds (LOOP_TIMEOUT_S);

  g_source_set_callback (timeout, on_timeout, NULL, NULL);
  g_source_attach (timeout, fx->context);

  while (fx->delivered < expected)
    g_main_context_iteration (fx->context, TRUE);

  g_source_destroy (timeout);
  g_source_unref (timeout);
}


/* Runs the context dry without blocking. */
static void
iterate_pending (Fixture *fx)
{
  while (g_main_context_iteration (fx->context, FALSE))
    ;
}


static void
run_producers (Fixture     *fx,
               guint        n_producers,
               guint        n_per_producer,
               PtEventType  type,
               gboolean     join_before_iterating)
{
  GThread *threads[N_PRODUCERS_MAX];
  ProducerArgs args[N_PRODUCERS_MAX];

  g_assert_cmpuint (n_producers, <=, N_PRODUCERS_MAX);

  for (guint p = 0; p < n_producers; p++)
    {
      g_autofree char *name = g_strdup_printf ("producer-%u", p);

      args[p] = (ProducerArgs) { fx, p, n_per_producer, type };
      threads[p] = g_thread_new (name, producer_thread, &args[p]);
    }

  if (!join_before_iterating)
    iterate_until (fx, (guint64) n_producers * n_per_producer);

  for (guint p = 0; p < n_producers; p++)
    g_thread_join (threads[p]);
}


static void
test_producers (gconstpointer data)
{
  const ProducerCase *tc = data;
  guint64 total = (guint64) tc->n_producers * tc->n_per_producer;
  Fixture fx;

  fixture_init (&fx);
  run_producers (&fx, tc->n_producers, tc->n_per_producer,
                 PT_EVENT_REQUEST, tc->join_before_iterating);
  iterate_until (&fx, total);
  iterate_pending (&fx);

  g_assert_cmpuint (fx.delivered, ==, total);
  g_assert_true (fx.order_ok);
  for (guint p = 0; p < tc->n_producers; p++)
    g_assert_cmpuint (fx.next_seq[p], ==, tc->n_per_producer);
  g_assert_cmpuint (fx.n_dropped_events, ==, 0);
  g_assert_cmpuint (pt_event_bridge_get_dropped (fx.bridge), ==, 0);
  g_assert_cmpuint (pt_event_bridge_get_dispatches (fx.bridge), ==, fx.n_batches);
  g_assert_cmpuint (fx.n_batches, <=, total);
  g_assert_cmpuint (fx.max_batch, <=, PT_EVENT_BRIDGE_BATCH);

  if (tc->join_before_iterating)
    {
      /* Everything was queued before the first dispatch: full batches. */
      g_assert_cmpuint (fx.max_batch, ==, MIN (total, PT_EVENT_BRIDGE_BATCH));
      g_assert_cmpuint (fx.n_batches, ==,
                        (total + PT_EVENT_BRIDGE_BATCH - 1) / PT_EVENT_BRIDGE_BATCH);
    }
  else if (total >= 10000)
    {
      /* Under load, several events share one dispatch. */
      g_assert_cmpuint (fx.max_batch, >, 1);
      g_assert_cmpuint (fx.n_batches, <, total);
    }

  fixture_clear (&fx);
}


static void
test_one_source_per_burst (void)
{
  Fixture fx;

  fixture_init (&fx);

  for (guint i = 0; i < 10; i++)
    pt_event_bridge_post (make_event (PT_EVENT_CONN_OPENED, 0, i), fx.bridge);

  /* One iteration delivers the whole burst in one callback. */
  g_assert_true (g_main_context_iteration (fx.context, FALSE));
  g_assert_cmpuint (fx.n_batches, ==, 1);
  g_assert_cmpuint (fx.delivered, ==, 10);
  g_assert_false (g_main_context_iteration (fx.context, FALSE));

  /* After a dispatch, a new post schedules a new one. */
  pt_event_bridge_post (make_event (PT_EVENT_CONN_CLOSED, 0, 10), fx.bridge);
  iterate_pending (&fx);
  g_assert_cmpuint (fx.n_batches, ==, 2);
  g_assert_cmpuint (fx.delivered, ==, 11);
  g_assert_true (fx.order_ok);

  fixture_clear (&fx);
}


static gboolean
on_default_priority (gpointer user_data)
{
  Fixture *fx = user_data;

  /* Runs before the bridge's idle dispatch. */
  g_assert_cmpuint (fx->n_batches, ==, 0);
  g_ptr_array_add (fx->types, GINT_TO_POINTER (-1));
  return G_SOURCE_REMOVE;
}


static void
test_priority_and_name (void)
{
  Fixture fx;
  GSource *source;

  fixture_init (&fx);
  pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, 0), fx.bridge);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, on_default_priority, &fx, NULL);
  g_source_attach (source, fx.context);
  g_source_unref (source);

  /* One iteration runs only the highest priority: the bridge waits. */
  g_assert_true (g_main_context_iteration (fx.context, FALSE));
  g_assert_cmpuint (fx.types->len, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fx.types, 0)), ==, -1);

  iterate_pending (&fx);
  g_assert_cmpuint (fx.n_batches, ==, 1);
  g_assert_cmpuint (fx.types->len, ==, 2);

  /* The dispatch source is named and sits at G_PRIORITY_DEFAULT_IDLE. */
  pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, 1), fx.bridge);
  source = NULL;
  for (guint id = 1; id <= N_SOURCE_IDS_SCANNED && source == NULL; id++)
    {
      GSource *s = g_main_context_find_source_by_id (fx.context, id);

      if (s != NULL && g_strcmp0 (g_source_get_name (s), "[portico] event bridge dispatch") == 0)
        source = s;
    }
  g_assert_nonnull (source);
  g_assert_cmpint (g_source_get_ready_time (source), ==, 0);
  g_assert_cmpstr (g_source_get_name (source), ==, "[portico] event bridge dispatch");
  g_assert_cmpint (g_source_get_priority (source), ==, G_PRIORITY_DEFAULT_IDLE);
  iterate_pending (&fx);
  g_assert_cmpuint (fx.delivered, ==, 2);

  fixture_clear (&fx);
}


static void
test_backlog_cap (void)
{
  const guint overflow = 1234;
  Fixture fx;
  guint64 posted = PT_EVENT_BRIDGE_MAX_BACKLOG + overflow;

  fixture_init (&fx);

  pt_event_bridge_post (make_event (PT_EVENT_STARTED, 1, 0), fx.bridge);
  for (guint64 i = 0; i < posted; i++)
    pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, i), fx.bridge);
  /* Past the cap, lifecycle events still get in, in order. */
  pt_event_bridge_post (make_event (PT_EVENT_ERROR, 1, 1), fx.bridge);
  pt_event_bridge_post (make_event (PT_EVENT_STOPPED, 1, 2), fx.bridge);

  /* The STARTED event took one slot: MAX - 1 trace events fit. */
  g_assert_cmpuint (pt_event_bridge_get_dropped (fx.bridge), ==, overflow + 1);

  iterate_until (&fx, PT_EVENT_BRIDGE_MAX_BACKLOG + 2);
  iterate_pending (&fx);

  g_assert_cmpuint (fx.trace_delivered, ==, PT_EVENT_BRIDGE_MAX_BACKLOG - 1);
  g_assert_cmpuint (fx.lifecycle_delivered, ==, 3);
  g_assert_true (fx.order_ok);
  g_assert_cmpuint (fx.next_seq[0], ==, PT_EVENT_BRIDGE_MAX_BACKLOG - 1);
  g_assert_cmpuint (fx.next_seq[1], ==, 3);
  g_assert_cmpuint (fx.n_dropped_events, ==, 1);
  g_assert_cmpuint (fx.dropped_reported, ==, overflow + 1);
  g_assert_true (fx.dropped_first_ok);
  /* The DROPPED notice opens the first batch, then STARTED. */
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fx.types, 0)), ==, PT_EVENT_DROPPED);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fx.types, 1)), ==, PT_EVENT_STARTED);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fx.types, fx.types->len - 1)), ==,
                   PT_EVENT_STOPPED);

  /* Room again: nothing more is dropped. */
  pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 2, 0), fx.bridge);
  iterate_pending (&fx);
  g_assert_cmpuint (fx.trace_delivered, ==, PT_EVENT_BRIDGE_MAX_BACKLOG);
  g_assert_cmpuint (pt_event_bridge_get_dropped (fx.bridge), ==, overflow + 1);
  g_assert_cmpuint (fx.n_dropped_events, ==, 1);

  fixture_clear (&fx);
}


static void
test_backlog_cap_threads (void)
{
  const guint n_producers = 4;
  const guint n_each = PT_EVENT_BRIDGE_MAX_BACKLOG / 2;
  guint64 total = (guint64) n_producers * n_each;
  Fixture fx;

  fixture_init (&fx);
  /* Nobody iterates while they post: exactly MAX get in. */
  run_producers (&fx, n_producers, n_each, PT_EVENT_KEEP_ALIVE, TRUE);
  g_assert_cmpuint (pt_event_bridge_get_dropped (fx.bridge), ==,
                    total - PT_EVENT_BRIDGE_MAX_BACKLOG);

  /* Sequence numbers have gaps now; only check they increase. */
  iterate_until (&fx, PT_EVENT_BRIDGE_MAX_BACKLOG);
  iterate_pending (&fx);
  g_assert_cmpuint (fx.delivered, ==, PT_EVENT_BRIDGE_MAX_BACKLOG);
  g_assert_cmpuint (fx.dropped_reported, ==, total - PT_EVENT_BRIDGE_MAX_BACKLOG);
  g_assert_cmpuint (fx.n_dropped_events, ==, 1);
  g_assert_true (fx.dropped_first_ok);
  g_assert_true (fx.increasing_ok);

  fixture_clear (&fx);
}


static void
test_lifecycle_threads (void)
{
  const guint n_threads = 3;
  const guint n_errors = 500;
  Fixture fx;
  GThread *threads[N_PRODUCERS_MAX];
  ProducerArgs args[N_PRODUCERS_MAX];

  fixture_init (&fx);

  /* Fill the backlog, then lifecycle events from several threads. */
  args[0] = (ProducerArgs) { &fx, 0, PT_EVENT_BRIDGE_MAX_BACKLOG, PT_EVENT_REQUEST };
  producer_thread (&args[0]);
  for (guint p = 1; p <= n_threads; p++)
    {
      args[p] = (ProducerArgs) { &fx, p, n_errors, PT_EVENT_ERROR };
      threads[p] = g_thread_new ("lifecycle", producer_thread, &args[p]);
    }
  for (guint p = 1; p <= n_threads; p++)
    g_thread_join (threads[p]);

  iterate_until (&fx, PT_EVENT_BRIDGE_MAX_BACKLOG + n_threads * n_errors);
  iterate_pending (&fx);
  g_assert_cmpuint (fx.lifecycle_delivered, ==, n_threads * n_errors);
  g_assert_cmpuint (fx.trace_delivered, ==, PT_EVENT_BRIDGE_MAX_BACKLOG);
  g_assert_cmpuint (pt_event_bridge_get_dropped (fx.bridge), ==, 0);
  g_assert_true (fx.order_ok);

  fixture_clear (&fx);
}


/* A fake clock that the batch callback moves on: each event "costs" one
 * microsecond of main-thread time. */
typedef struct
{
  Fixture fx;
  gint64  now;
  guint   callbacks_this_dispatch;
} PacedFixture;

static gint64
fake_clock (gpointer user_data)
{
  return ((PacedFixture *) user_data)->now;
}

static void
on_costly_batch (PtEvent **events,
                 guint     n_events,
                 gpointer  user_data)
{
  PacedFixture *pf = user_data;

  on_batch (events, n_events, &pf->fx);
  pf->now += n_events;
  pf->callbacks_this_dispatch++;
}

#define PACED_BUDGET_US  1000
#define PACED_EVENTS     3000
G_STATIC_ASSERT (PT_EVENT_BRIDGE_CHUNK == 512);   /* the expected figures below */

/* Paced, a dispatch hands over chunks of PT_EVENT_BRIDGE_CHUNK and stops
 * once the budget has passed (checked between chunks); the rest comes at
 * the next dispatch, due at once. */
static void
test_paced_budget (void)
{
  PacedFixture pf;
  /* 512 + 512 = 1024 us >= 1000: two chunks a dispatch, then 952 left */
  const guint expected[][2] = { { 2, 1024 }, { 2, 2048 }, { 2, PACED_EVENTS } };

  memset (&pf, 0, sizeof pf);
  fixture_init (&pf.fx);
  pt_event_bridge_free (pf.fx.bridge);
  pf.fx.n_destroyed = 0;
  pf.fx.bridge = pt_event_bridge_new (pf.fx.context, on_costly_batch, &pf, NULL);
  pt_event_bridge_set_pacing (pf.fx.bridge, 0, PACED_BUDGET_US);
  pt_event_bridge_set_clock (pf.fx.bridge, fake_clock, &pf);

  for (guint i = 0; i < PACED_EVENTS; i++)
    pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, i), pf.fx.bridge);

  for (guint d = 0; d < G_N_ELEMENTS (expected); d++)
    {
      pf.callbacks_this_dispatch = 0;
      g_assert_true (g_main_context_iteration (pf.fx.context, FALSE));
      g_assert_cmpuint (pf.callbacks_this_dispatch, ==, expected[d][0]);
      g_assert_cmpuint (pf.fx.delivered, ==, expected[d][1]);
      g_assert_cmpuint (pf.fx.max_batch, ==, PT_EVENT_BRIDGE_CHUNK);
    }
  g_assert_false (g_main_context_iteration (pf.fx.context, FALSE));
  g_assert_true (pf.fx.order_ok);
  g_assert_cmpuint (pt_event_bridge_get_dispatches (pf.fx.bridge), ==, pf.fx.n_batches);
  g_assert_cmpuint (pf.fx.n_batches, ==, 6);
  g_assert_cmpint (pf.now, ==, PACED_EVENTS);          /* every event cost its microsecond */

  /* Without a budget a dispatch still stops at one batch. */
  pt_event_bridge_set_pacing (pf.fx.bridge, 0, 0);
  pt_event_bridge_set_pacing (pf.fx.bridge, 1, 0);
  for (guint i = 0; i < PT_EVENT_BRIDGE_BATCH + 1; i++)
    pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, PACED_EVENTS + i), pf.fx.bridge);
  pf.callbacks_this_dispatch = 0;
  g_assert_true (g_main_context_iteration (pf.fx.context, FALSE));
  g_assert_cmpuint (pf.fx.delivered, ==, PACED_EVENTS + PT_EVENT_BRIDGE_BATCH);
  g_assert_cmpuint (pf.callbacks_this_dispatch, ==, PT_EVENT_BRIDGE_BATCH / PT_EVENT_BRIDGE_CHUNK);
  iterate_until (&pf.fx, PACED_EVENTS + PT_EVENT_BRIDGE_BATCH + 1);
  g_assert_true (pf.fx.order_ok);

  g_clear_pointer (&pf.fx.bridge, pt_event_bridge_free);
  g_clear_pointer (&pf.fx.context, g_main_context_unref);
  g_clear_pointer (&pf.fx.types, g_ptr_array_unref);
}

/* Paced under concurrent producers: everything arrives, in order, in
 * chunks; no wake-up is lost between a delivery and the next look. */
static void
test_paced_producers (void)
{
  const guint n_producers = 4;
  const guint n_per_producer = 20000;   /* 80,000 < PT_EVENT_BRIDGE_MAX_BACKLOG: nothing dropped */
  Fixture fx;

  fixture_init (&fx);
  pt_event_bridge_set_pacing (fx.bridge, G_TIME_SPAN_MILLISECOND, G_TIME_SPAN_MILLISECOND / 2);
  run_producers (&fx, n_producers, n_per_producer, PT_EVENT_REQUEST, FALSE);
  iterate_until (&fx, (guint64) n_producers * n_per_producer);

  g_assert_cmpuint (fx.delivered, ==, (guint64) n_producers * n_per_producer);
  g_assert_true (fx.order_ok);
  for (guint p = 0; p < n_producers; p++)
    g_assert_cmpuint (fx.next_seq[p], ==, n_per_producer);
  g_assert_cmpuint (fx.max_batch, <=, PT_EVENT_BRIDGE_CHUNK);
  g_assert_cmpuint (fx.n_dropped_events, ==, 0);

  /* After the flood, a single post still arrives. */
  pt_event_bridge_post (make_event (PT_EVENT_CONN_CLOSED, 0, n_per_producer), fx.bridge);
  iterate_until (&fx, (guint64) n_producers * n_per_producer + 1);
  g_assert_true (fx.order_ok);

  fixture_clear (&fx);
}

/* The bridge's one source in a fresh context, found by id. */
static GSource *
find_bridge_source (GMainContext *context)
{
  for (guint id = 1; id <= N_SOURCE_IDS_SCANNED; id++)
    {
      GSource *source = g_main_context_find_source_by_id (context, id);

      if (source != NULL &&
          g_strcmp0 (g_source_get_name (source), "[portico] event bridge dispatch") == 0)
        return source;
    }
  return NULL;
}

#define PACED_INTERVAL_US  (200 * G_TIME_SPAN_MILLISECOND)

/* Paced, the first post is delivered at once; posts in the interval after
 * a delivery wake nobody (the source stays armed for the interval's end)
 * and arrive together then; a dispatch that finds nothing goes idle, and
 * the next post is again delivered at once. */
static void
test_paced_interval (void)
{
  Fixture fx;
  GSource *source;
  gint64 before;
  gint64 first;

  fixture_init (&fx);
  pt_event_bridge_set_pacing (fx.bridge, PACED_INTERVAL_US, 0);
  source = find_bridge_source (fx.context);
  g_assert_nonnull (source);
  g_assert_cmpint (g_source_get_ready_time (source), ==, -1);

  pt_event_bridge_post (make_event (PT_EVENT_CONN_OPENED, 0, 0), fx.bridge);
  g_assert_cmpint (g_source_get_ready_time (source), ==, 0);
  before = g_get_monotonic_time ();
  g_assert_true (g_main_context_iteration (fx.context, FALSE));
  first = g_get_monotonic_time ();
  g_assert_cmpuint (fx.delivered, ==, 1);
  g_assert_cmpint (g_source_get_ready_time (source), >, first);
  g_assert_cmpint (g_source_get_ready_time (source), <=, first + PACED_INTERVAL_US);

  for (guint i = 1; i < 6; i++)
    pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, i), fx.bridge);
  g_assert_cmpint (g_source_get_ready_time (source), >, 0);   /* not re-armed at once */
  g_assert_false (g_main_context_iteration (fx.context, FALSE));
  g_assert_cmpuint (fx.delivered, ==, 1);

  iterate_until (&fx, 6);
  /* armed from the dispatching iteration's time, which is after `before` */
  g_assert_cmpint (g_get_monotonic_time () - before, >=, PACED_INTERVAL_US);
  g_assert_cmpuint (fx.n_batches, ==, 2);
  g_assert_cmpint (g_source_get_ready_time (source), >, 0);   /* one more look, later */

  /* That look finds nothing: idle, and the next post goes at once. */
  while (g_source_get_ready_time (source) != -1)
    g_main_context_iteration (fx.context, TRUE);
  g_assert_cmpuint (fx.n_batches, ==, 2);
  pt_event_bridge_post (make_event (PT_EVENT_CONN_CLOSED, 0, 6), fx.bridge);
  g_assert_cmpint (g_source_get_ready_time (source), ==, 0);
  g_assert_true (g_main_context_iteration (fx.context, FALSE));
  g_assert_cmpuint (fx.delivered, ==, 7);
  g_assert_true (fx.order_ok);

  fixture_clear (&fx);
}


static void
test_flush (void)
{
  Fixture fx;

  fixture_init (&fx);
  for (guint i = 0; i < PT_EVENT_BRIDGE_BATCH + 5; i++)
    pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, i), fx.bridge);

  pt_event_bridge_flush (fx.bridge);
  g_assert_cmpuint (fx.delivered, ==, PT_EVENT_BRIDGE_BATCH + 5);
  g_assert_cmpuint (fx.n_batches, ==, 2);
  g_assert_true (fx.order_ok);

  /* The idle source scheduled earlier finds nothing and calls nobody. */
  iterate_pending (&fx);
  g_assert_cmpuint (fx.n_batches, ==, 2);
  g_assert_cmpuint (pt_event_bridge_get_dispatches (fx.bridge), ==, 2);

  fixture_clear (&fx);
}


static void
test_free_with_queued (void)
{
  Fixture fx;

  fixture_init (&fx);
  for (guint i = 0; i < 100; i++)
    pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, i), fx.bridge);

  /* Freed undelivered (ASan reports any leak); the attached source is inert. */
  pt_event_bridge_free (g_steal_pointer (&fx.bridge));
  g_assert_cmpuint (fx.n_destroyed, ==, 1);
  iterate_pending (&fx);
  g_assert_cmpuint (fx.delivered, ==, 0);
  g_assert_cmpuint (fx.n_batches, ==, 0);

  fixture_clear (&fx);
}


static void
test_free_then_unref_context (void)
{
  Fixture fx;

  fixture_init (&fx);
  pt_event_bridge_post (make_event (PT_EVENT_REQUEST, 0, 0), fx.bridge);
  /* No iteration at all: the context's end releases the source and us. */
  fixture_clear (&fx);
  g_assert_cmpuint (fx.delivered, ==, 0);
}


static const ProducerCase producer_cases[] = {
  { 1, 1, FALSE },
  { 1, 10000, FALSE },
  { 2, 20000, FALSE },
  { 4, 10000, FALSE },
  { 8, 5000, FALSE },
  { 4, 10000, TRUE },
  { 3, 1, TRUE },
};


int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (producer_cases); i++)
    {
      const ProducerCase *tc = &producer_cases[i];
      g_autofree char *path = g_strdup_printf ("/bridge/producers/%ux%u%s",
                                               tc->n_producers, tc->n_per_producer,
                                               tc->join_before_iterating ? "/queued-first" : "");

      g_test_add_data_func (path, tc, test_producers);
    }
  g_test_add_func ("/bridge/one-source-per-burst", test_one_source_per_burst);
  g_test_add_func ("/bridge/priority-and-name", test_priority_and_name);
  g_test_add_func ("/bridge/backlog/cap", test_backlog_cap);
  g_test_add_func ("/bridge/backlog/threads", test_backlog_cap_threads);
  g_test_add_func ("/bridge/backlog/lifecycle-never-dropped", test_lifecycle_threads);
  g_test_add_func ("/bridge/flush", test_flush);
  g_test_add_func ("/bridge/paced/budget", test_paced_budget);
  g_test_add_func ("/bridge/paced/interval", test_paced_interval);
  g_test_add_func ("/bridge/paced/producers", test_paced_producers);
  g_test_add_func ("/bridge/free/with-queued", test_free_with_queued);
  g_test_add_func ("/bridge/free/then-unref-context", test_free_then_unref_context);

  return g_test_run ();
}
