/* pt-conn-buffers.h — lending a connection its input and output buffers (layer 1)
 *
 * A running connection works in its environment's scratch copies
 * (PtConnEnv) and takes a buffer of its own from the environment's pools
 * only when it has to wait with something pending (a partial head,
 * pipelined bytes, a partial write).
 */
#pragma once

#include "pt-conn-env.h"

G_BEGIN_DECLS

/* Where the connection's bytes live while it runs: its own buffers if it
 * has some, else the scratch ones.  Returns TRUE when it was handed the
 * scratch input fresh (no request in it yet). */
gboolean pt_conn_buffers_enter       (PtConn *self);
/* The connection waits for epoll or a timer: it leaves nothing in the
 * scratch buffers, and holds buffers only if it needs them. */
void     pt_conn_buffers_leave       (PtConn *self);
/* Gives back the output buffer (if its own) and forgets the response bytes. */
void     pt_conn_buffers_release_out (PtConn *self);
/* Drops what the response holds: its own file descriptor, the file
 * entry, the output buffer. */
void     pt_conn_end_response        (PtConn *self);
/* Gives back the input buffer (if its own). */
void     pt_conn_buffers_release_in  (PtConn *self);

G_END_DECLS
