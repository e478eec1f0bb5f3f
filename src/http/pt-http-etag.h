/* pt-http-etag.h — entity tags: format ours, match If-None-Match / If-Match (layer 0)
 *
 * Pure functions over caller-owned bytes: no allocation, no clock, no file
 * system.  The caller passes the file's metadata (from fstat).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Longest tag pt_http_etag_format() writes, without the NUL:
 * '"' dev '.' ino '-' size '-' sec '.' nsec '"' with 16 hex digits for each
 * 64-bit field and 8 for the nanoseconds: 2 + 16 * 4 + 8 + 4 = 78. */
#define PT_HTTP_ETAG_MAX_LEN  78
#define PT_HTTP_ETAG_SIZE     (PT_HTTP_ETAG_MAX_LEN + 1)   /* buffer size with the NUL */

/* Formats a strong ETag "<dev>.<ino>-<size>-<sec>.<nsec>" (each field
 * lowercase hex without leading zeros; sec as its two's-complement uint64
 * so a pre-1970 mtime still formats) into out[PT_HTTP_ETAG_SIZE],
 * NUL-terminated, quotes included.  Returns its length (at most
 * PT_HTTP_ETAG_MAX_LEN).  Any change of file (dev, ino), of size, or of
 * mtime down to the nanosecond gives another tag: a same-size rewrite
 * within one second changes it wherever the file system keeps sub-second
 * mtimes.  mtime_nsec is taken modulo 1e9. */
size_t pt_http_etag_format (uint64_t  dev,
                            uint64_t  ino,
                            uint64_t  size,
                            int64_t   mtime_sec,
                            uint32_t  mtime_nsec,
                            char     *out);

typedef enum
{
  PT_HTTP_ETAG_WEAK = 0,     /* RFC 9110 §8.8.3.2 weak comparison: If-None-Match */
  PT_HTTP_ETAG_STRONG,       /* strong comparison: If-Match (and If-Range) */
} PtHttpEtagCompare;

typedef enum
{
  PT_HTTP_ETAG_INVALID = -1, /* the field value is not "*" / #entity-tag */
  PT_HTTP_ETAG_NO_MATCH = 0,
  PT_HTTP_ETAG_MATCH = 1,
} PtHttpEtagResult;

/* Matches the field value list[0..len) of an If-None-Match or If-Match
 * field (OWS already trimmed or not) against the current representation's
 * tag etag[0..etag_len), which includes its quotes and, if weak, "W/".
 *
 * Grammar (RFC 9110 §13.1.1, §13.1.2, §8.8.3, §5.6.1):
 *   field   = OWS ( "*" / #entity-tag ) OWS
 *   #list   = [ element ] *( OWS "," OWS [ element ] )   (empty elements allowed)
 *   entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE           ("W/" case-sensitive)
 *   etagc   = %x21 / %x23-7E / %x80-FF
 * "*" matches any current representation (the caller has one); it is only
 * valid as the whole value.  A list with no element ("" or ",, ,") is valid
 * and matches nothing.
 *
 * Weak comparison: the opaque-tags are equal, either side may be weak.
 * Strong comparison: both tags strong and equal.
 *
 * Returns PT_HTTP_ETAG_MATCH, PT_HTTP_ETAG_NO_MATCH, or PT_HTTP_ETAG_INVALID
 * for anything else (an unquoted tag, a stray byte, "*" inside a list, a
 * control byte).  The whole value is checked, even after a match, so the
 * answer never depends on where the match is.  What INVALID means is the
 * caller's policy; pt_http_cond_evaluate() ignores an invalid If-None-Match
 * (as if absent) and fails an invalid If-Match (412). */
PtHttpEtagResult pt_http_etag_match (const char        *list,
                                     size_t             len,
                                     const char        *etag,
                                     size_t             etag_len,
                                     PtHttpEtagCompare  compare);

/* Whether tag[0..len) is exactly one valid entity-tag, and whether it is
 * weak (*weak may be NULL).  Returns 1 or 0. */
int pt_http_etag_is_valid (const char *tag,
                           size_t      len,
                           int        *weak);
