/* pt-clock.h — a worker's cached time (layer 1)
 *
 * Read the clocks once per loop iteration; format the Date header line and
 * the access log's time only when the second changes (as nginx's
 * ngx_cached_http_time).
 */
#pragma once

#include <glib.h>

#include "pt-http-date.h"
#include "pt-http-response.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 mono_ms;                       /* g_get_monotonic_time () in ms */
  gint64 real_s;                        /* seconds since the epoch */
  char   date[PT_HTTP_DATE_LEN + 1];    /* IMF-fixdate of real_s */
  char   date_line[PT_HTTP_DATE_LINE_MAX];  /* "Date: <date>\r\n", not NUL-terminated */
  gsize  date_line_len;
  char   log_date[PT_HTTP_LOG_DATE_LEN + 1];  /* Combined Log Format time of real_s */
} PtClock;

void pt_clock_init   (PtClock *clock);
/* Returns TRUE when the second changed (the date string was refreshed). */
gboolean pt_clock_update (PtClock *clock);

G_END_DECLS
