/* bench-watcher.c — what watching a big tree costs (issue 12: < 1 s to start, < 10 MiB)
 *
 * Builds a tree of 10,000 served files in 1,000 folders (10 folders of 99
 * folders each, 10 files in each of the 1,000) in a temporary folder, then,
 * for inotify and for polling: the time pt_watcher_new() takes (the watches
 * are in place when it returns), the resident memory it adds (VmRSS before
 * and after; the kernel's own memory for the watches, about 1 KiB each, is not
 * in it), and the time from a save (write in place) to its batch, over
 * ROUNDS saves.  Prints one markdown table; exits 1 when a target is missed.
 *
 *   meson test -C BUILD --benchmark --suite engine bench-watcher -v
 *   BUILD/tests/engine/bench-watcher [DIR]   (DIR: where the tree goes; default $TMPDIR)
 */
#include <fcntl.h>
#include <ftw.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "pt-tsan.h"
#include "pt-watcher.h"

#define TOP_DIRS        10
#define SUB_DIRS        99     /* per top folder: 10 + 990 = 1,000 folders */
#define FILES_PER_DIR   10     /* 10,000 files */
#define ROUNDS          20
#define TARGET_START_MS 1000.0
#define TARGET_RSS_KIB  (10 * 1024)
#define WAIT_US         (10 * G_USEC_PER_SEC)

typedef struct
{
  GMutex  lock;
  GCond   cond;
  guint   batches;
  gint64  last_us;
} Rec;

static void
on_batch (const char *const *paths,
          gboolean           polling,
          gpointer           data)
{
  Rec *rec = data;

  (void) paths; (void) polling;
  g_mutex_lock (&rec->lock);
  PT_TSAN_ACQUIRE (rec);
  rec->batches++;
  rec->last_us = g_get_monotonic_time ();
  g_cond_broadcast (&rec->cond);
  PT_TSAN_RELEASE (rec);
  g_mutex_unlock (&rec->lock);
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  return line != NULL ? strtol (line + strlen ("\nVmRSS:"), NULL, 10) : -1;
}

static void
put (const char *path,
     const char *data)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  if (fd < 0 || write (fd, data, strlen (data)) != (ssize_t) strlen (data) || close (fd) != 0)
    g_error ("cannot write %s", path);
}

static void
fill_dir (const char *dir)
{
  for (guint i = 0; i < FILES_PER_DIR; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/page-%u.html", dir, i);
      put (name, "<p>page</p>\n");
    }
}

static void
make_tree (const char *root)
{
  for (guint t = 0; t < TOP_DIRS; t++)
    {
      g_autofree char *top = g_strdup_printf ("%s/top-%02u", root, t);

      g_mkdir (top, 0755);
      fill_dir (top);
      for (guint s = 0; s < SUB_DIRS; s++)
        {
          g_autofree char *sub = g_strdup_printf ("%s/sub-%02u", top, s);
          g_mkdir (sub, 0755);
          fill_dir (sub);
        }
    }
}

static int
remove_one (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void) st; (void) flag; (void) ftw;
  return remove (path);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* One mode, in a child process of its own (so neither mode reuses memory
 * the other freed): prints a table row; FALSE when a target is missed. */
static gboolean
measure_in_child (const char *root,
                  gboolean    polling);

/* One mode: prints a table row; FALSE when a target is missed. */
static gboolean
measure (const char *root,
         gboolean    polling)
{
  PtWatcherOptions opts = { .force_polling = polling };
  g_autoptr(GError) error = NULL;
  double latency[ROUNDS];
  Rec rec = { 0 };
  long rss_before, rss_after;
  gint64 t0, t1;
  double start_ms;
  PtWatcher *w;

  g_mutex_init (&rec.lock);
  g_cond_init (&rec.cond);
  rss_before = rss_kib ();
  t0 = g_get_monotonic_time ();
  w = pt_watcher_new (root, &opts, on_batch, &rec, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  rss_after = rss_kib ();
  start_ms = (double) (t1 - t0) / 1000.0;

  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/top-%02u/sub-%02u/page-0.html", root,
                                               i % TOP_DIRS, (i * 7) % SUB_DIRS);
      g_autofree char *data = g_strdup_printf ("<p>save %u</p>\n", i);
      gint64 end, saved;
      guint before;

      g_mutex_lock (&rec.lock);
      PT_TSAN_ACQUIRE (&rec);
      before = rec.batches;
      PT_TSAN_RELEASE (&rec);
      g_mutex_unlock (&rec.lock);
      saved = g_get_monotonic_time ();
      put (path, data);
      end = saved + WAIT_US;
      g_mutex_lock (&rec.lock);
      PT_TSAN_ACQUIRE (&rec);
      while (rec.batches == before)
        {
          PT_TSAN_RELEASE (&rec);
          if (!g_cond_wait_until (&rec.cond, &rec.lock, end))
            g_error ("no batch for a save");
          PT_TSAN_ACQUIRE (&rec);
        }
      latency[i] = (double) (rec.last_us - saved) / 1000.0;
      PT_TSAN_RELEASE (&rec);
      g_mutex_unlock (&rec.lock);
    }
  qsort (latency, ROUNDS, sizeof latency[0], cmp_double);

  printf ("| %s | %u | %.1f ms | %ld KiB | %.0f ms | %.0f ms |\n",
          polling ? "polling" : "inotify", pt_watcher_get_n_dirs (w), start_ms,
          rss_after - rss_before, latency[ROUNDS / 2], latency[ROUNDS * 9 / 10]);
  pt_watcher_free (w);
  g_mutex_clear (&rec.lock);
  g_cond_clear (&rec.cond);
  return start_ms < TARGET_START_MS && rss_after - rss_before < TARGET_RSS_KIB;
}

static gboolean
measure_in_child (const char *root,
                  gboolean    polling)
{
  int status;
  pid_t pid;

  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    g_error ("fork failed");
  if (pid == 0)
    {
      gboolean ok = measure (root, polling);
      fflush (stdout);
      _exit (ok ? 0 : 1);
    }
  if (waitpid (pid, &status, 0) != pid)
    g_error ("waitpid failed");
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  const char *parent = argc > 1 ? argv[1] : g_get_tmp_dir ();
  gboolean ok = TRUE;
  gint64 t0;

  root = g_build_filename (parent, "pt-bench-watcher-XXXXXX", NULL);
  if (g_mkdtemp (root) == NULL)
    g_error ("cannot create a folder in %s", parent);
  t0 = g_get_monotonic_time ();
  make_tree (root);
  printf ("tree: %u files in %u folders under %s (made in %.0f ms); defaults: coalescing "
          "%u ms, polling every %u ms\n\n", TOP_DIRS * (SUB_DIRS + 1) * FILES_PER_DIR,
          TOP_DIRS * (SUB_DIRS + 1), parent, (double) (g_get_monotonic_time () - t0) / 1000.0,
          PT_WATCHER_COALESCE_MS_DEFAULT, PT_WATCHER_POLL_MS_DEFAULT);
  printf ("| mode | folders watched | start | RSS added | save → batch p50 | p90 |\n");
  printf ("|---|---|---|---|---|---|\n");
  ok &= measure_in_child (root, FALSE);
  ok &= measure_in_child (root, TRUE);
  printf ("\ntargets: start < %.0f ms, RSS added < %d KiB: %s\n", TARGET_START_MS,
          TARGET_RSS_KIB, ok ? "met" : "MISSED");
  nftw (root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
  return ok ? 0 : 1;
}
