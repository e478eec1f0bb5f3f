/* pt-http-proxy.c — PROXY protocol v1 and v2 header parser (layer 0)
 *
 * Addresses are parsed by hand (no inet_pton): layer 0 uses no network
 * headers, and the v1 grammar is narrower than what inet_pton accepts.
 */

#include "pt-http-proxy.h"
#include "pt-http-ascii.h"

#include <string.h>

#define BAD                 (-400)
#define V1_PREFIX           "PROXY "
#define V1_PREFIX_LEN       6
#define V2_SIG              "\r\n\r\n\0\r\nQUIT\n"
#define V2_SIG_LEN          12
#define V2_VERSION          0x2
#define V2_CMD_LOCAL        0x0
#define V2_CMD_PROXY        0x1
#define V2_FAM_UNSPEC       0x00
#define V2_FAM_TCP4         0x11
#define V2_FAM_TCP6         0x21
#define V2_FAM_UNIX_STREAM  0x31
#define V2_ADDR_LEN_INET    12     /* 4 + 4 + 2 + 2 */
#define V2_ADDR_LEN_INET6   36     /* 16 + 16 + 2 + 2 */
#define V2_ADDR_LEN_UNIX    216    /* 108 + 108 */
#define V2_TLV_HEADER_LEN   3

/* --- v1 ------------------------------------------------------------------ */

static bool
parse_ipv4 (const char *s,
            size_t      len,
            uint8_t    *addr)
{
  size_t i = 0;
  int k;

  for (k = 0; k < 4; k++)
    {
      size_t start;
      unsigned v = 0;

      if (k > 0)
        {
          if (i >= len || s[i] != '.')
            return false;
          i++;
        }
      start = i;
      while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3)
        v = v * 10 + (unsigned) (s[i++] - '0');
      if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
        return false;
      addr[k] = (uint8_t) v;
    }
  return i == len;
}

/* RFC 4291 §2.2 text: x:x:x:x:x:x:x:x, "::" once, a trailing d.d.d.d. */
static bool
parse_ipv6 (const char *s,
            size_t      len,
            uint8_t    *addr)
{
  uint16_t groups[8];
  int n = 0, gap = -1, k;
  size_t i = 0;

  if (len >= 2 && s[0] == ':' && s[1] == ':')
    {
      gap = 0;
      i = 2;
    }
  else if (len >= 1 && s[0] == ':')
    return false;

  while (i < len)
    {
      size_t start = i;
      unsigned v = 0;

      if (n == 8)
        return false;
      while (i < len && pt_http_ascii_hex_value (s[i]) >= 0 && i - start < 4)
        v = (v << 4) | (unsigned) pt_http_ascii_hex_value (s[i++]);
      if (i == start)
        return false;
      if (i < len && s[i] == '.')
        {
          /* trailing IPv4: takes two groups */
          uint8_t v4[4];

          if (n > 6 || !parse_ipv4 (s + start, len - start, v4))
            return false;
          groups[n++] = (uint16_t) (v4[0] << 8 | v4[1]);
          groups[n++] = (uint16_t) (v4[2] << 8 | v4[3]);
          i = len;
          break;
        }
      groups[n++] = (uint16_t) v;
      if (i == len)
        break;
      if (s[i] != ':')
        return false;
      i++;
      if (i < len && s[i] == ':')
        {
          if (gap >= 0)
            return false;
          gap = n;
          i++;
        }
      else if (i == len)
        return false;   /* a trailing single ':' */
    }

  if (gap < 0 ? n != 8 : n > 7)
    return false;
  memset (addr, 0, 16);
  for (k = 0; k < n; k++)
    {
      int pos = gap >= 0 && k >= gap ? 8 - n + k : k;

      addr[2 * pos] = (uint8_t) (groups[k] >> 8);
      addr[2 * pos + 1] = (uint8_t) groups[k];
    }
  return true;
}

static bool
parse_port (const char *s,
            size_t      len,
            uint16_t   *port)
{
  unsigned v = 0;
  size_t i;

  if (len == 0 || len > 5)
    return false;
  for (i = 0; i < len; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return false;
      v = v * 10 + (unsigned) (s[i] - '0');
    }
  if (v > 65535)
    return false;
  *port = (uint16_t) v;
  return true;
}

/* The next space-separated word of line[*pos..end); false if empty. */
static bool
next_word (const char  *line,
           size_t      *pos,
           size_t       end,
           const char **word,
           size_t      *word_len,
           bool         last)
{
  size_t i = *pos;

  *word = line + i;
  while (i < end && line[i] != ' ')
    i++;
  *word_len = (size_t) (line + i - *word);
  if (*word_len == 0)
    return false;
  if (last ? i != end : i == end)
    return false;
  *pos = last ? i : i + 1;
  return true;
}

static ssize_t
parse_v1 (const char        *buf,
          size_t             len,
          PtHttpProxyHeader *out)
{
  size_t cmp = len < V1_PREFIX_LEN ? len : V1_PREFIX_LEN;
  size_t scan = len < PT_HTTP_PROXY_V1_MAX_LEN ? len : PT_HTTP_PROXY_V1_MAX_LEN;
  const char *nl, *w;
  size_t end, pos = V1_PREFIX_LEN, wl;
  bool inet6;

  if (memcmp (buf, V1_PREFIX, cmp) != 0)
    return BAD;
  nl = memchr (buf, '\n', scan);
  if (nl == NULL)
    return len >= PT_HTTP_PROXY_V1_MAX_LEN ? BAD : 0;
  end = (size_t) (nl - buf);
  if (end < V1_PREFIX_LEN + 1 || buf[end - 1] != '\r')
    return BAD;
  end--;   /* the line without its CRLF */
  if (memchr (buf, '\r', end) != NULL)
    return BAD;

  out->version = 1;
  if (end - pos >= 7 && memcmp (buf + pos, "UNKNOWN", 7) == 0
      && (end - pos == 7 || buf[pos + 7] == ' '))
    return (ssize_t) (end + 2);

  if (!next_word (buf, &pos, end, &w, &wl, false) || wl != 4)
    return BAD;
  if (memcmp (w, "TCP4", 4) == 0)
    inet6 = false;
  else if (memcmp (w, "TCP6", 4) == 0)
    inet6 = true;
  else
    return BAD;
  if (!next_word (buf, &pos, end, &w, &wl, false)
      || !(inet6 ? parse_ipv6 (w, wl, out->src_addr) : parse_ipv4 (w, wl, out->src_addr)))
    return BAD;
  if (!next_word (buf, &pos, end, &w, &wl, false)
      || !(inet6 ? parse_ipv6 (w, wl, out->dst_addr) : parse_ipv4 (w, wl, out->dst_addr)))
    return BAD;
  if (!next_word (buf, &pos, end, &w, &wl, false) || !parse_port (w, wl, &out->src_port))
    return BAD;
  if (!next_word (buf, &pos, end, &w, &wl, true) || !parse_port (w, wl, &out->dst_port))
    return BAD;
  out->family = inet6 ? PT_HTTP_PROXY_INET6 : PT_HTTP_PROXY_INET;
  return (ssize_t) (end + 2);
}

/* --- v2 ------------------------------------------------------------------ */

static uint16_t
be16 (const uint8_t *p)
{
  return (uint16_t) (p[0] << 8 | p[1]);
}

static ssize_t
parse_v2 (const uint8_t     *buf,
          size_t             len,
          PtHttpProxyHeader *out)
{
  size_t cmp = len < V2_SIG_LEN ? len : V2_SIG_LEN;
  unsigned version, command, family;
  size_t payload, addr_len, i;

  if (memcmp (buf, V2_SIG, cmp) != 0)
    return BAD;
  if (len <= V2_SIG_LEN)
    return 0;
  version = buf[12] >> 4;
  command = buf[12] & 0xf;
  if (version != V2_VERSION || (command != V2_CMD_LOCAL && command != V2_CMD_PROXY))
    return BAD;
  if (len < 14)
    return 0;
  family = buf[13];
  if (command == V2_CMD_LOCAL || family == V2_FAM_UNSPEC)
    addr_len = 0;
  else if (family == V2_FAM_TCP4)
    addr_len = V2_ADDR_LEN_INET;
  else if (family == V2_FAM_TCP6)
    addr_len = V2_ADDR_LEN_INET6;
  else if (family == V2_FAM_UNIX_STREAM)
    addr_len = V2_ADDR_LEN_UNIX;
  else
    return BAD;
  if (len < PT_HTTP_PROXY_V2_HEADER_LEN)
    return 0;
  payload = be16 (buf + 14);
  if (payload > PT_HTTP_PROXY_V2_MAX_PAYLOAD || payload < addr_len)
    return BAD;
  if (len < PT_HTTP_PROXY_V2_HEADER_LEN + payload)
    return 0;

  buf += PT_HTTP_PROXY_V2_HEADER_LEN;
  /* TLVs after the addresses: each exactly inside the payload.  With no
   * address block (LOCAL, UNSPEC) the whole payload is opaque. */
  for (i = addr_len; addr_len > 0 && i < payload; )
    {
      if (payload - i < V2_TLV_HEADER_LEN
          || payload - i - V2_TLV_HEADER_LEN < be16 (buf + i + 1))
        return BAD;
      i += V2_TLV_HEADER_LEN + be16 (buf + i + 1);
    }

  out->version = 2;
  out->local = command == V2_CMD_LOCAL;
  if (out->local || family == V2_FAM_UNSPEC)
    out->family = PT_HTTP_PROXY_UNSPEC;
  else if (family == V2_FAM_TCP4)
    {
      out->family = PT_HTTP_PROXY_INET;
      memcpy (out->src_addr, buf, 4);
      memcpy (out->dst_addr, buf + 4, 4);
      out->src_port = be16 (buf + 8);
      out->dst_port = be16 (buf + 10);
    }
  else if (family == V2_FAM_TCP6)
    {
      out->family = PT_HTTP_PROXY_INET6;
      memcpy (out->src_addr, buf, 16);
      memcpy (out->dst_addr, buf + 16, 16);
      out->src_port = be16 (buf + 32);
      out->dst_port = be16 (buf + 34);
    }
  else
    out->family = PT_HTTP_PROXY_UNIX;
  return (ssize_t) (PT_HTTP_PROXY_V2_HEADER_LEN + payload);
}

ssize_t
pt_http_proxy_parse (const char        *buf,
                     size_t             len,
                     PtHttpProxyHeader *out)
{
  PtHttpProxyHeader h;
  ssize_t r;

  if (len == 0)
    return 0;
  memset (&h, 0, sizeof h);
  if (buf[0] == 'P')
    r = parse_v1 (buf, len, &h);
  else if (buf[0] == '\r')
    r = parse_v2 ((const uint8_t *) buf, len, &h);
  else
    return BAD;
  if (r > 0)
    {
      if (h.family != PT_HTTP_PROXY_INET && h.family != PT_HTTP_PROXY_INET6)
        {
          memset (h.src_addr, 0, sizeof h.src_addr);
          memset (h.dst_addr, 0, sizeof h.dst_addr);
          h.src_port = h.dst_port = 0;
        }
      *out = h;
    }
  return r;
}
