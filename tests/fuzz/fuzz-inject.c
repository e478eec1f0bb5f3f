/* fuzz-inject.c — libFuzzer target for pt_http_inject_offset()
 *
 * Any input (an exact-size heap copy): the offset is within the page, and
 * either the page's length or the start of a "</body" (any case); the
 * answer does not change with letter case, and a page cut right after an
 * offset's "</body>" keeps that offset.
 */
#include "pt-fuzz-check.h"
#include "pt-http-inject.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char *page = pt_fuzz_dup (data, size);
  size_t off = pt_http_inject_offset (page, size);
  char *upper;

  PT_FUZZ_CHECK (off <= size);
  if (off < size)
    {
      static const char word[] = "</body";

      PT_FUZZ_CHECK (size - off >= sizeof word - 1);
      for (size_t k = 0; k < sizeof word - 1; k++)
        {
          char c = page[off + k];

          if (c >= 'A' && c <= 'Z')
            c = (char) (c - 'A' + 'a');
          PT_FUZZ_CHECK (c == word[k]);
        }
    }

  upper = pt_fuzz_dup (data, size);
  for (size_t i = 0; i < size; i++)
    if (upper[i] >= 'a' && upper[i] <= 'z')
      upper[i] = (char) (upper[i] - 'a' + 'A');
  PT_FUZZ_CHECK (pt_http_inject_offset (upper, size) == off);
  free (upper);

  /* the page up to and including that tag's name and one more byte */
  if (off < size && size - off > 6)
    PT_FUZZ_CHECK (pt_http_inject_offset (page, off + 7) == off);

  free (page);
  return 0;
}
