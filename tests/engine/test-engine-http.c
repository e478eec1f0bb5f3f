/* test-engine-http.c — what the engine answers: exact heads and bodies */
#include <string.h>

#include "pt-http-parser.h"
#include "pt-http-response.h"
#include "pt-test-util.h"

/* The fixture every case talks to (read-only once main() started it). */
static PtTestServer *fixture;

typedef struct
{
  const char *name;
  const char *request;
  int         status;
  const char *head;        /* masked, LF line ends; NULL: check the status only */
  const char *body;        /* NULL: no body check; "" : empty */
  gboolean    closes;      /* the server closes after the response */
} HttpCase;

#define KA "Connection: keep-alive\nKeep-Alive: timeout=5, max=99\n"
#define CLOSE "Connection: close\n"
#define INDEX_HEAD(conn) "HTTP/1.1 200 OK\nDate: DATE\n" conn \
  "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\nContent-Length: 221\nContent-Type: text/html; charset=utf-8\nAccept-Ranges: bytes"

static const HttpCase http_cases[] = {
  { "get-root", "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 200, INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
  { "get-index-close", "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 200,
    INDEX_HEAD (CLOSE), PT_TEST_INDEX_HTML, TRUE },
  { "head-index", "HEAD /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n", 200,
    INDEX_HEAD (KA), "", FALSE },
  { "get-query-ignored", "GET /index.html?a=b&c HTTP/1.1\r\nHost: localhost\r\n\r\n", 200, INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
  { "get-absolute-form", "GET http://a/index.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 200, INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
  { "ims-future-304", "GET /index.html HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: Fri, 31 Dec 2100 23:59:59 GMT\r\n\r\n",
    304, "HTTP/1.1 304 Not Modified\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache", "", FALSE },
  { "ims-head-304", "HEAD / HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: Fri, 31 Dec 2100 23:59:59 GMT\r\n\r\n",
    304, "HTTP/1.1 304 Not Modified\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache", "", FALSE },
  { "ims-past-200", "GET /index.html HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n",
    200, INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
  { "ims-garbage-ignored", "GET /index.html HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: yesterday\r\n\r\n",
    200, INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
  { "py-400", "GET /index.py HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, NULL, NULL, TRUE },
  { "py-missing-400", "GET /nothere.py HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, NULL, NULL, FALSE },
  { "missing-404", "GET /abc.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 404, NULL, NULL, TRUE },
  { "head-missing-404", "HEAD /abc.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, NULL, "", FALSE },
  { "dir-301", "GET /sub HTTP/1.1\r\nHost: localhost\r\n\r\n", 301, NULL, NULL, FALSE },
  { "dir-index", "GET /sub/ HTTP/1.1\r\nHost: localhost\r\n\r\n", 200,
    "HTTP/1.1 200 OK\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\nContent-Length: 11\nContent-Type: text/html; charset=utf-8\nAccept-Ranges: bytes",
    "<p>sub</p>\n", FALSE },
  { "sub-file", "GET /sub/page.txt HTTP/1.1\r\nHost: localhost\r\n\r\n", 200,
    "HTTP/1.1 200 OK\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\nContent-Length: 9\nContent-Type: text/plain; charset=utf-8\nAccept-Ranges: bytes",
    "sub page\n", FALSE },
  { "empty-file", "GET /empty.txt HTTP/1.1\r\nHost: localhost\r\n\r\n", 200,
    "HTTP/1.1 200 OK\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\nContent-Length: 0\nContent-Type: text/plain; charset=utf-8\nAccept-Ranges: bytes", "", FALSE },
  { "hidden-404", "GET /.hidden.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, NULL, NULL, FALSE },
  { "symlink-in-200", "GET /link-in.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 200, INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
  { "symlink-out-404", "GET /link-out.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, NULL, NULL, FALSE },
  { "symlink-up-404", "GET /link-up.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, NULL, NULL, FALSE },
  { "fifo-403", "GET /fifo.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 403, NULL, NULL, FALSE },
  { "post-405", "POST / HTTP/1.1\r\nHost: localhost\r\n\r\n", 405, NULL, NULL, FALSE },
  { "post-body-405", "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello", 405, NULL, NULL, FALSE },
  { "unknown-501", "BREW / HTTP/1.1\r\nHost: localhost\r\n\r\n", 501, NULL, NULL, FALSE },
  { "version-505", "GET / HTTP/2.0\r\nHost: localhost\r\n\r\n", 505, NULL, NULL, TRUE },
  { "report-version-400", "GET /index.html HTTP:/1.1\r\nConnection: close\r\n\r\n", 400, NULL, NULL, TRUE },
  { "no-host-400", "GET / HTTP/1.1\r\n\r\n", 400, NULL, NULL, FALSE },
  { "chunked-malformed-400", "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, NULL, NULL, TRUE },
  { "chunked-get-200", "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 200,
    INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
  { "chunked-post-405", "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 405, NULL, NULL, FALSE },
  { "te-and-cl-400", "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    400, NULL, NULL, TRUE },
  { "te-gzip-chunked-501", "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501, NULL, NULL, TRUE },
  { "te-chunked-gzip-400", "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400, NULL, NULL, TRUE },
  { "http10-close", "GET / HTTP/1.0\r\n\r\n", 200, INDEX_HEAD (CLOSE), PT_TEST_INDEX_HTML, TRUE },
  { "http10-keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 200, INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
  { "http11-close", "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 200, INDEX_HEAD (CLOSE), PT_TEST_INDEX_HTML, TRUE },
  /* The traversal corpus: nothing outside the root, ever. */
  { "trav-dotdot", "GET /../outside.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, NULL, NULL, FALSE },
  { "trav-sub-dotdot", "GET /sub/../../outside.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, NULL, NULL, FALSE },
  { "trav-encoded", "GET /%2e%2e/outside.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, NULL, NULL, FALSE },
  { "trav-encoded-slash", "GET /..%2Foutside.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, NULL, NULL, FALSE },
  { "trav-nul", "GET /index.html%00.png HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, NULL, NULL, FALSE },
  { "trav-absolute", "GET http://a/../outside.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, NULL, NULL, FALSE },
  { "trav-etc", "GET //etc/hostname.txt HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, NULL, NULL, FALSE },
  { "trav-dotdot-inside", "GET /sub/../index.html HTTP/1.1\r\nHost: localhost\r\n\r\n", 200, INDEX_HEAD (KA), PT_TEST_INDEX_HTML, FALSE },
};

static char *
expected_error_head (int         status,
                     gboolean    closes,
                     const char *extra)
{
  char body[PT_HTTP_MAX_ERROR_BODY];
  gssize len = pt_http_response_write_error_body (body, sizeof body, status);

  g_assert_cmpint (len, >, 0);
  return g_strdup_printf ("HTTP/1.1 %d %s\nDate: DATE\n%sContent-Length: %" G_GSSIZE_FORMAT
                          "\nContent-Type: text/html%s",
                          status, pt_http_status_reason (status),
                          closes ? CLOSE : KA, len, extra);
}

static void
test_http_case (gconstpointer data)
{
  const HttpCase *c = data;
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) resp = NULL;
  gboolean is_head = g_str_has_prefix (c->request, "HEAD ");

  pt_test_conn_send (conn, c->request);
  resp = pt_test_conn_read (conn, !is_head);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, c->status);

  if (c->head != NULL)
    g_assert_cmpstr (resp->masked, ==, c->head);
  else if (c->status >= 400)
    {
      g_autofree char *expected = expected_error_head (c->status, c->closes,
                                                       c->status == 405 ? "\nAllow: GET, HEAD" : "");
      g_assert_cmpstr (resp->masked, ==, expected);
    }

  if (c->status >= 400 && !is_head)
    {
      char body[PT_HTTP_MAX_ERROR_BODY];
      gssize len = pt_http_response_write_error_body (body, sizeof body, c->status);

      g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body), body, (gsize) len);
    }
  if (c->body != NULL)
    g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body),
                     c->body, strlen (c->body));

  if (c->closes)
    g_assert_true (pt_test_conn_closed (conn, PT_TEST_IO_TIMEOUT_MS));
  else
    {
      /* Still usable: a second request on the same connection works. */
      g_autoptr(PtTestResponse) again = NULL;

      pt_test_conn_send (conn, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n");
      again = pt_test_conn_read (conn, FALSE);
      g_assert_nonnull (again);
      g_assert_cmpint (again->status, ==, 200);
      g_assert_nonnull (strstr (again->masked, "Keep-Alive: timeout=5, max=98\n"));
    }
}

static void
test_redirect_location (void)
{
  g_autoptr(PtTestResponse) resp = pt_test_request (fixture->port,
                                                    "GET /sub?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autofree char *expected = expected_error_head (301, FALSE, "\nLocation: /sub/");

  g_assert_nonnull (resp);
  g_assert_cmpstr (resp->masked, ==, expected);
}

/* The open redirect of issue 11: "//host/%2e%2e/sub" used to answer
 * "Location: //host/%2e%2e/sub/", which a browser follows off-host. */
static void
test_redirect_never_off_host (void)
{
  static const char *const requests[] = {
    "GET //evil.example/%2e%2e/sub HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "GET //evil.example/../sub HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "GET ////sub HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "GET /./sub HTTP/1.1\r\nHost: localhost\r\n\r\n",
  };
  g_autofree char *expected = expected_error_head (301, FALSE, "\nLocation: /sub/");

  for (gsize i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(PtTestResponse) resp = pt_test_request (fixture->port, requests[i], TRUE);

      g_test_message ("%s", requests[i]);
      g_assert_nonnull (resp);
      g_assert_cmpstr (resp->masked, ==, expected);
    }
}

static void
check_file_body (const char *name,
                 const char *mime,
                 gsize       size)
{
  g_autofree char *request = g_strdup_printf ("GET /%s HTTP/1.1\r\nHost: localhost\r\n\r\n", name);
  g_autofree char *path = g_build_filename (fixture->docroot, name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  gsize len;
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) resp = NULL;

  pt_test_conn_send (conn, request);
  resp = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (resp);
  expected = g_strdup_printf ("HTTP/1.1 200 OK\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\nContent-Type: %s\nAccept-Ranges: bytes", size, mime);
  g_assert_cmpstr (resp->masked, ==, expected);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, size);
  g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body), contents, len);

  /* The connection is still in step after a sendfile body. */
  pt_test_conn_send (conn, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_clear_pointer (&resp, pt_test_response_free);
  resp = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
}

static void
test_png (void)
{
  check_file_body ("photo.png", "image/png", PT_TEST_PNG_SIZE);
}

static void
test_big_file (void)
{
  check_file_body ("big.txt", "text/plain; charset=utf-8", PT_TEST_BIG_SIZE);
}

static void
test_keep_alive_countdown (void)
{
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);

  for (guint i = 1; i <= 5; i++)
    {
      g_autoptr(PtTestResponse) resp = NULL;
      g_autofree char *expected = g_strdup_printf ("Keep-Alive: timeout=5, max=%u\n", 100 - i);

      pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
      resp = pt_test_conn_read (conn, TRUE);
      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
      g_assert_nonnull (strstr (resp->masked, expected));
    }
}

static void
test_pipelining (void)
{
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  static const struct { int status; gsize length; } expected[] = {
    { 200, 221 }, { 404, 0 }, { 200, 11 },
  };

  pt_test_conn_send (conn,
                     "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
                     "GET /abc.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
                     "GET /sub/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(PtTestResponse) resp = pt_test_conn_read (conn, TRUE);

      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, expected[i].status);
      if (expected[i].length != 0)
        g_assert_cmpuint (resp->content_length, ==, expected[i].length);
    }
  g_assert_true (pt_test_conn_closed (conn, PT_TEST_IO_TIMEOUT_MS));
}

static void
test_pipelining_with_body (void)
{
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) first = NULL;
  g_autoptr(PtTestResponse) second = NULL;

  /* The body of the rejected POST must not be taken for a request. */
  pt_test_conn_send (conn,
                     "POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 12\r\n\r\nGET /bad HT"
                     "\nGET /sub/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
  first = pt_test_conn_read (conn, TRUE);
  second = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpint (first->status, ==, 405);
  g_assert_cmpint (second->status, ==, 200);
  g_assert_cmpuint (second->content_length, ==, 11);
}

static void
test_split_request (void)
{
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) resp = NULL;
  const char *request = "GET /sub/page.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";

  /* One byte at a time: the head is parsed only once complete. */
  for (const char *p = request; *p != '\0'; p++)
    {
      pt_test_conn_send_len (conn, p, 1);
      g_usleep (1000);
    }
  resp = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body), "sub page\n", 9);
}

static char *
padded_request (gsize line_len)
{
  /* "GET /index.html?qqq… HTTP/1.1": exactly line_len bytes before CRLF. */
  const char *prefix = "GET /index.html?";
  const char *suffix = " HTTP/1.1";
  GString *s = g_string_new (prefix);

  while (s->len < line_len - strlen (suffix))
    g_string_append_c (s, 'q');
  g_string_append (s, suffix);
  g_assert_cmpuint (s->len, ==, line_len);
  g_string_append (s, "\r\nHost: localhost\r\n\r\n");
  return g_string_free (s, FALSE);
}

static void
test_limit_request_line (void)
{
  g_autofree char *at = padded_request (PT_HTTP_MAX_REQUEST_LINE);
  g_autofree char *over = padded_request (PT_HTTP_MAX_REQUEST_LINE + 1);
  g_autoptr(PtTestResponse) ok = pt_test_request (fixture->port, at, TRUE);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) bad = NULL;

  g_assert_nonnull (ok);
  g_assert_cmpint (ok->status, ==, 200);

  pt_test_conn_send (conn, over);
  bad = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (bad);
  g_assert_cmpint (bad->status, ==, 414);
  g_assert_nonnull (strstr (bad->masked, "\nConnection: close\n"));
  g_assert_true (pt_test_conn_closed (conn, PT_TEST_IO_TIMEOUT_MS));
}

static char *
padded_head (gsize head_len)
{
  /* One long field so that the whole head, final CRLF included, is head_len. */
  GString *s = g_string_new ("GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: ");

  while (s->len < head_len - 4)
    g_string_append_c (s, 'p');
  g_string_append (s, "\r\n\r\n");
  g_assert_cmpuint (s->len, ==, head_len);
  return g_string_free (s, FALSE);
}

static char *
many_fields (guint n)
{
  GString *s = g_string_new ("GET / HTTP/1.1\r\nHost: localhost\r\n");

  for (guint i = 1; i < n; i++)
    g_string_append_printf (s, "X-F%u: v\r\n", i);
  g_string_append (s, "\r\n");
  return g_string_free (s, FALSE);
}

static void
check_limit (const char *at_request,
             const char *over_request,
             int         over_status)
{
  g_autoptr(PtTestResponse) ok = pt_test_request (fixture->port, at_request, TRUE);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) bad = NULL;

  g_assert_nonnull (ok);
  g_assert_cmpint (ok->status, ==, 200);

  pt_test_conn_send (conn, over_request);
  bad = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (bad);
  g_assert_cmpint (bad->status, ==, over_status);
  g_assert_true (pt_test_conn_closed (conn, PT_TEST_IO_TIMEOUT_MS));
}

static void
test_limit_head (void)
{
  g_autofree char *at = padded_head (PT_HTTP_MAX_HEAD);
  g_autofree char *over = padded_head (PT_HTTP_MAX_HEAD + 1);

  check_limit (at, over, 431);
}

static void
test_limit_fields (void)
{
  g_autofree char *at = many_fields (PT_HTTP_MAX_FIELDS);
  g_autofree char *over = many_fields (PT_HTTP_MAX_FIELDS + 1);

  check_limit (at, over, 431);
}

static void
test_limit_body (void)
{
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestConn) conn2 = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) first = NULL;
  g_autoptr(PtTestResponse) second = NULL;
  g_autoptr(PtTestResponse) bad = NULL;
  g_autofree char *body = g_malloc0 (PT_HTTP_MAX_BODY);
  g_autofree char *head = g_strdup_printf ("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n",
                                           PT_HTTP_MAX_BODY);
  g_autofree char *over = g_strdup_printf ("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n",
                                           PT_HTTP_MAX_BODY + 1);

  /* At the limit: answered, the body skipped, the connection kept. */
  pt_test_conn_send (conn, head);
  first = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (first);
  g_assert_cmpint (first->status, ==, 200);
  pt_test_conn_send_len (conn, body, PT_HTTP_MAX_BODY);
  pt_test_conn_send (conn, "GET /sub/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
  second = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (second);
  g_assert_cmpint (second->status, ==, 200);
  g_assert_cmpuint (second->content_length, ==, 11);

  pt_test_conn_send (conn2, over);
  bad = pt_test_conn_read (conn2, TRUE);
  g_assert_nonnull (bad);
  g_assert_cmpint (bad->status, ==, 413);
  g_assert_true (pt_test_conn_closed (conn2, PT_TEST_IO_TIMEOUT_MS));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  fixture = pt_test_server_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (http_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/http/case/%s", http_cases[i].name);
      g_test_add_data_func (path, &http_cases[i], test_http_case);
    }
  g_test_add_func ("/engine/http/redirect-location", test_redirect_location);
  g_test_add_func ("/engine/http/redirect-never-off-host", test_redirect_never_off_host);
  g_test_add_func ("/engine/http/png-sendfile", test_png);
  g_test_add_func ("/engine/http/big-file", test_big_file);
  g_test_add_func ("/engine/http/keep-alive-countdown", test_keep_alive_countdown);
  g_test_add_func ("/engine/http/pipelining", test_pipelining);
  g_test_add_func ("/engine/http/pipelining-body", test_pipelining_with_body);
  g_test_add_func ("/engine/http/split-request", test_split_request);
  g_test_add_func ("/engine/http/limit/request-line", test_limit_request_line);
  g_test_add_func ("/engine/http/limit/head", test_limit_head);
  g_test_add_func ("/engine/http/limit/fields", test_limit_fields);
  g_test_add_func ("/engine/http/limit/body", test_limit_body);

  ret = g_test_run ();
  pt_test_server_free (fixture);
  return ret;
}
