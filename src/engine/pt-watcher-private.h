/* pt-watcher-private.h — the PtWatcher struct, shared by pt-watcher*.c (layer 1) */
#pragma once

#include <sys/types.h>

#include "pt-tsan.h"
#include "pt-watcher.h"

G_BEGIN_DECLS

/* The changes not yet delivered (watcher thread only). */
typedef struct
{
  GPtrArray  *paths;        /* char *, owned, in the order first seen */
  GHashTable *seen;         /* the same strings, borrowed */
  GHashTable *in_progress;  /* paths created or modified, not yet closed (owned keys) */
  gboolean    any;          /* deliver { "*" } instead of paths */
  gint64      first_us;     /* monotonic; 0: nothing pending */
  gint64      deadline_us;  /* deliver at, once nothing is in progress */
  gint64      hold_end_us;  /* deliver at, even with writes in progress */
} PtWatcherBatch;

struct _PtWatcher
{
  char          *root;          /* as given */
  int            root_fd;
  dev_t          root_dev;
  guint          max_dirs;
  guint          coalesce_ms;
  guint          poll_ms;
  gboolean       any_type;
  PtWatcherFunc  func;
  gpointer       user_data;

  int            stop_fd;       /* eventfd: pt_watcher_free() writes it */
  GThread       *thread;

  /* Watcher thread only (the creating thread before the thread starts). */
  int            ino_fd;        /* -1 while polling */
  GHashTable    *dirs_by_wd;    /* GINT_TO_POINTER (wd) → PtWatchDir (owned) */
  GHashTable    *dirs_by_rel;   /* dir->rel → the same PtWatchDir (borrowed) */
  GHashTable    *snapshot;      /* polling: rel → PtWatchEntry (owned) */
  gboolean       snapshot_truncated;
  gint64         next_poll_us;
  PtWatcherBatch batch;

  /* Any thread. */
  gint           polling;       /* atomic */
  gint           n_dirs;        /* atomic */
  GMutex         lock;
  char          *reason;        /* under lock; NULL while not polling */
};

/* "" for the root, else "a/b" (pt-watcher.c). */
char    *pt_watcher_child_rel     (const char *rel,
                                   const char *name);

/* The batch (pt-watcher-batch.c). */
void     pt_watcher_batch_init    (PtWatcherBatch *b);
void     pt_watcher_batch_clear   (PtWatcherBatch *b);
void     pt_watcher_batch_add     (PtWatcher      *w,
                                   const char     *rel);
void     pt_watcher_batch_add_any (PtWatcher      *w);
/* When it is due (monotonic µs; 0: nothing pending). */
gint64   pt_watcher_batch_due_us  (PtWatcher      *w);
/* Calls the callback with it (when not empty) and empties it. */
void     pt_watcher_batch_deliver (PtWatcher      *w);

/* Polling (pt-watcher-poll.c).  start records the reason and the first
 * snapshot; scan compares the tree with the snapshot, adds what changed to
 * the batch and keeps the new snapshot. */
void     pt_watcher_poll_start    (PtWatcher  *w,
                                   const char *reason);
void     pt_watcher_poll_scan     (PtWatcher  *w);
void     pt_watcher_poll_clear    (PtWatcher  *w);

G_END_DECLS
