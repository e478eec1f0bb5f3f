/* fuzz-date.c — libFuzzer target for the HTTP date parser and formatters
 *
 * 1. Parse the whole input; when it is a date, parse (format (t)) == t, and
 *    an IMF-fixdate input must format back to itself (ignoring the weekday
 *    and letter case; a leap second "60" normalises to the next minute).
 * 2. The first 8 bytes as any int64 t: both formatters write into heap
 *    blocks of exactly their documented size (any t, even far outside
 *    years 0-9999: a file's mtime can be anything), and within years
 *    1970-9999 parse (format (t)) == t.
 */
#include <stdbool.h>
#include <strings.h>

#include "pt-fuzz-check.h"
#include "pt-http-date.h"

#define FUZZ_MAX_IMF_TIME INT64_C(253402300799)   /* 9999-12-31 23:59:59 */

static void
check_round_trip (int64_t t)
{
  char *s = malloc (PT_HTTP_DATE_LEN + 1);
  int64_t back = -1;
  size_t n;

  PT_FUZZ_CHECK (s != NULL);
  n = pt_http_date_format (t, s);
  PT_FUZZ_CHECK (n == PT_HTTP_DATE_LEN);
  PT_FUZZ_CHECK (s[PT_HTTP_DATE_LEN] == '\0');
  PT_FUZZ_CHECK (strlen (s) == PT_HTTP_DATE_LEN);
  if (pt_http_date_parse (s, n, &back) != 0 || back != t)
    fprintf (stderr, "t=%lld formats as \"%s\", parses back as %lld\n",
             (long long) t, s, (long long) back);
  PT_FUZZ_CHECK (pt_http_date_parse (s, n, &back) == 0);
  PT_FUZZ_CHECK (back == t);
  free (s);
}

/* "Sun, 06 Nov 1994 08:49:37 GMT": digits and separators where IMF wants them. */
static bool
looks_like_imf_fixdate (const char *s,
                        size_t      len)
{
  static const char pattern[] = "aaa, 00 aaa 0000 00:00:00 GMT";
  size_t i;

  if (len != PT_HTTP_DATE_LEN)
    return false;
  for (i = 0; i < len; i++)
    {
      char p = pattern[i];

      if (p == '0' && !(s[i] >= '0' && s[i] <= '9'))
        return false;
      if (p == 'a' && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
        return false;
      if (p != '0' && p != 'a' && s[i] != p)
        return false;
    }
  return true;
}

static void
check_parsed_imf (const char *in,
                  int64_t     t)
{
  char s[PT_HTTP_DATE_LEN + 1];

  if (in[23] == '6' && in[24] == '0')   /* leap second */
    return;
  pt_http_date_format (t, s);
  /* From ", DD Mon YYYY ..." on; the weekday is not checked by every parser. */
  if (strncasecmp (s + 3, in + 3, PT_HTTP_DATE_LEN - 3) != 0)
    fprintf (stderr, "\"%.*s\" parsed as %lld = \"%s\"\n",
             PT_HTTP_DATE_LEN, in, (long long) t, s);
  PT_FUZZ_CHECK (strncasecmp (s + 3, in + 3, PT_HTTP_DATE_LEN - 3) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char *copy = pt_fuzz_dup (data, size);
  int64_t t = 0;

  if (pt_http_date_parse (copy, size, &t) == 0)
    {
      check_round_trip (t);
      if (looks_like_imf_fixdate (copy, size))
        check_parsed_imf (copy, t);
    }
  free (copy);

  if (size >= sizeof (int64_t))
    {
      char *out = malloc (PT_HTTP_DATE_LEN + 1);
      char *log = malloc (PT_HTTP_LOG_DATE_LEN + 1);
      size_t n;

      PT_FUZZ_CHECK (out != NULL && log != NULL);
      memcpy (&t, data, sizeof t);
      /* Outside years 0-9999 the text may be clamped or shortened, but it
       * never exceeds the documented size. */
      n = pt_http_date_format (t, out);
      PT_FUZZ_CHECK (n <= PT_HTTP_DATE_LEN && strlen (out) == n);
      n = pt_http_date_format_log (t, log);
      PT_FUZZ_CHECK (n <= PT_HTTP_LOG_DATE_LEN && strlen (log) == n);
      if (t >= 0 && t <= FUZZ_MAX_IMF_TIME)
        check_round_trip (t);
      free (out);
      free (log);
    }
  return 0;
}
