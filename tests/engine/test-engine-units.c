/* test-engine-units.c — the engine's pure parts: console text, log records,
 * errno → status, peer formatting, config defaults */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "pt-access-log.h"
#include "pt-conn-private.h"
#include "pt-http-date.h"
#include "pt-peer.h"
#include "pt-file.h"
#include "pt-server.h"

/* ---- console text ------------------------------------------------------- */

typedef struct
{
  const char  *name;
  PtEventType  type;
  const char  *peer;
  guint        peer_port;
  guint64      count;
  const char  *head;
  const char  *message;
  const char  *expected;
} ConsoleCase;

static const ConsoleCase console_cases[] = {
  { "started", PT_EVENT_STARTED, NULL, 0, 0, NULL, "127.0.0.1",
    "Server is running on host/port: 127.0.0.1/8080\n" },
  { "stopped", PT_EVENT_STOPPED, NULL, 0, 0, NULL, NULL, "Server stopped.\n" },
  { "error", PT_EVENT_ERROR, NULL, 0, 0, NULL, "openat2 /a.html: Input/output error",
    "Error: openat2 /a.html: Input/output error\n" },
  { "conn-opened", PT_EVENT_CONN_OPENED, "127.0.0.1", 60092, 0, NULL, NULL,
    "Received connection from ('127.0.0.1', 60092)\n" },
  { "conn-opened-v6", PT_EVENT_CONN_OPENED, "::1", 5, 0, NULL, NULL,
    "Received connection from ('::1', 5)\n" },
  { "request", PT_EVENT_REQUEST, "127.0.0.1", 60092, 0,
    "GET /index.html HTTP/1.1\r\nConnection: close\r\n", NULL,
    "\nReceived request from ('127.0.0.1', 60092):\nGET /index.html HTTP/1.1\nConnection: close\n\n" },
  { "request-lf-only", PT_EVENT_REQUEST, "127.0.0.1", 1, 0, "HEAD / HTTP/1.0\nA: b\n", NULL,
    "\nReceived request from ('127.0.0.1', 1):\nHEAD / HTTP/1.0\nA: b\n\n" },
  { "request-no-final-eol", PT_EVENT_REQUEST, "127.0.0.1", 1, 0, "GET / HT", NULL,
    "\nReceived request from ('127.0.0.1', 1):\nGET / HT\n\n" },
  { "request-escaped", PT_EVENT_REQUEST, "127.0.0.1", 1, 0, "GET /\x1b[2J\r\nX: \xff\r\r\n", NULL,
    "\nReceived request from ('127.0.0.1', 1):\nGET /\\x1B[2J\nX: \\xFF\\x0D\n\n" },
  { "response-silent", PT_EVENT_RESPONSE, "127.0.0.1", 1, 0, NULL, NULL, "" },
  { "keep-alive", PT_EVENT_KEEP_ALIVE, "127.0.0.1", 64502, 0, NULL, NULL,
    "Request completed, waiting for next request from: ('127.0.0.1', 64502)\n" },
  { "timeout", PT_EVENT_TIMEOUT, "127.0.0.1", 64502, 0, NULL, NULL,
    "Timeout, connection from ('127.0.0.1', 64502) is closed.\n" },
  { "max-requests", PT_EVENT_MAX_REQUESTS, "127.0.0.1", 65408, 100, NULL, NULL,
    "Maximum 100 requests , Connection to ('127.0.0.1', 65408) is closed.\n" },
  { "conn-closed", PT_EVENT_CONN_CLOSED, "127.0.0.1", 61913, 0, NULL, NULL,
    "Connection to: ('127.0.0.1', 61913) is closed.\n" },
  { "dropped", PT_EVENT_DROPPED, NULL, 0, 42, NULL, NULL, "(42 events not shown: too many at once)\n" },
  { "dropped-none", PT_EVENT_DROPPED, NULL, 0, 0, NULL, NULL, "" },
};

static void
test_console (gconstpointer data)
{
  const ConsoleCase *c = data;
  g_autoptr(PtEvent) event = pt_event_new (c->type);
  g_autoptr(GString) out = g_string_new (NULL);

  event->peer_addr = g_strdup (c->peer);
  event->peer_port = c->peer_port;
  event->port = 8080;
  event->count = c->count;
  event->head = g_strdup (c->head);
  event->message = g_strdup (c->message);
  pt_event_format_console (event, out);
  g_assert_cmpstr (out->str, ==, c->expected);
  g_assert_cmpint (event->time, >, 0);
}

/* ---- log records -------------------------------------------------------- */

#define S(str) { str, sizeof (str) - 1 }
#define NONE   { NULL, 0 }
#define REPORT_DATE "Fri, 05 Apr 2024 13:33:33 GMT"
#define REPORT_TIME G_GINT64_CONSTANT (1712324013)

typedef struct
{
  const char       *name;
  PtLogFormat       format;
  PtAccessLogEntry  entry;
  const char       *expected;
} LogCase;

static const LogCase log_cases[] = {
  { "report-head", PT_LOG_FORMAT_REPORT,
    { "127.0.0.1", TRUE, S ("HEAD"), S ("/index.html"), 1, REPORT_DATE, 200, REPORT_DATE, TRUE },
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: HEAD]"
    "[Request file name: /index.html][Date: Fri, 05 Apr 2024 13:33:33 GMT]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK]"
    "[Date: Fri, 05 Apr 2024 13:33:33 GMT][Connection: keep-alive]\n" },
  { "report-400", PT_LOG_FORMAT_REPORT,
    { "127.0.0.1", TRUE, S ("GET"), S ("/index.py"), 0, REPORT_DATE, 400, REPORT_DATE, FALSE },
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET]"
    "[Request file name: /index.py][Date: Fri, 05 Apr 2024 13:33:33 GMT]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 400 Bad Request]"
    "[Date: Fri, 05 Apr 2024 13:33:33 GMT][Connection: close]\n" },
  { "report-remote-unreadable", PT_LOG_FORMAT_REPORT,
    { "192.0.2.7", FALSE, NONE, NONE, -1, REPORT_DATE, 400, REPORT_DATE, FALSE },
    "[Client request from (192.0.2.7, 192.0.2.7)][Connection: -][Method: -]"
    "[Request file name: -][Date: Fri, 05 Apr 2024 13:33:33 GMT]\n"
    "[Server response to (192.0.2.7, 192.0.2.7)][StatusCode: HTTP/1.1 400 Bad Request]"
    "[Date: Fri, 05 Apr 2024 13:33:33 GMT][Connection: close]\n" },
  { "report-escaped", PT_LOG_FORMAT_REPORT,
    { "::1", TRUE, S ("GET"), S ("/a\n[Server response]\x7f"), 1, REPORT_DATE, 404, REPORT_DATE, TRUE },
    "[Client request from (localhost, ::1)][Connection: keep-alive][Method: GET]"
    "[Request file name: /a\\x0A[Server response]\\x7F][Date: Fri, 05 Apr 2024 13:33:33 GMT]\n"
    "[Server response to (localhost, ::1)][StatusCode: HTTP/1.1 404 File Not Found]"
    "[Date: Fri, 05 Apr 2024 13:33:33 GMT][Connection: keep-alive]\n" },
  { "combined", PT_LOG_FORMAT_COMBINED,
    { "127.0.0.1", TRUE, S ("GET"), S ("/index.html"), 1, REPORT_DATE, 200, REPORT_DATE, TRUE,
      REPORT_TIME, S ("GET /index.html HTTP/1.1"), 221, NONE, S ("curl/7.88.1") },
    "127.0.0.1 - - [05/Apr/2024:13:33:33 +0000] \"GET /index.html HTTP/1.1\" 200 221 \"-\" \"curl/7.88.1\"\n" },
  { "combined-escaped", PT_LOG_FORMAT_COMBINED,
    { "::1", TRUE, S ("GET"), S ("/"), 1, REPORT_DATE, 304, REPORT_DATE, TRUE,
      REPORT_TIME, S ("GET /\"x\\ HTTP/1.1"), 0, S ("http://r/\x01"), S ("a \"q\" \xc3\xa9") },
    "::1 - - [05/Apr/2024:13:33:33 +0000] \"GET /\\\"x\\\\ HTTP/1.1\" 304 - \"http://r/\\x01\" "
    "\"a \\\"q\\\" \\xC3\\xA9\"\n" },
  { "combined-unreadable", PT_LOG_FORMAT_COMBINED,
    { "10.0.0.1", FALSE, NONE, NONE, -1, REPORT_DATE, 400, REPORT_DATE, FALSE,
      REPORT_TIME, NONE, 150, NONE, NONE },
    "10.0.0.1 - - [05/Apr/2024:13:33:33 +0000] \"-\" 400 150 \"-\" \"-\"\n" },
};

static void
test_log_format (gconstpointer data)
{
  const LogCase *c = data;
  char buf[4096];
  gssize n = pt_access_log_format (c->format, &c->entry, buf, sizeof buf);
  gsize expected_len = strlen (c->expected);

  g_assert_cmpint (n, ==, (gssize) expected_len);
  g_assert_cmpmem (buf, (gsize) n, c->expected, expected_len);

  /* Exactly enough room works; one byte less is refused. */
  g_assert_cmpint (pt_access_log_format (c->format, &c->entry, buf, expected_len), ==, (gssize) expected_len);
  g_assert_cmpint (pt_access_log_format (c->format, &c->entry, buf, expected_len - 1), ==, -1);
}

/* The worker passes the peer address length and the log time preformatted
 * (once per second): the records are the same bytes. */
static void
test_log_format_precomputed (gconstpointer data)
{
  const LogCase *c = data;
  PtAccessLogEntry entry = c->entry;
  char log_date[PT_HTTP_LOG_DATE_LEN + 1];
  char buf[4096];
  gsize expected_len = strlen (c->expected);

  pt_http_date_format_log (entry.time, log_date);
  entry.log_date = log_date;
  entry.peer_addr_len = strlen (entry.peer_addr);

  g_assert_cmpint (pt_access_log_format (c->format, &entry, buf, expected_len), ==, (gssize) expected_len);
  g_assert_cmpmem (buf, expected_len, c->expected, expected_len);
  g_assert_cmpint (pt_access_log_format (c->format, &entry, buf, expected_len - 1), ==, -1);
}

/* Every byte value at every offset of a 17-byte client-supplied field (so
 * at each position of a word-at-a-time scan), against Apache's escaping
 * written out here: printable ASCII as is, the rest \xHH, and in the quoted
 * (combined) format '"' and '\\' after a backslash. */
#define ESCAPE_SAMPLE "abcdefghijklmnopq"

static void
test_log_escape_bytes (void)
{
  for (guint b = 0; b < 256; b++)
    for (gsize at = 0; at < sizeof ESCAPE_SAMPLE - 1; at++)
      {
        char field[] = ESCAPE_SAMPLE;
        PtAccessLogEntry entry = { "10.0.0.1", FALSE, S ("GET"), NONE, 1, REPORT_DATE, 200, REPORT_DATE, TRUE,
                                   REPORT_TIME, NONE, 0, NONE, NONE };
        g_autofree char *esc = NULL;
        g_autofree char *esc_quoted = NULL;
        g_autofree char *expected = NULL;
        char buf[1024];
        gssize n;

        field[at] = (char) b;
        if (b >= 0x20 && b < 0x7f)
          esc = g_strdup_printf ("%.*s%c%s", (int) at, ESCAPE_SAMPLE, b, ESCAPE_SAMPLE + at + 1);
        else
          esc = g_strdup_printf ("%.*s\\x%02X%s", (int) at, ESCAPE_SAMPLE, b, ESCAPE_SAMPLE + at + 1);
        if (b == '"' || b == '\\')
          esc_quoted = g_strdup_printf ("%.*s\\%c%s", (int) at, ESCAPE_SAMPLE, b, ESCAPE_SAMPLE + at + 1);
        else
          esc_quoted = g_strdup (esc);

        entry.path.ptr = field;
        entry.path.len = sizeof field - 1;
        n = pt_access_log_format (PT_LOG_FORMAT_REPORT, &entry, buf, sizeof buf);
        expected = g_strdup_printf ("[Client request from (10.0.0.1, 10.0.0.1)][Connection: keep-alive][Method: GET]"
                                    "[Request file name: %s][Date: " REPORT_DATE "]\n"
                                    "[Server response to (10.0.0.1, 10.0.0.1)][StatusCode: HTTP/1.1 200 OK]"
                                    "[Date: " REPORT_DATE "][Connection: keep-alive]\n", esc);
        g_assert_cmpmem (buf, (gsize) MAX (n, 0), expected, strlen (expected));

        entry.path = (PtHttpSlice) NONE;
        entry.user_agent.ptr = field;
        entry.user_agent.len = sizeof field - 1;
        n = pt_access_log_format (PT_LOG_FORMAT_COMBINED, &entry, buf, sizeof buf);
        g_clear_pointer (&expected, g_free);
        expected = g_strdup_printf ("10.0.0.1 - - [05/Apr/2024:13:33:33 +0000] \"-\" 200 - \"-\" \"%s\"\n",
                                    esc_quoted);
        g_assert_cmpmem (buf, (gsize) MAX (n, 0), expected, strlen (expected));
      }
}

static void
test_log_field_cap (void)
{
  g_autofree char *long_path = g_malloc (PT_ACCESS_LOG_MAX_FIELD * 2);
  g_autofree char *buf = g_malloc (PT_ACCESS_LOG_CHUNK_SIZE);
  PtAccessLogEntry entry = { "127.0.0.1", TRUE, S ("GET"), { NULL, 0 }, 1, REPORT_DATE, 200, REPORT_DATE, TRUE };
  gssize n;

  /* Every byte escaped to four: still bounded by PT_ACCESS_LOG_MAX_FIELD. */
  memset (long_path, '\x01', PT_ACCESS_LOG_MAX_FIELD * 2);
  entry.path.ptr = long_path;
  entry.path.len = PT_ACCESS_LOG_MAX_FIELD * 2;
  n = pt_access_log_format (PT_LOG_FORMAT_REPORT, &entry, buf, PT_ACCESS_LOG_CHUNK_SIZE);
  g_assert_cmpint (n, >, 4 * PT_ACCESS_LOG_MAX_FIELD);
  g_assert_cmpint (n, <, 4 * PT_ACCESS_LOG_MAX_FIELD + 512);
  g_assert_cmpuint (pt_access_log_records_per_entry (PT_LOG_FORMAT_REPORT), ==, 2);
  g_assert_cmpuint (pt_access_log_records_per_entry (PT_LOG_FORMAT_COMBINED), ==, 1);
}

/* ---- errno → status ----------------------------------------------------- */

typedef struct
{
  int err;
  int status;
} ErrnoCase;

static const ErrnoCase errno_cases[] = {
  { ENOENT, 404 }, { ENOTDIR, 404 }, { EXDEV, 404 },
  { EACCES, 403 }, { EPERM, 403 }, { ELOOP, 403 },
  { ENAMETOOLONG, 414 },
  { EIO, 500 }, { EMFILE, 500 }, { ENFILE, 500 }, { ENOMEM, 500 },
};

static void
test_errno (gconstpointer data)
{
  const ErrnoCase *c = data;

  g_assert_cmpint (pt_file_status_from_errno (c->err), ==, c->status);
}

/* ---- peers -------------------------------------------------------------- */

typedef struct
{
  const char *name;
  int         family;
  const char *addr;
  guint       port;
  const char *expected;
  gboolean    loopback;
} PeerCase;

static const PeerCase peer_cases[] = {
  { "v4-loopback", AF_INET, "127.0.0.1", 60092, "127.0.0.1", TRUE },
  { "v4-loopback-net", AF_INET, "127.9.8.7", 1, "127.9.8.7", TRUE },
  { "v4-remote", AF_INET, "192.0.2.1", 80, "192.0.2.1", FALSE },
  { "v4-zeros", AF_INET, "0.0.0.0", 1, "0.0.0.0", FALSE },
  { "v4-widest", AF_INET, "255.255.255.255", 65535, "255.255.255.255", FALSE },
  { "v4-digits", AF_INET, "10.100.9.209", 2, "10.100.9.209", FALSE },
  { "v4-126", AF_INET, "126.255.0.1", 3, "126.255.0.1", FALSE },
  { "v6-mapped-widest", AF_INET6, "::ffff:255.200.99.100", 9, "255.200.99.100", FALSE },
  { "v6-loopback", AF_INET6, "::1", 5, "::1", TRUE },
  { "v6-remote", AF_INET6, "2001:db8::1", 443, "2001:db8::1", FALSE },
  { "v6-mapped-loopback", AF_INET6, "::ffff:127.0.0.1", 7, "127.0.0.1", TRUE },
  { "v6-mapped-remote", AF_INET6, "::ffff:192.0.2.9", 8, "192.0.2.9", FALSE },
};

static void
test_peer (gconstpointer data)
{
  const PeerCase *c = data;
  struct sockaddr_storage ss = { 0 };
  char addr[PT_PEER_ADDR_LEN];
  guint port = 0;
  gboolean loopback;

  if (c->family == AF_INET)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
      sin->sin_family = AF_INET;
      sin->sin_port = htons ((guint16) c->port);
      g_assert_cmpint (inet_pton (AF_INET, c->addr, &sin->sin_addr), ==, 1);
    }
  else
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons ((guint16) c->port);
      g_assert_cmpint (inet_pton (AF_INET6, c->addr, &sin6->sin6_addr), ==, 1);
    }

  loopback = pt_peer_format ((struct sockaddr *) &ss, addr, sizeof addr, &port);
  g_assert_cmpstr (addr, ==, c->expected);
  g_assert_cmpuint (port, ==, c->port);
  g_assert_cmpint (loopback, ==, c->loopback);
}

/* ---- config ------------------------------------------------------------- */

static void
test_config_defaults (void)
{
  g_autoptr(PtServerConfig) config = pt_server_config_new ();
  g_autoptr(PtServerConfig) copy = NULL;

  g_assert_cmpstr (config->host, ==, "127.0.0.1");
  g_assert_cmpuint (config->port, ==, 8080);
  g_assert_true (config->port_fallback);
  g_assert_cmpstr (config->docroot, ==, "srcFile");
  g_assert_cmpstr (config->log_path, ==, "log.txt");
  g_assert_cmpuint (config->keep_alive_timeout_ms, ==, 15000);
  g_assert_cmpuint (config->max_requests, ==, 100);
  g_assert_true (config->trace_events);
  g_assert_false (config->serve_any_type);
  g_assert_false (config->list_directories);
  g_assert_false (config->spa);
  g_assert_false (config->precompressed);
  g_assert_cmpint (config->log_format, ==, PT_LOG_FORMAT_REPORT);

  copy = pt_server_config_copy (config);
  g_assert_true (copy->host != config->host);
  g_assert_cmpstr (copy->host, ==, config->host);
  g_assert_cmpstr (copy->docroot, ==, config->docroot);
  g_assert_cmpuint (copy->max_connections, ==, config->max_connections);
}

/* Which bodies get a file description of their own: a whole file above
 * PT_CONN_OWN_FD_ABOVE, a range (offset > 0) only above
 * PT_CONN_OWN_FD_RANGE_ABOVE; each limit at N and N+1. */
static void
test_own_fd_rule (void)
{
  static const struct { int line; guint64 offset; guint64 length; gboolean own; } cases[] = {
    { __LINE__, 0, 1, FALSE },
    { __LINE__, 0, PT_CONN_OWN_FD_ABOVE, FALSE },
    { __LINE__, 0, PT_CONN_OWN_FD_ABOVE + 1, TRUE },
    { __LINE__, 0, PT_CONN_OWN_FD_RANGE_ABOVE + 1, TRUE },
    { __LINE__, 1, PT_CONN_OWN_FD_ABOVE, FALSE },
    { __LINE__, 1, PT_CONN_OWN_FD_ABOVE + 1, FALSE },
    { __LINE__, 1, 1024 * 1024, FALSE },                           /* scenario h's pieces */
    { __LINE__, 4294967296u, PT_CONN_OWN_FD_RANGE_ABOVE, FALSE },
    { __LINE__, 4294967296u, PT_CONN_OWN_FD_RANGE_ABOVE + 1, TRUE },
    { __LINE__, 1, G_MAXUINT64 / 2, TRUE },                        /* "bytes=N-" of a big video */
  };

  G_STATIC_ASSERT (PT_CONN_OWN_FD_RANGE_ABOVE > PT_CONN_OWN_FD_ABOVE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("line %d", cases[i].line);
      g_assert_cmpint (pt_conn_wants_own_fd (cases[i].offset, cases[i].length), ==, cases[i].own);
    }
}

/* pt_conn_sendfile_turn: a rest of at most PT_CONN_SENDFILE_WHOLE in one
 * call, a longer one in PT_CONN_SENDFILE_CHUNK turns, the first of a body
 * from offset 0 shorter by a short head; each limit at N and N+1. */
static void
test_sendfile_turn (void)
{
  static const struct { int line; guint64 offset; guint64 end; gsize head; guint64 turn; } cases[] = {
    { __LINE__, 0, 0, 200, 0 },
    { __LINE__, 0, 1, 200, 1 },
    { __LINE__, 0, PT_CONN_SENDFILE_WHOLE, 200, PT_CONN_SENDFILE_WHOLE },
    { __LINE__, 0, PT_CONN_SENDFILE_WHOLE + 1, 200, PT_CONN_SENDFILE_CHUNK - 200 },
    { __LINE__, 0, PT_CONN_SENDFILE_WHOLE + 1, PT_CONN_SENDFILE_CHUNK / 2 - 1, PT_CONN_SENDFILE_CHUNK / 2 + 1 },
    { __LINE__, 0, PT_CONN_SENDFILE_WHOLE + 1, PT_CONN_SENDFILE_CHUNK / 2, PT_CONN_SENDFILE_CHUNK },
    { __LINE__, 7 << 20, (7 << 20) + PT_CONN_SENDFILE_WHOLE, 200, PT_CONN_SENDFILE_WHOLE },  /* scenario h */
    { __LINE__, 7 << 20, (7 << 20) + PT_CONN_SENDFILE_WHOLE + 1, 200, PT_CONN_SENDFILE_CHUNK },
    { __LINE__, 5000000000u, 5000000000u + PT_CONN_SENDFILE_WHOLE + 1, 0, PT_CONN_SENDFILE_CHUNK },
    { __LINE__, 100, 99, 0, 0 },
  };

  G_STATIC_ASSERT (PT_CONN_SENDFILE_WHOLE > PT_CONN_SENDFILE_CHUNK);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("line %d", cases[i].line);
      g_assert_cmpuint (pt_conn_sendfile_turn (cases[i].offset, cases[i].end, cases[i].head), ==, cases[i].turn);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (console_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/units/console/%s", console_cases[i].name);
      g_test_add_data_func (path, &console_cases[i], test_console);
    }
  for (guint i = 0; i < G_N_ELEMENTS (log_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/units/log/%s", log_cases[i].name);
      g_autofree char *pre = g_strdup_printf ("/engine/units/log-precomputed/%s", log_cases[i].name);

      g_test_add_data_func (path, &log_cases[i], test_log_format);
      g_test_add_data_func (pre, &log_cases[i], test_log_format_precomputed);
    }
  g_test_add_func ("/engine/units/log/field-cap", test_log_field_cap);
  g_test_add_func ("/engine/units/log/escape-bytes", test_log_escape_bytes);
  for (guint i = 0; i < G_N_ELEMENTS (errno_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/units/errno/%s", strerrorname_np (errno_cases[i].err));
      g_test_add_data_func (path, &errno_cases[i], test_errno);
    }
  for (guint i = 0; i < G_N_ELEMENTS (peer_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/units/peer/%s", peer_cases[i].name);
      g_test_add_data_func (path, &peer_cases[i], test_peer);
    }
  g_test_add_func ("/engine/units/config/defaults", test_config_defaults);
  g_test_add_func ("/engine/units/conn/own-fd-rule", test_own_fd_rule);
  g_test_add_func ("/engine/units/conn/sendfile-turn", test_sendfile_turn);

  return g_test_run ();
}
