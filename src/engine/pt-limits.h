/* pt-limits.h — the server's limits, resolved once from its config (layer 1)
 *
 * Owns the rules that turn a PtServerConfig's "0 means default" and minimum
 * values into the numbers the engine uses.  The server resolves them at
 * start; workers and connections read the one copy (read-only while they run).
 */
#pragma once

#include <glib.h>

#include "pt-proxy-trust.h"
#include "pt-server-config.h"

G_BEGIN_DECLS

typedef struct
{
  guint keep_alive_timeout_ms;   /* >= 1 */
  guint keep_alive_timeout_s;    /* Keep-Alive: timeout=, rounded up */
  guint header_timeout_ms;       /* >= 1 */
  guint send_timeout_ms;         /* 0 in the config: PT_DEFAULT_SEND_TIMEOUT */
  guint max_requests;            /* >= 1 */
  guint max_connections;         /* >= 1; 0 in the config: no limit (G_MAXINT) */
  gboolean     proxy_protocol;   /* config->proxy_protocol */
  PtProxyTrust trusted_proxies;  /* parsed by the server at start (pt_proxy_trust_parse) */
} PtLimits;

void pt_limits_resolve (const PtServerConfig *config,
                        PtLimits             *limits);

G_END_DECLS
