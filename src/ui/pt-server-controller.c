/* pt-server-controller.c — PtServerController
 *
 * The controller owns one PtEventBridge for its lifetime and at most one
 * PtServer at a time.  Starting binds on the main thread (fast); stopping
 * joins the engine's threads, so it runs in a GTask thread and the main
 * loop keeps going.  Engine events arrive in batches from the bridge (idle
 * priority, below redraw) and are queued into the ring-buffer log model; the
 * counters come from the stats snapshot, never from the rows.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pt-event-bridge.h"
#include "pt-options.h"
#include "pt-port-holder.h"
#include "pt-server-controller.h"

#define LOG_DIR_MODE  0700
#define US_PER_S      1000000.0
/* The bridge hands events over at most once a frame, 2 ms of work at most. */
#define BRIDGE_INTERVAL_US  16000
#define BRIDGE_BUDGET_US    2000

/* A limited trace still fills the log every second. */
G_STATIC_ASSERT (PT_SERVER_CONTROLLER_TRACE_MAX_PER_SECOND >= PT_LOG_MODEL_CAPACITY);

struct _PtServerController
{
  GObject        parent_instance;

  PtSettings    *settings;
  PtLogModel    *log_model;
  PtEventBridge *bridge;

  PtServer      *server;             /* RUNNING or STOPPING */
  PtServerState  state;
  gboolean       want_start;         /* start again once stopped */
  gboolean       closing;
  guint          restart_source;
  guint          stats_source;

  PtServerStats  last_stats;
  gint64         last_stats_time;
  char          *address;            /* "http://127.0.0.1:8080/" while running */
  char          *folder;             /* what a start would serve */
  char          *folder_error;
  GCancellable  *holder_lookup;      /* the current port-holder lookup, if any */
  guint          holder_port;        /* the port it is about */
  char          *access_key;         /* the private link's key, NULL when open; kept across restarts */
};

G_DEFINE_FINAL_TYPE (PtServerController, pt_server_controller, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PtServerState, pt_server_state,
                    G_DEFINE_ENUM_VALUE (PT_SERVER_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (PT_SERVER_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (PT_SERVER_STATE_STOPPING, "stopping"))

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STATE,
  PROP_RUNNING,
  PROP_PORT,
  PROP_ADDRESS,
  PROP_FOLDER,
  PROP_FOLDER_ERROR,
  PROP_ACCESS_KEY,
  N_PROPS
};

enum {
  SIGNAL_STATS,
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* state                                                                    */

static void
set_folder_error (PtServerController *self,
                  const char         *message)
{
  if (g_strcmp0 (self->folder_error, message) == 0)
    return;
  g_free (self->folder_error);
  self->folder_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER_ERROR]);
}

static void
update_address (PtServerController *self)
{
  g_clear_pointer (&self->address, g_free);
  if (self->state != PT_SERVER_STATE_RUNNING)
    return;
  if (self->access_key != NULL)
    self->address = g_strdup_printf ("http://%s:%u/?portico-key=%s", PT_SETTINGS_LOCAL_HOST,
                                     pt_server_get_port (self->server), self->access_key);
  else
    self->address = g_strdup_printf ("http://%s:%u/", PT_SETTINGS_LOCAL_HOST,
                                     pt_server_get_port (self->server));
}

/* Private links: a key when sharing on the network with private-links on
 * (the one already made, across restarts, else a new one), else none. */
static void
set_access_key (PtServerController *self,
                char               *key)   /* transfer full */
{
  if (g_strcmp0 (key, self->access_key) == 0)
    {
      g_free (key);
      return;
    }
  g_free (self->access_key);
  self->access_key = key;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_KEY]);
}

static void
choose_access_key (PtServerController *self)
{
  if (pt_settings_get_listen (self->settings) != PT_LISTEN_NETWORK ||
      !pt_settings_get_private_links (self->settings))
    set_access_key (self, NULL);
  else if (self->access_key == NULL)
    set_access_key (self, pt_server_generate_access_key ());
}

/* Every property derived from the state changes here, and only here. */
static void
set_state (PtServerController *self,
           PtServerState       state)
{
  gboolean was_running = self->state == PT_SERVER_STATE_RUNNING;
  gboolean running = state == PT_SERVER_STATE_RUNNING;

  if (self->state == state)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->state = state;
  update_address (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_running != running)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* ------------------------------------------------------------------------ */
/* counters                                                                 */

static void
pull_stats (PtServerController *self)
{
  PtServerStats stats;
  gint64 now = g_get_monotonic_time ();
  double rate = 0;

  g_assert (self->server != NULL);

  pt_server_get_stats (self->server, &stats);
  if (self->last_stats_time > 0 && now > self->last_stats_time &&
      stats.requests >= self->last_stats.requests)
    rate = (double) (stats.requests - self->last_stats.requests) * US_PER_S /
           (double) (now - self->last_stats_time);
  self->last_stats = stats;
  self->last_stats_time = now;
  g_signal_emit (self, signals[SIGNAL_STATS], 0, &stats, rate);
}

static gboolean
on_stats_timeout (gpointer user_data)
{
  PtServerController *self = PT_SERVER_CONTROLLER (user_data);

  if (self->state == PT_SERVER_STATE_RUNNING)
    pull_stats (self);
  return G_SOURCE_CONTINUE;
}

/* Rows become list items at most every PT_LOG_MODEL_FLUSH_INTERVAL_MS. */
static void
on_events (PtEvent  **events,
           guint      n_events,
           gpointer   user_data)
{
  PtServerController *self = PT_SERVER_CONTROLLER (user_data);

  pt_log_model_post_events (self->log_model, (PtEvent * const *) events, n_events);
}

/* ------------------------------------------------------------------------ */
/* who holds the port we wanted: /proc is walked in a thread                */

/* Applied only if still current: the same server run, not cancelled. */
static void
describe_holder_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(PtServerController) self = g_weak_ref_get (ref);
  g_autofree char *holder = pt_port_holder_describe_finish (result, NULL);
  g_autofree char *wanted = NULL;
  g_autofree char *got = NULL;
  g_autofree char *text = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || self->holder_lookup == NULL ||
      g_task_get_cancellable (G_TASK (result)) != self->holder_lookup ||
      g_cancellable_is_cancelled (self->holder_lookup))
    return;
  g_clear_object (&self->holder_lookup);

  wanted = g_strdup_printf ("%u", self->holder_port);
  got = g_strdup_printf ("%u", pt_server_get_port (self->server));
  if (holder != NULL)
    /* Translators: port 8080 is in use by nginx (pid 1234); serving on port 8081 instead */
    text = g_strdup_printf (_("Port %s is in use by %s; serving on port %s instead"),
                            wanted, holder, got);
  else
    text = g_strdup_printf (_("Port %s is in use; serving on port %s instead"),
                            wanted, got);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
}

static void
cancel_holder_lookup (PtServerController *self)
{
  if (self->holder_lookup != NULL)
    g_cancellable_cancel (self->holder_lookup);
  g_clear_object (&self->holder_lookup);
}

static void
look_up_holder (PtServerController *self,
                guint               wanted)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  cancel_holder_lookup (self);
  self->holder_lookup = g_cancellable_new ();
  self->holder_port = wanted;
  g_weak_ref_init (ref, self);
  pt_port_holder_describe_async (wanted, self->holder_lookup, describe_holder_cb, ref);
}

/* ------------------------------------------------------------------------ */
/* starting and stopping                                                    */

/* The one folder check (pt_options_check_folder), in the window's words. */
static gboolean
check_folder (const char  *folder,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (pt_options_check_folder (folder, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
      g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                 _("The folder “%s” does not exist. Choose another folder."), folder);
  else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                 _("“%s” is the root of the file system: serving it would share every readable file on this computer. Choose a folder inside it."),
                 folder);
  else
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                 _("The folder “%s” cannot be read. Choose another folder."), folder);
  return FALSE;
}

static void
report_start_error (PtServerController *self,
                    const GError       *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, PT_SERVER_ERROR, PT_SERVER_ERROR_DOCROOT))
    {
      set_folder_error (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Could not start the server: %s"), error->message);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
}

static void
start_server (PtServerController *self)
{
  g_autoptr(PtServerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  PtServer *server;

  if (self->closing || self->state == PT_SERVER_STATE_RUNNING)
    return;
  if (self->state == PT_SERVER_STATE_STOPPING)
    {
      self->want_start = TRUE;
      return;
    }

  config = pt_settings_to_config (self->settings);
  config->trace_max_per_second = PT_SERVER_CONTROLLER_TRACE_MAX_PER_SECOND;
  choose_access_key (self);
  config->access_key = g_strdup (self->access_key);
  set_folder_error (self, NULL);
  if (!check_folder (config->docroot, &error))
    {
      set_folder_error (self, error->message);
      return;
    }

  if (config->log_path != NULL)
    {
      g_autofree char *log_dir = g_path_get_dirname (config->log_path);

      if (g_mkdir_with_parents (log_dir, LOG_DIR_MODE) != 0)
        g_debug ("cannot create %s: %s", log_dir, g_strerror (errno));
    }

  server = pt_server_new (config, pt_event_bridge_post, self->bridge);
  if (!pt_server_start (server, &error))
    {
      pt_server_free (server);
      report_start_error (self, error);
      return;
    }

  self->server = server;
  memset (&self->last_stats, 0, sizeof self->last_stats);
  self->last_stats_time = 0;
  pull_stats (self);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  self->stats_source = g_timeout_add (PT_SERVER_CONTROLLER_STATS_INTERVAL_MS,
                                      on_stats_timeout, self);
  g_source_set_name_by_id (self->stats_source, "[portico] server stats");
  set_state (self, PT_SERVER_STATE_RUNNING);

  if (config->port != 0 && pt_server_get_port (server) != config->port)
    look_up_holder (self, config->port);
}

static void
stop_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  pt_server_stop (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PtServerController *self = PT_SERVER_CONTROLLER (object);
  PtServerStats stats;

  g_assert (self->state == PT_SERVER_STATE_STOPPING);

  /* The final snapshot, then the events still in the bridge. */
  pt_server_get_stats (self->server, &stats);
  g_signal_emit (self, signals[SIGNAL_STATS], 0, &stats, 0.0);
  g_clear_pointer (&self->server, pt_server_free);
  pt_event_bridge_flush (self->bridge);
  set_state (self, PT_SERVER_STATE_STOPPED);

  if (self->want_start && !self->closing)
    {
      self->want_start = FALSE;
      start_server (self);
    }
}

static void
stop_server (PtServerController *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->state != PT_SERVER_STATE_RUNNING)
    {
      self->want_start = FALSE;
      return;
    }

  cancel_holder_lookup (self);
  pull_stats (self);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  set_state (self, PT_SERVER_STATE_STOPPING);

  task = g_task_new (self, NULL, stop_cb, NULL);
  g_task_set_source_tag (task, stop_server);
  g_task_set_name (task, "[portico] stop server");
  g_task_set_task_data (task, self->server, NULL);
  g_task_run_in_thread (task, stop_thread);
}

static gboolean
on_restart_timeout (gpointer user_data)
{
  PtServerController *self = PT_SERVER_CONTROLLER (user_data);

  self->restart_source = 0;
  if (self->state == PT_SERVER_STATE_RUNNING)
    {
      self->want_start = TRUE;
      stop_server (self);
    }
  else if (self->state == PT_SERVER_STATE_STOPPING)
    self->want_start = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_settings_folder_changed (PtSettings         *settings,
                            GParamSpec         *pspec,
                            PtServerController *self)
{
  g_autofree char *folder = pt_settings_dup_folder (settings);

  set_folder_error (self, NULL);
  if (g_strcmp0 (folder, self->folder) == 0)
    return;
  g_free (self->folder);
  self->folder = g_steal_pointer (&folder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}

/* Every setting but start-on-open is part of the server's configuration
 * (pt_settings_to_config), so any other change restarts a running server. */
static void
on_settings_changed (PtSettings         *settings,
                     GParamSpec         *pspec,
                     PtServerController *self)
{
  if (g_str_equal (g_param_spec_get_name (pspec), "start-on-open"))
    return;
  if (self->state == PT_SERVER_STATE_STOPPED || self->closing)
    return;
  g_clear_handle_id (&self->restart_source, g_source_remove);
  self->restart_source = g_timeout_add (PT_SERVER_CONTROLLER_RESTART_DELAY_MS,
                                        on_restart_timeout, self);
  g_source_set_name_by_id (self->restart_source, "[portico] restart server");
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
pt_server_controller_constructed (GObject *object)
{
  PtServerController *self = PT_SERVER_CONTROLLER (object);

  G_OBJECT_CLASS (pt_server_controller_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = pt_settings_new (NULL);
  g_signal_connect_object (self->settings, "notify::folder",
                           G_CALLBACK (on_settings_folder_changed), self, 0);
  self->folder = pt_settings_dup_folder (self->settings);
  g_signal_connect_object (self->settings, "notify",
                           G_CALLBACK (on_settings_changed), self, 0);
}

static void
pt_server_controller_dispose (GObject *object)
{
  PtServerController *self = PT_SERVER_CONTROLLER (object);

  cancel_holder_lookup (self);
  g_clear_handle_id (&self->restart_source, g_source_remove);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  /* Only reached while running if the owner never stopped it: then
   * stopping (joining) must finish before the bridge goes. */
  g_clear_pointer (&self->server, pt_server_free);
  g_clear_pointer (&self->bridge, pt_event_bridge_free);
  g_clear_object (&self->log_model);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pt_server_controller_parent_class)->dispose (object);
}

static void
pt_server_controller_finalize (GObject *object)
{
  PtServerController *self = PT_SERVER_CONTROLLER (object);

  g_free (self->address);
  g_free (self->folder);
  g_free (self->folder_error);
  g_free (self->access_key);

  G_OBJECT_CLASS (pt_server_controller_parent_class)->finalize (object);
}

static void
pt_server_controller_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PtServerController *self = PT_SERVER_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:     g_value_set_object (value, self->settings); break;
    case PROP_STATE:        g_value_set_enum (value, self->state); break;
    case PROP_RUNNING:      g_value_set_boolean (value, pt_server_controller_get_running (self)); break;
    case PROP_PORT:         g_value_set_uint (value, pt_server_controller_get_port (self)); break;
    case PROP_ADDRESS:      g_value_set_string (value, self->address); break;
    case PROP_FOLDER:       g_value_set_string (value, self->folder); break;
    case PROP_FOLDER_ERROR: g_value_set_string (value, self->folder_error); break;
    case PROP_ACCESS_KEY:   g_value_set_string (value, self->access_key); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_server_controller_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PtServerController *self = PT_SERVER_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_server_controller_class_init (PtServerControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pt_server_controller_constructed;
  object_class->dispose = pt_server_controller_dispose;
  object_class->finalize = pt_server_controller_finalize;
  object_class->get_property = pt_server_controller_get_property;
  object_class->set_property = pt_server_controller_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, PT_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PT_TYPE_SERVER_STATE,
                       PT_SERVER_STATE_STOPPED, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, ro);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, ro);
  properties[PROP_FOLDER] = g_param_spec_string ("folder", NULL, NULL, NULL, ro);
  properties[PROP_FOLDER_ERROR] = g_param_spec_string ("folder-error", NULL, NULL, NULL, ro);
  properties[PROP_ACCESS_KEY] = g_param_spec_string ("access-key", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STATS] =
    g_signal_new ("stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_DOUBLE);
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pt_server_controller_init (PtServerController *self)
{
  self->state = PT_SERVER_STATE_STOPPED;
  self->log_model = pt_log_model_new (PT_LOG_MODEL_CAPACITY);
  self->bridge = pt_event_bridge_new (NULL, on_events, self, NULL);
  pt_event_bridge_set_pacing (self->bridge, BRIDGE_INTERVAL_US, BRIDGE_BUDGET_US);
}

/* ------------------------------------------------------------------------ */
/* public API                                                               */

PtServerController *
pt_server_controller_new (PtSettings *settings)
{
  g_return_val_if_fail (settings == NULL || PT_IS_SETTINGS (settings), NULL);

  return g_object_new (PT_TYPE_SERVER_CONTROLLER, "settings", settings, NULL);
}

PtLogModel *
pt_server_controller_get_log_model (PtServerController *self)
{
  g_return_val_if_fail (PT_IS_SERVER_CONTROLLER (self), NULL);

  return self->log_model;
}

PtServerState
pt_server_controller_get_state (PtServerController *self)
{
  g_return_val_if_fail (PT_IS_SERVER_CONTROLLER (self), PT_SERVER_STATE_STOPPED);

  return self->state;
}

gboolean
pt_server_controller_get_running (PtServerController *self)
{
  g_return_val_if_fail (PT_IS_SERVER_CONTROLLER (self), FALSE);

  return self->state == PT_SERVER_STATE_RUNNING;
}

guint
pt_server_controller_get_port (PtServerController *self)
{
  g_return_val_if_fail (PT_IS_SERVER_CONTROLLER (self), 0);

  if (self->state != PT_SERVER_STATE_RUNNING)
    return 0;
  return pt_server_get_port (self->server);
}

const char *
pt_server_controller_get_address (PtServerController *self)
{
  g_return_val_if_fail (PT_IS_SERVER_CONTROLLER (self), NULL);

  return self->address;
}

const char *
pt_server_controller_get_folder_error (PtServerController *self)
{
  g_return_val_if_fail (PT_IS_SERVER_CONTROLLER (self), NULL);

  return self->folder_error;
}

void
pt_server_controller_start (PtServerController *self)
{
  g_return_if_fail (PT_IS_SERVER_CONTROLLER (self));

  start_server (self);
}

void
pt_server_controller_stop (PtServerController *self)
{
  g_return_if_fail (PT_IS_SERVER_CONTROLLER (self));

  g_clear_handle_id (&self->restart_source, g_source_remove);
  self->want_start = FALSE;
  stop_server (self);
}

void
pt_server_controller_close (PtServerController *self)
{
  g_return_if_fail (PT_IS_SERVER_CONTROLLER (self));

  self->closing = TRUE;
  pt_server_controller_stop (self);
}

const char *
pt_server_controller_get_access_key (PtServerController *self)
{
  g_return_val_if_fail (PT_IS_SERVER_CONTROLLER (self), NULL);

  return self->access_key;
}

void
pt_server_controller_new_access_key (PtServerController *self)
{
  g_return_if_fail (PT_IS_SERVER_CONTROLLER (self));

  if (self->access_key == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  set_access_key (self, pt_server_generate_access_key ());
  /* from the next request on, on every worker: the old key and its
   * cookies get 403 */
  if (self->server != NULL && !pt_server_set_access_key (self->server, self->access_key))
    g_assert_not_reached ();
  if (self->state == PT_SERVER_STATE_RUNNING)
    {
      update_address (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
