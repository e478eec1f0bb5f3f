/* test-window.c — the control panel window, driven under Xvfb
 *
 * Each case builds a PtWindow over its own in-memory GSettings, a scratch
 * docroot and a scratch log file, drives it through actions and checks what
 * a client socket sees, what the log view holds and what the log file says.
 * Without a display every case is reported as a TAP skip ("no display").
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <adwaita.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "pt-console-page.h"
#include "pt-log-row.h"
#include "pt-log-view.h"
#include "pt-preferences-dialog.h"
#include "pt-settings.h"
#include "pt-test-net.h"
#include "pt-window-private.h"

#define WAIT_LIMIT_S        30        /* liveness guard only, never a performance bound */
#define SOCKET_TIMEOUT_S    10
#define INDEX_BODY          "<h1>index</h1>\n"
#define OTHER_BODY          "<p>other folder</p>\n"
#define FLOOD_REQUESTS      100000
#define FLOOD_CONNECTIONS   4
#define FLOOD_PIPELINE      100
#define READ_CHUNK          65536
#define NARROW_WIDTH        360       /* the schema's smallest window-width */

typedef struct
{
  char       *tmpdir;
  char       *docroot;
  char       *other_root;
  char       *log_path;
  PtSettings *settings;
  PtWindow   *window;
} Fixture;

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */

typedef gboolean (*Condition) (gpointer data);

static gboolean
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

static void
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

static int
connect_port (guint port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  struct timeval tv = { .tv_sec = SOCKET_TIMEOUT_S };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((guint16) port);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

static void
send_all (int         fd,
          const char *data,
          gsize       len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      g_assert_cmpint (n, >, 0);
      data += n;
      len -= (gsize) n;
    }
}

/* Reads until the peer closes; returns everything received. */
static char *
read_to_eof (int fd)
{
  GString *out = g_string_new (NULL);
  char buf[READ_CHUNK];
  ssize_t n;

  while ((n = recv (fd, buf, sizeof buf, 0)) > 0)
    g_string_append_len (out, buf, n);
  g_assert_cmpint (n, ==, 0);
  return g_string_free (out, FALSE);
}

/* One GET with Connection: close; returns the whole response. */
static char *
http_get (guint       port,
          const char *path)
{
  g_autofree char *request = NULL;
  int fd = connect_port (port);
  char *response;

  g_assert_cmpint (fd, >=, 0);
  request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                             path);
  send_all (fd, request, strlen (request));
  response = read_to_eof (fd);
  close (fd);
  return response;
}

static const char *
body_of (const char *response)
{
  const char *end = strstr (response, "\r\n\r\n");

  g_assert_nonnull (end);
  return end + 4;
}

static gboolean
port_is_closed (guint port)
{
  int fd = connect_port (port);

  if (fd < 0)
    return TRUE;
  close (fd);
  return FALSE;
}

static void
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

static gboolean
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

static void
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
static GtkWidget *
template_child (PtWindow   *window,
                const char *id)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), PT_TYPE_WINDOW, id);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The counter labels' texts: "connections", "requests", "rate", "bytes", "errors". */
static const char *
counter_text (PtWindow   *window,
              const char *name)
{
  g_autofree char *id = g_strconcat (name, "_label", NULL);

  return gtk_label_get_text (GTK_LABEL (template_child (window, id)));
}

/* The text of the inline folder error, NULL when hidden. */
static const char *
folder_error_text (PtWindow *window)
{
  GtkWidget *label = template_child (window, "folder_error");

  if (!gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The rows the log view shows (after the filter). */
static GListModel *
visible_log (PtWindow *window)
{
  return pt_log_view_get_rows (PT_LOG_VIEW (template_child (window, "log_view")));
}

static guint64
frames_painted (PtWindow *window)
{
  return (guint64) gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (GTK_WIDGET (window)));
}

static gboolean
window_stopped (gpointer data)
{
  PtServerController *controller = pt_window_get_controller (PT_WINDOW (data));

  return pt_server_controller_get_state (controller) == PT_SERVER_STATE_STOPPED;
}

static void
start_window (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-server", NULL);
  g_assert_true (pt_window_is_running (f->window));
  g_assert_cmpuint (pt_window_get_port (f->window), ==, pt_settings_get_port (f->settings));
}

typedef struct
{
  PtWindow   *window;
  const char *path;
  int         status;
} RowWanted;

static gboolean
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

typedef struct
{
  PtWindow   *window;
  const char *name;
  const char *text;
} CounterWanted;

static gboolean
counter_is (gpointer data)
{
  CounterWanted *wanted = data;

  return g_strcmp0 (counter_text (wanted->window, wanted->name), wanted->text) == 0;
}

/* ------------------------------------------------------------------------ */
/* cases                                                                    */

static void
test_build (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  iterate_for_ms (50);
  g_assert_false (pt_window_is_running (f.window));
  g_assert_cmpstr (counter_text (f.window, "requests"), ==, "0");
  g_assert_cmpuint (g_list_model_get_n_items (visible_log (f.window)), ==, 0);
  /* the log card fills the rest of the page */
  g_assert_true (gtk_widget_compute_expand (template_child (f.window, "log_view"),
                                            GTK_ORIENTATION_VERTICAL));
  /* never started: destroying directly must not leak or hang */
  gtk_window_destroy (GTK_WINDOW (f.window));
  f.window = NULL;
  fixture_teardown (&f);
}

static void
test_start_request_stop (void)
{
  Fixture f = { 0 };
  g_autofree char *response = NULL;
  RowWanted wanted = { NULL, "/index.html", 200 };
  CounterWanted requests = { NULL, "requests", "1" };
  guint port;

  fixture_setup (&f);
  start_window (&f);
  port = pt_window_get_port (f.window);

  response = http_get (port, "/index.html");
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));
  g_assert_cmpstr (body_of (response), ==, INDEX_BODY);

  wanted.window = f.window;
  g_assert_true (iterate_until (log_has_row, &wanted));
  requests.window = f.window;
  g_assert_true (iterate_until (counter_is, &requests));

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.toggle-server", NULL);
  g_assert_false (pt_window_is_running (f.window));
  g_assert_true (iterate_until (window_stopped, f.window));
  g_assert_true (port_is_closed (port));
  /* the final snapshot stays on screen */
  g_assert_cmpstr (counter_text (f.window, "requests"), ==, "1");

  fixture_teardown (&f);
}

typedef struct
{
  PtWindow   *window;
  const char *text;
} ToastWanted;

static gboolean
last_toast_is (gpointer data)
{
  ToastWanted *wanted = data;

  return g_strcmp0 (_pt_window_get_last_toast (wanted->window), wanted->text) == 0;
}

static void
test_busy_port (void)
{
  Fixture f = { 0 };
  ToastWanted toast = { NULL, NULL };
  struct sockaddr_in addr = { .sin_family = AF_INET };
  g_autofree char *expected = NULL;
  g_autofree char *comm = NULL;
  guint busy;
  guint got;
  int holder;

  fixture_setup (&f);
  busy = pt_settings_get_port (f.settings);
  holder = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((guint16) busy);
  g_assert_cmpint (bind (holder, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (holder, 1), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.start", NULL);
  g_assert_true (pt_window_is_running (f.window));
  got = pt_window_get_port (f.window);
  g_assert_cmpuint (got, >, busy);
  /* the holder is this very process: its name as /proc shows it */
  g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
  g_strstrip (comm);
  expected = g_strdup_printf ("Port %u is in use by %s (pid %d); serving on port %u instead",
                              busy, comm, (int) getpid (), got);
  /* /proc is walked in a thread: the toast comes once that is done */
  toast.window = f.window;
  toast.text = expected;
  g_assert_true (iterate_until (last_toast_is, &toast));
  g_assert_cmpstr (_pt_window_get_last_toast (f.window), ==, expected);

  close (holder);
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
  response = http_get (port, "/only-other.html");
  return g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n") &&
         g_str_equal (body_of (response), OTHER_BODY);
}

static gboolean
chooser_has_other (gpointer data)
{
  Fixture *f = data;
  GtkFileChooserNative *chooser = _pt_window_get_folder_chooser (f->window);
  g_autoptr(GFile) selected = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return selected != NULL && g_strcmp0 (g_file_peek_path (selected), f->other_root) == 0;
}

static void
test_choose_folder (void)
{
  Fixture f = { 0 };
  g_autoptr(GFile) other = NULL;
  g_autofree char *before = NULL;
  g_autofree char *folder = NULL;
  GtkFileChooserNative *chooser;
  GListModel *toplevels;
  GtkDialog *dialog = NULL;

  fixture_setup (&f);
  start_window (&f);
  before = http_get (pt_window_get_port (f.window), "/only-other.html");
  g_assert_true (g_str_has_prefix (before, "HTTP/1.1 404 "));

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.choose-folder", NULL);
  chooser = _pt_window_get_folder_chooser (f.window);
  g_assert_nonnull (chooser);
  other = g_file_new_for_path (f.other_root);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), other, NULL));
  /* the in-process chooser applies the selection once the folder has loaded */
  g_assert_true (iterate_until (chooser_has_other, &f));
  /* answer through the real dialog, as a click on "Serve" does */
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        dialog = GTK_DIALOG (item);
    }
  g_assert_nonnull (dialog);
  gtk_dialog_response (dialog, GTK_RESPONSE_ACCEPT);
  g_assert_null (_pt_window_get_folder_chooser (f.window));

  folder = pt_settings_dup_folder (f.settings);
  g_assert_cmpstr (folder, ==, f.other_root);
  /* one click: the running server restarts on the new folder by itself */
  g_assert_true (iterate_until (serves_other, &f));

  fixture_teardown (&f);
}

static void
test_missing_folder (void)
{
  Fixture f = { 0 };
  g_autofree char *missing = NULL;
  g_autofree char *expected = NULL;

  fixture_setup (&f);
  missing = g_build_filename (f.tmpdir, "does-not-exist", NULL);
  pt_settings_set_folder (f.settings, missing);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.start", NULL);
  g_assert_false (pt_window_is_running (f.window));
  g_assert_true (window_stopped (f.window));
  expected = g_strdup_printf ("The folder “%s” does not exist. Choose another folder.", missing);
  g_assert_cmpstr (folder_error_text (f.window), ==, expected);

  /* a good folder clears the error and starts */
  pt_settings_set_folder (f.settings, f.docroot);
  g_assert_null (folder_error_text (f.window));
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.start", NULL);
  g_assert_true (pt_window_is_running (f.window));

  fixture_teardown (&f);
}

typedef struct
{
  Fixture *f;
  guint    old_port;
} Restarted;

static gboolean
restarted (gpointer data)
{
  Restarted *r = data;

  return pt_window_is_running (r->f->window) && pt_window_get_port (r->f->window) != r->old_port;
}

static void
test_preferences_max_requests (void)
{
  Fixture f = { 0 };
  const char *request = "GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";
  g_autofree char *all = NULL;
  PtPreferencesDialog *dialog = NULL;
  GListModel *toplevels;
  Restarted r = { &f, 0 };
  guint new_port;
  int fd;

  fixture_setup (&f);

  /* the dialog builds and binds */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.preferences", NULL);
  iterate_for_ms (50);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (PT_IS_PREFERENCES_DIALOG (item))
        dialog = PT_PREFERENCES_DIALOG (item);
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f.window));
  gtk_window_destroy (GTK_WINDOW (dialog));

  start_window (&f);
  /* a preference change while running restarts the engine with it */
  r.old_port = pt_window_get_port (f.window);
  new_port = pt_test_net_free_port ();
  g_object_set (f.settings, "max-requests", 2, "port", new_port, NULL);
  g_assert_true (iterate_until (restarted, &r));
  g_assert_cmpuint (pt_window_get_port (f.window), ==, new_port);

  /* two keep-alive requests on one connection, then the server closes it */
  fd = connect_port (new_port);
  g_assert_cmpint (fd, >=, 0);
  send_all (fd, request, strlen (request));
  send_all (fd, request, strlen (request));
  all = read_to_eof (fd);
  close (fd);
  g_assert_nonnull (strstr (all, "HTTP/1.1 200 OK\r\n"));
  g_assert_nonnull (strstr (strstr (all, "HTTP/1.1 200 OK\r\n") + 1, "HTTP/1.1 200 OK\r\n"));
  g_assert_nonnull (strstr (all, "Connection: close\r\n"));

  fixture_teardown (&f);
}

static void
test_preferences_log_format (void)
{
  Fixture f = { 0 };
  g_autofree char *response = NULL;
  g_autofree char *log = NULL;
  gpointer weak;

  fixture_setup (&f);
  g_object_set (f.settings, "log-format", PT_LOG_FORMAT_COMBINED, NULL);
  start_window (&f);
  response = http_get (pt_window_get_port (f.window), "/index.html");
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));

  weak = f.window;
  g_object_add_weak_pointer (G_OBJECT (f.window), &weak);
  gtk_window_close (GTK_WINDOW (f.window));
  g_assert_true (iterate_until (window_gone, &weak));
  f.window = NULL;

  g_assert_true (g_file_get_contents (f.log_path, &log, NULL, NULL));
  g_assert_true (g_str_has_prefix (log, "127.0.0.1 - - ["));
  g_assert_nonnull (strstr (log, "] \"GET /index.html HTTP/1.1\" 200 15 \"-\" \"-\"\n"));

  fixture_teardown (&f);
}

static gboolean
console_idle (gpointer data)
{
  return !pt_console_page_is_busy (PT_CONSOLE_PAGE (data));
}

static void
test_console (void)
{
  Fixture f = { 0 };
  PtConsolePage *console;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  fixture_setup (&f);
  start_window (&f);
  console = PT_CONSOLE_PAGE (template_child (f.window, "console_page"));

  pt_console_page_set_request (console,
                               "GET /index.html HTTP/1.1\nHost: 127.0.0.1\nConnection: keep-alive\n");
  gtk_widget_activate_action (GTK_WIDGET (console), "console.send", NULL);
  g_assert_true (pt_console_page_is_busy (console));
  g_assert_true (iterate_until (console_idle, console));
  first = pt_console_page_dup_response (console);
  g_assert_true (g_str_has_prefix (first, "HTTP/1.1 200 OK\n"));
  g_assert_true (g_str_has_suffix (first, "\n\n" INDEX_BODY));
  g_assert_nonnull (strstr (first, "\nConnection: keep-alive\n"));
  g_assert_nonnull (strstr (first, "\nContent-Length: 15\n"));
  g_assert_cmpuint (pt_console_page_get_exchanges (console), ==, 1);

  /* the same connection again */
  pt_console_page_send (console);
  g_assert_true (iterate_until (console_idle, console));
  second = pt_console_page_dup_response (console);
  g_assert_true (g_str_has_prefix (second, "HTTP/1.1 200 OK\n"));
  g_assert_cmpuint (pt_console_page_get_exchanges (console), ==, 2);

  fixture_teardown (&f);
}

static void
test_close_flushes_log (void)
{
  Fixture f = { 0 };
  g_autofree char *response = NULL;
  g_autofree char *log = NULL;
  gpointer weak;
  guint port;

  fixture_setup (&f);
  start_window (&f);
  port = pt_window_get_port (f.window);
  response = http_get (port, "/index.html");
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));

  weak = f.window;
  g_object_add_weak_pointer (G_OBJECT (f.window), &weak);
  gtk_window_close (GTK_WINDOW (f.window));
  /* inert at once, destroyed once the engine has stopped */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f.window)));
  g_assert_true (iterate_until (window_gone, &weak));
  f.window = NULL;
  g_assert_true (port_is_closed (port));

  g_assert_true (g_file_get_contents (f.log_path, &log, NULL, NULL));
  g_assert_true (g_str_has_prefix (log, "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /index.html][Date: "));
  g_assert_nonnull (strstr (log, "\n[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: "));
  g_assert_true (g_str_has_suffix (log, "][Connection: close]\n"));

  fixture_teardown (&f);
}

typedef struct
{
  GListModel *rows;
  guint       n;
} RowsWanted;

static gboolean
rows_are (gpointer data)
{
  RowsWanted *wanted = data;

  return g_list_model_get_n_items (wanted->rows) == wanted->n;
}

/* The search entry narrows the rows through one filter object, for good. */
static void
test_log_filter (void)
{
  Fixture f = { 0 };
  RowWanted missing = { NULL, "/missing.html", 404 };
  RowsWanted wanted = { NULL, 0 };
  g_autofree char *ok = NULL;
  g_autofree char *not_found = NULL;
  GtkWidget *log_view;
  GtkEditable *search;
  GtkFilter *filter;
  guint all;

  fixture_setup (&f);
  start_window (&f);
  ok = http_get (pt_window_get_port (f.window), "/index.html");
  not_found = http_get (pt_window_get_port (f.window), "/missing.html");
  g_assert_true (g_str_has_prefix (not_found, "HTTP/1.1 404 "));
  missing.window = f.window;
  g_assert_true (iterate_until (log_has_row, &missing));

  log_view = template_child (f.window, "log_view");
  search = GTK_EDITABLE (gtk_widget_get_template_child (log_view, PT_TYPE_LOG_VIEW, "search_entry"));
  wanted.rows = visible_log (f.window);
  filter = gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (wanted.rows));
  g_assert_nonnull (filter);
  all = g_list_model_get_n_items (wanted.rows);
  g_assert_cmpuint (all, >, 2);

  /* the request and the response of /missing.html */
  gtk_editable_set_text (search, "MISS");
  wanted.n = 2;
  g_assert_true (iterate_until (rows_are, &wanted));
  gtk_editable_set_text (search, "missing.html");      /* narrower */
  iterate_for_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (wanted.rows), ==, 2);
  gtk_editable_set_text (search, "404");               /* different: the response only */
  wanted.n = 1;
  g_assert_true (iterate_until (rows_are, &wanted));
  g_assert_true (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (wanted.rows)) == filter);

  gtk_editable_set_text (search, "");
  wanted.n = all;
  g_assert_true (iterate_until (rows_are, &wanted));
  g_assert_true (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (wanted.rows)) == filter);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.clear-log", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (wanted.rows), ==, 0);
  g_assert_true (pt_log_view_get_following (PT_LOG_VIEW (log_view)));

  fixture_teardown (&f);
}

/* ---- flood: exact counters and a window that kept painting -------------- */

typedef struct
{
  guint  port;
  guint  n_requests;
  guint  n_responses;   /* out, read after finished */
  gint   finished;      /* atomic */
} FloodClient;

static gpointer
flood_thread (gpointer data)
{
  FloodClient *c = data;
  const char *request = "HEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";
  gsize req_len = strlen (request);
  g_autofree char *batch = g_malloc (req_len * FLOOD_PIPELINE);
  int fd = connect_port (c->port);
  char buf[READ_CHUNK];
  guint sent = 0;
  guint matched = 0;   /* bytes of "\r\n\r\n" matched across reads */

  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < FLOOD_PIPELINE; i++)
    memcpy (batch + i * req_len, request, req_len);

  while (c->n_responses < c->n_requests)
    {
      guint n = MIN (FLOOD_PIPELINE, c->n_requests - sent);
      guint target = sent + n;

      if (n > 0)
        {
          send_all (fd, batch, n * req_len);
          sent += n;
        }
      /* HEAD responses have no body: count the ends of heads */
      while (c->n_responses < target)
        {
          ssize_t got = recv (fd, buf, sizeof buf, 0);

          g_assert_cmpint (got, >, 0);
          for (ssize_t i = 0; i < got; i++)
            {
              static const char end[] = "\r\n\r\n";

              if (buf[i] == end[matched])
                matched++;
              else
                matched = buf[i] == '\r' ? 1 : 0;
              if (matched == 4)
                {
                  c->n_responses++;
                  matched = 0;
                }
            }
        }
    }
  close (fd);
  g_atomic_int_set (&c->finished, 1);
  return NULL;
}

static void
test_flood (void)
{
  Fixture f = { 0 };
  FloodClient clients[FLOOD_CONNECTIONS];
  GThread *threads[FLOOD_CONNECTIONS];
  CounterWanted requests = { NULL, "requests", NULL };
  g_autofree char *total = g_strdup_printf ("%u", FLOOD_REQUESTS);
  guint64 frames_before;
  guint64 frames_during;
  guint done = 0;
  PtLogModel *model;
  g_autoptr(PtLogRow) newest = NULL;

  fixture_setup (&f);
  g_object_set (f.settings, "max-requests", FLOOD_REQUESTS, NULL);
  start_window (&f);
  iterate_for_ms (100);
  frames_before = frames_painted (f.window);

  for (guint i = 0; i < FLOOD_CONNECTIONS; i++)
    {
      clients[i].port = pt_window_get_port (f.window);
      clients[i].n_requests = FLOOD_REQUESTS / FLOOD_CONNECTIONS;
      clients[i].n_responses = 0;
      clients[i].finished = 0;
      threads[i] = g_thread_new ("flood", flood_thread, &clients[i]);
    }
  /* the main loop keeps running (and painting) while the flood goes on */
  for (guint i = 0; i < FLOOD_CONNECTIONS; i++)
    {
      while (!g_atomic_int_get (&clients[i].finished))
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
      g_thread_join (threads[i]);
      done += clients[i].n_responses;
    }
  frames_during = frames_painted (f.window) - frames_before;
  g_assert_cmpuint (done, ==, FLOOD_REQUESTS);
  g_assert_cmpuint (frames_during, >, 0);

  requests.window = f.window;
  requests.text = total;
  g_assert_true (iterate_until (counter_is, &requests));
  g_assert_cmpstr (counter_text (f.window, "errors"), ==, "0 / 0");

  /* the log keeps the newest rows only */
  iterate_for_ms (300);
  model = pt_server_controller_get_log_model (pt_window_get_controller (f.window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, PT_LOG_MODEL_CAPACITY);
  newest = g_list_model_get_item (G_LIST_MODEL (model), PT_LOG_MODEL_CAPACITY - 1);
  g_assert_nonnull (newest);

  fixture_teardown (&f);
}

/* The log's header and rows must not force the window wider than the
 * schema's smallest window-width (phones: 360 px). */
static void
test_narrow (void)
{
  Fixture f = { 0 };
  int minimum = 0;

  fixture_setup (&f);
  iterate_for_ms (50);
  gtk_widget_measure (GTK_WIDGET (f.window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
  fixture_teardown (&f);
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
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/window/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();

  g_test_add_func ("/ui/window/build", test_build);
  g_test_add_func ("/ui/window/start-request-stop", test_start_request_stop);
  g_test_add_func ("/ui/window/busy-port", test_busy_port);
  g_test_add_func ("/ui/window/choose-folder", test_choose_folder);
  g_test_add_func ("/ui/window/missing-folder", test_missing_folder);
  g_test_add_func ("/ui/window/preferences-max-requests", test_preferences_max_requests);
  g_test_add_func ("/ui/window/preferences-log-format", test_preferences_log_format);
  g_test_add_func ("/ui/window/console", test_console);
  g_test_add_func ("/ui/window/close-flushes-log", test_close_flushes_log);
  g_test_add_func ("/ui/window/log-filter", test_log_filter);
  g_test_add_func ("/ui/window/flood", test_flood);
  g_test_add_func ("/ui/window/narrow", test_narrow);

  return g_test_run ();
}
