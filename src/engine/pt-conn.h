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
typedef struct _PtFileCacheEntry PtFileCacheEntry;

#define PT_CONN_IN_SIZE       (PT_HTTP_MAX_HEAD + 1024)  /* a whole head plus pipelined bytes */
#define PT_CONN_PATH_SIZE     (PT_HTTP_MAX_PATH + 16)    /* "/" + normalised path (+ "index.html") */
#define PT_CONN_OUT_SIZE      (PT_CONN_SMALL_FILE + 4096 + PT_HTTP_MAX_REQUEST_LINE) /* head (long Location) + small body */
#define PT_CONN_SMALL_FILE    (16 * 1024)                /* files up to this are sent with the head */
#define PT_CONN_SENDFILE_CHUNK (256 * 1024)              /* bytes per sendfile() call, then the next connection's turn */
#define PT_CONN_OWN_FD_ABOVE  PT_CONN_SENDFILE_CHUNK      /* bodies bigger than this get a file description of their own */
#define PT_CONN_LINGER_MAX    (64 * 1024)                /* unread bytes drained before close (avoids RST) */
#define PT_CONN_PEER_ADDR_LEN 46                         /* INET6_ADDRSTRLEN */
#define PT_CONN_MAX_SIZE      512                        /* sizeof (PtConn) stays below this */

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
  PT_TIMER_IO,         /* sending: send_timeout_ms without progress → close */
  PT_TIMER_IDLE_HELD,  /* silent since a deferring listener handed it over: the kernel held it
                          PT_ACCEPT_DEFER_HELD_MS already, so keep_alive_timeout_ms minus that → TIMEOUT */
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

/* The input side of a connection: received bytes and the request parsed
 * from them (every slice points into data[] or path[]).  A connection uses
 * its worker's scratch copy while it runs and takes one of its own from the
 * worker's pool only when it has to wait with bytes or a request pending
 * (a partial head, pipelined bytes, a response still being sent). */
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
  guint8         peer_addr_len;      /* strlen (peer_addr) */
  guint16        peer_port;
  guint8         peer_is_loopback : 1;
  guint8         registered : 1;     /* added to the worker's epoll */
  guint8         readable : 1;       /* a read may find bytes (no short read since the last event) */
  guint8         peer_hup : 1;       /* epoll saw the peer's FIN: read until EOF */
  guint8         have_req : 1;       /* in->req parsed; else a rejected head */
  guint8         keep_alive : 1;
  guint8         head_only : 1;
  guint8         posted : 1;         /* on the worker's run-again list */
  guint8         trace_conn : 1;     /* CONN_OPENED and how it closed are traced (trace limit) */
  guint8         trace_req : 1;      /* this request's REQUEST, RESPONSE, KEEP_ALIVE are traced */
  guint8         own_file_fd : 1;    /* file_fd is this response's own (conn_open_own_fd), not the cache's */
  guint8         accept_held : 1;    /* a deferring listener handed it over: if it is silent, the kernel held it */
  PtConn        *posted_next;
  guint          n_requests;         /* responses begun on this connection */

  /* input: NULL while idle with nothing buffered */
  PtConnIn      *in;
  gsize          in_len;
  guint64        discard_left;       /* request body bytes still to skip */
  gsize          head_len;           /* bytes of in->data this request used */
  int            request_keep_alive; /* 1, 0, -1 unknown */

  /* the response */
  int            status;
  PtConnOut     *out;                /* NULL when nothing is being sent */
  gsize          out_len;
  gsize          out_sent;
  const char    *body_mem;           /* a cached small body sent after out (not copied) */
  gsize          body_mem_len;
  PtFileCacheEntry *file;            /* the file being answered (holds its fd) */
  int            file_fd;            /* file->fd while the body is sent with sendfile */
  off_t          file_offset;
  off_t          file_end;
  guint64        bytes_sent;         /* head + body, this response */
  guint64        body_bytes;         /* body bytes this response carries */
};

G_STATIC_ASSERT (sizeof (PtConn) < PT_CONN_MAX_SIZE);

/* Takes ownership of fd (non-blocking, accepted), registers it with the
 * worker's epoll and starts the idle timer. */
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

/* Returns whether the address is loopback, and writes it as text
 * ("127.0.0.1", "::1"; v4-mapped IPv6 shown as IPv4) and its port. */
gboolean pt_conn_format_peer (const struct sockaddr *sa,
                              char                  *addr,
                              gsize                  addr_size,
                              guint                 *port);

G_END_DECLS
