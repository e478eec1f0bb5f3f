/* portico-server.c — the headless server without GTK
 *
 * The same flags, console text and exit statuses as `portico --no-gui`
 * (pt-headless.h), plus the settings file PT_SYSCONFDIR/portico/portico.conf
 * (or --config FILE), which the flags override.  Links GLib, the engine and
 * the bridge only: tests/cli checks that no GTK library is mapped.
 */
#define G_LOG_DOMAIN "portico"

#include "config.h"

#include <locale.h>

#include "pt-headless.h"

int
main (int    argc,
      char **argv)
{
  const PtHeadlessSetup setup = {
    .front = PT_FRONT_SERVER,
    .prog = "portico-server",
    .config_path = PT_SYSCONFDIR "/portico/portico.conf",
  };

  setlocale (LC_ALL, "");
  return pt_headless_main (&setup, argc, argv);
}
