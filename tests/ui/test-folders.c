/* test-folders.c — the recent-folders list and the folders the window asks
 * about (pt-recent-folders.h, pt-folder-risk.h); no display needed */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "pt-folder-risk.h"
#include "pt-recent-folders.h"

static char *
make_dir (const char *parent,
          const char *name)
{
  char *path = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static void
assert_strv (char                **got,
             const char * const   *want)
{
  g_assert_cmpuint (g_strv_length (got), ==, g_strv_length ((char **) want));
  for (guint i = 0; want[i] != NULL; i++)
    g_assert_cmpstr (got[i], ==, want[i]);
}

/* Newest first, no duplicates, at most PT_RECENT_FOLDERS_MAX (N and N+1). */
static void
test_recent_add (void)
{
  static const char * const four[] = { "/d", "/c", "/b", "/a", NULL };
  static const char * const five[] = { "/e", "/d", "/c", "/b", "/a", NULL };
  static const char * const six[] = { "/f", "/e", "/d", "/c", "/b", NULL };
  static const char * const again[] = { "/c", "/f", "/e", "/d", "/b", NULL };
  g_auto(GStrv) list = g_new0 (char *, 1);
  const char *names[] = { "/a", "/b", "/c", "/d", "/e", "/f" };

  G_STATIC_ASSERT (PT_RECENT_FOLDERS_MAX == 5);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char **next = pt_recent_folders_add ((const char * const *) list, names[i]);

      g_strfreev (list);
      list = next;
      if (i == 3)
        assert_strv (list, four);
      if (i == 4)
        assert_strv (list, five);      /* N */
    }
  assert_strv (list, six);             /* N + 1: the oldest goes */
  {
    g_auto(GStrv) moved = pt_recent_folders_add ((const char * const *) list, "/c");

    assert_strv (moved, again);        /* taken again: first, once */
  }
  {
    g_auto(GStrv) empty = pt_recent_folders_add (NULL, "");
    static const char * const none[] = { NULL };

    assert_strv (empty, none);
  }
}

/* Folders that are gone are dropped, the order kept. */
static void
test_recent_prune (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("portico-recent-XXXXXX", &error);
  g_autofree char *a = make_dir (tmp, "a");
  g_autofree char *b = make_dir (tmp, "b");
  g_autofree char *gone = g_build_filename (tmp, "gone", NULL);
  g_autofree char *file = g_build_filename (tmp, "file", NULL);
  const char *list[] = { b, gone, file, a, b, NULL };
  const char *want[] = { b, a, NULL };
  g_auto(GStrv) pruned = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  pruned = pt_recent_folders_prune (list);
  assert_strv (pruned, want);
  g_unlink (file);
  g_rmdir (a);
  g_rmdir (b);
  g_rmdir (tmp);
}

static void
test_risk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("portico-risk-XXXXXX", &error);
  g_autofree char *homes = make_dir (tmp, "home");
  g_autofree char *home = make_dir (homes, "alice");
  g_autofree char *pictures = make_dir (home, "Pictures");
  g_autofree char *old_home = make_dir (tmp, "backup");
  g_autofree char *gnupg = make_dir (old_home, ".gnupg");
  g_autofree char *site = make_dir (tmp, "site");
  g_autofree char *git = make_dir (site, ".git");
  g_autofree char *home_dots = g_build_filename (homes, "alice", ".", NULL);
  g_autofree char *link = g_build_filename (tmp, "home-link", NULL);
  static const char * const private_names[] = {
    ".ssh", ".gnupg", ".config", ".local", ".mozilla", ".pki", ".password-store", ".aws", ".kube",
    ".docker",
  };
  char *found = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (symlink (home, link), ==, 0);

  g_assert_cmpint (pt_folder_risk_assess (home, home, &found), ==, PT_FOLDER_RISK_HOME);
  g_assert_null (found);
  g_assert_cmpint (pt_folder_risk_assess (home_dots, home, NULL), ==, PT_FOLDER_RISK_HOME);
  g_assert_cmpint (pt_folder_risk_assess (link, home, NULL), ==, PT_FOLDER_RISK_HOME);
  g_assert_cmpint (pt_folder_risk_assess (homes, home, NULL), ==, PT_FOLDER_RISK_HOLDS_HOME);
  g_assert_cmpint (pt_folder_risk_assess (pictures, home, NULL), ==, PT_FOLDER_RISK_NONE);
  g_assert_cmpint (pt_folder_risk_assess (old_home, home, &found), ==, PT_FOLDER_RISK_PRIVATE_DIRS);
  g_assert_cmpstr (found, ==, ".gnupg");
  g_clear_pointer (&found, g_free);
  /* .git is no private folder */
  g_assert_cmpint (pt_folder_risk_assess (site, home, &found), ==, PT_FOLDER_RISK_NONE);
  g_assert_null (found);
  /* each name of the table, alone */
  for (guint i = 0; i < G_N_ELEMENTS (private_names); i++)
    {
      g_autofree char *dir = make_dir (site, private_names[i]);

      g_assert_cmpint (pt_folder_risk_assess (site, home, &found), ==, PT_FOLDER_RISK_PRIVATE_DIRS);
      g_assert_cmpstr (found, ==, private_names[i]);
      g_clear_pointer (&found, g_free);
      g_rmdir (dir);
    }
  /* a file named .ssh is no folder of keys */
  {
    g_autofree char *file = g_build_filename (site, ".ssh", NULL);

    g_assert_true (g_file_set_contents (file, "", 0, NULL));
    g_assert_cmpint (pt_folder_risk_assess (site, home, NULL), ==, PT_FOLDER_RISK_NONE);
    g_unlink (file);
  }

  g_unlink (link);
  g_rmdir (git);
  g_rmdir (site);
  g_rmdir (gnupg);
  g_rmdir (old_home);
  g_rmdir (pictures);
  g_rmdir (home);
  g_rmdir (homes);
  g_rmdir (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/folders/recent-add", test_recent_add);
  g_test_add_func ("/ui/folders/recent-prune", test_recent_prune);
  g_test_add_func ("/ui/folders/risk", test_risk);

  return g_test_run ();
}
