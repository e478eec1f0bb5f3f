/* pt-conn-proxy.c — the PROXY protocol header before the first request (layer 1)
 *
 * The PROXY header's part of pt-conn.c's READ_HEAD state: taking it (the
 * client it names replaces the socket's peer), reporting a bad one (whom
 * to expect it from is inline in the header).  The transitions stay in
 * pt-conn.c.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-proxy.h"

#include "pt-conn-links.h"
#include "pt-conn-private.h"
#include "pt-conn-trace.h"
#include "pt-http-proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

void
pt_conn_proxy_report (PtConn     *self,
                      const char *why)
{
  pt_conn_env_emit_error (self->env, "PROXY protocol: %s from ('%s', %u); connection closed",
                          why, self->peer_addr, self->peer_port);
  self->trace_conn = FALSE;
}

int
pt_conn_proxy_take (PtConn *self)
{
  PtConnIn *in = self->in;
  PtHttpProxyHeader header;
  ssize_t r = pt_http_proxy_parse (in->data, self->in_len, &header);

  g_assert (self->want_proxy);

  if (r == 0)
    return 0;
  if (r < 0)
    return -1;

  memmove (in->data, in->data + r, self->in_len - (gsize) r);
  self->in_len -= (gsize) r;
  self->want_proxy = FALSE;

  /* LOCAL (the proxy's own health check), UNKNOWN, UNSPEC, UNIX: keep the
   * socket's address, as the specification says. */
  if (!header.local &&
      (header.family == PT_HTTP_PROXY_INET || header.family == PT_HTTP_PROXY_INET6))
    {
      struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
      struct sockaddr_in a4 = { .sin_family = AF_INET };
      const struct sockaddr *sa;
      guint port = 0;

      if (header.family == PT_HTTP_PROXY_INET)
        {
          memcpy (&a4.sin_addr, header.src_addr, 4);
          a4.sin_port = htons (header.src_port);
          sa = (const struct sockaddr *) &a4;
        }
      else
        {
          memcpy (&a6.sin6_addr, header.src_addr, 16);
          a6.sin6_port = htons (header.src_port);
          sa = (const struct sockaddr *) &a6;
        }
      self->peer_is_loopback = pt_peer_format (sa, self->peer_addr, sizeof self->peer_addr, &port);
      self->peer_port = (guint16) port;
      self->peer_addr_len = (guint8) strlen (self->peer_addr);
    }

  if (pt_conn_trace (self, self->trace_conn))
    pt_conn_env_emit (self->env, pt_conn_event_new (self, PT_EVENT_CONN_OPENED, FALSE));
  if (self->in_len == 0)
    pt_conn_timer_set (self, PT_TIMER_IDLE);
  return 1;
}
