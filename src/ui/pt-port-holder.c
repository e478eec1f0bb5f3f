/* pt-port-holder.c — which process listens on a TCP port */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pt-port-holder.h"

#define TCP_STATE_LISTEN     0x0A
#define PROC_DIR             "/proc"
#define SOCKET_LINK_FORMAT   "socket:[%" G_GUINT64_FORMAT "]"
#define LINK_MAX_LEN         64
#define FIELD_LOCAL_ADDRESS  1
#define FIELD_STATE          3
#define FIELD_INODE          9

gboolean
pt_port_holder_parse_line (const char *line,
                           guint       port,
                           guint64    *inode)
{
  g_auto(GStrv) fields = NULL;
  const char *colon;
  guint n = 0;
  char *end = NULL;
  guint64 local_port;
  guint64 state;
  guint64 value;

  g_return_val_if_fail (line != NULL, FALSE);

  fields = g_strsplit_set (line, " \t\n", -1);
  {
    /* Squeeze out the empty strings left by repeated spaces. */
    guint w = 0;
    for (guint r = 0; fields[r] != NULL; r++)
      {
        if (fields[r][0] == '\0')
          g_free (fields[r]);
        else
          fields[w++] = fields[r];
      }
    fields[w] = NULL;
    n = w;
  }

  if (n <= FIELD_INODE)
    return FALSE;

  colon = strrchr (fields[FIELD_LOCAL_ADDRESS], ':');
  if (colon == NULL)
    return FALSE;
  local_port = g_ascii_strtoull (colon + 1, &end, 16);
  if (end == colon + 1 || *end != '\0' || local_port != port)
    return FALSE;

  state = g_ascii_strtoull (fields[FIELD_STATE], &end, 16);
  if (*end != '\0' || state != TCP_STATE_LISTEN)
    return FALSE;

  value = g_ascii_strtoull (fields[FIELD_INODE], &end, 10);
  if (*end != '\0' || value == 0)
    return FALSE;

  if (inode != NULL)
    *inode = value;
  return TRUE;
}

static gboolean
find_inode (guint    port,
            guint64 *inode)
{
  static const char * const tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
  char local_port[8];

  /* Cheap pre-filter: the tables can hold many thousands of TIME_WAIT lines. */
  g_snprintf (local_port, sizeof local_port, ":%04X ", port);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *contents = NULL;
      char *line;
      char *next;

      if (!g_file_get_contents (tables[t], &contents, NULL, NULL))
        continue;
      /* the first line is the column header */
      line = strchr (contents, '\n');
      for (; line != NULL; line = next)
        {
          line++;
          next = strchr (line, '\n');
          if (next != NULL)
            *next = '\0';
          if (strstr (line, local_port) != NULL &&
              pt_port_holder_parse_line (line, port, inode))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
process_has_socket (const char *pid,
                    const char *wanted)
{
  g_autofree char *fd_dir_path = g_build_filename (PROC_DIR, pid, "fd", NULL);
  g_autoptr(GDir) fd_dir = g_dir_open (fd_dir_path, 0, NULL);
  const char *fd;

  if (fd_dir == NULL)
    return FALSE;

  while ((fd = g_dir_read_name (fd_dir)) != NULL)
    {
      g_autofree char *link_path = g_build_filename (fd_dir_path, fd, NULL);
      char target[LINK_MAX_LEN];
      ssize_t len = readlink (link_path, target, sizeof target - 1);

      if (len <= 0)
        continue;
      target[len] = '\0';
      if (g_str_equal (target, wanted))
        return TRUE;
    }
  return FALSE;
}

char *
pt_port_holder_describe (guint port)
{
  g_autoptr(GDir) proc = NULL;
  g_autofree char *wanted = NULL;
  const char *name;
  guint64 inode = 0;

  if (!find_inode (port, &inode))
    return NULL;

  wanted = g_strdup_printf (SOCKET_LINK_FORMAT, inode);
  proc = g_dir_open (PROC_DIR, 0, NULL);
  if (proc == NULL)
    return NULL;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *comm_path = NULL;
      g_autofree char *comm = NULL;

      if (!g_ascii_isdigit (name[0]) || !process_has_socket (name, wanted))
        continue;

      comm_path = g_build_filename (PROC_DIR, name, "comm", NULL);
      if (!g_file_get_contents (comm_path, &comm, NULL, NULL))
        return g_strdup_printf ("pid %s", name);
      g_strstrip (comm);
      return g_strdup_printf ("%s (pid %s)", comm, name);
    }
  return NULL;
}

static void
describe_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_task_return_pointer (task, pt_port_holder_describe (GPOINTER_TO_UINT (task_data)), g_free);
}

void
pt_port_holder_describe_async (guint                port,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pt_port_holder_describe_async);
  g_task_set_name (task, "[portico] port holder");
  g_task_set_task_data (task, GUINT_TO_POINTER (port), NULL);
  g_task_run_in_thread (task, describe_thread);
}

char *
pt_port_holder_describe_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pt_port_holder_describe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
