/* test-engine-precompressed.c — --precompressed: x.br / x.gz beside x, as
 * exact heads and bodies over a socket
 *
 * Each rule of Accept-Encoding (q-values, q=0, "*", identity), the
 * sidecar's own validators and length with the original's type, Vary on
 * every response for a file that has a sidecar (200, 304, 206, 416, HEAD),
 * a stale sidecar ignored, ranges of the identity file, a sidecar that
 * appears or goes while cached, and nothing of it with the option off.
 * The sidecars' bytes need not be real brotli or gzip: the server sends
 * them as they are.
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pt-file-cache.h"
#include "pt-http-date.h"
#include "pt-http-etag.h"
#include "pt-test-util.h"

#define MTIME 1700000000   /* Tue, 14 Nov 2023 22:13:20 GMT */

#define APP_JS  "console.log ('identity');\n"   /* 26 bytes */
#define APP_BR  "BR-BYTES"                      /* 8 */
#define APP_GZ  "GZ-BYTES!"                     /* 9 */
#define CSS     "body { color: black; }\n"      /* 23 */
#define CSS_GZ  "GZ-CSS"                        /* 6 */
#define OLD_TXT "plain text\n"                  /* 11 */

#define HEAD_200 "HTTP/1.1 200 OK\nDate: DATE\nConnection: close\n"
#define VALIDATORS "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache\n"
#define VARY "Vary: Accept-Encoding\n"
#define JS_TYPE "Content-Type: text/javascript; charset=utf-8\n"

/* app.js 200 as br, as gzip, as identity (with Vary) */
#define APP_AS_BR HEAD_200 VALIDATORS VARY "Content-Length: 8\n" JS_TYPE "Content-Encoding: br"
#define APP_AS_GZ HEAD_200 VALIDATORS VARY "Content-Length: 9\n" JS_TYPE "Content-Encoding: gzip"
#define APP_AS_ID HEAD_200 VALIDATORS VARY "Content-Length: 26\n" JS_TYPE "Accept-Ranges: bytes"

/* The server every table case talks to (read-only once main() started it). */
static PtTestServer *fixture;

static void
put_file_at (const char *dir,
             const char *name,
             const char *data,
             gsize       len,
             time_t      mtime)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  struct timespec times[2] = { { mtime, 0 }, { mtime, 0 } };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static void
put_file (const char *dir,
          const char *name,
          const char *data,
          time_t      mtime)
{
  put_file_at (dir, name, data, strlen (data), mtime);
}

static void
assert_body (PtTestResponse *resp,
             const char     *body,
             gsize           len)
{
  g_assert_nonnull (resp->body);
  g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body), body, len);
}

/* GET (or HEAD) path with the given extra field lines ("" for none). */
static PtTestResponse *
get (PtTestServer *ts,
     const char   *method,
     const char   *path,
     const char   *fields)
{
  g_autofree char *request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                                              "%s\r\n", method, path, fields);

  return pt_test_request (ts->port, request, !g_str_equal (method, "HEAD"));
}

static void
docroot_files (const char *docroot)
{
  g_autofree char *big = g_malloc (PT_FILE_CACHE_SMALL * 2);
  g_autofree char *big_gz = g_malloc (PT_FILE_CACHE_SMALL + 1000);

  put_file (docroot, "app.js", APP_JS, MTIME);
  put_file (docroot, "app.js.br", APP_BR, MTIME + 1);
  put_file (docroot, "app.js.gz", APP_GZ, MTIME);        /* as new as app.js: used */
  put_file (docroot, "style.css", CSS, MTIME);
  put_file (docroot, "style.css.gz", CSS_GZ, MTIME + 5);
  put_file (docroot, "old.txt", OLD_TXT, MTIME);
  put_file (docroot, "old.txt.gz", "STALE", MTIME - 1);  /* older: ignored */
  put_file (docroot, "plain.html", "<p>no sidecar</p>\n", MTIME);

  /* above the small-file limit: both sent with sendfile */
  memset (big, 'i', PT_FILE_CACHE_SMALL * 2);
  memset (big_gz, 'z', PT_FILE_CACHE_SMALL + 1000);
  put_file_at (docroot, "big.svg", big, PT_FILE_CACHE_SMALL * 2, MTIME);
  put_file_at (docroot, "big.svg.gz", big_gz, PT_FILE_CACHE_SMALL + 1000, MTIME);
}

/* ---- which file each Accept-Encoding gets --------------------------------- */

typedef enum { SENT_BR, SENT_GZ, SENT_IDENTITY } Sent;

typedef struct
{
  int         line;
  const char *accept_encoding;   /* NULL: no field */
  Sent        sent;              /* for app.js (.br and .gz beside it) */
} CodingCase;

static const CodingCase coding_cases[] = {
  { __LINE__, NULL,                           SENT_IDENTITY },   /* no field: the plain file */
  { __LINE__, "br",                           SENT_BR },
  { __LINE__, "gzip",                         SENT_GZ },
  { __LINE__, "x-gzip",                       SENT_GZ },
  { __LINE__, "gzip, deflate, br",            SENT_BR },         /* equal q: br first */
  { __LINE__, "gzip, br",                     SENT_BR },
  { __LINE__, "br;q=0.5, gzip",               SENT_GZ },         /* higher q wins */
  { __LINE__, "br;q=0.9, gzip;q=0.8",         SENT_BR },
  { __LINE__, "gzip;q=1, br;q=0.999",         SENT_GZ },
  { __LINE__, "br;q=0",                       SENT_IDENTITY },   /* q=0 refuses */
  { __LINE__, "br;q=0, gzip",                 SENT_GZ },
  { __LINE__, "br;q=0, gzip;q=0",             SENT_IDENTITY },
  { __LINE__, "BR;Q=0.000, GZIP;q=0.0",       SENT_IDENTITY },
  { __LINE__, "*",                            SENT_BR },         /* every coding */
  { __LINE__, "*;q=0.5, gzip",                SENT_GZ },         /* named beats "*" */
  { __LINE__, "*;q=0",                        SENT_IDENTITY },   /* nothing acceptable: the plain file */
  { __LINE__, "*, br;q=0",                    SENT_GZ },
  { __LINE__, "identity",                     SENT_IDENTITY },
  { __LINE__, "identity, gzip;q=0.5",         SENT_IDENTITY },   /* identity at q=1 beats gzip at 0.5 */
  { __LINE__, "identity;q=0.5, gzip",         SENT_GZ },
  { __LINE__, "identity;q=0",                 SENT_IDENTITY },   /* nothing acceptable: the plain file */
  { __LINE__, "",                             SENT_IDENTITY },   /* empty: no coding wanted */
  { __LINE__, "deflate, zstd",                SENT_IDENTITY },   /* none we have */
  { __LINE__, "br;q=1.5, gzip",               SENT_GZ },         /* an invalid element drops itself */
};

static void
test_coding_case (gconstpointer data)
{
  const CodingCase *c = data;
  g_autofree char *fields = c->accept_encoding != NULL
                            ? g_strdup_printf ("Accept-Encoding: %s\r\n", c->accept_encoding)
                            : g_strdup ("");
  g_autoptr(PtTestResponse) resp = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *expected_etag = NULL;
  g_autofree char *last_modified = NULL;
  g_autofree char *expected_lm = NULL;

  g_test_message ("line %d: %s", c->line, c->accept_encoding ? c->accept_encoding : "(none)");
  resp = get (fixture, "GET", "/app.js", fields);
  g_assert_nonnull (resp);
  etag = pt_test_head_field (resp->head, "ETag");
  last_modified = pt_test_head_field (resp->head, "Last-Modified");
  switch (c->sent)
    {
    case SENT_BR:
      g_assert_cmpstr (resp->masked, ==, APP_AS_BR);
      assert_body (resp, APP_BR, strlen (APP_BR));
      expected_etag = pt_test_file_etag (fixture, "app.js.br");
      expected_lm = pt_test_http_date (MTIME + 1);
      break;
    case SENT_GZ:
      g_assert_cmpstr (resp->masked, ==, APP_AS_GZ);
      assert_body (resp, APP_GZ, strlen (APP_GZ));
      expected_etag = pt_test_file_etag (fixture, "app.js.gz");
      expected_lm = pt_test_http_date (MTIME);
      break;
    case SENT_IDENTITY:
    default:
      g_assert_cmpstr (resp->masked, ==, APP_AS_ID);
      assert_body (resp, APP_JS, strlen (APP_JS));
      expected_etag = pt_test_file_etag (fixture, "app.js");
      expected_lm = pt_test_http_date (MTIME);
      break;
    }
  /* the sidecar's own validators */
  g_assert_cmpstr (etag, ==, expected_etag);
  g_assert_cmpstr (last_modified, ==, expected_lm);
}

/* ---- single rules ---------------------------------------------------------- */

/* Only a .gz beside style.css: "br" alone finds nothing acceptable but
 * identity; with identity refused too, the plain file anyway (RFC 9110
 * §12.5.3), still with Vary. */
static void
test_gzip_only (void)
{
  g_autoptr(PtTestResponse) gz = get (fixture, "GET", "/style.css", "Accept-Encoding: br, gzip\r\n");
  g_autoptr(PtTestResponse) br = get (fixture, "GET", "/style.css", "Accept-Encoding: br\r\n");
  g_autoptr(PtTestResponse) none = get (fixture, "GET", "/style.css",
                                        "Accept-Encoding: br, identity;q=0\r\n");
  static const char css_id[] = HEAD_200 VALIDATORS VARY "Content-Length: 23\n"
                               "Content-Type: text/css; charset=utf-8\nAccept-Ranges: bytes";

  g_assert_cmpstr (gz->masked, ==, HEAD_200 VALIDATORS VARY "Content-Length: 6\n"
                   "Content-Type: text/css; charset=utf-8\nContent-Encoding: gzip");
  assert_body (gz, CSS_GZ, strlen (CSS_GZ));
  g_assert_cmpstr (br->masked, ==, css_id);
  assert_body (br, CSS, strlen (CSS));
  g_assert_cmpstr (none->masked, ==, css_id);
  assert_body (none, CSS, strlen (CSS));
}

/* A file without a sidecar: no Vary, whatever the client accepts, even
 * with identity refused (the plain file: there is nothing else). */
static void
test_no_sidecar (void)
{
  static const char expected[] = HEAD_200 VALIDATORS "Content-Length: 18\n"
                                 "Content-Type: text/html; charset=utf-8\nAccept-Ranges: bytes";
  g_autoptr(PtTestResponse) a = get (fixture, "GET", "/plain.html", "Accept-Encoding: gzip, br\r\n");
  g_autoptr(PtTestResponse) b = get (fixture, "GET", "/plain.html", "Accept-Encoding: identity;q=0\r\n");
  g_autoptr(PtTestResponse) c = get (fixture, "GET", "/plain.html", "Accept-Encoding: *;q=0\r\n");

  g_assert_cmpstr (a->masked, ==, expected);
  g_assert_cmpstr (b->masked, ==, expected);
  g_assert_cmpstr (c->masked, ==, expected);
  assert_body (c, "<p>no sidecar</p>\n", 18);
}

/* A sidecar older than its file is ignored: the plain file, no Vary. */
static void
test_stale_sidecar (void)
{
  g_autoptr(PtTestResponse) resp = get (fixture, "GET", "/old.txt", "Accept-Encoding: gzip\r\n");

  g_assert_cmpstr (resp->masked, ==, HEAD_200 VALIDATORS "Content-Length: 11\n"
                   "Content-Type: text/plain; charset=utf-8\nAccept-Ranges: bytes");
  assert_body (resp, OLD_TXT, strlen (OLD_TXT));
}

/* HEAD: the same head as GET (the sidecar's length), no body. */
static void
test_head (void)
{
  g_autoptr(PtTestResponse) br = get (fixture, "HEAD", "/app.js", "Accept-Encoding: br\r\n");
  g_autoptr(PtTestResponse) gz = get (fixture, "HEAD", "/app.js", "Accept-Encoding: gzip\r\n");
  g_autoptr(PtTestResponse) id = get (fixture, "HEAD", "/app.js", "");
  g_autoptr(PtTestConn) conn = pt_test_conn_new (fixture->port);

  g_assert_cmpstr (br->masked, ==, APP_AS_BR);
  g_assert_cmpstr (gz->masked, ==, APP_AS_GZ);
  g_assert_cmpstr (id->masked, ==, APP_AS_ID);

  /* nothing follows the head: the next response on the connection is next */
  pt_test_conn_send (conn, "HEAD /app.js HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br\r\n\r\n"
                           "GET /plain.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  {
    g_autoptr(PtTestResponse) first = pt_test_conn_read (conn, FALSE);
    g_autoptr(PtTestResponse) second = pt_test_conn_read (conn, TRUE);

    g_assert_nonnull (first);
    g_assert_cmpint (first->status, ==, 200);
    g_assert_cmpuint (first->content_length, ==, 8);
    g_assert_nonnull (second);
    g_assert_cmpint (second->status, ==, 200);
    assert_body (second, "<p>no sidecar</p>\n", 18);
  }
}

/* 304 for the sidecar the client has: its ETag, with Vary (RFC 9110
 * §15.4.5); the br tag does not match what a gzip client gets. */
static void
test_not_modified (void)
{
  g_autofree char *br_tag = pt_test_file_etag (fixture, "app.js.br");
  g_autofree char *id_tag = pt_test_file_etag (fixture, "app.js");
  g_autofree char *inm_br = g_strdup_printf ("Accept-Encoding: br\r\nIf-None-Match: %s\r\n", br_tag);
  g_autofree char *inm_gz = g_strdup_printf ("Accept-Encoding: gzip\r\nIf-None-Match: %s\r\n", br_tag);
  g_autofree char *inm_id = g_strdup_printf ("If-None-Match: %s\r\n", id_tag);
  g_autoptr(PtTestResponse) a = get (fixture, "GET", "/app.js", inm_br);
  g_autoptr(PtTestResponse) b = get (fixture, "GET", "/app.js", inm_gz);
  g_autoptr(PtTestResponse) c = get (fixture, "GET", "/app.js", inm_id);
  g_autoptr(PtTestResponse) d = get (fixture, "HEAD", "/app.js", inm_br);
  g_autoptr(PtTestResponse) e = get (fixture, "GET", "/app.js",
                                     "Accept-Encoding: br\r\nIf-Modified-Since: Tue, 14 Nov 2023 22:13:21 GMT\r\n");
  g_autofree char *a_tag = NULL;
  g_autofree char *c_tag = NULL;
  static const char not_modified[] = "HTTP/1.1 304 Not Modified\nDate: DATE\nConnection: close\n"
                                     VALIDATORS "Vary: Accept-Encoding";

  g_assert_cmpstr (a->masked, ==, not_modified);
  a_tag = pt_test_head_field (a->head, "ETag");
  g_assert_cmpstr (a_tag, ==, br_tag);
  g_assert_cmpstr (b->masked, ==, APP_AS_GZ);
  assert_body (b, APP_GZ, strlen (APP_GZ));
  g_assert_cmpstr (c->masked, ==, not_modified);
  c_tag = pt_test_head_field (c->head, "ETag");
  g_assert_cmpstr (c_tag, ==, id_tag);
  g_assert_cmpstr (d->masked, ==, not_modified);
  g_assert_cmpstr (e->masked, ==, not_modified);
}

/* A Range is of the identity file, whatever the client accepts: 206 with
 * Vary; If-Range with the sidecar's tag does not match it (the whole
 * identity file); 416 has Vary too. */
static void
test_range (void)
{
  g_autofree char *br_tag = pt_test_file_etag (fixture, "app.js.br");
  g_autofree char *id_tag = pt_test_file_etag (fixture, "app.js");
  g_autofree char *if_range_br = g_strdup_printf ("Accept-Encoding: br\r\nRange: bytes=0-6\r\nIf-Range: %s\r\n",
                                                  br_tag);
  g_autofree char *if_range_id = g_strdup_printf ("Accept-Encoding: br\r\nRange: bytes=0-6\r\nIf-Range: %s\r\n",
                                                  id_tag);
  g_autoptr(PtTestResponse) partial = get (fixture, "GET", "/app.js", "Accept-Encoding: br, gzip\r\nRange: bytes=0-6\r\n");
  g_autoptr(PtTestResponse) whole = get (fixture, "GET", "/app.js", if_range_br);
  g_autoptr(PtTestResponse) matched = get (fixture, "GET", "/app.js", if_range_id);
  g_autoptr(PtTestResponse) unsatisfiable = get (fixture, "GET", "/app.js", "Accept-Encoding: br\r\nRange: bytes=100-\r\n");
  g_autoptr(PtTestResponse) head = get (fixture, "HEAD", "/app.js", "Accept-Encoding: br\r\nRange: bytes=0-6\r\n");
  g_autoptr(PtTestResponse) invalid = get (fixture, "GET", "/app.js", "Accept-Encoding: gzip\r\nRange: lines=1-2\r\n");
  static const char partial_head[] = "HTTP/1.1 206 Partial Content\nDate: DATE\nConnection: close\n"
                                     VALIDATORS VARY "Content-Length: 7\n" JS_TYPE
                                     "Content-Range: bytes 0-6/26\nAccept-Ranges: bytes";
  g_autofree char *tag = NULL;

  g_assert_cmpstr (partial->masked, ==, partial_head);
  assert_body (partial, APP_JS, 7);
  tag = pt_test_head_field (partial->head, "ETag");
  g_assert_cmpstr (tag, ==, id_tag);
  g_assert_cmpstr (whole->masked, ==, APP_AS_ID);
  assert_body (whole, APP_JS, strlen (APP_JS));
  g_assert_cmpstr (matched->masked, ==, partial_head);
  assert_body (matched, APP_JS, 7);
  g_assert_nonnull (unsatisfiable);
  g_assert_cmpint (unsatisfiable->status, ==, 416);
  g_assert_true (strstr (unsatisfiable->masked, "\nVary: Accept-Encoding\n") != NULL);
  g_assert_true (strstr (unsatisfiable->masked, "\nContent-Range: bytes */26") != NULL);
  /* HEAD ignores Range: the identity file's 200 head */
  g_assert_cmpstr (head->masked, ==, APP_AS_ID);
  /* a Range of another unit is ignored, but still the identity file */
  g_assert_cmpstr (invalid->masked, ==, APP_AS_ID);
  assert_body (invalid, APP_JS, strlen (APP_JS));
}

/* A sidecar above the small-file limit goes out with sendfile. */
static void
test_big_sidecar (void)
{
  g_autoptr(PtTestResponse) gz = get (fixture, "GET", "/big.svg", "Accept-Encoding: gzip\r\n");
  g_autoptr(PtTestResponse) id = get (fixture, "GET", "/big.svg", "");
  g_autofree char *z = g_malloc (PT_FILE_CACHE_SMALL + 1000);
  g_autofree char *i = g_malloc (PT_FILE_CACHE_SMALL * 2);
  g_autofree char *gz_head = g_strdup_printf (HEAD_200 VALIDATORS VARY "Content-Length: %d\n"
                                              "Content-Type: image/svg+xml; charset=utf-8\n"
                                              "Content-Encoding: gzip", PT_FILE_CACHE_SMALL + 1000);
  g_autofree char *id_head = g_strdup_printf (HEAD_200 VALIDATORS VARY "Content-Length: %d\n"
                                              "Content-Type: image/svg+xml; charset=utf-8\n"
                                              "Accept-Ranges: bytes", PT_FILE_CACHE_SMALL * 2);

  memset (z, 'z', PT_FILE_CACHE_SMALL + 1000);
  memset (i, 'i', PT_FILE_CACHE_SMALL * 2);
  g_assert_cmpstr (gz->masked, ==, gz_head);
  assert_body (gz, z, PT_FILE_CACHE_SMALL + 1000);
  g_assert_cmpstr (id->masked, ==, id_head);
  assert_body (id, i, PT_FILE_CACHE_SMALL * 2);
}

/* The sidecar asked for by its own name is a file of its own, as the type
 * rules say (application/gzip, no Content-Encoding, no Vary). */
static void
test_sidecar_by_name (void)
{
  g_autoptr(PtTestResponse) resp = get (fixture, "GET", "/app.js.gz", "Accept-Encoding: gzip\r\n");
  g_autoptr(PtTestResponse) br = get (fixture, "GET", "/app.js.br", "Accept-Encoding: br\r\n");
  g_autofree char *tag = NULL;
  g_autofree char *expected_tag = pt_test_file_etag (fixture, "app.js.gz");

  g_assert_cmpstr (resp->masked, ==, HEAD_200 VALIDATORS "Content-Length: 9\n"
                   "Content-Type: application/gzip\nAccept-Ranges: bytes");
  assert_body (resp, APP_GZ, strlen (APP_GZ));
  tag = pt_test_head_field (resp->head, "ETag");
  g_assert_cmpstr (tag, ==, expected_tag);
  /* .br is no type Portico serves (the report's 400) */
  g_assert_cmpint (br->status, ==, 400);
}

/* ---- the cache follows the sidecars ---------------------------------------- */

static void
tweak_precompressed (PtServerConfig *config)
{
  config->n_threads = 1;
  config->precompressed = TRUE;
}

static void
tweak_off (PtServerConfig *config)
{
  config->n_threads = 1;
}

/* A sidecar that appears, is made stale, or goes while the file is cached
 * is seen at the next revalidation (PT_FILE_CACHE_CHECK_MS). */
static void
test_sidecar_changes (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_precompressed);
  g_autofree char *gz_path = g_build_filename (ts->docroot, "late.css.gz", NULL);
  g_autoptr(PtTestResponse) before = NULL;
  g_autoptr(PtTestResponse) added = NULL;
  g_autoptr(PtTestResponse) stale = NULL;
  g_autoptr(PtTestResponse) removed = NULL;
  static const char id_head[] = HEAD_200 VALIDATORS "Content-Length: 23\n"
                                "Content-Type: text/css; charset=utf-8\nAccept-Ranges: bytes";

  put_file (ts->docroot, "late.css", CSS, MTIME);
  before = get (ts, "GET", "/late.css", "Accept-Encoding: gzip\r\n");
  g_assert_cmpstr (before->masked, ==, id_head);

  put_file (ts->docroot, "late.css.gz", CSS_GZ, MTIME);
  g_usleep ((PT_FILE_CACHE_CHECK_MS + 100) * 1000);
  added = get (ts, "GET", "/late.css", "Accept-Encoding: gzip\r\n");
  g_assert_cmpstr (added->masked, ==, HEAD_200 VALIDATORS VARY "Content-Length: 6\n"
                   "Content-Type: text/css; charset=utf-8\nContent-Encoding: gzip");
  assert_body (added, CSS_GZ, strlen (CSS_GZ));

  /* the sidecar made older than its file: ignored */
  {
    struct timespec times[2] = { { MTIME - 60, 0 }, { MTIME - 60, 0 } };

    g_assert_cmpint (utimensat (AT_FDCWD, gz_path, times, 0), ==, 0);
  }
  g_usleep ((PT_FILE_CACHE_CHECK_MS + 100) * 1000);
  stale = get (ts, "GET", "/late.css", "Accept-Encoding: gzip\r\n");
  g_assert_cmpstr (stale->masked, ==, id_head);

  g_assert_cmpint (g_unlink (gz_path), ==, 0);
  g_usleep ((PT_FILE_CACHE_CHECK_MS + 100) * 1000);
  removed = get (ts, "GET", "/late.css", "Accept-Encoding: gzip\r\n");
  g_assert_cmpstr (removed->masked, ==, id_head);
  assert_body (removed, CSS, strlen (CSS));
}

/* Off (the default): no sidecar is looked for, no Vary, no Content-Encoding. */
static void
test_option_off (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_off);
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(PtTestResponse) by_name = NULL;
  g_autoptr(PtTestResponse) not_modified = NULL;
  g_autofree char *inm = NULL;
  g_autofree char *tag = NULL;

  docroot_files (ts->docroot);
  resp = get (ts, "GET", "/app.js", "Accept-Encoding: br, gzip\r\n");
  g_assert_cmpstr (resp->masked, ==, HEAD_200 VALIDATORS "Content-Length: 26\n" JS_TYPE
                   "Accept-Ranges: bytes");
  assert_body (resp, APP_JS, strlen (APP_JS));

  tag = pt_test_file_etag (ts, "app.js");
  inm = g_strdup_printf ("Accept-Encoding: br\r\nIf-None-Match: %s\r\n", tag);
  not_modified = get (ts, "GET", "/app.js", inm);
  g_assert_cmpstr (not_modified->masked, ==, "HTTP/1.1 304 Not Modified\nDate: DATE\nConnection: close\n"
                   "Last-Modified: DATE\nETag: ETAG\nCache-Control: no-cache");

  by_name = get (ts, "GET", "/app.js.gz", "Accept-Encoding: gzip\r\n");
  g_assert_cmpstr (by_name->masked, ==, HEAD_200 VALIDATORS "Content-Length: 9\n"
                   "Content-Type: application/gzip\nAccept-Ranges: bytes");
}

/* The log records stay the report's: the path asked for, the status. */
static void
test_log (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_precompressed);
  g_autoptr(PtTestResponse) resp = NULL;
  g_autofree char *log = NULL;

  docroot_files (ts->docroot);
  resp = get (ts, "GET", "/app.js", "Accept-Encoding: br\r\n");
  g_assert_cmpstr (resp->masked, ==, APP_AS_BR);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));
  pt_server_stop (ts->server);

  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /app.js][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: close]\n");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  fixture = pt_test_server_new (tweak_precompressed);
  docroot_files (fixture->docroot);

  for (gsize i = 0; i < G_N_ELEMENTS (coding_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/engine/precompressed/coding/line-%d", coding_cases[i].line);

      g_test_add_data_func (name, &coding_cases[i], test_coding_case);
    }
  g_test_add_func ("/engine/precompressed/gzip-only", test_gzip_only);
  g_test_add_func ("/engine/precompressed/no-sidecar", test_no_sidecar);
  g_test_add_func ("/engine/precompressed/stale-sidecar", test_stale_sidecar);
  g_test_add_func ("/engine/precompressed/head", test_head);
  g_test_add_func ("/engine/precompressed/not-modified", test_not_modified);
  g_test_add_func ("/engine/precompressed/range", test_range);
  g_test_add_func ("/engine/precompressed/big-sidecar", test_big_sidecar);
  g_test_add_func ("/engine/precompressed/sidecar-by-name", test_sidecar_by_name);
  g_test_add_func ("/engine/precompressed/sidecar-changes", test_sidecar_changes);
  g_test_add_func ("/engine/precompressed/option-off", test_option_off);
  g_test_add_func ("/engine/precompressed/log", test_log);

  ret = g_test_run ();
  pt_test_server_free (fixture);
  return ret;
}
