/* pt-peer.h — a client's address as text (layer 1)
 *
 * Owns the formatting of a peer's sockaddr for events and the access log:
 * IPv4 by hand (the hot path), v4-mapped IPv6 shown as IPv4, and whether
 * it is loopback (the log's "localhost").
 */
#pragma once

#include <glib.h>
#include <sys/socket.h>

G_BEGIN_DECLS

#define PT_PEER_ADDR_LEN 46                         /* INET6_ADDRSTRLEN */

/* Returns whether the address is loopback, and writes it as text
 * ("127.0.0.1", "::1"; v4-mapped IPv6 shown as IPv4) and its port.
 * addr_size is at least INET_ADDRSTRLEN. */
gboolean pt_peer_format (const struct sockaddr *sa,
                         char                  *addr,
                         gsize                  addr_size,
                         guint                 *port);

G_END_DECLS
