/* test-engine-body.c — request bodies, error closes, loopback safety
 *
 * Chunked request bodies (RFC 9112 §7.1) read and dropped before the
 * answer, bounded by PT_HTTP_MAX_BODY; Transfer-Encoding refused with
 * Content-Length; error responses that always arrive while the client is
 * still sending (half-close and drain, PT_CONN_LINGER_*); 421 for a foreign
 * Host on a loopback listener (DNS rebinding); the openat2 self-test.
 */

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pt-conn-env.h"
#include "pt-http-parser.h"
#include "pt-server-error.h"
#include "pt-test-util.h"

#define KA "Connection: keep-alive\nKeep-Alive: timeout=5, max=%u\n"

/* The masked head of an error response: status line, Date, Connection, the
 * error page's length and type. */
static char *
error_head (const char *status_line,
            gboolean    keep_alive,
            guint       max_left,
            gsize       body_len)
{
  g_autofree char *conn = keep_alive ? g_strdup_printf (KA, max_left) : g_strdup ("Connection: close\n");

  return g_strdup_printf ("%s\nDate: DATE\n%sContent-Length: %" G_GSIZE_FORMAT "\nContent-Type: text/html%s",
                          status_line, conn, body_len,
                          strstr (status_line, " 405 ") != NULL ? "\nAllow: GET, HEAD" : "");
}

static void
assert_error (PtTestResponse *resp,
              int             status,
              const char     *status_line,
              gboolean        keep_alive,
              guint           max_left)
{
  g_autofree char *expected = NULL;

  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, status);
  expected = error_head (status_line, keep_alive, max_left, g_bytes_get_size (resp->body));
  g_assert_cmpstr (resp->masked, ==, expected);
  g_assert_cmpuint (g_bytes_get_size (resp->body), ==, resp->content_length);
  g_assert_cmpuint (resp->content_length, >, 0);
}

static void
assert_index (PtTestResponse *resp,
              guint           max_left)
{
  g_autofree char *expected = g_strdup_printf ("HTTP/1.1 200 OK\nDate: DATE\n" KA
                                               "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\nContent-Length: 221\nContent-Type: text/html; charset=utf-8\nAccept-Ranges: bytes",
                                               max_left);

  g_assert_nonnull (resp);
  g_assert_cmpstr (resp->masked, ==, expected);
  g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body),
                   PT_TEST_INDEX_HTML, strlen (PT_TEST_INDEX_HTML));
}

/* A chunked body of total data bytes in chunks of at most chunk bytes. */
static GString *
chunked_body (gsize total,
              gsize chunk)
{
  GString *s = g_string_new (NULL);

  while (total > 0)
    {
      gsize n = MIN (total, chunk);

      g_string_append_printf (s, "%" G_GSIZE_MODIFIER "x\r\n", n);
      for (gsize i = 0; i < n; i++)
        g_string_append_c (s, (char) ('a' + i % 26));
      g_string_append (s, "\r\n");
      total -= n;
    }
  g_string_append (s, "0\r\n\r\n");
  return s;
}

#define POST_CHUNKED "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"

/* ---- chunked bodies ----------------------------------------------------- */

/* Several shapes of chunked bodies pipelined in one write before a GET:
 * each is read and dropped, and the GET after them is answered. */
static void
test_chunked_pipelined (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  static const char *const shapes[] = {
    "0\r\n\r\n",                                                  /* empty */
    "5\r\nhello\r\n0\r\n\r\n",                                    /* one chunk */
    "3;name=value\r\nabc\r\nA\r\n0123456789\r\n000\r\n\r\n",     /* ext, hex, zeros */
    "1\r\nx\r\n0\r\nX-Trailer: t\r\nX-Other: u v\r\n\r\n",        /* trailer fields */
    "0000000000000002\r\nab\r\n0\r\n\r\n",                        /* 16 digits */
  };
  GString *all = g_string_new (NULL);
  g_autofree char *joined = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    g_string_append_printf (all, POST_CHUNKED "%s", shapes[i]);
  g_string_append (all, "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "4\r\nbody\r\n0\r\n\r\n");
  g_string_append (all, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  joined = g_string_free (all, FALSE);
  pt_test_conn_send (conn, joined);

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(PtTestResponse) resp = pt_test_conn_read (conn, TRUE);

      assert_error (resp, 405, "HTTP/1.1 405 Method Not Allowed", TRUE, 99 - i);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PtTestResponse) resp = pt_test_conn_read (conn, TRUE);

      assert_index (resp, 99 - G_N_ELEMENTS (shapes) - i);
    }
  g_assert_false (pt_test_conn_closed (conn, 50));
}

/* A chunked body arriving a byte at a time: the decoder resumes across
 * reads (and waits), then the GET behind it is answered. */
static void
test_chunked_bytewise (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  const char *body = "3;e=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n";
  g_autoptr(PtTestResponse) first = NULL;
  g_autoptr(PtTestResponse) second = NULL;

  pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (const char *p = body; *p != '\0'; p++)
    {
      pt_test_conn_send_len (conn, p, 1);
      g_usleep (2000);
    }
  pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");

  first = pt_test_conn_read (conn, TRUE);
  assert_index (first, 99);
  second = pt_test_conn_read (conn, TRUE);
  assert_index (second, 98);
}

/* PT_HTTP_MAX_BODY data bytes are read (405, the connection stays);
 * one more is 413 and the connection closes. */
static void
test_chunked_limit (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  GString *at = chunked_body (PT_HTTP_MAX_BODY, 65536);
  GString *over = chunked_body (PT_HTTP_MAX_BODY + 1, 65536);
  g_autoptr(PtTestConn) a = pt_test_conn_new (ts->port);
  g_autoptr(PtTestConn) b = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) ra = NULL;
  g_autoptr(PtTestResponse) ra2 = NULL;
  g_autoptr(PtTestResponse) rb = NULL;

  pt_test_conn_send (a, POST_CHUNKED);
  pt_test_conn_send_len (a, at->str, at->len);
  pt_test_conn_send (a, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  ra = pt_test_conn_read (a, TRUE);
  assert_error (ra, 405, "HTTP/1.1 405 Method Not Allowed", TRUE, 99);
  ra2 = pt_test_conn_read (a, TRUE);
  assert_index (ra2, 98);

  pt_test_conn_send (b, POST_CHUNKED);
  pt_test_conn_send_len (b, over->str, over->len);
  rb = pt_test_conn_read (b, TRUE);
  assert_error (rb, 413, "HTTP/1.1 413 Content Too Large", FALSE, 0);
  g_assert_true (pt_test_conn_closed (b, 3000));

  g_string_free (at, TRUE);
  g_string_free (over, TRUE);
}

/* Malformed chunked bodies: 400, and the connection closes (what follows
 * cannot be trusted to be a request). */
static void
test_chunked_malformed (void)
{
  static const char *const bodies[] = {
    "zz\r\n",                          /* not hex */
    "5\r\nhelloX\r\n0\r\n\r\n",        /* data longer than its size */
    "5\nhello\n0\n\n",                 /* bare LF */
    "-1\r\n",                          /* sign */
    "5 x\r\nhello\r\n",                /* junk after the size */
    "00000000000000001\r\nx\r\n",      /* 17 digits */
    "0\r\nbad trailer\r\n\r\n",        /* trailer without a colon */
  };
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
      g_autoptr(PtTestResponse) resp = NULL;
      g_autofree char *shown = g_strescape (bodies[i], NULL);

      g_test_message ("body %u: %s", i, shown);
      pt_test_conn_send (conn, POST_CHUNKED);
      pt_test_conn_send (conn, bodies[i]);
      pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
      resp = pt_test_conn_read (conn, TRUE);
      assert_error (resp, 400, "HTTP/1.1 400 Bad Request", FALSE, 0);
      g_assert_true (pt_test_conn_closed (conn, 3000));
    }
}

/* Transfer-Encoding with Content-Length: 400 and close, whatever the order. */
static void
test_te_and_cl (void)
{
  static const char *const heads[] = {
    "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n",
  };
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
      g_autoptr(PtTestResponse) resp = NULL;

      pt_test_conn_send (conn, heads[i]);
      resp = pt_test_conn_read (conn, TRUE);
      assert_error (resp, 400, "HTTP/1.1 400 Bad Request", FALSE, 0);
      g_assert_true (pt_test_conn_closed (conn, 3000));
    }
}

/* ---- error responses while the client is still sending ------------------ */

#define DRAIN_ROUNDS 50
#define OVERSIZE_LINE (100 * 1024)

static int
raw_connect (guint port)
{
  struct sockaddr_in sin = { 0 };
  struct timeval tv = { .tv_sec = PT_TEST_IO_TIMEOUT_MS / 1000 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  sin.sin_family = AF_INET;
  sin.sin_port = htons ((guint16) port);
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), ==, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv), ==, 0);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  return fd;
}

/* Sends all of data; the server must not reset the connection meanwhile. */
static void
raw_send_all (int         fd,
              const char *data,
              gsize       len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("send: %s (the server reset the connection)", g_strerror (errno));
      data += n;
      len -= (gsize) n;
    }
}

/* Reads to EOF: every byte of the response, never a reset or a timeout. */
static GString *
raw_read_all (int fd)
{
  GString *got = g_string_new (NULL);
  char buf[4096];

  for (;;)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("recv after %" G_GSIZE_FORMAT " bytes: %s", got->len, g_strerror (errno));
      if (n == 0)
        return got;
      g_string_append_len (got, buf, n);
    }
}

/* Three oversize requests per round, on three connections sent before any
 * is read: a 100 KB header line (431), a 100 KB request line (414), a
 * Content-Length body over PT_HTTP_MAX_BODY sent whole (413).  Every
 * response arrives complete, never a reset, in every round. */
static void
test_error_responses_arrive (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  GString *header = g_string_new ("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ");
  GString *line = g_string_new ("GET /");
  GString *body = g_string_new (NULL);
  static const char *const expect[] = {
    "HTTP/1.1 431 Request Header Fields Too Large\r\n",
    "HTTP/1.1 414 URI Too Long\r\n",
    "HTTP/1.1 413 Content Too Large\r\n",
  };
  GString *requests[3];

  for (gsize i = 0; i < OVERSIZE_LINE; i++)
    g_string_append_c (header, 'h');
  g_string_append (header, "\r\n\r\n");
  for (gsize i = 0; i < OVERSIZE_LINE; i++)
    g_string_append_c (line, 'p');
  g_string_append (line, " HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_string_append_printf (body, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: %u\r\n\r\n",
                          PT_HTTP_MAX_BODY + 1);
  for (gsize i = 0; i <= PT_HTTP_MAX_BODY; i++)
    g_string_append_c (body, 'b');
  requests[0] = header;
  requests[1] = line;
  requests[2] = body;
  g_assert_cmpuint (body->len, <, PT_CONN_LINGER_BYTES);

  for (guint round = 0; round < DRAIN_ROUNDS; round++)
    {
      int fds[3];

      for (guint i = 0; i < 3; i++)
        fds[i] = raw_connect (ts->port);
      for (guint i = 0; i < 3; i++)
        raw_send_all (fds[i], requests[i]->str, requests[i]->len);
      for (guint i = 0; i < 3; i++)
        {
          GString *got = raw_read_all (fds[i]);
          const char *end = strstr (got->str, "\r\n\r\n");
          const char *cl = strstr (got->str, "Content-Length: ");

          if (!g_str_has_prefix (got->str, expect[i]))
            g_error ("round %u request %u: got %" G_GSIZE_FORMAT " bytes: %.60s", round, i, got->len, got->str);
          g_assert_nonnull (strstr (got->str, "\r\nConnection: close\r\n"));
          g_assert_nonnull (end);
          g_assert_nonnull (cl);
          /* the whole body arrived */
          g_assert_cmpuint (got->len - (gsize) (end + 4 - got->str), ==,
                            g_ascii_strtoull (cl + strlen ("Content-Length: "), NULL, 10));
          g_string_free (got, TRUE);
          close (fds[i]);
        }
    }

  for (guint i = 0; i < 3; i++)
    g_string_free (requests[i], TRUE);
}

/* A client that keeps sending after the error and never closes: the drain
 * ends after PT_CONN_LINGER_MS, and the connection closes. */
static void
test_linger_bounded (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  int fd = raw_connect (ts->port);
  char head[256];
  gint64 start;
  ssize_t n;
  gsize got = 0;

  raw_send_all (fd, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999\r\n\r\nabc", 65);
  /* The 413 and the FIN arrive at once (half-close)... */
  start = g_get_monotonic_time ();
  while ((n = recv (fd, head + got, sizeof head - 1 - got, 0)) > 0)
    got += (gsize) n;
  g_assert_cmpint (n, ==, 0);
  head[got] = '\0';
  g_assert_true (g_str_has_prefix (head, "HTTP/1.1 413 Content Too Large\r\n"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, PT_CONN_LINGER_MS * 1000 / 2);
  /* ...while the server still reads what we send, until its time is up. */
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (PT_CONN_LINGER_MS - 100) * 1000);
  close (fd);
}

/* ---- 421 on loopback ---------------------------------------------------- */

static PtTestResponse *
get_with_host (guint       port,
               const char *host)
{
  g_autofree char *request = g_strdup_printf ("GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", host);

  return pt_test_request (port, request, TRUE);
}

/* form with "PORT" replaced by the port number */
static char *
host_form (const char *form,
           guint       port)
{
  GString *s = g_string_new (form);
  g_autofree char *number = g_strdup_printf ("%u", port);

  g_string_replace (s, "PORT", number, 0);
  return g_string_free (s, FALSE);
}

static void
test_host_421 (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) misdirected = NULL;
  g_autoptr(PtTestResponse) after = NULL;
  g_autofree char *log = NULL;
  static const char *const refused[] = {
    "evil.example", "evil.example:PORT", "127.0.0.1.evil.example", "localhost.evil.example",
    "127.1", "[::2]", "0.0.0.0", "",
  };
  static const char *const allowed[] = {
    "localhost", "localhost:PORT", "LOCALHOST", "app.localhost", "app.localhost:PORT",
    "127.0.0.1", "127.0.0.1:PORT", "127.0.0.2", "[::1]", "[::1]:PORT",
  };

  /* keep-alive: the client may send the next request with the right name */
  pt_test_conn_send (conn, "GET /index.html HTTP/1.1\r\nHost: evil.example\r\n\r\n"
                           "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  misdirected = pt_test_conn_read (conn, TRUE);
  assert_error (misdirected, 421, "HTTP/1.1 421 Misdirected Request", TRUE, 99);
  g_assert_nonnull (strstr (g_bytes_get_data (misdirected->body, NULL),
                            "This server answers only requests addressed to localhost."));
  after = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (after);
  g_assert_cmpint (after->status, ==, 200);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *host = host_form (refused[i], ts->port);
      g_autoptr(PtTestResponse) resp = get_with_host (ts->port, host);

      g_test_message ("Host: %s", host);
      assert_error (resp, 421, "HTTP/1.1 421 Misdirected Request", FALSE, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autofree char *host = host_form (allowed[i], ts->port);
      g_autoptr(PtTestResponse) resp = get_with_host (ts->port, host);

      g_test_message ("Host: %s", host);
      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
    }

  /* HTTP/1.0 without Host: not a browser, not refused */
  {
    g_autoptr(PtTestResponse) resp = pt_test_request (ts->port, "GET / HTTP/1.0\r\n\r\n", TRUE);

    g_assert_nonnull (resp);
    g_assert_cmpint (resp->status, ==, 200);
  }

  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  /* Each worker writes its records in order; workers interleave. */
  g_assert_nonnull (strstr (log,
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 421 Misdirected Request][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: close]\n"));
  /* a 421 logs the path as sent: nothing of the folder is looked at */
  {
    const char *pair =
      "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /][Date: DATE]\n"
      "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 421 Misdirected Request][Date: DATE][Connection: close]\n";
    guint n_pairs = 0;
    guint n_421 = 0;

    for (const char *p = strstr (log, pair); p != NULL; p = strstr (p + 1, pair))
      n_pairs++;
    for (const char *p = strstr (log, " 421 "); p != NULL; p = strstr (p + 1, " 421 "))
      n_421++;
    g_assert_cmpuint (n_pairs, ==, G_N_ELEMENTS (refused));
    g_assert_cmpuint (n_421, ==, 1 + G_N_ELEMENTS (refused));
  }
}

static void
tweak_any_address (PtServerConfig *config)
{
  g_free (config->host);
  config->host = g_strdup ("0.0.0.0");
}

/* Listening on every address: names other than localhost are expected. */
static void
test_host_any_address (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_any_address);
  static const char *const hosts[] = { "evil.example", "portico.lan:8080", "192.0.2.1", "localhost" };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(PtTestResponse) resp = get_with_host (ts->port, hosts[i]);

      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
    }
}

/* ---- the openat2 self-test ---------------------------------------------- */

/* Makes openat2 fail with err in this process (a seccomp filter, as a
 * sandbox would install; irreversible: run in a subprocess). */
static void
forbid_openat2 (int err)
{
  struct sock_filter filter[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = { .len = G_N_ELEMENTS (filter), .filter = filter };

  g_assert_cmpint (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), ==, 0);
  g_assert_cmpint (prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog), ==, 0);
}

static void
check_jail_refused (int         err,
                    const char *cause)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtTestServer) ts = pt_test_server_new_full (NULL, FALSE, NULL);
  g_autofree char *expected = NULL;

  forbid_openat2 (err);
  g_assert_false (pt_server_start (ts->server, &error));
  g_assert_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_JAIL);
  expected = g_strdup_printf ("Refusing to serve %s: openat2 with RESOLVE_BENEATH, which keeps every "
                              "request inside the folder, %s; Portico never serves without it",
                              ts->docroot, cause);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (pt_server_is_running (ts->server));
}

static void
test_jail_refused (void)
{
  if (pt_test_skip_under_valgrind ("valgrind does not know openat2 nor seccomp filters"))
    return;

  if (g_test_subprocess ())
    {
      const char *which = g_getenv ("PT_TEST_JAIL_ERRNO");

      if (g_strcmp0 (which, "EPERM") == 0)
        check_jail_refused (EPERM, "is forbidden (EPERM: a seccomp filter or sandbox, such as "
                                   "systemd's SystemCallFilter=, refuses the call)");
      else if (g_strcmp0 (which, "ENOSYS") == 0)
        check_jail_refused (ENOSYS, "is not available (ENOSYS: the kernel is older than Linux 5.6, "
                                    "or a seccomp filter hides the call)");
      else
        check_jail_refused (EINVAL, "failed (Invalid argument)");
      return;
    }

  for (guint i = 0; i < 3; i++)
    {
      static const char *const names[] = { "EPERM", "ENOSYS", "EINVAL" };

      g_setenv ("PT_TEST_JAIL_ERRNO", names[i], TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
  g_unsetenv ("PT_TEST_JAIL_ERRNO");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/body/chunked-pipelined", test_chunked_pipelined);
  g_test_add_func ("/engine/body/chunked-bytewise", test_chunked_bytewise);
  g_test_add_func ("/engine/body/chunked-limit", test_chunked_limit);
  g_test_add_func ("/engine/body/chunked-malformed", test_chunked_malformed);
  g_test_add_func ("/engine/body/te-and-cl", test_te_and_cl);
  g_test_add_func ("/engine/body/error-responses-arrive", test_error_responses_arrive);
  g_test_add_func ("/engine/body/linger-bounded", test_linger_bounded);
  g_test_add_func ("/engine/safety/host-421", test_host_421);
  g_test_add_func ("/engine/safety/host-any-address", test_host_any_address);
  g_test_add_func ("/engine/safety/jail-refused", test_jail_refused);

  return g_test_run ();
}
