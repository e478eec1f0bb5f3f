/* pt-lan.h — this machine's addresses on the local network, ranked (GLib only)
 *
 * A PtLanTable is what the system says: interfaces (name, IFF_* flags,
 * wireless or not, whether it holds a default route) and their addresses.
 * pt_lan_table_new_from_system () reads it (getifaddrs, /proc/net/if_inet6,
 * /proc/net/route, /proc/net/ipv6_route, /sys/class/net); tests build one by
 * hand.  pt_lan_rank () is the pure policy: which addresses a phone on the
 * same network could use, best first.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PT_LAN_KIND_WIFI = 0,
  PT_LAN_KIND_ETHERNET,
  PT_LAN_KIND_VPN,
  PT_LAN_KIND_OTHER,
} PtLanKind;

typedef struct _PtLanTable PtLanTable;

/* One ranked address. */
typedef struct
{
  char      *address;     /* "192.168.1.23", "2001:db8::5" (no brackets) */
  char      *interface;   /* "wlan0" */
  PtLanKind  kind;
  int        family;      /* AF_INET or AF_INET6 */
} PtLanEntry;

PtLanTable *pt_lan_table_new               (void);
void        pt_lan_table_free              (PtLanTable *table);
/* Adds an interface (order kept; a name added twice is one interface). */
void        pt_lan_table_add_interface     (PtLanTable *table,
                                            const char *name,
                                            guint       flags,
                                            gboolean    wireless);
/* Adds an address to interface name (added first); FALSE when address is
 * not an IPv4 or IPv6 address.  temporary: an IPv6 privacy address
 * (IFA_F_TEMPORARY). */
gboolean    pt_lan_table_add_address       (PtLanTable *table,
                                            const char *name,
                                            const char *address,
                                            gboolean    temporary);
/* Marks interface name as holding a default route (IPv4 or IPv6). */
void        pt_lan_table_set_default_route (PtLanTable *table,
                                            const char *name);

/* TEST ONLY (the headless front end reads it from the file named by
 * PT_TEST_INTERFACES, so tests/cli can assert exact lines): a table from
 * text, one interface a line, "NAME FLAGS [ADDRESS...]", words separated by
 * spaces or tabs.  FLAGS: "-" or a comma-separated list of up, loopback,
 * pointopoint, wireless, default (holds a default route); an ADDRESS written
 * "temporary:ADDR" is a temporary IPv6 address.  Empty lines and lines
 * starting with '#' are skipped.  NULL and an error naming the line and the
 * bad word when a line is malformed. */
PtLanTable *pt_lan_table_new_from_text     (const char *text,
                                            GError    **error);

/* The system's table; never NULL (empty when nothing can be read). */
PtLanTable *pt_lan_table_new_from_system   (void);
/* The errno of getifaddrs when pt_lan_table_new_from_system could not list
 * the interfaces (in a sandbox without AF_NETLINK, such as portico.service:
 * EAFNOSUPPORT), else 0: an empty table then says nothing about the network. */
int         pt_lan_table_get_read_errno    (const PtLanTable *table);

/* The addresses another device could use, best first: the interface that
 * holds the default route, then the other physical interfaces, then VPNs
 * (tun, wg, tailscale, zt, ppp, point-to-point); within an interface IPv4
 * before IPv6, else in table order.  Hidden: interfaces that are down,
 * loopback or virtual (pt_lan_is_virtual_interface), link-local addresses
 * (169.254.0.0/16, fe80::/10), 0.0.0.0/8, ::1, ::, multicast and temporary
 * IPv6 addresses.  (127/8 is hidden with lo, its interface: a fake table
 * may put a loopback address on "eth0" to test the card end to end.)  Returns a GPtrArray of PtLanEntry (owns them). */
GPtrArray  *pt_lan_rank                    (const PtLanTable *table);

/* "Wi-Fi", "Ethernet", "VPN", "Network" (translated). */
const char *pt_lan_kind_label              (PtLanKind   kind);
PtLanKind   pt_lan_kind_of                 (const char *name,
                                            guint       flags,
                                            gboolean    wireless);
void        pt_lan_entry_free              (PtLanEntry *entry);

/* TRUE for interfaces that are not a real network: loopback, docker,
 * virtual bridges and veth pairs. */
gboolean    pt_lan_is_virtual_interface    (const char *name);

/* Parsers of the kernel's text tables (pure; exposed for tests). */
/* /proc/net/route: adds every interface with an up 0.0.0.0/0 route. */
void        pt_lan_parse_route             (PtLanTable *table,
                                            const char *text);
/* /proc/net/ipv6_route: adds every interface with an up, non-reject ::/0
 * route. */
void        pt_lan_parse_ipv6_route        (PtLanTable *table,
                                            const char *text);
/* /proc/net/if_inet6: adds each IPv6 address with its temporary flag. */
void        pt_lan_parse_if_inet6          (PtLanTable *table,
                                            const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtLanTable, pt_lan_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtLanEntry, pt_lan_entry_free)

G_END_DECLS
