/* pt-launch-options.c — server flags → PtSettings overrides for one launch */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include "pt-launch-options.h"

#define LOG_FORMAT_REPORT   "report"
#define LOG_FORMAT_COMBINED "combined"

typedef enum
{
  ARG_INT,          /* a uint property, range from its GParamSpec; taken as a
                     * string, because GApplication drops an int option of 0 */
  ARG_FOLDER,       /* an existing folder, made absolute */
  ARG_FILE,         /* a file path, made absolute */
  ARG_HOST,         /* "listen": 127.0.0.1 → local, 0.0.0.0 / :: → network */
  ARG_LOG_FORMAT,   /* "log-format": report / combined */
  ARG_SET_TRUE,     /* a boolean property set TRUE */
  ARG_SET_FALSE,    /* a boolean property set FALSE */
  ARG_NO_EFFECT,    /* accepted for the headless mode's sake only */
} ArgKind;

typedef struct
{
  const char *flag;
  char        short_flag;
  ArgKind     kind;
  const char *property;
  const char *description;
  const char *arg_description;
} LaunchFlag;

/* The same names as main.c's headless flags; help text lives there. */
static const LaunchFlag launch_flags[] = {
  { "host", 0, ARG_HOST, "listen",
    "127.0.0.1 (this computer) or 0.0.0.0 (every interface)", "ADDRESS" },
  { "port", 'p', ARG_INT, "port", "TCP port, 1-65535", "PORT" },
  { "docroot", 'd', ARG_FOLDER, "folder", "Folder to serve", "FOLDER" },
  { "threads", 't', ARG_INT, "worker-threads", "Worker threads (0: one per CPU)", "N" },
  { "keep-alive-timeout", 0, ARG_INT, "keep-alive-timeout", "Idle seconds before a kept-alive connection is closed", "SECONDS" },
  { "max-requests", 0, ARG_INT, "max-requests", "Requests per connection", "N" },
  { "header-timeout", 0, ARG_INT, "header-timeout", "Seconds a request head may take", "SECONDS" },
  { "max-connections", 0, ARG_INT, "max-connections", "Connections open at once", "N" },
  { "log-file", 0, ARG_FILE, "log-file", "Log file", "PATH" },
  { "no-log", 0, ARG_SET_FALSE, "log-enabled", "Write no log file", NULL },
  { "log-format", 0, ARG_LOG_FORMAT, "log-format", "report or combined", "FORMAT" },
  { "serve-any-type", 0, ARG_SET_TRUE, "serve-any-type", "Serve every file type", NULL },
  { "no-port-fallback", 0, ARG_SET_FALSE, "port-fallback", "Fail when the port is busy", NULL },
  { "quiet", 'q', ARG_NO_EFFECT, NULL, "No effect with the window", NULL },
};

static const struct {
  const char *host;
  PtListen    listen;
} host_names[] = {
  { PT_SETTINGS_LOCAL_HOST, PT_LISTEN_LOCAL },
  { "localhost", PT_LISTEN_LOCAL },
  { PT_SETTINGS_ANY_HOST, PT_LISTEN_NETWORK },
  { "::", PT_LISTEN_NETWORK },
};

static GOptionArg
option_arg_for (ArgKind kind)
{
  switch (kind)
    {
    case ARG_FOLDER:
    case ARG_FILE:
      return G_OPTION_ARG_FILENAME;
    case ARG_INT:
    case ARG_HOST:
    case ARG_LOG_FORMAT:
      return G_OPTION_ARG_STRING;
    case ARG_SET_TRUE:
    case ARG_SET_FALSE:
    case ARG_NO_EFFECT:
      return G_OPTION_ARG_NONE;
    default:
      g_assert_not_reached ();
    }
}

/* The GVariant type GApplication stores each kind of option as. */
static const GVariantType *
variant_type_for (ArgKind kind)
{
  switch (option_arg_for (kind))
    {
    case G_OPTION_ARG_FILENAME:
      return G_VARIANT_TYPE_BYTESTRING;
    case G_OPTION_ARG_STRING:
      return G_VARIANT_TYPE_STRING;
    case G_OPTION_ARG_NONE:
      return G_VARIANT_TYPE_BOOLEAN;
    case G_OPTION_ARG_INT:
    case G_OPTION_ARG_CALLBACK:
    case G_OPTION_ARG_STRING_ARRAY:
    case G_OPTION_ARG_FILENAME_ARRAY:
    case G_OPTION_ARG_DOUBLE:
    case G_OPTION_ARG_INT64:
    default:
      g_assert_not_reached ();
    }
}

static GParamSpec *
settings_pspec (const char *property)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (PT_TYPE_SETTINGS);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), property);

  g_assert (pspec != NULL);
  return pspec;
}

static gboolean
host_to_listen (const char *host,
                PtListen   *listen)
{
  for (guint i = 0; i < G_N_ELEMENTS (host_names); i++)
    {
      if (g_strcmp0 (host, host_names[i].host) == 0)
        {
          *listen = host_names[i].listen;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
log_format_from_name (const char  *name,
                      PtLogFormat *format)
{
  if (g_strcmp0 (name, LOG_FORMAT_REPORT) == 0)
    *format = PT_LOG_FORMAT_REPORT;
  else if (g_strcmp0 (name, LOG_FORMAT_COMBINED) == 0)
    *format = PT_LOG_FORMAT_COMBINED;
  else
    return FALSE;
  return TRUE;
}

void
pt_launch_options_add_entries (GApplication *application)
{
  GOptionEntry entries[G_N_ELEMENTS (launch_flags) + 1] = { { NULL } };

  g_return_if_fail (G_IS_APPLICATION (application));

  /* GApplication copies the entries; arg_data NULL puts the values in the
   * options dict, which it forwards to the primary instance. */
  for (guint i = 0; i < G_N_ELEMENTS (launch_flags); i++)
    {
      entries[i].long_name = launch_flags[i].flag;
      entries[i].short_name = launch_flags[i].short_flag;
      entries[i].arg = option_arg_for (launch_flags[i].kind);
      entries[i].description = launch_flags[i].description;
      entries[i].arg_description = launch_flags[i].arg_description;
    }
  g_application_add_main_option_entries (application, entries);
}

/* The value of a checked ARG_INT option. */
static guint
int_value (GVariant *variant)
{
  guint64 value = 0;

  g_ascii_string_to_unsigned (g_variant_get_string (variant, NULL), 10, 0, G_MAXUINT,
                              &value, NULL);
  return (guint) value;
}

static gboolean
check_int (const LaunchFlag  *flag,
           const char        *text,
           GError           **error)
{
  GParamSpecUInt *range = G_PARAM_SPEC_UINT (settings_pspec (flag->property));
  guint64 value;

  if (g_ascii_string_to_unsigned (text, 10, range->minimum, range->maximum, &value, NULL))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--%s must be between %u and %u with the window, not %s",
               flag->flag, range->minimum, range->maximum, text);
  return FALSE;
}

static gboolean
check_folder (const char  *folder,
              GError     **error)
{
  if (!g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "cannot serve “%s”: no such folder", folder);
      return FALSE;
    }
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                   "cannot serve “%s”: not a folder", folder);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_flag (GVariantDict      *options,
            const LaunchFlag  *flag,
            GVariant          *value,
            GError           **error)
{
  switch (flag->kind)
    {
    case ARG_INT:
      return check_int (flag, g_variant_get_string (value, NULL), error);

    case ARG_FOLDER:
    case ARG_FILE:
      {
        const char *path = g_variant_get_bytestring (value);
        g_autofree char *absolute = NULL;

        if (path[0] == '\0')
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "--%s must not be empty", flag->flag);
            return FALSE;
          }
        /* The primary instance may run in another directory. */
        absolute = g_canonicalize_filename (path, NULL);
        if (flag->kind == ARG_FOLDER && !check_folder (absolute, error))
          return FALSE;
        g_variant_dict_insert_value (options, flag->flag, g_variant_new_bytestring (absolute));
        return TRUE;
      }

    case ARG_HOST:
      {
        PtListen listen;

        if (host_to_listen (g_variant_get_string (value, NULL), &listen))
          return TRUE;
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "--host must be %s (this computer) or %s (every interface) with the window, "
                     "not “%s” (portico --no-gui binds any address)",
                     PT_SETTINGS_LOCAL_HOST, PT_SETTINGS_ANY_HOST,
                     g_variant_get_string (value, NULL));
        return FALSE;
      }

    case ARG_LOG_FORMAT:
      {
        PtLogFormat format;

        if (log_format_from_name (g_variant_get_string (value, NULL), &format))
          return TRUE;
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "--log-format must be %s or %s, not “%s”",
                     LOG_FORMAT_REPORT, LOG_FORMAT_COMBINED, g_variant_get_string (value, NULL));
        return FALSE;
      }

    case ARG_SET_TRUE:
    case ARG_SET_FALSE:
    case ARG_NO_EFFECT:
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

gboolean
pt_launch_options_check (GVariantDict  *options,
                         GError       **error)
{
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_variant_dict_contains (options, "no-log") && g_variant_dict_contains (options, "log-file"))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--log-file and --no-log cannot be used together");
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (launch_flags); i++)
    {
      const LaunchFlag *flag = &launch_flags[i];
      g_autoptr(GVariant) value =
        g_variant_dict_lookup_value (options, flag->flag, variant_type_for (flag->kind));

      if (value != NULL && !check_flag (options, flag, value, error))
        return FALSE;
    }
  return TRUE;
}

/* The property value for one checked option. */
static void
flag_to_value (const LaunchFlag *flag,
               GVariant         *variant,
               GValue           *value)
{
  switch (flag->kind)
    {
    case ARG_INT:
      g_value_init (value, G_TYPE_UINT);
      g_value_set_uint (value, int_value (variant));
      break;
    case ARG_FOLDER:
    case ARG_FILE:
      g_value_init (value, G_TYPE_STRING);
      g_value_set_string (value, g_variant_get_bytestring (variant));
      break;
    case ARG_HOST:
      {
        PtListen listen = PT_LISTEN_LOCAL;

        host_to_listen (g_variant_get_string (variant, NULL), &listen);
        g_value_init (value, G_TYPE_UINT);
        g_value_set_uint (value, listen);
        break;
      }
    case ARG_LOG_FORMAT:
      {
        PtLogFormat format = PT_LOG_FORMAT_REPORT;

        log_format_from_name (g_variant_get_string (variant, NULL), &format);
        g_value_init (value, G_TYPE_UINT);
        g_value_set_uint (value, format);
        break;
      }
    case ARG_SET_TRUE:
    case ARG_SET_FALSE:
      g_value_init (value, G_TYPE_BOOLEAN);
      g_value_set_boolean (value, flag->kind == ARG_SET_TRUE);
      break;
    case ARG_NO_EFFECT:
    default:
      g_assert_not_reached ();
    }
}

static void
append_flag (GString          *applied,
             const LaunchFlag *flag,
             GVariant         *variant)
{
  if (applied->len > 0)
    g_string_append_c (applied, ' ');
  g_string_append_printf (applied, "--%s", flag->flag);

  switch (flag->kind)
    {
    case ARG_FOLDER:
    case ARG_FILE:
      g_string_append_printf (applied, " %s", g_variant_get_bytestring (variant));
      break;
    case ARG_INT:
    case ARG_HOST:
    case ARG_LOG_FORMAT:
      g_string_append_printf (applied, " %s", g_variant_get_string (variant, NULL));
      break;
    case ARG_SET_TRUE:
    case ARG_SET_FALSE:
    case ARG_NO_EFFECT:
    default:
      break;
    }
}

char *
pt_launch_options_apply (GVariantDict *options,
                         PtSettings   *settings)
{
  g_autoptr(GString) applied = g_string_new (NULL);

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (PT_IS_SETTINGS (settings), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (launch_flags); i++)
    {
      const LaunchFlag *flag = &launch_flags[i];
      g_autoptr(GVariant) variant =
        g_variant_dict_lookup_value (options, flag->flag, variant_type_for (flag->kind));
      g_auto(GValue) value = G_VALUE_INIT;

      if (variant == NULL || flag->kind == ARG_NO_EFFECT)
        continue;
      flag_to_value (flag, variant, &value);
      pt_settings_override (settings, flag->property, &value);
      append_flag (applied, flag, variant);
    }

  if (applied->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&applied), FALSE);
}
