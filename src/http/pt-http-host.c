/* pt-http-host.c — is a Host field value a loopback name? (layer 0)
 *
 * Deliberately narrow: only spellings a browser actually sends for a
 * loopback URL are accepted; anything unusual is "not loopback", which at
 * worst costs a 421, never a rebinding hole.
 */

#include "pt-http-host.h"
#include "pt-http-ascii.h"

#include <stdint.h>

#define LOCALHOST      "localhost"
#define LOCALHOST_LEN  9
#define IPV6_LOOPBACK  "[::1]"

static bool
is_label_char (char c)
{
  c = pt_http_ascii_lower (c);
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* ":" *DIGIT, at most PT_HTTP_HOST_PORT_MAX, or nothing. */
static bool
port_ok (const char *s,
         size_t      len)
{
  uint32_t v = 0;
  size_t i;

  if (len == 0)
    return true;
  if (s[0] != ':')
    return false;
  for (i = 1; i < len; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return false;
      v = v * 10 + (uint32_t) (s[i] - '0');
      if (v > PT_HTTP_HOST_PORT_MAX)
        return false;
    }
  return true;
}

static bool
is_localhost_name (const char *s,
                   size_t      len)
{
  size_t i, label = 0;

  if (len > 0 && s[len - 1] == '.')
    len--;
  if (len > PT_HTTP_HOST_NAME_MAX || len < LOCALHOST_LEN)
    return false;
  for (i = 0; i < LOCALHOST_LEN; i++)
    if (pt_http_ascii_lower (s[len - LOCALHOST_LEN + i]) != LOCALHOST[i])
      return false;
  if (len == LOCALHOST_LEN)
    return true;
  if (s[len - LOCALHOST_LEN - 1] != '.')
    return false;
  /* the labels before ".localhost" */
  for (i = 0; i < len - LOCALHOST_LEN; i++)
    {
      if (s[i] == '.')
        {
          if (label == 0)
            return false;
          label = 0;
        }
      else if (!is_label_char (s[i]) || ++label > PT_HTTP_HOST_LABEL_MAX)
        return false;
    }
  return true;
}

static bool
is_ipv4_loopback (const char *s,
                  size_t      len)
{
  unsigned octets[4];
  size_t i = 0;
  int k;

  for (k = 0; k < 4; k++)
    {
      size_t start = i;
      unsigned v = 0;

      if (k > 0)
        {
          if (i >= len || s[i] != '.')
            return false;
          start = ++i;
        }
      while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3)
        v = v * 10 + (unsigned) (s[i++] - '0');
      if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
        return false;
      octets[k] = v;
    }
  return i == len && octets[0] == 127;
}

bool
pt_http_host_is_loopback (const char *value,
                          size_t      len)
{
  size_t host_len, i;

  while (len > 0 && pt_http_ascii_is_ows (value[0]))
    {
      value++;
      len--;
    }
  while (len > 0 && pt_http_ascii_is_ows (value[len - 1]))
    len--;
  if (len == 0)
    return false;

  if (value[0] == '[')
    {
      host_len = sizeof IPV6_LOOPBACK - 1;
      if (len < host_len)
        return false;
      for (i = 0; i < host_len; i++)
        if (value[i] != IPV6_LOOPBACK[i])
          return false;
      return port_ok (value + host_len, len - host_len);
    }

  for (host_len = 0; host_len < len && value[host_len] != ':'; host_len++)
    ;
  if (!port_ok (value + host_len, len - host_len))
    return false;
  return is_localhost_name (value, host_len) || is_ipv4_loopback (value, host_len);
}
