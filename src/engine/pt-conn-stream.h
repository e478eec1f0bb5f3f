/* pt-conn-stream.h — a connection in the PT_CONN_STREAM state: a live reload event stream (layer 1)
 *
 * What a stream does once its head is sent: the hello, the change events
 * its worker tells it of (each stream takes the hub's events after its own
 * last one), the heartbeat, and input dropped.  A socket that is full
 * keeps what it could not take for EPOLLOUT: no change is lost.  The state
 * transitions stay pt-conn.c's.
 */
#pragma once

#include "pt-conn-env.h"

G_BEGIN_DECLS

/* The stream's head is sent (state PT_CONN_SEND_HEAD): logs the response
 * as any other, and queues the hello; the caller enters PT_CONN_STREAM. */
void     pt_conn_stream_begin     (PtConn *self);
/* Sends what the stream owes and drops what the client sent.  TRUE: wait
 * for epoll (or the hub); FALSE: the client is gone, close. */
gboolean pt_conn_stream_pump      (PtConn *self);
/* The heartbeat's deadline: queues a comment unless the stream still owes
 * bytes, and re-arms the deadline; the next pump sends it. */
void     pt_conn_stream_heartbeat (PtConn *self);

G_END_DECLS
