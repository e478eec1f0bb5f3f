/* pt-responder.c — the static-file responder: a request → a response plan (layer 1)
 *
 * Reads top-down: resolving the path, the error plan, the plan for a
 * Range (206 or 416), for a cached file (200 or 304), then the route a
 * request takes to it.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-responder.h"

#include <string.h>
#include <unistd.h>

#include "pt-file.h"
#include "pt-http-cond.h"
#include "pt-responder-coding.h"
#include "pt-responder-range.h"
#include "pt-http-date.h"
#include "pt-http-listing.h"
#include "pt-http-mime.h"
#include "pt-listing.h"
#include "pt-live-reload.h"

PtHttpStatus
pt_responder_resolve_path (PtConnIn   *in,
                           PtHttpPath *path)
{
  gsize len;
  int status;

  in->path[0] = '/';
  status = pt_http_path_normalize (in->req.path.ptr, in->req.path.len,
                                   in->path + 1, PT_HTTP_MAX_PATH, path);
  if (status != 0)
    return (PtHttpStatus) status;

  len = path->len + 1;
  if (path->is_directory)
    {
      static const char index_name[] = PT_RESPONDER_INDEX_NAME;

      if (len > 1 && in->path[len - 1] != '/')
        in->path[len++] = '/';
      memcpy (in->path + len, index_name, sizeof index_name);
      len += sizeof index_name - 1;
    }
  in->log_path.ptr = in->path;
  in->log_path.len = len;
  return PT_HTTP_STATUS_NONE;
}

static void
plan_init (PtResponsePlan *plan,
           PtHttpStatus    status,
           PtResponseBody  body)
{
  plan->status = status;
  plan->body = body;
  plan->file = NULL;
  plan->file_fields = NULL;
  plan->file_fields_len = 0;
  plan->last_modified = NULL;
  plan->has_content_length = FALSE;
  plan->content_length = 0;
  plan->content_type = NULL;
  plan->etag = NULL;
  plan->cache_control = NULL;
  plan->location.ptr = NULL;
  plan->location.len = 0;
  plan->set_cookie = NULL;
  plan->set_cookie_len = 0;
  plan->error_sentence = NULL;
  plan->body_mem = NULL;
  plan->body_fd = -1;
  plan->body_fd_owned = FALSE;
  plan->body_offset = 0;
  plan->body_length = 0;
  plan->accept_ranges = FALSE;
  plan->content_range = NULL;
  plan->multipart = FALSE;
  plan->ranges.n = 0;
  plan->part_type = NULL;
  plan->vary = NULL;
  plan->content_encoding = NULL;
  plan->stream = FALSE;
  plan->close = FALSE;
  plan->retry_after = 0;
}

void
pt_responder_plan_error (PtResponsePlan *plan,
                         PtHttpStatus    status)
{
  plan_init (plan, status, PT_RESPONSE_BODY_ERROR_PAGE);
}

void
pt_responder_plan_own_fd (PtResponsePlan *plan,
                          PtHttpStatus    status,
                          int             fd,
                          guint64         size,
                          const char     *content_type)
{
  plan_init (plan, status, PT_RESPONSE_BODY_NONE);
  plan->has_content_length = TRUE;
  plan->content_length = size;
  plan->content_type = content_type;
  if (size == 0)
    {
      close (fd);
      return;
    }
  plan->body = PT_RESPONSE_BODY_FILE;
  plan->body_fd = fd;
  plan->body_fd_owned = TRUE;
  plan->body_offset = 0;
  plan->body_length = size;
}

/* "/dir" → "/dir/", whatever its name looks like; the query stays off.
 * The Location is built from the normalised path (in->path: one leading
 * '/', no "//", no "..") percent-encoded, never from the request's bytes:
 * "//evil.example/%2e%2e/dir" or "/\evil.example/dir" must not turn into
 * a Location a browser reads as another host. */
static void
plan_redirect_to_folder (PtResponsePlan *plan,
                         const PtConnIn *in)
{
  gsize len;

  g_assert (in->log_path.len > 0 && in->path[0] == '/' && in->path[1] != '/');
  len = pt_http_percent_encode (in->path, in->log_path.len, TRUE,
                                plan->location_buf, sizeof plan->location_buf - 1);
  if (len == (gsize) -1)
    {
      pt_responder_plan_error (plan, PT_HTTP_STATUS_URI_TOO_LONG);
      return;
    }
  pt_responder_plan_error (plan, PT_HTTP_STATUS_MOVED_PERMANENTLY);
  plan->location_buf[len] = '/';
  plan->location.ptr = plan->location_buf;
  plan->location.len = len + 1;
}

/* Bits of PtHttpRequest.header_mask that make a request conditional. */
#define CONDITIONAL_HEADERS \
  ((1u << PT_HTTP_HEADER_IF_MATCH) | (1u << PT_HTTP_HEADER_IF_UNMODIFIED_SINCE) | \
   (1u << PT_HTTP_HEADER_IF_NONE_MATCH) | (1u << PT_HTTP_HEADER_IF_MODIFIED_SINCE))

static PtHttpSlice
header_or_absent (const PtHttpRequest *req,
                  PtHttpHeaderId       id)
{
  PtHttpSlice absent = { NULL, 0 };

  return PT_HTTP_HAS_HEADER (req, id) ? req->headers[id] : absent;
}

/* The preconditions of RFC 9110 §13.2.2 against entry's ETag and mtime:
 * 200, 304 or 412.  A request without any is 200 without a look. */
static PtHttpStatus
evaluate_preconditions_tag (const PtHttpRequest    *req,
                            const PtFileCacheEntry *entry,
                            const char             *etag,
                            gsize                   etag_len)
{
  PtHttpCondInput in;

  if ((req->header_mask & CONDITIONAL_HEADERS) == 0)
    return PT_HTTP_STATUS_OK;

  in.method = req->method;
  in.if_match = header_or_absent (req, PT_HTTP_HEADER_IF_MATCH);
  in.if_unmodified_since = header_or_absent (req, PT_HTTP_HEADER_IF_UNMODIFIED_SINCE);
  in.if_none_match = header_or_absent (req, PT_HTTP_HEADER_IF_NONE_MATCH);
  in.if_modified_since = header_or_absent (req, PT_HTTP_HEADER_IF_MODIFIED_SINCE);
  in.etag = etag;
  in.etag_len = etag_len;
  in.mtime = (int64_t) entry->mtime;
  return (PtHttpStatus) pt_http_cond_evaluate (&in);
}

static PtHttpStatus
evaluate_preconditions (const PtHttpRequest    *req,
                        const PtFileCacheEntry *entry)
{
  return evaluate_preconditions_tag (req, entry, entry->etag, entry->etag_len);
}

/* ---- live reload (the bytes are pt-live-reload.c's) ---------------------- */

/* A /.portico/ endpoint's answer as a plan. */
static void
plan_live_endpoint (PtConnEnv      *env,
                    PtConnIn       *in,
                    PtResponsePlan *plan)
{
  PtLiveReloadAnswer answer;

  pt_live_reload_answer (env, in, &answer);
  if (answer.status >= 400)
    {
      pt_responder_plan_error (plan, answer.status);
      plan->retry_after = answer.retry_after;
      return;
    }
  plan_init (plan, answer.status, PT_RESPONSE_BODY_NONE);
  plan->etag = answer.etag;
  plan->cache_control = answer.cache_control;
  plan->content_type = answer.content_type;
  plan->has_content_length = answer.has_length;
  plan->content_length = answer.has_length ? answer.body_len : 0;
  plan->stream = answer.stream;
  plan->close = answer.close;
  if (answer.body != NULL && answer.body_len > 0)
    {
      plan->body = PT_RESPONSE_BODY_MEMORY;
      plan->body_mem = answer.body;
      plan->body_length = answer.body_len;
    }
}

/* The injected response for a cached HTML file (takes the reference to
 * entry): 304 or 412 against the injected ETag, else 200 with the page
 * and the tag in a memfd; no ranges.  FALSE (entry untouched) when it
 * cannot be injected: the file is sent as it is. */
static gboolean
plan_file_injected (PtResponsePlan      *plan,
                    PtConnEnv           *env,
                    const PtHttpRequest *req,
                    PtFileCacheEntry    *entry)
{
  guint64 length = entry->size + pt_live_reload_tag_len (env);
  PtHttpStatus status;

  if (entry->size > PT_LIVE_RELOAD_INJECT_MAX ||
      !pt_live_reload_format_etag (env, entry->etag, entry->etag_len,
                                   plan->etag_buf, sizeof plan->etag_buf))
    return FALSE;

  status = evaluate_preconditions_tag (req, entry, plan->etag_buf, strlen (plan->etag_buf));
  if (status == PT_HTTP_STATUS_PRECONDITION_FAILED)
    {
      pt_file_cache_entry_unref (entry);
      pt_responder_plan_error (plan, status);
      return TRUE;
    }

  if (status == PT_HTTP_STATUS_NOT_MODIFIED || req->method == PT_HTTP_METHOD_HEAD)
    {
      plan_init (plan, status, PT_RESPONSE_BODY_NONE);
      if (status == PT_HTTP_STATUS_OK)
        {
          plan->has_content_length = TRUE;
          plan->content_length = length;
          plan->content_type = entry->content_type;
        }
    }
  else if (entry->data != NULL)
    {
      /* small: made once per entry, then sent from memory like the file */
      if (entry->injected == NULL)
        entry->injected = pt_live_reload_inject_copy (env, entry->data, entry->size,
                                                      &entry->injected_len);
      plan_init (plan, PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_MEMORY);
      plan->body_mem = entry->injected;
      plan->body_length = entry->injected_len;
      plan->has_content_length = TRUE;
      plan->content_length = length;
      plan->content_type = entry->content_type;
    }
  else
    {
      int fd = pt_live_reload_inject (env, entry->data, entry->fd, entry->size);

      if (fd < 0)
        return FALSE;
      pt_responder_plan_own_fd (plan, PT_HTTP_STATUS_OK, fd, length, entry->content_type);
    }

  plan->last_modified = entry->last_modified;
  plan->etag = plan->etag_buf;
  plan->cache_control = entry->cache_control;
  /* those strings are the entry's: the plan keeps its reference */
  plan->file = entry;
  return TRUE;
}

/* A plan of the response's own fd (404.html, the SPA page, a listing) with
 * an HTML body: the body replaced by the injected one (left as it is when
 * it cannot be). */
static void
plan_inject_own (PtConnEnv      *env,
                 PtResponsePlan *plan)
{
  gsize size = (gsize) plan->body_length;
  int fd;

  if (plan->body == PT_RESPONSE_BODY_FILE)
    {
      g_assert (plan->body_fd_owned && plan->body_offset == 0);
      fd = pt_live_reload_inject (env, NULL, plan->body_fd, size);
    }
  else if (plan->body == PT_RESPONSE_BODY_NONE && plan->content_length == 0)
    fd = pt_live_reload_inject (env, "", -1, 0);
  else
    return;
  if (fd < 0)
    return;

  if (plan->body == PT_RESPONSE_BODY_FILE)
    close (plan->body_fd);
  plan->body = PT_RESPONSE_BODY_FILE;
  plan->body_fd = fd;
  plan->body_fd_owned = TRUE;
  plan->body_offset = 0;
  plan->body_length = size + pt_live_reload_tag_len (env);
  plan->content_length = plan->body_length;
}

/* Takes the reference to entry: 412 when a precondition fails, 304 when
 * the client's copy is current (If-None-Match, else If-Modified-Since),
 * else 200 with the file as the body. */
/* ---- ranges (the decision is pt-responder-range.c's) --------------------- */

static void
plan_boundary (PtResponsePlan *plan)
{
  static const char hex[] = "0123456789abcdef";

  for (gsize i = 0; i < PT_RESPONDER_BOUNDARY_LEN; i++)
    plan->boundary[i] = hex[g_random_int_range (0, 16)];
  plan->boundary[PT_RESPONDER_BOUNDARY_LEN] = '\0';
  g_snprintf (plan->multipart_type, sizeof plan->multipart_type,
              "multipart/byteranges; boundary=%s", plan->boundary);
}

/* 206 or 416 for a Range the file answers: takes the reference to entry
 * and returns TRUE; else FALSE (the whole file with 200). */
static gboolean
plan_range (PtResponsePlan      *plan,
            const PtHttpRequest *req,
            PtFileCacheEntry    *entry,
            gint64               now_s)
{
  PtHttpRangeSet set;
  PtHttpStatus status = pt_responder_range_decide (req, entry, now_s, &set);

  if (status == PT_HTTP_STATUS_NONE)
    return FALSE;

  if (status == PT_HTTP_STATUS_RANGE_NOT_SATISFIABLE)
    {
      pt_responder_plan_error (plan, status);
      pt_http_range_format_unsatisfied (entry->size, plan->content_range_buf);
      plan->content_range = plan->content_range_buf;
      plan->vary = entry->vary;   /* a static string, not the entry's */
      pt_file_cache_entry_unref (entry);
      return TRUE;
    }

  plan_init (plan, PT_HTTP_STATUS_PARTIAL_CONTENT, PT_RESPONSE_BODY_NONE);
  plan->file = entry;
  plan->accept_ranges = TRUE;
  plan->last_modified = entry->last_modified;
  plan->etag = entry->etag;
  plan->cache_control = entry->cache_control;
  plan->vary = entry->vary;
  plan->has_content_length = TRUE;

  if (set.n == 1)
    {
      const PtHttpByteRange *r = &set.ranges[0];

      pt_http_range_format_content_range (r, entry->size, plan->content_range_buf);
      plan->content_range = plan->content_range_buf;
      plan->content_type = entry->content_type;
      plan->content_length = r->last - r->first + 1;
      plan->body_offset = (off_t) r->first;
    }
  else
    {
      /* the parts are pt-conn-parts.c's to send */
      plan_boundary (plan);
      plan->multipart = TRUE;
      plan->ranges = set;
      plan->part_type = entry->content_type;
      plan->content_type = plan->multipart_type;
      plan->content_length = pt_http_range_multipart_length (&set, entry->size,
                                                             PT_RESPONDER_BOUNDARY_LEN,
                                                             strlen (entry->content_type));
    }

  plan->body_length = plan->content_length;
  if (entry->data != NULL)
    {
      plan->body = PT_RESPONSE_BODY_MEMORY;
      plan->body_mem = plan->multipart ? entry->data : entry->data + plan->body_offset;
      plan->body_offset = 0;
    }
  else
    {
      plan->body = PT_RESPONSE_BODY_FILE;
      plan->body_fd = entry->fd;
    }
  return TRUE;
}

/* Takes the reference to entry: 304 when If-Modified-Since says the
 * client's copy is current, 206 or 416 for a Range the file answers
 * (pt-responder-range.c), else 200 with the file as the body. */
static void
plan_file (PtResponsePlan      *plan,
           PtConnEnv           *env,
           const PtHttpRequest *req,
           PtFileCacheEntry    *entry)
{
  PtHttpStatus status;
  gboolean not_modified;

  /* live reload: the page with the script tag, its own ETag, no ranges */
  if (plan->inject && pt_live_reload_is_html (entry->content_type) &&
      plan_file_injected (plan, env, req, entry))
    return;
  /* --precompressed: the sidecar the client prefers, with its own validators */
  if (entry->vary != NULL)
    entry = pt_responder_coding_choose (req, entry);

  status = evaluate_preconditions (req, entry);
  not_modified = status == PT_HTTP_STATUS_NOT_MODIFIED;

  if (status == PT_HTTP_STATUS_PRECONDITION_FAILED)
    {
      pt_file_cache_entry_unref (entry);
      pt_responder_plan_error (plan, status);
      return;
    }

  if (!not_modified && plan_range (plan, req, entry, env->clock.real_s))
    return;

  plan_init (plan, status, PT_RESPONSE_BODY_NONE);
  plan->file = entry;
  /* a sidecar is never sent in ranges (a Range gets the identity file) */
  plan->accept_ranges = !not_modified && entry->content_encoding == NULL;
  if (entry->head_fields_len > 0)
    {
      plan->file_fields = entry->head_fields;
      plan->file_fields_len = not_modified ? entry->head_fields_304_len : entry->head_fields_len;
    }
  else
    {
      plan->last_modified = entry->last_modified;
      plan->etag = entry->etag;
      plan->cache_control = entry->cache_control;
      plan->vary = entry->vary;
      if (!not_modified)
        {
          plan->has_content_length = TRUE;
          plan->content_length = entry->size;
          plan->content_type = entry->content_type;
          plan->content_encoding = entry->content_encoding;
        }
    }

  if (not_modified || entry->size == 0)
    return;

  plan->body_length = entry->size;
  if (entry->data != NULL)
    {
      plan->body = PT_RESPONSE_BODY_MEMORY;
      plan->body_mem = entry->data;
    }
  else
    {
      plan->body = PT_RESPONSE_BODY_FILE;
      plan->body_fd = entry->fd;
      plan->body_offset = 0;
    }
}

/* No type in the name: a folder ("/dir/"), or a last segment without a
 * '.' ("/about").  Such a path that does not exist is a 404 (it names no
 * type to refuse), and the one --spa answers with the root index.html. */
static gboolean
path_is_extensionless (const PtConnIn    *in,
                       const PtHttpPath  *path)
{
  const char *last;

  if (path->is_directory)
    return TRUE;
  last = memrchr (in->path, '/', in->log_path.len);
  g_assert (last != NULL);
  return memchr (last, '.', in->log_path.len - (gsize) (last - in->path)) == NULL;
}

/* Opens rel beneath the docroot now (no cache: an edit shows at the next
 * request) and plans it as an HTML body with status.  FALSE when it is not
 * a regular file there. */
static gboolean
plan_fresh_html (PtConnEnv      *env,
                 PtResponsePlan *plan,
                 const char     *rel,
                 PtHttpStatus    status)
{
  PtFile file;

  pt_file_open (env->root_fd, rel, &file);
  if (file.status != PT_HTTP_STATUS_OK)
    return FALSE;

  pt_responder_plan_own_fd (plan, status, file.fd, (guint64) file.st.st_size,
                            pt_http_mime_lookup (rel, strlen (rel)));
  if (plan->inject && pt_live_reload_is_html (plan->content_type))
    plan_inject_own (env, plan);
  return TRUE;
}

/* Every 404 comes here: the served folder's own 404.html when it has one
 * (status stays 404), else the short built-in page. */
static void
plan_not_found (PtConnEnv      *env,
                PtResponsePlan *plan)
{
  if (!plan_fresh_html (env, plan, PT_RESPONDER_NOT_FOUND_PAGE, PT_HTTP_STATUS_NOT_FOUND))
    pt_responder_plan_error (plan, PT_HTTP_STATUS_NOT_FOUND);
}

/* The listing of the folder in->path names (it ends with "/index.html",
 * which does not exist): 200, the logged path without "index.html".
 * FALSE when that is not a folder beneath the docroot. */
static gboolean
plan_listing (PtConnEnv      *env,
              PtConnIn       *in,
              PtResponsePlan *plan)
{
  const gsize index_len = sizeof PT_RESPONDER_INDEX_NAME - 1;
  gsize folder_len, size;
  int fd;

  g_assert (in->log_path.len >= 1 + index_len);
  folder_len = in->log_path.len - index_len;   /* "/dir/" */
  fd = pt_listing_open (env, in->path, folder_len, &size);
  if (fd < 0)
    return FALSE;
  in->log_path.len = folder_len;
  pt_responder_plan_own_fd (plan, PT_HTTP_STATUS_OK, fd, size,
                            pt_http_mime_lookup (PT_RESPONDER_INDEX_NAME, index_len));
  if (plan->inject)
    plan_inject_own (env, plan);
  return TRUE;
}

/* A path that does not exist: the listing of a folder without index.html
 * (--list-directories), the root index.html for an extensionless path
 * (--spa), else the 404. */
static void
plan_missing (PtConnEnv        *env,
              PtConnIn         *in,
              const PtHttpPath *path,
              PtResponsePlan   *plan)
{
  if (path->is_directory && env->list_directories && plan_listing (env, in, plan))
    return;
  if (env->spa && path_is_extensionless (in, path) &&
      plan_fresh_html (env, plan, PT_RESPONDER_SPA_PAGE, PT_HTTP_STATUS_OK))
    return;
  plan_not_found (env, plan);
}

void
pt_responder_plan (PtConnEnv      *env,
                   PtConnIn       *in,
                   PtResponsePlan *plan)
{
  PtFileCacheEntry *entry;
  PtHttpPath path;
  const char *content_type;
  PtHttpStatus status;
  PtFile file;

  /* live reload: its own endpoints, and whether an HTML body gets the tag
   * (with it off, this one test is all it costs) */
  plan->inject = FALSE;
  if (env->live_reload != NULL)
    {
      pt_live_reload_sync_cache (env);
      if (in->req.path.len >= sizeof PT_LIVE_RELOAD_PREFIX - 1 &&
          memcmp (in->req.path.ptr, PT_LIVE_RELOAD_PREFIX, sizeof PT_LIVE_RELOAD_PREFIX - 1) == 0)
        {
          plan_live_endpoint (env, in, plan);
          return;
        }
      plan->inject = pt_live_reload_wants (in);
    }

  status = pt_responder_resolve_path (in, &path);
  if (status == PT_HTTP_STATUS_NOT_FOUND)
    {
      plan_not_found (env, plan);
      return;
    }
  if (status != PT_HTTP_STATUS_NONE)
    {
      pt_responder_plan_error (plan, status);
      return;
    }

  /* Only files that passed every check below are in the cache. */
  entry = pt_file_cache_lookup (env->file_cache, in->path + 1, env->clock.mono_ms);
  if (entry != NULL)
    {
      plan_file (plan, env, &in->req, entry);
      return;
    }

  content_type = pt_http_mime_lookup (in->path, in->log_path.len);
  pt_file_open (env->root_fd, in->path + 1, &file);

  if (file.status == PT_HTTP_STATUS_MOVED_PERMANENTLY && !path.is_directory)
    {
      plan_redirect_to_folder (plan, in);
      return;
    }

  /* The type check comes before the existence check (the report's 400),
   * except for a missing path that names no type at all. */
  if (content_type == NULL &&
      !(file.status == PT_HTTP_STATUS_NOT_FOUND && path_is_extensionless (in, &path)))
    {
      if (!env->serve_any_type)
        {
          if (file.fd >= 0)
            close (file.fd);
          pt_responder_plan_error (plan, PT_HTTP_STATUS_BAD_REQUEST);
          return;
        }
      content_type = PT_HTTP_MIME_DEFAULT;
    }
  else if (env->text_charset)
    content_type = pt_http_mime_with_charset (content_type);

  if (file.status == PT_HTTP_STATUS_MOVED_PERMANENTLY)
    file.status = PT_HTTP_STATUS_FORBIDDEN;   /* "/dir/index.html/" is itself a folder */

  if (file.status == PT_HTTP_STATUS_NOT_FOUND)
    {
      plan_missing (env, in, &path, plan);
      return;
    }

  if (file.status != PT_HTTP_STATUS_OK)
    {
      if (file.status == PT_HTTP_STATUS_INTERNAL_SERVER_ERROR)
        pt_conn_env_emit_error (env, "%s %s: %s", file.failed, in->path,
                                g_strerror (file.saved_errno));
      pt_responder_plan_error (plan, file.status);
      return;
    }

  entry = pt_file_cache_insert (env->file_cache, in->path + 1, file.fd, &file.st,
                                content_type, env->clock.mono_ms);
  plan_file (plan, env, &in->req, entry);
}
