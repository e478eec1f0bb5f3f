/* pt-http-date.c — HTTP dates, by hand (layer 0)
 *
 * Civil-from-days and days-from-civil arithmetic on the proleptic Gregorian
 * calendar, so neither the C library's time zone nor its locale is involved.
 * The supported range is 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z:
 * formatting clamps to it, parsing refuses anything outside it.
 *
 * Parsing is strict (RFC 9110 §5.6.7): exact field widths, case-sensitive
 * day and month names, "GMT" required for IMF-fixdate and RFC 850.  The day
 * name must be a valid name but is not checked against the date (clients get
 * it wrong, e.g. the report's "Fri, 31 Dec 2024", which was a Tuesday).
 * RFC 850 two-digit years: layer 0 reads no clock, so instead of "more than
 * 50 years in the future" we use a fixed pivot: 00-69 → 20xx, 70-99 → 19xx.
 */

#include "pt-http-date.h"
#include "pt-http-ascii.h"

#include <stdbool.h>

#define SECONDS_PER_MINUTE  60
#define SECONDS_PER_HOUR    3600
#define SECONDS_PER_DAY     86400
#define MIN_YEAR            1970
#define MAX_YEAR            9999
#define MAX_TIME            INT64_C (253402300799)  /* 9999-12-31T23:59:59Z */
#define RFC850_YEAR_PIVOT   70                      /* yy < 70 → 20yy, else 19yy */
#define IMF_FIXDATE_LEN     29                      /* "Sun, 06 Nov 1994 08:49:37 GMT" */
#define ASCTIME_LEN         24                      /* "Sun Nov  6 08:49:37 1994" */
#define RFC850_MIN_LEN      30                      /* "Monday, 07-Nov-94 08:49:37 GMT" */

static const char day_names[7][4] = {
  "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};

static const char *const long_day_names[7] = {
  "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};

static const char month_names[12][4] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun",
  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

typedef struct
{
  int64_t year;
  int     month;    /* 1..12 */
  int     day;      /* 1..31 */
  int     hour;
  int     minute;
  int     second;
  int     weekday;  /* 0 = Sunday */
} CivilTime;

/* Days since 1970-01-01 for a proleptic Gregorian date (month 1..12). */
static int64_t
days_from_civil (int64_t year,
                 int     month,
                 int     day)
{
  int64_t era, yoe, doy, doe;

  if (month <= 2)
    year -= 1;
  era = (year >= 0 ? year : year - 399) / 400;
  yoe = year - era * 400;                                       /* [0, 399] */
  doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; /* [0, 365] */
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                  /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

/* Inverse of days_from_civil, for days >= 0. */
static void
civil_from_days (int64_t    days,
                 CivilTime *ct)
{
  int64_t z, era, doe, yoe, doy, mp;

  z = days + 719468;
  era = z / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  ct->day = (int) (doy - (153 * mp + 2) / 5 + 1);
  ct->month = (int) (mp < 10 ? mp + 3 : mp - 9);
  ct->year = yoe + era * 400 + (ct->month <= 2 ? 1 : 0);
  ct->weekday = (int) ((days + 4) % 7);   /* 1970-01-01 was a Thursday */
}

static void
civil_from_time (int64_t    t,
                 CivilTime *ct)
{
  int64_t days, secs;

  if (t < 0)
    t = 0;
  if (t > MAX_TIME)
    t = MAX_TIME;

  days = t / SECONDS_PER_DAY;
  secs = t % SECONDS_PER_DAY;
  civil_from_days (days, ct);
  ct->hour = (int) (secs / SECONDS_PER_HOUR);
  ct->minute = (int) (secs % SECONDS_PER_HOUR / SECONDS_PER_MINUTE);
  ct->second = (int) (secs % SECONDS_PER_MINUTE);
}

static bool
is_leap_year (int64_t year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (int64_t year,
               int     month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && is_leap_year (year))
    return 29;
  return days[month - 1];
}

static char *
put_2 (char *p,
       int   v)
{
  p[0] = (char) ('0' + v / 10);
  p[1] = (char) ('0' + v % 10);
  return p + 2;
}

static char *
put_4 (char   *p,
       int64_t v)
{
  p[0] = (char) ('0' + v / 1000);
  p[1] = (char) ('0' + v / 100 % 10);
  p[2] = (char) ('0' + v / 10 % 10);
  p[3] = (char) ('0' + v % 10);
  return p + 4;
}

static char *
put_3 (char       *p,
       const char *s)
{
  p[0] = s[0];
  p[1] = s[1];
  p[2] = s[2];
  return p + 3;
}

static char *
put_time (char            *p,
          const CivilTime *ct)
{
  p = put_2 (p, ct->hour);
  *p++ = ':';
  p = put_2 (p, ct->minute);
  *p++ = ':';
  return put_2 (p, ct->second);
}

size_t
pt_http_date_format (int64_t  t,
                     char    *out)
{
  CivilTime ct;
  char *p = out;

  civil_from_time (t, &ct);

  p = put_3 (p, day_names[ct.weekday]);
  *p++ = ',';
  *p++ = ' ';
  p = put_2 (p, ct.day);
  *p++ = ' ';
  p = put_3 (p, month_names[ct.month - 1]);
  *p++ = ' ';
  p = put_4 (p, ct.year);
  *p++ = ' ';
  p = put_time (p, &ct);
  *p++ = ' ';
  p = put_3 (p, "GMT");
  *p = '\0';

  return PT_HTTP_DATE_LEN;
}

size_t
pt_http_date_format_log (int64_t  t,
                         char    *out)
{
  CivilTime ct;
  char *p = out;

  civil_from_time (t, &ct);

  p = put_2 (p, ct.day);
  *p++ = '/';
  p = put_3 (p, month_names[ct.month - 1]);
  *p++ = '/';
  p = put_4 (p, ct.year);
  *p++ = ':';
  p = put_time (p, &ct);
  *p++ = ' ';
  *p++ = '+';
  p = put_4 (p, 0);
  *p = '\0';

  return PT_HTTP_LOG_DATE_LEN;
}

/* --- parsing --- */

/* Reads exactly n digits at s. */
static bool
get_digits (const char *s,
            int         n,
            int        *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!pt_http_ascii_is_digit (s[i]))
        return false;
      v = v * 10 + (s[i] - '0');
    }
  *value = v;
  return true;
}

static bool
match (const char *s,
       const char *lit,
       size_t      n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] != lit[i])
      return false;
  return true;
}

static int
find_short_day (const char *s)
{
  for (int i = 0; i < 7; i++)
    if (match (s, day_names[i], 3))
      return i;
  return -1;
}

/* Returns the month 1..12 or -1. */
static int
find_month (const char *s)
{
  for (int i = 0; i < 12; i++)
    if (match (s, month_names[i], 3))
      return i + 1;
  return -1;
}

/* "HH:MM:SS" */
static bool
get_time (const char *s,
          CivilTime  *ct)
{
  return get_digits (s, 2, &ct->hour) && s[2] == ':' &&
         get_digits (s + 3, 2, &ct->minute) && s[5] == ':' &&
         get_digits (s + 6, 2, &ct->second);
}

static int
civil_to_time (const CivilTime *ct,
               int64_t         *t)
{
  if (ct->year < MIN_YEAR || ct->year > MAX_YEAR)
    return -1;
  if (ct->month < 1 || ct->month > 12)
    return -1;
  if (ct->day < 1 || ct->day > days_in_month (ct->year, ct->month))
    return -1;
  if (ct->hour > 23 || ct->minute > 59 || ct->second > 59)
    return -1;

  *t = days_from_civil (ct->year, ct->month, ct->day) * SECONDS_PER_DAY +
       ct->hour * SECONDS_PER_HOUR + ct->minute * SECONDS_PER_MINUTE + ct->second;
  return 0;
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" */
static int
parse_imf_fixdate (const char *s,
                   size_t      len,
                   int64_t    *t)
{
  CivilTime ct = { 0 };
  int year;

  if (len != IMF_FIXDATE_LEN)
    return -1;
  if (find_short_day (s) < 0 || s[3] != ',' || s[4] != ' ')
    return -1;
  if (!get_digits (s + 5, 2, &ct.day) || s[7] != ' ')
    return -1;
  if ((ct.month = find_month (s + 8)) < 0 || s[11] != ' ')
    return -1;
  if (!get_digits (s + 12, 4, &year) || s[16] != ' ')
    return -1;
  if (!get_time (s + 17, &ct) || !match (s + 25, " GMT", 4))
    return -1;
  ct.year = year;
  return civil_to_time (&ct, t);
}

/* "Sunday, 06-Nov-94 08:49:37 GMT" */
static int
parse_rfc850 (const char *s,
              size_t      len,
              int64_t    *t)
{
  CivilTime ct = { 0 };
  const char *p = NULL;
  int yy;

  for (int i = 0; i < 7; i++)
    {
      size_t n = 0;

      while (long_day_names[i][n] != '\0')
        n++;
      if (len > n && match (s, long_day_names[i], n) && s[n] == ',')
        {
          p = s + n + 1;
          break;
        }
    }
  if (p == NULL)
    return -1;

  /* " DD-Mon-YY HH:MM:SS GMT" is 23 bytes */
  if ((size_t) (s + len - p) != 23)
    return -1;
  if (p[0] != ' ' || !get_digits (p + 1, 2, &ct.day) || p[3] != '-')
    return -1;
  if ((ct.month = find_month (p + 4)) < 0 || p[7] != '-')
    return -1;
  if (!get_digits (p + 8, 2, &yy) || p[10] != ' ')
    return -1;
  if (!get_time (p + 11, &ct) || !match (p + 19, " GMT", 4))
    return -1;
  ct.year = yy < RFC850_YEAR_PIVOT ? 2000 + yy : 1900 + yy;
  return civil_to_time (&ct, t);
}

/* "Sun Nov  6 08:49:37 1994" */
static int
parse_asctime (const char *s,
               size_t      len,
               int64_t    *t)
{
  CivilTime ct = { 0 };
  int year;

  if (len != ASCTIME_LEN)
    return -1;
  if (find_short_day (s) < 0 || s[3] != ' ')
    return -1;
  if ((ct.month = find_month (s + 4)) < 0 || s[7] != ' ')
    return -1;
  if (s[8] == ' ')
    {
      if (!get_digits (s + 9, 1, &ct.day))
        return -1;
    }
  else if (!get_digits (s + 8, 2, &ct.day))
    return -1;
  if (s[10] != ' ' || !get_time (s + 11, &ct) || s[19] != ' ')
    return -1;
  if (!get_digits (s + 20, 4, &year))
    return -1;
  ct.year = year;
  return civil_to_time (&ct, t);
}

int
pt_http_date_parse (const char *s,
                    size_t      len,
                    int64_t    *t)
{
  int64_t value;

  if (s == NULL || t == NULL || len < ASCTIME_LEN)
    return -1;

  if (len > 3 && s[3] == ',')
    {
      if (parse_imf_fixdate (s, len, &value) != 0)
        return -1;
    }
  else if (len > 3 && s[3] == ' ')
    {
      if (parse_asctime (s, len, &value) != 0)
        return -1;
    }
  else if (len >= RFC850_MIN_LEN)
    {
      if (parse_rfc850 (s, len, &value) != 0)
        return -1;
    }
  else
    return -1;

  *t = value;
  return 0;
}
