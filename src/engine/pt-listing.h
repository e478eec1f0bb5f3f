/* pt-listing.h — a folder's listing, read through the jail (layer 1)
 *
 * Owns which entries of a folder are listed (--list-directories): read
 * with readdir beneath the docroot (openat2), dotfiles left out, symlinks
 * leading outside the docroot left out, files of a type Portico would
 * refuse left out, names with a control byte (which no request can name)
 * left out, at most PT_LISTING_MAX_ENTRIES.  The page itself is
 * layer 0's (pt-http-listing.h).
 *
 * Each worker keeps the pages it wrote (PtListingCache, env->listing_cache),
 * as the file cache keeps files: a page is served again while its folder is
 * the same folder, unchanged (pt_file_unchanged: device, inode, size, mode,
 * mtime and ctime; an entry added, removed or renamed changes them at once)
 * and it is younger than
 * PT_LISTING_CACHE_CHECK_MS (an entry's own size or date shows after at most
 * that, as a file's new bytes do through the file cache).  A hit costs the
 * folder's open and fstat and a dup of the page's memfd.
 */
#pragma once

#include <glib.h>

#include "pt-conn-env.h"
#include "pt-http-listing.h"

G_BEGIN_DECLS

#define PT_LISTING_MAX_ENTRIES PT_HTTP_LISTING_MAX_ENTRIES   /* more: the first ones and a note */
#define PT_LISTING_CACHE_MAX_PAGES  32     /* per worker; one more empties the cache */
#define PT_LISTING_CACHE_CHECK_MS   1000   /* a page older than this is written again */

/* Frees a worker's listing cache and closes its pages' fds (responses hold
 * fds of their own). */
void pt_listing_cache_free (PtListingCache *cache);

/* The listing page of the folder at path[0..path_len) (decoded, starting
 * and ending with '/') in a memfd of its own, *size bytes from offset 0.
 * Returns the fd, or -1 when that is not a folder beneath the docroot (or
 * the page could not be written: an ERROR event says why). */
int pt_listing_open (PtConnEnv  *env,
                     const char *path,
                     gsize       path_len,
                     gsize      *size);

G_END_DECLS
