/* test-engine-conn.c — per-connection lifetimes: timeouts, limits, load */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pt-test-util.h"

#define SHORT_TIMEOUT_MS 300
#define N_CLIENTS        50
#define N_REQUESTS       20
#define CLOSE_WAIT_MS    3000

static void
tweak_short_idle (PtServerConfig *config)
{
  config->keep_alive_timeout_ms = SHORT_TIMEOUT_MS;
}

static void
test_idle_timeout_no_request (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_short_idle);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autofree char *console = NULL;

  g_assert_true (pt_test_conn_closed (conn, CLOSE_WAIT_MS));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_TIMEOUT, 1));
  console = pt_test_server_console (ts, conn->local_port);
  g_assert_cmpstr (console, ==,
                   "Received connection from ('127.0.0.1', PORT)\n"
                   "Timeout, connection from ('127.0.0.1', PORT) is closed.\n");
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_CONN_CLOSED), ==, 0);
}

static void
test_idle_timeout_after_request (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_short_idle);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) resp = NULL;
  g_autofree char *console = NULL;

  pt_test_conn_send (conn, "HEAD /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
  resp = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (resp);
  g_assert_nonnull (strstr (resp->masked, "\nKeep-Alive: timeout=1, max=99\n"));
  g_assert_true (pt_test_conn_closed (conn, CLOSE_WAIT_MS));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_TIMEOUT, 1));

  console = pt_test_server_console (ts, conn->local_port);
  g_assert_cmpstr (console, ==,
                   "Received connection from ('127.0.0.1', PORT)\n"
                   "\n"
                   "Received request from ('127.0.0.1', PORT):\n"
                   "HEAD /index.html HTTP/1.1\n"
                   "Host: localhost\n"
                   "Connection: keep-alive\n"
                   "\n"
                   "Request completed, waiting for next request from: ('127.0.0.1', PORT)\n"
                   "Timeout, connection from ('127.0.0.1', PORT) is closed.\n");
}

static void
tweak_reset_idle (PtServerConfig *config)
{
  config->keep_alive_timeout_ms = 3 * SHORT_TIMEOUT_MS;
}

static void
test_idle_timer_resets (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_reset_idle);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);

  /* Five requests SHORT_TIMEOUT_MS apart outlive one idle timeout together. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PtTestResponse) resp = NULL;

      g_usleep (SHORT_TIMEOUT_MS * 1000);
      pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
      resp = pt_test_conn_read (conn, TRUE);
      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
    }
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_TIMEOUT), ==, 0);
  g_assert_true (pt_test_conn_closed (conn, CLOSE_WAIT_MS));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_TIMEOUT, 1));
}

static void
tweak_max_requests (PtServerConfig *config)
{
  config->max_requests = 3;
}

static void
test_max_requests (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_max_requests);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  static const char *const expected_conn[] = {
    "Connection: keep-alive\nKeep-Alive: timeout=5, max=2\n",
    "Connection: keep-alive\nKeep-Alive: timeout=5, max=1\n",
    "Connection: close\nLast-Modified",
  };
  g_autofree char *console = NULL;
  const char *last_lines;

  for (guint i = 0; i < G_N_ELEMENTS (expected_conn); i++)
    {
      g_autoptr(PtTestResponse) resp = NULL;

      pt_test_conn_send (conn, "HEAD /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
      resp = pt_test_conn_read (conn, FALSE);
      g_assert_nonnull (resp);
      g_assert_nonnull (strstr (resp->masked, expected_conn[i]));
    }
  g_assert_true (pt_test_conn_closed (conn, CLOSE_WAIT_MS));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_MAX_REQUESTS, 1));
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_CONN_CLOSED), ==, 0);

  console = pt_test_server_console (ts, conn->local_port);
  last_lines = "Connection: keep-alive\n\n"
               "Maximum 3 requests , Connection to ('127.0.0.1', PORT) is closed.\n";
  g_assert_true (g_str_has_suffix (console, last_lines));
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_KEEP_ALIVE), ==, 2);
}

static void
tweak_header_timeout (PtServerConfig *config)
{
  config->header_timeout_ms = SHORT_TIMEOUT_MS;
}

static void
test_header_timeout (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_header_timeout);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) resp = NULL;

  /* Slowloris: a head that never ends. */
  pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\n");
  resp = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 408);
  g_assert_nonnull (strstr (resp->masked, "\nConnection: close\n"));
  g_assert_true (pt_test_conn_closed (conn, CLOSE_WAIT_MS));
}

static void
tweak_header_timeout_ok (PtServerConfig *config)
{
  config->header_timeout_ms = 4 * SHORT_TIMEOUT_MS;
}

static void
test_header_in_time (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_header_timeout_ok);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) resp = NULL;

  pt_test_conn_send (conn, "GET / HTTP/1.1\r\n");
  g_usleep (SHORT_TIMEOUT_MS * 1000);
  pt_test_conn_send (conn, "Host: localhost\r\n\r\n");
  resp = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
}

static void
tweak_max_connections (PtServerConfig *config)
{
  config->max_connections = 2;
  config->n_threads = 1;
}

static void
assert_works (PtTestConn *conn)
{
  g_autoptr(PtTestResponse) resp = NULL;

  pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  resp = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
}

static void
wait_open_connections (PtTestServer *ts,
                       guint64       n)
{
  PtServerStats stats;

  for (guint i = 0; i < CLOSE_WAIT_MS / 10; i++)
    {
      pt_server_get_stats (ts->server, &stats);
      if (stats.connections_open == n)
        return;
      g_usleep (10000);
    }
  g_assert_cmpuint (stats.connections_open, ==, n);
}

static void
tweak_one_thread_quiet (PtServerConfig *config)
{
  config->n_threads = 1;
  config->trace_events = FALSE;
}

static void
test_max_connections (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_max_connections);
  g_autoptr(PtTestConn) a = pt_test_conn_new (ts->port);
  g_autoptr(PtTestConn) b = pt_test_conn_new (ts->port);
  g_autoptr(PtTestConn) c = NULL;
  g_autoptr(PtTestConn) d = NULL;
  g_autoptr(PtTestResponse) rejected = NULL;

  assert_works (a);
  assert_works (b);

  /* One past the limit: an immediate 503, then close. */
  c = pt_test_conn_new (ts->port);
  rejected = pt_test_conn_read (c, TRUE);
  g_assert_nonnull (rejected);
  g_assert_cmpint (rejected->status, ==, 503);
  g_assert_nonnull (strstr (rejected->masked, "\nConnection: close\n"));
  g_assert_true (pt_test_conn_closed (c, CLOSE_WAIT_MS));

  /* The two at the limit still work. */
  assert_works (a);
  assert_works (b);

  /* A slot freed is a slot to use. */
  g_clear_pointer (&a, pt_test_conn_free);
  wait_open_connections (ts, 1);
  d = pt_test_conn_new (ts->port);
  assert_works (d);
}

typedef struct
{
  guint    port;
  guint64  bytes;
  guint    ok;
} ClientResult;

static gpointer
client_thread (gpointer data)
{
  ClientResult *result = data;
  g_autoptr(PtTestConn) conn = pt_test_conn_new (result->port);

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_autoptr(PtTestResponse) resp = NULL;

      pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
      resp = pt_test_conn_read (conn, TRUE);
      if (resp == NULL)
        break;
      if (resp->status == 200 &&
          g_bytes_get_size (resp->body) == strlen (PT_TEST_INDEX_HTML))
        result->ok++;
      result->bytes += strlen (resp->head) + 4 + g_bytes_get_size (resp->body);
    }
  return NULL;
}

static void
tweak_no_log (PtServerConfig *config)
{
  config->trace_events = FALSE;
}

static void
test_concurrent_clients (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_no_log);
  ClientResult results[N_CLIENTS] = { { 0 } };
  GThread *threads[N_CLIENTS];
  PtServerStats stats;
  guint64 bytes = 0;

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      results[i].port = ts->port;
      threads[i] = g_thread_new ("client", client_thread, &results[i]);
    }
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (results[i].ok, ==, N_REQUESTS);
      bytes += results[i].bytes;
    }

  wait_open_connections (ts, 0);
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.connections_total, ==, N_CLIENTS);
  g_assert_cmpuint (stats.requests, ==, N_CLIENTS * N_REQUESTS);
  g_assert_cmpuint (stats.status_2xx, ==, N_CLIENTS * N_REQUESTS);
  g_assert_cmpuint (stats.status_3xx + stats.status_4xx + stats.status_5xx, ==, 0);
  g_assert_cmpuint (stats.bytes_sent, ==, bytes);

  /* trace_events off: only the lifecycle reached the sink. */
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_REQUEST), ==, 0);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STARTED), ==, 1);

  pt_server_stop (ts->server);
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.log_records_written, ==, 2 * N_CLIENTS * N_REQUESTS);
  g_assert_cmpuint (stats.log_records_lost, ==, 0);
}

static int
highest_open_fd (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  struct dirent *entry;
  int highest = 0;

  g_assert_nonnull (dir);
  while ((entry = readdir (dir)) != NULL)
    highest = MAX (highest, atoi (entry->d_name));
  closedir (dir);
  return highest;
}

#define N_EMFILE_CLIENTS 4
#define N_FREE_FDS       2

static void
test_accept_emfile (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_thread_quiet);
  int socks[N_EMFILE_CLIENTS];
  g_autoptr(GArray) fillers = g_array_new (FALSE, FALSE, sizeof (int));
  struct sockaddr_in addr = { 0 };
  struct rlimit old_limit;
  struct rlimit limit;
  PtServerStats stats;

  if (pt_test_skip_under_valgrind ("it refuses setrlimit (RLIMIT_NOFILE), which this case needs"))
    return;

  for (guint i = 0; i < N_EMFILE_CLIENTS; i++)
    socks[i] = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  /* Leave the process exactly N_FREE_FDS descriptors. */
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = (rlim_t) highest_open_fd () + 1 + N_FREE_FDS;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  for (;;)
    {
      int fd = dup (0);

      if (fd < 0)
        {
          g_assert_cmpint (errno, ==, EMFILE);
          break;
        }
      g_array_append_val (fillers, fd);
    }
  for (guint i = 0; i < N_FREE_FDS; i++)
    {
      g_assert_cmpuint (fillers->len, >, 0);
      close (g_array_index (fillers, int, fillers->len - 1));
      g_array_set_size (fillers, fillers->len - 1);
    }

  addr.sin_family = AF_INET;
  addr.sin_port = htons ((guint16) ts->port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  for (guint i = 0; i < N_EMFILE_CLIENTS; i++)
    g_assert_cmpint (connect (socks[i], (struct sockaddr *) &addr, sizeof addr), ==, 0);

  /* Two accepted, then accept4 fails: one ERROR, the listener paused. */
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_ERROR, 1));
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.connections_total, ==, N_FREE_FDS);

  for (guint i = 0; i < fillers->len; i++)
    close (g_array_index (fillers, int, i));
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &old_limit), ==, 0);

  /* Descriptors back: accepting resumes and every client is served. */
  for (guint i = 0; i < N_EMFILE_CLIENTS; i++)
    {
      char buf[64] = { 0 };
      const char *request = "HEAD / HTTP/1.0\r\n\r\n";
      ssize_t n;

      g_assert_cmpint (send (socks[i], request, strlen (request), MSG_NOSIGNAL), ==, (ssize_t) strlen (request));
      n = recv (socks[i], buf, sizeof buf - 1, MSG_WAITALL);
      g_assert_cmpint (n, >, 0);
      g_assert_true (g_str_has_prefix (buf, "HTTP/1.1 200 OK\r\n"));
      close (socks[i]);
    }

  g_mutex_lock (&ts->lock);
  g_assert_true (g_str_has_prefix (((PtEvent *) ts->events->pdata[1])->message,
                                   "accept4: Too many open files"));
  g_mutex_unlock (&ts->lock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/conn/idle-timeout/no-request", test_idle_timeout_no_request);
  g_test_add_func ("/engine/conn/idle-timeout/after-request", test_idle_timeout_after_request);
  g_test_add_func ("/engine/conn/idle-timeout/resets", test_idle_timer_resets);
  g_test_add_func ("/engine/conn/max-requests", test_max_requests);
  g_test_add_func ("/engine/conn/header-timeout/408", test_header_timeout);
  g_test_add_func ("/engine/conn/header-timeout/in-time", test_header_in_time);
  g_test_add_func ("/engine/conn/max-connections", test_max_connections);
  g_test_add_func ("/engine/conn/concurrent-clients", test_concurrent_clients);
  g_test_add_func ("/engine/conn/accept-emfile", test_accept_emfile);

  return g_test_run ();
}
