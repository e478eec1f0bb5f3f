/* pt-conn-body.c — reading a chunked request body (layer 1)
 *
 * The READ_BODY state's work, out of pt-conn.c (which keeps the state and
 * its transitions): decode in place, drop the data, receive more.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-body.h"

#include "pt-conn-private.h"
#include "pt-conn-recv.h"
#include "pt-conn-request.h"

#include <string.h>

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
      gssize n;

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

      g_assert (self->in_len < sizeof in->data);
      if (!self->readable)
        return PT_CONN_BODY_WAIT;
      n = pt_conn_recv (self, in->data + self->in_len, sizeof in->data - self->in_len);
      if (n == 0)
        return PT_CONN_BODY_WAIT;
      if (n < 0)
        return PT_CONN_BODY_GONE;   /* closed (or reset) before the body ended: nothing to answer */
      self->in_len += (gsize) n;
    }
}
