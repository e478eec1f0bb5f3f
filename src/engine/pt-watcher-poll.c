/* pt-watcher-poll.c — the watcher's fallback: compare the tree every interval (layer 1)
 *
 * A snapshot holds each reported file (the names pt_watcher_name_is_reported
 * accepts, in folders not starting with '.') with its inode, size, mtime and
 * ctime.  A scan takes a new snapshot and adds to the batch every file that
 * appeared, vanished or differs.  A folder moved away shows as its files
 * vanishing; an empty folder is no change.  At most
 * PT_WATCHER_POLL_MAX_ENTRIES files and folders are compared; beyond, the
 * reason says so.  A scan of 10,000 files in 1,000 folders takes 40-70 ms
 * (tests/bench/README.md), so the idle interval grows with the scan's time
 * (pt-watcher.c: at most a tenth of a core).  A rewrite that keeps the size
 * within one tick of the kernel's file clock (~4 ms) of the scan keeps
 * inode, size, mtime and ctime: polling cannot see it.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-watcher-private.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

typedef struct
{
  guint64 ino;
  guint64 size;
  gint64  mtime_ns;
  gint64  ctime_ns;
  char    rel[];
} PtWatchEntry;

static gint64
ns_of (const struct timespec *ts)
{
  return (gint64) ts->tv_sec * G_GINT64_CONSTANT (1000000000) + ts->tv_nsec;
}

static void
add_entry (GHashTable        *table,
           const char        *rel,
           const struct stat *st)
{
  gsize len = strlen (rel);
  PtWatchEntry *entry = g_malloc (sizeof *entry + len + 1);

  entry->ino = (guint64) st->st_ino;
  entry->size = (guint64) st->st_size;
  entry->mtime_ns = ns_of (&st->st_mtim);
  entry->ctime_ns = ns_of (&st->st_ctim);
  memcpy (entry->rel, rel, len + 1);
  g_hash_table_insert (table, entry->rel, entry);
}

/* Reads the folder rel into table; its folders go on todo.  *budget counts
 * the files and folders still allowed; FALSE once it is spent. */
static gboolean
read_dir (PtWatcher  *w,
          const char *rel,
          GHashTable *table,
          GPtrArray  *todo,
          guint      *budget)
{
  struct dirent *de;
  DIR *dir;
  int fd;
  gboolean ok = TRUE;

  fd = openat (w->root_fd, rel[0] != '\0' ? rel : ".",
               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return TRUE;
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return TRUE;
    }
  while ((de = readdir (dir)) != NULL)
    {
      gboolean is_dir = de->d_type == DT_DIR;
      g_autofree char *child = NULL;
      struct stat st;

      if (de->d_name[0] == '.')
        continue;
      if (!is_dir && de->d_type != DT_UNKNOWN &&
          !pt_watcher_name_is_reported (de->d_name, w->any_type))
        continue;
      if (*budget == 0)
        {
          ok = FALSE;
          break;
        }
      if (fstatat (dirfd (dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        continue;
      is_dir = S_ISDIR (st.st_mode);
      if (!is_dir && !pt_watcher_name_is_reported (de->d_name, w->any_type))
        continue;
      (*budget)--;
      child = pt_watcher_child_rel (rel, de->d_name);
      if (is_dir)
        g_ptr_array_add (todo, g_steal_pointer (&child));
      else
        add_entry (table, child, &st);
    }
  closedir (dir);
  return ok;
}

static GHashTable *
take_snapshot (PtWatcher *w,
               gboolean  *truncated)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  guint budget = PT_WATCHER_POLL_MAX_ENTRIES;
  guint n_dirs = 0;

  *truncated = FALSE;
  g_ptr_array_add (todo, g_strdup (""));
  while (todo->len > 0)
    {
      g_autofree char *rel = g_ptr_array_steal_index_fast (todo, todo->len - 1);

      n_dirs++;
      if (!read_dir (w, rel, table, todo, &budget))
        {
          *truncated = TRUE;
          break;
        }
    }
  g_atomic_int_set (&w->n_dirs, (gint) n_dirs);
  return table;
}

static void
set_reason (PtWatcher  *w,
            const char *reason)
{
  g_mutex_lock (&w->lock);
  PT_TSAN_ACQUIRE (w);
  g_free (w->reason);
  w->reason = g_strdup (reason);
  PT_TSAN_RELEASE (w);
  g_mutex_unlock (&w->lock);
}

static void
note_truncation (PtWatcher *w,
                 gboolean   truncated)
{
  g_autofree char *reason = NULL;
  g_autofree char *longer = NULL;

  if (!truncated || w->snapshot_truncated)
    return;
  w->snapshot_truncated = TRUE;
  reason = pt_watcher_get_polling_reason (w);
  longer = g_strdup_printf ("%s; only the first %u files and folders are compared", reason,
                            PT_WATCHER_POLL_MAX_ENTRIES);
  set_reason (w, longer);
}

void
pt_watcher_poll_start (PtWatcher  *w,
                       const char *reason)
{
  gboolean truncated;

  if (w->ino_fd >= 0)
    {
      close (w->ino_fd);
      w->ino_fd = -1;
    }
  g_hash_table_remove_all (w->dirs_by_rel);
  g_hash_table_remove_all (w->dirs_by_wd);
  g_hash_table_remove_all (w->batch.in_progress);

  set_reason (w, reason);
  g_atomic_int_set (&w->polling, TRUE);
  pt_watcher_poll_clear (w);
  w->snapshot = take_snapshot (w, &truncated);
  note_truncation (w, truncated);
  w->next_poll_us = g_get_monotonic_time () + (gint64) w->poll_ms * 1000;
}

static gboolean
entry_differs (const PtWatchEntry *a,
               const PtWatchEntry *b)
{
  return a->ino != b->ino || a->size != b->size ||
         a->mtime_ns != b->mtime_ns || a->ctime_ns != b->ctime_ns;
}

void
pt_watcher_poll_scan (PtWatcher *w)
{
  GHashTable *now;
  GHashTableIter iter;
  gpointer value;
  gboolean truncated;

  g_assert (w->snapshot != NULL);

  now = take_snapshot (w, &truncated);
  note_truncation (w, truncated);

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const PtWatchEntry *entry = value;
      const PtWatchEntry *before = g_hash_table_lookup (w->snapshot, entry->rel);

      if (before == NULL || entry_differs (before, entry))
        pt_watcher_batch_add (w, entry->rel);
    }
  g_hash_table_iter_init (&iter, w->snapshot);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const PtWatchEntry *before = value;

      if (!g_hash_table_contains (now, before->rel))
        pt_watcher_batch_add (w, before->rel);
    }
  g_hash_table_unref (w->snapshot);
  w->snapshot = now;
}

void
pt_watcher_poll_clear (PtWatcher *w)
{
  g_clear_pointer (&w->snapshot, g_hash_table_unref);
}
