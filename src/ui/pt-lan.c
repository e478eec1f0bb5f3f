/* pt-lan.c — this machine's addresses on the local network */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "pt-lan.h"

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

char **
pt_lan_dup_addresses (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) != 0)
    return g_strv_builder_end (builder);

  for (struct ifaddrs *it = list; it != NULL; it = it->ifa_next)
    {
      char text[INET_ADDRSTRLEN];
      const struct sockaddr_in *sin;

      if (it->ifa_addr == NULL || it->ifa_addr->sa_family != AF_INET)
        continue;
      if ((it->ifa_flags & IFF_UP) == 0 || (it->ifa_flags & IFF_LOOPBACK) != 0)
        continue;
      if (pt_lan_is_virtual_interface (it->ifa_name))
        continue;
      sin = (const struct sockaddr_in *) (const void *) it->ifa_addr;
      if (inet_ntop (AF_INET, &sin->sin_addr, text, sizeof text) != NULL)
        g_strv_builder_add (builder, text);
    }
  freeifaddrs (list);
  return g_strv_builder_end (builder);
}
