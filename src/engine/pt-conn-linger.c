/* pt-conn-linger.c — lingering after an error response (layer 1)
 *
 * The LINGER state's work, out of pt-conn.c (which keeps the state and
 * its transitions): the half-close and the drain (whether to linger is
 * inline in the header).
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-linger.h"

#include "pt-conn-links.h"
#include "pt-conn-private.h"
#include "pt-conn-recv.h"

#include <sys/socket.h>

void
pt_conn_linger_begin (PtConn *self)
{
  g_assert (self->state == PT_CONN_LINGER);

  /* Nothing more will be sent: the FIN follows the response. */
  (void) shutdown (self->fd, SHUT_WR);
  self->linger_left = PT_CONN_LINGER_BYTES;
  self->in_len = 0;
  self->head_len = 0;
  self->discard_left = 0;
  pt_conn_timer_set (self, PT_TIMER_LINGER);
}

/* Half-closed after an error response: drops what the client still sends
 * until its FIN, PT_CONN_LINGER_BYTES, or the PT_TIMER_LINGER deadline. */
gboolean
pt_conn_linger_drain (PtConn *self)
{
  char *sink = self->env->scratch_in.data;

  g_assert (self->state == PT_CONN_LINGER);

  for (;;)
    {
      gsize want;
      gssize n;

      if (!self->readable)
        return FALSE;
      want = MIN (sizeof self->env->scratch_in.data, (gsize) self->linger_left);
      n = pt_conn_recv (self, sink, want);
      if (n == 0)
        return FALSE;
      if (n < 0)
        return TRUE;   /* the client's FIN (or a reset): done */
      self->linger_left -= (guint32) n;
      if (self->linger_left == 0)
        return TRUE;   /* enough: close with whatever still comes */
    }
}
