/* pt-conn-buffers.h — a connection's input and output buffers, and their lending (layer 1)
 *
 * Owns the buffer types and the rule for who holds them: a running
 * connection works in its worker's scratch copies (PtConnEnv) and takes a
 * buffer of its own from the environment's pools only when it has to wait
 * with something pending (a partial head, pipelined bytes, a partial write).
 */
#pragma once

#include <glib.h>

#include "pt-http-date.h"
#include "pt-http-parser.h"
#include "pt-http-path.h"
#include "pt-http-request.h"

G_BEGIN_DECLS

typedef struct _PtConn PtConn;

#define PT_CONN_IN_SIZE       (PT_HTTP_MAX_HEAD + 1024)  /* a whole head plus pipelined bytes */
#define PT_CONN_PATH_SIZE     (PT_HTTP_MAX_PATH + 16)    /* "/" + normalised path (+ "index.html") */
#define PT_CONN_OUT_SIZE      (PT_CONN_SMALL_FILE + 4096 + PT_HTTP_MAX_REQUEST_LINE) /* head (long Location) + small body */
#define PT_CONN_SMALL_FILE    (16 * 1024)                /* files up to this are sent with the head */

/* The input side of a connection: received bytes and the request parsed
 * from them (every slice points into data[] or path[]). */
typedef struct
{
  PtHttpRequest  req;
  PtHttpSlice    log_method;
  PtHttpSlice    log_path;
  PtHttpSlice    request_line;
  char           date[PT_HTTP_DATE_LEN + 1];   /* when the request arrived */
  char           path[PT_CONN_PATH_SIZE];
  char           data[PT_CONN_IN_SIZE];
} PtConnIn;

/* The output side: a response head (and an error body or a copied small
 * body), the worker's scratch copy or, while a write is partial, its own. */
typedef struct
{
  char           data[PT_CONN_OUT_SIZE];
} PtConnOut;

/* Where the connection's bytes live while it runs: its own buffers if it
 * has some, else the scratch ones. */
void pt_conn_buffers_enter       (PtConn *self);
/* The connection waits for epoll or a timer: it leaves nothing in the
 * scratch buffers, and holds buffers only if it needs them. */
void pt_conn_buffers_leave       (PtConn *self);
/* Gives back the output buffer (if its own) and forgets the response bytes. */
void pt_conn_buffers_release_out (PtConn *self);
/* Gives back the input buffer (if its own). */
void pt_conn_buffers_release_in  (PtConn *self);

G_END_DECLS
