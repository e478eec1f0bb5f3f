/* pt-access-log.h — log.txt records and the log-writer thread (layer 1)
 *
 * Formatting is pure (table-tested).  Workers append records to their own
 * chunk without locks and hand full chunks (and, once a second, partial
 * ones) to the single "pt-log-writer" thread, which write()s them.
 */
#pragma once

#include <glib.h>

#include "pt-http-request.h"
#include "pt-server-config.h"

G_BEGIN_DECLS

#define PT_ACCESS_LOG_CHUNK_SIZE  (64 * 1024)   /* a worker's buffer, handed over when full */
#define PT_ACCESS_LOG_MAX_FIELD   2048          /* bytes of one client-supplied field kept */
#define PT_ACCESS_LOG_FLUSH_MS    1000          /* partial chunks are handed over this often */
#define PT_ACCESS_LOG_STDOUT      "-"           /* log path meaning standard output */

typedef struct
{
  const char  *peer_addr;          /* "127.0.0.1", "::1" */
  gboolean     peer_is_loopback;   /* shown as "localhost" in the report format */
  PtHttpSlice  method;             /* ptr NULL: "-" */
  PtHttpSlice  path;               /* the logged file name; ptr NULL: "-" */
  int          request_keep_alive; /* 1 keep-alive, 0 close, -1 unknown ("-") */
  const char  *request_date;       /* IMF-fixdate the request arrived */
  int          status;
  const char  *response_date;      /* the Date header sent */
  gboolean     response_keep_alive;
  /* Combined Log Format only */
  gint64       time;               /* seconds since the epoch */
  PtHttpSlice  request_line;       /* ptr NULL: "-" */
  guint64      body_bytes;         /* 0: "-" */
  PtHttpSlice  referer;
  PtHttpSlice  user_agent;
  /* Optional, precomputed by the caller (0 / NULL: computed here) */
  gsize        peer_addr_len;      /* strlen (peer_addr) */
  const char  *log_date;           /* time formatted by pt_http_date_format_log */
} PtAccessLogEntry;

/* Formats the entry's record(s), each ending with '\n', into out.  Returns
 * the length, or -1 when size is too small.  Control bytes (and, in the
 * combined format, '"' and '\\') of client-supplied fields are escaped. */
gssize pt_access_log_format (PtLogFormat             format,
                             const PtAccessLogEntry *entry,
                             char                   *out,
                             gsize                   size);

/* Records per entry: 2 in the report format (request + response), 1 in combined. */
guint  pt_access_log_records_per_entry (PtLogFormat format);

typedef struct _PtAccessLogChunk PtAccessLogChunk;
struct _PtAccessLogChunk
{
  PtAccessLogChunk *next;         /* hand-over list link */
  gsize             len;
  guint             n_records;
  gboolean          quit;         /* the writer's stop marker */
  char              data[PT_ACCESS_LOG_CHUNK_SIZE];
};

typedef struct _PtAccessLog PtAccessLog;

/* Called on the writer thread, once per failure streak. */
typedef void (*PtAccessLogErrorFunc) (const char *message,
                                      gpointer    user_data);

/* Opens path (O_APPEND|O_CREAT, 0644) and starts the writer thread.  The
 * counters are updated atomically by the writer. */
PtAccessLog *pt_access_log_open   (const char            *path,
                                   PtLogFormat            format,
                                   guint64               *records_written,
                                   guint64               *records_lost,
                                   PtAccessLogErrorFunc   error_func,
                                   gpointer               error_data,
                                   GError               **error);
/* Asks the writer thread to reopen the path (after logrotate renamed the
 * file), between two chunks: no record is lost or split.  Any thread,
 * async-signal-unsafe (call it from a GLib signal source).  No-op for "-". */
void         pt_access_log_reopen (PtAccessLog           *log);
/* Writes everything submitted so far, joins the writer, closes the file. */
void         pt_access_log_close  (PtAccessLog           *log);

/* Appends the entry to *chunk (allocating it when NULL), submitting the
 * chunk and starting a new one when it is full.  Worker threads only. */
void         pt_access_log_append (PtAccessLog           *log,
                                   PtAccessLogChunk     **chunk,
                                   const PtAccessLogEntry *entry);
/* Hands a non-empty chunk over (and clears *chunk). */
void         pt_access_log_flush  (PtAccessLog           *log,
                                   PtAccessLogChunk     **chunk);

G_END_DECLS
