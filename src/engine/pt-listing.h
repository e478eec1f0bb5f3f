/* pt-listing.h — a folder's listing, read through the jail (layer 1)
 *
 * Owns which entries of a folder are listed (--list-directories): read
 * with readdir beneath the docroot (openat2), dotfiles left out, symlinks
 * leading outside the docroot left out, files of a type Portico would
 * refuse left out, names with a control byte (which no request can name)
 * left out, at most PT_LISTING_MAX_ENTRIES.  The page itself is
 * layer 0's (pt-http-listing.h).
 */
#pragma once

#include <glib.h>

#include "pt-conn-env.h"
#include "pt-http-listing.h"

G_BEGIN_DECLS

#define PT_LISTING_MAX_ENTRIES PT_HTTP_LISTING_MAX_ENTRIES   /* more: the first ones and a note */

/* The listing page of the folder at path[0..path_len) (decoded, starting
 * and ending with '/') in a memfd of its own, *size bytes from offset 0.
 * Returns the fd, or -1 when that is not a folder beneath the docroot (or
 * the page could not be written: an ERROR event says why). */
int pt_listing_open (PtConnEnv  *env,
                     const char *path,
                     gsize       path_len,
                     gsize      *size);

G_END_DECLS
