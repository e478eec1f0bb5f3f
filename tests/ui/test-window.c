/* test-window.c — the control panel window, driven under Xvfb
 *
 * Each case builds a PtWindow over its own in-memory GSettings, a scratch
 * docroot and a scratch log file (pt-test-window.h), drives it through
 * actions and checks what a client socket sees, what the log view holds and
 * what the log file says.  The log view's own cases: test-window-log.c.
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

#include "pt-console-page.h"
#include "pt-log-view.h"
#include "pt-preferences-dialog.h"
#include "pt-settings.h"
#include "pt-test-net.h"
#include "pt-test-window.h"
#include "pt-window-private.h"

#define NARROW_WIDTH        360       /* the schema's smallest window-width */

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

  response = pt_test_net_get (port, "/index.html");
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));
  g_assert_cmpstr (pt_test_net_body_of (response), ==, INDEX_BODY);

  wanted.window = f.window;
  g_assert_true (iterate_until (log_has_row, &wanted));
  requests.window = f.window;
  g_assert_true (iterate_until (counter_is, &requests));

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.toggle-server", NULL);
  g_assert_false (pt_window_is_running (f.window));
  g_assert_true (iterate_until (window_stopped, f.window));
  g_assert_true (pt_test_net_port_is_closed (port));
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

/* The status line of one GET with an optional portico-key cookie. */
static char *
status_of (guint       port,
           const char *target,
           const char *key)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s"
                                              "Connection: close\r\n\r\n", target,
                                              key != NULL ? "Cookie: portico-key=" : "",
                                              key != NULL ? key : "",
                                              key != NULL ? "\r\n" : "");
  g_autofree char *response = NULL;
  int fd = pt_test_net_connect (port);

  g_assert_cmpint (fd, >=, 0);
  pt_test_net_send_all (fd, request, strlen (request));
  response = pt_test_net_read_to_eof (fd);
  close (fd);
  return g_strndup (response, strcspn (response, "\r"));
}

/* The "Browsers connected" counter shows only with live reload on. */
static void
test_browsers_counter (void)
{
  Fixture f = { 0 };
  GtkWidget *slot;

  fixture_setup (&f);
  slot = gtk_widget_get_parent (gtk_widget_get_parent (template_child (f.window, "browsers_label")));
  g_assert_true (GTK_IS_FLOW_BOX_CHILD (slot));
  g_assert_false (gtk_widget_get_visible (slot));       /* off by default */
  g_object_set (f.settings, "live-reload", TRUE, NULL);
  g_assert_true (gtk_widget_get_visible (slot));
  g_object_set (f.settings, "live-reload", FALSE, NULL);
  g_assert_false (gtk_widget_get_visible (slot));
  fixture_teardown (&f);
}

/* Sharing on the network: the address link carries the key; New Link
 * (win.new-link) replaces it, the old key gets 403 at once. */
static void
test_new_link (void)
{
  Fixture f = { 0 };
  ToastWanted toast = { NULL, "New link made; the old link no longer works" };
  PtServerController *controller;
  GtkWidget *link;
  g_autofree char *old_key = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *old_link = NULL;
  guint port;

  fixture_setup (&f);
  g_object_set (f.settings, "listen", PT_LISTEN_NETWORK, NULL);
  controller = pt_window_get_controller (f.window);
  g_assert_false (gtk_widget_get_visible (template_child (f.window, "new_link_button")));
  start_window (&f);
  port = pt_window_get_port (f.window);
  old_key = g_strdup (pt_server_controller_get_access_key (controller));
  g_assert_nonnull (old_key);

  link = template_child (f.window, "address_link");
  expected = g_strdup_printf ("http://127.0.0.1:%u/?portico-key=%s", port, old_key);
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, expected);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (link)), ==, expected);
  g_assert_true (gtk_widget_get_visible (template_child (f.window, "new_link_button")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_child (f.window, "sharing_warning"))), ==,
                   "Only people with the link can open this folder now; anyone who can watch your network’s traffic could still read what they download.");
  {
    g_autofree char *refused = status_of (port, "/index.html", NULL);
    g_autofree char *served = status_of (port, "/index.html", old_key);

    g_assert_cmpstr (refused, ==, "HTTP/1.1 403 Forbidden");
    g_assert_cmpstr (served, ==, "HTTP/1.1 200 OK");
  }

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.new-link", NULL);
  toast.window = f.window;
  g_assert_true (iterate_until (last_toast_is, &toast));
  g_assert_cmpstr (pt_server_controller_get_access_key (controller), !=, old_key);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("http://127.0.0.1:%u/?portico-key=%s", port,
                              pt_server_controller_get_access_key (controller));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, expected);
  old_link = g_strdup_printf ("/?portico-key=%s", old_key);
  {
    g_autofree char *old_cookie = status_of (port, "/index.html", old_key);
    g_autofree char *old_url = status_of (port, old_link, NULL);
    g_autofree char *new_cookie = status_of (port, "/index.html",
                                             pt_server_controller_get_access_key (controller));
    g_autofree char *new_url = status_of (port, expected + strlen ("http://127.0.0.1:") +
                                          strcspn (expected + strlen ("http://127.0.0.1:"), "/"), NULL);

    g_assert_cmpstr (old_cookie, ==, "HTTP/1.1 403 Forbidden");
    g_assert_cmpstr (old_url, ==, "HTTP/1.1 403 Forbidden");
    g_assert_cmpstr (new_cookie, ==, "HTTP/1.1 200 OK");
    g_assert_cmpstr (new_url, ==, "HTTP/1.1 303 See Other");
  }

  fixture_teardown (&f);
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
  response = pt_test_net_get (port, "/only-other.html");
  return g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n") &&
         g_str_equal (pt_test_net_body_of (response), OTHER_BODY);
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
  before = pt_test_net_get (pt_window_get_port (f.window), "/only-other.html");
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

/* The first descendant of widget (itself included) that is a preferences
 * row titled title, or NULL. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_switch (GtkWidget *widget)
{
  if (GTK_IS_SWITCH (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_switch (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The UTF-8 switch and the Cache-Control row edit text-charset and
 * cache-control; a value --cache-control would refuse is not applied. */
static void
check_validator_preferences (PtPreferencesDialog *dialog,
                             PtSettings          *settings)
{
  GtkWidget *charset_row = find_row (GTK_WIDGET (dialog), "Label text files as UT_F-8");
  GtkWidget *cache_row = find_row (GTK_WIDGET (dialog), "_Cache-Control for files (empty: none)");
  GtkWidget *charset_switch;
  g_autofree char *value = NULL;
  gboolean text_charset = FALSE;

  g_assert_nonnull (charset_row);
  g_assert_nonnull (cache_row);
  charset_switch = find_switch (charset_row);
  g_assert_nonnull (charset_switch);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (charset_switch)));
  gtk_switch_set_active (GTK_SWITCH (charset_switch), FALSE);
  g_object_get (settings, "text-charset", &text_charset, NULL);
  g_assert_false (text_charset);
  gtk_switch_set_active (GTK_SWITCH (charset_switch), TRUE);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cache_row)), ==, "no-cache");
  gtk_editable_set_text (GTK_EDITABLE (cache_row), "max-age=60");
  g_signal_emit_by_name (cache_row, "apply");
  g_object_get (settings, "cache-control", &value, NULL);
  g_assert_cmpstr (value, ==, "max-age=60");
  g_clear_pointer (&value, g_free);
  gtk_editable_set_text (GTK_EDITABLE (cache_row), "a\tb\001");
  g_signal_emit_by_name (cache_row, "apply");
  g_assert_true (gtk_widget_has_css_class (cache_row, "error"));
  g_object_get (settings, "cache-control", &value, NULL);
  g_assert_cmpstr (value, ==, "max-age=60");
  g_clear_pointer (&value, g_free);
  g_object_set (settings, "cache-control", "no-cache", NULL);
}

/* The precompressed switch edits the precompressed setting (off by default). */
static void
check_precompressed_preference (PtPreferencesDialog *dialog,
                                PtSettings          *settings)
{
  GtkWidget *row = find_row (GTK_WIDGET (dialog), "Send _precompressed files");
  GtkWidget *sw;
  gboolean precompressed = TRUE;

  g_assert_nonnull (row);
  sw = find_switch (row);
  g_assert_nonnull (sw);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  g_object_get (settings, "precompressed", &precompressed, NULL);
  g_assert_true (precompressed);
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  g_object_get (settings, "precompressed", &precompressed, NULL);
  g_assert_false (precompressed);
}

/* The private-links switch: on by default, edits the setting. */
static void
check_private_links_preference (PtPreferencesDialog *dialog,
                                PtSettings          *settings)
{
  GtkWidget *row = find_row (GTK_WIDGET (dialog), "Private lin_ks on the network");
  GtkWidget *sw;

  g_assert_nonnull (row);
  sw = find_switch (row);
  g_assert_nonnull (sw);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  g_assert_false (pt_settings_get_private_links (settings));
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  g_assert_true (pt_settings_get_private_links (settings));
}

static void
test_preferences_max_requests (void)
{
  Fixture f = { 0 };
  const char *request = "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n";
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
  check_validator_preferences (dialog, f.settings);
  check_precompressed_preference (dialog, f.settings);
  check_private_links_preference (dialog, f.settings);
  gtk_window_destroy (GTK_WINDOW (dialog));

  start_window (&f);
  /* a preference change while running restarts the engine with it */
  r.old_port = pt_window_get_port (f.window);
  new_port = pt_test_net_free_port ();
  g_object_set (f.settings, "max-requests", 2, "port", new_port, NULL);
  g_assert_true (iterate_until (restarted, &r));
  g_assert_cmpuint (pt_window_get_port (f.window), ==, new_port);

  /* two keep-alive requests on one connection, then the server closes it */
  fd = pt_test_net_connect (new_port);
  g_assert_cmpint (fd, >=, 0);
  pt_test_net_send_all (fd, request, strlen (request));
  pt_test_net_send_all (fd, request, strlen (request));
  all = pt_test_net_read_to_eof (fd);
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
  response = pt_test_net_get (pt_window_get_port (f.window), "/index.html");
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
  response = pt_test_net_get (port, "/index.html");
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));

  weak = f.window;
  g_object_add_weak_pointer (G_OBJECT (f.window), &weak);
  gtk_window_close (GTK_WINDOW (f.window));
  /* inert at once, destroyed once the engine has stopped */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f.window)));
  g_assert_true (iterate_until (window_gone, &weak));
  f.window = NULL;
  g_assert_true (pt_test_net_port_is_closed (port));

  g_assert_true (g_file_get_contents (f.log_path, &log, NULL, NULL));
  g_assert_true (g_str_has_prefix (log, "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: GET][Request file name: /index.html][Date: "));
  g_assert_nonnull (strstr (log, "\n[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK][Date: "));
  g_assert_true (g_str_has_suffix (log, "][Connection: close]\n"));

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

int
main (int    argc,
      char **argv)
{
  if (!pt_test_window_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/ui/window/build", test_build);
  g_test_add_func ("/ui/window/start-request-stop", test_start_request_stop);
  g_test_add_func ("/ui/window/busy-port", test_busy_port);
  g_test_add_func ("/ui/window/choose-folder", test_choose_folder);
  g_test_add_func ("/ui/window/missing-folder", test_missing_folder);
  g_test_add_func ("/ui/window/preferences-max-requests", test_preferences_max_requests);
  g_test_add_func ("/ui/window/preferences-log-format", test_preferences_log_format);
  g_test_add_func ("/ui/window/console", test_console);
  g_test_add_func ("/ui/window/close-flushes-log", test_close_flushes_log);
  g_test_add_func ("/ui/window/narrow", test_narrow);
  g_test_add_func ("/ui/window/new-link", test_new_link);
  g_test_add_func ("/ui/window/browsers-counter", test_browsers_counter);

  return g_test_run ();
}
