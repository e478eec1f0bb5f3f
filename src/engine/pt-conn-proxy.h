/* pt-conn-proxy.h — the PROXY protocol header before the first request (layer 1)
 *
 * A connection from a trusted proxy (pt-proxy-trust.h) starts with a PROXY
 * header (parsed by layer 0, pt-http-proxy.h) that names the client; the
 * connection is shown as opened only once it is taken.  pt-conn.c reads it
 * in its READ_HEAD state (want_proxy) and keeps every transition.
 */
#pragma once

#include <sys/socket.h>

#include "pt-conn-private.h"
#include "pt-proxy-trust.h"

G_BEGIN_DECLS

/* Whether a connection from peer must start with a PROXY header: the
 * PROXY protocol is on and peer is a trusted proxy.  Inline: asked of
 * every connection accepted. */
static inline gboolean
pt_conn_proxy_expected (PtConn                *self,
                        const struct sockaddr *peer)
{
  return self->env->limits->proxy_protocol &&
         pt_proxy_trust_match (&self->env->limits->trusted_proxies, peer);
}

/* Consumes the PROXY header at the start of in->data.  1: done (the peer
 * is now the client it names, CONN_OPENED emitted, want_proxy cleared);
 * 0: incomplete; -1: not a valid header (the caller reports it and closes). */
int  pt_conn_proxy_take   (PtConn     *self);
/* A bad, missing or late header: one error line, and the connection is
 * never shown (no CONN_OPENED was emitted, so no closing line either).
 * The caller closes it, with no response. */
void pt_conn_proxy_report (PtConn     *self,
                           const char *why);

G_END_DECLS
