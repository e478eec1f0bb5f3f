/* fuzz-proxy.c — libFuzzer target for pt_http_proxy_parse()
 *
 * Any input, parsed whole and as every prefix (each an exact-size heap
 * copy): a prefix gives 0 or the whole input's error, or, once it holds
 * the header, the same header; a header is never longer than its limit;
 * 0 ("need more") never comes back once a limit is passed.
 */
#include <stdbool.h>

#include "pt-fuzz-check.h"
#include "pt-http-proxy.h"

#define FUZZ_SPLIT_ALL_MAX 300
#define FUZZ_SPLIT_STRIDE  37

static ssize_t
parse_copy (const uint8_t     *data,
            size_t             k,
            PtHttpProxyHeader *h)
{
  char *copy = pt_fuzz_dup (data, k);
  ssize_t r;

  memset (h, 0x5a, sizeof *h);
  r = pt_http_proxy_parse (copy, k, h);
  free (copy);
  PT_FUZZ_CHECK (r == 0 || r == -400 || (r > 0 && (size_t) r <= k));
  return r;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PtHttpProxyHeader whole, part;
  ssize_t r, p;
  size_t k;

  r = parse_copy (data, size, &whole);
  if (r > 0)
    {
      PT_FUZZ_CHECK (whole.version == 1 || whole.version == 2);
      if (whole.version == 1)
        PT_FUZZ_CHECK ((size_t) r <= PT_HTTP_PROXY_V1_MAX_LEN && !whole.local);
      else
        PT_FUZZ_CHECK ((size_t) r <= PT_HTTP_PROXY_V2_HEADER_LEN + PT_HTTP_PROXY_V2_MAX_PAYLOAD);
      if (whole.local)
        PT_FUZZ_CHECK (whole.family == PT_HTTP_PROXY_UNSPEC);
      if (whole.family != PT_HTTP_PROXY_INET && whole.family != PT_HTTP_PROXY_INET6)
        PT_FUZZ_CHECK (whole.src_port == 0 && whole.dst_port == 0);
      if (whole.family == PT_HTTP_PROXY_INET)
        for (k = 4; k < 16; k++)
          PT_FUZZ_CHECK (whole.src_addr[k] == 0 && whole.dst_addr[k] == 0);
    }
  if (r == 0)
    PT_FUZZ_CHECK (size == 0
                   || size < (data[0] == 'P' ? PT_HTTP_PROXY_V1_MAX_LEN
                                             : PT_HTTP_PROXY_V2_HEADER_LEN + PT_HTTP_PROXY_V2_MAX_PAYLOAD));

  for (k = 0; k < size; k++)
    {
      if (k > FUZZ_SPLIT_ALL_MAX && k % FUZZ_SPLIT_STRIDE != 0 && (r <= 0 || k != (size_t) r))
        continue;
      p = parse_copy (data, k, &part);
      if (r > 0 && k >= (size_t) r)
        {
          PT_FUZZ_CHECK (p == r);
          PT_FUZZ_CHECK (memcmp (&part, &whole, sizeof part) == 0);
        }
      else if (r > 0)
        PT_FUZZ_CHECK (p == 0);
      else
        PT_FUZZ_CHECK (p == 0 || p == r);
    }
  return 0;
}
