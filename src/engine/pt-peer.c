/* pt-peer.c — a client's address as text (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

/* Dotted quad by hand: glibc's inet_ntop formats IPv4 with sprintf, which
 * cost a third of a short connection's instructions.  addr_size is at
 * least INET_ADDRSTRLEN. */
static void
format_ipv4 (const guint8 b[4],
             char         *addr)
{
  char *p = addr;

  for (guint i = 0; i < 4; i++)
    {
      guint v = b[i];

      if (i > 0)
        *p++ = '.';
      if (v >= 100)
        *p++ = (char) ('0' + v / 100);
      if (v >= 10)
        *p++ = (char) ('0' + v / 10 % 10);
      *p++ = (char) ('0' + v % 10);
    }
  *p = '\0';
}

gboolean
pt_peer_format (const struct sockaddr *sa,
                char                  *addr,
                gsize                  addr_size,
                guint                 *port)
{
  if (sa->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) (gconstpointer) sa;

      *port = ntohs (sin6->sin6_port);
      if (IN6_IS_ADDR_V4MAPPED (&sin6->sin6_addr))
        {
          g_assert (addr_size >= INET_ADDRSTRLEN);
          format_ipv4 (sin6->sin6_addr.s6_addr + 12, addr);
          return sin6->sin6_addr.s6_addr[12] == 127;
        }
      inet_ntop (AF_INET6, &sin6->sin6_addr, addr, (socklen_t) addr_size);
      return IN6_IS_ADDR_LOOPBACK (&sin6->sin6_addr);
    }

  if (sa->sa_family == AF_INET)
    {
      const struct sockaddr_in *sin = (const struct sockaddr_in *) (gconstpointer) sa;
      guint8 b[4];

      *port = ntohs (sin->sin_port);
      memcpy (b, &sin->sin_addr.s_addr, sizeof b);   /* network order: first byte first */
      g_assert (addr_size >= INET_ADDRSTRLEN);
      format_ipv4 (b, addr);
      return b[0] == 127;
    }

  g_strlcpy (addr, "-", addr_size);
  *port = 0;
  return FALSE;
}
