/* pt-conn-stream.c — a connection in the PT_CONN_STREAM state: a live reload event stream (layer 1)
 *
 * Reads top-down: the stream's start, what it sends, what it drops, its
 * heartbeat.  pt-conn.c runs the state and owns its transitions.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-stream.h"

#include "pt-conn-buffers.h"
#include "pt-conn-links.h"
#include "pt-conn-private.h"
#include "pt-conn-recv.h"
#include "pt-conn-trace.h"
#include "pt-live-reload.h"

#include <errno.h>
#include <sys/socket.h>

/* The stream's head is sent: the response is logged as any other, and
 * the connection stays open for events (pt-live-reload.h), the hello
 * first.  Its send buffer is made small: it carries a few short events,
 * and a client that stops reading then holds kilobytes of the kernel's
 * memory, not megabytes. */
void
pt_conn_stream_begin (PtConn *self)
{
  int sndbuf = PT_LIVE_RELOAD_STREAM_SNDBUF;

  g_assert (self->state == PT_CONN_SEND_HEAD && self->stream);

  pt_conn_end_response (self);
  pt_conn_log_response (self);
  pt_conn_emit_response (self);
  self->keep_alive = FALSE;
  self->in_len = 0;      /* the request is answered; nothing after it is read */
  self->head_len = 0;
  self->discard_left = 0;
  self->stream_seen = self->env->live_reload_seen;
  self->stream_out = pt_live_reload_hello (self->env->live_reload, self->stream_seen);
  self->stream_out_sent = 0;
  (void) setsockopt (self->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
}

/* Sends what the stream owes: the rest of what a full socket cut short,
 * then every change event published since the stream's last (from the
 * hub, in one piece; a change of ["*"] when more than its ring).  Nothing
 * is dropped while the socket is full: epoll's EPOLLOUT resumes it.
 * FALSE when the client is gone. */
static gboolean
stream_flush (PtConn *self)
{
  for (;;)
    {
      const char *data;
      gsize len;

      if (self->stream_out == NULL)
        {
          if (self->env->live_reload == NULL)
            return TRUE;
          self->stream_out = pt_live_reload_hub_take (self->env->live_reload, &self->stream_seen);
          self->stream_out_sent = 0;
          if (self->stream_out == NULL)
            return TRUE;
        }

      data = g_bytes_get_data (self->stream_out, &len);
      while (self->stream_out_sent < len)
        {
          ssize_t n = send (self->fd, data + self->stream_out_sent, len - self->stream_out_sent,
                            MSG_NOSIGNAL | MSG_DONTWAIT);

          if (n > 0)
            {
              self->stream_out_sent += (gsize) n;
              self->bytes_sent += (guint64) n;
              pt_stats_add (&self->env->stats->bytes_sent, (guint64) n);
              continue;
            }
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return TRUE;   /* full: the rest when it drains */
          return FALSE;
        }
      g_clear_pointer (&self->stream_out, g_bytes_unref);
    }
}

/* A stream reads only to see the client go: what it sends is dropped.
 * Each turn also sends what the stream owes (stream_flush). */
gboolean
pt_conn_stream_pump (PtConn *self)
{
  char *sink = self->env->scratch_in.data;

  g_assert (self->state == PT_CONN_STREAM);

  if (!stream_flush (self))
    return FALSE;

  while (self->readable)
    if (pt_conn_recv (self, sink, sizeof self->env->scratch_in.data) < 0)
      return FALSE;   /* the browser went away */
  return TRUE;
}

/* An idle stream: a comment keeps proxies and the browser from giving up
 * on it, and finds a client that is gone.  A stream still owing bytes
 * needs none: what waits in its socket finds a gone client, and a slow
 * one loses nothing. */
void
pt_conn_stream_heartbeat (PtConn *self)
{
  g_assert (self->state == PT_CONN_STREAM);

  if (self->stream_out == NULL)
    {
      self->stream_out = g_bytes_new_static (PT_CONN_STREAM_HEARTBEAT,
                                             sizeof PT_CONN_STREAM_HEARTBEAT - 1);
      self->stream_out_sent = 0;
    }
  pt_conn_timer_set (self, PT_TIMER_STREAM);
}
