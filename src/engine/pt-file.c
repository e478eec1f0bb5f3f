/* pt-file.c — open a file beneath the docroot, errno → status (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-file.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

int
pt_file_status_from_errno (int err)
{
  switch (err)
    {
    case ENOENT:
    case ENOTDIR:
    case EXDEV:
      return 404;

    case EACCES:
    case EPERM:
    case ELOOP:
      return 403;

    case ENAMETOOLONG:
      return 414;

    default:
      return 500;
    }
}

void
pt_file_open (int         docroot_fd,
              const char *rel,
              PtFile     *file)
{
  struct open_how how = {
    .flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
  };
  long fd;

  file->fd = -1;
  file->saved_errno = 0;
  file->failed = NULL;

  do
    fd = syscall (SYS_openat2, docroot_fd, rel, &how, sizeof how);
  while (fd < 0 && errno == EINTR);

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
      file->status = 500;
      close ((int) fd);
      return;
    }

  if (S_ISDIR (file->st.st_mode))
    {
      file->status = 301;
      close ((int) fd);
      return;
    }

  if (!S_ISREG (file->st.st_mode))
    {
      file->status = 403;
      close ((int) fd);
      return;
    }

  file->fd = (int) fd;
  file->status = 200;
}
