/* pt-lan.h — this machine's addresses on the local network (layer 3) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for interfaces that are not a real network: loopback, docker,
 * virtual bridges and veth pairs. */
gboolean  pt_lan_is_virtual_interface (const char *name);
/* IPv4 addresses of the up, non-virtual interfaces; NULL-terminated. */
char    **pt_lan_dup_addresses        (void);

G_END_DECLS
