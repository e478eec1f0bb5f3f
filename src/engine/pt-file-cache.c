/* pt-file-cache.c — a worker's open-file cache (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-file-cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "pt-file.h"
#include "pt-server-config.h"

struct _PtFileCache
{
  int               docroot_fd;
  guint             max_entries;
  gsize             max_bytes;
  GHashTable       *table;        /* entry->path → entry */
  PtFileCacheEntry *lru_head;     /* most recently used */
  PtFileCacheEntry *lru_tail;
  gsize             n_bytes;      /* file bytes held by cached entries */
  const char       *cache_control; /* borrowed; NULL: no Cache-Control */
  const PtFileCacheVariant *variants;   /* borrowed; pt_file_cache_set_variants */
  guint             n_variants;
  const char       *vary;         /* borrowed */
};

/* ---- entries ------------------------------------------------------------ */

PtFileCacheEntry *
pt_file_cache_entry_ref (PtFileCacheEntry *entry)
{
  entry->refs++;
  return entry;
}

void
pt_file_cache_entry_unref (PtFileCacheEntry *entry)
{
  g_assert (entry->refs > 0);

  if (--entry->refs > 0)
    return;

  g_assert (!entry->cached);
  for (guint i = 0; i < PT_FILE_CACHE_MAX_VARIANTS; i++)
    g_clear_pointer (&entry->variants[i], pt_file_cache_entry_unref);
  if (entry->fd >= 0)
    close (entry->fd);
  g_free ((char *) entry->data);
  g_free (entry->injected);
  g_free (entry->path);
  g_free (entry);
}

/* Reads the whole file; FALSE when it is not (any longer) st.st_size bytes. */
static gboolean
read_small (int      fd,
            gsize    size,
            char   **out)
{
  g_autofree char *data = g_malloc (MAX (size, 1));
  gsize got = 0;

  while (got < size)
    {
      ssize_t n = pread (fd, data + got, size - got, (off_t) got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      got += (gsize) n;
    }

  *out = g_steal_pointer (&data);
  return TRUE;
}

/* A new entry (one reference) for fd, a regular file, st its fstat: all
 * but the head fields, which wait for the variants. */
static PtFileCacheEntry *
entry_new (PtFileCache       *self,
           const char        *rel,
           int                fd,
           const struct stat *st,
           const char        *content_type,
           gint64             now_ms)
{
  PtFileCacheEntry *entry = g_new0 (PtFileCacheEntry, 1);

  entry->refs = 1;
  entry->fd = fd;
  entry->size = (guint64) st->st_size;
  entry->mtime = (gint64) st->st_mtime;
  entry->content_type = content_type;
  entry->st = *st;
  entry->checked_ms = now_ms;
  entry->path = g_strdup (rel);
  pt_http_date_format (entry->mtime, entry->last_modified);
  entry->etag_len = pt_http_etag_format ((guint64) st->st_dev, (guint64) st->st_ino,
                                         entry->size, (gint64) st->st_mtim.tv_sec,
                                         (guint32) st->st_mtim.tv_nsec, entry->etag);
  entry->cache_control = self->cache_control;
  return entry;
}

static void
entry_format_fields (PtFileCacheEntry *entry)
{
  PtHttpFileFields fields = {
    .last_modified = entry->last_modified,
    .etag = entry->etag,
    .cache_control = entry->cache_control,
    .content_length = entry->size,
    .content_type = entry->content_type,
    .vary = entry->vary,
    .content_encoding = entry->content_encoding,
  };
  size_t not_modified_len = 0;
  gssize fields_len;

  fields_len = pt_http_response_write_validator_fields (entry->head_fields, sizeof entry->head_fields,
                                                        &fields, &not_modified_len);
  if (fields_len > 0)
    {
      entry->head_fields_len = (gsize) fields_len;
      entry->head_fields_304_len = not_modified_len;
    }
}

/* A file up to PT_FILE_CACHE_SMALL is read into memory and its fd closed.
 * FALSE when it changed while read (then it is served from the fd). */
static gboolean
entry_hold (PtFileCacheEntry *entry)
{
  char *data = NULL;

  if (entry->size > PT_FILE_CACHE_SMALL)
    return TRUE;
  if (!read_small (entry->fd, (gsize) entry->size, &data))
    return FALSE;
  entry->data = data;
  close (entry->fd);
  entry->fd = -1;
  entry->held += (gsize) entry->size;
  return TRUE;
}

/* ---- variants (precompressed sidecars) ---------------------------------- */

/* rel + the variant's suffix in name[PATH_MAX]; FALSE when too long (then
 * nothing can stand there). */
static gboolean
variant_name (const char               *rel,
              const PtFileCacheVariant *variant,
              char                      name[PATH_MAX])
{
  gsize rel_len = strlen (rel), suffix_len = strlen (variant->suffix);

  if (rel_len + suffix_len >= PATH_MAX)
    return FALSE;
  memcpy (name, rel, rel_len);
  memcpy (name + rel_len, variant->suffix, suffix_len + 1);
  return TRUE;
}

/* Opens each variant beside entry's file through the jail and keeps those
 * that are regular files not older than it; records what stands at every
 * name for revalidation. */
static void
find_variants (PtFileCache      *self,
               PtFileCacheEntry *entry,
               const char       *rel,
               gint64            now_ms)
{
  char name[PATH_MAX];

  for (guint i = 0; i < self->n_variants; i++)
    {
      PtFileCacheEntry *variant;
      PtFile file;

      if (!variant_name (rel, &self->variants[i], name))
        continue;
      pt_file_open (self->docroot_fd, name, &file);
      if (file.status != PT_HTTP_STATUS_OK)
        {
          /* a folder or a refused link stays what it is: no change to see */
          entry->variant_seen[i] = fstatat (self->docroot_fd, name, &entry->variant_st[i], 0) == 0;
          continue;
        }
      entry->variant_seen[i] = TRUE;
      entry->variant_st[i] = file.st;

      /* older than the file it stands for: stale, ignored */
      if (file.st.st_mtim.tv_sec < entry->st.st_mtim.tv_sec ||
          (file.st.st_mtim.tv_sec == entry->st.st_mtim.tv_sec &&
           file.st.st_mtim.tv_nsec < entry->st.st_mtim.tv_nsec))
        {
          close (file.fd);
          continue;
        }

      variant = entry_new (self, NULL, file.fd, &file.st, entry->content_type, now_ms);
      variant->content_encoding = self->variants[i].content_encoding;
      variant->vary = self->vary;
      entry_format_fields (variant);
      if (!entry_hold (variant))
        {
          /* changed while read: its new stat drops the entry at the next check */
          pt_file_cache_entry_unref (variant);
          continue;
        }
      entry->variants[i] = variant;
      entry->held += variant->held;
      entry->vary = self->vary;
    }
}

/* TRUE when what stands at every variant's name is what stood there when
 * the entry was made. */
static gboolean
variants_unchanged (PtFileCache      *self,
                    PtFileCacheEntry *entry,
                    const char       *rel)
{
  char name[PATH_MAX];

  for (guint i = 0; i < self->n_variants; i++)
    {
      struct stat st;
      gboolean seen;

      if (!variant_name (rel, &self->variants[i], name))
        continue;
      seen = fstatat (self->docroot_fd, name, &st, 0) == 0;
      if (seen != entry->variant_seen[i] || (seen && !pt_file_unchanged (&st, &entry->variant_st[i])))
        return FALSE;
    }
  return TRUE;
}

/* ---- the LRU list ------------------------------------------------------- */

static void
lru_unlink (PtFileCache      *self,
            PtFileCacheEntry *entry)
{
  if (entry->lru_prev != NULL)
    entry->lru_prev->lru_next = entry->lru_next;
  else
    self->lru_head = entry->lru_next;
  if (entry->lru_next != NULL)
    entry->lru_next->lru_prev = entry->lru_prev;
  else
    self->lru_tail = entry->lru_prev;
  entry->lru_prev = entry->lru_next = NULL;
}

static void
lru_push_front (PtFileCache      *self,
                PtFileCacheEntry *entry)
{
  entry->lru_prev = NULL;
  entry->lru_next = self->lru_head;
  if (self->lru_head != NULL)
    self->lru_head->lru_prev = entry;
  else
    self->lru_tail = entry;
  self->lru_head = entry;
}

static void
cache_remove (PtFileCache      *self,
              PtFileCacheEntry *entry)
{
  g_assert (entry->cached);

  g_hash_table_remove (self->table, entry->path);
  lru_unlink (self, entry);
  self->n_bytes -= entry->held;
  entry->cached = FALSE;
  pt_file_cache_entry_unref (entry);
}

/* ---- public ------------------------------------------------------------- */

/* What the options accept is what the preformatted head fields have room for. */
G_STATIC_ASSERT (PT_SERVER_CACHE_CONTROL_MAX == PT_HTTP_CACHE_CONTROL_MAX);

PtFileCache *
pt_file_cache_new (int    docroot_fd,
                   guint  max_entries,
                   gsize  max_bytes)
{
  PtFileCache *self = g_new0 (PtFileCache, 1);

  self->docroot_fd = docroot_fd;
  self->max_entries = max_entries;
  self->max_bytes = max_bytes;
  self->table = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
pt_file_cache_free (PtFileCache *self)
{
  if (self == NULL)
    return;

  while (self->lru_head != NULL)
    cache_remove (self, self->lru_head);
  g_hash_table_unref (self->table);
  g_free (self);
}

void
pt_file_cache_clear (PtFileCache *self)
{
  while (self->lru_head != NULL)
    cache_remove (self, self->lru_head);
}

PtFileCacheEntry *
pt_file_cache_lookup (PtFileCache *self,
                      const char  *rel,
                      gint64       now_ms)
{
  PtFileCacheEntry *entry = g_hash_table_lookup (self->table, rel);

  if (entry == NULL)
    return NULL;

  if (now_ms - entry->checked_ms >= PT_FILE_CACHE_CHECK_MS)
    {
      struct stat st;

      if (fstatat (self->docroot_fd, rel, &st, 0) < 0 || !pt_file_unchanged (&st, &entry->st) ||
          (self->n_variants > 0 && !variants_unchanged (self, entry, rel)))
        {
          /* Changed or gone: the caller opens it again (and gets the
           * right status for what is there now). */
          cache_remove (self, entry);
          return NULL;
        }
      entry->checked_ms = now_ms;
    }

  if (entry != self->lru_head)
    {
      lru_unlink (self, entry);
      lru_push_front (self, entry);
    }
  return pt_file_cache_entry_ref (entry);
}

PtFileCacheEntry *
pt_file_cache_insert (PtFileCache       *self,
                      const char        *rel,
                      int                fd,
                      const struct stat *st,
                      const char        *content_type,
                      gint64             now_ms)
{
  PtFileCacheEntry *entry = entry_new (self, rel, fd, st, content_type, now_ms);
  PtFileCacheEntry *old;
  gsize held;

  if (self->n_variants > 0)
    find_variants (self, entry, rel, now_ms);
  entry_format_fields (entry);
  if (!entry_hold (entry))
    return entry;   /* changed while read: served from the fd, not kept */
  held = entry->held;

  if (held > self->max_bytes || self->max_entries == 0)
    return entry;

  old = g_hash_table_lookup (self->table, rel);
  if (old != NULL)
    cache_remove (self, old);
  while (self->lru_tail != NULL &&
         (g_hash_table_size (self->table) >= self->max_entries ||
          self->n_bytes + held > self->max_bytes))
    cache_remove (self, self->lru_tail);

  entry->cached = TRUE;
  entry->refs++;
  g_hash_table_insert (self->table, entry->path, entry);
  lru_push_front (self, entry);
  self->n_bytes += held;
  return entry;
}

void
pt_file_cache_set_variants (PtFileCache              *self,
                            const PtFileCacheVariant *variants,
                            guint                     n,
                            const char               *vary)
{
  g_return_if_fail (n <= PT_FILE_CACHE_MAX_VARIANTS);
  g_return_if_fail (n == 0 || (variants != NULL && vary != NULL));

  self->variants = variants;
  self->n_variants = n;
  self->vary = vary;
}

void
pt_file_cache_set_cache_control (PtFileCache *self,
                                 const char  *value)
{
  self->cache_control = (value != NULL && value[0] != '\0') ? value : NULL;
}

guint
pt_file_cache_get_n_entries (PtFileCache *self)
{
  return g_hash_table_size (self->table);
}

gsize
pt_file_cache_get_n_bytes (PtFileCache *self)
{
  return self->n_bytes;
}
