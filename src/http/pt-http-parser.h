/* pt-http-parser.h — incremental HTTP/1.x request-head parser (layer 0)
 *
 * Stateless and allocation-free, in the style of picohttpparser: call it
 * again with the whole buffer when more bytes arrive.
 */
#pragma once

#include <sys/types.h>

#include "pt-http-request.h"

/* Limits.  Each maps to exactly one status. */
#define PT_HTTP_MAX_REQUEST_LINE  8192    /* bytes, excluding CRLF          → 414 */
#define PT_HTTP_MAX_HEAD          16384   /* bytes, request line + fields + CRLFs → 431 */
#define PT_HTTP_MAX_FIELDS        100     /* header fields                   → 431 */
#define PT_HTTP_MAX_BODY          (1024 * 1024) /* body (Content-Length or chunked data) read and discarded; more → 413 */
#define PT_HTTP_MAX_EMPTY_LINES   8       /* empty lines skipped before the request line; more → 400 */

/* Parses the request head at the start of buf.
 *
 * Returns:
 *   > 0  the head is complete; that many bytes were consumed (== out->head_len)
 *     0  incomplete: call again with more bytes (never returned once a limit is passed)
 *   < 0  -(HTTP status to answer before closing): -400, -413, -414, -431, -501, -505
 *
 * On success the request is syntactically valid: the caller still decides
 * 400 (HTTP/1.1 without Host), 405 (known method other than GET/HEAD) and
 * 501 (unknown method token) with pt_http_request_check(); those keep the
 * connection usable.  A bare LF is accepted as a line end (RFC 9112 §2.2).
 * Up to PT_HTTP_MAX_EMPTY_LINES empty lines before the request line are
 * skipped (RFC 9112 §2.2) and counted in the head.  Syntax errors are only
 * reported once their line is complete; limits as soon as they are certain,
 * so buffering PT_HTTP_MAX_HEAD bytes always ends in a result.
 * 400: malformed request line or version ("HTTP:/1.1"), obs-fold, whitespace
 * before a colon, control bytes, a repeated Host or If-Modified-Since,
 * an invalid or conflicting Content-Length; Transfer-Encoding together with
 * Content-Length, in HTTP/1.0, or whose last coding is not "chunked" (or
 * that names "chunked" twice) (RFC 9112 §6.1, §6.3).
 * Transfer-Encoding "chunked" alone sets out->chunked: the caller decodes
 * the body (pt-http-chunked.h), at most PT_HTTP_MAX_BODY data bytes.
 * 413: Content-Length above PT_HTTP_MAX_BODY.  501: another coding under
 * "chunked" ("gzip, chunked").  505: "HTTP/x.y" other than 1.0/1.1.
 */
ssize_t pt_http_parse_request (const char    *buf,
                               size_t         len,
                               PtHttpRequest *out);

/* Semantic checks on a parsed request: returns 0 when it may be served,
 * else the status to answer (400 HTTP/1.1 without Host, 405 known method
 * other than GET/HEAD, 501 unknown method). */
int     pt_http_request_check (const PtHttpRequest *req);
