/* test-launch-options.c — the window's server flags, without a display:
 * checking (ranges, --host, paths) and applying them to PtSettings for one
 * launch without touching GSettings. */
#include "config.h"

#include <gio/gio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "pt-launch-options.h"

/* {options as GVariant text, expected error (NULL: accepted), error domain is G_OPTION_ERROR?} */
typedef struct
{
  const char *options;
  const char *error;
  gboolean    usage;
} CheckCase;

static const CheckCase check_cases[] = {
  { "{'port': <'1'>}", NULL, FALSE },
  { "{'port': <'65535'>}", NULL, FALSE },
  { "{'port': <'0'>}", "--port must be between 1 and 65535 with the window, not 0", TRUE },
  { "{'port': <'65536'>}", "--port must be between 1 and 65535 with the window, not 65536", TRUE },
  { "{'port': <'-1'>}", "--port must be between 1 and 65535 with the window, not -1", TRUE },
  { "{'port': <'80x'>}", "--port must be between 1 and 65535 with the window, not 80x", TRUE },
  { "{'threads': <'0'>}", NULL, FALSE },
  { "{'threads': <'64'>}", NULL, FALSE },
  { "{'threads': <'65'>}", "--threads must be between 0 and 64, not 65", TRUE },
  { "{'keep-alive-timeout': <'3600'>}", NULL, FALSE },
  { "{'keep-alive-timeout': <'3601'>}",
    "--keep-alive-timeout must be between 1 and 3600, not 3601", TRUE },
  { "{'max-requests': <'100001'>}",
    "--max-requests must be between 1 and 100000, not 100001", TRUE },
  { "{'header-timeout': <'86400'>}", NULL, FALSE },
  { "{'header-timeout': <'0'>}",
    "--header-timeout must be between 1 and 86400, not 0", TRUE },
  { "{'max-connections': <'1000001'>}",
    "--max-connections must be between 1 and 1000000, not 1000001", TRUE },
  { "{'host': <'127.0.0.1'>}", NULL, FALSE },
  { "{'host': <'localhost'>}", NULL, FALSE },
  { "{'host': <'0.0.0.0'>}", NULL, FALSE },
  { "{'host': <'::'>}", NULL, FALSE },
  { "{'host': <'192.168.1.2'>}",
    "--host must be 127.0.0.1 (this computer) or 0.0.0.0 (every interface) with the window, "
    "not “192.168.1.2” (portico --no-gui binds any address)", TRUE },
  { "{'log-format': <'combined'>}", NULL, FALSE },
  { "{'log-format': <'json'>}", "--log-format must be report or combined, not “json”", TRUE },
  { "{'docroot': <b''>}", "--docroot must not be empty", TRUE },
  { "{'docroot': <b'/nonexistent/portico'>}",
    "cannot serve “/nonexistent/portico”: no such folder", FALSE },
  { "{'docroot': <b'/etc/hostname'>}", "cannot serve “/etc/hostname”: not a folder", FALSE },
  { "{'log-file': <b''>}", "--log-file must not be empty", TRUE },
  { "{'log-file': <b'/tmp/x.log'>, 'no-log': <true>}",
    "--log-file and --no-log cannot be used together", TRUE },
  { "{'quiet': <true>, 'serve-any-type': <true>, 'no-port-fallback': <true>}", NULL, FALSE },
  { "{'cache-control': <''>, 'no-charset': <true>}", NULL, FALSE },
  { "{'cache-control': <'max-age=60, public'>}", NULL, FALSE },
  { "{'cache-control': <'a\\nb'>}", "--cache-control must be printable ASCII (a header field value)", TRUE },
};

static GVariantDict *
parse_dict (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return g_variant_dict_new (variant);
}

static void
test_check (gconstpointer data)
{
  const CheckCase *c = data;
  g_autoptr(GVariantDict) options = parse_dict (c->options);
  g_autoptr(GError) error = NULL;
  gboolean ok = pt_launch_options_check (options, &error);

  if (c->error == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, c->error);
  if (c->usage)
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  else
    g_assert_true (error->domain == G_FILE_ERROR);
}

static void
test_relative_paths (void)
{
  g_autoptr(GVariantDict) options = parse_dict ("{'docroot': <b'.'>, 'log-file': <b'sub/../l.txt'>}");
  g_autoptr(GError) error = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *log = g_build_filename (cwd, "l.txt", NULL);
  g_autoptr(GVariant) docroot = NULL;
  g_autoptr(GVariant) log_file = NULL;

  g_assert_true (pt_launch_options_check (options, &error));
  g_assert_no_error (error);
  docroot = g_variant_dict_lookup_value (options, "docroot", G_VARIANT_TYPE_BYTESTRING);
  log_file = g_variant_dict_lookup_value (options, "log-file", G_VARIANT_TYPE_BYTESTRING);
  g_assert_cmpstr (g_variant_get_bytestring (docroot), ==, cwd);
  g_assert_cmpstr (g_variant_get_bytestring (log_file), ==, log);
}

static PtSettings *
memory_settings (GSettings **gsettings_out)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) gsettings = g_settings_new_with_backend (PT_SETTINGS_SCHEMA_ID, backend);

  g_settings_set_uint (gsettings, "port", 8123);
  g_settings_set_string (gsettings, "folder", "/srv/stored");
  g_settings_set_string (gsettings, "listen", "local");
  *gsettings_out = g_object_ref (gsettings);
  return pt_settings_new (gsettings);
}

/* --list-directories and --spa override their keys for this launch only. */
static void
test_apply_listing_spa (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PtSettings) settings = memory_settings (&gsettings);
  g_autoptr(GVariantDict) options = parse_dict ("{'list-directories': <true>, 'spa': <true>}");
  g_autofree char *applied = NULL;
  g_autoptr(PtServerConfig) before = pt_settings_to_config (settings);
  g_autoptr(PtServerConfig) config = NULL;

  g_assert_false (before->list_directories);
  g_assert_false (before->spa);
  applied = pt_launch_options_apply (options, settings);
  g_assert_cmpstr (applied, ==, "--list-directories --spa");
  config = pt_settings_to_config (settings);
  g_assert_true (config->list_directories);
  g_assert_true (config->spa);
  g_assert_false (g_settings_get_boolean (gsettings, "list-directories"));
  g_assert_false (g_settings_get_boolean (gsettings, "spa"));

}

/* The keys themselves reach the config. */
static void
test_listing_spa_keys (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PtSettings) settings = memory_settings (&gsettings);
  g_autoptr(PtServerConfig) config = NULL;

  g_settings_set_boolean (gsettings, "list-directories", TRUE);
  config = pt_settings_to_config (settings);
  g_assert_true (config->list_directories);
  g_assert_false (config->spa);
  g_settings_set_boolean (gsettings, "spa", TRUE);
  g_clear_pointer (&config, pt_server_config_free);
  config = pt_settings_to_config (settings);
  g_assert_true (config->spa);
}

/* --precompressed overrides its key for this launch only; the key itself
 * reaches the config. */
static void
test_apply_precompressed (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PtSettings) settings = memory_settings (&gsettings);
  g_autoptr(GVariantDict) options = parse_dict ("{'precompressed': <true>}");
  g_autofree char *applied = NULL;
  g_autoptr(PtServerConfig) before = pt_settings_to_config (settings);
  g_autoptr(PtServerConfig) config = NULL;
  g_autoptr(GSettings) other_gsettings = NULL;
  g_autoptr(PtSettings) other = memory_settings (&other_gsettings);
  g_autoptr(PtServerConfig) from_key = NULL;

  g_assert_false (before->precompressed);
  applied = pt_launch_options_apply (options, settings);
  g_assert_cmpstr (applied, ==, "--precompressed");
  config = pt_settings_to_config (settings);
  g_assert_true (config->precompressed);
  g_assert_false (g_settings_get_boolean (gsettings, "precompressed"));

  g_settings_set_boolean (other_gsettings, "precompressed", TRUE);
  from_key = pt_settings_to_config (other);
  g_assert_true (from_key->precompressed);
}

static void
test_apply (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PtSettings) settings = memory_settings (&gsettings);
  g_autoptr(GVariantDict) options =
    parse_dict ("{'port': <'9000'>, 'docroot': <b'/srv/flag'>, 'host': <'0.0.0.0'>, "
                "'threads': <'0'>, 'header-timeout': <'3'>, 'max-connections': <'7'>, "
                "'no-log': <true>, 'no-port-fallback': <true>, 'serve-any-type': <true>, "
                "'log-format': <'combined'>, 'quiet': <true>}");
  g_autofree char *applied = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(PtServerConfig) config = NULL;

  g_assert_cmpuint (pt_settings_get_port (settings), ==, 8123);
  g_settings_set_uint (gsettings, "worker-threads", 4);

  applied = pt_launch_options_apply (options, settings);
  g_assert_cmpstr (applied, ==,
                   "--host 0.0.0.0 --port 9000 --docroot /srv/flag --threads 0 "
                   "--header-timeout 3 --max-connections 7 --no-log --log-format combined "
                   "--serve-any-type --no-port-fallback");

  config = pt_settings_to_config (settings);
  g_assert_cmpstr (config->host, ==, PT_SETTINGS_ANY_HOST);
  g_assert_cmpuint (config->port, ==, 9000);
  g_assert_cmpstr (config->docroot, ==, "/srv/flag");
  g_assert_cmpuint (config->n_threads, ==, 0);
  g_assert_cmpuint (config->header_timeout_ms, ==, 3000);
  g_assert_cmpuint (config->max_connections, ==, 7);
  g_assert_null (config->log_path);
  g_assert_false (config->port_fallback);
  g_assert_true (config->serve_any_type);
  g_assert_cmpint (config->log_format, ==, PT_LOG_FORMAT_COMBINED);

  /* Nothing reached GSettings ... */
  g_assert_cmpuint (g_settings_get_uint (gsettings, "port"), ==, 8123);
  folder = g_settings_get_string (gsettings, "folder");
  g_assert_cmpstr (folder, ==, "/srv/stored");
  g_assert_cmpuint (g_settings_get_uint (gsettings, "worker-threads"), ==, 4);
  g_settings_set_uint (gsettings, "worker-threads", 5);
  g_assert_cmpuint (config->n_threads, ==, 0);

  /* ... nor do later edits of an overridden preference; others still do. */
  g_object_set (settings, "port", 9001, "keep-alive-timeout", 42, NULL);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "port"), ==, 8123);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "keep-alive-timeout"), ==, 42);
  g_settings_set_uint (gsettings, "port", 8124);
  g_assert_cmpuint (pt_settings_get_port (settings), ==, 9001);
}

/* --cache-control and --no-charset reach the config, not GSettings. */
static void
test_apply_validators (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PtSettings) settings = memory_settings (&gsettings);
  g_autoptr(GVariantDict) options = parse_dict ("{'cache-control': <'max-age=60, public'>, 'no-charset': <true>}");
  g_autoptr(PtServerConfig) before = pt_settings_to_config (settings);
  g_autoptr(PtServerConfig) config = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *stored = NULL;

  g_assert_cmpstr (before->cache_control, ==, "no-cache");
  g_assert_true (before->text_charset);
  applied = pt_launch_options_apply (options, settings);
  g_assert_cmpstr (applied, ==, "--cache-control 'max-age=60, public' --no-charset");
  config = pt_settings_to_config (settings);
  g_assert_cmpstr (config->cache_control, ==, "max-age=60, public");
  g_assert_false (config->text_charset);
  stored = g_settings_get_string (gsettings, "cache-control");
  g_assert_cmpstr (stored, ==, "no-cache");
  g_assert_true (g_settings_get_boolean (gsettings, "text-charset"));
}

static void
test_apply_nothing (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PtSettings) settings = memory_settings (&gsettings);
  g_autoptr(GVariantDict) only_quiet = parse_dict ("{'quiet': <true>}");
  g_autoptr(GVariantDict) empty = parse_dict ("@a{sv} {}");

  g_assert_null (pt_launch_options_apply (empty, settings));
  g_assert_null (pt_launch_options_apply (only_quiet, settings));
  /* still bound */
  g_settings_set_uint (gsettings, "port", 8125);
  g_assert_cmpuint (pt_settings_get_port (settings), ==, 8125);
}

/* The window's properties take the option table's ranges and defaults. */
static void
test_settings_ranges (void)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (PT_TYPE_SETTINGS);
  guint n_options;
  const PtOption *options = pt_options_get (&n_options);
  guint n_checked = 0;

  for (guint i = 0; i < n_options; i++)
    {
      GParamSpec *pspec;

      if ((options[i].fronts & PT_FRONT_WINDOW) == 0 || options[i].property == NULL)
        continue;
      pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), options[i].property);
      g_assert_nonnull (pspec);
      if (options[i].kind != PT_OPTION_KIND_INT)
        continue;
      g_assert_cmpuint (G_PARAM_SPEC_UINT (pspec)->minimum, ==, options[i].min);
      g_assert_cmpuint (G_PARAM_SPEC_UINT (pspec)->maximum, ==, options[i].max);
      g_assert_cmpuint (G_PARAM_SPEC_UINT (pspec)->default_value, ==, options[i].default_value);
      n_checked++;
    }
  /* port threads keep-alive-timeout max-requests header-timeout max-connections */
  g_assert_cmpuint (n_checked, ==, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/launch-options/check/case_%u", i);

      g_test_add_data_func (path, &check_cases[i], test_check);
    }
  g_test_add_func ("/ui/launch-options/apply-listing-spa", test_apply_listing_spa);
  g_test_add_func ("/ui/launch-options/listing-spa-keys", test_listing_spa_keys);
  g_test_add_func ("/ui/launch-options/apply-precompressed", test_apply_precompressed);
  g_test_add_func ("/ui/launch-options/relative-paths", test_relative_paths);
  g_test_add_func ("/ui/launch-options/apply", test_apply);
  g_test_add_func ("/ui/launch-options/apply-nothing", test_apply_nothing);
  g_test_add_func ("/ui/launch-options/apply-validators", test_apply_validators);
  g_test_add_func ("/ui/launch-options/settings-ranges", test_settings_ranges);

  return g_test_run ();
}
