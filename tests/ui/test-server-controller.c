/* test-server-controller.c — PtServerController without a display
 *
 * Each case makes a controller over its own in-memory GSettings and a
 * scratch docroot, drives it through its API and checks its properties,
 * their notifications, its "stats" and "message" signals, its log model and
 * what a client socket sees.  No GTK initialisation: this runs headless.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "pt-log-row.h"
#include "pt-server-controller.h"
#include "pt-test-net.h"

#define WAIT_LIMIT_S      30        /* liveness guard only, never a performance bound */
#define INDEX_BODY        "<h1>index</h1>\n"

typedef struct
{
  char               *tmpdir;
  char               *docroot;
  PtSettings         *settings;
  PtServerController *controller;
  GString            *notified;      /* "state running port address " ... */
  guint               n_stats;
  guint64             last_requests;
  double              last_rate;
  char               *last_message;
  guint               n_messages;
} Fixture;

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */

static int
compare_strings (const void *a,
               const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

typedef gboolean (*Condition) (Fixture *f);

static gboolean
iterate_until (Fixture   *f,
               Condition  cond)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_S * G_USEC_PER_SEC;

  while (!cond (f))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Fixture    *f)
{
  g_string_append_printf (f->notified, "%s ", g_param_spec_get_name (pspec));
}

/* The properties notified so far, sorted ("address port running state"):
 * one freeze batch comes out in no set order. */
static char *
notified_sorted (Fixture *f)
{
  g_autofree char *copy = g_strstrip (g_strdup (f->notified->str));
  g_auto(GStrv) names = g_strsplit (copy, " ", -1);
  guint n = g_strv_length (names);

  qsort (names, n, sizeof (char *), compare_strings);
  return g_strjoinv (" ", names);
}

#define assert_notified(f, expected) \
  G_STMT_START { \
    g_autofree char *sorted_ = notified_sorted (f); \
    g_assert_cmpstr (sorted_, ==, expected); \
  } G_STMT_END

static void
on_stats (PtServerController  *controller,
          const PtServerStats *stats,
          double               rate,
          Fixture             *f)
{
  f->n_stats++;
  f->last_requests = stats->requests;
  f->last_rate = rate;
}

static void
on_message (PtServerController *controller,
            const char         *text,
            Fixture            *f)
{
  g_free (f->last_message);
  f->last_message = g_strdup (text);
  f->n_messages++;
}

static void
write_index (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "index.html", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, INDEX_BODY, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) gsettings = g_settings_new_with_backend (PT_SETTINGS_SCHEMA_ID, backend);
  g_autofree char *log_path = NULL;

  f->tmpdir = g_dir_make_tmp ("portico-controller-XXXXXX", &error);
  g_assert_no_error (error);
  f->docroot = g_build_filename (f->tmpdir, "site", NULL);
  log_path = g_build_filename (f->tmpdir, "log.txt", NULL);
  g_assert_cmpint (g_mkdir (f->docroot, 0700), ==, 0);
  write_index (f->docroot);

  f->settings = pt_settings_new (gsettings);
  g_object_set (f->settings,
                "port", pt_test_net_free_port (),
                "folder", f->docroot,
                "log-file", log_path,
                "worker-threads", 2,
                NULL);
  f->controller = pt_server_controller_new (f->settings);
  f->notified = g_string_new (NULL);
  g_signal_connect (f->controller, "notify", G_CALLBACK (on_notify), f);
  g_signal_connect (f->controller, "stats", G_CALLBACK (on_stats), f);
  g_signal_connect (f->controller, "message", G_CALLBACK (on_message), f);
}

static gboolean
is_stopped (Fixture *f)
{
  return pt_server_controller_get_state (f->controller) == PT_SERVER_STATE_STOPPED;
}

static gboolean
only_test_holds_controller (Fixture *f)
{
  return g_atomic_int_get (&G_OBJECT (f->controller)->ref_count) == 1;
}

static void
fixture_teardown (Fixture *f)
{
  g_autofree char *index = g_build_filename (f->docroot, "index.html", NULL);
  g_autofree char *log = g_build_filename (f->tmpdir, "log.txt", NULL);

  pt_server_controller_stop (f->controller);
  g_assert_true (iterate_until (f, is_stopped));
  /* The stop's GTask thread lets go of its reference to the controller a
   * moment after the callback ran in this thread. */
  g_assert_true (iterate_until (f, only_test_holds_controller));
  g_assert_finalize_object (f->controller);
  g_assert_finalize_object (f->settings);
  g_string_free (f->notified, TRUE);
  g_free (f->last_message);
  g_remove (index);
  g_remove (log);
  g_rmdir (f->docroot);
  g_rmdir (f->tmpdir);
  g_free (f->docroot);
  g_free (f->tmpdir);
}

/* ------------------------------------------------------------------------ */
/* cases                                                                    */

static gboolean
counted_one_request (Fixture *f)
{
  return f->last_requests == 1;
}

static gboolean
log_has_index (Fixture *f)
{
  GListModel *rows = G_LIST_MODEL (pt_server_controller_get_log_model (f->controller));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(PtLogRow) row = g_list_model_get_item (rows, i);

      if (pt_log_row_get_kind (row) == PT_EVENT_RESPONSE &&
          pt_log_row_get_status (row) == 200 &&
          g_strcmp0 (pt_log_row_get_path (row), "/index.html") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_start_request_stop (void)
{
  Fixture f = { 0 };
  g_autofree char *address = NULL;
  g_autofree char *response = NULL;
  g_autofree char *prop_address = NULL;
  guint port;
  guint stats_before_stop;
  gboolean running = FALSE;

  fixture_setup (&f);
  g_assert_cmpint (pt_server_controller_get_state (f.controller), ==, PT_SERVER_STATE_STOPPED);
  g_assert_cmpuint (pt_server_controller_get_port (f.controller), ==, 0);
  g_assert_null (pt_server_controller_get_address (f.controller));

  pt_server_controller_start (f.controller);
  port = pt_settings_get_port (f.settings);
  address = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_assert_cmpint (pt_server_controller_get_state (f.controller), ==, PT_SERVER_STATE_RUNNING);
  g_assert_cmpuint (pt_server_controller_get_port (f.controller), ==, port);
  g_assert_cmpstr (pt_server_controller_get_address (f.controller), ==, address);
  g_object_get (f.controller, "running", &running, "address", &prop_address, NULL);
  g_assert_true (running);
  g_assert_cmpstr (prop_address, ==, address);
  /* one notification each, in one batch */
  assert_notified (&f, "address port running state");
  /* the first snapshot is pulled at once */
  g_assert_cmpuint (f.n_stats, ==, 1);
  g_assert_cmpuint (f.last_requests, ==, 0);

  response = pt_test_net_get (port, "/index.html");
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));
  g_assert_true (g_str_has_suffix (response, "\r\n\r\n" INDEX_BODY));
  g_assert_true (iterate_until (&f, counted_one_request));
  g_assert_true (iterate_until (&f, log_has_index));

  g_string_truncate (f.notified, 0);
  stats_before_stop = f.n_stats;
  pt_server_controller_stop (f.controller);
  g_assert_cmpint (pt_server_controller_get_state (f.controller), ==, PT_SERVER_STATE_STOPPING);
  g_assert_cmpuint (pt_server_controller_get_port (f.controller), ==, 0);
  g_assert_null (pt_server_controller_get_address (f.controller));
  assert_notified (&f, "address port running state");
  g_assert_true (iterate_until (&f, is_stopped));
  assert_notified (&f, "address port running state state");
  g_assert_true (pt_test_net_port_is_closed (port));
  /* one pull as it stops, and the final snapshot once stopped */
  g_assert_cmpuint (f.n_stats, ==, stats_before_stop + 2);
  g_assert_cmpuint (f.last_requests, ==, 1);
  g_assert_cmpfloat (f.last_rate, ==, 0.0);
  g_assert_cmpuint (f.n_messages, ==, 0);

  fixture_teardown (&f);
}

static void
test_missing_folder (void)
{
  Fixture f = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *expected = NULL;

  fixture_setup (&f);
  missing = g_build_filename (f.tmpdir, "does-not-exist", NULL);
  g_object_get (f.controller, "folder", &folder, NULL);
  g_assert_cmpstr (folder, ==, f.docroot);
  g_clear_pointer (&folder, g_free);
  pt_settings_set_folder (f.settings, missing);
  g_object_get (f.controller, "folder", &folder, NULL);
  g_assert_cmpstr (folder, ==, missing);
  g_assert_null (pt_server_controller_get_folder_error (f.controller));
  pt_server_controller_start (f.controller);
  g_assert_cmpint (pt_server_controller_get_state (f.controller), ==, PT_SERVER_STATE_STOPPED);
  expected = g_strdup_printf ("The folder “%s” does not exist. Choose another folder.", missing);
  g_assert_cmpstr (pt_server_controller_get_folder_error (f.controller), ==, expected);
  assert_notified (&f, "folder folder-error");

  /* choosing another folder clears the error */
  pt_settings_set_folder (f.settings, f.docroot);
  g_assert_null (pt_server_controller_get_folder_error (f.controller));
  assert_notified (&f, "folder folder folder-error folder-error");
  pt_server_controller_start (f.controller);
  g_assert_true (pt_server_controller_get_running (f.controller));

  fixture_teardown (&f);
}

static int
hold_port (guint port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((guint16) port);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 1), ==, 0);
  return fd;
}

static gboolean
has_message (Fixture *f)
{
  return f->n_messages > 0;
}

static void
test_busy_port (void)
{
  Fixture f = { 0 };
  g_autofree char *comm = NULL;
  g_autofree char *expected = NULL;
  guint busy;
  guint got;
  int holder;

  fixture_setup (&f);
  busy = pt_settings_get_port (f.settings);
  holder = hold_port (busy);

  pt_server_controller_start (f.controller);
  got = pt_server_controller_get_port (f.controller);
  g_assert_cmpuint (got, >, busy);
  /* the holder is found in a thread: nothing yet, then one message */
  g_assert_cmpuint (f.n_messages, ==, 0);
  g_assert_true (iterate_until (&f, has_message));
  g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
  g_strstrip (comm);
  expected = g_strdup_printf ("Port %u is in use by %s (pid %d); serving on port %u instead",
                              busy, comm, (int) getpid (), got);
  g_assert_cmpstr (f.last_message, ==, expected);
  g_assert_cmpuint (f.n_messages, ==, 1);

  close (holder);
  fixture_teardown (&f);
}

/* Stopped before the holder lookup came back: its answer is stale and
 * dropped (the lookup's callback cannot run before the loop iterates). */
static void
test_busy_port_stale (void)
{
  Fixture f = { 0 };
  int holder;

  fixture_setup (&f);
  holder = hold_port (pt_settings_get_port (f.settings));

  pt_server_controller_start (f.controller);
  g_assert_true (pt_server_controller_get_running (f.controller));
  pt_server_controller_stop (f.controller);
  g_assert_true (iterate_until (&f, is_stopped));
  /* the lookup thread has had time to finish and post its answer */
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (f.n_messages, ==, 0);

  close (holder);
  fixture_teardown (&f);
}

static gboolean
serves_on (Fixture *f)
{
  return pt_server_controller_get_port (f->controller) == pt_settings_get_port (f->settings);
}

static void
test_restart_on_setting (void)
{
  Fixture f = { 0 };
  g_autofree char *response = NULL;
  guint old_port;
  guint new_port;

  fixture_setup (&f);
  pt_server_controller_start (f.controller);
  old_port = pt_server_controller_get_port (f.controller);

  /* start-on-open is no server setting: nothing happens */
  g_object_set (f.settings, "start-on-open", TRUE, NULL);
  g_string_truncate (f.notified, 0);
  new_port = pt_test_net_free_port ();
  g_object_set (f.settings, "port", new_port, NULL);
  assert_notified (&f, "");
  g_assert_true (iterate_until (&f, serves_on));
  g_assert_cmpuint (pt_server_controller_get_port (f.controller), ==, new_port);
  assert_notified (&f, "address address port port running running state state state");
  g_assert_true (pt_test_net_port_is_closed (old_port));
  response = pt_test_net_get (new_port, "/index.html");
  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 200 OK\r\n"));

  fixture_teardown (&f);
}

/* After close, nothing starts again. */
static void
test_close (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  pt_server_controller_start (f.controller);
  pt_server_controller_close (f.controller);
  pt_server_controller_start (f.controller);
  g_assert_true (iterate_until (&f, is_stopped));
  pt_server_controller_start (f.controller);
  g_assert_cmpint (pt_server_controller_get_state (f.controller), ==, PT_SERVER_STATE_STOPPED);

  fixture_teardown (&f);
}

/* ---- private links ------------------------------------------------------ */

/* One GET with an optional Cookie; the status line of the answer. */
static char *
get_status (guint       port,
            const char *target,
            const char *cookie)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s"
                                              "Connection: close\r\n\r\n", target,
                                              cookie != NULL ? "Cookie: portico-key=" : "",
                                              cookie != NULL ? cookie : "",
                                              cookie != NULL ? "\r\n" : "");
  g_autofree char *response = NULL;
  int fd = pt_test_net_connect (port);
  const char *eol;

  g_assert_cmpint (fd, >=, 0);
  pt_test_net_send_all (fd, request, strlen (request));
  response = pt_test_net_read_to_eof (fd);
  close (fd);
  eol = strstr (response, "\r\n");
  g_assert_nonnull (eol);
  return g_strndup (response, (gsize) (eol - response));
}

static void
assert_status (guint       port,
               const char *target,
               const char *cookie,
               const char *status_line)
{
  g_autofree char *got = get_status (port, target, cookie);

  g_test_message ("GET %s, cookie %s", target, cookie != NULL ? cookie : "(none)");
  g_assert_cmpstr (got, ==, status_line);
}

static void
assert_key_works (guint       port,
                  const char *key)
{
  g_autofree char *link = g_strdup_printf ("/index.html?portico-key=%s", key);

  assert_status (port, "/index.html", NULL, "HTTP/1.1 403 Forbidden");
  assert_status (port, link, NULL, "HTTP/1.1 303 See Other");
  assert_status (port, "/index.html", key, "HTTP/1.1 200 OK");
}

static void
assert_key_refused (guint       port,
                    const char *key)
{
  g_autofree char *link = g_strdup_printf ("/index.html?portico-key=%s", key);

  assert_status (port, link, NULL, "HTTP/1.1 403 Forbidden");
  assert_status (port, "/index.html", key, "HTTP/1.1 403 Forbidden");
}

/* The restart for private-links off has happened. */
static gboolean
restarted_open (Fixture *f)
{
  return pt_server_controller_get_running (f->controller) &&
         pt_server_controller_get_access_key (f->controller) == NULL;
}

/* Sharing on the network with private-links (the default): a key at
 * start, in the address; "New link" replaces it at once, without a
 * restart; a restart for another setting keeps it. */
static void
test_private_link (void)
{
  Fixture f = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *address = NULL;
  g_autofree char *prop_key = NULL;
  guint port;
  guint new_port;

  fixture_setup (&f);
  g_object_set (f.settings, "listen", PT_LISTEN_NETWORK, NULL);
  g_assert_true (pt_settings_get_private_links (f.settings));   /* the schema's default */
  g_assert_null (pt_server_controller_get_access_key (f.controller));
  g_string_truncate (f.notified, 0);

  pt_server_controller_start (f.controller);
  g_assert_true (pt_server_controller_get_running (f.controller));
  assert_notified (&f, "access-key address port running state");
  port = pt_server_controller_get_port (f.controller);
  first = g_strdup (pt_server_controller_get_access_key (f.controller));
  g_assert_nonnull (first);
  g_assert_cmpuint (strlen (first), ==, 22);
  g_assert_true (pt_server_access_key_is_valid (first));
  g_object_get (f.controller, "access-key", &prop_key, NULL);
  g_assert_cmpstr (prop_key, ==, first);
  address = g_strdup_printf ("http://127.0.0.1:%u/?portico-key=%s", port, first);
  g_assert_cmpstr (pt_server_controller_get_address (f.controller), ==, address);
  assert_key_works (port, first);

  /* New link: the old key and its cookie are refused from the next request */
  g_string_truncate (f.notified, 0);
  pt_server_controller_new_access_key (f.controller);
  assert_notified (&f, "access-key address");
  second = g_strdup (pt_server_controller_get_access_key (f.controller));
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpuint (pt_server_controller_get_port (f.controller), ==, port);   /* no restart */
  g_clear_pointer (&address, g_free);
  address = g_strdup_printf ("http://127.0.0.1:%u/?portico-key=%s", port, second);
  g_assert_cmpstr (pt_server_controller_get_address (f.controller), ==, address);
  assert_key_refused (port, first);
  assert_key_works (port, second);

  /* a restart for another setting keeps the link */
  new_port = pt_test_net_free_port ();
  g_object_set (f.settings, "port", new_port, NULL);
  g_assert_true (iterate_until (&f, serves_on));
  g_assert_cmpstr (pt_server_controller_get_access_key (f.controller), ==, second);
  assert_key_works (new_port, second);

  /* private links off: open, no key */
  g_string_truncate (f.notified, 0);
  g_object_set (f.settings, "private-links", FALSE, NULL);
  g_assert_true (iterate_until (&f, restarted_open));
  {
    g_autofree char *open = g_strdup_printf ("http://127.0.0.1:%u/", new_port);

    g_assert_true (pt_server_controller_get_running (f.controller));
    g_assert_cmpstr (pt_server_controller_get_address (f.controller), ==, open);
  }
  assert_status (new_port, "/index.html", NULL, "HTTP/1.1 200 OK");
  /* no key: New link does nothing */
  pt_server_controller_new_access_key (f.controller);
  g_assert_null (pt_server_controller_get_access_key (f.controller));

  fixture_teardown (&f);
}

/* On this computer only: never a key, whatever private-links says. */
static void
test_private_link_local (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  g_assert_true (pt_settings_get_private_links (f.settings));
  pt_server_controller_start (f.controller);
  g_assert_null (pt_server_controller_get_access_key (f.controller));
  assert_status (pt_server_controller_get_port (f.controller), "/index.html", NULL, "HTTP/1.1 200 OK");

  fixture_teardown (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/server-controller/start-request-stop", test_start_request_stop);
  g_test_add_func ("/ui/server-controller/missing-folder", test_missing_folder);
  g_test_add_func ("/ui/server-controller/busy-port", test_busy_port);
  g_test_add_func ("/ui/server-controller/busy-port-stale", test_busy_port_stale);
  g_test_add_func ("/ui/server-controller/restart-on-setting", test_restart_on_setting);
  g_test_add_func ("/ui/server-controller/close", test_close);
  g_test_add_func ("/ui/server-controller/private-link", test_private_link);
  g_test_add_func ("/ui/server-controller/private-link-local", test_private_link_local);

  return g_test_run ();
}
