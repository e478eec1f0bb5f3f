/* pt-conn.h — one client connection and its state machine (layer 1)
 *
 * READ_HEAD → SEND_HEAD → SEND_BODY → KEEPALIVE (back to READ_HEAD) or CLOSE.
 * One function per state, each asserting its state; transitions go through
 * pt_conn_set_state() (the connection's first state is set by pt_conn_start).
 * A connection belongs to one worker, is only touched by that worker's
 * thread, and sees nothing of it but the PtConnEnv it was given.
 */
#pragma once

#include <glib.h>
#include <sys/socket.h>

#include "pt-conn-env.h"
#include "pt-conn-links.h"

G_BEGIN_DECLS

/* Takes ownership of fd (non-blocking, accepted), answers what is already
 * there, and registers it with env->epfd when it has to wait. */
void pt_conn_start      (PtConn                 *self,
                         int                     fd,
                         const struct sockaddr  *peer,
                         socklen_t               peer_len);
/* epoll said the socket is ready (events: its EPOLL* mask). */
void pt_conn_on_io      (PtConn                 *self,
                         guint32                 events);
/* The connection's deadline passed. */
void pt_conn_on_timeout (PtConn                 *self);
/* The server is stopping: connections waiting for a request close now;
 * with force, every connection closes. */
void pt_conn_on_stop    (PtConn                 *self,
                         gboolean                force);

/* Live reload changes were published, for a connection in PT_CONN_STREAM:
 * it sends the events it has not yet, or what it can now and the rest
 * when its socket drains (never dropping one).  A client found gone is
 * closed (and freed: do not touch the connection after this). */
void pt_conn_on_stream_event (PtConn             *self);

G_END_DECLS
