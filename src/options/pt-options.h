/* pt-options.h — the one table of server options, for every front end
 *
 * `portico --no-gui`, `portico-server`, the window's launch flags
 * (src/ui/pt-launch-options.c), portico.conf, the man pages and the bash
 * completion all read this table: name, kind, range, settings key and help
 * text are written once, in pt-options.c.  GLib and the engine's
 * PtServerConfig only: no GTK, no GIO.
 */
#pragma once

#include <glib.h>

#include "pt-server-config.h"

G_BEGIN_DECLS

/* Exit statuses of every executable. */
#define PT_EXIT_OK       0
#define PT_EXIT_RUNTIME  1       /* the folder cannot be served, the port bound, the log opened */
#define PT_EXIT_USAGE    2       /* a bad flag, value or config file entry */

#define PT_OPTIONS_DOCROOT_NAME  "srcFile"
#define PT_OPTIONS_CONFIG_GROUP  "portico"
#define PT_OPTIONS_MS_PER_S      1000

typedef enum
{
  PT_OPTION_NO_GUI,
  PT_OPTION_CONFIG,
  PT_OPTION_HOST,
  PT_OPTION_PORT,
  PT_OPTION_DOCROOT,
  PT_OPTION_THREADS,
  PT_OPTION_KEEP_ALIVE_TIMEOUT,
  PT_OPTION_MAX_REQUESTS,
  PT_OPTION_HEADER_TIMEOUT,
  PT_OPTION_MAX_CONNECTIONS,
  PT_OPTION_LOG_FILE,
  PT_OPTION_NO_LOG,
  PT_OPTION_LOG_FORMAT,
  PT_OPTION_SERVE_ANY_TYPE,
  PT_OPTION_QUIET,
  PT_OPTION_NO_PORT_FALLBACK,
  PT_OPTION_VERSION,
  PT_OPTION_CACHE_CONTROL,
  PT_OPTION_NO_CHARSET,
  PT_OPTION_LIST_DIRECTORIES,
  PT_OPTION_SPA,
  PT_OPTION_PROXY_PROTOCOL,
  PT_OPTION_TRUSTED_PROXY,
  PT_OPTION_PRECOMPRESSED,
  PT_N_OPTIONS
} PtOptionId;

typedef enum
{
  PT_OPTION_KIND_SWITCH,     /* no argument: sets a boolean */
  PT_OPTION_KIND_INT,        /* an integer in [min, max] */
  PT_OPTION_KIND_FOLDER,     /* an existing folder */
  PT_OPTION_KIND_FILE,       /* a file path */
  PT_OPTION_KIND_HOST,       /* an IP address */
  PT_OPTION_KIND_CHOICE,     /* one of choices[] */
  PT_OPTION_KIND_TEXT,       /* a header field value: visible ASCII, SP and HTAB, at most
                              * PT_SERVER_CACHE_CONTROL_MAX bytes, may be empty */
  PT_OPTION_KIND_ADDRESSES,  /* IP addresses or ADDRESS/BITS blocks, comma-separated */
} PtOptionKind;

/* Which executables take an option. */
typedef enum
{
  PT_FRONT_PORTICO = 1 << 0,   /* portico (--no-gui or no display) */
  PT_FRONT_SERVER  = 1 << 1,   /* portico-server */
  PT_FRONT_WINDOW  = 1 << 2,   /* portico with a display: overrides for one launch */
} PtFront;

#define PT_FRONT_HEADLESS (PT_FRONT_PORTICO | PT_FRONT_SERVER)
#define PT_FRONT_ALL      (PT_FRONT_HEADLESS | PT_FRONT_WINDOW)

typedef struct
{
  PtOptionId          id;
  const char         *name;             /* long flag without "--" */
  char                short_name;       /* 0: none */
  PtOptionKind        kind;
  PtFront             fronts;
  PtFront             hidden;           /* taken but not listed in --help there */
  int                 min;              /* KIND_INT: the range, the schema's when settings_key is set */
  int                 max;
  int                 zero_headless;    /* KIND_INT: headless also takes 0 (port: the kernel picks) */
  int                 default_value;    /* KIND_INT */
  const char * const *choices;          /* KIND_CHOICE, NULL-terminated */
  const char         *settings_key;     /* GSettings key (and portico.conf key), NULL: none */
  const char         *property;         /* PtSettings property the window overrides, NULL: none */
  gboolean            property_value;   /* KIND_SWITCH: what it sets the property to */
  const char         *arg_description;  /* "PORT"; NULL for a switch */
  const char         *help;             /* --help, the man page, the completion */
  gsize               offset;           /* of its field in PtOptionValues */
} PtOption;

/* What the headless front ends parse into; start with pt_option_values_init(). */
typedef struct
{
  gboolean  no_gui;
  char     *config;
  char     *host;
  int       port;
  char     *docroot;
  int       threads;
  int       keep_alive_timeout;
  int       max_requests;
  int       header_timeout;
  int       max_connections;
  char     *log_file;
  gboolean  no_log;
  char     *log_format;
  gboolean  serve_any_type;
  gboolean  quiet;
  gboolean  no_port_fallback;
  gboolean  version;
  char     *cache_control;     /* NULL: the default (PT_DEFAULT_CACHE_CONTROL) */
  gboolean  no_charset;
  gboolean  list_directories;
  gboolean  spa;
  gboolean  proxy_protocol;
  char     *trusted_proxy;
  gboolean  precompressed;

  /* private: strings read from a config file (pt-options-file.h; GOption
   * does not free what it replaces) */
  char     *file_strings[PT_N_OPTIONS];
  gboolean  no_log_from_file;
} PtOptionValues;

const PtOption *pt_options_get             (guint          *n_options);
const PtOption *pt_options_lookup          (const char     *name);
const PtOption *pt_options_get_by_id       (PtOptionId      id);
/* The key in portico.conf: the GSettings key, else the flag's name. */
const char     *pt_option_get_config_key   (const PtOption *option);
/* The smallest value front takes (0 for the port headless). */
int             pt_option_get_min          (const PtOption *option,
                                            PtFront         front);

/* Program texts for --help and the man pages. */
const char     *pt_options_get_usage       (PtFront         front);
const char     *pt_options_get_summary     (PtFront         front);
const char     *pt_options_get_exit_text   (void);

/* Every option front takes, as GOptionEntry (free with g_free()).  values
 * NULL: arg_data NULL and integers as strings (GApplication's options dict,
 * which drops an int option of 0); else they point into values. */
GOptionEntry   *pt_options_new_entries     (PtFront         front,
                                            PtOptionValues *values);

/* Checks; the message starts with the flag.  G_OPTION_ERROR_BAD_VALUE. */
gboolean        pt_option_check_int        (const PtOption *option,
                                            PtFront         front,
                                            gint64          value,
                                            GError        **error);
/* A KIND_TEXT value: at most PT_SERVER_CACHE_CONTROL_MAX bytes of visible
 * ASCII, SP and HTAB, not first or last (empty is fine).
 * G_OPTION_ERROR_BAD_VALUE. */
gboolean        pt_option_check_text       (const PtOption *option,
                                            const char     *value,
                                            GError        **error);
/* text → value in range; FALSE + the same message as pt_option_check_int. */
gboolean        pt_option_parse_int        (const PtOption *option,
                                            PtFront         front,
                                            const char     *text,
                                            int            *value,
                                            GError        **error);
gboolean        pt_option_parse_choice     (const PtOption *option,
                                            const char     *text,
                                            guint          *index,
                                            GError        **error);
/* The one folder check: exists, is a folder, can be listed and read.
 * G_FILE_ERROR; "cannot serve “FOLDER”: no such folder". */
gboolean        pt_options_check_folder    (const char     *folder,
                                            GError        **error);

void            pt_option_values_init      (PtOptionValues *values);
void            pt_option_values_clear     (PtOptionValues *values);
/* The headless config, every value checked; G_OPTION_ERROR. */
PtServerConfig *pt_option_values_to_config (const PtOptionValues *values,
                                            GError        **error);

G_END_DECLS
