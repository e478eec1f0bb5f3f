/* pt-test-net.c — loopback helpers shared by the window's tests and benchmark */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pt-test-net.h"

guint
pt_test_net_free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  guint port;

  g_assert_cmpint (fd, >=, 0);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  port = ntohs (addr.sin_port);
  close (fd);
  return port;
}

int
pt_test_net_connect (guint port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  struct timeval tv = { .tv_sec = PT_TEST_NET_TIMEOUT_S };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((guint16) port);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

void
pt_test_net_send_all (int         fd,
                      const char *data,
                      gsize       len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      g_assert_cmpint (n, >, 0);
      data += n;
      len -= (gsize) n;
    }
}

/* Reads until the peer closes; returns everything received. */
char *
pt_test_net_read_to_eof (int fd)
{
  GString *out = g_string_new (NULL);
  char buf[PT_TEST_NET_READ_CHUNK];
  ssize_t n;

  while ((n = recv (fd, buf, sizeof buf, 0)) > 0)
    g_string_append_len (out, buf, n);
  g_assert_cmpint (n, ==, 0);
  return g_string_free (out, FALSE);
}

/* One GET with Connection: close; returns the whole response. */
char *
pt_test_net_get (guint       port,
                 const char *path)
{
  g_autofree char *request = NULL;
  int fd = pt_test_net_connect (port);
  char *response;

  g_assert_cmpint (fd, >=, 0);
  request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                             path);
  pt_test_net_send_all (fd, request, strlen (request));
  response = pt_test_net_read_to_eof (fd);
  close (fd);
  return response;
}

const char *
pt_test_net_body_of (const char *response)
{
  const char *end = strstr (response, "\r\n\r\n");

  g_assert_nonnull (end);
  return end + 4;
}

gboolean
pt_test_net_port_is_closed (guint port)
{
  int fd = pt_test_net_connect (port);

  if (fd < 0)
    return TRUE;
  close (fd);
  return FALSE;
}
