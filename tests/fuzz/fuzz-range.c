/* fuzz-range.c — libFuzzer target for pt_http_range_parse() and friends
 *
 * The input is [file length: 8][If-Range value][Range value]:
 * 1. A PARTIAL result holds 1..PT_HTTP_RANGE_MAX ranges inside the file,
 *    sorted, neither overlapping nor touching, and not the whole file;
 *    any other result leaves n == 0.  The same value with "bytes=" replaced
 *    by "BYTES=" gives the same answer.
 * 2. Each range's Content-Range and part head fit their documented sizes,
 *    and pt_http_range_multipart_length() equals the bytes written.
 * 3. If-Range on any value just returns (read from an exact-size block).
 */
#include <stdbool.h>

#include "pt-fuzz-check.h"
#include "pt-http-range.h"

#define FUZZ_MAX_IF_RANGE 100
#define FUZZ_TAG "\"1.2-3-4.5\""
#define FUZZ_BOUNDARY "00000000000000000000000000000000"
#define FUZZ_TYPE "application/octet-stream"

static void
check_parts (const PtHttpRangeSet *set,
             uint64_t              file_len)
{
  char cr[PT_HTTP_CONTENT_RANGE_MAX_LEN + 1];
  char head[256];
  uint64_t written = 0;
  size_t i, n;

  for (i = 0; i < set->n; i++)
    {
      n = pt_http_range_format_content_range (&set->ranges[i], file_len, cr);
      PT_FUZZ_CHECK (n <= PT_HTTP_CONTENT_RANGE_MAX_LEN && strlen (cr) == n);
      n = pt_http_range_part_head (FUZZ_BOUNDARY, strlen (FUZZ_BOUNDARY), FUZZ_TYPE,
                                   strlen (FUZZ_TYPE), &set->ranges[i], file_len, head, sizeof head);
      PT_FUZZ_CHECK (n > 0);
      written += n + (set->ranges[i].last - set->ranges[i].first + 1);
    }
  n = pt_http_range_part_tail (FUZZ_BOUNDARY, strlen (FUZZ_BOUNDARY), head, sizeof head);
  PT_FUZZ_CHECK (n > 0);
  written += n;
  PT_FUZZ_CHECK (pt_http_range_multipart_length (set, file_len, strlen (FUZZ_BOUNDARY),
                                                 strlen (FUZZ_TYPE)) == written);
  n = pt_http_range_format_unsatisfied (file_len, cr);
  PT_FUZZ_CHECK (n <= PT_HTTP_CONTENT_RANGE_MAX_LEN && strlen (cr) == n);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PtFuzzReader r = { data, size, 0 };
  uint64_t file_len = pt_fuzz_read_uint (&r, 8);
  char *if_range = pt_fuzz_read_string (&r, FUZZ_MAX_IF_RANGE);
  size_t len = r.size - r.pos;
  char *value = pt_fuzz_dup (r.data + r.pos, len);
  PtHttpRangeSet set, upper;
  PtHttpRangeResult res, res_upper;
  size_t i;

  /* Small files half the time, so that clamping and coalescing happen. */
  if (file_len & 1)
    file_len = (file_len >> 1) % 1000;

  (void) pt_http_range_if_range (if_range, strlen (if_range), FUZZ_TAG, strlen (FUZZ_TAG), 42);

  res = pt_http_range_parse (value, len, file_len, &set);
  PT_FUZZ_CHECK (res == PT_HTTP_RANGE_IGNORE || res == PT_HTTP_RANGE_PARTIAL
                 || res == PT_HTTP_RANGE_UNSATISFIABLE);
  if (res == PT_HTTP_RANGE_PARTIAL)
    {
      PT_FUZZ_CHECK (set.n >= 1 && set.n <= PT_HTTP_RANGE_MAX);
      for (i = 0; i < set.n; i++)
        {
          PT_FUZZ_CHECK (set.ranges[i].first <= set.ranges[i].last);
          PT_FUZZ_CHECK (set.ranges[i].last < file_len);
          if (i > 0)
            PT_FUZZ_CHECK (set.ranges[i].first > set.ranges[i - 1].last + 1);
        }
      PT_FUZZ_CHECK (!(set.n == 1 && set.ranges[0].first == 0 && set.ranges[0].last == file_len - 1));
      check_parts (&set, file_len);
    }
  else
    PT_FUZZ_CHECK (set.n == 0);

  /* the unit is case-insensitive */
  for (i = 0; i < len && i < 5; i++)
    if (value[i] >= 'a' && value[i] <= 'z')
      value[i] = (char) (value[i] - 'a' + 'A');
  res_upper = pt_http_range_parse (value, len, file_len, &upper);
  PT_FUZZ_CHECK (res_upper == res);
  if (res == PT_HTTP_RANGE_PARTIAL)
    PT_FUZZ_CHECK (upper.n == set.n && memcmp (upper.ranges, set.ranges, set.n * sizeof set.ranges[0]) == 0);

  free (value);
  free (if_range);
  return 0;
}
