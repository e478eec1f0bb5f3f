/* main.c — portico: the window, or a headless server with --no-gui
 *
 * The only file that knows both front ends exist.  The flags (one table,
 * pt-options.h) are parsed and checked by pt_headless_main() before any GTK
 * object exists, so --help, --version and usage errors are the same with or
 * without a display.  Then, with a display and the GUI built (and no
 * --no-gui), pt_ui_main() gets the original argv: the window applies the
 * server flags for this launch (pt-launch-options.h); else the server runs
 * headless in this process, as portico-server does.
 */
#define G_LOG_DOMAIN "portico"

#include "config.h"

#include <locale.h>

#include <glib.h>

#include "pt-headless.h"

#if PT_HAVE_GUI
# include "pt-ui.h"

static gboolean
has_display (void)
{
  const char *x11 = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && *x11 != '\0') || (wayland != NULL && *wayland != '\0');
}
#endif


int
main (int    argc,
      char **argv)
{
  const PtHeadlessSetup setup = {
    .front = PT_FRONT_PORTICO,
    .prog = "portico",
#if PT_HAVE_GUI
    .window_available = has_display,
    .window = pt_ui_main,
    .no_window_note = "portico: no display found; serving headless (use --no-gui to say so explicitly)",
#else
    .no_window_note = "portico: built without the window; serving headless (use --no-gui to say so explicitly)",
#endif
  };

  setlocale (LC_ALL, "");
  return pt_headless_main (&setup, argc, argv);
}
