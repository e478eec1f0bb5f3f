/* pt-responder-range.c — the responder's Range and If-Range decision (layer 1)
 *
 * Reads top-down: the file's ETag, If-Range, then the plan for 416, one
 * range and several.  The bytes of the ranges are the connection's to send
 * (pt-conn-parts.c for multipart/byteranges).
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-responder-range.h"

#include <string.h>

#include "pt-http-etag.h"

gsize
pt_responder_file_etag (const PtFileCacheEntry *entry,
                        char                   *out)
{
  const struct stat *st = &entry->st;

  return pt_http_etag_format ((guint64) st->st_dev, (guint64) st->st_ino, entry->size,
                              (gint64) st->st_mtim.tv_sec, (guint32) st->st_mtim.tv_nsec, out);
}

static gboolean
is_ows (char ch)
{
  return ch == ' ' || ch == '\t';
}

/* If-Range allows the Range: its entity-tag is the file's (strong
 * comparison), or its date is exactly Last-Modified and that is a strong
 * validator (at least a second before the response's Date). */
static gboolean
if_range_allows (PtHttpSlice             value,
                 const PtFileCacheEntry *entry,
                 gint64                  now_s)
{
  char etag[PT_HTTP_ETAG_SIZE];
  gsize etag_len = pt_responder_file_etag (entry, etag);
  gsize i = 0;

  if (!pt_http_range_if_range (value.ptr, value.len, etag, etag_len, entry->mtime))
    return FALSE;

  while (i < value.len && is_ows (value.ptr[i]))
    i++;
  if (i < value.len && (value.ptr[i] == '"' ||
                        (value.ptr[i] == 'W' && i + 1 < value.len && value.ptr[i + 1] == '/')))
    return TRUE;                     /* the entity-tag matched */
  return entry->mtime < now_s;       /* the date matched */
}

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

gboolean
pt_responder_plan_range (PtResponsePlan      *plan,
                         const PtHttpRequest *req,
                         PtFileCacheEntry    *entry,
                         gint64               now_s)
{
  PtHttpSlice range = req->headers[PT_HTTP_HEADER_RANGE];
  PtHttpRangeSet set;
  PtHttpRangeResult result;

  /* HEAD ignores Range: its head is the 200's (RFC 9110 §14.2 applies
   * Range to GET only). */
  if (req->method != PT_HTTP_METHOD_GET || !PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_RANGE))
    return FALSE;
  if (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_IF_RANGE) &&
      !if_range_allows (req->headers[PT_HTTP_HEADER_IF_RANGE], entry, now_s))
    return FALSE;

  result = pt_http_range_parse (range.ptr, range.len, entry->size, &set);
  if (result == PT_HTTP_RANGE_IGNORE)
    return FALSE;

  if (result == PT_HTTP_RANGE_UNSATISFIABLE)
    {
      pt_responder_plan_error (plan, PT_HTTP_STATUS_RANGE_NOT_SATISFIABLE);
      pt_http_range_format_unsatisfied (entry->size, plan->content_range_buf);
      plan->content_range = plan->content_range_buf;
      pt_file_cache_entry_unref (entry);
      return TRUE;
    }

  /* pt_responder_plan_error initialises every field of the plan. */
  pt_responder_plan_error (plan, PT_HTTP_STATUS_PARTIAL_CONTENT);
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
      plan->body_length = plan->content_length;
      if (entry->data != NULL)
        {
          plan->body = PT_RESPONSE_BODY_MEMORY;
          plan->body_mem = entry->data + r->first;
        }
      else
        {
          plan->body = PT_RESPONSE_BODY_FILE;
          plan->body_fd = entry->fd;
          plan->body_offset = (off_t) r->first;
        }
      return TRUE;
    }

  plan_boundary (plan);
  plan->multipart = TRUE;
  plan->ranges = set;
  plan->part_type = entry->content_type;
  plan->content_type = plan->multipart_type;
  plan->content_length = pt_http_range_multipart_length (&set, entry->size,
                                                         PT_RESPONDER_BOUNDARY_LEN,
                                                         strlen (entry->content_type));
  plan->body_length = plan->content_length;
  if (entry->data != NULL)
    {
      plan->body = PT_RESPONSE_BODY_MEMORY;
      plan->body_mem = entry->data;
    }
  else
    {
      plan->body = PT_RESPONSE_BODY_FILE;
      plan->body_fd = entry->fd;
    }
  return TRUE;
}
