/* pt-window-actions.c — PtWindow's win.* actions
 *
 * Installed on the class with their keyboard shortcuts.  Each shortcut is
 * registered once: here, or, for the actions in the main menu (which shows
 * only application accels), in pt-application.c.  Which actions are
 * enabled follows the controller's "state".
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-preferences-dialog.h"
#include "pt-window-private.h"

static void
toggle_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);

  if (pt_server_controller_get_running (self->controller))
    pt_window_stop (self);
  else
    pt_window_start (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  pt_window_start (PT_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  pt_window_stop (PT_WINDOW (widget));
}

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     PtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        _pt_window_take_folder (self, path);
      else if (file != NULL)
        _pt_window_show_toast (self, _("Only local folders can be served"));
    }
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);
  g_autofree char *folder = NULL;
  g_autoptr(GFile) current = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Choose a Folder to Serve"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Serve"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  folder = pt_settings_dup_folder (self->settings);
  current = g_file_new_for_path (folder);
  if (g_file_query_exists (current, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PtWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open %s"), error->message);

      _pt_window_show_toast (self, text);
    }
}

static void
open_browser_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);
  const char *address = pt_server_controller_get_address (self->controller);

  if (address == NULL)
    return;
  gtk_show_uri_full (GTK_WINDOW (self), address, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, g_object_ref (self));
}

static void
copy_address_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);
  const char *address = pt_server_controller_get_address (self->controller);

  if (address == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), address);
  _pt_window_show_toast (self, _("Address copied"));
}

static void
new_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);

  if (pt_server_controller_get_access_key (self->controller) == NULL)
    return;
  pt_server_controller_new_access_key (self->controller);
  _pt_window_show_toast (self, _("New link made; the old link no longer works"));
}

static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  pt_log_view_clear (PT_WINDOW (widget)->log_view);
}

static void
open_log_file_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);
  g_autofree char *path = pt_settings_dup_log_path (self->settings);
  g_autofree char *uri = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *text = g_strdup_printf (_("There is no log file yet at %s"), path);

      _pt_window_show_toast (self, text);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    return;
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, g_object_ref (self));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  pt_log_view_focus_search (PT_WINDOW (widget)->log_view);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);
  const char *page = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->stack, page) == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->stack, page);
  if (g_str_equal (page, "console"))
    gtk_widget_grab_focus (GTK_WIDGET (self->console_page));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);
  PtPreferencesDialog *dialog = pt_preferences_dialog_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const struct {
  const char              *name;
  const char              *param_type;
  GtkWidgetActionActivateFunc activate;
  guint                    key;          /* 0: no shortcut */
  GdkModifierType          mods;
  const char              *key_param;    /* "s" parameter of the shortcut */
} window_actions[] = {
  { "win.toggle-server", NULL, toggle_server_action, GDK_KEY_r, GDK_CONTROL_MASK, NULL },
  { "win.start", NULL, start_action, 0, 0, NULL },
  { "win.stop", NULL, stop_action, 0, 0, NULL },
  { "win.choose-folder", NULL, choose_folder_action, GDK_KEY_o, GDK_CONTROL_MASK, NULL },
  { "win.open-browser", NULL, open_browser_action, GDK_KEY_b, GDK_CONTROL_MASK, NULL },
  { "win.copy-address", NULL, copy_address_action, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, NULL },
  { "win.clear-log", NULL, clear_log_action, GDK_KEY_k, GDK_CONTROL_MASK, NULL },
  { "win.new-link", NULL, new_link_action, 0, 0, NULL },
  { "win.open-log-file", NULL, open_log_file_action, 0, 0, NULL },
  { "win.search", NULL, search_action, GDK_KEY_f, GDK_CONTROL_MASK, NULL },
  /* Ctrl+comma is the application's accel: a menu shows only those. */
  { "win.preferences", NULL, preferences_action, 0, 0, NULL },
  { "win.show-page", "s", show_page_action, GDK_KEY_1, GDK_ALT_MASK, "server" },
  { "win.show-page", "s", NULL, GDK_KEY_2, GDK_ALT_MASK, "console" },
};

void
_pt_window_class_actions_init (PtWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  for (guint i = 0; i < G_N_ELEMENTS (window_actions); i++)
    {
      if (window_actions[i].activate != NULL)
        gtk_widget_class_install_action (widget_class, window_actions[i].name,
                                         window_actions[i].param_type,
                                         window_actions[i].activate);
      if (window_actions[i].key == 0)
        continue;
      if (window_actions[i].key_param != NULL)
        gtk_widget_class_add_binding_action (widget_class, window_actions[i].key,
                                             window_actions[i].mods, window_actions[i].name,
                                             "s", window_actions[i].key_param);
      else
        gtk_widget_class_add_binding_action (widget_class, window_actions[i].key,
                                             window_actions[i].mods, window_actions[i].name,
                                             NULL);
    }
}

static void
on_controller_state_changed (PtServerController *controller,
                             GParamSpec         *pspec,
                             PtWindow           *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PtServerState state = pt_server_controller_get_state (controller);
  gboolean running = state == PT_SERVER_STATE_RUNNING;

  gtk_widget_action_set_enabled (widget, "win.toggle-server", state != PT_SERVER_STATE_STOPPING);
  gtk_widget_action_set_enabled (widget, "win.start", state == PT_SERVER_STATE_STOPPED);
  gtk_widget_action_set_enabled (widget, "win.stop", running);
  gtk_widget_action_set_enabled (widget, "win.open-browser", running);
  gtk_widget_action_set_enabled (widget, "win.copy-address", running);
  gtk_widget_action_set_enabled (widget, "win.new-link",
                                 running && pt_server_controller_get_access_key (controller) != NULL);
}

void
_pt_window_actions_init (PtWindow *self)
{
  g_signal_connect_object (self->controller, "notify::state",
                           G_CALLBACK (on_controller_state_changed), self, 0);
  g_signal_connect_object (self->controller, "notify::access-key",
                           G_CALLBACK (on_controller_state_changed), self, 0);
  on_controller_state_changed (self->controller, NULL, self);
}
