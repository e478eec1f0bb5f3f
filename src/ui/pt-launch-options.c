/* pt-launch-options.c — server flags → PtSettings overrides for one launch
 *
 * Every flag, range and help text comes from the option table
 * (pt-options.h); only the window's own mapping lives here: --host to the
 * "listen" choice, and integers taken as strings.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include "pt-launch-options.h"

/* The spelling --host's error suggests for "every interface" (the window
 * listens dual-stack on PT_SETTINGS_ANY_HOST either way). */
#define ANY_IPV4_HOST "0.0.0.0"

static const struct {
  const char *host;
  PtListen    listen;
} host_names[] = {
  { PT_SETTINGS_LOCAL_HOST, PT_LISTEN_LOCAL },
  { "localhost", PT_LISTEN_LOCAL },
  { PT_SETTINGS_ANY_HOST, PT_LISTEN_NETWORK },
  { ANY_IPV4_HOST, PT_LISTEN_NETWORK },
};

static gboolean
takes_option (const PtOption *option)
{
  return (option->fronts & PT_FRONT_WINDOW) != 0;
}

/* The GVariant type GApplication stores each kind of option as
 * (pt_options_new_entries with values NULL: integers as strings). */
static const GVariantType *
variant_type_for (const PtOption *option)
{
  switch (option->kind)
    {
    case PT_OPTION_KIND_FOLDER:
    case PT_OPTION_KIND_FILE:
      return G_VARIANT_TYPE_BYTESTRING;
    case PT_OPTION_KIND_INT:
    case PT_OPTION_KIND_HOST:
    case PT_OPTION_KIND_ADDRESSES:
    case PT_OPTION_KIND_CHOICE:
    case PT_OPTION_KIND_TEXT:
      return G_VARIANT_TYPE_STRING;
    case PT_OPTION_KIND_SWITCH:
      return G_VARIANT_TYPE_BOOLEAN;
    default:
      g_assert_not_reached ();
    }
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

void
pt_launch_options_add_entries (GApplication *application)
{
  g_autofree GOptionEntry *entries = NULL;
  g_autofree GOptionEntry *folder_entries = NULL;

  g_return_if_fail (G_IS_APPLICATION (application));

  /* GApplication copies the entries; arg_data NULL puts the values in the
   * options dict, which it forwards to the primary instance. */
  entries = pt_options_new_entries (PT_FRONT_WINDOW, NULL);
  g_application_add_main_option_entries (application, entries);
  folder_entries = pt_options_new_folder_entries (NULL);
  g_application_add_main_option_entries (application, folder_entries);
}

static gboolean
check_option (GVariantDict    *options,
              const PtOption  *option,
              GVariant        *value,
              GError         **error)
{
  switch (option->kind)
    {
    case PT_OPTION_KIND_INT:
      {
        int parsed;

        return pt_option_parse_int (option, PT_FRONT_WINDOW, g_variant_get_string (value, NULL),
                                    &parsed, error);
      }

    case PT_OPTION_KIND_FOLDER:
    case PT_OPTION_KIND_FILE:
      {
        const char *path = g_variant_get_bytestring (value);
        g_autofree char *absolute = NULL;

        if (path[0] == '\0')
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "--%s must not be empty", option->name);
            return FALSE;
          }
        /* The primary instance may run in another directory. */
        absolute = g_canonicalize_filename (path, NULL);
        if (option->kind == PT_OPTION_KIND_FOLDER && !pt_options_check_folder (absolute, error))
          return FALSE;
        g_variant_dict_insert_value (options, option->name, g_variant_new_bytestring (absolute));
        return TRUE;
      }

    case PT_OPTION_KIND_HOST:
    case PT_OPTION_KIND_ADDRESSES:
      {
        PtListen listen;

        if (host_to_listen (g_variant_get_string (value, NULL), &listen))
          return TRUE;
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "--host must be %s (this computer) or %s (every interface) with the window, "
                     "not “%s” (portico --no-gui binds any address)",
                     PT_SETTINGS_LOCAL_HOST, ANY_IPV4_HOST,
                     g_variant_get_string (value, NULL));
        return FALSE;
      }

    case PT_OPTION_KIND_CHOICE:
      {
        guint index;

        return pt_option_parse_choice (option, g_variant_get_string (value, NULL), &index, error);
      }

    case PT_OPTION_KIND_TEXT:
      return pt_option_check_text (option, g_variant_get_string (value, NULL), error);

    case PT_OPTION_KIND_SWITCH:
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* The FOLDER argument: one, not with --docroot, checked as --docroot is,
 * and made absolute (the primary instance may run in another directory). */
static gboolean
check_folder_arg (GVariantDict  *options,
                  GError       **error)
{
  g_autofree const char **folders = NULL;
  g_autofree char *absolute = NULL;
  const char *one[2] = { NULL, NULL };

  if (!g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &folders))
    return TRUE;
  if (!pt_options_check_folder_args (folders, g_variant_dict_contains (options, "docroot"),
                                     "portico", error))
    return FALSE;
  if (folders[0] == NULL)
    return TRUE;
  absolute = g_canonicalize_filename (folders[0], NULL);
  if (!pt_options_check_folder (absolute, error))
    return FALSE;
  one[0] = absolute;
  g_variant_dict_insert_value (options, G_OPTION_REMAINING, g_variant_new_bytestring_array (one, 1));
  return TRUE;
}

gboolean
pt_launch_options_check (GVariantDict  *options,
                         GError       **error)
{
  guint n_options;
  const PtOption *table = pt_options_get (&n_options);

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_variant_dict_contains (options, "no-log") && g_variant_dict_contains (options, "log-file"))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--log-file and --no-log cannot be used together");
      return FALSE;
    }

  for (guint i = 0; i < n_options; i++)
    {
      const PtOption *option = &table[i];
      g_autoptr(GVariant) value = NULL;

      if (!takes_option (option))
        continue;
      value = g_variant_dict_lookup_value (options, option->name, variant_type_for (option));
      if (value != NULL && !check_option (options, option, value, error))
        return FALSE;
    }
  return check_folder_arg (options, error);
}

char *
pt_launch_options_dup_folder (GVariantDict *options)
{
  g_autofree const char **folders = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  if (!g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &folders) || folders[0] == NULL)
    return NULL;
  return g_strdup (folders[0]);
}

/* The property value for one checked option. */
static void
option_to_value (const PtOption *option,
                 GVariant       *variant,
                 GValue         *value)
{
  switch (option->kind)
    {
    case PT_OPTION_KIND_INT:
      {
        int parsed = 0;

        pt_option_parse_int (option, PT_FRONT_WINDOW, g_variant_get_string (variant, NULL),
                             &parsed, NULL);
        g_value_init (value, G_TYPE_UINT);
        g_value_set_uint (value, (guint) parsed);
        break;
      }
    case PT_OPTION_KIND_FOLDER:
    case PT_OPTION_KIND_FILE:
      g_value_init (value, G_TYPE_STRING);
      g_value_set_string (value, g_variant_get_bytestring (variant));
      break;
    case PT_OPTION_KIND_HOST:
    case PT_OPTION_KIND_ADDRESSES:
      {
        PtListen listen = PT_LISTEN_LOCAL;

        host_to_listen (g_variant_get_string (variant, NULL), &listen);
        g_value_init (value, G_TYPE_UINT);
        g_value_set_uint (value, listen);
        break;
      }
    case PT_OPTION_KIND_CHOICE:
      {
        guint index = 0;

        pt_option_parse_choice (option, g_variant_get_string (variant, NULL), &index, NULL);
        g_value_init (value, G_TYPE_UINT);
        g_value_set_uint (value, index);
        break;
      }
    case PT_OPTION_KIND_TEXT:
      g_value_init (value, G_TYPE_STRING);
      g_value_set_string (value, g_variant_get_string (variant, NULL));
      break;
    case PT_OPTION_KIND_SWITCH:
      g_value_init (value, G_TYPE_BOOLEAN);
      g_value_set_boolean (value, option->property_value);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
append_option (GString        *applied,
               const PtOption *option,
               GVariant       *variant)
{
  if (applied->len > 0)
    g_string_append_c (applied, ' ');
  g_string_append_printf (applied, "--%s", option->name);

  switch (option->kind)
    {
    case PT_OPTION_KIND_FOLDER:
    case PT_OPTION_KIND_FILE:
      g_string_append_printf (applied, " %s", g_variant_get_bytestring (variant));
      break;
    case PT_OPTION_KIND_INT:
    case PT_OPTION_KIND_HOST:
    case PT_OPTION_KIND_ADDRESSES:
    case PT_OPTION_KIND_CHOICE:
      g_string_append_printf (applied, " %s", g_variant_get_string (variant, NULL));
      break;
    case PT_OPTION_KIND_TEXT:
      {
        g_autofree char *quoted = g_shell_quote (g_variant_get_string (variant, NULL));

        g_string_append_printf (applied, " %s", quoted);
        break;
      }
    case PT_OPTION_KIND_SWITCH:
    default:
      break;
    }
}

char *
pt_launch_options_apply (GVariantDict *options,
                         PtSettings   *settings)
{
  g_autoptr(GString) applied = g_string_new (NULL);
  guint n_options;
  const PtOption *table = pt_options_get (&n_options);

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (PT_IS_SETTINGS (settings), NULL);

  for (guint i = 0; i < n_options; i++)
    {
      const PtOption *option = &table[i];
      g_autoptr(GVariant) variant = NULL;
      g_auto(GValue) value = G_VALUE_INIT;

      /* --quiet has no effect with the window: no property. */
      if (!takes_option (option) || option->property == NULL)
        continue;
      variant = g_variant_dict_lookup_value (options, option->name, variant_type_for (option));
      if (variant == NULL)
        continue;
      option_to_value (option, variant, &value);
      pt_settings_override (settings, option->property, &value);
      append_option (applied, option, variant);
    }

  if (applied->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&applied), FALSE);
}
