/* pt-port-holder.h — which process listens on a TCP port (layer 3)
 *
 * /proc/net/tcp{,6} → the listening socket's inode → /proc/<pid>/fd.
 * Only processes we may inspect can be found (our own user's).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One line of /proc/net/tcp or tcp6: TRUE when it is a socket in LISTEN state
 * on port, with *inode set. */
gboolean  pt_port_holder_parse_line (const char *line,
                                     guint       port,
                                     guint64    *inode);
/* "nginx (pid 1234)", or NULL when nobody we can see holds port. */
char     *pt_port_holder_describe   (guint       port);
/* The same, walking /proc in a GTask thread (a busy system has thousands
 * of descriptors to look at): finish returns the description or NULL (and
 * an error only if cancelled). */
void      pt_port_holder_describe_async  (guint                port,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
char     *pt_port_holder_describe_finish (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
