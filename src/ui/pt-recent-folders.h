/* pt-recent-folders.h — the last folders served, newest first (layer 3)
 *
 * Pure list operations over a NULL-terminated array of absolute paths; the
 * window keeps the result in the GSettings key "recent-folders" and shows
 * it as a menu on the folder row (pt-window-folders.c).  GLib only.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many folders the menu offers: enough for a week's projects, short
 * enough to read at a glance. */
#define PT_RECENT_FOLDERS_MAX 5

/* folder first, then list without folder, at most PT_RECENT_FOLDERS_MAX. */
char **pt_recent_folders_add   (const char * const *list,
                                const char         *folder);
/* list without the entries that are no longer folders (and without
 * duplicates), at most PT_RECENT_FOLDERS_MAX. */
char **pt_recent_folders_prune (const char * const *list);

G_END_DECLS
