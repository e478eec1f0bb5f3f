/* pt-limits.c — the server's limits, resolved once from its config (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-limits.h"

#define PT_MS_PER_SEC 1000

void
pt_limits_resolve (const PtServerConfig *config,
                   PtLimits             *limits)
{
  limits->keep_alive_timeout_ms = MAX (config->keep_alive_timeout_ms, 1);
  limits->keep_alive_timeout_s = (limits->keep_alive_timeout_ms + PT_MS_PER_SEC - 1) / PT_MS_PER_SEC;
  limits->header_timeout_ms = MAX (config->header_timeout_ms, 1);
  limits->send_timeout_ms = config->send_timeout_ms != 0 ? config->send_timeout_ms
                                                         : PT_DEFAULT_SEND_TIMEOUT;
  limits->max_requests = MAX (config->max_requests, 1);
  limits->max_connections = config->max_connections != 0 ? config->max_connections : G_MAXINT;
}
