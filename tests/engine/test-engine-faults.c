/* test-engine-faults.c — errors while serving, and partial writes
 *
 * A 500 with its ERROR event (the open fails with EMFILE), a file truncated
 * while it is sent, the no-progress send timeout, and many pipelined
 * responses to a client that does not read (partial writes of cached small
 * bodies, kept in the connection's own buffers).
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pt-test-util.h"
#include "pt-tsan.h"

#define HUGE_SIZE        (64 * 1024 * 1024)  /* sparse: more than any socket buffers hold */
#define SMALL_RCVBUF     4096                /* the client's receive buffer */
#define SEND_TIMEOUT_MS  300
#define EVENT_WAIT_MS    5000
#define N_PIPELINED      600                 /* × 16 KiB: more than the socket buffers hold */
#define BODY_SIZE        (16 * 1024)         /* the largest body kept in memory by the cache */
#define DRAIN_CHUNK      65536

static void
tweak_one_thread (PtServerConfig *config)
{
  config->n_threads = 1;
}

static void
tweak_send_timeout (PtServerConfig *config)
{
  config->n_threads = 1;
  config->send_timeout_ms = SEND_TIMEOUT_MS;
}

static void
tweak_many_requests (PtServerConfig *config)
{
  config->n_threads = 1;
  config->max_requests = N_PIPELINED + 1;
}

static int
highest_open_fd (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  int highest = 2;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    highest = MAX (highest, atoi (name));
  return highest;
}

static void
make_huge (PtTestServer *ts)
{
  g_autofree char *path = g_build_filename (ts->docroot, "huge.txt", NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, HUGE_SIZE), ==, 0);
  close (fd);
}

/* A client with a small receive buffer, so the server's writes block. */
static int
connect_slow_reader (guint port)
{
  struct sockaddr_in addr = { 0 };
  int size = SMALL_RCVBUF;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size), ==, 0);
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((guint16) port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  return fd;
}

static void
send_all (int         fd,
          const char *data)
{
  gsize len = strlen (data);

  g_assert_cmpint (send (fd, data, len, MSG_NOSIGNAL), ==, (gssize) len);
}

/* Reads until EOF (or a reset); returns the bytes read. */
static GByteArray *
read_to_eof (int fd)
{
  GByteArray *all = g_byte_array_new ();
  struct timeval tv = { PT_TEST_IO_TIMEOUT_MS / 1000, 0 };
  guint8 *buf = g_malloc (DRAIN_CHUNK);

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (;;)
    {
      ssize_t n = recv (fd, buf, DRAIN_CHUNK, 0);

      if (n <= 0)
        {
          g_assert_true (n == 0 || errno == ECONNRESET);
          break;
        }
      g_byte_array_append (all, buf, (guint) n);
    }
  g_free (buf);
  return all;
}

static gsize
header_end (GByteArray *all)
{
  const char *end = g_strstr_len ((const char *) all->data, (gssize) all->len, "\r\n\r\n");

  g_assert_nonnull (end);
  return (gsize) (end - (const char *) all->data) + 4;
}

/* ---- 500 --------------------------------------------------------------- */

static void
test_open_fails_500 (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_thread);
  g_autoptr(PtTestConn) conn = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) first = NULL;
  g_autoptr(PtTestResponse) resp = NULL;
  g_autoptr(PtTestResponse) later = NULL;
  g_autoptr(GArray) fillers = g_array_new (FALSE, FALSE, sizeof (int));
  struct rlimit old_limit;
  struct rlimit limit;
  PtEvent *error_event = NULL;

  if (pt_test_skip_under_valgrind ("it refuses setrlimit (RLIMIT_NOFILE), which this case needs"))
    return;

  /* The connection is accepted (it has been answered): now leave the
   * process no descriptor at all, so the server's open fails with EMFILE. */
  pt_test_conn_send (conn, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  first = pt_test_conn_read (conn, FALSE);
  g_assert_nonnull (first);
  g_assert_cmpint (first->status, ==, 200);

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = (rlim_t) highest_open_fd () + 1;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  for (;;)
    {
      int fd = dup (0);

      if (fd < 0)
        {
          g_assert_cmpint (errno, ==, EMFILE);
          break;
        }
      g_array_append_val (fillers, fd);
    }

  pt_test_conn_send (conn, "GET /sub/page.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  resp = pt_test_conn_read (conn, TRUE);

  for (guint i = 0; i < fillers->len; i++)
    close (g_array_index (fillers, int, i));
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &old_limit), ==, 0);

  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 500);
  g_assert_nonnull (strstr (resp->masked, "HTTP/1.1 500 Internal Server Error\n"));
  g_assert_nonnull (strstr (resp->masked, "\nConnection: keep-alive\n"));

  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_ERROR, 1));
  g_mutex_lock (&ts->lock);
  PT_TSAN_ACQUIRE (ts);   /* GMutex is invisible to ThreadSanitizer */
  for (guint i = 0; i < ts->events->len; i++)
    if (((PtEvent *) ts->events->pdata[i])->type == PT_EVENT_ERROR)
      error_event = ts->events->pdata[i];
  g_assert_nonnull (error_event);
  g_assert_cmpstr (error_event->message, ==, "openat2 /sub/page.txt: Too many open files");
  PT_TSAN_RELEASE (ts);
  g_mutex_unlock (&ts->lock);

  /* Nothing was cached from the failure: with descriptors back, 200. */
  pt_test_conn_send (conn, "GET /sub/page.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  later = pt_test_conn_read (conn, TRUE);
  g_assert_nonnull (later);
  g_assert_cmpint (later->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (later->body, NULL), g_bytes_get_size (later->body),
                   "sub page\n", 9);
}

/* ---- truncated while sent ------------------------------------------------ */

static void
test_truncated_while_sent (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_thread);
  g_autofree char *path = NULL;
  g_autoptr(GByteArray) all = NULL;
  g_autoptr(PtTestResponse) after = NULL;
  char peek[64];
  int fd;

  make_huge (ts);
  path = g_build_filename (ts->docroot, "huge.txt", NULL);
  fd = connect_slow_reader (ts->port);
  send_all (fd, "GET /huge.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");

  /* The head has arrived and the server is blocked on a full socket. */
  g_assert_cmpint (recv (fd, peek, sizeof peek, MSG_PEEK | MSG_WAITALL), ==, (gssize) sizeof peek);
  g_assert_true (g_str_has_prefix (peek, "HTTP/1.1 200 OK\r\n"));
  g_assert_cmpint (truncate (path, 0), ==, 0);

  /* Fewer bytes than promised, then the server closes. */
  all = read_to_eof (fd);
  close (fd);
  g_assert_cmpuint (all->len - header_end (all), <, HUGE_SIZE);
  g_assert_nonnull (g_strstr_len ((const char *) all->data, (gssize) header_end (all),
                                  "\r\nContent-Length: 67108864\r\n"));

  /* The server goes on serving. */
  after = pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (after);
  g_assert_cmpint (after->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (after->body), ==, strlen (PT_TEST_INDEX_HTML));
}

/* ---- send timeout -------------------------------------------------------- */

static void
test_send_timeout (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_send_timeout);
  g_autoptr(GByteArray) all = NULL;
  g_autoptr(PtTestResponse) after = NULL;
  int fd;

  make_huge (ts);
  fd = connect_slow_reader (ts->port);
  send_all (fd, "GET /huge.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");

  /* The client never reads: after SEND_TIMEOUT_MS without progress the
   * server gives up (CONN_CLOSED, no RESPONSE: the response never ended). */
  g_assert_true (pt_test_server_wait_events (ts, PT_EVENT_CONN_CLOSED, 1));
  g_assert_cmpuint (pt_test_server_count_events (ts, PT_EVENT_RESPONSE), ==, 0);

  all = read_to_eof (fd);
  close (fd);
  g_assert_cmpuint (all->len, <, HUGE_SIZE);

  after = pt_test_request (ts->port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", TRUE);
  g_assert_nonnull (after);
  g_assert_cmpint (after->status, ==, 200);
}

/* ---- partial writes ------------------------------------------------------ */

static void
test_pipelined_partial_writes (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_many_requests);
  g_autoptr(GString) requests = g_string_new (NULL);
  g_autoptr(GByteArray) all = NULL;
  g_autofree char *body = g_malloc (BODY_SIZE);
  g_autofree char *path = g_build_filename (ts->docroot, "body.txt", NULL);
  g_autoptr(GError) error = NULL;
  gsize pos = 0;
  int fd;

  for (gsize i = 0; i < BODY_SIZE; i++)
    body[i] = (char) ('A' + i % 23);
  g_file_set_contents (path, body, BODY_SIZE, &error);
  g_assert_no_error (error);

  /* Cached small bodies and error bodies, pipelined far past what the
   * socket buffers hold before the client reads anything: the server's
   * writes go partial and pipelined requests wait in its buffer. */
  for (guint i = 0; i < N_PIPELINED; i++)
    g_string_append (requests, i % 3 == 2 ? "GET /nope.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                          : "GET /body.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_string_append (requests, "GET /body.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

  fd = connect_slow_reader (ts->port);
  send_all (fd, requests->str);
  g_usleep (G_USEC_PER_SEC / 5);   /* let the server fill the socket and wait */

  all = read_to_eof (fd);
  close (fd);

  for (guint i = 0; i <= N_PIPELINED; i++)
    {
      const char *head = (const char *) all->data + pos;
      const char *cl;
      gsize head_len;
      gsize body_len;
      gboolean missing = i < N_PIPELINED && i % 3 == 2;

      g_assert_cmpuint (pos, <, all->len);
      g_assert_true (g_str_has_prefix (head, missing ? "HTTP/1.1 404 File Not Found\r\n"
                                                     : "HTTP/1.1 200 OK\r\n"));
      head_len = (gsize) (g_strstr_len (head, (gssize) (all->len - pos), "\r\n\r\n") - head) + 4;
      cl = g_strstr_len (head, (gssize) head_len, "\r\nContent-Length: ");
      g_assert_nonnull (cl);
      body_len = (gsize) g_ascii_strtoull (cl + strlen ("\r\nContent-Length: "), NULL, 10);
      if (!missing)
        {
          g_assert_cmpuint (body_len, ==, BODY_SIZE);
          g_assert_cmpmem (head + head_len, body_len, body, BODY_SIZE);
        }
      pos += head_len + body_len;
    }
  g_assert_cmpuint (pos, ==, all->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/faults/open-fails-500", test_open_fails_500);
  g_test_add_func ("/engine/faults/truncated-while-sent", test_truncated_while_sent);
  g_test_add_func ("/engine/faults/send-timeout", test_send_timeout);
  g_test_add_func ("/engine/faults/pipelined-partial-writes", test_pipelined_partial_writes);

  return g_test_run ();
}
