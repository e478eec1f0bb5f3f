/* pt-live-reload.h — live reload: the /.portico/ endpoints, the script tag, the change hub (layer 1)
 *
 * Owns what live reload adds to the engine when config->live_reload is on:
 * the hub the server publishes changes to and the workers take them from
 * (any thread), the plans of the /.portico/ endpoints, and the injected
 * HTML response.  The event streams themselves are connections in the
 * PT_CONN_STREAM state (pt-conn-stream.c), delivered to by their worker.  When
 * live reload is off there is no hub (env->live_reload is NULL) and none of
 * this runs.
 */
#pragma once

#include <glib.h>

#include "pt-conn-env.h"
#include "pt-file-cache.h"
#include "pt-http-status.h"

G_BEGIN_DECLS

#define PT_LIVE_RELOAD_PREFIX        "/.portico/"               /* names with a dot are never served from the folder */
#define PT_LIVE_RELOAD_SCRIPT_PATH   "/.portico/live-reload.js" /* the page script, and the shared worker */
#define PT_LIVE_RELOAD_EVENTS_PATH   "/.portico/events"         /* text/event-stream */
#define PT_LIVE_RELOAD_MAX_STREAMS   64        /* event streams open at once, all workers; more get 503 */
#define PT_LIVE_RELOAD_RETRY_AFTER_S 5         /* the 503's Retry-After */
#define PT_LIVE_RELOAD_HEARTBEAT_MS  15000     /* a comment on an idle stream this often */
#define PT_LIVE_RELOAD_RETRY_MS      1000      /* the stream's "retry:": EventSource's reconnect delay */
#define PT_CONN_STREAM_HEARTBEAT     ": heartbeat\n\n"   /* an SSE comment on an idle stream (pt-conn-stream.c) */
#define PT_LIVE_RELOAD_STREAM_SNDBUF (16 * 1024)  /* a stream's SO_SNDBUF: a client that stops reading holds little */
#define PT_LIVE_RELOAD_INJECT_MAX    (64 * 1024 * 1024)   /* bigger pages are sent as they are */
#define PT_LIVE_RELOAD_RING          16        /* change events kept for workers not yet woken */
#define PT_LIVE_RELOAD_EVENT_MAX     (16 * 1024)          /* one change event; more paths become ["*"] */
#define PT_LIVE_RELOAD_OPT_OUT       "portico-live-reload=off"   /* in a query: this response is not injected */
#define PT_LIVE_RELOAD_INSTANCE_LEN  16        /* hex digits of a server start's id */
#define PT_LIVE_RELOAD_ETAG_SUFFIX   "-lr"     /* before the id, inside the injected response's ETag */

typedef struct _PtLiveReloadHub PtLiveReloadHub;
struct _PtLiveReloadHub
{
  char      instance[PT_LIVE_RELOAD_INSTANCE_LEN + 1];   /* this start's id: a new one after a restart */
  char      tag[128];           /* <script src="/.portico/live-reload.js?id=…" defer></script> */
  gsize     tag_len;
  char      script_etag[32];    /* the script's strong ETag */
  gint      n_streams;          /* atomic: streams admitted, all workers */
  gint      generation;         /* atomic: changes published; a worker that sees a new one
                                   drops its file cache before answering (no stale page) */

  GMutex    lock;               /* guards the ring */
  guint64   seq;                /* change events published */
  GBytes   *ring[PT_LIVE_RELOAD_RING];   /* event seq n at ring[(n - 1) % RING] */
};

PtLiveReloadHub *pt_live_reload_hub_new     (void);
void             pt_live_reload_hub_free    (PtLiveReloadHub    *hub);
/* A new start: a new id (no stream is open). */
void             pt_live_reload_hub_restart (PtLiveReloadHub    *hub);
/* Any thread: one "change" event naming paths (relative to the docroot,
 * NULL-terminated).  Returns the number of streams open now. */
guint            pt_live_reload_hub_publish (PtLiveReloadHub    *hub,
                                             const char *const  *paths);
/* Any thread: the events published after *seen, concatenated (NULL when
 * none); *seen becomes the last one's number.  A reader further behind
 * than the ring gets a "change" of ["*"] (a reload). */
GBytes          *pt_live_reload_hub_take    (PtLiveReloadHub    *hub,
                                             guint64            *seen);
guint64          pt_live_reload_hub_seq     (PtLiveReloadHub    *hub);

/* The SSE text of change event number seq for paths (JSON array of
 * strings): "id: SEQ\nevent: change\ndata: [...]\n\n".  Exposed for the
 * tests.  The id is the hub's count of changes: a page compares it with
 * the hello's to know it missed some (pt-live-reload.js). */
GBytes          *pt_live_reload_format_change (guint64            seq,
                                               const char *const *paths);
/* A stream's first bytes: "retry: 1000\nid: SEQ\nevent: hello\ndata: ID\n\n",
 * seq the last change it is counted as having (the next it gets is seq + 1). */
GBytes          *pt_live_reload_hello         (PtLiveReloadHub   *hub,
                                               guint64            seq);

/* ---- the responder's side (worker thread) ---- */

/* What a /.portico/ request gets; the responder turns it into its plan. */
typedef struct
{
  PtHttpStatus  status;         /* 200, 304; 404, 412, 503: the built-in error page */
  const char   *body;           /* static or the hub's: NULL for none */
  gsize         body_len;
  gboolean      has_length;     /* Content-Length: body_len */
  const char   *content_type;
  const char   *etag;
  const char   *cache_control;
  gboolean      stream;         /* the connection becomes an event stream (counted from here) */
  gboolean      close;          /* no keep-alive: the body has no length */
  guint         retry_after;    /* 503 */
} PtLiveReloadAnswer;

/* A request for PT_LIVE_RELOAD_PREFIX…: the script (200 or 304), the event
 * stream (GET: answer->stream, or 503 over PT_LIVE_RELOAD_MAX_STREAMS;
 * HEAD: its head only), anything else 404.  env->live_reload is not NULL. */
void             pt_live_reload_answer      (PtConnEnv          *env,
                                             const PtConnIn     *in,
                                             PtLiveReloadAnswer *answer);
/* Whether the response to in gets the script tag when it is HTML: not when
 * Sec-Fetch-Dest names something other than a document or an iframe, nor
 * with PT_LIVE_RELOAD_OPT_OUT in the query. */
gboolean         pt_live_reload_wants       (const PtConnIn     *in);
/* Whether content_type is HTML. */
gboolean         pt_live_reload_is_html     (const char         *content_type);
/* The bytes the tag adds to a page. */
gsize            pt_live_reload_tag_len     (PtConnEnv          *env);
/* The injected response's ETag: etag[0..len) (quotes included) with
 * PT_LIVE_RELOAD_ETAG_SUFFIX and the start's id inside the quotes, into
 * buf.  FALSE when it does not fit or etag is not quoted. */
gboolean         pt_live_reload_format_etag (PtConnEnv          *env,
                                             const char         *etag,
                                             gsize               len,
                                             char               *buf,
                                             gsize               size);
/* A memfd holding the page with the tag inserted (pt_http_inject_offset):
 * the page is data[0..size), or read from fd when data is NULL.  -1 when
 * size is over PT_LIVE_RELOAD_INJECT_MAX or it cannot be read or written. */
int              pt_live_reload_inject      (PtConnEnv          *env,
                                             const char         *data,
                                             int                 fd,
                                             gsize               size);
/* The page data[0..size) with the tag inserted, in a new buffer (g_free)
 * of *len bytes: for small files held in memory, kept with their cache
 * entry so later responses send it from memory. */
char            *pt_live_reload_inject_copy (PtConnEnv          *env,
                                             const char         *data,
                                             gsize               size,
                                             gsize              *len);
/* Before a request: a change was published since the last look (its
 * generation): the worker's file cache is dropped, so the page the browser
 * asks for next is the file as it is now, not one checked a second ago. */
void             pt_live_reload_sync_cache  (PtConnEnv          *env);
/* A stream's closing: one fewer counted (and the BROWSERS event). */
void             pt_live_reload_stream_gone (PtConnEnv          *env);

G_END_DECLS
