/* pt-event.h — what the engine tells the outside world (layer 1)
 *
 * A PtEvent owns all its strings; it is the only thing that crosses from a
 * worker thread to the main thread.  Never pointers into connection buffers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PT_EVENT_STARTED = 0,     /* port = the port actually bound, message = "host" */
  PT_EVENT_STOPPED,
  PT_EVENT_ERROR,           /* message says what failed (and which syscall) */
  PT_EVENT_CONN_OPENED,     /* "Received connection from ('127.0.0.1', 60092)" */
  PT_EVENT_REQUEST,         /* head = the request head as received; method, path */
  PT_EVENT_RESPONSE,        /* status, bytes (head + body sent), method, path, keep_alive */
  PT_EVENT_KEEP_ALIVE,      /* "Request completed, waiting for next request from: (…)" */
  PT_EVENT_TIMEOUT,         /* idle/keep-alive timeout: "Timeout, connection from (…) is closed." */
  PT_EVENT_MAX_REQUESTS,    /* "Maximum 100 requests , Connection to (…) is closed." (count = the limit) */
  PT_EVENT_CONN_CLOSED,     /* "Connection to: (…) is closed." */
  PT_EVENT_DROPPED,         /* count = events not shown: dropped by the bridge under flood, or
                               suppressed by a worker's trace limit (trace_max_per_second) */
  PT_EVENT_LIVE_RELOAD,     /* message = the changed paths ("a.css, b.html"), count = browsers told */
  PT_EVENT_LIVE_RELOAD_BROWSERS, /* count = live reload event streams open now (browsers connected) */
  PT_EVENT_LIVE_RELOAD_POLLING,  /* message: why the folder is polled instead of watched */
} PtEventType;

typedef struct
{
  PtEventType  type;
  gint64       time;          /* g_get_real_time() when it happened */
  guint64      conn_id;       /* 0 for server-wide events */
  char        *peer_addr;     /* "127.0.0.1", "::1" (NULL for server-wide events) */
  guint        peer_port;
  guint        port;          /* STARTED: the bound port */
  int          status;        /* RESPONSE */
  guint64      bytes;         /* RESPONSE: bytes sent */
  guint64      count;         /* MAX_REQUESTS: the limit; DROPPED: how many */
  gboolean     keep_alive;    /* RESPONSE: the connection stays open */
  char        *method;        /* REQUEST/RESPONSE, NULL when the request line was unreadable */
  char        *path;          /* REQUEST/RESPONSE: the file name as logged ("/index.html") */
  char        *head;          /* REQUEST: head as received, CRLFs as sent, without the final empty line */
  char        *message;       /* STARTED: host; ERROR: text */
  gboolean     refused;       /* RESPONSE: a 403 for want of the private link's key (console: "Refused …") */
} PtEvent;

/* The strings of a packed event: each is copied when its pointer is not
 * NULL (len bytes, then a NUL), else the field stays NULL. */
typedef struct
{
  const char  *peer_addr;
  gsize        peer_addr_len;
  const char  *method;
  gsize        method_len;
  const char  *path;
  gsize        path_len;
  const char  *head;
  gsize        head_len;
  const char  *message;
  gsize        message_len;
} PtEventStrings;

/* Fields may be set by the caller afterwards (strings g_malloc'ed). */
PtEvent *pt_event_new        (PtEventType            type);
/* One allocation: the strings are packed after the struct and the fields
 * point into it.  A packed field must not be freed or replaced by itself
 * (replacing it with a g_malloc'ed string is fine). */
PtEvent *pt_event_new_packed (PtEventType            type,
                              const PtEventStrings  *strings);
/* Frees the event and every string it owns, packed or not. */
void     pt_event_free       (PtEvent               *event);

/* Appends the report's console text for the event (one or more whole lines,
 * each ending in '\n', no trailing blank line handling by the caller needed)
 * to out.  Events with no console text (RESPONSE, except a refused one:
 * "Refused (no private-link key): GET /path from ('addr', port)"; DROPPED
 * when count is 0) append nothing. */
void     pt_event_format_console (const PtEvent *event,
                                  GString       *out);

/* The engine never knows who listens: the bridge passes its post function. */
typedef void (*PtEventSink) (PtEvent  *event,    /* transfer full */
                             gpointer  user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtEvent, pt_event_free)

G_END_DECLS
