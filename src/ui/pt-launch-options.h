/* pt-launch-options.h — the server flags the window accepts (layer 3)
 *
 * `portico --port 9000 -d ~/site` with a display opens (or reuses) the
 * window and applies the flags to it for this launch only: each one
 * overrides a PtSettings property that is then no longer saved to GSettings.
 * The flags, their ranges and the folder check come from the option table
 * (pt-options.h).  PtApplication registers the entries; the local instance
 * checks them (ranges, --host, the folder) and makes paths absolute before GApplication
 * forwards the options to the primary instance, which applies them.
 */
#pragma once

#include <gio/gio.h>

#include "pt-options.h"
#include "pt-settings.h"

G_BEGIN_DECLS

/* Adds the server flags (the option table's PT_FRONT_WINDOW rows, the same
 * names and help as `portico --no-gui`) as main options. */
void      pt_launch_options_add_entries (GApplication  *application);
/* Local instance: checks the options and rewrites relative paths against
 * the current directory.  FALSE + error: G_OPTION_ERROR for a bad value
 * (exit PT_EXIT_USAGE), G_FILE_ERROR for an unusable folder (exit
 * PT_EXIT_RUNTIME); the message starts with the flag. */
gboolean  pt_launch_options_check       (GVariantDict  *options,
                                         GError       **error);
/* The FOLDER argument (`portico ~/Pictures`), absolute once checked; NULL
 * when none was given.  Not a launch override: the window shows it ready
 * to serve (pt_window_open_folder). */
char     *pt_launch_options_dup_folder  (GVariantDict  *options);
/* Primary instance: overrides the settings the options name.  Returns the
 * flags applied ("--port 9000 --docroot /srv"), NULL when no server flag
 * was given. */
char     *pt_launch_options_apply       (GVariantDict  *options,
                                         PtSettings    *settings);

G_END_DECLS
