/* main.c — portico: the window, or a headless server with --no-gui
 *
 * The only file that knows both front ends exist.  The flags are parsed and
 * checked here before any GTK object exists, so --help, --version and usage
 * errors are the same with or without a display.  Then, with a display and
 * the GUI built (and no --no-gui), pt_ui_main() gets the original argv: the
 * window applies the server flags for this launch (pt-launch-options.h);
 * else the server runs headless.
 */
#define G_LOG_DOMAIN "portico"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "pt-event-bridge.h"
#include "pt-server.h"

#if PT_HAVE_GUI
# include "pt-ui.h"
#endif

#define PT_CLI_EXIT_RUNTIME         1       /* docroot, bind, log file */
#define PT_CLI_EXIT_USAGE           2       /* a bad flag or value */
#define PT_CLI_MAX_PORT             65535
#define PT_CLI_MIN_TIMEOUT_S        1
#define PT_CLI_MAX_TIMEOUT_S        86400   /* one day */
#define PT_CLI_MIN_MAX_REQUESTS     1
#define PT_CLI_MAX_MAX_REQUESTS     1000000
#define PT_CLI_MIN_MAX_CONNECTIONS  1
#define PT_CLI_MAX_MAX_CONNECTIONS  1000000
#define PT_CLI_DOCROOT_NAME         "srcFile"
#define PT_CLI_MS_PER_S             1000

typedef struct
{
  gboolean       no_gui;
  char          *host;
  int            port;
  char          *docroot;
  int            threads;
  int            keep_alive_timeout_s;
  int            max_requests;
  int            header_timeout_s;
  int            max_connections;
  char          *log_file;
  gboolean       no_log;
  char          *log_format;
  gboolean       serve_any_type;
  gboolean       quiet;
  gboolean       no_port_fallback;
  gboolean       version;
} PtCliOptions;

typedef struct
{
  gboolean       quiet;
  GMainLoop     *loop;
  PtServer      *server;
  PtEventBridge *bridge;
} PtCli;


static void
cli_options_clear (PtCliOptions *opts)
{
  g_clear_pointer (&opts->host, g_free);
  g_clear_pointer (&opts->docroot, g_free);
  g_clear_pointer (&opts->log_file, g_free);
  g_clear_pointer (&opts->log_format, g_free);
}


#if PT_HAVE_GUI
static gboolean
has_display (void)
{
  const char *x11 = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && *x11 != '\0') || (wayland != NULL && *wayland != '\0');
}
#endif


static GOptionContext *
cli_option_context_new (PtCliOptions *opts)
{
  const GOptionEntry entries[] = {
    { "no-gui", 0, 0, G_OPTION_ARG_NONE, &opts->no_gui,
      "Serve headless: no window, the report's console text on stdout", NULL },
    { "host", 0, 0, G_OPTION_ARG_STRING, &opts->host,
      "IP address to listen on (default " PT_DEFAULT_HOST "; 0.0.0.0 or :: for every interface)", "ADDRESS" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &opts->port,
      "TCP port, 0-65535 (default 8080; 0: any free port)", "PORT" },
    { "docroot", 'd', 0, G_OPTION_ARG_FILENAME, &opts->docroot,
      "Folder to serve (default: ./" PT_CLI_DOCROOT_NAME " if it exists, else the installed "
      PT_CLI_DOCROOT_NAME ")", "FOLDER" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &opts->threads,
      "Worker threads, 0-64 (default 0: one per CPU)", "N" },
    { "keep-alive-timeout", 0, 0, G_OPTION_ARG_INT, &opts->keep_alive_timeout_s,
      "Close a kept-alive connection after this many idle seconds, 1-86400 (default 15)", "SECONDS" },
    { "max-requests", 0, 0, G_OPTION_ARG_INT, &opts->max_requests,
      "Requests per connection before it is closed, 1-1000000 (default 100)", "N" },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &opts->header_timeout_s,
      "Seconds a request head may take to arrive (then 408), 1-86400 (default 10)", "SECONDS" },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &opts->max_connections,
      "Connections open at once; more get 503, 1-1000000 (default 10000)", "N" },
    { "log-file", 0, 0, G_OPTION_ARG_FILENAME, &opts->log_file,
      "Append request and response records to this file (default log.txt)", "PATH" },
    { "no-log", 0, 0, G_OPTION_ARG_NONE, &opts->no_log,
      "Write no log file", NULL },
    { "log-format", 0, 0, G_OPTION_ARG_STRING, &opts->log_format,
      "Log record format: report (the bracketed records, default) or combined (Apache)", "FORMAT" },
    { "serve-any-type", 0, 0, G_OPTION_ARG_NONE, &opts->serve_any_type,
      "Serve every file (unknown types as application/octet-stream) instead of 400", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opts->quiet,
      "Print only the first line (host/port) and errors", NULL },
    { "no-port-fallback", 0, 0, G_OPTION_ARG_NONE, &opts->no_port_fallback,
      "Fail when the port is busy instead of trying the next ones", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &opts->version,
      "Print the version and exit", NULL },
    { NULL },
  };
  GOptionContext *context;

  context = g_option_context_new ("— serve a folder over HTTP/1.1");
  g_option_context_set_summary (context,
    "Portico serves the files of a folder over HTTP/1.1 from a multi-threaded\n"
    "engine, and logs every request and response.\n"
    "\n"
    "With a display, portico opens its window, which takes its settings from\n"
    "GSettings (io.github.portico.Portico).  Server options given with the\n"
    "window override those settings for this launch only (they are not saved)\n"
    "and start serving; if Portico is already running, they are applied to\n"
    "its window.  The window serves on 127.0.0.1 or every interface (--host\n"
    "127.0.0.1 or 0.0.0.0), on ports 1-65535, with its preferences' ranges;\n"
    "--quiet has no effect there.\n"
    "\n"
    "With --no-gui, or when there is no display, it serves headless with these\n"
    "options and prints the report's console text: \"Server is running on\n"
    "host/port: HOST/PORT\" first, then one block per connection event.\n"
    "SIGINT or SIGTERM stops it cleanly (the window too).");
  g_option_context_set_description (context,
    "Exit status: 0 after a clean stop, 1 when the folder cannot be served,\n"
    "the port cannot be bound or the log cannot be opened, 2 for a bad option.");
  g_option_context_add_main_entries (context, entries, NULL);

  return context;
}


/* FALSE + a one-line message when a value is out of range. */
static gboolean
check_range (const char  *flag,
             int          value,
             int          min,
             int          max,
             GError     **error)
{
  if (value >= min && value <= max)
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "%s must be between %d and %d, not %d", flag, min, max, value);
  return FALSE;
}


static char *
default_docroot (void)
{
  if (g_file_test (PT_CLI_DOCROOT_NAME, G_FILE_TEST_IS_DIR))
    return g_strdup ("./" PT_CLI_DOCROOT_NAME);
  return g_build_filename (PKGDATADIR, PT_CLI_DOCROOT_NAME, NULL);
}


/* Validates the parsed flags into a config.  Usage errors only. */
static PtServerConfig *
config_from_options (PtCliOptions  *opts,
                     GError       **error)
{
  g_autoptr(PtServerConfig) config = pt_server_config_new ();

  if (!check_range ("--port", opts->port, 0, PT_CLI_MAX_PORT, error) ||
      !check_range ("--threads", opts->threads, 0, PT_MAX_THREADS, error) ||
      !check_range ("--keep-alive-timeout", opts->keep_alive_timeout_s,
                    PT_CLI_MIN_TIMEOUT_S, PT_CLI_MAX_TIMEOUT_S, error) ||
      !check_range ("--max-requests", opts->max_requests,
                    PT_CLI_MIN_MAX_REQUESTS, PT_CLI_MAX_MAX_REQUESTS, error) ||
      !check_range ("--header-timeout", opts->header_timeout_s,
                    PT_CLI_MIN_TIMEOUT_S, PT_CLI_MAX_TIMEOUT_S, error) ||
      !check_range ("--max-connections", opts->max_connections,
                    PT_CLI_MIN_MAX_CONNECTIONS, PT_CLI_MAX_MAX_CONNECTIONS, error))
    return NULL;

  if (opts->host != NULL && *opts->host == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--host must not be empty");
      return NULL;
    }
  if (opts->docroot != NULL && *opts->docroot == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--docroot must not be empty");
      return NULL;
    }
  if (opts->log_file != NULL && *opts->log_file == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--log-file must not be empty");
      return NULL;
    }
  if (opts->no_log && opts->log_file != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--log-file and --no-log cannot be used together");
      return NULL;
    }

  if (opts->log_format == NULL || g_strcmp0 (opts->log_format, "report") == 0)
    config->log_format = PT_LOG_FORMAT_REPORT;
  else if (g_strcmp0 (opts->log_format, "combined") == 0)
    config->log_format = PT_LOG_FORMAT_COMBINED;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--log-format must be report or combined, not “%s”", opts->log_format);
      return NULL;
    }

  if (opts->host != NULL)
    {
      g_free (config->host);
      config->host = g_strdup (opts->host);
    }
  config->port = (guint) opts->port;
  config->port_fallback = !opts->no_port_fallback;
  g_free (config->docroot);
  config->docroot = opts->docroot != NULL ? g_strdup (opts->docroot) : default_docroot ();
  config->n_threads = (guint) opts->threads;
  config->keep_alive_timeout_ms = (guint) opts->keep_alive_timeout_s * PT_CLI_MS_PER_S;
  config->max_requests = (guint) opts->max_requests;
  config->header_timeout_ms = (guint) opts->header_timeout_s * PT_CLI_MS_PER_S;
  config->max_connections = (guint) opts->max_connections;
  config->serve_any_type = opts->serve_any_type;
  g_clear_pointer (&config->log_path, g_free);
  if (!opts->no_log)
    config->log_path = g_strdup (opts->log_file != NULL ? opts->log_file : "log.txt");
  config->trace_events = !opts->quiet;

  return g_steal_pointer (&config);
}


/* Runtime check, before binding anything: exit 1. */
/* Every connection holds one descriptor; files, the log, epoll and eventfds need a few more. */
#define PT_CLI_FD_RESERVE 256

/* Raises the soft open-file limit to what max_connections needs (at most the
 * hard limit), and says so when the hard limit is too low. */
static void
raise_fd_limit (guint max_connections)
{
  struct rlimit limit;
  rlim_t want = (rlim_t) max_connections + PT_CLI_FD_RESERVE;

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
    g_printerr ("portico: the open-file limit (%lu, hard %lu) allows about %lu connections, "
                "fewer than --max-connections %u; raise it with “ulimit -Hn”\n",
                (unsigned long) limit.rlim_cur, (unsigned long) limit.rlim_max,
                (unsigned long) (limit.rlim_cur > PT_CLI_FD_RESERVE ? limit.rlim_cur - PT_CLI_FD_RESERVE : 0),
                max_connections);
}


static gboolean
check_docroot (const char  *docroot,
               GError     **error)
{
  if (!g_file_test (docroot, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_DOCROOT,
                   "cannot serve “%s”: no such folder", docroot);
      return FALSE;
    }
  if (!g_file_test (docroot, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_DOCROOT,
                   "cannot serve “%s”: not a folder", docroot);
      return FALSE;
    }
  if (access (docroot, R_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_DOCROOT,
                   "cannot serve “%s”: %s", docroot, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}


/* One batch → one write per stream, so lines never interleave. */
static void
on_events (PtEvent  **events,
           guint      n_events,
           gpointer   user_data)
{
  PtCli *cli = user_data;
  g_autoptr(GString) out = g_string_sized_new (256);
  g_autoptr(GString) err = g_string_new (NULL);

  for (guint i = 0; i < n_events; i++)
    {
      const PtEvent *event = events[i];

      if (event->type == PT_EVENT_ERROR)
        {
          g_string_append (err, "portico: ");
          pt_event_format_console (event, err);
        }
      else if (!cli->quiet || event->type == PT_EVENT_STARTED)
        pt_event_format_console (event, out);
    }

  if (out->len > 0)
    {
      fwrite (out->str, 1, out->len, stdout);
      fflush (stdout);
    }
  if (err->len > 0)
    {
      fwrite (err->str, 1, err->len, stderr);
      fflush (stderr);
    }
}


static gboolean
on_stop_signal (gpointer user_data)
{
  PtCli *cli = user_data;

  pt_server_stop (cli->server);          /* joins the workers, flushes the log */
  pt_event_bridge_flush (cli->bridge);   /* everything up to "Server stopped." */
  g_main_loop_quit (cli->loop);

  return G_SOURCE_CONTINUE;
}


static int
exit_status_for (const GError *error)
{
  if (g_error_matches (error, PT_SERVER_ERROR, PT_SERVER_ERROR_ADDRESS))
    return PT_CLI_EXIT_USAGE;
  return PT_CLI_EXIT_RUNTIME;
}


static int
run_headless (const PtServerConfig *config,
              gboolean              quiet)
{
  g_autoptr(GError) error = NULL;
  PtCli cli = { .quiet = quiet };
  guint sigint_id;
  guint sigterm_id;

  if (!check_docroot (config->docroot, &error))
    {
      g_printerr ("portico: %s\n", error->message);
      return PT_CLI_EXIT_RUNTIME;
    }

  /* A peer that goes away mid-response must not kill the process. */
  signal (SIGPIPE, SIG_IGN);

  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.bridge = pt_event_bridge_new (NULL, on_events, &cli, NULL);
  cli.server = pt_server_new (config, pt_event_bridge_post, cli.bridge);

  if (!pt_server_start (cli.server, &error))
    {
      int status = exit_status_for (error);

      g_printerr ("portico: %s\n", error->message);
      pt_server_free (cli.server);
      pt_event_bridge_free (cli.bridge);
      g_main_loop_unref (cli.loop);
      return status;
    }

  sigint_id = g_unix_signal_add (SIGINT, on_stop_signal, &cli);
  sigterm_id = g_unix_signal_add (SIGTERM, on_stop_signal, &cli);
  g_source_set_name_by_id (sigint_id, "[portico] SIGINT");
  g_source_set_name_by_id (sigterm_id, "[portico] SIGTERM");

  g_main_loop_run (cli.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  pt_server_free (cli.server);
  pt_event_bridge_flush (cli.bridge);
  pt_event_bridge_free (cli.bridge);
  g_main_loop_unref (cli.loop);

  return 0;
}


int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PtServerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  PtCliOptions opts = {
    .port = PT_DEFAULT_PORT,
    .keep_alive_timeout_s = PT_DEFAULT_KEEP_ALIVE_TIMEOUT / PT_CLI_MS_PER_S,
    .max_requests = PT_DEFAULT_MAX_REQUESTS,
    .header_timeout_s = PT_DEFAULT_HEADER_TIMEOUT / PT_CLI_MS_PER_S,
    .max_connections = PT_DEFAULT_MAX_CONNECTIONS,
  };
  int status;

  setlocale (LC_ALL, "");

  /* g_option_context_parse_strv keeps the caller's argv intact. */
  args = g_strdupv (argv);
  context = cli_option_context_new (&opts);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("portico: %s\n", error->message);
      cli_options_clear (&opts);
      return PT_CLI_EXIT_USAGE;
    }

  if (opts.version)
    {
      g_print ("portico %s\n", PACKAGE_VERSION);
      cli_options_clear (&opts);
      return 0;
    }

  if (g_strv_length (args) > 1)
    {
      g_printerr ("portico: unexpected argument “%s” (see portico --help)\n", args[1]);
      cli_options_clear (&opts);
      return PT_CLI_EXIT_USAGE;
    }

  config = config_from_options (&opts, &error);
  if (config == NULL)
    {
      g_printerr ("portico: %s\n", error->message);
      cli_options_clear (&opts);
      return PT_CLI_EXIT_USAGE;
    }

  raise_fd_limit (config->max_connections);

#if PT_HAVE_GUI
  if (!opts.no_gui && has_display ())
    {
      cli_options_clear (&opts);
      /* The window parses argv again, with its own ranges (pt-launch-options.h). */
      return pt_ui_main (argc, argv);
    }
#endif

  if (!opts.no_gui)
    {
      if (PT_HAVE_GUI)
        g_printerr ("portico: no display found; serving headless (use --no-gui to say so explicitly)\n");
      else
        g_printerr ("portico: built without the window; serving headless (use --no-gui to say so explicitly)\n");
    }

  status = run_headless (config, opts.quiet);
  cli_options_clear (&opts);
  return status;
}
