/* test-engine-range.c — Range, If-Range, 206, 416 and multipart/byteranges over a real server
 *
 * Every response is checked byte for byte (head masked for its dates), and
 * every keep-alive response is followed by a second request on the same
 * connection, which only parses if the body was exactly Content-Length.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pt-http-date.h"
#include "pt-http-etag.h"
#include "pt-http-range.h"
#include "pt-http-response.h"
#include "pt-test-util.h"

static PtTestServer *fixture;

#define KA "Connection: keep-alive\nKeep-Alive: timeout=5, max=99\n"
#define HUGE_SIZE    (G_GUINT64_CONSTANT (5) << 30)       /* 5 GiB, sparse */
#define HUGE_MARKER_AT G_GUINT64_CONSTANT (4294967296)    /* 4 GiB: past any 32-bit offset */
#define HUGE_MARKER  "4GiB-mark!"

static GBytes *
file_bytes (const char *name)
{
  g_autofree char *path = g_build_filename (fixture->docroot, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Sends request on a fresh keep-alive connection, reads the response (a
 * body unless HEAD), then proves the framing with a second request. */
static PtTestResponse *
exchange (const char *request)
{
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) again = NULL;
  PtTestResponse *resp;

  pt_test_conn_send (conn, request);
  resp = pt_test_conn_read (conn, !g_str_has_prefix (request, "HEAD "));
  g_assert_nonnull (resp);

  pt_test_conn_send (conn, "HEAD /sub/page.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  again = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (again);
  g_assert_cmpint (again->status, ==, 200);
  g_assert_nonnull (strstr (again->masked, "Keep-Alive: timeout=5, max=98\n"));
  return resp;
}

static PtTestResponse *
get_range (const char *name,
           const char *fields)
{
  g_autofree char *request = g_strdup_printf ("GET /%s HTTP/1.1\r\nHost: localhost\r\n%s\r\n", name, fields);

  return exchange (request);
}

static void
assert_body (PtTestResponse *resp,
             const void     *data,
             gsize           len)
{
  g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body), data, len);
}

/* 206 with one range [first, last] of name. */
static void
check_single (const char *name,
              const char *type,
              const char *range_field,
              guint64     first,
              guint64     last)
{
  g_autoptr(GBytes) file = file_bytes (name);
  gsize size = g_bytes_get_size (file);
  g_autofree char *fields = g_strdup_printf ("Range: %s\r\n", range_field);
  g_autoptr(PtTestResponse) resp = get_range (name, fields);
  g_autofree char *expected = g_strdup_printf (
    "HTTP/1.1 206 Partial Content\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\n"
    "Content-Length: %" G_GUINT64_FORMAT "\nContent-Type: %s\n"
    "Content-Range: bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "/%" G_GSIZE_FORMAT "\n"
    "Accept-Ranges: bytes", last - first + 1, type, first, last, size);

  g_assert_cmpint (resp->status, ==, 206);
  g_assert_cmpstr (resp->masked, ==, expected);
  assert_body (resp, (const char *) g_bytes_get_data (file, NULL) + first, (gsize) (last - first + 1));
}

/* 200 with the whole file, as if there were no Range. */
static void
check_whole (const char *name,
             const char *type,
             const char *fields)
{
  g_autoptr(GBytes) file = file_bytes (name);
  g_autoptr(PtTestResponse) resp = get_range (name, fields);
  g_autofree char *expected = g_strdup_printf (
    "HTTP/1.1 200 OK\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\n"
    "Content-Length: %" G_GSIZE_FORMAT "\nContent-Type: %s\nAccept-Ranges: bytes",
    g_bytes_get_size (file), type);

  g_assert_cmpint (resp->status, ==, 200);
  g_assert_cmpstr (resp->masked, ==, expected);
  assert_body (resp, g_bytes_get_data (file, NULL), g_bytes_get_size (file));
}

static void
test_single_forms (void)
{
  /* first-last, from memory (a small cached file) and with sendfile */
  check_single ("index.html", "text/html; charset=utf-8", "bytes=0-9", 0, 9);
  check_single ("index.html", "text/html; charset=utf-8", "bytes=220-220", 220, 220);
  check_single ("photo.png", "image/png", "bytes=100-199", 100, 199);
  /* first- */
  check_single ("photo.png", "image/png", "bytes=19990-", 19990, 19999);
  check_single ("index.html", "text/html; charset=utf-8", "bytes=1-", 1, 220);
  /* -suffix */
  check_single ("big.txt", "text/plain; charset=utf-8", "bytes=-5", PT_TEST_BIG_SIZE - 5, PT_TEST_BIG_SIZE - 1);
  check_single ("index.html", "text/html; charset=utf-8", "bytes=-1", 220, 220);
  /* the unit is case-insensitive, OWS around the value */
  check_single ("photo.png", "image/png", "BYTES=5-6 ", 5, 6);
  /* a range across several sendfile turns, from the middle of the file */
  check_single ("big.txt", "text/plain; charset=utf-8", "bytes=1000-1000999", 1000, 1000999);
}

static void
test_clamped (void)
{
  /* last-pos past the end is clamped to the last byte */
  check_single ("photo.png", "image/png", "bytes=100-999999", 100, 19999);
  check_single ("index.html", "text/html; charset=utf-8", "bytes=200-18446744073709551615", 200, 220);
  check_single ("index.html", "text/html; charset=utf-8", "bytes=200-99999999999999999999999", 200, 220);
  /* a suffix longer than the file is the whole file: 200 */
  check_whole ("index.html", "text/html; charset=utf-8", "Range: bytes=-99999\r\n");
  check_whole ("photo.png", "image/png", "Range: bytes=0-\r\n");
  check_whole ("photo.png", "image/png", "Range: bytes=0-19999\r\n");
}

static char *
expected_error_head (int         status,
                     const char *extra)
{
  char body[PT_HTTP_MAX_ERROR_BODY];
  gssize len = pt_http_response_write_error_body (body, sizeof body, status);

  g_assert_cmpint (len, >, 0);
  return g_strdup_printf ("HTTP/1.1 %d %s\nDate: DATE\n" KA "Content-Length: %" G_GSSIZE_FORMAT
                          "\nContent-Type: text/html%s",
                          status, pt_http_status_reason (status), len, extra);
}

static void
check_416 (const char *name,
           const char *range_field,
           gsize       size)
{
  g_autofree char *fields = g_strdup_printf ("Range: %s\r\n", range_field);
  g_autoptr(PtTestResponse) resp = get_range (name, fields);
  g_autofree char *extra = g_strdup_printf ("\nContent-Range: bytes */%" G_GSIZE_FORMAT, size);
  g_autofree char *expected = expected_error_head (416, extra);
  char body[PT_HTTP_MAX_ERROR_BODY];
  gssize len = pt_http_response_write_error_body (body, sizeof body, 416);

  g_assert_cmpint (resp->status, ==, 416);
  g_assert_cmpstr (resp->masked, ==, expected);
  assert_body (resp, body, (gsize) len);
}

static void
test_unsatisfiable (void)
{
  check_416 ("index.html", "bytes=221-", 221);
  check_416 ("index.html", "bytes=221-300", 221);
  check_416 ("photo.png", "bytes=20000-20000", PT_TEST_PNG_SIZE);
  check_416 ("photo.png", "bytes=-0", PT_TEST_PNG_SIZE);
  check_416 ("photo.png", "bytes=30000-,40000-", PT_TEST_PNG_SIZE);
  /* an empty file has no byte to send */
  check_416 ("empty.txt", "bytes=0-0", 0);
  /* one satisfiable spec among unsatisfiable ones is enough */
  check_single ("photo.png", "image/png", "bytes=30000-,10-19", 10, 19);
}

static void
test_ignored (void)
{
  /* invalid syntax or an unknown unit: ignored, the whole file with 200 */
  check_whole ("photo.png", "image/png", "Range: bytes=abc\r\n");
  check_whole ("photo.png", "image/png", "Range: bytes=5-1\r\n");
  check_whole ("photo.png", "image/png", "Range: bytes 0-1\r\n");
  check_whole ("photo.png", "image/png", "Range: bytes=\r\n");
  check_whole ("photo.png", "image/png", "Range: bytes=0 - 1\r\n");
  check_whole ("photo.png", "image/png", "Range: items=0-1\r\n");
  check_whole ("index.html", "text/html; charset=utf-8", "Range: pages=1\r\n");
  /* a suffix on an empty file is the whole (empty) file */
  check_whole ("empty.txt", "text/plain; charset=utf-8", "Range: bytes=-5\r\n");
}

static void
test_head_ignores_range (void)
{
  g_autoptr(PtTestResponse) plain = exchange ("HEAD /photo.png HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_autoptr(PtTestResponse) ranged = exchange ("HEAD /photo.png HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-9\r\n\r\n");
  g_autoptr(PtTestResponse) bad = exchange ("HEAD /photo.png HTTP/1.1\r\nHost: localhost\r\nRange: bytes=99999-\r\n\r\n");
  const char *expected = "HTTP/1.1 200 OK\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\n"
                         "Content-Length: 20000\nContent-Type: image/png\nAccept-Ranges: bytes";

  g_assert_cmpstr (plain->masked, ==, expected);
  g_assert_cmpstr (ranged->masked, ==, expected);
  g_assert_cmpstr (bad->masked, ==, expected);
}

/* Accept-Ranges on file responses (200, HEAD, 206), not on 304 or errors. */
static void
test_accept_ranges (void)
{
  g_autoptr(PtTestResponse) big = exchange ("GET /big.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_autoptr(PtTestResponse) not_modified = exchange (
    "GET /photo.png HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: Fri, 31 Dec 2100 23:59:59 GMT\r\n"
    "Range: bytes=0-1\r\n\r\n");
  g_autoptr(PtTestResponse) missing = exchange ("GET /nothere.html HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1\r\n\r\n");
  g_autofree char *expected_missing = expected_error_head (404, "");

  g_assert_cmpint (big->status, ==, 200);
  g_assert_true (g_str_has_suffix (big->masked, "\nContent-Type: text/plain; charset=utf-8\nAccept-Ranges: bytes"));
  g_assert_cmpuint (g_bytes_get_size (big->body), ==, PT_TEST_BIG_SIZE);
  /* If-Modified-Since comes first: a current copy gets its 304, whatever the Range */
  g_assert_cmpstr (not_modified->masked, ==, "HTTP/1.1 304 Not Modified\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache");
  g_assert_cmpstr (missing->masked, ==, expected_missing);
}

/* A file whose Last-Modified is mtime_s, and that date formatted. */
static char *
make_dated_file (const char *name,
                 gint64      mtime_s)
{
  g_autofree char *path = g_build_filename (fixture->docroot, name, NULL);
  struct timespec times[2] = { { mtime_s, 0 }, { mtime_s, 0 } };
  g_autoptr(GError) error = NULL;
  char date[PT_HTTP_DATE_LEN + 1];

  g_file_set_contents (path, "0123456789abcdefghij", 20, &error);
  g_assert_no_error (error);
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
  pt_http_date_format (mtime_s, date);
  return g_strdup (date);
}

static void
test_if_range (void)
{
  g_autofree char *etag = pt_test_file_etag (fixture, "photo.png");
  g_autofree char *fields = NULL;
  g_autofree char *old_date = make_dated_file ("old.txt", 1600000000);          /* Sep 2020 */
  g_autofree char *new_date = make_dated_file ("new.txt", g_get_real_time () / G_USEC_PER_SEC + 3600);

  /* a strong ETag that matches: the Range applies */
  fields = g_strdup_printf ("Range: bytes=0-9\r\nIf-Range: %s\r\n", etag);
  check_single ("photo.png", "image/png", "bytes=0-9", 0, 9);
  {
    g_autoptr(PtTestResponse) resp = get_range ("photo.png", fields);

    g_assert_cmpint (resp->status, ==, 206);
    g_assert_nonnull (strstr (resp->masked, "\nContent-Range: bytes 0-9/20000\n"));
  }
  /* another tag, or the same tag weak: the whole file */
  check_whole ("photo.png", "image/png", "Range: bytes=0-9\r\nIf-Range: \"other\"\r\n");
  g_clear_pointer (&fields, g_free);
  fields = g_strdup_printf ("Range: bytes=0-9\r\nIf-Range: W/%s\r\n", etag);
  check_whole ("photo.png", "image/png", fields);
  /* an If-Range that is neither: the whole file */
  check_whole ("photo.png", "image/png", "Range: bytes=0-9\r\nIf-Range: yesterday\r\n");
  /* even a range that would be 416 */
  check_whole ("photo.png", "image/png", "Range: bytes=99999-\r\nIf-Range: \"other\"\r\n");

  /* the exact Last-Modified date of a file older than a second: the Range applies */
  g_clear_pointer (&fields, g_free);
  fields = g_strdup_printf ("bytes=2-4\r\nIf-Range: %s", old_date);
  check_single ("old.txt", "text/plain; charset=utf-8", fields, 2, 4);
  /* another date (even a later one): the whole file */
  check_whole ("old.txt", "text/plain; charset=utf-8", "Range: bytes=2-4\r\nIf-Range: Sun, 13 Sep 2020 12:26:41 GMT\r\n");
  /* a Last-Modified not before the Date is a weak validator: the whole file */
  g_clear_pointer (&fields, g_free);
  fields = g_strdup_printf ("Range: bytes=2-4\r\nIf-Range: %s\r\n", new_date);
  check_whole ("new.txt", "text/plain; charset=utf-8", fields);
  /* If-Range without Range does nothing */
  check_whole ("old.txt", "text/plain; charset=utf-8", "If-Range: \"x\"\r\n");
}

/* The multipart/byteranges body for ranges (first, last pairs) of name. */
static GString *
expected_multipart (const char    *name,
                    const char    *type,
                    const char    *boundary,
                    const guint64 *pairs,
                    gsize          n_pairs)
{
  g_autoptr(GBytes) file = file_bytes (name);
  const char *data = g_bytes_get_data (file, NULL);
  GString *body = g_string_new (NULL);

  for (gsize i = 0; i < n_pairs; i++)
    {
      guint64 first = pairs[2 * i], last = pairs[2 * i + 1];

      g_string_append_printf (body, "\r\n--%s\r\nContent-Type: %s\r\n"
                              "Content-Range: bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "/%" G_GSIZE_FORMAT "\r\n\r\n",
                              boundary, type, first, last, g_bytes_get_size (file));
      g_string_append_len (body, data + first, (gssize) (last - first + 1));
    }
  g_string_append_printf (body, "\r\n--%s--\r\n", boundary);
  return body;
}

static void
check_multipart (const char    *name,
                 const char    *type,
                 const char    *range_field,
                 const guint64 *pairs,
                 gsize          n_pairs)
{
  g_autofree char *fields = g_strdup_printf ("Range: %s\r\n", range_field);
  g_autoptr(PtTestResponse) resp = get_range (name, fields);
  const char *prefix = "\nContent-Type: multipart/byteranges; boundary=";
  const char *at = strstr (resp->masked, prefix);
  g_autofree char *boundary = NULL;
  g_autofree char *expected_head = NULL;
  g_autoptr(GString) body = NULL;

  g_assert_cmpint (resp->status, ==, 206);
  g_assert_nonnull (at);
  boundary = g_strndup (at + strlen (prefix), strcspn (at + strlen (prefix), "\n"));
  g_assert_cmpuint (strlen (boundary), ==, 20);
  g_assert_cmpuint (strspn (boundary, "0123456789abcdef"), ==, 20);

  body = expected_multipart (name, type, boundary, pairs, n_pairs);
  expected_head = g_strdup_printf ("HTTP/1.1 206 Partial Content\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\n"
                                   "Content-Length: %" G_GSIZE_FORMAT "\n"
                                   "Content-Type: multipart/byteranges; boundary=%s\nAccept-Ranges: bytes",
                                   body->len, boundary);
  g_assert_cmpstr (resp->masked, ==, expected_head);
  g_assert_cmpuint (resp->content_length, ==, body->len);
  assert_body (resp, body->str, body->len);
}

static void
test_multipart (void)
{
  static const guint64 png[] = { 0, 9, 50, 59, 100, 109 };
  static const guint64 index[] = { 0, 3, 217, 220 };
  static const guint64 coalesced[] = { 0, 149, 1000000, 1000099 };
  static const guint64 long_parts[] = { 0, 299999, 600000, PT_TEST_BIG_SIZE - 1 };

  /* sorted; sendfile between memory part heads */
  check_multipart ("photo.png", "image/png", "bytes=0-9,100-109,50-59", png, 3);
  /* from memory (a small cached file), with a suffix */
  check_multipart ("index.html", "text/html; charset=utf-8", "bytes=0-3, -4", index, 2);
  /* overlapping and touching specs coalesce */
  check_multipart ("big.txt", "text/plain; charset=utf-8", "bytes=0-99,50-149,1000000-1000049,1000050-1000099", coalesced, 2);
  /* parts longer than a sendfile turn, the body above the own-descriptor size */
  check_multipart ("big.txt", "text/plain; charset=utf-8", "bytes=0-299999,600000-", long_parts, 2);
  /* ranges that add up to the whole file: 200 */
  check_whole ("index.html", "text/html; charset=utf-8", "Range: bytes=0-100,101-\r\n");
  check_whole ("photo.png", "image/png", "Range: bytes=0-9999,5000-\r\n");
}

/* PT_HTTP_RANGE_MAX specs are answered; one more and the Range is ignored. */
static void
test_multipart_bound (void)
{
  g_autoptr(GString) field = g_string_new ("bytes=");
  guint64 pairs[2 * PT_HTTP_RANGE_MAX];

  for (guint i = 0; i < PT_HTTP_RANGE_MAX; i++)
    {
      g_string_append_printf (field, "%s%u-%u", i > 0 ? "," : "", i * 100, i * 100 + 9);
      pairs[2 * i] = i * 100;
      pairs[2 * i + 1] = i * 100 + 9;
    }
  check_multipart ("photo.png", "image/png", field->str, pairs, PT_HTTP_RANGE_MAX);

  g_string_append_printf (field, ",%u-%u\r\n", PT_HTTP_RANGE_MAX * 100, PT_HTTP_RANGE_MAX * 100 + 9);
  g_string_prepend (field, "Range: ");
  check_whole ("photo.png", "image/png", field->str);
}

/* 64-bit offsets: a 5 GiB sparse file, a marker at 4 GiB. */
static void
test_huge_file (void)
{
  g_autofree char *path = g_build_filename (fixture->docroot, "huge.txt", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(PtTestResponse) parts = NULL;
  g_autoptr(PtTestResponse) tail = NULL;
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  g_assert_cmpint (fd, >=, 0);
  if (ftruncate (fd, (off_t) HUGE_SIZE) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (path);
      g_test_skip (g_strerror (saved));
      return;
    }
  g_assert_cmpint (pwrite (fd, HUGE_MARKER, 10, (off_t) HUGE_MARKER_AT), ==, 10);
  g_assert_cmpint (pwrite (fd, "END", 3, (off_t) HUGE_SIZE - 3), ==, 3);
  close (fd);

  resp = exchange ("GET /huge.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=4294967296-4294967305\r\n\r\n");
  expected = g_strdup_printf ("HTTP/1.1 206 Partial Content\nDate: DATE\n" KA "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\n"
                              "Content-Length: 10\nContent-Type: text/plain; charset=utf-8\n"
                              "Content-Range: bytes 4294967296-4294967305/%" G_GUINT64_FORMAT "\n"
                              "Accept-Ranges: bytes", HUGE_SIZE);
  g_assert_cmpstr (resp->masked, ==, expected);
  assert_body (resp, HUGE_MARKER, 10);

  tail = exchange ("GET /huge.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=-3\r\n\r\n");
  g_assert_cmpint (tail->status, ==, 206);
  g_assert_nonnull (strstr (tail->masked, "\nContent-Range: bytes 5368709117-5368709119/5368709120\n"));
  assert_body (tail, "END", 3);

  /* multipart across the 4 GiB line */
  parts = exchange ("GET /huge.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1,4294967300-4294967305\r\n\r\n");
  g_assert_cmpint (parts->status, ==, 206);
  {
    const char *prefix = "\nContent-Type: multipart/byteranges; boundary=";
    const char *at = strstr (parts->masked, prefix);
    g_autofree char *boundary = NULL;
    g_autoptr(GString) body = g_string_new (NULL);

    g_assert_nonnull (at);
    boundary = g_strndup (at + strlen (prefix), 20);
    g_string_append_printf (body, "\r\n--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            "Content-Range: bytes 0-1/5368709120\r\n\r\n", boundary);
    g_string_append_len (body, "\0\0", 2);
    g_string_append_printf (body, "\r\n--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            "Content-Range: bytes 4294967300-4294967305/5368709120\r\n\r\n-mark!"
                            "\r\n--%s--\r\n", boundary, boundary);
    g_assert_cmpuint (parts->content_length, ==, body->len);
    assert_body (parts, body->str, body->len);
  }
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
tweak_one_worker (PtServerConfig *config)
{
  config->n_threads = 1;   /* one log buffer: the records in request order */
}

/* 206 and 416 get the report's log records. */
static void
test_log (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_worker);
  g_autoptr(PtTestResponse) partial = pt_test_request (ts->port,
    "GET /photo.png HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nRange: bytes=0-9\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) unsatisfiable = NULL;
  g_autofree char *log = NULL;

  g_assert_cmpint (partial->status, ==, 206);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));
  unsatisfiable = pt_test_request (ts->port,
    "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nRange: bytes=500-\r\n\r\n", TRUE);
  g_assert_cmpint (unsatisfiable->status, ==, 416);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 2));
  pt_server_stop (ts->server);

  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /photo.png][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 206 Partial Content][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 416 Range Not Satisfiable][Date: DATE][Connection: close]\n");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  fixture = pt_test_server_new (NULL);

  g_test_add_func ("/engine/range/single-forms", test_single_forms);
  g_test_add_func ("/engine/range/clamped", test_clamped);
  g_test_add_func ("/engine/range/unsatisfiable-416", test_unsatisfiable);
  g_test_add_func ("/engine/range/ignored-200", test_ignored);
  g_test_add_func ("/engine/range/head-ignores-range", test_head_ignores_range);
  g_test_add_func ("/engine/range/accept-ranges", test_accept_ranges);
  g_test_add_func ("/engine/range/if-range", test_if_range);
  g_test_add_func ("/engine/range/multipart", test_multipart);
  g_test_add_func ("/engine/range/multipart-bound", test_multipart_bound);
  g_test_add_func ("/engine/range/huge-file", test_huge_file);
  g_test_add_func ("/engine/range/log", test_log);

  ret = g_test_run ();
  pt_test_server_free (fixture);
  return ret;
}
