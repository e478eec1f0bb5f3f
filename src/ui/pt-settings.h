/* pt-settings.h — the window's one view of GSettings (layer 3)
 *
 * A plain GObject whose properties are bound to the
 * io.github.portico.Portico schema.  Widgets bind to it, never to GSettings,
 * and it maps itself to a PtServerConfig: the engine never sees GSettings.
 * A few properties have no key and exist for the command line only
 * (header-timeout, max-connections, log-enabled, port-fallback); any
 * property can be overridden for one launch with pt_settings_override().
 */
#pragma once

#include <gio/gio.h>

#include "pt-server-config.h"

G_BEGIN_DECLS

#define PT_SETTINGS_SCHEMA_ID  "io.github.portico.Portico"
#define PT_SETTINGS_LOCAL_HOST "127.0.0.1"
#define PT_SETTINGS_ANY_HOST   "::"        /* dual-stack: IPv4 too (the engine falls back to 0.0.0.0 without IPv6) */
#define PT_SETTINGS_MS_PER_S   1000

typedef enum
{
  PT_LISTEN_LOCAL = 0,     /* 127.0.0.1 */
  PT_LISTEN_NETWORK,       /* every interface */
} PtListen;

#define PT_TYPE_SETTINGS (pt_settings_get_type ())
G_DECLARE_FINAL_TYPE (PtSettings, pt_settings, PT, SETTINGS, GObject)

/* settings: NULL for g_settings_new (PT_SETTINGS_SCHEMA_ID). */
PtSettings     *pt_settings_new                  (GSettings  *settings);
GSettings      *pt_settings_get_gsettings        (PtSettings *self);
/* The folder actually served: the key, or the example site when empty. */
char           *pt_settings_dup_folder           (PtSettings *self);
void            pt_settings_set_folder           (PtSettings *self,
                                                  const char *folder);
/* The log file actually written: the key, or $XDG_STATE_HOME/portico/log.txt. */
char           *pt_settings_dup_log_path         (PtSettings *self);
/* Sets a property for this launch only: it is unbound from GSettings first,
 * so neither this value nor later edits of it are stored. */
void            pt_settings_override             (PtSettings   *self,
                                                  const char   *property,
                                                  const GValue *value);
guint           pt_settings_get_port             (PtSettings *self);
PtListen        pt_settings_get_listen           (PtSettings *self);
gboolean        pt_settings_get_start_on_open    (PtSettings *self);
/* Private links when sharing on the network (key private-links). */
gboolean        pt_settings_get_private_links    (PtSettings *self);
PtServerConfig *pt_settings_to_config            (PtSettings *self);

G_END_DECLS
