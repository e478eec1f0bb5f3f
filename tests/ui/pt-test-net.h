/* pt-test-net.h — loopback helpers shared by the window's tests and benchmark */
#pragma once

#include <glib.h>

/* A TCP port on 127.0.0.1 that was free a moment ago (bound, read, closed). */
guint pt_test_net_free_port (void);
