/* pt-folder-risk.c — folders the window asks about before serving */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <sys/stat.h>

#include "pt-folder-risk.h"

/* Dot-directories that mark a home folder (keys, mail, browser profiles,
 * cloud credentials), checked in this order. */
static const char * const private_dirs[] = {
  ".ssh", ".gnupg", ".config", ".local", ".mozilla", ".pki", ".password-store",
  ".aws", ".kube", ".docker",
};

static gboolean
same_file (const struct stat *a,
           const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* TRUE when inner is folder or lies under it (by walking inner's parents,
 * so links and "..", "//" spellings do not matter). */
static gboolean
is_same_or_ancestor (const char *folder,
                     const char *inner,
                     gboolean   *same)
{
  struct stat target;
  g_autofree char *path = NULL;

  *same = FALSE;
  if (stat (folder, &target) != 0)
    return FALSE;
  path = g_canonicalize_filename (inner, "/");
  for (guint depth = 0; ; depth++)
    {
      struct stat st;
      g_autofree char *parent = NULL;

      if (stat (path, &st) == 0 && same_file (&st, &target))
        {
          *same = depth == 0;
          return TRUE;
        }
      parent = g_path_get_dirname (path);
      if (g_str_equal (parent, path))
        return FALSE;
      g_free (path);
      path = g_steal_pointer (&parent);
    }
}

PtFolderRisk
pt_folder_risk_assess (const char  *folder,
                       const char  *home,
                       char       **private_dir)
{
  gboolean same;

  g_return_val_if_fail (folder != NULL, PT_FOLDER_RISK_NONE);
  g_return_val_if_fail (home != NULL, PT_FOLDER_RISK_NONE);

  if (private_dir != NULL)
    *private_dir = NULL;

  if (is_same_or_ancestor (folder, home, &same))
    return same ? PT_FOLDER_RISK_HOME : PT_FOLDER_RISK_HOLDS_HOME;

  for (guint i = 0; i < G_N_ELEMENTS (private_dirs); i++)
    {
      g_autofree char *path = g_build_filename (folder, private_dirs[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (private_dir != NULL)
            *private_dir = g_strdup (private_dirs[i]);
          return PT_FOLDER_RISK_PRIVATE_DIRS;
        }
    }
  return PT_FOLDER_RISK_NONE;
}
