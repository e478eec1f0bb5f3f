/* pt-lan.c — this machine's addresses on the local network, ranked
 *
 * The table is filled from the system in one pass (a few small files and one
 * getifaddrs call: well under a millisecond), and ranked by a pure function
 * the tests feed with fake interfaces.
 */
#define G_LOG_DOMAIN "pt-share"

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "pt-lan.h"

#define PT_LAN_IFA_F_TEMPORARY 0x01   /* linux/if_addr.h IFA_F_TEMPORARY */
#define PT_LAN_RTF_UP          0x0001 /* linux/route.h */
#define PT_LAN_RTF_REJECT      0x0200
#define PT_LAN_IPV6_HEX_LEN    32     /* an IPv6 address in /proc/net's hex */

typedef struct
{
  int      family;
  guint8   bytes[16];     /* network order; AF_INET uses the first 4 */
  gboolean temporary;
} LanAddress;

typedef struct
{
  char     *name;
  guint     flags;
  gboolean  wireless;
  gboolean  default_route;
  GArray   *addresses;    /* of LanAddress */
} LanInterface;

struct _PtLanTable
{
  GPtrArray *interfaces;  /* of LanInterface, in the order added */
  int        read_errno;  /* getifaddrs's errno in pt_lan_table_new_from_system */
};

enum
{
  RANK_DEFAULT_ROUTE = 0,
  RANK_PHYSICAL,
  RANK_VPN,
  N_RANKS
};

/* ---- the table ---------------------------------------------------------- */

static void
lan_interface_free (gpointer data)
{
  LanInterface *iface = data;

  g_free (iface->name);
  g_array_unref (iface->addresses);
  g_free (iface);
}

PtLanTable *
pt_lan_table_new (void)
{
  PtLanTable *table = g_new0 (PtLanTable, 1);

  table->interfaces = g_ptr_array_new_with_free_func (lan_interface_free);
  return table;
}

void
pt_lan_table_free (PtLanTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->interfaces);
  g_free (table);
}

static LanInterface *
find_interface (const PtLanTable *table,
                const char       *name)
{
  for (guint i = 0; i < table->interfaces->len; i++)
    {
      LanInterface *iface = g_ptr_array_index (table->interfaces, i);

      if (g_str_equal (iface->name, name))
        return iface;
    }
  return NULL;
}

static LanInterface *
ensure_interface (PtLanTable *table,
                  const char *name)
{
  LanInterface *iface = find_interface (table, name);

  if (iface == NULL)
    {
      iface = g_new0 (LanInterface, 1);
      iface->name = g_strdup (name);
      iface->addresses = g_array_new (FALSE, TRUE, sizeof (LanAddress));
      g_ptr_array_add (table->interfaces, iface);
    }
  return iface;
}

void
pt_lan_table_add_interface (PtLanTable *table,
                            const char *name,
                            guint       flags,
                            gboolean    wireless)
{
  LanInterface *iface;

  g_return_if_fail (table != NULL);
  g_return_if_fail (name != NULL);

  iface = ensure_interface (table, name);
  iface->flags |= flags;
  iface->wireless = iface->wireless || wireless;
}

static void
add_lan_address (PtLanTable       *table,
                 const char       *name,
                 const LanAddress *address)
{
  LanInterface *iface = ensure_interface (table, name);
  gsize size = address->family == AF_INET ? 4 : 16;

  for (guint i = 0; i < iface->addresses->len; i++)
    {
      LanAddress *known = &g_array_index (iface->addresses, LanAddress, i);

      if (known->family == address->family && memcmp (known->bytes, address->bytes, size) == 0)
        {
          known->temporary = known->temporary || address->temporary;
          return;
        }
    }
  g_array_append_val (iface->addresses, *address);
}

gboolean
pt_lan_table_add_address (PtLanTable *table,
                          const char *name,
                          const char *address,
                          gboolean    temporary)
{
  LanAddress parsed = { .temporary = temporary };

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (inet_pton (AF_INET, address, parsed.bytes) == 1)
    parsed.family = AF_INET;
  else if (inet_pton (AF_INET6, address, parsed.bytes) == 1)
    parsed.family = AF_INET6;
  else
    return FALSE;
  add_lan_address (table, name, &parsed);
  return TRUE;
}

void
pt_lan_table_set_default_route (PtLanTable *table,
                                const char *name)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (name != NULL);

  ensure_interface (table, name)->default_route = TRUE;
}

/* ---- the test table ----------------------------------------------------- */

#define PT_LAN_TEXT_TEMPORARY "temporary:"

static gboolean
parse_text_flags (PtLanTable *table,
                  const char *name,
                  const char *word,
                  guint       line,
                  GError    **error)
{
  g_auto(GStrv) flags = NULL;
  guint iff = 0;
  gboolean wireless = FALSE;
  gboolean default_route = FALSE;

  if (!g_str_equal (word, "-"))
    {
      flags = g_strsplit (word, ",", -1);
      for (guint i = 0; flags[i] != NULL; i++)
        {
          if (g_str_equal (flags[i], "up"))
            iff |= IFF_UP;
          else if (g_str_equal (flags[i], "loopback"))
            iff |= IFF_LOOPBACK;
          else if (g_str_equal (flags[i], "pointopoint"))
            iff |= IFF_POINTOPOINT;
          else if (g_str_equal (flags[i], "wireless"))
            wireless = TRUE;
          else if (g_str_equal (flags[i], "default"))
            default_route = TRUE;
          else
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "line %u: unknown flag “%s”", line, flags[i]);
              return FALSE;
            }
        }
    }
  pt_lan_table_add_interface (table, name, iff, wireless);
  if (default_route)
    pt_lan_table_set_default_route (table, name);
  return TRUE;
}

PtLanTable *
pt_lan_table_new_from_text (const char *text,
                            GError    **error)
{
  g_autoptr(PtLanTable) table = pt_lan_table_new ();
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      GPtrArray *kept = g_ptr_array_new ();
      const char *name;

      for (guint j = 0; words[j] != NULL; j++)
        if (words[j][0] != '\0')
          g_ptr_array_add (kept, words[j]);
      if (kept->len == 0 || ((const char *) kept->pdata[0])[0] == '#')
        {
          g_ptr_array_free (kept, TRUE);
          continue;
        }
      name = kept->pdata[0];
      if (kept->len < 2)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "line %u: “%s” has no flags (write - for none)", i + 1, name);
          g_ptr_array_free (kept, TRUE);
          return NULL;
        }
      if (!parse_text_flags (table, name, kept->pdata[1], i + 1, error))
        {
          g_ptr_array_free (kept, TRUE);
          return NULL;
        }
      for (guint j = 2; j < kept->len; j++)
        {
          const char *word = kept->pdata[j];
          gboolean temporary = g_str_has_prefix (word, PT_LAN_TEXT_TEMPORARY);

          if (!pt_lan_table_add_address (table, name,
                                         temporary ? word + strlen (PT_LAN_TEXT_TEMPORARY) : word,
                                         temporary))
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "line %u: “%s” is not an IPv4 or IPv6 address", i + 1, word);
              g_ptr_array_free (kept, TRUE);
              return NULL;
            }
        }
      g_ptr_array_free (kept, TRUE);
    }
  return g_steal_pointer (&table);
}

/* ---- the kernel's text tables ------------------------------------------- */

static gboolean
parse_hex_bytes (const char *hex,
                 guint8     *out,
                 gsize       n)
{
  for (gsize i = 0; i < n; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = hi < 0 ? -1 : g_ascii_xdigit_value (hex[2 * i + 1]);

      if (lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

static gboolean
parse_hex_uint (const char *text,
                guint64    *out)
{
  char *end = NULL;

  if (text == NULL || !g_ascii_isxdigit (text[0]))
    return FALSE;
  *out = g_ascii_strtoull (text, &end, 16);
  return *end == '\0';
}

/* Calls func for each line's whitespace-separated fields. */
static void
for_each_line (const char *text,
               void      (*func) (PtLanTable *table, char **fields, guint n),
               PtLanTable *table)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      g_autoptr(GPtrArray) nonempty = g_ptr_array_new ();

      for (guint j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          g_ptr_array_add (nonempty, fields[j]);
      if (nonempty->len > 0)
        func (table, (char **) nonempty->pdata, nonempty->len);
    }
}

/* Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT */
static void
route_line (PtLanTable *table,
            char      **fields,
            guint       n)
{
  guint64 destination, flags, mask;

  if (n < 8 || !parse_hex_uint (fields[1], &destination) ||
      !parse_hex_uint (fields[3], &flags) || !parse_hex_uint (fields[7], &mask))
    return;   /* the header line, or garbage */
  if (destination == 0 && mask == 0 && (flags & PT_LAN_RTF_UP) != 0 &&
      (flags & PT_LAN_RTF_REJECT) == 0)
    pt_lan_table_set_default_route (table, fields[0]);
}

void
pt_lan_parse_route (PtLanTable *table,
                    const char *text)
{
  g_return_if_fail (table != NULL);

  for_each_line (text, route_line, table);
}

/* dest dest_len src src_len next_hop metric refcnt use flags iface */
static void
ipv6_route_line (PtLanTable *table,
                 char      **fields,
                 guint       n)
{
  guint8 destination[16];
  guint64 prefix, flags;
  static const guint8 zero[16];

  if (n < 10 || strlen (fields[0]) != PT_LAN_IPV6_HEX_LEN ||
      !parse_hex_bytes (fields[0], destination, sizeof destination) ||
      !parse_hex_uint (fields[1], &prefix) || !parse_hex_uint (fields[8], &flags))
    return;
  if (prefix == 0 && memcmp (destination, zero, sizeof zero) == 0 &&
      (flags & PT_LAN_RTF_UP) != 0 && (flags & PT_LAN_RTF_REJECT) == 0 &&
      strcmp (fields[9], "lo") != 0)
    pt_lan_table_set_default_route (table, fields[9]);
}

void
pt_lan_parse_ipv6_route (PtLanTable *table,
                         const char *text)
{
  g_return_if_fail (table != NULL);

  for_each_line (text, ipv6_route_line, table);
}

/* address ifindex prefix_len scope flags iface */
static void
if_inet6_line (PtLanTable *table,
               char      **fields,
               guint       n)
{
  LanAddress address = { .family = AF_INET6 };
  guint64 flags;

  if (n < 6 || strlen (fields[0]) != PT_LAN_IPV6_HEX_LEN ||
      !parse_hex_bytes (fields[0], address.bytes, sizeof address.bytes) ||
      !parse_hex_uint (fields[4], &flags))
    return;
  address.temporary = (flags & PT_LAN_IFA_F_TEMPORARY) != 0;
  add_lan_address (table, fields[5], &address);
}

void
pt_lan_parse_if_inet6 (PtLanTable *table,
                       const char *text)
{
  g_return_if_fail (table != NULL);

  for_each_line (text, if_inet6_line, table);
}

/* ---- the system --------------------------------------------------------- */

static gboolean
is_wireless (const char *name)
{
  g_autofree char *wireless = g_build_filename ("/sys/class/net", name, "wireless", NULL);
  g_autofree char *phy = g_build_filename ("/sys/class/net", name, "phy80211", NULL);

  return g_file_test (wireless, G_FILE_TEST_EXISTS) || g_file_test (phy, G_FILE_TEST_EXISTS);
}

PtLanTable *
pt_lan_table_new_from_system (void)
{
  PtLanTable *table = pt_lan_table_new ();
  g_autofree char *if_inet6 = NULL;
  g_autofree char *route = NULL;
  g_autofree char *ipv6_route = NULL;
  struct ifaddrs *list = NULL;
  gboolean have_if_inet6 = g_file_get_contents ("/proc/net/if_inet6", &if_inet6, NULL, NULL);

  if (getifaddrs (&list) == 0)
    {
      for (struct ifaddrs *it = list; it != NULL; it = it->ifa_next)
        {
          LanAddress address = { 0 };

          if (find_interface (table, it->ifa_name) == NULL)
            pt_lan_table_add_interface (table, it->ifa_name, it->ifa_flags,
                                        is_wireless (it->ifa_name));
          if (it->ifa_addr == NULL)
            continue;
          if (it->ifa_addr->sa_family == AF_INET)
            {
              address.family = AF_INET;
              memcpy (address.bytes, &((const struct sockaddr_in *) (const void *) it->ifa_addr)->sin_addr, 4);
            }
          else if (it->ifa_addr->sa_family == AF_INET6 && !have_if_inet6)
            {
              /* Without /proc/net/if_inet6 the temporary flag is unknown. */
              address.family = AF_INET6;
              memcpy (address.bytes, &((const struct sockaddr_in6 *) (const void *) it->ifa_addr)->sin6_addr, 16);
            }
          else
            continue;
          add_lan_address (table, it->ifa_name, &address);
        }
      freeifaddrs (list);
    }
  else
    table->read_errno = errno != 0 ? errno : EIO;

  if (have_if_inet6)
    pt_lan_parse_if_inet6 (table, if_inet6);
  if (g_file_get_contents ("/proc/net/route", &route, NULL, NULL))
    pt_lan_parse_route (table, route);
  if (g_file_get_contents ("/proc/net/ipv6_route", &ipv6_route, NULL, NULL))
    pt_lan_parse_ipv6_route (table, ipv6_route);
  return table;
}

int
pt_lan_table_get_read_errno (const PtLanTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->read_errno;
}

/* ---- the policy --------------------------------------------------------- */

gboolean
pt_lan_is_virtual_interface (const char *name)
{
  static const char * const prefixes[] = {
    "lo", "docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "podman", "cni", "flannel",
  };

  g_return_val_if_fail (name != NULL, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

PtLanKind
pt_lan_kind_of (const char *name,
                guint       flags,
                gboolean    wireless)
{
  static const char * const vpn_prefixes[] = { "tun", "wg", "tailscale", "zt", "ppp" };

  g_return_val_if_fail (name != NULL, PT_LAN_KIND_OTHER);

  for (guint i = 0; i < G_N_ELEMENTS (vpn_prefixes); i++)
    if (g_str_has_prefix (name, vpn_prefixes[i]))
      return PT_LAN_KIND_VPN;
  if ((flags & IFF_POINTOPOINT) != 0)
    return PT_LAN_KIND_VPN;
  if (wireless || g_str_has_prefix (name, "wl"))
    return PT_LAN_KIND_WIFI;
  if (g_str_has_prefix (name, "en") || g_str_has_prefix (name, "eth"))
    return PT_LAN_KIND_ETHERNET;
  return PT_LAN_KIND_OTHER;
}

const char *
pt_lan_kind_label (PtLanKind kind)
{
  switch (kind)
    {
    case PT_LAN_KIND_WIFI:
      return _("Wi-Fi");
    case PT_LAN_KIND_ETHERNET:
      return _("Ethernet");
    case PT_LAN_KIND_VPN:
      return _("VPN");
    case PT_LAN_KIND_OTHER:
    default:
      return _("Network");
    }
}

/* Link-local, loopback or unspecified: no use to another device. */
static gboolean
address_is_hidden (const LanAddress *address)
{
  const guint8 *b = address->bytes;

  if (address->family == AF_INET)
    return (b[0] == 169 && b[1] == 254) || b[0] == 0;
  if (address->temporary)
    return TRUE;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
    return TRUE;
  return IN6_IS_ADDR_LOOPBACK ((const struct in6_addr *) (const void *) b) ||
         IN6_IS_ADDR_UNSPECIFIED ((const struct in6_addr *) (const void *) b) ||
         IN6_IS_ADDR_MULTICAST ((const struct in6_addr *) (const void *) b);
}

void
pt_lan_entry_free (PtLanEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->address);
  g_free (entry->interface);
  g_free (entry);
}

static void
add_entries (GPtrArray          *out,
             const LanInterface *iface,
             PtLanKind           kind,
             int                 family)
{
  for (guint i = 0; i < iface->addresses->len; i++)
    {
      const LanAddress *address = &g_array_index (iface->addresses, LanAddress, i);
      char text[INET6_ADDRSTRLEN];
      PtLanEntry *entry;

      if (address->family != family || address_is_hidden (address) ||
          inet_ntop (family, address->bytes, text, sizeof text) == NULL)
        continue;
      entry = g_new0 (PtLanEntry, 1);
      entry->address = g_strdup (text);
      entry->interface = g_strdup (iface->name);
      entry->kind = kind;
      entry->family = family;
      g_ptr_array_add (out, entry);
    }
}

GPtrArray *
pt_lan_rank (const PtLanTable *table)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_lan_entry_free);

  g_return_val_if_fail (table != NULL, out);

  for (guint rank = 0; rank < N_RANKS; rank++)
    for (guint i = 0; i < table->interfaces->len; i++)
      {
        const LanInterface *iface = g_ptr_array_index (table->interfaces, i);
        PtLanKind kind = pt_lan_kind_of (iface->name, iface->flags, iface->wireless);
        guint iface_rank;

        if ((iface->flags & IFF_UP) == 0 || (iface->flags & IFF_LOOPBACK) != 0 ||
            pt_lan_is_virtual_interface (iface->name))
          continue;
        /* A VPN is last even when it holds the default route: a phone on
         * the Wi-Fi cannot reach its addresses. */
        if (kind == PT_LAN_KIND_VPN)
          iface_rank = RANK_VPN;
        else
          iface_rank = iface->default_route ? RANK_DEFAULT_ROUTE : RANK_PHYSICAL;
        if (iface_rank != rank)
          continue;
        add_entries (out, iface, kind, AF_INET);
        add_entries (out, iface, kind, AF_INET6);
      }
  return out;
}
