/* pt-systemd.c — LISTEN_FDS and NOTIFY_SOCKET (see pt-systemd.h) */
#define G_LOG_DOMAIN "portico"

#include "pt-systemd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* A strict decimal: no sign, no spaces, no trailing bytes. */
static gboolean
parse_number (const char *text,
              guint64     max,
              guint64    *out)
{
  return text != NULL && g_ascii_isdigit (text[0]) &&
         g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

int
pt_systemd_take_listen_fd (GError **error)
{
  const char *pid_text = g_getenv ("LISTEN_PID");
  const char *fds_text = g_getenv ("LISTEN_FDS");
  guint64 pid = 0;
  guint64 n_fds = 0;
  int fd = PT_SYSTEMD_LISTEN_FDS_START;
  int result = -1;
  int flags;

  if (pid_text == NULL && fds_text == NULL)
    return -1;

  if (!parse_number (pid_text, G_MAXINT, &pid) || !parse_number (fds_text, G_MAXINT, &n_fds))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 "socket activation: LISTEN_PID=%s LISTEN_FDS=%s are not numbers",
                 pid_text != NULL ? pid_text : "(unset)", fds_text != NULL ? fds_text : "(unset)");
  else if ((pid_t) pid != getpid () || n_fds == 0)
    ;   /* meant for another process (our parent's), or nothing passed */
  else if (n_fds != 1)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 "socket activation passed %" G_GUINT64_FORMAT " sockets; portico listens on one", n_fds);
  else if ((flags = fcntl (fd, F_GETFD)) < 0 || fcntl (fd, F_SETFD, flags | FD_CLOEXEC) < 0 ||
           (flags = fcntl (fd, F_GETFL)) < 0 || fcntl (fd, F_SETFL, flags | O_NONBLOCK) < 0)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                 "socket activation: descriptor %d: %s", fd, g_strerror (errno));
  else
    result = fd;

  g_unsetenv ("LISTEN_PID");
  g_unsetenv ("LISTEN_FDS");
  g_unsetenv ("LISTEN_FDNAMES");
  return result;
}

gboolean
pt_systemd_notify (const char *state)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  gsize path_len;
  socklen_t addr_len;
  ssize_t sent;
  int fd;

  g_return_val_if_fail (state != NULL, FALSE);

  if (path == NULL || (path[0] != '/' && path[0] != '@'))
    return FALSE;
  path_len = strlen (path);
  if (path_len < 2 || path_len >= sizeof addr.sun_path)
    return FALSE;

  memcpy (addr.sun_path, path, path_len);
  if (path[0] == '@')
    addr.sun_path[0] = '\0';   /* abstract: no terminator, the length says where it ends */
  addr_len = (socklen_t) (G_STRUCT_OFFSET (struct sockaddr_un, sun_path) + path_len +
                          (path[0] == '/' ? 1 : 0));

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  do
    sent = sendto (fd, state, strlen (state), MSG_NOSIGNAL, (struct sockaddr *) &addr, addr_len);
  while (sent < 0 && errno == EINTR);
  close (fd);

  return sent == (ssize_t) strlen (state);
}
