/* pt-conn-env.h — what a connection may use: its worker's environment (layer 1)
 *
 * Owns the list of everything a connection reads or changes outside itself:
 * the clock, the stats block, the scratch buffers and pools, the file cache
 * and docroot, the log chunk, the trace limit, the limits, the deadline
 * lists, the run-again list and the emit callback.  A worker owns one and
 * hands it to every connection it starts; a connection knows nothing else
 * of its worker or server.  Worker thread only, except the atomics the
 * server shares (n_open, defer_accept).
 */
#pragma once

#include <glib.h>

#include "pt-access-key.h"
#include "pt-access-log.h"
#include "pt-buf-pool.h"
#include "pt-clock.h"
#include "pt-conn-io.h"
#include "pt-event.h"
#include "pt-file-cache.h"
#include "pt-limits.h"
#include "pt-stats.h"
#include "pt-timer-list.h"
#include "pt-trace-limit.h"

G_BEGIN_DECLS

typedef struct _PtConn PtConn;
typedef struct _PtLiveReloadHub PtLiveReloadHub;
typedef struct _PtListingCache PtListingCache;

/* After an error response while the client may still be sending (a head
 * too large, a body refused), the connection is half-closed (shutdown
 * SHUT_WR: the response and FIN leave) and its input read and dropped
 * until the client's FIN, for at most this long and this many bytes: a
 * close() with unread input sends a reset that can destroy the response
 * before the client reads it. */
#define PT_CONN_LINGER_MS     2000
#define PT_CONN_LINGER_BYTES  (4 * 1024 * 1024)

/* Which deadline list the connection is on; every live connection is on one. */
typedef enum
{
  PT_TIMER_IDLE = 0,   /* waiting for a request: keep_alive_timeout_ms → TIMEOUT */
  PT_TIMER_HEAD,       /* a head (or discarded body) is arriving: header_timeout_ms → 408 */
  PT_TIMER_IO,         /* sending: send_timeout_ms without progress → close */
  PT_TIMER_IDLE_HELD,  /* silent since a deferring listener handed it over: the kernel held it
                          PT_ACCEPT_DEFER_HELD_MS already, so keep_alive_timeout_ms minus that → TIMEOUT */
  PT_TIMER_LINGER,     /* half-closed after an error, draining the client's input: PT_CONN_LINGER_MS → close */
  PT_TIMER_STREAM,     /* a live reload event stream: its heartbeat is due (pt-live-reload.h) */
  PT_TIMER_N,
  PT_TIMER_NONE = -1,
} PtTimerKind;

typedef struct
{
  /* Set before the worker runs, read-only afterwards. */
  const PtLimits   *limits;
  gboolean          trace_events;       /* config->trace_events */
  gboolean          serve_any_type;     /* config->serve_any_type */
  gboolean          text_charset;       /* config->text_charset */
  gboolean          list_directories;   /* config->list_directories */
  gboolean          spa;                /* config->spa */
  gboolean          loopback_only;      /* listening on loopback only: a foreign Host gets 421 */
  PtAccessKey      *access_key;         /* the server's: read through access_key_view */
  PtAccessLog      *log;                /* NULL: no access log */
  PtEventSink       emit;               /* may be NULL: events are freed */
  gpointer          emit_data;
  guint             index;              /* the worker's: connection ids are unique per server */
  int               epfd;
  gint             *n_open;             /* atomic, all workers: connections open */
  const gint       *defer_accept;       /* atomic: the listener defers accepts now */
  PtStatsCounters  *stats;              /* this worker's block */
  PtLiveReloadHub  *live_reload;        /* NULL: live reload is off (pt-live-reload.h) */

  /* Worker thread. */
  PtClock           clock;
  gboolean          stopping;
  guint64           conn_seq;
  int               root_fd;            /* the docroot (the worker may replace it) */
  PtFileCache      *file_cache;
  PtAccessLogChunk *log_chunk;
  PtTraceLimit      trace_limit;
  PtBufPool         in_pool;            /* PtConnIn for waiting connections */
  PtBufPool         out_pool;           /* PtConnOut for partial writes */
  PtTimerList       timers[PT_TIMER_N];
  PtConn           *posted_head;        /* run again after this batch (pt_conn_post) */
  PtConn           *posted_tail;
  PtConn           *free_conns;         /* structs kept for reuse */
  guint             n_free_conns;
  guint             n_conns;            /* live connections */
  PtConnIn          scratch_in;         /* the running connection's, unless it has its own */
  PtConnOut         scratch_out;
  PtAccessKeyView   access_key_view;    /* this worker's copy of the key (pt_access_key_view) */
  guint64           live_reload_seen;   /* the hub's last change event sent to this worker's streams */
  gint              live_reload_generation; /* the hub's generation when file_cache was last dropped */
  gint              live_reload_delivered;  /* the hub's generation when its changes were last delivered */
  PtListingCache   *listing_cache;      /* NULL until the first listing (pt-listing.h) */
} PtConnEnv;

/* Hands the event to env->emit (or frees it). */
void pt_conn_env_emit       (PtConnEnv  *env,
                             PtEvent    *event);
/* An ERROR event with a formatted message. */
void pt_conn_env_emit_error (PtConnEnv  *env,
                             const char *format,
                             ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
