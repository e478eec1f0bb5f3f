/* test-engine-cache.c — the per-worker open-file cache (PtFileCache)
 *
 * Unit tests drive the cache with an explicit clock (no sleeping): the
 * revalidation window, changed and deleted files, and both bounds at N and
 * N+1.  End-to-end tests check what a client sees after a file changes on
 * disk (a deterministic wait just past the one-second window).
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pt-conn.h"
#include "pt-file-cache.h"
#include "pt-test-util.h"

#define T0_MS          100000            /* an arbitrary monotonic start */
#define SMALL_BODY     "0123456789"      /* 10 bytes */
#define STALE_WAIT_US  (1100 * 1000)     /* just past PT_FILE_CACHE_CHECK_MS */

typedef struct
{
  char *dir;
  int   dir_fd;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  f->dir = g_dir_make_tmp ("pt-cache-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir_fd = open (f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (f->dir_fd, >=, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  (void) data;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  close (f->dir_fd);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
put_file (Fixture    *f,
          const char *name,
          const char *data,
          gssize      len)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* Opens name and inserts it, as pt-conn.c does after pt_file_open. */
static PtFileCacheEntry *
insert (PtFileCache *cache,
        Fixture     *f,
        const char  *name,
        gint64       now_ms)
{
  struct stat st;
  int fd = openat (f->dir_fd, name, O_RDONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fstat (fd, &st), ==, 0);
  return pt_file_cache_insert (cache, name, fd, &st, "text/plain", now_ms);
}

/* ---- variants (--precompressed sidecars) --------------------------------- */

static const PtFileCacheVariant test_variants[] = {
  { ".br", "br" },
  { ".gz", "gzip" },
};

static void
set_mtime (Fixture    *f,
           const char *name,
           time_t      sec)
{
  struct timespec times[2] = { { sec, 0 }, { sec, 0 } };

  g_assert_cmpint (utimensat (f->dir_fd, name, times, 0), ==, 0);
}

static gboolean
ends_with (const char *buf,
           gsize       len,
           const char *suffix)
{
  gsize n = strlen (suffix);

  return len >= n && memcmp (buf + len - n, suffix, n) == 0;
}

/* Without variants (the default) a sidecar beside a file is not looked at. */
static void
test_variants_off (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autoptr(PtFileCacheEntry) entry = NULL;

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  put_file (f, "a.txt.gz", "GZIP", -1);
  entry = insert (cache, f, "a.txt", T0_MS);
  g_assert_null (entry->variants[0]);
  g_assert_null (entry->variants[1]);
  g_assert_null (entry->vary);
  g_assert_null (entry->content_encoding);
  g_assert_null (g_strstr_len (entry->head_fields, (gssize) entry->head_fields_len, "Vary"));
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), ==, 10);
}

/* A fresh sidecar is a variant with the file's type, its own validators and
 * Content-Encoding, held in memory with the file (both bounds count it); a
 * stale one is not; Vary is in the file's and the variant's fields, within
 * the 304 prefix. */
static void
test_variants_found (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autoptr(PtFileCacheEntry) entry = NULL;
  PtFileCacheEntry *gz;
  static const char vary_line[] = "Vary: Accept-Encoding\r\n";

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  put_file (f, "a.txt.gz", "GZIP", -1);
  put_file (f, "a.txt.br", "BROTLI", -1);
  set_mtime (f, "a.txt", 1700000000);
  set_mtime (f, "a.txt.gz", 1700000000);   /* as new: used */
  set_mtime (f, "a.txt.br", 1699999999);   /* older: stale */
  pt_file_cache_set_variants (cache, test_variants, G_N_ELEMENTS (test_variants), "Accept-Encoding");

  entry = insert (cache, f, "a.txt", T0_MS);
  g_assert_null (entry->variants[0]);
  gz = entry->variants[1];
  g_assert_nonnull (gz);
  g_assert_cmpstr (entry->vary, ==, "Accept-Encoding");
  g_assert_null (entry->content_encoding);
  g_assert_cmpstr (gz->content_encoding, ==, "gzip");
  g_assert_cmpstr (gz->content_type, ==, "text/plain");
  g_assert_cmpstr (gz->vary, ==, "Accept-Encoding");
  g_assert_cmpuint (gz->size, ==, 4);
  g_assert_cmpmem (gz->data, 4, "GZIP", 4);
  g_assert_cmpstr (gz->etag, !=, entry->etag);
  g_assert_true (ends_with (entry->head_fields, entry->head_fields_304_len, vary_line));
  g_assert_true (ends_with (gz->head_fields, gz->head_fields_304_len, vary_line));
  g_assert_true (ends_with (gz->head_fields, gz->head_fields_len,
                            "Content-Length: 4\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"));
  g_assert_cmpuint (pt_file_cache_get_n_entries (cache), ==, 1);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), ==, 10 + 4);
}

/* What stands at a variant's name is revalidated with the file: a sidecar
 * that appears, changes or goes drops the entry at the next check. */
static void
test_variants_revalidated (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autoptr(PtFileCacheEntry) entry = NULL;
  g_autoptr(PtFileCacheEntry) same = NULL;
  g_autoptr(PtFileCacheEntry) again = NULL;
  gint64 now = T0_MS;

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  set_mtime (f, "a.txt", 1700000000);
  pt_file_cache_set_variants (cache, test_variants, G_N_ELEMENTS (test_variants), "Accept-Encoding");
  entry = insert (cache, f, "a.txt", now);
  g_assert_null (entry->vary);

  /* nothing changed: the same entry */
  now += PT_FILE_CACHE_CHECK_MS;
  same = pt_file_cache_lookup (cache, "a.txt", now);
  g_assert_true (same == entry);

  /* a sidecar appears: dropped, and the new entry has it */
  put_file (f, "a.txt.br", "BR", -1);
  set_mtime (f, "a.txt.br", 1700000001);
  now += PT_FILE_CACHE_CHECK_MS;
  g_assert_null (pt_file_cache_lookup (cache, "a.txt", now));
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), ==, 0);
  again = insert (cache, f, "a.txt", now);
  g_assert_nonnull (again->variants[0]);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), ==, 10 + 2);

  /* made stale (an older mtime): dropped again */
  set_mtime (f, "a.txt.br", 1699999999);
  now += PT_FILE_CACHE_CHECK_MS;
  g_assert_null (pt_file_cache_lookup (cache, "a.txt", now));
  g_clear_pointer (&again, pt_file_cache_entry_unref);
  again = insert (cache, f, "a.txt", now);
  g_assert_null (again->variants[0]);
  g_assert_null (again->vary);

  /* gone: dropped */
  g_assert_cmpint (unlinkat (f->dir_fd, "a.txt.br", 0), ==, 0);
  now += PT_FILE_CACHE_CHECK_MS;
  g_assert_null (pt_file_cache_lookup (cache, "a.txt", now));
  g_assert_cmpuint (pt_file_cache_get_n_entries (cache), ==, 0);
}

/* The byte bound counts a file with its variants: 10 + 4 bytes do not fit
 * in 13 (served, not kept), and fit in 14. */
static void
test_variants_bound (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtFileCache) small = pt_file_cache_new (f->dir_fd, 4, 13);
  g_autoptr(PtFileCache) fits = pt_file_cache_new (f->dir_fd, 4, 14);
  g_autoptr(PtFileCacheEntry) a = NULL;
  g_autoptr(PtFileCacheEntry) b = NULL;

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  put_file (f, "a.txt.gz", "GZIP", -1);
  set_mtime (f, "a.txt", 1700000000);
  set_mtime (f, "a.txt.gz", 1700000000);
  pt_file_cache_set_variants (small, test_variants, G_N_ELEMENTS (test_variants), "Accept-Encoding");
  pt_file_cache_set_variants (fits, test_variants, G_N_ELEMENTS (test_variants), "Accept-Encoding");
  a = insert (small, f, "a.txt", T0_MS);
  b = insert (fits, f, "a.txt", T0_MS);
  g_assert_nonnull (a->variants[1]);
  g_assert_cmpuint (pt_file_cache_get_n_entries (small), ==, 0);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (small), ==, 0);
  g_assert_cmpuint (pt_file_cache_get_n_entries (fits), ==, 1);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (fits), ==, 14);
}

static void
test_hit_and_metadata (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autoptr(PtFileCacheEntry) entry = NULL;
  g_autoptr(PtFileCacheEntry) again = NULL;
  char date[PT_HTTP_DATE_LEN + 1];

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  g_assert_null (pt_file_cache_lookup (cache, "a.txt", T0_MS));

  entry = insert (cache, f, "a.txt", T0_MS);
  g_assert_cmpuint (entry->size, ==, strlen (SMALL_BODY));
  g_assert_cmpint (entry->fd, ==, -1);              /* small: in memory, fd closed */
  g_assert_nonnull (entry->data);
  g_assert_cmpmem (entry->data, entry->size, SMALL_BODY, strlen (SMALL_BODY));
  g_assert_cmpstr (entry->content_type, ==, "text/plain");
  pt_http_date_format (entry->mtime, date);
  g_assert_cmpstr (entry->last_modified, ==, date);
  g_assert_cmpuint (pt_file_cache_get_n_entries (cache), ==, 1);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), ==, strlen (SMALL_BODY));

  again = pt_file_cache_lookup (cache, "a.txt", T0_MS + 1);
  g_assert_true (again == entry);
  g_assert_null (pt_file_cache_lookup (cache, "b.txt", T0_MS + 1));
}

/* The ETag and the cache's Cache-Control are formatted once, into the head
 * fields; a 304 sends their first three lines. */
static void
test_validator_fields (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autoptr(PtFileCacheEntry) entry = NULL;
  g_autoptr(PtFileCacheEntry) bare = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_304 = NULL;
  char tag[PT_HTTP_ETAG_SIZE];
  struct stat st;

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  put_file (f, "b.txt", SMALL_BODY, -1);
  g_assert_cmpint (fstatat (f->dir_fd, "a.txt", &st, 0), ==, 0);
  pt_http_etag_format ((guint64) st.st_dev, (guint64) st.st_ino, (guint64) st.st_size,
                       (gint64) st.st_mtim.tv_sec, (guint32) st.st_mtim.tv_nsec, tag);

  pt_file_cache_set_cache_control (cache, "max-age=5");
  entry = insert (cache, f, "a.txt", T0_MS);
  g_assert_cmpstr (entry->etag, ==, tag);
  g_assert_cmpuint (entry->etag_len, ==, strlen (tag));
  g_assert_cmpstr (entry->cache_control, ==, "max-age=5");
  expected_304 = g_strdup_printf ("Last-Modified: %s\r\nETag: %s\r\nCache-Control: max-age=5\r\n",
                                  entry->last_modified, tag);
  expected = g_strdup_printf ("%sContent-Length: %zu\r\nContent-Type: text/plain\r\n",
                              expected_304, strlen (SMALL_BODY));
  g_assert_cmpmem (entry->head_fields, entry->head_fields_len, expected, strlen (expected));
  g_assert_cmpuint (entry->head_fields_304_len, ==, strlen (expected_304));

  /* "" (like NULL) sends none */
  pt_file_cache_set_cache_control (cache, "");
  bare = insert (cache, f, "b.txt", T0_MS);
  g_assert_null (bare->cache_control);
  g_assert_null (g_strstr_len (bare->head_fields, (gssize) bare->head_fields_len, "Cache-Control"));
  g_assert_nonnull (g_strstr_len (bare->head_fields, (gssize) bare->head_fields_len, "\r\nETag: \""));
}

static void
test_big_file_keeps_fd (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autofree char *big = g_malloc (PT_FILE_CACHE_SMALL + 1);
  g_autoptr(PtFileCacheEntry) entry = NULL;
  g_autofree char *path = g_build_filename (f->dir, "big.txt", NULL);
  char first[4];

  (void) data;
  memset (big, 'x', PT_FILE_CACHE_SMALL + 1);
  put_file (f, "big.txt", big, PT_FILE_CACHE_SMALL + 1);

  entry = insert (cache, f, "big.txt", T0_MS);
  g_assert_null (entry->data);
  g_assert_cmpint (entry->fd, >=, 0);
  g_assert_cmpuint (pt_file_cache_get_n_entries (cache), ==, 1);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), ==, 0);   /* only bytes in memory count */

  /* Deleted: the cache drops it after the window, but the reference a
   * response holds keeps the fd readable. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_null (pt_file_cache_lookup (cache, "big.txt", T0_MS + PT_FILE_CACHE_CHECK_MS));
  g_assert_cmpuint (pt_file_cache_get_n_entries (cache), ==, 0);
  g_assert_cmpint (pread (entry->fd, first, sizeof first, 0), ==, (ssize_t) sizeof first);
  g_assert_cmpmem (first, sizeof first, "xxxx", 4);
}

static void
test_revalidation_window (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autoptr(PtFileCacheEntry) entry = NULL;
  g_autoptr(PtFileCacheEntry) stale = NULL;
  g_autoptr(PtFileCacheEntry) fresh = NULL;

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  entry = insert (cache, f, "a.txt", T0_MS);
  put_file (f, "a.txt", "changed, and longer", -1);

  /* Within the window: not looked at, the old bytes. */
  stale = pt_file_cache_lookup (cache, "a.txt", T0_MS + PT_FILE_CACHE_CHECK_MS - 1);
  g_assert_true (stale == entry);

  /* At the window: checked, changed, dropped; the caller reloads. */
  g_assert_null (pt_file_cache_lookup (cache, "a.txt", T0_MS + PT_FILE_CACHE_CHECK_MS));
  g_assert_cmpuint (pt_file_cache_get_n_entries (cache), ==, 0);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), ==, 0);
  fresh = insert (cache, f, "a.txt", T0_MS + PT_FILE_CACHE_CHECK_MS);
  g_assert_cmpmem (fresh->data, fresh->size, "changed, and longer", 19);

  /* The old entry is still whole for whoever holds it. */
  g_assert_cmpmem (entry->data, entry->size, SMALL_BODY, strlen (SMALL_BODY));
}

static void
test_unchanged_stays (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autoptr(PtFileCacheEntry) entry = NULL;
  g_autoptr(PtFileCacheEntry) later = NULL;
  g_autoptr(PtFileCacheEntry) much_later = NULL;

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  entry = insert (cache, f, "a.txt", T0_MS);
  later = pt_file_cache_lookup (cache, "a.txt", T0_MS + 5 * PT_FILE_CACHE_CHECK_MS);
  g_assert_true (later == entry);
  much_later = pt_file_cache_lookup (cache, "a.txt", T0_MS + 50 * PT_FILE_CACHE_CHECK_MS);
  g_assert_true (much_later == entry);
}

static void
test_deleted (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 4, 1024);
  g_autoptr(PtFileCacheEntry) entry = NULL;
  g_autofree char *path = g_build_filename (f->dir, "a.txt", NULL);

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  entry = insert (cache, f, "a.txt", T0_MS);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_null (pt_file_cache_lookup (cache, "a.txt", T0_MS + PT_FILE_CACHE_CHECK_MS));
  g_assert_cmpuint (pt_file_cache_get_n_entries (cache), ==, 0);
}

/* ---- bounds at N and N+1 ------------------------------------------------- */

typedef struct
{
  const char *name;
  guint       max_entries;
  gsize       max_bytes;
  guint       n_files;          /* each FILE_BYTES long, inserted in order */
  guint       expect_entries;
  gboolean    expect_first;     /* the first file still cached */
} BoundCase;

#define FILE_BYTES 10

static const BoundCase bound_cases[] = {
  { "entries/N",        PT_FILE_CACHE_MAX_ENTRIES, PT_FILE_CACHE_MAX_BYTES,
    PT_FILE_CACHE_MAX_ENTRIES,     PT_FILE_CACHE_MAX_ENTRIES, TRUE },
  { "entries/N+1",      PT_FILE_CACHE_MAX_ENTRIES, PT_FILE_CACHE_MAX_BYTES,
    PT_FILE_CACHE_MAX_ENTRIES + 1, PT_FILE_CACHE_MAX_ENTRIES, FALSE },
  { "bytes/N",          100, 5 * FILE_BYTES, 5, 5, TRUE },
  { "bytes/N+1",        100, 5 * FILE_BYTES, 6, 5, FALSE },
  { "bytes/one-too-big", 100, FILE_BYTES - 1, 1, 0, FALSE },
};

static void
test_bound (Fixture       *f,
            gconstpointer  data)
{
  const BoundCase *c = data;
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, c->max_entries, c->max_bytes);
  g_autoptr(PtFileCacheEntry) first = NULL;
  g_autoptr(PtFileCacheEntry) last = NULL;

  for (guint i = 0; i < c->n_files; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "f%05u.txt", i);
      put_file (f, name, "abcdefghij", FILE_BYTES);
      pt_file_cache_entry_unref (insert (cache, f, name, T0_MS));
    }

  g_assert_cmpuint (pt_file_cache_get_n_entries (cache), ==, c->expect_entries);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), <=, c->max_bytes);
  g_assert_cmpuint (pt_file_cache_get_n_bytes (cache), ==, (gsize) c->expect_entries * FILE_BYTES);

  first = pt_file_cache_lookup (cache, "f00000.txt", T0_MS);
  g_assert_true ((first != NULL) == c->expect_first);
  if (c->expect_entries > 0)
    {
      char name[32];

      g_snprintf (name, sizeof name, "f%05u.txt", c->n_files - 1);
      last = pt_file_cache_lookup (cache, name, T0_MS);
      g_assert_nonnull (last);
    }
}

static void
test_lru_order (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PtFileCache) cache = pt_file_cache_new (f->dir_fd, 2, 1024);
  g_autoptr(PtFileCacheEntry) a = NULL;

  (void) data;
  put_file (f, "a.txt", SMALL_BODY, -1);
  put_file (f, "b.txt", SMALL_BODY, -1);
  put_file (f, "c.txt", SMALL_BODY, -1);
  pt_file_cache_entry_unref (insert (cache, f, "a.txt", T0_MS));
  pt_file_cache_entry_unref (insert (cache, f, "b.txt", T0_MS));
  /* a used last: b is the one to go. */
  pt_file_cache_entry_unref (pt_file_cache_lookup (cache, "a.txt", T0_MS));
  pt_file_cache_entry_unref (insert (cache, f, "c.txt", T0_MS));

  a = pt_file_cache_lookup (cache, "a.txt", T0_MS);
  g_assert_nonnull (a);
  g_assert_null (pt_file_cache_lookup (cache, "b.txt", T0_MS));
}

/* ---- end to end ------------------------------------------------------------ */

static void
tweak_one_thread (PtServerConfig *config)
{
  config->n_threads = 1;
}

static PtTestResponse *
get (PtTestServer *ts,
     const char   *path)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", path);
  return pt_test_request (ts->port, request, TRUE);
}

static void
test_served_fresh_after_change (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_thread);
  g_autofree char *path = g_build_filename (ts->docroot, "sub", "page.txt", NULL);
  g_autoptr(PtTestResponse) before = get (ts, "/sub/page.txt");
  g_autoptr(PtTestResponse) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (before->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (before->body, NULL), g_bytes_get_size (before->body),
                   "sub page\n", 9);

  g_file_set_contents (path, "a new sub page\n", -1, &error);
  g_assert_no_error (error);
  g_usleep (STALE_WAIT_US);

  after = get (ts, "/sub/page.txt");
  g_assert_cmpint (after->status, ==, 200);
  g_assert_cmpuint (after->content_length, ==, 15);
  g_assert_cmpmem (g_bytes_get_data (after->body, NULL), g_bytes_get_size (after->body),
                   "a new sub page\n", 15);
}

static void
test_deleted_is_404 (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_thread);
  g_autofree char *path = g_build_filename (ts->docroot, "sub", "page.txt", NULL);
  g_autoptr(PtTestResponse) before = get (ts, "/sub/page.txt");
  g_autoptr(PtTestResponse) after = NULL;

  g_assert_cmpint (before->status, ==, 200);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_usleep (STALE_WAIT_US);

  after = get (ts, "/sub/page.txt");
  g_assert_cmpint (after->status, ==, 404);
}

#define RESUME_WAIT_MS  5000
#define RESUME_POLL_US  (100 * 1000)

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

/* The served folder deleted and created again at the same path: the
 * workers notice (once a second) and serve the new one. */
static void
test_docroot_recreated (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_thread);
  g_autoptr(PtTestResponse) before = get (ts, "/");
  g_autoptr(PtTestResponse) gone = NULL;
  g_autofree char *index = g_build_filename (ts->docroot, "index.html", NULL);
  g_autoptr(GError) error = NULL;
  gboolean resumed = FALSE;

  g_assert_cmpint (before->status, ==, 200);
  remove_tree (ts->docroot);
  gone = get (ts, "/sub/page.txt");
  g_assert_cmpint (gone->status, ==, 404);

  g_assert_cmpint (g_mkdir (ts->docroot, 0755), ==, 0);
  g_file_set_contents (index, "new root\n", -1, &error);
  g_assert_no_error (error);

  for (guint waited = 0; !resumed && waited < RESUME_WAIT_MS; waited += RESUME_POLL_US / 1000)
    {
      g_autoptr(PtTestResponse) resp = get (ts, "/");

      resumed = resp->status == 200 &&
                g_bytes_get_size (resp->body) == 9 &&
                memcmp (g_bytes_get_data (resp->body, NULL), "new root\n", 9) == 0;
      if (!resumed)
        g_usleep (RESUME_POLL_US);
    }
  g_assert_true (resumed);
}

#define HUGE_SIZE (32 * 1024 * 1024)   /* more than loopback's socket buffers hold */

/* How many of this process's descriptors are open on the docroot's huge.txt. */
static guint
fds_on_huge (PtTestServer *ts)
{
  g_autofree char *target = g_build_filename (ts->docroot, "huge.txt", NULL);
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *points_to = g_file_read_link (link, NULL);

      if (g_strcmp0 (points_to, target) == 0)
        n++;
    }
  return n;
}

typedef struct
{
  PtTestServer *ts;
  guint         n;
} HugeFds;

static gboolean
huge_fds_are (gpointer data)
{
  HugeFds *want = data;

  return fds_on_huge (want->ts) == want->n;
}

static gboolean
wait_fds_on_huge (PtTestServer *ts,
                  guint         n)
{
  HugeFds want = { ts, n };

  return pt_test_wait_until (huge_fds_are, &want, PT_TEST_IO_TIMEOUT_MS);
}

/* The whole body, HUGE_SIZE zero bytes (a sparse file). */
static void
check_huge_body (PtTestResponse *resp)
{
  g_autofree char *zeros = g_malloc0 (HUGE_SIZE);

  g_assert_nonnull (resp);
  g_assert_cmpint (resp->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body),
                   zeros, HUGE_SIZE);
}

/* A body sent in several sendfile turns has a descriptor of its own while it
 * goes out (readahead per stream), closed when it is sent or the client
 * goes; the cache keeps its one. */
static void
test_big_body_own_fd (void)
{
  g_autoptr(PtTestServer) ts = pt_test_server_new (tweak_one_thread);
  g_autofree char *path = g_build_filename (ts->docroot, "huge.txt", NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_autoptr(PtTestConn) a = pt_test_conn_new (ts->port);
  g_autoptr(PtTestConn) b = pt_test_conn_new (ts->port);
  PtTestConn *gone = pt_test_conn_new (ts->port);
  g_autoptr(PtTestResponse) resp_a = NULL;
  g_autoptr(PtTestResponse) resp_b = NULL;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, HUGE_SIZE), ==, 0);
  close (fd);
  g_assert_cmpuint (fds_on_huge (ts), ==, 0);

  /* Nobody reads yet: the responses stay in flight. */
  pt_test_conn_send (a, "GET /huge.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_assert_true (wait_fds_on_huge (ts, 2));            /* the cache's + a's */
  pt_test_conn_send (b, "GET /huge.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_assert_true (wait_fds_on_huge (ts, 3));
  pt_test_conn_send (gone, "GET /huge.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
  g_assert_true (wait_fds_on_huge (ts, 4));

  /* A client that goes away mid-body takes its descriptor with it. */
  pt_test_conn_free (gone);
  g_assert_true (wait_fds_on_huge (ts, 3));

  resp_a = pt_test_conn_read (a, TRUE);
  check_huge_body (resp_a);
  resp_b = pt_test_conn_read (b, TRUE);
  check_huge_body (resp_b);
  g_assert_true (wait_fds_on_huge (ts, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/engine/cache/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("hit-and-metadata", test_hit_and_metadata);
  ADD ("big-file-keeps-fd", test_big_file_keeps_fd);
  ADD ("validator-fields", test_validator_fields);
  ADD ("revalidation-window", test_revalidation_window);
  ADD ("unchanged-stays", test_unchanged_stays);
  ADD ("deleted", test_deleted);
  ADD ("lru-order", test_lru_order);
  ADD ("variants/off", test_variants_off);
  ADD ("variants/found", test_variants_found);
  ADD ("variants/revalidated", test_variants_revalidated);
  ADD ("variants/bound", test_variants_bound);
#undef ADD

  for (gsize i = 0; i < G_N_ELEMENTS (bound_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/cache/bound/%s", bound_cases[i].name);
      g_test_add (path, Fixture, &bound_cases[i], fixture_set_up, test_bound, fixture_tear_down);
    }

  g_test_add_func ("/engine/cache/e2e/fresh-after-change", test_served_fresh_after_change);
  g_test_add_func ("/engine/cache/e2e/deleted-is-404", test_deleted_is_404);
  g_test_add_func ("/engine/cache/e2e/docroot-recreated", test_docroot_recreated);
  g_test_add_func ("/engine/cache/e2e/big-body-own-fd", test_big_body_own_fd);

  return g_test_run ();
}
