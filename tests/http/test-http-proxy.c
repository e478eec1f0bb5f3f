/* test-http-proxy.c — PROXY protocol v1 and v2 headers
 *
 * Every case is {expected result, description, raw bytes, expected header}
 * with __LINE__.  Each case is parsed whole (with a request after it), then
 * as every prefix, each copied into an exact-size heap block: a prefix
 * gives 0 or the same error, and the header's own bytes give the same
 * header.  Both limits at N and N+1.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-proxy.h"

#define BAD (-400)
#define REQUEST "GET / HTTP/1.1\r\n"

typedef struct
{
  int                line;
  ssize_t            result;      /* > 0: bytes of the header; 0 need more; BAD */
  const char        *desc;
  const char        *raw;
  size_t             raw_len;
  int                version;
  bool               local;
  PtHttpProxyFamily  family;
  uint8_t            src[16];
  uint8_t            dst[16];
  uint16_t           sport, dport;
} ProxyCase;

#define CASE(r, d, s) .line = __LINE__, .result = (r), .desc = (d), .raw = (s), .raw_len = sizeof (s) - 1
#define INET    .family = PT_HTTP_PROXY_INET
#define INET6   .family = PT_HTTP_PROXY_INET6
#define V2SIG   "\r\n\r\n\0\r\nQUIT\n"
#define LOOP6   { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }

static const ProxyCase proxy_cases[] = {
  /* v1 */
  { CASE (47, "v1 TCP4", "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n" REQUEST),
    .version = 1, INET, .src = { 192, 168, 0, 1 }, .dst = { 192, 168, 0, 11 }, .sport = 56324, .dport = 443 },
  { CASE (44, "v1 TCP4 zeros and max port", "PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n"),
    .version = 1, INET, .dst = { 255, 255, 255, 255 }, .sport = 0, .dport = 65535 },
  { CASE (30, "v1 TCP6 loopback", "PROXY TCP6 ::1 ::1 1234 8080\r\n" REQUEST),
    .version = 1, INET6, .src = LOOP6, .dst = LOOP6, .sport = 1234, .dport = 8080 },
  { CASE (53, "v1 TCP6 full and mapped", "PROXY TCP6 2001:db8:0:0:0:0:0:1 ::ffff:10.0.0.1 1 2\r\n"),
    .version = 1, INET6, .src = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
    .dst = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1 }, .sport = 1, .dport = 2 },
  { CASE (40, "v1 TCP6 :: and trailing ::", "PROXY TCP6 :: FE80:1:2:3:4:5:6:: 80 80\r\n"),
    .version = 1, INET6, .dst = { 0xfe, 0x80, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 0 }, .sport = 80, .dport = 80 },
  { CASE (15, "v1 UNKNOWN", "PROXY UNKNOWN\r\n" REQUEST), .version = 1 },
  { CASE (59, "v1 UNKNOWN with addresses", "PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n"),
    .version = 1 },
  { CASE (0, "v1 prefix", "PROXY TCP4 1.2.3.4") },
  { CASE (0, "v1 no LF yet", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r") },
  { CASE (0, "first byte", "P") },
  { CASE (BAD, "not PROXY", "GET / HTTP/1.1\r\n") },
  { CASE (BAD, "lower case", "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n") },
  { CASE (BAD, "PROXY without space", "PROXYTCP4") },
  { CASE (BAD, "bare LF", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n") },
  { CASE (BAD, "CR inside", "PROXY TCP4 1.2.3.4\r5.6.7.8 1 2\r\n") },
  { CASE (BAD, "UDP4", "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n") },
  { CASE (BAD, "tcp4", "PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n") },
  { CASE (BAD, "UNKNOWNX", "PROXY UNKNOWNX\r\n") },
  { CASE (BAD, "empty", "PROXY \r\n") },
  { CASE (BAD, "two spaces", "PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n") },
  { CASE (BAD, "trailing space", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n") },
  { CASE (BAD, "missing port", "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n") },
  { CASE (BAD, "extra word", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n") },
  { CASE (BAD, "port 65536", "PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n") },
  { CASE (BAD, "port 6 digits", "PROXY TCP4 1.2.3.4 5.6.7.8 000001 2\r\n") },
  { CASE (BAD, "port sign", "PROXY TCP4 1.2.3.4 5.6.7.8 +1 2\r\n") },
  { CASE (BAD, "octet 256", "PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n") },
  { CASE (BAD, "leading zero", "PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n") },
  { CASE (BAD, "three octets", "PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n") },
  { CASE (BAD, "IPv6 in TCP4", "PROXY TCP4 ::1 ::1 1 2\r\n") },
  { CASE (BAD, "IPv4 in TCP6", "PROXY TCP6 1.2.3.4 ::1 1 2\r\n") },
  { CASE (BAD, "two ::", "PROXY TCP6 1::2::3 ::1 1 2\r\n") },
  { CASE (BAD, "nine groups", "PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n") },
  { CASE (BAD, "seven groups", "PROXY TCP6 1:2:3:4:5:6:7 ::1 1 2\r\n") },
  { CASE (BAD, "eight groups and ::", "PROXY TCP6 1:2:3:4::5:6:7:8 ::1 1 2\r\n") },
  { CASE (BAD, "five hex digits", "PROXY TCP6 12345:: ::1 1 2\r\n") },
  { CASE (BAD, "leading single colon", "PROXY TCP6 :1:2:3:4:5:6:7 ::1 1 2\r\n") },
  { CASE (BAD, "trailing single colon", "PROXY TCP6 1:2:3:4:5:6:7: ::1 1 2\r\n") },
  { CASE (BAD, "zone id", "PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n") },
  { CASE (BAD, "mapped with too many groups", "PROXY TCP6 1:2:3:4:5:6:7:1.2.3.4 ::1 1 2\r\n") },
  /* v2 */
  { CASE (28, "v2 TCP4", V2SIG "\x21\x11\x00\x0c" "\x0a\x00\x00\x01" "\xc0\xa8\x00\x01" "\x04\xd2" "\x01\xbb" REQUEST),
    .version = 2, INET, .src = { 10, 0, 0, 1 }, .dst = { 192, 168, 0, 1 }, .sport = 1234, .dport = 443 },
  { CASE (52, "v2 TCP6", V2SIG "\x21\x21\x00\x24"
          "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01"
          "\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02" "\xff\xff" "\x00\x50"),
    .version = 2, INET6, .src = LOOP6, .dst = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
    .sport = 65535, .dport = 80 },
  { CASE (16, "v2 LOCAL", V2SIG "\x20\x00\x00\x00" REQUEST), .version = 2, .local = true },
  { CASE (28, "v2 LOCAL ignores family and addresses", V2SIG "\x20\x11\x00\x0c" "\x0a\x00\x00\x01\xc0\xa8\x00\x01\x04\xd2\x01\xbb"),
    .version = 2, .local = true },
  { CASE (19, "v2 LOCAL unknown family", V2SIG "\x20\xff\x00\x03" "\x01\x00\x00"), .version = 2, .local = true },
  { CASE (16, "v2 PROXY UNSPEC", V2SIG "\x21\x00\x00\x00"), .version = 2 },
  { CASE (35, "v2 TCP4 with TLVs", V2SIG "\x21\x11\x00\x13" "\x01\x02\x03\x04\x05\x06\x07\x08\x00\x01\x00\x02"
          "\x04\x00\x00" "\x01\x00\x01" "h"),
    .version = 2, INET, .src = { 1, 2, 3, 4 }, .dst = { 5, 6, 7, 8 }, .sport = 1, .dport = 2 },
  { CASE (0, "v2 signature prefix", "\r\n\r\n\0\r\nQU") },
  { CASE (0, "v2 header prefix", V2SIG "\x21\x11\x00") },
  { CASE (0, "v2 address prefix", V2SIG "\x21\x11\x00\x0c\x0a\x00") },
  { CASE (BAD, "v2 wrong signature", "\r\n\r\n\0\r\nquit\n\x21\x11\x00\x0c") },
  { CASE (BAD, "v2 version 1", V2SIG "\x11\x11\x00\x0c") },
  { CASE (BAD, "v2 version 3", V2SIG "\x31\x11\x00\x0c") },
  { CASE (BAD, "v2 command 2", V2SIG "\x22\x11\x00\x0c") },
  { CASE (BAD, "v2 UDP4", V2SIG "\x21\x12\x00\x0c") },
  { CASE (BAD, "v2 UDP6", V2SIG "\x21\x22\x00\x24") },
  { CASE (BAD, "v2 UNIX dgram", V2SIG "\x21\x32\x00\xd8") },
  { CASE (BAD, "v2 family 4", V2SIG "\x21\x41\x00\x0c") },
  { CASE (BAD, "v2 TCP4 length short", V2SIG "\x21\x11\x00\x0b" "\x01\x02\x03\x04\x05\x06\x07\x08\x00\x01\x00") },
  { CASE (BAD, "v2 TCP6 length short", V2SIG "\x21\x21\x00\x0c") },
  { CASE (BAD, "v2 TLV header cut", V2SIG "\x21\x11\x00\x0e" "\x01\x02\x03\x04\x05\x06\x07\x08\x00\x01\x00\x02" "\x04\x00") },
  { CASE (BAD, "v2 TLV value past the end", V2SIG "\x21\x11\x00\x10" "\x01\x02\x03\x04\x05\x06\x07\x08\x00\x01\x00\x02" "\x04\x00\x02" "h") },
  { CASE (BAD, "neither version", "\x16\x03\x01") },   /* a TLS hello */
  { CASE (BAD, "NUL", "\0") },
};

static void
check_header (const ProxyCase         *c,
              const PtHttpProxyHeader *h)
{
  g_assert_cmpint (h->version, ==, c->version);
  g_assert_cmpint (h->local, ==, c->local);
  g_assert_cmpint (h->family, ==, c->family);
  g_assert_cmpmem (h->src_addr, 16, c->src, 16);
  g_assert_cmpmem (h->dst_addr, 16, c->dst, 16);
  g_assert_cmpuint (h->src_port, ==, c->sport);
  g_assert_cmpuint (h->dst_port, ==, c->dport);
}

static ssize_t
parse_prefix (const ProxyCase   *c,
              size_t             k,
              PtHttpProxyHeader *h)
{
  char *copy = g_malloc (k > 0 ? k : 1);
  ssize_t r;

  memcpy (copy, c->raw, k);
  memset (h, 0xa5, sizeof *h);
  r = pt_http_proxy_parse (copy, k, h);
  g_free (copy);
  return r;
}

static void
test_proxy_case (gconstpointer data)
{
  const ProxyCase *c = data;
  PtHttpProxyHeader h;
  ssize_t r;

  g_test_message ("line %d: %s", c->line, c->desc);
  r = parse_prefix (c, c->raw_len, &h);
  g_assert_cmpint (r, ==, c->result);
  if (r > 0)
    check_header (c, &h);

  for (size_t k = 0; k < c->raw_len; k++)
    {
      r = parse_prefix (c, k, &h);
      g_test_message ("prefix %zu", k);
      if (c->result > 0 && k >= (size_t) c->result)
        {
          g_assert_cmpint (r, ==, c->result);
          check_header (c, &h);
        }
      else if (c->result > 0)
        g_assert_cmpint (r, ==, 0);
      else
        g_assert_true (r == 0 || r == c->result);
    }
}

static void
check_built (const char *raw,
             size_t      len,
             ssize_t     expected)
{
  char *copy = g_memdup2 (raw, len);
  PtHttpProxyHeader h;

  g_assert_cmpint (pt_http_proxy_parse (copy, len, &h), ==, expected);
  if (expected > 0)
    g_assert_cmpint (h.family, ==, PT_HTTP_PROXY_UNSPEC);
  g_free (copy);
}

static void
test_v1_limit (void)
{
  /* "PROXY UNKNOWN " + fill + "\r\n" is exactly N bytes */
  g_autofree char *fill = g_strnfill (PT_HTTP_PROXY_V1_MAX_LEN - 16, 'x');
  g_autofree char *at_n = g_strdup_printf ("PROXY UNKNOWN %s\r\n" REQUEST, fill);
  g_autofree char *over = g_strdup_printf ("PROXY UNKNOWN %sx\r\n", fill);

  check_built (at_n, strlen (at_n), PT_HTTP_PROXY_V1_MAX_LEN);
  check_built (at_n, PT_HTTP_PROXY_V1_MAX_LEN - 1, 0);
  check_built (over, strlen (over), BAD);
  check_built (over, PT_HTTP_PROXY_V1_MAX_LEN - 1, 0);
  check_built (over, PT_HTTP_PROXY_V1_MAX_LEN, BAD);    /* N bytes, no line end yet */
}

static void
test_v2_limit (void)
{
  size_t size = PT_HTTP_PROXY_V2_HEADER_LEN + PT_HTTP_PROXY_V2_MAX_PAYLOAD + 1;
  char *raw = g_malloc0 (size);
  size_t payload = PT_HTTP_PROXY_V2_MAX_PAYLOAD;

  /* PROXY UNSPEC whose payload is one TLV filling it: N bytes */
  memcpy (raw, V2SIG, 12);
  raw[12] = 0x21;
  raw[13] = 0x00;
  raw[14] = (char) (payload >> 8);
  raw[15] = (char) (payload & 0xff);
  raw[16] = 0x04;
  raw[17] = (char) ((payload - 3) >> 8);
  raw[18] = (char) ((payload - 3) & 0xff);
  check_built (raw, PT_HTTP_PROXY_V2_HEADER_LEN + payload, (ssize_t) (PT_HTTP_PROXY_V2_HEADER_LEN + payload));
  check_built (raw, PT_HTTP_PROXY_V2_HEADER_LEN + payload - 1, 0);
  /* N + 1: refused as soon as the length is known */
  payload++;
  raw[14] = (char) (payload >> 8);
  raw[15] = (char) (payload & 0xff);
  raw[17] = (char) ((payload - 3) >> 8);
  raw[18] = (char) ((payload - 3) & 0xff);
  check_built (raw, PT_HTTP_PROXY_V2_HEADER_LEN, BAD);
  check_built (raw, size, BAD);
  g_free (raw);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (proxy_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/proxy/line-%d", proxy_cases[i].line);

      g_test_add_data_func (name, &proxy_cases[i], test_proxy_case);
    }
  g_test_add_func ("/http/proxy/v1-limit", test_v1_limit);
  g_test_add_func ("/http/proxy/v2-limit", test_v2_limit);

  return g_test_run ();
}
