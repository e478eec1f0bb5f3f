/* pt-watcher.c — the served folder watched with inotify, for live reload (layer 1)
 *
 * One thread ("pt-watcher") polls a stop eventfd and the inotify fd, and
 * delivers coalesced batches (the header says what a batch holds).  A save
 * is one batch whatever the editor does, because:
 *   - the temporary and backup names it goes through are filtered out
 *     (pt-watcher-names.c), so only the saved name is added;
 *   - each path is added once per batch (a set), and the batch waits until
 *     no change has come for coalesce_ms;
 *   - a file created or modified but not yet closed holds the batch (up to
 *     PT_WATCHER_MAX_HOLD_MS), so a slow write (vim fsyncs before its
 *     close) does not split one save into two, nor reload a half-written page.
 * The batch is pt-watcher-batch.c.  When inotify cannot do the job,
 * pt-watcher-poll.c takes over for good.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-watcher-private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#define PT_WATCHER_FUSE_MAGIC 0x65735546   /* FUSE_SUPER_MAGIC, <linux/magic.h> */
#define PT_WATCHER_READ_BUF   16384        /* one read of inotify events */
#define PT_WATCHER_POLL_COST  10           /* idle polling: wait >= 10 × a scan's time */

/* IN_EXCL_UNLINK: no events from files already unlinked (a temporary file
 * written after its unlink is no change). */
#define PT_WATCHER_MASK (IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE | \
                         IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR |           \
                         IN_DONT_FOLLOW | IN_EXCL_UNLINK)

typedef struct
{
  int   wd;
  char *rel;     /* "" for the root */
} PtWatchDir;

static void
watch_dir_free (gpointer data)
{
  PtWatchDir *dir = data;

  g_free (dir->rel);
  g_free (dir);
}

char *
pt_watcher_child_rel (const char *rel,
                      const char *name)
{
  return rel[0] == '\0' ? g_strdup (name) : g_strconcat (rel, "/", name, NULL);
}

static gboolean
fd_is_fuse (int fd)
{
  struct statfs sfs;

  return fstatfs (fd, &sfs) == 0 && (unsigned long) sfs.f_type == PT_WATCHER_FUSE_MAGIC;
}

/* ---- inotify watches ---------------------------------------------------- */

static void
switch_to_polling (PtWatcher  *w,
                   const char *reason)
{
  pt_watcher_poll_start (w, reason);
}

static void
remember_dir (PtWatcher  *w,
              int         wd,
              const char *rel)
{
  PtWatchDir *dir = g_hash_table_lookup (w->dirs_by_wd, GINT_TO_POINTER (wd));

  if (dir != NULL)
    {
      /* The same folder under a new name (a watch is per inode). */
      g_hash_table_remove (w->dirs_by_rel, dir->rel);
      g_free (dir->rel);
      dir->rel = g_strdup (rel);
    }
  else
    {
      dir = g_new0 (PtWatchDir, 1);
      dir->wd = wd;
      dir->rel = g_strdup (rel);
      g_hash_table_insert (w->dirs_by_wd, GINT_TO_POINTER (wd), dir);
    }
  g_hash_table_insert (w->dirs_by_rel, dir->rel, dir);
  g_atomic_int_set (&w->n_dirs, g_hash_table_size (w->dirs_by_wd));
}

static void
forget_dir (PtWatcher  *w,
            PtWatchDir *dir)
{
  if (g_hash_table_lookup (w->dirs_by_rel, dir->rel) == dir)
    g_hash_table_remove (w->dirs_by_rel, dir->rel);
  g_hash_table_remove (w->dirs_by_wd, GINT_TO_POINTER (dir->wd));
  g_atomic_int_set (&w->n_dirs, g_hash_table_size (w->dirs_by_wd));
}

/* Adds the watch on rel, then reads it: files already there are reported
 * (when report), folders pushed on todo.  In that order, a file created
 * meanwhile is seen by the read or by an event, never by neither.  FALSE
 * when the watcher had to switch to polling. */
static gboolean
watch_one_dir (PtWatcher  *w,
               const char *rel,
               gboolean    report,
               GPtrArray  *todo)
{
  g_autofree char *abs = NULL;
  struct dirent *de;
  struct stat st;
  DIR *dir;
  int fd, wd;

  fd = openat (w->root_fd, rel[0] != '\0' ? rel : ".",
               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return TRUE;   /* gone, or unreadable (then not served either) */
  if (fstat (fd, &st) == 0 && st.st_dev != w->root_dev && fd_is_fuse (fd))
    {
      g_autofree char *why = g_strdup_printf ("“%s” is on a FUSE file system (such as a document "
                                              "portal folder), which does not report changes", rel);
      close (fd);
      switch_to_polling (w, why);
      return FALSE;
    }
  if (g_hash_table_size (w->dirs_by_wd) >= w->max_dirs &&
      !g_hash_table_contains (w->dirs_by_rel, rel))
    {
      g_autofree char *why = g_strdup_printf ("the folder holds more than %u folders to watch",
                                              w->max_dirs);
      close (fd);
      switch_to_polling (w, why);
      return FALSE;
    }

  abs = rel[0] != '\0' ? g_build_filename (w->root, rel, NULL) : g_strdup (w->root);
  wd = inotify_add_watch (w->ino_fd, abs, PT_WATCHER_MASK);
  if (wd < 0)
    {
      int e = errno;

      close (fd);
      if (e == ENOENT || e == ENOTDIR || e == EACCES)
        return TRUE;
      if (e == ENOSPC)
        switch_to_polling (w, "the system’s limit of inotify watches is reached "
                              "(fs.inotify.max_user_watches)");
      else
        {
          g_autofree char *why = g_strdup_printf ("inotify cannot watch “%s”: %s",
                                                  rel, g_strerror (e));
          switch_to_polling (w, why);
        }
      return FALSE;
    }
  remember_dir (w, wd, rel);

  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return TRUE;
    }
  while ((de = readdir (dir)) != NULL)
    {
      unsigned char type = de->d_type;

      if (de->d_name[0] == '.')
        continue;   /* ".", "..", and hidden names: never served */
      if (type == DT_UNKNOWN && fstatat (dirfd (dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        type = S_ISDIR (st.st_mode) ? DT_DIR : DT_REG;
      if (type == DT_DIR)
        g_ptr_array_add (todo, pt_watcher_child_rel (rel, de->d_name));
      else if (report && pt_watcher_name_is_reported (de->d_name, w->any_type))
        {
          g_autofree char *child = pt_watcher_child_rel (rel, de->d_name);
          pt_watcher_batch_add (w, child);
        }
    }
  closedir (dir);
  return TRUE;
}

/* Watches top and every folder beneath it; FALSE when it switched to polling. */
static gboolean
watch_tree (PtWatcher  *w,
            const char *top,
            gboolean    report)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;

  g_ptr_array_add (todo, g_strdup (top));
  while (ok && todo->len > 0)
    {
      g_autofree char *rel = g_ptr_array_steal_index_fast (todo, todo->len - 1);
      ok = watch_one_dir (w, rel, report, todo);
    }
  return ok;
}

/* A folder moved away or deleted: its watch and those beneath it go. */
static void
drop_tree (PtWatcher  *w,
           const char *top)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  gsize top_len = strlen (top);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, w->dirs_by_wd);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PtWatchDir *dir = value;

      if (strncmp (dir->rel, top, top_len) == 0 &&
          (dir->rel[top_len] == '\0' || dir->rel[top_len] == '/'))
        g_ptr_array_add (gone, dir);
    }
  for (guint i = 0; i < gone->len; i++)
    {
      PtWatchDir *dir = g_ptr_array_index (gone, i);

      inotify_rm_watch (w->ino_fd, dir->wd);   /* EINVAL when already gone: fine */
      forget_dir (w, dir);
    }
}

/* Starts (again) from scratch: a new inotify instance, every folder
 * watched; else polling.  FALSE when polling. */
static gboolean
watch_all (PtWatcher *w)
{
  if (w->ino_fd >= 0)
    close (w->ino_fd);
  g_hash_table_remove_all (w->dirs_by_rel);
  g_hash_table_remove_all (w->dirs_by_wd);
  g_atomic_int_set (&w->n_dirs, 0);

  w->ino_fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  if (w->ino_fd < 0)
    {
      int e = errno;

      if (e == EMFILE)
        switch_to_polling (w, "the system’s limit of inotify instances is reached "
                              "(fs.inotify.max_user_instances)");
      else
        {
          g_autofree char *why = g_strdup_printf ("inotify is not available: %s", g_strerror (e));
          switch_to_polling (w, why);
        }
      return FALSE;
    }
  return watch_tree (w, "", FALSE);
}

/* ---- events ------------------------------------------------------------- */

static void
on_dir_event (PtWatcher                  *w,
              const struct inotify_event *ev,
              const char                 *rel)
{
  if (ev->mask & (IN_CREATE | IN_MOVED_TO))
    {
      if (!watch_tree (w, rel, TRUE))
        pt_watcher_batch_add_any (w);   /* what happened meanwhile is unknown */
    }
  else if (ev->mask & IN_MOVED_FROM)
    {
      g_autofree char *as_dir = g_strconcat (rel, "/", NULL);

      drop_tree (w, rel);
      pt_watcher_batch_add (w, as_dir);
    }
  else if (ev->mask & IN_DELETE)
    drop_tree (w, rel);   /* its files were reported as they were deleted */
}

static void
on_file_event (PtWatcher                  *w,
               const struct inotify_event *ev,
               const char                 *rel)
{
  GHashTable *in_progress = w->batch.in_progress;
  struct stat st;

  if ((ev->mask & IN_CREATE) &&
      fstatat (w->root_fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (st.st_mode))
    g_hash_table_add (in_progress, g_strdup (rel));   /* its close comes */
  else if (ev->mask & IN_MODIFY)
    g_hash_table_add (in_progress, g_strdup (rel));
  else if (ev->mask & (IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM))
    g_hash_table_remove (in_progress, rel);
  pt_watcher_batch_add (w, rel);
}

/* FALSE when the inotify instance changed (the rest of the read is stale). */
static gboolean
on_event (PtWatcher                  *w,
          const struct inotify_event *ev)
{
  g_autofree char *rel = NULL;
  PtWatchDir *dir;

  if (ev->mask & IN_Q_OVERFLOW)
    {
      pt_watcher_batch_add_any (w);
      watch_all (w);
      return FALSE;
    }
  dir = g_hash_table_lookup (w->dirs_by_wd, GINT_TO_POINTER (ev->wd));
  if (dir == NULL)
    return TRUE;   /* a watch already dropped */
  if (ev->mask & IN_IGNORED)
    {
      forget_dir (w, dir);
      return TRUE;
    }
  if (ev->len == 0 || ev->name[0] == '\0' || ev->name[0] == '.')
    return TRUE;   /* the folder itself; hidden names */

  rel = pt_watcher_child_rel (dir->rel, ev->name);
  if (ev->mask & IN_ISDIR)
    on_dir_event (w, ev, rel);
  else if (pt_watcher_name_is_reported (ev->name, w->any_type))
    on_file_event (w, ev, rel);
  return w->ino_fd >= 0;
}

static void
read_events (PtWatcher *w)
{
  char buf[PT_WATCHER_READ_BUF] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  ssize_t n;

  n = read (w->ino_fd, buf, sizeof buf);
  for (ssize_t off = 0; n > 0 && off < n; )
    {
      const struct inotify_event *ev = (const struct inotify_event *) (buf + off);

      off += (ssize_t) (sizeof *ev + ev->len);
      if (!on_event (w, ev))
        break;
    }
}

/* ---- the thread --------------------------------------------------------- */

static int
timeout_ms (PtWatcher *w,
            gint64     now)
{
  gint64 wake = pt_watcher_batch_due_us (w);

  if (g_atomic_int_get (&w->polling) && (wake == 0 || w->next_poll_us < wake))
    wake = w->next_poll_us;
  if (wake == 0)
    return -1;
  if (wake <= now)
    return 0;
  return (int) MIN ((wake - now + 999) / 1000, G_MAXINT);
}

static gpointer
watcher_thread (gpointer data)
{
  PtWatcher *w = data;

  for (;;)
    {
      struct pollfd fds[2] = {
        { .fd = w->stop_fd, .events = POLLIN },
        { .fd = w->ino_fd, .events = POLLIN },
      };
      gint64 now = g_get_monotonic_time ();
      gint64 due;

      if (poll (fds, G_N_ELEMENTS (fds), timeout_ms (w, now)) < 0 && errno != EINTR)
        g_error ("pt-watcher: poll: %s", g_strerror (errno));
      if (fds[0].revents != 0)
        break;
      if (w->ino_fd >= 0 && fds[1].fd == w->ino_fd && (fds[1].revents & POLLIN))
        read_events (w);

      now = g_get_monotonic_time ();
      if (g_atomic_int_get (&w->polling) && now >= w->next_poll_us)
        {
          gint64 scan_us;

          pt_watcher_poll_scan (w);
          scan_us = g_get_monotonic_time () - now;
          now += scan_us;
          /* A change found: look again when the batch is due, and deliver
           * only when that look finds nothing new (a save in several steps). */
          if (w->batch.first_us != 0 && w->batch.deadline_us > now)
            {
              w->next_poll_us = w->batch.deadline_us;
              continue;
            }
          /* A big tree is scanned less often: at most 1/PT_WATCHER_POLL_COST
           * of a core goes to polling. */
          w->next_poll_us = now + MAX ((gint64) w->poll_ms * 1000, PT_WATCHER_POLL_COST * scan_us);
        }
      due = pt_watcher_batch_due_us (w);
      if (due != 0 && now >= due)
        pt_watcher_batch_deliver (w);
    }
  return NULL;
}

/* ---- the API ------------------------------------------------------------ */

PtWatcher *
pt_watcher_new (const char              *root,
                const PtWatcherOptions  *opts,
                PtWatcherFunc            func,
                gpointer                 user_data,
                GError                 **error)
{
  static const PtWatcherOptions defaults = { 0 };
  PtWatcher *w;
  struct stat st;
  int root_fd, e;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (opts == NULL)
    opts = &defaults;
  root_fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0 || fstat (root_fd, &st) < 0)
    {
      e = errno;
      if (root_fd >= 0)
        close (root_fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "Cannot watch the folder “%s”: %s", root, g_strerror (e));
      return NULL;
    }

  w = g_new0 (PtWatcher, 1);
  w->root = g_strdup (root);
  w->root_fd = root_fd;
  w->root_dev = st.st_dev;
  w->max_dirs = opts->max_dirs != 0 ? opts->max_dirs : PT_WATCHER_MAX_DIRS_DEFAULT;
  w->coalesce_ms = opts->coalesce_ms != 0 ? opts->coalesce_ms : PT_WATCHER_COALESCE_MS_DEFAULT;
  w->poll_ms = opts->poll_interval_ms != 0 ? opts->poll_interval_ms : PT_WATCHER_POLL_MS_DEFAULT;
  w->any_type = opts->any_type;
  w->func = func;
  w->user_data = user_data;
  w->ino_fd = -1;
  w->dirs_by_wd = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, watch_dir_free);
  w->dirs_by_rel = g_hash_table_new (g_str_hash, g_str_equal);
  pt_watcher_batch_init (&w->batch);
  g_mutex_init (&w->lock);

  w->stop_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (w->stop_fd < 0)
    {
      e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "Cannot watch the folder “%s”: eventfd: %s", root, g_strerror (e));
      pt_watcher_free (w);
      return NULL;
    }

  if (opts->force_polling)
    switch_to_polling (w, "polling was asked for");
  else if (fd_is_fuse (root_fd))
    switch_to_polling (w, "the folder is on a FUSE file system (such as a document portal "
                          "folder), which does not report changes");
  else
    watch_all (w);

  w->thread = g_thread_try_new ("pt-watcher", watcher_thread, w, error);
  if (w->thread == NULL)
    {
      pt_watcher_free (w);
      return NULL;
    }
  return w;
}

void
pt_watcher_free (PtWatcher *w)
{
  if (w == NULL)
    return;

  if (w->thread != NULL)
    {
      guint64 one = 1;

      while (write (w->stop_fd, &one, sizeof one) < 0 && errno == EINTR)
        ;
      g_thread_join (w->thread);
    }
  if (w->stop_fd >= 0)
    close (w->stop_fd);
  if (w->ino_fd >= 0)
    close (w->ino_fd);
  pt_watcher_poll_clear (w);
  g_hash_table_unref (w->dirs_by_rel);
  g_hash_table_unref (w->dirs_by_wd);
  pt_watcher_batch_clear (&w->batch);
  g_mutex_clear (&w->lock);
  g_free (w->reason);
  close (w->root_fd);
  g_free (w->root);
  g_free (w);
}

gboolean
pt_watcher_is_polling (PtWatcher *w)
{
  g_return_val_if_fail (w != NULL, FALSE);

  return g_atomic_int_get (&w->polling);
}

char *
pt_watcher_get_polling_reason (PtWatcher *w)
{
  char *reason;

  g_return_val_if_fail (w != NULL, NULL);

  g_mutex_lock (&w->lock);
  PT_TSAN_ACQUIRE (w);
  reason = g_strdup (w->reason);
  PT_TSAN_RELEASE (w);
  g_mutex_unlock (&w->lock);
  return reason;
}

guint
pt_watcher_get_n_dirs (PtWatcher *w)
{
  g_return_val_if_fail (w != NULL, 0);

  return (guint) g_atomic_int_get (&w->n_dirs);
}
