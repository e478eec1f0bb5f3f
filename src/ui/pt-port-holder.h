/* pt-port-holder.h — which process listens on a TCP port (layer 3)
 *
 * /proc/net/tcp{,6} → the listening socket's inode → /proc/<pid>/fd.
 * Only processes we may inspect can be found (our own user's).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One line of /proc/net/tcp or tcp6: TRUE when it is a socket in LISTEN state
 * on port, with *inode set. */
gboolean  pt_port_holder_parse_line (const char *line,
                                     guint       port,
                                     guint64    *inode);
/* "nginx (pid 1234)", or NULL when nobody we can see holds port. */
char     *pt_port_holder_describe   (guint       port);

G_END_DECLS
