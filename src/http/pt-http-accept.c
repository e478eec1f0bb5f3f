/* pt-http-accept.c — Accept-Encoding evaluation (layer 0)
 *
 * One pass over the list; each element is checked on its own, so a broken
 * element only drops itself (what browsers and curl send never has one).
 */

#include "pt-http-accept.h"
#include "pt-http-ascii.h"

#include <stdbool.h>
#include <string.h>

#define UNSET 0xffff

static bool
is_tchar (unsigned char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c != 0 && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool
equals_nocase (const char *s,
               size_t      len,
               const char *lit)
{
  size_t i;

  if (strlen (lit) != len)
    return false;
  for (i = 0; i < len; i++)
    {
      char c = s[i];

      if (c >= 'A' && c <= 'Z')
        c = (char) (c + ('a' - 'A'));
      if (c != lit[i])
        return false;
    }
  return true;
}

/* qvalue at s[0..len), exactly.  Returns its weight, or -1. */
static int
parse_qvalue (const char *s,
              size_t      len)
{
  int q, scale = 100;
  size_t i;

  if (len == 0 || (s[0] != '0' && s[0] != '1'))
    return -1;
  q = (s[0] - '0') * PT_HTTP_Q_MAX;
  if (len == 1)
    return q;
  if (s[1] != '.' || len - 2 > PT_HTTP_Q_DECIMALS)
    return -1;
  for (i = 2; i < len; i++, scale /= 10)
    {
      if (s[i] < '0' || s[i] > '9' || (s[0] == '1' && s[i] != '0'))
        return -1;
      q += (s[i] - '0') * scale;
    }
  return q;
}

/* One element s[0..len) (OWS trimmed): sets *coding (-1 for "*", -2 for an
 * unknown coding) and *q.  false: the element is invalid. */
static bool
parse_element (const char *s,
               size_t      len,
               int        *coding,
               int        *q)
{
  size_t i = 0, name_len;
  const char *name = s;

  while (i < len && is_tchar ((unsigned char) s[i]))
    i++;
  name_len = i;
  if (name_len == 0)
    return false;
  *q = PT_HTTP_Q_MAX;
  while (i < len && pt_http_ascii_is_ows (s[i]))
    i++;
  if (i < len)
    {
      if (s[i] != ';')
        return false;
      i++;
      while (i < len && pt_http_ascii_is_ows (s[i]))
        i++;
      if (len - i < 2 || (s[i] != 'q' && s[i] != 'Q') || s[i + 1] != '=')
        return false;
      *q = parse_qvalue (s + i + 2, len - i - 2);
      if (*q < 0)
        return false;
    }
  if (name_len == 1 && name[0] == '*')
    *coding = -1;
  else if (equals_nocase (name, name_len, "identity"))
    *coding = PT_HTTP_CODING_IDENTITY;
  else if (equals_nocase (name, name_len, "gzip") || equals_nocase (name, name_len, "x-gzip"))
    *coding = PT_HTTP_CODING_GZIP;
  else if (equals_nocase (name, name_len, "br"))
    *coding = PT_HTTP_CODING_BR;
  else
    *coding = -2;
  return true;
}

void
pt_http_accept_encoding_parse (const char           *value,
                               size_t                len,
                               PtHttpAcceptEncoding *out)
{
  unsigned explicit_q[PT_HTTP_N_CODINGS] = { UNSET, UNSET, UNSET };
  unsigned star = UNSET;
  size_t i = 0;
  int c;

  if (value == NULL)
    {
      memset (out, 0, sizeof *out);
      out->q[PT_HTTP_CODING_IDENTITY] = PT_HTTP_Q_MAX;
      return;
    }

  while (i < len)
    {
      size_t b = i, e;
      int coding, q;

      while (i < len && value[i] != ',')
        i++;
      e = i;
      if (i < len)
        i++;   /* the comma */
      while (b < e && pt_http_ascii_is_ows (value[b]))
        b++;
      while (e > b && pt_http_ascii_is_ows (value[e - 1]))
        e--;
      if (b == e || !parse_element (value + b, e - b, &coding, &q))
        continue;
      if (coding == -1)
        {
          if (star == UNSET)
            star = (unsigned) q;
        }
      else if (coding >= 0 && explicit_q[coding] == UNSET)
        explicit_q[coding] = (unsigned) q;
    }

  for (c = 0; c < PT_HTTP_N_CODINGS; c++)
    {
      unsigned q;

      if (explicit_q[c] != UNSET)
        q = explicit_q[c];
      else if (star != UNSET)
        q = star;
      else
        q = c == PT_HTTP_CODING_IDENTITY ? PT_HTTP_Q_IDENTITY_IMPLIED : 0;
      out->q[c] = (uint16_t) q;
    }
}

PtHttpCoding
pt_http_accept_encoding_choose (const PtHttpAcceptEncoding *ae,
                                unsigned                    available)
{
  static const PtHttpCoding preference[] = {
    PT_HTTP_CODING_BR, PT_HTTP_CODING_GZIP, PT_HTTP_CODING_IDENTITY,
  };
  PtHttpCoding best = PT_HTTP_CODING_NONE;
  unsigned best_q = 0;
  size_t i;

  available |= PT_HTTP_CODING_BIT (PT_HTTP_CODING_IDENTITY);
  for (i = 0; i < sizeof preference / sizeof preference[0]; i++)
    {
      PtHttpCoding c = preference[i];

      if ((available & PT_HTTP_CODING_BIT (c)) && ae->q[c] > best_q)
        {
          best = c;
          best_q = ae->q[c];
        }
    }
  return best;
}
