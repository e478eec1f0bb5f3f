/* pt-buf-pool.c — a worker's free list of fixed-size buffers (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-buf-pool.h"

void
pt_buf_pool_init (PtBufPool *self,
                  gsize      block_size,
                  guint      max_free)
{
  g_assert (block_size >= sizeof (gpointer));

  self->free_list = NULL;
  self->block_size = block_size;
  self->n_free = 0;
  self->max_free = max_free;
  self->n_out = 0;
}

void
pt_buf_pool_clear (PtBufPool *self)
{
  g_assert (self->n_out == 0);

  while (self->free_list != NULL)
    {
      gpointer block = self->free_list;

      self->free_list = *(gpointer *) block;
      g_free (block);
    }
  self->n_free = 0;
}

gpointer
pt_buf_pool_get (PtBufPool *self)
{
  gpointer block = self->free_list;

  self->n_out++;
  if (block == NULL)
    return g_malloc (self->block_size);

  self->free_list = *(gpointer *) block;
  self->n_free--;
  return block;
}

void
pt_buf_pool_put (PtBufPool *self,
                 gpointer   block)
{
  g_assert (self->n_out > 0);

  self->n_out--;
  if (self->n_free >= self->max_free)
    {
      g_free (block);
      return;
    }
  *(gpointer *) block = self->free_list;
  self->free_list = block;
  self->n_free++;
}
