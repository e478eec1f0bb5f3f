/* fuzz-accept.c — libFuzzer target for pt_http_accept_encoding_parse/_choose
 *
 * The input is [available mask][field value]: every weight is at most
 * PT_HTTP_Q_MAX; the choice is acceptable, available and has the highest
 * weight; the answer does not change when the value is upper-cased or
 * prefixed with an invalid element.  The value is an exact-size heap copy.
 */
#include "pt-fuzz-check.h"
#include "pt-http-accept.h"

static void
parse_copy (const char           *s,
            size_t                len,
            PtHttpAcceptEncoding *ae)
{
  char *copy = pt_fuzz_dup (s, len);

  pt_http_accept_encoding_parse (copy, len, ae);
  free (copy);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PtFuzzReader r = { data, size, 0 };
  unsigned available = (unsigned) pt_fuzz_read_uint (&r, 1);
  const char *value = (const char *) data + r.pos;
  size_t len = size - r.pos;
  PtHttpAcceptEncoding ae, other;
  PtHttpCoding chosen;
  char *changed;
  int c;
  size_t i;

  parse_copy (value, len, &ae);
  for (c = 0; c < PT_HTTP_N_CODINGS; c++)
    PT_FUZZ_CHECK (ae.q[c] <= PT_HTTP_Q_MAX);

  chosen = pt_http_accept_encoding_choose (&ae, available);
  available |= PT_HTTP_CODING_BIT (PT_HTTP_CODING_IDENTITY);
  if (chosen == PT_HTTP_CODING_NONE)
    {
      for (c = 0; c < PT_HTTP_N_CODINGS; c++)
        if (available & PT_HTTP_CODING_BIT (c))
          PT_FUZZ_CHECK (ae.q[c] == 0);
    }
  else
    {
      PT_FUZZ_CHECK (chosen >= 0 && chosen < PT_HTTP_N_CODINGS);
      PT_FUZZ_CHECK (available & PT_HTTP_CODING_BIT (chosen));
      PT_FUZZ_CHECK (ae.q[chosen] > 0);
      for (c = 0; c < PT_HTTP_N_CODINGS; c++)
        if (available & PT_HTTP_CODING_BIT (c))
          PT_FUZZ_CHECK (ae.q[c] <= ae.q[chosen]);
    }

  /* upper case: tokens and "q=" are case-insensitive */
  changed = pt_fuzz_dup (value, len);
  for (i = 0; i < len; i++)
    if (changed[i] >= 'a' && changed[i] <= 'z')
      changed[i] = (char) (changed[i] - 'a' + 'A');
  parse_copy (changed, len, &other);
  PT_FUZZ_CHECK (memcmp (&ae, &other, sizeof ae) == 0);
  free (changed);

  /* an invalid element in front changes nothing */
  changed = malloc (len + 6);
  PT_FUZZ_CHECK (changed != NULL);
  memcpy (changed, ";;;x, ", 6);
  memcpy (changed + 6, value, len);
  parse_copy (changed, len + 6, &other);
  PT_FUZZ_CHECK (memcmp (&ae, &other, sizeof ae) == 0);
  free (changed);
  return 0;
}
