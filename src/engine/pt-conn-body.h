/* pt-conn-body.h — reading a chunked request body (layer 1)
 *
 * The work of pt-conn.c's READ_BODY state: the body is decoded in place
 * behind the head and its data dropped.  The state itself, and every
 * transition, stay in pt-conn.c: this file only says what happened.
 */
#pragma once

#include "pt-conn-env.h"

G_BEGIN_DECLS

typedef enum
{
  PT_CONN_BODY_WAIT,       /* would block: wait for epoll or a timer */
  PT_CONN_BODY_ANSWERED,   /* the body ended or was refused: the response is built, send it */
  PT_CONN_BODY_GONE,       /* the peer closed (or reset) before the body ended: nothing to answer */
} PtConnBodyResult;

/* Decodes what in->data holds after the head and receives more, until the
 * body ends, is refused (pt_conn_answer_request or pt_conn_refuse_body
 * has built the response), or the socket would block.  The bytes after
 * the body stay in in->data behind the head: the next request. */
PtConnBodyResult pt_conn_body_read (PtConn *self);

G_END_DECLS
