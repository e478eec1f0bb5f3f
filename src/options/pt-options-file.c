/* pt-options-file.c — portico.conf: a key file read into PtOptionValues */
#define G_LOG_DOMAIN "pt-options"

#include "config.h"

#include <string.h>

#include "pt-options-file.h"


static gboolean
load_key (PtOptionValues  *values,
          GKeyFile        *file,
          const char      *path,
          const PtOption  *option,
          GError         **error)
{
  const char *key = pt_option_get_config_key (option);
  g_autoptr(GError) local_error = NULL;

  switch (option->kind)
    {
    case PT_OPTION_KIND_SWITCH:
      {
        gboolean value = g_key_file_get_boolean (file, PT_OPTIONS_CONFIG_GROUP, key, &local_error);

        if (local_error != NULL)
          break;
        G_STRUCT_MEMBER (gboolean, values, option->offset) = value;
        if (option->id == PT_OPTION_NO_LOG)
          values->no_log_from_file = value;
        return TRUE;
      }

    case PT_OPTION_KIND_INT:
      {
        g_autofree char *text = g_key_file_get_value (file, PT_OPTIONS_CONFIG_GROUP, key, NULL);
        int value;

        g_strstrip (text);
        if (!pt_option_parse_int (option, PT_FRONT_SERVER, text, &value, &local_error))
          break;
        G_STRUCT_MEMBER (int, values, option->offset) = value;
        return TRUE;
      }

    case PT_OPTION_KIND_FOLDER:
    case PT_OPTION_KIND_FILE:
    case PT_OPTION_KIND_HOST:
    case PT_OPTION_KIND_CHOICE:
    case PT_OPTION_KIND_TEXT:
    case PT_OPTION_KIND_ADDRESSES:
      {
        guint index = 0;
        char **field = G_STRUCT_MEMBER_P (values, option->offset);
        char *value = g_key_file_get_string (file, PT_OPTIONS_CONFIG_GROUP, key, &local_error);

        if (value == NULL)
          break;
        if (option->kind == PT_OPTION_KIND_CHOICE &&
            !pt_option_parse_choice (option, value, &index, &local_error))
          {
            g_free (value);
            break;
          }
        if (option->kind == PT_OPTION_KIND_TEXT &&
            !pt_option_check_text (option, value, &local_error))
          {
            g_free (value);
            break;
          }
        g_free (values->file_strings[option->id]);
        values->file_strings[option->id] = value;
        *field = value;
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }

  /* "--threads must be …" → "FILE: worker-threads must be …" */
  if (g_str_has_prefix (local_error->message, "--") &&
      g_str_has_prefix (local_error->message + 2, option->name))
    g_set_error (error, local_error->domain, local_error->code, "%s: %s%s", path, key,
                 local_error->message + 2 + strlen (option->name));
  else
    g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                 local_error->message);
  return FALSE;
}


gboolean
pt_option_values_load_file (PtOptionValues  *values,
                            const char      *path,
                            gboolean         must_exist,
                            GError         **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;
  guint n_options;
  const PtOption *options = pt_options_get (&n_options);

  g_return_val_if_fail (values != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (!must_exist && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", path, local_error->message);
      return FALSE;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (!g_str_equal (groups[i], PT_OPTIONS_CONFIG_GROUP))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                       "%s: unknown group “[%s]” (expected [%s])", path, groups[i],
                       PT_OPTIONS_CONFIG_GROUP);
          return FALSE;
        }
    }
  if (!g_key_file_has_group (file, PT_OPTIONS_CONFIG_GROUP))
    return TRUE;

  keys = g_key_file_get_keys (file, PT_OPTIONS_CONFIG_GROUP, NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const PtOption *option = NULL;

      for (guint j = 0; j < n_options && option == NULL; j++)
        {
          if ((options[j].fronts & PT_FRONT_SERVER) != 0 &&
              options[j].id != PT_OPTION_CONFIG && options[j].id != PT_OPTION_VERSION &&
              options[j].id != PT_OPTION_NO_GUI &&
              g_str_equal (keys[i], pt_option_get_config_key (&options[j])))
            option = &options[j];
        }
      if (option == NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                       "%s: unknown key “%s”", path, keys[i]);
          return FALSE;
        }
      if (!load_key (values, file, path, option, error))
        return FALSE;
    }
  return TRUE;
}
