/* pt-http-date.h — HTTP dates, by hand (layer 0)
 *
 * Never through strftime/strptime: GTK calls setlocale(), which would
 * translate day and month names.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define PT_HTTP_DATE_LEN 29   /* "Sun, 06 Nov 1994 08:49:37 GMT" without the NUL */

/* Formats t (seconds since the epoch, UTC) as an IMF-fixdate into
 * out[PT_HTTP_DATE_LEN + 1], NUL-terminated.  Returns PT_HTTP_DATE_LEN.
 * t is clamped to 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
size_t pt_http_date_format (int64_t t,
                            char   *out);

/* Parses IMF-fixdate, RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime
 * ("Sun Nov  6 08:49:37 1994") dates.  Returns 0 and sets *t, or -1 when the
 * value is not a valid date (the caller then ignores the header).
 * Strict: exact widths, case-sensitive names, "GMT" where the RFC has it,
 * years 1970..9999.  The day name must be valid but is not checked against
 * the date.  RFC 850 years 00-69 are 20xx, 70-99 are 19xx (no clock here). */
int    pt_http_date_parse  (const char *s,
                            size_t      len,
                            int64_t    *t);

/* Apache log time "05/Apr/2024:13:33:33 +0000" into out[PT_HTTP_LOG_DATE_LEN + 1]. */
#define PT_HTTP_LOG_DATE_LEN 26
size_t pt_http_date_format_log (int64_t t,
                                char   *out);
