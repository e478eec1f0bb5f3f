/* pt-application.c — PtApplication
 *
 * GApplication uniqueness makes a second launch hand its command line to the
 * first instance, which presents its existing window.  A FOLDER argument
 * (`portico ~/Pictures`, the Files app's "Open With") or a folder opened
 * over D-Bus is shown ready to serve (pt_window_open_folder), in the
 * running window if there is one.  Server flags
 * (`portico --port 9000`) are checked in the launching process and applied
 * by the primary instance to its window for this launch only
 * (pt-launch-options.h): a new window starts serving with them, a running
 * server restarts with them.  Quitting (also SIGINT or SIGTERM) closes the
 * windows, and each window stops its server cleanly before it goes.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pt-application.h"
#include "pt-launch-options.h"
#include "pt-settings.h"
#include "pt-window.h"

#define WEBSITE_URL "https://github.com/portico/portico"

struct _PtApplication
{
  AdwApplication parent_instance;

  guint          sigint_source;
  guint          sigterm_source;
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

static gboolean
on_stop_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
pt_application_startup (GApplication *application)
{
  PtApplication *self = PT_APPLICATION (application);
  GtkApplication *app = GTK_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    /* The main menu's actions (a menu shows these accels); every other
     * win.* key is installed with its action (pt-window-actions.c). */
    { "app.quit", { "<Control>q", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (pt_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);

  /* A terminal's Ctrl+C stops the server as the window's Quit does. */
  self->sigint_source = g_unix_signal_add (SIGINT, on_stop_signal, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, on_stop_signal, self);
  g_source_set_name_by_id (self->sigint_source, "[portico] SIGINT");
  g_source_set_name_by_id (self->sigterm_source, "[portico] SIGTERM");
}

static void
pt_application_shutdown (GApplication *application)
{
  PtApplication *self = PT_APPLICATION (application);

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  G_APPLICATION_CLASS (pt_application_parent_class)->shutdown (application);
}

/* Presents the window (made on first use); shows folder (the FOLDER
 * argument or a file opened over D-Bus, may be NULL) ready to serve;
 * applies the launch options, if any, and starts serving when they or the
 * start-on-open preference say so.  Returns the flags applied, NULL if none. */
static char *
present_window (PtApplication *self,
                GVariantDict  *options,
                const char    *folder)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  gboolean is_new = window == NULL;
  g_autofree char *applied = NULL;
  PtWindow *pt_window;

  if (is_new)
    window = GTK_WINDOW (pt_window_new (GTK_APPLICATION (self), NULL));
  pt_window = PT_WINDOW (window);

  /* Before starting, so a new window does not start twice. */
  if (options != NULL)
    applied = pt_launch_options_apply (options, pt_window_get_settings (pt_window));
  gtk_window_present (window);
  if (folder != NULL)
    pt_window_open_folder (pt_window, folder);

  /* A running server restarts by itself when its settings change. */
  if (applied != NULL ||
      (is_new && pt_settings_get_start_on_open (pt_window_get_settings (pt_window))))
    pt_window_start (pt_window);

  return g_steal_pointer (&applied);
}

static void
pt_application_activate (GApplication *application)
{
  g_free (present_window (PT_APPLICATION (application), NULL, NULL));
}

/* org.freedesktop.Application.Open (`gapplication launch APP_ID FOLDER`, a
 * D-Bus activated launcher): the first file is the folder, as FOLDER is. */
static void
pt_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PtApplication *self = PT_APPLICATION (application);
  g_autofree char *path = n_files > 0 ? g_file_get_path (files[0]) : NULL;

  g_free (present_window (self, NULL, path));
  /* sftp://, a phone over MTP: no path to serve. */
  if (n_files > 0 && path == NULL)
    pt_window_open_folder (PT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (self))),
                           NULL);
}

static int
pt_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (!pt_launch_options_check (options, &error))
    {
      g_printerr ("portico: %s\n", error->message);
      return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE)
             ? PT_EXIT_USAGE : PT_EXIT_RUNTIME;
    }
  return -1;
}

static int
pt_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  PtApplication *self = PT_APPLICATION (application);
  gboolean was_running = gtk_application_get_active_window (GTK_APPLICATION (self)) != NULL;
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *folder = pt_launch_options_dup_folder (options);
  g_autofree char *applied = present_window (self, options, folder);

  /* Say so in the second launch's terminal: its flags went elsewhere. */
  if (was_running && applied != NULL)
    g_application_command_line_print (command_line,
                                      "portico: already running; applied %s to its window\n",
                                      applied);
  if (was_running && folder != NULL)
    g_application_command_line_print (command_line,
                                      "portico: already running; opened %s in its window\n",
                                      folder);
  return 0;
}

static void
pt_application_class_init (PtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = pt_application_startup;
  app_class->shutdown = pt_application_shutdown;
  app_class->activate = pt_application_activate;
  app_class->open = pt_application_open;
  app_class->handle_local_options = pt_application_handle_local_options;
  app_class->command_line = pt_application_command_line;
}

static void
pt_application_init (PtApplication *self)
{
  pt_launch_options_add_entries (G_APPLICATION (self));
}

PtApplication *
pt_application_new (void)
{
  return g_object_new (PT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/portico/Portico",
                       NULL);
}
