/* test-window-folders.c — folders reaching the window, under Xvfb
 *
 * A drop (the drop target's "drop" signal with a GdkFileList or a GFile),
 * the recent-folders menu, a folder opened from outside while serving, the
 * home-folder confirmation before Start, the file system root refused, and
 * the line that says what Start will do.  HOME is a scratch folder, set
 * before GLib reads it.  Without a display every case is a TAP skip.
 */
#include "config.h"

#include <glib/gstdio.h>

#include <adwaita.h>

#include "pt-recent-folders.h"
#include "pt-test-net.h"
#include "pt-test-window.h"
#include "pt-window-private.h"

static char *scratch_home;

static char *
make_dir (const char *parent,
          const char *name)
{
  char *path = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static gboolean
emit_drop (PtWindow     *window,
           const GValue *value)
{
  gboolean taken = FALSE;

  g_signal_emit_by_name (_pt_window_get_drop_target (window), "drop", value, 10.0, 10.0, &taken);
  return taken;
}

static gboolean
drop_files (PtWindow   *window,
            const char *first,
            const char *second)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GSList) files = NULL;
  GdkFileList *list;
  gboolean taken;

  if (second != NULL)
    files = g_slist_prepend (files, g_file_new_for_path (second));
  files = g_slist_prepend (files, g_file_new_for_path (first));
  list = gdk_file_list_new_from_list (files);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  taken = emit_drop (window, &value);
  g_slist_free_full (g_steal_pointer (&files), g_object_unref);
  return taken;
}

static const char *
summary_text (PtWindow *window)
{
  GtkWidget *label = template_child (window, "start_summary");

  if (!gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

static char **
stored_recent (Fixture *f)
{
  return g_settings_get_strv (pt_settings_get_gsettings (f->settings), "recent-folders");
}

/* ------------------------------------------------------------------------ */

static void
test_start_summary (void)
{
  Fixture f = { 0 };
  g_autofree char *want = NULL;
  guint port;

  fixture_setup (&f);
  port = pt_settings_get_port (f.settings);
  want = g_strdup_printf ("Serve site on this computer at http://127.0.0.1:%u", port);
  g_assert_cmpstr (summary_text (f.window), ==, want);

  g_object_set (f.settings, "port", 8080, NULL);
  g_assert_cmpstr (summary_text (f.window), ==, "Serve site on this computer at http://127.0.0.1:8080");
  g_object_set (f.settings, "listen", PT_LISTEN_NETWORK, NULL);
  g_assert_cmpstr (summary_text (f.window), ==, "Serve site on your network at port 8080");
  pt_settings_set_folder (f.settings, f.other_root);
  g_assert_cmpstr (summary_text (f.window), ==, "Serve other on your network at port 8080");
  g_object_set (f.settings, "listen", PT_LISTEN_LOCAL, NULL);
  g_assert_cmpstr (summary_text (f.window), ==, "Serve other on this computer at http://127.0.0.1:8080");
  pt_settings_set_folder (f.settings, scratch_home);
  g_assert_cmpstr (summary_text (f.window), ==,
                   "Serve your home folder on this computer at http://127.0.0.1:8080");

  /* hidden while serving: the address says it then */
  pt_settings_set_folder (f.settings, f.docroot);
  g_object_set (f.settings, "port", pt_test_net_free_port (), NULL);
  start_window (&f);
  g_assert_null (summary_text (f.window));
  pt_window_stop (f.window);
  g_assert_true (iterate_until (window_stopped, f.window));
  g_assert_nonnull (summary_text (f.window));

  fixture_teardown (&f);
}

static void
test_drop (void)
{
  Fixture f = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *index = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GStrv) recent = NULL;

  fixture_setup (&f);
  index = g_build_filename (f.other_root, "index.html", NULL);

  /* a file: refused, with a toast */
  g_assert_false (drop_files (f.window, index, NULL));
  g_assert_cmpstr (_pt_window_get_last_toast (f.window), ==,
                   "“index.html” is not a folder: only folders can be served");
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, f.docroot);
  g_clear_pointer (&folder, g_free);

  /* two folders: refused */
  g_assert_false (drop_files (f.window, f.other_root, f.docroot));
  g_assert_cmpstr (_pt_window_get_last_toast (f.window), ==, "Drop one folder at a time");

  /* the root: refused by the one folder check */
  g_assert_false (drop_files (f.window, "/", NULL));
  g_assert_cmpstr (_pt_window_get_last_toast (f.window), ==,
                   "“/” is the root of the file system: serving it would share every readable "
                   "file on this computer. Choose a folder inside it.");

  /* a folder: taken, ready to serve (not started), first in the recent list */
  g_assert_true (drop_files (f.window, f.other_root, NULL));
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, f.other_root);
  g_assert_false (pt_window_is_running (f.window));
  recent = stored_recent (&f);
  g_assert_cmpuint (g_strv_length (recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, f.other_root);
  g_clear_pointer (&folder, g_free);

  /* a single GFile, as some sources offer */
  g_value_init (&value, G_TYPE_FILE);
  g_value_take_object (&value, g_file_new_for_path (f.docroot));
  g_assert_true (emit_drop (f.window, &value));
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, f.docroot);

  fixture_teardown (&f);
}

/* N and N+1 folders: newest first, the oldest dropped; the menu follows;
 * a folder gone by the next window is dropped from the list. */
static void
test_recent (void)
{
  Fixture f = { 0 };
  char *dirs[PT_RECENT_FOLDERS_MAX + 1];
  g_auto(GStrv) recent = NULL;
  GMenuModel *menu;
  g_autofree char *folder = NULL;

  fixture_setup (&f);
  g_assert_false (gtk_widget_get_visible (template_child (f.window, "recent_button")));
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *name = g_strdup_printf ("r%u", i);

      dirs[i] = make_dir (f.tmpdir, name);
      _pt_window_take_folder (f.window, dirs[i]);
      if (i + 1 == PT_RECENT_FOLDERS_MAX)
        {
          recent = stored_recent (&f);
          g_assert_cmpuint (g_strv_length (recent), ==, PT_RECENT_FOLDERS_MAX);
          for (guint j = 0; j < PT_RECENT_FOLDERS_MAX; j++)
            g_assert_cmpstr (recent[j], ==, dirs[PT_RECENT_FOLDERS_MAX - 1 - j]);
          g_clear_pointer (&recent, g_strfreev);
        }
    }
  recent = stored_recent (&f);
  g_assert_cmpuint (g_strv_length (recent), ==, PT_RECENT_FOLDERS_MAX);
  for (guint j = 0; j < PT_RECENT_FOLDERS_MAX; j++)
    g_assert_cmpstr (recent[j], ==, dirs[PT_RECENT_FOLDERS_MAX - j]);
  g_clear_pointer (&recent, g_strfreev);

  /* the menu: one item per folder, in the same order, each one click away */
  g_assert_true (gtk_widget_get_visible (template_child (f.window, "recent_button")));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (template_child (f.window, "recent_button")));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, PT_RECENT_FOLDERS_MAX);
  for (int j = 0; j < PT_RECENT_FOLDERS_MAX; j++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, j, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);
      g_autofree char *label = NULL;
      g_autofree char *want_label = g_strdup_printf ("r%d", PT_RECENT_FOLDERS_MAX - j);

      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, dirs[PT_RECENT_FOLDERS_MAX - j]);
      g_assert_true (g_menu_model_get_item_attribute (menu, j, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_true (g_str_has_suffix (label, want_label));
    }
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.open-recent", "s", dirs[2]);
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, dirs[2]);
  recent = stored_recent (&f);
  g_assert_cmpstr (recent[0], ==, dirs[2]);
  g_assert_cmpstr (recent[1], ==, dirs[5]);
  g_clear_pointer (&recent, g_strfreev);

  /* gone since the menu was built: a toast, and it leaves the list */
  g_assert_cmpint (g_rmdir (dirs[4]), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.open-recent", "s", dirs[4]);
  g_assert_true (g_str_has_suffix (_pt_window_get_last_toast (f.window), "does not exist. Choose another folder."));
  recent = stored_recent (&f);
  g_assert_cmpuint (g_strv_length (recent), ==, PT_RECENT_FOLDERS_MAX - 1);
  for (guint j = 0; recent[j] != NULL; j++)
    g_assert_cmpstr (recent[j], !=, dirs[4]);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, PT_RECENT_FOLDERS_MAX - 1);
  g_clear_pointer (&recent, g_strfreev);

  /* gone before a window opens: pruned when it loads */
  g_assert_cmpint (g_rmdir (dirs[3]), ==, 0);
  gtk_window_destroy (GTK_WINDOW (f.window));
  f.window = pt_window_new (NULL, f.settings);
  gtk_window_present (GTK_WINDOW (f.window));
  recent = stored_recent (&f);
  g_assert_cmpuint (g_strv_length (recent), ==, PT_RECENT_FOLDERS_MAX - 2);
  g_assert_cmpstr (recent[0], ==, dirs[2]);
  g_assert_cmpstr (recent[1], ==, dirs[5]);
  g_assert_cmpstr (recent[2], ==, dirs[1]);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    g_free (dirs[i]);
  fixture_teardown (&f);
}

/* Start on the home folder asks first; only "Serve Anyway" starts; asked
 * once per folder and window. */
static void
test_home_confirmation (void)
{
  Fixture f = { 0 };
  AdwMessageDialog *dialog;
  g_autofree char *index = g_build_filename (scratch_home, "index.html", NULL);
  g_autofree char *response = NULL;

  fixture_setup (&f);
  g_assert_true (g_file_set_contents (index, INDEX_BODY, -1, NULL));
  pt_settings_set_folder (f.settings, scratch_home);
  g_assert_null (_pt_window_get_folder_dialog (f.window));

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.start", NULL);
  dialog = _pt_window_get_folder_dialog (f.window);
  g_assert_nonnull (dialog);
  g_assert_false (pt_window_is_running (f.window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Serve Your Home Folder?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Everything in your home folder — documents, photos, downloads — could be read "
                   "by anyone who can reach the server. Hidden files and folders such as .ssh are "
                   "never served.");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "serve"), ==, "_Serve Anyway");

  adw_message_dialog_response (dialog, "cancel");
  g_assert_null (_pt_window_get_folder_dialog (f.window));
  iterate_for_ms (50);
  g_assert_false (pt_window_is_running (f.window));
  g_assert_true (pt_test_net_port_is_closed (pt_settings_get_port (f.settings)));

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.toggle-server", NULL);
  dialog = _pt_window_get_folder_dialog (f.window);
  g_assert_nonnull (dialog);
  g_assert_false (pt_window_is_running (f.window));
  adw_message_dialog_response (dialog, "serve");
  g_assert_true (pt_window_is_running (f.window));
  response = pt_test_net_get (pt_window_get_port (f.window), "/index.html");
  g_assert_cmpstr (pt_test_net_body_of (response), ==, INDEX_BODY);

  /* confirmed once: stop and start again without a question */
  pt_window_stop (f.window);
  g_assert_true (iterate_until (window_stopped, f.window));
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.start", NULL);
  g_assert_null (_pt_window_get_folder_dialog (f.window));
  g_assert_true (pt_window_is_running (f.window));

  g_unlink (index);
  fixture_teardown (&f);
}

/* While serving, taking a folder that holds .ssh asks before the server
 * moves to it. */
static void
test_private_dirs_while_running (void)
{
  Fixture f = { 0 };
  g_autofree char *account = NULL;
  g_autofree char *ssh = NULL;
  g_autofree char *folder = NULL;
  AdwMessageDialog *dialog;

  fixture_setup (&f);
  account = make_dir (f.tmpdir, "account");
  ssh = make_dir (account, ".ssh");
  start_window (&f);

  _pt_window_take_folder (f.window, account);
  dialog = _pt_window_get_folder_dialog (f.window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Serve “account”?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "“account” holds .ssh, so it looks like a home folder: everything in it could be "
                   "read by anyone who can reach the server. Hidden files and folders are never served.");
  adw_message_dialog_response (dialog, "cancel");
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, f.docroot);
  g_clear_pointer (&folder, g_free);

  _pt_window_take_folder (f.window, account);
  adw_message_dialog_response (_pt_window_get_folder_dialog (f.window), "serve");
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, account);

  fixture_teardown (&f);
}

static gboolean
serves_other (gpointer data)
{
  Fixture *f = data;
  guint port = pt_window_get_port (f->window);
  g_autofree char *response = NULL;

  if (port == 0)
    return FALSE;
  response = pt_test_net_get (port, "/only-other.html");
  return g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n");
}

/* A folder opened from outside: ready when stopped; asked when serving
 * another; the root refused. */
static void
test_open_folder (void)
{
  Fixture f = { 0 };
  g_autofree char *folder = NULL;
  AdwMessageDialog *dialog;
  g_autofree char *want_error = NULL;

  fixture_setup (&f);
  pt_window_open_folder (f.window, f.other_root);
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, f.other_root);
  g_assert_false (pt_window_is_running (f.window));
  g_assert_null (_pt_window_get_folder_dialog (f.window));
  g_clear_pointer (&folder, g_free);

  pt_window_open_folder (f.window, f.docroot);
  start_window (&f);
  pt_window_open_folder (f.window, f.other_root);
  dialog = _pt_window_get_folder_dialog (f.window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Serve “other” Instead?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "The server is sharing “site” now. Serving “other” restarts it: pages and "
                   "downloads from the current folder stop.");
  adw_message_dialog_response (dialog, "cancel");
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, f.docroot);
  g_clear_pointer (&folder, g_free);

  pt_window_open_folder (f.window, f.other_root);
  adw_message_dialog_response (_pt_window_get_folder_dialog (f.window), "serve");
  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, f.other_root);
  g_assert_true (iterate_until (serves_other, &f));

  /* the root: a toast, nothing changes */
  pt_window_open_folder (f.window, "/");
  g_assert_cmpstr (_pt_window_get_last_toast (f.window), ==,
                   "“/” is the root of the file system: serving it would share every readable "
                   "file on this computer. Choose a folder inside it.");
  g_assert_null (_pt_window_get_folder_dialog (f.window));
  pt_window_open_folder (f.window, NULL);
  g_assert_cmpstr (_pt_window_get_last_toast (f.window), ==, "Only local folders can be served");

  /* a stored "/" (dconf): Start refuses it inline */
  pt_window_stop (f.window);
  g_assert_true (iterate_until (window_stopped, f.window));
  pt_settings_set_folder (f.settings, "/");
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.start", NULL);
  g_assert_false (pt_window_is_running (f.window));
  g_assert_cmpstr (folder_error_text (f.window), ==,
                   "“/” is the root of the file system: serving it would share every readable "
                   "file on this computer. Choose a folder inside it.");

  fixture_teardown (&f);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything reads it: g_get_home_dir () keeps the first value. */
  scratch_home = g_dir_make_tmp ("portico-home-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", scratch_home, TRUE);

  if (pt_test_window_init (&argc, &argv))
    {
      g_assert_cmpstr (g_get_home_dir (), ==, scratch_home);
      g_test_add_func ("/ui/window-folders/start-summary", test_start_summary);
      g_test_add_func ("/ui/window-folders/drop", test_drop);
      g_test_add_func ("/ui/window-folders/recent", test_recent);
      g_test_add_func ("/ui/window-folders/home-confirmation", test_home_confirmation);
      g_test_add_func ("/ui/window-folders/private-dirs-while-running", test_private_dirs_while_running);
      g_test_add_func ("/ui/window-folders/open-folder", test_open_folder);
    }
  status = g_test_run ();
  g_rmdir (scratch_home);
  g_free (scratch_home);
  return status;
}
