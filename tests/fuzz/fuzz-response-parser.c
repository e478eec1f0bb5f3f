/* fuzz-response-parser.c — libFuzzer target for the client side of layer 0:
 * pt_http_parse_response(), the chunked decoder and the body preview
 * (fuzz-response.c fuzzes the response *writer*).
 *
 * Byte 0 holds flags: bit 0 = the request was HEAD; bit 1 = the rest is a
 * chunked body on its own (not a response); bits 2-7 pick a split point.
 *
 * 1. Heads, pipelined: parse → check → consume the body through the body
 *    reader (Content-Length bytes, a chunked body, or all to the close),
 *    checked against the framing → parse the next, until the buffer is used
 *    up.  Every slice lies
 *    inside the buffer; values are trimmed and hold no CR/LF/NUL; the
 *    framing and keep-alive follow the documented rules.
 * 2. Split points: a prefix of the input parses to 0 or to the whole
 *    buffer's result; the prefix ending at the head gives the same head.
 *    Once PT_HTTP_RESPONSE_MAX_HEAD bytes are there it never returns 0.
 * 3. Chunked: the same bytes decoded in one call sequence, byte by byte and
 *    split in two give the same data, the same end and the same error.
 * 4. Preview: whatever body bytes there are go through the preview, the
 *    text decision and the summary writer; the summary fits its bound and
 *    holds no control byte.
 * Each parse sees an exact-size heap copy, so reading past len is an ASan
 * report.
 */
#include <stdbool.h>

#include "pt-fuzz-check.h"
#include "pt-http-ascii.h"
#include "pt-http-body-preview.h"
#include "pt-http-response-parser.h"

#define FUZZ_SPLIT_ALL_MAX   1024
#define FUZZ_SPLIT_STRIDE    127
#define FUZZ_MAX_PIPELINED   1024

static bool
result_is_allowed (ssize_t r)
{
  return r >= 0 ||
         r == PT_HTTP_RESPONSE_ERROR_SYNTAX ||
         r == PT_HTTP_RESPONSE_ERROR_VERSION ||
         r == PT_HTTP_RESPONSE_ERROR_STATUS ||
         r == PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE ||
         r == PT_HTTP_RESPONSE_ERROR_TOO_MANY_FIELDS ||
         r == PT_HTTP_RESPONSE_ERROR_CONTENT_LENGTH ||
         r == PT_HTTP_RESPONSE_ERROR_TRANSFER_ENCODING;
}

static void
check_head (const char                 *buf,
            ssize_t                     r,
            bool                        head_request,
            const PtHttpParsedResponse *resp)
{
  PT_FUZZ_CHECK (resp->head_len == (size_t) r);
  PT_FUZZ_CHECK (resp->head_len <= PT_HTTP_RESPONSE_MAX_HEAD);
  PT_FUZZ_CHECK (resp->status >= 100 && resp->status <= 599);
  PT_FUZZ_CHECK (resp->version_minor >= 0 && resp->version_minor <= 9);
  PT_FUZZ_CHECK (pt_fuzz_slice_within (resp->reason, buf, (size_t) r));
  PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (resp->reason, '\r') && !pt_fuzz_slice_has_byte (resp->reason, '\n'));
  PT_FUZZ_CHECK (resp->n_fields <= PT_HTTP_RESPONSE_MAX_FIELDS);
  for (size_t i = 0; i < resp->n_fields; i++)
    {
      const PtHttpResponseField *f = &resp->fields[i];

      PT_FUZZ_CHECK (f->name.len > 0);
      PT_FUZZ_CHECK (pt_fuzz_slice_within (f->name, buf, (size_t) r));
      PT_FUZZ_CHECK (pt_fuzz_slice_within (f->value, buf, (size_t) r));
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (f->name, ':') && !pt_fuzz_slice_has_byte (f->name, ' '));
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (f->value, '\r') && !pt_fuzz_slice_has_byte (f->value, '\n'));
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (f->value, '\0'));
      PT_FUZZ_CHECK (f->value.len == 0 ||
                     (!pt_http_ascii_is_ows (f->value.ptr[0]) && !pt_http_ascii_is_ows (f->value.ptr[f->value.len - 1])));
    }
  if (resp->content_type.ptr != NULL)
    PT_FUZZ_CHECK (pt_fuzz_slice_within (resp->content_type, buf, (size_t) r));

  /* the documented framing rules */
  if (head_request || resp->status < 200 || resp->status == 204 || resp->status == 304)
    PT_FUZZ_CHECK (resp->framing == PT_HTTP_RESPONSE_FRAMING_NONE);
  if (resp->framing == PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE || resp->status == 101)
    PT_FUZZ_CHECK (!resp->keep_alive);
  if (resp->framing == PT_HTTP_RESPONSE_FRAMING_CHUNKED)
    PT_FUZZ_CHECK (resp->version_minor >= 1);
  if (resp->version_minor == 0 && resp->keep_alive)
    PT_FUZZ_CHECK (resp->n_fields > 0);   /* it took a Connection: keep-alive */
  PT_FUZZ_CHECK (resp->interim == (resp->status < 200 && resp->status != 101));
}

/* Decodes body[0..len) in pieces of at most step bytes (the first piece
 * first bytes when not 0).  Returns bytes up to the end of the body, 0 when
 * not done, or the error; the data goes to preview and its length to
 * *data_len, its sum of bytes to *data_sum. */
static ssize_t
decode_chunked (const char        *body,
                size_t             len,
                size_t             first,
                size_t             step,
                PtHttpBodyPreview *preview,
                uint64_t          *data_len,
                uint64_t          *data_sum)
{
  PtHttpResponseChunked chunked;
  size_t pos = 0;
  bool done = false;

  pt_http_response_chunked_init (&chunked);
  *data_len = 0;
  *data_sum = 0;
  while (pos < len && !done)
    {
      size_t piece = pos == 0 && first != 0 ? first : step;
      size_t end = pos + piece < len ? pos + piece : len;
      char *copy = pt_fuzz_dup (body + pos, end - pos);
      size_t off = 0;

      while (off < end - pos && !done)
        {
          PtHttpSlice d;
          ssize_t n = pt_http_response_chunked_step (&chunked, copy + off, end - pos - off, &d, &done);

          if (n < 0)
            {
              PT_FUZZ_CHECK (n == PT_HTTP_RESPONSE_ERROR_BAD_CHUNK);
              free (copy);
              return n;
            }
          PT_FUZZ_CHECK (n > 0);
          PT_FUZZ_CHECK (d.len <= (size_t) n);
          PT_FUZZ_CHECK (d.len == 0 || d.ptr == copy + off);
          if (preview != NULL)
            pt_http_body_preview_add (preview, d.ptr, d.len);
          for (size_t i = 0; i < d.len; i++)
            *data_sum += (unsigned char) d.ptr[i];
          *data_len += d.len;
          off += (size_t) n;
        }
      pos += off;
      free (copy);
    }
  return done ? (ssize_t) pos : 0;
}

static void
check_chunked (const char        *body,
               size_t             len,
               size_t             split,
               PtHttpBodyPreview *preview)
{
  uint64_t len1, sum1, len2, sum2, len3, sum3;
  ssize_t whole = decode_chunked (body, len, 0, len + 1, preview, &len1, &sum1);
  ssize_t bytes = decode_chunked (body, len, 0, 1, NULL, &len2, &sum2);
  ssize_t two = decode_chunked (body, len, split, len + 1, NULL, &len3, &sum3);

  PT_FUZZ_CHECK (whole == bytes && whole == two);
  if (whole >= 0)
    PT_FUZZ_CHECK (len1 == len2 && len1 == len3 && sum1 == sum2 && sum1 == sum3);
  PT_FUZZ_CHECK (whole <= (ssize_t) len);
}

static void
check_preview (const PtHttpBodyPreview *preview,
               const PtHttpSlice       *type)
{
  char summary[PT_HTTP_BODY_SUMMARY_MAX];
  ssize_t n, valid;

  PT_FUZZ_CHECK (preview->len <= PT_HTTP_BODY_PREVIEW_MAX);
  PT_FUZZ_CHECK (preview->len <= preview->total);
  (void) pt_http_body_is_text (type->ptr, type->len, preview);
  valid = pt_http_utf8_valid_prefix (preview->data, preview->len);
  PT_FUZZ_CHECK (valid <= (ssize_t) preview->len);
  if (valid >= 0)
    {
      PT_FUZZ_CHECK (pt_http_utf8_valid_prefix (preview->data, (size_t) valid) == valid);
      PT_FUZZ_CHECK (preview->len - (size_t) valid <= 3);
    }

  n = pt_http_body_summary_write (summary, sizeof summary, preview->total, preview->len,
                                  type->ptr, type->len);
  PT_FUZZ_CHECK (n > 0 && n < PT_HTTP_BODY_SUMMARY_MAX);
  PT_FUZZ_CHECK (strlen (summary) == (size_t) n);
  PT_FUZZ_CHECK (summary[0] == '<' && summary[n - 1] == '>');
  for (ssize_t i = 0; i < n; i++)
    PT_FUZZ_CHECK ((unsigned char) summary[i] >= 0x20 && (unsigned char) summary[i] < 0x7f);
}

/* Pipelined responses in buf[0..len). */
static void
check_pipelined (const char           *buf,
                 size_t                len,
                 bool                  head_request,
                 size_t                split,
                 PtHttpParsedResponse *resp,
                 PtHttpBodyPreview    *preview)
{
  size_t pos = 0;

  for (int n = 0; n < FUZZ_MAX_PIPELINED && pos < len; n++)
    {
      char *copy = pt_fuzz_dup (buf + pos, len - pos);
      ssize_t r = pt_http_parse_response (copy, len - pos, head_request, resp);
      PtHttpSlice type;

      PT_FUZZ_CHECK (result_is_allowed (r));
      if (len - pos >= PT_HTTP_RESPONSE_MAX_HEAD)
        PT_FUZZ_CHECK (r != 0);
      if (r <= 0)
        {
          free (copy);
          return;
        }
      check_head (copy, r, head_request, resp);
      type = resp->content_type;
      pos += (size_t) r;
      pt_http_body_preview_init (preview);

      /* the body reader, as the clients run it */
      {
        PtHttpResponseBody body;
        size_t used_total = 0;
        bool done = false;
        ssize_t used;

        pt_http_response_body_init (&body, resp);
        do
          {
            PtHttpSlice d;

            used = pt_http_response_body_step (&body, buf + pos + used_total, len - pos - used_total, &d, &done);
            if (used < 0)
              break;
            PT_FUZZ_CHECK ((size_t) used <= len - pos - used_total);
            PT_FUZZ_CHECK (d.len <= (size_t) used);
            pt_http_body_preview_add (preview, d.ptr, d.len);
            used_total += (size_t) used;
          }
        while (!done && used_total < len - pos);

        switch (resp->framing)
          {
          case PT_HTTP_RESPONSE_FRAMING_NONE:
            PT_FUZZ_CHECK (done && used_total == 0);
            break;
          case PT_HTTP_RESPONSE_FRAMING_LENGTH:
            PT_FUZZ_CHECK (used >= 0);
            PT_FUZZ_CHECK (used_total == (resp->content_length < len - pos ? resp->content_length : len - pos));
            PT_FUZZ_CHECK (done == (resp->content_length <= len - pos));
            PT_FUZZ_CHECK (preview->total == used_total);
            break;
          case PT_HTTP_RESPONSE_FRAMING_CHUNKED:
            {
              uint64_t data_len, data_sum;
              ssize_t end = decode_chunked (buf + pos, len - pos, 0, len + 1, NULL, &data_len, &data_sum);

              check_chunked (buf + pos, len - pos, split % (len - pos + 1), NULL);
              PT_FUZZ_CHECK (used < 0 ? end == used : (done ? end == (ssize_t) used_total : end == 0));
              if (used >= 0)
                PT_FUZZ_CHECK (preview->total == data_len);
            }
            break;
          case PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE:
          default:
            PT_FUZZ_CHECK (!done && used_total == len - pos);
            PT_FUZZ_CHECK (pt_http_response_body_ends_at_close (&body));
            break;
          }
        PT_FUZZ_CHECK (!done || pt_http_response_body_ends_at_close (&body));
        pos = used < 0 || !done ? len : pos + used_total;
      }
      check_preview (preview, &type);
      free (copy);
    }
}

/* Every prefix (all up to FUZZ_SPLIT_ALL_MAX, then around line ends and
 * every FUZZ_SPLIT_STRIDE bytes) gives 0 or the whole buffer's result. */
static void
check_splits (const char           *buf,
              size_t                len,
              bool                  head_request,
              PtHttpParsedResponse *resp)
{
  char *whole_copy = pt_fuzz_dup (buf, len);
  ssize_t whole = pt_http_parse_response (whole_copy, len, head_request, resp);
  PtHttpResponseFraming framing = resp->framing;
  uint64_t length = resp->content_length;
  bool keep = resp->keep_alive;
  size_t n_fields = resp->n_fields;
  int status = resp->status;

  free (whole_copy);
  for (size_t n = 0; n < len; n++)
    {
      char *prefix;
      ssize_t r;

      if (n > FUZZ_SPLIT_ALL_MAX && n % FUZZ_SPLIT_STRIDE != 0 &&
          buf[n] != '\n' && buf[n - 1] != '\n' && buf[n] != '\r' && n != (size_t) whole)
        continue;
      prefix = pt_fuzz_dup (buf, n);
      r = pt_http_parse_response (prefix, n, head_request, resp);
      free (prefix);
      if (r == 0)
        {
          PT_FUZZ_CHECK (whole <= 0 || n < (size_t) whole);
          PT_FUZZ_CHECK (n < PT_HTTP_RESPONSE_MAX_HEAD);
          continue;
        }
      PT_FUZZ_CHECK (r == whole);
      if (whole > 0)
        PT_FUZZ_CHECK (resp->framing == framing && resp->content_length == length &&
                       resp->keep_alive == keep && resp->n_fields == n_fields &&
                       resp->status == status);
    }
}

static PtHttpParsedResponse fuzz_resp;
static PtHttpBodyPreview fuzz_preview;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *buf = (const char *) data + 1;
  size_t len;
  bool head_request;
  size_t split;

  if (size == 0)
    return 0;
  len = size - 1;
  head_request = (data[0] & 1) != 0;
  split = (size_t) (data[0] >> 2) * 37;

  if ((data[0] & 2) != 0)
    {
      PtHttpSlice no_type = { NULL, 0 };

      pt_http_body_preview_init (&fuzz_preview);
      check_chunked (buf, len, split % (len + 1), &fuzz_preview);
      check_preview (&fuzz_preview, &no_type);
      return 0;
    }

  check_pipelined (buf, len, head_request, split, &fuzz_resp, &fuzz_preview);
  check_splits (buf, len, head_request, &fuzz_resp);
  return 0;
}
