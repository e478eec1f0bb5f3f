/* pt-server.h — the only engine API the UI and the CLI call (layer 1) */
#pragma once

#include <glib.h>

#include "pt-event.h"
#include "pt-server-config.h"
#include "pt-server-error.h"

G_BEGIN_DECLS


typedef struct
{
  guint64 connections_open;
  guint64 connections_total;
  guint64 requests;
  guint64 bytes_sent;
  guint64 status_2xx;
  guint64 status_3xx;
  guint64 status_4xx;
  guint64 status_5xx;
  guint64 naps;                  /* workers' short sleeps off epoll under load (pt-worker.c) */
  guint64 log_records_written;   /* records that reached the log file */
  guint64 log_records_lost;      /* records that could not be written (disk full, …) */
  guint64 live_reload_browsers;  /* live reload event streams open (browsers connected) */
} PtServerStats;

typedef struct _PtServer PtServer;

/* sink may be NULL.  It is called from worker threads and must not block. */
PtServer   *pt_server_new        (const PtServerConfig *config,
                                  PtEventSink           sink,
                                  gpointer              sink_data);
/* Binds (with port fallback), opens the log, starts the workers.  Posts
 * PT_EVENT_STARTED.  FALSE + error when nothing was started. */
gboolean    pt_server_start      (PtServer             *self,
                                  GError              **error);
/* Stops accepting, lets responses in flight finish (at most
 * PT_STOP_GRACE_MS), closes everything, joins every thread, flushes the log.
 * Posts PT_EVENT_STOPPED.  Safe to call when not started, and twice. */
void        pt_server_stop       (PtServer             *self);
gboolean    pt_server_is_running (PtServer             *self);
guint       pt_server_get_port   (PtServer             *self);   /* bound port, 0 when stopped */
const char *pt_server_get_host   (PtServer             *self);
const PtServerConfig *
            pt_server_get_config (PtServer             *self);
/* Reopens the log file at its path (SIGHUP after logrotate renamed it): the
 * log-writer thread switches files between two chunks, so no record is lost
 * or split.  Any thread; no-op when stopped, without a log, or for "-". */
void        pt_server_reopen_log (PtServer             *self);
/* Sums the per-worker counters.  Cheap, lock-free, any thread. */
void        pt_server_get_stats  (PtServer             *self,
                                  PtServerStats        *stats);
/* Private links: from the next request on, on every worker, only this key
 * (or its cookie) opens the folder; NULL opens it to anyone.  The previous
 * key and its cookies stop working at once.  Any thread, running or not
 * (a later start keeps it).  FALSE, and no change, for a key that is not
 * 22..128 URL-safe base64 bytes (pt_http_key_is_valid). */
gboolean    pt_server_set_access_key (PtServer         *self,
                                      const char       *key);
/* The key in force (a copy), or NULL when open.  Any thread. */
char       *pt_server_dup_access_key (PtServer         *self);
/* Keys: PT_SERVER_ACCESS_KEY_MIN..MAX bytes of A-Z a-z 0-9 '-' '_'. */
#define PT_SERVER_ACCESS_KEY_MIN 22
#define PT_SERVER_ACCESS_KEY_MAX 128
gboolean    pt_server_access_key_is_valid (const char  *key);
/* A new key: 128 bits from the kernel (getrandom) as 22 URL-safe base64
 * digits.  g_free() it. */
char       *pt_server_generate_access_key (void);
/* Live reload (config->live_reload): tells every connected browser that
 * paths (relative to the docroot, NULL-terminated) changed, and posts
 * PT_EVENT_LIVE_RELOAD.  Any thread (the watcher's); no-op when stopped or
 * off.  It never waits for a start or stop in progress, so a stop may join
 * the thread that calls it. */
void        pt_server_live_reload_changed (PtServer          *self,
                                           const char *const *paths);
/* Stops if needed and frees. */
void        pt_server_free       (PtServer             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtServer, pt_server_free)

G_END_DECLS
