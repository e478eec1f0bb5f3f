/* pt-http-request.h — a parsed HTTP/1.x request head (layer 0: libc only)
 *
 * Every string is a slice into the caller's buffer; nothing is copied or
 * allocated.  The slices stay valid as long as the buffer does.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct
{
  const char *ptr;
  size_t      len;
} PtHttpSlice;

typedef enum
{
  PT_HTTP_METHOD_UNKNOWN = 0,   /* a syntactically valid token we do not know → 501 */
  PT_HTTP_METHOD_GET,
  PT_HTTP_METHOD_HEAD,
  PT_HTTP_METHOD_POST,
  PT_HTTP_METHOD_PUT,
  PT_HTTP_METHOD_DELETE,
  PT_HTTP_METHOD_CONNECT,
  PT_HTTP_METHOD_OPTIONS,
  PT_HTTP_METHOD_TRACE,
  PT_HTTP_METHOD_PATCH,
} PtHttpMethod;

/* Header fields the server acts on.  Presence is a bit in
 * PtHttpRequest.header_mask (1u << id), as lighttpd's rqst_htags. */
typedef enum
{
  PT_HTTP_HEADER_HOST = 0,
  PT_HTTP_HEADER_CONNECTION,
  PT_HTTP_HEADER_IF_MODIFIED_SINCE,
  PT_HTTP_HEADER_IF_NONE_MATCH,
  PT_HTTP_HEADER_CONTENT_LENGTH,
  PT_HTTP_HEADER_TRANSFER_ENCODING,
  PT_HTTP_HEADER_USER_AGENT,
  PT_HTTP_HEADER_REFERER,
  PT_HTTP_HEADER_RANGE,
  PT_HTTP_HEADER_IF_RANGE,
  PT_HTTP_HEADER_IF_MATCH,
  PT_HTTP_HEADER_IF_UNMODIFIED_SINCE,
  PT_HTTP_HEADER_ACCEPT_ENCODING,      /* pt-http-accept.h (--precompressed) */
  PT_HTTP_N_HEADERS
} PtHttpHeaderId;

#define PT_HTTP_HAS_HEADER(req, id) (((req)->header_mask & (1u << (id))) != 0)

typedef struct
{
  PtHttpMethod method;
  PtHttpSlice  method_str;      /* the method token as sent */
  PtHttpSlice  target;          /* request-target as sent (origin-form or absolute-form) */
  PtHttpSlice  path;            /* target's path part: absolute-form reduced to its path, query removed */
  int          version_minor;   /* 0 for HTTP/1.0, 1 for HTTP/1.1 and any later 1.x (RFC 9112 §2.3) */

  uint32_t     header_mask;     /* 1u << PtHttpHeaderId for each known header present */
  PtHttpSlice  headers[PT_HTTP_N_HEADERS];  /* value, OWS trimmed; first occurrence */
  size_t       n_fields;        /* all header fields, known or not */

  bool         keep_alive;      /* RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive" */
  bool         has_content_length;
  uint64_t     content_length;  /* valid when has_content_length */

  size_t       head_len;        /* bytes of the head, including the final empty line */

  bool         chunked;         /* Transfer-Encoding: chunked: a body in that coding follows the head */
  /* Transfer-Encoding elements across its field lines (the parser's bookkeeping) */
  uint8_t      te_chunked;      /* "chunked" elements seen (capped) */
  bool         te_chunked_last; /* the last element seen was "chunked" */
  bool         te_other;        /* an element other than "chunked" was seen */
} PtHttpRequest;

const char *pt_http_method_to_string (PtHttpMethod method);
