/* pt-trace-limit.c — a worker's trace rate limit (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-trace-limit.h"

void
pt_trace_limit_init (PtTraceLimit *self,
                     guint         per_second,
                     guint         n_workers,
                     gint64        now_ms)
{
  g_return_if_fail (self != NULL);

  n_workers = MAX (n_workers, 1);
  self->per_window = per_second / n_workers + (per_second % n_workers != 0 ? 1 : 0);
  self->tokens = self->per_window;
  /* The first window begins with the first take. */
  self->window_ms = now_ms - PT_TRACE_LIMIT_WINDOW_MS;
  self->suppressed = 0;
  self->first_ms = now_ms;
}

gboolean
pt_trace_limit_take (PtTraceLimit *self,
                     gint64        now_ms)
{
  if (self->per_window == 0)
    return TRUE;

  if (now_ms - self->window_ms >= PT_TRACE_LIMIT_WINDOW_MS)
    {
      self->tokens = self->per_window;
      self->window_ms = now_ms;
    }

  if (self->tokens == 0)
    return FALSE;
  self->tokens--;
  return TRUE;
}

guint64
pt_trace_limit_report (PtTraceLimit *self,
                       gint64        now_ms,
                       gboolean      force)
{
  guint64 count = self->suppressed;

  if (count == 0)
    return 0;
  if (!force && now_ms - self->first_ms < PT_TRACE_LIMIT_REPORT_MS)
    return 0;

  self->suppressed = 0;
  return count;
}

gint64
pt_trace_limit_next_report (const PtTraceLimit *self,
                            gint64              now_ms)
{
  if (self->suppressed == 0)
    return -1;
  return MAX (self->first_ms + PT_TRACE_LIMIT_REPORT_MS - now_ms, 0);
}
