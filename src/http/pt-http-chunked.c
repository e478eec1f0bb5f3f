/* pt-http-chunked.c — incremental decoder for the chunked transfer coding (layer 0)
 *
 * One byte per step through an explicit state enum (nginx's
 * ngx_http_parse_chunked), except chunk data, which is moved in one
 * memmove per call.  Nothing depends on how the input is split: the state
 * carries everything between calls.
 */

#include "pt-http-chunked.h"
#include "pt-http-ascii.h"

#include <stdbool.h>
#include <string.h>

enum
{
  ST_SIZE_FIRST = 0,   /* expecting the first hex digit */
  ST_SIZE,             /* more hex digits, or the end of the size */
  ST_EXT,              /* chunk-ext bytes up to CR */
  ST_SIZE_LF,          /* CR seen after the size line */
  ST_DATA,
  ST_DATA_CR,
  ST_DATA_LF,
  ST_TRAILER_START,    /* start of a trailer line, or the final CRLF */
  ST_TRAILER_NAME,
  ST_TRAILER_VALUE,
  ST_TRAILER_LF,       /* CR seen after a trailer field line */
  ST_FINAL_LF,         /* CR seen of the final empty line */
  ST_END,
};

void
pt_http_chunked_init (PtHttpChunked *d,
                      uint64_t       max_body)
{
  memset (d, 0, sizeof *d);
  d->state = ST_SIZE_FIRST;
  d->status = PT_HTTP_CHUNKED_MORE;
  d->max_body = max_body;
}

uint64_t
pt_http_chunked_total (const PtHttpChunked *d)
{
  return d->total;
}

static bool
is_tchar (unsigned char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c != 0 && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Field-value and chunk-ext bytes: no controls but HTAB. */
static bool
is_text (unsigned char c)
{
  return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* The size line ended: decide what follows. */
static int
end_size_line (PtHttpChunked *d)
{
  if (d->remaining == 0)
    return ST_TRAILER_START;
  if (d->remaining > d->max_body - d->total)
    {
      d->status = PT_HTTP_CHUNKED_TOO_LARGE;
      return ST_END;
    }
  return ST_DATA;
}

PtHttpChunkedStatus
pt_http_chunked_decode (PtHttpChunked *d,
                        char          *buf,
                        size_t         len,
                        size_t        *consumed,
                        size_t        *data_len)
{
  size_t i = 0, w = 0;

  while (d->status == PT_HTTP_CHUNKED_MORE && i < len)
    {
      unsigned char c = (unsigned char) buf[i];
      int h;

      switch (d->state)
        {
        case ST_SIZE_FIRST:
        case ST_SIZE:
          h = pt_http_ascii_hex_value (c);
          if (h >= 0)
            {
              if (++d->digits > PT_HTTP_CHUNK_SIZE_MAX_DIGITS)
                goto bad;
              d->remaining = (d->remaining << 4) | (uint64_t) h;
              d->state = ST_SIZE;
            }
          else if (d->state == ST_SIZE_FIRST)
            goto bad;
          else if (c == '\r')
            d->state = ST_SIZE_LF;
          else if (c == ';' || c == ' ' || c == '\t')
            {
              d->state = ST_EXT;
              d->ext_len = 1;
              d->ext_semicolon = c == ';';
            }
          else
            goto bad;
          i++;
          break;

        case ST_EXT:
          if (c == '\r')
            {
              if (!d->ext_semicolon)
                goto bad;
              d->state = ST_SIZE_LF;
            }
          else if (!is_text (c) || ++d->ext_len > PT_HTTP_CHUNK_EXT_MAX)
            goto bad;
          else if (c == ';')
            d->ext_semicolon = 1;
          else if (!d->ext_semicolon && c != ' ' && c != '\t')
            goto bad;
          i++;
          break;

        case ST_SIZE_LF:
          if (c != '\n')
            goto bad;
          i++;
          d->state = end_size_line (d);
          break;

        case ST_DATA:
          {
            size_t n = len - i;

            if (n > d->remaining)
              n = (size_t) d->remaining;
            memmove (buf + w, buf + i, n);
            w += n;
            i += n;
            d->remaining -= n;
            d->total += n;
            if (d->remaining == 0)
              d->state = ST_DATA_CR;
          }
          break;

        case ST_DATA_CR:
          if (c != '\r')
            goto bad;
          i++;
          d->state = ST_DATA_LF;
          break;

        case ST_DATA_LF:
          if (c != '\n')
            goto bad;
          i++;
          d->state = ST_SIZE_FIRST;
          d->digits = 0;
          d->ext_len = 0;
          d->ext_semicolon = 0;
          break;

        case ST_TRAILER_START:
          if (c == '\r')
            d->state = ST_FINAL_LF;
          else if (is_tchar (c))
            d->state = ST_TRAILER_NAME;
          else
            goto bad;   /* including obs-fold (SP/HTAB) */
          if (c != '\r' && ++d->trailer_len > PT_HTTP_CHUNK_TRAILER_MAX)
            goto bad;
          i++;
          break;

        case ST_TRAILER_NAME:
        case ST_TRAILER_VALUE:
          if (c == '\r')
            {
              if (d->state == ST_TRAILER_NAME)
                goto bad;   /* no colon */
              d->state = ST_TRAILER_LF;
            }
          else if (d->state == ST_TRAILER_NAME && c == ':')
            d->state = ST_TRAILER_VALUE;
          else if (d->state == ST_TRAILER_NAME ? !is_tchar (c) : !is_text (c))
            goto bad;
          if (++d->trailer_len > PT_HTTP_CHUNK_TRAILER_MAX)
            goto bad;
          i++;
          break;

        case ST_TRAILER_LF:
          if (c != '\n' || ++d->trailer_len > PT_HTTP_CHUNK_TRAILER_MAX)
            goto bad;
          i++;
          d->state = ST_TRAILER_START;
          break;

        case ST_FINAL_LF:
          if (c != '\n')
            goto bad;
          i++;
          d->state = ST_END;
          d->status = PT_HTTP_CHUNKED_DONE;
          break;

        default:
          goto bad;
        }
    }
  *consumed = i;
  *data_len = w;
  return (PtHttpChunkedStatus) d->status;

bad:
  d->state = ST_END;
  d->status = PT_HTTP_CHUNKED_BAD;
  *consumed = i;
  *data_len = w;
  return PT_HTTP_CHUNKED_BAD;
}
