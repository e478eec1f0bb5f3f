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
#include "pt-responder.h"

G_BEGIN_DECLS

#define PT_LISTING_MAX_ENTRIES PT_HTTP_LISTING_MAX_ENTRIES   /* more: the first ones and a note */

/* Plans the listing of the folder in->path names (it ends with
 * "/index.html", which does not exist): 200, a text/html body of the
 * response's own, the logged path without "index.html".  FALSE (plan
 * untouched) when that is not a folder beneath the docroot. */
gboolean pt_listing_plan (PtConnEnv        *env,
                          PtConnIn         *in,
                          const PtHttpPath *path,
                          PtResponsePlan   *plan);

G_END_DECLS
