/* pt-server-private.h — PtServer internals shared inside the engine (layer 1) */
#pragma once

#include "pt-access-log.h"
#include "pt-server.h"
#include "pt-stats.h"

G_BEGIN_DECLS

typedef struct _PtWorker PtWorker;

struct _PtServer
{
  PtServerConfig  *config;
  PtEventSink      sink;
  gpointer         sink_data;

  GMutex           lock;                 /* serialises start/stop */
  gint             running;              /* atomic */
  guint            port;                 /* atomic: bound port, 0 when stopped */
  gint             stopping;             /* atomic: workers drain and exit */
  gint             n_open;               /* atomic: connections open, all workers */
  gint             defer_accept;         /* atomic: the listener defers accepts now (worker 0 decides) */

  /* Set by start before the workers run, read-only while they do. */
  int              listen_fd;
  int              docroot_fd;
  guint            n_workers;
  PtWorker       **workers;
  PtAccessLog     *log;
  guint            keep_alive_timeout_s; /* Keep-Alive: timeout=, rounded up */
  guint            max_requests;         /* >= 1 */
  guint            max_connections;      /* >= 1 */
  guint            keep_alive_timeout_ms;
  guint            header_timeout_ms;
  guint            send_timeout_ms;

  PtWorkerStats    stats[PT_MAX_THREADS]; /* one block per worker slot */
  guint64          log_records_written;   /* atomic */
  guint64          log_records_lost;      /* atomic */
};

/* Hands the event to the sink (any thread), or frees it. */
void pt_server_emit       (PtServer   *self,
                           PtEvent    *event);
/* An ERROR event with a formatted message, always emitted. */
void pt_server_emit_error (PtServer   *self,
                           const char *format,
                           ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
