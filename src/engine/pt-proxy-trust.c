/* pt-proxy-trust.c — --trusted-proxy addresses and CIDR blocks (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-proxy-trust.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

static gboolean
prefix_matches (const guint8 *a,
                const guint8 *b,
                guint         bits)
{
  guint bytes = bits / 8;
  guint rest = bits % 8;

  if (memcmp (a, b, bytes) != 0)
    return FALSE;
  if (rest == 0)
    return TRUE;
  return ((a[bytes] ^ b[bytes]) & (guint8) (0xff << (8 - rest))) == 0;
}

static gboolean
parse_one (const char *entry,
           PtProxyNet *net)
{
  g_autofree char *host = g_strdup (entry);
  char *slash = strchr (host, '/');
  guint max;

  if (slash != NULL)
    *slash = '\0';
  if (inet_pton (AF_INET, host, net->addr) == 1)
    net->family = AF_INET, max = 32;
  else if (inet_pton (AF_INET6, host, net->addr) == 1)
    net->family = AF_INET6, max = 128;
  else
    return FALSE;

  net->prefix = max;
  if (slash != NULL)
    {
      guint64 bits;

      if (!g_ascii_isdigit (slash[1]) ||
          !g_ascii_string_to_unsigned (slash + 1, 10, 0, max, &bits, NULL))
        return FALSE;
      net->prefix = (guint) bits;
    }

  /* No bits set past the prefix: "10.1.2.3/8" is a typo, not 10.0.0.0/8. */
  if (net->prefix < max)
    {
      guint8 masked[16];

      memcpy (masked, net->addr, sizeof masked);
      for (guint bit = net->prefix; bit < max; bit++)
        masked[bit / 8] &= (guint8) ~(0x80 >> (bit % 8));
      if (memcmp (masked, net->addr, max / 8) != 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
pt_proxy_trust_parse (const char    *list,
                      PtProxyTrust  *out,
                      GError       **error)
{
  g_auto(GStrv) entries = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (list == NULL || list[0] == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--proxy-protocol needs --trusted-proxy ADDRESS[/BITS]");
      return FALSE;
    }

  entries = g_strsplit (list, ",", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      const char *entry = g_strstrip (entries[i]);

      if (out->n == PT_PROXY_TRUST_MAX)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--trusted-proxy takes at most %d entries", PT_PROXY_TRUST_MAX);
          return FALSE;
        }
      if (!parse_one (entry, &out->nets[out->n]))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--trusted-proxy: “%s” is not an IP address or ADDRESS/BITS block", entry);
          return FALSE;
        }
      out->n++;
    }
  return TRUE;
}

gboolean
pt_proxy_trust_match (const PtProxyTrust    *trust,
                      const struct sockaddr *peer)
{
  const guint8 *addr;
  int family = peer->sa_family;

  if (family == AF_INET)
    addr = (const guint8 *) &((const struct sockaddr_in *) peer)->sin_addr;
  else if (family == AF_INET6)
    {
      const struct in6_addr *a6 = &((const struct sockaddr_in6 *) peer)->sin6_addr;

      addr = a6->s6_addr;
      if (IN6_IS_ADDR_V4MAPPED (a6))
        {
          family = AF_INET;
          addr += 12;
        }
    }
  else
    return FALSE;

  for (guint i = 0; i < trust->n; i++)
    if (trust->nets[i].family == family &&
        prefix_matches (trust->nets[i].addr, addr, trust->nets[i].prefix))
      return TRUE;
  return FALSE;
}
