/* pt-lan-monitor.c — a NETLINK_ROUTE socket on the main context, one call per burst */
#define G_LOG_DOMAIN "pt-share"

#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "pt-lan-monitor.h"

/* What can change the ranked list: an interface up or down (or renamed),
 * an address added or removed, a default route that moved. */
#define PT_LAN_MONITOR_GROUPS (RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | \
                               RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE)

/* The messages are dropped unread; a longer one is cut, which is fine. */
#define PT_LAN_MONITOR_READ_SIZE 8192

struct _PtLanMonitor
{
  int              fd;
  guint            delay_ms;
  guint            watch_id;    /* g_unix_fd_add */
  guint            timeout_id;  /* the pending call, 0 when none */
  PtLanMonitorFunc func;
  gpointer         user_data;
};


static gboolean
on_delay_over (gpointer user_data)
{
  PtLanMonitor *self = user_data;

  self->timeout_id = 0;
  /* func may free self: nothing touches it after the call. */
  self->func (self->user_data);
  return G_SOURCE_REMOVE;
}

/* Reads every queued message; TRUE when there was one (or some were lost),
 * *stop when the descriptor is of no further use. */
static gboolean
drain (PtLanMonitor *self,
       gboolean     *stop)
{
  char buf[PT_LAN_MONITOR_READ_SIZE];
  gboolean changed = FALSE;

  *stop = FALSE;
  for (;;)
    {
      ssize_t n = read (self->fd, buf, sizeof buf);

      if (n > 0)
        changed = TRUE;
      else if (n == 0)
        {
          *stop = TRUE;
          return changed;
        }
      else if (errno == EINTR)
        continue;
      else if (errno == ENOBUFS)
        changed = TRUE;   /* the kernel dropped messages: something changed */
      else if (errno == EAGAIN || errno == EWOULDBLOCK)
        return changed;
      else
        {
          g_debug ("the network watch stops: %s", g_strerror (errno));
          *stop = TRUE;
          return changed;
        }
    }
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  PtLanMonitor *self = user_data;
  gboolean stop = FALSE;
  gboolean changed = FALSE;

  if ((condition & (G_IO_IN | G_IO_ERR)) != 0)
    changed = drain (self, &stop);
  if ((condition & (G_IO_HUP | G_IO_NVAL)) != 0)
    stop = TRUE;

  if (changed && self->timeout_id == 0)
    {
      self->timeout_id = g_timeout_add (self->delay_ms, on_delay_over, self);
      g_source_set_name_by_id (self->timeout_id, "[portico] network change");
    }
  if (stop)
    {
      self->watch_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}


PtLanMonitor *
pt_lan_monitor_new_for_fd (int              fd,
                           guint            delay_ms,
                           PtLanMonitorFunc func,
                           gpointer         user_data)
{
  PtLanMonitor *self;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (PtLanMonitor, 1);
  self->fd = fd;
  self->delay_ms = delay_ms;
  self->func = func;
  self->user_data = user_data;
  self->watch_id = g_unix_fd_add (fd, G_IO_IN | G_IO_ERR | G_IO_HUP, on_readable, self);
  g_source_set_name_by_id (self->watch_id, "[portico] network watch");
  return self;
}

PtLanMonitor *
pt_lan_monitor_new (PtLanMonitorFunc func,
                    gpointer         user_data,
                    GError         **error)
{
  struct sockaddr_nl addr;
  int fd;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = socket (AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "could not watch the network (netlink socket: %s)", g_strerror (saved));
      return NULL;
    }

  memset (&addr, 0, sizeof addr);
  addr.nl_family = AF_NETLINK;
  addr.nl_groups = PT_LAN_MONITOR_GROUPS;
  if (bind (fd, (const struct sockaddr *) &addr, sizeof addr) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "could not watch the network (netlink bind: %s)", g_strerror (saved));
      return NULL;
    }

  return pt_lan_monitor_new_for_fd (fd, PT_LAN_MONITOR_DELAY_MS, func, user_data);
}

void
pt_lan_monitor_free (PtLanMonitor *self)
{
  if (self == NULL)
    return;
  if (self->watch_id != 0)
    g_source_remove (self->watch_id);
  if (self->timeout_id != 0)
    g_source_remove (self->timeout_id);
  close (self->fd);
  g_free (self);
}
