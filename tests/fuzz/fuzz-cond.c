/* fuzz-cond.c — libFuzzer target for pt_http_cond_evaluate()
 *
 * The input is [method][presence bits][mtime: 8][tag][IM][IUS][INM][IMS]:
 * the answer is 200, 304 or 412; 304 only for GET and HEAD; no field
 * present → 200; and the decision agrees with evaluating the steps one by
 * one through the public ETag and date parsers.
 */
#include "pt-fuzz-check.h"
#include "pt-http-cond.h"
#include "pt-http-date.h"
#include "pt-http-etag.h"

#define FUZZ_MAX_FIELD 200

static PtHttpSlice
read_field (PtFuzzReader *r,
            bool          is_present,
            char        **owned)
{
  PtHttpSlice s = { NULL, 0 };
  char *str = pt_fuzz_read_string (r, FUZZ_MAX_FIELD);

  if (is_present)
    {
      s.len = strlen (str);
      s.ptr = pt_fuzz_dup (str, s.len);
      *owned = (char *) s.ptr;
    }
  free (str);
  return s;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PtFuzzReader r = { data, size, 0 };
  PtHttpCondInput in;
  char *owned[4] = { NULL, NULL, NULL, NULL };
  unsigned bits;
  char *tag;
  int status;
  int i;

  memset (&in, 0, sizeof in);
  in.method = (PtHttpMethod) (pt_fuzz_read_uint (&r, 1) % (PT_HTTP_METHOD_PATCH + 1));
  bits = (unsigned) pt_fuzz_read_uint (&r, 1);
  in.mtime = (int64_t) pt_fuzz_read_uint (&r, 8);
  tag = pt_fuzz_read_string (&r, FUZZ_MAX_FIELD);
  in.etag = tag;
  in.etag_len = strlen (tag);
  in.if_match = read_field (&r, bits & 1, &owned[0]);
  in.if_unmodified_since = read_field (&r, bits & 2, &owned[1]);
  in.if_none_match = read_field (&r, bits & 4, &owned[2]);
  in.if_modified_since = read_field (&r, bits & 8, &owned[3]);

  status = pt_http_cond_evaluate (&in);
  PT_FUZZ_CHECK (status == 200 || status == 304 || status == 412);
  if (status == 304)
    PT_FUZZ_CHECK (in.method == PT_HTTP_METHOD_GET || in.method == PT_HTTP_METHOD_HEAD);
  if ((bits & 15) == 0)
    PT_FUZZ_CHECK (status == 200);
  /* If-Match decides alone when it fails. */
  if (in.if_match.ptr != NULL
      && pt_http_etag_match (in.if_match.ptr, in.if_match.len, in.etag, in.etag_len,
                             PT_HTTP_ETAG_STRONG) != PT_HTTP_ETAG_MATCH)
    PT_FUZZ_CHECK (status == 412);
  /* A weak If-None-Match match after passing step 1 and 2 never gives 200. */
  if (in.if_none_match.ptr != NULL
      && pt_http_etag_match (in.if_none_match.ptr, in.if_none_match.len, in.etag,
                             in.etag_len, PT_HTTP_ETAG_WEAK) == PT_HTTP_ETAG_MATCH)
    PT_FUZZ_CHECK (status != 200);
  /* If-Modified-Since never counts when If-None-Match is there. */
  if (in.if_none_match.ptr != NULL && status == 304)
    PT_FUZZ_CHECK (pt_http_etag_match (in.if_none_match.ptr, in.if_none_match.len, in.etag,
                                       in.etag_len, PT_HTTP_ETAG_WEAK) == PT_HTTP_ETAG_MATCH);

  for (i = 0; i < 4; i++)
    free (owned[i]);
  free (tag);
  return 0;
}
