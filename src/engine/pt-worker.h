/* pt-worker.h — one worker thread with its own epoll loop (layer 1) */
#pragma once

#include <glib.h>

#include "pt-accept-defer.h"
#include "pt-access-log.h"
#include "pt-buf-pool.h"
#include "pt-clock.h"
#include "pt-conn.h"
#include "pt-file-cache.h"
#include "pt-server-private.h"
#include "pt-stats.h"
#include "pt-trace-limit.h"

G_BEGIN_DECLS

#define PT_WORKER_MAX_EVENTS     256    /* epoll events per wakeup */
#define PT_WORKER_ACCEPT_BATCH   64     /* accept4 calls per wakeup */
#define PT_WORKER_ACCEPT_PAUSE_MS 100   /* EMFILE/ENFILE: stop polling the listener this long */
#define PT_WORKER_TICK_MS        1000   /* longest sleep: Date string and log flush */
#define PT_WORKER_FREE_CONNS     64     /* connection structs kept for reuse */
#define PT_WORKER_FREE_BUFS      16     /* connection in/out buffers kept for reuse (each) */
#define PT_WORKER_ROOT_CHECK_MS  1000   /* how often the docroot is checked for deletion */
#define PT_WORKER_ERROR_INTERVAL_MS 5000 /* accept4 out-of-fds errors reported at most this often */
#define PT_WORKER_NAP_MIN_REQUESTS 3    /* a batch that served this many requests: nap before the next wait */
#define PT_WORKER_NAP_US         150    /* the nap, off epoll's wait queue (worker_wait) */
#define PT_WORKER_TIMER_SLACK_NS 10000  /* the worker's timer slack (the default, 50 µs, would stretch the nap) */

struct _PtWorker
{
  PtServer          *server;
  guint              index;
  GThread           *thread;
  int                epfd;
  int                wake_fd;           /* eventfd: pt_worker_wake() */

  /* worker thread only */
  PtClock            clock;
  PtStatsCounters   *stats;             /* this worker's block in the server */
  PtConnList         timers[PT_TIMER_N];
  PtConn            *free_conns;        /* linked through ->next */
  guint              n_free_conns;
  guint              n_conns;
  guint64            conn_seq;
  gboolean           listening;
  gint64             accept_resume_ms;
  gint64             accept_error_ms;   /* last out-of-fds report; 0: none yet */
  PtAccessLogChunk  *log_chunk;
  gint64             log_flushed_ms;
  gboolean           stopping;
  gint64             stop_deadline_ms;
  PtConn            *posted_head;       /* run again after this batch (linked through ->posted_next) */
  PtConn            *posted_tail;
  int                root_fd;           /* this worker's docroot (reopened if deleted and recreated) */
  gint64             root_checked_ms;
  PtFileCache       *file_cache;
  PtBufPool          in_pool;           /* PtConnIn for waiting connections */
  PtBufPool          out_pool;          /* PtConnOut for partial writes */
  PtConnIn           scratch_in;        /* the running connection's, unless it has its own */
  PtConnOut          scratch_out;
  PtTraceLimit       trace_limit;       /* config->trace_max_per_second, this worker's share */
  PtAcceptDefer      accept_defer;      /* worker 0 only: whether the listener defers accepts */
  guint64            requests_seen;     /* stats->requests before the current batch */
};

PtWorker *pt_worker_new   (PtServer  *server,
                           guint      index,
                           GError   **error);
gboolean  pt_worker_start (PtWorker  *self,
                           GError   **error);
/* Any thread: makes the worker look at server->stopping. */
void      pt_worker_wake  (PtWorker  *self);
void      pt_worker_join  (PtWorker  *self);
void      pt_worker_free  (PtWorker  *self);

/* For pt-conn.c (worker thread). */
void      pt_worker_timer_set    (PtWorker    *self,
                                  PtConn      *conn,
                                  PtTimerKind  kind);
void      pt_worker_timer_remove (PtWorker    *self,
                                  PtConn      *conn);
/* Runs the connection again (pt_conn_on_io with no events) after the
 * current batch of events, without waiting in epoll_wait. */
void      pt_worker_post         (PtWorker    *self,
                                  PtConn      *conn);
void      pt_worker_unpost       (PtWorker    *self,
                                  PtConn      *conn);
/* Returns the connection struct to the free list (fd already closed). */
void      pt_worker_release_conn (PtWorker    *self,
                                  PtConn      *conn);

G_END_DECLS
