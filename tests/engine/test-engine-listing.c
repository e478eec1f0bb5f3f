/* test-engine-listing.c — folder listings, 404.html and --spa over a socket
 *
 * Exact heads, exact bodies (the page's bytes are layer 0's, tested in
 * test-http-listing.c; here: which entries, in which order, with which
 * sizes), every listed link followed, the entry bound at N and N+1, and
 * the access log records.
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pt-http-listing.h"
#include "pt-listing.h"
#include "pt-test-util.h"

#define MTIME 1700000000   /* Tue, 14 Nov 2023 22:13:20 GMT */

static void
tweak_list (PtServerConfig *config)
{
  config->n_threads = 1;
  config->list_directories = TRUE;
}

static void
tweak_spa (PtServerConfig *config)
{
  config->n_threads = 1;
  config->spa = TRUE;
}

static void
tweak_plain (PtServerConfig *config)
{
  config->n_threads = 1;
}

static void
put_file (const char *dir,
          const char *name,
          const char *data)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  struct timespec times[2] = { { MTIME, 0 }, { MTIME, 0 } };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static char *
put_dir (const char *parent,
         const char *name)
{
  char *path = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  return path;
}

static void
set_mtime (const char *path)
{
  struct timespec times[2] = { { MTIME, 0 }, { MTIME, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static PtHttpListingEntry
entry (const char *name,
       gboolean    is_dir,
       guint64     size)
{
  PtHttpListingEntry e = { name, strlen (name), is_dir, size, MTIME };
  return e;
}

/* The page layer 0 writes for these entries (in this order). */
static char *
expected_page (const char               *path,
               const PtHttpListingEntry *e,
               gsize                     n,
               gboolean                  truncated,
               gsize                    *len)
{
  gsize size = pt_http_listing_max_size (n);
  char *page = g_malloc (size);

  *len = pt_http_listing_write (path, strlen (path), e, n, truncated, page, size);
  g_assert_cmpuint (*len, !=, (gsize) -1);
  return page;
}

static void
assert_page (PtTestResponse *resp,
             const char     *page,
             gsize           len)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\nDate: DATE\nConnection: close\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\nContent-Type: text/html",
                                           len);

  g_assert_nonnull (resp);
  g_assert_cmpstr (resp->masked, ==, head);
  g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body), page, len);
}

/* Folders first, natural order, sizes and dates; dotfiles, escaping
 * symlinks, unserved types, FIFOs and control bytes left out; a symlink
 * that stays inside is listed as what it points at. */
static void
test_listing_entries (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_list);
  g_autofree char *dir = put_dir (ts->docroot, "list");
  g_autofree char *sub = put_dir (dir, "sub2");
  g_autofree char *sub10 = put_dir (dir, "sub10");
  g_autofree char *in_link = g_build_filename (dir, "in.html", NULL);
  g_autofree char *out_link = g_build_filename (dir, "out.html", NULL);
  g_autofree char *outside = g_build_filename (ts->base, "outside.html", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.txt", NULL);
  g_autofree char *page = NULL;
  g_autofree char *log = NULL;
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(PtTestResponse) head = NULL;
  PtHttpListingEntry want[] = {
    entry ("sub2", TRUE, 4096), entry ("sub10", TRUE, 4096),
    entry ("file2.txt", FALSE, 2), entry ("file10.txt", FALSE, 10), entry ("in.html", FALSE, 0),
  };
  struct stat st;
  gsize len;

  put_file (dir, "file10.txt", "0123456789");
  put_file (dir, "file2.txt", "01");
  put_file (dir, ".dotfile.txt", "hidden");
  put_file (dir, "script.py", "print()\n");      /* Portico would answer 400 */
  put_file (dir, "noext", "x");
  put_file (dir, "bell\a.txt", "x");              /* no request can name it */
  g_free (put_dir (dir, ".git"));
  g_assert_cmpint (symlink (outside, out_link), ==, 0);
  g_assert_cmpint (symlink ("../index.html", in_link), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  set_mtime (sub);
  set_mtime (sub10);
  /* the symlink is listed as its target: index.html's size and date */
  g_assert_cmpint (stat (in_link, &st), ==, 0);
  want[4].size = (guint64) st.st_size;
  want[4].mtime = st.st_mtim.tv_sec;
  g_assert_cmpint (stat (sub, &st), ==, 0);
  want[0].size = (guint64) st.st_size;
  g_assert_cmpint (stat (sub10, &st), ==, 0);
  want[1].size = (guint64) st.st_size;

  page = expected_page ("/list/", want, G_N_ELEMENTS (want), FALSE, &len);
  resp = pt_test_request (ts->port, "GET /list/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  assert_page (resp, page, len);
  g_assert_nonnull (strstr (page, "<a href=\"./file2.txt\">file2.txt</a>"));
  g_assert_true (strstr (page, "file2.txt") < strstr (page, "file10.txt"));
  g_assert_true (strstr (page, "sub10/") < strstr (page, "file2.txt"));

  head = pt_test_request (ts->port, "HEAD /list/ HTTP/1.0\r\n\r\n", FALSE);
  g_assert_nonnull (head);
  g_assert_cmpint (head->status, ==, 200);
  g_assert_cmpuint (head->content_length, ==, len);

  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 2));
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /list/][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: close]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: HEAD][Request file name: /list/][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: close]\n");
}

/* The page of /c/ is exactly these entries' page. */
static void
check_cached_listing (PtTestServer             *ts,
                      const PtHttpListingEntry *want,
                      gsize                     n)
{
  g_autoptr(PtTestResponse) resp = NULL;
  g_autofree char *page = NULL;
  gsize len;

  page = expected_page ("/c/", want, n, FALSE, &len);
  resp = pt_test_request (ts->port, "GET /c/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  assert_page (resp, page, len);
}

/* Each worker keeps the pages it wrote: an entry added shows at once (the
 * folder's mtime and ctime changed), a file's new size (written in place,
 * so the folder did not change) only once the page is older than
 * PT_LISTING_CACHE_CHECK_MS, as a file's new bytes through the file cache. */
static void
test_listing_cache (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_list);
  g_autofree char *dir = put_dir (ts->docroot, "c");
  g_autofree char *a_path = g_build_filename (dir, "a.txt", NULL);
  PtHttpListingEntry one[] = { entry ("a.txt", FALSE, 1) };
  PtHttpListingEntry two[] = { entry ("a.txt", FALSE, 1), entry ("b.txt", FALSE, 2) };
  PtHttpListingEntry grown[] = { entry ("a.txt", FALSE, 3), entry ("b.txt", FALSE, 2) };
  int fd;

  put_file (dir, "a.txt", "1");
  check_cached_listing (ts, one, G_N_ELEMENTS (one));
  check_cached_listing (ts, one, G_N_ELEMENTS (one));

  put_file (dir, "b.txt", "22");
  check_cached_listing (ts, two, G_N_ELEMENTS (two));

  fd = open (a_path, O_WRONLY | O_APPEND | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "23", 2), ==, 2);
  g_assert_cmpint (close (fd), ==, 0);
  set_mtime (a_path);
  check_cached_listing (ts, two, G_N_ELEMENTS (two));   /* the kept page */

  g_usleep ((PT_LISTING_CACHE_CHECK_MS + 100) * G_TIME_SPAN_MILLISECOND);
  check_cached_listing (ts, grown, G_N_ELEMENTS (grown));
}

/* Off by default; index.html wins; a folder's symlink out of the docroot
 * is not listed; an empty folder lists nothing. */
static void
test_listing_off_and_index (void)
{
  g_autoptr(PtTestServer) plain = pt_test_server_new (tweak_plain);
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_list);
  g_autofree char *empty = put_dir (ts->docroot, "empty");
  g_autofree char *plain_dir = put_dir (plain->docroot, "d");
  g_autofree char *link = g_build_filename (ts->docroot, "up", NULL);
  g_autoptr(PtTestResponse) off = NULL;
  g_autoptr(PtTestResponse) sub = NULL;
  g_autoptr(PtTestResponse) none = NULL;
  g_autoptr(PtTestResponse) escaped = NULL;
  g_autofree char *page = NULL;
  gsize len;

  off = pt_test_request (plain->port, "GET /d/ HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (off);
  g_assert_cmpint (off->status, ==, 404);
  sub = pt_test_request (ts->port, "GET /sub/ HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (sub);
  g_assert_cmpint (sub->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (sub->body, NULL), g_bytes_get_size (sub->body), "<p>sub</p>\n", 11);

  page = expected_page ("/empty/", NULL, 0, FALSE, &len);
  none = pt_test_request (ts->port, "GET /empty/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  assert_page (none, page, len);

  g_assert_cmpint (symlink (ts->base, link), ==, 0);
  escaped = pt_test_request (ts->port, "GET /up/ HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (escaped);
  g_assert_cmpint (escaped->status, ==, 404);
}

/* Any legal name lists safely and opens when clicked. */
static const char *const hostile_files[] = {
  "<b>bold<b>.txt", "\"quoted\".txt", "it's.txt", "#hash.txt", "100%.txt", "%41.txt", "q?x=1.txt",
  "sp ace.txt", " lead.txt", "caf\xc3\xa9.txt", "cafe\xcc\x81.txt", "\xff\xfe bad.txt",
  "\xc0\xaf.txt", "back\\slash.txt", "a&amp;b.txt", "\xe4\xb8\xad\xe6\x96\x87.txt", "+plus+.txt",
  "semi;colon.txt", "col:on.txt", "\"><a href=x><script>x<script>.html", "-.txt", "~tilde.txt",
};
static const char *const hostile_dirs[] = {
  "<dir>", "d\"q", "sp ace", "caf\xc3\xa9", "\xfe\xff", "#frag", "50%", "q?",
};

/* The hrefs of a page, in order. */
static GPtrArray *
page_links (GBytes *body)
{
  GPtrArray *links = g_ptr_array_new_with_free_func (g_free);
  gsize len;
  const char *p = g_bytes_get_data (body, &len), *end = p + len;

  while ((p = memmem (p, (gsize) (end - p), "href=\"", 6)) != NULL)
    {
      const char *q = memchr (p + 6, '"', (gsize) (end - p - 6));

      g_assert_nonnull (q);
      g_ptr_array_add (links, g_strndup (p + 6, (gsize) (q - p - 6)));
      p = q;
    }
  return links;
}

static void
test_listing_hostile_names (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_list);
  g_autofree char *dir = put_dir (ts->docroot, "h");
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(GPtrArray) links = NULL;
  gsize len, n_files = G_N_ELEMENTS (hostile_files), n_dirs = G_N_ELEMENTS (hostile_dirs);
  const char *body;

  for (gsize i = 0; i < n_files; i++)
    put_file (dir, hostile_files[i], hostile_files[i]);
  for (gsize i = 0; i < n_dirs; i++)
    {
      g_autofree char *d = put_dir (dir, hostile_dirs[i]);
      put_file (d, "x.txt", "x");
    }

  resp = pt_test_request (ts->port, "GET /h/ HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  body = g_bytes_get_data (resp->body, &len);
  g_assert_true (g_utf8_validate (body, (gssize) len, NULL));
  g_assert_null (memmem (body, len, "<script", 7));
  g_assert_null (memmem (body, len, "<b>", 3));
  g_assert_null (memmem (body, len, "<dir>", 5));

  links = page_links (resp->body);
  g_assert_cmpuint (links->len, ==, 1 + n_dirs + n_files);   /* and "../" */
  g_assert_cmpstr (links->pdata[0], ==, "../");
  for (guint i = 0; i < links->len; i++)
    {
      const char *href = links->pdata[i];
      g_autofree char *target = NULL;
      g_autofree char *request = NULL;
      g_autofree char *name = NULL;
      g_autoptr(PtTestResponse) r = NULL;

      /* Only unreserved bytes and %HH: nothing a browser could misread. */
      for (const char *c = href; *c != '\0'; c++)
        g_assert_true (g_ascii_isalnum (*c) || strchr ("-._~%/", *c) != NULL);
      target = g_strconcat ("/h/", href, NULL);
      request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n", target);
      r = pt_test_request (ts->port, request, TRUE);
      g_test_message ("%s", target);
      g_assert_nonnull (r);
      g_assert_cmpint (r->status, ==, 200);
      if (i == 0)
        continue;
      /* a file answers its own name as its contents; a folder lists x.txt */
      name = g_uri_unescape_segment (href + 2, NULL, NULL);
      g_assert_nonnull (name);
      if (g_str_has_suffix (name, "/"))
        g_assert_nonnull (memmem (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body),
                                  "<a href=\"./x.txt\">x.txt</a>", 27));
      else
        g_assert_cmpmem (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body),
                         name, strlen (name));
    }
}

/* PT_LISTING_MAX_ENTRIES entries are listed; at N+1 the same number and a note. */
static void
check_entry_limit (gsize n_files)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_list);
  g_autofree char *dir = put_dir (ts->docroot, "many");
  g_autoptr(PtTestResponse) resp = NULL;
  gsize len, rows = 0;
  const char *body, *p;

  for (gsize i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%" G_GSIZE_FORMAT ".txt", i);
      put_file (dir, name, "");
    }
  resp = pt_test_request (ts->port, "GET /many/ HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  body = g_bytes_get_data (resp->body, &len);
  for (p = body; (p = memmem (p, len - (gsize) (p - body), "<a href=\"./", 11)) != NULL; p++)
    rows++;
  g_assert_cmpuint (rows, ==, MIN (n_files, PT_LISTING_MAX_ENTRIES));
  g_assert_true ((memmem (body, len, "<p>Only the first entries are listed.</p>", 41) != NULL) ==
                 (n_files > PT_LISTING_MAX_ENTRIES));
}

static void
test_listing_limit_n (void)
{
  check_entry_limit (PT_LISTING_MAX_ENTRIES);
}

static void
test_listing_limit_n_plus_1 (void)
{
  check_entry_limit (PT_LISTING_MAX_ENTRIES + 1);
}

/* 404.html: the body of every 404 (status stays 404), read on each use;
 * not for 400, 403 or 405. */
static void
test_page_404 (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_plain);
  g_autoptr(PtTestResponse) missing = NULL;
  g_autoptr(PtTestResponse) edited = NULL;
  g_autoptr(PtTestResponse) head = NULL;
  g_autoptr(PtTestResponse) bad = NULL;
  g_autoptr(PtTestResponse) forbidden = NULL;
  g_autoptr(PtTestResponse) post = NULL;
  g_autoptr(PtTestResponse) extensionless = NULL;
  g_autofree char *log = NULL;

  put_file (ts->docroot, "404.html", "<h1>lost</h1>\n");
  missing = pt_test_request (ts->port, "GET /nothere.html HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (missing);
  g_assert_cmpstr (missing->masked, ==,
                   "HTTP/1.1 404 File Not Found\nDate: DATE\nConnection: keep-alive\nKeep-Alive: timeout=5, max=99\n"
                   "Content-Length: 14\nContent-Type: text/html");
  g_assert_cmpmem (g_bytes_get_data (missing->body, NULL), g_bytes_get_size (missing->body),
                   "<h1>lost</h1>\n", 14);

  /* an edit shows at once */
  put_file (ts->docroot, "404.html", "<h1>gone!</h1>\n");
  edited = pt_test_request (ts->port, "GET /about HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (edited);
  g_assert_cmpint (edited->status, ==, 404);
  g_assert_cmpmem (g_bytes_get_data (edited->body, NULL), g_bytes_get_size (edited->body),
                   "<h1>gone!</h1>\n", 15);
  head = pt_test_request (ts->port, "HEAD /nothere.html HTTP/1.0\r\n\r\n", FALSE);
  g_assert_nonnull (head);
  g_assert_cmpstr (head->masked, ==,
                   "HTTP/1.1 404 File Not Found\nDate: DATE\nConnection: close\n"
                   "Content-Length: 15\nContent-Type: text/html");

  bad = pt_test_request (ts->port, "GET /index.py HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  forbidden = pt_test_request (ts->port, "GET /fifo.html HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  post = pt_test_request (ts->port, "POST /nothere.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", TRUE);
  g_assert_nonnull (bad);
  g_assert_nonnull (forbidden);
  g_assert_nonnull (post);
  g_assert_cmpint (bad->status, ==, 400);
  g_assert_cmpint (forbidden->status, ==, 403);
  g_assert_cmpint (post->status, ==, 405);
  g_assert_null (memmem (g_bytes_get_data (bad->body, NULL), g_bytes_get_size (bad->body), "gone", 4));
  g_assert_null (memmem (g_bytes_get_data (forbidden->body, NULL), g_bytes_get_size (forbidden->body), "gone", 4));
  g_assert_null (memmem (g_bytes_get_data (post->body, NULL), g_bytes_get_size (post->body), "gone", 4));

  /* without 404.html: the built-in page; an extensionless path is 404, not 400 */
  {
    g_autofree char *page = g_build_filename (ts->docroot, "404.html", NULL);
    g_assert_cmpint (g_remove (page), ==, 0);
  }
  extensionless = pt_test_request (ts->port, "GET /about HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (extensionless);
  g_assert_cmpint (extensionless->status, ==, 404);

  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 7));
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /nothere.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 404 File Not Found][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /about][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 404 File Not Found][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: HEAD][Request file name: /nothere.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 404 File Not Found][Date: DATE][Connection: close]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /index.py][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 400 Bad Request][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /fifo.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 403 Forbidden][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: POST][Request file name: /nothere.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 405 Method Not Allowed][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /about][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 404 File Not Found][Date: DATE][Connection: close]\n");
}

/* --spa: a missing extensionless GET/HEAD is the root index.html (200),
 * read on each use; a missing asset still 404s; POST is still 405. */
static void
test_spa (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_spa);
  g_autoptr(PtTestResponse) route = NULL;
  g_autoptr(PtTestResponse) deep = NULL;
  g_autoptr(PtTestResponse) js = NULL;
  g_autoptr(PtTestResponse) png = NULL;
  g_autoptr(PtTestResponse) py = NULL;
  g_autoptr(PtTestResponse) post = NULL;
  g_autofree char *log = NULL;
  g_autofree char *expected = NULL;

  route = pt_test_request (ts->port, "GET /users/42 HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (route);
  expected = g_strdup_printf ("HTTP/1.1 200 OK\nDate: DATE\nConnection: keep-alive\nKeep-Alive: timeout=5, max=99\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\nContent-Type: text/html",
                              strlen (PT_TEST_INDEX_HTML));
  g_assert_cmpstr (route->masked, ==, expected);
  g_assert_cmpmem (g_bytes_get_data (route->body, NULL), g_bytes_get_size (route->body),
                   PT_TEST_INDEX_HTML, strlen (PT_TEST_INDEX_HTML));

  put_file (ts->docroot, "index.html", "<p>v2</p>\n");
  deep = pt_test_request (ts->port, "GET /a/b/c/ HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  g_assert_nonnull (deep);
  g_assert_cmpint (deep->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (deep->body, NULL), g_bytes_get_size (deep->body), "<p>v2</p>\n", 10);

  js = pt_test_request (ts->port, "GET /app.js HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  png = pt_test_request (ts->port, "GET /users/logo.png HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  py = pt_test_request (ts->port, "GET /index.py HTTP/1.1\r\nHost: localhost\r\n\r\n", TRUE);
  post = pt_test_request (ts->port, "POST /users/42 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", TRUE);
  g_assert_nonnull (js);
  g_assert_nonnull (png);
  g_assert_nonnull (py);
  g_assert_nonnull (post);
  g_assert_cmpint (js->status, ==, 404);
  g_assert_cmpint (png->status, ==, 404);
  g_assert_cmpint (py->status, ==, 400);
  g_assert_cmpint (post->status, ==, 405);

  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_RESPONSE, 6));
  pt_server_stop (ts->server);
  log = pt_test_read_log (ts);
  g_assert_cmpstr (log, ==,
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /users/42][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /a/b/c/index.html][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /app.js][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 404 File Not Found][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /users/logo.png][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 404 File Not Found][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: GET][Request file name: /index.py][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 400 Bad Request][Date: DATE][Connection: keep-alive]\n"
    "[Client request from (localhost, 127.0.0.1)][Connection: keep-alive][Method: POST][Request file name: /users/42][Date: DATE]\n"
    "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 405 Method Not Allowed][Date: DATE][Connection: keep-alive]\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/listing/entries", test_listing_entries);
  g_test_add_func ("/engine/listing/off-and-index", test_listing_off_and_index);
  g_test_add_func ("/engine/listing/hostile-names", test_listing_hostile_names);
  g_test_add_func ("/engine/listing/cache", test_listing_cache);
  g_test_add_func ("/engine/listing/limit-n", test_listing_limit_n);
  g_test_add_func ("/engine/listing/limit-n-plus-1", test_listing_limit_n_plus_1);
  g_test_add_func ("/engine/error-page/404-html", test_page_404);
  g_test_add_func ("/engine/spa/fallback", test_spa);

  return g_test_run ();
}
