/* pt-file.c — open a file beneath the docroot, errno → status (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define PT_FILE_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef PT_FILE_UNDER_VALGRIND
#define PT_FILE_UNDER_VALGRIND() FALSE
#endif

#define PT_FILE_OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
#define PT_FILE_PROC_FD_LEN 32   /* "/proc/self/fd/" + an int */

PtHttpStatus
pt_file_status_from_errno (int err)
{
  switch (err)
    {
    case ENOENT:
    case ENOTDIR:
    case EXDEV:
      return PT_HTTP_STATUS_NOT_FOUND;

    case EACCES:
    case EPERM:
    case ELOOP:
      return PT_HTTP_STATUS_FORBIDDEN;

    case ENAMETOOLONG:
      return PT_HTTP_STATUS_URI_TOO_LONG;

    default:
      return PT_HTTP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

static ssize_t
fd_path (int   fd,
         char *out,
         gsize size)
{
  char proc[PT_FILE_PROC_FD_LEN];
  ssize_t n;

  g_snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  n = readlink (proc, out, size - 1);
  if (n >= 0)
    out[n] = '\0';
  return n;
}

/* Under valgrind only (it does not know openat2: ENOSYS), so that the
 * engine's tests can run under memcheck: open, then check where the fd
 * really points.  Anywhere else a missing openat2 stops the server at
 * start (pt_file_check_jail).  Returns the fd, or -1 with errno set. */
static int
open_beneath_fallback (int         docroot_fd,
                       const char *rel,
                       int         flags)
{
  char root[PATH_MAX];
  char target[PATH_MAX];
  ssize_t root_len;
  int fd;

  do
    fd = openat (docroot_fd, rel, flags);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return -1;

  root_len = fd_path (docroot_fd, root, sizeof root);
  if (root_len <= 0 || fd_path (fd, target, sizeof target) <= 0)
    {
      close (fd);
      errno = EIO;
      return -1;
    }
  if (!(strcmp (root, "/") == 0 ||
        (strncmp (target, root, (gsize) root_len) == 0 &&
         (target[root_len] == '/' || target[root_len] == '\0'))))
    {
      close (fd);
      errno = EXDEV;   /* what RESOLVE_BENEATH says for an escape */
      return -1;
    }
  return fd;
}

int
pt_file_check_jail (int docroot_fd)
{
  struct open_how how = {
    .flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
  };
  long fd;

  do
    fd = syscall (SYS_openat2, docroot_fd, ".", &how, sizeof how);
  while (fd < 0 && errno == EINTR);
  if (fd >= 0)
    {
      close ((int) fd);
      return 0;
    }
  if (errno == ENOSYS && PT_FILE_UNDER_VALGRIND ())
    return 0;
  return errno;
}

void
pt_file_open (int         docroot_fd,
              const char *rel,
              PtFile     *file)
{
  int fd;

  file->fd = -1;
  file->saved_errno = 0;
  file->failed = NULL;

  fd = pt_file_open_beneath (docroot_fd, rel, PT_FILE_OPEN_FLAGS);

  if (fd < 0)
    {
      file->saved_errno = errno;
      file->failed = "openat2";
      file->status = pt_file_status_from_errno (errno);
      return;
    }

  if (fstat ((int) fd, &file->st) < 0)
    {
      file->saved_errno = errno;
      file->failed = "fstat";
      file->status = PT_HTTP_STATUS_INTERNAL_SERVER_ERROR;
      close ((int) fd);
      return;
    }

  if (S_ISDIR (file->st.st_mode))
    {
      file->status = PT_HTTP_STATUS_MOVED_PERMANENTLY;
      close ((int) fd);
      return;
    }

  if (!S_ISREG (file->st.st_mode))
    {
      file->status = PT_HTTP_STATUS_FORBIDDEN;
      close ((int) fd);
      return;
    }

  file->fd = (int) fd;
  file->status = PT_HTTP_STATUS_OK;
}

int
pt_file_open_beneath (int         docroot_fd,
                      const char *rel,
                      int         flags)
{
  struct open_how how = {
    .flags = (guint64) (flags | O_CLOEXEC),
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
  };
  long fd;

  do
    fd = syscall (SYS_openat2, docroot_fd, rel, &how, sizeof how);
  while (fd < 0 && errno == EINTR);
  if (fd < 0 && errno == ENOSYS && PT_FILE_UNDER_VALGRIND ())
    fd = open_beneath_fallback (docroot_fd, rel, flags | O_CLOEXEC);
  return (int) fd;
}
