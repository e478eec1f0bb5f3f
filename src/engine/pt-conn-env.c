/* pt-conn-env.c — a connection's way out: events through the worker's emit callback (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-env.h"

void
pt_conn_env_emit (PtConnEnv *env,
                  PtEvent   *event)
{
  if (env->emit != NULL)
    env->emit (event, env->emit_data);
  else
    pt_event_free (event);
}

void
pt_conn_env_emit_error (PtConnEnv  *env,
                        const char *format,
                        ...)
{
  PtEvent *event = pt_event_new (PT_EVENT_ERROR);
  va_list args;

  va_start (args, format);
  event->message = g_strdup_vprintf (format, args);
  va_end (args);
  pt_conn_env_emit (env, event);
}
