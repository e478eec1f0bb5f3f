/* pt-conn-request.c — from a parsed (or rejected) head to a response ready to send (layer 1)
 *
 * Owns what happens between the parser and the sender: recording the
 * request (log slices, date, body to skip, the REQUEST event), asking the
 * responder for a plan, deciding persistence, and writing the plan's head
 * into the output buffer with the body set up behind it.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-request.h"

#include "pt-conn-parts.h"
#include "pt-conn-private.h"
#include "pt-conn-trace.h"
#include "pt-http-host.h"
#include "pt-http-parser.h"
#include "pt-http-response.h"
#include "pt-responder.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define PT_CONN_METHOD_MAX  32    /* longest method token scanned from a rejected head */

/* ---- building responses ------------------------------------------------ */

/* Decides persistence for the response about to be built, counts it. */
static void
conn_begin_response (PtConn       *self,
                     PtHttpStatus  status,
                     gboolean      keep_alive_requested)
{
  PtConnEnv *env = self->env;
  PtStatsCounters *stats = env->stats;

  self->status = status;
  self->keep_alive = keep_alive_requested;
  self->close_reason = PT_CLOSE_NORMAL;
  if (self->keep_alive && env->stopping)
    self->keep_alive = FALSE;
  if (self->keep_alive && self->n_requests >= env->limits->max_requests)
    {
      self->keep_alive = FALSE;
      self->close_reason = PT_CLOSE_MAX_REQUESTS;
    }

  /* The head is built in the scratch buffer (kept only while a write is
   * partial). */
  g_assert (self->out == NULL && self->file == NULL);
  self->out = &env->scratch_out;
  self->out_len = 0;
  self->out_sent = 0;
  self->body_mem = NULL;
  self->body_mem_len = 0;
  self->file_fd = -1;
  self->file_offset = 0;
  self->file_end = 0;
  self->bytes_sent = 0;
  self->body_bytes = 0;

  pt_stats_add (&stats->requests, 1);
  if (status >= 500)
    pt_stats_add (&stats->status_5xx, 1);
  else if (status >= 400)
    pt_stats_add (&stats->status_4xx, 1);
  else if (status >= 300)
    pt_stats_add (&stats->status_3xx, 1);
  else
    pt_stats_add (&stats->status_2xx, 1);
}

static void
conn_init_head (PtConn             *self,
                PtHttpResponseHead *head)
{
  PtConnEnv *env = self->env;

  memset (head, 0, sizeof *head);
  head->status = self->status;
  head->date = self->in->date;
  /* in->date was copied from this clock in this same turn: the same second */
  head->date_line = env->clock.date_line;
  head->date_line_len = env->clock.date_line_len;
  head->keep_alive = self->keep_alive;
  head->keep_alive_timeout = env->limits->keep_alive_timeout_s;
  head->keep_alive_max = env->limits->max_requests - self->n_requests;
}

/* A body sent in several sendfile turns gets a file description of its
 * own: the kernel keeps readahead state per description, and connections
 * sending one cached file from different offsets through the shared
 * descriptor look like random access to it (15 % less throughput with four
 * such connections here, and no readahead at all for a file on disk).
 * Reopened through /proc/self/fd, so it is the same file, wherever its
 * name now points; without /proc the shared one does. */
static void
conn_open_own_fd (PtConn *self)
{
  char path[sizeof "/proc/self/fd/" + 3 * sizeof (int)];
  int fd;

  g_snprintf (path, sizeof path, "/proc/self/fd/%d", self->file_fd);
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return;
  self->file_fd = fd;
  self->own_file_fd = TRUE;
}

/* Error (and redirect) responses: head + short HTML body in one buffer. */
static void
conn_respond_error (PtConn               *self,
                    const PtResponsePlan *plan)
{
  PtHttpResponseHead head;
  guint64 body_len = 0;
  gssize n;

  conn_init_head (self, &head);
  head.location = plan->location.ptr;
  head.location_len = plan->location.len;
  head.content_range = plan->content_range;   /* 416 */
  head.vary = plan->vary;                     /* 416 for a file with a sidecar */
  head.cache_control = plan->cache_control;
  head.set_cookie = plan->set_cookie;
  head.set_cookie_len = plan->set_cookie_len;
  head.error_sentence = plan->error_sentence;
  head.retry_after = plan->retry_after;         /* 503 of the live reload stream limit */
  n = pt_http_response_write_error (self->out->data, sizeof self->out->data, &head,
                                    self->head_only, &body_len);
  g_assert (n >= 0);
  self->out_len = (gsize) n;
  self->body_bytes = body_len;
}

/* Turns the plan into the head in self->out and the body behind it; takes
 * the plan's file reference. */
static void
conn_respond (PtConn         *self,
              PtResponsePlan *plan,
              gboolean        keep_alive_requested)
{
  PtHttpResponseHead head;
  gssize n;

  conn_begin_response (self, plan->status, keep_alive_requested && !plan->close);
  if (plan->stream)
    self->stream = TRUE;   /* counted from here: teardown uncounts it */

  if (plan->body == PT_RESPONSE_BODY_ERROR_PAGE)
    {
      g_assert (plan->file == NULL);
      conn_respond_error (self, plan);
      return;
    }

  conn_init_head (self, &head);
  head.file_fields = plan->file_fields;
  head.file_fields_len = plan->file_fields_len;
  head.last_modified = plan->last_modified;
  head.has_content_length = plan->has_content_length;
  head.content_length = plan->content_length;
  head.content_type = plan->content_type;
  head.etag = plan->etag;
  head.cache_control = plan->cache_control;
  head.content_range = plan->content_range;
  head.accept_ranges = plan->accept_ranges;
  head.vary = plan->vary;
  head.content_encoding = plan->content_encoding;
  n = pt_http_response_write_head (self->out->data, sizeof self->out->data, &head);
  g_assert (n >= 0);
  self->out_len = (gsize) n;

  if (plan->body == PT_RESPONSE_BODY_NONE || self->head_only || plan->body_length == 0)
    {
      if (plan->body_fd_owned)
        close (plan->body_fd);
      g_clear_pointer (&plan->file, pt_file_cache_entry_unref);
      self->body_bytes = 0;
      return;
    }

  self->body_bytes = plan->body_length;
  self->file = g_steal_pointer (&plan->file);
  if (plan->multipart)
    {
      if (plan->body == PT_RESPONSE_BODY_FILE)
        {
          self->file_fd = plan->body_fd;
          if (plan->body_length > PT_CONN_OWN_FD_ABOVE)
            conn_open_own_fd (self);
        }
      pt_conn_parts_start (self, plan);
    }
  else if (plan->body == PT_RESPONSE_BODY_MEMORY)
    {
      /* Small file: head and body go out in one send, the body straight
       * from the cache (copied behind the head only if the send is partial). */
      g_assert (plan->body_length <= sizeof self->out->data - self->out_len);
      self->body_mem = plan->body_mem;
      self->body_mem_len = (gsize) plan->body_length;
    }
  else
    {
      self->file_fd = plan->body_fd;
      if (plan->body_fd_owned)
        self->own_file_fd = TRUE;
      else if (pt_conn_wants_own_fd ((guint64) plan->body_offset, plan->body_length))
        conn_open_own_fd (self);
      self->file_offset = plan->body_offset;
      self->file_end = plan->body_offset + (off_t) plan->body_length;
    }
}

static void
conn_respond_status (PtConn       *self,
                     PtHttpStatus  status,
                     gboolean      keep_alive_requested)
{
  PtResponsePlan plan;

  pt_responder_plan_error (&plan, status);
  conn_respond (self, &plan, keep_alive_requested);
}

/* ---- request handlers -------------------------------------------------- */

static PtHttpSlice
slice_none (void)
{
  PtHttpSlice s = { NULL, 0 };
  return s;
}
/* The first line of buf, without its line end. */
static PtHttpSlice
scan_first_line (const char *buf,
                 gsize       len)
{
  PtHttpSlice line = { buf, 0 };
  const char *nl = memchr (buf, '\n', len);

  line.len = nl != NULL ? (gsize) (nl - buf) : len;
  if (line.len > 0 && buf[line.len - 1] == '\r')
    line.len--;
  return line;
}

static gboolean
is_token_byte (char ch)
{
  return (guchar) ch > 0x20 && (guchar) ch < 0x7f;
}

/* Method and target from a head the parser rejected, when readable. */
static void
scan_request_line (PtHttpSlice  line,
                   PtHttpSlice *method,
                   PtHttpSlice *target)
{
  gsize i = 0;
  gsize start;

  *method = slice_none ();
  *target = slice_none ();

  while (i < line.len && is_token_byte (line.ptr[i]))
    i++;
  if (i == 0 || i > PT_CONN_METHOD_MAX || i >= line.len || line.ptr[i] != ' ')
    return;
  method->ptr = line.ptr;
  method->len = i;

  start = ++i;
  while (i < line.len && is_token_byte (line.ptr[i]))
    i++;
  if (i > start)
    {
      target->ptr = line.ptr + start;
      target->len = i - start;
    }
}

void
pt_conn_reset_request (PtConn *self)
{
  self->have_req = FALSE;
  self->body_refused = FALSE;
  self->head_only = FALSE;
  self->head_len = 0;
  self->refused = FALSE;
  self->key_link = FALSE;
  self->request_keep_alive = -1;
  if (self->in != NULL)
    {
      self->in->log_method = slice_none ();
      self->in->log_path = slice_none ();
      self->in->request_line = slice_none ();
    }
}

void
pt_conn_handle_bad_head (PtConn       *self,
                         PtHttpStatus  status)
{
  PtConnIn *in = self->in;
  gsize head_len = self->in_len;
  const char *end;

  pt_conn_reset_request (self);
  self->n_requests++;
  memcpy (in->date, self->env->clock.date, sizeof in->date);

  in->request_line = scan_first_line (in->data, self->in_len);
  scan_request_line (in->request_line, &in->log_method, &in->log_path);
  self->head_only = in->log_method.ptr != NULL &&
                    in->log_method.len == 4 && memcmp (in->log_method.ptr, "HEAD", 4) == 0;

  end = g_strstr_len (in->data, (gssize) self->in_len, "\n\r\n");
  if (end != NULL)
    head_len = (gsize) (end - in->data) + 3;
  else if ((end = g_strstr_len (in->data, (gssize) self->in_len, "\n\n")) != NULL)
    head_len = (gsize) (end - in->data) + 2;
  pt_conn_emit_request (self, in->data, head_len);

  conn_respond_status (self, status, FALSE);
}

gboolean
pt_conn_handle_request (PtConn *self,
                        gsize   head_len)
{
  PtConnIn *in = self->in;

  pt_conn_reset_request (self);
  self->have_req = TRUE;
  self->head_len = head_len;
  self->n_requests++;
  memcpy (in->date, self->env->clock.date, sizeof in->date);

  in->request_line = scan_first_line (in->data, head_len);
  in->log_method = in->req.method_str;
  in->log_path = in->req.path;   /* replaced by the normalised path when there is one */
  self->request_keep_alive = in->req.keep_alive ? 1 : 0;
  self->head_only = in->req.method == PT_HTTP_METHOD_HEAD;
  if (in->req.has_content_length)
    self->discard_left = in->req.content_length;

  pt_conn_emit_request (self, in->data, head_len);

  if (in->req.chunked)
    {
      /* The body's length is known only once it is read: read it first,
       * so that a body too large or malformed gets its 413 or 400. */
      pt_http_chunked_init (&self->chunked, PT_HTTP_MAX_BODY);
      return FALSE;
    }

  pt_conn_answer_request (self);
  return TRUE;
}

/* DNS rebinding: a page from another origin whose name a hostile DNS
 * server points at 127.0.0.1 sends its own name as Host.  A request
 * without Host (HTTP/1.0 only; browsers always send one) is not refused. */
static gboolean
conn_host_misdirected (PtConn *self)
{
  const PtHttpRequest *req = &self->in->req;
  PtHttpSlice host = req->headers[PT_HTTP_HEADER_HOST];

  return self->env->loopback_only && PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_HOST) &&
         !pt_http_host_is_loopback (host.ptr, host.len);
}

/* Private links (pt-access-key.h): before any routing, so no file, listing
 * or /.portico/ endpoint answers without the key.  Returns TRUE when it
 * answered (303 with the cookie, or 403). */
static gboolean
conn_check_access_key (PtConn *self)
{
  PtConnIn *in = self->in;
  const PtAccessKeyView *view = pt_access_key_view (&self->env->access_key_view, self->env->access_key);
  PtResponsePlan plan;
  PtHttpSlice query;
  gssize n;

  switch (pt_access_key_check (view, &in->req))
    {
    case PT_ACCESS_OPEN:
    case PT_ACCESS_COOKIE:
      return FALSE;

    case PT_ACCESS_LINK:
      /* 303 (RFC 9110 §15.4.4), not 302: "the same path without the key"
       * is another resource, and the client follows with GET (or HEAD),
       * whatever the method; no-store: the answer carries the cookie. */
      query = pt_http_key_target_query (in->req.target.ptr, in->req.target.len);
      pt_responder_plan_error (&plan, PT_HTTP_STATUS_SEE_OTHER);
      n = pt_http_key_write_location (in->req.path.ptr, in->req.path.len, query.ptr, query.len,
                                      plan.location_buf, sizeof plan.location_buf);
      if (n < 0)
        {
          pt_responder_plan_error (&plan, PT_HTTP_STATUS_URI_TOO_LONG);
          conn_respond (self, &plan, in->req.keep_alive);
          return TRUE;
        }
      plan.location.ptr = plan.location_buf;
      plan.location.len = (gsize) n;
      self->key_link = TRUE;
      plan.set_cookie = view->set_cookie;
      plan.set_cookie_len = view->set_cookie_len;
      plan.cache_control = "no-store";
      conn_respond (self, &plan, in->req.keep_alive);
      return TRUE;

    case PT_ACCESS_REFUSED:
    default:
      self->refused = TRUE;
      pt_responder_plan_error (&plan, PT_HTTP_STATUS_FORBIDDEN);
      plan.error_sentence = PT_HTTP_KEY_REFUSED_SENTENCE;
      plan.cache_control = "no-store";
      conn_respond (self, &plan, in->req.keep_alive);
      return TRUE;
    }
}

void
pt_conn_refuse_body (PtConn       *self,
                     PtHttpStatus  status)
{
  /* after a body read over several turns: the head's date is this turn's */
  memcpy (self->in->date, self->env->clock.date, sizeof self->in->date);
  self->body_refused = TRUE;
  conn_respond_status (self, status, FALSE);
}

void
pt_conn_answer_request (PtConn *self)
{
  PtConnIn *in = self->in;
  PtResponsePlan plan;
  PtHttpStatus status;

  /* after a chunked body read over several turns: the head's date is
   * this turn's, as conn_init_head expects */
  memcpy (in->date, self->env->clock.date, sizeof in->date);

  if (conn_host_misdirected (self))
    {
      conn_respond_status (self, PT_HTTP_STATUS_MISDIRECTED_REQUEST, in->req.keep_alive);
      return;
    }

  if (conn_check_access_key (self))
    return;

  status = (PtHttpStatus) pt_http_request_check (&in->req);
  if (status != PT_HTTP_STATUS_NONE)
    {
      /* A refused method still logs the file it named, as the report's
       * "POST / HTTP/1.1" → "/index.html". */
      if (status == PT_HTTP_STATUS_METHOD_NOT_ALLOWED || status == PT_HTTP_STATUS_NOT_IMPLEMENTED)
        {
          PtHttpPath path;

          (void) pt_responder_resolve_path (in, &path);
        }
      conn_respond_status (self, status, in->req.keep_alive);
      return;
    }

  pt_responder_plan (self->env, in, &plan);
  conn_respond (self, &plan, in->req.keep_alive);
}
