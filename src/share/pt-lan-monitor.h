/* pt-lan-monitor.h — "the network changed", for the headless front ends (GLib only)
 *
 * A NETLINK_ROUTE socket joined to the link, address and route groups
 * (IPv4 and IPv6: the default route decides pt_lan_rank's order), watched
 * on the default main context.  Each burst of kernel messages becomes one
 * call of func, PT_LAN_MONITOR_DELAY_MS after its first message (the
 * window's share card coalesces GNetworkMonitor::network-changed the same
 * way).  The messages are not parsed: the caller reads the table again
 * (pt_lan_table_new_from_system) and compares.  A lost message (the
 * socket's buffer overflowed, ENOBUFS) is a change too.
 *
 * GIO's GNetworkMonitor would do, but portico-server links libglib-2.0 and
 * libc only.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Messages that come closer together than this are one change. */
#define PT_LAN_MONITOR_DELAY_MS 250

typedef struct _PtLanMonitor PtLanMonitor;

/* Called on the default main context; it may free the monitor. */
typedef void (*PtLanMonitorFunc) (gpointer user_data);

/* NULL and an error (G_FILE_ERROR, from errno) when the socket cannot be
 * opened or bound: in a sandbox without AF_NETLINK (portico.service's
 * RestrictAddressFamilies=) socket() fails with EAFNOSUPPORT. */
PtLanMonitor *pt_lan_monitor_new        (PtLanMonitorFunc func,
                                         gpointer         user_data,
                                         GError         **error);
/* TEST ONLY: watches fd (non-blocking, datagrams; the monitor closes it)
 * instead of a netlink socket, calling func delay_ms after the first
 * datagram of a burst.  Reading 0 bytes (an end of stream) or an error
 * other than EAGAIN, EINTR and ENOBUFS stops the watch. */
PtLanMonitor *pt_lan_monitor_new_for_fd (int              fd,
                                         guint            delay_ms,
                                         PtLanMonitorFunc func,
                                         gpointer         user_data);
/* Stops watching (a pending call is dropped) and closes the socket. */
void          pt_lan_monitor_free       (PtLanMonitor    *monitor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtLanMonitor, pt_lan_monitor_free)

G_END_DECLS
