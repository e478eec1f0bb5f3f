/* pt-options-file.h — portico.conf, read into the option table's values
 *
 * A key file with one [portico] group; its keys are the GSettings keys
 * (pt_option_get_config_key: port, folder, worker-threads, …) and, for
 * options without one, the flag names (host, header-timeout, …).  Read it
 * before parsing the flags over the same PtOptionValues, so flags win.
 */
#pragma once

#include "pt-options.h"

G_BEGIN_DECLS

/* Reads a portico.conf into values (before the flags are parsed over it).
 * must_exist FALSE: a missing file is no error.  G_FILE_ERROR when it
 * cannot be read (exit 1), G_KEY_FILE_ERROR / G_OPTION_ERROR for bad
 * contents (exit 2); the message starts with the path. */
gboolean        pt_option_values_load_file (PtOptionValues *values,
                                            const char     *path,
                                            gboolean        must_exist,
                                            GError        **error);
G_END_DECLS
