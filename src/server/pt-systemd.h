/* pt-systemd.h — systemd's socket activation and readiness protocol, without libsystemd
 *
 * Both are plain environment + socket protocols (sd_listen_fds(3),
 * sd_notify(3)); they work under any supervisor that speaks them, and with
 * systemd-socket-activate(1) without systemd as PID 1.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_SYSTEMD_LISTEN_FDS_START 3   /* SD_LISTEN_FDS_START: the first passed descriptor */

/* The listening socket passed with LISTEN_FDS/LISTEN_PID, or -1 when none was
 * passed to this process (unset, or LISTEN_PID names another process).  One
 * descriptor is expected; more is an error.  The descriptor gets FD_CLOEXEC
 * and O_NONBLOCK.  LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES are unset in any
 * case, so no child inherits them.  -1 + error when the variables are bad. */
int      pt_systemd_take_listen_fd (GError    **error);

/* Sends state ("READY=1\nSTATUS=…") as one datagram to $NOTIFY_SOCKET (a path,
 * or an abstract name starting with '@').  TRUE when sent, FALSE when the
 * variable is unset (not supervised) or the send failed. */
gboolean pt_systemd_notify         (const char *state);

G_END_DECLS
