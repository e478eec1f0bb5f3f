/* pt-preferences-dialog.c — the preferences window
 *
 * Every widget is bound to a PtSettings property (which is bound to
 * GSettings); the window restarts a running server when they change.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-preferences-dialog.h"
#include "pt-options.h"

struct _PtPreferencesDialog
{
  AdwPreferencesWindow  parent_instance;

  GtkSpinButton        *keep_alive_spin;
  GtkSpinButton        *max_requests_spin;
  GtkSpinButton        *threads_spin;
  GtkSwitch            *serve_any_switch;
  GtkSwitch            *list_directories_switch;
  GtkSwitch            *spa_switch;
  GtkSwitch            *autostart_switch;
  AdwComboRow          *log_format_row;
  AdwEntryRow          *log_file_row;
  AdwActionRow         *log_path_row;
  GtkSwitch            *text_charset_switch;
  AdwEntryRow          *cache_control_row;
  GtkSwitch            *precompressed_switch;

  PtSettings           *settings;
};

G_DEFINE_FINAL_TYPE (PtPreferencesDialog, pt_preferences_dialog, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_log_path (PtPreferencesDialog *self)
{
  g_autofree char *path = pt_settings_dup_log_path (self->settings);

  adw_action_row_set_subtitle (self->log_path_row, path);
}

static void
on_log_file_changed (PtSettings          *settings,
                     GParamSpec          *pspec,
                     PtPreferencesDialog *self)
{
  update_log_path (self);
}

static void
on_log_file_row_apply (AdwEntryRow         *row,
                       PtPreferencesDialog *self)
{
  g_object_set (self->settings, "log-file", gtk_editable_get_text (GTK_EDITABLE (row)), NULL);
}

/* Applied when it is a value --cache-control takes; else the row shows the error. */
static void
on_cache_control_row_apply (AdwEntryRow         *row,
                            PtPreferencesDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (!pt_option_check_text (pt_options_get_by_id (PT_OPTION_CACHE_CONTROL), text, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_object_set (self->settings, "cache-control", text, NULL);
}

static void
pt_preferences_dialog_constructed (GObject *object)
{
  PtPreferencesDialog *self = PT_PREFERENCES_DIALOG (object);
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  G_OBJECT_CLASS (pt_preferences_dialog_parent_class)->constructed (object);

  g_object_bind_property (self->settings, "keep-alive-timeout", self->keep_alive_spin, "value", flags);
  g_object_bind_property (self->settings, "max-requests", self->max_requests_spin, "value", flags);
  g_object_bind_property (self->settings, "worker-threads", self->threads_spin, "value", flags);
  g_object_bind_property (self->settings, "serve-any-type", self->serve_any_switch, "active", flags);
  g_object_bind_property (self->settings, "list-directories", self->list_directories_switch, "active", flags);
  g_object_bind_property (self->settings, "spa", self->spa_switch, "active", flags);
  g_object_bind_property (self->settings, "start-on-open", self->autostart_switch, "active", flags);
  g_object_bind_property (self->settings, "log-format", self->log_format_row, "selected", flags);
  /* The path is applied as a whole (Enter or the apply button), not per keystroke. */
  g_object_bind_property (self->settings, "log-file", self->log_file_row, "text",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->settings, "notify::log-file",
                           G_CALLBACK (on_log_file_changed), self, 0);
  update_log_path (self);
  g_object_bind_property (self->settings, "text-charset", self->text_charset_switch, "active", flags);
  g_object_bind_property (self->settings, "cache-control", self->cache_control_row, "text",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->settings, "precompressed", self->precompressed_switch, "active", flags);
}

static void
pt_preferences_dialog_dispose (GObject *object)
{
  PtPreferencesDialog *self = PT_PREFERENCES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_PREFERENCES_DIALOG);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pt_preferences_dialog_parent_class)->dispose (object);
}

static void
pt_preferences_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PtPreferencesDialog *self = PT_PREFERENCES_DIALOG (object);

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
pt_preferences_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PtPreferencesDialog *self = PT_PREFERENCES_DIALOG (object);

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
pt_preferences_dialog_class_init (PtPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_preferences_dialog_constructed;
  object_class->dispose = pt_preferences_dialog_dispose;
  object_class->get_property = pt_preferences_dialog_get_property;
  object_class->set_property = pt_preferences_dialog_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, PT_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/portico/Portico/pt-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, keep_alive_spin);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, max_requests_spin);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, threads_spin);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, serve_any_switch);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, list_directories_switch);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, spa_switch);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, log_format_row);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, log_file_row);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, log_path_row);
  gtk_widget_class_bind_template_callback (widget_class, on_log_file_row_apply);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, text_charset_switch);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, cache_control_row);
  gtk_widget_class_bind_template_callback (widget_class, on_cache_control_row_apply);
  gtk_widget_class_bind_template_child (widget_class, PtPreferencesDialog, precompressed_switch);
}

static void
pt_preferences_dialog_init (PtPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtPreferencesDialog *
pt_preferences_dialog_new (PtSettings *settings)
{
  g_return_val_if_fail (PT_IS_SETTINGS (settings), NULL);

  return g_object_new (PT_TYPE_PREFERENCES_DIALOG, "settings", settings, NULL);
}
