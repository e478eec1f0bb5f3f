/* pt-server-config.h — everything a PtServer needs to know (layer 1)
 *
 * The UI maps GSettings to this, the CLI maps its flags to it.  The server
 * copies it at pt_server_new(); after that it never changes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_DEFAULT_HOST                "127.0.0.1"
#define PT_DEFAULT_PORT                8080
#define PT_PORT_FALLBACK_TRIES         100      /* port, port+1, … port+99 */
#define PT_DEFAULT_KEEP_ALIVE_TIMEOUT  15000    /* ms of idle time between requests */
#define PT_DEFAULT_MAX_REQUESTS        100      /* per connection */
#define PT_DEFAULT_HEADER_TIMEOUT      10000    /* ms for a whole head to arrive once it started → 408 */
#define PT_DEFAULT_MAX_CONNECTIONS     10000    /* open at once; more get 503 */
#define PT_DEFAULT_SEND_TIMEOUT        30000    /* ms without send progress before a response is abandoned */
#define PT_DEFAULT_DEFER_ACCEPT_ABOVE  1000     /* new connections per second above which accepts are deferred */
#define PT_STOP_GRACE_MS               2000     /* responses in flight may finish within this at stop */
#define PT_MAX_THREADS                 64
#define PT_DEFAULT_CACHE_CONTROL       "no-cache"   /* revalidate every time: the ETag makes that a 304 */
#define PT_SERVER_CACHE_CONTROL_MAX    128          /* bytes of cache_control (PT_HTTP_CACHE_CONTROL_MAX) */

typedef enum
{
  PT_LOG_FORMAT_REPORT = 0,   /* the report's bracketed log.txt records */
  PT_LOG_FORMAT_COMBINED,     /* Apache Combined Log Format */
} PtLogFormat;

typedef struct
{
  char        *host;                /* bind address; "0.0.0.0" or "::" for all interfaces */
  guint        port;                /* 0: the kernel chooses (tests) */
  gboolean     port_fallback;       /* on EADDRINUSE try the next port, up to PT_PORT_FALLBACK_TRIES */
  char        *docroot;             /* folder to serve (must exist) */
  guint        n_threads;           /* 0: number of online CPUs */
  guint        keep_alive_timeout_ms;
  guint        max_requests;
  guint        header_timeout_ms;
  guint        max_connections;
  gboolean     serve_any_type;      /* unknown extensions as application/octet-stream instead of 400 */
  char        *log_path;            /* NULL: no log file */
  PtLogFormat  log_format;
  gboolean     trace_events;        /* emit per-connection/per-request events (console, window); FALSE: only lifecycle + errors */
  guint        send_timeout_ms;     /* no progress sending a response for this long → close; 0: PT_DEFAULT_SEND_TIMEOUT */
  guint        trace_max_per_second; /* with trace_events: requests and connections traced per second, each
                                        with all its events, shared out between the workers; the rest are
                                        counted in PT_EVENT_DROPPED events.  0: unlimited (the default) */
  guint        defer_accept_above;  /* new connections per second above which the listener defers accepts
                                       until the first bytes arrive (pt-accept-defer.h); 0: never */
  char        *cache_control;       /* Cache-Control value on file responses (200 and 304);
                                       NULL or "": none.  Default PT_DEFAULT_CACHE_CONTROL */
  gboolean     text_charset;        /* label text types "; charset=utf-8" (pt_http_mime_with_charset);
                                       FALSE: the report's exact Content-Type.  Default TRUE */
  gboolean     list_directories;    /* a folder without index.html answers a listing of its entries */
  gboolean     spa;                 /* a missing extensionless GET/HEAD answers the root index.html (200) */
  int          listen_fd;           /* ≥ 0: an already bound, listening TCP socket to accept on instead of
                                       binding host:port (systemd socket activation); the engine uses a
                                       duplicate and never closes this one.  -1 (the default): bind */
  gboolean     proxy_protocol;      /* connections from trusted_proxies start with a PROXY v1/v2 header */
  char        *trusted_proxies;     /* comma-separated addresses or ADDRESS/BITS blocks (pt-proxy-trust.h);
                                       required with proxy_protocol; others are direct clients */
  gboolean     precompressed;       /* send x.br / x.gz beside x when Accept-Encoding prefers it
                                       (pt-responder-coding.h).  Default FALSE */
} PtServerConfig;

/* A config with every default above (docroot "srcFile", log_path "log.txt",
 * trace_events TRUE, trace_max_per_second 0,
 * defer_accept_above PT_DEFAULT_DEFER_ACCEPT_ABOVE, listen_fd -1).  Free with pt_server_config_free(). */
PtServerConfig *pt_server_config_new  (void);
PtServerConfig *pt_server_config_copy (const PtServerConfig *config);
void            pt_server_config_free (PtServerConfig       *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtServerConfig, pt_server_config_free)

G_END_DECLS
