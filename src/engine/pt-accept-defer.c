/* pt-accept-defer.c — when to ask the kernel to defer accepts (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-accept-defer.h"

void
pt_accept_defer_init (PtAcceptDefer *self,
                      guint          on_per_second,
                      gint64         now_ms,
                      guint64        total)
{
  g_return_if_fail (self != NULL);

  self->on_per_second = on_per_second;
  self->on = FALSE;
  self->window_ms = now_ms;
  self->window_total = total;
}

gboolean
pt_accept_defer_update (PtAcceptDefer *self,
                        gint64         now_ms,
                        guint64        total)
{
  gint64 elapsed = now_ms - self->window_ms;
  guint64 count;
  gboolean on;

  if (!pt_accept_defer_due (self, now_ms))
    return FALSE;

  count = total - self->window_total;
  self->window_ms = now_ms;
  self->window_total = total;

  /* count / elapsed s against the thresholds, in integers:
   * count * 1000 >= on_per_second * elapsed. */
  if (!self->on)
    on = count * 1000 >= (guint64) self->on_per_second * (guint64) elapsed;
  else
    on = count * 1000 * PT_ACCEPT_DEFER_OFF_DIVISOR >= (guint64) self->on_per_second * (guint64) elapsed;

  if (on == self->on)
    return FALSE;
  self->on = on;
  return TRUE;
}
