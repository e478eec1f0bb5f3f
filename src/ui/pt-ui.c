/* pt-ui.c — the window's entry point, called by main.c */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "pt-application.h"
#include "pt-ui.h"

/* `meson devenv` sets it so the uninstalled app finds the build's .mo files. */
#define LOCALEDIR_ENV "PORTICO_LOCALEDIR"

int
pt_ui_main (int    argc,
            char **argv)
{
  g_autoptr(PtApplication) app = NULL;
  const char *localedir = g_getenv (LOCALEDIR_ENV);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Portico"));
  app = pt_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
