/* fuzz-listing.c — libFuzzer target for the listing page (pt-http-listing.h)
 *
 * Input: byte 0's low bit says whether the folder is "/" or "/f/"; the rest
 * is split at '/' into entry names (empty ones dropped, at most
 * FUZZ_MAX_ENTRIES; a name starting with 'd' is a folder).  Checks: the
 * sort is ordered and natural_cmp antisymmetric; the page fits in
 * pt_http_listing_max_size and not in one byte less; it is valid UTF-8
 * with exactly one link per entry (plus the link up) and no other '<a';
 * every percent-encoded link decodes back to its name.
 */
#include <stdbool.h>

#include "pt-fuzz-check.h"
#include "pt-http-listing.h"

#define FUZZ_MAX_ENTRIES 64

static bool
utf8_valid (const unsigned char *s,
            size_t               n)
{
  size_t i = 0;

  while (i < n)
    {
      unsigned char c = s[i];
      size_t len;
      uint32_t cp;

      if (c < 0x80)
        {
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        len = 2, cp = c & 0x1f;
      else if (c >= 0xe0 && c <= 0xef)
        len = 3, cp = c & 0x0f;
      else if (c >= 0xf0 && c <= 0xf4)
        len = 4, cp = c & 0x07;
      else
        return false;
      if (n - i < len)
        return false;
      for (size_t k = 1; k < len; k++)
        {
          if ((s[i + k] & 0xc0) != 0x80)
            return false;
          cp = (cp << 6) | (s[i + k] & 0x3f);
        }
      if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
          (cp >= 0xd800 && cp <= 0xdfff))
        return false;
      i += len;
    }
  return true;
}

static size_t
count (const char *hay,
       size_t      len,
       const char *needle,
       size_t      nl)
{
  size_t n = 0;

  for (size_t i = 0; i + nl <= len; i++)
    if (memcmp (hay + i, needle, nl) == 0)
      n++;
  return n;
}

static int
hexval (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PtHttpListingEntry entries[FUZZ_MAX_ENTRIES];
  const char *path;
  size_t path_len, n = 0, page_size, len, i;
  char *copy, *page;

  if (size < 1)
    return 0;
  path = (data[0] & 1) ? "/f/" : "/";
  path_len = strlen (path);
  copy = pt_fuzz_dup (data + 1, size - 1);

  for (i = 0; i < size - 1 && n < FUZZ_MAX_ENTRIES;)
    {
      size_t start = i;

      while (i < size - 1 && copy[i] != '/')
        i++;
      if (i > start && i - start <= PT_HTTP_LISTING_MAX_NAME)
        {
          entries[n].name = copy + start;
          entries[n].name_len = i - start;
          entries[n].is_dir = copy[start] == 'd';
          entries[n].size = (uint64_t) (i - start) << (start % 64);
          entries[n].mtime = (int64_t) start * 1000003 - 5000000;
          n++;
        }
      i++;
    }

  for (i = 0; i + 1 < n; i++)
    {
      int ab = pt_http_listing_natural_cmp (entries[i].name, entries[i].name_len,
                                            entries[i + 1].name, entries[i + 1].name_len);
      int ba = pt_http_listing_natural_cmp (entries[i + 1].name, entries[i + 1].name_len,
                                            entries[i].name, entries[i].name_len);
      PT_FUZZ_CHECK ((ab > 0) == (ba < 0) && (ab == 0) == (ba == 0));
    }
  pt_http_listing_sort (entries, n);
  for (i = 0; i + 1 < n; i++)
    {
      PT_FUZZ_CHECK (entries[i].is_dir >= entries[i + 1].is_dir);
      if (entries[i].is_dir == entries[i + 1].is_dir)
        PT_FUZZ_CHECK (pt_http_listing_natural_cmp (entries[i].name, entries[i].name_len,
                                                    entries[i + 1].name, entries[i + 1].name_len) <= 0);
    }

  page_size = pt_http_listing_max_size (n);
  page = malloc (page_size);
  PT_FUZZ_CHECK (page != NULL);
  len = pt_http_listing_write (path, path_len, entries, n, false, page, page_size);
  PT_FUZZ_CHECK (len != (size_t) -1 && len <= page_size);
  PT_FUZZ_CHECK (pt_http_listing_write (path, path_len, entries, n, false, page, len) == len);
  PT_FUZZ_CHECK (pt_http_listing_write (path, path_len, entries, n, false, page, len - 1) == (size_t) -1);
  PT_FUZZ_CHECK (utf8_valid ((const unsigned char *) page, len));
  PT_FUZZ_CHECK (count (page, len, "<a ", 3) == n + (path_len > 1));
  PT_FUZZ_CHECK (count (page, len, "<a href=\"./", 11) == n);

  /* Walk the links in order: each decodes to its entry's name. */
  {
    const char *p = page, *end = page + len;
    size_t k = 0;

    while ((p = memmem (p, (size_t) (end - p), "<a href=\"./", 11)) != NULL)
      {
        const char *q = p + 11;
        size_t m = 0;

        PT_FUZZ_CHECK (k < n);
        while (q < end && *q != '"' && *q != '/')
          {
            unsigned char c;

            if (*q == '%')
              {
                PT_FUZZ_CHECK (end - q >= 3 && hexval (q[1]) >= 0 && hexval (q[2]) >= 0);
                c = (unsigned char) (hexval (q[1]) * 16 + hexval (q[2]));
                q += 3;
              }
            else
              c = (unsigned char) *q++;
            PT_FUZZ_CHECK (m < entries[k].name_len && (unsigned char) entries[k].name[m] == c);
            m++;
          }
        PT_FUZZ_CHECK (m == entries[k].name_len);
        PT_FUZZ_CHECK (*q == (entries[k].is_dir ? '/' : '"'));
        k++;
        p = q;
      }
    PT_FUZZ_CHECK (k == n);
  }

  free (page);
  free (copy);
  return 0;
}
