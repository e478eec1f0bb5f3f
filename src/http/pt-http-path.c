/* pt-http-path.c — request path → safe relative path (layer 0)
 *
 * One pass over the '/'-separated raw segments.  Each segment is
 * percent-decoded straight into out; "" and "." are dropped, ".." removes the
 * last segment written (or fails at the root).  Splitting the raw path is the
 * same as splitting the decoded one because an encoded '/' is refused.
 * Hidden segments are checked on the final result, so "/.git/../x" is "x".
 * 414 is answered when the output (even an intermediate one, before a later
 * "..") does not fit.
 */

#include "pt-http-path.h"
#include "pt-http-ascii.h"

#include "pt-http-status.h"

static int
is_control (unsigned char c)
{
  return c < 0x20 || c == 0x7f;
}

/* The next byte of the path at *i, percent-decoded; 0, or 400 for a
 * malformed escape, an encoded '/' or a control byte. */
static int
next_byte (const char    *path,
           size_t         len,
           size_t        *i,
           unsigned char *byte)
{
  unsigned char c = (unsigned char) path[*i];

  if (c == '%')
    {
      int hi, lo;

      if (len - *i < 3)
        return PT_HTTP_STATUS_BAD_REQUEST;
      hi = pt_http_ascii_hex_value (path[*i + 1]);
      lo = pt_http_ascii_hex_value (path[*i + 2]);
      if (hi < 0 || lo < 0)
        return PT_HTTP_STATUS_BAD_REQUEST;
      c = (unsigned char) (hi * 16 + lo);
      if (c == '/')
        return PT_HTTP_STATUS_BAD_REQUEST;
      *i += 3;
    }
  else
    (*i)++;

  if (is_control (c))
    return PT_HTTP_STATUS_BAD_REQUEST;
  *byte = c;
  return 0;
}

/* The segment written at out[seg_begin..*o) (after its separator when sep)
 * is complete: "" and "." are dropped, ".." drops the segment before it
 * too.  Returns false when ".." would climb above the root. */
static bool
end_segment (char   *out,
             size_t  seg_begin,
             size_t  sep,
             size_t *o,
             bool   *last_is_dir)
{
  size_t seg_len = *o - seg_begin;

  if (seg_len > 0)
    seg_len -= sep;

  if (seg_len == 0 || (seg_len == 1 && out[*o - 1] == '.'))
    {
      /* "" or ".": drop it with its separator */
      *o = seg_begin;
      *last_is_dir = true;
    }
  else if (seg_len == 2 && out[*o - 1] == '.' && out[*o - 2] == '.')
    {
      /* "..": drop it, its separator and the previous segment */
      if (seg_begin == 0)
        return false;
      *o = seg_begin;
      while (*o > 0 && out[*o - 1] != '/')
        (*o)--;
      if (*o > 0)
        (*o)--;   /* the separator before the removed segment */
      *last_is_dir = true;
    }
  else
    *last_is_dir = false;
  return true;
}

static bool
has_hidden_segment (const char *out,
                    size_t      len)
{
  for (size_t k = 0; k < len; k++)
    if (out[k] == '.' && (k == 0 || out[k - 1] == '/'))
      return true;
  return false;
}

int
pt_http_path_normalize (const char *path,
                        size_t      len,
                        char       *out,
                        size_t      out_size,
                        PtHttpPath *result)
{
  size_t cap;          /* usable bytes of out, without the NUL */
  size_t o = 0;        /* write position in out */
  size_t i = 0;        /* read position in path */
  bool last_is_dir = true;

  if (out == NULL || out_size == 0 || result == NULL)
    return PT_HTTP_STATUS_URI_TOO_LONG;
  out[0] = '\0';
  result->len = 0;
  result->is_directory = false;

  if (path == NULL || len == 0 || path[0] != '/')
    return PT_HTTP_STATUS_BAD_REQUEST;

  cap = (out_size < PT_HTTP_MAX_PATH ? out_size : PT_HTTP_MAX_PATH) - 1;

  while (i < len)
    {
      size_t seg_begin = o;     /* in out, before this segment's separator */
      size_t sep = o > 0 ? 1 : 0;

      /* path[i] == '/' here */
      i++;

      while (i < len && path[i] != '/')
        {
          unsigned char c;
          int status = next_byte (path, len, &i, &c);

          if (status != 0)
            return status;
          if (o == seg_begin && sep)
            {
              if (o >= cap)
                return PT_HTTP_STATUS_URI_TOO_LONG;
              out[o++] = '/';
            }
          if (o >= cap)
            return PT_HTTP_STATUS_URI_TOO_LONG;
          out[o++] = (char) c;
        }

      if (!end_segment (out, seg_begin, sep, &o, &last_is_dir))
        return PT_HTTP_STATUS_BAD_REQUEST;
    }

  out[o] = '\0';

  /* Hidden segments, after dot-segment resolution. */
  if (has_hidden_segment (out, o))
    return PT_HTTP_STATUS_NOT_FOUND;

  result->len = o;
  result->is_directory = last_is_dir;
  return 0;
}
