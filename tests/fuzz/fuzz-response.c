/* fuzz-response.c — libFuzzer target for the response writers
 *
 * The input fills a PtHttpResponseHead (status, strings of any length and
 * content, lengths, flags) and picks a buffer size; the writers get heap
 * blocks of exactly that size, so any overflow is an ASan report.
 * The head written into a large buffer is the reference: a smaller buffer
 * gives -1 or the same bytes, never anything else.  The same head goes
 * through the error-reply builder, and the date string through the escaper
 * (printable ASCII out, and with quoting it decodes back to the input).
 */
#include <stdbool.h>

#include "pt-fuzz-check.h"
#include "pt-http-escape.h"
#include "pt-http-response.h"

#define FUZZ_MAX_STRING   2048
#define FUZZ_BIG_BUFFER   (8 * FUZZ_MAX_STRING + 4096)

typedef struct
{
  PtHttpResponseHead head;
  char              *date;
  char              *last_modified;
  char              *content_type;
  char              *location;
  char              *vary;
  char              *content_encoding;
} FuzzHead;

static void
read_head (PtFuzzReader *r,
           FuzzHead     *h)
{
  uint64_t flags = pt_fuzz_read_uint (r, 1);

  memset (h, 0, sizeof *h);
  if (flags & 0x80)
    h->head.status = (int) (int32_t) pt_fuzz_read_uint (r, 4);
  else
    h->head.status = 100 + (int) (pt_fuzz_read_uint (r, 2) % 500);
  h->head.keep_alive = (flags & 0x01) != 0;
  h->head.has_content_length = (flags & 0x02) != 0;
  h->head.allow = (flags & 0x04) != 0;
  h->head.keep_alive_timeout = (unsigned) pt_fuzz_read_uint (r, 4);
  h->head.keep_alive_max = (unsigned) pt_fuzz_read_uint (r, 4);
  h->head.content_length = pt_fuzz_read_uint (r, 8);

  h->date = pt_fuzz_read_string (r, FUZZ_MAX_STRING);
  h->head.date = h->date;
  if (flags & 0x08)
    {
      h->last_modified = pt_fuzz_read_string (r, FUZZ_MAX_STRING);
      h->head.last_modified = h->last_modified;
    }
  if (flags & 0x10)
    {
      h->content_type = pt_fuzz_read_string (r, FUZZ_MAX_STRING);
      h->head.content_type = h->content_type;
    }
  if (flags & 0x20)
    {
      /* location is a (ptr, len) slice: no NUL after it.  The writer
       * takes location_len == 0 as "NUL-terminated", so keep the NUL then. */
      char *s = pt_fuzz_read_string (r, FUZZ_MAX_STRING);
      size_t len = strlen (s);

      if (len > 0)
        {
          h->location = pt_fuzz_dup (s, len);
          free (s);
        }
      else
        h->location = s;
      h->head.location = h->location;
      h->head.location_len = len;
    }
  if (flags & 0x40)
    {
      h->vary = pt_fuzz_read_string (r, FUZZ_MAX_STRING);
      h->content_encoding = pt_fuzz_read_string (r, FUZZ_MAX_STRING);
      h->head.vary = h->vary;
      h->head.content_encoding = h->content_encoding;
    }
}

static void
free_head (FuzzHead *h)
{
  free (h->date);
  free (h->last_modified);
  free (h->content_type);
  free (h->location);
  free (h->vary);
  free (h->content_encoding);
}

static bool
has_prefix (const char *buf,
            size_t      len,
            const char *prefix)
{
  size_t n = strlen (prefix);

  return len >= n && memcmp (buf, prefix, n) == 0;
}

static void
check_head (const FuzzHead *h,
            size_t          size)
{
  char *big = malloc (FUZZ_BIG_BUFFER);
  char *buf = malloc (size > 0 ? size : 1);
  ssize_t ref, r;

  PT_FUZZ_CHECK (big != NULL && buf != NULL);
  ref = pt_http_response_write_head (big, FUZZ_BIG_BUFFER, &h->head);
  /* Every field fits in the big buffer: -1 means "too small" only. */
  PT_FUZZ_CHECK (ref > 0 && (size_t) ref <= FUZZ_BIG_BUFFER);
  PT_FUZZ_CHECK (has_prefix (big, (size_t) ref, "HTTP/1.1 "));
  PT_FUZZ_CHECK (ref >= 4 && memcmp (big + ref - 4, "\r\n\r\n", 4) == 0);

  r = pt_http_response_write_head (buf, size, &h->head);
  if (r != -1)
    {
      PT_FUZZ_CHECK (r > 0 && (size_t) r <= size);
      PT_FUZZ_CHECK (r == ref);
      PT_FUZZ_CHECK (memcmp (buf, big, (size_t) r) == 0);
    }
  else
    {
      /* Too small: only when it really is (one spare byte for a NUL is allowed). */
      PT_FUZZ_CHECK (size < (size_t) ref + 1);
    }
  free (buf);
  free (big);
}

static void
check_error_body (int    status,
                  size_t size)
{
  char *big = malloc (FUZZ_BIG_BUFFER);
  char *buf = malloc (size > 0 ? size : 1);
  const char *reason = pt_http_status_reason (status);
  ssize_t ref, r;

  PT_FUZZ_CHECK (reason != NULL);
  PT_FUZZ_CHECK (strpbrk (reason, "\r\n") == NULL);
  PT_FUZZ_CHECK (big != NULL && buf != NULL);
  ref = pt_http_response_write_error_body (big, FUZZ_BIG_BUFFER, status);
  PT_FUZZ_CHECK (ref > 0 && ref <= PT_HTTP_MAX_ERROR_BODY);
  r = pt_http_response_write_error_body (buf, size, status);
  if (r != -1)
    {
      PT_FUZZ_CHECK (r == ref && (size_t) r <= size);
      PT_FUZZ_CHECK (memcmp (buf, big, (size_t) r) == 0);
    }
  else
    PT_FUZZ_CHECK (size < (size_t) ref + 1);
  free (buf);
  free (big);
}

static void
check_error_reply (const FuzzHead *h,
                   size_t          size,
                   bool            head_only)
{
  char *big = malloc (FUZZ_BIG_BUFFER);
  char *buf = malloc (size > 0 ? size : 1);
  PtHttpResponseHead ref_head = h->head;
  PtHttpResponseHead head = h->head;
  uint64_t ref_body = 0, body = 0;
  ssize_t ref, r;

  PT_FUZZ_CHECK (big != NULL && buf != NULL);
  ref = pt_http_response_write_error (big, FUZZ_BIG_BUFFER, &ref_head, head_only, &ref_body);
  PT_FUZZ_CHECK (ref > 0 && (size_t) ref <= FUZZ_BIG_BUFFER);
  PT_FUZZ_CHECK (ref_body <= PT_HTTP_MAX_ERROR_BODY);
  PT_FUZZ_CHECK (has_prefix (big, (size_t) ref, "HTTP/1.1 "));

  r = pt_http_response_write_error (buf, size, &head, head_only, &body);
  if (r != -1)
    {
      PT_FUZZ_CHECK (r > 0 && (size_t) r <= size);
      PT_FUZZ_CHECK (body == ref_body);
      /* The same bytes, unless the small buffer dropped the Location. */
      if (head.location == ref_head.location)
        PT_FUZZ_CHECK (r == ref && memcmp (buf, big, (size_t) r) == 0);
    }
  free (buf);
  free (big);
}

static void
check_escape (const char *s,
              size_t      len)
{
  size_t size = len * PT_HTTP_ESCAPE_MAX + 1;
  char *buf = malloc (size);
  char *back = malloc (len + 1);
  PtHttpWriter w;
  ptrdiff_t n;
  size_t m = 0;

  PT_FUZZ_CHECK (buf != NULL && back != NULL);
  pt_http_writer_init (&w, buf, size);
  pt_http_writer_put_escaped (&w, s, len, PT_HTTP_ESCAPE_QUOTED);
  n = pt_http_writer_finish (&w, buf);
  PT_FUZZ_CHECK (n >= 0 && (size_t) n >= len);
  for (ptrdiff_t i = 0; i < n; i++)
    {
      unsigned char ch = (unsigned char) buf[i];

      PT_FUZZ_CHECK (ch >= 0x20 && ch < 0x7f);
      if (ch != '\\')
        {
          PT_FUZZ_CHECK (ch != '"');
          back[m++] = (char) ch;
          continue;
        }
      PT_FUZZ_CHECK (i + 1 < n);
      if (buf[i + 1] == 'x')
        {
          unsigned v = 0;

          PT_FUZZ_CHECK (i + 3 < n);
          for (int k = 2; k <= 3; k++)
            {
              char c = buf[i + k];

              PT_FUZZ_CHECK ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
              v = v * 16 + (unsigned) (c <= '9' ? c - '0' : c - 'A' + 10);
            }
          back[m++] = (char) v;
          i += 3;
        }
      else
        {
          PT_FUZZ_CHECK (buf[i + 1] == '"' || buf[i + 1] == '\\');
          back[m++] = buf[i + 1];
          i += 1;
        }
    }
  PT_FUZZ_CHECK (m == len && memcmp (back, s, len) == 0);
  free (back);
  free (buf);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PtFuzzReader r = { data, size, 0 };
  size_t buf_size = (size_t) pt_fuzz_read_uint (&r, 2);
  FuzzHead h;

  read_head (&r, &h);
  check_head (&h, buf_size);
  check_error_body (h.head.status, buf_size % (PT_HTTP_MAX_ERROR_BODY + 64));
  check_error_reply (&h, buf_size, (buf_size & 1) != 0);
  check_escape (h.date, strlen (h.date));
  free_head (&h);
  return 0;
}
