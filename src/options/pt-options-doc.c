/* pt-options-doc.c — writes the man pages and the bash completion from the
 * option table, at build time (src/options/meson.build):
 *
 *   pt-options-doc man portico|portico-server|portico-client OUT
 *   pt-options-doc completion portico|portico-server|portico-client OUT
 *   pt-options-doc conf portico-server OUT     (portico.conf, all defaults)
 *
 * portico-client's one flag and its description are kept here, next to the
 * table; tests/cli checks that every flag of each --help is in both files.
 */
#define G_LOG_DOMAIN "pt-options"

#include "config.h"

#include <string.h>

#include "pt-options.h"

/* When the pages last changed (man(7) .TH); fixed so builds are reproducible. */
#define DOC_DATE "2026-12-02"

typedef struct
{
  const char *prog;
  PtFront     front;         /* 0: portico-client */
  const char *name_line;     /* NAME section: "prog \- …" */
  const char *synopsis;      /* after the program name */
} Program;

static const Program programs[] = {
  { "portico", PT_FRONT_PORTICO,
    "serve a folder over HTTP/1.1, with a window or headless",
    "[\\fIOPTION\\fR]... [\\fIFOLDER\\fR]" },
  { "portico-server", PT_FRONT_SERVER,
    "serve a folder over HTTP/1.1, headless, without GTK",
    "[\\fIOPTION\\fR]... [\\fIFOLDER\\fR]" },
  { "portico-client", 0,
    "send HTTP requests typed on stdin", "[\\fIOPTION\\fR]... [\\fIHOST\\fR[:\\fIPORT\\fR]]" },
};

static const char client_summary[] =
  "Type a request (the request line, then header lines) and end it with an\n"
  "empty line.  It is sent with CRLF line ends; a Host header is added when\n"
  "none was typed.  The response head is printed as received, text bodies as\n"
  "text and binary bodies as \"<N bytes of TYPE>\".  The connection is reused\n"
  "while the server keeps it open.  End with EOF (Ctrl-D).  When stdin is not\n"
  "a terminal, requests are read from it the same way.\n"
  "\n"
  "The default server is 127.0.0.1:8080; IPv6 as [::1]:8080.";

static const char client_exit_text[] =
  "Exit status: 0 at the end of input, 1 when the server cannot be reached,\n"
  "2 for a bad option or server address.";

/* The options every GOption program has. */
static const struct {
  const char *flag;
  const char *help;
} common_flags[] = {
  { "help", "Show the options and exit" },
};

static const char *
client_flags[] = { "version", NULL };


/* Text as roff: escapes, and a line starting with . or ' is protected. */
static void
append_roff (GString    *out,
             const char *text)
{
  gboolean line_start = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (line_start && (*p == '.' || *p == '\''))
        g_string_append (out, "\\&");
      line_start = FALSE;
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\e");
          break;
        case '-':
          g_string_append (out, "\\-");
          break;
        case '\n':
          g_string_append_c (out, '\n');
          line_start = TRUE;
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}


/* text with each line broken at spaces before WRAP_COLUMN (mandoc's style
 * check wants input lines of at most 80 bytes; roff fills them again). */
#define WRAP_COLUMN 72

static char *
wrap (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);
      gsize column = 0;

      if (i > 0)
        g_string_append_c (out, '\n');
      for (guint j = 0; words[j] != NULL; j++)
        {
          gsize len = strlen (words[j]);

          if (len == 0)
            continue;
          if (column > 0 && column + 1 + len > WRAP_COLUMN)
            {
              g_string_append_c (out, '\n');
              column = 0;
            }
          else if (column > 0)
            {
              g_string_append_c (out, ' ');
              column++;
            }
          g_string_append (out, words[j]);
          column += len;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}


/* Paragraphs separated by an empty line; lines inside one joined. */
static void
append_paragraphs (GString    *out,
                   const char *text)
{
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *wrapped = wrap (paragraphs[i]);

      if (i > 0)
        g_string_append (out, ".PP\n");
      append_roff (out, wrapped);
      g_string_append_c (out, '\n');
    }
}


static void
append_flag (GString    *out,
             char        short_name,
             const char *name,
             const char *arg,
             const char *help)
{
  g_string_append (out, ".TP\n");
  if (short_name != 0)
    g_string_append_printf (out, "\\fB\\-%c\\fR, ", short_name);
  g_string_append (out, "\\fB\\-\\-");
  append_roff (out, name);
  g_string_append (out, "\\fR");
  if (arg != NULL)
    g_string_append_printf (out, " \\fI%s\\fR", arg);
  g_string_append_c (out, '\n');
  append_paragraphs (out, help);
}


static char *
man_page (const Program *program)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *upper = g_ascii_strup (program->prog, -1);
  guint n_options;
  const PtOption *options = pt_options_get (&n_options);

  g_string_append_printf (out, ".\\\" Generated by pt-options-doc from src/options/pt-options.c; do not edit.\n");
  g_string_append_printf (out, ".TH %s 1 %s \"portico %s\" \"User Commands\"\n",
                          upper, DOC_DATE, PACKAGE_VERSION);
  g_string_append (out, ".SH NAME\n");
  append_roff (out, program->prog);
  g_string_append (out, " \\- ");
  append_roff (out, program->name_line);
  g_string_append (out, "\n.SH SYNOPSIS\n.B ");
  append_roff (out, program->prog);
  g_string_append_printf (out, "\n%s\n", program->synopsis);

  g_string_append (out, ".SH DESCRIPTION\n");
  append_paragraphs (out, program->front != 0 ? pt_options_get_summary (program->front)
                                              : client_summary);

  g_string_append (out, ".SH OPTIONS\n");
  if (program->front != 0)
    {
      for (guint i = 0; i < n_options; i++)
        {
          const PtOption *option = &options[i];

          if ((option->fronts & program->front) == 0 || (option->hidden & program->front) != 0)
            continue;
          append_flag (out, option->short_name, option->name, option->arg_description, option->help);
        }
    }
  else
    {
      const PtOption *version = pt_options_get_by_id (PT_OPTION_VERSION);

      append_flag (out, 0, version->name, NULL, version->help);
    }
  for (guint i = 0; i < G_N_ELEMENTS (common_flags); i++)
    append_flag (out, 'h', common_flags[i].flag, NULL, common_flags[i].help);

  if (program->front == PT_FRONT_SERVER)
    {
      g_string_append (out, ".SH FILES\n.TP\n.I ");
      append_roff (out, PT_SYSCONFDIR "/portico/portico.conf");
      g_string_append (out, "\n");
      append_roff (out, "The settings, a key file with one [" PT_OPTIONS_CONFIG_GROUP "] group, for example:");
      g_string_append (out, "\n.PP\n.nf\n.RS\n");
      append_roff (out, "[" PT_OPTIONS_CONFIG_GROUP "]\nport=8080\nfolder=/srv/www\nhost=0.0.0.0\n"
                   "keep-alive-timeout=15\nlog-file=/var/log/portico/access.log\nlog-format=combined\n");
      g_string_append (out, ".RE\n.fi\n");
    }

  g_string_append (out, ".SH EXIT STATUS\n");
  append_paragraphs (out, program->front != 0 ? pt_options_get_exit_text () : client_exit_text);

  g_string_append (out, ".SH SEE ALSO\n");
  for (guint i = 0, n = 0; i < G_N_ELEMENTS (programs); i++)
    {
      if (programs[i].prog == program->prog)
        continue;
      g_string_append_printf (out, "%s.BR %s (1)", n++ > 0 ? ",\n" : "", programs[i].prog);
    }
  g_string_append (out, "\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}


/* A portico.conf with every key commented out at its default. */
static char *
config_file (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_options;
  const PtOption *options = pt_options_get (&n_options);

  g_string_append (out, "# portico.conf — the settings of portico-server (man portico-server).\n"
                        "# Keys are the GSettings keys, or the flag's name where there is none;\n"
                        "# the flags override them.  Generated by pt-options-doc; every line below\n"
                        "# shows the default.\n\n[" PT_OPTIONS_CONFIG_GROUP "]\n");
  for (guint i = 0; i < n_options; i++)
    {
      const PtOption *option = &options[i];

      if ((option->fronts & PT_FRONT_SERVER) == 0 || (option->hidden & PT_FRONT_SERVER) != 0 ||
          option->id == PT_OPTION_CONFIG || option->id == PT_OPTION_VERSION)
        continue;
      g_string_append_printf (out, "\n# --%s: %s\n#%s=", option->name, option->help,
                              pt_option_get_config_key (option));
      switch (option->kind)
        {
        case PT_OPTION_KIND_INT:
          g_string_append_printf (out, "%d\n", option->default_value);
          break;
        case PT_OPTION_KIND_SWITCH:
          g_string_append (out, "false\n");
          break;
        case PT_OPTION_KIND_CHOICE:
          g_string_append_printf (out, "%s\n", option->choices[0]);
          break;
        case PT_OPTION_KIND_HOST:
          g_string_append (out, PT_DEFAULT_HOST "\n");
          break;
        case PT_OPTION_KIND_TEXT:
          /* --cache-control; --access-key has no default (open) */
          g_string_append (out, option->id == PT_OPTION_CACHE_CONTROL ? PT_DEFAULT_CACHE_CONTROL "\n" : "\n");
          break;
        case PT_OPTION_KIND_FOLDER:
        case PT_OPTION_KIND_FILE:
        case PT_OPTION_KIND_ADDRESSES:
        default:
          g_string_append_c (out, '\n');
          break;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}


static char *
completion (const Program *program)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) words = g_string_new ("--help -h");
  g_autofree char *func = g_strdelimit (g_strdup_printf ("_%s", program->prog), "-", '_');
  guint n_options;
  const PtOption *options = pt_options_get (&n_options);

  g_string_append_printf (out, "# bash completion for %s; generated by pt-options-doc from "
                          "src/options/pt-options.c, do not edit.\n", program->prog);
  g_string_append_printf (out, "%s()\n{\n", func);
  g_string_append (out, "  local cur prev\n"
                        "  cur=${COMP_WORDS[COMP_CWORD]}\n"
                        "  prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                        "  case $prev in\n");

  if (program->front != 0)
    {
      for (guint i = 0; i < n_options; i++)
        {
          const PtOption *option = &options[i];
          g_autofree char *pattern = NULL;
          const char *action = NULL;
          g_autofree char *choices = NULL;

          if ((option->fronts & program->front) == 0 || (option->hidden & program->front) != 0)
            continue;
          g_string_append_printf (words, " --%s", option->name);
          if (option->short_name != 0)
            g_string_append_printf (words, " -%c", option->short_name);

          pattern = option->short_name != 0
                  ? g_strdup_printf ("--%s|-%c", option->name, option->short_name)
                  : g_strdup_printf ("--%s", option->name);
          switch (option->kind)
            {
            case PT_OPTION_KIND_FOLDER:
              action = "COMPREPLY=( $(compgen -d -- \"$cur\") )";
              break;
            case PT_OPTION_KIND_FILE:
              action = "COMPREPLY=( $(compgen -f -- \"$cur\") )";
              break;
            case PT_OPTION_KIND_CHOICE:
              {
                g_autofree char *list = g_strjoinv (" ", (char **) option->choices);

                choices = g_strdup_printf ("COMPREPLY=( $(compgen -W \"%s\" -- \"$cur\") )", list);
                action = choices;
                break;
              }
            case PT_OPTION_KIND_HOST:
              action = "COMPREPLY=( $(compgen -W \"127.0.0.1 0.0.0.0 ::\" -- \"$cur\") )";
              break;
            case PT_OPTION_KIND_INT:
            case PT_OPTION_KIND_TEXT:
            case PT_OPTION_KIND_ADDRESSES:
              action = "COMPREPLY=()";
              break;
            case PT_OPTION_KIND_SWITCH:
            default:
              break;
            }
          if (action != NULL)
            g_string_append_printf (out, "    %s)\n      %s\n      return\n      ;;\n", pattern, action);
        }
    }
  else
    {
      for (guint i = 0; client_flags[i] != NULL; i++)
        g_string_append_printf (words, " --%s", client_flags[i]);
    }

  g_string_append (out, "  esac\n");
  /* The FOLDER argument: a word that is no flag completes folders. */
  if (program->front != 0)
    g_string_append (out, "  if [[ -n \"$cur\" && \"$cur\" != -* ]]; then\n"
                          "    COMPREPLY=( $(compgen -d -- \"$cur\") )\n"
                          "    return\n"
                          "  fi\n");
  g_string_append_printf (out, "  COMPREPLY=( $(compgen -W \"%s\" -- \"$cur\") )\n", words->str);
  g_string_append_printf (out, "}\ncomplete -F %s %s\n", func, program->prog);

  return g_string_free (g_steal_pointer (&out), FALSE);
}


int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const Program *program = NULL;

  if (argc != 4)
    {
      g_printerr ("usage: %s man|completion PROGRAM OUT\n", argv[0]);
      return PT_EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      if (g_str_equal (argv[2], programs[i].prog))
        program = &programs[i];
    }
  if (program == NULL)
    {
      g_printerr ("%s: unknown program “%s”\n", argv[0], argv[2]);
      return PT_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "man"))
    text = man_page (program);
  else if (g_str_equal (argv[1], "completion"))
    text = completion (program);
  else if (g_str_equal (argv[1], "conf") && program->front == PT_FRONT_SERVER)
    text = config_file ();
  else
    {
      g_printerr ("%s: unknown output “%s”\n", argv[0], argv[1]);
      return PT_EXIT_USAGE;
    }

  if (!g_file_set_contents (argv[3], text, -1, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return PT_EXIT_RUNTIME;
    }
  return PT_EXIT_OK;
}
