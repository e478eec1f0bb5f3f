/* pt-http-escape.c — the one escaper for client-supplied bytes (layer 0) */

#include "pt-http-escape.h"

#include <stdint.h>
#include <string.h>

#include "pt-http-chars.h"

/* escape_class[byte]: which flag makes it need escaping. */
static const unsigned char escape_class[256] = {
  /* 00 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* 10 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* 20 */ 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /* 30 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /* 40 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /* 50 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
  /* 60 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /* 70 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
  /* 80 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* 90 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* a0 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* b0 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* c0 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* d0 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* e0 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* f0 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Nonzero when some byte of w is zero (exact about "some"). */
static inline uint64_t
word_has_zero (uint64_t w)
{
  return (w - WORD_ONES) & ~w & WORD_HIGHS;
}

#define PLAIN_RUN_WORDS_MIN 16   /* shorter fields: the table alone is cheaper */

/* In long fields eight bytes per step while none needs escaping, then byte
 * by byte with the table. */
size_t
pt_http_escape_plain_run (const char *s,
                          size_t      n,
                          unsigned    flags)
{
  unsigned mask = (flags | PT_HTTP_ESCAPE_HEX) & (PT_HTTP_ESCAPE_HEX | PT_HTTP_ESCAPE_QUOTED);
  size_t i = 0;

  for (; n >= PLAIN_RUN_WORDS_MIN && i + sizeof (uint64_t) <= n; i += sizeof (uint64_t))
    {
      uint64_t w;
      uint64_t bad;

      memcpy (&w, s + i, sizeof w);
      bad = (w & WORD_HIGHS)                                  /* 0x80 and up */
            | ((w - WORD_ONES * 0x20) & ~w & WORD_HIGHS)      /* below 0x20 */
            | word_has_zero (w ^ (WORD_ONES * 0x7f));         /* DEL */
      if (mask & PT_HTTP_ESCAPE_QUOTED)
        bad |= word_has_zero (w ^ (WORD_ONES * '"')) | word_has_zero (w ^ (WORD_ONES * '\\'));
      if (bad != 0)
        break;
    }
  while (i < n && (escape_class[(unsigned char) s[i]] & mask) == 0)
    i++;
  return i;
}

size_t
pt_http_escape_byte (unsigned char ch,
                     char          out[PT_HTTP_ESCAPE_MAX])
{
  static const char hex[] = "0123456789ABCDEF";

  if (escape_class[ch] & PT_HTTP_ESCAPE_QUOTED)
    {
      out[0] = '\\';
      out[1] = (char) ch;
      return 2;
    }
  out[0] = '\\';
  out[1] = 'x';
  out[2] = hex[ch >> 4];
  out[3] = hex[ch & 0xf];
  return 4;
}

void
pt_http_writer_put_escaped (PtHttpWriter *w,
                            const char   *s,
                            size_t        n,
                            unsigned      flags)
{
  size_t i = 0;

  while (i < n)
    {
      size_t run = i + pt_http_escape_plain_run (s + i, n - i, flags);
      char esc[PT_HTTP_ESCAPE_MAX];

      pt_http_writer_put (w, s + i, run - i);
      if (run == n)
        break;
      pt_http_writer_put (w, esc, pt_http_escape_byte ((unsigned char) s[run], esc));
      i = run + 1;
    }
}
