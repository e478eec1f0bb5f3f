/* pt-http-response-parser.h — HTTP/1.x response heads, body framing and a
 * chunked-body decoder, for clients (layer 0: libc only, never allocates)
 *
 * The same shape as pt_http_parse_request: stateless, re-called with the
 * whole buffer as bytes arrive, every string a slice into the caller's
 * buffer.  portico-client, the request console and the engine tests all
 * read responses through it, so they agree on where a body ends.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pt-http-request.h"   /* PtHttpSlice */

/* Limits.  Each maps to exactly one error. */
#define PT_HTTP_RESPONSE_MAX_HEAD     (64 * 1024)  /* status line + fields + CRLFs → PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE */
#define PT_HTTP_RESPONSE_MAX_FIELDS   128          /* header fields → PT_HTTP_RESPONSE_ERROR_TOO_MANY_FIELDS */
#define PT_HTTP_CHUNK_LINE_MAX        4096         /* bytes of a chunk-size line (with extensions) or of one
                                                    * trailer line, without CR/LF → PT_HTTP_RESPONSE_ERROR_BAD_CHUNK */
#define PT_HTTP_CHUNK_TRAILER_MAX     (64 * 1024)  /* bytes of all trailer lines, without CR/LF → ..._BAD_CHUNK */

/* Negative results of pt_http_parse_response and the chunked decoder. */
typedef enum
{
  PT_HTTP_RESPONSE_ERROR_SYNTAX = -1,          /* malformed status line or field line */
  PT_HTTP_RESPONSE_ERROR_VERSION = -2,         /* not HTTP/1.x */
  PT_HTTP_RESPONSE_ERROR_STATUS = -3,          /* status code outside 100..599 */
  PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE = -4,  /* no end of head within PT_HTTP_RESPONSE_MAX_HEAD */
  PT_HTTP_RESPONSE_ERROR_TOO_MANY_FIELDS = -5, /* more than PT_HTTP_RESPONSE_MAX_FIELDS */
  PT_HTTP_RESPONSE_ERROR_CONTENT_LENGTH = -6,  /* not 1*DIGIT, overflows, or two that differ */
  PT_HTTP_RESPONSE_ERROR_TRANSFER_ENCODING = -7, /* an empty Transfer-Encoding list */
  PT_HTTP_RESPONSE_ERROR_BAD_CHUNK = -8,       /* chunked body: bad size line, missing CRLF, limits */
} PtHttpResponseError;

/* How the body after the head ends (RFC 9112 §6.3). */
typedef enum
{
  PT_HTTP_RESPONSE_FRAMING_NONE = 0,     /* HEAD request, 1xx, 204, 304: no body */
  PT_HTTP_RESPONSE_FRAMING_LENGTH,       /* exactly content_length bytes */
  PT_HTTP_RESPONSE_FRAMING_CHUNKED,      /* Transfer-Encoding ending in chunked */
  PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE,  /* everything up to the server's close */
} PtHttpResponseFraming;

typedef struct
{
  PtHttpSlice name;    /* a token, as sent */
  PtHttpSlice value;   /* OWS trimmed */
} PtHttpResponseField;

typedef struct
{
  int                   version_minor;   /* HTTP/1.x */
  int                   status;          /* 100..599 */
  PtHttpSlice           reason;          /* may be empty */
  PtHttpResponseField   fields[PT_HTTP_RESPONSE_MAX_FIELDS];
  size_t                n_fields;
  PtHttpSlice           content_type;    /* first Content-Type, trimmed; ptr NULL when absent */

  PtHttpResponseFraming framing;
  uint64_t              content_length;  /* PT_HTTP_RESPONSE_FRAMING_LENGTH */
  bool                  keep_alive;      /* the connection may carry the next request */
  bool                  interim;         /* 1xx other than 101: the final response follows */
  size_t                head_len;        /* bytes of the head, including the final empty line */
} PtHttpParsedResponse;

/* Parses the response head at the start of buf, for a request whose method
 * was HEAD when head_request.
 *
 * Returns:
 *   > 0  the head is complete; that many bytes were consumed (== out->head_len)
 *     0  incomplete: call again with more bytes (never once a limit is passed)
 *   < 0  a PtHttpResponseError; the connection is unusable
 *
 * Status line: "HTTP/1." DIGIT SP 3DIGIT [SP reason], the reason may be
 * absent or empty.  Fields as in requests (token ":" OWS value OWS; no
 * obs-fold, no whitespace before the colon, no control bytes); a bare LF
 * ends a line too.  Syntax errors are reported once their line is complete,
 * limits as soon as they are certain.
 *
 * Framing (RFC 9112 §6.3), in order: HEAD request, 1xx, 204, 304 → none;
 * Transfer-Encoding whose last coding is chunked → chunked (HTTP/1.1 only);
 * any other Transfer-Encoding → until close; Content-Length → length; else
 * until close.  Every Content-Length field must be 1*DIGIT without overflow
 * and all must agree, even when Transfer-Encoding overrides them.
 *
 * Keep-alive (RFC 9112 §9.3): HTTP/1.1 unless a Connection field lists
 * "close"; HTTP/1.0 only when one lists "keep-alive" (and none "close").
 * Never with until-close framing, with both Transfer-Encoding and
 * Content-Length (a smuggling sign, §6.3 item 3), or after a 101. */
ssize_t     pt_http_parse_response        (const char           *buf,
                                           size_t                len,
                                           bool                  head_request,
                                           PtHttpParsedResponse *out);

/* A short English description of a PtHttpResponseError ("invalid
 * Content-Length"), for messages. */
const char *pt_http_response_error_string (ssize_t error);

/* The value of the first field named name (ASCII case-insensitive), or a
 * slice with ptr NULL. */
PtHttpSlice pt_http_response_get_field    (const PtHttpParsedResponse *resp,
                                           const char                 *name);


/* ---- chunked body ------------------------------------------------------- */

/* Incremental chunked-body decoder (RFC 9112 §7.1).  Zero-initialise (or
 * pt_http_response_chunked_init), then feed bytes as they arrive. */
typedef struct
{
  int      state;
  uint64_t remaining;    /* bytes left in the current chunk */
  size_t   line_len;     /* bytes of the current size or trailer line */
  size_t   trailer_len;  /* bytes of trailer lines so far */
  bool     has_digit;
} PtHttpResponseChunked;

void    pt_http_response_chunked_init (PtHttpResponseChunked *chunked);

/* Consumes bytes from buf[0..len).  Returns the number consumed (at least
 * one when len > 0 and the body is not done yet; 0 once done), or a
 * PtHttpResponseError.  *data is set to the body bytes within the consumed
 * span (empty when it held none); *done becomes true once the last chunk
 * and the trailer section ended: the bytes after it belong to the next
 * response.  Bare LF is accepted for CRLF; chunk extensions and trailer
 * fields are skipped. */
ssize_t pt_http_response_chunked_step (PtHttpResponseChunked *chunked,
                                       const char            *buf,
                                       size_t                 len,
                                       PtHttpSlice           *data,
                                       bool                  *done);


/* ---- any body ------------------------------------------------------------ */

/* Where a response's body ends, whatever its framing: the one loop both
 * clients and the tests' client run.  Initialise from the parsed head, then
 * feed bytes as they arrive (len 0 is fine: a body with no bytes left ends
 * at once). */
typedef struct
{
  PtHttpResponseFraming framing;
  uint64_t              left;      /* PT_HTTP_RESPONSE_FRAMING_LENGTH: bytes still to come */
  PtHttpResponseChunked chunked;
  bool                  done;
} PtHttpResponseBody;

void    pt_http_response_body_init   (PtHttpResponseBody         *body,
                                      const PtHttpParsedResponse *resp);

/* Consumes the body's bytes from buf[0..len): returns how many (0 once it
 * is done; the rest of buf belongs to the next response) or a
 * PtHttpResponseError.  *data is set to the body bytes within them and
 * *done to whether the body is complete.  An until-close body is never
 * done: it ends with the connection (pt_http_response_body_ends_at_close). */
ssize_t pt_http_response_body_step   (PtHttpResponseBody         *body,
                                      const char                 *buf,
                                      size_t                      len,
                                      PtHttpSlice                *data,
                                      bool                       *done);

/* The peer closed the connection: is the body complete (done, or framed
 * by the close)?  If not, it was cut short. */
bool    pt_http_response_body_ends_at_close (const PtHttpResponseBody *body);
