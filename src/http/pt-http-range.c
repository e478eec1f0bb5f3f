/* pt-http-range.c — Range, If-Range, Content-Range and multipart/byteranges (layer 0)
 *
 * The parser is one pass over the field value with no state kept between
 * calls (a Range value is always complete: the request head is).  The
 * satisfiable specs go into the caller's fixed array, which is then sorted
 * (insertion sort: at most PT_HTTP_RANGE_MAX entries) and coalesced.
 */

#include "pt-http-range.h"
#include "pt-http-ascii.h"

#include <string.h>

#include "pt-http-date.h"
#include "pt-http-etag.h"

#define UNIT        "bytes"
#define UNIT_LEN    5

static void
trim (const char **s,
      size_t      *len)
{
  while (*len > 0 && pt_http_ascii_is_ows ((*s)[0]))
    {
      (*s)++;
      (*len)--;
    }
  while (*len > 0 && pt_http_ascii_is_ows ((*s)[*len - 1]))
    (*len)--;
}

/* 1*DIGIT at s[*i..end), saturating at UINT64_MAX.  false: no digit. */
static bool
scan_number (const char *s,
             size_t     *i,
             size_t      end,
             uint64_t   *v)
{
  size_t start = *i;
  uint64_t n = 0;

  while (*i < end && pt_http_ascii_is_digit (s[*i]))
    {
      unsigned d = (unsigned) (s[*i] - '0');

      if (n > (UINT64_MAX - d) / 10)
        n = UINT64_MAX;
      else
        n = n * 10 + d;
      (*i)++;
    }
  *v = n;
  return *i > start;
}

static void
sort_and_coalesce (PtHttpRangeSet *set)
{
  size_t i, j, n = 0;

  for (i = 1; i < set->n; i++)
    {
      PtHttpByteRange r = set->ranges[i];

      for (j = i; j > 0 && set->ranges[j - 1].first > r.first; j--)
        set->ranges[j] = set->ranges[j - 1];
      set->ranges[j] = r;
    }
  for (i = 0; i < set->n; i++)
    {
      PtHttpByteRange r = set->ranges[i];

      /* overlapping or touching: last + 1 cannot overflow, last < file_len */
      if (n > 0 && r.first <= set->ranges[n - 1].last + 1)
        {
          if (r.last > set->ranges[n - 1].last)
            set->ranges[n - 1].last = r.last;
        }
      else
        set->ranges[n++] = r;
    }
  set->n = n;
}

/* Stores a satisfiable range; false once more than PT_HTTP_RANGE_MAX were seen. */
static bool
add_range (PtHttpRangeSet *set,
           size_t         *n_satisfiable,
           uint64_t        first,
           uint64_t        last)
{
  if (++*n_satisfiable > PT_HTTP_RANGE_MAX)
    return false;
  set->ranges[set->n].first = first;
  set->ranges[set->n].last = last;
  set->n++;
  return true;
}

PtHttpRangeResult
pt_http_range_parse (const char     *value,
                     size_t          len,
                     uint64_t        file_len,
                     PtHttpRangeSet *out)
{
  PtHttpRangeSet set;
  size_t i, n_specs = 0, n_satisfiable = 0;
  bool too_many = false;

  out->n = 0;
  set.n = 0;
  trim (&value, &len);

  /* range-unit "=" */
  if (len < UNIT_LEN + 1 || value[UNIT_LEN] != '=')
    return PT_HTTP_RANGE_IGNORE;
  for (i = 0; i < UNIT_LEN; i++)
    if (pt_http_ascii_lower (value[i]) != UNIT[i])
      return PT_HTTP_RANGE_IGNORE;
  i = UNIT_LEN + 1;
  if (i < len && pt_http_ascii_is_ows (value[i]))   /* no OWS right after "=" in the ABNF */
    return PT_HTTP_RANGE_IGNORE;

  /* 1#range-spec: *( "," OWS ) range-spec *( OWS "," [ OWS range-spec ] ) */
  for (;;)
    {
      uint64_t first, last;
      bool has_first, has_last;

      while (i < len && pt_http_ascii_is_ows (value[i]))
        i++;
      if (i < len && value[i] != ',')
        {
          has_first = scan_number (value, &i, len, &first);
          if (i >= len || value[i] != '-')
            return PT_HTTP_RANGE_IGNORE;
          i++;
          has_last = scan_number (value, &i, len, &last);
          if (!has_first && !has_last)
            return PT_HTTP_RANGE_IGNORE;
          if (has_first && has_last && last < first)
            return PT_HTTP_RANGE_IGNORE;
          n_specs++;

          if (!has_first)
            {
              /* suffix-range: the last `last` bytes, all of a shorter file */
              if (last > 0 && file_len == 0)
                n_satisfiable++;   /* the whole (empty) file: no range to store */
              else if (last > 0)
                too_many |= !add_range (&set, &n_satisfiable,
                                        last >= file_len ? 0 : file_len - last, file_len - 1);
            }
          else if (first < file_len)
            too_many |= !add_range (&set, &n_satisfiable, first,
                                    !has_last || last >= file_len ? file_len - 1 : last);
        }
      /* OWS "," or the end */
      while (i < len && pt_http_ascii_is_ows (value[i]))
        i++;
      if (i == len)
        break;
      if (value[i] != ',')
        return PT_HTTP_RANGE_IGNORE;
      i++;
    }

  if (n_specs == 0 || too_many)
    return PT_HTTP_RANGE_IGNORE;
  if (n_satisfiable == 0)
    return PT_HTTP_RANGE_UNSATISFIABLE;
  if (set.n == 0)   /* only suffix ranges of an empty file */
    return PT_HTTP_RANGE_IGNORE;
  sort_and_coalesce (&set);
  if (set.n == 1 && set.ranges[0].first == 0 && set.ranges[0].last == file_len - 1)
    return PT_HTTP_RANGE_IGNORE;
  *out = set;
  return PT_HTTP_RANGE_PARTIAL;
}

bool
pt_http_range_if_range (const char *value,
                        size_t      len,
                        const char *etag,
                        size_t      etag_len,
                        int64_t     mtime)
{
  int64_t t;
  int weak;

  trim (&value, &len);
  if (len > 0 && (value[0] == '"' || value[0] == 'W'))
    {
      if (!pt_http_etag_is_valid (value, len, &weak) || weak)
        return false;
      return pt_http_etag_match (value, len, etag, etag_len, PT_HTTP_ETAG_STRONG) == PT_HTTP_ETAG_MATCH;
    }
  return pt_http_date_parse (value, len, &t) == 0 && t == mtime;
}

/* Decimal digits of v, written at out (which has room for 20). */
static size_t
put_u64 (uint64_t  v,
         char     *out)
{
  char tmp[20];
  size_t n = 0, i;

  do
    {
      tmp[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  for (i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  return n;
}

static size_t
u64_len (uint64_t v)
{
  size_t n = 1;

  while (v >= 10)
    {
      v /= 10;
      n++;
    }
  return n;
}

size_t
pt_http_range_format_content_range (const PtHttpByteRange *range,
                                    uint64_t               file_len,
                                    char                  *out)
{
  size_t n = 0;

  memcpy (out, "bytes ", 6);
  n = 6;
  n += put_u64 (range->first, out + n);
  out[n++] = '-';
  n += put_u64 (range->last, out + n);
  out[n++] = '/';
  n += put_u64 (file_len, out + n);
  out[n] = '\0';
  return n;
}

size_t
pt_http_range_format_unsatisfied (uint64_t  file_len,
                                  char     *out)
{
  size_t n;

  memcpy (out, "bytes */", 8);
  n = 8 + put_u64 (file_len, out + 8);
  out[n] = '\0';
  return n;
}

#define PART_DASH       "\r\n--"
#define PART_TYPE       "\r\nContent-Type: "
#define PART_RANGE      "\r\nContent-Range: "
#define PART_END        "\r\n\r\n"
#define TAIL_END        "--\r\n"
#define LIT_LEN(s)      (sizeof (s) - 1)

static bool
boundary_ok (size_t boundary_len)
{
  return boundary_len >= 1 && boundary_len <= PT_HTTP_RANGE_BOUNDARY_MAX;
}

static uint64_t
part_head_len (const PtHttpByteRange *range,
               uint64_t               file_len,
               size_t                 boundary_len,
               size_t                 content_type_len)
{
  return LIT_LEN (PART_DASH) + boundary_len + LIT_LEN (PART_TYPE) + content_type_len
         + LIT_LEN (PART_RANGE) + LIT_LEN ("bytes -/") + u64_len (range->first)
         + u64_len (range->last) + u64_len (file_len) + LIT_LEN (PART_END);
}

#define APPEND(p, l) do { memcpy (out + n, (p), (l)); n += (l); } while (0)

size_t
pt_http_range_part_head (const char            *boundary,
                         size_t                 boundary_len,
                         const char            *content_type,
                         size_t                 content_type_len,
                         const PtHttpByteRange *range,
                         uint64_t               file_len,
                         char                  *out,
                         size_t                 out_size)
{
  uint64_t need;
  size_t n = 0;

  if (!boundary_ok (boundary_len))
    return 0;
  need = part_head_len (range, file_len, boundary_len, content_type_len);
  if (need > out_size)
    return 0;
  APPEND (PART_DASH, LIT_LEN (PART_DASH));
  APPEND (boundary, boundary_len);
  APPEND (PART_TYPE, LIT_LEN (PART_TYPE));
  APPEND (content_type, content_type_len);
  APPEND (PART_RANGE, LIT_LEN (PART_RANGE));
  APPEND ("bytes ", 6);
  n += put_u64 (range->first, out + n);
  out[n++] = '-';
  n += put_u64 (range->last, out + n);
  out[n++] = '/';
  n += put_u64 (file_len, out + n);
  APPEND (PART_END, LIT_LEN (PART_END));
  return n;
}

size_t
pt_http_range_part_tail (const char *boundary,
                         size_t      boundary_len,
                         char       *out,
                         size_t      out_size)
{
  size_t n = 0;

  if (!boundary_ok (boundary_len)
      || LIT_LEN (PART_DASH) + boundary_len + LIT_LEN (TAIL_END) > out_size)
    return 0;
  APPEND (PART_DASH, LIT_LEN (PART_DASH));
  APPEND (boundary, boundary_len);
  APPEND (TAIL_END, LIT_LEN (TAIL_END));
  return n;
}

uint64_t
pt_http_range_multipart_length (const PtHttpRangeSet *set,
                                uint64_t              file_len,
                                size_t                boundary_len,
                                size_t                content_type_len)
{
  uint64_t total;
  size_t i;

  if (!boundary_ok (boundary_len))
    return 0;
  total = LIT_LEN (PART_DASH) + boundary_len + LIT_LEN (TAIL_END);
  for (i = 0; i < set->n; i++)
    total += part_head_len (&set->ranges[i], file_len, boundary_len, content_type_len)
             + (set->ranges[i].last - set->ranges[i].first + 1);
  return total;
}
