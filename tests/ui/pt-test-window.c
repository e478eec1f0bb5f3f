/* pt-test-window.c — the window tests' fixture: a PtWindow over in-memory
 * GSettings, a scratch docroot and log file; main-loop waits; the window's
 * widgets by their template ids */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "pt-log-row.h"
#include "pt-log-view.h"
#include "pt-test-net.h"
#include "pt-test-window.h"

#define WAIT_LIMIT_S 90        /* liveness guard only, never a performance bound (30 s was hit once by the flood test with two full test runs on the 2 cores) */

gboolean
iterate_until (Condition cond,
               gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_S * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

void
iterate_for_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

void
fixture_setup (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) gsettings = g_settings_new_with_backend (PT_SETTINGS_SCHEMA_ID, backend);

  f->tmpdir = g_dir_make_tmp ("portico-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->docroot = g_build_filename (f->tmpdir, "site", NULL);
  f->other_root = g_build_filename (f->tmpdir, "other", NULL);
  f->log_path = g_build_filename (f->tmpdir, "state", "log.txt", NULL);
  g_assert_cmpint (g_mkdir (f->docroot, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (f->other_root, 0700), ==, 0);
  write_file (f->docroot, "index.html", INDEX_BODY);
  write_file (f->other_root, "index.html", OTHER_BODY);
  write_file (f->other_root, "only-other.html", OTHER_BODY);

  f->settings = pt_settings_new (gsettings);
  g_object_set (f->settings,
                "port", pt_test_net_free_port (),
                "folder", f->docroot,
                "log-file", f->log_path,
                "worker-threads", 2,
                NULL);
  f->window = pt_window_new (NULL, f->settings);
  gtk_window_present (GTK_WINDOW (f->window));
}

gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

void
fixture_teardown (Fixture *f)
{
  if (f->window != NULL)
    {
      gpointer weak = f->window;

      g_object_add_weak_pointer (G_OBJECT (f->window), &weak);
      gtk_window_close (GTK_WINDOW (f->window));
      g_assert_true (iterate_until (window_gone, &weak));
      f->window = NULL;
    }
  g_assert_finalize_object (f->settings);
  remove_tree (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->docroot);
  g_free (f->other_root);
  g_free (f->log_path);
}

/* The window's widgets, by their template ids. */
GtkWidget *
template_child (PtWindow   *window,
                const char *id)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), PT_TYPE_WINDOW, id);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The counter labels' texts: "connections", "requests", "rate", "bytes", "errors". */
const char *
counter_text (PtWindow   *window,
              const char *name)
{
  g_autofree char *id = g_strconcat (name, "_label", NULL);

  return gtk_label_get_text (GTK_LABEL (template_child (window, id)));
}

/* The text of the inline folder error, NULL when hidden. */
const char *
folder_error_text (PtWindow *window)
{
  GtkWidget *label = template_child (window, "folder_error");

  if (!gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The rows the log view shows (after the filter). */
GListModel *
visible_log (PtWindow *window)
{
  return pt_log_view_get_rows (PT_LOG_VIEW (template_child (window, "log_view")));
}

guint64
frames_painted (PtWindow *window)
{
  return (guint64) gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (GTK_WIDGET (window)));
}

gboolean
window_stopped (gpointer data)
{
  PtServerController *controller = pt_window_get_controller (PT_WINDOW (data));

  return pt_server_controller_get_state (controller) == PT_SERVER_STATE_STOPPED;
}

void
start_window (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-server", NULL);
  g_assert_true (pt_window_is_running (f->window));
  g_assert_cmpuint (pt_window_get_port (f->window), ==, pt_settings_get_port (f->settings));
}

gboolean
log_has_row (gpointer data)
{
  RowWanted *wanted = data;
  GListModel *rows = visible_log (wanted->window);
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PtLogRow) row = g_list_model_get_item (rows, i);

      if (pt_log_row_get_kind (row) == PT_EVENT_RESPONSE &&
          pt_log_row_get_status (row) == wanted->status &&
          g_strcmp0 (pt_log_row_get_path (row), wanted->path) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
counter_is (gpointer data)
{
  CounterWanted *wanted = data;

  return g_strcmp0 (counter_text (wanted->window, wanted->name), wanted->text) == 0;
}

static void
test_no_display (void)
{
  g_test_skip ("no display");
}

gboolean
pt_test_window_init (int     *argc,
                     char  ***argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/window/no-display", test_no_display);
      return FALSE;
    }
  adw_init ();
  return TRUE;
}
