/* pt-responder.h — the static-file responder: a request → a response plan (layer 1)
 *
 * Owns every decision about what to answer: resolving the target to a file
 * beneath the docroot (index.html for a folder, the trailing-slash
 * redirect), the type check, the file cache, the conditional request, and
 * the plan of the head fields and the body.  It writes no bytes and sends
 * nothing: the connection turns the plan into a head and sends it.  This is
 * where validators, ranges, listings and error pages belong.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "pt-conn-env.h"
#include "pt-file-cache.h"
#include "pt-http-parser.h"
#include "pt-http-path.h"
#include "pt-http-range.h"
#include "pt-http-status.h"

G_BEGIN_DECLS

#define PT_RESPONDER_INDEX_NAME     "index.html"   /* a folder's page */
#define PT_RESPONDER_NOT_FOUND_PAGE "404.html"     /* at the docroot: the body of every 404 */
#define PT_RESPONDER_SPA_PAGE       "index.html"   /* at the docroot: --spa's answer for a missing route */
#define PT_RESPONDER_BOUNDARY_LEN 20   /* random hex digits of a multipart/byteranges boundary */

typedef enum
{
  PT_RESPONSE_BODY_NONE = 0,    /* a head only (304, or an empty file) */
  PT_RESPONSE_BODY_ERROR_PAGE,  /* the status's short HTML page (pt_http_response_write_error) */
  PT_RESPONSE_BODY_MEMORY,      /* body_mem[0..body_length), owned by file */
  PT_RESPONSE_BODY_FILE,        /* body_fd from body_offset, body_length bytes (sendfile);
                                   the response's own fd (closed after it) when body_fd_owned */
} PtResponseBody;

typedef struct
{
  PtHttpStatus      status;
  PtResponseBody    body;
  PtFileCacheEntry *file;               /* a reference the plan holds, or NULL */

  /* head fields besides the status line, Date and Connection */
  const char       *file_fields;        /* preformatted Last-Modified … Content-Type lines, or NULL */
  gsize             file_fields_len;
  const char       *last_modified;      /* without file_fields */
  gboolean          has_content_length;
  guint64           content_length;
  const char       *content_type;
  const char       *etag;               /* without file_fields: the file's ETag, or NULL */
  const char       *cache_control;      /* without file_fields: the Cache-Control value, or NULL */
  PtHttpSlice       location;           /* 301: points into location_buf */

  /* body */
  const char       *body_mem;
  int               body_fd;
  gboolean          body_fd_owned;      /* body_fd is not the cache's: the response closes it */
  off_t             body_offset;
  guint64           body_length;

  char              location_buf[3 * PT_HTTP_MAX_PATH + 2];   /* every byte %-encoded, and '/' */

  /* ranges (decided by pt-responder-range.c) */
  gboolean          accept_ranges;      /* "Accept-Ranges: bytes" (200 and 206 for a file) */
  const char       *content_range;      /* 206 (one range) and 416: points into content_range_buf */
  char              content_range_buf[PT_HTTP_CONTENT_RANGE_MAX_LEN + 1];
  gboolean          multipart;          /* 206 multipart/byteranges: ranges, boundary, part_type */
  PtHttpRangeSet    ranges;
  char              boundary[PT_RESPONDER_BOUNDARY_LEN + 1];
  const char       *part_type;          /* each part's Content-Type (the file's) */
  char              multipart_type[sizeof "multipart/byteranges; boundary=" + PT_RESPONDER_BOUNDARY_LEN];

  /* precompressed files (pt-responder-coding.c), without file_fields */
  const char       *vary;               /* the Vary value (a file with a sidecar; 416 too), or NULL */
  const char       *content_encoding;   /* a sidecar's Content-Encoding (200), or NULL */
} PtResponsePlan;

/* The normalised path of in->req in in->path (index.html appended for a
 * folder), which also becomes the logged path.  Returns PT_HTTP_STATUS_NONE,
 * or the status for a path that cannot be served (the logged path stays
 * the raw one). */
PtHttpStatus pt_responder_resolve_path (PtConnIn       *in,
                                        PtHttpPath     *path);

/* An error (or other bodiless) reply: status and its HTML page. */
void         pt_responder_plan_error   (PtResponsePlan *plan,
                                        PtHttpStatus    status);

/* status with fd[0..size) as the body (the response's own fd, closed after
 * it; at once when size is 0), Content-Length and content_type. */
void         pt_responder_plan_own_fd  (PtResponsePlan *plan,
                                        PtHttpStatus    status,
                                        int             fd,
                                        guint64         size,
                                        const char     *content_type);

/* The plan for a GET or HEAD that passed pt_http_request_check. */
void         pt_responder_plan         (PtConnEnv      *env,
                                        PtConnIn       *in,
                                        PtResponsePlan *plan);

G_END_DECLS
