/* pt-headless.c — flags → PtServerConfig → the engine, console text on stdout */
#define G_LOG_DOMAIN "portico"

#include "config.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib-unix.h>

#include "pt-event-bridge.h"
#include "pt-headless.h"
#include "pt-lan.h"
#include "pt-lan-monitor.h"
#include "pt-options-file.h"
#include "pt-server.h"
#include "pt-share-url.h"
#include "pt-systemd.h"

/* Every connection holds one descriptor; files, the log, epoll and eventfds need a few more. */
#define PT_HEADLESS_FD_RESERVE 256

/* TEST ONLY: names a file of fake interface rows (pt_lan_table_new_from_text)
 * that replaces the system's table, so tests/cli can assert the exact
 * "Other devices can use:" lines.  Read only when set; nothing else uses it. */
#define PT_HEADLESS_TEST_INTERFACES_ENV "PT_TEST_INTERFACES"

#define PT_HEADLESS_OTHER_DEVICES "Other devices can use: "

/* Before the start's share lines, written again after a network change. */
#define PT_HEADLESS_NETWORK_CHANGED "Network changed; the links are now:\n"

/* Every message starts with this, for both executables. */
#define PT_HEADLESS_PREFIX "portico: "

typedef struct
{
  gboolean       quiet;
  FILE          *console;   /* stdout, or stderr when the log records go to stdout */
  GMainLoop     *loop;
  PtServer      *server;
  PtEventBridge *bridge;
  PtLanMonitor  *lan_monitor;   /* on a wildcard address, when netlink can be opened */
  guint          port;          /* of the "Server is running…" line */
  char          *share_lines;   /* the share lines last written; NULL before the start */
} PtHeadless;


static GOptionContext *
option_context_new (PtFront         front,
                    PtOptionValues *values)
{
  g_autofree GOptionEntry *entries = pt_options_new_entries (front, values);
  g_autofree GOptionEntry *folder_entries = pt_options_new_folder_entries (values);
  GOptionContext *context = g_option_context_new (pt_options_get_usage (front));

  g_option_context_set_summary (context, pt_options_get_summary (front));
  g_option_context_set_description (context, pt_options_get_exit_text ());
  /* It copies the entries. */
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, folder_entries, NULL);
  return context;
}


/* --config FILE or --config=FILE, before the flags are parsed over the file. */
static const char *
find_config_flag (char **args)
{
  const PtOption *option = pt_options_get_by_id (PT_OPTION_CONFIG);
  g_autofree char *with_eq = g_strdup_printf ("--%s=", option->name);
  g_autofree char *flag = g_strdup_printf ("--%s", option->name);
  char short_flag[3] = { '-', option->short_name, '\0' };
  const char *found = NULL;

  for (guint i = 1; args[i] != NULL; i++)
    {
      if (g_str_equal (args[i], "--"))
        break;
      if ((g_str_equal (args[i], flag) || g_str_equal (args[i], short_flag)) && args[i + 1] != NULL)
        found = args[++i];
      else if (g_str_has_prefix (args[i], with_eq))
        found = args[i] + strlen (with_eq);
    }
  return found;
}


/* Raises the soft open-file limit to what max_connections needs (at most the
 * hard limit), and says so when the hard limit is too low. */
static void
raise_fd_limit (guint max_connections)
{
  struct rlimit limit;
  rlim_t want = (rlim_t) max_connections + PT_HEADLESS_FD_RESERVE;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return;
  if (limit.rlim_cur >= want)
    return;

  if (limit.rlim_cur < limit.rlim_max)
    {
      struct rlimit raised = limit;

      raised.rlim_cur = MIN (want, limit.rlim_max);
      if (setrlimit (RLIMIT_NOFILE, &raised) == 0)
        limit = raised;
    }

  if (limit.rlim_cur < want)
    g_printerr (PT_HEADLESS_PREFIX "the open-file limit (%lu, hard %lu) allows about %lu connections, "
                "fewer than --max-connections %u; raise it with “ulimit -Hn”\n",
                (unsigned long) limit.rlim_cur, (unsigned long) limit.rlim_max,
                (unsigned long) (limit.rlim_cur > PT_HEADLESS_FD_RESERVE
                                 ? limit.rlim_cur - PT_HEADLESS_FD_RESERVE : 0),
                max_connections);
}


/* "0.0.0.0", "::" (or another spelling of them): every interface. */
static gboolean
host_is_wildcard (const char *host,
                  int        *family)
{
  guint8 bytes[16];
  gsize size;

  if (inet_pton (AF_INET, host, bytes) == 1)
    {
      *family = AF_INET;
      size = 4;
    }
  else if (inet_pton (AF_INET6, host, bytes) == 1)
    {
      *family = AF_INET6;
      size = 16;
    }
  else
    return FALSE;
  for (gsize i = 0; i < size; i++)
    if (bytes[i] != 0)
      return FALSE;
  return TRUE;
}

static PtLanTable *
lan_table_new (void)
{
  const char *test_path = g_getenv (PT_HEADLESS_TEST_INTERFACES_ENV);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  PtLanTable *table;

  if (test_path == NULL)
    return pt_lan_table_new_from_system ();
  if (g_file_get_contents (test_path, &text, NULL, &error) &&
      (table = pt_lan_table_new_from_text (text, &error)) != NULL)
    return table;
  g_printerr (PT_HEADLESS_PREFIX PT_HEADLESS_TEST_INTERFACES_ENV ": %s\n", error->message);
  return pt_lan_table_new ();
}

/* The lines after "Server is running…" (also with --quiet: without them an
 * auto key could not be used), and again after "Network changed…" when
 * they change (on_network_changed).  With --access-key, "Private link: URL".
 * Listening on every interface, the URLs another device can open, ranked as
 * the window's share card ranks them (pt_lan_rank), one line each, with the
 * key when a private link is on; the private link is then the first of them
 * (the window's card shows that one too), or this computer's 127.0.0.1 when
 * there is none: "0.0.0.0" is no address to open.  A socket bound to
 * 0.0.0.0 takes no IPv6, so then only the IPv4 addresses are shown; "::" is
 * dual-stack. */
static void
append_share_lines (PtServer *server,
                    guint     port,
                    GString  *out)
{
  const char *host = pt_server_get_host (server);
  g_autofree char *key = pt_server_dup_access_key (server);
  g_autoptr(PtLanTable) table = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) devices = NULL;
  g_autofree char *first_url = NULL;
  int family;

  if (host == NULL)
    return;
  if (!host_is_wildcard (host, &family))
    {
      g_autofree char *url = key != NULL ? pt_share_url (host, port, key) : NULL;

      if (url != NULL)
        g_string_append_printf (out, "Private link: %s\n", url);
      return;
    }

  devices = g_string_new (NULL);
  table = lan_table_new ();
  entries = pt_lan_rank (table);
  for (guint i = 0; i < entries->len; i++)
    {
      const PtLanEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *url = NULL;

      if (family == AF_INET && entry->family != AF_INET)
        continue;
      url = pt_share_url (entry->address, port, key);
      g_string_append_printf (devices, PT_HEADLESS_OTHER_DEVICES "%s (%s, %s)\n", url,
                              pt_lan_kind_label (entry->kind), entry->interface);
      if (first_url == NULL)
        first_url = g_steal_pointer (&url);
    }
  if (first_url == NULL && pt_lan_table_get_read_errno (table) != 0)
    g_string_append_printf (devices, PT_HEADLESS_OTHER_DEVICES "unknown, the network interfaces "
                            "could not be read (%s)\n",
                            g_strerror (pt_lan_table_get_read_errno (table)));
  else if (first_url == NULL)
    g_string_append (devices, PT_HEADLESS_OTHER_DEVICES "no network address found "
                     "(connect this computer to Wi-Fi or Ethernet)\n");

  if (key != NULL)
    {
      if (first_url == NULL)
        first_url = pt_share_url ("127.0.0.1", port, key);
      g_string_append_printf (out, "Private link: %s\n", first_url);
    }
  g_string_append_len (out, devices->str, devices->len);
}


/* One batch → one write per stream, so lines never interleave. */
static void
on_events (PtEvent  **events,
           guint      n_events,
           gpointer   user_data)
{
  PtHeadless *self = user_data;
  g_autoptr(GString) out = g_string_sized_new (256);
  g_autoptr(GString) err = g_string_new (NULL);

  for (guint i = 0; i < n_events; i++)
    {
      const PtEvent *event = events[i];

      if (event->type == PT_EVENT_ERROR || event->type == PT_EVENT_LIVE_RELOAD_POLLING)
        {
          g_string_append (err, PT_HEADLESS_PREFIX);
          pt_event_format_console (event, err);
        }
      else if (!self->quiet || event->type == PT_EVENT_STARTED)
        pt_event_format_console (event, out);
      if (event->type == PT_EVENT_STARTED)
        {
          g_autoptr(GString) lines = g_string_new (NULL);

          append_share_lines (self->server, event->port, lines);
          g_string_append_len (out, lines->str, lines->len);
          self->port = event->port;
          g_free (self->share_lines);
          self->share_lines = g_string_free (g_steal_pointer (&lines), FALSE);
        }
    }

  if (out->len > 0)
    {
      fwrite (out->str, 1, out->len, self->console);
      fflush (self->console);
    }
  if (err->len > 0)
    {
      fwrite (err->str, 1, err->len, stderr);
      fflush (stderr);
    }
}


/* The netlink watch's coalesced burst: the share lines again, under a line
 * that says why, when they are not the ones last written (also with
 * --quiet, as at the start).  Before the start's lines are out there is
 * nothing to compare: they read the table themselves. */
static void
on_network_changed (gpointer user_data)
{
  PtHeadless *self = user_data;
  g_autoptr(GString) lines = NULL;
  g_autoptr(GString) out = NULL;

  if (self->share_lines == NULL)
    return;
  lines = g_string_new (NULL);
  append_share_lines (self->server, self->port, lines);
  if (g_str_equal (lines->str, self->share_lines))
    return;

  out = g_string_new (PT_HEADLESS_NETWORK_CHANGED);
  g_string_append_len (out, lines->str, lines->len);
  fwrite (out->str, 1, out->len, self->console);
  fflush (self->console);
  g_free (self->share_lines);
  self->share_lines = g_string_free (g_steal_pointer (&lines), FALSE);
}

/* Listening on every interface, the share lines follow the network.  No
 * netlink (portico.service allows AF_INET, AF_INET6 and AF_UNIX only): the
 * start's lines stay, and nothing says so on the console. */
static void
watch_network (PtHeadless *self)
{
  const char *host = pt_server_get_host (self->server);
  g_autoptr(GError) error = NULL;
  int family;

  if (host == NULL || !host_is_wildcard (host, &family))
    return;
  self->lan_monitor = pt_lan_monitor_new (on_network_changed, self, &error);
  if (self->lan_monitor == NULL)
    g_debug ("the share lines are not refreshed: %s", error->message);
}


static gboolean
on_stop_signal (gpointer user_data)
{
  PtHeadless *self = user_data;

  /* No "Network changed" after "Server stopped.". */
  g_clear_pointer (&self->lan_monitor, pt_lan_monitor_free);

  pt_systemd_notify ("STOPPING=1");
  pt_server_stop (self->server);          /* joins the workers, flushes the log */
  pt_event_bridge_flush (self->bridge);   /* everything up to "Server stopped." */
  g_main_loop_quit (self->loop);

  return G_SOURCE_CONTINUE;
}


/* logrotate's postrotate: the log-writer thread reopens the path between
 * two chunks (pt_server_reopen_log). */
static gboolean
on_hangup_signal (gpointer user_data)
{
  PtHeadless *self = user_data;

  pt_server_reopen_log (self->server);
  return G_SOURCE_CONTINUE;
}


/* READY=1 only now: pt_server_start returned, so the socket listens. */
static void
notify_ready (PtServer             *server,
              const PtServerConfig *config)
{
  const char *host = pt_server_get_host (server);
  gboolean v6 = strchr (host, ':') != NULL;
  g_autofree char *state =
    g_strdup_printf ("READY=1\nSTATUS=Serving %s on http://%s%s%s:%u/\nMAINPID=%ld",
                     config->docroot, v6 ? "[" : "", host, v6 ? "]" : "",
                     pt_server_get_port (server), (long) getpid ());

  pt_systemd_notify (state);
}


static void
block_stop_signals (void)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  pthread_sigmask (SIG_BLOCK, &set, NULL);
}


static int
exit_status_for (const GError *error)
{
  if (g_error_matches (error, PT_SERVER_ERROR, PT_SERVER_ERROR_ADDRESS))
    return PT_EXIT_USAGE;
  return PT_EXIT_RUNTIME;
}


static int
serve (const PtServerConfig *config,
       gboolean              quiet)
{
  g_autoptr(GError) error = NULL;
  PtHeadless self = { .quiet = quiet, .console = stdout };
  guint sigint_id;
  guint sigterm_id;
  guint sighup_id;

  /* Records on stdout (the journal): the console text moves to stderr. */
  if (config->log_path != NULL && g_str_equal (config->log_path, "-"))
    self.console = stderr;

  if (!pt_options_check_folder (config->docroot, &error))
    {
      g_printerr (PT_HEADLESS_PREFIX "%s\n", error->message);
      return PT_EXIT_RUNTIME;
    }

  /* A peer that goes away mid-response must not kill the process. */
  signal (SIGPIPE, SIG_IGN);

  self.loop = g_main_loop_new (NULL, FALSE);
  self.bridge = pt_event_bridge_new (NULL, on_events, &self, NULL);
  self.server = pt_server_new (config, pt_event_bridge_post, self.bridge);

  /* The handlers go in before the first accept: a client that got its answer
   * may send SIGTERM at once (socket activation), and the default action would
   * kill the process instead of stopping it cleanly.  A signal that comes
   * before the loop runs waits for it. */
  sigint_id = g_unix_signal_add (SIGINT, on_stop_signal, &self);
  sigterm_id = g_unix_signal_add (SIGTERM, on_stop_signal, &self);
  sighup_id = g_unix_signal_add (SIGHUP, on_hangup_signal, &self);
  g_source_set_name_by_id (sigint_id, "[portico] SIGINT");
  g_source_set_name_by_id (sigterm_id, "[portico] SIGTERM");
  g_source_set_name_by_id (sighup_id, "[portico] SIGHUP");

  if (!pt_server_start (self.server, &error))
    {
      int status = exit_status_for (error);

      g_printerr (PT_HEADLESS_PREFIX "%s\n", error->message);
      g_source_remove (sigint_id);
      g_source_remove (sigterm_id);
      g_source_remove (sighup_id);
      pt_server_free (self.server);
      pt_event_bridge_free (self.bridge);
      g_main_loop_unref (self.loop);
      return status;
    }

  notify_ready (self.server, config);
  watch_network (&self);

  g_main_loop_run (self.loop);

  /* Removing the last source puts SIG_DFL back: a second SIGTERM during the
   * teardown would then end the process with the signal instead of status 0.
   * The stop is under way, so further stop signals are held and dropped. */
  block_stop_signals ();
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_source_remove (sighup_id);
  g_clear_pointer (&self.lan_monitor, pt_lan_monitor_free);
  pt_server_free (self.server);
  pt_event_bridge_flush (self.bridge);
  pt_event_bridge_free (self.bridge);
  g_main_loop_unref (self.loop);
  g_free (self.share_lines);

  return PT_EXIT_OK;
}


static int
run (const PtHeadlessSetup *setup,
     PtOptionValues        *values,
     int                    argc,
     char                 **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PtServerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  /* g_option_context_parse_strv keeps the caller's argv intact. */
  g_auto(GStrv) args = g_strdupv (argv);

  if (setup->front == PT_FRONT_SERVER)
    {
      const char *config_path = find_config_flag (args);

      if (!pt_option_values_load_file (values, config_path != NULL ? config_path : setup->config_path,
                                       config_path != NULL, &error))
        {
          g_printerr (PT_HEADLESS_PREFIX "%s\n", error->message);
          return error->domain == G_FILE_ERROR ? PT_EXIT_RUNTIME : PT_EXIT_USAGE;
        }
    }

  context = option_context_new (setup->front, values);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr (PT_HEADLESS_PREFIX "%s\n", error->message);
      return PT_EXIT_USAGE;
    }

  if (values->version)
    {
      g_print ("%s %s\n", setup->prog, PACKAGE_VERSION);
      return PT_EXIT_OK;
    }

  /* FOLDER takes every positional argument (one is served); only what
   * follows "--" after it could be left. */
  if (g_strv_length (args) > 1)
    {
      g_printerr (PT_HEADLESS_PREFIX "unexpected argument “%s” (see %s --help)\n", args[1], setup->prog);
      return PT_EXIT_USAGE;
    }
  if (!pt_options_check_folder_args ((const char * const *) values->folders,
                                     values->docroot != NULL &&
                                     values->docroot != values->file_strings[PT_OPTION_DOCROOT],
                                     setup->prog, &error))
    {
      g_printerr (PT_HEADLESS_PREFIX "%s\n", error->message);
      return PT_EXIT_USAGE;
    }

  config = pt_option_values_to_config (values, &error);
  if (config == NULL)
    {
      g_printerr (PT_HEADLESS_PREFIX "%s\n", error->message);
      return PT_EXIT_USAGE;
    }

  /* Records to stdout (--log-file -, for the journal): the per-request
   * console lines would repeat them, so --quiet is implied (serve() moves
   * what is left of the console text to stderr). */
  if (config->log_path != NULL && g_str_equal (config->log_path, "-"))
    {
      values->quiet = TRUE;
      config->trace_events = FALSE;
    }

  raise_fd_limit (config->max_connections);

  if (setup->front == PT_FRONT_PORTICO && !values->no_gui)
    {
      if (setup->window != NULL && setup->window_available != NULL && setup->window_available ())
        {
          pt_option_values_clear (values);
          /* The window parses argv again, into its launch options. */
          return setup->window (argc, argv);
        }
      if (setup->no_window_note != NULL)
        g_printerr ("%s\n", setup->no_window_note);
    }

  config->listen_fd = pt_systemd_take_listen_fd (&error);
  if (error != NULL)
    {
      g_printerr (PT_HEADLESS_PREFIX "%s\n", error->message);
      return PT_EXIT_USAGE;
    }

  return serve (config, values->quiet);
}


int
pt_headless_main (const PtHeadlessSetup *setup,
                  int                    argc,
                  char                 **argv)
{
  PtOptionValues values;
  int status;

  g_return_val_if_fail (setup != NULL, PT_EXIT_USAGE);
  g_return_val_if_fail (setup->front == PT_FRONT_PORTICO || setup->front == PT_FRONT_SERVER,
                        PT_EXIT_USAGE);

  pt_option_values_init (&values);
  status = run (setup, &values, argc, argv);
  pt_option_values_clear (&values);
  return status;
}
