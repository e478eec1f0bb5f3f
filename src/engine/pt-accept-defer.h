/* pt-accept-defer.h — when to ask the kernel to defer accepts (layer 1)
 *
 * Under a flood of new connections, most of the cost of each one is two
 * wake-ups: one when the handshake completes (the listener turns
 * readable), one when the request arrives.  TCP_DEFER_ACCEPT on the
 * listening socket makes the kernel hand a connection over only once its
 * first bytes are there, so a worker wakes once per batch of ready
 * connections and answers each with accept4, recv, sendmsg, close.
 *
 * It has a price the report does not allow at human scale: a client that
 * connects and says nothing is handed over only after
 * PT_ACCEPT_DEFER_SECONDS, so "Received connection" would come late.  So
 * the listener defers only while new connections arrive faster than
 * on_per_second (PtServerConfig.defer_accept_above), and stops once the
 * rate falls under a quarter of that; the connection that was held back
 * gets its idle timeout shortened by the time it waited (pt-conn.c).
 *
 * Pure: the caller passes the time and the running total of accepted
 * connections, and applies the answer to the socket.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_ACCEPT_DEFER_WINDOW_MS     250   /* the rate is measured over windows this long */
#define PT_ACCEPT_DEFER_OFF_DIVISOR   4     /* deferring stops below on_per_second / this */
#define PT_ACCEPT_DEFER_SECONDS       1     /* TCP_DEFER_ACCEPT: the kernel hands a silent connection
                                               over after its first SYN-ACK retransmission, 1 s */
#define PT_ACCEPT_DEFER_HELD_MS       (PT_ACCEPT_DEFER_SECONDS * 1000)

typedef struct
{
  guint    on_per_second;   /* 0: never defer */
  gboolean on;
  gint64   window_ms;       /* when the current window began */
  guint64  window_total;    /* accepted connections (running total) then */
} PtAcceptDefer;

void     pt_accept_defer_init   (PtAcceptDefer *self,
                                 guint          on_per_second,
                                 gint64         now_ms,
                                 guint64        total);
/* Whether a window has ended (so pt_accept_defer_update() would decide). */
static inline gboolean
pt_accept_defer_due (const PtAcceptDefer *self,
                     gint64               now_ms)
{
  return self->on_per_second != 0 && now_ms - self->window_ms >= PT_ACCEPT_DEFER_WINDOW_MS;
}
/* At most once per PT_ACCEPT_DEFER_WINDOW_MS, decides from the rate of the
 * window that just ended.  TRUE when self->on changed: apply it. */
gboolean pt_accept_defer_update (PtAcceptDefer *self,
                                 gint64         now_ms,
                                 guint64        total);

G_END_DECLS
