/* pt-conn-request.h — from a parsed (or rejected) head to a response ready to send (layer 1) */
#pragma once

#include "pt-conn-env.h"
#include "pt-http-status.h"

G_BEGIN_DECLS

/* A complete head of head_len bytes was parsed into in->req: the response
 * is built (head in self->out, body set up); the caller sends it. */
void pt_conn_handle_request  (PtConn       *self,
                              gsize         head_len);
/* A head the parser rejected (or that timed out): the response to it is
 * built, and the connection closes after it. */
void pt_conn_handle_bad_head (PtConn       *self,
                              PtHttpStatus  status);
/* Forgets the request: ready for the next one. */
void pt_conn_reset_request   (PtConn       *self);

G_END_DECLS
