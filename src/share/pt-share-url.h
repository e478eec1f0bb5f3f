/* pt-share-url.h — the URL another device opens (GLib only) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "http://ADDRESS:PORT/", with IPv6 addresses in brackets, and
 * "?portico-key=KEY" appended when key is not NULL (escaped as a query
 * value).  address: an IPv4 or IPv6 address, no brackets. */
char *pt_share_url (const char *address,
                    guint       port,
                    const char *key);

G_END_DECLS
