/* pt-clock.c — a worker's cached time (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-clock.h"

#define PT_USEC_PER_MSEC 1000
#define PT_USEC_PER_SEC  G_USEC_PER_SEC

void
pt_clock_init (PtClock *clock)
{
  clock->real_s = -1;
  clock->date[0] = '\0';
  clock->date_line_len = 0;
  clock->log_date[0] = '\0';
  pt_clock_update (clock);
}

gboolean
pt_clock_update (PtClock *clock)
{
  gint64 real_s = g_get_real_time () / PT_USEC_PER_SEC;
  gssize len;

  clock->mono_ms = g_get_monotonic_time () / PT_USEC_PER_MSEC;
  if (real_s == clock->real_s)
    return FALSE;

  clock->real_s = real_s;
  pt_http_date_format (real_s, clock->date);
  len = pt_http_response_write_date_line (clock->date_line, sizeof clock->date_line, clock->date);
  g_assert (len > 0);   /* PT_HTTP_DATE_LINE_MAX holds it */
  clock->date_line_len = (gsize) len;
  pt_http_date_format_log (real_s, clock->log_date);
  return TRUE;
}
