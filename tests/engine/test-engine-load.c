/* test-engine-load.c — what the engine does differently under load
 *
 * Deferred accepts: the rule (pt-accept-defer.h) at its limits, then a real
 * server: a flood turns TCP_DEFER_ACCEPT on, a silent client is then held by
 * the kernel for PT_ACCEPT_DEFER_HELD_MS yet still times out
 * keep_alive_timeout_ms after its connect, and once the flood stops the
 * listener hands over at once again.
 *
 * Naps (pt-worker.c, worker_wait): a worker naps only after a batch that
 * served PT_WORKER_NAP_MIN_REQUESTS requests, never for a lone client.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pt-accept-defer.h"
#include "pt-server-private.h"
#include "pt-test-util.h"
#include "pt-tsan.h"
#include "pt-worker.h"

#define T0              1000000       /* an arbitrary start time, ms */
#define ON_PER_SECOND   1600          /* the rule's threshold in the unit tests (a window: 400, a quarter: 100) */
#define PER_WINDOW      (ON_PER_SECOND * PT_ACCEPT_DEFER_WINDOW_MS / 1000)

#define FLOOD_ABOVE     50            /* the server's defer_accept_above below */
#define IDLE_MS         2500          /* its keep_alive_timeout_ms */
#define SLACK_MS        400           /* scheduling slack allowed on either side */
#define WAIT_STATE_MS   10000         /* how long the listener may take to switch */

/* ---- the rule ----------------------------------------------------------- */

static void
test_rule_on_at_limit (void)
{
  PtAcceptDefer d;

  /* One connection short of the threshold over a window: stays off. */
  pt_accept_defer_init (&d, ON_PER_SECOND, T0, 0);
  g_assert_false (pt_accept_defer_update (&d, T0 + PT_ACCEPT_DEFER_WINDOW_MS, PER_WINDOW - 1));
  g_assert_false (d.on);

  /* Exactly the threshold: on. */
  pt_accept_defer_init (&d, ON_PER_SECOND, T0, 0);
  g_assert_true (pt_accept_defer_update (&d, T0 + PT_ACCEPT_DEFER_WINDOW_MS, PER_WINDOW));
  g_assert_true (d.on);

  /* The rate is per elapsed time: a window twice as long needs twice the count. */
  pt_accept_defer_init (&d, ON_PER_SECOND, T0, 0);
  g_assert_false (pt_accept_defer_update (&d, T0 + 2 * PT_ACCEPT_DEFER_WINDOW_MS, 2 * PER_WINDOW - 1));
  g_assert_true (pt_accept_defer_update (&d, T0 + 4 * PT_ACCEPT_DEFER_WINDOW_MS, 4 * PER_WINDOW - 1));
  g_assert_true (d.on);
}

static void
test_rule_window (void)
{
  PtAcceptDefer d;

  pt_accept_defer_init (&d, ON_PER_SECOND, T0, 0);
  /* A window not yet over decides nothing, however many arrived. */
  g_assert_false (pt_accept_defer_due (&d, T0 + PT_ACCEPT_DEFER_WINDOW_MS - 1));
  g_assert_false (pt_accept_defer_update (&d, T0 + PT_ACCEPT_DEFER_WINDOW_MS - 1, 100 * PER_WINDOW));
  g_assert_false (d.on);
  g_assert_true (pt_accept_defer_due (&d, T0 + PT_ACCEPT_DEFER_WINDOW_MS));
  /* The count is since the window began, not since init. */
  g_assert_true (pt_accept_defer_update (&d, T0 + PT_ACCEPT_DEFER_WINDOW_MS, PER_WINDOW));
  g_assert_false (pt_accept_defer_update (&d, T0 + 2 * PT_ACCEPT_DEFER_WINDOW_MS, 2 * PER_WINDOW));
  g_assert_true (d.on);
}

static void
test_rule_off_below_quarter (void)
{
  PtAcceptDefer d;
  guint64 total;

  pt_accept_defer_init (&d, ON_PER_SECOND, T0, 0);
  g_assert_true (pt_accept_defer_update (&d, T0 + PT_ACCEPT_DEFER_WINDOW_MS, PER_WINDOW));
  total = PER_WINDOW;

  /* A quarter of the threshold keeps it on (hysteresis)… */
  total += PER_WINDOW / PT_ACCEPT_DEFER_OFF_DIVISOR;
  g_assert_false (pt_accept_defer_update (&d, T0 + 2 * PT_ACCEPT_DEFER_WINDOW_MS, total));
  g_assert_true (d.on);
  /* …one fewer turns it off. */
  total += PER_WINDOW / PT_ACCEPT_DEFER_OFF_DIVISOR - 1;
  g_assert_true (pt_accept_defer_update (&d, T0 + 3 * PT_ACCEPT_DEFER_WINDOW_MS, total));
  g_assert_false (d.on);
  /* Silence keeps it off. */
  g_assert_false (pt_accept_defer_update (&d, T0 + 60000, total));
  g_assert_false (d.on);
}

static void
test_rule_never (void)
{
  PtAcceptDefer d;

  pt_accept_defer_init (&d, 0, T0, 0);
  g_assert_false (pt_accept_defer_due (&d, T0 + 60000));
  g_assert_false (pt_accept_defer_update (&d, T0 + 60000, G_MAXUINT32));
  g_assert_false (d.on);
}

/* ---- a real server ------------------------------------------------------ */

typedef struct
{
  guint  port;
  gint   stop;      /* atomic */
  gint   done;      /* atomic: requests answered */
} Flood;

/* New connection per request, as ab without -k. */
static gpointer
flood_thread (gpointer data)
{
  Flood *flood = data;

  while (!g_atomic_int_get (&flood->stop))
    {
      g_autoptr(PtTestResponse) resp =
        pt_test_request (flood->port, "GET /index.html HTTP/1.0\r\n\r\n", TRUE);

      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
      g_atomic_int_inc (&flood->done);
    }
  return NULL;
}

static int
listener_defer_seconds (PtTestServer *ts)
{
  int value = -1;
  socklen_t len = sizeof value;

  g_assert_cmpint (getsockopt (ts->server->listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
                               &value, &len), ==, 0);
  return value;
}

typedef struct
{
  PtTestServer *ts;
  gboolean      deferring;
} ListenerState;

static gboolean
listener_is (gpointer data)
{
  ListenerState *state = data;

  return (listener_defer_seconds (state->ts) > 0) == state->deferring;
}

static gboolean
wait_listener (PtTestServer *ts,
               gboolean      deferring)
{
  ListenerState state = { ts, deferring };

  return pt_test_wait_until (listener_is, &state, WAIT_STATE_MS);
}

/* The time (g_get_real_time) of the first event of type for the peer port
 * since that time (the flood reuses ports), waiting for it; -1 when it did
 * not come. */
typedef struct
{
  PtTestServer *ts;
  PtEventType   type;
  guint         peer_port;
  gint64        since;
  gint64        found;
} EventQuery;

static gboolean
event_found (gpointer data)
{
  EventQuery *query = data;
  PtTestServer *ts = query->ts;

  g_mutex_lock (&ts->lock);
  PT_TSAN_ACQUIRE (ts);
  for (guint i = 0; i < ts->events->len && query->found < 0; i++)
    {
      PtEvent *event = g_ptr_array_index (ts->events, i);

      if (event->type == query->type && event->peer_port == query->peer_port &&
          event->time >= query->since)
        query->found = event->time;
    }
  PT_TSAN_RELEASE (ts);
  g_mutex_unlock (&ts->lock);
  return query->found >= 0;
}

static gint64
event_time (PtTestServer *ts,
            PtEventType   type,
            guint         peer_port,
            gint64        since)
{
  EventQuery query = { ts, type, peer_port, since, -1 };

  pt_test_wait_until (event_found, &query, WAIT_STATE_MS);
  return query.found;
}

static void
tweak_defer (PtServerConfig *config)
{
  config->defer_accept_above = FLOOD_ABOVE;
  config->keep_alive_timeout_ms = IDLE_MS;
}

/* A silent client: when it was announced and when it timed out, in ms
 * after its connect. */
static void
silent_client (PtTestServer *ts,
               gint64       *opened_ms,
               gint64       *timeout_ms)
{
  gint64 connected = g_get_real_time ();
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  gint64 opened = event_time (ts, PT_EVENT_CONN_OPENED, conn->local_port, connected);
  gint64 timeout;

  g_assert_cmpint (opened, >=, 0);
  g_assert_true (pt_test_conn_closed (conn, IDLE_MS + PT_ACCEPT_DEFER_HELD_MS + 2 * SLACK_MS));
  timeout = event_time (ts, PT_EVENT_TIMEOUT, conn->local_port, connected);
  g_assert_cmpint (timeout, >=, 0);

  *opened_ms = (opened - connected) / G_TIME_SPAN_MILLISECOND;
  *timeout_ms = (timeout - connected) / G_TIME_SPAN_MILLISECOND;
}

static void
test_server_flood (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_defer);
  Flood flood = { .port = ts->port };
  GThread *thread;
  gint64 opened_ms, timeout_ms;

  /* At rest: no deferring, a silent client is announced at once. */
  g_assert_cmpint (listener_defer_seconds (ts), ==, 0);

  thread = g_thread_new ("flood", flood_thread, &flood);
  g_assert_true (wait_listener (ts, TRUE));
  g_assert_cmpint (listener_defer_seconds (ts), ==, PT_ACCEPT_DEFER_SECONDS);

  /* During the flood a silent client waits in the kernel, but its idle
   * time still counts from its connect. */
  silent_client (ts, &opened_ms, &timeout_ms);
  g_test_message ("flood: %u requests; silent client announced after %" G_GINT64_FORMAT
                  " ms, timed out after %" G_GINT64_FORMAT " ms", (guint) g_atomic_int_get (&flood.done), opened_ms, timeout_ms);
  g_assert_cmpint (opened_ms, >=, PT_ACCEPT_DEFER_HELD_MS - SLACK_MS);
  g_assert_cmpint (timeout_ms, >=, IDLE_MS - SLACK_MS);
  g_assert_cmpint (timeout_ms, <=, IDLE_MS + SLACK_MS);

  g_atomic_int_set (&flood.stop, TRUE);
  g_thread_join (thread);

  /* Quiet again: handed over at once. */
  g_assert_true (wait_listener (ts, FALSE));
  silent_client (ts, &opened_ms, &timeout_ms);
  g_test_message ("after: silent client announced after %" G_GINT64_FORMAT
                  " ms, timed out after %" G_GINT64_FORMAT " ms", opened_ms, timeout_ms);
  g_assert_cmpint (opened_ms, <, SLACK_MS);
  g_assert_cmpint (timeout_ms, >=, IDLE_MS - SLACK_MS);
  g_assert_cmpint (timeout_ms, <=, IDLE_MS + SLACK_MS);
}

static void
tweak_never (PtServerConfig *config)
{
  tweak_defer (config);
  config->defer_accept_above = 0;
}

/* defer_accept_above 0: a flood never turns it on. */
static void
test_server_never (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_never);
  Flood flood = { .port = ts->port };
  GThread *thread = g_thread_new ("flood", flood_thread, &flood);
  gint64 start = g_get_monotonic_time ();

  while (g_get_monotonic_time () - start < 4 * PT_ACCEPT_DEFER_WINDOW_MS * G_TIME_SPAN_MILLISECOND)
    {
      g_assert_cmpint (listener_defer_seconds (ts), ==, 0);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  g_atomic_int_set (&flood.stop, TRUE);
  g_thread_join (thread);
  g_assert_cmpint (g_atomic_int_get (&flood.done), >, 4 * FLOOD_ABOVE * PT_ACCEPT_DEFER_WINDOW_MS / 1000);
}

/* ---- naps --------------------------------------------------------------- */

#define LONE_REQUESTS 50
#define REQUEST       "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n"

static guint64
naps (PtTestServer *ts)
{
  PtServerStats stats;

  pt_server_get_stats (ts->server, &stats);
  return stats.naps;
}

/* n requests pipelined in one write, then their n responses. */
static void
pipelined (PtTestConn *conn,
           guint       n)
{
  g_autoptr(GString) batch = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (batch, REQUEST);
  pt_test_conn_send_len (conn, batch->str, batch->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PtTestResponse) resp = pt_test_conn_read (conn, TRUE);

      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
    }
}

/* One request at a time (a browser, scenario b): never a nap. */
static void
test_nap_lone_client (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);

  for (guint i = 0; i < LONE_REQUESTS; i++)
    pipelined (conn, 1);
  g_assert_cmpuint (naps (ts), ==, 0);
}

/* A batch one request short of the limit: no nap; at the limit: one. */
static void
test_nap_at_limit (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);

  /* A first request gets the connection into epoll: its first EPOLLOUT
   * event is then behind it. */
  pipelined (conn, 1);
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (naps (ts), ==, 0);

  pipelined (conn, PT_WORKER_NAP_MIN_REQUESTS - 1);
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);   /* the worker is back in epoll_wait */
  g_assert_cmpuint (naps (ts), ==, 0);

  pipelined (conn, PT_WORKER_NAP_MIN_REQUESTS);
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (naps (ts), ==, 1);

  /* The batch after a nap is answered like any other. */
  pipelined (conn, 1);
  g_assert_cmpuint (naps (ts), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/defer/rule/on-at-limit", test_rule_on_at_limit);
  g_test_add_func ("/engine/defer/rule/window", test_rule_window);
  g_test_add_func ("/engine/defer/rule/off-below-quarter", test_rule_off_below_quarter);
  g_test_add_func ("/engine/defer/rule/never", test_rule_never);
  g_test_add_func ("/engine/defer/server/flood", test_server_flood);
  g_test_add_func ("/engine/defer/server/never", test_server_never);
  g_test_add_func ("/engine/nap/lone-client", test_nap_lone_client);
  g_test_add_func ("/engine/nap/at-limit", test_nap_at_limit);

  return g_test_run ();
}
