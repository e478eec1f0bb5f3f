/* test-engine-key.c — private links in the engine (pt-access-key, pt-http-key)
 *
 * Exact heads and bodies: the key as the query parameter → 303 to the same
 * path without it (other parameters kept, in order) with the cookie; the
 * cookie → served; nothing, a wrong key or a wrong cookie → the 403 page
 * for files, folders, listings, 404s and /.portico/ alike (HEAD: the same
 * head); a rotation seen by the next request, also on an open keep-alive
 * connection; the log records and the RESPONSE events' refused flag; the
 * generated keys.
 */
#include <string.h>

#include "pt-access-key.h"
#include "pt-test-util.h"

#define KEY     "Zm9vYmFyYmF6cXV4cXV1eA-_9"
#define NEW_KEY "TmV3S2V5TmV3S2V5TmV3S2V5"
#define COOKIE  "portico-key=" KEY "; HttpOnly; SameSite=Strict; Path=/"

#define PAGE_403 \
  "<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>" \
  "<p>This folder is shared with a private link. Ask the person sharing it for the link.</p></body></html>\n"
#define PAGE_303 \
  "<!DOCTYPE html>\n<html><head><title>303 See Other</title></head><body><h1>303 See Other</h1>" \
  "<p>The page is at the address in the Location header.</p></body></html>\n"

static void
tweak_key (PtServerConfig *config)
{
  config->access_key = g_strdup (KEY);
}

static PtTestResponse *
get (PtTestServer *ts,
     const char   *method,
     const char   *target,
     const char   *cookie)
{
  g_autofree char *request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: localhost\r\n%s%s%s"
                                              "Connection: close\r\n\r\n",
                                              method, target,
                                              cookie != NULL ? "Cookie: " : "",
                                              cookie != NULL ? cookie : "",
                                              cookie != NULL ? "\r\n" : "");

  return pt_test_request (ts->port, request, strcmp (method, "HEAD") != 0);
}

static void
assert_body (PtTestResponse *resp,
             const char     *body)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (resp->body, &len);

  g_assert_cmpmem (data, len, body, strlen (body));
}

static void
assert_refused (PtTestResponse *resp,
                gboolean        head_only)
{
  g_autofree char *expected = g_strdup_printf (
    "HTTP/1.1 403 Forbidden\nDate: DATE\nConnection: close\nCache-Control: no-store\n"
    "Content-Length: %zu\nContent-Type: text/html", strlen (PAGE_403));

  g_assert_nonnull (resp);
  g_assert_cmpstr (resp->masked, ==, expected);
  assert_body (resp, head_only ? "" : PAGE_403);
}

static void
assert_link (PtTestResponse *resp,
             const char     *location,
             const char     *cookie_line)
{
  g_autofree char *expected = g_strdup_printf (
    "HTTP/1.1 303 See Other\nDate: DATE\nConnection: close\nCache-Control: no-store\n"
    "Content-Length: %zu\nContent-Type: text/html\nLocation: %s\nSet-Cookie: %s",
    strlen (PAGE_303), location, cookie_line);

  g_assert_nonnull (resp);
  g_assert_cmpstr (resp->masked, ==, expected);
}

/* key → 303 with the cookie and a Location without the key */
static void
test_link_redirects (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_key);
  static const struct { const char *target; const char *location; } cases[] = {
    { "/?portico-key=" KEY, "/" },
    { "/sub/?a=1&portico-key=" KEY "&b=2", "/sub/?a=1&b=2" },
    { "/photo.png?portico-key=" KEY "&x", "/photo.png?x" },
    { "/missing.html?z=9&portico-key=" KEY, "/missing.html?z=9" },
    { "/.portico/events?portico-key=" KEY, "/.portico/events" },
    { "/a%20b?portico-key=" KEY, "/a%20b" },
    { "http://localhost/sub/?portico-key=" KEY "&q", "/sub/?q" },
    { "//evil.example/?portico-key=" KEY, "/evil.example/" },   /* never another host */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PtTestResponse) resp = get (ts, "GET", cases[i].target, NULL);

      g_test_message ("%s", cases[i].target);
      assert_link (resp, cases[i].location, COOKIE);
      assert_body (resp, PAGE_303);
    }
  /* with a (stale) cookie too: the link still cleans the URL */
  {
    g_autoptr(PtTestResponse) resp = get (ts, "GET", "/?portico-key=" KEY, "portico-key=old");

    assert_link (resp, "/", COOKIE);
  }
  /* HEAD: the same head, no body */
  {
    g_autoptr(PtTestResponse) resp = get (ts, "HEAD", "/?portico-key=" KEY, NULL);

    assert_link (resp, "/", COOKIE);
    assert_body (resp, "");
  }
  /* any method: 303 makes it a GET */
  {
    g_autoptr(PtTestResponse) resp = get (ts, "POST", "/?portico-key=" KEY, NULL);

    assert_link (resp, "/", COOKIE);
  }
}

/* the cookie → the folder as without a key */
static void
test_cookie_serves (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_key);
  static const char *const cookies[] = {
    "portico-key=" KEY,
    "theme=dark; portico-key=" KEY "; lang=zh",
    "portico-key=\"" KEY "\"",
    "portico-key=stale; portico-key=" KEY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cookies); i++)
    {
      g_autoptr(PtTestResponse) resp = get (ts, "GET", "/", cookies[i]);

      g_test_message ("Cookie: %s", cookies[i]);
      g_assert_nonnull (resp);
      g_assert_cmpint (resp->status, ==, 200);
      assert_body (resp, PT_TEST_INDEX_HTML);
    }
  {
    g_autoptr(PtTestResponse) missing = get (ts, "GET", "/missing.html", "portico-key=" KEY);
    g_autoptr(PtTestResponse) query = get (ts, "GET", "/?portico-key=wrong", "portico-key=" KEY);

    g_assert_cmpint (missing->status, ==, 404);   /* behind the key: the usual answers */
    g_assert_cmpint (query->status, ==, 200);     /* a wrong link with the right cookie */
  }
}

/* nothing, a wrong key or cookie → the 403 page, never a file, listing or 404 */
static void
test_refused (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_key);
  static const struct { const char *method; const char *target; const char *cookie; } cases[] = {
    { "GET", "/", NULL },
    { "GET", "/index.html", NULL },
    { "GET", "/photo.png", NULL },
    { "GET", "/sub/", NULL },
    { "GET", "/sub", NULL },
    { "GET", "/missing.html", NULL },
    { "GET", "/.portico/x", NULL },
    { "GET", "/.portico/live-reload.js", NULL },
    { "GET", "/../outside.html", NULL },
    { "POST", "/", NULL },
    { "GET", "/?portico-key=" NEW_KEY, NULL },
    { "GET", "/?portico-key=Zm9vYmFyYmF6cXV4cXV1eA-_", NULL },   /* a prefix */
    { "GET", "/?portico-key=" KEY "x", NULL },
    { "GET", "/?Portico-Key=" KEY, NULL },
    { "GET", "/", "portico-key=" NEW_KEY },
    { "GET", "/", "PORTICO-KEY=" KEY },
    { "GET", "/", "portico-key=" KEY "x" },
    { "GET", "/", "other=" KEY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PtTestResponse) resp = get (ts, cases[i].method, cases[i].target, cases[i].cookie);

      g_test_message ("%s %s, Cookie: %s", cases[i].method, cases[i].target,
                      cases[i].cookie != NULL ? cases[i].cookie : "(none)");
      assert_refused (resp, FALSE);
    }
  {
    g_autoptr(PtTestResponse) resp = get (ts, "HEAD", "/index.html", NULL);

    assert_refused (resp, TRUE);
  }
}

static gboolean
response_refused (PtTestServer *ts,
                  int           status,
                  const char   *path,
                  gboolean     *refused)
{
  gboolean found = FALSE;

  g_mutex_lock (&ts->lock);
  for (guint i = 0; i < ts->events->len; i++)
    {
      PtEvent *e = g_ptr_array_index (ts->events, i);

      if (e->type == PT_EVENT_RESPONSE && e->status == status && g_strcmp0 (e->path, path) == 0)
        {
          *refused = e->refused;
          found = TRUE;
        }
    }
  g_mutex_unlock (&ts->lock);
  return found;
}

/* New link: the next request, on any worker and on a connection already
 * open, sees only the new key; NULL opens the folder. */
static void
test_rotation (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_key);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) before = NULL;
  g_autoptr(PtTestResponse) after = NULL;
  g_autofree char *current = pt_server_dup_access_key (ts->server);

  g_assert_cmpstr (current, ==, KEY);
  pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\nCookie: portico-key=" KEY "\r\n\r\n");
  before = pt_test_conn_read (conn, TRUE);
  g_assert_cmpint (before->status, ==, 200);

  g_assert_true (pt_server_set_access_key (ts->server, NEW_KEY));
  g_clear_pointer (&current, g_free);
  current = pt_server_dup_access_key (ts->server);
  g_assert_cmpstr (current, ==, NEW_KEY);

  /* the same keep-alive connection, the old cookie */
  pt_test_conn_send (conn, "GET / HTTP/1.1\r\nHost: localhost\r\nCookie: portico-key=" KEY "\r\nConnection: close\r\n\r\n");
  after = pt_test_conn_read (conn, TRUE);
  assert_refused (after, FALSE);

  /* every worker (2 threads; several connections land on both) */
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(PtTestResponse) old_link = get (ts, "GET", "/?portico-key=" KEY, NULL);
      g_autoptr(PtTestResponse) old_cookie = get (ts, "GET", "/", "portico-key=" KEY);
      g_autoptr(PtTestResponse) new_link = get (ts, "GET", "/?portico-key=" NEW_KEY, NULL);
      g_autoptr(PtTestResponse) new_cookie = get (ts, "GET", "/", "portico-key=" NEW_KEY);

      assert_refused (old_link, FALSE);
      assert_refused (old_cookie, FALSE);
      assert_link (new_link, "/", "portico-key=" NEW_KEY "; HttpOnly; SameSite=Strict; Path=/");
      g_assert_cmpint (new_cookie->status, ==, 200);
    }

  /* an invalid key changes nothing */
  g_assert_false (pt_server_set_access_key (ts->server, "short"));
  g_assert_false (pt_server_set_access_key (ts->server, NEW_KEY "+"));
  {
    g_autoptr(PtTestResponse) still = get (ts, "GET", "/", "portico-key=" NEW_KEY);

    g_assert_cmpint (still->status, ==, 200);
  }

  /* NULL: open to anyone */
  g_assert_true (pt_server_set_access_key (ts->server, NULL));
  g_clear_pointer (&current, g_free);
  current = pt_server_dup_access_key (ts->server);
  g_assert_null (current);
  {
    g_autoptr(PtTestResponse) open = get (ts, "GET", "/", NULL);

    g_assert_cmpint (open->status, ==, 200);
  }
}

/* A key set while stopped applies from the start; an open server gets one. */
static void
test_set_while_stopped (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (NULL);
  g_autoptr(GError) error = NULL;
  guint port;

  {
    g_autoptr(PtTestResponse) open = get (ts, "GET", "/", NULL);

    g_assert_cmpint (open->status, ==, 200);
  }
  g_assert_true (pt_server_set_access_key (ts->server, KEY));
  {
    g_autoptr(PtTestResponse) closed = get (ts, "GET", "/", NULL);

    assert_refused (closed, FALSE);
  }
  pt_server_stop (ts->server);
  g_assert_true (pt_server_start (ts->server, &error));
  g_assert_no_error (error);
  port = pt_server_get_port (ts->server);
  ts->port = port;
  {
    g_autoptr(PtTestResponse) closed = get (ts, "GET", "/", NULL);
    g_autoptr(PtTestResponse) cookie = get (ts, "GET", "/", "portico-key=" KEY);

    assert_refused (closed, FALSE);
    g_assert_cmpint (cookie->status, ==, 200);
  }
}

static void
tweak_bad_key (PtServerConfig *config)
{
  config->access_key = g_strdup ("too-short");
}

static void
test_bad_config_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtTestServer) ts = pt_test_server_new_full (tweak_bad_key, TRUE, &error);

  g_assert_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The access key must be 22 to 128 letters, digits, '-' or '_'");
  g_assert_false (pt_server_is_running (ts->server));
}

/* log.txt: the 303 and the 403 as any response; the events mark the 403 */
static void
test_log_and_events (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_key);
  g_autoptr(PtTestResponse) link = get (ts, "GET", "/sub/?portico-key=" KEY "&a=1", NULL);
  g_autoptr(PtTestResponse) refused = get (ts, "GET", "/secret.html", NULL);
  g_autoptr(PtTestResponse) served = get (ts, "GET", "/index.html", "portico-key=" KEY);
  g_autofree char *log = NULL;
  g_autofree char *console = NULL;
  gboolean flag = TRUE;

  g_assert_cmpint (link->status, ==, 303);
  g_assert_cmpint (refused->status, ==, 403);
  g_assert_cmpint (served->status, ==, 200);
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 3));

  g_assert_true (response_refused (ts, 403, "/secret.html", &flag));
  g_assert_true (flag);
  g_assert_true (response_refused (ts, 303, "/sub/", &flag));
  g_assert_false (flag);
  g_assert_true (response_refused (ts, 200, "/index.html", &flag));
  g_assert_false (flag);

  console = pt_test_server_console (ts, 0);
  g_assert_nonnull (strstr (console, "Refused (no private-link key): GET /secret.html from ('127.0.0.1', PORT)\n"));
  g_assert_null (strstr (console, "Refused (no private-link key): GET /sub/"));

  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_nonnull (strstr (log,
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /sub/][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 303 See Other][Date: DATE][Connection: close]\n"));
  g_assert_nonnull (strstr (log,
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /secret.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 403 Forbidden][Date: DATE][Connection: close]\n"));
  /* the report format logs the path, never the query: the key is not written */
  g_assert_null (strstr (log, KEY));
}

static void
tweak_key_combined (PtServerConfig *config)
{
  config->access_key = g_strdup (KEY);
  config->log_format = PT_LOG_FORMAT_COMBINED;
}

/* The Combined format writes request lines: the link's has its key
 * replaced by "-"; a wrong key (refused) is written as sent. */
static void
test_combined_log_hides_key (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_key_combined);
  g_autoptr(PtTestResponse) link = get (ts, "GET", "/sub/?a=1&portico-key=" KEY "&b", NULL);
  g_autoptr(PtTestResponse) wrong = get (ts, "GET", "/?portico-key=" NEW_KEY, NULL);
  g_autofree char *log = NULL;

  g_assert_cmpint (link->status, ==, 303);
  g_assert_cmpint (wrong->status, ==, 403);
  pt_server_stop (ts->server);
  g_assert_true (g_file_get_contents (ts->log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "\"GET /sub/?a=1&portico-key=-&b HTTP/1.1\" 303 163 \"-\" \"-\"\n"));
  g_assert_nonnull (strstr (log, "\"GET /?portico-key=" NEW_KEY " HTTP/1.1\" 403 "));
  g_assert_null (strstr (log, KEY));
}

/* the view follows the generation; the decision table */
static void
test_view_and_check (void)
{
  PtAccessKey key;
  PtAccessKeyView view = { 0 };
  PtHttpRequest req = { 0 };
  const PtAccessKeyView *v;

  pt_access_key_init (&key, NULL);
  v = pt_access_key_view (&view, &key);
  g_assert_cmpuint (v->key_len, ==, 0);
  req.target.ptr = "/?portico-key=" KEY;
  req.target.len = strlen (req.target.ptr);
  g_assert_cmpint (pt_access_key_check (v, &req), ==, PT_ACCESS_OPEN);

  g_assert_true (pt_access_key_set (&key, KEY));
  v = pt_access_key_view (&view, &key);
  g_assert_cmpstr (v->key, ==, KEY);
  g_assert_cmpmem (v->set_cookie, v->set_cookie_len, COOKIE, strlen (COOKIE));
  g_assert_cmpint (pt_access_key_check (v, &req), ==, PT_ACCESS_LINK);
  req.target.ptr = "/";
  req.target.len = 1;
  g_assert_cmpint (pt_access_key_check (v, &req), ==, PT_ACCESS_REFUSED);
  req.header_mask |= 1u << PT_HTTP_HEADER_COOKIE;
  req.headers[PT_HTTP_HEADER_COOKIE].ptr = "portico-key=" KEY;
  req.headers[PT_HTTP_HEADER_COOKIE].len = strlen ("portico-key=" KEY);
  g_assert_cmpint (pt_access_key_check (v, &req), ==, PT_ACCESS_COOKIE);

  g_assert_false (pt_access_key_set (&key, "bad"));
  g_assert_true (pt_access_key_set (&key, NEW_KEY));
  g_assert_cmpint (pt_access_key_check (v, &req), ==, PT_ACCESS_COOKIE);   /* not refreshed yet */
  v = pt_access_key_view (&view, &key);
  g_assert_cmpint (pt_access_key_check (v, &req), ==, PT_ACCESS_REFUSED);
  pt_access_key_clear (&key);
}

/* 22 URL-safe digits from 16 random bytes; never the same twice */
static void
test_generate (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *key = pt_access_key_generate ();

      g_assert_cmpuint (strlen (key), ==, PT_HTTP_KEY_MIN_LEN);
      g_assert_true (pt_http_key_is_valid (key, strlen (key)));
      /* 132 bits hold 128: the last digit's 4 low bits are zero */
      g_assert_nonnull (strchr ("AQgw", key[21]));
      g_assert_true (g_hash_table_add (seen, key));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/key/link-redirects", test_link_redirects);
  g_test_add_func ("/engine/key/cookie-serves", test_cookie_serves);
  g_test_add_func ("/engine/key/refused", test_refused);
  g_test_add_func ("/engine/key/rotation", test_rotation);
  g_test_add_func ("/engine/key/set-while-stopped", test_set_while_stopped);
  g_test_add_func ("/engine/key/bad-config-key", test_bad_config_key);
  g_test_add_func ("/engine/key/log-and-events", test_log_and_events);
  g_test_add_func ("/engine/key/combined-log-hides-key", test_combined_log_hides_key);
  g_test_add_func ("/engine/key/view-and-check", test_view_and_check);
  g_test_add_func ("/engine/key/generate", test_generate);

  return g_test_run ();
}
