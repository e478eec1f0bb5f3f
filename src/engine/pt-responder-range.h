/* pt-responder-range.h — the responder's Range and If-Range decision (layer 1)
 *
 * Turns a GET's Range field (RFC 9110 §14) for a cached file into a 206
 * plan (one range, or multipart/byteranges), a 416 plan, or nothing (the
 * caller then plans the whole file with 200).
 */
#pragma once

#include "pt-responder.h"

G_BEGIN_DECLS

/* The file's strong ETag for If-Range, written into out[PT_HTTP_ETAG_SIZE];
 * returns its length.  Formatted here from the entry's fstat data until the
 * file cache keeps one of its own. */
gsize    pt_responder_file_etag  (const PtFileCacheEntry *entry,
                                  char                   *out);

/* When req is a GET with a Range field to honour (If-Range allowing),
 * fills plan with 206 or 416, takes the reference to entry and returns
 * TRUE; else FALSE and leaves plan and entry alone.  now_s is the second of
 * the response's Date (an If-Range date matches only a Last-Modified at
 * least a second older, RFC 9110 §13.1.5). */
gboolean pt_responder_plan_range (PtResponsePlan      *plan,
                                  const PtHttpRequest *req,
                                  PtFileCacheEntry    *entry,
                                  gint64               now_s);

G_END_DECLS
