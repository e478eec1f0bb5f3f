/* pt-conn.c — one client connection and its state machine (layer 1)
 *
 * Reads top-down: helpers, events and logging, building responses, the
 * request handlers, then one function per state and the driver loop.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

#include "pt-file-cache.h"
#include "pt-file.h"
#include "pt-http-mime.h"
#include "pt-http-response.h"
#include "pt-worker.h"

#define PT_CONN_METHOD_MAX  32    /* longest method token scanned from a rejected head */
#define PT_USEC_PER_SEC     G_USEC_PER_SEC

typedef enum
{
  PT_STEP_CONTINUE,   /* the state changed (or may progress): run again */
  PT_STEP_WAIT,       /* would block: wait for epoll or a timer */
} PtStep;

static inline PtServer *
conn_server (PtConn *self)
{
  return self->worker->server;
}

/* Asks the worker's trace limit whether one more unit (this connection,
 * or the request that begins) is traced: decided before anything is
 * allocated, once for all the unit's events. */
static inline gboolean
conn_trace_take (PtConn *self)
{
  return conn_server (self)->config->trace_events &&
         pt_trace_limit_take (&self->worker->trace_limit, self->worker->clock.mono_ms);
}

/* Whether to emit one event of a unit decided as `traced`; when the limit
 * suppressed the unit, the event is counted for the next DROPPED report. */
static inline gboolean
conn_trace (PtConn   *self,
            gboolean  traced)
{
  if (traced)
    return TRUE;
  if (conn_server (self)->config->trace_events)
    pt_trace_limit_suppress (&self->worker->trace_limit, 1, self->worker->clock.mono_ms);
  return FALSE;
}

/* ---- state ------------------------------------------------------------- */

static void
pt_conn_set_state (PtConn      *self,
                   PtConnState  state)
{
#ifdef PT_CONN_TRACE_STATES
  g_debug ("conn %" G_GUINT64_FORMAT ": state %d → %d", self->id, self->state, state);
#endif
  self->state = state;

  switch (state)
    {
    case PT_CONN_SEND_HEAD:
      pt_worker_timer_set (self->worker, self, PT_TIMER_IO);
      break;

    case PT_CONN_READ_HEAD:
      if (self->in_len > 0 || self->discard_left > 0)
        pt_worker_timer_set (self->worker, self, PT_TIMER_HEAD);
      else
        pt_worker_timer_set (self->worker, self, PT_TIMER_IDLE);
      break;

    case PT_CONN_SEND_BODY:
    case PT_CONN_KEEPALIVE:
    case PT_CONN_CLOSE:
    default:
      break;
    }
}

/* ---- events ------------------------------------------------------------ */

/* One allocation per event: the peer and any request strings are packed
 * after it (method and path: the request's, for REQUEST and RESPONSE). */
static PtEvent *
conn_event_new_full (PtConn      *self,
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

static inline PtEvent *
conn_event_new (PtConn      *self,
                PtEventType  type)
{
  return conn_event_new_full (self, type, FALSE, NULL, 0);
}

static void
conn_emit_request (PtConn     *self,
                   const char *head,
                   gsize       len)
{
  /* A request's events are all traced or all suppressed. */
  self->trace_req = conn_trace_take (self);
  if (!conn_trace (self, self->trace_req))
    return;

  /* Without the final empty line: drop one trailing line end. */
  if (len >= 2 && head[len - 1] == '\n' && (head[len - 2] == '\n' || head[len - 2] == '\r'))
    {
      len--;
      if (head[len - 1] == '\r' && len >= 2 && head[len - 2] == '\n')
        len--;
    }

  pt_server_emit (conn_server (self),
                  conn_event_new_full (self, PT_EVENT_REQUEST, TRUE, head, len));
}

/* ---- logging ----------------------------------------------------------- */

static void
conn_log_response (PtConn *self)
{
  PtServer *server = conn_server (self);
  PtAccessLogEntry entry = { 0 };

  if (server->log == NULL)
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
  entry.time = self->worker->clock.real_s;
  entry.log_date = self->worker->clock.log_date;
  entry.request_line = self->in->request_line;
  entry.body_bytes = self->head_only ? 0 : self->body_bytes;
  if (self->have_req)
    {
      if (PT_HTTP_HAS_HEADER (&self->in->req, PT_HTTP_HEADER_REFERER))
        entry.referer = self->in->req.headers[PT_HTTP_HEADER_REFERER];
      if (PT_HTTP_HAS_HEADER (&self->in->req, PT_HTTP_HEADER_USER_AGENT))
        entry.user_agent = self->in->req.headers[PT_HTTP_HEADER_USER_AGENT];
    }

  pt_access_log_append (server->log, &self->worker->log_chunk, &entry);
}

/* ---- building responses ------------------------------------------------ */

/* Decides persistence for the response about to be built, counts it. */
static void
conn_begin_response (PtConn   *self,
                     int       status,
                     gboolean  keep_alive_requested)
{
  PtServer *server = conn_server (self);
  PtStatsCounters *stats = self->worker->stats;

  self->status = status;
  self->keep_alive = keep_alive_requested;
  self->close_reason = PT_CLOSE_NORMAL;
  if (self->keep_alive && self->worker->stopping)
    self->keep_alive = FALSE;
  if (self->keep_alive && self->n_requests >= server->max_requests)
    {
      self->keep_alive = FALSE;
      self->close_reason = PT_CLOSE_MAX_REQUESTS;
    }

  /* The head is built in the worker's scratch buffer (kept only while a
   * write is partial). */
  g_assert (self->out == NULL && self->file == NULL);
  self->out = &self->worker->scratch_out;
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
  PtServer *server = conn_server (self);

  memset (head, 0, sizeof *head);
  head->status = self->status;
  head->date = self->in->date;
  /* in->date was copied from this clock in this same turn: the same second */
  head->date_line = self->worker->clock.date_line;
  head->date_line_len = self->worker->clock.date_line_len;
  head->keep_alive = self->keep_alive;
  head->keep_alive_timeout = server->keep_alive_timeout_s;
  head->keep_alive_max = server->max_requests - self->n_requests;
}

/* Error (and redirect) responses: head + short HTML body in one buffer. */
static void
conn_respond_error (PtConn      *self,
                    int          status,
                    gboolean     keep_alive_requested,
                    PtHttpSlice  location)
{
  PtHttpResponseHead head;
  char body[PT_HTTP_MAX_ERROR_BODY];
  gssize body_len;
  gssize n;

  conn_begin_response (self, status, keep_alive_requested);

  body_len = pt_http_response_write_error_body (body, sizeof body, status);
  if (body_len < 0)
    body_len = 0;

  conn_init_head (self, &head);
  head.has_content_length = TRUE;
  head.content_length = (guint64) body_len;
  head.content_type = body_len > 0 ? "text/html" : NULL;
  head.allow = status == 405;
  head.location = location.ptr;
  head.location_len = location.len;

  n = pt_http_response_write_head (self->out->data, sizeof self->out->data - (gsize) body_len, &head);
  if (n < 0)
    {
      /* Only a huge Location can do this: answer without it. */
      head.location = NULL;
      head.location_len = 0;
      n = pt_http_response_write_head (self->out->data, sizeof self->out->data - (gsize) body_len, &head);
      g_assert (n >= 0);
    }

  self->out_len = (gsize) n;
  self->body_bytes = (guint64) body_len;
  if (!self->head_only)
    {
      memcpy (self->out->data + self->out_len, body, (gsize) body_len);
      self->out_len += (gsize) body_len;
    }

  pt_conn_set_state (self, PT_CONN_SEND_HEAD);
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

static void
conn_close_own_fd (PtConn *self)
{
  if (self->own_file_fd)
    close (self->file_fd);
  self->own_file_fd = FALSE;
  self->file_fd = -1;
}

/* Takes the reference to entry. */
static void
conn_respond_file (PtConn           *self,
                   PtFileCacheEntry *entry)
{
  PtHttpRequest *req = &self->in->req;
  PtHttpResponseHead head;
  gboolean not_modified = FALSE;
  guint64 size = entry->size;
  gssize n;

  if (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_IF_MODIFIED_SINCE))
    {
      PtHttpSlice ims = req->headers[PT_HTTP_HEADER_IF_MODIFIED_SINCE];
      int64_t since;

      if (pt_http_date_parse (ims.ptr, ims.len, &since) == 0 &&
          (int64_t) entry->mtime <= since)
        not_modified = TRUE;
    }

  conn_begin_response (self, not_modified ? 304 : 200, req->keep_alive);

  conn_init_head (self, &head);
  if (entry->head_fields_len > 0)
    {
      head.file_fields = entry->head_fields;
      head.file_fields_len = not_modified ? entry->head_fields_304_len : entry->head_fields_len;
    }
  else
    {
      head.last_modified = entry->last_modified;
      if (!not_modified)
        {
          head.has_content_length = TRUE;
          head.content_length = size;
          head.content_type = entry->content_type;
        }
    }

  n = pt_http_response_write_head (self->out->data, sizeof self->out->data, &head);
  g_assert (n >= 0);
  self->out_len = (gsize) n;

  if (not_modified || self->head_only || size == 0)
    {
      pt_file_cache_entry_unref (entry);
      self->body_bytes = 0;
      pt_conn_set_state (self, PT_CONN_SEND_HEAD);
      return;
    }

  self->body_bytes = size;
  self->file = entry;
  if (entry->data != NULL)
    {
      /* Small file: head and body go out in one send, the body straight
       * from the cache (copied behind the head only if the send is partial). */
      g_assert (size <= sizeof self->out->data - self->out_len);
      self->body_mem = entry->data;
      self->body_mem_len = (gsize) size;
    }
  else
    {
      self->file_fd = entry->fd;
      if (size > PT_CONN_OWN_FD_ABOVE)
        conn_open_own_fd (self);
      self->file_offset = 0;
      self->file_end = (off_t) size;
    }
  pt_conn_set_state (self, PT_CONN_SEND_HEAD);
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

static void
conn_reset_request (PtConn *self)
{
  self->have_req = FALSE;
  self->head_only = FALSE;
  self->head_len = 0;
  self->request_keep_alive = -1;
  if (self->in != NULL)
    {
      self->in->log_method = slice_none ();
      self->in->log_path = slice_none ();
      self->in->request_line = slice_none ();
    }
}

/* A head the parser rejected (or that timed out): answer, then close. */
static void
conn_handle_bad_head (PtConn *self,
                      int     status)
{
  PtConnIn *in = self->in;
  gsize head_len = self->in_len;
  const char *end;

  conn_reset_request (self);
  self->n_requests++;
  memcpy (in->date, self->worker->clock.date, sizeof in->date);

  in->request_line = scan_first_line (in->data, self->in_len);
  scan_request_line (in->request_line, &in->log_method, &in->log_path);
  self->head_only = in->log_method.ptr != NULL &&
                    in->log_method.len == 4 && memcmp (in->log_method.ptr, "HEAD", 4) == 0;

  end = g_strstr_len (in->data, (gssize) self->in_len, "\n\r\n");
  if (end != NULL)
    head_len = (gsize) (end - in->data) + 3;
  else if ((end = g_strstr_len (in->data, (gssize) self->in_len, "\n\n")) != NULL)
    head_len = (gsize) (end - in->data) + 2;
  conn_emit_request (self, in->data, head_len);

  conn_respond_error (self, status, FALSE, slice_none ());
}

/* The file the request names: the normalised path in in->path (with
 * index.html for a folder), which also becomes the logged file name.
 * Returns 0, or the status for a path that cannot be served (then the
 * logged name stays the raw path). */
static int
conn_resolve_path (PtConn     *self,
                   PtHttpPath *path)
{
  PtConnIn *in = self->in;
  gsize len;
  int status;

  in->path[0] = '/';
  status = pt_http_path_normalize (in->req.path.ptr, in->req.path.len,
                                   in->path + 1, PT_HTTP_MAX_PATH, path);
  if (status != 0)
    return status;

  len = path->len + 1;
  if (path->is_directory)
    {
      static const char index_name[] = "index.html";

      if (len > 1 && in->path[len - 1] != '/')
        in->path[len++] = '/';
      memcpy (in->path + len, index_name, sizeof index_name);
      len += sizeof index_name - 1;
    }
  in->log_path.ptr = in->path;
  in->log_path.len = len;
  return 0;
}

static void
conn_serve (PtConn *self)
{
  PtServer *server = conn_server (self);
  PtWorker *worker = self->worker;
  PtConnIn *in = self->in;
  PtFileCacheEntry *entry;
  PtHttpPath path;
  const char *content_type;
  gsize len;
  PtFile file;
  int status;

  status = conn_resolve_path (self, &path);
  if (status != 0)
    {
      conn_respond_error (self, status, in->req.keep_alive, slice_none ());
      return;
    }
  len = in->log_path.len;

  /* Only files that passed every check below are in the cache. */
  entry = pt_file_cache_lookup (worker->file_cache, in->path + 1, worker->clock.mono_ms);
  if (entry != NULL)
    {
      conn_respond_file (self, entry);
      return;
    }

  content_type = pt_http_mime_lookup (in->path, len);
  pt_file_open (worker->root_fd, in->path + 1, &file);

  if (file.status == 301 && !path.is_directory)
    {
      /* "/dir" → "/dir/", whatever its name looks like; the query stays off. */
      char location[PT_HTTP_MAX_REQUEST_LINE + 2];
      PtHttpSlice loc = { location, in->req.path.len + 1 };

      memcpy (location, in->req.path.ptr, in->req.path.len);
      location[in->req.path.len] = '/';
      conn_respond_error (self, 301, in->req.keep_alive, loc);
      return;
    }

  /* The type check comes before the existence check (the report's 400). */
  if (content_type == NULL)
    {
      if (!server->config->serve_any_type)
        {
          if (file.fd >= 0)
            close (file.fd);
          conn_respond_error (self, 400, in->req.keep_alive, slice_none ());
          return;
        }
      content_type = PT_HTTP_MIME_DEFAULT;
    }

  if (file.status == 301)
    file.status = 403;   /* "/dir/index.html/" is itself a folder */

  if (file.status != 200)
    {
      if (file.status == 500)
        pt_server_emit_error (server, "%s %s: %s", file.failed, in->path,
                              g_strerror (file.saved_errno));
      conn_respond_error (self, file.status, in->req.keep_alive, slice_none ());
      return;
    }

  entry = pt_file_cache_insert (worker->file_cache, in->path + 1, file.fd, &file.st,
                                content_type, worker->clock.mono_ms);
  conn_respond_file (self, entry);
}

static void
conn_handle_request (PtConn *self,
                     gsize   head_len)
{
  int status;

  PtConnIn *in = self->in;

  conn_reset_request (self);
  self->have_req = TRUE;
  self->head_len = head_len;
  self->n_requests++;
  memcpy (in->date, self->worker->clock.date, sizeof in->date);

  in->request_line = scan_first_line (in->data, head_len);
  in->log_method = in->req.method_str;
  in->log_path = in->req.path;   /* replaced by the normalised path when there is one */
  self->request_keep_alive = in->req.keep_alive ? 1 : 0;
  self->head_only = in->req.method == PT_HTTP_METHOD_HEAD;
  if (in->req.has_content_length)
    self->discard_left = in->req.content_length;

  conn_emit_request (self, in->data, head_len);

  status = pt_http_request_check (&in->req);
  if (status != 0)
    {
      /* A refused method still logs the file it named, as the report's
       * "POST / HTTP/1.1" → "/index.html". */
      if (status == 405 || status == 501)
        {
          PtHttpPath path;

          (void) conn_resolve_path (self, &path);
        }
      conn_respond_error (self, status, in->req.keep_alive, slice_none ());
      return;
    }

  conn_serve (self);
}

/* ---- buffers ------------------------------------------------------------ */

/* Where the connection's bytes live while it runs: its own buffers if it
 * has some, else the worker's scratch ones. */
static void
conn_enter (PtConn *self)
{
  if (self->in == NULL)
    {
      g_assert (self->in_len == 0);
      self->in = &self->worker->scratch_in;
      conn_reset_request (self);
    }
}

static inline void
rebase_slice (PtHttpSlice *s,
              const char  *old_base,
              gsize        size,
              char        *new_base)
{
  guintptr p = (guintptr) s->ptr;
  guintptr o = (guintptr) old_base;

  if (s->ptr != NULL && p >= o && p < o + size)
    s->ptr = new_base + (p - o);
}

/* Copies what a waiting connection still needs out of the worker's scratch
 * input (the request with its slices, the bytes received) into a buffer of
 * its own. */
static void
conn_keep_in (PtConn *self)
{
  PtWorker *worker = self->worker;
  PtConnIn *scratch = self->in;
  PtConnIn *own = pt_buf_pool_get (&worker->in_pool);
  const char *old_base = (const char *) scratch;
  char *new_base = (char *) own;

  memcpy (own, scratch, G_STRUCT_OFFSET (PtConnIn, path));
  if (self->in->log_path.ptr == scratch->path)
    memcpy (own->path, scratch->path, self->in->log_path.len + 1);
  memcpy (own->data, scratch->data, self->in_len);

  rebase_slice (&own->req.method_str, old_base, sizeof *own, new_base);
  rebase_slice (&own->req.target, old_base, sizeof *own, new_base);
  rebase_slice (&own->req.path, old_base, sizeof *own, new_base);
  for (guint i = 0; i < PT_HTTP_N_HEADERS; i++)
    rebase_slice (&own->req.headers[i], old_base, sizeof *own, new_base);
  rebase_slice (&own->log_method, old_base, sizeof *own, new_base);
  rebase_slice (&own->log_path, old_base, sizeof *own, new_base);
  rebase_slice (&own->request_line, old_base, sizeof *own, new_base);

  self->in = own;
}

/* Copies the unsent part of the response (head and a cached small body)
 * out of the worker's scratch output into a buffer of its own. */
static void
conn_keep_out (PtConn *self)
{
  PtConnOut *own = pt_buf_pool_get (&self->worker->out_pool);
  gsize len = 0;

  if (self->out_sent < self->out_len)
    {
      len = self->out_len - self->out_sent;
      memcpy (own->data, self->out->data + self->out_sent, len);
    }
  if (self->body_mem_len > 0)
    {
      gsize skip = self->out_sent > self->out_len ? self->out_sent - self->out_len : 0;

      g_assert (len + self->body_mem_len - skip <= sizeof own->data);
      memcpy (own->data + len, self->body_mem + skip, self->body_mem_len - skip);
      len += self->body_mem_len - skip;
    }

  self->out = own;
  self->out_len = len;
  self->out_sent = 0;
  self->body_mem = NULL;
  self->body_mem_len = 0;
}

static void
conn_release_out (PtConn *self)
{
  if (self->out != NULL && self->out != &self->worker->scratch_out)
    pt_buf_pool_put (&self->worker->out_pool, self->out);
  self->out = NULL;
  self->out_len = 0;
  self->out_sent = 0;
  self->body_mem = NULL;
  self->body_mem_len = 0;
}

static void
conn_release_in (PtConn *self)
{
  if (self->in != NULL && self->in != &self->worker->scratch_in)
    pt_buf_pool_put (&self->worker->in_pool, self->in);
  self->in = NULL;
}

/* The connection waits for epoll or a timer: it must not leave anything
 * in the worker's scratch buffers, and holds buffers only if it needs them. */
static void
conn_leave (PtConn *self)
{
  PtWorker *worker = self->worker;
  gboolean sending = self->state == PT_CONN_SEND_HEAD || self->state == PT_CONN_SEND_BODY;

  g_assert (self->state != PT_CONN_CLOSE);

  if (self->in == &worker->scratch_in)
    {
      if (self->in_len > 0 || sending)
        conn_keep_in (self);
      else
        self->in = NULL;
    }
  else if (self->in != NULL && self->in_len == 0 && !sending)
    {
      conn_release_in (self);
    }

  if (self->out == &worker->scratch_out)
    {
      if (self->state == PT_CONN_SEND_HEAD)
        conn_keep_out (self);
      else
        self->out = NULL;
    }
}

/* ---- closing ----------------------------------------------------------- */

static void
conn_drain (PtConn *self)
{
  char sink[4096];
  gsize drained = 0;

  while (drained < PT_CONN_LINGER_MAX)
    {
      ssize_t n = recv (self->fd, sink, sizeof sink, MSG_DONTWAIT);

      if (n <= 0)
        break;
      drained += (gsize) n;
    }
}

static void
conn_close (PtConn *self)
{
  PtServer *server = conn_server (self);
  PtWorker *worker = self->worker;
  PtEventType type = PT_EVENT_CONN_CLOSED;

  g_assert (self->state == PT_CONN_CLOSE);

  conn_close_own_fd (self);
  g_clear_pointer (&self->file, pt_file_cache_entry_unref);
  conn_release_out (self);
  conn_release_in (self);
  if (self->posted)
    pt_worker_unpost (worker, self);

  pt_worker_timer_remove (worker, self);
  /* Unread bytes would turn the close into a reset that can destroy the
   * response before the client reads it.  After a short read (and no
   * readiness event since) the socket's queue was empty: skip the call. */
  if (self->readable)
    conn_drain (self);
  close (self->fd);
  self->fd = -1;

  if (conn_trace (self, self->trace_conn))
    {
      PtEvent *event;

      if (self->close_reason == PT_CLOSE_TIMEOUT)
        type = PT_EVENT_TIMEOUT;
      else if (self->close_reason == PT_CLOSE_MAX_REQUESTS)
        type = PT_EVENT_MAX_REQUESTS;
      event = conn_event_new (self, type);
      event->count = server->max_requests;
      pt_server_emit (server, event);
    }

  pt_stats_sub (&worker->stats->connections_open, 1);
  g_atomic_int_add (&server->n_open, -1);
  pt_worker_release_conn (worker, self);
}

/* ---- one function per state -------------------------------------------- */

static PtStep
conn_read_head (PtConn *self)
{
  PtConnIn *in = self->in;

  g_assert (self->state == PT_CONN_READ_HEAD);

  for (;;)
    {
      gsize space;
      ssize_t n;

      if (self->discard_left > 0 && self->in_len > 0)
        {
          gsize skip = (gsize) MIN (self->discard_left, (guint64) self->in_len);

          memmove (in->data, in->data + skip, self->in_len - skip);
          self->in_len -= skip;
          self->discard_left -= skip;
          if (self->discard_left == 0 && self->in_len == 0)
            pt_worker_timer_set (self->worker, self, PT_TIMER_IDLE);
        }

      if (self->discard_left == 0 && self->in_len > 0)
        {
          ssize_t r = pt_http_parse_request (in->data, self->in_len, &in->req);

          if (r > 0)
            {
              conn_handle_request (self, (gsize) r);
              return PT_STEP_CONTINUE;
            }
          if (r < 0)
            {
              conn_handle_bad_head (self, (int) -r);
              return PT_STEP_CONTINUE;
            }
          if (self->in_len == sizeof in->data)
            {
              conn_handle_bad_head (self, 431);
              return PT_STEP_CONTINUE;
            }
        }

      /* A short read emptied the socket: wait for epoll rather than read
       * again just to get EAGAIN. */
      if (!self->readable)
        return PT_STEP_WAIT;

      space = sizeof in->data - self->in_len;
      n = recv (self->fd, in->data + self->in_len, space, 0);
      if (n > 0)
        {
          if ((gsize) n < space && !self->peer_hup)
            self->readable = FALSE;
          if (self->in_len == 0 && self->discard_left == 0)
            pt_worker_timer_set (self->worker, self, PT_TIMER_HEAD);
          self->in_len += (gsize) n;
          continue;
        }

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          self->readable = FALSE;
          /* Silent, so the deferring listener's kernel held it until its
           * time ran out: the idle time counts from the connect. */
          if (self->accept_held && self->timer == PT_TIMER_IDLE && self->n_requests == 0)
            pt_worker_timer_set (self->worker, self, PT_TIMER_IDLE_HELD);
          self->accept_held = FALSE;
          return PT_STEP_WAIT;
        }

      /* Peer closed (or reset): nothing to answer. */
      self->readable = FALSE;
      self->close_reason = PT_CLOSE_NORMAL;
      pt_conn_set_state (self, PT_CONN_CLOSE);
      return PT_STEP_CONTINUE;
    }
}

static PtStep conn_finish_response (PtConn *self);

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
          pt_stats_add (&self->worker->stats->bytes_sent, (guint64) n);
          continue;
        }
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        {
          pt_worker_timer_set (self->worker, self, PT_TIMER_IO);
          return PT_STEP_WAIT;
        }

      /* EPIPE, ECONNRESET: the client is gone. */
      self->keep_alive = FALSE;
      self->close_reason = PT_CLOSE_NORMAL;
      conn_log_response (self);
      pt_conn_set_state (self, PT_CONN_CLOSE);
      return PT_STEP_CONTINUE;
    }

  if (self->file_fd >= 0)
    {
      pt_conn_set_state (self, PT_CONN_SEND_BODY);
      return PT_STEP_CONTINUE;
    }

  return conn_finish_response (self);
}

static PtStep
conn_send_body (PtConn *self)
{
  g_assert (self->state == PT_CONN_SEND_BODY);

  while (self->file_offset < self->file_end)
    {
      /* The first turn is shorter by the head, so that every turn ends on
       * a PT_CONN_SENDFILE_CHUNK boundary of the stream, as lighttpd's do
       * (scenario e capped: +22 % measured, tests/bench/README.md). */
      guint64 turn = PT_CONN_SENDFILE_CHUNK;
      gsize chunk;
      ssize_t n;

      if (self->file_offset == 0 && self->out_len < turn / 2)
        turn -= self->out_len;
      chunk = (gsize) MIN ((guint64) (self->file_end - self->file_offset), turn);
      n = sendfile (self->fd, self->file_fd, &self->file_offset, chunk);

      if (n > 0)
        {
          self->bytes_sent += (guint64) n;
          pt_stats_add (&self->worker->stats->bytes_sent, (guint64) n);
          if ((gsize) n == chunk && self->file_offset < self->file_end)
            {
              /* The socket may take more, but one chunk per turn: the
               * bytes stay in the CPU cache on their way through loopback
               * and other connections get their turn.  The worker runs
               * this connection again after its current batch. */
              pt_worker_timer_set (self->worker, self, PT_TIMER_IO);
              pt_worker_post (self->worker, self);
              return PT_STEP_WAIT;
            }
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          pt_worker_timer_set (self->worker, self, PT_TIMER_IO);
          return PT_STEP_WAIT;
        }

      /* 0: the file was truncated while sent; < 0: the client is gone.
       * Either way the promised length cannot be kept: close. */
      if (n < 0 && errno != EPIPE && errno != ECONNRESET)
        pt_server_emit_error (conn_server (self), "sendfile %s: %s",
                              self->in->path, g_strerror (errno));
      self->keep_alive = FALSE;
      self->close_reason = PT_CLOSE_NORMAL;
      conn_log_response (self);
      pt_conn_set_state (self, PT_CONN_CLOSE);
      return PT_STEP_CONTINUE;
    }

  return conn_finish_response (self);
}

static PtStep
conn_finish_response (PtConn *self)
{
  g_assert (self->state == PT_CONN_SEND_HEAD || self->state == PT_CONN_SEND_BODY);

  conn_close_own_fd (self);
  g_clear_pointer (&self->file, pt_file_cache_entry_unref);
  conn_release_out (self);

  conn_log_response (self);

  if (conn_trace (self, self->trace_req))
    {
      PtEvent *event = conn_event_new_full (self, PT_EVENT_RESPONSE, TRUE, NULL, 0);

      event->status = self->status;
      event->bytes = self->bytes_sent;
      event->keep_alive = self->keep_alive && !self->worker->stopping;
      pt_server_emit (conn_server (self), event);
    }

  if (self->keep_alive && !self->worker->stopping)
    pt_conn_set_state (self, PT_CONN_KEEPALIVE);
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

  if (conn_trace (self, self->trace_req))
    pt_server_emit (conn_server (self), conn_event_new (self, PT_EVENT_KEEP_ALIVE));

  /* Bytes after the head are the body to skip, then the next request. */
  memmove (in->data, in->data + self->head_len, self->in_len - self->head_len);
  self->in_len -= self->head_len;
  conn_reset_request (self);

  pt_conn_set_state (self, PT_CONN_READ_HEAD);
  return PT_STEP_CONTINUE;
}

/* First wait: join the worker's epoll (not needed by a connection answered
 * and closed straight after accept).  Edge-triggered, and EPOLL_CTL_ADD
 * reports what is already pending, so nothing is missed. */
static gboolean
conn_register (PtConn *self)
{
  struct epoll_event ev = { 0 };

  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = self;
  if (epoll_ctl (self->worker->epfd, EPOLL_CTL_ADD, self->fd, &ev) < 0)
    {
      pt_server_emit_error (conn_server (self), "epoll_ctl: %s", g_strerror (errno));
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

        case PT_CONN_SEND_HEAD:
          step = conn_send_head (self);
          break;

        case PT_CONN_SEND_BODY:
          step = conn_send_body (self);
          break;

        case PT_CONN_KEEPALIVE:
          step = conn_keepalive (self);
          break;

        case PT_CONN_CLOSE:
          conn_close (self);
          return;

        default:
          g_assert_not_reached ();
        }

      if (step == PT_STEP_WAIT)
        {
          if (!self->registered && !conn_register (self))
            {
              self->keep_alive = FALSE;
              self->close_reason = PT_CLOSE_NORMAL;
              pt_conn_set_state (self, PT_CONN_CLOSE);
              continue;
            }
          conn_leave (self);
          return;
        }
    }
}

/* ---- public ------------------------------------------------------------ */

/* Dotted quad by hand: glibc's inet_ntop formats IPv4 with sprintf, which
 * cost a third of a short connection's instructions.  addr_size is at
 * least INET_ADDRSTRLEN. */
static void
format_ipv4 (const guint8 b[4],
             char         *addr)
{
  char *p = addr;

  for (guint i = 0; i < 4; i++)
    {
      guint v = b[i];

      if (i > 0)
        *p++ = '.';
      if (v >= 100)
        *p++ = (char) ('0' + v / 100);
      if (v >= 10)
        *p++ = (char) ('0' + v / 10 % 10);
      *p++ = (char) ('0' + v % 10);
    }
  *p = '\0';
}

gboolean
pt_conn_format_peer (const struct sockaddr *sa,
                     char                  *addr,
                     gsize                  addr_size,
                     guint                 *port)
{
  if (sa->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) (gconstpointer) sa;

      *port = ntohs (sin6->sin6_port);
      if (IN6_IS_ADDR_V4MAPPED (&sin6->sin6_addr))
        {
          g_assert (addr_size >= INET_ADDRSTRLEN);
          format_ipv4 (sin6->sin6_addr.s6_addr + 12, addr);
          return sin6->sin6_addr.s6_addr[12] == 127;
        }
      inet_ntop (AF_INET6, &sin6->sin6_addr, addr, (socklen_t) addr_size);
      return IN6_IS_ADDR_LOOPBACK (&sin6->sin6_addr);
    }

  if (sa->sa_family == AF_INET)
    {
      const struct sockaddr_in *sin = (const struct sockaddr_in *) (gconstpointer) sa;
      guint8 b[4];

      *port = ntohs (sin->sin_port);
      memcpy (b, &sin->sin_addr.s_addr, sizeof b);   /* network order: first byte first */
      g_assert (addr_size >= INET_ADDRSTRLEN);
      format_ipv4 (b, addr);
      return b[0] == 127;
    }

  g_strlcpy (addr, "-", addr_size);
  *port = 0;
  return FALSE;
}

void
pt_conn_start (PtConn                *self,
               int                    fd,
               const struct sockaddr *peer,
               socklen_t              peer_len)
{
  PtWorker *worker = self->worker;
  guint port = 0;

  self->fd = fd;
  self->file_fd = -1;
  self->own_file_fd = FALSE;
  self->file = NULL;
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
  self->prev = self->next = NULL;
  self->registered = FALSE;
  self->posted = FALSE;
  self->posted_next = NULL;
  self->readable = TRUE;    /* the request is usually there already: try at once */
  self->peer_hup = FALSE;
  self->keep_alive = FALSE;
  self->id = ++worker->conn_seq * PT_MAX_THREADS + worker->index;
  self->peer_is_loopback = pt_conn_format_peer (peer, self->peer_addr,
                                                sizeof self->peer_addr, &port);
  self->peer_port = (guint16) port;
  self->peer_addr_len = (guint8) strlen (self->peer_addr);
  conn_reset_request (self);

  pt_stats_add (&worker->stats->connections_open, 1);
  pt_stats_add (&worker->stats->connections_total, 1);

  self->trace_req = FALSE;
  self->accept_held = g_atomic_int_get (&conn_server (self)->defer_accept) != 0;
  self->trace_conn = conn_trace_take (self);
  if (conn_trace (self, self->trace_conn))
    pt_server_emit (conn_server (self), conn_event_new (self, PT_EVENT_CONN_OPENED));

  self->state = PT_CONN_READ_HEAD;
  pt_conn_set_state (self, PT_CONN_READ_HEAD);

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
          conn_handle_bad_head (self, 408);
          break;
        }
      self->close_reason = PT_CLOSE_NORMAL;
      pt_conn_set_state (self, PT_CONN_CLOSE);
      break;

    case PT_TIMER_IO:
    case PT_TIMER_N:
    case PT_TIMER_NONE:
    default:
      self->keep_alive = FALSE;
      self->close_reason = PT_CLOSE_NORMAL;
      pt_conn_set_state (self, PT_CONN_CLOSE);
      break;
    }

  conn_run (self);
}

void
pt_conn_on_stop (PtConn   *self,
                 gboolean  force)
{
  if (!force && self->state != PT_CONN_READ_HEAD)
    return;   /* a response in flight may finish */

  self->keep_alive = FALSE;
  self->close_reason = PT_CLOSE_NORMAL;
  self->readable = TRUE;   /* drain whatever may have arrived */
  pt_conn_set_state (self, PT_CONN_CLOSE);
  conn_close (self);
}
