/* fuzz-parser.c — libFuzzer target for pt_http_parse_request()
 *
 * 1. Pipelined: parse → advance (skipping any Content-Length body) until the
 *    buffer is used up; every parsed request is checked for internal
 *    consistency and fed on to pt_http_request_check(), the path normaliser
 *    and the date parser, as the engine would.
 * 2. Split points: the parser is stateless, so a prefix of the input must
 *    parse to 0 (incomplete) or to the same error as the whole buffer, and
 *    the prefix that ends exactly at the head must give the same request.
 *    Each prefix is copied to a heap block of exactly its size, so reading
 *    past len is an ASan report, not a silent read of the next bytes.
 */
#include <stdbool.h>

#include "pt-fuzz-check.h"
#include "pt-http-ascii.h"
#include "pt-http-date.h"
#include "pt-http-parser.h"
#include "pt-http-path.h"

/* Heads up to this size are checked at every split point; beyond it, at
 * the bytes around each line end, colon and space, and every
 * FUZZ_SPLIT_STRIDE bytes (the full check is quadratic). */
#define FUZZ_SPLIT_ALL_MAX   1024
#define FUZZ_SPLIT_STRIDE    127
#define FUZZ_MAX_PIPELINED   4096

static bool
status_is_allowed (ssize_t r)
{
  return r >= 0 || r == -400 || r == -413 || r == -414 || r == -431 || r == -501 || r == -505;
}

static void
check_request (const char          *buf,
               size_t               len,
               ssize_t              r,
               const PtHttpRequest *req)
{
  unsigned id;

  PT_FUZZ_CHECK ((size_t) r <= len);
  PT_FUZZ_CHECK (req->head_len == (size_t) r);
  PT_FUZZ_CHECK (req->method_str.len > 0);
  PT_FUZZ_CHECK (pt_fuzz_slice_within (req->method_str, buf, (size_t) r));
  PT_FUZZ_CHECK (req->target.len > 0);
  PT_FUZZ_CHECK (pt_fuzz_slice_within (req->target, buf, (size_t) r));
  PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (req->target, '\r'));
  PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (req->target, '\n'));
  PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (req->target, '\0'));
  /* The path is a slice of the target, or (absolute-form without a path,
   * "*") possibly a constant: only its contents are checked then. */
  if (req->path.len > 0)
    {
      PT_FUZZ_CHECK (req->path.ptr != NULL);
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (req->path, '?'));
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (req->path, '\r'));
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (req->path, '\n'));
    }
  PT_FUZZ_CHECK (req->version_minor == 0 || req->version_minor == 1);
  PT_FUZZ_CHECK (req->n_fields <= PT_HTTP_MAX_FIELDS);
  PT_FUZZ_CHECK ((req->header_mask >> PT_HTTP_N_HEADERS) == 0);
  PT_FUZZ_CHECK (pt_http_method_to_string (req->method) != NULL);
  if (req->has_content_length)
    {
      PT_FUZZ_CHECK (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_CONTENT_LENGTH));
      PT_FUZZ_CHECK (req->content_length <= PT_HTTP_MAX_BODY);
    }
  /* Transfer-Encoding is accepted only as exactly one "chunked", last, in
   * HTTP/1.1, without Content-Length (RFC 9112 §6.1, §6.3). */
  PT_FUZZ_CHECK (req->chunked == PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_TRANSFER_ENCODING));
  if (req->chunked)
    {
      PT_FUZZ_CHECK (!req->has_content_length);
      PT_FUZZ_CHECK (req->version_minor == 1);
      PT_FUZZ_CHECK (req->te_chunked == 1 && req->te_chunked_last && !req->te_other);
    }

  for (id = 0; id < PT_HTTP_N_HEADERS; id++)
    {
      PtHttpSlice v = req->headers[id];

      if (!PT_HTTP_HAS_HEADER (req, id))
        continue;
      PT_FUZZ_CHECK (pt_fuzz_slice_within (v, buf, (size_t) r));
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (v, '\r'));
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (v, '\n'));
      PT_FUZZ_CHECK (!pt_fuzz_slice_has_byte (v, '\0'));
      if (v.len > 0)
        {
          PT_FUZZ_CHECK (!pt_http_ascii_is_ows (v.ptr[0]));
          PT_FUZZ_CHECK (!pt_http_ascii_is_ows (v.ptr[v.len - 1]));
        }
    }
}

/* What the engine does next with a parsed request. */
static void
use_request (const PtHttpRequest *req)
{
  int check = pt_http_request_check (req);

  PT_FUZZ_CHECK (check == 0 || check == 400 || check == 405 || check == 501);
  if (req->version_minor == 1 && !PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_HOST))
    PT_FUZZ_CHECK (check != 0);

  if (req->path.len > 0)
    {
      char *out = malloc (PT_HTTP_MAX_PATH);
      PtHttpPath result;
      int status;

      PT_FUZZ_CHECK (out != NULL);
      memset (&result, 0, sizeof result);
      status = pt_http_path_normalize (req->path.ptr, req->path.len, out,
                                       PT_HTTP_MAX_PATH, &result);
      PT_FUZZ_CHECK (status == 0 || status == 400 || status == 404 || status == 414);
      if (status == 0)
        PT_FUZZ_CHECK (result.len < PT_HTTP_MAX_PATH && out[result.len] == '\0');
      free (out);
    }

  if (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_IF_MODIFIED_SINCE))
    {
      PtHttpSlice v = req->headers[PT_HTTP_HEADER_IF_MODIFIED_SINCE];
      int64_t t = 0;

      (void) pt_http_date_parse (v.ptr, v.len, &t);
    }
}

static bool
slices_equal (PtHttpSlice a, const char *abuf,
              PtHttpSlice b, const char *bbuf)
{
  if (a.len != b.len)
    return false;
  if (a.len == 0)
    return true;
  /* Same offset in their own buffers, or the same constant. */
  if (a.ptr - abuf == b.ptr - bbuf)
    return true;
  return a.ptr == b.ptr;
}

static bool
requests_equal (const PtHttpRequest *a, const char *abuf,
                const PtHttpRequest *b, const char *bbuf)
{
  unsigned id;

  if (a->method != b->method || a->version_minor != b->version_minor
      || a->header_mask != b->header_mask || a->n_fields != b->n_fields
      || a->keep_alive != b->keep_alive || a->head_len != b->head_len
      || a->has_content_length != b->has_content_length
      || (a->has_content_length && a->content_length != b->content_length))
    return false;
  if (!slices_equal (a->method_str, abuf, b->method_str, bbuf)
      || !slices_equal (a->target, abuf, b->target, bbuf)
      || !slices_equal (a->path, abuf, b->path, bbuf))
    return false;
  for (id = 0; id < PT_HTTP_N_HEADERS; id++)
    if (PT_HTTP_HAS_HEADER (a, id)
        && !slices_equal (a->headers[id], abuf, b->headers[id], bbuf))
      return false;
  return true;
}

static bool
is_split_point (const uint8_t *data,
                size_t         k)
{
  uint8_t before, after;

  if (k <= FUZZ_SPLIT_ALL_MAX || k % FUZZ_SPLIT_STRIDE == 0)
    return true;
  before = data[k - 1];
  after = data[k];
  return before == '\r' || before == '\n' || after == '\r' || after == '\n'
         || before == ':' || before == ' ' || after == ' ';
}

/* Parses data[0..k) from an exact-size heap copy. */
static ssize_t
parse_prefix (const uint8_t *data,
              size_t         k,
              char         **copy_out,
              PtHttpRequest *req)
{
  char *copy = pt_fuzz_dup (data, k);
  ssize_t r;

  memset (req, 0, sizeof *req);
  r = pt_http_parse_request (copy, k, req);
  PT_FUZZ_CHECK (status_is_allowed (r));
  *copy_out = copy;
  return r;
}

static void
check_split_points (const uint8_t *data,
                    size_t         size)
{
  PtHttpRequest one, part;
  char *one_buf, *part_buf;
  ssize_t whole, r;
  size_t limit, k;

  whole = parse_prefix (data, size, &one_buf, &one);
  limit = whole > 0 ? (size_t) whole : size;

  for (k = 0; k < limit; k++)
    {
      if (!is_split_point (data, k))
        continue;
      r = parse_prefix (data, k, &part_buf, &part);
      free (part_buf);
      if (whole >= 0)
        {
          if (r != 0)
            fprintf (stderr, "prefix %zu of %zu: %zd, whole: %zd\n", k, size, r, whole);
          PT_FUZZ_CHECK (r == 0);
        }
      else
        {
          if (r != 0 && r != whole)
            fprintf (stderr, "prefix %zu of %zu: %zd, whole: %zd\n", k, size, r, whole);
          PT_FUZZ_CHECK (r == 0 || r == whole);
        }
    }

  /* A head that is complete is complete however few bytes follow it. */
  if (whole > 0)
    {
      r = parse_prefix (data, (size_t) whole, &part_buf, &part);
      PT_FUZZ_CHECK (r == whole);
      PT_FUZZ_CHECK (requests_equal (&one, one_buf, &part, part_buf));
      free (part_buf);
    }
  /* "0" is never returned once a limit is passed. */
  if (whole == 0)
    PT_FUZZ_CHECK (size <= PT_HTTP_MAX_HEAD);
  free (one_buf);
}

static void
check_pipelined (const uint8_t *data,
                 size_t         size)
{
  const char *buf = (const char *) data;
  size_t off = 0;
  unsigned n;

  for (n = 0; n < FUZZ_MAX_PIPELINED && off < size; n++)
    {
      PtHttpRequest req;
      ssize_t r;

      memset (&req, 0xa5, sizeof req);   /* the parser must fill, not rely on zeroes */
      r = pt_http_parse_request (buf + off, size - off, &req);
      PT_FUZZ_CHECK (status_is_allowed (r));
      if (r <= 0)
        break;
      check_request (buf + off, size - off, r, &req);
      use_request (&req);
      off += (size_t) r;
      if (req.has_content_length)
        {
          if (req.content_length > size - off)
            break;
          off += (size_t) req.content_length;
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_pipelined (data, size);
  check_split_points (data, size);
  return 0;
}
