/* pt-recent-folders.c — the last folders served, newest first */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include "pt-recent-folders.h"

static gboolean
contains (GPtrArray  *array,
          const char *folder)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), folder))
      return TRUE;
  return FALSE;
}

static void
append_unique (GPtrArray  *array,
               const char *folder)
{
  if (array->len < PT_RECENT_FOLDERS_MAX && folder[0] != '\0' && !contains (array, folder))
    g_ptr_array_add (array, g_strdup (folder));
}

char **
pt_recent_folders_add (const char * const *list,
                       const char         *folder)
{
  GPtrArray *array = g_ptr_array_new ();

  g_return_val_if_fail (folder != NULL, NULL);

  append_unique (array, folder);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    append_unique (array, list[i]);
  g_ptr_array_add (array, NULL);
  return (char **) g_ptr_array_free (array, FALSE);
}

char **
pt_recent_folders_prune (const char * const *list)
{
  GPtrArray *array = g_ptr_array_new ();

  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (g_file_test (list[i], G_FILE_TEST_IS_DIR))
      append_unique (array, list[i]);
  g_ptr_array_add (array, NULL);
  return (char **) g_ptr_array_free (array, FALSE);
}
