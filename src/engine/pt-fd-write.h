/* pt-fd-write.h — writing a whole buffer to a file descriptor (layer 1)
 *
 * For files the engine writes itself (the access log, a listing page or an
 * injected page in a memfd), never for sockets: it blocks until all is
 * written, retrying after EINTR.
 */
#pragma once

#include <errno.h>
#include <unistd.h>

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when all len bytes were written; else FALSE with *err (if not NULL)
 * set to errno (EIO when write() wrote nothing). */
static inline gboolean
pt_fd_write_all (int         fd,
                 const char *data,
                 gsize       len,
                 int        *err)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (err != NULL)
            *err = n < 0 ? errno : EIO;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

G_END_DECLS
