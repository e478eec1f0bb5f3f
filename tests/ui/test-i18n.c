/* test-i18n.c — the window really shows Chinese under LANGUAGE=zh_HK / zh_CN
 * (LC_ALL=C.UTF-8 from the test environment), from the .mo files the build
 * compiled out of po/.  Needs a display; skips with "no display" without. */
#include "config.h"

#include <locale.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <adwaita.h>
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>

#include "pt-log-row.h"
#include "pt-window.h"

typedef struct
{
  const char *language;
  const char *start_label;
  const char *first_column;
  const char *connected;
  const char *folder_title;
  const char *start_summary;   /* folder "site", port 8080, this computer */
} LangCase;

static const LangCase lang_cases[] = {
  { "zh_HK", "開始(_S)", "時間", "已連線", "資料夾", "在這部電腦上以 http://127.0.0.1:8080 提供site" },
  { "zh_CN", "开始(_S)", "时间", "已连接", "文件夹", "在这台计算机上通过 http://127.0.0.1:8080 提供site" },
};

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_action_button (GtkWidget     *widget,
                  gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
is_log_header (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, "log-header");
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static void
test_language (gconstpointer data)
{
  const LangCase *c = data;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) gsettings = g_settings_new_with_backend (PT_SETTINGS_SCHEMA_ID, backend);
  g_autoptr(PtSettings) settings = pt_settings_new (gsettings);
  g_autoptr(PtEvent) event = pt_event_new (PT_EVENT_CONN_OPENED);
  g_autoptr(PtLogRow) row = NULL;
  PtWindow *window;
  GtkWidget *button;
  GtkWidget *header;

  g_setenv ("LANGUAGE", c->language, TRUE);
  setlocale (LC_ALL, "");   /* also drops gettext's cached lookups */

  g_object_set (settings, "folder", "/nonexistent/site", "port", 8080, NULL);
  window = pt_window_new (NULL, settings);
  button = find_widget (GTK_WIDGET (window), is_action_button, "win.toggle-server");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, c->start_label);

  header = find_widget (GTK_WIDGET (window), is_log_header, NULL);
  g_assert_nonnull (header);
  g_assert_true (GTK_IS_LABEL (gtk_widget_get_first_child (header)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (header))), ==,
                   c->first_column);

  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_row_titled, c->folder_title));

  /* the translation swaps the folder and the address (%2$s … %1$s) */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), PT_TYPE_WINDOW,
                                                                                 "start_summary"))),
                   ==, c->start_summary);

  row = pt_log_row_new (event);
  g_assert_cmpstr (pt_log_row_get_what (row), ==, c->connected);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_no_display (void)
{
  g_test_skip ("no display");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *localedir = NULL;
  const char *build_root = g_getenv ("PT_BUILD_ROOT");

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_test_init (&argc, &argv, NULL);

  /* GLib decides once per process whether g_dgettext() translates at all
   * (the header of the default domain must be translated): so a language
   * is set before anything asks, as it is for the real app. */
  g_setenv ("LANGUAGE", lang_cases[0].language, TRUE);
  setlocale (LC_ALL, "");

  g_assert_nonnull (build_root);
  localedir = g_build_filename (build_root, "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/i18n/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (lang_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/i18n/%s", lang_cases[i].language);

      g_test_add_data_func (path, &lang_cases[i], test_language);
    }
  return g_test_run ();
}
