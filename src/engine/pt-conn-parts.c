/* pt-conn-parts.c — sending a multipart/byteranges body (layer 1)
 *
 * Each step leaves the connection in a state the plain sender handles:
 * memory bytes in self->out (a part head, or the close delimiter), then
 * either a file range (file_offset .. file_end, sent with sendfile) or a
 * cached slice (body_mem).  pt-conn.c calls pt_conn_parts_next when both
 * are sent.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-parts.h"

#include "pt-conn-buffers.h"
#include "pt-conn-private.h"

#include <string.h>
#include <unistd.h>

struct _PtConnParts
{
  PtHttpRangeSet  set;
  gsize           next;          /* the part whose head goes out next; set.n: the close delimiter */
  guint64         file_len;
  const char     *data;          /* the cached file, or NULL: sendfile from self->file_fd */
  const char     *type;          /* each part's Content-Type (a static string) */
  gsize           type_len;
  char            boundary[PT_RESPONDER_BOUNDARY_LEN + 1];
};

/* Writes the next part head (or the close delimiter) at the end of
 * self->out and points the body at that part's range. */
static void
parts_step (PtConn      *self,
            PtConnParts *parts)
{
  char *out = self->out->data + self->out_len;
  gsize room = sizeof self->out->data - self->out_len;
  gsize n;

  if (parts->next == parts->set.n)
    {
      n = pt_http_range_part_tail (parts->boundary, PT_RESPONDER_BOUNDARY_LEN, out, room);
      g_assert (n > 0);
      self->out_len += n;
      /* Nothing follows the delimiter: no sendfile, and no MSG_MORE on it. */
      if (self->own_file_fd)
        close (self->file_fd);
      self->own_file_fd = FALSE;
      self->file_fd = -1;
      self->file_offset = self->file_end = 0;
      parts->next++;
      return;
    }

  {
    const PtHttpByteRange *r = &parts->set.ranges[parts->next];

    n = pt_http_range_part_head (parts->boundary, PT_RESPONDER_BOUNDARY_LEN,
                                 parts->type, parts->type_len, r, parts->file_len, out, room);
    g_assert (n > 0);
    self->out_len += n;
    if (parts->data != NULL)
      {
        self->body_mem = parts->data + r->first;
        self->body_mem_len = (gsize) (r->last - r->first + 1);
      }
    else
      {
        self->file_offset = (off_t) r->first;
        self->file_end = (off_t) r->last + 1;
      }
    parts->next++;
  }
}

void
pt_conn_parts_start (PtConn               *self,
                     const PtResponsePlan *plan)
{
  PtConnParts *parts = g_new0 (PtConnParts, 1);

  g_assert (plan->multipart && plan->ranges.n > 1 && self->parts == NULL);

  parts->set = plan->ranges;
  parts->next = 0;
  parts->file_len = self->file->size;
  parts->data = plan->body == PT_RESPONSE_BODY_MEMORY ? plan->body_mem : NULL;
  parts->type = plan->part_type;
  parts->type_len = strlen (plan->part_type);
  memcpy (parts->boundary, plan->boundary, sizeof parts->boundary);
  self->parts = parts;

  parts_step (self, parts);
}

gboolean
pt_conn_parts_next (PtConn *self)
{
  PtConnParts *parts = self->parts;

  if (parts->next > parts->set.n)
    return FALSE;

  /* The previous bytes are all sent: start over in the scratch buffer. */
  pt_conn_buffers_release_out (self);
  self->out = &self->env->scratch_out;
  parts_step (self, parts);
  return TRUE;
}
