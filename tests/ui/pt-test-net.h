/* pt-test-net.h — loopback helpers shared by the ui tests and the benchmark */
#pragma once

#include <glib.h>

/* A TCP port on 127.0.0.1 that was free a moment ago (bound, read, closed). */
guint        pt_test_net_free_port      (void);

#define PT_TEST_NET_TIMEOUT_S   10       /* receive timeout of pt_test_net_connect's sockets */
#define PT_TEST_NET_READ_CHUNK  65536

/* A blocking socket connected to 127.0.0.1:port, -1 if refused. */
int          pt_test_net_connect        (guint       port);
void         pt_test_net_send_all       (int         fd,
                                         const char *data,
                                         gsize       len);
/* Reads until the peer closes; returns everything received. */
char        *pt_test_net_read_to_eof    (int         fd);
/* One GET with Connection: close; returns the whole response. */
char        *pt_test_net_get            (guint       port,
                                         const char *path);
/* What follows the head's blank line. */
const char  *pt_test_net_body_of        (const char *response);
gboolean     pt_test_net_port_is_closed (guint       port);
