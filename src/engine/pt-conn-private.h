/* pt-conn-private.h — PtConn's struct, shared by the pt-conn*.c files (layer 1)
 *
 * Only the struct and its enums: each pt-conn*.c file declares its own
 * functions in its own header, and only pt-conn.c (the states) uses the
 * others: pt-conn-links.c (lists), pt-conn-request.c (a request → a
 * response), pt-conn-buffers.c (lending), pt-conn-trace.c (events, the log),
 * and the work of three states, which reports back and never changes the
 * state: pt-conn-body.c (READ_BODY), pt-conn-linger.c (LINGER),
 * pt-conn-proxy.c (the PROXY header in READ_HEAD).
 */
#pragma once

#include <sys/types.h>

#include "pt-conn-env.h"
#include "pt-http-chunked.h"
#include "pt-http-status.h"
#include "pt-peer.h"

G_BEGIN_DECLS

#define PT_CONN_SENDFILE_CHUNK (256 * 1024)              /* bytes per sendfile() call, then the next connection's turn */
#define PT_CONN_SENDFILE_WHOLE (1024 * 1024)             /* a rest of body up to this goes in one sendfile() call */
#define PT_CONN_OWN_FD_ABOVE  PT_CONN_SENDFILE_CHUNK      /* bodies bigger than this get a file description of their own */
#define PT_CONN_OWN_FD_RANGE_ABOVE (2 * 1024 * 1024)     /* ... but a range from offset > 0 only above this */
#define PT_CONN_MAX_SIZE      512                        /* sizeof (PtConn) stays below this */

/* Does a body of length bytes from offset get a file description of its
 * own (reopened through /proc/self/fd), so the kernel keeps readahead state
 * per stream?  Worth its open() for a whole file or a long range (a video
 * played from a seek point); not for a short range such as a player's or a
 * download manager's 1 MiB pieces (scenario h: +13 % MB per server
 * CPU-second in one A/B run, not confirmed by the next run: within noise). */
static inline gboolean
pt_conn_wants_own_fd (guint64 offset,
                      guint64 length)
{
  if (length <= PT_CONN_OWN_FD_ABOVE)
    return FALSE;
  return offset == 0 || length > PT_CONN_OWN_FD_RANGE_ABOVE;
}

/* How many bytes the next sendfile() call of a body asks for, the body's
 * bytes offset .. end with a head of head_len bytes before it.  A rest of at
 * most PT_CONN_SENDFILE_WHOLE goes in one call: a player's or download
 * manager's 1 MiB pieces (scenario h: 4,450 against 3,450 MB per server
 * CPU-second with 256 KiB turns, three interleaved A/B runs, lighttpd 3,400).
 * A longer body goes in PT_CONN_SENDFILE_CHUNK turns, so other connections
 * get theirs and the bytes stay in the CPU cache on their way through
 * loopback (scenario e: 1 MiB turns cost 5-25 %); the first turn is shorter
 * by the head, so every turn ends on a PT_CONN_SENDFILE_CHUNK boundary of
 * the stream, as lighttpd's do (scenario e capped: +22 %). */
static inline guint64
pt_conn_sendfile_turn (guint64 offset,
                       guint64 end,
                       gsize   head_len)
{
  guint64 rest = end > offset ? end - offset : 0;
  guint64 turn = PT_CONN_SENDFILE_CHUNK;

  if (rest <= PT_CONN_SENDFILE_WHOLE)
    return rest;
  if (offset == 0 && head_len < turn / 2)
    turn -= head_len;
  return turn;
}

typedef enum
{
  PT_CONN_READ_HEAD = 0,
  PT_CONN_READ_BODY,      /* a chunked request body, decoded and dropped before the answer */
  PT_CONN_SEND_HEAD,
  PT_CONN_SEND_BODY,
  PT_CONN_KEEPALIVE,
  PT_CONN_LINGER,         /* half-closed after an error: drop input until FIN or PT_CONN_LINGER_* */
  PT_CONN_CLOSE,
  PT_CONN_STREAM,         /* a live reload event stream: its worker sends events, input is dropped */
} PtConnState;

typedef enum
{
  PT_CLOSE_NORMAL = 0,    /* CONN_CLOSED event */
  PT_CLOSE_TIMEOUT,       /* TIMEOUT event instead */
  PT_CLOSE_MAX_REQUESTS,  /* MAX_REQUESTS event instead */
} PtCloseReason;

struct _PtConn
{
  PtConnEnv     *env;
  PtTimerLink    timer_link;         /* on env->timers[timer] */
  PtTimerKind    timer;

  int            fd;
  PtConnState    state;
  PtCloseReason  close_reason;
  guint64        id;
  char           peer_addr[PT_PEER_ADDR_LEN];
  guint8         peer_addr_len;      /* strlen (peer_addr) */
  guint16        peer_port;
  guint8         peer_is_loopback : 1;
  guint8         registered : 1;     /* added to env->epfd */
  guint8         readable : 1;       /* a read may find bytes (no short read since the last event) */
  guint8         peer_hup : 1;       /* epoll saw the peer's FIN: read until EOF */
  guint8         have_req : 1;       /* in->req parsed; else a rejected head */
  guint8         keep_alive : 1;
  guint8         head_only : 1;
  guint8         posted : 1;         /* on env's run-again list */
  guint8         trace_conn : 1;     /* CONN_OPENED and how it closed are traced (trace limit) */
  guint8         trace_req : 1;      /* this request's REQUEST, RESPONSE, KEEP_ALIVE are traced */
  guint8         own_file_fd : 1;    /* file_fd is this response's own (conn_open_own_fd), not the cache's */
  guint8         accept_held : 1;    /* a deferring listener handed it over: if it is silent, the kernel held it */
  guint8         body_refused : 1;   /* a chunked body was refused part-way: the rest may still come */
  guint8         want_proxy : 1;     /* from a trusted proxy: a PROXY header comes first (pt-proxy-trust.h) */
  guint8         refused : 1;        /* this request lacked the private link's key: 403 (RESPONSE event's refused) */
  guint8         key_link : 1;       /* this request carried the key in its query: 303 (the log hides the key) */
  guint8         stream : 1;         /* counted as a live reload stream (pt-live-reload.h) until teardown */
  PtConn        *posted_next;        /* run-again list link; free list link while unused */
  guint          n_requests;         /* responses begun on this connection */

  /* input: NULL while idle with nothing buffered */
  PtConnIn      *in;
  gsize          in_len;
  guint64        discard_left;       /* request body bytes still to skip */
  gsize          head_len;           /* bytes of in->data this request used */
  int            request_keep_alive; /* 1, 0, -1 unknown */
  PtHttpChunked  chunked;            /* the chunked body being read (PT_CONN_READ_BODY) */
  guint32        linger_left;        /* bytes still dropped in PT_CONN_LINGER */

  /* the response */
  PtHttpStatus   status;
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
  struct _PtConnParts *parts;        /* multipart/byteranges body plan (pt-conn-parts.c), or NULL */

  /* a live reload event stream (PT_CONN_STREAM) */
  guint64        stream_seen;        /* the hub's last change event this stream has taken */
  GBytes        *stream_out;         /* what it sends now (an event, a heartbeat), or NULL */
  gsize          stream_out_sent;    /* bytes of stream_out sent; the rest when the socket drains */
};

G_STATIC_ASSERT (sizeof (PtConn) < PT_CONN_MAX_SIZE);

G_END_DECLS
