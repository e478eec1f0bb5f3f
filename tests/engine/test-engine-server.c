/* test-engine-server.c — lifecycle, ports, console and log.txt end to end */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pt-test-util.h"

#define FALLBACK_WAIT_MS 3000

/* Each worker buffers its own log records: one worker keeps the file in
 * request order across connections. */
static void
tweak_one_worker (PtServerConfig *config)
{
  config->n_threads = 1;
}

static void
test_report_console_and_log (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_worker);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestConn) bad = NULL;
  g_autoptr(PtTestResponse) first = NULL;
  g_autoptr(PtTestResponse) second = NULL;
  g_autoptr(PtTestResponse) third = NULL;
  g_autofree char *console = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *log = NULL;

  /* The report's section 2.6: HEAD keep-alive, then GET /index.py close. */
  pt_test_conn_send (conn, "HEAD /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
  first = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (first);
  pt_test_conn_send (conn, "GET /index.py HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  second = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (second);
  g_assert_cmpint (second->status, ==, 400);
  g_assert_true (pt_test_conn_closed (conn, PT_TEST_IO_TIMEOUT_MS));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));

  console = pt_test_server_console (ts, 0);
  expected = g_strdup_printf ("Server is running on host/port: 127.0.0.1/%u\n"
                              "Received connection from ('127.0.0.1', PORT)\n"
                              "\n"
                              "Received request from ('127.0.0.1', PORT):\n"
                              "HEAD /index.html HTTP/1.1\n"
                              "Host: localhost\n"
                              "Connection: keep-alive\n"
                              "\n"
                              "Request completed, waiting for next request from: ('127.0.0.1', PORT)\n"
                              "\n"
                              "Received request from ('127.0.0.1', PORT):\n"
                              "GET /index.py HTTP/1.1\n"
                              "Host: localhost\n"
                              "Connection: close\n"
                              "\n"
                              "Connection to: ('127.0.0.1', PORT) is closed.\n",
                              ts->port);
  g_assert_cmpstr (console, ==, expected);

  /* A head the parser rejects is logged with its raw target. */
  bad = pt_test_conn_new (ts->port);
  pt_test_conn_send (bad, "GET /abc.html HTTP:/1.1\r\nConnection: close\r\n\r\n");
  third = pt_test_conn_read (bad, TRUE);
  g_assert_nonnull (third);
  g_assert_cmpint (third->status, ==, 400);
  g_assert_true (pt_test_conn_closed (bad, PT_TEST_IO_TIMEOUT_MS));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 2));

  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: HEAD][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /index.py][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 400 Bad Request][Date: DATE][Connection: close]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: -][Method: GET][Request file name: /abc.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 400 Bad Request][Date: DATE][Connection: close]\n");

  g_clear_pointer (&console, g_free);
  console = pt_test_server_console (ts, 0);
  g_assert_true (g_str_has_suffix (console, "Server stopped.\n"));
}

static void
test_log_root_is_index (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_worker);
  g_autoptr(PtTestResponse) a = pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) b = pt_test_request (ts->port, "HEAD /sub/ HTTP/1.0\r\n\r\n", FALSE);
  g_autofree char *log = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 2));
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: close]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: HEAD][Request file name: /sub/index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: close]\n");
}

/* 405 and 501 log the file the request named, resolved as for GET
 * (the report's "POST / HTTP/1.1" → "/index.html"); a path that cannot be
 * resolved is logged as sent. */
static void
test_log_refused_methods (void)
{
  static const char *const requests[] = {
    "POST / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "BREW /sub/ HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "DELETE /x/../sub?q=1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "PUT /../up.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
  };
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_worker);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autofree char *log = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(PtTestResponse) resp = NULL;

      pt_test_conn_send (conn, requests[i]);
      resp = pt_test_conn_read (conn, TRUE);
      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, i == 1 ? 501 : 405);
    }
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, G_N_ELEMENTS (requests)));

  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: POST][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 405 Method Not Allowed][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: BREW][Request file name: /sub/index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 501 Not Implemented][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: DELETE][Request file name: /sub][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 405 Method Not Allowed][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: PUT][Request file name: /../up.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 405 Method Not Allowed][Date: DATE][Connection: keep-alive]\n");
}

static void
tweak_combined (PtServerConfig *config)
{
  config->log_format = PT_LOG_FORMAT_COMBINED;
}

static void
test_combined_log (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_combined);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) a = NULL;
  g_autoptr(PtTestResponse) b = NULL;
  g_autofree char *log = NULL;
  PtServerStats stats;

  pt_test_conn_send (conn, "GET /index.html HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\n\r\n");
  a = pt_test_conn_read (conn, TRUE);
  pt_test_conn_send (conn, "HEAD /abc.html HTTP/1.1\r\nHost: localhost\r\nReferer: http://r/\r\n"
                           "User-Agent: a \"q\" \xc3\xa9\r\n\r\n");
  b = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 2));

  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "127.0.0.1 - - [DATE] \"GET /index.html HTTP/1.1\" 200 221 \"-\" \"curl/7.88.1\"\n"
    "127.0.0.1 - - [DATE] \"HEAD /abc.html HTTP/1.1\" 404 - \"http://r/\" \"a \\\"q\\\" \\xC3\\xA9\"\n");
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.log_records_written, ==, 2);
}

static void
tweak_dev_full (PtServerConfig *config)
{
  g_free (config->log_path);
  config->log_path = g_strdup ("/dev/full");
}

static void
test_log_unwritable (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_dev_full);
  PtServerStats stats;
  guint n_requests = 0;

  /* Requests until the first flush fails (at most a second later). */
  while (pt_test_server_count_events (ts, PT_EVENT_ERROR) == 0 && n_requests < 1000)
    {
      g_autoptr(PtTestResponse) resp = pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);

      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
      n_requests++;
      g_usleep (20000);
    }
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_ERROR), ==, 1);

  /* Serving goes on. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PtTestResponse) resp = pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);

      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
      n_requests++;
    }

  pt_server_stop (ts->server);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_ERROR), ==, 1);
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.log_records_written, ==, 0);
  g_assert_cmpuint (stats.log_records_lost, ==, 2 * n_requests);

  g_mutex_lock (&ts->lock);
  for (guint i = 0; i < ts->events->len; i++)
    {
      PtEvent *event = ts->events->pdata[i];

      if (event->type == PT_EVENT_ERROR)
        g_assert_true (g_str_has_prefix (event->message, "write /dev/full: No space left on device"));
    }
  g_mutex_unlock (&ts->lock);
}

static void
test_stats_snapshot (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  static const char *const requests[] = {
    "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "HEAD /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "GET /abc.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "GET /sub HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: Fri, 31 Dec 2100 23:59:59 GMT\r\n\r\n",
    "DELETE / HTTP/1.1\r\nHost: localhost\r\n\r\n",
  };
  PtServerStats stats;
  guint64 bytes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(PtTestResponse) resp = NULL;

      pt_test_conn_send (conn, requests[i]);
      resp = pt_test_conn_read (conn, !g_str_has_prefix (requests[i], "HEAD"));
      g_assert_nonnull (resp);
      bytes += strlen (resp->head) + 4 + g_bytes_get_size (resp->body);
    }

  /* RESPONSE comes after the worker counted the bytes. */
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, G_N_ELEMENTS (requests)));
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.connections_open, ==, 1);
  g_assert_cmpuint (stats.connections_total, ==, 1);
  g_assert_cmpuint (stats.requests, ==, 6);
  g_assert_cmpuint (stats.status_2xx, ==, 2);
  g_assert_cmpuint (stats.status_3xx, ==, 2);
  g_assert_cmpuint (stats.status_4xx, ==, 2);
  g_assert_cmpuint (stats.status_5xx, ==, 0);
  g_assert_cmpuint (stats.bytes_sent, ==, bytes);

  g_clear_pointer (&conn, pt_test_conn_free);
  pt_server_stop (ts->server);
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.connections_open, ==, 0);
  g_assert_cmpuint (stats.log_records_written, ==, 12);
}

static void
test_stop_with_open_connections (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(PtTestConn) idle = pt_test_conn_new (ts->port);
  g_autoptr(PtTestConn) partial = pt_test_conn_new (ts->port);
  g_autoptr(PtTestConn) kept = pt_test_conn_new (ts->port);
  g_autoptr(PtTestConn) big = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) resp = NULL;
  PtServerStats stats;
  gint64 start;

  pt_test_conn_send (partial, "GET / HT");
  pt_test_conn_send (kept, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  resp = pt_test_conn_read (kept, TRUE);
  g_assert_nonnull (resp);
  /* A large response the client does not read yet. */
  pt_test_conn_send (big, "GET /big.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_OPENED, 4));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_REQUEST, 2));

  start = g_get_monotonic_time ();
  pt_server_stop (ts->server);
  /* Bounded by the grace period, not by any idle timeout (5 s here). */
  g_assert_cmpint (g_get_monotonic_time () - start, <, (PT_STOP_GRACE_MS + 1000) * 1000);

  g_assert_false (pt_server_is_running (ts->server));
  g_assert_cmpuint (pt_server_get_port (ts->server), ==, 0);
  g_assert_true (pt_test_conn_closed (idle, PT_TEST_IO_TIMEOUT_MS));
  g_assert_true (pt_test_conn_closed (partial, PT_TEST_IO_TIMEOUT_MS));
  g_assert_true (pt_test_conn_closed (kept, PT_TEST_IO_TIMEOUT_MS));
  g_assert_true (pt_test_conn_closed (big, PT_TEST_IO_TIMEOUT_MS));
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.connections_open, ==, 0);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STOPPED), ==, 1);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_CONN_CLOSED), ==, 4);

  /* Twice is fine. */
  pt_server_stop (ts->server);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STOPPED), ==, 1);
}

static void
test_stop_start_again (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(PtTestResponse) resp = NULL;

      if (round > 0)
        {
          g_assert_true (pt_server_start (ts->server, &error));
          g_assert_no_error (error);
        }
      g_assert_true (pt_server_is_running (ts->server));
      resp = pt_test_request (pt_server_get_port (ts->server), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
      pt_server_stop (ts->server);
      g_assert_false (pt_server_is_running (ts->server));
    }
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STARTED), ==, 3);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STOPPED), ==, 3);
}

static void
test_not_started (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new_full (NULL, FALSE, NULL);

  g_assert_false (pt_server_is_running (ts->server));
  g_assert_cmpuint (pt_server_get_port (ts->server), ==, 0);
  g_assert_cmpstr (pt_server_get_host (ts->server), ==, "127.0.0.1");
  g_assert_cmpstr (pt_server_get_config (ts->server)->docroot, ==, ts->docroot);
  pt_server_stop (ts->server);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STOPPED), ==, 0);
}

/* A plain listening socket on a kernel-chosen loopback port. */
static int
hold_port (guint *port)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 1), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  *port = ntohs (addr.sin_port);
  return fd;
}

static guint held_port_for_tweak;

static void
tweak_held_port (PtServerConfig *config)
{
  config->port = held_port_for_tweak;
}

static void
tweak_held_port_no_fallback (PtServerConfig *config)
{
  config->port = held_port_for_tweak;
  config->port_fallback = FALSE;
}

static void
check_started_event (PtTestServer *ts)
{
  g_autofree char *console = pt_test_server_console (ts, 0);
  g_autofree char *expected = g_strdup_printf ("Server is running on host/port: 127.0.0.1/%u\n", ts->port);

  g_assert_cmpstr (console, ==, expected);
}

static void
test_port_fallback_socket (void)
{
  guint held;
  int fd = hold_port (&held);
  g_autoptr(PtTestServer) ts = NULL;
  g_autoptr(PtTestServer) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtTestResponse) resp = NULL;

  held_port_for_tweak = held;
  ts = pt_test_server_new (tweak_held_port);
  g_assert_cmpuint (ts->port, >, held);
  g_assert_cmpuint (ts->port, <, held + PT_PORT_FALLBACK_TRIES);
  check_started_event (ts);
  resp = pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);

  /* Without fallback: a clear error, nothing started. */
  refused = pt_test_server_new_full (tweak_held_port_no_fallback, TRUE, &error);
  g_assert_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND);
  g_assert_false (pt_server_is_running (refused->server));
  g_assert_cmpuint (pt_server_get_port (refused->server), ==, 0);
  close (fd);
}

static void
test_port_fallback_server (void)
{
  g_autoptr(PtTestServer) first = pt_test_server_new (NULL);
  g_autoptr(PtTestServer) second = NULL;
  g_autoptr(PtTestResponse) a = NULL;
  g_autoptr(PtTestResponse) b = NULL;

  held_port_for_tweak = first->port;
  second = pt_test_server_new (tweak_held_port);
  g_assert_cmpuint (second->port, !=, first->port);
  g_assert_cmpuint (second->port, >, first->port);

  /* Each answers on its own port, from its own folder. */
  a = pt_test_request (first->port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  b = pt_test_request (second->port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpint (a->status, ==, 200);
  g_assert_cmpint (b->status, ==, 200);
  g_assert_true (pt_test_server_wait_events (first, PT_EVENT_REQUEST, 1));
  g_assert_true (pt_test_server_wait_events (second, PT_EVENT_REQUEST, 1));
  g_assert_cmpuint (pt_test_server_count_events (first, PT_EVENT_REQUEST), ==, 1);
  g_assert_cmpuint (pt_test_server_count_events (second, PT_EVENT_REQUEST), ==, 1);
}

typedef struct
{
  const char *name;
  const char *host;
  guint       port;
  const char *docroot;    /* NULL: the fixture's */
  const char *log_path;   /* NULL: the fixture's */
  int         code;
} StartErrorCase;

static const StartErrorCase start_error_cases[] = {
  { "not-an-address", "not-an-ip", 0, NULL, NULL, PT_SERVER_ERROR_ADDRESS },
  { "empty-host", "", 0, NULL, NULL, PT_SERVER_ERROR_ADDRESS },
  { "address-not-here", "192.0.2.1", 0, NULL, NULL, PT_SERVER_ERROR_BIND },
  { "port-too-big", "127.0.0.1", 70000, NULL, NULL, PT_SERVER_ERROR_BIND },
  { "missing-docroot", "127.0.0.1", 0, "/nonexistent/pt-docroot", NULL, PT_SERVER_ERROR_DOCROOT },
  { "docroot-is-file", "127.0.0.1", 0, "/etc/hostname", NULL, PT_SERVER_ERROR_DOCROOT },
  { "log-dir-missing", "127.0.0.1", 0, NULL, "/nonexistent/dir/log.txt", PT_SERVER_ERROR_LOG },
};

static const StartErrorCase *current_error_case;

static void
tweak_error_case (PtServerConfig *config)
{
  const StartErrorCase *c = current_error_case;

  g_free (config->host);
  config->host = g_strdup (c->host);
  config->port = c->port;
  if (c->docroot != NULL)
    {
      g_free (config->docroot);
      config->docroot = g_strdup (c->docroot);
    }
  if (c->log_path != NULL)
    {
      g_free (config->log_path);
      config->log_path = g_strdup (c->log_path);
    }
}

static void
test_start_error (gconstpointer data)
{
  g_autoptr(PtTestServer) ts = NULL;
  g_autoptr(GError) error = NULL;

  current_error_case = data;
  ts = pt_test_server_new_full (tweak_error_case, TRUE, &error);
  g_assert_error (error, PT_SERVER_ERROR, current_error_case->code);
  g_assert_false (pt_server_is_running (ts->server));
  g_assert_cmpuint (pt_server_get_port (ts->server), ==, 0);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_STARTED), ==, 0);
}

static void
tweak_privileged (PtServerConfig *config)
{
  config->port = 80;
  config->port_fallback = TRUE;
}

#define PT_TEST_NOBODY_UID 65534
#define PT_TEST_UNPRIV_PORT_START "/proc/sys/net/ipv4/ip_unprivileged_port_start"
#define PT_TEST_SKIP_FILE_ENV     "PT_TEST_PRIVILEGED_SKIP_FILE"

/* In a subprocess that drops root (setresuid to nobody, which also drops
 * every capability) and then starts on port 80: EACCES → a BIND error. */
static void
test_privileged_port (void)
{
  g_autofree char *start = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *skip_file = NULL;
  g_autofree char *skip_reason = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(PtTestServer) ts = NULL;
      g_autoptr(GError) error = NULL;

      if (geteuid () == 0 &&
          (setresgid (PT_TEST_NOBODY_UID, PT_TEST_NOBODY_UID, PT_TEST_NOBODY_UID) != 0 ||
           setresuid (PT_TEST_NOBODY_UID, PT_TEST_NOBODY_UID, PT_TEST_NOBODY_UID) != 0))
        {
          /* Tell the parent why, through the file it named. */
          g_autofree char *reason = g_strdup_printf ("cannot drop root: setresuid: %s",
                                                     g_strerror (errno));
          g_file_set_contents (g_getenv (PT_TEST_SKIP_FILE_ENV), reason, -1, NULL);
          return;
        }
      ts = pt_test_server_new_full (tweak_privileged, TRUE, &error);
      g_assert_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND);
      g_print ("bind error: %s\n", error->message);
      return;
    }

  /* Where anyone may bind port 80 there is nothing to test. */
  if (g_file_get_contents (PT_TEST_UNPRIV_PORT_START, &start, NULL, NULL) &&
      g_ascii_strtoull (start, NULL, 10) <= 80)
    {
      g_test_skip ("ip_unprivileged_port_start lets anyone bind port 80");
      return;
    }

  tmp = g_dir_make_tmp ("pt-privileged-XXXXXX", NULL);
  g_assert_nonnull (tmp);
  skip_file = g_build_filename (tmp, "skip", NULL);
  g_setenv (PT_TEST_SKIP_FILE_ENV, skip_file, TRUE);
  g_test_trap_subprocess (NULL, 0, 0);
  g_unsetenv (PT_TEST_SKIP_FILE_ENV);
  if (g_file_get_contents (skip_file, &skip_reason, NULL, NULL))
    {
      g_unlink (skip_file);
      g_rmdir (tmp);
      g_test_skip (skip_reason);
      return;
    }
  g_rmdir (tmp);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("bind error: Cannot listen on 127.0.0.1 port 80: Permission denied "
                             "(ports below 1024 need privileges)\n");
}

static void
tweak_ipv6 (PtServerConfig *config)
{
  g_free (config->host);
  config->host = g_strdup ("::1");
}

static void
test_ipv6 (void)
{
  g_autoptr(PtTestServer) ts = NULL;
  g_autoptr(GError) error = NULL;
  struct sockaddr_in6 addr = { 0 };
  char response[256] = { 0 };
  g_autofree char *console = NULL;
  g_autofree char *log = NULL;
  ssize_t n;
  int fd;

  ts = pt_test_server_new_full (tweak_ipv6, TRUE, &error);
  if (g_error_matches (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND))
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }
  g_assert_no_error (error);

  fd = socket (AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr.sin6_family = AF_INET6;
  addr.sin6_port = htons ((guint16) ts->port);
  addr.sin6_addr = in6addr_loopback;
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (send (fd, "HEAD / HTTP/1.0\r\n\r\n", 19, 0), ==, 19);
  n = recv (fd, response, sizeof response - 1, MSG_WAITALL);
  g_assert_cmpint (n, >, 0);
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));
  close (fd);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));

  console = pt_test_server_console (ts, 0);
  g_assert_nonnull (strstr (console, "Received connection from ('::1', PORT)\n"));
  g_assert_nonnull (strstr (console, "Server is running on host/port: ::1/"));
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_true (g_str_has_prefix (log, "[Client request from (localhost, ::1)][Connection: close][Method: HEAD]"));
}

static void
tweak_dual_stack (PtServerConfig *config)
{
  g_free (config->host);
  config->host = g_strdup ("::");
}

/* "::" (the window's "Devices on my network") is one dual-stack socket:
 * IPv4 clients (as ::ffff:127.0.0.1, logged as 127.0.0.1) and IPv6
 * clients both reach it.  Traffic goes to loopback only. */
static void
test_dual_stack (void)
{
  g_autoptr(PtTestServer) ts = NULL;
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(GError) error = NULL;
  struct sockaddr_in6 addr = { 0 };
  char response[256] = { 0 };
  g_autofree char *console = NULL;
  g_autofree char *log = NULL;
  g_autofree char *lines = NULL;
  ssize_t n;
  int fd;

  ts = pt_test_server_new_full (tweak_dual_stack, TRUE, &error);
  g_assert_no_error (error);

  /* IPv4, to 127.0.0.1 */
  resp = pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                          TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));

  /* IPv6, to ::1 */
  fd = socket (AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  addr.sin6_family = AF_INET6;
  addr.sin6_port = htons ((guint16) ts->port);
  addr.sin6_addr = in6addr_loopback;
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (send (fd, "HEAD / HTTP/1.0\r\n\r\n", 19, 0), ==, 19);
  n = recv (fd, response, sizeof response - 1, MSG_WAITALL);
  g_assert_cmpint (n, >, 0);
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));
  close (fd);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 2));

  console = pt_test_server_console (ts, 0);
  g_assert_nonnull (strstr (console, "Server is running on host/port: ::/"));
  g_assert_nonnull (strstr (console, "Received connection from ('127.0.0.1', PORT)\n"));
  g_assert_nonnull (strstr (console, "Received connection from ('::1', PORT)\n"));
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  /* Two workers may write their records in either order. */
  lines = g_strconcat ("\n", log, NULL);
  g_assert_nonnull (strstr (lines, "\n[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET]"));
  g_assert_nonnull (strstr (lines, "\n[Client request from (localhost, ::1)][Connection: close][Method: HEAD]"));
}

static void
tweak_any_type (PtServerConfig *config)
{
  config->serve_any_type = TRUE;
}

static void
test_serve_any_type (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_any_type);
  g_autoptr(PtTestResponse) py = pt_test_request (ts->port, "GET /index.py HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) missing = pt_test_request (ts->port, "GET /nothere.py HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) dir = pt_test_request (ts->port, "GET /sub HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);

  g_assert_nonnull (py);
  g_assert_cmpstr (py->masked, ==,
                   "HTTP/1.1 200 OK\nDate: DATE\nConnection: keep-alive\nKeep-Alive: timeout=5, max=99\n"
                   "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\nContent-Length: 12\nContent-Type: application/octet-stream\n"
                   "Accept-Ranges: bytes");
  g_assert_cmpmem (g_bytes_get_data (py->body, NULL), g_bytes_get_size (py->body), "print('hi')\n", 12);
  /* Now existence decides. */
  g_assert_nonnull (missing);
  g_assert_cmpint (missing->status, ==, 404);
  g_assert_nonnull (dir);
  g_assert_cmpint (dir->status, ==, 301);
}

/* ---- an inherited listening socket (socket activation) ---------------- */

static int adopted_fd = -1;

static void
tweak_adopted (PtServerConfig *config)
{
  config->listen_fd = adopted_fd;
  config->port = 1;                     /* ignored: would need privileges */
  g_free (config->host);
  config->host = g_strdup ("0.0.0.0");  /* ignored: the socket's address is used */
}

static int
listening_socket (guint *port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);   /* blocking: the engine sets O_NONBLOCK */

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 16), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  *port = ntohs (addr.sin_port);
  return fd;
}

static void
test_adopted_listen_fd (void)
{
  g_autoptr(PtTestServer) ts = NULL;
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(PtTestResponse) again = NULL;
  g_autoptr(PtTestConn) early = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *console = NULL;
  g_autofree char *expected = NULL;
  guint port;

  adopted_fd = listening_socket (&port);
  /* A client already waiting in the backlog, as with socket activation. */
  early = pt_test_conn_new (port);
  pt_test_conn_send (early, "HEAD / HTTP/1.0\r\n\r\n");

  ts = pt_test_server_new (tweak_adopted);
  g_assert_cmpuint (ts->port, ==, port);
  g_assert_cmpstr (pt_server_get_host (ts->server), ==, "127.0.0.1");
  resp = pt_test_request (port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 2));
  console = pt_test_server_console (ts, 0);
  expected = g_strdup_printf ("Server is running on host/port: 127.0.0.1/%u\n", port);
  g_assert_true (g_str_has_prefix (console, expected));

  /* Stopping closes the engine's duplicate only: the caller's socket still
   * listens, and a second start serves on it again. */
  pt_server_stop (ts->server);
  g_assert_cmpint (fcntl (adopted_fd, F_GETFD), >=, 0);
  g_assert_true (pt_server_start (ts->server, &error));
  g_assert_no_error (error);
  again = pt_test_request (port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (again);
  g_assert_cmpint (again->status, ==, 200);
  pt_server_stop (ts->server);
  close (adopted_fd);
  adopted_fd = -1;
}

static void
test_adopted_not_listening (void)
{
  g_autoptr(PtTestServer) ts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  adopted_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ts = pt_test_server_new_full (tweak_adopted, TRUE, &error);
  message = g_strdup_printf ("Descriptor %d is not a listening TCP socket", adopted_fd);
  g_assert_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND);
  g_assert_cmpstr (error->message, ==, message);
  close (adopted_fd);
  adopted_fd = -1;
}

/* ---- reopening the log (SIGHUP in the front ends) --------------------- */

static void
test_reopen_log (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_worker);
  g_autoptr(PtTestResponse) first = NULL;
  g_autoptr(PtTestResponse) second = NULL;
  g_autofree char *rotated = g_strconcat (ts->log_path, ".1", NULL);
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;

  first = pt_test_request (ts->port, "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (first);
  /* The first record reaches the file within the flush period. */
  for (guint i = 0; i < 300; i++)
    {
      GStatBuf st;

      if (g_stat (ts->log_path, &st) == 0 && st.st_size > 0)
        break;
      g_usleep (10 * 1000);
    }
  g_assert_cmpint (g_rename (ts->log_path, rotated), ==, 0);
  pt_server_reopen_log (ts->server);
  for (guint i = 0; i < 300 && !g_file_test (ts->log_path, G_FILE_TEST_EXISTS); i++)
    g_usleep (10 * 1000);
  g_assert_true (g_file_test (ts->log_path, G_FILE_TEST_EXISTS));
  second = pt_test_request (ts->port, "GET /sub/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (second);
  pt_server_stop (ts->server);

  g_assert_true (g_file_get_contents (rotated, &old_text, NULL, NULL));
  g_assert_true (g_file_get_contents (ts->log_path, &new_text, NULL, NULL));
  g_assert_nonnull (strstr (old_text, "[Request file name: /index.html]"));
  g_assert_null (strstr (old_text, "sub"));
  g_assert_true (g_str_has_prefix (new_text, "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /sub/"));
  g_assert_null (strstr (new_text, "[Request file name: /index.html]"));
  g_unlink (rotated);
}

/* ---- the PROXY protocol ------------------------------------------------ */

static void
tweak_proxy (PtServerConfig *config)
{
  tweak_one_worker (config);
  config->proxy_protocol = TRUE;
  config->trusted_proxies = g_strdup ("10.0.0.0/8, 127.0.0.1");
  /* well inside the 5 s that check_proxy_refused waits for the close */
  config->header_timeout_ms = 1000;
}

static void
tweak_proxy_untrusted (PtServerConfig *config)
{
  tweak_one_worker (config);
  config->proxy_protocol = TRUE;
  config->trusted_proxies = g_strdup ("10.0.0.0/8,::1");
}

static const char proxy_v2_sig[] = "\r\n\r\n\0\r\nQUIT\n";

static void
test_proxy_v1 (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_proxy);
  g_autoptr(PtTestResponse) resp = NULL;
  g_autofree char *console = NULL;
  g_autofree char *log = NULL;

  /* the load balancer forwards the public name: no 421 behind it, though
   * this server listens on loopback */
  resp = pt_test_request (ts->port, "PROXY TCP4 203.0.113.7 127.0.0.1 51000 80\r\n"
                          "GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));
  console = pt_test_server_console (ts, 0);
  g_assert_nonnull (strstr (console, "\nReceived connection from ('203.0.113.7', PORT)\n\n"
                                     "Received request from ('203.0.113.7', PORT):\nGET /index.html HTTP/1.1\n"));
  g_assert_nonnull (strstr (console, "Connection to: ('203.0.113.7', PORT) is closed.\n"));
  g_assert_null (strstr (console, "127.0.0.1', "));
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (203.0.113.7, 203.0.113.7)][Connection: close][Method: GET][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (203.0.113.7, 203.0.113.7)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: close]\n");
}

static void
test_proxy_v2 (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_proxy);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) resp = NULL;
  g_autofree char *console = NULL;
  g_autofree char *log = NULL;
  /* PROXY, TCP over IPv6, 36 bytes: 2001:db8::1 port 4242 → ::1 port 80. */
  guint8 header[16 + 36] = { 0 };
  const char *request = "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

  memcpy (header, proxy_v2_sig, 12);
  header[12] = 0x21;
  header[13] = 0x21;
  header[15] = 36;
  header[16] = 0x20, header[17] = 0x01, header[18] = 0x0d, header[19] = 0xb8, header[31] = 1;
  header[47] = 1;
  header[48] = 4242 >> 8, header[49] = 4242 & 0xff;
  header[51] = 80;
  /* Split inside the header: the parser is incremental. */
  pt_test_conn_send_len (conn, (const char *) header, 20);
  g_usleep (20 * 1000);
  pt_test_conn_send_len (conn, (const char *) header + 20, sizeof header - 20);
  pt_test_conn_send (conn, request);
  resp = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));
  console = pt_test_server_console (ts, 0);
  g_assert_nonnull (strstr (console, "\nReceived connection from ('2001:db8::1', PORT)\n"));
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_true (g_str_has_prefix (log, "[Client request from (2001:db8::1, 2001:db8::1)][Connection: close][Method: GET]"));
}

/* cut: the client half-closes after bytes (its FIN before a header). */
static void
check_proxy_refused (const char *bytes,
                     gboolean    cut,
                     const char *why)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_proxy);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autofree char *console = NULL;
  g_autofree char *expected = NULL;

  if (bytes != NULL)
    pt_test_conn_send (conn, bytes);
  if (cut)
    g_assert_cmpint (shutdown (conn->fd, SHUT_WR), ==, 0);
  g_assert_true (pt_test_conn_closed (conn, 5000));
  g_assert_cmpuint (conn->buf->len, ==, 0);   /* no response at all */
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_ERROR, 1));
  console = pt_test_server_console (ts, 0);
  expected = g_strdup_printf ("PROXY protocol: %s from ('127.0.0.1', PORT); connection closed", why);
  g_assert_nonnull (strstr (console, expected));
  g_assert_null (strstr (console, "Received connection"));
  g_assert_null (strstr (console, "is closed."));
  pt_server_stop (ts->server);
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_ERROR), ==, 1);
}

static void
test_proxy_refused (void)
{
  /* Missing: a plain request from the trusted address. */
  check_proxy_refused ("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", FALSE, "no valid header");
  /* Malformed. */
  check_proxy_refused ("PROXY TCP4 1.2.3.400 127.0.0.1 1 2\r\nGET / HTTP/1.1\r\n\r\n", FALSE, "no valid header");
  /* Incomplete, then silence: the header timeout (tests: short). */
  check_proxy_refused ("PROXY TCP4 1.2.3.4", FALSE, "no complete header within the header timeout");
  /* Nothing at all. */
  check_proxy_refused (NULL, FALSE, "no complete header within the header timeout");
  /* Incomplete, then the client's FIN; and the FIN alone. */
  check_proxy_refused ("PROXY TCP4 1.2.3.4", TRUE, "the connection ended before a header");
  check_proxy_refused (NULL, TRUE, "the connection ended before a header");
}

static void
test_proxy_untrusted (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_proxy_untrusted);
  g_autoptr(PtTestResponse) direct = NULL;
  g_autoptr(PtTestResponse) spoofed = NULL;
  g_autofree char *log = NULL;

  /* 127.0.0.1 is not trusted: a direct client, and a PROXY line from it is
   * not HTTP. */
  direct = pt_test_request (ts->port, "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (direct);
  g_assert_cmpint (direct->status, ==, 200);
  spoofed = pt_test_request (ts->port, "PROXY TCP4 203.0.113.7 127.0.0.1 51000 80\r\n"
                             "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (spoofed);
  g_assert_cmpint (spoofed->status, ==, 400);
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_test_message ("log:\n%s", log);
  g_assert_true (g_str_has_prefix (log, "[Client request from (localhost, 127.0.0.1)]"));
  g_assert_null (strstr (log, "203.0.113.7"));
}

static void
tweak_proxy_bad_list (PtServerConfig *config)
{
  config->proxy_protocol = TRUE;
  config->trusted_proxies = g_strdup ("127.0.0.1,10.1.2.3/8");
}

static void
test_proxy_bad_list (void)
{
  g_autoptr(PtTestServer) ts = NULL;
  g_autoptr(GError) error = NULL;

  ts = pt_test_server_new_full (tweak_proxy_bad_list, TRUE, &error);
  g_assert_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_ADDRESS);
  g_assert_cmpstr (error->message, ==, "--trusted-proxy: “10.1.2.3/8” is not an IP address or ADDRESS/BITS block");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/server/report-console-and-log", test_report_console_and_log);
  g_test_add_func ("/engine/server/log/root-is-index", test_log_root_is_index);
  g_test_add_func ("/engine/server/log/refused-methods", test_log_refused_methods);
  g_test_add_func ("/engine/server/log/combined", test_combined_log);
  g_test_add_func ("/engine/server/log/unwritable", test_log_unwritable);
  g_test_add_func ("/engine/server/stats", test_stats_snapshot);
  g_test_add_func ("/engine/server/stop/open-connections", test_stop_with_open_connections);
  g_test_add_func ("/engine/server/stop/start-again", test_stop_start_again);
  g_test_add_func ("/engine/server/stop/not-started", test_not_started);
  g_test_add_func ("/engine/server/port/fallback-socket", test_port_fallback_socket);
  g_test_add_func ("/engine/server/port/fallback-server", test_port_fallback_server);
  g_test_add_func ("/engine/server/port/privileged", test_privileged_port);
  g_test_add_func ("/engine/server/ipv6", test_ipv6);
  g_test_add_func ("/engine/server/serve-any-type", test_serve_any_type);
  g_test_add_func ("/engine/server/listen-fd/adopted", test_adopted_listen_fd);
  g_test_add_func ("/engine/server/listen-fd/not-listening", test_adopted_not_listening);
  g_test_add_func ("/engine/server/log/reopen", test_reopen_log);
  g_test_add_func ("/engine/server/proxy/v1", test_proxy_v1);
  g_test_add_func ("/engine/server/dual-stack", test_dual_stack);
  g_test_add_func ("/engine/server/proxy/v2", test_proxy_v2);
  g_test_add_func ("/engine/server/proxy/refused", test_proxy_refused);
  g_test_add_func ("/engine/server/proxy/untrusted", test_proxy_untrusted);
  g_test_add_func ("/engine/server/proxy/bad-list", test_proxy_bad_list);
  for (guint i = 0; i < G_N_ELEMENTS (start_error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/server/start-error/%s", start_error_cases[i].name);
      g_test_add_data_func (path, &start_error_cases[i], test_start_error);
    }

  return g_test_run ();
}
