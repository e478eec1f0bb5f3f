/* pt-server.c — the engine's public API: bind, start workers, stop (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-server-private.h"

#include "pt-file.h"
#include "pt-live-reload.h"
#include "pt-tsan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PT_LISTEN_BACKLOG 511
#define PT_MAX_PORT       65535
#define PT_ANY_IPV4_HOST  "0.0.0.0"


/* ---- events ------------------------------------------------------------- */

static void
server_emit (PtServer *self,
             PtEvent  *event)
{
  if (self->sink != NULL)
    self->sink (event, self->sink_data);
  else
    pt_event_free (event);
}

static void
server_emit_error (PtServer   *self,
                   const char *format,
                   ...)
{
  PtEvent *event = pt_event_new (PT_EVENT_ERROR);
  va_list args;

  va_start (args, format);
  event->message = g_strdup_vprintf (format, args);
  va_end (args);
  server_emit (self, event);
}

static void
on_access_log_error (const char *message,
                     gpointer    user_data)
{
  server_emit_error (user_data, "%s", message);
}

/* ---- binding ------------------------------------------------------------ */

typedef union
{
  struct sockaddr         sa;
  struct sockaddr_in      in4;
  struct sockaddr_in6     in6;
  struct sockaddr_storage ss;
} PtSockaddr;

static gboolean
parse_host (const char  *host,
            PtSockaddr  *addr,
            socklen_t   *len,
            GError     **error)
{
  memset (addr, 0, sizeof *addr);

  if (g_strcmp0 (host, "localhost") == 0)
    host = PT_DEFAULT_HOST;

  if (host != NULL && inet_pton (AF_INET, host, &addr->in4.sin_addr) == 1)
    {
      addr->in4.sin_family = AF_INET;
      *len = sizeof addr->in4;
      return TRUE;
    }
  if (host != NULL && inet_pton (AF_INET6, host, &addr->in6.sin6_addr) == 1)
    {
      addr->in6.sin6_family = AF_INET6;
      *len = sizeof addr->in6;
      return TRUE;
    }

  g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_ADDRESS,
               "“%s” is not an IP address to listen on (use e.g. 127.0.0.1 or ::1)",
               host != NULL ? host : "(null)");
  return FALSE;
}

static void
set_port (PtSockaddr *addr,
          guint       port)
{
  if (addr->sa.sa_family == AF_INET)
    addr->in4.sin_port = htons ((guint16) port);
  else
    addr->in6.sin6_port = htons ((guint16) port);
}

/* Returns the listening fd, -1 with errno set. */
static int
try_listen (PtSockaddr *addr,
            socklen_t   len)
{
  int one = 1;
  int fd = socket (addr->sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;

  /* SO_REUSEADDR skips TIME_WAIT; on Linux it never lets two sockets
   * listen on one port.  Not SO_REUSEPORT: that would. */
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  /* Accepted sockets inherit it: no setsockopt per connection. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  /* "::" is dual-stack whatever net.ipv6.bindv6only says: IPv4 clients
   * arrive as ::ffff:a.b.c.d. */
  if (addr->sa.sa_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED (&addr->in6.sin6_addr))
    {
      int zero = 0;

      setsockopt (fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    }

  if (bind (fd, &addr->sa, len) < 0 || listen (fd, PT_LISTEN_BACKLOG) < 0)
    {
      int err = errno;
      close (fd);
      errno = err;
      return -1;
    }

  return fd;
}

/* FALSE on a kernel built or booted without IPv6 (ipv6.disable=1). */
static gboolean
ipv6_available (void)
{
  int fd = socket (AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return errno != EAFNOSUPPORT;
  close (fd);
  return TRUE;
}

/* 127.0.0.0/8 or ::1: only this machine can connect. */
static gboolean
sockaddr_is_loopback (const PtSockaddr *addr)
{
  if (addr->sa.sa_family == AF_INET)
    return (ntohl (addr->in4.sin_addr.s_addr) >> 24) == 127;
  if (addr->sa.sa_family == AF_INET6)
    return IN6_IS_ADDR_LOOPBACK (&addr->in6.sin6_addr);
  return FALSE;
}

/* config->listen_fd: a socket someone else bound and listens on (systemd's
 * socket activation).  The engine works on a duplicate, so the caller's fd
 * stays usable for another start; host and port become what it is bound to. */
static gboolean
server_adopt (PtServer  *self,
              GError   **error)
{
  PtSockaddr bound;
  socklen_t bound_len = sizeof bound;
  char host[INET6_ADDRSTRLEN];
  int one = 1;
  int listening = 0;
  socklen_t listening_len = sizeof listening;
  int fd = fcntl (self->config->listen_fd, F_DUPFD_CLOEXEC, 3);
  int flags;

  if (fd < 0 ||
      getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &listening_len) < 0 || !listening ||
      getsockname (fd, &bound.sa, &bound_len) < 0 ||
      (bound.sa.sa_family != AF_INET && bound.sa.sa_family != AF_INET6) ||
      (flags = fcntl (fd, F_GETFL)) < 0 || fcntl (fd, F_SETFL, flags | O_NONBLOCK) < 0)
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND,
                   "Descriptor %d is not a listening TCP socket", self->config->listen_fd);
      return FALSE;
    }
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  if (bound.sa.sa_family == AF_INET)
    inet_ntop (AF_INET, &bound.in4.sin_addr, host, sizeof host);
  else
    inet_ntop (AF_INET6, &bound.in6.sin6_addr, host, sizeof host);
  g_free (self->config->host);
  self->config->host = g_strdup (host);
  self->listen_fd = fd;
  self->loopback_only = sockaddr_is_loopback (&bound) && !self->config->proxy_protocol;
  g_atomic_int_set (&self->port, bound.sa.sa_family == AF_INET
                                 ? ntohs (bound.in4.sin_port) : ntohs (bound.in6.sin6_port));
  return TRUE;
}

static gboolean
server_bind (PtServer  *self,
             GError   **error)
{
  const PtServerConfig *config = self->config;
  PtSockaddr addr;
  socklen_t len;
  guint tries = config->port_fallback && config->port != 0 ? PT_PORT_FALLBACK_TRIES : 1;
  guint port = config->port;
  int err = 0;

  if (config->listen_fd >= 0)
    return server_adopt (self, error);

  if (!parse_host (config->host, &addr, &len, error))
    return FALSE;
  if (addr.sa.sa_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED (&addr.in6.sin6_addr) &&
      !ipv6_available ())
    {
      g_debug ("IPv6 is not available: listening on " PT_ANY_IPV4_HOST " instead of ::");
      parse_host (PT_ANY_IPV4_HOST, &addr, &len, NULL);
    }

  if (port > PT_MAX_PORT)
    {
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND,
                   "Port %u is not a valid TCP port", port);
      return FALSE;
    }

  for (guint i = 0; i < tries && port + i <= PT_MAX_PORT; i++)
    {
      set_port (&addr, port + i);
      self->listen_fd = try_listen (&addr, len);
      if (self->listen_fd >= 0)
        {
          PtSockaddr bound;
          socklen_t bound_len = sizeof bound;

          self->loopback_only = sockaddr_is_loopback (&addr) && !config->proxy_protocol;
          if (getsockname (self->listen_fd, &bound.sa, &bound_len) == 0)
            g_atomic_int_set (&self->port, bound.sa.sa_family == AF_INET
                                           ? ntohs (bound.in4.sin_port)
                                           : ntohs (bound.in6.sin6_port));
          return TRUE;
        }

      err = errno;
      if (err != EADDRINUSE)
        break;
    }

  if (err == EADDRINUSE && tries > 1)
    g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND,
                 "Ports %u to %u on %s are all in use", port,
                 MIN (port + tries - 1, (guint) PT_MAX_PORT), config->host);
  else if (err == EACCES)
    g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND,
                 "Cannot listen on %s port %u: %s (ports below 1024 need privileges)",
                 config->host, port, g_strerror (err));
  else
    g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_BIND,
                 "Cannot listen on %s port %u: %s", config->host, port, g_strerror (err));
  return FALSE;
}

/* ---- lifecycle ---------------------------------------------------------- */

PtServer *
pt_server_new (const PtServerConfig *config,
               PtEventSink           sink,
               gpointer              sink_data)
{
  PtServer *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_new0 (PtServer, 1);
  self->config = pt_server_config_copy (config);
  self->sink = sink;
  self->sink_data = sink_data;
  self->listen_fd = -1;
  self->docroot_fd = -1;
  g_mutex_init (&self->lock);
  pt_access_key_init (&self->access_key, config->access_key);
  g_mutex_init (&self->live_reload_lock);

  return self;
}

static void
server_cleanup (PtServer *self)
{
  for (guint i = 0; i < self->n_workers; i++)
    {
      pt_worker_join (self->workers[i]);
      pt_worker_free (self->workers[i]);
    }
  g_clear_pointer (&self->workers, g_free);
  self->n_workers = 0;

  g_clear_pointer (&self->log, pt_access_log_close);
  if (self->listen_fd >= 0)
    close (self->listen_fd);
  self->listen_fd = -1;
  if (self->docroot_fd >= 0)
    close (self->docroot_fd);
  self->docroot_fd = -1;
  g_atomic_int_set (&self->port, 0);
}

/* Every file is opened with openat2 RESOLVE_BENEATH, the wall that keeps
 * requests inside the folder: if the kernel or a sandbox refuses it, do
 * not serve at all. */
static gboolean
server_check_jail (PtServer  *self,
                   GError   **error)
{
  int err = pt_file_check_jail (self->docroot_fd);
  char other[128];
  const char *cause;

  if (err == 0)
    return TRUE;
  if (err == ENOSYS)
    cause = "is not available (ENOSYS: the kernel is older than Linux 5.6, "
            "or a seccomp filter hides the call)";
  else if (err == EPERM || err == EACCES)
    cause = "is forbidden (EPERM: a seccomp filter or sandbox, such as systemd's "
            "SystemCallFilter=, refuses the call)";
  else
    {
      g_snprintf (other, sizeof other, "failed (%s)", g_strerror (err));
      cause = other;
    }
  g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_JAIL,
               "Refusing to serve %s: openat2 with RESOLVE_BENEATH, which keeps every "
               "request inside the folder, %s; Portico never serves without it",
               self->config->docroot, cause);
  return FALSE;
}

static gboolean
server_open_docroot (PtServer  *self,
                     GError   **error)
{
  const PtServerConfig *config = self->config;

  if (config->docroot == NULL)
    {
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_DOCROOT, "No folder to serve");
      return FALSE;
    }
  self->docroot_fd = open (config->docroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->docroot_fd < 0)
    {
      int err = errno;
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_DOCROOT,
                   "Cannot serve the folder %s: %s", config->docroot, g_strerror (err));
      return FALSE;
    }
  return server_check_jail (self, error);
}

static gboolean
server_open_log (PtServer  *self,
                 GError   **error)
{
  const PtServerConfig *config = self->config;
  g_autoptr(GError) local_error = NULL;

  if (config->log_path == NULL)
    return TRUE;

  self->log = pt_access_log_open (config->log_path, config->log_format,
                                  &self->log_records_written, &self->log_records_lost,
                                  on_access_log_error, self, &local_error);
  if (self->log == NULL)
    {
      g_set_error_literal (error, PT_SERVER_ERROR, PT_SERVER_ERROR_LOG, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- live reload: the folder watcher ----------------------------------- */

/* The polling warning, once per start. */
static void
server_report_polling (PtServer *self)
{
  g_autofree char *reason = NULL;
  PtEvent *event;

  if (!g_atomic_int_compare_and_exchange (&self->watcher_polling, FALSE, TRUE))
    return;
  reason = self->watcher != NULL ? pt_watcher_get_polling_reason (self->watcher) : NULL;
  event = pt_event_new (PT_EVENT_LIVE_RELOAD_POLLING);
  event->message = g_strdup (reason != NULL ? reason : "the folder cannot be watched");
  server_emit (self, event);
}

/* The watcher's thread: one coalesced batch. */
static void
on_watcher_batch (const char *const *paths,
                  gboolean           polling,
                  gpointer           user_data)
{
  PtServer *self = user_data;

  if (polling)
    server_report_polling (self);
  pt_server_live_reload_changed (self, paths);
}

/* Serving goes on when the folder cannot be watched: the error says so. */
static void
server_start_watcher (PtServer *self)
{
  PtWatcherOptions opts = { 0 };
  g_autoptr(GError) error = NULL;

  opts.any_type = self->config->serve_any_type;
  opts.force_polling = self->config->live_reload_force_polling;
  g_atomic_int_set (&self->watcher_polling, FALSE);
  self->watcher = pt_watcher_new (self->config->docroot, &opts, on_watcher_batch, self, &error);
  if (self->watcher == NULL)
    {
      server_emit_error (self, "Live reload: cannot watch %s: %s", self->config->docroot,
                         error->message);
      return;
    }
  if (pt_watcher_is_polling (self->watcher))
    server_report_polling (self);
}

static gboolean
server_start_locked (PtServer  *self,
                     GError   **error)
{
  const PtServerConfig *config = self->config;
  guint n_threads = config->n_threads != 0 ? config->n_threads : g_get_num_processors ();
  PtEvent *event;

  pt_limits_resolve (config, &self->limits);
  self->limits.proxy_protocol = config->proxy_protocol;
  if (config->proxy_protocol)
    {
      g_autoptr(GError) cause = NULL;

      /* A configuration mistake, like a bad host. */
      if (!pt_proxy_trust_parse (config->trusted_proxies, &self->limits.trusted_proxies, &cause))
        {
          g_set_error_literal (error, PT_SERVER_ERROR, PT_SERVER_ERROR_ADDRESS, cause->message);
          return FALSE;
        }
    }
  self->n_workers = 0;
  n_threads = CLAMP (n_threads, 1, PT_MAX_THREADS);

  /* pt_access_key_init ignored it: refuse rather than serve openly */
  if (config->access_key != NULL && !pt_http_key_is_valid (config->access_key, strlen (config->access_key)))
    {
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_FAILED,
                   "The access key must be %d to %d letters, digits, '-' or '_'",
                   PT_HTTP_KEY_MIN_LEN, PT_HTTP_KEY_MAX_LEN);
      return FALSE;
    }

  if (!server_open_docroot (self, error) ||
      !server_bind (self, error) ||
      !server_open_log (self, error))
    return FALSE;

  /* One hub for the server's life (pt_server_get_stats reads it without
   * the lock), with a new id at every start. */
  if (config->live_reload && self->live_reload == NULL)
    g_atomic_pointer_set (&self->live_reload, pt_live_reload_hub_new ());
  else if (config->live_reload)
    pt_live_reload_hub_restart (self->live_reload);

  g_atomic_int_set (&self->stopping, FALSE);
  g_atomic_int_set (&self->n_open, 0);
  g_atomic_int_set (&self->defer_accept, FALSE);
  self->shared = (PtWorkerShared) {
    .config = config,
    .limits = &self->limits,
    .log = self->log,
    .emit = self->sink,
    .emit_data = self->sink_data,
    .listen_fd = self->listen_fd,
    .docroot_fd = self->docroot_fd,
    .n_workers = n_threads,
    .stopping = &self->stopping,
    .n_open = &self->n_open,
    .defer_accept = &self->defer_accept,
    .stats = self->stats,
    .loopback_only = self->loopback_only,
    .access_key = &self->access_key,
    .live_reload = self->live_reload,
  };
  self->workers = g_new0 (PtWorker *, n_threads);
  for (guint i = 0; i < n_threads; i++)
    {
      self->workers[i] = pt_worker_new (&self->shared, i, error);
      if (self->workers[i] == NULL)
        return FALSE;
      self->n_workers++;
    }

  /* Before any worker accepts: with an inherited socket (socket activation)
   * connections may already be waiting, and "started" comes first. */
  event = pt_event_new (PT_EVENT_STARTED);
  event->port = g_atomic_int_get (&self->port);
  event->message = g_strdup (config->host);
  server_emit (self, event);

  for (guint i = 0; i < self->n_workers; i++)
    {
      if (!pt_worker_start (self->workers[i], error))
        {
          server_emit (self, pt_event_new (PT_EVENT_STOPPED));
          g_prefix_error (error, "Cannot start a worker thread: ");
          g_atomic_int_set (&self->stopping, TRUE);
          for (guint j = 0; j < i; j++)
            pt_worker_wake (self->workers[j]);
          return FALSE;
        }
    }

  g_atomic_int_set (&self->running, TRUE);
  g_mutex_lock (&self->live_reload_lock);
  PT_TSAN_ACQUIRE (&self->live_reload_lock);
  self->live_reload_open = self->live_reload != NULL;
  PT_TSAN_RELEASE (&self->live_reload_lock);
  g_mutex_unlock (&self->live_reload_lock);
  if (self->live_reload != NULL)
    server_start_watcher (self);

  return TRUE;
}

gboolean
pt_server_start (PtServer  *self,
                 GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->lock);
  if (g_atomic_int_get (&self->running))
    {
      g_mutex_unlock (&self->lock);
      return TRUE;
    }

  ok = server_start_locked (self, error);
  if (!ok)
    server_cleanup (self);
  g_mutex_unlock (&self->lock);

  return ok;
}

void
pt_server_stop (PtServer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  if (!g_atomic_int_get (&self->running))
    {
      g_mutex_unlock (&self->lock);
      return;
    }

  /* No batch after this (its callback never takes self->lock). */
  g_clear_pointer (&self->watcher, pt_watcher_free);
  g_mutex_lock (&self->live_reload_lock);
  PT_TSAN_ACQUIRE (&self->live_reload_lock);
  self->live_reload_open = FALSE;   /* no publish from here: the workers go */
  PT_TSAN_RELEASE (&self->live_reload_lock);
  g_mutex_unlock (&self->live_reload_lock);

  g_atomic_int_set (&self->stopping, TRUE);
  for (guint i = 0; i < self->n_workers; i++)
    pt_worker_wake (self->workers[i]);

  server_cleanup (self);   /* joins the workers, then drains the log */
  g_atomic_int_set (&self->running, FALSE);
  g_mutex_unlock (&self->lock);

  server_emit (self, pt_event_new (PT_EVENT_STOPPED));
}

gboolean
pt_server_is_running (PtServer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_atomic_int_get (&self->running);
}

guint
pt_server_get_port (PtServer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (guint) g_atomic_int_get (&self->port);
}

const char *
pt_server_get_host (PtServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->config->host;
}

gboolean
pt_server_set_access_key (PtServer   *self,
                          const char *key)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return pt_access_key_set (&self->access_key, key);
}

G_STATIC_ASSERT (PT_SERVER_ACCESS_KEY_MIN == PT_HTTP_KEY_MIN_LEN);
G_STATIC_ASSERT (PT_SERVER_ACCESS_KEY_MAX == PT_HTTP_KEY_MAX_LEN);

gboolean
pt_server_access_key_is_valid (const char *key)
{
  return key != NULL && pt_http_key_is_valid (key, strlen (key));
}

char *
pt_server_generate_access_key (void)
{
  return pt_access_key_generate ();
}

char *
pt_server_dup_access_key (PtServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return pt_access_key_dup (&self->access_key);
}

void
pt_server_reopen_log (PtServer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  if (self->log != NULL)
    pt_access_log_reopen (self->log);
  g_mutex_unlock (&self->lock);
}

const PtServerConfig *
pt_server_get_config (PtServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->config;
}

void
pt_server_get_stats (PtServer      *self,
                     PtServerStats *stats)
{
  PtStatsCounters sum;
  PtLiveReloadHub *hub;

  g_return_if_fail (self != NULL);
  g_return_if_fail (stats != NULL);

  pt_stats_sum (self->stats, PT_MAX_THREADS, &sum);
  memset (stats, 0, sizeof *stats);
  stats->connections_open = sum.connections_open;
  stats->connections_total = sum.connections_total;
  stats->requests = sum.requests;
  stats->bytes_sent = sum.bytes_sent;
  stats->status_2xx = sum.status_2xx;
  stats->status_3xx = sum.status_3xx;
  stats->status_4xx = sum.status_4xx;
  stats->status_5xx = sum.status_5xx;
  stats->naps = sum.naps;
  hub = g_atomic_pointer_get (&self->live_reload);
  stats->live_reload_browsers = hub != NULL ? (guint64) MAX (g_atomic_int_get (&hub->n_streams), 0) : 0;
  stats->log_records_written = pt_stats_get (&self->log_records_written);
  stats->log_records_lost = pt_stats_get (&self->log_records_lost);
}

void
pt_server_live_reload_changed (PtServer          *self,
                               const char *const *paths)
{
  GString *names;
  PtEvent *event;
  guint told;

  g_return_if_fail (self != NULL);

  if (paths == NULL || paths[0] == NULL)
    return;

  /* Not self->lock: a stop holds that while it joins threads, maybe the
   * caller's.  live_reload_open is true only while the workers run. */
  g_mutex_lock (&self->live_reload_lock);
  PT_TSAN_ACQUIRE (&self->live_reload_lock);
  if (!self->live_reload_open)
    {
      PT_TSAN_RELEASE (&self->live_reload_lock);
      g_mutex_unlock (&self->live_reload_lock);
      return;
    }
  told = pt_live_reload_hub_publish (self->live_reload, paths);
  for (guint i = 0; i < self->n_workers; i++)
    pt_worker_wake (self->workers[i]);
  PT_TSAN_RELEASE (&self->live_reload_lock);
  g_mutex_unlock (&self->live_reload_lock);

  names = g_string_new (NULL);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, paths[i]);
    }
  event = pt_event_new (PT_EVENT_LIVE_RELOAD);
  event->count = told;
  event->message = g_string_free (names, FALSE);
  server_emit (self, event);
}

void
pt_server_free (PtServer *self)
{
  if (self == NULL)
    return;

  pt_server_stop (self);
  pt_access_key_clear (&self->access_key);
  g_clear_pointer (&self->live_reload, pt_live_reload_hub_free);
  g_mutex_clear (&self->live_reload_lock);
  g_mutex_clear (&self->lock);
  pt_server_config_free (self->config);
  g_free (self);
}
