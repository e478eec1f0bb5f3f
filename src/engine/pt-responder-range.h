/* pt-responder-range.h — the responder's Range and If-Range decision (layer 1)
 *
 * Whether a GET's Range field (RFC 9110 §14) for a cached file is answered
 * with 206, with 416, or ignored (the whole file with 200).  Decides only:
 * pt-responder.c turns the answer into a plan.
 */
#pragma once

#include <glib.h>

#include "pt-file-cache.h"
#include "pt-http-range.h"
#include "pt-http-request.h"
#include "pt-http-status.h"

G_BEGIN_DECLS

/* PT_HTTP_STATUS_PARTIAL_CONTENT (with *ranges filled: sorted, coalesced,
 * 1..PT_HTTP_RANGE_MAX), PT_HTTP_STATUS_RANGE_NOT_SATISFIABLE, or
 * PT_HTTP_STATUS_NONE when the Range is absent, invalid, of another unit,
 * covers the whole file, has too many ranges, is not for a GET, or If-Range
 * does not allow it.  now_s is the second of the response's Date: an
 * If-Range date matches only a Last-Modified at least a second older
 * (RFC 9110 §13.1.5). */
PtHttpStatus pt_responder_range_decide (const PtHttpRequest    *req,
                                        const PtFileCacheEntry *entry,
                                        gint64                  now_s,
                                        PtHttpRangeSet         *ranges);

G_END_DECLS
