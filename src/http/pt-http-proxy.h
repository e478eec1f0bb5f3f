/* pt-http-proxy.h — PROXY protocol v1 and v2 header parser (layer 0)
 *
 * The header a load balancer (HAProxy, nginx stream, AWS NLB) puts in front
 * of the first request on a connection to pass on the client's address
 * (haproxy.org "The PROXY protocol", versions 1 and 2).  Stateless and
 * incremental in the picohttpparser way: call again with more bytes.
 * No socket API: addresses come back as raw bytes.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PT_HTTP_PROXY_V1_MAX_LEN       107    /* whole v1 line, CRLF included */
#define PT_HTTP_PROXY_V2_HEADER_LEN    16     /* signature, ver/cmd, family, length */
#define PT_HTTP_PROXY_V2_MAX_PAYLOAD   2048   /* bytes after the 16: addresses and TLVs */

typedef enum
{
  PT_HTTP_PROXY_UNSPEC = 0,   /* v1 UNKNOWN, v2 LOCAL or AF_UNSPEC: keep the socket's addresses */
  PT_HTTP_PROXY_INET,         /* 4-byte addresses */
  PT_HTTP_PROXY_INET6,        /* 16-byte addresses */
  PT_HTTP_PROXY_UNIX,         /* v2 only: addresses not copied (paths, not IPs) */
} PtHttpProxyFamily;

typedef struct
{
  int               version;        /* 1 or 2 */
  bool              local;          /* v2 LOCAL command: the proxy's own health check */
  PtHttpProxyFamily family;
  uint8_t           src_addr[16];   /* network byte order; INET uses the first 4 */
  uint8_t           dst_addr[16];
  uint16_t          src_port;       /* host byte order */
  uint16_t          dst_port;
} PtHttpProxyHeader;

/* Parses a PROXY header at the start of buf[0..len).
 * Returns > 0: the header's length (the first request follows it); *out
 * filled (addresses and ports zero unless family is INET / INET6);
 *         0: a valid prefix so far, call again with more bytes;
 *      -400: not a PROXY header, or a malformed one: close the connection.
 * The answer for a prefix is always 0 or the same as for the whole input,
 * and errors are found as early as the bytes allow (a first byte other
 * than 'P' or CR, a wrong v2 signature, version, command, family or
 * length, or PT_HTTP_PROXY_V1_MAX_LEN bytes without a line end).
 *
 * v1: "PROXY TCP4 SRC DST SPORT DPORT\r\n" with single spaces, dotted-
 *     decimal IPv4 (no leading zeros) or RFC 4291 text IPv6 for TCP6
 *     (with "::" and a trailing dotted IPv4 allowed), ports 0..65535 as 1-5
 *     digits; or "PROXY UNKNOWN" then anything up to CRLF (family UNSPEC).
 *     At most PT_HTTP_PROXY_V1_MAX_LEN bytes including the CRLF; a bare LF
 *     is an error.
 * v2: the 12-byte signature, version 2, command LOCAL (0: family UNSPEC,
 *     local true, addresses ignored) or PROXY (1); family/transport
 *     UNSPEC (0x00), TCP over IPv4 (0x11), TCP over IPv6 (0x21) or UNIX
 *     stream (0x31), anything else (UDP, unknown) an error for PROXY; the
 *     length at least the family's address block and at most
 *     PT_HTTP_PROXY_V2_MAX_PAYLOAD; the TLVs after the addresses must be
 *     well formed (type, 16-bit length, value, exactly filling the rest)
 *     and are skipped.  For LOCAL and UNSPEC the whole payload is skipped
 *     unread, as the specification says. */
ssize_t pt_http_proxy_parse (const char        *buf,
                             size_t             len,
                             PtHttpProxyHeader *out);
