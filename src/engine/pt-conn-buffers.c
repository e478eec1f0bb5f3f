/* pt-conn-buffers.c — lending a connection its input and output buffers (layer 1)
 *
 * Owns the move between the environment's scratch buffers and a
 * connection's own, and the release of what a response holds: a connection runs in the scratch copies, and only when
 * it has to wait with bytes or a response pending does it copy them into a
 * pooled buffer of its own (rebasing every slice that points into it).
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-buffers.h"

#include "pt-conn-private.h"

#include <string.h>
#include <unistd.h>

gboolean
pt_conn_buffers_enter (PtConn *self)
{
  if (self->in != NULL)
    return FALSE;

  g_assert (self->in_len == 0);
  self->in = &self->env->scratch_in;
  return TRUE;
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
  PtConnEnv *env = self->env;
  PtConnIn *scratch = self->in;
  PtConnIn *own = pt_buf_pool_get (&env->in_pool);
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
  PtConnOut *own = pt_buf_pool_get (&self->env->out_pool);
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

void
pt_conn_buffers_release_out (PtConn *self)
{
  if (self->out != NULL && self->out != &self->env->scratch_out)
    pt_buf_pool_put (&self->env->out_pool, self->out);
  self->out = NULL;
  self->out_len = 0;
  self->out_sent = 0;
  self->body_mem = NULL;
  self->body_mem_len = 0;
}

void
pt_conn_buffers_release_in (PtConn *self)
{
  if (self->in != NULL && self->in != &self->env->scratch_in)
    pt_buf_pool_put (&self->env->in_pool, self->in);
  self->in = NULL;
}

/* The connection waits for epoll or a timer: it must not leave anything
 * in the worker's scratch buffers, and holds buffers only if it needs them. */
void
pt_conn_buffers_leave (PtConn *self)
{
  PtConnEnv *env = self->env;
  gboolean sending = self->state == PT_CONN_SEND_HEAD || self->state == PT_CONN_SEND_BODY;

  g_assert (self->state != PT_CONN_CLOSE);

  if (self->in == &env->scratch_in)
    {
      if (self->in_len > 0 || sending)
        conn_keep_in (self);
      else
        self->in = NULL;
    }
  else if (self->in != NULL && self->in_len == 0 && !sending)
    {
      pt_conn_buffers_release_in (self);
    }

  if (self->out == &env->scratch_out)
    {
      if (self->state == PT_CONN_SEND_HEAD)
        conn_keep_out (self);
      else
        self->out = NULL;
    }
}


void
pt_conn_end_response (PtConn *self)
{
  if (self->own_file_fd)
    close (self->file_fd);
  self->own_file_fd = FALSE;
  self->file_fd = -1;
  g_clear_pointer (&self->file, pt_file_cache_entry_unref);
  g_clear_pointer (&self->parts, g_free);   /* PtConnParts: one block (pt-conn-parts.c) */
  pt_conn_buffers_release_out (self);
}
