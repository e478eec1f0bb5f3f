/* pt-conn-links.c — a connection's places in its environment's lists (layer 1)
 *
 * Owns the links between a connection and the lists its worker walks: the
 * deadline lists (PtTimerList), the run-again list of connections with a
 * body turn pending, and the free list of connection structs; so also a
 * connection's setup for a new socket and its teardown (off every list,
 * the socket drained and closed, back to the free list).
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-links.h"

#include "pt-live-reload.h"

#include "pt-conn-buffers.h"
#include "pt-conn-private.h"
#include "pt-conn-trace.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PT_CONN_FREE_MAX  64    /* connection structs kept for reuse, per worker */

/* ---- deadlines ---------------------------------------------------------- */

void
pt_conn_timer_remove (PtConn *self)
{
  if (self->timer == PT_TIMER_NONE)
    return;
  pt_timer_list_remove (&self->env->timers[self->timer], &self->timer_link);
  self->timer = PT_TIMER_NONE;
}

void
pt_conn_timer_set (PtConn      *self,
                   PtTimerKind  kind)
{
  pt_conn_timer_remove (self);
  self->timer = kind;
  pt_timer_list_append (&self->env->timers[kind], &self->timer_link, self->env->clock.mono_ms);
}

PtConn *
pt_conn_from_timer (PtTimerLink *link)
{
  return (PtConn *) (gpointer) ((char *) link - G_STRUCT_OFFSET (PtConn, timer_link));
}

/* ---- the run-again list ------------------------------------------------ */

void
pt_conn_post (PtConn *self)
{
  PtConnEnv *env = self->env;

  if (self->posted)
    return;

  self->posted = TRUE;
  self->posted_next = NULL;
  if (env->posted_tail != NULL)
    env->posted_tail->posted_next = self;
  else
    env->posted_head = self;
  env->posted_tail = self;
}

void
pt_conn_unpost (PtConn *self)
{
  PtConnEnv *env = self->env;
  PtConn *prev = NULL;

  g_assert (self->posted);

  /* Only connections sending big files are here: a short list. */
  for (PtConn *c = env->posted_head; c != NULL; prev = c, c = c->posted_next)
    {
      if (c != self)
        continue;
      if (prev != NULL)
        prev->posted_next = c->posted_next;
      else
        env->posted_head = c->posted_next;
      if (env->posted_tail == c)
        env->posted_tail = prev;
      break;
    }
  self->posted = FALSE;
  self->posted_next = NULL;
}

PtConn *
pt_conn_take_posted (PtConnEnv *env)
{
  PtConn *conn = env->posted_head;

  if (conn != NULL)
    pt_conn_unpost (conn);
  return conn;
}

/* ---- connection structs ------------------------------------------------- */

PtConn *
pt_conn_new (PtConnEnv *env)
{
  PtConn *conn = env->free_conns;

  if (conn != NULL)
    {
      env->free_conns = conn->posted_next;
      env->n_free_conns--;
    }
  else
    {
      /* Small: buffers are borrowed from the environment only while needed. */
      conn = g_malloc (sizeof *conn);
    }

  conn->env = env;
  conn->timer_link.prev = conn->timer_link.next = NULL;
  conn->timer = PT_TIMER_NONE;
  env->n_conns++;
  return conn;
}

static void
conn_release (PtConn *self)
{
  PtConnEnv *env = self->env;

  g_assert (self->timer == PT_TIMER_NONE);

  env->n_conns--;
  if (env->n_free_conns >= PT_CONN_FREE_MAX)
    {
      g_free (self);
      return;
    }
  self->posted_next = env->free_conns;
  env->free_conns = self;
  env->n_free_conns++;
}

void
pt_conn_free_spare (PtConnEnv *env)
{
  while (env->free_conns != NULL)
    {
      PtConn *conn = env->free_conns;

      env->free_conns = conn->posted_next;
      g_free (conn);
    }
  env->n_free_conns = 0;
}


void
pt_conn_init (PtConn                *self,
              int                    fd,
              const struct sockaddr *peer)
{
  PtConnEnv *env = self->env;
  guint port = 0;

  self->fd = fd;
  self->file_fd = -1;
  self->own_file_fd = FALSE;
  self->file = NULL;
  self->parts = NULL;
  self->in = NULL;
  self->out = NULL;
  self->out_len = self->out_sent = 0;
  self->body_mem = NULL;
  self->body_mem_len = 0;
  self->in_len = 0;
  self->discard_left = 0;
  self->n_requests = 0;
  self->close_reason = PT_CLOSE_NORMAL;
  self->timer = PT_TIMER_NONE;
  self->timer_link.prev = self->timer_link.next = NULL;
  self->registered = FALSE;
  self->posted = FALSE;
  self->posted_next = NULL;
  self->readable = TRUE;    /* the request is usually there already: try at once */
  self->peer_hup = FALSE;
  self->keep_alive = FALSE;
  self->trace_req = FALSE;
  self->stream = FALSE;
  self->stream_out = NULL;
  self->stream_out_sent = 0;
  self->id = ++env->conn_seq * PT_MAX_THREADS + env->index;
  self->peer_is_loopback = pt_peer_format (peer, self->peer_addr,
                                           sizeof self->peer_addr, &port);
  self->peer_port = (guint16) port;
  self->peer_addr_len = (guint8) strlen (self->peer_addr);

  pt_stats_add (&env->stats->connections_open, 1);
  pt_stats_add (&env->stats->connections_total, 1);
}

void
pt_conn_drain_socket (int fd)
{
  char sink[4096];
  gsize drained = 0;

  while (drained < PT_CONN_LINGER_MAX)
    {
      ssize_t n = recv (fd, sink, sizeof sink, MSG_DONTWAIT);

      if (n <= 0)
        break;
      drained += (gsize) n;
    }
}

void
pt_conn_teardown (PtConn *self)
{
  PtConnEnv *env = self->env;

  g_assert (self->state == PT_CONN_CLOSE);

  pt_conn_end_response (self);
  pt_conn_buffers_release_in (self);
  if (self->posted)
    pt_conn_unpost (self);

  pt_conn_timer_remove (self);
  /* Unread bytes would turn the close into a reset that can destroy the
   * response before the client reads it.  After a short read (and no
   * readiness event since) the socket's queue was empty: skip the call. */
  if (self->readable)
    pt_conn_drain_socket (self->fd);
  close (self->fd);
  self->fd = -1;

  pt_conn_emit_closed (self);
  if (self->stream)
    {
      self->stream = FALSE;
      g_clear_pointer (&self->stream_out, g_bytes_unref);
      pt_live_reload_stream_gone (env);
    }

  pt_stats_sub (&env->stats->connections_open, 1);
  g_atomic_int_add (env->n_open, -1);
  conn_release (self);
}
