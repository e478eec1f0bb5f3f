/* pt-launch-options.h — the server flags the window accepts (layer 3)
 *
 * `portico --port 9000 -d ~/site` with a display opens (or reuses) the
 * window and applies the flags to it for this launch only: each one
 * overrides a PtSettings property that is then no longer saved to GSettings.
 * PtApplication registers the entries; the local instance checks them
 * (ranges, --host, the folder) and makes paths absolute before GApplication
 * forwards the options to the primary instance, which applies them.
 */
#pragma once

#include <gio/gio.h>

#include "pt-settings.h"

G_BEGIN_DECLS

#define PT_LAUNCH_EXIT_RUNTIME 1       /* the folder cannot be served */
#define PT_LAUNCH_EXIT_USAGE   2       /* a bad flag or value */

/* Adds the server flags (same names as `portico --no-gui`) as main options. */
void      pt_launch_options_add_entries (GApplication  *application);
/* Local instance: checks the options and rewrites relative paths against
 * the current directory.  FALSE + error: G_OPTION_ERROR for a bad value
 * (exit PT_LAUNCH_EXIT_USAGE), G_FILE_ERROR for an unusable folder (exit
 * PT_LAUNCH_EXIT_RUNTIME); the message starts with the flag. */
gboolean  pt_launch_options_check       (GVariantDict  *options,
                                         GError       **error);
/* Primary instance: overrides the settings the options name.  Returns the
 * flags applied ("--port 9000 --docroot /srv"), NULL when no server flag
 * was given. */
char     *pt_launch_options_apply       (GVariantDict  *options,
                                         PtSettings    *settings);

G_END_DECLS
