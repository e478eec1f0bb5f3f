/* pt-window.c — the control panel window
 *
 * The window owns one PtEventBridge for its lifetime and at most one PtServer
 * at a time.  Starting binds on the UI thread (fast); stopping joins the
 * engine's threads, so it runs in a GTask thread and the window keeps
 * painting.  Engine events arrive in batches from the bridge (idle priority,
 * below redraw) and go into a ring-buffer model; the counters come from the
 * stats snapshot, never from the rows.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pt-console-page.h"
#include "pt-event-bridge.h"
#include "pt-lan.h"
#include "pt-log-row-factory.h"
#include "pt-log-model.h"
#include "pt-log-row.h"
#include "pt-port-holder.h"
#include "pt-preferences-dialog.h"
#include "pt-server.h"
#include "pt-window-private.h"
#include "pt-window.h"

#define LOG_DIR_MODE           0700
#define US_PER_S               1000000.0
#define FOLLOW_SLACK_PX        4.0

/* A limited trace still fills the log view every second. */
G_STATIC_ASSERT (PT_WINDOW_TRACE_MAX_PER_SECOND >= PT_LOG_MODEL_CAPACITY);

typedef enum
{
  STATE_STOPPED,
  STATE_RUNNING,
  STATE_STOPPING,
} State;

struct _PtWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkButton            *start_button;
  GtkSpinButton        *port_spin;
  GtkDropDown          *listen_dropdown;
  AdwActionRow         *folder_row;
  GtkLabel             *folder_error;
  GtkLabel             *sharing_warning;
  GtkWidget            *running_box;
  GtkLinkButton        *address_link;
  GtkLabel             *lan_label;
  GtkLabel             *connections_label;
  GtkLabel             *requests_label;
  GtkLabel             *rate_label;
  GtkLabel             *bytes_label;
  GtkLabel             *errors_label;
  GtkSearchEntry       *search_entry;
  GtkScrolledWindow    *log_scroller;
  GtkGridView          *log_view;
  GtkWidget            *log_header;
  GtkScrolledWindow    *log_header_scroller;
  AdwViewStack         *stack;
  PtConsolePage        *console_page;

  PtSettings           *settings;
  PtLogModel           *log_model;
  GtkFilterListModel   *filter_model;
  char                 *filter_needle;     /* case-folded, NULL: no filter */
  PtEventBridge        *bridge;

  PtServer             *server;            /* RUNNING or STOPPING */
  State                 state;
  gboolean              want_start;        /* start again once stopped */
  gboolean              closing;
  guint                 restart_source;
  guint                 stats_source;
  guint                 log_flush_source;
  gint64                last_log_flush;

  PtServerStats         last_stats;
  gint64                last_stats_time;
  char                 *address;           /* "http://127.0.0.1:8080/" while running */
  char                 *last_toast;
  GtkFileChooserNative *chooser;

  /* following the newest row */
  gboolean              following;
  gboolean              scroll_pending;
  double                last_scroll_value;
  GdkFrameClock        *frame_clock;
  gulong                after_paint_id;
  guint64               frames_painted;
};

G_DEFINE_FINAL_TYPE (PtWindow, pt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_server (PtWindow *self);
static void stop_server  (PtWindow *self);

/* ------------------------------------------------------------------------ */
/* toasts and inline errors                                                 */

static void
show_toast (PtWindow   *self,
            const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_folder_error (PtWindow   *self,
                  const char *message)
{
  gtk_label_set_text (self->folder_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->folder_error), message != NULL);
}

/* ------------------------------------------------------------------------ */
/* UI state                                                                 */

static void
update_folder_row (PtWindow *self)
{
  g_autofree char *folder = pt_settings_dup_folder (self->settings);

  adw_action_row_set_subtitle (self->folder_row, folder);
}

static void
update_lan_label (PtWindow *self)
{
  g_auto(GStrv) addresses = NULL;
  g_autoptr(GString) text = NULL;
  gboolean network;
  guint port;

  network = self->state == STATE_RUNNING &&
            pt_settings_get_listen (self->settings) == PT_LISTEN_NETWORK;
  if (!network)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->lan_label), FALSE);
      return;
    }

  port = pt_server_get_port (self->server);
  addresses = pt_lan_dup_addresses ();
  text = g_string_new (NULL);
  if (addresses == NULL || addresses[0] == NULL)
    g_string_append (text, _("No network address found: other devices cannot reach this computer."));
  else
    {
      g_string_append (text, _("Other devices can use:"));
      for (guint i = 0; addresses[i] != NULL; i++)
        g_string_append_printf (text, "\nhttp://%s:%u/", addresses[i], port);
    }
  gtk_label_set_text (self->lan_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->lan_label), TRUE);
}

static void
update_ui (PtWindow *self)
{
  GtkWidget *button = GTK_WIDGET (self->start_button);
  gboolean running = self->state == STATE_RUNNING;
  gboolean network = pt_settings_get_listen (self->settings) == PT_LISTEN_NETWORK;

  gtk_button_set_label (self->start_button, running ? _("_Stop") : _("_Start"));
  if (running)
    {
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-server",
                                 self->state != STATE_STOPPING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start", self->state == STATE_STOPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-browser", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-address", running);

  g_clear_pointer (&self->address, g_free);
  if (running)
    {
      guint port = pt_server_get_port (self->server);

      self->address = g_strdup_printf ("http://%s:%u/", PT_SETTINGS_LOCAL_HOST, port);
      gtk_button_set_label (GTK_BUTTON (self->address_link), self->address);
      gtk_link_button_set_uri (self->address_link, self->address);
      gtk_link_button_set_visited (self->address_link, FALSE);
      pt_console_page_set_port (self->console_page, port);
    }
  else
    pt_console_page_set_port (self->console_page, 0);

  gtk_widget_set_visible (self->running_box, running);
  gtk_widget_set_visible (GTK_WIDGET (self->sharing_warning), network);
  if (network)
    gtk_label_set_text (self->sharing_warning,
                        running ? _("Anyone on your network can read the files in this folder now.")
                                : _("Anyone on your network will be able to read the files in this folder while the server is running."));
  update_lan_label (self);
}

/* ------------------------------------------------------------------------ */
/* counters                                                                 */

static void
set_counter (GtkLabel *label,
             guint64   value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, value);
  gtk_label_set_text (label, text);
}

static void
show_stats (PtWindow            *self,
            const PtServerStats *stats,
            double               rate)
{
  g_autofree char *bytes = g_format_size (stats->bytes_sent);
  char errors[64];
  char rate_text[32];

  set_counter (self->connections_label, stats->connections_open);
  set_counter (self->requests_label, stats->requests);
  g_snprintf (rate_text, sizeof rate_text, "%.0f", rate);
  gtk_label_set_text (self->rate_label, rate_text);
  gtk_label_set_text (self->bytes_label, bytes);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->bytes_label), NULL);
  g_snprintf (errors, sizeof errors, "%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT,
              stats->status_4xx, stats->status_5xx);
  gtk_label_set_text (self->errors_label, errors);
}

static void
pull_stats (PtWindow *self)
{
  PtServerStats stats;
  gint64 now = g_get_monotonic_time ();
  double rate = 0;

  g_assert (self->server != NULL);

  pt_server_get_stats (self->server, &stats);
  if (self->last_stats_time > 0 && now > self->last_stats_time &&
      stats.requests >= self->last_stats.requests)
    rate = (double) (stats.requests - self->last_stats.requests) * US_PER_S /
           (double) (now - self->last_stats_time);
  self->last_stats = stats;
  self->last_stats_time = now;
  show_stats (self, &stats, rate);
}

static gboolean
on_stats_timeout (gpointer user_data)
{
  PtWindow *self = PT_WINDOW (user_data);

  if (self->state == STATE_RUNNING)
    pull_stats (self);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* the log view                                                             */

static void
on_frame_clock_after_paint (GdkFrameClock *clock,
                            PtWindow      *self)
{
  GtkAdjustment *adj;

  self->frames_painted++;
  if (!self->scroll_pending)
    return;
  self->scroll_pending = FALSE;
  if (!self->following)
    return;

  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->log_view));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) -
                                 gtk_adjustment_get_page_size (adj));
  self->last_scroll_value = gtk_adjustment_get_value (adj);
}

static void
on_log_vadjustment_value_changed (GtkAdjustment *adj,
                                  PtWindow      *self)
{
  double value = gtk_adjustment_get_value (adj);
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (value >= bottom - FOLLOW_SLACK_PX)
    self->following = TRUE;
  else if (value < self->last_scroll_value && !self->scroll_pending)
    self->following = FALSE;
  self->last_scroll_value = value;
}

static gboolean
on_log_scroll (GtkEventControllerScroll *controller,
               double                    dx,
               double                    dy,
               PtWindow                 *self)
{
  if (dy < 0)
    self->following = FALSE;
  return FALSE;
}

static void
on_window_realize (GtkWidget *widget,
                   PtWindow  *self)
{
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_id = g_signal_connect (self->frame_clock, "after-paint",
                                           G_CALLBACK (on_frame_clock_after_paint), self);
}

static void
on_window_unrealize (GtkWidget *widget,
                     PtWindow  *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

static void
flush_log (PtWindow *self)
{
  self->last_log_flush = g_get_monotonic_time ();
  if (pt_log_model_get_n_queued (self->log_model) == 0)
    return;
  pt_log_model_flush (self->log_model);
  if (self->following)
    {
      self->scroll_pending = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self->log_view));
    }
}

static gboolean
on_log_flush_timeout (gpointer user_data)
{
  PtWindow *self = PT_WINDOW (user_data);

  self->log_flush_source = 0;
  flush_log (self);
  return G_SOURCE_REMOVE;
}

/* Rows are queued and become list items at most every
 * PT_LOG_MODEL_FLUSH_INTERVAL_MS: a quiet server's events show at once, a
 * flood relayouts the list a few times a second, not once per batch. */
static void
on_events (PtEvent  **events,
           guint      n_events,
           gpointer   user_data)
{
  PtWindow *self = PT_WINDOW (user_data);
  gint64 due;
  gint64 now;

  pt_log_model_queue_events (self->log_model, (PtEvent * const *) events, n_events);
  if (self->log_flush_source != 0)
    return;

  now = g_get_monotonic_time ();
  due = self->last_log_flush + PT_LOG_MODEL_FLUSH_INTERVAL_MS * G_TIME_SPAN_MILLISECOND;
  if (now >= due)
    {
      flush_log (self);
      return;
    }
  self->log_flush_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE,
                                               (guint) ((due - now) / G_TIME_SPAN_MILLISECOND) + 1,
                                               on_log_flush_timeout, self, NULL);
  g_source_set_name_by_id (self->log_flush_source, "[portico] log flush");
}

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  PtWindow *self = PT_WINDOW (user_data);

  return pt_log_row_matches (PT_LOG_ROW (item), self->filter_needle);
}

static void
on_search_entry_search_changed (GtkSearchEntry *entry,
                                PtWindow       *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GtkCustomFilter) filter = NULL;

  g_clear_pointer (&self->filter_needle, g_free);
  if (text == NULL || text[0] == '\0')
    {
      gtk_filter_list_model_set_filter (self->filter_model, NULL);
      return;
    }
  self->filter_needle = g_utf8_casefold (text, -1);
  filter = gtk_custom_filter_new (filter_row, self, NULL);
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (filter));
}

/* ------------------------------------------------------------------------ */
/* starting and stopping                                                    */

static gboolean
check_folder (const char  *folder,
              GError     **error)
{
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("The folder “%s” does not exist. Choose another folder."), folder);
      return FALSE;
    }
  if (g_access (folder, R_OK | X_OK) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                   _("The folder “%s” cannot be read. Choose another folder."), folder);
      return FALSE;
    }
  return TRUE;
}

static void
start_server (PtWindow *self)
{
  g_autoptr(PtServerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_dir = NULL;
  PtServer *server;
  guint port;

  g_assert (PT_IS_WINDOW (self));

  if (self->closing)
    return;
  if (self->state == STATE_STOPPING)
    {
      self->want_start = TRUE;
      return;
    }
  if (self->state == STATE_RUNNING)
    return;

  config = pt_settings_to_config (self->settings);
  config->trace_max_per_second = PT_WINDOW_TRACE_MAX_PER_SECOND;
  set_folder_error (self, NULL);
  if (!check_folder (config->docroot, &error))
    {
      set_folder_error (self, error->message);
      return;
    }

  if (config->log_path != NULL)
    {
      log_dir = g_path_get_dirname (config->log_path);
      if (g_mkdir_with_parents (log_dir, LOG_DIR_MODE) != 0)
        g_debug ("cannot create %s: %s", log_dir, g_strerror (errno));
    }

  server = pt_server_new (config, pt_event_bridge_post, self->bridge);
  if (!pt_server_start (server, &error))
    {
      pt_server_free (server);
      if (g_error_matches (error, PT_SERVER_ERROR, PT_SERVER_ERROR_DOCROOT))
        set_folder_error (self, error->message);
      else
        {
          g_autofree char *text = g_strdup_printf (_("Could not start the server: %s"),
                                                   error->message);
          show_toast (self, text);
        }
      update_ui (self);
      return;
    }

  self->server = server;
  self->state = STATE_RUNNING;
  memset (&self->last_stats, 0, sizeof self->last_stats);
  self->last_stats_time = 0;
  pull_stats (self);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  self->stats_source = g_timeout_add (PT_WINDOW_STATS_INTERVAL_MS, on_stats_timeout, self);
  g_source_set_name_by_id (self->stats_source, "[portico] window stats");

  port = pt_server_get_port (server);
  if (config->port != 0 && port != config->port)
    {
      g_autofree char *holder = pt_port_holder_describe (config->port);
      g_autofree char *wanted = g_strdup_printf ("%u", config->port);
      g_autofree char *got = g_strdup_printf ("%u", port);
      g_autofree char *text = NULL;

      if (holder != NULL)
        /* Translators: port 8080 is in use by nginx (pid 1234); serving on port 8081 instead */
        text = g_strdup_printf (_("Port %s is in use by %s; serving on port %s instead"),
                                wanted, holder, got);
      else
        text = g_strdup_printf (_("Port %s is in use; serving on port %s instead"),
                                wanted, got);
      show_toast (self, text);
    }

  update_ui (self);
}

static void
stop_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  pt_server_stop (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PtWindow *self = PT_WINDOW (object);
  PtServerStats stats;

  g_assert (self->state == STATE_STOPPING);

  pt_server_get_stats (self->server, &stats);
  show_stats (self, &stats, 0);
  g_clear_pointer (&self->server, pt_server_free);
  self->state = STATE_STOPPED;
  pt_event_bridge_flush (self->bridge);
  update_ui (self);

  if (self->closing)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (self->want_start)
    {
      self->want_start = FALSE;
      start_server (self);
    }
}

static void
stop_server (PtWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (PT_IS_WINDOW (self));

  if (self->state != STATE_RUNNING)
    {
      self->want_start = FALSE;
      return;
    }

  pull_stats (self);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  self->state = STATE_STOPPING;
  update_ui (self);

  task = g_task_new (self, NULL, stop_cb, NULL);
  g_task_set_source_tag (task, stop_server);
  g_task_set_name (task, "[portico] stop server");
  g_task_set_task_data (task, self->server, NULL);
  g_task_run_in_thread (task, stop_thread);
}

static gboolean
on_restart_timeout (gpointer user_data)
{
  PtWindow *self = PT_WINDOW (user_data);

  self->restart_source = 0;
  if (self->state == STATE_RUNNING)
    {
      self->want_start = TRUE;
      stop_server (self);
    }
  else if (self->state == STATE_STOPPING)
    self->want_start = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_settings_changed (PtSettings *settings,
                     GParamSpec *pspec,
                     PtWindow   *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "start-on-open"))
    return;
  if (g_str_equal (name, "folder"))
    {
      update_folder_row (self);
      set_folder_error (self, NULL);
    }
  if (g_str_equal (name, "listen"))
    update_ui (self);

  if (self->state == STATE_STOPPED)
    return;
  g_clear_handle_id (&self->restart_source, g_source_remove);
  self->restart_source = g_timeout_add (PT_WINDOW_RESTART_DELAY_MS, on_restart_timeout, self);
  g_source_set_name_by_id (self->restart_source, "[portico] restart server");
}

/* ------------------------------------------------------------------------ */
/* actions                                                                  */

static void
toggle_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);

  if (self->state == STATE_RUNNING)
    stop_server (self);
  else
    start_server (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  start_server (PT_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  stop_server (PT_WINDOW (widget));
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
        pt_settings_set_folder (self->settings, path);
      else if (file != NULL)
        show_toast (self, _("Only local folders can be served"));
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

      show_toast (self, text);
    }
}

static void
open_browser_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);

  if (self->address == NULL)
    return;
  gtk_show_uri_full (GTK_WINDOW (self), self->address, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, g_object_ref (self));
}

static void
copy_address_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);

  if (self->address == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->address);
  show_toast (self, _("Address copied"));
}

static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PtWindow *self = PT_WINDOW (widget);

  pt_log_model_clear (self->log_model);
  self->following = TRUE;
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

      show_toast (self, text);
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
  PtWindow *self = PT_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
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

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static gboolean
pt_window_close_request (GtkWindow *window)
{
  PtWindow *self = PT_WINDOW (window);

  if (self->state == STATE_STOPPED)
    return GTK_WINDOW_CLASS (pt_window_parent_class)->close_request (window);

  /* Stop cleanly (log flushed) without freezing: destroy once stopped.  The
   * window stays mapped but inert meanwhile (hiding it first and destroying
   * it later crashed GTK 4.8 in a later main-loop iteration). */
  self->closing = TRUE;
  self->want_start = FALSE;
  g_clear_handle_id (&self->restart_source, g_source_remove);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  stop_server (self);
  return TRUE;
}

static void
pt_window_constructed (GObject *object)
{
  PtWindow *self = PT_WINDOW (object);
  GtkAdjustment *vadj;
  GtkEventController *scroll;
  GSettings *gsettings;

  G_OBJECT_CLASS (pt_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = pt_settings_new (NULL);

  g_object_bind_property (self->settings, "port", self->port_spin, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->settings, "listen", self->listen_dropdown, "selected",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->settings, "notify", G_CALLBACK (on_settings_changed),
                           self, 0);

  gsettings = pt_settings_get_gsettings (self->settings);
  g_settings_bind (gsettings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (gsettings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);

  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->log_view));
  g_signal_connect_object (vadj, "value-changed",
                           G_CALLBACK (on_log_vadjustment_value_changed), self, 0);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_log_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->log_scroller), scroll);

  update_folder_row (self);
  update_ui (self);
}

static void
pt_window_dispose (GObject *object)
{
  PtWindow *self = PT_WINDOW (object);

  g_clear_handle_id (&self->restart_source, g_source_remove);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_handle_id (&self->log_flush_source, g_source_remove);
  /* Only reached while running if the window is destroyed without close:
   * then stopping must finish before the bridge goes. */
  g_clear_pointer (&self->server, pt_server_free);
  g_clear_pointer (&self->bridge, pt_event_bridge_free);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);

  if (self->log_view != NULL)
    gtk_grid_view_set_model (self->log_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_WINDOW);

  g_clear_object (&self->filter_model);
  g_clear_object (&self->log_model);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pt_window_parent_class)->dispose (object);
}

static void
pt_window_finalize (GObject *object)
{
  PtWindow *self = PT_WINDOW (object);

  g_free (self->filter_needle);
  g_free (self->address);
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
  gtk_widget_class_bind_template_child (widget_class, PtWindow, lan_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, connections_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, requests_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, rate_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, errors_label);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, log_scroller);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, log_header);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, log_header_scroller);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, console_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed);

  gtk_widget_class_install_action (widget_class, "win.toggle-server", NULL, toggle_server_action);
  gtk_widget_class_install_action (widget_class, "win.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-browser", NULL, open_browser_action);
  gtk_widget_class_install_action (widget_class, "win.copy-address", NULL, copy_address_action);
  gtk_widget_class_install_action (widget_class, "win.clear-log", NULL, clear_log_action);
  gtk_widget_class_install_action (widget_class, "win.open-log-file", NULL, open_log_file_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.toggle-server", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.choose-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "win.open-browser", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-address", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "win.clear-log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "server");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "console");
}

static void
pt_window_init (PtWindow *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Rows in C, laid out by the template's header: see pt-log-row-factory.h. */
  factory = pt_log_row_factory_new (self->log_header);
  gtk_grid_view_set_factory (self->log_view, factory);
  gtk_scrolled_window_set_hadjustment (self->log_header_scroller,
                                       gtk_scrolled_window_get_hadjustment (self->log_scroller));

  self->following = TRUE;
  self->log_model = pt_log_model_new (PT_LOG_MODEL_CAPACITY);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->log_model)),
                                                  NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_grid_view_set_model (self->log_view, GTK_SELECTION_MODEL (selection));

  self->bridge = pt_event_bridge_new (NULL, on_events, self, NULL);

  g_signal_connect (self, "realize", G_CALLBACK (on_window_realize), self);
  g_signal_connect (self, "unrealize", G_CALLBACK (on_window_unrealize), self);
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

gboolean
pt_window_is_running (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), FALSE);

  return self->state == STATE_RUNNING;
}

guint
pt_window_get_port (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), 0);

  if (self->state != STATE_RUNNING)
    return 0;
  return pt_server_get_port (self->server);
}

void
pt_window_start (PtWindow *self)
{
  g_return_if_fail (PT_IS_WINDOW (self));

  start_server (self);
}

void
pt_window_stop (PtWindow *self)
{
  g_return_if_fail (PT_IS_WINDOW (self));

  stop_server (self);
}

PtLogModel *
_pt_window_get_log_model (PtWindow *self)
{
  return self->log_model;
}

GListModel *
_pt_window_get_visible_log (PtWindow *self)
{
  return G_LIST_MODEL (self->filter_model);
}

const char *
_pt_window_get_last_toast (PtWindow *self)
{
  return self->last_toast;
}

const char *
_pt_window_get_folder_error (PtWindow *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->folder_error)))
    return NULL;
  return gtk_label_get_text (self->folder_error);
}

GtkFileChooserNative *
_pt_window_get_folder_chooser (PtWindow *self)
{
  return self->chooser;
}

PtConsolePage *
_pt_window_get_console_page (PtWindow *self)
{
  return self->console_page;
}

const char *
_pt_window_get_counter_text (PtWindow   *self,
                             const char *name)
{
  if (g_str_equal (name, "connections"))
    return gtk_label_get_text (self->connections_label);
  if (g_str_equal (name, "requests"))
    return gtk_label_get_text (self->requests_label);
  if (g_str_equal (name, "rate"))
    return gtk_label_get_text (self->rate_label);
  if (g_str_equal (name, "bytes"))
    return gtk_label_get_text (self->bytes_label);
  if (g_str_equal (name, "errors"))
    return gtk_label_get_text (self->errors_label);
  g_return_val_if_reached (NULL);
}

guint64
_pt_window_get_frames_painted (PtWindow *self)
{
  return self->frames_painted;
}

gboolean
_pt_window_get_following (PtWindow *self)
{
  return self->following;
}

gboolean
_pt_window_is_stopped (PtWindow *self)
{
  return self->state == STATE_STOPPED;
}
