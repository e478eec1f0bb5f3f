/* pt-conn.c — one client connection and its state machine (layer 1)
 *
 * Owns the states and their transitions: one function per state, the
 * driver loop, and pt_conn_set_state(), the only place the state changes
 * after pt_conn_start.  What a request turns into is pt-conn-request.c's
 * (and the responder's); buffers are pt-conn-buffers.c's; events
 * pt-conn-trace.c's; setup, lists and teardown pt-conn-links.c's; the work
 * inside the chunked-body, linger, PROXY and live-reload stream states is
 * pt-conn-body.c's, pt-conn-linger.c's, pt-conn-proxy.c's and
 * pt-conn-stream.c's (they report, this file changes the state).
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn.h"

#include "pt-conn-body.h"
#include "pt-conn-buffers.h"
#include "pt-conn-linger.h"
#include "pt-conn-parts.h"
#include "pt-conn-private.h"
#include "pt-conn-proxy.h"
#include "pt-conn-recv.h"
#include "pt-conn-request.h"
#include "pt-conn-stream.h"
#include "pt-conn-trace.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

typedef enum
{
  PT_STEP_CONTINUE,   /* the state changed (or may progress): run again */
  PT_STEP_WAIT,       /* would block: wait for epoll or a timer */
} PtStep;

/* ---- state ------------------------------------------------------------- */

#ifdef PT_CONN_TRACE_STATES
/* Built with -DPT_CONN_TRACE_STATES, every transition is logged by name. */
static const char *
conn_state_name (PtConnState state)
{
  switch (state)
    {
    case PT_CONN_READ_HEAD:
      return "READ_HEAD";
    case PT_CONN_READ_BODY:
      return "READ_BODY";
    case PT_CONN_LINGER:
      return "LINGER";
    case PT_CONN_SEND_HEAD:
      return "SEND_HEAD";
    case PT_CONN_SEND_BODY:
      return "SEND_BODY";
    case PT_CONN_KEEPALIVE:
      return "KEEPALIVE";
    case PT_CONN_CLOSE:
      return "CLOSE";
    case PT_CONN_STREAM:
      return "STREAM";
    default:
      return "?";
    }
}
#endif

static void
pt_conn_set_state (PtConn      *self,
                   PtConnState  state)
{
#ifdef PT_CONN_TRACE_STATES
  g_debug ("conn %" G_GUINT64_FORMAT ": %s → %s", self->id,
           conn_state_name (self->state), conn_state_name (state));
#endif
  self->state = state;

  switch (state)
    {
    case PT_CONN_SEND_HEAD:
      pt_conn_timer_set (self, PT_TIMER_IO);
      break;

    case PT_CONN_READ_HEAD:
      if (self->in_len > 0 || self->discard_left > 0)
        pt_conn_timer_set (self, PT_TIMER_HEAD);
      else
        pt_conn_timer_set (self, PT_TIMER_IDLE);
      break;

    case PT_CONN_READ_BODY:
      pt_conn_timer_set (self, PT_TIMER_HEAD);
      break;

    case PT_CONN_LINGER:
      pt_conn_linger_begin (self);
      break;

    case PT_CONN_STREAM:
      /* no keep-alive timeout, no send timeout: the heartbeat's deadline */
      pt_conn_timer_set (self, PT_TIMER_STREAM);
      break;

    case PT_CONN_SEND_BODY:
    case PT_CONN_KEEPALIVE:
    case PT_CONN_CLOSE:
    default:
      break;
    }
}

/* Stop keeping alive and close, with the plain CONN_CLOSED event (after
 * logging the response cut short, when log_response). */
static void
conn_close_normally (PtConn   *self,
                     gboolean  log_response)
{
  self->keep_alive = FALSE;
  self->close_reason = PT_CLOSE_NORMAL;
  if (log_response)
    pt_conn_log_response (self);
  pt_conn_set_state (self, PT_CONN_CLOSE);
}

/* Where the connection's bytes live while it runs (pt-conn-buffers.c);
 * fresh scratch input holds no request yet. */
static void
conn_enter (PtConn *self)
{
  if (pt_conn_buffers_enter (self))
    pt_conn_reset_request (self);
}

/* ---- one function per state -------------------------------------------- */

/* Drops the received bytes of a request body being skipped. */
static void
conn_skip_body (PtConn *self)
{
  PtConnIn *in = self->in;
  gsize skip = (gsize) MIN (self->discard_left, (guint64) self->in_len);

  memmove (in->data, in->data + skip, self->in_len - skip);
  self->in_len -= skip;
  self->discard_left -= skip;
  if (self->discard_left == 0 && self->in_len == 0)
    pt_conn_timer_set (self, PT_TIMER_IDLE);
}

/* A bad, missing or late PROXY header from a trusted proxy
 * (pt-conn-proxy.c): reported, then closed with no response. */
static void
conn_proxy_fail (PtConn     *self,
                 const char *why)
{
  pt_conn_proxy_report (self, why);
  conn_close_normally (self, FALSE);
}

static PtStep
conn_read_head (PtConn *self)
{
  PtConnIn *in = self->in;

  g_assert (self->state == PT_CONN_READ_HEAD);

  for (;;)
    {
      gssize n;

      if (self->discard_left > 0 && self->in_len > 0)
        conn_skip_body (self);

      if (self->want_proxy && self->in_len > 0)
        {
          int taken = pt_conn_proxy_take (self);

          if (taken < 0)
            {
              conn_proxy_fail (self, "no valid header");
              return PT_STEP_CONTINUE;
            }
          if (taken > 0)
            continue;
        }
      else if (self->discard_left == 0 && self->in_len > 0)
        {
          ssize_t r = pt_http_parse_request (in->data, self->in_len, &in->req);

          if (r > 0)
            {
              if (pt_conn_handle_request (self, (gsize) r))
                pt_conn_set_state (self, PT_CONN_SEND_HEAD);
              else
                pt_conn_set_state (self, PT_CONN_READ_BODY);
              return PT_STEP_CONTINUE;
            }
          if (r < 0)
            {
              pt_conn_handle_bad_head (self, (PtHttpStatus) -r);
              pt_conn_set_state (self, PT_CONN_SEND_HEAD);
              return PT_STEP_CONTINUE;
            }
          if (self->in_len == sizeof in->data)
            {
              pt_conn_handle_bad_head (self, PT_HTTP_STATUS_HEADER_FIELDS_TOO_LARGE);
              pt_conn_set_state (self, PT_CONN_SEND_HEAD);
              return PT_STEP_CONTINUE;
            }
        }

      /* A short read emptied the socket: wait for epoll rather than read
       * again just to get EAGAIN. */
      if (!self->readable)
        return PT_STEP_WAIT;

      n = pt_conn_recv (self, in->data + self->in_len, sizeof in->data - self->in_len);
      if (n > 0)
        {
          if (self->in_len == 0 && self->discard_left == 0 && !self->want_proxy)
            pt_conn_timer_set (self, PT_TIMER_HEAD);
          self->in_len += (gsize) n;
          continue;
        }

      if (n == 0)
        {
          /* Silent, so the deferring listener's kernel held it until its
           * time ran out: the idle time counts from the connect. */
          if (self->accept_held && self->timer == PT_TIMER_IDLE && self->n_requests == 0)
            pt_conn_timer_set (self, PT_TIMER_IDLE_HELD);
          self->accept_held = FALSE;
          return PT_STEP_WAIT;
        }

      /* Peer closed (or reset): nothing to answer. */
      if (self->want_proxy)
        {
          conn_proxy_fail (self, "the connection ended before a header");
          return PT_STEP_CONTINUE;
        }
      conn_close_normally (self, FALSE);
      return PT_STEP_CONTINUE;
    }
}

/* A chunked request body (pt-conn-body.c): the response follows it. */
static PtStep
conn_read_body (PtConn *self)
{
  g_assert (self->state == PT_CONN_READ_BODY);

  switch (pt_conn_body_read (self))
    {
    case PT_CONN_BODY_ANSWERED:
      pt_conn_set_state (self, PT_CONN_SEND_HEAD);
      return PT_STEP_CONTINUE;

    case PT_CONN_BODY_GONE:
      conn_close_normally (self, FALSE);
      return PT_STEP_CONTINUE;

    case PT_CONN_BODY_WAIT:
    default:
      return PT_STEP_WAIT;
    }
}

/* Half-closed after an error response (pt-conn-linger.c): drops input
 * until there is no more, then closes. */
static PtStep
conn_linger (PtConn *self)
{
  g_assert (self->state == PT_CONN_LINGER);

  if (!pt_conn_linger_drain (self))
    return PT_STEP_WAIT;
  pt_conn_set_state (self, PT_CONN_CLOSE);
  return PT_STEP_CONTINUE;
}

static PtStep conn_finish_response (PtConn *self);

/* ---- live reload event streams (pt-conn-stream.c) ----------------------- */

static PtStep
conn_begin_stream (PtConn *self)
{
  g_assert (self->state == PT_CONN_SEND_HEAD && self->stream);

  pt_conn_stream_begin (self);
  pt_conn_set_state (self, PT_CONN_STREAM);
  return PT_STEP_CONTINUE;
}

static PtStep
conn_stream (PtConn *self)
{
  g_assert (self->state == PT_CONN_STREAM);

  if (pt_conn_stream_pump (self))
    return PT_STEP_WAIT;
  conn_close_normally (self, FALSE);   /* the browser went away */
  return PT_STEP_CONTINUE;
}

static PtStep
conn_send_head (PtConn *self)
{
  gsize total = self->out_len + self->body_mem_len;

  g_assert (self->state == PT_CONN_SEND_HEAD);

  while (self->out_sent < total)
    {
      /* MSG_MORE holds a short last segment back: for a body that follows
       * (sendfile), and for the last response of a connection, whose FIN
       * then leaves in the same segment as its last bytes (one packet and
       * one wake-up fewer for both sides; close() pushes it). */
      int flags = MSG_NOSIGNAL | (self->file_fd >= 0 || !self->keep_alive ? MSG_MORE : 0);
      struct iovec iov[2];
      struct msghdr msg = { 0 };
      ssize_t n;

      msg.msg_iov = iov;
      if (self->out_sent < self->out_len)
        {
          iov[msg.msg_iovlen].iov_base = self->out->data + self->out_sent;
          iov[msg.msg_iovlen].iov_len = self->out_len - self->out_sent;
          msg.msg_iovlen++;
        }
      if (self->body_mem_len > 0)
        {
          gsize skip = self->out_sent > self->out_len ? self->out_sent - self->out_len : 0;

          iov[msg.msg_iovlen].iov_base = (char *) self->body_mem + skip;
          iov[msg.msg_iovlen].iov_len = self->body_mem_len - skip;
          msg.msg_iovlen++;
        }

      n = sendmsg (self->fd, &msg, flags);
      if (n >= 0)
        {
          self->out_sent += (gsize) n;
          self->bytes_sent += (guint64) n;
          pt_stats_add (&self->env->stats->bytes_sent, (guint64) n);
          continue;
        }
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        {
          pt_conn_timer_set (self, PT_TIMER_IO);
          return PT_STEP_WAIT;
        }

      /* EPIPE, ECONNRESET: the client is gone. */
      conn_close_normally (self, TRUE);
      return PT_STEP_CONTINUE;
    }

  if (self->stream)
    return conn_begin_stream (self);

  if (self->file_fd >= 0)
    {
      pt_conn_set_state (self, PT_CONN_SEND_BODY);
      return PT_STEP_CONTINUE;
    }

  /* multipart/byteranges from memory: the next part head and slice */
  if (self->parts != NULL && pt_conn_parts_next (self))
    return PT_STEP_CONTINUE;

  return conn_finish_response (self);
}

static PtStep
conn_send_body (PtConn *self)
{
  g_assert (self->state == PT_CONN_SEND_BODY);

  while (self->file_offset < self->file_end)
    {
      gsize chunk = (gsize) pt_conn_sendfile_turn ((guint64) self->file_offset,
                                                   (guint64) self->file_end, self->out_len);
      ssize_t n;

      n = sendfile (self->fd, self->file_fd, &self->file_offset, chunk);

      if (n > 0)
        {
          self->bytes_sent += (guint64) n;
          pt_stats_add (&self->env->stats->bytes_sent, (guint64) n);
          if ((gsize) n == chunk && self->file_offset < self->file_end)
            {
              /* The socket may take more, but one chunk per turn: the
               * bytes stay in the CPU cache on their way through loopback
               * and other connections get their turn.  The worker runs
               * this connection again after its current batch. */
              pt_conn_timer_set (self, PT_TIMER_IO);
              pt_conn_post (self);
              return PT_STEP_WAIT;
            }
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          pt_conn_timer_set (self, PT_TIMER_IO);
          return PT_STEP_WAIT;
        }

      /* 0: the file was truncated while sent; < 0: the client is gone.
       * Either way the promised length cannot be kept: close. */
      if (n < 0 && errno != EPIPE && errno != ECONNRESET)
        pt_conn_env_emit_error (self->env, "sendfile %s: %s",
                                self->in->path, g_strerror (errno));
      conn_close_normally (self, TRUE);
      return PT_STEP_CONTINUE;
    }

  /* multipart/byteranges: the next part head (or the close delimiter) */
  if (self->parts != NULL && pt_conn_parts_next (self))
    {
      pt_conn_set_state (self, PT_CONN_SEND_HEAD);
      return PT_STEP_CONTINUE;
    }

  return conn_finish_response (self);
}

static PtStep
conn_finish_response (PtConn *self)
{
  g_assert (self->state == PT_CONN_SEND_HEAD || self->state == PT_CONN_SEND_BODY);

  pt_conn_end_response (self);
  pt_conn_log_response (self);
  pt_conn_emit_response (self);

  if (self->keep_alive && !self->env->stopping)
    pt_conn_set_state (self, PT_CONN_KEEPALIVE);
  else if (pt_conn_linger_wanted (self))
    pt_conn_set_state (self, PT_CONN_LINGER);
  else
    pt_conn_set_state (self, PT_CONN_CLOSE);
  return PT_STEP_CONTINUE;
}

static PtStep
conn_keepalive (PtConn *self)
{
  PtConnIn *in = self->in;

  g_assert (self->state == PT_CONN_KEEPALIVE);
  g_assert (self->have_req && self->head_len <= self->in_len);

  if (pt_conn_trace (self, self->trace_req))
    pt_conn_env_emit (self->env, pt_conn_event_new (self, PT_EVENT_KEEP_ALIVE, FALSE));

  /* Bytes after the head are the body to skip, then the next request. */
  memmove (in->data, in->data + self->head_len, self->in_len - self->head_len);
  self->in_len -= self->head_len;
  pt_conn_reset_request (self);

  pt_conn_set_state (self, PT_CONN_READ_HEAD);
  return PT_STEP_CONTINUE;
}

/* First wait: join the worker's epoll (env->epfd) (not needed by a connection answered
 * and closed straight after accept).  Edge-triggered, and EPOLL_CTL_ADD
 * reports what is already pending, so nothing is missed. */
static gboolean
conn_register (PtConn *self)
{
  struct epoll_event ev = { 0 };

  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = self;
  if (epoll_ctl (self->env->epfd, EPOLL_CTL_ADD, self->fd, &ev) < 0)
    {
      pt_conn_env_emit_error (self->env, "epoll_ctl: %s", g_strerror (errno));
      return FALSE;
    }
  self->registered = TRUE;
  return TRUE;
}

static void
conn_run (PtConn *self)
{
  conn_enter (self);

  for (;;)
    {
      PtStep step;

      switch (self->state)
        {
        case PT_CONN_READ_HEAD:
          step = conn_read_head (self);
          break;

        case PT_CONN_READ_BODY:
          step = conn_read_body (self);
          break;

        case PT_CONN_LINGER:
          step = conn_linger (self);
          break;

        case PT_CONN_SEND_HEAD:
          step = conn_send_head (self);
          break;

        case PT_CONN_SEND_BODY:
          step = conn_send_body (self);
          break;

        case PT_CONN_KEEPALIVE:
          step = conn_keepalive (self);
          break;

        case PT_CONN_STREAM:
          step = conn_stream (self);
          break;

        case PT_CONN_CLOSE:
          pt_conn_teardown (self);
          return;

        default:
          g_assert_not_reached ();
        }

      if (step == PT_STEP_WAIT)
        {
          if (!self->registered && !conn_register (self))
            {
              conn_close_normally (self, FALSE);
              continue;
            }
          pt_conn_buffers_leave (self);
          return;
        }
    }
}

/* ---- public ------------------------------------------------------------ */

void
pt_conn_start (PtConn                *self,
               int                    fd,
               const struct sockaddr *peer,
               socklen_t              peer_len)
{
  PtConnEnv *env = self->env;

  pt_conn_init (self, fd, peer);
  pt_conn_reset_request (self);

  self->trace_req = FALSE;
  self->accept_held = g_atomic_int_get (env->defer_accept) != 0;
  self->trace_conn = pt_conn_trace_take (self);
  /* From a trusted proxy the client is known only after the PROXY header:
   * CONN_OPENED waits for it (pt_conn_proxy_take). */
  self->want_proxy = pt_conn_proxy_expected (self, peer);
  if (!self->want_proxy && pt_conn_trace (self, self->trace_conn))
    pt_conn_env_emit (env, pt_conn_event_new (self, PT_EVENT_CONN_OPENED, FALSE));

  self->state = PT_CONN_READ_HEAD;
  pt_conn_set_state (self, PT_CONN_READ_HEAD);
  /* The header must arrive within the header timeout, not the idle one. */
  if (self->want_proxy)
    pt_conn_timer_set (self, PT_TIMER_HEAD);

  conn_run (self);
}

void
pt_conn_on_io (PtConn  *self,
               guint32  events)
{
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
    self->readable = TRUE;
  if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
    self->peer_hup = TRUE;
  conn_run (self);
}

void
pt_conn_on_timeout (PtConn *self)
{
  conn_enter (self);
  self->readable = TRUE;   /* closing: drain whatever may have arrived */

  if (self->want_proxy)
    {
      conn_proxy_fail (self, "no complete header within the header timeout");
      conn_run (self);
      return;
    }

  switch (self->timer)
    {
    case PT_TIMER_IDLE:
    case PT_TIMER_IDLE_HELD:
      self->close_reason = PT_CLOSE_TIMEOUT;
      pt_conn_set_state (self, PT_CONN_CLOSE);
      break;

    case PT_TIMER_HEAD:
      if (self->state == PT_CONN_READ_HEAD && self->discard_left == 0)
        {
          /* Slowloris: the head did not arrive in time. */
          pt_conn_handle_bad_head (self, PT_HTTP_STATUS_REQUEST_TIMEOUT);
          pt_conn_set_state (self, PT_CONN_SEND_HEAD);
          break;
        }
      if (self->state == PT_CONN_READ_BODY)
        {
          /* The chunked body did not arrive in time. */
          pt_conn_refuse_body (self, PT_HTTP_STATUS_REQUEST_TIMEOUT);
          pt_conn_set_state (self, PT_CONN_SEND_HEAD);
          break;
        }
      conn_close_normally (self, FALSE);
      break;

    case PT_TIMER_LINGER:
      /* Drained long enough: close (how it closed stays as decided). */
      pt_conn_set_state (self, PT_CONN_CLOSE);
      break;

    case PT_TIMER_STREAM:
      pt_conn_stream_heartbeat (self);   /* conn_stream sends it */
      break;

    case PT_TIMER_IO:
    case PT_TIMER_N:
    case PT_TIMER_NONE:
    default:
      conn_close_normally (self, FALSE);
      break;
    }

  conn_run (self);
}

void
pt_conn_on_stop (PtConn   *self,
                 gboolean  force)
{
  if (!force && self->state != PT_CONN_READ_HEAD && self->state != PT_CONN_LINGER &&
      self->state != PT_CONN_STREAM)
    return;   /* a response in flight (or a body before it) may finish */

  self->readable = TRUE;   /* drain whatever may have arrived */
  if (self->want_proxy)
    self->trace_conn = FALSE;   /* never shown as opened */
  conn_close_normally (self, FALSE);
  pt_conn_teardown (self);
}


void
pt_conn_on_stream_event (PtConn *self)
{
  g_assert (self->state == PT_CONN_STREAM);

  conn_run (self);
}
