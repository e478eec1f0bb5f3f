/* pt-application.c — PtApplication
 *
 * GApplication uniqueness makes a second launch activate the first instance,
 * which presents its existing window.  Quitting closes the windows, and each
 * window stops its server cleanly before it goes.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-application.h"
#include "pt-settings.h"
#include "pt-window.h"

#define WEBSITE_URL "https://github.com/portico/portico"

struct _PtApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PtApplication, pt_application, ADW_TYPE_APPLICATION)

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char * const developers[] = { "The Portico developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Portico"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Portico developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", WEBSITE_URL,
                        "issue-url", WEBSITE_URL "/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Share a folder over HTTP and watch every request"),
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) lets each window stop its server first. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
};

static void
pt_application_startup (GApplication *application)
{
  GtkApplication *app = GTK_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.toggle-server", { "<Control>r", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (pt_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
pt_application_activate (GApplication *application)
{
  GtkApplication *app = GTK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (app);
  PtWindow *pt_window;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  pt_window = pt_window_new (app, NULL);
  gtk_window_present (GTK_WINDOW (pt_window));
  if (pt_settings_get_start_on_open (pt_window_get_settings (pt_window)))
    pt_window_start (pt_window);
}

static void
pt_application_class_init (PtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = pt_application_startup;
  app_class->activate = pt_application_activate;
}

static void
pt_application_init (PtApplication *self)
{
}

PtApplication *
pt_application_new (void)
{
  return g_object_new (PT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/portico/Portico",
                       NULL);
}
