/* pt-live-reload-driver.c — a PtServer with live reload, told of changes on stdin (tests only)
 *
 * The end-to-end tests and the latency benchmark run the engine alone: its
 * folder watcher sees the saves; "changed" tells it directly, through the
 * entry point the watcher calls (pt_server_live_reload_changed).  Serves argv[1] on
 * 127.0.0.1, a port the kernel chooses, and prints "port N".  Each stdin
 * line is a command: "changed PATH..." (space-separated paths) answers
 * "told", "browsers" answers "browsers N"; EOF stops.
 */
#include <stdio.h>
#include <string.h>

#include "pt-server.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PtServerConfig) config = pt_server_config_new ();
  g_autoptr(PtServer) server = NULL;
  g_autoptr(GError) error = NULL;
  char line[4096];

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s FOLDER\n", argv[0]);
      return 2;
    }

  g_free (config->docroot);
  config->docroot = g_strdup (argv[1]);
  g_clear_pointer (&config->log_path, g_free);
  config->port = 0;
  config->n_threads = 2;
  config->live_reload = TRUE;
  config->trace_events = FALSE;

  server = pt_server_new (config, NULL, NULL);
  if (!pt_server_start (server, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("port %u\n", pt_server_get_port (server));
  fflush (stdout);

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_strchomp (line);
      if (g_str_has_prefix (line, "changed "))
        {
          g_auto(GStrv) paths = g_strsplit (line + strlen ("changed "), " ", -1);

          pt_server_live_reload_changed (server, (const char *const *) paths);
          printf ("told\n");
        }
      else if (strcmp (line, "browsers") == 0)
        {
          PtServerStats stats;

          pt_server_get_stats (server, &stats);
          printf ("browsers %" G_GUINT64_FORMAT "\n", stats.live_reload_browsers);
        }
      else
        printf ("unknown command\n");
      fflush (stdout);
    }

  pt_server_stop (server);
  return 0;
}
