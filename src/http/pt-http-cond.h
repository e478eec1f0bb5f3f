/* pt-http-cond.h — the conditional-request decision of RFC 9110 §13.2.2 (layer 0)
 *
 * One pure function: the request's four precondition fields (raw values as
 * sent) and the file's ETag and mtime in, the status out.  No clock: the
 * caller decides beforehand whether the response would be 2xx at all
 * (RFC 9110 §13.2.1: preconditions are ignored for 404, 403, ...).
 */
#pragma once

#include <stdint.h>

#include "pt-http-request.h"

typedef struct
{
  PtHttpMethod  method;
  /* Field values as received (OWS may remain); ptr == NULL: field absent.
   * A present but empty value has ptr != NULL and len 0. */
  PtHttpSlice   if_match;
  PtHttpSlice   if_unmodified_since;
  PtHttpSlice   if_none_match;
  PtHttpSlice   if_modified_since;
  /* The selected representation: our strong tag (pt_http_etag_format) and
   * its Last-Modified in seconds since the epoch. */
  const char   *etag;
  size_t        etag_len;
  int64_t       mtime;
} PtHttpCondInput;

/* Evaluates the preconditions in the order of RFC 9110 §13.2.2:
 *   1. If-Match present: strong comparison; no match → 412.
 *   2. Else If-Unmodified-Since present and a valid HTTP-date:
 *      mtime later than the date → 412.
 *   3. If-None-Match present: weak comparison; a match → 304 for GET and
 *      HEAD, 412 for any other method.
 *   4. Else, GET or HEAD only, If-Modified-Since present and a valid
 *      HTTP-date: mtime not later than the date (equal included) → 304.
 *   Otherwise 200 (the caller goes on to Range / If-Range).
 *
 * Malformed values (the policy, tested in test-http-cond.c):
 *   - If-Match that is not "*" / #entity-tag: the condition cannot be true
 *     → 412 (fail closed: a client asking "only if unchanged" must not get
 *     a changed representation).
 *   - If-None-Match that is not "*" / #entity-tag: the field is ignored
 *     (its condition neither matches nor fails, RFC 9110 §5.5), but it is
 *     still present, so If-Modified-Since stays ignored as §13.1.3 says
 *     → the full 200, which is always a correct answer to a GET.
 *   - If-Unmodified-Since / If-Modified-Since that are not an HTTP-date
 *     (pt_http_date_parse): ignored, as §13.1.3 and §13.1.4 require.
 *   - An empty If-Match / If-None-Match value is a valid empty list: it
 *     matches nothing (If-Match → 412; If-None-Match → no 304).
 *
 * Returns 200, 304 or 412. */
int pt_http_cond_evaluate (const PtHttpCondInput *in);
