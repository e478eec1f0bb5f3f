/* pt-conn-request.h — from a parsed (or rejected) head to a response ready to send (layer 1) */
#pragma once

#include "pt-conn-env.h"
#include "pt-http-status.h"

G_BEGIN_DECLS

/* A complete head of head_len bytes was parsed into in->req: the request
 * is recorded.  Returns TRUE when the response was built (head in
 * self->out, body set up; the caller sends it), FALSE when a chunked body
 * must be read first (self->chunked is ready; then
 * pt_conn_answer_request or pt_conn_refuse_body). */
gboolean pt_conn_handle_request (PtConn       *self,
                                 gsize         head_len);
/* The chunked body ended: the response to the request is built. */
void pt_conn_answer_request  (PtConn       *self);
/* The chunked body was refused (400 malformed, 413 too large, 408 too
 * slow): that response is built, and the connection closes after it. */
void pt_conn_refuse_body     (PtConn       *self,
                              PtHttpStatus  status);
/* A head the parser rejected (or that timed out): the response to it is
 * built, and the connection closes after it. */
void pt_conn_handle_bad_head (PtConn       *self,
                              PtHttpStatus  status);
/* Forgets the request: ready for the next one. */
void pt_conn_reset_request   (PtConn       *self);

G_END_DECLS
