/* pt-http-path.h — request path → safe relative path (layer 0)
 *
 * Never touches the file system: the engine opens the result beneath the
 * docroot fd (openat2 RESOLVE_BENEATH), so this is the first of two walls.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define PT_HTTP_MAX_PATH 4096   /* decoded path bytes, including the NUL → 414 */

typedef struct
{
  size_t len;            /* bytes written to out (not counting the NUL) */
  bool   is_directory;   /* the path ended with '/' (or was "/"): serve its index */
} PtHttpPath;

/* Normalises the path part of a request target (see PtHttpRequest.path: it
 * starts with '/' and has no query).  Percent-decodes, collapses "//" and
 * ".", resolves "..", and writes the result WITHOUT the leading '/' into out,
 * NUL-terminated: "/a/./b//c" → "a/b/c", "/" → "" (is_directory).
 *
 * Returns 0 on success, else the status to answer:
 *   400  malformed %-escape, %00 or a NUL/control byte, an encoded '/' (%2F),
 *        not starting with '/', or ".." climbing above the root
 *   404  a segment starting with '.' (hidden files and folders are never served)
 *   414  the result does not fit in out_size (at most PT_HTTP_MAX_PATH)
 */
int pt_http_path_normalize (const char *path,
                            size_t      len,
                            char       *out,
                            size_t      out_size,
                            PtHttpPath *result);
