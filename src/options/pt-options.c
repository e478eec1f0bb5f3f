/* pt-options.c — the option table and what every front end does with it */
#define G_LOG_DOMAIN "pt-options"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "pt-options.h"

#define MAX_PORT          65535
#define MAX_TIMEOUT_S     86400     /* one day: the header timeout */
#define MAX_KEEP_ALIVE_S  3600      /* one hour, the schema's range */
#define MAX_MAX_REQUESTS  100000    /* the schema's range */
#define MAX_CONNECTIONS   1000000

static const char * const log_format_choices[] = { "report", "combined", NULL };

#define OFFSET(field) G_STRUCT_OFFSET (PtOptionValues, field)

/* The order is --help's, the man pages' and the window's "applied" list's. */
static const PtOption options[PT_N_OPTIONS] = {
  { PT_OPTION_NO_GUI, "no-gui", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_HEADLESS, PT_FRONT_SERVER,
    .help = "Serve headless: no window, the report's console text on stdout",
    .offset = OFFSET (no_gui) },
  { PT_OPTION_CONFIG, "config", 'c', PT_OPTION_KIND_FILE, PT_FRONT_SERVER, 0,
    .arg_description = "FILE",
    .help = "Read the settings from FILE instead of " PT_SYSCONFDIR "/portico/portico.conf; flags override it",
    .offset = OFFSET (config) },
  { PT_OPTION_HOST, "host", 0, PT_OPTION_KIND_HOST, PT_FRONT_ALL, 0,
    .property = "listen", .arg_description = "ADDRESS",
    .help = "IP address to listen on (default " PT_DEFAULT_HOST "; 0.0.0.0 or :: for every interface)",
    .offset = OFFSET (host) },
  { PT_OPTION_PORT, "port", 'p', PT_OPTION_KIND_INT, PT_FRONT_ALL, 0,
    .min = 1, .max = MAX_PORT, .zero_headless = TRUE, .default_value = PT_DEFAULT_PORT,
    .settings_key = "port", .property = "port", .arg_description = "PORT",
    .help = "TCP port, 0-65535 (default 8080; 0: any free port)",
    .offset = OFFSET (port) },
  { PT_OPTION_DOCROOT, "docroot", 'd', PT_OPTION_KIND_FOLDER, PT_FRONT_ALL, 0,
    .settings_key = "folder", .property = "folder", .arg_description = "FOLDER",
    .help = "Folder to serve (default: ./" PT_OPTIONS_DOCROOT_NAME " if it exists, else the installed "
            PT_OPTIONS_DOCROOT_NAME ")",
    .offset = OFFSET (docroot) },
  { PT_OPTION_THREADS, "threads", 't', PT_OPTION_KIND_INT, PT_FRONT_ALL, 0,
    .min = 0, .max = PT_MAX_THREADS, .default_value = 0,
    .settings_key = "worker-threads", .property = "worker-threads", .arg_description = "N",
    .help = "Worker threads, 0-64 (default 0: one per CPU)",
    .offset = OFFSET (threads) },
  { PT_OPTION_KEEP_ALIVE_TIMEOUT, "keep-alive-timeout", 0, PT_OPTION_KIND_INT, PT_FRONT_ALL, 0,
    .min = 1, .max = MAX_KEEP_ALIVE_S,
    .default_value = PT_DEFAULT_KEEP_ALIVE_TIMEOUT / PT_OPTIONS_MS_PER_S,
    .settings_key = "keep-alive-timeout", .property = "keep-alive-timeout", .arg_description = "SECONDS",
    .help = "Close a kept-alive connection after this many idle seconds, 1-3600 (default 15)",
    .offset = OFFSET (keep_alive_timeout) },
  { PT_OPTION_MAX_REQUESTS, "max-requests", 0, PT_OPTION_KIND_INT, PT_FRONT_ALL, 0,
    .min = 1, .max = MAX_MAX_REQUESTS, .default_value = PT_DEFAULT_MAX_REQUESTS,
    .settings_key = "max-requests", .property = "max-requests", .arg_description = "N",
    .help = "Requests per connection before it is closed, 1-100000 (default 100)",
    .offset = OFFSET (max_requests) },
  { PT_OPTION_HEADER_TIMEOUT, "header-timeout", 0, PT_OPTION_KIND_INT, PT_FRONT_ALL, 0,
    .min = 1, .max = MAX_TIMEOUT_S, .default_value = PT_DEFAULT_HEADER_TIMEOUT / PT_OPTIONS_MS_PER_S,
    .property = "header-timeout", .arg_description = "SECONDS",
    .help = "Seconds a request head may take to arrive (then 408), 1-86400 (default 10)",
    .offset = OFFSET (header_timeout) },
  { PT_OPTION_MAX_CONNECTIONS, "max-connections", 0, PT_OPTION_KIND_INT, PT_FRONT_ALL, 0,
    .min = 1, .max = MAX_CONNECTIONS, .default_value = PT_DEFAULT_MAX_CONNECTIONS,
    .property = "max-connections", .arg_description = "N",
    .help = "Connections open at once; more get 503, 1-1000000 (default 10000)",
    .offset = OFFSET (max_connections) },
  { PT_OPTION_LOG_FILE, "log-file", 0, PT_OPTION_KIND_FILE, PT_FRONT_ALL, 0,
    .settings_key = "log-file", .property = "log-file", .arg_description = "PATH",
    .help = "Append request and response records to this file (default log.txt; - for standard output, which implies --quiet)",
    .offset = OFFSET (log_file) },
  { PT_OPTION_NO_LOG, "no-log", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_ALL, 0,
    .property = "log-enabled", .property_value = FALSE,
    .help = "Write no log file",
    .offset = OFFSET (no_log) },
  { PT_OPTION_LOG_FORMAT, "log-format", 0, PT_OPTION_KIND_CHOICE, PT_FRONT_ALL, 0,
    .choices = log_format_choices,
    .settings_key = "log-format", .property = "log-format", .arg_description = "FORMAT",
    .help = "Log record format: report (the bracketed records, default) or combined (Apache)",
    .offset = OFFSET (log_format) },
  { PT_OPTION_SERVE_ANY_TYPE, "serve-any-type", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_ALL, 0,
    .settings_key = "serve-any-type", .property = "serve-any-type", .property_value = TRUE,
    .help = "Serve every file (unknown types as application/octet-stream) instead of 400",
    .offset = OFFSET (serve_any_type) },
  { PT_OPTION_QUIET, "quiet", 'q', PT_OPTION_KIND_SWITCH, PT_FRONT_ALL, 0,
    .help = "Print only the first line (host/port) and errors",
    .offset = OFFSET (quiet) },
  { PT_OPTION_NO_PORT_FALLBACK, "no-port-fallback", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_ALL, 0,
    .property = "port-fallback", .property_value = FALSE,
    .help = "Fail when the port is busy instead of trying the next ones",
    .offset = OFFSET (no_port_fallback) },
  { PT_OPTION_VERSION, "version", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_HEADLESS, 0,
    .help = "Print the version and exit",
    .offset = OFFSET (version) },
  { PT_OPTION_CACHE_CONTROL, "cache-control", 0, PT_OPTION_KIND_TEXT, PT_FRONT_ALL, 0,
    .settings_key = "cache-control", .property = "cache-control", .arg_description = "VALUE",
    .help = "Cache-Control value on file responses (default " PT_DEFAULT_CACHE_CONTROL
            "; \"\": send none)",
    .offset = OFFSET (cache_control) },
  { PT_OPTION_NO_CHARSET, "no-charset", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_ALL, 0,
    .property = "text-charset", .property_value = FALSE,
    .help = "Send text types without \"; charset=utf-8\" (the report's exact Content-Type)",
    .offset = OFFSET (no_charset) },
  { PT_OPTION_LIST_DIRECTORIES, "list-directories", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_ALL, 0,
    .settings_key = "list-directories", .property = "list-directories", .property_value = TRUE,
    .help = "List the entries of a folder that has no index.html",
    .offset = OFFSET (list_directories) },
  { PT_OPTION_SPA, "spa", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_ALL, 0,
    .settings_key = "spa", .property = "spa", .property_value = TRUE,
    .help = "Single-page app: answer a missing path without an extension with the root index.html",
    .offset = OFFSET (spa) },
  { PT_OPTION_PROXY_PROTOCOL, "proxy-protocol", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_HEADLESS, 0,
    .help = "Connections from --trusted-proxy addresses start with a PROXY protocol v1 or v2 header "
            "naming the real client (others are direct clients)",
    .offset = OFFSET (proxy_protocol) },
  { PT_OPTION_TRUSTED_PROXY, "trusted-proxy", 0, PT_OPTION_KIND_ADDRESSES, PT_FRONT_HEADLESS, 0,
    .arg_description = "ADDRESSES",
    .help = "Load balancers allowed to send PROXY headers: IP addresses or ADDRESS/BITS blocks, "
            "comma-separated",
    .offset = OFFSET (trusted_proxy) },
  { PT_OPTION_PRECOMPRESSED, "precompressed", 0, PT_OPTION_KIND_SWITCH, PT_FRONT_ALL, 0,
    .settings_key = "precompressed", .property = "precompressed", .property_value = TRUE,
    .help = "Send x.br or x.gz beside a file x instead of it when the client's Accept-Encoding allows",
    .offset = OFFSET (precompressed) },
};

#undef OFFSET

static const char portico_summary[] =
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
  "SIGINT or SIGTERM stops it cleanly (the window too).";

static const char server_summary[] =
  "portico-server serves the files of a folder over HTTP/1.1 from a\n"
  "multi-threaded engine, and logs every request and response, as\n"
  "`portico --no-gui` does, without GTK.\n"
  "\n"
  "It reads " PT_SYSCONFDIR "/portico/portico.conf (or --config FILE) first: a\n"
  "key file whose [" PT_OPTIONS_CONFIG_GROUP "] group takes the GSettings key names (port,\n"
  "folder, worker-threads, keep-alive-timeout, max-requests, log-file,\n"
  "log-format, serve-any-type, list-directories, spa, precompressed) and, for\n"
  "the other options, their flag names\n"
  "(host, header-timeout, max-connections, no-log, quiet, no-port-fallback).\n"
  "Flags override the file.\n"
  "\n"
  "It prints the report's console text: \"Server is running on host/port:\n"
  "HOST/PORT\" first, then one block per connection event.  SIGINT or SIGTERM\n"
  "stops it cleanly.";

static const char exit_text[] =
  "Exit status: 0 after a clean stop, 1 when the folder cannot be served,\n"
  "the port cannot be bound or the log cannot be opened, 2 for a bad option.";


const PtOption *
pt_options_get (guint *n_options)
{
  if (n_options != NULL)
    *n_options = G_N_ELEMENTS (options);
  return options;
}


const PtOption *
pt_options_get_by_id (PtOptionId id)
{
  g_return_val_if_fail (id < PT_N_OPTIONS, NULL);
  g_assert (options[id].id == id);

  return &options[id];
}


const PtOption *
pt_options_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      if (g_str_equal (options[i].name, name))
        return &options[i];
    }
  return NULL;
}


const char *
pt_option_get_config_key (const PtOption *option)
{
  return option->settings_key != NULL ? option->settings_key : option->name;
}


int
pt_option_get_min (const PtOption *option,
                   PtFront         front)
{
  if (option->zero_headless && (front & PT_FRONT_HEADLESS) != 0)
    return 0;
  return option->min;
}


const char *
pt_options_get_usage (PtFront front)
{
  return "— serve a folder over HTTP/1.1";
}


const char *
pt_options_get_summary (PtFront front)
{
  return front == PT_FRONT_SERVER ? server_summary : portico_summary;
}


const char *
pt_options_get_exit_text (void)
{
  return exit_text;
}


static GOptionArg
option_arg (const PtOption *option,
            gboolean        as_strings)
{
  switch (option->kind)
    {
    case PT_OPTION_KIND_SWITCH:
      return G_OPTION_ARG_NONE;
    case PT_OPTION_KIND_INT:
      return as_strings ? G_OPTION_ARG_STRING : G_OPTION_ARG_INT;
    case PT_OPTION_KIND_FOLDER:
    case PT_OPTION_KIND_FILE:
      return G_OPTION_ARG_FILENAME;
    case PT_OPTION_KIND_HOST:
    case PT_OPTION_KIND_CHOICE:
    case PT_OPTION_KIND_TEXT:
    case PT_OPTION_KIND_ADDRESSES:
      return G_OPTION_ARG_STRING;
    default:
      g_assert_not_reached ();
    }
}


GOptionEntry *
pt_options_new_entries (PtFront         front,
                        PtOptionValues *values)
{
  GOptionEntry *entries = g_new0 (GOptionEntry, G_N_ELEMENTS (options) + 1);
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      const PtOption *option = &options[i];
      GOptionEntry *entry;

      if ((option->fronts & front) == 0)
        continue;
      entry = &entries[n++];
      entry->long_name = option->name;
      entry->short_name = option->short_name;
      entry->flags = (option->hidden & front) != 0 ? G_OPTION_FLAG_HIDDEN : 0;
      entry->arg = option_arg (option, values == NULL);
      entry->arg_data = values != NULL ? G_STRUCT_MEMBER_P (values, option->offset) : NULL;
      entry->description = option->help;
      entry->arg_description = option->arg_description;
    }
  return entries;
}


static void
set_range_error (const PtOption  *option,
                 PtFront          front,
                 const char      *value,
                 GError         **error)
{
  int min = pt_option_get_min (option, front);
  /* Only where this front end's range is narrower than another's. */
  gboolean narrower = min != pt_option_get_min (option, PT_FRONT_HEADLESS);

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--%s must be between %d and %d%s, not %s", option->name, min, option->max,
               narrower ? " with the window" : "", value);
}


gboolean
pt_option_check_int (const PtOption  *option,
                     PtFront          front,
                     gint64           value,
                     GError         **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (option->kind == PT_OPTION_KIND_INT, FALSE);

  if (value >= pt_option_get_min (option, front) && value <= option->max)
    return TRUE;
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  set_range_error (option, front, text, error);
  return FALSE;
}


gboolean
pt_option_parse_int (const PtOption  *option,
                     PtFront          front,
                     const char      *text,
                     int             *value,
                     GError         **error)
{
  gint64 parsed;

  g_return_val_if_fail (option->kind == PT_OPTION_KIND_INT, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_ascii_string_to_signed (text, 10, pt_option_get_min (option, front), option->max,
                                 &parsed, NULL))
    {
      set_range_error (option, front, text, error);
      return FALSE;
    }
  *value = (int) parsed;
  return TRUE;
}


gboolean
pt_option_parse_choice (const PtOption  *option,
                        const char      *text,
                        guint           *index,
                        GError         **error)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (option->kind == PT_OPTION_KIND_CHOICE, FALSE);

  for (n = 0; option->choices[n] != NULL; n++)
    {
      if (g_strcmp0 (text, option->choices[n]) == 0)
        {
          *index = n;
          return TRUE;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (names, i + 1 == n ? " or " : ", ");
      g_string_append (names, option->choices[i]);
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--%s must be %s, not “%s”", option->name, names->str, text);
  return FALSE;
}


gboolean
pt_options_check_folder (const char  *folder,
                         GError     **error)
{
  g_return_val_if_fail (folder != NULL, FALSE);

  if (!g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "cannot serve “%s”: no such folder", folder);
      return FALSE;
    }
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                   "cannot serve “%s”: not a folder", folder);
      return FALSE;
    }
  if (access (folder, R_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "cannot serve “%s”: %s", folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}


void
pt_option_values_init (PtOptionValues *values)
{
  g_return_if_fail (values != NULL);

  memset (values, 0, sizeof *values);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      if (options[i].kind == PT_OPTION_KIND_INT)
        G_STRUCT_MEMBER (int, values, options[i].offset) = options[i].default_value;
    }
}


gboolean
pt_option_check_text (const PtOption  *option,
                      const char      *value,
                      GError         **error)
{
  gsize len;

  g_return_val_if_fail (option != NULL && option->kind == PT_OPTION_KIND_TEXT, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  len = strlen (value);
  if (len > PT_SERVER_CACHE_CONTROL_MAX)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s must be at most %d bytes", option->name, PT_SERVER_CACHE_CONTROL_MAX);
      return FALSE;
    }
  /* a field value neither starts nor ends with whitespace (RFC 9110 §5.5) */
  if (len > 0 && (g_ascii_isspace (value[0]) || g_ascii_isspace (value[len - 1])))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s must not start or end with a space", option->name);
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) value[i];

      /* field-vchar, SP and HTAB (RFC 9110 §5.5), ASCII only */
      if ((c < 0x21 || c > 0x7e) && c != ' ' && c != '\t')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--%s must be printable ASCII (a header field value)", option->name);
          return FALSE;
        }
    }
  return TRUE;
}


static gboolean
is_string_kind (PtOptionKind kind)
{
  return kind != PT_OPTION_KIND_SWITCH && kind != PT_OPTION_KIND_INT;
}


void
pt_option_values_clear (PtOptionValues *values)
{
  g_return_if_fail (values != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      char **field;

      if (!is_string_kind (options[i].kind))
        continue;
      field = G_STRUCT_MEMBER_P (values, options[i].offset);
      /* Still the file's string when no flag replaced it. */
      if (*field != values->file_strings[i])
        g_free (*field);
      *field = NULL;
      g_clear_pointer (&values->file_strings[i], g_free);
    }
}


static char *
default_docroot (void)
{
  if (g_file_test (PT_OPTIONS_DOCROOT_NAME, G_FILE_TEST_IS_DIR))
    return g_strdup ("./" PT_OPTIONS_DOCROOT_NAME);
  return g_build_filename (PKGDATADIR, PT_OPTIONS_DOCROOT_NAME, NULL);
}


static gboolean
check_not_empty (const PtOption  *option,
                 const char      *value,
                 GError         **error)
{
  if (value == NULL || *value != '\0')
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--%s must not be empty", option->name);
  return FALSE;
}


PtServerConfig *
pt_option_values_to_config (const PtOptionValues  *values,
                            GError               **error)
{
  g_autoptr(PtServerConfig) config = pt_server_config_new ();
  guint log_format = 0;
  gboolean no_log;
  const char *log_file;

  g_return_val_if_fail (values != NULL, NULL);

  no_log = values->no_log;
  log_file = values->log_file;

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      const PtOption *option = &options[i];

      if (option->kind == PT_OPTION_KIND_INT &&
          !pt_option_check_int (option, PT_FRONT_HEADLESS,
                                G_STRUCT_MEMBER (int, values, option->offset), error))
        return NULL;
    }

  if (!check_not_empty (&options[PT_OPTION_HOST], values->host, error) ||
      !check_not_empty (&options[PT_OPTION_DOCROOT], values->docroot, error) ||
      !check_not_empty (&options[PT_OPTION_LOG_FILE], values->log_file, error))
    return NULL;
  /* A flag wins over the file: --log-file over no-log=true, --no-log over log-file=. */
  if (values->no_log && values->log_file != NULL)
    {
      gboolean file_log_file = values->log_file == values->file_strings[PT_OPTION_LOG_FILE];

      if (values->no_log_from_file && !file_log_file)
        no_log = FALSE;
      else if (!values->no_log_from_file && file_log_file)
        log_file = NULL;
    }
  if (no_log && log_file != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--log-file and --no-log cannot be used together");
      return NULL;
    }
  if (values->log_format != NULL &&
      !pt_option_parse_choice (&options[PT_OPTION_LOG_FORMAT], values->log_format,
                               &log_format, error))
    return NULL;

  if (values->cache_control != NULL &&
      !pt_option_check_text (&options[PT_OPTION_CACHE_CONTROL], values->cache_control, error))
    return NULL;

  if (values->host != NULL)
    {
      g_free (config->host);
      config->host = g_strdup (values->host);
    }
  config->port = (guint) values->port;
  config->port_fallback = !values->no_port_fallback;
  g_free (config->docroot);
  config->docroot = values->docroot != NULL ? g_strdup (values->docroot) : default_docroot ();
  config->n_threads = (guint) values->threads;
  config->keep_alive_timeout_ms = (guint) values->keep_alive_timeout * PT_OPTIONS_MS_PER_S;
  config->max_requests = (guint) values->max_requests;
  config->header_timeout_ms = (guint) values->header_timeout * PT_OPTIONS_MS_PER_S;
  config->max_connections = (guint) values->max_connections;
  config->serve_any_type = values->serve_any_type;
  config->list_directories = values->list_directories;
  config->spa = values->spa;
  g_clear_pointer (&config->log_path, g_free);
  if (!no_log)
    config->log_path = g_strdup (log_file != NULL ? log_file : "log.txt");
  config->log_format = log_format == 1 ? PT_LOG_FORMAT_COMBINED : PT_LOG_FORMAT_REPORT;
  config->trace_events = !values->quiet;
  if (values->cache_control != NULL)
    {
      g_free (config->cache_control);
      config->cache_control = g_strdup (values->cache_control);
    }
  config->text_charset = !values->no_charset;
  config->proxy_protocol = values->proxy_protocol;
  config->trusted_proxies = g_strdup (values->trusted_proxy);
  config->precompressed = values->precompressed;

  return g_steal_pointer (&config);
}
