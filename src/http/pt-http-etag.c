/* pt-http-etag.c — entity tags: format ours, match If-None-Match / If-Match (layer 0)
 *
 * Our tag is strong: it changes whenever the bytes can have changed as far
 * as fstat can tell.  Including the nanoseconds is what makes a same-size
 * rewrite within one second visible (h2o and lighttpd use whole seconds and
 * miss it).
 */

#include "pt-http-etag.h"
#include "pt-http-ascii.h"

#include <stdbool.h>
#include <string.h>

#define NSEC_PER_SEC 1000000000u

static size_t
put_hex (uint64_t  v,
         char     *out)
{
  static const char digits[] = "0123456789abcdef";
  char tmp[16];
  size_t n = 0;
  size_t i;

  do
    {
      tmp[n++] = digits[v & 0xf];
      v >>= 4;
    }
  while (v != 0);
  for (i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  return n;
}

size_t
pt_http_etag_format (uint64_t  dev,
                     uint64_t  ino,
                     uint64_t  size,
                     int64_t   mtime_sec,
                     uint32_t  mtime_nsec,
                     char     *out)
{
  size_t n = 0;

  out[n++] = '"';
  n += put_hex (dev, out + n);
  out[n++] = '.';
  n += put_hex (ino, out + n);
  out[n++] = '-';
  n += put_hex (size, out + n);
  out[n++] = '-';
  n += put_hex ((uint64_t) mtime_sec, out + n);
  out[n++] = '.';
  n += put_hex (mtime_nsec % NSEC_PER_SEC, out + n);
  out[n++] = '"';
  out[n] = '\0';
  return n;
}

static bool
is_etagc (unsigned char c)
{
  return c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;
}

/* Scans one entity-tag at s[*pos..len).  On success advances *pos past it
 * and sets the opaque-tag (with quotes) and weakness. */
static bool
scan_tag (const char  *s,
          size_t       len,
          size_t      *pos,
          const char **opaque,
          size_t      *opaque_len,
          bool        *weak)
{
  size_t i = *pos;
  size_t start;

  *weak = false;
  if (len - i >= 2 && s[i] == 'W' && s[i + 1] == '/')
    {
      *weak = true;
      i += 2;
    }
  if (i >= len || s[i] != '"')
    return false;
  start = i++;
  while (i < len && is_etagc ((unsigned char) s[i]))
    i++;
  if (i >= len || s[i] != '"')
    return false;
  i++;
  *opaque = s + start;
  *opaque_len = i - start;
  *pos = i;
  return true;
}

int
pt_http_etag_is_valid (const char *tag,
                       size_t      len,
                       int        *weak)
{
  const char *opaque;
  size_t opaque_len;
  size_t pos = 0;
  bool w;

  if (!scan_tag (tag, len, &pos, &opaque, &opaque_len, &w) || pos != len)
    return 0;
  if (weak != NULL)
    *weak = w;
  return 1;
}

PtHttpEtagResult
pt_http_etag_match (const char        *list,
                    size_t             len,
                    const char        *etag,
                    size_t             etag_len,
                    PtHttpEtagCompare  compare)
{
  const char *own = NULL;
  size_t own_len = 0;
  bool own_weak = false;
  bool own_valid;
  bool matched = false;
  size_t b = 0, e = len;
  size_t i;

  {
    size_t p = 0;

    own_valid = scan_tag (etag, etag_len, &p, &own, &own_len, &own_weak)
                && p == etag_len;
  }

  while (b < e && pt_http_ascii_is_ows (list[b]))
    b++;
  while (e > b && pt_http_ascii_is_ows (list[e - 1]))
    e--;
  if (e - b == 1 && list[b] == '*')
    return PT_HTTP_ETAG_MATCH;

  i = b;
  for (;;)
    {
      const char *opaque;
      size_t opaque_len;
      bool weak;

      /* [ element ] */
      if (i < e && list[i] != ',')
        {
          if (!scan_tag (list, e, &i, &opaque, &opaque_len, &weak))
            return PT_HTTP_ETAG_INVALID;
          if (own_valid && opaque_len == own_len
              && memcmp (opaque, own, own_len) == 0
              && (compare == PT_HTTP_ETAG_WEAK || (!weak && !own_weak)))
            matched = true;
        }
      /* OWS "," OWS, or the end */
      while (i < e && pt_http_ascii_is_ows (list[i]))
        i++;
      if (i == e)
        break;
      if (list[i] != ',')
        return PT_HTTP_ETAG_INVALID;
      i++;
      while (i < e && pt_http_ascii_is_ows (list[i]))
        i++;
    }
  return matched ? PT_HTTP_ETAG_MATCH : PT_HTTP_ETAG_NO_MATCH;
}
