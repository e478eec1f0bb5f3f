/* test-engine-live-reload.c — live reload over a socket (pt-live-reload.c, PT_CONN_STREAM)
 *
 * Off: /.portico/ is a plain 404 and nothing is injected.  On: the script
 * tag inserted into every HTML document (files, the 404 page, the SPA
 * page, listings) at the exact offset, with an exact Content-Length, its
 * own ETag (304 against it), no ranges, the same length for HEAD, a 10 MiB
 * page; never into non-documents, other types or an opted-out request.
 * The script endpoint's head and body.  The event streams: exact bytes of
 * the head and hello, a change event, the heartbeat, the limit at N and
 * N+1 (503 with Retry-After), exempt from the keep-alive timeout and the
 * request limit, closed at stop, counted in the stats and BROWSERS events.
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pt-live-reload.h"
#include "pt-server-private.h"
#include "pt-test-util.h"

#define MTIME 1700000000   /* Tue, 14 Nov 2023 22:13:20 GMT */
#define HEARTBEAT_MS 150

static void
tweak_on (PtServerConfig *config)
{
  config->n_threads = 2;
  config->live_reload = TRUE;
  config->keep_alive_timeout_ms = 300;   /* streams outlive it */
}

static void
tweak_on_one (PtServerConfig *config)
{
  tweak_on (config);
  config->n_threads = 1;
  config->live_reload_heartbeat_ms = HEARTBEAT_MS;
  config->max_requests = 1;
  config->list_directories = TRUE;
}

static void
tweak_spa (PtServerConfig *config)
{
  tweak_on (config);
  config->spa = TRUE;
}

static void
tweak_off (PtServerConfig *config)
{
  config->n_threads = 1;
}

static void
put_file (PtTestServer *ts,
          const char   *name,
          const char   *data,
          gssize        len)
{
  g_autofree char *path = g_build_filename (ts->docroot, name, NULL);
  struct timespec times[2] = { { MTIME, 0 }, { MTIME, 0 } };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static const char *
instance (PtTestServer *ts)
{
  return ts->server->live_reload->instance;
}

static char *
tag (PtTestServer *ts)
{
  return g_strdup_printf ("<script src=\"/.portico/live-reload.js?id=%s\" defer></script>",
                          instance (ts));
}

/* The value of field name in a raw head (CRLFs), or NULL. */
static char *
field (const PtTestResponse *resp,
       const char           *name)
{
  g_auto(GStrv) lines = g_strsplit (resp->head, "\r\n", -1);
  gsize n = strlen (name);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], name, n) == 0 && lines[i][n] == ':')
      return g_strdup (lines[i] + n + 2);
  return NULL;
}

static PtTestResponse *
get (PtTestServer *ts,
     const char   *target,
     const char   *extra,
     gboolean      head)
{
  g_autofree char *request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n",
                                              head ? "HEAD" : "GET", target, extra);

  return pt_test_request (ts->port, request, !head);
}

static void
assert_body (const PtTestResponse *resp,
             const char           *expected)
{
  gsize len;
  const char *data = g_bytes_get_data (resp->body, &len);

  g_assert_cmpuint (len, ==, strlen (expected));
  if (len > 0)   /* an empty GBytes has no data pointer */
    g_assert_cmpmem (data, len, expected, strlen (expected));
  g_assert_cmpuint (resp->content_length, ==, strlen (expected));
}

/* ---- off ------------------------------------------------------------------ */

static void
test_off_is_plain (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_off);
  g_autoptr(PtTestResponse) js = get (ts, "/.portico/live-reload.js", "", FALSE);
  g_autoptr(PtTestResponse) ev = get (ts, "/.portico/events", "", FALSE);
  g_autoptr(PtTestResponse) page = get (ts, "/index.html", "Sec-Fetch-Dest: document\r\n", FALSE);
  PtServerStats stats;

  g_assert_cmpint (js->status, ==, 404);
  g_assert_cmpint (ev->status, ==, 404);
  g_assert_cmpint (page->status, ==, 200);
  assert_body (page, PT_TEST_INDEX_HTML);
  g_assert_null (ts->server->live_reload);
  pt_server_get_stats (ts->server, &stats);
  g_assert_cmpuint (stats.live_reload_browsers, ==, 0);
}

/* ---- injection ---------------------------------------------------------- */

typedef struct
{
  int         line;
  const char *name;
  const char *page;       /* '|' marks where the tag goes; none: the end */
} PageCase;

static const PageCase page_cases[] = {
  { __LINE__, "plain.html", "<html><body><p>hi</p>|</body></html>\n" },
  { __LINE__, "upper.html", "<HTML><BODY>HI|</BODY></HTML>" },
  { __LINE__, "nobody.html", "<p>a fragment without a body tag\n" },
  { __LINE__, "string.html", "<body><script>var s = \"</body>\";</script>|</body>" },
  { __LINE__, "comment.html", "<body>x|</body><!-- </body> -->" },
  { __LINE__, "empty.html", "" },
  { __LINE__, "big.html", NULL },   /* 20000 bytes: past the small-file limit (sendfile) */
};

static char *
case_page (const PageCase *pc)
{
  if (pc->page != NULL)
    return g_strdup (pc->page);
  {
    GString *s = g_string_new ("<html><body>");

    while (s->len < 20000)
      g_string_append (s, "<p>paragraph</p>\n");
    g_string_append (s, "|</body></html>\n");
    return g_string_free (s, FALSE);
  }
}

static void
test_inject_corpus (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autofree char *t = tag (ts);

  for (gsize c = 0; c < G_N_ELEMENTS (page_cases); c++)
    {
      const PageCase *pc = &page_cases[c];
      g_autofree char *marked = case_page (pc);
      g_auto(GStrv) parts = g_strsplit (marked, "|", 2);
      g_autofree char *plain = g_strjoinv ("", parts);
      /* g_strsplit ("") is an empty vector */
      g_autofree char *expected = parts[0] != NULL && parts[1] != NULL
                                  ? g_strconcat (parts[0], t, parts[1], NULL)
                                  : g_strconcat (plain, t, NULL);
      g_autofree char *target = g_strconcat ("/", pc->name, NULL);
      g_autofree char *off_target = g_strconcat (target, "?portico-live-reload=off", NULL);
      g_autoptr(PtTestResponse) doc = NULL;
      g_autoptr(PtTestResponse) head = NULL;
      g_autoptr(PtTestResponse) raw = NULL;
      g_autoptr(PtTestResponse) not_modified = NULL;
      g_autoptr(PtTestResponse) old_tag = NULL;
      g_autoptr(PtTestResponse) ranged = NULL;
      g_autofree char *raw_etag = NULL;
      g_autofree char *etag = NULL;
      g_autofree char *expected_etag = NULL;
      g_autofree char *inm = NULL;
      g_autofree char *masked = NULL;

      g_test_message ("line %d: %s", pc->line, pc->name);
      put_file (ts, pc->name, plain, -1);

      raw = get (ts, off_target, "Sec-Fetch-Dest: document\r\n", FALSE);
      g_assert_cmpint (raw->status, ==, 200);
      assert_body (raw, plain);
      raw_etag = field (raw, "ETag");
      g_assert_nonnull (raw_etag);

      doc = get (ts, target, "Sec-Fetch-Dest: document\r\n", FALSE);
      g_assert_cmpint (doc->status, ==, 200);
      assert_body (doc, expected);
      etag = field (doc, "ETag");
      expected_etag = g_strdup_printf ("%.*s-lr%s\"", (int) strlen (raw_etag) - 1, raw_etag,
                                       instance (ts));
      g_assert_cmpstr (etag, ==, expected_etag);
      masked = g_strdup_printf ("HTTP/1.1 200 OK\nDate: DATE\nConnection: keep-alive\n"
                                "Keep-Alive: timeout=1, max=99\nLast-Modified: DATE\n"
                                "ETag: %s\nCache-Control: no-cache\nContent-Length: %zu\n"
                                "Content-Type: text/html; charset=utf-8", etag, strlen (expected));
      g_assert_cmpstr (doc->masked, ==, masked);   /* no Accept-Ranges */

      head = get (ts, target, "", TRUE);
      g_assert_cmpint (head->status, ==, 200);
      g_assert_cmpuint (head->content_length, ==, strlen (expected));
      g_assert_cmpuint (g_bytes_get_size (head->body), ==, 0);

      inm = g_strdup_printf ("If-None-Match: %s\r\n", etag);
      not_modified = get (ts, target, inm, FALSE);
      g_assert_cmpint (not_modified->status, ==, 304);
      g_free (masked);
      masked = g_strdup_printf ("HTTP/1.1 304 Not Modified\nDate: DATE\nConnection: keep-alive\n"
                                "Keep-Alive: timeout=1, max=99\nLast-Modified: DATE\n"
                                "ETag: %s\nCache-Control: no-cache", etag);
      g_assert_cmpstr (not_modified->masked, ==, masked);

      /* the uninjected file's tag does not match the injected page */
      g_free (inm);
      inm = g_strdup_printf ("If-None-Match: %s\r\n", raw_etag);
      old_tag = get (ts, target, inm, FALSE);
      g_assert_cmpint (old_tag->status, ==, 200);
      assert_body (old_tag, expected);

      /* Range is ignored: the whole injected page */
      ranged = get (ts, target, "Range: bytes=0-3\r\n", FALSE);
      g_assert_cmpint (ranged->status, ==, 200);
      assert_body (ranged, expected);
    }
}

/* Requests that are not documents, types that are not HTML, opt-outs. */
static void
test_inject_only_documents (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autofree char *t = tag (ts);
  g_autofree char *injected = NULL;
  static const char page[] = "<body>x</body>";
  static const char js[] = "document.write('</body>');";
  static const struct { const char *dest; gboolean inject; } dests[] = {
    { "document", TRUE }, { "iframe", TRUE }, { NULL, TRUE },
    { "empty", FALSE }, { "script", FALSE }, { "image", FALSE }, { "style", FALSE },
    { "Document", FALSE }, { "worker", FALSE },
  };

  put_file (ts, "page.html", page, -1);
  put_file (ts, "app.js", js, -1);
  injected = g_strconcat ("<body>x", t, "</body>", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (dests); i++)
    {
      g_autofree char *extra = dests[i].dest != NULL
                               ? g_strdup_printf ("Sec-Fetch-Dest: %s\r\n", dests[i].dest)
                               : g_strdup ("");
      g_autoptr(PtTestResponse) resp = get (ts, "/page.html", extra, FALSE);
      g_autoptr(PtTestResponse) script = get (ts, "/app.js", extra, FALSE);
      g_autofree char *ranges = field (resp, "Accept-Ranges");

      g_test_message ("Sec-Fetch-Dest: %s", dests[i].dest);
      g_assert_cmpint (resp->status, ==, 200);
      assert_body (resp, dests[i].inject ? injected : page);
      g_assert_cmpstr (ranges, ==, dests[i].inject ? NULL : "bytes");
      assert_body (script, js);
    }

  {
    g_autoptr(PtTestResponse) off = get (ts, "/page.html?a=1&portico-live-reload=off", "", FALSE);
    g_autoptr(PtTestResponse) on = get (ts, "/page.html?portico-live-reload=on", "", FALSE);

    assert_body (off, page);
    assert_body (on, injected);
  }
}

/* 404.html (status stays 404), the SPA page and a listing get the tag too;
 * the built-in error pages do not. */
static void
test_inject_other_pages (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_spa);
  g_autofree char *t = tag (ts);
  g_autofree char *not_found = NULL;
  g_autofree char *index = NULL;

  put_file (ts, "404.html", "<body>gone</body>", -1);
  {
    g_autoptr(PtTestResponse) resp = get (ts, "/missing.png", "", FALSE);

    not_found = g_strconcat ("<body>gone", t, "</body>", NULL);
    g_assert_cmpint (resp->status, ==, 404);
    assert_body (resp, not_found);
  }
  {
    g_autoptr(PtTestResponse) resp = get (ts, "/some/route", "", FALSE);
    g_autofree char *parts = NULL;
    const char *at = strstr (PT_TEST_INDEX_HTML, "</body>");

    index = g_strdup_printf ("%.*s%s%s", (int) (at - PT_TEST_INDEX_HTML), PT_TEST_INDEX_HTML, t, at);
    g_assert_cmpint (resp->status, ==, 200);
    assert_body (resp, index);
  }
  {
    g_autoptr(PtTestResponse) resp = get (ts, "/x.unknowntype", "", FALSE);
    gsize len;
    const char *body = g_bytes_get_data (resp->body, &len);

    g_assert_cmpint (resp->status, ==, 400);
    g_assert_null (g_strstr_len (body, (gssize) len, "live-reload"));
  }
}

static void
test_inject_listing (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on_one);
  g_autofree char *t = tag (ts);
  g_autofree char *dir = g_build_filename (ts->docroot, "empty-dir", NULL);
  g_autoptr(PtTestResponse) raw = NULL;
  g_autoptr(PtTestResponse) doc = NULL;
  g_autofree char *expected = NULL;
  gsize raw_len;
  const char *raw_body;
  gsize at;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  raw = get (ts, "/empty-dir/?portico-live-reload=off", "", FALSE);
  doc = get (ts, "/empty-dir/", "", FALSE);
  g_assert_cmpint (raw->status, ==, 200);
  raw_body = g_bytes_get_data (raw->body, &raw_len);
  at = (gsize) (g_strstr_len (raw_body, (gssize) raw_len, "</body>") - raw_body);
  expected = g_strdup_printf ("%.*s%s%.*s", (int) at, raw_body, t, (int) (raw_len - at), raw_body + at);
  g_assert_cmpint (doc->status, ==, 200);
  assert_body (doc, expected);
}

static void
tweak_precompressed (PtServerConfig *config)
{
  tweak_on (config);
  config->precompressed = TRUE;
}

/* With --precompressed, an injected page is the identity file with the
 * tag: never a sidecar, no Content-Encoding, no Vary; a script still gets
 * its sidecar. */
static void
test_inject_no_sidecar (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_precompressed);
  g_autofree char *t = tag (ts);
  g_autofree char *injected = NULL;
  g_autoptr(PtTestResponse) doc = NULL;
  g_autoptr(PtTestResponse) script = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *vary = NULL;
  g_autofree char *script_encoding = NULL;

  put_file (ts, "page.html", "<body>x</body>", -1);
  put_file (ts, "page.html.gz", "not really gzip", -1);
  put_file (ts, "app.js", "var a = 1;", -1);
  put_file (ts, "app.js.gz", "not really gzip", -1);
  injected = g_strconcat ("<body>x", t, "</body>", NULL);

  doc = get (ts, "/page.html", "Accept-Encoding: gzip\r\nSec-Fetch-Dest: document\r\n", FALSE);
  g_assert_cmpint (doc->status, ==, 200);
  assert_body (doc, injected);
  encoding = field (doc, "Content-Encoding");
  vary = field (doc, "Vary");
  g_assert_null (encoding);
  g_assert_null (vary);

  script = get (ts, "/app.js", "Accept-Encoding: gzip\r\n", FALSE);
  script_encoding = field (script, "Content-Encoding");
  g_assert_cmpstr (script_encoding, ==, "gzip");
  assert_body (script, "not really gzip");
}

/* 10 MiB: read, injected before the last </body>, sent whole. */
static void
test_inject_large_page (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autofree char *t = tag (ts);
  const gsize size = 10 * 1024 * 1024;
  GString *page = g_string_sized_new (size);
  g_autoptr(PtTestResponse) doc = NULL;
  g_autoptr(PtTestResponse) head = NULL;
  gsize at, len;
  const char *body;

  g_string_append (page, "<html><body>");
  while (page->len < size - 32)
    g_string_append (page, "<script>'</body>'</script>\n");
  at = page->len;
  g_string_append (page, "</body></html>\n");
  put_file (ts, "large.html", page->str, (gssize) page->len);

  doc = get (ts, "/large.html", "Sec-Fetch-Dest: document\r\n", FALSE);
  g_assert_cmpint (doc->status, ==, 200);
  body = g_bytes_get_data (doc->body, &len);
  g_assert_cmpuint (len, ==, page->len + strlen (t));
  g_assert_cmpuint (doc->content_length, ==, len);
  g_assert_cmpmem (body, at, page->str, at);
  g_assert_cmpmem (body + at, strlen (t), t, strlen (t));
  g_assert_cmpmem (body + at + strlen (t), len - at - strlen (t), page->str + at, page->len - at);

  head = get (ts, "/large.html", "", TRUE);
  g_assert_cmpuint (head->content_length, ==, page->len + strlen (t));
  g_string_free (page, TRUE);
}

/* ---- the script ------------------------------------------------------------ */

static void
test_script_endpoint (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autoptr(PtTestResponse) js = get (ts, "/.portico/live-reload.js?id=abc", "", FALSE);
  g_autoptr(PtTestResponse) cached = NULL;
  g_autoptr(PtTestResponse) other = NULL;
  g_autofree char *etag = field (js, "ETag");
  g_autofree char *inm = g_strdup_printf ("If-None-Match: %s\r\n", etag);
  g_autofree char *masked = NULL;
  gsize len;
  const char *body = g_bytes_get_data (js->body, &len);

  g_assert_cmpint (js->status, ==, 200);
  masked = g_strdup_printf ("HTTP/1.1 200 OK\nDate: DATE\nConnection: keep-alive\n"
                            "Keep-Alive: timeout=1, max=99\nETag: %s\nCache-Control: no-cache\n"
                            "Content-Length: %zu\nContent-Type: text/javascript; charset=utf-8",
                            etag, len);
  g_assert_cmpstr (js->masked, ==, masked);
  g_assert_true (g_str_has_prefix (body, "/* Portico live reload"));
  g_assert_nonnull (g_strstr_len (body, (gssize) len, "SharedWorker"));
  g_assert_nonnull (g_strstr_len (body, (gssize) len, "'/.portico/events'"));
  g_assert_null (field (js, "Access-Control-Allow-Origin"));

  cached = get (ts, "/.portico/live-reload.js", inm, FALSE);
  g_assert_cmpint (cached->status, ==, 304);
  other = get (ts, "/.portico/other", "", FALSE);
  g_assert_cmpint (other->status, ==, 404);
}

/* ---- streams ------------------------------------------------------------- */

/* Reads until conn->buf holds needle; FALSE on EOF or after timeout_ms. */
static gboolean
read_until (PtTestConn *conn,
            const char *needle,
            guint       timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      struct pollfd pfd = { conn->fd, POLLIN, 0 };
      char tmp[4096];
      gint64 left;
      ssize_t n;

      if (g_strstr_len ((const char *) conn->buf->data, (gssize) conn->buf->len, needle) != NULL)
        return TRUE;
      left = (end - g_get_monotonic_time ()) / 1000;
      if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
        return FALSE;
      n = recv (conn->fd, tmp, sizeof tmp, 0);
      if (n <= 0)
        return FALSE;
      g_byte_array_append (conn->buf, (guint8 *) tmp, (guint) n);
    }
}

static PtTestConn *
open_stream (PtTestServer *ts)
{
  PtTestConn *conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) resp = NULL;

  pt_test_conn_send (conn, "GET /.portico/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Accept: text/event-stream\r\n\r\n");
  resp = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  g_assert_cmpstr (resp->masked, ==, "HTTP/1.1 200 OK\nDate: DATE\nConnection: close\n"
                                     "Cache-Control: no-store\nContent-Type: text/event-stream");
  return conn;
}

static gboolean
browsers_are (PtTestServer *ts,
              guint64       n)
{
  PtServerStats stats;

  pt_server_get_stats (ts->server, &stats);
  return stats.live_reload_browsers == n;
}

typedef struct
{
  PtTestServer *ts;
  guint64       n;
} BrowsersWait;

static gboolean
browsers_reached (gpointer data)
{
  BrowsersWait *w = data;

  return browsers_are (w->ts, w->n);
}

static void
test_stream_change_and_heartbeat (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on_one);
  g_autoptr(PtTestConn) conn = open_stream (ts);
  g_autofree char *hello = g_strdup_printf ("retry: 1000\nid: 0\nevent: hello\ndata: %s\n\n", instance (ts));
  static const char *const paths[] = { "css/site.css", "a \"quoted\"\\name.html", NULL };
  static const char change[] = "id: 1\nevent: change\ndata: [\"css/site.css\",\"a \\\"quoted\\\"\\\\name.html\"]\n\n";
  g_autofree char *console = NULL;
  BrowsersWait one = { ts, 1 };

  g_assert_true (read_until (conn, hello, 2000));
  /* the hello first (a heartbeat may follow already) */
  g_assert_cmpuint (conn->buf->len, >=, strlen (hello));
  g_assert_cmpmem (conn->buf->data, strlen (hello), hello, strlen (hello));
  g_byte_array_set_size (conn->buf, 0);
  g_assert_true (pt_test_wait_until (browsers_reached, &one, 2000));

  /* the heartbeat, and the stream outlives the keep-alive timeout (300 ms)
   * and the request limit (1) */
  g_assert_true (read_until (conn, PT_CONN_STREAM_HEARTBEAT, HEARTBEAT_MS * 10));
  g_usleep (400 * 1000);
  g_byte_array_set_size (conn->buf, 0);

  pt_server_live_reload_changed (ts->server, paths);
  g_assert_true (read_until (conn, change, 2000));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_LIVE_RELOAD, 1));
  console = pt_test_server_console (ts, 0);
  g_assert_nonnull (strstr (console, "Live reload: css/site.css, a \"quoted\"\\name.html changed, "
                                     "1 browser told\n"));
  g_assert_nonnull (strstr (console, "Live reload: 1 browser connected\n"));

  /* the client goes: uncounted */
  g_clear_pointer (&conn, pt_test_conn_free);
  one.n = 0;
  g_assert_true (pt_test_wait_until (browsers_reached, &one, 2000));
}

#define FULL_EVENTS    12      /* published while the client reads nothing (≤ the ring with the last) */
#define FULL_PATH_LEN  12000   /* each event ~12 KB: together far more than both sockets hold */

/* A stream whose client reads nothing (a receive buffer of 4 KiB, set
 * before the connect so the window is small too): its socket fills, the
 * server keeps the connection and what it could not send, and a change
 * published at that moment arrives once the client reads — every event,
 * in order, exact bytes.  The stream then goes on as before. */
static void
test_stream_full_socket (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autoptr(PtTestConn) conn = g_new0 (PtTestConn, 1);
  g_autoptr(PtTestConn) again = NULL;
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(GString) expect = g_string_new (NULL);
  g_autofree char *hello = g_strdup_printf ("retry: 1000\nid: 0\nevent: hello\ndata: %s\n\n", instance (ts));
  static const char *const last[] = { "css/site.css", NULL };
  static const char last_event[] = "id: 13\nevent: change\ndata: [\"css/site.css\"]\n\n";
  static const char *const after[] = { "index.html", NULL };
  static const char after_event[] = "id: 14\nevent: change\ndata: [\"index.html\"]\n\n";
  struct sockaddr_in addr = { 0 };
  int rcvbuf = 4096;
  int queued = 0;
  BrowsersWait one = { ts, 1 };

  conn->fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (conn->fd, >=, 0);
  g_assert_cmpint (setsockopt (conn->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf), ==, 0);
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((guint16) ts->port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (conn->fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  conn->buf = g_byte_array_new ();

  pt_test_conn_send (conn, "GET /.portico/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  resp = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  g_assert_true (read_until (conn, hello, 2000));
  g_assert_cmpuint (conn->buf->len, ==, strlen (hello));
  g_byte_array_set_size (conn->buf, 0);
  g_assert_true (pt_test_wait_until (browsers_reached, &one, 2000));

  for (guint i = 0; i < FULL_EVENTS; i++)
    {
      g_autofree char *fill = g_strnfill (FULL_PATH_LEN, 'a');
      g_autofree char *path = g_strdup_printf ("%s/%02u.html", fill, i);
      const char *paths[2] = { NULL, NULL };

      paths[0] = path;
      pt_server_live_reload_changed (ts->server, paths);
      g_string_append_printf (expect, "id: %u\nevent: change\ndata: [\"%s\"]\n\n", i + 1, path);
    }
  /* the worker sends until the socket is full, and keeps the rest */
  g_usleep (300 * 1000);
  g_assert_cmpint (ioctl (conn->fd, FIONREAD, &queued), ==, 0);
  g_assert_cmpint (queued, <, (int) expect->len - 4 * PT_LIVE_RELOAD_STREAM_SNDBUF);
  g_assert_true (browsers_are (ts, 1));

  /* the change saved at that moment */
  pt_server_live_reload_changed (ts->server, last);
  g_string_append (expect, last_event);

  g_assert_true (read_until (conn, last_event, 5000));
  g_assert_cmpuint (conn->buf->len, ==, expect->len);
  g_assert_cmpmem (conn->buf->data, conn->buf->len, expect->str, expect->len);

  /* still the same stream */
  g_byte_array_set_size (conn->buf, 0);
  pt_server_live_reload_changed (ts->server, after);
  g_assert_true (read_until (conn, after_event, 2000));
  g_assert_cmpmem (conn->buf->data, conn->buf->len, after_event, strlen (after_event));
  g_assert_true (browsers_are (ts, 1));

  /* a stream opened now starts at the last change: its hello's id */
  again = open_stream (ts);
  g_free (hello);
  hello = g_strdup_printf ("retry: 1000\nid: 14\nevent: hello\ndata: %s\n\n", instance (ts));
  g_assert_true (read_until (again, hello, 2000));
  g_assert_cmpmem (again->buf->data, again->buf->len, hello, strlen (hello));
}

/* PT_LIVE_RELOAD_MAX_STREAMS open; the next gets 503 with Retry-After and
 * is closed; once one closes, a new one is admitted.  Stop closes them all. */
static void
test_stream_limit_and_stop (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_test_conn_free);
  g_autoptr(PtTestConn) extra = NULL;
  g_autoptr(PtTestResponse) refused = NULL;
  BrowsersWait wait = { ts, PT_LIVE_RELOAD_MAX_STREAMS };

  for (guint i = 0; i < PT_LIVE_RELOAD_MAX_STREAMS; i++)
    g_ptr_array_add (streams, open_stream (ts));
  g_assert_true (pt_test_wait_until (browsers_reached, &wait, 2000));

  extra = pt_test_conn_new (ts->port);
  pt_test_conn_send (extra, "GET /.portico/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  refused = pt_test_conn_read (extra, TRUE);
  g_assert_cmpint (refused->status, ==, 503);
  g_assert_cmpstr (refused->masked, ==, "HTTP/1.1 503 Service Unavailable\nDate: DATE\n"
                                        "Connection: keep-alive\nKeep-Alive: timeout=1, max=99\n"
                                        "Content-Length: 191\nContent-Type: text/html\nRetry-After: 5");
  g_assert_true (browsers_are (ts, PT_LIVE_RELOAD_MAX_STREAMS));

  /* one goes, another comes */
  g_ptr_array_remove_index (streams, 0);
  wait.n = PT_LIVE_RELOAD_MAX_STREAMS - 1;
  g_assert_true (pt_test_wait_until (browsers_reached, &wait, 2000));
  g_ptr_array_add (streams, open_stream (ts));

  pt_server_stop (ts->server);
  for (guint i = 0; i < streams->len; i++)
    g_assert_true (pt_test_conn_closed (g_ptr_array_index (streams, i), 1000));
  g_assert_true (browsers_are (ts, 0));
}

/* A change drops the workers' file caches: the next request reads the
 * file as it is now, not as checked up to PT_FILE_CACHE_CHECK_MS ago. */
static void
test_change_drops_cache (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  static const char *const paths[] = { "style.css", NULL };
  g_autoptr(PtTestResponse) before = NULL;
  g_autoptr(PtTestResponse) after = NULL;

  put_file (ts, "style.css", "p{color:red}", -1);
  before = get (ts, "/style.css", "", FALSE);
  assert_body (before, "p{color:red}");
  put_file (ts, "style.css", "p{color:tan}", -1);   /* same size, same mtime: only a new stat tells */
  pt_server_live_reload_changed (ts->server, paths);
  for (guint i = 0; i < 4; i++)   /* both workers */
    {
      g_autoptr(PtTestResponse) again = get (ts, "/style.css", "", FALSE);

      assert_body (again, "p{color:tan}");
    }
  after = get (ts, "/style.css", "", FALSE);
  assert_body (after, "p{color:tan}");
}

/* A small page's injected body is made once and kept with its cache entry:
 * the second response is the same bytes; a change (new content) gives the
 * new page injected, never the kept one. */
static void
test_inject_kept (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on_one);
  static const char *const paths[] = { "kept.html", NULL };
  g_autofree char *t = tag (ts);
  g_autofree char *first = g_strdup_printf ("<html><body>one%s</body></html>", t);
  g_autofree char *second = g_strdup_printf ("<html><body>two%s</body></html>", t);

  put_file (ts, "kept.html", "<html><body>one</body></html>", -1);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PtTestResponse) resp = get (ts, "/kept.html", "", FALSE);

      g_assert_cmpint (resp->status, ==, 200);
      assert_body (resp, first);
    }
  put_file (ts, "kept.html", "<html><body>two</body></html>", -1);   /* same size and mtime */
  pt_server_live_reload_changed (ts->server, paths);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PtTestResponse) resp = get (ts, "/kept.html", "", FALSE);

      g_assert_cmpint (resp->status, ==, 200);
      assert_body (resp, second);
    }
}

/* A listing body holds needle. */
static gboolean
body_has (PtTestResponse *resp,
          const char     *needle)
{
  gsize len;
  const char *body = g_bytes_get_data (resp->body, &len);

  return body != NULL && g_strstr_len (body, (gssize) len, needle) != NULL;
}

/* A change drops the workers' listing pages too: a file rewritten in place
 * (the folder itself unchanged) shows its new size in the reloaded listing
 * at once, not after PT_LISTING_CACHE_CHECK_MS. */
static void
test_change_drops_listing (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on_one);
  static const char *const paths[] = { "list/notes.txt", NULL };
  g_autoptr(PtTestResponse) before = NULL;
  g_autoptr(PtTestResponse) cached = NULL;
  g_autoptr(PtTestResponse) after = NULL;
  g_autofree char *dir = g_build_filename (ts->docroot, "list", NULL);
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  int fd;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  put_file (ts, "list/notes.txt", "1", -1);
  before = get (ts, "/list/?portico-live-reload=off", "", FALSE);
  g_assert_cmpint (before->status, ==, 200);
  g_assert_true (body_has (before, "n\">1 B<"));
  fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);   /* in place: the folder is unchanged */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "23", 2), ==, 2);
  g_assert_cmpint (close (fd), ==, 0);
  cached = get (ts, "/list/?portico-live-reload=off", "", FALSE);
  g_assert_true (body_has (cached, "n\">1 B<"));   /* the kept page */
  pt_server_live_reload_changed (ts->server, paths);
  after = get (ts, "/list/?portico-live-reload=off", "", FALSE);
  g_assert_cmpint (after->status, ==, 200);
  g_assert_true (body_has (after, "n\">3 B<"));
}

static gpointer
publish_loop (gpointer data)
{
  PtTestServer *ts = data;
  static const char *const paths[] = { "index.html", NULL };

  for (guint i = 0; i < 2000; i++)
    pt_server_live_reload_changed (ts->server, paths);
  return NULL;
}

/* Changes published from another thread (the watcher's) while the server
 * stops and starts again: never a crash or a wait on the stop, and a
 * stream of the new start still gets them. */
static void
test_changed_during_stop (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autoptr(PtTestConn) conn = NULL;
  static const char *const paths[] = { "after.html", NULL };
  GThread *thread = g_thread_new ("publisher", publish_loop, ts);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;

      pt_server_stop (ts->server);
      g_assert_true (pt_server_start (ts->server, &error));
      g_assert_no_error (error);
      ts->port = pt_server_get_port (ts->server);
    }
  g_thread_join (thread);

  conn = open_stream (ts);
  pt_server_live_reload_changed (ts->server, paths);
  g_assert_true (read_until (conn, "event: change\ndata: [\"after.html\"]\n\n", 2000));
}

static void
tweak_polling (PtServerConfig *config)
{
  tweak_on (config);
  config->live_reload_force_polling = TRUE;
}

/* The watcher wired in: a file written after the stream opened reaches it
 * as one change event, with no call from the test. */
static void
test_watcher_tells_streams (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autoptr(PtTestConn) conn = open_stream (ts);
  g_autofree char *console = NULL;

  g_assert_true (read_until (conn, "event: hello\n", 2000));
  put_file (ts, "saved.html", "<body>new</body>", -1);
  g_assert_true (read_until (conn, "event: change\ndata: [\"saved.html\"]\n\n", 3000));
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_LIVE_RELOAD, 1));
  console = pt_test_server_console (ts, 0);
  g_assert_nonnull (strstr (console, "Live reload: saved.html changed, 1 browser told\n"));
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_LIVE_RELOAD_POLLING), ==, 0);
}

/* Polling (forced, as on a FUSE folder): the warning at start, once, and
 * changes still reach the streams. */
static void
test_watcher_polling_warns (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_polling);
  g_autoptr(PtTestConn) conn = open_stream (ts);
  g_autofree char *console = NULL;

  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_LIVE_RELOAD_POLLING, 1));
  console = pt_test_server_console (ts, 0);
  g_assert_nonnull (strstr (console, "Live reload: the folder is polled for changes, not watched ("));
  put_file (ts, "polled.css", "p{}", -1);
  g_assert_true (read_until (conn, "event: change\ndata: [\"polled.css\"]\n\n", 5000));
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_LIVE_RELOAD_POLLING), ==, 1);
}

#define KEY "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"   /* 44 URL-safe base64 bytes */

static void
tweak_key (PtServerConfig *config)
{
  tweak_on (config);
  config->access_key = g_strdup (KEY);
}

/* With a private link, /.portico/ needs the key like everything else. */
static void
test_private_link_needs_key (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_key);
  g_autoptr(PtTestResponse) js = get (ts, "/.portico/live-reload.js", "", FALSE);
  g_autoptr(PtTestResponse) ev = get (ts, "/.portico/events", "", FALSE);
  g_autoptr(PtTestResponse) keyed = get (ts, "/.portico/live-reload.js",
                                         "Cookie: portico-key=" KEY "\r\n", FALSE);

  g_assert_cmpint (js->status, ==, 403);
  g_assert_cmpint (ev->status, ==, 403);
  g_assert_true (browsers_are (ts, 0));
  g_assert_cmpint (keyed->status, ==, 200);
}

/* A new start has a new id: a page from the old one reloads. */
static void
test_restart_new_instance (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_on);
  g_autofree char *first = g_strdup (instance (ts));
  g_autoptr(GError) error = NULL;

  pt_server_stop (ts->server);
  g_assert_true (pt_server_start (ts->server, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (instance (ts), !=, first);
  g_assert_cmpuint (strlen (instance (ts)), ==, PT_LIVE_RELOAD_INSTANCE_LEN);
}

/* More events than the ring holds before a worker looks: one "*" change. */
static void
test_hub_ring (void)
{
  PtLiveReloadHub *hub = pt_live_reload_hub_new ();
  static const char *const a[] = { "a.css", NULL };
  static const char *const b[] = { "b.html", NULL };
  guint64 seen = 0;
  g_autoptr(GBytes) two = NULL;
  g_autoptr(GBytes) many = NULL;
  g_autoptr(GBytes) none = NULL;

  pt_live_reload_hub_publish (hub, a);
  pt_live_reload_hub_publish (hub, b);
  two = pt_live_reload_hub_take (hub, &seen);
  g_assert_cmpuint (seen, ==, 2);
  g_assert_cmpmem (g_bytes_get_data (two, NULL), g_bytes_get_size (two),
                   "id: 1\nevent: change\ndata: [\"a.css\"]\n\nid: 2\nevent: change\ndata: [\"b.html\"]\n\n",
                   strlen ("id: 1\nevent: change\ndata: [\"a.css\"]\n\nid: 2\nevent: change\ndata: [\"b.html\"]\n\n"));
  none = pt_live_reload_hub_take (hub, &seen);
  g_assert_null (none);

  for (guint i = 0; i < PT_LIVE_RELOAD_RING + 1; i++)
    pt_live_reload_hub_publish (hub, a);
  many = pt_live_reload_hub_take (hub, &seen);
  g_assert_cmpuint (seen, ==, 2 + PT_LIVE_RELOAD_RING + 1);
  g_assert_cmpmem (g_bytes_get_data (many, NULL), g_bytes_get_size (many),
                   "id: 19\nevent: change\ndata: [\"*\"]\n\n", strlen ("id: 19\nevent: change\ndata: [\"*\"]\n\n"));
  pt_live_reload_hub_free (hub);
}

/* PT_LIVE_RELOAD_EVENT_MAX: an event of exactly that many bytes before its
 * closing "]\n\n" names its paths; one byte more becomes ["*"]. */
static void
test_event_max (void)
{
  static const char head[] = "id: 1\nevent: change\ndata: [";
  gsize fits = PT_LIVE_RELOAD_EVENT_MAX - (sizeof head - 1) - 2;   /* the quotes */

  for (guint extra = 0; extra <= 1; extra++)
    {
      g_autofree char *path = g_strnfill (fits + extra, 'p');
      const char *paths[] = { path, NULL };
      g_autoptr(GBytes) event = pt_live_reload_format_change (1, paths);
      g_autofree char *want = extra == 0
                              ? g_strdup_printf ("%s\"%s\"]\n\n", head, path)
                              : g_strdup_printf ("%s\"*\"]\n\n", head);

      g_assert_cmpmem (g_bytes_get_data (event, NULL), g_bytes_get_size (event), want, strlen (want));
      if (extra == 0)
        g_assert_cmpuint (g_bytes_get_size (event), ==, PT_LIVE_RELOAD_EVENT_MAX + 3);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/live-reload/off", test_off_is_plain);
  g_test_add_func ("/engine/live-reload/inject-corpus", test_inject_corpus);
  g_test_add_func ("/engine/live-reload/inject-only-documents", test_inject_only_documents);
  g_test_add_func ("/engine/live-reload/inject-other-pages", test_inject_other_pages);
  g_test_add_func ("/engine/live-reload/inject-listing", test_inject_listing);
  g_test_add_func ("/engine/live-reload/change-drops-listing", test_change_drops_listing);
  g_test_add_func ("/engine/live-reload/inject-kept", test_inject_kept);
  g_test_add_func ("/engine/live-reload/inject-large-page", test_inject_large_page);
  g_test_add_func ("/engine/live-reload/inject-no-sidecar", test_inject_no_sidecar);
  g_test_add_func ("/engine/live-reload/script", test_script_endpoint);
  g_test_add_func ("/engine/live-reload/stream-change-heartbeat", test_stream_change_and_heartbeat);
  g_test_add_func ("/engine/live-reload/stream-limit-stop", test_stream_limit_and_stop);
  g_test_add_func ("/engine/live-reload/stream-full-socket", test_stream_full_socket);
  g_test_add_func ("/engine/live-reload/restart", test_restart_new_instance);
  g_test_add_func ("/engine/live-reload/private-link", test_private_link_needs_key);
  g_test_add_func ("/engine/live-reload/watcher", test_watcher_tells_streams);
  g_test_add_func ("/engine/live-reload/watcher-polling", test_watcher_polling_warns);
  g_test_add_func ("/engine/live-reload/changed-during-stop", test_changed_during_stop);
  g_test_add_func ("/engine/live-reload/change-drops-cache", test_change_drops_cache);
  g_test_add_func ("/engine/live-reload/hub-ring", test_hub_ring);
  g_test_add_func ("/engine/live-reload/event-max", test_event_max);
  return g_test_run ();
}
