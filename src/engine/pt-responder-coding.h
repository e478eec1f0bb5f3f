/* pt-responder-coding.h — the responder's choice of a precompressed file (layer 1)
 *
 * --precompressed: for a file x, an x.br or x.gz beside it (a variant in the
 * file cache, found and revalidated with x) is sent instead of x when the
 * request's Accept-Encoding (pt-http-accept.h) prefers it.  Decides only:
 * pt-responder.c plans whichever entry this returns.
 */
#pragma once

#include <glib.h>

#include "pt-file-cache.h"
#include "pt-http-request.h"

G_BEGIN_DECLS

/* The Vary value of every response for a file that has a usable sidecar. */
#define PT_RESPONDER_CODING_VARY "Accept-Encoding"

/* Makes cache look for the sidecars (.br, then .gz) beside every file it
 * caches from now on.  Not called when --precompressed is off: then no
 * entry has a variant, and nothing here costs a syscall. */
void              pt_responder_coding_enable (PtFileCache         *cache);

/* Takes the reference to entry and returns a reference to what to send:
 * one of its variants when Accept-Encoding prefers that coding (highest
 * q wins, br before gzip at equal q), else entry itself.  entry itself
 * also when the request has a Range (ranges are of the identity file),
 * when Accept-Encoding is absent, and when nothing Portico has is
 * acceptable (identity refused with "identity;q=0" and no acceptable
 * sidecar: the plain file anyway, as RFC 9110 §12.5.3 lets a server do,
 * rather than 406). */
PtFileCacheEntry *pt_responder_coding_choose (const PtHttpRequest *req,
                                              PtFileCacheEntry    *entry);

G_END_DECLS
