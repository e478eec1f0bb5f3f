/* pt-watcher.h — the served folder watched for changes, for live reload (layer 1)
 *
 * One thread per watcher.  inotify on the folder and each folder beneath it
 * (names starting with '.' are never served, so never watched), at most
 * max_dirs of them; folders created later are watched (and the files already
 * in them reported), folders deleted or moved away are dropped.  Where the
 * kernel cannot watch (inotify refused, its watch limit reached, a FUSE or
 * document-portal folder, more than max_dirs folders) the watcher polls the
 * tree instead and says so: pt_watcher_is_polling(), the reason, and
 * polling = TRUE in every batch.  It never stops silently.
 *
 * Changes are coalesced: a batch is delivered once no change has arrived for
 * coalesce_ms (and at the latest PT_WATCHER_MAX_HOLD_MS after its first one).
 * A batch is the set of distinct paths changed, relative to the root
 * ("css/site.css"), filtered by pt_watcher_name_is_reported(), in the order
 * first seen.  Special forms:
 *   "dir/"  a folder moved away (its files give no event of their own;
 *           a polling watcher reports its files instead);
 *   "*"     (PT_WATCHER_PATH_ANY, alone) more than PT_WATCHER_MAX_BATCH_PATHS
 *           paths, or the kernel's event queue overflowed: anything may have
 *           changed.
 * A folder created or moved in reports the served files inside it; a folder
 * deleted reports the files deleted in it (each gets its own event).  A file
 * created or modified and not yet closed holds its batch (at most the hold),
 * so a slow save is still one batch and a page is not reloaded half-written.
 * Symbolic links are not followed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folders watched at most, the root included (one inotify watch each;
 * the kernel's per-user limit, fs.inotify.max_user_watches, is 8192 on small
 * machines and shared with every other program).  One more → polling. */
#define PT_WATCHER_MAX_DIRS_DEFAULT     8192
#define PT_WATCHER_COALESCE_MS_DEFAULT  50     /* the save-to-page budget is 120 ms at p50 */
#define PT_WATCHER_POLL_MS_DEFAULT      500
#define PT_WATCHER_MAX_HOLD_MS          1000   /* a batch waits no longer for quiet */
#define PT_WATCHER_MAX_BATCH_PATHS      256    /* beyond: the batch is { "*" } */
#define PT_WATCHER_POLL_MAX_ENTRIES     200000 /* files and folders a poll compares */
#define PT_WATCHER_PATH_ANY             "*"

typedef struct
{
  guint    max_dirs;          /* 0: PT_WATCHER_MAX_DIRS_DEFAULT */
  guint    coalesce_ms;       /* 0: PT_WATCHER_COALESCE_MS_DEFAULT */
  guint    poll_interval_ms;  /* 0: PT_WATCHER_POLL_MS_DEFAULT */
  gboolean force_polling;     /* poll even where inotify works (tests) */
  gboolean any_type;          /* --serve-any-type: report names of any type */
} PtWatcherOptions;

typedef struct _PtWatcher PtWatcher;

/* Called from the watcher's own thread with one coalesced batch: paths
 * relative to the root, NULL-terminated, at least one, valid during the call. */
typedef void (*PtWatcherFunc) (const char *const *paths,
                               gboolean           polling,
                               gpointer           user_data);

/* Starts watching root (a folder); opts may be NULL for the defaults.  The
 * watches are in place when it returns.  NULL with error (G_FILE_ERROR) when
 * root cannot be opened as a folder; a tree the kernel cannot watch is not an
 * error: the watcher polls. */
PtWatcher *pt_watcher_new                (const char              *root,
                                          const PtWatcherOptions  *opts,
                                          PtWatcherFunc            func,
                                          gpointer                 user_data,
                                          GError                 **error);
/* Stops the thread (joins it; no callback runs after it returns) and frees. */
void       pt_watcher_free               (PtWatcher               *w);

/* Thread-safe.  TRUE once the watcher polls (from the start, or since a
 * folder beyond the limit or a failed watch). */
gboolean   pt_watcher_is_polling         (PtWatcher               *w);
/* Thread-safe.  Why it polls, one sentence for the user (free with g_free);
 * NULL while it does not. */
char      *pt_watcher_get_polling_reason (PtWatcher               *w);
/* Thread-safe.  The folders watched now (polling: the folders compared). */
guint      pt_watcher_get_n_dirs         (PtWatcher               *w);

/* The name filter, pure: FALSE for names starting with '.' (hidden, never
 * served; also .#x, .x.swp, .goutputstream-*), editors' backups and temporary
 * files (x~, #x#, vim's 4913 probe and its successors 5036, 5159 …,
 * JetBrains' x___jb_tmp___ / x___jb_old___), "*", and, unless any_type, a name
 * whose type Portico would not serve (pt_http_mime_lookup() gives NULL). */
gboolean   pt_watcher_name_is_reported   (const char              *name,
                                          gboolean                 any_type);

G_END_DECLS
