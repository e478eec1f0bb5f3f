/* pt-conn.h — one client connection and its state machine (layer 1)
 *
 * READ_HEAD → SEND_HEAD → SEND_BODY → KEEPALIVE (back to READ_HEAD) or CLOSE.
 * One function per state, each asserting its state; pt_conn_set_state() is
 * the only place the state changes.  A connection belongs to one worker and
 * is only touched by that worker's thread.
 */
#pragma once

#include <glib.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <netinet/in.h>

#include "pt-http-date.h"
#include "pt-http-parser.h"
#include "pt-http-path.h"
#include "pt-http-request.h"

G_BEGIN_DECLS

typedef struct _PtWorker PtWorker;
typedef struct _PtConn   PtConn;

#define PT_CONN_IN_SIZE       (PT_HTTP_MAX_HEAD + 1024)  /* a whole head plus pipelined bytes */
#define PT_CONN_SMALL_FILE    (16 * 1024)                /* files up to this are sent with the head */
#define PT_CONN_OUT_SIZE      (PT_CONN_SMALL_FILE + 4096 + PT_HTTP_MAX_REQUEST_LINE) /* head (long Location) + small body */
#define PT_CONN_SENDFILE_MAX  (512 * 1024)               /* bytes per sendfile() call, for fairness */
#define PT_CONN_LINGER_MAX    (64 * 1024)                /* unread bytes drained before close (avoids RST) */
#define PT_CONN_IO_TIMEOUT_MS 30000                      /* no send/body progress for this long → close */
#define PT_CONN_PEER_ADDR_LEN 46                         /* INET6_ADDRSTRLEN */

typedef enum
{
  PT_CONN_READ_HEAD = 0,
  PT_CONN_SEND_HEAD,
  PT_CONN_SEND_BODY,
  PT_CONN_KEEPALIVE,
  PT_CONN_CLOSE,
} PtConnState;

/* Which deadline list the connection is on; every live connection is on one. */
typedef enum
{
  PT_TIMER_IDLE = 0,   /* waiting for a request: keep_alive_timeout_ms → TIMEOUT */
  PT_TIMER_HEAD,       /* a head (or discarded body) is arriving: header_timeout_ms → 408 */
  PT_TIMER_IO,         /* sending: PT_CONN_IO_TIMEOUT_MS without progress → close */
  PT_TIMER_N,
  PT_TIMER_NONE = -1,
} PtTimerKind;

typedef enum
{
  PT_CLOSE_NORMAL = 0,    /* CONN_CLOSED event */
  PT_CLOSE_TIMEOUT,       /* TIMEOUT event instead */
  PT_CLOSE_MAX_REQUESTS,  /* MAX_REQUESTS event instead */
} PtCloseReason;

typedef struct
{
  PtConn      *head;
  PtConn      *tail;
  gint64       timeout_ms;
} PtConnList;

struct _PtConn
{
  PtWorker      *worker;
  PtConn        *prev;               /* timer list links */
  PtConn        *next;
  gint64         deadline_ms;
  PtTimerKind    timer;

  int            fd;
  PtConnState    state;
  PtCloseReason  close_reason;
  guint64        id;
  char           peer_addr[PT_CONN_PEER_ADDR_LEN];
  guint          peer_port;
  gboolean       peer_is_loopback;
  guint          n_requests;         /* responses begun on this connection */

  /* input */
  gsize          in_len;
  guint64        discard_left;       /* request body bytes still to skip */

  /* the request being answered (slices into in[] stay valid until KEEPALIVE) */
  PtHttpRequest  req;
  gboolean       have_req;           /* req parsed; else a rejected head */
  gsize          head_len;           /* bytes of in[] this request used */
  PtHttpSlice    log_method;
  PtHttpSlice    log_path;
  PtHttpSlice    request_line;
  int            request_keep_alive; /* 1, 0, -1 unknown */
  char           date[PT_HTTP_DATE_LEN + 1];
  char           path[PT_HTTP_MAX_PATH + 16];  /* "/" + normalised path (+ "index.html") */

  /* the response */
  int            status;
  gboolean       keep_alive;
  gboolean       head_only;
  gsize          out_len;
  gsize          out_sent;
  int            file_fd;
  off_t          file_offset;
  off_t          file_end;
  guint64        bytes_sent;         /* head + body, this response */
  guint64        body_bytes;         /* body bytes this response carries */

  char           in[PT_CONN_IN_SIZE];
  char           out[PT_CONN_OUT_SIZE];
};

/* Takes ownership of fd (non-blocking, accepted), registers it with the
 * worker's epoll and starts the idle timer. */
void pt_conn_start      (PtConn                 *self,
                         int                     fd,
                         const struct sockaddr  *peer,
                         socklen_t               peer_len);
/* epoll said the socket is ready. */
void pt_conn_on_io      (PtConn                 *self);
/* The connection's deadline passed. */
void pt_conn_on_timeout (PtConn                 *self);
/* The server is stopping: connections waiting for a request close now;
 * with force, every connection closes. */
void pt_conn_on_stop    (PtConn                 *self,
                         gboolean                force);

/* Returns whether the address is loopback, and writes it as text
 * ("127.0.0.1", "::1"; v4-mapped IPv6 shown as IPv4) and its port. */
gboolean pt_conn_format_peer (const struct sockaddr *sa,
                              char                  *addr,
                              gsize                  addr_size,
                              guint                 *port);

G_END_DECLS
