/* test-engine-validators.c — ETag, Cache-Control, preconditions (304/412),
 * the UTF-8 charset label and HTTP/1.2, as exact heads and log records */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pt-http-etag.h"
#include "pt-http-response.h"
#include "pt-test-util.h"

/* The fixture the table cases talk to (read-only once main() started it). */
static PtTestServer *fixture;

#define KA "Connection: keep-alive\nKeep-Alive: timeout=5, max=99\n"
#define CLOSE "Connection: close\n"
#define VALIDATORS "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache"
#define INDEX_200 "HTTP/1.1 200 OK\nDate: DATE\n" KA VALIDATORS \
  "\nContent-Length: 221\nContent-Type: text/html; charset=utf-8\nAccept-Ranges: bytes"
#define INDEX_304 "HTTP/1.1 304 Not Modified\nDate: DATE\n" KA VALIDATORS
#define PAST   "Sun, 06 Nov 1994 08:49:37 GMT"
#define FUTURE "Fri, 31 Dec 2100 23:59:59 GMT"

static char *
expected_error_head (int         status,
                     const char *conn)
{
  char body[PT_HTTP_MAX_ERROR_BODY];
  gssize len = pt_http_response_write_error_body (body, sizeof body, status);

  g_assert_cmpint (len, >, 0);
  return g_strdup_printf ("HTTP/1.1 %d %s\nDate: DATE\n%sContent-Length: %" G_GSSIZE_FORMAT
                          "\nContent-Type: text/html",
                          status, pt_http_status_reason (status), conn, len);
}

/* ---- ETag ---------------------------------------------------------------- */

/* Every file response has our strong tag for the file; it stays the same
 * while the file does. */
static void
test_etag_present_and_stable (void)
{
  g_autofree char *tag = pt_test_file_etag (fixture, "index.html");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *png_tag = pt_test_file_etag (fixture, "photo.png");
  g_autofree char *png = NULL;
  g_autoptr(PtTestResponse) a = pt_test_request (fixture->port, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) b = pt_test_request (fixture->port, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n", FALSE);
  g_autoptr(PtTestResponse) c = pt_test_request (fixture->port, "GET /photo.png HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  g_assert_true (g_str_has_prefix (tag, "\""));
  g_assert_cmpstr (a->masked, ==, INDEX_200);
  g_assert_cmpstr (b->masked, ==, INDEX_200);
  first = pt_test_head_field (a->head, "ETag");
  second = pt_test_head_field (b->head, "ETag");
  g_assert_cmpstr (first, ==, tag);
  g_assert_cmpstr (second, ==, tag);

  /* a sendfile body (not held in memory) has one too, and another tag */
  g_assert_cmpstr (c->masked, ==, "HTTP/1.1 200 OK\nDate: DATE\n" KA VALIDATORS
                   "\nContent-Length: 20000\nContent-Type: image/png\nAccept-Ranges: bytes");
  png = pt_test_head_field (c->head, "ETag");
  g_assert_cmpstr (png, ==, png_tag);
  g_assert_cmpstr (png, !=, tag);
}

static void
set_mtime (const char *path,
           time_t      sec,
           long        nsec)
{
  struct timespec times[2] = { { sec, nsec }, { sec, nsec } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

/* A same-size rewrite within one second (same Last-Modified) gets another
 * tag, so If-None-Match with the old one is a full 200 with the new bytes. */
static void
test_etag_same_second_rewrite (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autofree char *path = g_build_filename (ts->docroot, "v.txt", NULL);
  g_autofree char *tag1 = NULL;
  g_autofree char *tag2 = NULL;
  g_autofree char *lm1 = NULL;
  g_autofree char *lm2 = NULL;
  g_autofree char *got1 = NULL;
  g_autofree char *got2 = NULL;
  g_autofree char *request = NULL;
  g_autoptr(PtTestResponse) a = NULL;
  g_autoptr(PtTestResponse) b = NULL;
  g_autoptr(PtTestResponse) c = NULL;
  const time_t sec = 1700000000;

  g_assert_true (g_file_set_contents (path, "aaaa", 4, NULL));
  set_mtime (path, sec, 100);
  tag1 = pt_test_file_etag (ts, "v.txt");
  a = pt_test_request (ts->port, "GET /v.txt HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (a);
  got1 = pt_test_head_field (a->head, "ETag");
  lm1 = pt_test_head_field (a->head, "Last-Modified");
  g_assert_cmpstr (got1, ==, tag1);
  g_assert_cmpmem (g_bytes_get_data (a->body, NULL), g_bytes_get_size (a->body), "aaaa", 4);

  /* same size, same second, 100 ns later */
  g_assert_true (g_file_set_contents (path, "bbbb", 4, NULL));
  set_mtime (path, sec, 200);
  tag2 = pt_test_file_etag (ts, "v.txt");
  g_assert_cmpstr (tag2, !=, tag1);

  /* the cache looks at the file again after PT_FILE_CACHE_CHECK_MS */
  g_usleep ((1000 + 200) * 1000);
  request = g_strdup_printf ("GET /v.txt HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: %s\r\n\r\n", tag1);
  b = pt_test_request (ts->port, request, TRUE);
  g_assert_nonnull (b);
  g_assert_cmpint (b->status, ==, 200);
  g_assert_cmpstr (b->masked, ==, "HTTP/1.1 200 OK\nDate: DATE\n" KA VALIDATORS
                   "\nContent-Length: 4\nContent-Type: text/plain; charset=utf-8\nAccept-Ranges: bytes");
  got2 = pt_test_head_field (b->head, "ETag");
  lm2 = pt_test_head_field (b->head, "Last-Modified");
  g_assert_cmpstr (got2, ==, tag2);
  g_assert_cmpstr (lm2, ==, lm1);   /* Last-Modified alone could not tell */
  g_assert_cmpmem (g_bytes_get_data (b->body, NULL), g_bytes_get_size (b->body), "bbbb", 4);

  /* and the new tag revalidates */
  g_clear_pointer (&request, g_free);
  request = g_strdup_printf ("GET /v.txt HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: %s\r\n\r\n", tag2);
  c = pt_test_request (ts->port, request, TRUE);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->masked, ==, "HTTP/1.1 304 Not Modified\nDate: DATE\n" KA VALIDATORS);
}

/* ---- preconditions ------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *fields;      /* extra request fields; "@E" stands for the file's tag */
  gboolean    head_method;
  int         status;
} CondCase;

static const CondCase cond_cases[] = {
  { "inm-match", "If-None-Match: @E\r\n", FALSE, 304 },
  { "inm-head-match", "If-None-Match: @E\r\n", TRUE, 304 },
  { "inm-list", "If-None-Match: \"x\", @E, \"y\"\r\n", FALSE, 304 },
  { "inm-list-ows", "If-None-Match:\t\"x\" ,@E\r\n", FALSE, 304 },
  { "inm-weak", "If-None-Match: W/@E\r\n", FALSE, 304 },
  { "inm-star", "If-None-Match: *\r\n", FALSE, 304 },
  { "inm-other", "If-None-Match: \"other\"\r\n", FALSE, 200 },
  { "inm-empty", "If-None-Match: \r\n", FALSE, 200 },
  { "inm-garbage", "If-None-Match: @E junk\r\n", FALSE, 200 },
  { "inm-other-ims-future-ignored", "If-None-Match: \"other\"\r\nIf-Modified-Since: " FUTURE "\r\n", FALSE, 200 },
  { "inm-match-ims-past-ignored", "If-Modified-Since: " PAST "\r\nIf-None-Match: @E\r\n", FALSE, 304 },
  { "inm-garbage-ims-future-ignored", "If-None-Match: nope\r\nIf-Modified-Since: " FUTURE "\r\n", FALSE, 200 },
  { "ims-alone-future", "If-Modified-Since: " FUTURE "\r\n", FALSE, 304 },
  { "im-match", "If-Match: @E\r\n", FALSE, 200 },
  { "im-list", "If-Match: \"x\", @E\r\n", FALSE, 200 },
  { "im-star", "If-Match: *\r\n", FALSE, 200 },
  { "im-mismatch", "If-Match: \"other\"\r\n", FALSE, 412 },
  { "im-head-mismatch", "If-Match: \"other\"\r\n", TRUE, 412 },
  { "im-weak-is-not-strong", "If-Match: W/@E\r\n", FALSE, 412 },
  { "im-garbage", "If-Match: @E junk\r\n", FALSE, 412 },
  { "im-mismatch-beats-inm", "If-Match: \"other\"\r\nIf-None-Match: @E\r\n", FALSE, 412 },
  { "im-match-then-inm", "If-Match: @E\r\nIf-None-Match: @E\r\n", FALSE, 304 },
  { "ius-older", "If-Unmodified-Since: " PAST "\r\n", FALSE, 412 },
  { "ius-newer", "If-Unmodified-Since: " FUTURE "\r\n", FALSE, 200 },
  { "ius-garbage-ignored", "If-Unmodified-Since: yesterday\r\n", FALSE, 200 },
  { "ius-ignored-with-im", "If-Match: @E\r\nIf-Unmodified-Since: " PAST "\r\n", FALSE, 200 },
};

static void
test_cond_case (gconstpointer data)
{
  const CondCase *c = data;
  g_autofree char *tag = pt_test_file_etag (fixture, "index.html");
  g_auto(GStrv) parts = g_strsplit (c->fields, "@E", -1);
  g_autofree char *fields = g_strjoinv (tag, parts);
  g_autofree char *request = g_strdup_printf ("%s /index.html HTTP/1.1\r\nHost: localhost\r\n%s\r\n",
                                              c->head_method ? "HEAD" : "GET", fields);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(PtTestResponse) again = NULL;
  g_autofree char *etag = NULL;

  pt_test_conn_send (conn, request);
  resp = pt_test_conn_read (conn, !c->head_method && c->status != 304);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, c->status);
  etag = pt_test_head_field (resp->head, "ETag");

  switch (c->status)
    {
    case 304:
      /* exactly ETag, Last-Modified and Cache-Control; no body, no Vary */
      g_assert_cmpstr (resp->masked, ==, INDEX_304);
      g_assert_cmpstr (etag, ==, tag);
      g_assert_cmpuint (g_bytes_get_size (resp->body), ==, 0);
      break;
    case 200:
      g_assert_cmpstr (resp->masked, ==, INDEX_200);
      g_assert_cmpstr (etag, ==, tag);
      if (!c->head_method)
        g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body),
                         PT_TEST_INDEX_HTML, strlen (PT_TEST_INDEX_HTML));
      break;
    case 412:
      {
        g_autofree char *expected = expected_error_head (412, KA);
        char body[PT_HTTP_MAX_ERROR_BODY];
        gssize len = pt_http_response_write_error_body (body, sizeof body, 412);

        g_assert_cmpstr (resp->masked, ==, expected);
        g_assert_null (etag);
        if (!c->head_method)
          g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body),
                           body, (gsize) len);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  /* the connection is still in step */
  pt_test_conn_send (conn, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  again = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (again);
  g_assert_cmpint (again->status, ==, 200);
}

/* One worker: records of different workers reach log.txt in the order
 * their chunks are flushed, not the order of the requests. */
static void
tweak_one_thread (PtServerConfig *config)
{
  config->n_threads = 1;
}

/* 304 and 412 are logged in the report's format. */
static void
test_cond_log (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_thread);
  g_autofree char *tag = pt_test_file_etag (ts, "index.html");
  g_autofree char *r304 = g_strdup_printf ("GET /index.html HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: %s\r\n"
                                           "Connection: close\r\n\r\n", tag);
  g_autoptr(PtTestResponse) a = pt_test_request (ts->port, r304, FALSE);
  g_autoptr(PtTestResponse) b = NULL;
  g_autoptr(PtTestResponse) c = NULL;
  g_autofree char *log = NULL;

  g_assert_nonnull (a);
  g_assert_cmpint (a->status, ==, 304);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 1));
  b = pt_test_request (ts->port, "GET /index.html HTTP/1.1\r\nHost: localhost\r\nIf-Match: \"x\"\r\n"
                       "Connection: close\r\n\r\n", TRUE);
  g_assert_nonnull (b);
  g_assert_cmpint (b->status, ==, 412);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 2));
  c = pt_test_request (ts->port, "HEAD /sub/ HTTP/1.0\r\nIf-Unmodified-Since: " PAST "\r\n\r\n", FALSE);
  g_assert_nonnull (c);
  g_assert_cmpint (c->status, ==, 412);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 3));

  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 304 Not Modified][Date: DATE][Connection: close]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 412 Precondition Failed][Date: DATE][Connection: close]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: HEAD][Request file name: /sub/index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 412 Precondition Failed][Date: DATE][Connection: close]\n");
}

/* Preconditions only apply to a file we would send: a 404 stays a 404. */
static void
test_cond_missing_file (void)
{
  g_autoptr(PtTestResponse) resp = pt_test_request (fixture->port,
    "GET /abc.html HTTP/1.1\r\nHost: localhost\r\nIf-Match: \"x\"\r\nIf-None-Match: *\r\nConnection: close\r\n\r\n", TRUE);
  g_autofree char *expected = expected_error_head (404, CLOSE);

  g_assert_nonnull (resp);
  g_assert_cmpstr (resp->masked, ==, expected);
}

/* ---- Cache-Control and charset options ------------------------------------ */

static void
tweak_report_exact (PtServerConfig *config)
{
  g_free (config->cache_control);
  config->cache_control = g_strdup ("");
  config->text_charset = FALSE;
}

static void
tweak_max_age (PtServerConfig *config)
{
  g_free (config->cache_control);
  config->cache_control = g_strdup ("public, max-age=60");
}

static void
tweak_no_cache_control (PtServerConfig *config)
{
  g_clear_pointer (&config->cache_control, g_free);
}

/* --cache-control "" --no-charset: the report's Content-Type, no
 * Cache-Control; the ETag stays. */
static void
test_report_exact_headers (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_report_exact);
  g_autofree char *tag = pt_test_file_etag (ts, "index.html");
  g_autofree char *r304 = g_strdup_printf ("GET /index.html HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: %s\r\n\r\n", tag);
  g_autoptr(PtTestResponse) a = pt_test_request (ts->port, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) b = pt_test_request (ts->port, "GET /sub/page.txt HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) c = pt_test_request (ts->port, r304, FALSE);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  g_assert_cmpstr (a->masked, ==, "HTTP/1.1 200 OK\nDate: DATE\n" KA
                   "Last-Modified: DATE\nETag: ETAG\nContent-Length: 221\nContent-Type: text/html\nAccept-Ranges: bytes");
  g_assert_cmpstr (b->masked, ==, "HTTP/1.1 200 OK\nDate: DATE\n" KA
                   "Last-Modified: DATE\nETag: ETAG\nContent-Length: 9\nContent-Type: text/plain\nAccept-Ranges: bytes");
  g_assert_cmpstr (c->masked, ==, "HTTP/1.1 304 Not Modified\nDate: DATE\n" KA
                   "Last-Modified: DATE\nETag: ETAG");
}

static void
test_cache_control_value (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_max_age);
  g_autoptr(PtTestServer) none = pt_test_server_new (tweak_no_cache_control);
  g_autoptr(PtTestResponse) a = pt_test_request (ts->port, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) b = pt_test_request (ts->port, "HEAD /index.html HTTP/1.1\r\nHost: localhost\r\n"
                                                 "If-Modified-Since: " FUTURE "\r\n\r\n", FALSE);
  g_autoptr(PtTestResponse) c = pt_test_request (none->port, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) err = pt_test_request (ts->port, "GET /abc.html HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_autofree char *expected_err = expected_error_head (404, KA);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  g_assert_nonnull (err);
  g_assert_cmpstr (a->masked, ==, "HTTP/1.1 200 OK\nDate: DATE\n" KA
                   "Last-Modified: DATE\nETag: ETAG\nCache-Control: public, max-age=60\n"
                   "Content-Length: 221\nContent-Type: text/html; charset=utf-8\nAccept-Ranges: bytes");
  g_assert_cmpstr (b->masked, ==, "HTTP/1.1 304 Not Modified\nDate: DATE\n" KA
                   "Last-Modified: DATE\nETag: ETAG\nCache-Control: public, max-age=60");
  g_assert_cmpstr (c->masked, ==, "HTTP/1.1 200 OK\nDate: DATE\n" KA
                   "Last-Modified: DATE\nETag: ETAG\nContent-Length: 221\nContent-Type: text/html; charset=utf-8\nAccept-Ranges: bytes");
  /* error pages are not file responses: no validators, no Cache-Control */
  g_assert_cmpstr (err->masked, ==, expected_err);
}

/* ---- HTTP/1.2 ------------------------------------------------------------- */

static void
test_http_1_2 (void)
{
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);
  g_autoptr(PtTestResponse) a = NULL;
  g_autoptr(PtTestResponse) b = NULL;
  g_autoptr(PtTestResponse) c = pt_test_request (fixture->port, "GET / HTTP/1.2\r\n\r\n", TRUE);
  g_autoptr(PtTestResponse) d = pt_test_request (fixture->port, "GET / HTTP/2.0\r\nHost: localhost\r\n\r\n", TRUE);

  /* answered as HTTP/1.1: our status line, persistent by default */
  pt_test_conn_send (conn, "GET /index.html HTTP/1.2\r\nHost: localhost\r\n\r\n");
  a = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (a);
  g_assert_true (g_str_has_prefix (a->head, "HTTP/1.1 200 OK\r\n"));
  g_assert_cmpstr (a->masked, ==, INDEX_200);
  g_assert_cmpmem (g_bytes_get_data (a->body, NULL), g_bytes_get_size (a->body),
                   PT_TEST_INDEX_HTML, strlen (PT_TEST_INDEX_HTML));
  pt_test_conn_send (conn, "HEAD / HTTP/1.2\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  b = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (b);
  g_assert_cmpint (b->status, ==, 200);
  g_assert_true (pt_test_conn_closed (conn, PT_TEST_IO_TIMEOUT_MS));

  /* and like 1.1 it needs a Host; 2.0 is still 505 */
  g_assert_nonnull (c);
  g_assert_cmpint (c->status, ==, 400);
  g_assert_nonnull (d);
  g_assert_cmpint (d->status, ==, 505);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  fixture = pt_test_server_new (NULL);

  g_test_add_func ("/engine/validators/etag/present-and-stable", test_etag_present_and_stable);
  g_test_add_func ("/engine/validators/etag/same-second-rewrite", test_etag_same_second_rewrite);
  for (guint i = 0; i < G_N_ELEMENTS (cond_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/engine/validators/cond/%s", cond_cases[i].name);

      g_test_add_data_func (name, &cond_cases[i], test_cond_case);
    }
  g_test_add_func ("/engine/validators/cond/log", test_cond_log);
  g_test_add_func ("/engine/validators/cond/missing-file", test_cond_missing_file);
  g_test_add_func ("/engine/validators/options/report-exact", test_report_exact_headers);
  g_test_add_func ("/engine/validators/options/cache-control", test_cache_control_value);
  g_test_add_func ("/engine/validators/http-1-2", test_http_1_2);

  rc = g_test_run ();
  pt_test_server_free (fixture);
  return rc;
}
