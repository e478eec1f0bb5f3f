/* pt-file.h — open a file beneath the docroot, errno → status (layer 1) */
#pragma once

#include <glib.h>
#include <sys/stat.h>

#include "pt-http-status.h"

G_BEGIN_DECLS

typedef struct
{
  int          fd;          /* open when status is 200, else -1 */
  struct stat  st;          /* valid when status is 200 */
  PtHttpStatus status;      /* 200, 301 (a directory), 403, 404, 414, 500 */
  int          saved_errno; /* when status is 500 */
  const char  *failed;      /* the syscall that failed, when status is 500 */
} PtFile;

/* Whether a and b describe the same file, unchanged: device, inode, size,
 * mode, and mtime and ctime to the nanosecond (the caches' revalidation). */
static inline gboolean
pt_file_unchanged (const struct stat *a,
                   const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
         a->st_size == b->st_size && a->st_mode == b->st_mode &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* The status for an errno from opening a file (nginx's table):
 * ENOENT/ENOTDIR/EXDEV (escape from the root) → 404, EACCES/EPERM/ELOOP → 403,
 * ENAMETOOLONG → 414, anything else → 500. */
PtHttpStatus pt_file_status_from_errno (int err);

/* Opens rel (relative, no leading '/') beneath docroot_fd with
 * openat2 (RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), then fstats the fd:
 * a regular file → 200 (fd kept), a directory → 301, anything else → 403. */
void pt_file_open (int         docroot_fd,
                   const char *rel,
                   PtFile     *file);

/* The same jail for other opens (a folder: O_DIRECTORY; a name to stat:
 * O_PATH): returns the fd, or -1 with errno set (EXDEV for an escape). */
int  pt_file_open_beneath (int         docroot_fd,
                           const char *rel,
                           int         flags);
/* Checks at start that the jail every file is opened through works:
 * openat2 (docroot_fd, ".", RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS).
 * Returns 0, or the errno it failed with (ENOSYS: a kernel before 5.6 or
 * a seccomp filter hiding it; EPERM: a seccomp filter or sandbox).  The
 * caller refuses to serve then: there is no weaker jail to fall back to
 * (only under valgrind, which does not know openat2, the checked
 * open-then-verify path of pt_file_open stands in). */
int  pt_file_check_jail (int docroot_fd);

G_END_DECLS
