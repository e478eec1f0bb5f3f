/* test-lan-monitor.c — pt-lan-monitor's coalescing, over a socketpair
 *
 * pt_lan_monitor_new_for_fd watches one end of a SOCK_SEQPACKET pair (one
 * datagram a message, and an end of stream when the other end closes); the
 * test writes "kernel messages" to the other end.  The netlink socket is
 * tested here too, each time in a network namespace of the test's own: lo up
 * is one call; a burst that overflows a minimal receive buffer (ENOBUFS) is
 * one call and the watch goes on.  End to end (the server's console) it is
 * tests/cli/test-share-refresh.py.  Nothing here asserts a speed: a call is
 * waited for, and "no call" is checked over several delays of an idle loop.
 */
#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "pt-lan-monitor.h"

#define DELAY_MS    100
#define WAIT_MS     10000   /* a call that must come comes before this */
#define IDLE_MS     (3 * DELAY_MS)
#define OVERFLOW_TOGGLES 100  /* lo down and up this many times: far more link messages than a minimal buffer holds */

typedef struct
{
  int           peer;          /* the kernel's end */
  PtLanMonitor *monitor;
  guint         calls;
  gint64        first_write_us;
  gint64        call_us;       /* monotonic time of the last call */
  gboolean      free_in_call;
} Fixture;

static void
on_change (gpointer user_data)
{
  Fixture *f = user_data;

  f->calls++;
  f->call_us = g_get_monotonic_time ();
  if (f->free_in_call)
    g_clear_pointer (&f->monitor, pt_lan_monitor_free);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), ==, 0);
  f->peer = fds[1];
  f->monitor = pt_lan_monitor_new_for_fd (fds[0], DELAY_MS, on_change, f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->monitor, pt_lan_monitor_free);
  if (f->peer >= 0)
    close (f->peer);
}

static void
send_messages (Fixture *f,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      char msg[64] = { (char) i };

      g_assert_cmpint (write (f->peer, msg, sizeof msg), ==, (ssize_t) sizeof msg);
    }
  if (f->first_write_us == 0)
    f->first_write_us = g_get_monotonic_time ();
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default context for ms (no call needed). */
static void
idle_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the default context until there have been n calls. */
static void
wait_calls (Fixture *f,
            guint    n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (WAIT_MS, on_timeout, &timed_out);

  while (f->calls < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* Many messages at once: one call, not before the delay. */
static void
test_burst (Fixture       *f,
            gconstpointer  data)
{
  send_messages (f, 50);
  wait_calls (f, 1);
  g_assert_cmpint (f->call_us - f->first_write_us, >=, DELAY_MS * G_TIME_SPAN_MILLISECOND);
  idle_for (IDLE_MS);
  g_assert_cmpuint (f->calls, ==, 1);
}

/* A message while a call is pending joins it; one after the call is a new
 * change. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  send_messages (f, 1);
  /* Half the delay: within the first burst's window (the call cannot come
   * earlier than the delay). */
  idle_for (DELAY_MS / 2);
  g_assert_cmpuint (f->calls, ==, 0);
  send_messages (f, 3);
  wait_calls (f, 1);
  idle_for (IDLE_MS);
  g_assert_cmpuint (f->calls, ==, 1);

  f->first_write_us = 0;
  send_messages (f, 2);
  wait_calls (f, 2);
  g_assert_cmpint (f->call_us - f->first_write_us, >=, DELAY_MS * G_TIME_SPAN_MILLISECOND);
  idle_for (IDLE_MS);
  g_assert_cmpuint (f->calls, ==, 2);
}

/* Freed with a call pending: no call. */
static void
test_free_pending (Fixture       *f,
                   gconstpointer  data)
{
  send_messages (f, 1);
  idle_for (DELAY_MS / 4);
  g_clear_pointer (&f->monitor, pt_lan_monitor_free);
  idle_for (IDLE_MS);
  g_assert_cmpuint (f->calls, ==, 0);
}

/* func may free the monitor (the headless front end does not, but the
 * header allows it). */
static void
test_free_in_call (Fixture       *f,
                   gconstpointer  data)
{
  f->free_in_call = TRUE;
  send_messages (f, 2);
  wait_calls (f, 1);
  g_assert_null (f->monitor);
  idle_for (IDLE_MS);
  g_assert_cmpuint (f->calls, ==, 1);
}

/* The messages before an end of stream still count; then the watch stops
 * (no busy loop on a descriptor that stays readable). */
static void
test_end_of_stream (Fixture       *f,
                    gconstpointer  data)
{
  send_messages (f, 1);
  close (f->peer);
  f->peer = -1;
  wait_calls (f, 1);
  idle_for (IDLE_MS);
  g_assert_cmpuint (f->calls, ==, 1);
  /* Nothing of the monitor's left on the context but what it removes. */
  g_assert_false (g_main_context_pending (NULL));
}

/* A network namespace of this process's own, or FALSE with the test
 * skipped (no namespace to be had). */
static gboolean
own_network_namespace (void)
{
  /* Not root: a user namespace first, once (inside it, with its unmapped
   * uid, another one cannot be made, but a network namespace can). */
  static gboolean in_own_user_namespace = FALSE;
  int flags = CLONE_NEWNET;

  if (geteuid () != 0 && !in_own_user_namespace)
    flags |= CLONE_NEWUSER;
  if (unshare (flags) == 0)
    in_own_user_namespace |= (flags & CLONE_NEWUSER) != 0;
  else
    {
      g_autofree char *why = g_strdup_printf ("no network namespace: %s", g_strerror (errno));

      g_test_skip (why);
      return FALSE;
    }
  return TRUE;
}

/* The real socket, in a network namespace of this process's own (the
 * machine's network is never touched): lo up is a burst of link, address
 * and route messages, one call.  Skipped when there is no namespace to be
 * had or the socket cannot be opened (a sandbox without AF_NETLINK). */
static void
test_netlink (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtLanMonitor) monitor = NULL;
  Fixture f = { .peer = -1 };
  struct ifreq ifr;
  int fd;

  if (!own_network_namespace ())
    return;
  monitor = pt_lan_monitor_new (on_change, &f, &error);
  if (monitor == NULL)
    {
      g_assert_true (error->domain == G_FILE_ERROR);
      g_test_skip (error->message);
      return;
    }
  g_assert_no_error (error);

  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, "lo", sizeof ifr.ifr_name);
  g_assert_cmpint (ioctl (fd, SIOCGIFFLAGS, &ifr), ==, 0);
  g_assert_cmpint (ifr.ifr_flags & IFF_UP, ==, 0);
  ifr.ifr_flags |= IFF_UP;
  f.first_write_us = g_get_monotonic_time ();
  g_assert_cmpint (ioctl (fd, SIOCSIFFLAGS, &ifr), ==, 0);
  close (fd);

  wait_calls (&f, 1);
  g_assert_cmpint (f.call_us - f.first_write_us, >=,
                   PT_LAN_MONITOR_DELAY_MS * G_TIME_SPAN_MILLISECOND);
  idle_for (PT_LAN_MONITOR_DELAY_MS * 3);
  g_assert_cmpuint (f.calls, ==, 1);
}

/* A netlink socket on the link group with the smallest receive buffer the
 * kernel allows, or -1 (errno set). */
static int
tiny_link_socket (void)
{
  struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
  int size = 1;   /* the kernel raises it to its minimum */

  if (fd < 0)
    return -1;
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size), ==, 0);
  g_assert_cmpint (bind (fd, (const struct sockaddr *) &addr, sizeof addr), ==, 0);
  return fd;
}

static void
set_lo_up (int      fd,
           gboolean up)
{
  struct ifreq ifr;

  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, "lo", sizeof ifr.ifr_name);
  g_assert_cmpint (ioctl (fd, SIOCGIFFLAGS, &ifr), ==, 0);
  if (up)
    ifr.ifr_flags |= IFF_UP;
  else
    ifr.ifr_flags &= ~IFF_UP;
  g_assert_cmpint (ioctl (fd, SIOCSIFFLAGS, &ifr), ==, 0);
}

/* The kernel drops messages a full socket cannot take and the next read
 * fails with ENOBUFS: that is a change too (one call), and the watch goes
 * on (a later change is a second call).  A second socket set up the same
 * way shows the burst did overflow such a buffer. */
static void
test_netlink_overflow (void)
{
  Fixture f = { .peer = -1 };
  g_autoptr(PtLanMonitor) monitor = NULL;
  char buf[8192];
  gboolean overflowed = FALSE;
  int watched;
  int probe;
  int ioctl_fd;

  if (!own_network_namespace ())
    return;
  watched = tiny_link_socket ();
  probe = tiny_link_socket ();
  if (watched < 0 || probe < 0)
    {
      g_autofree char *why = g_strdup_printf ("no netlink socket: %s", g_strerror (errno));

      g_test_skip (why);
      if (watched >= 0)
        close (watched);
      return;
    }
  monitor = pt_lan_monitor_new_for_fd (watched, DELAY_MS, on_change, &f);
  ioctl_fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (ioctl_fd, >=, 0);

  /* The burst, with the main loop not running: nothing is read meanwhile. */
  for (guint i = 0; i < OVERFLOW_TOGGLES; i++)
    {
      set_lo_up (ioctl_fd, TRUE);
      set_lo_up (ioctl_fd, FALSE);
    }
  for (;;)
    {
      ssize_t n = read (probe, buf, sizeof buf);

      if (n < 0 && errno == ENOBUFS)
        overflowed = TRUE;
      else if (n < 0 && errno == EINTR)
        continue;
      else if (n <= 0)
        break;
    }
  close (probe);
  g_assert_true (overflowed);

  wait_calls (&f, 1);
  idle_for (IDLE_MS);
  g_assert_cmpuint (f.calls, ==, 1);

  set_lo_up (ioctl_fd, TRUE);
  close (ioctl_fd);
  wait_calls (&f, 2);
}

int
main (int   argc,
      char *argv[])
{
  static const struct
  {
    const char *path;
    void (*func) (Fixture *, gconstpointer);
  } cases[] = {
    { "/lan-monitor/burst", test_burst },
    { "/lan-monitor/window", test_window },
    { "/lan-monitor/free-pending", test_free_pending },
    { "/lan-monitor/free-in-call", test_free_in_call },
    { "/lan-monitor/end-of-stream", test_end_of_stream },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, Fixture, NULL, fixture_setup, cases[i].func, fixture_teardown);
  g_test_add_func ("/lan-monitor/netlink", test_netlink);
  g_test_add_func ("/lan-monitor/netlink-overflow", test_netlink_overflow);
  return g_test_run ();
}
