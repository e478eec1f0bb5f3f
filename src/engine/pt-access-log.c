/* pt-access-log.c — log.txt records and the log-writer thread (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-access-log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "pt-fd-write.h"
#include "pt-http-date.h"
#include "pt-http-escape.h"
#include "pt-http-response.h"
#include "pt-tsan.h"

#define PT_ACCESS_LOG_MODE        0644
#define PT_ACCESS_LOG_THREAD_NAME "pt-log-writer"

/* ---- formatting: pure, bounded ---------------------------------------- */

typedef PtHttpWriter Out;

#define out_mem  pt_http_writer_put
#define out_str  pt_http_writer_put_str
#define out_uint pt_http_writer_put_uint

/* A string literal: its length is known at compile time. */
#define out_lit(o, lit) pt_http_writer_put ((o), "" lit, sizeof (lit) - 1)

/* Client-supplied bytes, escaped (pt-http-escape.h); with quoted, '"' and
 * '\\' are backslashed too (the combined format's quoted fields). */
static void
out_escaped (Out         *o,
             PtHttpSlice  s,
             gboolean     quoted)
{
  if (s.ptr == NULL)
    {
      out_lit (o, "-");
      return;
    }
  pt_http_writer_put_escaped (o, s.ptr, MIN (s.len, (gsize) PT_ACCESS_LOG_MAX_FIELD),
                              quoted ? PT_HTTP_ESCAPE_QUOTED : PT_HTTP_ESCAPE_HEX);
}

static void
out_peer (Out                    *o,
          const PtAccessLogEntry *e,
          gsize                   addr_len)
{
  out_lit (o, "(");
  if (e->peer_is_loopback)
    out_lit (o, "localhost");
  else
    out_mem (o, e->peer_addr, addr_len);
  out_lit (o, ", ");
  out_mem (o, e->peer_addr, addr_len);
  out_lit (o, ")");
}

/* "HTTP/1.1 200 OK", as the status line without its CRLF. */
static void
out_status (Out *o,
            int  status)
{
  gsize len;
  const char *line = pt_http_status_line (status, &len);

  if (line != NULL)
    {
      out_mem (o, line, len - 2);
      return;
    }
  out_lit (o, "HTTP/1.1 ");
  out_uint (o, (guint64) status);
  out_lit (o, " ");
  out_str (o, pt_http_status_reason (status));
}

static void
format_report (Out                    *o,
               const PtAccessLogEntry *e)
{
  gsize addr_len = e->peer_addr_len != 0 ? e->peer_addr_len : strlen (e->peer_addr);

  out_lit (o, "[Client request from ");
  out_peer (o, e, addr_len);
  if (e->request_keep_alive > 0)
    out_lit (o, "][Connection: keep-alive][Method: ");
  else if (e->request_keep_alive == 0)
    out_lit (o, "][Connection: close][Method: ");
  else
    out_lit (o, "][Connection: -][Method: ");
  out_escaped (o, e->method, FALSE);
  out_lit (o, "][Request file name: ");
  out_escaped (o, e->path, FALSE);
  out_lit (o, "][Date: ");
  out_str (o, e->request_date);
  out_lit (o, "]\n");

  out_lit (o, "[Server response to ");
  out_peer (o, e, addr_len);
  out_lit (o, "][StatusCode: ");
  out_status (o, e->status);
  out_lit (o, "][Date: ");
  out_str (o, e->response_date);
  if (e->response_keep_alive)
    out_lit (o, "][Connection: keep-alive]\n");
  else
    out_lit (o, "][Connection: close]\n");
}

static void
format_combined (Out                    *o,
                 const PtAccessLogEntry *e)
{
  char date[PT_HTTP_LOG_DATE_LEN + 1];

  if (e->log_date != NULL)
    memcpy (date, e->log_date, PT_HTTP_LOG_DATE_LEN);
  else
    pt_http_date_format_log (e->time, date);

  out_str (o, e->peer_addr);
  out_lit (o, " - - [");
  out_mem (o, date, PT_HTTP_LOG_DATE_LEN);
  out_lit (o, "] \"");
  out_escaped (o, e->request_line, TRUE);
  out_lit (o, "\" ");
  out_uint (o, (guint64) e->status);
  out_lit (o, " ");
  if (e->body_bytes > 0)
    out_uint (o, e->body_bytes);
  else
    out_lit (o, "-");
  out_lit (o, " \"");
  out_escaped (o, e->referer, TRUE);
  out_lit (o, "\" \"");
  out_escaped (o, e->user_agent, TRUE);
  out_lit (o, "\"\n");
}

gssize
pt_access_log_format (PtLogFormat             format,
                      const PtAccessLogEntry *entry,
                      char                   *out,
                      gsize                   size)
{
  Out o;

  g_return_val_if_fail (entry != NULL, -1);
  g_return_val_if_fail (entry->peer_addr != NULL, -1);

  pt_http_writer_init (&o, out, size);
  switch (format)
    {
    case PT_LOG_FORMAT_COMBINED:
      format_combined (&o, entry);
      break;

    case PT_LOG_FORMAT_REPORT:
    default:
      format_report (&o, entry);
      break;
    }

  return (gssize) pt_http_writer_finish (&o, out);
}

guint
pt_access_log_records_per_entry (PtLogFormat format)
{
  return format == PT_LOG_FORMAT_COMBINED ? 1 : 2;
}

/* ---- the writer thread -------------------------------------------------- */

struct _PtAccessLog
{
  int                   fd;
  char                 *path;
  PtLogFormat           format;
  /* The hand-over: a FIFO of chunks linked through ->next, taken whole by
   * the writer (as h2o's multithread queue).  A GMutex + GCond rather than
   * a GAsyncQueue: no allocation per hand-over, and the critical sections
   * can be marked for ThreadSanitizer (pt-tsan.h). */
  GMutex                lock;
  GCond                 cond;
  PtAccessLogChunk     *head;
  PtAccessLogChunk     *tail;
  GThread              *thread;
  guint64              *records_written;
  guint64              *records_lost;
  PtAccessLogErrorFunc  error_func;
  gpointer              error_data;
  gboolean              failing;        /* writer thread only */
  gint                  reopen;         /* atomic: pt_access_log_reopen() asked, under lock + cond */
  gboolean              is_stdout;      /* path "-": never reopened */
};

/* Path "-": a duplicate of standard output (the journal under systemd). */
static int
log_open_fd (const char *path)
{
  if (g_str_equal (path, PT_ACCESS_LOG_STDOUT))
    return fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  return open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, PT_ACCESS_LOG_MODE);
}

/* Writer thread only, between two chunks: a record is never split across
 * the old and the new file.  When the new file cannot be opened the old
 * descriptor is kept (records keep going to the renamed file) and the error
 * is reported once. */
static void
writer_reopen (PtAccessLog *log)
{
  int fd;

  if (log->is_stdout)
    return;
  fd = log_open_fd (log->path);
  if (fd < 0)
    {
      int err = errno;
      g_autofree char *message = g_strdup_printf ("reopen %s: %s (still writing to the old file)",
                                                  log->path, g_strerror (err));

      if (log->error_func != NULL)
        log->error_func (message, log->error_data);
      return;
    }
  close (log->fd);
  log->fd = fd;
}

static void
writer_handle_chunk (PtAccessLog      *log,
                     PtAccessLogChunk *chunk)
{
  int err = 0;

  if (chunk->len == 0)
    return;

  if (pt_fd_write_all (log->fd, chunk->data, chunk->len, &err))
    {
      __atomic_fetch_add (log->records_written, chunk->n_records, __ATOMIC_RELAXED);
      log->failing = FALSE;
      return;
    }

  /* Part of the chunk may have reached the file; count it all as lost
   * rather than guess which record was cut. */
  __atomic_fetch_add (log->records_lost, chunk->n_records, __ATOMIC_RELAXED);
  if (!log->failing)
    {
      g_autofree char *message = NULL;

      log->failing = TRUE;
      message = g_strdup_printf ("write %s: %s (log records are being lost)",
                                 log->path, g_strerror (err));
      if (log->error_func != NULL)
        log->error_func (message, log->error_data);
    }
}

static void
log_push (PtAccessLog      *log,
          PtAccessLogChunk *chunk)
{
  chunk->next = NULL;

  g_mutex_lock (&log->lock);
  PT_TSAN_ACQUIRE (log);
  if (log->tail != NULL)
    log->tail->next = chunk;
  else
    log->head = chunk;
  log->tail = chunk;
  PT_TSAN_RELEASE (log);
  g_cond_signal (&log->cond);
  g_mutex_unlock (&log->lock);
}

static PtAccessLogChunk *
log_take_all (PtAccessLog *log)
{
  PtAccessLogChunk *list;

  g_mutex_lock (&log->lock);
  PT_TSAN_ACQUIRE (log);
  while (log->head == NULL && !g_atomic_int_get (&log->reopen))
    {
      PT_TSAN_RELEASE (log);
      g_cond_wait (&log->cond, &log->lock);
      PT_TSAN_ACQUIRE (log);
    }
  list = g_steal_pointer (&log->head);
  log->tail = NULL;
  PT_TSAN_RELEASE (log);
  g_mutex_unlock (&log->lock);

  return list;
}

static gpointer
writer_thread (gpointer data)
{
  PtAccessLog *log = data;
  gboolean quit = FALSE;

  while (!quit)
    {
      PtAccessLogChunk *chunk = log_take_all (log);

      while (chunk != NULL)
        {
          PtAccessLogChunk *next = chunk->next;

          quit |= chunk->quit;
          writer_handle_chunk (log, chunk);
          g_free (chunk);
          chunk = next;
        }
      if (g_atomic_int_compare_and_exchange (&log->reopen, TRUE, FALSE))
        writer_reopen (log);
    }

  return NULL;
}

PtAccessLog *
pt_access_log_open (const char            *path,
                    PtLogFormat            format,
                    guint64               *records_written,
                    guint64               *records_lost,
                    PtAccessLogErrorFunc   error_func,
                    gpointer               error_data,
                    GError               **error)
{
  PtAccessLog *log;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = log_open_fd (path);
  if (fd < 0)
    {
      int err = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                   "Cannot open the log file %s: %s", path, g_strerror (err));
      return NULL;
    }

  log = g_new0 (PtAccessLog, 1);
  log->fd = fd;
  log->path = g_strdup (path);
  log->is_stdout = g_str_equal (path, PT_ACCESS_LOG_STDOUT);
  log->format = format;
  g_mutex_init (&log->lock);
  g_cond_init (&log->cond);
  log->records_written = records_written;
  log->records_lost = records_lost;
  log->error_func = error_func;
  log->error_data = error_data;
  log->thread = g_thread_try_new (PT_ACCESS_LOG_THREAD_NAME, writer_thread, log, error);
  if (log->thread == NULL)
    {
      g_mutex_clear (&log->lock);
      g_cond_clear (&log->cond);
      close (log->fd);
      g_free (log->path);
      g_free (log);
      return NULL;
    }

  return log;
}

void
pt_access_log_close (PtAccessLog *log)
{
  PtAccessLogChunk *marker;

  if (log == NULL)
    return;

  marker = g_new0 (PtAccessLogChunk, 1);
  marker->quit = TRUE;
  log_push (log, marker);
  g_thread_join (log->thread);

  g_assert (log->head == NULL);
  g_mutex_clear (&log->lock);
  g_cond_clear (&log->cond);
  close (log->fd);
  g_free (log->path);
  g_free (log);
}

void
pt_access_log_reopen (PtAccessLog *log)
{
  g_return_if_fail (log != NULL);

  g_mutex_lock (&log->lock);
  PT_TSAN_ACQUIRE (log);
  g_atomic_int_set (&log->reopen, TRUE);
  PT_TSAN_RELEASE (log);
  g_cond_signal (&log->cond);
  g_mutex_unlock (&log->lock);
}

void
pt_access_log_flush (PtAccessLog       *log,
                     PtAccessLogChunk **chunk)
{
  if (*chunk == NULL || (*chunk)->len == 0)
    return;

  log_push (log, g_steal_pointer (chunk));
}

void
pt_access_log_append (PtAccessLog             *log,
                      PtAccessLogChunk       **chunk,
                      const PtAccessLogEntry  *entry)
{
  gssize n;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      if (*chunk == NULL)
        {
          *chunk = g_malloc (sizeof (PtAccessLogChunk));
          (*chunk)->len = 0;
          (*chunk)->n_records = 0;
          (*chunk)->quit = FALSE;
          (*chunk)->next = NULL;
        }

      n = pt_access_log_format (log->format, entry,
                                (*chunk)->data + (*chunk)->len,
                                PT_ACCESS_LOG_CHUNK_SIZE - (*chunk)->len);
      if (n >= 0)
        {
          (*chunk)->len += (gsize) n;
          (*chunk)->n_records += pt_access_log_records_per_entry (log->format);
          return;
        }

      if ((*chunk)->len == 0)
        break;
      pt_access_log_flush (log, chunk);
    }

  /* Cannot happen with PT_ACCESS_LOG_MAX_FIELD, but never write half a record. */
  __atomic_fetch_add (log->records_lost, pt_access_log_records_per_entry (log->format),
                      __ATOMIC_RELAXED);
}
