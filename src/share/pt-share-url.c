/* pt-share-url.c — the URL another device opens */
#define G_LOG_DOMAIN "pt-share"

#include "config.h"

#include <string.h>

#include "pt-share-url.h"

#define PT_SHARE_URL_KEY_PARAM "portico-key"

char *
pt_share_url (const char *address,
              guint       port,
              const char *key)
{
  GString *url;

  g_return_val_if_fail (address != NULL, NULL);

  url = g_string_new ("http://");
  if (strchr (address, ':') != NULL)
    {
      /* A zone ("fe80::1%wlan0") is written %25 inside brackets (RFC 6874). */
      g_autofree char *escaped = g_uri_escape_string (address, ":.", FALSE);

      g_string_append_printf (url, "[%s]", escaped);
    }
  else
    g_string_append (url, address);
  g_string_append_printf (url, ":%u/", port);
  if (key != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (key, NULL, FALSE);

      g_string_append_printf (url, "?" PT_SHARE_URL_KEY_PARAM "=%s", escaped);
    }
  return g_string_free (url, FALSE);
}
