/* pt-worker.h — one worker thread with its own epoll loop (layer 1)
 *
 * A worker sees of its server only the PtWorkerShared the server lends it,
 * and its connections see of it only its PtConnEnv.
 */
#pragma once

#include <glib.h>

#include "pt-accept-defer.h"
#include "pt-conn.h"
#include "pt-server-config.h"

G_BEGIN_DECLS

#define PT_WORKER_MAX_EVENTS     256    /* epoll events per wakeup */
#define PT_WORKER_ACCEPT_BATCH   64     /* accept4 calls per wakeup */
#define PT_WORKER_ACCEPT_PAUSE_MS 100   /* EMFILE/ENFILE: stop polling the listener this long */
#define PT_WORKER_TICK_MS        1000   /* longest sleep: Date string and log flush */
#define PT_WORKER_FREE_BUFS      16     /* connection in/out buffers kept for reuse (each) */
#define PT_WORKER_ROOT_CHECK_MS  1000   /* how often the docroot is checked for deletion */
#define PT_WORKER_ERROR_INTERVAL_MS 5000 /* accept4 out-of-fds errors reported at most this often */
#define PT_WORKER_NAP_MIN_REQUESTS 3    /* a batch that served this many requests: nap before the next wait */
#define PT_WORKER_NAP_US         150    /* the nap, off epoll's wait queue (worker_wait) */
#define PT_WORKER_TIMER_SLACK_NS 10000  /* the worker's timer slack (the default, 50 µs, would stretch the nap) */

/* What the server lends its workers: set before they start, read-only
 * while they run, except the atomics. */
typedef struct
{
  const PtServerConfig *config;
  const PtLimits       *limits;
  PtAccessLog          *log;            /* NULL: no access log */
  PtEventSink           emit;           /* may be NULL */
  gpointer              emit_data;
  int                   listen_fd;
  int                   docroot_fd;
  guint                 n_workers;
  gint                 *stopping;       /* atomic: workers drain and exit */
  gint                 *n_open;         /* atomic: connections open, all workers */
  gint                 *defer_accept;   /* atomic: the listener defers accepts now (worker 0 decides) */
  PtWorkerStats        *stats;          /* PT_MAX_THREADS blocks, one per worker slot */
  gboolean              loopback_only;  /* listening on 127.0.0.0/8 or ::1: foreign Host → 421 */
  PtAccessKey          *access_key;     /* the private link's key (its own lock and generation) */
  PtLiveReloadHub      *live_reload;    /* NULL: live reload is off */
} PtWorkerShared;

typedef struct _PtWorker PtWorker;
struct _PtWorker
{
  const PtWorkerShared *shared;
  guint              index;
  GThread           *thread;
  int                wake_fd;           /* eventfd: pt_worker_wake() */

  /* worker thread only */
  PtConnEnv          env;               /* what its connections may use */
  gboolean           listening;
  gint64             accept_resume_ms;
  gint64             accept_error_ms;   /* last out-of-fds report; 0: none yet */
  gint64             log_flushed_ms;
  gint64             stop_deadline_ms;
  gint64             root_checked_ms;
  PtAcceptDefer      accept_defer;      /* worker 0 only: whether the listener defers accepts */
  guint64            requests_seen;     /* stats->requests before the current batch */
};

PtWorker *pt_worker_new   (const PtWorkerShared *shared,
                           guint                 index,
                           GError              **error);
gboolean  pt_worker_start (PtWorker  *self,
                           GError   **error);
/* Any thread: makes the worker look at *shared->stopping. */
void      pt_worker_wake  (PtWorker  *self);
void      pt_worker_join  (PtWorker  *self);
void      pt_worker_free  (PtWorker  *self);

G_END_DECLS
