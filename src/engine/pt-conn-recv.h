/* pt-conn-recv.h — one receive on a connection's socket (layer 1)
 *
 * The recv() outcome handling that the reading states share (READ_HEAD in
 * pt-conn.c, pt-conn-body.c, pt-conn-linger.c, and pt-conn-stream.c dropping
 * what a browser sends on its event stream): static inline, as
 * READ_HEAD is the hot path.
 */
#pragma once

#include <errno.h>
#include <sys/socket.h>

#include "pt-conn-private.h"

G_BEGIN_DECLS

/* One recv() of at most len bytes into buf, EINTR retried.  > 0: bytes
 * received (a short read clears self->readable, unless the peer's FIN was
 * seen: then it reads on until EOF); 0: it would block; -1: the peer
 * closed (or reset).  Both of those clear self->readable. */
static inline gssize
pt_conn_recv (PtConn *self,
              char   *buf,
              gsize   len)
{
  for (;;)
    {
      ssize_t n = recv (self->fd, buf, len, 0);

      if (n > 0)
        {
          if ((gsize) n < len && !self->peer_hup)
            self->readable = FALSE;
          return n;
        }
      if (n < 0 && errno == EINTR)
        continue;
      self->readable = FALSE;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
      return -1;
    }
}

G_END_DECLS
