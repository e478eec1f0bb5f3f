/* fuzz-etag.c — libFuzzer target for pt_http_etag_match() and _format()
 *
 * 1. The input is [compare byte][own tag][field value]: the result is one
 *    of the three values, STRONG matching implies WEAK matching, an invalid
 *    own tag only matches "*", and the value is read from an exact-size
 *    heap block.
 * 2. The first 34 bytes as (dev, ino, size, sec, nsec): the formatted tag
 *    fits PT_HTTP_ETAG_SIZE exactly, is a valid strong tag, and matches
 *    itself strongly, alone and inside a list with OWS and empty elements.
 */
#include "pt-fuzz-check.h"
#include "pt-http-etag.h"

#define FUZZ_MAX_OWN_TAG 100

static void
check_match (const uint8_t *data,
             size_t         size)
{
  PtFuzzReader r = { data, size, 0 };
  PtHttpEtagCompare compare = pt_fuzz_read_uint (&r, 1) & 1 ? PT_HTTP_ETAG_STRONG : PT_HTTP_ETAG_WEAK;
  char *own = pt_fuzz_read_string (&r, FUZZ_MAX_OWN_TAG);
  size_t own_len = strlen (own);
  size_t len = r.size - r.pos;
  char *list = pt_fuzz_dup (r.data + r.pos, len);
  PtHttpEtagResult res, weak, strong;
  size_t b = 0, e = len;

  res = pt_http_etag_match (list, len, own, own_len, compare);
  weak = pt_http_etag_match (list, len, own, own_len, PT_HTTP_ETAG_WEAK);
  strong = pt_http_etag_match (list, len, own, own_len, PT_HTTP_ETAG_STRONG);
  PT_FUZZ_CHECK (res == PT_HTTP_ETAG_INVALID || res == PT_HTTP_ETAG_NO_MATCH || res == PT_HTTP_ETAG_MATCH);
  PT_FUZZ_CHECK (res == (compare == PT_HTTP_ETAG_STRONG ? strong : weak));
  /* validity does not depend on the comparison */
  PT_FUZZ_CHECK ((weak == PT_HTTP_ETAG_INVALID) == (strong == PT_HTTP_ETAG_INVALID));
  if (strong == PT_HTTP_ETAG_MATCH)
    PT_FUZZ_CHECK (weak == PT_HTTP_ETAG_MATCH);

  while (b < e && (list[b] == ' ' || list[b] == '\t'))
    b++;
  while (e > b && (list[e - 1] == ' ' || list[e - 1] == '\t'))
    e--;
  if (e - b == 1 && list[b] == '*')
    PT_FUZZ_CHECK (strong == PT_HTTP_ETAG_MATCH);
  else if (!pt_http_etag_is_valid (own, own_len, NULL))
    PT_FUZZ_CHECK (weak != PT_HTTP_ETAG_MATCH);
  free (list);
  free (own);
}

static void
check_format (const uint8_t *data,
              size_t         size)
{
  PtFuzzReader r = { data, size, 0 };
  uint64_t dev = pt_fuzz_read_uint (&r, 8);
  uint64_t ino = pt_fuzz_read_uint (&r, 8);
  uint64_t fsize = pt_fuzz_read_uint (&r, 8);
  int64_t sec = (int64_t) pt_fuzz_read_uint (&r, 8);
  uint32_t nsec = (uint32_t) pt_fuzz_read_uint (&r, 4);
  char *tag = malloc (PT_HTTP_ETAG_SIZE);
  char list[2 * PT_HTTP_ETAG_SIZE + 16];
  int weak = -1;
  size_t n;

  PT_FUZZ_CHECK (tag != NULL);
  n = pt_http_etag_format (dev, ino, fsize, sec, nsec, tag);
  PT_FUZZ_CHECK (n <= PT_HTTP_ETAG_MAX_LEN && strlen (tag) == n);
  PT_FUZZ_CHECK (pt_http_etag_is_valid (tag, n, &weak) == 1 && weak == 0);
  PT_FUZZ_CHECK (pt_http_etag_match (tag, n, tag, n, PT_HTTP_ETAG_STRONG) == PT_HTTP_ETAG_MATCH);
  snprintf (list, sizeof list, " ,W/\"x\",\t%s , ", tag);
  PT_FUZZ_CHECK (pt_http_etag_match (list, strlen (list), tag, n, PT_HTTP_ETAG_STRONG) == PT_HTTP_ETAG_MATCH);
  snprintf (list, sizeof list, "W/%s", tag);
  PT_FUZZ_CHECK (pt_http_etag_match (list, strlen (list), tag, n, PT_HTTP_ETAG_STRONG) == PT_HTTP_ETAG_NO_MATCH);
  PT_FUZZ_CHECK (pt_http_etag_match (list, strlen (list), tag, n, PT_HTTP_ETAG_WEAK) == PT_HTTP_ETAG_MATCH);
  free (tag);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_match (data, size);
  check_format (data, size);
  return 0;
}
