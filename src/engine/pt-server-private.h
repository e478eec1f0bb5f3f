/* pt-server-private.h — PtServer internals shared inside the engine (layer 1) */
#pragma once

#include "pt-access-key.h"
#include "pt-access-log.h"
#include "pt-limits.h"
#include "pt-server.h"
#include "pt-stats.h"
#include "pt-watcher.h"
#include "pt-worker.h"

G_BEGIN_DECLS

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
  gboolean         loopback_only;        /* listen_fd is on 127.0.0.0/8 or ::1 */
  int              docroot_fd;
  guint            n_workers;
  PtWorker       **workers;
  PtAccessLog     *log;
  PtLimits         limits;
  PtWorkerShared   shared;               /* what the workers see of all this */
  PtLiveReloadHub *live_reload;          /* config->live_reload: from the first start to free */
  GMutex           live_reload_lock;     /* guards live_reload_open: held only for a publish, never
                                            across a stop, so a watcher thread calling
                                            pt_server_live_reload_changed never waits for a stop
                                            (which may be joining that thread) */
  gboolean         live_reload_open;     /* the workers run: a change may be published and woken */
  PtWatcher       *watcher;              /* config->live_reload: the docroot watched, start to stop */
  gint             watcher_polling;      /* atomic: the polling warning was posted */

  PtAccessKey      access_key;           /* the private link's key, changed any time */

  PtWorkerStats    stats[PT_MAX_THREADS]; /* one block per worker slot */
  guint64          log_records_written;   /* atomic */
  guint64          log_records_lost;      /* atomic */
};


G_END_DECLS
