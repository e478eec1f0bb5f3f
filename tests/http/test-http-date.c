/* test-http-date.c — HTTP date formatting and parsing
 *
 * Round trips, the three RFC 9110 §5.6.7 formats, invalid dates, and the
 * formatter under a German locale (GTK calls setlocale(); names must stay
 * English).
 */

#include <glib.h>
#include <locale.h>
#include <string.h>

#include "pt-http-date.h"

#define RFC_EXAMPLE_TIME  INT64_C (784111777)   /* Sun, 06 Nov 1994 08:49:37 GMT */
#define MAX_TIME          INT64_C (253402300799) /* 9999-12-31T23:59:59Z */
#define GERMAN_LOCALE     "de_DE.UTF-8"

typedef struct
{
  int64_t     t;
  const char *imf;
  const char *log;
} FormatCase;

static const FormatCase format_cases[] = {
  { 0, "Thu, 01 Jan 1970 00:00:00 GMT", "01/Jan/1970:00:00:00 +0000" },
  { 59, "Thu, 01 Jan 1970 00:00:59 GMT", "01/Jan/1970:00:00:59 +0000" },
  { 86399, "Thu, 01 Jan 1970 23:59:59 GMT", "01/Jan/1970:23:59:59 +0000" },
  { 68169600, "Tue, 29 Feb 1972 00:00:00 GMT", "29/Feb/1972:00:00:00 +0000" },
  { RFC_EXAMPLE_TIME, "Sun, 06 Nov 1994 08:49:37 GMT", "06/Nov/1994:08:49:37 +0000" },
  { 946684799, "Fri, 31 Dec 1999 23:59:59 GMT", "31/Dec/1999:23:59:59 +0000" },
  { 946684800, "Sat, 01 Jan 2000 00:00:00 GMT", "01/Jan/2000:00:00:00 +0000" },
  { 951782400, "Tue, 29 Feb 2000 00:00:00 GMT", "29/Feb/2000:00:00:00 +0000" },
  { 951868800, "Wed, 01 Mar 2000 00:00:00 GMT", "01/Mar/2000:00:00:00 +0000" },
  { 1078099199, "Sun, 29 Feb 2004 23:59:59 GMT", "29/Feb/2004:23:59:59 +0000" },
  { 1711927055, "Sun, 31 Mar 2024 23:17:35 GMT", "31/Mar/2024:23:17:35 +0000" },
  { 1712323213, "Fri, 05 Apr 2024 13:20:13 GMT", "05/Apr/2024:13:20:13 +0000" },
  { 1712324013, "Fri, 05 Apr 2024 13:33:33 GMT", "05/Apr/2024:13:33:33 +0000" },
  { 1715471999, "Sat, 11 May 2024 23:59:59 GMT", "11/May/2024:23:59:59 +0000" },
  { 2147483647, "Tue, 19 Jan 2038 03:14:07 GMT", "19/Jan/2038:03:14:07 +0000" },
  { 2147483648, "Tue, 19 Jan 2038 03:14:08 GMT", "19/Jan/2038:03:14:08 +0000" },
  { 4107542400, "Mon, 01 Mar 2100 00:00:00 GMT", "01/Mar/2100:00:00:00 +0000" },  /* 2100 is not leap */
  { 4107456000, "Sun, 28 Feb 2100 00:00:00 GMT", "28/Feb/2100:00:00:00 +0000" },
  { 13574649600, "Wed, 01 Mar 2400 00:00:00 GMT", "01/Mar/2400:00:00:00 +0000" },
  { 13574563200, "Tue, 29 Feb 2400 00:00:00 GMT", "29/Feb/2400:00:00:00 +0000" },
  { MAX_TIME, "Fri, 31 Dec 9999 23:59:59 GMT", "31/Dec/9999:23:59:59 +0000" },
};

static void
test_format_case (gconstpointer data)
{
  const FormatCase *c = data;
  char out[PT_HTTP_DATE_LEN + 1];
  char log[PT_HTTP_LOG_DATE_LEN + 1];
  int64_t parsed = -1;

  g_assert_cmpuint (pt_http_date_format (c->t, out), ==, PT_HTTP_DATE_LEN);
  g_assert_cmpstr (out, ==, c->imf);
  g_assert_cmpuint (strlen (out), ==, PT_HTTP_DATE_LEN);

  g_assert_cmpuint (pt_http_date_format_log (c->t, log), ==, PT_HTTP_LOG_DATE_LEN);
  g_assert_cmpstr (log, ==, c->log);
  g_assert_cmpuint (strlen (log), ==, PT_HTTP_LOG_DATE_LEN);

  g_assert_cmpint (pt_http_date_parse (out, strlen (out), &parsed), ==, 0);
  g_assert_cmpint (parsed, ==, c->t);
}

/* Every day of a few leap and common years, and a stride over the range,
 * agrees with GLib's calendar and survives format -> parse. */
static void
test_round_trip (void)
{
  const int64_t stride = INT64_C (86400) * 97 + 3607;

  for (int64_t t = 0; t <= MAX_TIME; t += (t < INT64_C (4200000000) ? 86399 : stride))
    {
      char out[PT_HTTP_DATE_LEN + 1];
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
      g_autofree char *expected = g_date_time_format (dt, "%d %m %Y %H:%M:%S");
      g_autofree char *mine = NULL;
      int64_t parsed = -1;
      static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
      static const char days[] = "MonTueWedThuFriSatSun";
      int month = g_date_time_get_month (dt);
      int dow = g_date_time_get_day_of_week (dt);   /* 1 = Monday */

      pt_http_date_format (t, out);
      mine = g_strdup_printf ("%.2s %02d %.4s %.8s", out + 5, month, out + 12, out + 17);
      g_assert_cmpstr (mine, ==, expected);
      g_assert_cmpmem (out + 8, 3, months + (month - 1) * 3, 3);
      g_assert_cmpmem (out, 3, days + (dow - 1) * 3, 3);

      g_assert_cmpint (pt_http_date_parse (out, PT_HTTP_DATE_LEN, &parsed), ==, 0);
      g_assert_cmpint (parsed, ==, t);
    }
}

static void
test_clamp (void)
{
  char out[PT_HTTP_DATE_LEN + 1];

  pt_http_date_format (-1, out);
  g_assert_cmpstr (out, ==, "Thu, 01 Jan 1970 00:00:00 GMT");
  pt_http_date_format (INT64_MIN, out);
  g_assert_cmpstr (out, ==, "Thu, 01 Jan 1970 00:00:00 GMT");
  pt_http_date_format (MAX_TIME + 1, out);
  g_assert_cmpstr (out, ==, "Fri, 31 Dec 9999 23:59:59 GMT");
  pt_http_date_format (INT64_MAX, out);
  g_assert_cmpstr (out, ==, "Fri, 31 Dec 9999 23:59:59 GMT");
}

typedef struct
{
  const char *s;
  int64_t     t;     /* -1: invalid */
} ParseCase;

static const ParseCase parse_cases[] = {
  /* the three formats of RFC 9110 §5.6.7 */
  { "Sun, 06 Nov 1994 08:49:37 GMT", RFC_EXAMPLE_TIME },
  { "Sunday, 06-Nov-94 08:49:37 GMT", RFC_EXAMPLE_TIME },
  { "Sun Nov  6 08:49:37 1994", RFC_EXAMPLE_TIME },
  { "Sun Nov 06 08:49:37 1994", RFC_EXAMPLE_TIME },
  /* the report's values; the day name is not checked against the date */
  { "Sat, 11 May 2024 23:59:59 GMT", 1715471999 },
  { "Fri, 31 Dec 2024 23:59:59 GMT", 1735689599 },
  { "Sun, 31 Mar 2024 23:17:35 GMT", 1711927055 },
  /* RFC 850 years: 00-69 -> 20xx, 70-99 -> 19xx */
  { "Thursday, 01-Jan-70 00:00:00 GMT", 0 },
  { "Saturday, 01-Jan-00 00:00:00 GMT", 946684800 },
  { "Tuesday, 31-Dec-69 23:59:59 GMT", 3155759999 },
  { "Friday, 31-Dec-99 23:59:59 GMT", 946684799 },
  { "Tuesday, 29-Feb-00 00:00:00 GMT", 951782400 },
  { "Tue Feb 29 00:00:00 2000", 951782400 },
  { "Thu Jan  1 00:00:00 1970", 0 },
  { "Fri Dec 31 23:59:59 9999", MAX_TIME },
  /* invalid */
  { "", -1 },
  { "Sun, 06 Nov 1994 08:49:37 UTC", -1 },
  { "Sun, 06 Nov 1994 08:49:37 gmt", -1 },
  { "Sun, 06 Nov 1994 08:49:37", -1 },
  { "Sun, 06 Nov 1994 08:49:37 GMT ", -1 },
  { " Sun, 06 Nov 1994 08:49:37 GMT", -1 },
  { "sun, 06 Nov 1994 08:49:37 GMT", -1 },
  { "Sun, 06 nov 1994 08:49:37 GMT", -1 },
  { "Son, 06 Nov 1994 08:49:37 GMT", -1 },
  { "Sun, 06 Noe 1994 08:49:37 GMT", -1 },
  { "Sun, 6 Nov 1994 08:49:37 GMT", -1 },
  { "Sun, 06 Nov 94 08:49:37 GMT", -1 },
  { "Sun, 06 Nov 1994 8:49:37 GMT", -1 },
  { "Sun, 06-Nov-1994 08:49:37 GMT", -1 },
  { "Sun,  6 Nov 1994 08:49:37 GMT", -1 },
  { "Sun, 06 Nov 1994 08:49:37 +0000", -1 },
  { "Sun, 06 Nov 1994 08-49-37 GMT", -1 },
  { "Sun, 30 Feb 2024 00:00:00 GMT", -1 },
  { "Thu, 29 Feb 2023 00:00:00 GMT", -1 },
  { "Mon, 29 Feb 2100 00:00:00 GMT", -1 },
  { "Sun, 31 Apr 2024 00:00:00 GMT", -1 },
  { "Sun, 00 Apr 2024 00:00:00 GMT", -1 },
  { "Sun, 32 Jan 2024 00:00:00 GMT", -1 },
  { "Sun, 06 Nov 1994 24:00:00 GMT", -1 },
  { "Sun, 06 Nov 1994 23:60:00 GMT", -1 },
  { "Sun, 06 Nov 1994 23:59:60 GMT", -1 },
  { "Wed, 31 Dec 1969 23:59:59 GMT", -1 },
  { "Sun, 06 Nov 0000 08:49:37 GMT", -1 },
  { "Sun, 06 Nov 1994 08:49:37 GMT\r", -1 },
  { "Sunday, 06-Nov-94 08:49:37 UTC", -1 },
  { "Sunday, 06-Nov-94 08:49:37", -1 },
  { "Sunday, 6-Nov-94 08:49:37 GMT", -1 },
  { "Sunday, 06-Nov-1994 08:49:37 GMT", -1 },
  { "Sunday, 06 Nov 94 08:49:37 GMT", -1 },
  { "Sonntag, 06-Nov-94 08:49:37 GMT", -1 },
  { "sunday, 06-Nov-94 08:49:37 GMT", -1 },
  { "Sun, 06-Nov-94 08:49:37 GMT", -1 },
  { "Sun Nov 6 08:49:37 1994", -1 },
  { "Sun Nov  6 08:49:37 94", -1 },
  { "Sun Nov  6 08:49:37 1994 GMT", -1 },
  { "Sun Nov _6 08:49:37 1994", -1 },
  { "Sun Feb 30 08:49:37 1994", -1 },
  { "1994-11-06T08:49:37Z", -1 },
  { "784111777", -1 },
};

static void
test_parse_case (gconstpointer data)
{
  const ParseCase *c = data;
  int64_t t = 42;
  int r;

  g_test_message ("\"%s\"", c->s);
  r = pt_http_date_parse (c->s, strlen (c->s), &t);
  if (c->t < 0)
    {
      g_assert_cmpint (r, ==, -1);
      g_assert_cmpint (t, ==, 42);   /* untouched */
    }
  else
    {
      g_assert_cmpint (r, ==, 0);
      g_assert_cmpint (t, ==, c->t);
    }
}

/* Only len bytes are read: the value is a slice of a header buffer. */
static void
test_parse_slice (void)
{
  const char *s = "Sun, 06 Nov 1994 08:49:37 GMT\r\nHost: a";
  int64_t t = 0;

  g_assert_cmpint (pt_http_date_parse (s, PT_HTTP_DATE_LEN, &t), ==, 0);
  g_assert_cmpint (t, ==, RFC_EXAMPLE_TIME);
  g_assert_cmpint (pt_http_date_parse (s, PT_HTTP_DATE_LEN - 1, &t), ==, -1);
  g_assert_cmpint (pt_http_date_parse (NULL, 0, &t), ==, -1);
}

/* setlocale() as GTK does: the names must not be translated. */
static void
test_german_locale (void)
{
  char out[PT_HTTP_DATE_LEN + 1];
  char log[PT_HTTP_LOG_DATE_LEN + 1];
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  int64_t t = 0;

  if (setlocale (LC_ALL, GERMAN_LOCALE) == NULL)
    g_error ("the locale " GERMAN_LOCALE " is missing: run `localedef -i de_DE -f UTF-8 de_DE.UTF-8` "
             "(as root) and run the tests again");

  /* the locale is really active: strftime would say "Mär" */
  {
    struct tm tm = { .tm_mon = 2, .tm_mday = 1, .tm_year = 124 };
    char buf[32];

    strftime (buf, sizeof buf, "%b", &tm);
    g_assert_cmpstr (buf, ==, "Mär");
  }

  pt_http_date_format (1711927055, out);
  g_assert_cmpstr (out, ==, "Sun, 31 Mar 2024 23:17:35 GMT");
  pt_http_date_format (RFC_EXAMPLE_TIME + 86400 * 4, out);
  g_assert_cmpstr (out, ==, "Thu, 10 Nov 1994 08:49:37 GMT");
  pt_http_date_format_log (1715471999, log);
  g_assert_cmpstr (log, ==, "11/May/2024:23:59:59 +0000");
  g_assert_cmpint (pt_http_date_parse ("Sun, 31 Mar 2024 23:17:35 GMT", PT_HTTP_DATE_LEN, &t), ==, 0);
  g_assert_cmpint (t, ==, 1711927055);

  setlocale (LC_ALL, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/date/format/%" G_GINT64_FORMAT, format_cases[i].t);

      g_test_add_data_func (name, &format_cases[i], test_format_case);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/date/parse/case-%02zu", i);

      g_test_add_data_func (name, &parse_cases[i], test_parse_case);
    }
  g_test_add_func ("/http/date/round-trip", test_round_trip);
  g_test_add_func ("/http/date/clamp", test_clamp);
  g_test_add_func ("/http/date/parse-slice", test_parse_slice);
  g_test_add_func ("/http/date/german-locale", test_german_locale);

  return g_test_run ();
}
