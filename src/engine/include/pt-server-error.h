/* pt-server-error.h — the engine's GError domain (layer 1, public) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_SERVER_ERROR (pt_server_error_quark ())
typedef enum
{
  PT_SERVER_ERROR_DOCROOT,     /* missing, not a folder, or unreadable */
  PT_SERVER_ERROR_ADDRESS,     /* host is not an IP address we can bind */
  PT_SERVER_ERROR_BIND,        /* bind/listen failed (privileged port, all fallbacks busy, …) */
  PT_SERVER_ERROR_LOG,         /* the log file cannot be opened */
  PT_SERVER_ERROR_FAILED,      /* anything else (epoll, threads) */
  PT_SERVER_ERROR_JAIL,        /* openat2 RESOLVE_BENEATH refused (old kernel, seccomp, sandbox) */
} PtServerError;
GQuark pt_server_error_quark (void);

G_END_DECLS
