/* pt-watcher-batch.c — the watcher's changes not yet delivered (layer 1)
 *
 * A set of paths in the order first seen, bounded (beyond: "*").  Due
 * coalesce_ms after the last change, and at the latest hold after the
 * first (the larger of PT_WATCHER_MAX_HOLD_MS and twice coalesce_ms); while
 * a file is in progress (created or modified, not yet closed), only the
 * hold makes it due.  Watcher thread only.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-watcher-private.h"

void
pt_watcher_batch_init (PtWatcherBatch *b)
{
  b->paths = g_ptr_array_new_with_free_func (g_free);
  b->seen = g_hash_table_new (g_str_hash, g_str_equal);
  b->in_progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
pt_watcher_batch_clear (PtWatcherBatch *b)
{
  g_clear_pointer (&b->paths, g_ptr_array_unref);
  g_clear_pointer (&b->seen, g_hash_table_unref);
  g_clear_pointer (&b->in_progress, g_hash_table_unref);
}

static gint64
hold_us (PtWatcher *w)
{
  return (gint64) MAX (PT_WATCHER_MAX_HOLD_MS, 2 * w->coalesce_ms) * 1000;
}

static void
batch_touch (PtWatcher *w)
{
  PtWatcherBatch *b = &w->batch;
  gint64 now = g_get_monotonic_time ();

  if (b->first_us == 0)
    {
      b->first_us = now;
      b->hold_end_us = now + hold_us (w);
    }
  b->deadline_us = MIN (now + (gint64) w->coalesce_ms * 1000, b->hold_end_us);
}

void
pt_watcher_batch_add_any (PtWatcher *w)
{
  PtWatcherBatch *b = &w->batch;

  batch_touch (w);
  b->any = TRUE;
  g_hash_table_remove_all (b->seen);   /* borrows the strings the array frees */
  g_ptr_array_set_size (b->paths, 0);
}

void
pt_watcher_batch_add (PtWatcher  *w,
                      const char *rel)
{
  PtWatcherBatch *b = &w->batch;
  char *copy;

  batch_touch (w);
  if (b->any || g_hash_table_contains (b->seen, rel))
    return;
  if (b->paths->len >= PT_WATCHER_MAX_BATCH_PATHS)
    {
      pt_watcher_batch_add_any (w);
      return;
    }
  copy = g_strdup (rel);
  g_ptr_array_add (b->paths, copy);
  g_hash_table_add (b->seen, copy);
}

/* When the batch is due (0: nothing pending). */
gint64
pt_watcher_batch_due_us (PtWatcher *w)
{
  PtWatcherBatch *b = &w->batch;

  if (b->first_us == 0)
    return 0;
  return g_hash_table_size (b->in_progress) == 0 ? b->deadline_us : b->hold_end_us;
}

void
pt_watcher_batch_deliver (PtWatcher *w)
{
  static const char *const any[] = { PT_WATCHER_PATH_ANY, NULL };
  PtWatcherBatch *b = &w->batch;
  gboolean polling = g_atomic_int_get (&w->polling);

  if (b->any)
    w->func (any, polling, w->user_data);
  else if (b->paths->len > 0)
    {
      g_ptr_array_add (b->paths, NULL);
      w->func ((const char *const *) b->paths->pdata, polling, w->user_data);
    }
  g_hash_table_remove_all (b->seen);
  g_ptr_array_set_size (b->paths, 0);
  g_hash_table_remove_all (b->in_progress);
  b->any = FALSE;
  b->first_us = 0;
}
