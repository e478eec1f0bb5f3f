/* pt-conn-linger.h — lingering after an error response (layer 1)
 *
 * The work of pt-conn.c's LINGER state: after an error response that
 * closes the connection while the client may still be sending, the write
 * side is shut and what still comes is dropped until the client's FIN,
 * PT_CONN_LINGER_BYTES, or the PT_TIMER_LINGER deadline; closing at once
 * would reset the connection and could destroy the response on its way.
 * The state and its transitions stay in pt-conn.c.
 */
#pragma once

#include "pt-conn-private.h"

G_BEGIN_DECLS

/* After an error response that closes the connection: may the client
 * still be sending (the rest of a head too large, a body refused or not
 * yet skipped)?  Then it lingers rather than closes.  Inline: asked at
 * the end of every response that closes. */
static inline gboolean
pt_conn_linger_wanted (PtConn *self)
{
  if (self->peer_hup || self->env->stopping)
    return FALSE;
  if (self->status == PT_HTTP_STATUS_REQUEST_TIMEOUT)
    return FALSE;   /* a silent client: nothing to wait for */
  if (!self->have_req || self->body_refused)
    return TRUE;
  return self->discard_left > (guint64) (self->in_len - self->head_len);
}

/* Entering LINGER: the write side shut (the FIN follows the response),
 * the input forgotten, the linger deadline set. */
void     pt_conn_linger_begin (PtConn *self);
/* Drops what the client sends.  Returns TRUE when lingering is over (its
 * FIN, a reset, or PT_CONN_LINGER_BYTES): close; FALSE: wait. */
gboolean pt_conn_linger_drain (PtConn *self);

G_END_DECLS
