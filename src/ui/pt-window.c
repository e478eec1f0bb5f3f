/* pt-window.c — the control panel window
 *
 * A view of one PtServerController: its widgets are bound to the
 * controller's properties (state, port, address, folder and its error) and
 * to the settings, the counters follow its "stats" signal and its messages
 * become toasts.  The log view shows the controller's log model.  The win.* actions
 * are in pt-window-actions.c.  Closing while serving stops cleanly first:
 * the window stays mapped but inert and is destroyed once stopped.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-console-page.h"
#include "pt-log-row.h"
#include "pt-log-view.h"
#include "pt-window-private.h"
#include "pt-window.h"

#define TOAST_TIMEOUT_S 5

G_DEFINE_FINAL_TYPE (PtWindow, pt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_pt_window_show_toast (PtWindow   *self,
                       const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  adw_toast_set_timeout (toast, TOAST_TIMEOUT_S);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ------------------------------------------------------------------------ */
/* property transforms                                                      */

static gboolean
string_or_empty (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

static gboolean
string_is_set (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_string (from) != NULL);
  return TRUE;
}

/* The address link keeps its last address while hidden. */
static gboolean
string_if_set (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  if (g_value_get_string (from) == NULL)
    return FALSE;
  g_value_set_string (to, g_value_get_string (from));
  return TRUE;
}

static gboolean
start_button_label (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  g_value_set_string (to, g_value_get_boolean (from) ? _("_Stop") : _("_Start"));
  return TRUE;
}


static gboolean
listen_is_network (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) == PT_LISTEN_NETWORK);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* what bindings cannot say                                                 */

/* The share card shows while serving on the network. */
static void
update_share_card (PtWindow *self)
{
  guint port = pt_server_controller_get_port (self->controller);

  if (pt_settings_get_listen (self->settings) != PT_LISTEN_NETWORK)
    port = 0;
  pt_share_card_set_key (self->share_card, pt_server_controller_get_access_key (self->controller));
  pt_share_card_set_port (self->share_card, port);
  gtk_widget_set_visible (GTK_WIDGET (self->share_card), port != 0);
}

static void
on_settings_listen_changed (PtSettings *settings,
                            GParamSpec *pspec,
                            PtWindow   *self)
{
  update_share_card (self);
}

static void
on_controller_port_changed (PtServerController *controller,
                            GParamSpec         *pspec,
                            PtWindow           *self)
{
  pt_console_page_set_port (self->console_page, pt_server_controller_get_port (controller));
  gtk_link_button_set_visited (self->address_link, FALSE);
  update_share_card (self);
}

/* Who can read the folder: everyone on the network, or (private link)
 * those with the link. */
static void
update_sharing_warning (PtWindow *self)
{
  const char *text;

  if (!pt_server_controller_get_running (self->controller))
    text = _("Anyone on your network will be able to read the files in this folder while the server is running.");
  else if (pt_server_controller_get_access_key (self->controller) != NULL)
    text = _("Only people with the link can open this folder now; anyone who can watch your network’s traffic could still read what they download.");
  else
    text = _("Anyone on your network can read the files in this folder now.");
  gtk_label_set_label (self->sharing_warning, text);
}

static void
on_controller_running_changed (PtServerController *controller,
                               GParamSpec         *pspec,
                               PtWindow           *self)
{
  update_sharing_warning (self);
}

/* New link: the address link follows "address"; the label, the sharing
 * warning and the address list follow here. */
static void
on_controller_access_key_changed (PtServerController *controller,
                                  GParamSpec         *pspec,
                                  PtWindow           *self)
{
  gtk_link_button_set_visited (self->address_link, FALSE);
  update_sharing_warning (self);
  update_share_card (self);
}

static void
on_controller_state_changed (PtServerController *controller,
                             GParamSpec         *pspec,
                             PtWindow           *self)
{
  GtkWidget *button = GTK_WIDGET (self->start_button);
  PtServerState state = pt_server_controller_get_state (controller);

  gtk_widget_remove_css_class (button, state == PT_SERVER_STATE_RUNNING
                                       ? "suggested-action" : "destructive-action");
  gtk_widget_add_css_class (button, state == PT_SERVER_STATE_RUNNING
                                    ? "destructive-action" : "suggested-action");
  if (state == PT_SERVER_STATE_STOPPED && self->closing)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
set_counter (GtkLabel *label,
             guint64   value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, value);
  gtk_label_set_text (label, text);
}

static void
on_controller_stats (PtServerController  *controller,
                     const PtServerStats *stats,
                     double               rate,
                     PtWindow            *self)
{
  g_autofree char *bytes = g_format_size (stats->bytes_sent);
  char errors[64];
  char rate_text[32];

  set_counter (self->connections_label, stats->connections_open);
  set_counter (self->requests_label, stats->requests);
  g_snprintf (rate_text, sizeof rate_text, "%.0f", rate);
  gtk_label_set_text (self->rate_label, rate_text);
  gtk_label_set_text (self->bytes_label, bytes);
  g_snprintf (errors, sizeof errors, "%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT,
              stats->status_4xx, stats->status_5xx);
  gtk_label_set_text (self->errors_label, errors);
  set_counter (self->browsers_label, stats->live_reload_browsers);
}

static void
on_controller_message (PtServerController *controller,
                       const char         *text,
                       PtWindow           *self)
{
  _pt_window_show_toast (self, text);
}

static void
on_share_card_message (PtShareCard *card,
                       const char  *text,
                       PtWindow    *self)
{
  _pt_window_show_toast (self, text);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static gboolean
pt_window_close_request (GtkWindow *window)
{
  PtWindow *self = PT_WINDOW (window);

  if (pt_server_controller_get_state (self->controller) == PT_SERVER_STATE_STOPPED)
    return GTK_WINDOW_CLASS (pt_window_parent_class)->close_request (window);

  /* Stop cleanly (log flushed) without freezing: destroy once stopped.  The
   * window stays mapped but inert meanwhile (hiding it first and destroying
   * it later crashed GTK 4.8 in a later main-loop iteration). */
  self->closing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  pt_server_controller_close (self->controller);
  return TRUE;
}

static void
bind_controller (PtWindow *self)
{
  GObject *controller = G_OBJECT (self->controller);
  GBindingFlags sync = G_BINDING_SYNC_CREATE;

  g_object_bind_property (controller, "folder", self->folder_row, "subtitle", sync);
  g_object_bind_property (controller, "running", self->running_box, "visible", sync);
  g_object_bind_property_full (controller, "running", self->start_button, "label", sync,
                               start_button_label, NULL, NULL, NULL);
  g_object_bind_property_full (controller, "access-key", self->new_link_button, "visible", sync,
                               string_is_set, NULL, NULL, NULL);
  g_object_bind_property_full (controller, "address", self->address_link, "label", sync,
                               string_if_set, NULL, NULL, NULL);
  g_object_bind_property_full (controller, "address", self->address_link, "uri", sync,
                               string_if_set, NULL, NULL, NULL);
  g_object_bind_property_full (controller, "folder-error", self->folder_error, "label", sync,
                               string_or_empty, NULL, NULL, NULL);
  g_object_bind_property_full (controller, "folder-error", self->folder_error, "visible", sync,
                               string_is_set, NULL, NULL, NULL);

  g_signal_connect_object (controller, "notify::state",
                           G_CALLBACK (on_controller_state_changed), self, 0);
  g_signal_connect_object (controller, "notify::port",
                           G_CALLBACK (on_controller_port_changed), self, 0);
  g_signal_connect_object (controller, "notify::access-key",
                           G_CALLBACK (on_controller_access_key_changed), self, 0);
  g_signal_connect_object (controller, "notify::running",
                           G_CALLBACK (on_controller_running_changed), self, 0);
  update_sharing_warning (self);
  g_signal_connect_object (controller, "stats", G_CALLBACK (on_controller_stats), self, 0);
  g_signal_connect_object (controller, "message", G_CALLBACK (on_controller_message), self, 0);
  g_signal_connect_object (self->share_card, "message", G_CALLBACK (on_share_card_message), self, 0);
  on_controller_state_changed (self->controller, NULL, self);
  on_controller_port_changed (self->controller, NULL, self);
}

static void
bind_settings (PtWindow *self)
{
  GBindingFlags both = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  GSettings *gsettings = pt_settings_get_gsettings (self->settings);

  g_object_bind_property (self->settings, "port", self->port_spin, "value", both);
  g_object_bind_property (self->settings, "listen", self->listen_dropdown, "selected", both);
  /* "Browsers connected" only means something with live reload on; the
   * flow box's child (the counter's parent) goes, so no empty slot stays. */
  g_object_bind_property (self->settings, "live-reload",
                          gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->browsers_label))),
                          "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self->settings, "listen", self->sharing_warning, "visible",
                               G_BINDING_SYNC_CREATE, listen_is_network, NULL, NULL, NULL);
  g_signal_connect_object (self->settings, "notify::listen",
                           G_CALLBACK (on_settings_listen_changed), self, 0);

  g_settings_bind (gsettings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (gsettings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
}

static void
pt_window_constructed (GObject *object)
{
  PtWindow *self = PT_WINDOW (object);

  G_OBJECT_CLASS (pt_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = pt_settings_new (NULL);
  self->controller = pt_server_controller_new (self->settings);
  pt_log_view_set_model (self->log_view, pt_server_controller_get_log_model (self->controller));

  bind_settings (self);
  bind_controller (self);
  _pt_window_actions_init (self);
  _pt_window_folders_init (self);
}

static void
pt_window_dispose (GObject *object)
{
  PtWindow *self = PT_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  _pt_window_folders_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_WINDOW);

  /* Only still serving if destroyed without close: the controller's
   * dispose then stops (joins) before its bridge goes. */
  g_clear_object (&self->controller);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pt_window_parent_class)->dispose (object);
}

static void
pt_window_finalize (GObject *object)
{
  PtWindow *self = PT_WINDOW (object);

  g_free (self->last_toast);

  G_OBJECT_CLASS (pt_window_parent_class)->finalize (object);
}

static void
pt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PtWindow *self = PT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PtWindow *self = PT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_window_class_init (PtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pt_window_constructed;
  object_class->dispose = pt_window_dispose;
  object_class->finalize = pt_window_finalize;
  object_class->get_property = pt_window_get_property;
  object_class->set_property = pt_window_set_property;
  window_class->close_request = pt_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, PT_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PT_TYPE_CONSOLE_PAGE);
  g_type_ensure (PT_TYPE_LOG_ROW);
  g_type_ensure (PT_TYPE_LOG_VIEW);
  g_type_ensure (PT_TYPE_SHARE_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/portico/Portico/pt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, listen_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, folder_error);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, sharing_warning);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, running_box);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, address_link);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, share_card);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, new_link_button);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, connections_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, browsers_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, requests_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, rate_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, errors_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, console_page);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, start_summary);

  _pt_window_class_actions_init (klass);
  _pt_window_class_folders_init (klass);
}

static void
pt_window_init (PtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A private link's address is long: shortened in the middle, it never
   * widens the window (the tooltip and Copy give all of it). */
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->address_link))),
                           PANGO_ELLIPSIZE_MIDDLE);
}

/* ------------------------------------------------------------------------ */
/* public API                                                               */

PtWindow *
pt_window_new (GtkApplication *application,
               PtSettings     *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (settings == NULL || PT_IS_SETTINGS (settings), NULL);

  return g_object_new (PT_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

PtSettings *
pt_window_get_settings (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), NULL);

  return self->settings;
}

PtServerController *
pt_window_get_controller (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), NULL);

  return self->controller;
}

gboolean
pt_window_is_running (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), FALSE);

  return pt_server_controller_get_running (self->controller);
}

guint
pt_window_get_port (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), 0);

  return pt_server_controller_get_port (self->controller);
}

void
pt_window_start (PtWindow *self)
{
  g_return_if_fail (PT_IS_WINDOW (self));

  /* A home folder asks first (pt-window-folders.c). */
  if (!self->closing && _pt_window_confirm_start (self))
    pt_server_controller_start (self->controller);
}

void
pt_window_stop (PtWindow *self)
{
  g_return_if_fail (PT_IS_WINDOW (self));

  pt_server_controller_stop (self->controller);
}

const char *
_pt_window_get_last_toast (PtWindow *self)
{
  return self->last_toast;
}

GtkFileChooserNative *
_pt_window_get_folder_chooser (PtWindow *self)
{
  return self->chooser;
}
