/* pt-buf-pool.h — a worker's free list of fixed-size buffers (layer 1)
 *
 * Connections borrow a buffer only while they need one (a partial head,
 * pipelined bytes, a partial write) and give it back when drained, so an
 * idle connection holds none.  Up to max_free buffers are kept for reuse,
 * the rest are freed.  One worker thread only: no locks.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gpointer  free_list;    /* linked through each free buffer's first pointer */
  gsize     block_size;
  guint     n_free;
  guint     max_free;
  guint     n_out;        /* buffers lent and not yet returned */
} PtBufPool;

void     pt_buf_pool_init  (PtBufPool *self,
                            gsize      block_size,
                            guint      max_free);
/* Frees the kept buffers; every lent buffer must be back. */
void     pt_buf_pool_clear (PtBufPool *self);
gpointer pt_buf_pool_get   (PtBufPool *self);
void     pt_buf_pool_put   (PtBufPool *self,
                            gpointer   block);

G_END_DECLS
