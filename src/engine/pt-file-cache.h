/* pt-file-cache.h — a worker's open-file cache (layer 1)
 *
 * rel path → { fd, size, mtime, Last-Modified, Content-Type, and for files
 * up to PT_FILE_CACHE_SMALL the bytes themselves }.  An entry is checked
 * against the file system (fstatat on its path) at most once every
 * PT_FILE_CACHE_CHECK_MS: a changed device, inode, size, mtime, ctime or
 * mode drops it, and so does an error (a deleted file).  Bounded in entries
 * and in bytes held in memory; the least recently used entry goes first.
 * One per worker, used by that worker's thread only: no locks.
 *
 * Entries are reference counted: a response keeps its entry (and so its fd)
 * alive even when the cache drops or replaces it meanwhile.
 */
#pragma once

#include <glib.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "pt-http-date.h"
#include "pt-http-etag.h"
#include "pt-http-response.h"

G_BEGIN_DECLS

#define PT_FILE_CACHE_MAX_ENTRIES  1024                /* per worker */
#define PT_FILE_CACHE_MAX_BYTES    (64 * 1024 * 1024)  /* file bytes held in memory, per worker */
#define PT_FILE_CACHE_SMALL        (16 * 1024)         /* files up to this are held in memory */
#define PT_FILE_CACHE_CHECK_MS     1000                /* revalidate an entry at most this often */
#define PT_FILE_CACHE_MAX_VARIANTS 2                   /* pt_file_cache_set_variants */

/* A file that may stand beside every cached one, "<rel><suffix>", and be
 * sent instead of it (a precompressed sidecar: "app.js.br"). */
typedef struct
{
  const char *suffix;              /* ".br" */
  const char *content_encoding;    /* "br": the variant's Content-Encoding */
} PtFileCacheVariant;

typedef struct _PtFileCacheEntry PtFileCacheEntry;
struct _PtFileCacheEntry
{
  /* read-only for users */
  int               fd;             /* open file; -1 when data holds the bytes */
  const char       *data;           /* the whole file (size ≤ PT_FILE_CACHE_SMALL) or NULL */
  guint64           size;
  gint64            mtime;          /* seconds since the epoch */
  const char       *content_type;   /* static string */
  char              last_modified[PT_HTTP_DATE_LEN + 1];
  char              etag[PT_HTTP_ETAG_SIZE];  /* strong tag (pt_http_etag_format), quotes included */
  gsize             etag_len;
  const char       *cache_control;  /* the cache's (pt_file_cache_set_cache_control), or NULL */
  /* The head lines every 200 for this file shares (Last-Modified, ETag,
   * Cache-Control, Content-Length, Content-Type), preformatted; a 304 sends
   * the first head_fields_304_len bytes.  head_fields_len is 0 when they did
   * not fit. */
  char              head_fields[PT_HTTP_FILE_FIELDS_MAX];
  gsize             head_fields_len;
  gsize             head_fields_304_len;
  /* Variants (pt_file_cache_set_variants): variants[i] is the entry for
   * rel + the i-th suffix when that is a regular file at least as new as
   * this one (mtime), else NULL.  vary is the cache's Vary value when any
   * is there (in head_fields too, and in every variant's), else NULL.
   * content_encoding is a variant's Content-Encoding (NULL for the file
   * itself); a variant has the Content-Type of the file it stands for. */
  PtFileCacheEntry *variants[PT_FILE_CACHE_MAX_VARIANTS];
  const char       *vary;
  const char       *content_encoding;
  /* Live reload: a small (in-memory) HTML file with the script tag inserted,
   * made by the first injected response and kept for the next ones, or
   * NULL.  Set once; freed with the entry (a change drops the cache). */
  char             *injected;
  gsize             injected_len;

  /* private */
  PtFileCacheEntry *lru_prev;
  PtFileCacheEntry *lru_next;
  guint             refs;
  gboolean          cached;         /* in the table (holds one ref) */
  struct stat       st;             /* identity checked on revalidation */
  gint64            checked_ms;
  char             *path;           /* the key */
  gsize             held;           /* bytes in memory: data and the variants' */
  /* what stood at each variant's name when the entry was made (checked on
   * revalidation, so a sidecar that appears, changes or goes drops it) */
  gboolean          variant_seen[PT_FILE_CACHE_MAX_VARIANTS];
  struct stat       variant_st[PT_FILE_CACHE_MAX_VARIANTS];
};

typedef struct _PtFileCache PtFileCache;

/* docroot_fd is borrowed and must outlive the cache. */
PtFileCache      *pt_file_cache_new            (int                docroot_fd,
                                                guint              max_entries,
                                                gsize              max_bytes);
void              pt_file_cache_free           (PtFileCache       *self);
/* Drops every entry (live reload: files changed; references held stay valid). */
void              pt_file_cache_clear          (PtFileCache       *self);

/* A new reference to rel's entry, checked within the last
 * PT_FILE_CACHE_CHECK_MS before now_ms (a monotonic time), or NULL. */
PtFileCacheEntry *pt_file_cache_lookup         (PtFileCache       *self,
                                                const char        *rel,
                                                gint64             now_ms);
/* Takes fd (a regular file opened for rel, st its fstat) and returns a new
 * reference to an entry for it.  Files up to PT_FILE_CACHE_SMALL are read
 * into memory and fd is closed.  The entry is added to the cache (evicting
 * the least recently used ones to stay within the bounds) unless it cannot
 * be: the file changed while read, or it is bigger than the byte bound. */
PtFileCacheEntry *pt_file_cache_insert         (PtFileCache       *self,
                                                const char        *rel,
                                                int                fd,
                                                const struct stat *st,
                                                const char        *content_type,
                                                gint64             now_ms);

/* The Cache-Control value every entry inserted from now on carries in its
 * head fields (NULL or "": none).  value is borrowed and must outlive the
 * cache. */
void              pt_file_cache_set_cache_control (PtFileCache    *self,
                                                   const char     *value);

/* Variants every entry inserted from now on looks for beside its file
 * (opened through the same jail, pt_file_open), and revalidates with it:
 * n ≤ PT_FILE_CACHE_MAX_VARIANTS, in the order of PtFileCacheEntry.variants;
 * vary is the Vary value of a file that has one.  Both borrowed, must
 * outlive the cache.  n == 0 (the default): none, and no syscall for them. */
void              pt_file_cache_set_variants   (PtFileCache              *self,
                                                const PtFileCacheVariant *variants,
                                                guint                     n,
                                                const char               *vary);

guint             pt_file_cache_get_n_entries  (PtFileCache       *self);
gsize             pt_file_cache_get_n_bytes    (PtFileCache       *self);

PtFileCacheEntry *pt_file_cache_entry_ref      (PtFileCacheEntry  *entry);
void              pt_file_cache_entry_unref    (PtFileCacheEntry  *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtFileCache, pt_file_cache_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtFileCacheEntry, pt_file_cache_entry_unref)

G_END_DECLS
