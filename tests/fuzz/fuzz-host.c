/* fuzz-host.c — libFuzzer target for pt_http_host_is_loopback()
 *
 * Any input (an exact-size heap copy): the answer does not change with
 * letter case; a loopback value holds only name, address and port bytes,
 * and one without a port stays loopback with ":8080" appended.
 */
#include <stdbool.h>

#include "pt-fuzz-check.h"
#include "pt-http-host.h"

static bool
loopback_copy (const char *s,
               size_t      len)
{
  char *copy = pt_fuzz_dup (s, len);
  bool r = pt_http_host_is_loopback (copy, len);

  free (copy);
  return r;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *value = (const char *) data;
  bool loopback = loopback_copy (value, size);
  char *changed = pt_fuzz_dup (value, size);
  bool has_colon = false;
  size_t i;

  for (i = 0; i < size; i++)
    {
      char c = changed[i];

      if (c >= 'a' && c <= 'z')
        changed[i] = (char) (c - 'a' + 'A');
      else if (c >= 'A' && c <= 'Z')
        changed[i] = (char) (c - 'A' + 'a');
      if (loopback)
        PT_FUZZ_CHECK ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                       || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']'
                       || c == ' ' || c == '\t');
      has_colon |= c == ':' && (value[0] != '[' || i > 4);
    }
  PT_FUZZ_CHECK (loopback_copy (changed, size) == loopback);
  free (changed);

  if (loopback && !has_colon && size > 0 && value[size - 1] != ' ' && value[size - 1] != '\t'
      && value[size - 1] != ':')
    {
      changed = malloc (size + 5);
      PT_FUZZ_CHECK (changed != NULL);
      memcpy (changed, value, size);
      memcpy (changed + size, ":8080", 5);
      PT_FUZZ_CHECK (loopback_copy (changed, size + 5));
      free (changed);
    }
  return 0;
}
