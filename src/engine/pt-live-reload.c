/* pt-live-reload.c — live reload: the /.portico/ endpoints, the script tag, the change hub (layer 1)
 *
 * Reads top-down: the hub (any thread), the endpoints, then the injected
 * HTML responses.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-live-reload.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pt-fd-write.h"
#include "pt-http-cond.h"
#include "pt-http-inject.h"
#include "pt-listing.h"
#include "pt-tsan.h"

/* build-aux/embed-text.py: pt-live-reload.js */
extern const char pt_live_reload_script[];
extern const unsigned long pt_live_reload_script_len;

#define PT_LIVE_RELOAD_SCRIPT_TYPE  "text/javascript; charset=utf-8"
#define PT_LIVE_RELOAD_STREAM_TYPE  "text/event-stream"
#define PT_LIVE_RELOAD_NO_CACHE     "no-cache"
#define PT_LIVE_RELOAD_NO_STORE     "no-store"

/* ---- the hub ------------------------------------------------------------ */

void
pt_live_reload_hub_restart (PtLiveReloadHub *hub)
{
  g_snprintf (hub->instance, sizeof hub->instance, "%08x%08x",
              g_random_int (), g_random_int ());
  hub->tag_len = (gsize) g_snprintf (hub->tag, sizeof hub->tag,
                                     "<script src=\"" PT_LIVE_RELOAD_SCRIPT_PATH "?id=%s\" defer></script>",
                                     hub->instance);
}

GBytes *
pt_live_reload_hello (PtLiveReloadHub *hub,
                      guint64          seq)
{
  char *text = g_strdup_printf ("retry: %d\nid: %" G_GUINT64_FORMAT "\nevent: hello\ndata: %s\n\n",
                                PT_LIVE_RELOAD_RETRY_MS, seq, hub->instance);

  return g_bytes_new_take (text, strlen (text));
}

PtLiveReloadHub *
pt_live_reload_hub_new (void)
{
  PtLiveReloadHub *hub = g_new0 (PtLiveReloadHub, 1);
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                      (const guchar *) pt_live_reload_script,
                                                      pt_live_reload_script_len);

  pt_live_reload_hub_restart (hub);
  g_snprintf (hub->script_etag, sizeof hub->script_etag, "\"%.16s\"", sum);
  g_mutex_init (&hub->lock);
  return hub;
}

void
pt_live_reload_hub_free (PtLiveReloadHub *hub)
{
  if (hub == NULL)
    return;
  for (guint i = 0; i < PT_LIVE_RELOAD_RING; i++)
    g_clear_pointer (&hub->ring[i], g_bytes_unref);
  g_mutex_clear (&hub->lock);
  g_free (hub);
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      guchar c = (guchar) *s;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

GBytes *
pt_live_reload_format_change (guint64            seq,
                              const char *const *paths)
{
  GString *out = g_string_new (NULL);
  gsize start;

  g_string_printf (out, "id: %" G_GUINT64_FORMAT "\nevent: change\ndata: [", seq);
  start = out->len;

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, paths[i]);
    }
  if (out->len > PT_LIVE_RELOAD_EVENT_MAX)
    {
      /* too many to name: "everything" (the page reloads) */
      g_string_truncate (out, start);
      g_string_append (out, "\"*\"");
    }
  g_string_append (out, "]\n\n");
  return g_string_free_to_bytes (out);
}

guint
pt_live_reload_hub_publish (PtLiveReloadHub   *hub,
                            const char *const *paths)
{
  GBytes *event;
  guint slot;

  g_mutex_lock (&hub->lock);
  PT_TSAN_ACQUIRE (&hub->lock);
  hub->seq++;
  event = pt_live_reload_format_change (hub->seq, paths);
  slot = (guint) ((hub->seq - 1) % PT_LIVE_RELOAD_RING);
  g_clear_pointer (&hub->ring[slot], g_bytes_unref);
  hub->ring[slot] = event;
  g_atomic_int_inc (&hub->generation);
  PT_TSAN_RELEASE (&hub->lock);
  g_mutex_unlock (&hub->lock);

  return (guint) g_atomic_int_get (&hub->n_streams);
}

guint64
pt_live_reload_hub_seq (PtLiveReloadHub *hub)
{
  guint64 seq;

  g_mutex_lock (&hub->lock);
  PT_TSAN_ACQUIRE (&hub->lock);
  seq = hub->seq;
  PT_TSAN_RELEASE (&hub->lock);
  g_mutex_unlock (&hub->lock);
  return seq;
}

GBytes *
pt_live_reload_hub_take (PtLiveReloadHub *hub,
                         guint64         *seen)
{
  GByteArray *out;

  g_mutex_lock (&hub->lock);
  PT_TSAN_ACQUIRE (&hub->lock);
  if (*seen >= hub->seq)
    {
      PT_TSAN_RELEASE (&hub->lock);
      g_mutex_unlock (&hub->lock);
      return NULL;
    }

  if (hub->seq - *seen > PT_LIVE_RELOAD_RING)
    {
      static const char *const everything[] = { "*", NULL };

      *seen = hub->seq;
      PT_TSAN_RELEASE (&hub->lock);
      g_mutex_unlock (&hub->lock);
      return pt_live_reload_format_change (*seen, everything);
    }

  out = g_byte_array_new ();
  for (guint64 n = *seen + 1; n <= hub->seq; n++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (hub->ring[(n - 1) % PT_LIVE_RELOAD_RING], &len);

      g_byte_array_append (out, data, (guint) len);
    }
  *seen = hub->seq;
  PT_TSAN_RELEASE (&hub->lock);
  g_mutex_unlock (&hub->lock);
  return g_byte_array_free_to_bytes (out);
}

/* ---- the endpoints ------------------------------------------------------ */

static gboolean
slice_is (PtHttpSlice  s,
          const char  *literal)
{
  gsize n = strlen (literal);

  return s.len == n && memcmp (s.ptr, literal, n) == 0;
}

static void
emit_browsers (PtConnEnv *env,
               guint      count)
{
  PtEvent *event = pt_event_new (PT_EVENT_LIVE_RELOAD_BROWSERS);

  event->count = count;
  pt_conn_env_emit (env, event);
}

/* 304 when If-None-Match names the script's tag, 412 when If-Match does
 * not, else 200. */
static PtHttpStatus
evaluate (const PtHttpRequest *req,
          const char          *etag)
{
  PtHttpSlice absent = { NULL, 0 };
  PtHttpCondInput in;

  in.method = req->method;
  in.if_match = PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_IF_MATCH)
                ? req->headers[PT_HTTP_HEADER_IF_MATCH] : absent;
  in.if_unmodified_since = absent;
  in.if_none_match = PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_IF_NONE_MATCH)
                     ? req->headers[PT_HTTP_HEADER_IF_NONE_MATCH] : absent;
  in.if_modified_since = absent;
  in.etag = etag;
  in.etag_len = strlen (etag);
  in.mtime = 0;
  return (PtHttpStatus) pt_http_cond_evaluate (&in);
}

static void
answer_script (PtConnEnv          *env,
               const PtConnIn     *in,
               PtLiveReloadAnswer *answer)
{
  PtLiveReloadHub *hub = env->live_reload;

  answer->status = evaluate (&in->req, hub->script_etag);
  if (answer->status != PT_HTTP_STATUS_OK && answer->status != PT_HTTP_STATUS_NOT_MODIFIED)
    return;
  answer->etag = hub->script_etag;
  answer->cache_control = PT_LIVE_RELOAD_NO_CACHE;
  if (answer->status == PT_HTTP_STATUS_NOT_MODIFIED)
    return;
  answer->has_length = TRUE;
  answer->content_type = PT_LIVE_RELOAD_SCRIPT_TYPE;
  answer->body = pt_live_reload_script;
  answer->body_len = pt_live_reload_script_len;
}

static void
answer_events (PtConnEnv          *env,
               const PtConnIn     *in,
               PtLiveReloadAnswer *answer)
{
  PtLiveReloadHub *hub = env->live_reload;

  if (in->req.method == PT_HTTP_METHOD_GET)
    {
      guint open = (guint) g_atomic_int_add (&hub->n_streams, 1);

      if (open >= PT_LIVE_RELOAD_MAX_STREAMS)
        {
          g_atomic_int_add (&hub->n_streams, -1);
          answer->status = PT_HTTP_STATUS_SERVICE_UNAVAILABLE;
          answer->retry_after = PT_LIVE_RELOAD_RETRY_AFTER_S;
          return;
        }
      emit_browsers (env, open + 1);
    }

  answer->status = PT_HTTP_STATUS_OK;
  answer->content_type = PT_LIVE_RELOAD_STREAM_TYPE;
  answer->cache_control = PT_LIVE_RELOAD_NO_STORE;
  answer->close = TRUE;   /* no length: the stream ends with the connection */
  if (in->req.method != PT_HTTP_METHOD_GET)
    return;
  answer->stream = TRUE;   /* its hello is the stream's first event (pt_live_reload_hello) */
}

void
pt_live_reload_answer (PtConnEnv          *env,
                       const PtConnIn     *in,
                       PtLiveReloadAnswer *answer)
{
  g_assert (env->live_reload != NULL);

  memset (answer, 0, sizeof *answer);
  if (slice_is (in->req.path, PT_LIVE_RELOAD_SCRIPT_PATH))
    answer_script (env, in, answer);
  else if (slice_is (in->req.path, PT_LIVE_RELOAD_EVENTS_PATH))
    answer_events (env, in, answer);
  else
    answer->status = PT_HTTP_STATUS_NOT_FOUND;
}

void
pt_live_reload_sync_cache (PtConnEnv *env)
{
  gint generation = g_atomic_int_get (&env->live_reload->generation);

  if (generation == env->live_reload_generation)
    return;
  env->live_reload_generation = generation;
  pt_file_cache_clear (env->file_cache);
  /* A listing shows sizes and dates: the reloaded page must have the new ones. */
  g_clear_pointer (&env->listing_cache, pt_listing_cache_free);
}

void
pt_live_reload_stream_gone (PtConnEnv *env)
{
  gint before = g_atomic_int_add (&env->live_reload->n_streams, -1);

  emit_browsers (env, (guint) MAX (before - 1, 0));
}

/* ---- injection ---------------------------------------------------------- */

gboolean
pt_live_reload_is_html (const char *content_type)
{
  return content_type != NULL && g_str_has_prefix (content_type, "text/html") &&
         (content_type[9] == '\0' || content_type[9] == ';');
}

gboolean
pt_live_reload_wants (const PtConnIn *in)
{
  const PtHttpRequest *req = &in->req;
  const char *query;

  if (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_SEC_FETCH_DEST))
    {
      PtHttpSlice dest = req->headers[PT_HTTP_HEADER_SEC_FETCH_DEST];

      if (!slice_is (dest, "document") && !slice_is (dest, "iframe"))
        return FALSE;
    }

  query = memchr (req->target.ptr, '?', req->target.len);
  if (query != NULL &&
      g_strstr_len (query, (gssize) (req->target.len - (gsize) (query - req->target.ptr)),
                    PT_LIVE_RELOAD_OPT_OUT) != NULL)
    return FALSE;
  return TRUE;
}

/* The whole of fd[0..size) (NULL when it cannot be read whole). */
static char *
read_whole (int   fd,
            gsize size)
{
  char *data = g_malloc (MAX (size, 1));
  gsize got = 0;

  while (got < size)
    {
      ssize_t n = pread (fd, data + got, size - got, (off_t) got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_free (data);
          return NULL;
        }
      got += (gsize) n;
    }
  return data;
}

gsize
pt_live_reload_tag_len (PtConnEnv *env)
{
  return env->live_reload->tag_len;
}

gboolean
pt_live_reload_format_etag (PtConnEnv  *env,
                            const char *etag,
                            gsize       len,
                            char       *buf,
                            gsize       size)
{
  int n;

  if (len < 2 || etag[len - 1] != '"')
    return FALSE;
  n = g_snprintf (buf, size, "%.*s" PT_LIVE_RELOAD_ETAG_SUFFIX "%s\"",
                  (int) len - 1, etag, env->live_reload->instance);
  return n > 0 && (gsize) n < size;
}

char *
pt_live_reload_inject_copy (PtConnEnv  *env,
                            const char *data,
                            gsize       size,
                            gsize      *len)
{
  PtLiveReloadHub *hub = env->live_reload;
  gsize at = pt_http_inject_offset (data, size);
  char *out = g_malloc (size + hub->tag_len);

  memcpy (out, data, at);
  memcpy (out + at, hub->tag, hub->tag_len);
  memcpy (out + at + hub->tag_len, data + at, size - at);
  *len = size + hub->tag_len;
  return out;
}

int
pt_live_reload_inject (PtConnEnv  *env,
                       const char *data,
                       int         fd,
                       gsize       size)
{
  PtLiveReloadHub *hub = env->live_reload;
  g_autofree char *copy = NULL;
  gsize at;
  int out;
  int err = 0;

  if (size > PT_LIVE_RELOAD_INJECT_MAX)
    return -1;
  if (data == NULL && size > 0)
    {
      copy = read_whole (fd, size);
      if (copy == NULL)
        return -1;
      data = copy;
    }
  if (data == NULL)
    data = "";

  at = pt_http_inject_offset (data, size);
  out = memfd_create ("portico-live-reload", MFD_CLOEXEC);
  if (out < 0)
    {
      pt_conn_env_emit_error (env, "memfd_create: %s", g_strerror (errno));
      return -1;
    }
  if (!pt_fd_write_all (out, data, at, &err) ||
      !pt_fd_write_all (out, hub->tag, hub->tag_len, &err) ||
      !pt_fd_write_all (out, data + at, size - at, &err))
    {
      pt_conn_env_emit_error (env, "write (live reload page): %s", g_strerror (err));
      close (out);
      return -1;
    }
  return out;
}
