/* pt-http-range.h — Range, If-Range, Content-Range and multipart/byteranges (layer 0)
 *
 * RFC 9110 §14.  Pure functions over caller-owned bytes: no allocation, no
 * clock, no file system.  Offsets are uint64_t, so files above 4 GiB work
 * on every architecture.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many satisfiable range-specs in one Range field.  More
 * (counted before coalescing) and the field is ignored: the whole file is
 * sent with 200, as RFC 9110 §14.2 allows for "many small ranges", so a
 * client cannot make us write hundreds of multipart heads for one request. */
#define PT_HTTP_RANGE_MAX 16

typedef struct
{
  uint64_t first;   /* first byte, inclusive */
  uint64_t last;    /* last byte, inclusive: first <= last < file length */
} PtHttpByteRange;

typedef struct
{
  size_t          n;                          /* 1..PT_HTTP_RANGE_MAX when PT_HTTP_RANGE_PARTIAL */
  PtHttpByteRange ranges[PT_HTTP_RANGE_MAX];  /* sorted, disjoint, never touching */
} PtHttpRangeSet;

typedef enum
{
  PT_HTTP_RANGE_IGNORE = 0,        /* serve the whole file with 200 */
  PT_HTTP_RANGE_PARTIAL,           /* 206 with out->ranges[0..n) (multipart when n > 1) */
  PT_HTTP_RANGE_UNSATISFIABLE,     /* 416 with Content-Range: bytes STAR/len */
} PtHttpRangeResult;

/* Parses a Range field value value[0..len) (OWS around it allowed) against
 * a file of file_len bytes.
 *
 *   Range      = range-unit "=" range-set        ("bytes", case-insensitive)
 *   range-set  = 1#range-spec                     (empty list elements and
 *                                                  OWS around commas allowed)
 *   range-spec = first-pos "-" [ last-pos ]  /  "-" suffix-length
 *
 * PT_HTTP_RANGE_IGNORE when:
 *   - the syntax is invalid (no "=", whitespace inside a range-spec, a
 *     non-digit, no range-spec at all, last-pos < first-pos), or the unit is
 *     not "bytes" (RFC 9110 §14.2: an invalid or unknown Range is ignored);
 *   - more than PT_HTTP_RANGE_MAX range-specs are satisfiable;
 *   - the coalesced ranges cover the whole file (0-len-1 as one range), which
 *     includes any suffix range on an empty file.
 * PT_HTTP_RANGE_UNSATISFIABLE when the syntax is valid and no range-spec is
 * satisfiable (first-pos >= file_len, or suffix-length 0).
 * PT_HTTP_RANGE_PARTIAL otherwise: the satisfiable specs, last-pos clamped
 * to file_len - 1, a suffix-length longer than the file taken as the whole
 * file, sorted by first byte and coalesced when they overlap or touch
 * (0-4,5-9 → 0-9).  Numbers too large for uint64_t saturate (a first-pos
 * past any file is unsatisfiable, a huge last-pos clamps).
 * out is written only for PT_HTTP_RANGE_PARTIAL (n is 0 otherwise). */
PtHttpRangeResult pt_http_range_parse (const char     *value,
                                       size_t          len,
                                       uint64_t        file_len,
                                       PtHttpRangeSet *out);

/* If-Range (RFC 9110 §13.1.5), value[0..len) with OWS allowed: true when
 * the Range field should be honoured.  An entity-tag matches only by strong
 * comparison with etag (so a weak tag never matches); an HTTP-date matches
 * only when it equals mtime exactly.  Anything else (invalid, another tag
 * or date) → false: send the whole file with 200.  The caller checks that
 * Last-Modified is a strong validator (at least a second older than the
 * Date it sends) before relying on a date match; layer 0 has no clock. */
bool pt_http_range_if_range (const char *value,
                             size_t      len,
                             const char *etag,
                             size_t      etag_len,
                             int64_t     mtime);

/* "bytes " + 20 + "-" + 20 + "/" + 20 digits */
#define PT_HTTP_CONTENT_RANGE_MAX_LEN 68

/* Writes the Content-Range field VALUE "bytes FIRST-LAST/LEN" into
 * out[PT_HTTP_CONTENT_RANGE_MAX_LEN + 1], NUL-terminated; returns its length. */
size_t pt_http_range_format_content_range (const PtHttpByteRange *range,
                                           uint64_t               file_len,
                                           char                  *out);

/* Writes "bytes STAR/LEN" (STAR being '*', for 416) the same way. */
size_t pt_http_range_format_unsatisfied (uint64_t  file_len,
                                         char     *out);

/* multipart/byteranges (RFC 9110 §14.6).  The body is, for each range,
 *   "\r\n--" BOUNDARY "\r\n"
 *   "Content-Type: " TYPE "\r\n"
 *   "Content-Range: bytes FIRST-LAST/LEN\r\n"
 *   "\r\n"
 *   the range's bytes
 * and then the close delimiter "\r\n--" BOUNDARY "--\r\n".  (The CRLF
 * before the first boundary is the empty preamble's line end.)  The
 * response head carries "Content-Type: multipart/byteranges; boundary=B".
 * The boundary is 1..PT_HTTP_RANGE_BOUNDARY_MAX bytes (RFC 2046 §5.1.1);
 * the caller picks bytes that cannot occur in the file, typically random
 * hex. */
#define PT_HTTP_RANGE_BOUNDARY_MAX 70

/* Writes part i's head for range into out[0..out_size).  Returns its
 * length, or 0 when it does not fit or the boundary length is out of range
 * (nothing useful is written then). */
size_t pt_http_range_part_head (const char            *boundary,
                                size_t                 boundary_len,
                                const char            *content_type,
                                size_t                 content_type_len,
                                const PtHttpByteRange *range,
                                uint64_t               file_len,
                                char                  *out,
                                size_t                 out_size);

/* Writes the close delimiter; same return convention. */
size_t pt_http_range_part_tail (const char *boundary,
                                size_t      boundary_len,
                                char       *out,
                                size_t      out_size);

/* The exact Content-Length of the multipart body for set (heads, data and
 * the close delimiter) without writing it.  0 when the boundary length is
 * out of range. */
uint64_t pt_http_range_multipart_length (const PtHttpRangeSet *set,
                                         uint64_t              file_len,
                                         size_t                boundary_len,
                                         size_t                content_type_len);
