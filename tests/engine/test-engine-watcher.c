/* test-engine-watcher.c — the live-reload watcher: one batch per save
 *
 * Every case runs twice: with inotify and with polling forced.  No sleep
 * decides a result: a case waits for the batch it expects (with a
 * timeout), and proves that nothing else came by then changing a sentinel
 * file and expecting the next batch to be exactly { "sentinel.txt" } —
 * events are delivered in order, so a stray change from the case would be
 * in that batch or in one before it.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pt-tsan.h"
#include "pt-watcher.h"

#define WAIT_MS      10000   /* a batch expected comes before this */
#define COALESCE_MS  200     /* wide: the suite runs under valgrind and TSan too */
#define POLL_MS      40
#define SENTINEL     "sentinel.txt"

/* ---- recording batches -------------------------------------------------- */

typedef struct
{
  GMutex     lock;
  GCond      cond;
  GPtrArray *batches;     /* GStrv */
  GArray    *polling;     /* gboolean per batch */
  guint      taken;       /* batches the test has looked at */
  gboolean   block;       /* the callback waits while TRUE */
  gboolean   blocked;     /* a callback is waiting */
} Rec;

/* GMutex is invisible to ThreadSanitizer: each critical section says so. */
static void
rec_lock (Rec *rec)
{
  g_mutex_lock (&rec->lock);
  PT_TSAN_ACQUIRE (rec);
}

static void
rec_unlock (Rec *rec)
{
  PT_TSAN_RELEASE (rec);
  g_mutex_unlock (&rec->lock);
}

static void
rec_wait (Rec *rec)
{
  PT_TSAN_RELEASE (rec);
  g_cond_wait (&rec->cond, &rec->lock);
  PT_TSAN_ACQUIRE (rec);
}

static gboolean
rec_wait_until (Rec    *rec,
                gint64  end)
{
  gboolean signalled;

  PT_TSAN_RELEASE (rec);
  signalled = g_cond_wait_until (&rec->cond, &rec->lock, end);
  PT_TSAN_ACQUIRE (rec);
  return signalled;
}

static void
on_batch (const char *const *paths,
          gboolean           polling,
          gpointer           data)
{
  Rec *rec = data;

  g_assert_nonnull (paths);
  g_assert_nonnull (paths[0]);
  rec_lock (rec);
  g_ptr_array_add (rec->batches, g_strdupv ((char **) paths));
  g_array_append_val (rec->polling, polling);
  g_cond_broadcast (&rec->cond);
  while (rec->block)
    {
      rec->blocked = TRUE;
      g_cond_broadcast (&rec->cond);
      rec_wait (rec);
    }
  rec->blocked = FALSE;
  rec_unlock (rec);
}

static int
cmp_str (const void *a,
         const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The next batch, sorted (NULL on timeout); *polling its flag. */
static GStrv
next_batch (Rec      *rec,
            gboolean *polling)
{
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  GStrv batch = NULL;

  rec_lock (rec);
  while (rec->batches->len <= rec->taken)
    if (!rec_wait_until (rec, end))
      break;
  if (rec->batches->len > rec->taken)
    {
      batch = g_strdupv (g_ptr_array_index (rec->batches, rec->taken));
      if (polling != NULL)
        *polling = g_array_index (rec->polling, gboolean, rec->taken);
      rec->taken++;
    }
  rec_unlock (rec);
  if (batch != NULL)
    qsort (batch, g_strv_length (batch), sizeof (char *), cmp_str);
  return batch;
}

/* Asserts the next batch is exactly the set expected (NULL-terminated). */
static void
assert_batch (Rec        *rec,
              gboolean    want_polling,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) want = g_ptr_array_new ();
  g_auto(GStrv) got = NULL;
  g_autofree char *want_text = NULL;
  g_autofree char *got_text = NULL;
  gboolean polling = !want_polling;
  va_list ap;

  va_start (ap, first);
  for (const char *p = first; p != NULL; p = va_arg (ap, const char *))
    g_ptr_array_add (want, (gpointer) p);
  va_end (ap);
  qsort (want->pdata, want->len, sizeof (char *), cmp_str);
  g_ptr_array_add (want, NULL);

  got = next_batch (rec, &polling);
  want_text = g_strjoinv (" ", (char **) want->pdata);
  got_text = got != NULL ? g_strjoinv (" ", got) : g_strdup ("(no batch)");
  g_assert_cmpstr (got_text, ==, want_text);
  g_assert_cmpint (polling, ==, want_polling);
}

/* ---- the folder --------------------------------------------------------- */

typedef struct
{
  char      *root;
  char      *outside;   /* a folder beside the root, for moves */
  Rec        rec;
  PtWatcher *watcher;
  gboolean   polling;
  guint      sentinel_round;
} Fixture;

static void
write_file (const char *root,
            const char *rel,
            const char *data)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  gsize len = strlen (data);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, len), ==, (gssize) len);
  g_assert_cmpint (close (fd), ==, 0);
}

static void
do_rename (const char *root,
           const char *from,
           const char *to)
{
  g_autofree char *a = g_build_filename (root, from, NULL);
  g_autofree char *b = g_build_filename (root, to, NULL);

  g_assert_cmpint (rename (a, b), ==, 0);
}

static void
do_unlink (const char *root,
           const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);

  g_assert_cmpint (unlink (path), ==, 0);
}

static void
do_mkdir (const char *root,
          const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static int
remove_one (const char        *path,
            const struct stat *st,
            int                flag,
            struct FTW        *ftw)
{
  (void) st; (void) flag; (void) ftw;
  return remove (path);
}

static void
remove_tree (const char *root,
             const char *rel)
{
  g_autofree char *path = rel != NULL ? g_build_filename (root, rel, NULL) : g_strdup (root);

  g_assert_cmpint (nftw (path, remove_one, 16, FTW_DEPTH | FTW_PHYS), ==, 0);
}

/* Content a little longer each time: a poll compares sizes too, and two
 * writes within one clock tick (~4 ms) may share an mtime. */
static char *
new_content (const char *what)
{
  static guint counter;
  g_autofree char *fill = g_strnfill (++counter % 64, 'x');

  return g_strdup_printf ("%s %s\n", what, fill);
}

static void
start_watcher (Fixture                *f,
               const PtWatcherOptions *opts)
{
  g_autoptr(GError) error = NULL;

  f->watcher = pt_watcher_new (f->root, opts, on_batch, &f->rec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->watcher);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  PtWatcherOptions opts = { 0 };
  g_autoptr(GError) error = NULL;

  f->polling = GPOINTER_TO_INT (data);
  f->root = g_dir_make_tmp ("pt-watcher-XXXXXX", &error);
  g_assert_no_error (error);
  f->outside = g_dir_make_tmp ("pt-watcher-out-XXXXXX", &error);
  g_assert_no_error (error);
  g_mutex_init (&f->rec.lock);
  g_cond_init (&f->rec.cond);
  f->rec.batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  f->rec.polling = g_array_new (FALSE, FALSE, sizeof (gboolean));

  write_file (f->root, "index.html", "<p>index</p>\n");
  write_file (f->root, SENTINEL, "sentinel\n");
  do_mkdir (f->root, "css");
  write_file (f->root, "css/site.css", "p { color: red }\n");
  do_mkdir (f->root, ".git");
  write_file (f->root, ".git/HEAD", "ref: refs/heads/main\n");

  opts.coalesce_ms = COALESCE_MS;
  opts.poll_interval_ms = POLL_MS;
  opts.force_polling = f->polling;
  start_watcher (f, &opts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  pt_watcher_free (f->watcher);
  remove_tree (f->root, NULL);
  remove_tree (f->outside, NULL);
  g_free (f->root);
  g_free (f->outside);
  g_ptr_array_unref (f->rec.batches);
  g_array_unref (f->rec.polling);
  g_mutex_clear (&f->rec.lock);
  g_cond_clear (&f->rec.cond);
}

/* Nothing came since the last batch: the sentinel's change arrives alone. */
static void
assert_quiet (Fixture *f)
{
  g_autofree char *content = new_content ("sentinel");

  write_file (f->root, SENTINEL, content);
  assert_batch (&f->rec, f->polling, SENTINEL, NULL);
}

/* ---- the name filter ---------------------------------------------------- */

static const struct
{
  int         line;
  const char *name;
  gboolean    served;     /* the default */
  gboolean    any_type;   /* --serve-any-type */
} name_cases[] = {
  { __LINE__, "index.html", TRUE, TRUE },
  { __LINE__, "INDEX.HTML", TRUE, TRUE },
  { __LINE__, "site.css", TRUE, TRUE },
  { __LINE__, "app.js", TRUE, TRUE },
  { __LINE__, "photo.png", TRUE, TRUE },
  { __LINE__, "a.b.txt", TRUE, TRUE },
  { __LINE__, "Makefile", FALSE, TRUE },       /* no type: the responder's 400 */
  { __LINE__, "notes.xyz", FALSE, TRUE },
  { __LINE__, "index.html.XK3dQ2", FALSE, TRUE }, /* g_file_set_contents' temporary */
  { __LINE__, ".hidden.html", FALSE, FALSE },
  { __LINE__, ".#index.html", FALSE, FALSE },  /* Emacs' lock */
  { __LINE__, "#index.html#", FALSE, FALSE },  /* Emacs' auto-save */
  { __LINE__, "#", FALSE, FALSE },
  { __LINE__, "#index.html", TRUE, TRUE },   /* a page whose name starts with # */
  { __LINE__, "index.html#", FALSE, TRUE },
  { __LINE__, "index.html~", FALSE, FALSE },   /* backups */
  { __LINE__, "~", FALSE, FALSE },
  { __LINE__, ".index.html.swp", FALSE, FALSE }, /* vim's swap files */
  { __LINE__, ".index.html.swx", FALSE, FALSE },
  { __LINE__, "4913", FALSE, FALSE },          /* vim's probe, then +123 each */
  { __LINE__, "5036", FALSE, FALSE },
  { __LINE__, "5159", FALSE, FALSE },
  { __LINE__, "127913", FALSE, FALSE },        /* 4913 + 1000 × 123 */
  { __LINE__, "127912", FALSE, TRUE },
  { __LINE__, "4912", FALSE, TRUE },
  { __LINE__, "4914", FALSE, TRUE },
  { __LINE__, "5035", FALSE, TRUE },
  { __LINE__, "790", FALSE, TRUE },
  { __LINE__, "123456789", FALSE, TRUE },      /* 9 digits, not a probe number */
  { __LINE__, "4913.html", TRUE, TRUE },
  { __LINE__, "index.html___jb_tmp___", FALSE, FALSE },
  { __LINE__, "index.html___jb_old___", FALSE, FALSE },
  { __LINE__, "a___jb_b.html", FALSE, FALSE },
  { __LINE__, ".goutputstream-4WQ1Z2", FALSE, FALSE },
  { __LINE__, "*", FALSE, FALSE },             /* PT_WATCHER_PATH_ANY */
  { __LINE__, "", FALSE, FALSE },
};

static void
test_names (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (name_cases); i++)
    {
      g_test_message ("line %d: \"%s\"", name_cases[i].line, name_cases[i].name);
      g_assert_cmpint (pt_watcher_name_is_reported (name_cases[i].name, FALSE), ==,
                       name_cases[i].served);
      g_assert_cmpint (pt_watcher_name_is_reported (name_cases[i].name, TRUE), ==,
                       name_cases[i].any_type);
    }
}

/* ---- editors' saves ----------------------------------------------------- */

typedef void (*SaveFunc) (const char *root, const char *rel, const char *data);

static void
save_in_place (const char *root, const char *rel, const char *data)
{
  write_file (root, rel, data);   /* VS Code, nano, vim with backupcopy=yes and nowritebackup */
}

/* vim, backupcopy=no (its default where it can): probe, x → x~, new x, drop x~. */
static void
save_vim_rename (const char *root, const char *rel, const char *data)
{
  g_autofree char *dir = g_path_get_dirname (rel);
  g_autofree char *base = g_path_get_basename (rel);
  g_autofree char *probe = g_build_filename (dir, "4913", NULL);
  g_autofree char *swap = g_strdup_printf ("%s/.%s.swp", dir, base);
  g_autofree char *backup = g_strconcat (rel, "~", NULL);
  g_autofree char *path = g_build_filename (root, rel, NULL);
  int fd;

  write_file (root, swap, "b0VIM 9.0");
  write_file (root, probe, "");
  do_unlink (root, probe);
  do_rename (root, rel, backup);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, strlen (data)), ==, (gssize) strlen (data));
  g_assert_cmpint (fsync (fd), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
  do_unlink (root, backup);
  do_unlink (root, swap);
}

/* vim, backupcopy=yes: the backup is a copy, the file written in place. */
static void
save_vim_copy (const char *root, const char *rel, const char *data)
{
  g_autofree char *backup = g_strconcat (rel, "~", NULL);

  write_file (root, backup, "old");
  write_file (root, rel, data);
  do_unlink (root, backup);
}

/* gedit and GNOME Text Editor (GIO's g_file_replace). */
static void
save_gio (const char *root, const char *rel, const char *data)
{
  g_autofree char *dir = g_path_get_dirname (rel);
  g_autofree char *tmp = g_build_filename (dir, ".goutputstream-Q2X7ZB", NULL);

  write_file (root, tmp, data);
  do_rename (root, tmp, rel);
}

/* JetBrains' "safe write". */
static void
save_jetbrains (const char *root, const char *rel, const char *data)
{
  g_autofree char *tmp = g_strconcat (rel, "___jb_tmp___", NULL);
  g_autofree char *old = g_strconcat (rel, "___jb_old___", NULL);

  write_file (root, tmp, data);
  do_rename (root, rel, old);
  do_rename (root, tmp, rel);
  do_unlink (root, old);
}

/* Emacs: a lock symlink, an auto-save, x → x~, a new x. */
static void
save_emacs (const char *root, const char *rel, const char *data)
{
  g_autofree char *dir = g_path_get_dirname (rel);
  g_autofree char *base = g_path_get_basename (rel);
  g_autofree char *lock = g_strdup_printf ("%s/%s/.#%s", root, dir, base);
  g_autofree char *autosave = g_strdup_printf ("%s/#%s#", dir, base);
  g_autofree char *backup = g_strconcat (rel, "~", NULL);

  g_assert_cmpint (symlink ("user@host.1234:1700000000", lock), ==, 0);
  write_file (root, autosave, data);
  do_rename (root, rel, backup);
  write_file (root, rel, data);
  do_unlink (root, autosave);
  g_assert_cmpint (unlink (lock), ==, 0);
}

/* Delete, then create. */
static void
save_delete_create (const char *root, const char *rel, const char *data)
{
  do_unlink (root, rel);
  write_file (root, rel, data);
}

static const struct
{
  const char *name;
  SaveFunc    save;
} saves[] = {
  { "in-place", save_in_place },
  { "vim-rename", save_vim_rename },
  { "vim-copy", save_vim_copy },
  { "gio", save_gio },
  { "jetbrains", save_jetbrains },
  { "emacs", save_emacs },
  { "delete-create", save_delete_create },
};

static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  (void) data;

  for (gsize i = 0; i < G_N_ELEMENTS (saves); i++)
    {
      const char *rels[] = { "index.html", "css/site.css" };

      for (gsize j = 0; j < G_N_ELEMENTS (rels); j++)
        {
          g_autofree char *content = new_content (saves[i].name);

          g_test_message ("%s on %s", saves[i].name, rels[j]);
          saves[i].save (f->root, rels[j], content);
          assert_batch (&f->rec, f->polling, rels[j], NULL);
          assert_quiet (f);
        }
    }
}

/* Temporary names, hidden names and types not served: no change at all. */
static void
test_ignored_names (Fixture       *f,
                    gconstpointer  data)
{
  static const char *const names[] = {
    ".#index.html", "#index.html#", "index.html~", "4913", "5036", ".index.html.swp",
    ".index.html.swx", "index.html___jb_tmp___", "index.html___jb_old___",
    ".goutputstream-ABC123", "notes.xyz", "Makefile", ".hidden.html", ".git/HEAD",
    ".git/objects.html", "css/#site.css#", "css/site.css~",
  };

  (void) data;
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *moved = g_strconcat (names[i], "~", NULL);

      write_file (f->root, names[i], "temporary");
      write_file (f->root, names[i], "temporary, longer");
      do_rename (f->root, names[i], moved);
      do_unlink (f->root, moved);
    }
  assert_quiet (f);
}

/* ---- trees -------------------------------------------------------------- */

static void
test_tree (Fixture       *f,
           gconstpointer  data)
{
  guint dirs = pt_watcher_get_n_dirs (f->watcher);

  (void) data;
  g_assert_cmpuint (dirs, ==, 2);   /* the root and css/; .git is hidden */

  /* Files written right after the folders: found by the new watch's read
   * or by its events, never lost between the mkdir and the watch. */
  do_mkdir (f->root, "new/deep/er");
  write_file (f->root, "new/deep/er/page.html", "page");
  write_file (f->root, "new/a.css", "a");
  write_file (f->root, "new/skip.xyz", "not served");
  assert_batch (&f->rec, f->polling, "new/a.css", "new/deep/er/page.html", NULL);
  g_assert_cmpuint (pt_watcher_get_n_dirs (f->watcher), ==, dirs + 3);

  write_file (f->root, "new/deep/er/two.html", "two");
  assert_batch (&f->rec, f->polling, "new/deep/er/two.html", NULL);

  /* Deleted: each file reported, the watches dropped, no error. */
  remove_tree (f->root, "new");
  assert_batch (&f->rec, f->polling, "new/a.css", "new/deep/er/page.html",
                "new/deep/er/two.html", NULL);
  assert_quiet (f);
  g_assert_cmpuint (pt_watcher_get_n_dirs (f->watcher), ==, dirs);

  /* A tree moved in: its files. */
  do_mkdir (f->outside, "in/sub");
  write_file (f->outside, "in/sub/x.html", "x");
  write_file (f->outside, "in/y.js", "y");
  {
    g_autofree char *from = g_build_filename (f->outside, "in", NULL);
    g_autofree char *to = g_build_filename (f->root, "in", NULL);

    g_assert_cmpint (rename (from, to), ==, 0);
  }
  assert_batch (&f->rec, f->polling, "in/sub/x.html", "in/y.js", NULL);
  g_assert_cmpuint (pt_watcher_get_n_dirs (f->watcher), ==, dirs + 2);

  /* Renamed inside the tree: the new names are watched. */
  do_rename (f->root, "in", "renamed");
  if (f->polling)
    assert_batch (&f->rec, TRUE, "in/sub/x.html", "in/y.js", "renamed/sub/x.html",
                  "renamed/y.js", NULL);
  else
    assert_batch (&f->rec, FALSE, "in/", "renamed/sub/x.html", "renamed/y.js", NULL);
  write_file (f->root, "renamed/sub/z.html", "z");
  assert_batch (&f->rec, f->polling, "renamed/sub/z.html", NULL);

  /* Moved away: "renamed/" with inotify (its files give no event), its
   * files with polling. */
  {
    g_autofree char *from = g_build_filename (f->root, "renamed", NULL);
    g_autofree char *to = g_build_filename (f->outside, "away", NULL);

    g_assert_cmpint (rename (from, to), ==, 0);
  }
  if (f->polling)
    assert_batch (&f->rec, TRUE, "renamed/sub/x.html", "renamed/sub/z.html",
                  "renamed/y.js", NULL);
  else
    assert_batch (&f->rec, FALSE, "renamed/", NULL);
  g_assert_cmpuint (pt_watcher_get_n_dirs (f->watcher), ==, dirs);

  /* Gone from the tree: changing them there is no change here. */
  write_file (f->outside, "away/y.js", "changed outside");
  assert_quiet (f);
}

/* ---- coalescing ---------------------------------------------------------- */

/* Many files in one go: the watcher again with a wide coalescing delay,
 * so that a loaded machine does not split the writes (the hold is then
 * 2 s). */
static void
write_many (Fixture    *f,
            const char *dir,
            guint       n)
{
  PtWatcherOptions opts = { .coalesce_ms = 1000, .poll_interval_ms = POLL_MS,
                            .force_polling = f->polling };

  pt_watcher_free (f->watcher);
  start_watcher (f, &opts);
  do_mkdir (f->root, dir);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *rel = g_strdup_printf ("%s/f%03u.js", dir, i);
      write_file (f->root, rel, "built");
    }
}

static void
test_build_50 (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GStrv) got = NULL;
  gboolean polling;

  (void) data;
  write_many (f, "dist", 50);
  got = next_batch (&f->rec, &polling);
  g_assert_nonnull (got);
  g_assert_cmpuint (g_strv_length (got), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *rel = g_strdup_printf ("dist/f%03u.js", i);
      g_assert_cmpstr (got[i], ==, rel);
    }
  g_assert_cmpint (polling, ==, f->polling);
  assert_quiet (f);
}

/* PT_WATCHER_MAX_BATCH_PATHS paths are a batch of paths; one more is "*". */
static void
test_batch_bound (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) got = NULL;

  (void) data;
  write_many (f, "dist", PT_WATCHER_MAX_BATCH_PATHS);
  got = next_batch (&f->rec, NULL);
  g_assert_nonnull (got);
  g_assert_cmpuint (g_strv_length (got), ==, PT_WATCHER_MAX_BATCH_PATHS);
  assert_quiet (f);

  write_many (f, "dist2", PT_WATCHER_MAX_BATCH_PATHS + 1);
  assert_batch (&f->rec, f->polling, PT_WATCHER_PATH_ANY, NULL);
  assert_quiet (f);
}

/* ---- limits and fallbacks ------------------------------------------------- */

static void
test_polling_reason (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *reason = pt_watcher_get_polling_reason (f->watcher);

  (void) data;
  g_assert_cmpint (pt_watcher_is_polling (f->watcher), ==, f->polling);
  g_assert_cmpstr (reason, ==, f->polling ? "polling was asked for" : NULL);
}

/* max_dirs folders are watched; one more makes the watcher poll. */
static void
test_max_dirs (Fixture       *f,
               gconstpointer  data)
{
  PtWatcherOptions opts = { .coalesce_ms = COALESCE_MS, .poll_interval_ms = POLL_MS };
  g_autofree char *reason = NULL;
  g_autofree char *content = NULL;

  (void) data;
  pt_watcher_free (f->watcher);
  do_mkdir (f->root, "b");   /* root, css, b: 3 */

  opts.max_dirs = 3;
  start_watcher (f, &opts);
  g_assert_false (pt_watcher_is_polling (f->watcher));
  g_assert_null (pt_watcher_get_polling_reason (f->watcher));
  g_assert_cmpuint (pt_watcher_get_n_dirs (f->watcher), ==, 3);
  pt_watcher_free (f->watcher);

  opts.max_dirs = 2;
  start_watcher (f, &opts);
  g_assert_true (pt_watcher_is_polling (f->watcher));
  reason = pt_watcher_get_polling_reason (f->watcher);
  g_assert_cmpstr (reason, ==, "the folder holds more than 2 folders to watch");
  g_assert_cmpuint (pt_watcher_get_n_dirs (f->watcher), ==, 3);
  f->polling = TRUE;
  content = new_content ("polled");
  save_vim_rename (f->root, "css/site.css", content);
  assert_batch (&f->rec, TRUE, "css/site.css", NULL);
  assert_quiet (f);
  pt_watcher_free (f->watcher);

  /* At N, a folder created later is the one too many: "*", polling from
   * then on, saves still seen. */
  g_clear_pointer (&reason, g_free);
  opts.max_dirs = 3;
  f->polling = FALSE;
  start_watcher (f, &opts);
  g_assert_false (pt_watcher_is_polling (f->watcher));
  do_mkdir (f->root, "c");
  assert_batch (&f->rec, TRUE, PT_WATCHER_PATH_ANY, NULL);
  g_assert_true (pt_watcher_is_polling (f->watcher));
  reason = pt_watcher_get_polling_reason (f->watcher);
  g_assert_cmpstr (reason, ==, "the folder holds more than 3 folders to watch");
  f->polling = TRUE;
  write_file (f->root, "c/page.html", "c");
  assert_batch (&f->rec, TRUE, "c/page.html", NULL);
  g_clear_pointer (&content, g_free);
  content = new_content ("polled");
  save_jetbrains (f->root, "c/page.html", content);
  assert_batch (&f->rec, TRUE, "c/page.html", NULL);
  assert_quiet (f);
}

/* The kernel's queue overflows while the thread is busy: "*", then the
 * watches are whole again. */
static void
test_overflow (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *text = NULL;
  guint64 max_queued;
  guint dirs = pt_watcher_get_n_dirs (f->watcher);

  (void) data;
  g_assert_true (g_file_get_contents ("/proc/sys/fs/inotify/max_queued_events", &text, NULL, NULL));
  max_queued = g_ascii_strtoull (text, NULL, 10);
  if (max_queued > 100000)
    {
      g_test_skip ("fs.inotify.max_queued_events is over 100000");
      return;
    }

  rec_lock (&f->rec);
  f->rec.block = TRUE;
  rec_unlock (&f->rec);
  write_file (f->root, "index.html", "<p>before</p>");
  rec_lock (&f->rec);
  while (!f->rec.blocked)
    rec_wait (&f->rec);
  rec_unlock (&f->rec);
  assert_batch (&f->rec, FALSE, "index.html", NULL);

  /* At least two events per file (create, close) in a watched folder. */
  for (guint64 i = 0; i < max_queued / 2 + 16; i++)
    {
      g_autofree char *rel = g_strdup_printf ("css/flood-%05u.txt", (guint) i);
      write_file (f->root, rel, "x");
    }
  rec_lock (&f->rec);
  f->rec.block = FALSE;
  g_cond_broadcast (&f->rec.cond);
  rec_unlock (&f->rec);

  assert_batch (&f->rec, FALSE, PT_WATCHER_PATH_ANY, NULL);
  g_assert_false (pt_watcher_is_polling (f->watcher));
  g_assert_cmpuint (pt_watcher_get_n_dirs (f->watcher), ==, dirs);
  write_file (f->root, "css/after.html", "watched again");
  assert_batch (&f->rec, FALSE, "css/after.html", NULL);
  assert_quiet (f);
}

/* ---- the kernel's limits, in a user namespace of their own ---------------- */

#define CHILD_NO_USERNS 77   /* unshare refused: the test says so and skips */
#define CHILD_NO_LIMITS 78   /* no inotify limits of the namespace's own */

static gboolean
write_proc (const char *path,
            const char *text)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (gssize) strlen (text);
  close (fd);
  return ok;
}

/* In a forked child (single-threaded, as unshare(CLONE_NEWUSER) needs):
 * a user namespace whose inotify limits are ours to lower.  0 when every
 * check passed, CHILD_NO_* when there is no such namespace; a failed
 * assertion aborts. */
static int
limits_child (void)
{
  g_autofree char *uid_map = g_strdup_printf ("0 %u 1", (guint) getuid ());
  g_autofree char *gid_map = g_strdup_printf ("0 %u 1", (guint) getgid ());
  PtWatcherOptions opts = { .coalesce_ms = COALESCE_MS, .poll_interval_ms = POLL_MS };
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  Fixture f = { 0 };

  if (unshare (CLONE_NEWUSER) != 0)
    return CHILD_NO_USERNS;
  write_proc ("/proc/self/setgroups", "deny");
  if (!write_proc ("/proc/self/uid_map", uid_map) || !write_proc ("/proc/self/gid_map", gid_map) ||
      !write_proc ("/proc/sys/user/max_inotify_watches", "2"))
    return CHILD_NO_LIMITS;

  f.root = g_dir_make_tmp ("pt-watcher-ns-XXXXXX", &error);
  g_assert_no_error (error);
  g_mutex_init (&f.rec.lock);
  g_cond_init (&f.rec.cond);
  f.rec.batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  f.rec.polling = g_array_new (FALSE, FALSE, sizeof (gboolean));
  write_file (f.root, SENTINEL, "sentinel\n");
  do_mkdir (f.root, "a");
  do_mkdir (f.root, "b");   /* the third folder: no watch left for it */

  start_watcher (&f, &opts);
  g_assert_true (pt_watcher_is_polling (f.watcher));
  reason = pt_watcher_get_polling_reason (f.watcher);
  g_assert_cmpstr (reason, ==, "the system’s limit of inotify watches is reached "
                               "(fs.inotify.max_user_watches)");
  g_assert_cmpuint (pt_watcher_get_n_dirs (f.watcher), ==, 3);
  f.polling = TRUE;
  save_gio (f.root, "b/page.html", "<p>b</p>");
  assert_batch (&f.rec, TRUE, "b/page.html", NULL);
  assert_quiet (&f);
  pt_watcher_free (f.watcher);

  g_assert_true (write_proc ("/proc/sys/user/max_inotify_instances", "0"));
  g_clear_pointer (&reason, g_free);
  start_watcher (&f, &opts);
  g_assert_true (pt_watcher_is_polling (f.watcher));
  reason = pt_watcher_get_polling_reason (f.watcher);
  g_assert_cmpstr (reason, ==, "the system’s limit of inotify instances is reached "
                               "(fs.inotify.max_user_instances)");
  save_in_place (f.root, "a/page.html", "<p>a</p>");
  assert_batch (&f.rec, TRUE, "a/page.html", NULL);
  assert_quiet (&f);
  pt_watcher_free (f.watcher);

  remove_tree (f.root, NULL);
  g_free (f.root);
  g_ptr_array_unref (f.rec.batches);
  g_array_unref (f.rec.polling);
  g_mutex_clear (&f.rec.lock);
  g_cond_clear (&f.rec.cond);
  return 0;
}

/* inotify's watch limit (ENOSPC) and instance limit (EMFILE) reached:
 * polling, with the reason, and saves still seen. */
static void
test_kernel_limits (void)
{
  int status;
  pid_t pid;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (limits_child ());
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) == CHILD_NO_USERNS)
    {
      /* Also under ThreadSanitizer: its runtime's thread makes the child
       * multi-threaded, and unshare(CLONE_NEWUSER) then fails. */
      g_test_skip ("unshare (CLONE_NEWUSER) refused: no user namespace for the limits");
      return;
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) == CHILD_NO_LIMITS)
    {
      g_test_skip ("no inotify limits of a user namespace's own (Linux >= 5.11)");
      return;
    }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* ---- lifecycle ------------------------------------------------------------ */

/* The defaults (50 ms): one save, one batch. */
static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *content = new_content ("defaults");

  (void) data;
  pt_watcher_free (f->watcher);
  f->watcher = NULL;
  if (f->polling)
    {
      PtWatcherOptions opts = { .force_polling = TRUE };
      start_watcher (f, &opts);
    }
  else
    start_watcher (f, NULL);
  save_vim_rename (f->root, "index.html", content);
  assert_batch (&f->rec, f->polling, "index.html", NULL);
  assert_quiet (f);
}

/* Freed with a batch pending: no callback once the free returned (this
 * negative check has to wait: three coalescing delays). */
static void
test_free_pending (Fixture       *f,
                   gconstpointer  data)
{
  guint n;

  (void) data;
  write_file (f->root, "index.html", "<p>pending</p>\n");
  pt_watcher_free (f->watcher);
  f->watcher = NULL;
  rec_lock (&f->rec);
  n = f->rec.batches->len;
  rec_unlock (&f->rec);
  g_usleep (3 * COALESCE_MS * 1000);
  rec_lock (&f->rec);
  g_assert_cmpuint (f->rec.batches->len, ==, n);
  rec_unlock (&f->rec);
  start_watcher (f, NULL);   /* for the teardown */
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pt-watcher-err-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *file = g_build_filename (dir, "file.html", NULL);
  g_autofree char *want = NULL;

  g_assert_null (pt_watcher_new (missing, NULL, on_batch, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  want = g_strdup_printf ("Cannot watch the folder “%s”: No such file or directory", missing);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  g_assert_null (pt_watcher_new (file, NULL, on_batch, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const struct
  {
    const char *name;
    void      (*func) (Fixture *, gconstpointer);
    gboolean    inotify_only;
  } cases[] = {
    { "save", test_save, FALSE },
    { "ignored-names", test_ignored_names, FALSE },
    { "tree", test_tree, FALSE },
    { "build-50", test_build_50, FALSE },
    { "batch-bound", test_batch_bound, FALSE },
    { "polling-reason", test_polling_reason, FALSE },
    { "defaults", test_defaults, FALSE },
    { "free-pending", test_free_pending, FALSE },
    { "max-dirs", test_max_dirs, TRUE },
    { "overflow", test_overflow, TRUE },
  };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/watcher/names", test_names);
  g_test_add_func ("/watcher/errors", test_errors);
  g_test_add_func ("/watcher/kernel-limits", test_kernel_limits);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int polling = 0; polling <= 1; polling++)
      {
        g_autofree char *path = NULL;

        if (polling && cases[i].inotify_only)
          continue;
        path = g_strdup_printf ("/watcher/%s/%s", polling ? "polling" : "inotify", cases[i].name);
        g_test_add (path, Fixture, GINT_TO_POINTER (polling), fixture_setup, cases[i].func,
                    fixture_teardown);
      }
  return g_test_run ();
}
