/* pt-listing.c — a folder's listing, read through the jail (layer 1)
 *
 * The page is written into a heap buffer, then into a memfd, so it goes out
 * by sendfile like any file whatever its size.  The worker keeps the memfd
 * (PtListingCache) and every response gets a dup of it: sendfile sends
 * from its own offset, so they share the pages and never the position.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-listing.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pt-fd-write.h"
#include "pt-file.h"
#include "pt-http-mime.h"

struct _PtListingCache
{
  GHashTable *pages;   /* folder path (decoded, "/dir/") → PtListingPage */
};

typedef struct
{
  int         fd;         /* the memfd, never written again */
  gsize       size;
  struct stat st;         /* the folder it lists, as it was */
  guint64     written_ms; /* env->clock.mono_ms */
} PtListingPage;

static void
page_free (gpointer data)
{
  PtListingPage *page = data;

  close (page->fd);
  g_free (page);
}

void
pt_listing_cache_free (PtListingCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->pages);
  g_free (cache);
}

/* A dup of the page of path written from the folder st describes, or -1. */
static int
cache_lookup (PtConnEnv         *env,
              const char        *path,
              const struct stat *st,
              gsize             *size)
{
  PtListingPage *page;
  int fd;

  if (env->listing_cache == NULL)
    return -1;
  page = g_hash_table_lookup (env->listing_cache->pages, path);
  if (page == NULL)
    return -1;
  if (!pt_file_unchanged (&page->st, st) ||
      env->clock.mono_ms - page->written_ms >= PT_LISTING_CACHE_CHECK_MS)
    {
      g_hash_table_remove (env->listing_cache->pages, path);
      return -1;
    }
  fd = fcntl (page->fd, F_DUPFD_CLOEXEC, 0);
  if (fd >= 0)
    *size = page->size;
  return fd;
}

/* Keeps a dup of fd as the page of path (taken), written from the folder
 * st describes (before it was read). */
static void
cache_insert (PtConnEnv         *env,
              char              *path,
              const struct stat *st,
              int                fd,
              gsize              size)
{
  PtListingPage *page;
  int kept;

  if (env->listing_cache == NULL)
    {
      env->listing_cache = g_new0 (PtListingCache, 1);
      env->listing_cache->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, page_free);
    }
  kept = fcntl (fd, F_DUPFD_CLOEXEC, 0);
  if (kept < 0)
    {
      g_free (path);
      return;
    }
  if (g_hash_table_size (env->listing_cache->pages) >= PT_LISTING_CACHE_MAX_PAGES)
    g_hash_table_remove_all (env->listing_cache->pages);
  page = g_new0 (PtListingPage, 1);
  page->fd = kept;
  page->size = size;
  page->st = *st;
  page->written_ms = env->clock.mono_ms;
  g_hash_table_replace (env->listing_cache->pages, path, page);
}

/* The stat of the symlink name (in the folder rel) followed through the jail
 * from the docroot, so that it counts only when it stays beneath it. */
static gboolean
stat_link_beneath (PtConnEnv   *env,
                   GString     *rel,
                   const char  *name,
                   struct stat *st)
{
  gsize rel_len = rel->len;
  int fd;

  g_string_append (rel, name);
  fd = pt_file_open_beneath (env->root_fd, rel->str, O_PATH);
  g_string_truncate (rel, rel_len);
  if (fd < 0)
    return FALSE;   /* an escaping or dangling symlink, or gone */
  if (fstat (fd, st) < 0)
    {
      close (fd);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Whether name (in the folder rel, "" for the root, open as dir_fd) is
 * listed, and its entry.  An entry that is not a symlink is stat'ed where it
 * is (one fstatat, which follows nothing: dir_fd itself was opened beneath
 * the docroot); a symlink is followed through the jail from the docroot, so
 * only when it stays beneath it. */
static gboolean
read_entry (PtConnEnv          *env,
            int                 dir_fd,
            GString            *rel,
            const char         *name,
            PtHttpListingEntry *entry)
{
  struct stat st;

  if (name[0] == '.')
    return FALSE;   /* dotfiles, ".", ".." */
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;   /* a control byte: the path normaliser refuses it (400) */

  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return FALSE;   /* gone since readdir */
  if (S_ISLNK (st.st_mode) && !stat_link_beneath (env, rel, name, &st))
    return FALSE;

  entry->name_len = strlen (name);
  if (entry->name_len > PT_HTTP_LISTING_MAX_NAME)
    return FALSE;
  entry->is_dir = S_ISDIR (st.st_mode);
  if (!entry->is_dir)
    {
      if (!S_ISREG (st.st_mode))
        return FALSE;
      if (!env->serve_any_type && pt_http_mime_lookup (name, entry->name_len) == NULL)
        return FALSE;   /* Portico would answer 400 */
    }
  entry->size = (guint64) st.st_size;
  entry->mtime = (gint64) st.st_mtim.tv_sec;
  return TRUE;
}

int
pt_listing_open (PtConnEnv  *env,
                 const char *path,
                 gsize       path_len,
                 gsize      *size)
{
  g_autoptr(GString) rel = NULL;
  g_autoptr(GStringChunk) names = NULL;
  g_autofree PtHttpListingEntry *entries = NULL;
  g_autofree char *page = NULL;
  g_autofree char *key = NULL;
  gsize n = 0, page_size, page_len;
  gboolean truncated = FALSE;
  struct dirent *d;
  struct stat dir_st;
  DIR *dir;
  int dir_fd, out_fd;
  int err = 0;

  g_return_val_if_fail (path_len >= 1 && path[0] == '/' && path[path_len - 1] == '/', -1);

  rel = g_string_new_len (path + 1, (gssize) path_len - 1);   /* "dir/", or "" */
  dir_fd = pt_file_open_beneath (env->root_fd, rel->len > 0 ? rel->str : ".",
                                 O_RDONLY | O_DIRECTORY | O_NONBLOCK);
  if (dir_fd < 0)
    return -1;
  if (fstat (dir_fd, &dir_st) < 0)
    {
      close (dir_fd);
      return -1;
    }
  key = g_strndup (path, path_len);
  out_fd = cache_lookup (env, key, &dir_st, size);
  if (out_fd >= 0)
    {
      close (dir_fd);
      return out_fd;
    }
  dir = fdopendir (dir_fd);
  if (dir == NULL)
    {
      close (dir_fd);
      return -1;
    }

  names = g_string_chunk_new (4096);
  entries = g_new (PtHttpListingEntry, PT_LISTING_MAX_ENTRIES);
  while ((d = readdir (dir)) != NULL)
    {
      PtHttpListingEntry entry;

      if (!read_entry (env, dirfd (dir), rel, d->d_name, &entry))
        continue;
      if (n == PT_LISTING_MAX_ENTRIES)
        {
          truncated = TRUE;
          break;
        }
      entry.name = g_string_chunk_insert_len (names, d->d_name, (gssize) entry.name_len);
      entries[n++] = entry;
    }
  closedir (dir);

  pt_http_listing_sort (entries, n);
  page_size = pt_http_listing_max_size (n);
  page = g_malloc (page_size);
  page_len = pt_http_listing_write (path, path_len, entries, n, truncated, page, page_size);
  if (page_len == (gsize) -1)
    return -1;   /* not reached: the path and the names are within bounds */

  out_fd = memfd_create ("portico-listing", MFD_CLOEXEC);
  if (out_fd < 0)
    err = errno;
  if (out_fd < 0 || !pt_fd_write_all (out_fd, page, page_len, &err))
    {
      pt_conn_env_emit_error (env, "listing %.*s: %s", (int) path_len, path, g_strerror (err));
      if (out_fd >= 0)
        close (out_fd);
      return -1;
    }
  *size = page_len;
  cache_insert (env, g_steal_pointer (&key), &dir_st, out_fd, page_len);
  return out_fd;
}
