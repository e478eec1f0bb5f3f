/* pt-http-writer.h — the one bounded writer over a caller's buffer (layer 0)
 *
 * Owns "append without overrunning": every put checks the room left, and
 * the first write that does not fit sets overflow and stops all later ones,
 * so a caller checks once at the end.  Inline: it is on the hot path of the
 * response writer, the access log and the events.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PT_HTTP_UINT64_MAX_DIGITS 20

typedef struct
{
  char   *p;
  char   *end;
  bool    overflow;
} PtHttpWriter;

/* A string literal as (pointer, length) arguments. */
#define PT_HTTP_LIT(s) s, (sizeof (s) - 1)

static inline void
pt_http_writer_init (PtHttpWriter *w,
                     char         *buf,
                     size_t        size)
{
  w->p = buf;
  w->end = buf + size;
  w->overflow = false;
}

static inline void
pt_http_writer_put (PtHttpWriter *w,
                    const char   *s,
                    size_t        n)
{
  if (w->overflow || (size_t) (w->end - w->p) < n)
    {
      w->overflow = true;
      return;
    }
  memcpy (w->p, s, n);
  w->p += n;
}

static inline void
pt_http_writer_put_str (PtHttpWriter *w,
                        const char   *s)
{
  pt_http_writer_put (w, s, strlen (s));
}

static inline void
pt_http_writer_put_uint (PtHttpWriter *w,
                         uint64_t      v)
{
  char digits[PT_HTTP_UINT64_MAX_DIGITS];
  size_t n = PT_HTTP_UINT64_MAX_DIGITS;

  do
    {
      digits[--n] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);

  pt_http_writer_put (w, digits + n, PT_HTTP_UINT64_MAX_DIGITS - n);
}

/* Bytes written so far from buf, or -1 after an overflow. */
static inline ptrdiff_t
pt_http_writer_finish (const PtHttpWriter *w,
                       const char         *buf)
{
  return w->overflow ? -1 : w->p - buf;
}
