/* pt-http-host.h — is a Host field value a loopback name? (layer 0)
 *
 * For the DNS-rebinding rule: a server bound to loopback answers 421 to a
 * request whose Host names anything else, so a web page on another origin
 * whose name a hostile DNS server points at 127.0.0.1 cannot read files.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define PT_HTTP_HOST_NAME_MAX   253     /* bytes of a DNS name, without a trailing dot */
#define PT_HTTP_HOST_LABEL_MAX  63      /* bytes of one DNS label */
#define PT_HTTP_HOST_PORT_MAX   65535

/* True when value[0..len) (OWS around it allowed) is, with an optional
 * ":port" (0..PT_HTTP_HOST_PORT_MAX, or empty as RFC 3986 allows):
 *   - "localhost" or a name ending in ".localhost" (RFC 6761 §6.3: always
 *     loopback), case-insensitive, each label 1..PT_HTTP_HOST_LABEL_MAX
 *     bytes of letters, digits, '-' or '_', the whole name at most
 *     PT_HTTP_HOST_NAME_MAX bytes, one trailing dot allowed ("localhost.");
 *   - an IPv4 address in 127.0.0.0/8 in dotted-decimal: four decimal
 *     octets 0..255 without leading zeros (no "127.1", "2130706433",
 *     "0x7f.0.0.1" or "127.000.0.1": their meaning differs between
 *     resolvers, and browsers send the canonical form);
 *   - "[::1]" exactly (the form browsers send; "[0:0:0:0:0:0:0:1]",
 *     "[::ffff:127.0.0.1]" and zone ids are not recognised).
 * Anything else, including an empty value, is not loopback (the engine
 * answers 421). */
bool pt_http_host_is_loopback (const char *value,
                               size_t      len);
