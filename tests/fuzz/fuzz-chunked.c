/* fuzz-chunked.c — libFuzzer target for pt_http_chunked_decode()
 *
 * The input is [max body: 2][body bytes].  Decoded in one call, then fed
 * one byte at a time, then split in two at every offset (up to
 * FUZZ_SPLIT_ALL_MAX, then every FUZZ_SPLIT_STRIDE bytes): the status, the
 * data and the bytes consumed never depend on the split; the data never
 * exceeds the max body; MORE always consumes everything.  Each piece is an
 * exact-size heap copy, so reading past it is an ASan report.
 */
#include "pt-fuzz-check.h"
#include "pt-http-chunked.h"

#define FUZZ_SPLIT_ALL_MAX 512
#define FUZZ_SPLIT_STRIDE  61

typedef struct
{
  PtHttpChunkedStatus status;
  char               *data;      /* size bytes of room */
  size_t              data_len;
  size_t              consumed;
} Outcome;

/* Feeds body[0..size) in pieces of at most step bytes, the first piece
 * being first bytes (0: step). */
static Outcome
feed (const uint8_t *body,
      size_t         size,
      uint64_t       max_body,
      size_t         first,
      size_t         step)
{
  PtHttpChunked d;
  Outcome o = { PT_HTTP_CHUNKED_MORE, malloc (size > 0 ? size : 1), 0, 0 };
  size_t pos = 0;

  PT_FUZZ_CHECK (o.data != NULL);
  pt_http_chunked_init (&d, max_body);
  do
    {
      size_t len = pos == 0 && first > 0 ? first : step;
      char *piece;
      size_t consumed, data_len;

      if (len > size - pos)
        len = size - pos;
      piece = pt_fuzz_dup (body + pos, len);
      o.status = pt_http_chunked_decode (&d, piece, len, &consumed, &data_len);
      PT_FUZZ_CHECK (o.status == PT_HTTP_CHUNKED_MORE || o.status == PT_HTTP_CHUNKED_DONE
                     || o.status == PT_HTTP_CHUNKED_BAD || o.status == PT_HTTP_CHUNKED_TOO_LARGE);
      PT_FUZZ_CHECK (consumed <= len && data_len <= consumed);
      if (o.status == PT_HTTP_CHUNKED_MORE)
        PT_FUZZ_CHECK (consumed == len);
      memcpy (o.data + o.data_len, piece, data_len);
      o.data_len += data_len;
      o.consumed += consumed;
      pos += len;
      free (piece);
    }
  while (o.status == PT_HTTP_CHUNKED_MORE && pos < size);
  PT_FUZZ_CHECK (pt_http_chunked_total (&d) == o.data_len);
  PT_FUZZ_CHECK (o.data_len <= max_body);
  return o;
}

static void
check_same (const Outcome *a,
            Outcome       *b)
{
  if (a->status != b->status || a->consumed != b->consumed || a->data_len != b->data_len)
    fprintf (stderr, "status %d/%d consumed %zu/%zu data %zu/%zu\n", a->status, b->status,
             a->consumed, b->consumed, a->data_len, b->data_len);
  PT_FUZZ_CHECK (a->status == b->status);
  PT_FUZZ_CHECK (a->consumed == b->consumed);
  PT_FUZZ_CHECK (a->data_len == b->data_len);
  PT_FUZZ_CHECK (a->data_len == 0 || memcmp (a->data, b->data, a->data_len) == 0);
  free (b->data);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PtFuzzReader r = { data, size, 0 };
  uint64_t max_body = pt_fuzz_read_uint (&r, 2);
  const uint8_t *body = data + r.pos;
  size_t len = size - r.pos;
  Outcome whole, other;
  size_t k;

  if (max_body == 0xffff)
    max_body = UINT64_MAX;
  whole = feed (body, len, max_body, 0, len > 0 ? len : 1);
  other = feed (body, len, max_body, 0, 1);
  check_same (&whole, &other);
  for (k = 1; k < len; k++)
    {
      if (k > FUZZ_SPLIT_ALL_MAX && k % FUZZ_SPLIT_STRIDE != 0)
        continue;
      other = feed (body, len, max_body, k, len);
      check_same (&whole, &other);
    }
  free (whole.data);
  return 0;
}
