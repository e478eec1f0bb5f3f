/* pt-proxy-trust.h — which peers may send a PROXY protocol header (layer 1)
 *
 * --trusted-proxy: addresses or CIDR blocks, comma-separated.  Parsed once
 * at start into a fixed table (no allocation); matched per connection.
 */
#pragma once

#include <glib.h>
#include <sys/socket.h>

G_BEGIN_DECLS

#define PT_PROXY_TRUST_MAX 32   /* entries in --trusted-proxy */

typedef struct
{
  int     family;      /* AF_INET or AF_INET6 */
  guint   prefix;      /* bits compared: 0..32 or 0..128 */
  guint8  addr[16];    /* network order; AF_INET uses the first 4 */
} PtProxyNet;

typedef struct
{
  guint      n;
  PtProxyNet nets[PT_PROXY_TRUST_MAX];
} PtProxyTrust;

/* "127.0.0.1,10.0.0.0/8, ::1 ,fd00::/8": spaces around entries are
 * ignored; an empty list, an empty entry, a host part with bits beyond the
 * prefix, or more than PT_PROXY_TRUST_MAX entries is an error
 * (G_OPTION_ERROR_BAD_VALUE naming the entry). */
gboolean pt_proxy_trust_parse (const char            *list,
                               PtProxyTrust          *out,
                               GError               **error);
/* Whether the peer's address is in the table (v4-mapped IPv6 peers are
 * matched as IPv4). */
gboolean pt_proxy_trust_match (const PtProxyTrust    *trust,
                               const struct sockaddr *peer);

G_END_DECLS
