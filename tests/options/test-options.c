/* test-options.c — the option table (src/options/pt-options.h): its ranges
 * against the GSettings schema, every range at its bounds for each front
 * end, the entries each front end gets, portico.conf and the folder check. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pt-options-file.h"
#include "pt-options.h"

#define SCHEMA_FILE "io.github.portico.Portico.gschema.xml"

/* ---- the schema, read from data/ with GMarkup (no GIO, no compiled schema) ---- */

typedef struct
{
  char      *type;
  gboolean   has_range;
  gint64     min;
  gint64     max;
  char      *default_text;
  GPtrArray *choices;
} SchemaKey;

typedef struct
{
  GHashTable *keys;       /* name → SchemaKey */
  SchemaKey  *current;
  gboolean    in_default;
} SchemaParse;

static void
schema_key_free (gpointer data)
{
  SchemaKey *key = data;

  g_free (key->type);
  g_free (key->default_text);
  g_ptr_array_unref (key->choices);
  g_free (key);
}

static void
on_start (GMarkupParseContext  *context,
          const char           *element,
          const char          **names,
          const char          **values,
          gpointer              user_data,
          GError              **error)
{
  SchemaParse *parse = user_data;

  if (g_str_equal (element, "key"))
    {
      SchemaKey *key = g_new0 (SchemaKey, 1);
      const char *name = NULL;

      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "name"))
            name = values[i];
          else if (g_str_equal (names[i], "type"))
            key->type = g_strdup (values[i]);
        }
      key->choices = g_ptr_array_new_with_free_func (g_free);
      g_assert_nonnull (name);
      g_hash_table_insert (parse->keys, g_strdup (name), key);
      parse->current = key;
    }
  else if (g_str_equal (element, "range") && parse->current != NULL)
    {
      parse->current->has_range = TRUE;
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "min"))
            parse->current->min = g_ascii_strtoll (values[i], NULL, 10);
          else if (g_str_equal (names[i], "max"))
            parse->current->max = g_ascii_strtoll (values[i], NULL, 10);
        }
    }
  else if (g_str_equal (element, "choice") && parse->current != NULL)
    {
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "value"))
            g_ptr_array_add (parse->current->choices, g_strdup (values[i]));
        }
    }
  parse->in_default = g_str_equal (element, "default");
}

static void
on_end (GMarkupParseContext  *context,
        const char           *element,
        gpointer              user_data,
        GError              **error)
{
  SchemaParse *parse = user_data;

  if (g_str_equal (element, "key"))
    parse->current = NULL;
  parse->in_default = FALSE;
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 len,
         gpointer              user_data,
         GError              **error)
{
  SchemaParse *parse = user_data;

  if (parse->in_default && parse->current != NULL)
    {
      g_free (parse->current->default_text);
      parse->current->default_text = g_strndup (text, len);
    }
}

static GHashTable *
load_schema (void)
{
  static const GMarkupParser parser = { on_start, on_end, on_text, NULL, NULL };
  const char *root = g_getenv ("PT_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  SchemaParse parse = { NULL };

  g_assert_nonnull (root);
  path = g_build_filename (root, "data", SCHEMA_FILE, NULL);
  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);

  parse.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, schema_key_free);
  context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
  g_markup_parse_context_parse (context, xml, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  return parse.keys;
}

/* Every option with a settings key: the key exists, with the same type,
 * range, default and choices.  This is issue 10's "one range". */
static void
test_schema_matches (void)
{
  g_autoptr(GHashTable) keys = load_schema ();
  guint n_options;
  const PtOption *options = pt_options_get (&n_options);
  guint n_checked = 0;

  g_assert_cmpuint (g_hash_table_size (keys), >, 5);
  for (guint i = 0; i < n_options; i++)
    {
      const PtOption *option = &options[i];
      SchemaKey *key;

      if (option->settings_key == NULL)
        continue;
      key = g_hash_table_lookup (keys, option->settings_key);
      g_test_message ("--%s ↔ key %s", option->name, option->settings_key);
      g_assert_nonnull (key);
      n_checked++;

      switch (option->kind)
        {
        case PT_OPTION_KIND_INT:
          {
            g_autofree char *want_default = g_strdup_printf ("%d", option->default_value);

            g_assert_cmpstr (key->type, ==, "u");
            g_assert_true (key->has_range);
            g_assert_cmpint (key->min, ==, option->min);
            g_assert_cmpint (key->max, ==, option->max);
            g_assert_cmpstr (g_strstrip (key->default_text), ==, want_default);
            break;
          }
        case PT_OPTION_KIND_CHOICE:
          g_assert_cmpstr (key->type, ==, "s");
          g_assert_cmpuint (key->choices->len, ==, g_strv_length ((char **) option->choices));
          for (guint j = 0; j < key->choices->len; j++)
            g_assert_cmpstr (g_ptr_array_index (key->choices, j), ==, option->choices[j]);
          break;
        case PT_OPTION_KIND_SWITCH:
          g_assert_cmpstr (key->type, ==, "b");
          break;
        case PT_OPTION_KIND_FOLDER:
        case PT_OPTION_KIND_FILE:
        case PT_OPTION_KIND_HOST:
        case PT_OPTION_KIND_ADDRESSES:
          g_assert_cmpstr (key->type, ==, "s");
          break;
        case PT_OPTION_KIND_TEXT:
          g_assert_cmpstr (key->type, ==, "s");
          g_assert_cmpstr (g_strstrip (key->default_text), ==, "'" PT_DEFAULT_CACHE_CONTROL "'");
          break;
        default:
          g_assert_not_reached ();
        }
    }
  /* port folder worker-threads keep-alive-timeout max-requests log-file log-format serve-any-type
   * cache-control list-directories spa precompressed */
  g_assert_cmpuint (n_checked, ==, 12);
}

/* The help text states the range each headless front end takes. */
static void
test_help_states_range (void)
{
  guint n_options;
  const PtOption *options = pt_options_get (&n_options);

  for (guint i = 0; i < n_options; i++)
    {
      g_autofree char *range = NULL;

      g_assert_nonnull (options[i].help);
      g_assert_cmpint (options[i].id, ==, i);
      if (options[i].kind != PT_OPTION_KIND_INT)
        continue;
      range = g_strdup_printf (", %d-%d ", pt_option_get_min (&options[i], PT_FRONT_HEADLESS),
                               options[i].max);
      if (strstr (options[i].help, range) == NULL)
        g_error ("--%s: help “%s” does not say “%s”", options[i].name, options[i].help, range);
    }
}

/* Each integer at min-1, min, max, max+1 for each front end. */
static void
test_int_bounds (void)
{
  static const PtFront fronts[] = { PT_FRONT_PORTICO, PT_FRONT_SERVER, PT_FRONT_WINDOW };
  guint n_options;
  const PtOption *options = pt_options_get (&n_options);

  for (guint i = 0; i < n_options; i++)
    {
      const PtOption *option = &options[i];

      if (option->kind != PT_OPTION_KIND_INT)
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (fronts); f++)
        {
          int min = pt_option_get_min (option, fronts[f]);
          const gint64 cases[][2] = {
            { (gint64) min - 1, FALSE }, { min, TRUE }, { option->max, TRUE },
            { (gint64) option->max + 1, FALSE },
          };

          for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
            {
              g_autoptr(GError) error = NULL;
              g_autoptr(GError) parse_error = NULL;
              g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, cases[c][0]);
              gboolean ok = pt_option_check_int (option, fronts[f], cases[c][0], &error);
              int parsed = -12345;
              gboolean parsed_ok = pt_option_parse_int (option, fronts[f], text, &parsed, &parse_error);

              g_assert_cmpint (ok, ==, cases[c][1]);
              g_assert_cmpint (parsed_ok, ==, cases[c][1]);
              if (ok)
                {
                  g_assert_cmpint (parsed, ==, cases[c][0]);
                  continue;
                }
              g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
              g_assert_cmpstr (error->message, ==, parse_error->message);
              g_assert_true (g_str_has_prefix (error->message, "--"));
            }
        }
    }
}

typedef struct
{
  int         line;
  const char *name;
  PtFront     front;
  const char *text;
  const char *error;   /* NULL: accepted */
} IntCase;

static const IntCase int_cases[] = {
  { __LINE__, "port", PT_FRONT_PORTICO, "0", NULL },
  { __LINE__, "port", PT_FRONT_SERVER, "65535", NULL },
  { __LINE__, "port", PT_FRONT_PORTICO, "65536", "--port must be between 0 and 65535, not 65536" },
  { __LINE__, "port", PT_FRONT_WINDOW, "0", "--port must be between 1 and 65535 with the window, not 0" },
  { __LINE__, "port", PT_FRONT_WINDOW, "80x", "--port must be between 1 and 65535 with the window, not 80x" },
  { __LINE__, "port", PT_FRONT_SERVER, "", "--port must be between 0 and 65535, not " },
  { __LINE__, "keep-alive-timeout", PT_FRONT_WINDOW, "3601",
    "--keep-alive-timeout must be between 1 and 3600, not 3601" },
  { __LINE__, "keep-alive-timeout", PT_FRONT_PORTICO, "3601",
    "--keep-alive-timeout must be between 1 and 3600, not 3601" },
  { __LINE__, "max-requests", PT_FRONT_SERVER, "100001",
    "--max-requests must be between 1 and 100000, not 100001" },
  { __LINE__, "header-timeout", PT_FRONT_WINDOW, "86400", NULL },
  { __LINE__, "header-timeout", PT_FRONT_SERVER, "-5", "--header-timeout must be between 1 and 86400, not -5" },
  { __LINE__, "threads", PT_FRONT_WINDOW, "65", "--threads must be between 0 and 64, not 65" },
  { __LINE__, "max-connections", PT_FRONT_PORTICO, "1000001",
    "--max-connections must be between 1 and 1000000, not 1000001" },
};

static void
test_int_case (gconstpointer data)
{
  const IntCase *c = data;
  const PtOption *option = pt_options_lookup (c->name);
  g_autoptr(GError) error = NULL;
  int value = 0;
  gboolean ok;

  g_test_message ("line %d", c->line);
  g_assert_nonnull (option);
  ok = pt_option_parse_int (option, c->front, c->text, &value, &error);
  if (c->error == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (value, ==, g_ascii_strtoll (c->text, NULL, 10));
      return;
    }
  g_assert_false (ok);
  g_assert_cmpstr (error->message, ==, c->error);
}

static gboolean
has_entry (const GOptionEntry *entries,
           const char         *name,
           GOptionArg          arg,
           gboolean            hidden)
{
  for (guint i = 0; entries[i].long_name != NULL; i++)
    {
      if (g_str_equal (entries[i].long_name, name))
        return entries[i].arg == arg &&
               ((entries[i].flags & G_OPTION_FLAG_HIDDEN) != 0) == hidden;
    }
  return FALSE;
}

static guint
count_entries (const GOptionEntry *entries)
{
  guint n = 0;

  while (entries[n].long_name != NULL)
    n++;
  return n;
}

static void
test_entries (void)
{
  PtOptionValues values;
  g_autofree GOptionEntry *portico = NULL;
  g_autofree GOptionEntry *server = NULL;
  g_autofree GOptionEntry *window = pt_options_new_entries (PT_FRONT_WINDOW, NULL);

  pt_option_values_init (&values);
  portico = pt_options_new_entries (PT_FRONT_PORTICO, &values);
  server = pt_options_new_entries (PT_FRONT_SERVER, &values);

  /* portico: every flag of today but --config */
  g_assert_cmpuint (count_entries (portico), ==, PT_N_OPTIONS - 1);
  g_assert_true (has_entry (portico, "no-gui", G_OPTION_ARG_NONE, FALSE));
  g_assert_true (has_entry (portico, "port", G_OPTION_ARG_INT, FALSE));
  g_assert_false (has_entry (portico, "config", G_OPTION_ARG_FILENAME, FALSE));
  for (guint i = 0; portico[i].long_name != NULL; i++)
    g_assert_true (portico[i].arg_data != NULL);
  g_assert_true (portico[2].arg_data == (gpointer) &values.port);

  /* portico-server: the same plus --config; --no-gui taken but not listed */
  g_assert_cmpuint (count_entries (server), ==, PT_N_OPTIONS);
  g_assert_true (has_entry (server, "config", G_OPTION_ARG_FILENAME, FALSE));
  g_assert_true (has_entry (server, "no-gui", G_OPTION_ARG_NONE, TRUE));

  /* the window: the server flags, integers as strings, into the options dict */
  /* not --config, --no-gui, --version, nor the headless-only PROXY flags */
  g_assert_cmpuint (count_entries (window), ==, PT_N_OPTIONS - 5);
  g_assert_false (has_entry (window, "proxy-protocol", G_OPTION_ARG_NONE, FALSE));
  g_assert_false (has_entry (window, "trusted-proxy", G_OPTION_ARG_STRING, FALSE));
  g_assert_true (has_entry (server, "proxy-protocol", G_OPTION_ARG_NONE, FALSE));
  g_assert_true (has_entry (server, "trusted-proxy", G_OPTION_ARG_STRING, FALSE));
  g_assert_true (has_entry (portico, "trusted-proxy", G_OPTION_ARG_STRING, FALSE));
  g_assert_true (has_entry (window, "port", G_OPTION_ARG_STRING, FALSE));
  g_assert_true (has_entry (window, "docroot", G_OPTION_ARG_FILENAME, FALSE));
  g_assert_false (has_entry (window, "version", G_OPTION_ARG_NONE, FALSE));
  g_assert_false (has_entry (window, "no-gui", G_OPTION_ARG_NONE, FALSE));
  for (guint i = 0; window[i].long_name != NULL; i++)
    g_assert_null (window[i].arg_data);

  /* defaults from the table */
  g_assert_cmpint (values.port, ==, PT_DEFAULT_PORT);
  g_assert_cmpint (values.keep_alive_timeout, ==, PT_DEFAULT_KEEP_ALIVE_TIMEOUT / 1000);
  g_assert_cmpint (values.max_connections, ==, PT_DEFAULT_MAX_CONNECTIONS);
  pt_option_values_clear (&values);
}

static char *
write_conf (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("portico-XXXXXX.conf", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_config_file (void)
{
  g_autofree char *path =
    write_conf ("# portico.conf\n[portico]\nport=9090\nfolder=/srv/www\nhost=0.0.0.0\n"
                "worker-threads=3\nkeep-alive-timeout=20\nmax-requests=7\nheader-timeout=4\n"
                "max-connections=50\nlog-file=/var/log/p.log\nlog-format=combined\n"
                "serve-any-type=true\nno-port-fallback=true\nquiet=true\nlist-directories=true\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(PtServerConfig) config = NULL;
  PtOptionValues values;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree GOptionEntry *entries = NULL;
  g_auto(GStrv) args = g_strsplit ("portico-server --port 9191 --docroot /srv/flag --spa", " ", -1);

  pt_option_values_init (&values);
  g_assert_true (pt_option_values_load_file (&values, path, TRUE, &error));
  g_assert_no_error (error);

  /* The flags override the file (GOption replaces the file's strings). */
  entries = pt_options_new_entries (PT_FRONT_SERVER, &values);
  g_option_context_add_main_entries (context, entries, NULL);
  g_assert_true (g_option_context_parse_strv (context, &args, &error));
  g_assert_no_error (error);

  config = pt_option_values_to_config (&values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->port, ==, 9191);
  g_assert_cmpstr (config->docroot, ==, "/srv/flag");
  g_assert_cmpstr (config->host, ==, "0.0.0.0");
  g_assert_cmpuint (config->n_threads, ==, 3);
  g_assert_cmpuint (config->keep_alive_timeout_ms, ==, 20000);
  g_assert_cmpuint (config->max_requests, ==, 7);
  g_assert_cmpuint (config->header_timeout_ms, ==, 4000);
  g_assert_cmpuint (config->max_connections, ==, 50);
  g_assert_cmpstr (config->log_path, ==, "/var/log/p.log");
  g_assert_cmpint (config->log_format, ==, PT_LOG_FORMAT_COMBINED);
  g_assert_true (config->serve_any_type);
  g_assert_true (config->list_directories);   /* from the file */
  g_assert_true (config->spa);                /* from the flag */
  g_assert_false (config->port_fallback);
  g_assert_false (config->trace_events);
  pt_option_values_clear (&values);
  g_unlink (path);
}

/* no-log and log-file: a flag wins over the file, two flags (or two keys) clash. */
static void
test_config_log_precedence (void)
{
  static const struct {
    int         line;
    const char *file;
    const char *flags;
    const char *log_path;     /* NULL: no log */
    const char *error;        /* NULL: accepted */
  } cases[] = {
    { __LINE__, "no-log=true\n", "--log-file flag.log", "flag.log", NULL },
    { __LINE__, "log-file=conf.log\n", "--no-log", NULL, NULL },
    { __LINE__, "log-file=conf.log\n", "", "conf.log", NULL },
    { __LINE__, "no-log=true\n", "", NULL, NULL },
    { __LINE__, "", "--no-log --log-file x.log", NULL, "--log-file and --no-log cannot be used together" },
    { __LINE__, "no-log=true\nlog-file=conf.log\n", "", NULL,
      "--log-file and --no-log cannot be used together" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat ("[portico]\n", cases[i].file, NULL);
      g_autofree char *path = write_conf (text);
      g_autofree char *argv_text = g_strconcat ("portico-server ", cases[i].flags, NULL);
      g_auto(GStrv) args = g_strsplit (g_strstrip (argv_text), " ", -1);
      g_autoptr(GOptionContext) context = g_option_context_new (NULL);
      g_autofree GOptionEntry *entries = NULL;
      g_autoptr(PtServerConfig) config = NULL;
      g_autoptr(GError) error = NULL;
      PtOptionValues values;

      g_test_message ("line %d", cases[i].line);
      pt_option_values_init (&values);
      g_assert_true (pt_option_values_load_file (&values, path, TRUE, &error));
      entries = pt_options_new_entries (PT_FRONT_SERVER, &values);
      g_option_context_add_main_entries (context, entries, NULL);
      g_assert_true (g_option_context_parse_strv (context, &args, &error));
      g_assert_no_error (error);
      config = pt_option_values_to_config (&values, &error);
      if (cases[i].error != NULL)
        {
          g_assert_null (config);
          g_assert_cmpstr (error->message, ==, cases[i].error);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (config->log_path, ==, cases[i].log_path);
        }
      pt_option_values_clear (&values);
      g_unlink (path);
    }
}

typedef struct
{
  int         line;
  const char *text;
  GQuark    (*domain) (void);
  const char *error;    /* after "PATH: " */
} ConfCase;

static const ConfCase conf_cases[] = {
  { __LINE__, "[portico]\nport=65536\n", g_option_error_quark,
    "port must be between 0 and 65535, not 65536" },
  { __LINE__, "[portico]\nkeep-alive-timeout=3601\n", g_option_error_quark,
    "keep-alive-timeout must be between 1 and 3600, not 3601" },
  { __LINE__, "[portico]\nworker-threads=four\n", g_option_error_quark,
    "worker-threads must be between 0 and 64, not four" },
  { __LINE__, "[portico]\nlog-format=json\n", g_option_error_quark,
    "log-format must be report or combined, not “json”" },
  { __LINE__, "[portico]\nthreads=4\n", g_key_file_error_quark, "unknown key “threads”" },
  { __LINE__, "[portico]\nconfig=/x\n", g_key_file_error_quark, "unknown key “config”" },
  { __LINE__, "[server]\nport=1\n", g_key_file_error_quark,
    "unknown group “[server]” (expected [portico])" },
  { __LINE__, "[portico]\nserve-any-type=yes\n", g_key_file_error_quark, NULL },
  { __LINE__, "[portico]\ncache-control=max-age=1\001\n", g_option_error_quark,
    "cache-control must be printable ASCII (a header field value)" },
  { __LINE__, "port=1\n", g_key_file_error_quark, NULL },
};

static void
test_config_case (gconstpointer data)
{
  const ConfCase *c = data;
  g_autofree char *path = write_conf (c->text);
  g_autoptr(GError) error = NULL;
  PtOptionValues values;

  g_test_message ("line %d", c->line);
  pt_option_values_init (&values);
  g_assert_false (pt_option_values_load_file (&values, path, FALSE, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == c->domain ());
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_true (g_str_has_prefix (error->message + strlen (path), ": "));
  if (c->error != NULL)
    g_assert_cmpstr (error->message + strlen (path) + 2, ==, c->error);
  pt_option_values_clear (&values);
  g_unlink (path);
}

/* --precompressed: off by default; on from portico.conf's key (the
 * GSettings key's name) or from the flag, and both front ends take it. */
static void
test_precompressed (void)
{
  g_autofree char *path = write_conf ("[portico]\nprecompressed=true\n");
  g_autofree char *bad = write_conf ("[portico]\nprecompressed=maybe\n");
  const PtOption *option = pt_options_lookup ("precompressed");
  g_autoptr(GError) error = NULL;
  g_autoptr(PtServerConfig) config = NULL;
  PtOptionValues values;

  g_assert_nonnull (option);
  g_assert_cmpint (option->kind, ==, PT_OPTION_KIND_SWITCH);
  g_assert_cmpstr (option->settings_key, ==, "precompressed");
  g_assert_cmpstr (option->property, ==, "precompressed");
  g_assert_true (option->property_value);
  g_assert_cmpint (option->fronts, ==, PT_FRONT_ALL);

  /* default */
  pt_option_values_init (&values);
  config = pt_option_values_to_config (&values, &error);
  g_assert_no_error (error);
  g_assert_false (config->precompressed);
  g_clear_pointer (&config, pt_server_config_free);
  pt_option_values_clear (&values);

  /* portico.conf */
  pt_option_values_init (&values);
  g_assert_true (pt_option_values_load_file (&values, path, TRUE, &error));
  g_assert_no_error (error);
  config = pt_option_values_to_config (&values, &error);
  g_assert_no_error (error);
  g_assert_true (config->precompressed);
  g_clear_pointer (&config, pt_server_config_free);
  pt_option_values_clear (&values);

  /* the flag, in both headless front ends */
  for (guint front = 0; front < 2; front++)
    {
      g_autoptr(GOptionContext) context = g_option_context_new (NULL);
      g_autofree GOptionEntry *entries = NULL;
      g_auto(GStrv) args = g_strsplit (front == 0 ? "portico-server --precompressed"
                                                  : "portico --no-gui --precompressed", " ", -1);

      pt_option_values_init (&values);
      entries = pt_options_new_entries (front == 0 ? PT_FRONT_SERVER : PT_FRONT_PORTICO, &values);
      g_option_context_add_main_entries (context, entries, NULL);
      g_assert_true (g_option_context_parse_strv (context, &args, &error));
      g_assert_no_error (error);
      config = pt_option_values_to_config (&values, &error);
      g_assert_no_error (error);
      g_assert_true (config->precompressed);
      g_clear_pointer (&config, pt_server_config_free);
      pt_option_values_clear (&values);
    }

  /* not a boolean */
  pt_option_values_init (&values);
  g_assert_false (pt_option_values_load_file (&values, bad, TRUE, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
  pt_option_values_clear (&values);
  g_unlink (path);
  g_unlink (bad);
}

static void
test_config_missing (void)
{
  g_autoptr(GError) error = NULL;
  PtOptionValues values;

  pt_option_values_init (&values);
  g_assert_true (pt_option_values_load_file (&values, "/nonexistent/portico.conf", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (values.port, ==, PT_DEFAULT_PORT);
  g_assert_false (pt_option_values_load_file (&values, "/nonexistent/portico.conf", TRUE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/portico.conf: "));
  pt_option_values_clear (&values);
}

static void
test_to_config_defaults_and_errors (void)
{
  PtOptionValues values;
  g_autoptr(PtServerConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  pt_option_values_init (&values);
  config = pt_option_values_to_config (&values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->host, ==, PT_DEFAULT_HOST);
  g_assert_cmpuint (config->port, ==, PT_DEFAULT_PORT);
  g_assert_cmpuint (config->keep_alive_timeout_ms, ==, PT_DEFAULT_KEEP_ALIVE_TIMEOUT);
  g_assert_cmpuint (config->header_timeout_ms, ==, PT_DEFAULT_HEADER_TIMEOUT);
  g_assert_cmpstr (config->log_path, ==, "log.txt");
  g_assert_true (config->trace_events);
  g_assert_true (config->port_fallback);
  g_assert_cmpstr (config->cache_control, ==, "no-cache");
  g_assert_true (config->text_charset);
  g_clear_pointer (&config, pt_server_config_free);

  /* --cache-control "" --no-charset: the report's exact headers */
  values.cache_control = g_strdup ("");
  values.no_charset = TRUE;
  config = pt_option_values_to_config (&values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->cache_control, ==, "");
  g_assert_false (config->text_charset);
  g_clear_pointer (&config, pt_server_config_free);
  g_clear_pointer (&values.cache_control, g_free);
  values.no_charset = FALSE;

  /* at most PT_SERVER_CACHE_CONTROL_MAX bytes, no control bytes */
  values.cache_control = g_strnfill (PT_SERVER_CACHE_CONTROL_MAX, 'a');
  config = pt_option_values_to_config (&values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (config->cache_control), ==, PT_SERVER_CACHE_CONTROL_MAX);
  g_clear_pointer (&config, pt_server_config_free);
  g_clear_pointer (&values.cache_control, g_free);
  values.cache_control = g_strnfill (PT_SERVER_CACHE_CONTROL_MAX + 1, 'a');
  g_assert_null (pt_option_values_to_config (&values, &error));
  g_assert_cmpstr (error->message, ==, "--cache-control must be at most 128 bytes");
  g_clear_error (&error);
  g_clear_pointer (&values.cache_control, g_free);
  values.cache_control = g_strdup (" max-age=1");
  g_assert_null (pt_option_values_to_config (&values, &error));
  g_assert_cmpstr (error->message, ==, "--cache-control must not start or end with a space");
  g_clear_error (&error);
  g_clear_pointer (&values.cache_control, g_free);
  values.cache_control = g_strdup ("max-age=1\t");
  g_assert_null (pt_option_values_to_config (&values, &error));
  g_assert_cmpstr (error->message, ==, "--cache-control must not start or end with a space");
  g_clear_error (&error);
  g_clear_pointer (&values.cache_control, g_free);
  values.cache_control = g_strdup ("max-age=1\r\nX: y");
  g_assert_null (pt_option_values_to_config (&values, &error));
  g_assert_cmpstr (error->message, ==, "--cache-control must be printable ASCII (a header field value)");
  g_clear_error (&error);
  g_clear_pointer (&values.cache_control, g_free);

  values.no_log = TRUE;
  values.log_file = g_strdup ("x.log");
  g_assert_null (pt_option_values_to_config (&values, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (error->message, ==, "--log-file and --no-log cannot be used together");
  g_clear_error (&error);

  values.no_log = FALSE;
  values.host = g_strdup ("");
  g_assert_null (pt_option_values_to_config (&values, &error));
  g_assert_cmpstr (error->message, ==, "--host must not be empty");
  g_clear_error (&error);

  g_clear_pointer (&values.host, g_free);
  values.max_requests = 0;
  g_assert_null (pt_option_values_to_config (&values, &error));
  g_assert_cmpstr (error->message, ==, "--max-requests must be between 1 and 100000, not 0");
  pt_option_values_clear (&values);
}

static void
test_check_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("portico-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "f", NULL);
  g_autofree char *want = NULL;

  g_assert_no_error (error);
  g_assert_true (pt_options_check_folder (dir, &error));
  g_assert_no_error (error);

  g_assert_false (pt_options_check_folder ("/nonexistent/site", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpstr (error->message, ==, "cannot serve “/nonexistent/site”: no such folder");
  g_clear_error (&error);

  g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);
  g_assert_false (pt_options_check_folder (file, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  want = g_strdup_printf ("cannot serve “%s”: not a folder", file);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);

  if (geteuid () != 0)
    {
      g_autofree char *want_perm = g_strdup_printf ("cannot serve “%s”: %s", dir, g_strerror (EACCES));

      g_chmod (dir, 0);
      g_assert_false (pt_options_check_folder (dir, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
      g_assert_cmpstr (error->message, ==, want_perm);
      g_clear_error (&error);
      g_chmod (dir, 0700);
    }
  g_unlink (file);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/options/schema-matches", test_schema_matches);
  g_test_add_func ("/options/help-states-range", test_help_states_range);
  g_test_add_func ("/options/int-bounds", test_int_bounds);
  for (guint i = 0; i < G_N_ELEMENTS (int_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/options/int/line_%d", int_cases[i].line);

      g_test_add_data_func (path, &int_cases[i], test_int_case);
    }
  g_test_add_func ("/options/entries", test_entries);
  g_test_add_func ("/options/config-file", test_config_file);
  g_test_add_func ("/options/precompressed", test_precompressed);
  for (guint i = 0; i < G_N_ELEMENTS (conf_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/options/config-error/line_%d", conf_cases[i].line);

      g_test_add_data_func (path, &conf_cases[i], test_config_case);
    }
  g_test_add_func ("/options/config-missing", test_config_missing);
  g_test_add_func ("/options/config-log-precedence", test_config_log_precedence);
  g_test_add_func ("/options/to-config", test_to_config_defaults_and_errors);
  g_test_add_func ("/options/check-folder", test_check_folder);

  return g_test_run ();
}
