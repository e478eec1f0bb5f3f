/* test-console-page.c — the request console against a canned loopback server
 *
 * A thread answers each request with the next canned response, so every
 * framing (length, chunked, until close, interim 1xx) and every malformed
 * head reaches the page; the page's text must match exactly what
 * portico-client prints (tests/cli/test-client.py).  Without a display every
 * case is a TAP skip ("no display").
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "pt-console-page.h"
#include "pt-http-body-preview.h"

#define WAIT_LIMIT_S  30    /* liveness guard only */

typedef struct
{
  const char *raw;
  gsize       len;
  gboolean    close_after;
} Canned;

typedef struct
{
  int           listen_fd;
  guint         port;
  GThread      *thread;
  const Canned *responses;
  guint         n_responses;
  guint         connections;   /* read after the thread is joined */
} CannedServer;

static gboolean
read_request (int      fd,
              GString *pending)
{
  char buf[4096];

  while (strstr (pending->str, "\r\n\r\n") == NULL)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);

      if (n <= 0)
        return FALSE;
      g_string_append_len (pending, buf, n);
    }
  g_string_erase (pending, 0, strstr (pending->str, "\r\n\r\n") + 4 - pending->str);
  return TRUE;
}

static gpointer
canned_thread (gpointer data)
{
  CannedServer *srv = data;
  guint next = 0;

  while (next < srv->n_responses)
    {
      g_autoptr(GString) pending = g_string_new (NULL);
      int fd = accept (srv->listen_fd, NULL, NULL);

      if (fd < 0)
        break;
      srv->connections++;
      while (next < srv->n_responses && read_request (fd, pending))
        {
          const Canned *c = &srv->responses[next++];
          gsize off = 0;

          while (off < c->len)
            {
              ssize_t n = send (fd, c->raw + off, c->len - off, MSG_NOSIGNAL);

              if (n <= 0)
                break;
              off += (gsize) n;
            }
          if (c->close_after)
            break;
        }
      close (fd);
    }
  return NULL;
}

static void
canned_start (CannedServer *srv,
              const Canned *responses,
              guint         n)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;

  srv->responses = responses;
  srv->n_responses = n;
  srv->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (srv->listen_fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (srv->listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (srv->listen_fd, 8), ==, 0);
  g_assert_cmpint (getsockname (srv->listen_fd, (struct sockaddr *) &addr, &len), ==, 0);
  srv->port = ntohs (addr.sin_port);
  srv->thread = g_thread_new ("canned-server", canned_thread, srv);
}

static void
canned_stop (CannedServer *srv)
{
  shutdown (srv->listen_fd, SHUT_RDWR);
  g_thread_join (srv->thread);
  close (srv->listen_fd);
}

static gboolean
page_idle (PtConsolePage *page)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_S * G_USEC_PER_SEC;

  while (pt_console_page_is_busy (page))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

/* Sends request, waits, returns the response text. */
static char *
exchange (PtConsolePage *page,
          const char    *request)
{
  pt_console_page_set_request (page, request);
  pt_console_page_send (page);
  g_assert_true (pt_console_page_is_busy (page));
  g_assert_true (page_idle (page));
  return pt_console_page_dup_response (page);
}

static PtConsolePage *
new_page (guint port)
{
  PtConsolePage *page = g_object_ref_sink (g_object_new (PT_TYPE_CONSOLE_PAGE, NULL));

  pt_console_page_set_port (page, port);
  return page;
}

#define CANNED(s, close) { (s), sizeof (s) - 1, (close) }
#define KEPT     "Sent on the same connection, which stays open."
#define NEW_KEPT "Sent on a new connection, which stays open."
#define CLOSED   "The server closed the connection after the response."

static void
test_framings (void)
{
  static const Canned responses[] = {
    CANNED ("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n", FALSE),
    CANNED ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
            "5\r\nhello\r\n8\r\n, world\n\r\n0\r\n\r\n", FALSE),
    CANNED ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 6\r\n"
            "Content-Type: image/svg+xml\r\n\r\n<svg/>", FALSE),
    CANNED ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream; x=1\r\n\r\n\0\1\2", TRUE),
  };
  CannedServer srv = { 0 };
  g_autoptr(PtConsolePage) page = NULL;
  g_autofree char *png = NULL;
  g_autofree char *chunked = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *until_close = NULL;

  canned_start (&srv, responses, G_N_ELEMENTS (responses));
  page = new_page (srv.port);

  /* was "[8 bytes of image/png]": now the same line as portico-client's */
  png = exchange (page, "GET /a.png HTTP/1.1\nHost: x\n");
  g_assert_cmpstr (png, ==, "HTTP/1.1 200 OK\nContent-Length: 8\nContent-Type: image/png\n\n"
                            "<8 bytes of image/png>\n");
  g_assert_cmpstr (pt_console_page_get_status (page), ==, NEW_KEPT);

  chunked = exchange (page, "GET /b HTTP/1.1\nHost: x\n");
  g_assert_cmpstr (chunked, ==, "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nContent-Type: text/plain\n\n"
                                "hello, world\n");
  g_assert_cmpstr (pt_console_page_get_status (page), ==, KEPT);
  g_assert_cmpuint (pt_console_page_get_exchanges (page), ==, 2);

  svg = exchange (page, "GET /c.svg HTTP/1.1\nHost: x\n");
  g_assert_cmpstr (svg, ==, "HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nContent-Length: 6\n"
                            "Content-Type: image/svg+xml\n\n<svg/>");
  g_assert_cmpuint (pt_console_page_get_exchanges (page), ==, 3);

  until_close = exchange (page, "GET /d HTTP/1.1\nHost: x\n");
  g_assert_cmpstr (until_close, ==, "HTTP/1.1 200 OK\nContent-Type: application/octet-stream; x=1\n\n"
                                    "<3 bytes of application/octet-stream>\n");
  g_assert_cmpstr (pt_console_page_get_status (page), ==, CLOSED);

  canned_stop (&srv);
  g_assert_cmpuint (srv.connections, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&page));
}

static void
test_malformed (void)
{
  static const Canned responses[] = {
    CANNED ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", TRUE),
    CANNED ("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello", TRUE),
    CANNED ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", TRUE),
    CANNED ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", TRUE),
    CANNED ("HTTP/2.0 200 OK\r\n\r\n", TRUE),
  };
  static const char * const statuses[] = {
    "The request failed: The server sent a malformed response: invalid Content-Length",
    "The request failed: The server sent a malformed response: invalid Content-Length",
    "The request failed: The server sent a malformed response: malformed chunked body",
    "The request failed: The server closed the connection before the whole body arrived",
    "The request failed: The server sent a malformed response: not an HTTP/1.x response",
  };
  CannedServer srv = { 0 };
  g_autoptr(PtConsolePage) page = NULL;

  canned_start (&srv, responses, G_N_ELEMENTS (responses));
  page = new_page (srv.port);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *text = exchange (page, "GET / HTTP/1.1\nHost: x\n");

      g_assert_cmpstr (text, ==, "");
      g_assert_cmpstr (pt_console_page_get_status (page), ==, statuses[i]);
    }
  canned_stop (&srv);
  g_assert_cmpuint (srv.connections, ==, G_N_ELEMENTS (statuses));
  g_assert_finalize_object (g_steal_pointer (&page));
}

/* A text body of PT_HTTP_BODY_PREVIEW_MAX bytes is shown whole; one byte
 * more and the preview is followed by the summary. */
static void
test_preview_limit (void)
{
  g_autofree char *at = NULL;
  g_autofree char *over = NULL;
  g_autofree char *want_over = NULL;
  g_autofree char *body_at = g_strnfill (PT_HTTP_BODY_PREVIEW_MAX, 'a');
  g_autofree char *body_over = g_strnfill (PT_HTTP_BODY_PREVIEW_MAX + 1, 'b');
  g_autofree char *raw_at = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Type: text/plain\r\n\r\n%s",
                                             PT_HTTP_BODY_PREVIEW_MAX, body_at);
  g_autofree char *raw_over = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s",
                                               PT_HTTP_BODY_PREVIEW_MAX + 1, body_over);
  Canned responses[] = {
    { raw_at, strlen (raw_at), FALSE },
    { raw_over, strlen (raw_over), FALSE },
  };
  CannedServer srv = { 0 };
  g_autoptr(PtConsolePage) page = NULL;
  g_autofree char *want_at = g_strdup_printf ("HTTP/1.1 200 OK\nContent-Length: %d\nContent-Type: text/plain\n\n%s",
                                              PT_HTTP_BODY_PREVIEW_MAX, body_at);

  canned_start (&srv, responses, G_N_ELEMENTS (responses));
  page = new_page (srv.port);

  at = exchange (page, "GET /at HTTP/1.1\nHost: x\n");
  g_assert_cmpstr (at, ==, want_at);

  /* no Content-Type: the preview is sniffed as text */
  body_over[PT_HTTP_BODY_PREVIEW_MAX] = '\0';
  want_over = g_strdup_printf ("HTTP/1.1 200 OK\nContent-Length: %d\n\n%s\n<%d bytes of unknown type; the first %d shown>\n",
                               PT_HTTP_BODY_PREVIEW_MAX + 1, body_over, PT_HTTP_BODY_PREVIEW_MAX + 1,
                               PT_HTTP_BODY_PREVIEW_MAX);
  over = exchange (page, "GET /over HTTP/1.1\nHost: x\n");
  g_assert_cmpstr (over, ==, want_over);
  g_assert_cmpstr (pt_console_page_get_status (page), ==, KEPT);

  canned_stop (&srv);
  g_assert_finalize_object (g_steal_pointer (&page));
}

static void
test_no_display (void)
{
  g_test_skip ("no display");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/console-page/no-display", test_no_display);
      return g_test_run ();
    }

  g_test_add_func ("/ui/console-page/framings", test_framings);
  g_test_add_func ("/ui/console-page/malformed", test_malformed);
  g_test_add_func ("/ui/console-page/preview-limit", test_preview_limit);

  return g_test_run ();
}
