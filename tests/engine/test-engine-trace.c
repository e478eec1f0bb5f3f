/* test-engine-trace.c — the trace rate limit (under a fake clock and end to
 * end) and packed events */
#include <string.h>

#include "pt-test-util.h"
#include "pt-trace-limit.h"

#define T0 G_GINT64_CONSTANT (5000000)   /* any monotonic time, in ms */

/* ---- the limit under a fake clock --------------------------------------- */

typedef struct
{
  const char *name;
  guint       per_second;
  guint       n_workers;
  guint       per_window;   /* expected share of one worker */
} ShareCase;

static const ShareCase share_cases[] = {
  { "unlimited", 0, 4, 0 },
  { "one-worker", 5, 1, 5 },
  { "rounded-up", 5, 2, 3 },
  { "less-than-workers", 1, 4, 1 },
  { "window", 20000, 3, 6667 },
  { "no-workers", 7, 0, 7 },
};

static void
test_limit_share (gconstpointer data)
{
  const ShareCase *c = data;
  PtTraceLimit limit;
  guint taken = 0;

  pt_trace_limit_init (&limit, c->per_second, c->n_workers, T0);
  g_assert_cmpuint (limit.per_window, ==, c->per_window);

  /* A burst at one instant gets exactly the share (unlimited: everything). */
  for (guint i = 0; i < 10000; i++)
    if (pt_trace_limit_take (&limit, T0))
      taken++;
  g_assert_cmpuint (taken, ==, c->per_window == 0 ? 10000 : MIN (c->per_window, 10000));
}

static void
test_limit_windows (void)
{
  PtTraceLimit limit;
  guint taken = 0;

  pt_trace_limit_init (&limit, 5, 1, T0);

  /* The first window begins at the first take, not at init. */
  for (guint i = 0; i < 50; i++)
    if (pt_trace_limit_take (&limit, T0 + 700 + i))
      taken++;
  g_assert_cmpuint (taken, ==, 5);

  /* Still the same window 999 ms after its first take. */
  g_assert_false (pt_trace_limit_take (&limit, T0 + 700 + PT_TRACE_LIMIT_WINDOW_MS - 1));

  /* Refilled to 5 (not 10) once it is over, whatever the pause. */
  taken = 0;
  for (guint i = 0; i < 50; i++)
    if (pt_trace_limit_take (&limit, T0 + 700 + PT_TRACE_LIMIT_WINDOW_MS))
      taken++;
  g_assert_cmpuint (taken, ==, 5);

  taken = 0;
  for (guint i = 0; i < 50; i++)
    if (pt_trace_limit_take (&limit, T0 + 60000))
      taken++;
  g_assert_cmpuint (taken, ==, 5);

  /* Tokens unused in a window do not carry over. */
  g_assert_true (pt_trace_limit_take (&limit, T0 + 61000));
  taken = 0;
  for (guint i = 0; i < 50; i++)
    if (pt_trace_limit_take (&limit, T0 + 62000))
      taken++;
  g_assert_cmpuint (taken, ==, 5);
}

static void
test_limit_report (void)
{
  PtTraceLimit limit;

  pt_trace_limit_init (&limit, 5, 1, T0);
  g_assert_cmpint (pt_trace_limit_next_report (&limit, T0), ==, -1);
  g_assert_cmpuint (pt_trace_limit_report (&limit, T0, FALSE), ==, 0);
  g_assert_cmpuint (pt_trace_limit_report (&limit, T0, TRUE), ==, 0);

  /* A burst within one second is one report, a second after its first
   * suppressed event. */
  pt_trace_limit_suppress (&limit, 1, T0 + 10);
  pt_trace_limit_suppress (&limit, 3, T0 + 20);
  pt_trace_limit_suppress (&limit, 2, T0 + 900);
  g_assert_cmpint (pt_trace_limit_next_report (&limit, T0 + 10), ==, PT_TRACE_LIMIT_REPORT_MS);
  g_assert_cmpint (pt_trace_limit_next_report (&limit, T0 + 900), ==, PT_TRACE_LIMIT_REPORT_MS - 890);
  g_assert_cmpuint (pt_trace_limit_report (&limit, T0 + 900, FALSE), ==, 0);
  g_assert_cmpuint (pt_trace_limit_report (&limit, T0 + 10 + PT_TRACE_LIMIT_REPORT_MS - 1, FALSE), ==, 0);
  g_assert_cmpint (pt_trace_limit_next_report (&limit, T0 + 10 + PT_TRACE_LIMIT_REPORT_MS), ==, 0);
  g_assert_cmpuint (pt_trace_limit_report (&limit, T0 + 10 + PT_TRACE_LIMIT_REPORT_MS, FALSE), ==, 6);
  g_assert_cmpint (pt_trace_limit_next_report (&limit, T0 + 10 + PT_TRACE_LIMIT_REPORT_MS), ==, -1);
  g_assert_cmpuint (pt_trace_limit_report (&limit, T0 + 10 + PT_TRACE_LIMIT_REPORT_MS, FALSE), ==, 0);

  /* A flood (one event every 100 ms for 3 s): one report a second (the
   * first event after a report starts the next second), nothing lost. */
  {
    static const gint64 expected_at[] = { 3000, 4100 };
    static const guint64 expected_count[] = { 11, 11 };
    guint n_reports = 0;

    for (gint64 t = 2000; t < 5000; t += 100)
      {
        guint64 count;

        pt_trace_limit_suppress (&limit, 1, T0 + t);
        count = pt_trace_limit_report (&limit, T0 + t, FALSE);
        if (count == 0)
          continue;
        g_assert_cmpuint (n_reports, <, G_N_ELEMENTS (expected_at));
        g_assert_cmpint (t, ==, expected_at[n_reports]);
        g_assert_cmpuint (count, ==, expected_count[n_reports]);
        n_reports++;
      }
    g_assert_cmpuint (n_reports, ==, G_N_ELEMENTS (expected_at));
    /* 4200 … 4900 are left. */
    g_assert_cmpuint (pt_trace_limit_report (&limit, T0 + 5000, TRUE), ==, 8);
  }

  /* force: whatever is left, now (a stopping worker). */
  pt_trace_limit_suppress (&limit, 7, T0 + 6000);
  g_assert_cmpuint (pt_trace_limit_report (&limit, T0 + 6000, TRUE), ==, 7);
  g_assert_cmpuint (pt_trace_limit_report (&limit, T0 + 6000, TRUE), ==, 0);
}

/* ---- packed events ------------------------------------------------------ */

static void
test_event_packed (void)
{
  /* Slices of a larger buffer: only len bytes are copied. */
  static const char buf[] = "127.0.0.1:GET /index.html HTTP/1.1\r\nHost: a\r\n\r\nrest";
  PtEventStrings strings = {
    .peer_addr = buf, .peer_addr_len = 9,
    .method = buf + 10, .method_len = 3,
    .path = buf + 14, .path_len = 11,
    .head = buf + 10, .head_len = 35,
  };
  g_autoptr(PtEvent) event = pt_event_new_packed (PT_EVENT_REQUEST, &strings);
  g_autoptr(PtEvent) empty = NULL;
  g_autoptr(PtEvent) replaced = NULL;
  PtEventStrings none = { 0 };
  PtEventStrings zero = { .path = buf, .path_len = 0, .message = "started", .message_len = 7 };

  g_assert_cmpint (event->type, ==, PT_EVENT_REQUEST);
  g_assert_cmpint (event->time, >, 0);
  g_assert_cmpstr (event->peer_addr, ==, "127.0.0.1");
  g_assert_cmpstr (event->method, ==, "GET");
  g_assert_cmpstr (event->path, ==, "/index.html");
  g_assert_cmpstr (event->head, ==, "GET /index.html HTTP/1.1\r\nHost: a\r\n");
  g_assert_null (event->message);
  g_assert_cmpuint (event->conn_id, ==, 0);
  g_assert_cmpuint (event->count, ==, 0);

  /* No strings: every field NULL; an empty slice is "" (not NULL). */
  empty = pt_event_new_packed (PT_EVENT_STOPPED, &none);
  g_assert_null (empty->peer_addr);
  g_assert_null (empty->method);
  g_assert_null (empty->path);
  g_assert_null (empty->head);
  g_assert_null (empty->message);
  g_clear_pointer (&empty, pt_event_free);
  empty = pt_event_new_packed (PT_EVENT_STARTED, &zero);
  g_assert_cmpstr (empty->path, ==, "");
  g_assert_cmpstr (empty->message, ==, "started");

  /* A packed field replaced by a g_malloc'ed string is freed by
   * pt_event_free (ASan and valgrind catch a leak or a bad free). */
  replaced = pt_event_new_packed (PT_EVENT_ERROR, &zero);
  replaced->message = g_strdup ("replaced");
  replaced->peer_addr = g_strdup ("::1");
  g_assert_cmpstr (replaced->message, ==, "replaced");
}

static void
test_event_unpacked (void)
{
  g_autoptr(PtEvent) event = pt_event_new (PT_EVENT_CONN_OPENED);
  g_autoptr(GString) out = g_string_new (NULL);

  event->peer_addr = g_strdup ("127.0.0.1");
  event->peer_port = 60092;
  pt_event_format_console (event, out);
  g_assert_cmpstr (out->str, ==, "Received connection from ('127.0.0.1', 60092)\n");
}

/* ---- end to end --------------------------------------------------------- */

#define E2E_LIMIT     5
#define E2E_REQUESTS  50
#define E2E_CONNS     4

static void
tweak_limited (PtServerConfig *config)
{
  config->n_threads = 1;
  config->trace_max_per_second = E2E_LIMIT;
}

static void
tweak_limited_two (PtServerConfig *config)
{
  config->n_threads = 1;
  config->trace_max_per_second = 2;
}

static void
tweak_quiet_limited (PtServerConfig *config)
{
  config->n_threads = 1;
  config->trace_events = FALSE;
  config->trace_max_per_second = 1;
}

/* Events other than DROPPED, STARTED, STOPPED: their types in order, and
 * the sum of the DROPPED counts. */
static GArray *
traced_types (PtTestServer *ts,
              guint64      *dropped,
              guint        *n_dropped_events)
{
  GArray *types = g_array_new (FALSE, FALSE, sizeof (PtEventType));

  *dropped = 0;
  *n_dropped_events = 0;
  for (guint i = 0; i < ts->events->len; i++)
    {
      const PtEvent *event = g_ptr_array_index (ts->events, i);

      if (event->type == PT_EVENT_DROPPED)
        {
          g_assert_cmpuint (event->count, >, 0);
          *dropped += event->count;
          (*n_dropped_events)++;
        }
      else if (event->type != PT_EVENT_STARTED && event->type != PT_EVENT_STOPPED)
        g_array_append_val (types, event->type);
    }
  return types;
}

/* One keep-alive connection, 50 requests in a burst, 5 traced per second:
 * the connection takes one token, the first 4 requests the rest, each with
 * all its events; the other 46 requests' 3 events each are counted. */
static void
test_e2e_burst (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_limited);
  g_autoptr(PtTestConn) conn = NULL;
  g_autoptr(GArray) types = NULL;
  PtServerStats stats;
  guint64 dropped;
  guint n_dropped_events;
  guint traced = E2E_LIMIT - 1;
  gint64 start, elapsed_ms;
  guint k = 0;

  start = g_get_monotonic_time ();
  conn = pt_test_conn_new (ts->port);
  for (guint i = 0; i < E2E_REQUESTS; i++)
    {
      g_autofree char *request = g_strdup_printf ("GET / HTTP/1.1\r\nHost: localhost\r\nX-Seq: %u\r\n\r\n", i);
      g_autoptr(PtTestResponse) resp = NULL;

      pt_test_conn_send (conn, request);
      resp = pt_test_conn_read (conn, TRUE);
      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
    }
  g_clear_pointer (&conn, pt_test_conn_free);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  pt_server_stop (ts->server);

  /* Counters are exact whatever was traced. */
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.connections_total, ==, 1);
  g_assert_cmpuint (stats.requests, ==, E2E_REQUESTS);
  g_assert_cmpuint (stats.status_2xx, ==, E2E_REQUESTS);
  g_assert_cmpuint (stats.log_records_written, ==, 2 * E2E_REQUESTS);

  /* Nothing is lost: traced + counted = every event, and the connection
   * is traced whole (its CLOSED because its OPENED was). */
  types = traced_types (ts, &dropped, &n_dropped_events);
  g_assert_cmpuint (types->len + dropped, ==, 2 + 3 * E2E_REQUESTS);
  g_assert_cmpint (g_array_index (types, PtEventType, 0), ==, PT_EVENT_CONN_OPENED);
  g_assert_cmpint (g_array_index (types, PtEventType, types->len - 1), ==, PT_EVENT_CONN_CLOSED);
  g_assert_cmpuint ((types->len - 2) % 3, ==, 0);
  for (guint i = 1; i + 1 < types->len; i += 3)
    {
      g_assert_cmpint (g_array_index (types, PtEventType, i), ==, PT_EVENT_REQUEST);
      g_assert_cmpint (g_array_index (types, PtEventType, i + 1), ==, PT_EVENT_RESPONSE);
      g_assert_cmpint (g_array_index (types, PtEventType, i + 2), ==, PT_EVENT_KEEP_ALIVE);
    }

  /* The exact counts hold when the burst fit in one window. */
  if (elapsed_ms >= PT_TRACE_LIMIT_WINDOW_MS)
    {
      g_test_skip ("the burst took longer than one trace window: counts not exact");
      return;
    }
  g_assert_cmpuint (types->len, ==, 2 + 3 * traced);
  g_assert_cmpuint (dropped, ==, 3 * (E2E_REQUESTS - traced));
  /* One report for the whole burst (a second after it began, or at stop). */
  g_assert_cmpuint (n_dropped_events, ==, 1);

  /* The traced requests are the first ones. */
  for (guint i = 0; i < ts->events->len; i++)
    {
      const PtEvent *event = g_ptr_array_index (ts->events, i);
      g_autofree char *seq = NULL;

      if (event->type != PT_EVENT_REQUEST)
        continue;
      seq = g_strdup_printf ("X-Seq: %u\r\n", k++);
      g_assert_nonnull (strstr (event->head, seq));
      g_assert_cmpstr (event->method, ==, "GET");
      g_assert_cmpstr (event->path, ==, "/");   /* as requested; RESPONSE names the file */
    }
  g_assert_cmpuint (k, ==, traced);
}

/* Connections take tokens too, and a suppressed connection's close is
 * suppressed with it: limit 2 → the first connection and its request. */
static void
test_e2e_connections (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_limited_two);
  g_autoptr(GArray) types = NULL;
  static const PtEventType expected[] = {
    PT_EVENT_CONN_OPENED, PT_EVENT_REQUEST, PT_EVENT_RESPONSE, PT_EVENT_CONN_CLOSED,
  };
  PtServerStats stats;
  guint64 dropped;
  guint n_dropped_events;
  gint64 start, elapsed_ms;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < E2E_CONNS; i++)
    {
      g_autoptr(PtTestResponse) resp =
        pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);

      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
    }
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  pt_server_stop (ts->server);

  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.connections_total, ==, E2E_CONNS);
  g_assert_cmpuint (stats.requests, ==, E2E_CONNS);

  types = traced_types (ts, &dropped, &n_dropped_events);
  g_assert_cmpuint (types->len + dropped, ==, 4 * E2E_CONNS);
  if (elapsed_ms >= PT_TRACE_LIMIT_WINDOW_MS)
    {
      g_test_skip ("the connections took longer than one trace window: counts not exact");
      return;
    }
  g_assert_cmpuint (types->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (types, PtEventType, i), ==, expected[i]);
  g_assert_cmpuint (dropped, ==, 4 * (E2E_CONNS - 1));
  g_assert_cmpuint (n_dropped_events, ==, 1);
}

/* trace_events FALSE (--quiet): nothing traced, nothing counted. */
static void
test_e2e_quiet (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_quiet_limited);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PtTestResponse) resp =
        pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);

      g_assert_nonnull (resp);
    }
  pt_server_stop (ts->server);

  g_assert_cmpuint (ts->events->len, ==, 2);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STARTED), ==, 1);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STOPPED), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (share_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/trace/limit/share/%s", share_cases[i].name);
      g_test_add_data_func (path, &share_cases[i], test_limit_share);
    }
  g_test_add_func ("/engine/trace/limit/windows", test_limit_windows);
  g_test_add_func ("/engine/trace/limit/report", test_limit_report);
  g_test_add_func ("/engine/trace/event/packed", test_event_packed);
  g_test_add_func ("/engine/trace/event/unpacked", test_event_unpacked);
  g_test_add_func ("/engine/trace/e2e/burst", test_e2e_burst);
  g_test_add_func ("/engine/trace/e2e/connections", test_e2e_connections);
  g_test_add_func ("/engine/trace/e2e/quiet", test_e2e_quiet);

  return g_test_run ();
}
