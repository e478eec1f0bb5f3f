/* pt-conn-io.h — a connection's input and output buffer types (layer 1)
 *
 * Owns the shapes and sizes of the bytes a connection holds: the received
 * head with the request parsed from it, and the response head (with a small
 * body).  Who holds which buffer when is pt-conn-buffers.c's.
 */
#pragma once

#include <glib.h>

#include "pt-http-date.h"
#include "pt-http-parser.h"
#include "pt-http-path.h"
#include "pt-http-request.h"

G_BEGIN_DECLS

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

G_END_DECLS
