/* pt-http-listing.h — folder listing page, natural order, escaping (layer 0)
 *
 * Owns the bytes of a folder listing: the order of its entries (folders
 * first, then natural order: "file2" before "file10"), HTML escaping of
 * every name wherever it appears, percent-encoding of every link, and the
 * page itself (one small inline stylesheet, dark mode).  Also the
 * percent-encoder the trailing-slash redirect builds its Location with.
 * Takes the entries the engine read; writes into a caller buffer; never
 * allocates and never touches the file system.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PT_HTTP_LISTING_MAX_ENTRIES  4096           /* entries listed; more → only these, and a note */
#define PT_HTTP_LISTING_MAX_NAME     255            /* bytes of one name (NAME_MAX) */
/* Bytes of one row at most (every name byte escaped or encoded, twice). */
#define PT_HTTP_LISTING_ROW_MAX      (512 + 3 * PT_HTTP_LISTING_MAX_NAME + 6 * PT_HTTP_LISTING_MAX_NAME)
#define PT_HTTP_LISTING_MAX_PATH     4608           /* bytes of the folder's path (above PT_HTTP_MAX_PATH) */
/* Bytes of the page around the rows at most (title and heading hold the path). */
#define PT_HTTP_LISTING_FRAME_MAX    (2048 + 2 * 6 * PT_HTTP_LISTING_MAX_PATH)

typedef struct
{
  const char *name;        /* raw bytes as the folder holds them (any but '/' and NUL) */
  size_t      name_len;
  bool        is_dir;
  uint64_t    size;        /* bytes (files) */
  int64_t     mtime;       /* seconds since the epoch */
} PtHttpListingEntry;

/* Percent-encodes s[0..n): every byte but ALPHA / DIGIT / "-._~" (and '/'
 * when keep_slash) becomes %HH (upper-case hex).  Writes at most out_size
 * bytes, no NUL.  Returns the length, or (size_t) -1 when it does not fit. */
size_t pt_http_percent_encode (const char *s,
                               size_t      n,
                               bool        keep_slash,
                               char       *out,
                               size_t      out_size);

/* Writes s[0..n) HTML-escaped (&<>"' as entities; bytes that are not valid
 * UTF-8 as U+FFFD).  Returns the length, or (size_t) -1 when it does not fit. */
size_t pt_http_html_escape    (const char *s,
                               size_t      n,
                               char       *out,
                               size_t      out_size);

/* Natural order of two names: runs of digits compare by value, the rest
 * bytewise; ties broken bytewise (a total order).  <0, 0, >0 as strcmp. */
int    pt_http_listing_natural_cmp (const char *a,
                                    size_t      a_len,
                                    const char *b,
                                    size_t      b_len);

/* Sorts entries in place: folders first, then pt_http_listing_natural_cmp.
 * No allocation (an in-place heap sort). */
void   pt_http_listing_sort   (PtHttpListingEntry *entries,
                               size_t              n);

/* Bytes pt_http_listing_write may need for n entries. */
size_t pt_http_listing_max_size (size_t n);

/* Writes the page for the folder at path (decoded, starting and ending with
 * '/') listing entries[0..n) (already sorted; at most
 * PT_HTTP_LISTING_MAX_ENTRIES are written), truncated says more were left
 * out.  A link up unless path is "/".  Returns the length, or (size_t) -1
 * when out_size is too small or an argument is out of bounds. */
size_t pt_http_listing_write  (const char               *path,
                               size_t                    path_len,
                               const PtHttpListingEntry *entries,
                               size_t                    n,
                               bool                      truncated,
                               char                     *out,
                               size_t                    out_size);
