/* pt-conn-trace.c — a connection's events and access-log records (layer 1)
 *
 * Owns what a connection tells the outside: the trace decisions (one per
 * connection and one per request, pt-trace-limit.h), the events it emits
 * (CONN_OPENED, REQUEST, RESPONSE, KEEP_ALIVE and how it closed) and the
 * access-log record of each response.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-trace.h"

#include "pt-conn-private.h"
#include "pt-http-key.h"
#include "pt-http-parser.h"

#include <string.h>

gboolean
pt_conn_trace_take (PtConn *self)
{
  PtConnEnv *env = self->env;

  return env->trace_events && pt_trace_limit_take (&env->trace_limit, env->clock.mono_ms);
}

gboolean
pt_conn_trace (PtConn   *self,
               gboolean  traced)
{
  PtConnEnv *env = self->env;

  if (traced)
    return TRUE;
  if (env->trace_events)
    pt_trace_limit_suppress (&env->trace_limit, 1, env->clock.mono_ms);
  return FALSE;
}

/* One allocation per event: the peer and any request strings are packed
 * after it (method and path: the request's, for REQUEST and RESPONSE). */
static PtEvent *
event_new_full (PtConn      *self,
                PtEventType  type,
                gboolean     with_request,
                const char  *head,
                gsize        head_len)
{
  PtEventStrings strings = {
    .peer_addr = self->peer_addr,
    .peer_addr_len = self->peer_addr_len,
    .head = head,
    .head_len = head_len,
  };
  PtEvent *event;

  if (with_request)
    {
      strings.method = self->in->log_method.ptr;
      strings.method_len = self->in->log_method.len;
      strings.path = self->in->log_path.ptr;
      strings.path_len = self->in->log_path.len;
    }

  event = pt_event_new_packed (type, &strings);
  event->conn_id = self->id;
  event->peer_port = self->peer_port;
  return event;
}

PtEvent *
pt_conn_event_new (PtConn      *self,
                   PtEventType  type,
                   gboolean     with_request)
{
  return event_new_full (self, type, with_request, NULL, 0);
}

void
pt_conn_emit_request (PtConn     *self,
                      const char *head,
                      gsize       len)
{
  /* A request's events are all traced or all suppressed. */
  self->trace_req = pt_conn_trace_take (self);
  if (!pt_conn_trace (self, self->trace_req))
    return;

  /* Without the final empty line: drop one trailing line end. */
  if (len >= 2 && head[len - 1] == '\n' && (head[len - 2] == '\n' || head[len - 2] == '\r'))
    {
      len--;
      if (head[len - 1] == '\r' && len >= 2 && head[len - 2] == '\n')
        len--;
    }

  pt_conn_env_emit (self->env, event_new_full (self, PT_EVENT_REQUEST, TRUE, head, len));
}

void
pt_conn_emit_response (PtConn *self)
{
  PtEvent *event;

  if (!pt_conn_trace (self, self->trace_req))
    return;

  event = pt_conn_event_new (self, PT_EVENT_RESPONSE, TRUE);
  event->status = self->status;
  event->bytes = self->bytes_sent;
  event->keep_alive = self->keep_alive && !self->env->stopping;
  event->refused = self->refused;
  pt_conn_env_emit (self->env, event);
}

void
pt_conn_emit_closed (PtConn *self)
{
  PtEventType type = PT_EVENT_CONN_CLOSED;
  PtEvent *event;

  if (!pt_conn_trace (self, self->trace_conn))
    return;

  if (self->close_reason == PT_CLOSE_TIMEOUT)
    type = PT_EVENT_TIMEOUT;
  else if (self->close_reason == PT_CLOSE_MAX_REQUESTS)
    type = PT_EVENT_MAX_REQUESTS;
  event = pt_conn_event_new (self, type, FALSE);
  event->count = self->env->limits->max_requests;
  pt_conn_env_emit (self->env, event);
}

/* The request line of a private link's first request with the key's
 * value replaced by "-", into buf: the Combined Log Format writes the
 * request line, and the log file must not hold the key. */
static PtHttpSlice
request_line_without_key (PtConn *self,
                          char   *buf,
                          gsize   size)
{
  PtHttpSlice line = self->in->request_line;
  PtHttpSlice query = pt_http_key_target_query (self->in->req.target.ptr, self->in->req.target.len);
  PtHttpSlice value, out = line;
  gsize before, after;

  if (!pt_http_key_query_find (query.ptr, query.len, &value) ||
      value.ptr < line.ptr || value.ptr + value.len > line.ptr + line.len)
    return line;
  before = (gsize) (value.ptr - line.ptr);
  after = line.len - before - value.len;
  if (before + 1 + after > size)
    return line;
  memcpy (buf, line.ptr, before);
  buf[before] = '-';
  memcpy (buf + before + 1, value.ptr + value.len, after);
  out.ptr = buf;
  out.len = before + 1 + after;
  return out;
}

void
pt_conn_log_response (PtConn *self)
{
  PtConnEnv *env = self->env;
  PtAccessLogEntry entry = { 0 };
  char line_buf[PT_HTTP_MAX_REQUEST_LINE + 1];

  if (env->log == NULL)
    return;

  entry.peer_addr = self->peer_addr;
  entry.peer_addr_len = self->peer_addr_len;
  entry.peer_is_loopback = self->peer_is_loopback;
  entry.method = self->in->log_method;
  entry.path = self->in->log_path;
  entry.request_keep_alive = self->request_keep_alive;
  entry.request_date = self->in->date;
  entry.status = self->status;
  entry.response_date = self->in->date;
  entry.response_keep_alive = self->keep_alive;
  entry.time = env->clock.real_s;
  entry.log_date = env->clock.log_date;
  entry.request_line = self->in->request_line;
  if (self->key_link)
    entry.request_line = request_line_without_key (self, line_buf, sizeof line_buf);
  entry.body_bytes = self->head_only ? 0 : self->body_bytes;
  if (self->have_req)
    {
      if (PT_HTTP_HAS_HEADER (&self->in->req, PT_HTTP_HEADER_REFERER))
        entry.referer = self->in->req.headers[PT_HTTP_HEADER_REFERER];
      if (PT_HTTP_HAS_HEADER (&self->in->req, PT_HTTP_HEADER_USER_AGENT))
        entry.user_agent = self->in->req.headers[PT_HTTP_HEADER_USER_AGENT];
    }

  pt_access_log_append (env->log, &env->log_chunk, &entry);
}
