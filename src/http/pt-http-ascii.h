/* pt-http-ascii.h — the ASCII helpers every layer-0 parser shares
 *
 * Owns case folding, digit and hex-digit values, OWS and the
 * case-insensitive compare against a lowercase literal: HTTP's tokens,
 * codings, units and host names are ASCII and case-insensitive, and locale
 * functions (tolower, isdigit) must not decide them.  Static inline: they
 * sit in byte loops.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

static inline char
pt_http_ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

static inline bool
pt_http_ascii_is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* RFC 9110 §5.6.3 OWS: SP or HTAB. */
static inline bool
pt_http_ascii_is_ows (char c)
{
  return c == ' ' || c == '\t';
}

/* 0..15 for a hex digit of either case, else -1. */
static inline int
pt_http_ascii_hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* s[0..n) equals the lowercase literal lit, ignoring ASCII case. */
static inline bool
pt_http_ascii_equal_nocase (const char *s,
                            size_t      n,
                            const char *lit)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (lit[i] == '\0' || pt_http_ascii_lower (s[i]) != lit[i])
      return false;
  return lit[i] == '\0';
}
