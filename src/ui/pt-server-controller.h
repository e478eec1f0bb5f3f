/* pt-server-controller.h — one server run at a time, as properties (layer 3)
 *
 * Owns the PtEventBridge for its lifetime, at most one PtServer at a time
 * and the live log (a PtLogModel).  Starting binds on the calling (main)
 * thread; stopping joins the engine's threads in a GTask thread.  A change
 * of any server setting while running restarts the server, coalesced over
 * PT_SERVER_CONTROLLER_RESTART_DELAY_MS.  Uses GLib/GIO only: no widget, so
 * it is tested without a display (tests/ui/test-server-controller.c).
 */
#pragma once

#include <gio/gio.h>

#include "pt-log-model.h"
#include "pt-server.h"
#include "pt-settings.h"

G_BEGIN_DECLS

#define PT_SERVER_CONTROLLER_STATS_INTERVAL_MS  250  /* counters pulled 4 times a second */
#define PT_SERVER_CONTROLLER_RESTART_DELAY_MS   400  /* settings edits are coalesced into one restart */
/* Requests and connections the log is told about per second (each with
 * all its events); the rest show as one "N events not shown" row per
 * worker and second.  More than anyone can read: the log's 10,000 rows
 * every second (20,000 cost the server 10 % more under a flood:
 * tests/ui/BENCH.md); the counters come from pt_server_get_stats and stay
 * exact. */
#define PT_SERVER_CONTROLLER_TRACE_MAX_PER_SECOND 10000

typedef enum
{
  PT_SERVER_STATE_STOPPED,
  PT_SERVER_STATE_RUNNING,
  PT_SERVER_STATE_STOPPING,
} PtServerState;

#define PT_TYPE_SERVER_STATE (pt_server_state_get_type ())
GType pt_server_state_get_type (void) G_GNUC_CONST;

#define PT_TYPE_SERVER_CONTROLLER (pt_server_controller_get_type ())
G_DECLARE_FINAL_TYPE (PtServerController, pt_server_controller, PT, SERVER_CONTROLLER, GObject)

/* Properties: "settings" (construct-only), "state", "running" (state is
 * RUNNING), "port" (0 unless running), "address" ("http://127.0.0.1:PORT/"
 * while running, else NULL), "folder" (what a start would serve: the
 * settings' folder, or the example site), "folder-error" (why the folder
 * cannot be served, NULL when it can).
 * Signals: "stats" (const PtServerStats *stats, double requests_per_s),
 * pulled every PT_SERVER_CONTROLLER_STATS_INTERVAL_MS while running and
 * once more when stopped; "message" (const char *text), a notice for the
 * user (a failed start, a busy port). */
PtServerController *pt_server_controller_new              (PtSettings         *settings);
PtLogModel         *pt_server_controller_get_log_model    (PtServerController *self);
PtServerState       pt_server_controller_get_state        (PtServerController *self);
gboolean            pt_server_controller_get_running      (PtServerController *self);
guint               pt_server_controller_get_port         (PtServerController *self);
const char         *pt_server_controller_get_address      (PtServerController *self);
const char         *pt_server_controller_get_folder_error (PtServerController *self);
/* Private links: "access-key" is the key the server checks (NULL when
 * open).  A start makes one when the settings share on the network with
 * private-links on (and keeps it across restarts), and drops it otherwise.
 * "address" carries it as ?portico-key=KEY. */
const char         *pt_server_controller_get_access_key   (PtServerController *self);
/* "New link": a new key, in force from the server's next request on (the
 * old key and its cookies get 403 at once).  No-op without a key. */
void                pt_server_controller_new_access_key   (PtServerController *self);
/* Starts now; while stopping, starts again once stopped. */
void                pt_server_controller_start            (PtServerController *self);
/* Stops (in a thread) and cancels a pending start or restart. */
void                pt_server_controller_stop             (PtServerController *self);
/* Stops for good: no start or restart is accepted afterwards. */
void                pt_server_controller_close            (PtServerController *self);

G_END_DECLS
