/* pt-http-chunked.h — incremental decoder for the chunked transfer coding (layer 0)
 *
 * RFC 9112 §7.1, for request bodies.  The caller owns the state (a small
 * struct, no allocation) and feeds the bytes as they arrive, in pieces of
 * any size down to one byte; the data bytes are moved to the front of the
 * caller's buffer (in place, as picohttpparser's phr_decode_chunked does).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Limits; each answers 400 when exceeded (tested at N and N+1). */
#define PT_HTTP_CHUNK_SIZE_MAX_DIGITS 16     /* hex digits of a chunk-size, leading zeros included */
#define PT_HTTP_CHUNK_EXT_MAX         256    /* bytes after the chunk-size up to its CR */
#define PT_HTTP_CHUNK_TRAILER_MAX     4096   /* bytes of trailer field lines, CRLFs included */

typedef enum
{
  PT_HTTP_CHUNKED_MORE = 0,     /* all input consumed; the body continues */
  PT_HTTP_CHUNKED_DONE = 1,     /* the body ended; input after it is the next request */
  PT_HTTP_CHUNKED_BAD = -400,   /* malformed chunked coding → 400 */
  PT_HTTP_CHUNKED_TOO_LARGE = -413,   /* data bytes would exceed max_body → 413 */
} PtHttpChunkedStatus;

typedef struct
{
  /* private: set by pt_http_chunked_init, read through the functions below */
  int       state;
  int       status;        /* sticky once DONE or an error */
  uint64_t  max_body;
  uint64_t  total;         /* data bytes decoded so far */
  uint64_t  remaining;     /* data bytes left in the current chunk */
  unsigned  digits;        /* of the current chunk-size */
  unsigned  ext_len;       /* of the current chunk-ext */
  unsigned  ext_semicolon; /* a ';' was seen in the current chunk-ext */
  unsigned  trailer_len;   /* bytes of the trailer section so far */
} PtHttpChunked;

/* Starts decoding a body whose data may total at most max_body bytes. */
void pt_http_chunked_init (PtHttpChunked *d,
                           uint64_t       max_body);

/* Decodes buf[0..len).  Data bytes are moved to buf[0..*data_len) (always
 * *data_len <= *consumed); *consumed is how many input bytes were used:
 *   PT_HTTP_CHUNKED_MORE: *consumed == len; call again with the next bytes.
 *   PT_HTTP_CHUNKED_DONE: the final CRLF after the trailer section was
 *     consumed; buf[*consumed..len) belongs to the next request.  Calling
 *     again returns DONE with nothing consumed.
 *   PT_HTTP_CHUNKED_BAD / _TOO_LARGE: stop reading and answer 400 / 413
 *     (close the connection); sticky, like DONE.  *data_len still reports
 *     data decoded before the error.
 * Accepted (RFC 9112 §7.1): chunk-size = 1*HEXDIG (at most
 * PT_HTTP_CHUNK_SIZE_MAX_DIGITS), then a chunk-ext that must start (after
 * optional SP/HTAB) with ';' and may hold any byte but controls other than
 * HTAB (its tokens are not interpreted; at most PT_HTTP_CHUNK_EXT_MAX
 * bytes), CRLF, the data, CRLF; "0" (any number of zeros) ends the chunks;
 * then trailer field lines "name: value" (name a token, value without
 * controls other than HTAB, no obs-fold; at most PT_HTTP_CHUNK_TRAILER_MAX
 * bytes) which are skipped, and the final CRLF.  Line ends must be CRLF: a
 * bare LF is 400 (two parsers disagreeing on line ends is how request
 * smuggling starts).  The 413 is decided at the chunk-size line, before
 * any of that chunk's data is read. */
PtHttpChunkedStatus pt_http_chunked_decode (PtHttpChunked *d,
                                            char          *buf,
                                            size_t         len,
                                            size_t        *consumed,
                                            size_t        *data_len);

/* Data bytes decoded so far. */
uint64_t pt_http_chunked_total (const PtHttpChunked *d);
