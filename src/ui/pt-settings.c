/* pt-settings.c — GSettings ↔ properties ↔ PtServerConfig */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include "pt-options.h"
#include "pt-settings.h"

#define DEFAULT_SITE_DIR          "srcFile"
#define LOG_DIR_NAME              "portico"
#define LOG_FILE_NAME             "log.txt"

struct _PtSettings
{
  GObject    parent_instance;

  GSettings *settings;

  guint      port;
  char      *folder;
  guint      listen;
  guint      keep_alive_timeout;
  guint      max_requests;
  guint      worker_threads;
  guint      log_format;
  char      *log_file;
  gboolean   serve_any_type;
  gboolean   start_on_open;
  char      *cache_control;
  gboolean   text_charset;

  /* launch-only: no GSettings key, set from the command line */
  guint      header_timeout;
  guint      max_connections;
  gboolean   log_enabled;
  gboolean   port_fallback;

  gboolean   list_directories;
  gboolean   spa;
  gboolean   precompressed;
};

G_DEFINE_FINAL_TYPE (PtSettings, pt_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_GSETTINGS,
  PROP_PORT,
  PROP_FOLDER,
  PROP_LISTEN,
  PROP_KEEP_ALIVE_TIMEOUT,
  PROP_MAX_REQUESTS,
  PROP_WORKER_THREADS,
  PROP_LOG_FORMAT,
  PROP_LOG_FILE,
  PROP_SERVE_ANY_TYPE,
  PROP_START_ON_OPEN,
  PROP_HEADER_TIMEOUT,
  PROP_MAX_CONNECTIONS,
  PROP_LOG_ENABLED,
  PROP_PORT_FALLBACK,
  PROP_CACHE_CONTROL,
  PROP_TEXT_CHARSET,
  PROP_LIST_DIRECTORIES,
  PROP_SPA,
  PROP_PRECOMPRESSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "local"/"network" and "report"/"combined" ↔ 0/1, so drop-downs bind to "selected". */
static const char * const listen_names[] = { "local", "network", NULL };
static const char * const log_format_names[] = { "report", "combined", NULL };

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *names = user_data;
  const char *str = g_variant_get_string (variant, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], str))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *names = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) names))
    return NULL;
  return g_variant_new_string (names[index]);
}

static void
pt_settings_constructed (GObject *object)
{
  PtSettings *self = PT_SETTINGS (object);
  static const char * const plain_keys[] = {
    "port", "folder", "keep-alive-timeout", "max-requests", "worker-threads",
    "log-file", "serve-any-type", "start-on-open", "cache-control", "text-charset",
    "list-directories", "spa", "precompressed",
  };

  G_OBJECT_CLASS (pt_settings_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (PT_SETTINGS_SCHEMA_ID);

  for (guint i = 0; i < G_N_ELEMENTS (plain_keys); i++)
    g_settings_bind (self->settings, plain_keys[i], self, plain_keys[i],
                     G_SETTINGS_BIND_DEFAULT);

  g_settings_bind_with_mapping (self->settings, "listen", self, "listen",
                                G_SETTINGS_BIND_DEFAULT,
                                choice_get_mapping, choice_set_mapping,
                                (gpointer) listen_names, NULL);
  g_settings_bind_with_mapping (self->settings, "log-format", self, "log-format",
                                G_SETTINGS_BIND_DEFAULT,
                                choice_get_mapping, choice_set_mapping,
                                (gpointer) log_format_names, NULL);
}

static void
pt_settings_dispose (GObject *object)
{
  PtSettings *self = PT_SETTINGS (object);

  if (self->settings != NULL)
    g_settings_unbind (self, NULL);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pt_settings_parent_class)->dispose (object);
}

static void
pt_settings_finalize (GObject *object)
{
  PtSettings *self = PT_SETTINGS (object);

  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->log_file, g_free);
  g_clear_pointer (&self->cache_control, g_free);

  G_OBJECT_CLASS (pt_settings_parent_class)->finalize (object);
}

static void
pt_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PtSettings *self = PT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_GSETTINGS:          g_value_set_object (value, self->settings); break;
    case PROP_PORT:               g_value_set_uint (value, self->port); break;
    case PROP_FOLDER:             g_value_set_string (value, self->folder); break;
    case PROP_LISTEN:             g_value_set_uint (value, self->listen); break;
    case PROP_KEEP_ALIVE_TIMEOUT: g_value_set_uint (value, self->keep_alive_timeout); break;
    case PROP_MAX_REQUESTS:       g_value_set_uint (value, self->max_requests); break;
    case PROP_WORKER_THREADS:     g_value_set_uint (value, self->worker_threads); break;
    case PROP_LOG_FORMAT:         g_value_set_uint (value, self->log_format); break;
    case PROP_LOG_FILE:           g_value_set_string (value, self->log_file); break;
    case PROP_SERVE_ANY_TYPE:     g_value_set_boolean (value, self->serve_any_type); break;
    case PROP_CACHE_CONTROL:      g_value_set_string (value, self->cache_control); break;
    case PROP_TEXT_CHARSET:       g_value_set_boolean (value, self->text_charset); break;
    case PROP_START_ON_OPEN:      g_value_set_boolean (value, self->start_on_open); break;
    case PROP_HEADER_TIMEOUT:     g_value_set_uint (value, self->header_timeout); break;
    case PROP_MAX_CONNECTIONS:    g_value_set_uint (value, self->max_connections); break;
    case PROP_LOG_ENABLED:        g_value_set_boolean (value, self->log_enabled); break;
    case PROP_PORT_FALLBACK:      g_value_set_boolean (value, self->port_fallback); break;
    case PROP_LIST_DIRECTORIES:   g_value_set_boolean (value, self->list_directories); break;
    case PROP_SPA:                g_value_set_boolean (value, self->spa); break;
    case PROP_PRECOMPRESSED:      g_value_set_boolean (value, self->precompressed); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_uint (PtSettings *self,
          guint      *field,
          guint       value,
          guint       prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (PtSettings  *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_boolean (PtSettings *self,
             gboolean   *field,
             gboolean    value,
             guint       prop_id)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
pt_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PtSettings *self = PT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_GSETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_PORT:
      set_uint (self, &self->port, g_value_get_uint (value), prop_id);
      break;
    case PROP_FOLDER:
      set_string (self, &self->folder, g_value_get_string (value), prop_id);
      break;
    case PROP_LISTEN:
      set_uint (self, &self->listen, g_value_get_uint (value), prop_id);
      break;
    case PROP_KEEP_ALIVE_TIMEOUT:
      set_uint (self, &self->keep_alive_timeout, g_value_get_uint (value), prop_id);
      break;
    case PROP_MAX_REQUESTS:
      set_uint (self, &self->max_requests, g_value_get_uint (value), prop_id);
      break;
    case PROP_WORKER_THREADS:
      set_uint (self, &self->worker_threads, g_value_get_uint (value), prop_id);
      break;
    case PROP_LOG_FORMAT:
      set_uint (self, &self->log_format, g_value_get_uint (value), prop_id);
      break;
    case PROP_LOG_FILE:
      set_string (self, &self->log_file, g_value_get_string (value), prop_id);
      break;
    case PROP_SERVE_ANY_TYPE:
      set_boolean (self, &self->serve_any_type, g_value_get_boolean (value), prop_id);
      break;
    case PROP_LIST_DIRECTORIES:
      set_boolean (self, &self->list_directories, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SPA:
      set_boolean (self, &self->spa, g_value_get_boolean (value), prop_id);
      break;
    case PROP_PRECOMPRESSED:
      set_boolean (self, &self->precompressed, g_value_get_boolean (value), prop_id);
      break;
    case PROP_START_ON_OPEN:
      set_boolean (self, &self->start_on_open, g_value_get_boolean (value), prop_id);
      break;
    case PROP_HEADER_TIMEOUT:
      set_uint (self, &self->header_timeout, g_value_get_uint (value), prop_id);
      break;
    case PROP_MAX_CONNECTIONS:
      set_uint (self, &self->max_connections, g_value_get_uint (value), prop_id);
      break;
    case PROP_LOG_ENABLED:
      set_boolean (self, &self->log_enabled, g_value_get_boolean (value), prop_id);
      break;
    case PROP_PORT_FALLBACK:
      set_boolean (self, &self->port_fallback, g_value_get_boolean (value), prop_id);
      break;
    case PROP_CACHE_CONTROL:
      set_string (self, &self->cache_control, g_value_get_string (value), prop_id);
      break;
    case PROP_TEXT_CHARSET:
      set_boolean (self, &self->text_charset, g_value_get_boolean (value), prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A uint property named and ranged as an integer option of the table. */
static GParamSpec *
uint_pspec (PtOptionId  id,
            GParamFlags flags)
{
  const PtOption *option = pt_options_get_by_id (id);

  g_assert (option->kind == PT_OPTION_KIND_INT && option->property != NULL);
  return g_param_spec_uint (option->property, NULL, NULL, (guint) option->min,
                            (guint) option->max, (guint) option->default_value, flags);
}

static void
pt_settings_class_init (PtSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pt_settings_constructed;
  object_class->dispose = pt_settings_dispose;
  object_class->finalize = pt_settings_finalize;
  object_class->get_property = pt_settings_get_property;
  object_class->set_property = pt_settings_set_property;

  properties[PROP_GSETTINGS] =
    g_param_spec_object ("gsettings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Ranges and defaults: the option table's, which tests/options checks
   * against the schema. */
  properties[PROP_PORT] = uint_pspec (PT_OPTION_PORT, rw);
  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, "", rw);
  properties[PROP_LISTEN] =
    g_param_spec_uint ("listen", NULL, NULL, PT_LISTEN_LOCAL, PT_LISTEN_NETWORK,
                       PT_LISTEN_LOCAL, rw);
  properties[PROP_KEEP_ALIVE_TIMEOUT] = uint_pspec (PT_OPTION_KEEP_ALIVE_TIMEOUT, rw);
  properties[PROP_MAX_REQUESTS] = uint_pspec (PT_OPTION_MAX_REQUESTS, rw);
  properties[PROP_WORKER_THREADS] = uint_pspec (PT_OPTION_THREADS, rw);
  properties[PROP_LOG_FORMAT] =
    g_param_spec_uint ("log-format", NULL, NULL, PT_LOG_FORMAT_REPORT,
                       PT_LOG_FORMAT_COMBINED, PT_LOG_FORMAT_REPORT, rw);
  properties[PROP_LOG_FILE] =
    g_param_spec_string ("log-file", NULL, NULL, "", rw);
  properties[PROP_SERVE_ANY_TYPE] =
    g_param_spec_boolean ("serve-any-type", NULL, NULL, FALSE, rw);
  properties[PROP_START_ON_OPEN] =
    g_param_spec_boolean ("start-on-open", NULL, NULL, FALSE, rw);
  properties[PROP_LIST_DIRECTORIES] =
    g_param_spec_boolean ("list-directories", NULL, NULL, FALSE, rw);
  properties[PROP_SPA] =
    g_param_spec_boolean ("spa", NULL, NULL, FALSE, rw);
  properties[PROP_PRECOMPRESSED] =
    g_param_spec_boolean ("precompressed", NULL, NULL, FALSE, rw);
  /* Launch-only (command line), never stored. */
  properties[PROP_HEADER_TIMEOUT] = uint_pspec (PT_OPTION_HEADER_TIMEOUT, rw);
  properties[PROP_MAX_CONNECTIONS] = uint_pspec (PT_OPTION_MAX_CONNECTIONS, rw);
  properties[PROP_LOG_ENABLED] =
    g_param_spec_boolean ("log-enabled", NULL, NULL, TRUE, rw);
  properties[PROP_PORT_FALLBACK] =
    g_param_spec_boolean ("port-fallback", NULL, NULL, TRUE, rw);
  /* Stored (keys cache-control and text-charset). */
  properties[PROP_CACHE_CONTROL] =
    g_param_spec_string ("cache-control", NULL, NULL, PT_DEFAULT_CACHE_CONTROL, rw);
  properties[PROP_TEXT_CHARSET] =
    g_param_spec_boolean ("text-charset", NULL, NULL, TRUE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pt_settings_init (PtSettings *self)
{
  self->port = PT_DEFAULT_PORT;
  self->folder = g_strdup ("");
  self->keep_alive_timeout = PT_DEFAULT_KEEP_ALIVE_TIMEOUT / PT_SETTINGS_MS_PER_S;
  self->max_requests = PT_DEFAULT_MAX_REQUESTS;
  self->log_file = g_strdup ("");
  self->header_timeout = PT_DEFAULT_HEADER_TIMEOUT / PT_SETTINGS_MS_PER_S;
  self->max_connections = PT_DEFAULT_MAX_CONNECTIONS;
  self->log_enabled = TRUE;
  self->port_fallback = TRUE;
  self->cache_control = g_strdup (PT_DEFAULT_CACHE_CONTROL);
  self->text_charset = TRUE;
}

PtSettings *
pt_settings_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (PT_TYPE_SETTINGS, "gsettings", settings, NULL);
}

GSettings *
pt_settings_get_gsettings (PtSettings *self)
{
  g_return_val_if_fail (PT_IS_SETTINGS (self), NULL);

  return self->settings;
}

char *
pt_settings_dup_folder (PtSettings *self)
{
  g_autofree char *installed = NULL;

  g_return_val_if_fail (PT_IS_SETTINGS (self), NULL);

  if (self->folder != NULL && self->folder[0] != '\0')
    return g_strdup (self->folder);

  installed = g_build_filename (PKGDATADIR, DEFAULT_SITE_DIR, NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return g_canonicalize_filename (DEFAULT_SITE_DIR, NULL);
}

void
pt_settings_set_folder (PtSettings *self,
                        const char *folder)
{
  g_return_if_fail (PT_IS_SETTINGS (self));

  g_object_set (self, "folder", folder, NULL);
}

char *
pt_settings_dup_log_path (PtSettings *self)
{
  g_return_val_if_fail (PT_IS_SETTINGS (self), NULL);

  if (self->log_file != NULL && self->log_file[0] != '\0')
    return g_strdup (self->log_file);
  return g_build_filename (g_get_user_state_dir (), LOG_DIR_NAME, LOG_FILE_NAME, NULL);
}

void
pt_settings_override (PtSettings   *self,
                      const char   *property,
                      const GValue *value)
{
  GParamSpec *pspec;

  g_return_if_fail (PT_IS_SETTINGS (self));
  g_return_if_fail (property != NULL);
  g_return_if_fail (G_IS_VALUE (value));

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), property);
  g_return_if_fail (pspec != NULL && pspec != properties[PROP_GSETTINGS]);

  /* Unbinding first: the value below never reaches GSettings, and neither
   * do later edits of this property (for this launch). */
  g_settings_unbind (self, property);
  g_object_set_property (G_OBJECT (self), property, value);
}

guint
pt_settings_get_port (PtSettings *self)
{
  g_return_val_if_fail (PT_IS_SETTINGS (self), PT_DEFAULT_PORT);

  return self->port;
}

PtListen
pt_settings_get_listen (PtSettings *self)
{
  g_return_val_if_fail (PT_IS_SETTINGS (self), PT_LISTEN_LOCAL);

  return (PtListen) self->listen;
}

gboolean
pt_settings_get_start_on_open (PtSettings *self)
{
  g_return_val_if_fail (PT_IS_SETTINGS (self), FALSE);

  return self->start_on_open;
}

PtServerConfig *
pt_settings_to_config (PtSettings *self)
{
  g_autoptr(PtServerConfig) config = NULL;

  g_return_val_if_fail (PT_IS_SETTINGS (self), NULL);

  config = pt_server_config_new ();
  g_free (config->host);
  config->host = g_strdup (self->listen == PT_LISTEN_NETWORK ? PT_SETTINGS_ANY_HOST
                                                             : PT_SETTINGS_LOCAL_HOST);
  config->port = self->port;
  config->port_fallback = self->port_fallback;
  g_free (config->docroot);
  config->docroot = pt_settings_dup_folder (self);
  config->n_threads = self->worker_threads;
  config->keep_alive_timeout_ms = self->keep_alive_timeout * PT_SETTINGS_MS_PER_S;
  config->max_requests = self->max_requests;
  config->header_timeout_ms = self->header_timeout * PT_SETTINGS_MS_PER_S;
  config->max_connections = self->max_connections;
  config->serve_any_type = self->serve_any_type;
  config->list_directories = self->list_directories;
  config->spa = self->spa;
  g_clear_pointer (&config->log_path, g_free);
  if (self->log_enabled)
    config->log_path = pt_settings_dup_log_path (self);
  config->log_format = self->log_format == PT_LOG_FORMAT_COMBINED ? PT_LOG_FORMAT_COMBINED
                                                                   : PT_LOG_FORMAT_REPORT;
  config->trace_events = TRUE;
  /* A value the option would refuse (written with dconf) keeps the default. */
  if (self->cache_control != NULL &&
      pt_option_check_text (pt_options_get_by_id (PT_OPTION_CACHE_CONTROL), self->cache_control, NULL))
    {
      g_free (config->cache_control);
      config->cache_control = g_strdup (self->cache_control);
    }
  config->text_charset = self->text_charset;
  config->precompressed = self->precompressed;

  return g_steal_pointer (&config);
}
