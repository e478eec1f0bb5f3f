/* test-share.c — the share card's pure parts: address ranking over fake
 * interface tables, the kernel table parsers, the share URL, the firewall
 * detection and commands (no display needed) */
#include "config.h"

#include <net/if.h>
#include <sys/socket.h>

#include <glib/gstdio.h>

#include "pt-firewall.h"
#include "pt-lan.h"
#include "pt-share-url.h"

#define UP       (IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST)
#define LOOPBACK (IFF_UP | IFF_LOOPBACK | IFF_RUNNING)
#define P2P      (IFF_UP | IFF_POINTOPOINT | IFF_RUNNING | IFF_NOARP)

typedef struct
{
  const char *address;
  const char *interface;
  const char *label;
} Ranked;

static void
assert_ranked (GPtrArray    *entries,
               const Ranked *want,
               guint         n_want)
{
  for (guint i = 0; i < MIN (entries->len, n_want); i++)
    {
      const PtLanEntry *entry = g_ptr_array_index (entries, i);

      g_test_message ("%u: %s %s %s", i, entry->interface, entry->address,
                      pt_lan_kind_label (entry->kind));
      g_assert_cmpstr (entry->address, ==, want[i].address);
      g_assert_cmpstr (entry->interface, ==, want[i].interface);
      g_assert_cmpstr (pt_lan_kind_label (entry->kind), ==, want[i].label);
    }
  g_assert_cmpuint (entries->len, ==, n_want);
}

/* The issue's table: lo, docker0, veth, wlan0 with the default route and a
 * temporary IPv6 beside a stable one, eth0, tailscale0, fe80:: on wlan0;
 * listed in an order the ranking has to change. */
static void
test_rank_issue_table (void)
{
  g_autoptr(PtLanTable) table = pt_lan_table_new ();
  g_autoptr(GPtrArray) entries = NULL;
  static const Ranked want[] = {
    { "192.168.1.23", "wlan0", "Wi-Fi" },
    { "2001:db8:1::23", "wlan0", "Wi-Fi" },
    { "10.0.0.5", "eth0", "Ethernet" },
    { "100.101.102.103", "tailscale0", "VPN" },
    { "fd7a:115c:a1e0::1", "tailscale0", "VPN" },
  };

  pt_lan_table_add_interface (table, "lo", LOOPBACK, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "lo", "127.0.0.1", FALSE));
  g_assert_true (pt_lan_table_add_address (table, "lo", "::1", FALSE));
  pt_lan_table_add_interface (table, "docker0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "docker0", "172.17.0.1", FALSE));
  pt_lan_table_add_interface (table, "tailscale0", P2P, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "tailscale0", "100.101.102.103", FALSE));
  g_assert_true (pt_lan_table_add_address (table, "tailscale0", "fd7a:115c:a1e0::1", FALSE));
  pt_lan_table_add_interface (table, "eth0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "eth0", "10.0.0.5", FALSE));
  g_assert_true (pt_lan_table_add_address (table, "eth0", "169.254.3.4", FALSE));
  pt_lan_table_add_interface (table, "veth1234", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "veth1234", "fe80::a8b1:2ff:fe03:405", FALSE));
  g_assert_true (pt_lan_table_add_address (table, "veth1234", "172.18.0.1", FALSE));
  pt_lan_table_add_interface (table, "wlan0", UP, FALSE);
  /* IPv6 first in the table: IPv4 still comes first per interface. */
  g_assert_true (pt_lan_table_add_address (table, "wlan0", "2001:db8:1::abcd:1234", TRUE));
  g_assert_true (pt_lan_table_add_address (table, "wlan0", "fe80::1", FALSE));
  g_assert_true (pt_lan_table_add_address (table, "wlan0", "2001:0db8:0001:0000::0023", FALSE));
  g_assert_true (pt_lan_table_add_address (table, "wlan0", "192.168.1.23", FALSE));
  pt_lan_table_set_default_route (table, "wlan0");

  entries = pt_lan_rank (table);
  assert_ranked (entries, want, G_N_ELEMENTS (want));
  for (guint i = 0; i < entries->len; i++)
    {
      const PtLanEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpint (entry->family, ==, i == 0 || i == 2 || i == 3 ? AF_INET : AF_INET6);
    }
}

/* The test-only text table (PT_TEST_INTERFACES) gives the same table as the
 * calls above: the issue's table written as rows ranks the same way. */
static void
test_table_from_text (void)
{
  static const char text[] =
    "# name flags addresses\n"
    "lo up,loopback 127.0.0.1 ::1\n"
    "\n"
    "docker0\tup 172.17.0.1\n"
    "tailscale0 up,pointopoint 100.101.102.103 fd7a:115c:a1e0::1\n"
    "  eth0   up   10.0.0.5 169.254.3.4  \n"
    "veth1234 up fe80::a8b1:2ff:fe03:405 172.18.0.1\n"
    "wlan0 up,wireless,default temporary:2001:db8:1::abcd:1234 fe80::1 2001:0db8:0001:0000::0023 192.168.1.23\n"
    "wlx0 - 192.168.9.9\n"
    "enp9s0 up\n";
  static const Ranked want[] = {
    { "192.168.1.23", "wlan0", "Wi-Fi" },
    { "2001:db8:1::23", "wlan0", "Wi-Fi" },
    { "10.0.0.5", "eth0", "Ethernet" },
    { "100.101.102.103", "tailscale0", "VPN" },
    { "fd7a:115c:a1e0::1", "tailscale0", "VPN" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtLanTable) table = pt_lan_table_new_from_text (text, &error);
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (table);
  entries = pt_lan_rank (table);
  assert_ranked (entries, want, G_N_ELEMENTS (want));

  /* wireless alone makes Wi-Fi, and "default" alone moves an interface
   * first (no "wl" or default route in its name). */
  {
    g_autoptr(PtLanTable) t2 = pt_lan_table_new_from_text ("eth1 up 10.1.1.1\nx0 up,wireless,default 10.2.2.2\n",
                                                           &error);
    g_autoptr(GPtrArray) e2 = NULL;
    static const Ranked want2[] = {
      { "10.2.2.2", "x0", "Wi-Fi" },
      { "10.1.1.1", "eth1", "Ethernet" },
    };

    g_assert_no_error (error);
    e2 = pt_lan_rank (t2);
    assert_ranked (e2, want2, G_N_ELEMENTS (want2));
  }
  {
    g_autoptr(PtLanTable) empty = pt_lan_table_new_from_text ("", &error);
    g_autoptr(GPtrArray) e3 = NULL;

    g_assert_no_error (error);
    e3 = pt_lan_rank (empty);
    g_assert_cmpuint (e3->len, ==, 0);
  }
}

static void
test_table_from_text_errors (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "eth0\n", "line 1: “eth0” has no flags (write - for none)" },
    { "# c\neth0 up,fast 10.0.0.1\n", "line 2: unknown flag “fast”" },
    { "eth0 up 10.0.0.1\n\neth1 up 10.0.0.300\n", "line 3: “10.0.0.300” is not an IPv4 or IPv6 address" },
    { "eth0 up temporary:\n", "line 1: “temporary:” is not an IPv4 or IPv6 address" },
    { "eth0 up,,default 10.0.0.1\n", "line 1: unknown flag “”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PtLanTable) table = pt_lan_table_new_from_text (cases[i].text, &error);

      g_assert_null (table);
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Without a default route on a physical interface: table order; a VPN that
 * holds the default route stays last; a down interface is hidden. */
static void
test_rank_vpn_default_route (void)
{
  g_autoptr(PtLanTable) table = pt_lan_table_new ();
  g_autoptr(GPtrArray) entries = NULL;
  static const Ranked want[] = {
    { "192.168.5.2", "enp3s0", "Ethernet" },
    { "192.168.1.23", "wlp2s0", "Wi-Fi" },
    { "10.8.0.2", "wg0", "VPN" },
    { "10.9.0.2", "tun0", "VPN" },
    { "10.10.0.2", "ppp0", "VPN" },
    { "10.147.17.5", "ztabcdef", "VPN" },
    { "10.11.0.2", "vpn-office", "VPN" },
  };

  pt_lan_table_add_interface (table, "wg0", P2P, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "wg0", "10.8.0.2", FALSE));
  pt_lan_table_set_default_route (table, "wg0");
  pt_lan_table_add_interface (table, "enp3s0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "enp3s0", "192.168.5.2", FALSE));
  pt_lan_table_add_interface (table, "eth1", IFF_BROADCAST, FALSE);   /* down */
  g_assert_true (pt_lan_table_add_address (table, "eth1", "192.168.9.9", FALSE));
  pt_lan_table_add_interface (table, "tun0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "tun0", "10.9.0.2", FALSE));
  pt_lan_table_add_interface (table, "ppp0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "ppp0", "10.10.0.2", FALSE));
  pt_lan_table_add_interface (table, "wlp2s0", UP, TRUE);
  g_assert_true (pt_lan_table_add_address (table, "wlp2s0", "192.168.1.23", FALSE));
  pt_lan_table_add_interface (table, "ztabcdef", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "ztabcdef", "10.147.17.5", FALSE));
  pt_lan_table_add_interface (table, "vpn-office", P2P, FALSE);   /* point-to-point */
  g_assert_true (pt_lan_table_add_address (table, "vpn-office", "10.11.0.2", FALSE));
  pt_lan_table_add_interface (table, "virbr0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "virbr0", "192.168.122.1", FALSE));
  pt_lan_table_add_interface (table, "vmnet8", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "vmnet8", "192.168.200.1", FALSE));
  pt_lan_table_add_interface (table, "vboxnet0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "vboxnet0", "192.168.56.1", FALSE));
  pt_lan_table_add_interface (table, "br-3f2a1b", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "br-3f2a1b", "172.19.0.1", FALSE));

  entries = pt_lan_rank (table);
  assert_ranked (entries, want, G_N_ELEMENTS (want));
}

static void
test_rank_empty (void)
{
  g_autoptr(PtLanTable) table = pt_lan_table_new ();
  g_autoptr(GPtrArray) entries = NULL;

  pt_lan_table_add_interface (table, "lo", LOOPBACK, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "lo", "127.0.0.1", FALSE));
  g_assert_false (pt_lan_table_add_address (table, "lo", "not-an-address", FALSE));
  g_assert_false (pt_lan_table_add_address (table, "lo", "[::1]", FALSE));
  entries = pt_lan_rank (table);
  g_assert_cmpuint (entries->len, ==, 0);
}

typedef struct
{
  int         line;
  const char *name;
  guint       flags;
  gboolean    wireless;
  PtLanKind   kind;
} KindCase;

static const KindCase kind_cases[] = {
  { __LINE__, "wlan0", UP, FALSE, PT_LAN_KIND_WIFI },
  { __LINE__, "wlp2s0", UP, FALSE, PT_LAN_KIND_WIFI },
  { __LINE__, "mlan0", UP, TRUE, PT_LAN_KIND_WIFI },
  { __LINE__, "eth0", UP, FALSE, PT_LAN_KIND_ETHERNET },
  { __LINE__, "enp0s31f6", UP, FALSE, PT_LAN_KIND_ETHERNET },
  { __LINE__, "tun0", UP, FALSE, PT_LAN_KIND_VPN },
  { __LINE__, "wg0", UP, FALSE, PT_LAN_KIND_VPN },
  { __LINE__, "tailscale0", UP, FALSE, PT_LAN_KIND_VPN },
  { __LINE__, "zt7nnig26", UP, FALSE, PT_LAN_KIND_VPN },
  { __LINE__, "ppp0", UP, FALSE, PT_LAN_KIND_VPN },
  { __LINE__, "office", P2P, FALSE, PT_LAN_KIND_VPN },
  { __LINE__, "usb0", UP, FALSE, PT_LAN_KIND_OTHER },
};

static void
test_kind (gconstpointer data)
{
  const KindCase *c = data;

  g_test_message ("line %d: %s", c->line, c->name);
  g_assert_cmpint (pt_lan_kind_of (c->name, c->flags, c->wireless), ==, c->kind);
}

/* The kernel's tables, as this machine's kernel writes them. */
static void
test_parse_routes (void)
{
  g_autoptr(PtLanTable) table = pt_lan_table_new ();
  g_autoptr(GPtrArray) entries = NULL;
  static const Ranked want[] = {
    { "192.168.1.23", "wlan0", "Wi-Fi" },
    { "2001:db8:1::23", "wlan0", "Wi-Fi" },
    { "10.0.0.5", "eth0", "Ethernet" },
    { "192.168.7.2", "eth1", "Ethernet" },
  };
  static const char route[] =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    "eth1\t00000000\t0107A8C0\t0002\t0\t0\t0\t00000000\t0\t0\t0\n"   /* not up */
    "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
    "garbage\n";
  static const char ipv6_route[] =
    "20010db8000100000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000003 00000000 00000003    wlan0\n";
  static const char if_inet6[] =
    "20010db8000100000000abcd00001234 03 40 00 01    wlan0\n"
    "20010db8000100000000000000000023 03 40 00 80    wlan0\n"
    "fe800000000000000000000000000001 03 40 20 80    wlan0\n"
    "00000000000000000000000000000001 01 80 10 80       lo\n"
    "short 01 80 10 80 eth0\n";

  pt_lan_table_add_interface (table, "lo", LOOPBACK, FALSE);
  pt_lan_table_add_interface (table, "eth0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "eth0", "10.0.0.5", FALSE));
  pt_lan_table_add_interface (table, "eth1", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "eth1", "192.168.7.2", FALSE));
  pt_lan_table_add_interface (table, "wlan0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "wlan0", "192.168.1.23", FALSE));
  pt_lan_parse_if_inet6 (table, if_inet6);
  pt_lan_parse_route (table, route);
  entries = pt_lan_rank (table);
  assert_ranked (entries, want, G_N_ELEMENTS (want));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* The IPv6 default route alone also puts wlan0 first; lo's reject route
   * does not count. */
  g_clear_pointer (&table, pt_lan_table_free);
  table = pt_lan_table_new ();
  pt_lan_table_add_interface (table, "eth0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "eth0", "10.0.0.5", FALSE));
  pt_lan_table_add_interface (table, "wlan0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "wlan0", "192.168.1.23", FALSE));
  pt_lan_parse_ipv6_route (table, ipv6_route);
  entries = pt_lan_rank (table);
  assert_ranked (entries, (const Ranked[]) { want[0], want[2] }, 2);
}

typedef struct
{
  int         line;
  const char *address;
  guint       port;
  const char *key;
  const char *url;
} UrlCase;

static const UrlCase url_cases[] = {
  { __LINE__, "192.168.1.23", 8080, NULL, "http://192.168.1.23:8080/" },
  { __LINE__, "127.0.0.2", 1, NULL, "http://127.0.0.2:1/" },
  { __LINE__, "2001:db8::1", 8080, NULL, "http://[2001:db8::1]:8080/" },
  { __LINE__, "::ffff:10.0.0.1", 65535, NULL, "http://[::ffff:10.0.0.1]:65535/" },
  { __LINE__, "fe80::1%wlan0", 80, NULL, "http://[fe80::1%25wlan0]:80/" },
  { __LINE__, "10.0.0.5", 8080, "Zq3_-x9", "http://10.0.0.5:8080/?portico-key=Zq3_-x9" },
  { __LINE__, "2001:db8::1", 8080, "a+b/c=", "http://[2001:db8::1]:8080/?portico-key=a%2Bb%2Fc%3D" },
};

static void
test_share_url (gconstpointer data)
{
  const UrlCase *c = data;
  g_autofree char *url = pt_share_url (c->address, c->port, c->key);

  g_test_message ("line %d", c->line);
  g_assert_cmpstr (url, ==, c->url);
}

typedef struct
{
  int         line;
  const char *conf;
  gboolean    enabled;
} UfwCase;

static const UfwCase ufw_cases[] = {
  { __LINE__, "# /etc/ufw/ufw.conf\n\nENABLED=yes\nLOGLEVEL=low\n", TRUE },
  { __LINE__, "ENABLED=no\n", FALSE },
  { __LINE__, "ENABLED=yes", TRUE },
  { __LINE__, "ENABLED=\"yes\"\n", TRUE },
  { __LINE__, "ENABLED='yes'\n", TRUE },
  { __LINE__, "  ENABLED = YES  \n", TRUE },
  { __LINE__, "#ENABLED=yes\n", FALSE },
  { __LINE__, "ENABLED=yes\nENABLED=no\n", FALSE },
  { __LINE__, "ENABLEDX=yes\n", FALSE },
  { __LINE__, "ENABLED=yess\n", FALSE },
  { __LINE__, "ENABLED=\"yes\n", FALSE },
  { __LINE__, "", FALSE },
};

static void
test_ufw_conf (gconstpointer data)
{
  const UfwCase *c = data;

  g_test_message ("line %d", c->line);
  g_assert_cmpint (pt_firewall_ufw_enabled (c->conf), ==, c->enabled);
}

static void
test_firewall_commands (void)
{
  g_autofree char *firewalld = pt_firewall_open_command (PT_FIREWALL_FIREWALLD, 8080);
  g_autofree char *ufw = pt_firewall_open_command (PT_FIREWALL_UFW, 8123);

  g_assert_cmpstr (firewalld, ==, "sudo firewall-cmd --add-port=8080/tcp");
  g_assert_cmpstr (ufw, ==, "sudo ufw allow 8123/tcp");
  g_assert_false (pt_firewall_ufw_enabled (NULL));
}

static void
detect_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  int *found = user_data;
  g_autoptr(GError) error = NULL;

  *found = (int) pt_firewall_detect_finish (result, &error);
  g_assert_no_error (error);
}

static PtFirewall
detect (const char         *ufw_conf,
        const char * const *argv)
{
  PtFirewallProbe probe = { .ufw_conf = ufw_conf, .firewalld_argv = argv };
  int found = -1;

  pt_firewall_detect_async (&probe, NULL, detect_cb, &found);
  while (found < 0)
    g_main_context_iteration (NULL, TRUE);
  return (PtFirewall) found;
}

/* The detection with scratch files and commands standing for ufw.conf and
 * `systemctl is-active firewalld`. */
static void
test_firewall_detect (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("portico-fw-XXXXXX", &error);
  g_autofree char *on = g_build_filename (dir, "on.conf", NULL);
  g_autofree char *off = g_build_filename (dir, "off.conf", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.conf", NULL);
  static const char * const active[] = { "true", NULL };
  static const char * const inactive[] = { "false", NULL };
  static const char * const absent[] = { "/nonexistent/portico/systemctl", NULL };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (on, "ENABLED=yes\n", -1, NULL));
  g_assert_true (g_file_set_contents (off, "ENABLED=no\n", -1, NULL));

  g_assert_cmpint (detect (on, inactive), ==, PT_FIREWALL_UFW);
  g_assert_cmpint (detect (off, active), ==, PT_FIREWALL_FIREWALLD);
  g_assert_cmpint (detect (on, active), ==, PT_FIREWALL_UFW | PT_FIREWALL_FIREWALLD);
  g_assert_cmpint (detect (off, inactive), ==, PT_FIREWALL_NONE);
  g_assert_cmpint (detect (missing, absent), ==, PT_FIREWALL_NONE);
  g_assert_cmpint (detect (NULL, NULL), ==, PT_FIREWALL_NONE);

  g_remove (on);
  g_remove (off);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/share/rank/issue-table", test_rank_issue_table);
  g_test_add_func ("/ui/share/rank/vpn-default-route", test_rank_vpn_default_route);
  g_test_add_func ("/ui/share/rank/empty", test_rank_empty);
  g_test_add_func ("/ui/share/table-from-text", test_table_from_text);
  g_test_add_func ("/ui/share/table-from-text/errors", test_table_from_text_errors);
  for (guint i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/share/kind/case_%u", i);

      g_test_add_data_func (path, &kind_cases[i], test_kind);
    }
  g_test_add_func ("/ui/share/parse-routes", test_parse_routes);
  for (guint i = 0; i < G_N_ELEMENTS (url_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/share/url/case_%u", i);

      g_test_add_data_func (path, &url_cases[i], test_share_url);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ufw_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/share/ufw-conf/case_%u", i);

      g_test_add_data_func (path, &ufw_cases[i], test_ufw_conf);
    }
  g_test_add_func ("/ui/share/firewall/commands", test_firewall_commands);
  g_test_add_func ("/ui/share/firewall/detect", test_firewall_detect);

  return g_test_run ();
}
