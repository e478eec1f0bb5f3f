/* pt-http-mime.c — file extension → Content-Type (layer 0) */

#include "pt-http-mime.h"

#include <stdlib.h>
#include <string.h>

#include "pt-http-mime-table.h"

/* Longest extension we look up; longer ones are never in the table. */
#define MAX_EXTENSION_LEN 15

static int
compare_entry (const void *key,
               const void *member)
{
  const PtHttpMimeEntry *entry = member;

  /* strcmp compares bytes as unsigned char: no locale involved. */
  return strcmp (key, entry->ext);
}

static char
ascii_tolower (char c)
{
  return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

const char *
pt_http_mime_lookup (const char *path,
                     size_t      len)
{
  char ext[MAX_EXTENSION_LEN + 1];
  const PtHttpMimeEntry *entry;
  size_t dot = len;
  size_t ext_len;

  if (path == NULL)
    return NULL;

  /* The last '.' of the last segment. */
  for (size_t i = len; i > 0; i--)
    {
      if (path[i - 1] == '/')
        return NULL;
      if (path[i - 1] == '.')
        {
          dot = i - 1;
          break;
        }
    }
  if (dot == len)
    return NULL;

  ext_len = len - dot - 1;
  if (ext_len == 0 || ext_len > MAX_EXTENSION_LEN)
    return NULL;

  for (size_t i = 0; i < ext_len; i++)
    {
      ext[i] = ascii_tolower (path[dot + 1 + i]);
      if (ext[i] == '\0')
        return NULL;
    }
  ext[ext_len] = '\0';

  entry = bsearch (ext, pt_http_mime_table,
                   sizeof pt_http_mime_table / sizeof pt_http_mime_table[0],
                   sizeof pt_http_mime_table[0], compare_entry);
  return entry != NULL ? entry->type : NULL;
}

const char *
pt_http_mime_with_charset (const char *type)
{
  static const struct
  {
    const char *type;
    const char *labelled;
  } text_types[] = {
    { "text/html",       "text/html; charset=utf-8" },
    { "text/plain",      "text/plain; charset=utf-8" },
    { "text/css",        "text/css; charset=utf-8" },
    { "text/javascript", "text/javascript; charset=utf-8" },
    { "text/csv",        "text/csv; charset=utf-8" },
    { "text/markdown",   "text/markdown; charset=utf-8" },
    { "application/xml", "application/xml; charset=utf-8" },
    { "image/svg+xml",   "image/svg+xml; charset=utf-8" },
    { "application/json", "application/json; charset=utf-8" },
  };

  if (type == NULL)
    return NULL;
  for (size_t i = 0; i < sizeof text_types / sizeof text_types[0]; i++)
    if (strcmp (type, text_types[i].type) == 0)
      return text_types[i].labelled;
  return type;
}
