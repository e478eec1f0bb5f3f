/* pt-window-folders.c — PtWindow: taking a folder, and what Start will do
 *
 * Every way a folder reaches the window ends here: the chooser, a drop
 * (GdkFileList or GFile), the recent-folders menu, and a folder opened from
 * Files or the command line (pt_window_open_folder).  Each is checked by
 * the one folder check (pt_options_check_folder: the file system root is
 * refused) and refused with a toast.  A taken folder is stored (GSettings
 * "folder") and put first in "recent-folders" (pt-recent-folders.h); it is
 * shown ready to serve, never started by itself.
 *
 * What a user expects when a folder arrives while the server runs:
 * - from inside the window (chooser, drop, menu): the server moves to it at
 *   once, as the chooser always did (the user is looking at the window);
 * - from outside (Files, a second `portico FOLDER`): the window asks
 *   whether to serve it instead, since whoever is browsing the current
 *   folder would lose it.
 * Serving a home folder (or one that holds it, or one that directly holds
 * .ssh, .gnupg, .config…: pt-folder-risk.h) asks for confirmation before
 * the server starts on it, once per folder and window.
 *
 * When the server is stopped, one line says what Start will do: "Serve
 * Pictures on this computer at http://127.0.0.1:8080".
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pt-folder-risk.h"
#include "pt-options.h"
#include "pt-recent-folders.h"
#include "pt-window-private.h"

#define RECENT_FOLDERS_KEY "recent-folders"
#define RESPONSE_CANCEL    "cancel"
#define RESPONSE_SERVE     "serve"

/* ------------------------------------------------------------------------ */
/* names                                                                    */

static gboolean
is_home (const char *folder)
{
  g_autofree char *a = g_canonicalize_filename (folder, "/");
  g_autofree char *b = g_canonicalize_filename (g_get_home_dir (), "/");

  return g_str_equal (a, b);
}

/* "Pictures"; the home folder in words. */
static char *
folder_display_name (const char *folder)
{
  if (is_home (folder))
    return g_strdup (_("your home folder"));
  return g_filename_display_basename (folder);
}

/* "~/Pictures" for folders in the home folder, else the full path. */
static char *
folder_menu_label (const char *folder)
{
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);
  g_autofree char *name = g_filename_display_name (folder);

  if (g_str_has_prefix (folder, home) && folder[home_len] == '/' && home_len > 1)
    {
      g_autofree char *rest = g_filename_display_name (folder + home_len + 1);

      return g_strconcat ("~/", rest, NULL);
    }
  return g_steal_pointer (&name);
}

/* ------------------------------------------------------------------------ */
/* what Start will do                                                       */

static void
update_start_summary (PtWindow *self)
{
  g_autofree char *folder = pt_settings_dup_folder (self->settings);
  g_autofree char *name = folder_display_name (folder);
  g_autofree char *text = NULL;
  guint port = pt_settings_get_port (self->settings);

  if (pt_settings_get_listen (self->settings) == PT_LISTEN_NETWORK)
    /* Translators: Serve Pictures on your network at port 8080 */
    text = g_strdup_printf (_("Serve %s on your network at port %u"), name, port);
  else
    {
      g_autofree char *url = g_strdup_printf ("http://%s:%u", PT_SETTINGS_LOCAL_HOST, port);

      /* Translators: Serve Pictures on this computer at http://127.0.0.1:8080 */
      text = g_strdup_printf (_("Serve %s on this computer at %s"), name, url);
    }
  gtk_label_set_text (self->start_summary, text);
}

static void
on_settings_summary_changed (PtSettings *settings,
                             GParamSpec *pspec,
                             PtWindow   *self)
{
  update_start_summary (self);
}

/* ------------------------------------------------------------------------ */
/* recent folders                                                           */

static void
rebuild_recent_menu (PtWindow           *self,
                     const char * const *list)
{
  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *label = folder_menu_label (list[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (list[i]));
      g_menu_append_item (self->recent_menu, item);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_button), list[0] != NULL);
}

/* Stores list (when it changed) and shows it. */
static void
store_recent (PtWindow           *self,
              const char * const *list)
{
  GSettings *gsettings = pt_settings_get_gsettings (self->settings);
  g_auto(GStrv) stored = g_settings_get_strv (gsettings, RECENT_FOLDERS_KEY);

  if (!g_strv_equal ((const char * const *) stored, list))
    g_settings_set_strv (gsettings, RECENT_FOLDERS_KEY, list);
  rebuild_recent_menu (self, list);
}

/* Drops the folders that are gone. */
static void
load_recent (PtWindow *self)
{
  g_auto(GStrv) stored = g_settings_get_strv (pt_settings_get_gsettings (self->settings),
                                              RECENT_FOLDERS_KEY);
  g_auto(GStrv) pruned = pt_recent_folders_prune ((const char * const *) stored);

  store_recent (self, (const char * const *) pruned);
}

static void
add_recent (PtWindow   *self,
            const char *folder)
{
  g_auto(GStrv) stored = NULL;
  g_auto(GStrv) pruned = NULL;
  g_auto(GStrv) added = NULL;

  /* GSettings strings are UTF-8. */
  if (!g_utf8_validate (folder, -1, NULL))
    return;
  stored = g_settings_get_strv (pt_settings_get_gsettings (self->settings), RECENT_FOLDERS_KEY);
  pruned = pt_recent_folders_prune ((const char * const *) stored);
  added = pt_recent_folders_add ((const char * const *) pruned, folder);
  store_recent (self, (const char * const *) added);
}

/* ------------------------------------------------------------------------ */
/* taking a folder                                                          */

/* The one folder check, as a toast. */
static gboolean
check_folder (PtWindow   *self,
              const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (pt_options_check_folder (folder, &error))
    return TRUE;
  name = g_filename_display_name (folder);
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    text = g_strdup_printf (_("The folder “%s” does not exist. Choose another folder."), name);
  else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
    {
      g_autofree char *base = g_filename_display_basename (folder);

      text = g_strdup_printf (_("“%s” is not a folder: only folders can be served"), base);
    }
  else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM))
    text = g_strdup_printf (_("“%s” is the root of the file system: serving it would share every readable file on this computer. Choose a folder inside it."),
                            name);
  else
    text = g_strdup_printf (_("The folder “%s” cannot be read. Choose another folder."), name);
  _pt_window_show_toast (self, text);
  return FALSE;
}

static gboolean
needs_confirmation (PtWindow   *self,
                    const char *folder)
{
  if (g_strcmp0 (self->confirmed_folder, folder) == 0)
    return FALSE;
  return pt_folder_risk_assess (folder, g_get_home_dir (), NULL) != PT_FOLDER_RISK_NONE;
}

static void
set_folder_now (PtWindow   *self,
                const char *folder)
{
  pt_settings_set_folder (self->settings, folder);
  add_recent (self, folder);
}

static void take_folder (PtWindow   *self,
                         const char *folder,
                         gboolean    ask_switch);

static void
on_folder_dialog_response (AdwMessageDialog *dialog,
                           const char       *response,
                           PtWindow         *self)
{
  g_autofree char *folder = g_steal_pointer (&self->pending_folder);
  PtFolderStep step = self->pending_step;

  self->folder_dialog = NULL;
  if (!g_str_equal (response, RESPONSE_SERVE) || self->closing)
    return;

  switch (step)
    {
    case PT_FOLDER_STEP_START:
      g_free (self->confirmed_folder);
      self->confirmed_folder = g_strdup (folder);
      pt_server_controller_start (self->controller);
      break;
    case PT_FOLDER_STEP_TAKE:
      g_free (self->confirmed_folder);
      self->confirmed_folder = g_strdup (folder);
      set_folder_now (self, folder);
      break;
    case PT_FOLDER_STEP_SWITCH:
      take_folder (self, folder, FALSE);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
ask (PtWindow     *self,
     PtFolderStep  step,
     const char   *folder,
     const char   *heading,
     const char   *body,
     const char   *serve_label,
     gboolean      risky)
{
  AdwMessageDialog *dialog;

  if (self->folder_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->folder_dialog));
  g_free (self->pending_folder);
  self->pending_folder = g_strdup (folder);
  self->pending_step = step;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    RESPONSE_CANCEL, _("_Cancel"),
                                    RESPONSE_SERVE, serve_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, RESPONSE_SERVE,
                                              risky ? ADW_RESPONSE_DESTRUCTIVE
                                                    : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (dialog, RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_folder_dialog_response), self, 0);
  self->folder_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ask_risk (PtWindow     *self,
          PtFolderStep  step,
          const char   *folder)
{
  g_autofree char *private_dir = NULL;
  g_autofree char *name = g_filename_display_basename (folder);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  switch (pt_folder_risk_assess (folder, g_get_home_dir (), &private_dir))
    {
    case PT_FOLDER_RISK_HOME:
      heading = g_strdup (_("Serve Your Home Folder?"));
      body = g_strdup (_("Everything in your home folder — documents, photos, downloads — could be read by anyone who can reach the server. Hidden files and folders such as .ssh are never served."));
      break;
    case PT_FOLDER_RISK_HOLDS_HOME:
      heading = g_strdup_printf (_("Serve “%s”?"), name);
      body = g_strdup_printf (_("“%s” holds your home folder: everything in it could be read by anyone who can reach the server. Hidden files and folders such as .ssh are never served."),
                              name);
      break;
    case PT_FOLDER_RISK_PRIVATE_DIRS:
      heading = g_strdup_printf (_("Serve “%s”?"), name);
      /* Translators: “alice” holds .ssh, so it looks like a home folder: … */
      body = g_strdup_printf (_("“%s” holds %s, so it looks like a home folder: everything in it could be read by anyone who can reach the server. Hidden files and folders are never served."),
                              name, private_dir);
      break;
    case PT_FOLDER_RISK_NONE:
    default:
      g_assert_not_reached ();
    }
  ask (self, step, folder, heading, body, _("_Serve Anyway"), TRUE);
}

/* ask_switch: the folder came from outside the window (see the top). */
static void
take_folder (PtWindow   *self,
             const char *folder,
             gboolean    ask_switch)
{
  g_autofree char *current = NULL;
  gboolean running;

  if (self->closing || !check_folder (self, folder))
    return;

  running = pt_server_controller_get_state (self->controller) != PT_SERVER_STATE_STOPPED;
  current = pt_settings_dup_folder (self->settings);
  if (running && ask_switch && !g_str_equal (current, folder))
    {
      g_autofree char *name = g_filename_display_basename (folder);
      g_autofree char *current_name = g_filename_display_basename (current);
      g_autofree char *heading = g_strdup_printf (_("Serve “%s” Instead?"), name);
      g_autofree char *body =
        g_strdup_printf (_("The server is sharing “%s” now. Serving “%s” restarts it: pages and downloads from the current folder stop."),
                         current_name, name);

      ask (self, PT_FOLDER_STEP_SWITCH, folder, heading, body, _("_Serve Instead"), FALSE);
      return;
    }
  /* A running server restarts on the folder by itself: confirm first. */
  if (running && needs_confirmation (self, folder))
    {
      ask_risk (self, PT_FOLDER_STEP_TAKE, folder);
      return;
    }
  set_folder_now (self, folder);
}

void
_pt_window_take_folder (PtWindow   *self,
                        const char *folder)
{
  g_return_if_fail (PT_IS_WINDOW (self));
  g_return_if_fail (folder != NULL);

  take_folder (self, folder, FALSE);
}

gboolean
_pt_window_confirm_start (PtWindow *self)
{
  g_autofree char *folder = pt_settings_dup_folder (self->settings);

  /* The root and unreadable folders get the controller's inline error. */
  if (!pt_options_check_folder (folder, NULL) || !needs_confirmation (self, folder))
    return TRUE;
  ask_risk (self, PT_FOLDER_STEP_START, folder);
  return FALSE;
}

void
pt_window_open_folder (PtWindow   *self,
                       const char *folder)
{
  g_return_if_fail (PT_IS_WINDOW (self));

  if (folder == NULL)
    _pt_window_show_toast (self, _("Only local folders can be served"));
  else
    take_folder (self, folder, TRUE);
}

/* ------------------------------------------------------------------------ */
/* drop                                                                     */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PtWindow      *self)
{
  g_autoptr(GSList) files = NULL;
  g_autofree char *path = NULL;
  GFile *file;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = g_slist_prepend (NULL, g_value_get_object (value));

  if (files == NULL || files->next != NULL)
    {
      _pt_window_show_toast (self, _("Drop one folder at a time"));
      return FALSE;
    }
  file = files->data;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      _pt_window_show_toast (self, _("Only local folders can be served"));
      return FALSE;
    }
  if (!check_folder (self, path))
    return FALSE;
  take_folder (self, path, FALSE);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* actions and setup                                                        */

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);
  const char *folder = g_variant_get_string (param, NULL);

  /* Gone since the menu was built: say so, and drop it from the list. */
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      check_folder (self, folder);
      load_recent (self);
      return;
    }
  take_folder (self, folder, FALSE);
}

void
_pt_window_class_folders_init (PtWindowClass *klass)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "win.open-recent", "s",
                                   open_recent_action);
}

void
_pt_window_folders_init (PtWindow *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));

  self->recent_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->recent_menu));
  load_recent (self);

  g_signal_connect_object (self->settings, "notify::folder",
                           G_CALLBACK (on_settings_summary_changed), self, 0);
  g_signal_connect_object (self->settings, "notify::port",
                           G_CALLBACK (on_settings_summary_changed), self, 0);
  g_signal_connect_object (self->settings, "notify::listen",
                           G_CALLBACK (on_settings_summary_changed), self, 0);
  g_object_bind_property (self->controller, "running", self->start_summary, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  update_start_summary (self);
}

void
_pt_window_folders_dispose (PtWindow *self)
{
  if (self->folder_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->folder_dialog));
  self->folder_dialog = NULL;
  g_clear_object (&self->recent_menu);
  g_clear_pointer (&self->pending_folder, g_free);
  g_clear_pointer (&self->confirmed_folder, g_free);
  /* the widget owns drop_target */
  self->drop_target = NULL;
}

AdwMessageDialog *
_pt_window_get_folder_dialog (PtWindow *self)
{
  return self->folder_dialog;
}

GtkDropTarget *
_pt_window_get_drop_target (PtWindow *self)
{
  return self->drop_target;
}
