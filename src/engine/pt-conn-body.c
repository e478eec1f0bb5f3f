/* pt-conn-body.c — reading a chunked request body (layer 1)
 *
 * The READ_BODY state's work, out of pt-conn.c (which keeps the state and
 * its transitions): decode in place, drop the data, receive more.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-body.h"

#include "pt-conn-private.h"
#include "pt-conn-request.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/* Receives into in->data after what it holds.  Returns TRUE when bytes
 * arrived; else *result is what the state reports (wait, or gone: the
 * peer closed or reset). */
static gboolean
body_receive (PtConn           *self,
              PtConnBodyResult *result)
{
  PtConnIn *in = self->in;

  for (;;)
    {
      gsize space = sizeof in->data - self->in_len;
      ssize_t n;

      g_assert (space > 0);
      if (!self->readable)
        {
          *result = PT_CONN_BODY_WAIT;
          return FALSE;
        }
      n = recv (self->fd, in->data + self->in_len, space, 0);
      if (n > 0)
        {
          if ((gsize) n < space && !self->peer_hup)
            self->readable = FALSE;
          self->in_len += (gsize) n;
          return TRUE;
        }
      if (n < 0 && errno == EINTR)
        continue;
      self->readable = FALSE;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          *result = PT_CONN_BODY_WAIT;
          return FALSE;
        }
      /* Peer closed (or reset) before the body ended: nothing to answer. */
      *result = PT_CONN_BODY_GONE;
      return FALSE;
    }
}

/* A chunked request body: decoded in place behind the head (which stays
 * for the answer), its data dropped; the bytes after it are the next
 * request. */
PtConnBodyResult
pt_conn_body_read (PtConn *self)
{
  PtConnIn *in = self->in;

  g_assert (self->state == PT_CONN_READ_BODY);
  g_assert (self->have_req && self->head_len <= self->in_len);

  for (;;)
    {
      PtConnBodyResult result;

      if (self->in_len > self->head_len)
        {
          char *body = in->data + self->head_len;
          gsize len = self->in_len - self->head_len;
          gsize consumed = 0;
          gsize data_len = 0;
          PtHttpChunkedStatus st = pt_http_chunked_decode (&self->chunked, body, len,
                                                           &consumed, &data_len);

          memmove (body, body + consumed, len - consumed);
          self->in_len -= consumed;

          switch (st)
            {
            case PT_HTTP_CHUNKED_DONE:
              pt_conn_answer_request (self);
              return PT_CONN_BODY_ANSWERED;

            case PT_HTTP_CHUNKED_BAD:
            case PT_HTTP_CHUNKED_TOO_LARGE:
              pt_conn_refuse_body (self, (PtHttpStatus) -st);
              return PT_CONN_BODY_ANSWERED;

            case PT_HTTP_CHUNKED_MORE:
            default:
              g_assert (self->in_len == self->head_len);
              break;
            }
        }

      if (!body_receive (self, &result))
        return result;
    }
}
