/* pt-http-cond.c — the conditional-request decision of RFC 9110 §13.2.2 (layer 0)
 *
 * Kept apart from the ETag and date parsers so that the order of the
 * checks, which is what the RFC prescribes here, reads as one function
 * (lighttpd's http_response_handle_cachable, nginx's not-modified filter).
 */

#include "pt-http-cond.h"

#include <stdbool.h>

#include "pt-http-date.h"
#include "pt-http-etag.h"

static bool
present (PtHttpSlice s)
{
  return s.ptr != NULL;
}

/* Parses an HTTP-date field value, OWS around it allowed.  -1: invalid. */
static int
parse_date (PtHttpSlice  s,
            int64_t     *t)
{
  size_t b = 0, e = s.len;

  while (b < e && (s.ptr[b] == ' ' || s.ptr[b] == '\t'))
    b++;
  while (e > b && (s.ptr[e - 1] == ' ' || s.ptr[e - 1] == '\t'))
    e--;
  return pt_http_date_parse (s.ptr + b, e - b, t);
}

int
pt_http_cond_evaluate (const PtHttpCondInput *in)
{
  bool get_or_head = in->method == PT_HTTP_METHOD_GET || in->method == PT_HTTP_METHOD_HEAD;
  int64_t date;

  /* 1. If-Match (strong), 2. If-Unmodified-Since only without it */
  if (present (in->if_match))
    {
      if (pt_http_etag_match (in->if_match.ptr, in->if_match.len, in->etag, in->etag_len,
                              PT_HTTP_ETAG_STRONG) != PT_HTTP_ETAG_MATCH)
        return 412;
    }
  else if (present (in->if_unmodified_since)
           && parse_date (in->if_unmodified_since, &date) == 0
           && in->mtime > date)
    return 412;

  /* 3. If-None-Match (weak), 4. If-Modified-Since only without it */
  if (present (in->if_none_match))
    {
      if (pt_http_etag_match (in->if_none_match.ptr, in->if_none_match.len, in->etag,
                              in->etag_len, PT_HTTP_ETAG_WEAK) == PT_HTTP_ETAG_MATCH)
        return get_or_head ? 304 : 412;
    }
  else if (get_or_head && present (in->if_modified_since)
           && parse_date (in->if_modified_since, &date) == 0
           && in->mtime <= date)
    return 304;

  return 200;
}
