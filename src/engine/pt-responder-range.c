/* pt-responder-range.c — the responder's Range and If-Range decision (layer 1)
 *
 * Reads top-down: If-Range, then the decision.  The plan
 * is pt-responder.c's; the bytes of the ranges are the connection's to send
 * (pt-conn-parts.c for multipart/byteranges).
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-responder-range.h"

#include "pt-http-ascii.h"

/* If-Range allows the Range: its entity-tag is the file's (strong
 * comparison), or its date is exactly Last-Modified and that is a strong
 * validator (at least a second before the response's Date). */
static gboolean
if_range_allows (PtHttpSlice             value,
                 const PtFileCacheEntry *entry,
                 gint64                  now_s)
{
  gsize i = 0;

  if (!pt_http_range_if_range (value.ptr, value.len, entry->etag, entry->etag_len, entry->mtime))
    return FALSE;

  while (i < value.len && pt_http_ascii_is_ows (value.ptr[i]))
    i++;
  if (i < value.len && (value.ptr[i] == '"' ||
                        (value.ptr[i] == 'W' && i + 1 < value.len && value.ptr[i + 1] == '/')))
    return TRUE;                     /* the entity-tag matched */
  return entry->mtime < now_s;       /* the date matched */
}

PtHttpStatus
pt_responder_range_decide (const PtHttpRequest    *req,
                           const PtFileCacheEntry *entry,
                           gint64                  now_s,
                           PtHttpRangeSet         *ranges)
{
  PtHttpSlice range = req->headers[PT_HTTP_HEADER_RANGE];

  /* HEAD ignores Range: its head is the 200's (RFC 9110 §14.2 applies
   * Range to GET only). */
  if (req->method != PT_HTTP_METHOD_GET || !PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_RANGE))
    return PT_HTTP_STATUS_NONE;
  if (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_IF_RANGE) &&
      !if_range_allows (req->headers[PT_HTTP_HEADER_IF_RANGE], entry, now_s))
    return PT_HTTP_STATUS_NONE;

  switch (pt_http_range_parse (range.ptr, range.len, entry->size, ranges))
    {
    case PT_HTTP_RANGE_PARTIAL:
      return PT_HTTP_STATUS_PARTIAL_CONTENT;
    case PT_HTTP_RANGE_UNSATISFIABLE:
      return PT_HTTP_STATUS_RANGE_NOT_SATISFIABLE;
    case PT_HTTP_RANGE_IGNORE:
    default:
      return PT_HTTP_STATUS_NONE;
    }
}
