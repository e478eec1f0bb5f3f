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
#include "pt-responder-range.h"
#include "pt-http-date.h"
#include "pt-http-mime.h"

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
      static const char index_name[] = "index.html";

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
  plan->location.ptr = NULL;
  plan->location.len = 0;
  plan->body_mem = NULL;
  plan->body_fd = -1;
  plan->body_offset = 0;
  plan->body_length = 0;
  plan->accept_ranges = FALSE;
  plan->content_range = NULL;
  plan->multipart = FALSE;
  plan->ranges.n = 0;
  plan->part_type = NULL;
}

void
pt_responder_plan_error (PtResponsePlan *plan,
                         PtHttpStatus    status)
{
  plan_init (plan, status, PT_RESPONSE_BODY_ERROR_PAGE);
}

/* "/dir" → "/dir/", whatever its name looks like; the query stays off. */
static void
plan_redirect_to_folder (PtResponsePlan    *plan,
                         const PtHttpSlice *target_path)
{
  pt_responder_plan_error (plan, PT_HTTP_STATUS_MOVED_PERMANENTLY);
  memcpy (plan->location_buf, target_path->ptr, target_path->len);
  plan->location_buf[target_path->len] = '/';
  plan->location.ptr = plan->location_buf;
  plan->location.len = target_path->len + 1;
}

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
      pt_file_cache_entry_unref (entry);
      return TRUE;
    }

  plan_init (plan, PT_HTTP_STATUS_PARTIAL_CONTENT, PT_RESPONSE_BODY_NONE);
  plan->file = entry;
  plan->accept_ranges = TRUE;
  plan->last_modified = entry->last_modified;
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
  gboolean not_modified = FALSE;

  if (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_IF_MODIFIED_SINCE))
    {
      PtHttpSlice ims = req->headers[PT_HTTP_HEADER_IF_MODIFIED_SINCE];
      int64_t since;

      if (pt_http_date_parse (ims.ptr, ims.len, &since) == 0 &&
          (int64_t) entry->mtime <= since)
        not_modified = TRUE;
    }

  if (!not_modified && plan_range (plan, req, entry, env->clock.real_s))
    return;

  plan_init (plan, not_modified ? PT_HTTP_STATUS_NOT_MODIFIED : PT_HTTP_STATUS_OK,
             PT_RESPONSE_BODY_NONE);
  plan->file = entry;
  plan->accept_ranges = !not_modified;
  if (entry->head_fields_len > 0)
    {
      plan->file_fields = entry->head_fields;
      plan->file_fields_len = not_modified ? entry->head_fields_304_len : entry->head_fields_len;
    }
  else
    {
      plan->last_modified = entry->last_modified;
      if (!not_modified)
        {
          plan->has_content_length = TRUE;
          plan->content_length = entry->size;
          plan->content_type = entry->content_type;
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

  status = pt_responder_resolve_path (in, &path);
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
      plan_redirect_to_folder (plan, &in->req.path);
      return;
    }

  /* The type check comes before the existence check (the report's 400). */
  if (content_type == NULL)
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

  if (file.status == PT_HTTP_STATUS_MOVED_PERMANENTLY)
    file.status = PT_HTTP_STATUS_FORBIDDEN;   /* "/dir/index.html/" is itself a folder */

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
