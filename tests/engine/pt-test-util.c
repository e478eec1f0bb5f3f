/* pt-test-util.c — an in-process PtServer and blocking test clients */
#include "pt-test-util.h"

#include "pt-http-date.h"
#include "pt-http-etag.h"
#include "pt-http-response-parser.h"
#include "pt-tsan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
#  define PT_TEST_HAVE_VALGRIND_H 1
# endif
#endif

#define PT_TEST_WAIT_US (5 * G_USEC_PER_SEC)

/* GMutex is invisible to ThreadSanitizer: mark the critical sections. */
static void
ts_lock (PtTestServer *ts)
{
  g_mutex_lock (&ts->lock);
  PT_TSAN_ACQUIRE (ts);
}

static void
ts_unlock (PtTestServer *ts)
{
  PT_TSAN_RELEASE (ts);
  g_mutex_unlock (&ts->lock);
}

static void
on_event (PtEvent  *event,
          gpointer  user_data)
{
  PtTestServer *ts = user_data;

  ts_lock (ts);
  g_ptr_array_add (ts->events, event);
  g_cond_broadcast (&ts->cond);
  ts_unlock (ts);
}

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
make_docroot (PtTestServer *ts)
{
  g_autofree char *sub = NULL;
  g_autofree char *fifo = NULL;
  g_autofree char *link = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *png = g_malloc (PT_TEST_PNG_SIZE);
  g_autofree char *big = g_malloc (PT_TEST_BIG_SIZE);

  for (gsize i = 0; i < PT_TEST_PNG_SIZE; i++)
    png[i] = (char) (i * 7 + 3);
  memcpy (png, "\x89PNG\r\n\x1a\n", 8);
  for (gsize i = 0; i < PT_TEST_BIG_SIZE; i++)
    big[i] = (char) ('a' + i % 26);

  ts->docroot = g_build_filename (ts->base, "docroot", NULL);
  g_assert_cmpint (g_mkdir (ts->docroot, 0755), ==, 0);
  write_file (ts->docroot, "index.html", PT_TEST_INDEX_HTML, -1);
  write_file (ts->docroot, "photo.png", png, PT_TEST_PNG_SIZE);
  write_file (ts->docroot, "big.txt", big, PT_TEST_BIG_SIZE);
  write_file (ts->docroot, "index.py", "print('hi')\n", -1);
  write_file (ts->docroot, ".hidden.html", "secret\n", -1);
  write_file (ts->docroot, "empty.txt", "", 0);
  write_file (ts->base, "outside.html", "outside\n", -1);

  sub = g_build_filename (ts->docroot, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_file (sub, "index.html", "<p>sub</p>\n", -1);
  write_file (sub, "page.txt", "sub page\n", -1);

  link = g_build_filename (ts->docroot, "link-in.html", NULL);
  g_assert_cmpint (symlink ("index.html", link), ==, 0);
  g_clear_pointer (&link, g_free);
  link = g_build_filename (ts->docroot, "link-out.html", NULL);
  outside = g_build_filename (ts->base, "outside.html", NULL);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_clear_pointer (&link, g_free);
  link = g_build_filename (ts->docroot, "link-up.html", NULL);
  g_assert_cmpint (symlink ("../outside.html", link), ==, 0);

  fifo = g_build_filename (ts->docroot, "fifo.html", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
}

PtTestServer *
pt_test_server_new_full (PtTestConfigFunc   tweak,
                         gboolean           start,
                         GError           **error)
{
  PtTestServer *ts = g_new0 (PtTestServer, 1);
  g_autoptr(PtServerConfig) config = pt_server_config_new ();
  g_autoptr(GError) local_error = NULL;

  g_mutex_init (&ts->lock);
  g_cond_init (&ts->cond);
  ts->events = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_event_free);
  ts->base = g_dir_make_tmp ("pt-engine-XXXXXX", &local_error);
  g_assert_no_error (local_error);
  make_docroot (ts);
  ts->log_path = g_build_filename (ts->base, "log.txt", NULL);

  g_free (config->docroot);
  config->docroot = g_strdup (ts->docroot);
  g_free (config->log_path);
  config->log_path = g_strdup (ts->log_path);
  config->port = 0;
  config->n_threads = 2;
  config->keep_alive_timeout_ms = 5000;
  config->header_timeout_ms = 5000;
  if (tweak != NULL)
    tweak (config);

  ts->server = pt_server_new (config, on_event, ts);
  if (start)
    {
      if (!pt_server_start (ts->server, error))
        return ts;
      ts->port = pt_server_get_port (ts->server);
      g_assert_cmpuint (ts->port, >, 0);
    }
  return ts;
}

PtTestServer *
pt_test_server_new (PtTestConfigFunc tweak)
{
  g_autoptr(GError) error = NULL;
  PtTestServer *ts = pt_test_server_new_full (tweak, TRUE, &error);

  g_assert_no_error (error);
  return ts;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

void
pt_test_server_free (PtTestServer *ts)
{
  if (ts == NULL)
    return;

  pt_server_free (ts->server);
  remove_tree (ts->base);
  g_ptr_array_unref (ts->events);
  g_mutex_clear (&ts->lock);
  g_cond_clear (&ts->cond);
  g_free (ts->base);
  g_free (ts->docroot);
  g_free (ts->log_path);
  g_free (ts);
}

static guint
count_locked (PtTestServer *ts,
              PtEventType   type)
{
  guint n = 0;

  for (guint i = 0; i < ts->events->len; i++)
    if (((PtEvent *) ts->events->pdata[i])->type == type)
      n++;
  return n;
}

gboolean
pt_test_server_wait_events (PtTestServer *ts,
                            PtEventType   type,
                            guint         n)
{
  gint64 deadline = g_get_monotonic_time () + PT_TEST_WAIT_US;
  gboolean ok = TRUE;

  ts_lock (ts);
  while (count_locked (ts, type) < n)
    {
      gboolean signalled;

      PT_TSAN_RELEASE (ts);
      signalled = g_cond_wait_until (&ts->cond, &ts->lock, deadline);
      PT_TSAN_ACQUIRE (ts);
      if (!signalled)
        {
          ok = count_locked (ts, type) >= n;
          break;
        }
    }
  ts_unlock (ts);
  return ok;
}

guint
pt_test_server_count_events (PtTestServer *ts,
                             PtEventType   type)
{
  guint n;

  ts_lock (ts);
  n = count_locked (ts, type);
  ts_unlock (ts);
  return n;
}

char *
pt_test_server_console (PtTestServer *ts,
                        guint         conn_port)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GRegex) port_re = g_regex_new ("\\('([0-9a-f.:]+)', [0-9]+\\)", 0, 0, NULL);

  ts_lock (ts);
  for (guint i = 0; i < ts->events->len; i++)
    {
      const PtEvent *event = ts->events->pdata[i];

      if (conn_port != 0 && event->peer_port != conn_port)
        continue;
      pt_event_format_console (event, out);
    }
  ts_unlock (ts);

  return g_regex_replace (port_re, out->str, -1, 0, "('\\1', PORT)", 0, NULL);
}

char *
pt_test_read_log (PtTestServer *ts)
{
  g_autofree char *text = NULL;
  g_autofree char *step = NULL;
  g_autoptr(GRegex) date_re = g_regex_new ("[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} "
                                           "[0-9]{2}:[0-9]{2}:[0-9]{2} GMT", 0, 0, NULL);
  g_autoptr(GRegex) log_date_re = g_regex_new ("\\[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9]{2}:"
                                               "[0-9]{2}:[0-9]{2} \\+0000\\]", 0, 0, NULL);

  if (!g_file_get_contents (ts->log_path, &text, NULL, NULL))
    return g_strdup ("");
  step = g_regex_replace_literal (date_re, text, -1, 0, "DATE", 0, NULL);
  return g_regex_replace_literal (log_date_re, step, -1, 0, "[DATE]", 0, NULL);
}

/* ---- clients ------------------------------------------------------------ */

PtTestConn *
pt_test_conn_new (guint port)
{
  PtTestConn *conn = g_new0 (PtTestConn, 1);
  struct sockaddr_in addr = { 0 };
  struct sockaddr_in local = { 0 };
  socklen_t len = sizeof local;

  conn->fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (conn->fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((guint16) port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (conn->fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (conn->fd, (struct sockaddr *) &local, &len), ==, 0);
  conn->local_port = ntohs (local.sin_port);
  conn->buf = g_byte_array_new ();
  return conn;
}

void
pt_test_conn_free (PtTestConn *conn)
{
  if (conn == NULL)
    return;
  close (conn->fd);
  g_byte_array_unref (conn->buf);
  g_free (conn);
}

void
pt_test_conn_send_len (PtTestConn *conn,
                       const char *data,
                       gsize       len)
{
  while (len > 0)
    {
      ssize_t n = send (conn->fd, data, len, MSG_NOSIGNAL);

      g_assert_cmpint (n, >, 0);
      data += n;
      len -= (gsize) n;
    }
}

void
pt_test_conn_send (PtTestConn *conn,
                   const char *data)
{
  pt_test_conn_send_len (conn, data, strlen (data));
}

/* Appends what arrives within timeout_ms; 0 on EOF/reset, -1 on timeout. */
static gssize
fill (PtTestConn *conn,
      guint       timeout_ms)
{
  struct pollfd pfd = { conn->fd, POLLIN, 0 };
  char tmp[65536];
  ssize_t n;

  if (poll (&pfd, 1, (int) timeout_ms) <= 0)
    return -1;
  n = recv (conn->fd, tmp, sizeof tmp, 0);
  if (n <= 0)
    return 0;
  g_byte_array_append (conn->buf, (guint8 *) tmp, (guint) n);
  return n;
}

static char *
mask_head (const char *head)
{
  g_autoptr(GRegex) re = g_regex_new ("^(Date|Last-Modified): .*$", G_REGEX_MULTILINE, 0, NULL);
  /* only a well-formed tag of ours (pt_http_etag_format) is masked */
  g_autoptr(GRegex) etag_re = g_regex_new ("^ETag: \"[0-9a-f]+\\.[0-9a-f]+-[0-9a-f]+-[0-9a-f]+\\.[0-9a-f]+\"$",
                                           G_REGEX_MULTILINE, 0, NULL);
  g_autofree char *lf = NULL;
  g_autofree char *dated = NULL;
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);

  lf = g_strjoinv ("\n", lines);
  dated = g_regex_replace (re, lf, -1, 0, "\\1: DATE", 0, NULL);
  return g_regex_replace_literal (etag_re, dated, -1, 0, "ETag: ETAG", 0, NULL);
}

/* Length of the head without its final empty line and the line end before
 * it ("\r\n\r\n" or bare LFs). */
static gsize
head_text_len (const char *head,
               gsize       len)
{
  for (guint i = 0; i < 2; i++)
    {
      if (len > 0 && head[len - 1] == '\n')
        len--;
      if (len > 0 && head[len - 1] == '\r')
        len--;
    }
  return len;
}

/* Reads one response through layer 0's parser and framing decision (as
 * portico-client and the console do).  expect_body FALSE reads it as the
 * answer to a HEAD request: no body whatever the head says. */
PtTestResponse *
pt_test_conn_read (PtTestConn *conn,
                   gboolean    expect_body)
{
  g_autofree PtHttpParsedResponse *parsed = g_new0 (PtHttpParsedResponse, 1);
  PtTestResponse *resp;
  PtHttpSlice cl;
  ssize_t head_len;

  while ((head_len = pt_http_parse_response ((const char *) conn->buf->data, conn->buf->len,
                                             !expect_body, parsed)) == 0)
    if (fill (conn, PT_TEST_IO_TIMEOUT_MS) <= 0)
      return NULL;
  if (head_len < 0)
    g_error ("bad response head (%s): %.*s", pt_http_response_error_string (head_len),
             (int) MIN (conn->buf->len, 200), (const char *) conn->buf->data);

  resp = g_new0 (PtTestResponse, 1);
  resp->head = g_strndup ((char *) conn->buf->data, head_text_len ((char *) conn->buf->data, (gsize) head_len));
  resp->masked = mask_head (resp->head);
  resp->status = parsed->status;
  g_assert_cmpint (parsed->version_minor, ==, 1);
  cl = pt_http_response_get_field (parsed, "Content-Length");
  if (cl.ptr != NULL)
    resp->content_length = g_ascii_strtoull (cl.ptr, NULL, 10);   /* digits: the parser checked */
  g_byte_array_remove_range (conn->buf, 0, (guint) head_len);

  /* The whole body (tests compare it): read as its framing says. */
  {
    g_autoptr(GByteArray) body = g_byte_array_new ();
    PtHttpResponseBody framing;
    bool done = false;

    pt_http_response_body_init (&framing, parsed);
    for (;;)
      {
        guint pos = 0;

        do
          {
            PtHttpSlice data;
            ssize_t used = pt_http_response_body_step (&framing, (const char *) conn->buf->data + pos,
                                                       conn->buf->len - pos, &data, &done);

            g_assert_cmpint (used, >=, 0);
            g_byte_array_append (body, (const guint8 *) data.ptr, (guint) data.len);
            pos += (guint) used;
          }
        while (!done && pos < conn->buf->len);
        g_byte_array_remove_range (conn->buf, 0, pos);
        if (done || fill (conn, PT_TEST_IO_TIMEOUT_MS) <= 0)
          break;
      }
    g_assert_true (pt_http_response_body_ends_at_close (&framing));
    resp->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  }

  return resp;
}

gboolean
pt_test_conn_closed (PtTestConn *conn,
                     guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      gssize n;

      if (left < 0)
        return FALSE;
      n = fill (conn, (guint) left);
      if (n == 0)
        return TRUE;
      if (n < 0)
        return FALSE;
    }
}

void
pt_test_response_free (PtTestResponse *resp)
{
  if (resp == NULL)
    return;
  g_free (resp->head);
  g_free (resp->masked);
  g_bytes_unref (resp->body);
  g_free (resp);
}

PtTestResponse *
pt_test_request (guint       port,
                 const char *request,
                 gboolean    expect_body)
{
  g_autoptr(PtTestConn) conn = pt_test_conn_new (port);

  pt_test_conn_send (conn, request);
  return pt_test_conn_read (conn, expect_body);
}

gboolean
pt_test_wait_until (PtTestPredicate predicate,
                    gpointer        data,
                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      if (predicate (data))
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (PT_TEST_POLL_MS * G_TIME_SPAN_MILLISECOND);
    }
}

gboolean
pt_test_skip_under_valgrind (const char *reason)
{
  gboolean on_valgrind;

#ifdef PT_TEST_HAVE_VALGRIND_H
  on_valgrind = RUNNING_ON_VALGRIND != 0;
#else
  /* valgrind preloads its vgpreload_*.so into the client */
  const char *preload = g_getenv ("LD_PRELOAD");

  on_valgrind = preload != NULL && strstr (preload, "vgpreload") != NULL;
#endif

  if (on_valgrind)
    g_test_skip_printf ("under valgrind: %s", reason);
  return on_valgrind;
}

char *
pt_test_file_etag (PtTestServer *ts,
                   const char   *rel)
{
  g_autofree char *path = g_build_filename (ts->docroot, rel, NULL);
  char tag[PT_HTTP_ETAG_SIZE];
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  pt_http_etag_format ((guint64) st.st_dev, (guint64) st.st_ino, (guint64) st.st_size,
                       (gint64) st.st_mtim.tv_sec, (guint32) st.st_mtim.tv_nsec, tag);
  return g_strdup (tag);
}

char *
pt_test_head_field (const char *head,
                    const char *name)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  g_autofree char *prefix = g_strconcat (name, ": ", NULL);
  char *value = NULL;

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        g_assert_null (value);
        value = g_strdup (lines[i] + strlen (prefix));
      }
  return value;
}

char *
pt_test_http_date (gint64 t)
{
  char date[PT_HTTP_DATE_LEN + 1];

  pt_http_date_format ((int64_t) t, date);
  return g_strdup (date);
}
