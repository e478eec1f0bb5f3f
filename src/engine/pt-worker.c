/* pt-worker.c — one worker thread with its own epoll loop (layer 1)
 *
 * All workers poll the one listening socket (EPOLLEXCLUSIVE: one wakes per
 * connection).  Each owns its connections, its clock, its deadline lists
 * and its log buffer, so the hot path takes no lock.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-worker.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pt-http-response.h"
#include "pt-listing.h"
#include "pt-responder-coding.h"
#include "pt-live-reload.h"
#include "pt-server-error.h"

#define PT_WORKER_TAG_LISTEN ((guint64) 0)
#define PT_WORKER_TAG_WAKE   ((guint64) 1)
#define PT_WORKER_NAME_MAX   32

/* ---- the run-again list ------------------------------------------------ */

/* The connections posted (a big body's next sendfile turn) run once each;
 * the ones they post again wait for the next round. */
static void
worker_run_posted (PtWorker *self)
{
  PtConn *last = self->env.posted_tail;
  PtConn *conn;

  while ((conn = pt_conn_take_posted (&self->env)) != NULL)
    {
      gboolean was_last = conn == last;

      pt_conn_on_io (conn, 0);
      if (was_last)
        break;
    }
}

/* ---- accepting ---------------------------------------------------------- */

static void
worker_listen (PtWorker *self,
               gboolean  on)
{
  struct epoll_event ev = { 0 };

  if (on == self->listening)
    return;

  ev.events = EPOLLIN | EPOLLEXCLUSIVE;
  ev.data.u64 = PT_WORKER_TAG_LISTEN;
  if (epoll_ctl (self->env.epfd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL,
                 self->shared->listen_fd, &ev) < 0)
    {
      pt_conn_env_emit_error (&self->env, "epoll_ctl (listen): %s", g_strerror (errno));
      return;
    }
  self->listening = on;
}

/* Over max_connections: a short 503 without reading the request. */
static void
worker_reject (PtWorker *self,
               int       fd)
{
  char buf[PT_HTTP_MAX_ERROR_BODY + 512];
  PtHttpResponseHead head = { 0 };
  guint64 body_len;
  gssize n;

  head.status = PT_HTTP_STATUS_SERVICE_UNAVAILABLE;
  head.date = self->env.clock.date;
  head.keep_alive = FALSE;

  n = pt_http_response_write_error (buf, sizeof buf, &head, FALSE, &body_len);
  if (n >= 0)
    {
      ssize_t sent = send (fd, buf, (gsize) n, MSG_DONTWAIT | MSG_NOSIGNAL);

      if (sent > 0)
        pt_stats_add (&self->env.stats->bytes_sent, (guint64) sent);
    }

  pt_stats_add (&self->env.stats->status_5xx, 1);
  shutdown (fd, SHUT_WR);
  /* A request already sent would turn the close into a reset that can
   * destroy the 503 before the client reads it. */
  pt_conn_drain_socket (fd);
  close (fd);
}

static void
worker_accept (PtWorker *self)
{
  const PtWorkerShared *shared = self->shared;

  for (guint i = 0; i < PT_WORKER_ACCEPT_BATCH; i++)
    {
      struct sockaddr_storage ss;
      socklen_t len = sizeof ss;
      int fd;

      fd = accept4 (shared->listen_fd, (struct sockaddr *) &ss, &len,
                    SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0)
        {
          switch (errno)
            {
            case EAGAIN:
              return;

            case EINTR:
            case ECONNABORTED:
              continue;

            case EMFILE:
            case ENFILE:
            case ENOBUFS:
            case ENOMEM:
              /* Out of descriptors: stop polling the listener for a while
               * instead of spinning on it. */
              /* Reported, not spammed: at most once per interval per worker. */
              if (self->accept_error_ms == 0 ||
                  self->env.clock.mono_ms - self->accept_error_ms >= PT_WORKER_ERROR_INTERVAL_MS)
                {
                  pt_conn_env_emit_error (&self->env, "accept4: %s (pausing %d ms)",
                                        g_strerror (errno), PT_WORKER_ACCEPT_PAUSE_MS);
                  self->accept_error_ms = MAX (self->env.clock.mono_ms, 1);
                }
              worker_listen (self, FALSE);
              self->accept_resume_ms = self->env.clock.mono_ms + PT_WORKER_ACCEPT_PAUSE_MS;
              return;

            default:
              pt_conn_env_emit_error (&self->env, "accept4: %s", g_strerror (errno));
              return;
            }
        }

      if ((guint) g_atomic_int_add (shared->n_open, 1) >= shared->limits->max_connections)
        {
          g_atomic_int_add (shared->n_open, -1);
          worker_reject (self, fd);
          continue;
        }

      /* TCP_NODELAY is inherited from the listening socket. */
      pt_conn_start (pt_conn_new (&self->env), fd, (struct sockaddr *) &ss, len);
    }
}

/* ---- the loop ----------------------------------------------------------- */

static void
worker_begin_stop (PtWorker *self)
{
  self->env.stopping = TRUE;
  self->stop_deadline_ms = self->env.clock.mono_ms + PT_STOP_GRACE_MS;
  worker_listen (self, FALSE);

  /* Connections waiting for a request close now; responses in flight go on. */
  for (guint k = 0; k < PT_TIMER_N; k++)
    {
      PtTimerLink *link = self->env.timers[k].head;

      while (link != NULL)
        {
          PtTimerLink *next = link->next;
          pt_conn_on_stop (pt_conn_from_timer (link), FALSE);
          link = next;
        }
    }
}

static void
worker_force_close_all (PtWorker *self)
{
  for (guint k = 0; k < PT_TIMER_N; k++)
    while (self->env.timers[k].head != NULL)
      pt_conn_on_stop (pt_conn_from_timer (self->env.timers[k].head), TRUE);
}

static void
worker_expire (PtWorker *self)
{
  gint64 now = self->env.clock.mono_ms;

  for (guint k = 0; k < PT_TIMER_N; k++)
    {
      PtTimerList *list = &self->env.timers[k];

      /* A timed-out connection leaves this list (closed, or on to IO). */
      while (list->head != NULL && list->head->deadline_ms <= now)
        pt_conn_on_timeout (pt_conn_from_timer (list->head));
    }
}

static int
worker_poll_timeout (PtWorker *self)
{
  gint64 now = self->env.clock.mono_ms;
  gint64 next = now + PT_WORKER_TICK_MS;

  for (guint k = 0; k < PT_TIMER_N; k++)
    if (self->env.timers[k].head != NULL)
      next = MIN (next, self->env.timers[k].head->deadline_ms);
  if (!self->listening && !self->env.stopping)
    next = MIN (next, self->accept_resume_ms);
  if (self->env.stopping)
    next = MIN (next, self->stop_deadline_ms);
  if (pt_trace_limit_next_report (&self->env.trace_limit, now) >= 0)
    next = MIN (next, now + pt_trace_limit_next_report (&self->env.trace_limit, now));

  return (int) CLAMP (next - now, 0, PT_WORKER_TICK_MS);
}

/* The served folder was deleted (the fd still points to it, empty, so
 * every request would get 404 forever): once a folder exists at the
 * configured path again, serve that one. */
static void
worker_check_root (PtWorker *self)
{
  struct stat st;
  int fd;

  self->root_checked_ms = self->env.clock.mono_ms;
  if (fstat (self->env.root_fd, &st) < 0 || st.st_nlink > 0)
    return;

  fd = open (self->shared->config->docroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return;

  pt_file_cache_free (self->env.file_cache);
  g_clear_pointer (&self->env.listing_cache, pt_listing_cache_free);
  close (self->env.root_fd);
  self->env.root_fd = fd;
  self->env.file_cache = pt_file_cache_new (self->env.root_fd, PT_FILE_CACHE_MAX_ENTRIES,
                                        PT_FILE_CACHE_MAX_BYTES);
  pt_file_cache_set_cache_control (self->env.file_cache, self->shared->config->cache_control);
  if (self->shared->config->precompressed)
    pt_responder_coding_enable (self->env.file_cache);
}

/* Events the trace limit suppressed, as one DROPPED event a second after
 * the first of them (with force: whatever is left, the worker is stopping). */
static void
worker_report_suppressed (PtWorker *self,
                          gboolean  force)
{
  guint64 count = pt_trace_limit_report (&self->env.trace_limit, self->env.clock.mono_ms, force);
  PtEvent *event;

  if (count == 0)
    return;

  event = pt_event_new (PT_EVENT_DROPPED);
  event->count = count;
  pt_conn_env_emit (&self->env, event);
}

static guint64
worker_accepted_total (PtWorker *self)
{
  PtStatsCounters sum;

  pt_stats_sum (self->shared->stats, PT_MAX_THREADS, &sum);
  return sum.connections_total;
}

/* Worker 0 turns TCP_DEFER_ACCEPT on while new connections flood in, and
 * off again when they slow down (pt-accept-defer.h). */
static void
worker_update_accept_defer (PtWorker *self)
{
  const PtWorkerShared *shared = self->shared;
  int seconds;

  if (!pt_accept_defer_due (&self->accept_defer, self->env.clock.mono_ms) ||
      !pt_accept_defer_update (&self->accept_defer, self->env.clock.mono_ms,
                               worker_accepted_total (self)))
    return;

  seconds = self->accept_defer.on ? PT_ACCEPT_DEFER_SECONDS : 0;
  if (setsockopt (shared->listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &seconds, sizeof seconds) < 0)
    {
      pt_conn_env_emit_error (&self->env, "setsockopt (TCP_DEFER_ACCEPT): %s", g_strerror (errno));
      pt_accept_defer_init (&self->accept_defer, 0, self->env.clock.mono_ms, 0);
      seconds = 0;
    }
  g_atomic_int_set (shared->defer_accept, seconds != 0);
}

static void
worker_tick (PtWorker *self)
{
  PtAccessLog *log = self->shared->log;

  worker_report_suppressed (self, FALSE);

  if (self->index == 0 && !self->env.stopping)
    worker_update_accept_defer (self);

  if (!self->listening && !self->env.stopping && self->env.clock.mono_ms >= self->accept_resume_ms)
    worker_listen (self, TRUE);

  if (self->env.clock.mono_ms - self->root_checked_ms >= PT_WORKER_ROOT_CHECK_MS)
    worker_check_root (self);

  if (log != NULL && self->env.log_chunk != NULL &&
      self->env.clock.mono_ms - self->log_flushed_ms >= PT_ACCESS_LOG_FLUSH_MS)
    {
      pt_access_log_flush (log, &self->env.log_chunk);
      self->log_flushed_ms = self->env.clock.mono_ms;
    }
}

/* Waits for the next batch of events.
 *
 * Every time a client's packet finds the worker asleep on epoll's wait
 * queue, the client's kernel path wakes it: an inter-processor interrupt,
 * which on a virtual machine costs the client several microseconds.  Under
 * load that is most of a loopback client's time per request, and the more
 * efficient the server, the more often it sleeps.  So after a batch that
 * served PT_WORKER_NAP_MIN_REQUESTS or more (many clients are active), the
 * worker naps PT_WORKER_NAP_US on a timer of its own instead: packets that
 * arrive meanwhile only mark their sockets ready, and the next batch is
 * bigger.  A lone client (one request per batch: scenario b, a browser) never
 * waits for a nap. */
static int
worker_wait (PtWorker           *self,
             struct epoll_event *events)
{
  guint64 requests = pt_stats_get (&self->env.stats->requests);
  guint64 served = requests - self->requests_seen;
  int timeout = self->env.posted_head != NULL ? 0 : worker_poll_timeout (self);
  const struct timespec nap = { 0, PT_WORKER_NAP_US * 1000 };
  int n;

  self->requests_seen = requests;
  if (timeout == 0 || served < PT_WORKER_NAP_MIN_REQUESTS)
    return epoll_wait (self->env.epfd, events, PT_WORKER_MAX_EVENTS, timeout);

  n = epoll_wait (self->env.epfd, events, PT_WORKER_MAX_EVENTS, 0);
  if (n != 0)
    return n;
  nanosleep (&nap, NULL);
  pt_stats_add (&self->env.stats->naps, 1);
  n = epoll_wait (self->env.epfd, events, PT_WORKER_MAX_EVENTS, 0);
  if (n != 0)
    return n;
  return epoll_wait (self->env.epfd, events, PT_WORKER_MAX_EVENTS, timeout);
}

/* The thread's own setup, before its first wait. */
static void
worker_thread_init (PtWorker *self)
{
  const PtWorkerShared *shared = self->shared;
  PtConnEnv *env = &self->env;
  sigset_t mask;

  /* sendfile has no MSG_NOSIGNAL: keep SIGPIPE off this thread. */
  sigemptyset (&mask);
  sigaddset (&mask, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &mask, NULL);

  prctl (PR_SET_TIMERSLACK, (unsigned long) PT_WORKER_TIMER_SLACK_NS, 0UL, 0UL, 0UL);
  pt_clock_init (&env->clock);
  self->requests_seen = pt_stats_get (&env->stats->requests);
  pt_trace_limit_init (&env->trace_limit, shared->config->trace_max_per_second,
                       shared->n_workers, env->clock.mono_ms);
  self->log_flushed_ms = env->clock.mono_ms;
  self->root_checked_ms = env->clock.mono_ms;
  pt_accept_defer_init (&self->accept_defer, shared->config->defer_accept_above,
                        env->clock.mono_ms, worker_accepted_total (self));
  env->file_cache = pt_file_cache_new (env->root_fd, PT_FILE_CACHE_MAX_ENTRIES,
                                       PT_FILE_CACHE_MAX_BYTES);
  pt_file_cache_set_cache_control (env->file_cache, shared->config->cache_control);
  if (shared->config->precompressed)
    pt_responder_coding_enable (env->file_cache);
  pt_buf_pool_init (&env->in_pool, sizeof (PtConnIn), PT_WORKER_FREE_BUFS);
  pt_buf_pool_init (&env->out_pool, sizeof (PtConnOut), PT_WORKER_FREE_BUFS);
  worker_listen (self, TRUE);
}

/* Every connection closed: what the thread holds goes. */
static void
worker_thread_finish (PtWorker *self)
{
  PtConnEnv *env = &self->env;

  worker_force_close_all (self);
  worker_report_suppressed (self, TRUE);
  g_clear_pointer (&env->file_cache, pt_file_cache_free);
  g_clear_pointer (&env->listing_cache, pt_listing_cache_free);
  pt_buf_pool_clear (&env->in_pool);
  pt_buf_pool_clear (&env->out_pool);
  if (self->shared->log != NULL)
    pt_access_log_flush (self->shared->log, &env->log_chunk);
  g_clear_pointer (&env->log_chunk, g_free);
  pt_conn_free_spare (env);
}

/* Live reload: changes were published since the last look: every stream
 * of this worker sends the events it has not yet (a stream whose socket
 * is full keeps them for when it drains). */
static void
worker_deliver_changes (PtWorker *self)
{
  PtConnEnv *env = &self->env;
  PtTimerLink *link;
  guint64 seq;
  gint generation;

  if (env->live_reload == NULL)
    return;
  /* Every batch comes here: an atomic read, the hub's lock only after a publish. */
  generation = g_atomic_int_get (&env->live_reload->generation);
  if (generation == env->live_reload_delivered)
    return;
  env->live_reload_delivered = generation;
  seq = pt_live_reload_hub_seq (env->live_reload);
  if (seq == env->live_reload_seen)
    return;
  env->live_reload_seen = seq;

  link = env->timers[PT_TIMER_STREAM].head;
  while (link != NULL)
    {
      PtTimerLink *next = link->next;

      pt_conn_on_stream_event (pt_conn_from_timer (link));
      link = next;
    }
}

/* One batch of events.  Returns whether the stop began (the wake eventfd
 * was read and the server is stopping). */
static gboolean
worker_dispatch (PtWorker           *self,
                 struct epoll_event *events,
                 int                 n)
{
  gboolean begin_stop = FALSE;

  for (int i = 0; i < n; i++)
    {
      guint64 tag = events[i].data.u64;

      if (tag == PT_WORKER_TAG_LISTEN)
        {
          if (self->listening)
            worker_accept (self);
        }
      else if (tag == PT_WORKER_TAG_WAKE)
        {
          guint64 value;

          if (read (self->wake_fd, &value, sizeof value) < 0 && errno != EAGAIN)
            pt_conn_env_emit_error (&self->env, "read (eventfd): %s", g_strerror (errno));
          /* Not now: closing connections here would free structs that
           * later events of this batch still point to. */
          if (g_atomic_int_get (self->shared->stopping) && !self->env.stopping)
            begin_stop = TRUE;
        }
      else
        {
          pt_conn_on_io (events[i].data.ptr, events[i].events);
        }
    }
  return begin_stop;
}

static gpointer
worker_thread (gpointer data)
{
  PtWorker *self = data;
  struct epoll_event events[PT_WORKER_MAX_EVENTS];

  worker_thread_init (self);

  for (;;)
    {
      int n = worker_wait (self, events);
      gboolean begin_stop;

      if (n < 0 && errno != EINTR)
        {
          pt_conn_env_emit_error (&self->env, "epoll_wait: %s", g_strerror (errno));
          break;
        }

      pt_clock_update (&self->env.clock);
      begin_stop = worker_dispatch (self, events, MAX (n, 0));
      if (begin_stop)
        worker_begin_stop (self);
      else
        worker_deliver_changes (self);
      worker_run_posted (self);
      worker_expire (self);
      worker_tick (self);

      if (self->env.stopping &&
          (self->env.n_conns == 0 || self->env.clock.mono_ms >= self->stop_deadline_ms))
        break;
    }

  worker_thread_finish (self);
  return NULL;
}

/* ---- lifecycle ---------------------------------------------------------- */

PtWorker *
pt_worker_new (const PtWorkerShared  *shared,
               guint                  index,
               GError               **error)
{
  g_autofree PtWorker *self = g_new0 (PtWorker, 1);
  const PtLimits *limits = shared->limits;
  PtConnEnv *env = &self->env;
  struct epoll_event ev = { 0 };

  self->shared = shared;
  self->index = index;
  env->limits = limits;
  env->trace_events = shared->config->trace_events;
  env->serve_any_type = shared->config->serve_any_type;
  env->text_charset = shared->config->text_charset;
  env->list_directories = shared->config->list_directories;
  env->spa = shared->config->spa;
  env->log = shared->log;
  env->emit = shared->emit;
  env->emit_data = shared->emit_data;
  env->index = index;
  env->n_open = shared->n_open;
  env->defer_accept = shared->defer_accept;
  env->stats = &shared->stats[index].c;
  env->timers[PT_TIMER_IDLE].timeout_ms = limits->keep_alive_timeout_ms;
  env->timers[PT_TIMER_HEAD].timeout_ms = limits->header_timeout_ms;
  env->timers[PT_TIMER_IO].timeout_ms = limits->send_timeout_ms;
  env->timers[PT_TIMER_IDLE_HELD].timeout_ms = MAX ((gint64) limits->keep_alive_timeout_ms - PT_ACCEPT_DEFER_HELD_MS, 0);
  env->timers[PT_TIMER_LINGER].timeout_ms = PT_CONN_LINGER_MS;
  env->loopback_only = shared->loopback_only;
  env->access_key = shared->access_key;
  env->live_reload = shared->live_reload;
  env->timers[PT_TIMER_STREAM].timeout_ms = shared->config->live_reload_heartbeat_ms != 0
                                            ? shared->config->live_reload_heartbeat_ms
                                            : PT_LIVE_RELOAD_HEARTBEAT_MS;
  if (env->live_reload != NULL)
    {
      /* The generation before the seq: a publish between them is delivered (again: nothing). */
      env->live_reload_generation = g_atomic_int_get (&env->live_reload->generation);
      env->live_reload_delivered = env->live_reload_generation;
      env->live_reload_seen = pt_live_reload_hub_seq (env->live_reload);
    }

  self->env.epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (self->env.epfd < 0)
    {
      int err = errno;
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_FAILED,
                   "epoll_create1: %s", g_strerror (err));
      return NULL;
    }

  /* Its own descriptor, so it can replace it (worker_check_root). */
  self->env.root_fd = fcntl (shared->docroot_fd, F_DUPFD_CLOEXEC, 0);
  if (self->env.root_fd < 0)
    {
      int err = errno;
      close (self->env.epfd);
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_FAILED,
                   "fcntl (F_DUPFD_CLOEXEC): %s", g_strerror (err));
      return NULL;
    }

  self->wake_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (self->wake_fd < 0)
    {
      int err = errno;
      close (self->env.root_fd);
      close (self->env.epfd);
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_FAILED,
                   "eventfd: %s", g_strerror (err));
      return NULL;
    }

  ev.events = EPOLLIN;
  ev.data.u64 = PT_WORKER_TAG_WAKE;
  if (epoll_ctl (self->env.epfd, EPOLL_CTL_ADD, self->wake_fd, &ev) < 0)
    {
      int err = errno;
      close (self->wake_fd);
      close (self->env.root_fd);
      close (self->env.epfd);
      g_set_error (error, PT_SERVER_ERROR, PT_SERVER_ERROR_FAILED,
                   "epoll_ctl (eventfd): %s", g_strerror (err));
      return NULL;
    }

  return g_steal_pointer (&self);
}

gboolean
pt_worker_start (PtWorker  *self,
                 GError   **error)
{
  char name[PT_WORKER_NAME_MAX];

  g_snprintf (name, sizeof name, "pt-worker-%u", self->index);
  self->thread = g_thread_try_new (name, worker_thread, self, error);
  return self->thread != NULL;
}

void
pt_worker_wake (PtWorker *self)
{
  guint64 one = 1;

  if (write (self->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
    g_warning ("write (eventfd): %s", g_strerror (errno));
}

void
pt_worker_join (PtWorker *self)
{
  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));
}

void
pt_worker_free (PtWorker *self)
{
  if (self == NULL)
    return;

  g_assert (self->thread == NULL);
  close (self->env.root_fd);
  close (self->wake_fd);
  close (self->env.epfd);
  g_free (self);
}
