/* pt-server-config.c — defaults, copy and free for PtServerConfig (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-server-config.h"

#define PT_DEFAULT_DOCROOT  "srcFile"
#define PT_DEFAULT_LOG_PATH "log.txt"

PtServerConfig *
pt_server_config_new (void)
{
  PtServerConfig *config = g_new0 (PtServerConfig, 1);

  config->host = g_strdup (PT_DEFAULT_HOST);
  config->port = PT_DEFAULT_PORT;
  config->port_fallback = TRUE;
  config->docroot = g_strdup (PT_DEFAULT_DOCROOT);
  config->n_threads = 0;
  config->keep_alive_timeout_ms = PT_DEFAULT_KEEP_ALIVE_TIMEOUT;
  config->max_requests = PT_DEFAULT_MAX_REQUESTS;
  config->header_timeout_ms = PT_DEFAULT_HEADER_TIMEOUT;
  config->max_connections = PT_DEFAULT_MAX_CONNECTIONS;
  config->serve_any_type = FALSE;
  config->log_path = g_strdup (PT_DEFAULT_LOG_PATH);
  config->log_format = PT_LOG_FORMAT_REPORT;
  config->trace_events = TRUE;
  config->send_timeout_ms = PT_DEFAULT_SEND_TIMEOUT;
  config->trace_max_per_second = 0;
  config->defer_accept_above = PT_DEFAULT_DEFER_ACCEPT_ABOVE;
  config->cache_control = g_strdup (PT_DEFAULT_CACHE_CONTROL);
  config->text_charset = TRUE;
  config->listen_fd = -1;

  return config;
}

PtServerConfig *
pt_server_config_copy (const PtServerConfig *config)
{
  PtServerConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_memdup2 (config, sizeof *config);
  copy->host = g_strdup (config->host);
  copy->docroot = g_strdup (config->docroot);
  copy->log_path = g_strdup (config->log_path);
  copy->cache_control = g_strdup (config->cache_control);
  copy->trusted_proxies = g_strdup (config->trusted_proxies);
  copy->access_key = g_strdup (config->access_key);

  return copy;
}

void
pt_server_config_free (PtServerConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->host);
  g_free (config->docroot);
  g_free (config->log_path);
  g_free (config->cache_control);
  g_free (config->trusted_proxies);
  g_free (config->access_key);
  g_free (config);
}
