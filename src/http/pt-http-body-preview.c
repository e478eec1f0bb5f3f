/* pt-http-body-preview.c — bounded body preview, the text decision, the summary */

#include "pt-http-body-preview.h"
#include "pt-http-ascii.h"

#include <string.h>

#define TYPE_SHOWN_MAX  (PT_HTTP_BODY_SUMMARY_MAX - 96)   /* room left for the numbers and words */
#define DECIMAL_MAX     20                                /* digits of UINT64_MAX */

void
pt_http_body_preview_init (PtHttpBodyPreview *preview)
{
  preview->len = 0;
  preview->total = 0;
}

void
pt_http_body_preview_add (PtHttpBodyPreview *preview,
                          const char        *data,
                          size_t             len)
{
  size_t room = PT_HTTP_BODY_PREVIEW_MAX - preview->len;
  size_t keep = len < room ? len : room;

  if (keep > 0)
    memcpy (preview->data + preview->len, data, keep);
  preview->len += keep;
  preview->total += len;
}

bool
pt_http_body_preview_complete (const PtHttpBodyPreview *preview)
{
  return preview->total == preview->len;
}

static bool
ends_nocase (const char *s,
             size_t      n,
             const char *lit)
{
  size_t k = strlen (lit);

  return n >= k && pt_http_ascii_equal_nocase (s + n - k, k, lit);
}

/* The media type of a Content-Type value: up to ';', OWS trimmed. */
static size_t
media_type (const char  *type,
            size_t       type_len,
            const char **start)
{
  size_t b = 0;
  size_t e = 0;

  while (e < type_len && type[e] != ';')
    e++;
  while (b < e && pt_http_ascii_is_ows (type[b]))
    b++;
  while (e > b && pt_http_ascii_is_ows (type[e - 1]))
    e--;
  *start = type + b;
  return e - b;
}

/* A "charset" parameter after the media type. */
static bool
has_charset (const char *type,
             size_t      type_len)
{
  for (size_t i = 0; i < type_len; i++)
    {
      size_t k;

      if (type[i] != ';')
        continue;
      k = i + 1;
      while (k < type_len && pt_http_ascii_is_ows (type[k]))
        k++;
      if (type_len - k > strlen ("charset") &&
          pt_http_ascii_equal_nocase (type + k, strlen ("charset"), "charset") &&
          type[k + strlen ("charset")] == '=')
        return true;
    }
  return false;
}

bool
pt_http_content_type_is_text (const char *type,
                              size_t      type_len)
{
  static const char * const text_types[] = {
    "application/json", "application/javascript", "application/ecmascript",
    "application/xml", "image/svg+xml",
  };
  const char *m;
  size_t n = media_type (type, type_len, &m);

  if (n > strlen ("text/") && pt_http_ascii_equal_nocase (m, strlen ("text/"), "text/"))
    return true;
  for (size_t i = 0; i < sizeof text_types / sizeof text_types[0]; i++)
    if (pt_http_ascii_equal_nocase (m, n, text_types[i]))
      return true;
  if (memchr (m, '/', n) != NULL && (ends_nocase (m, n, "+json") || ends_nocase (m, n, "+xml")))
    return true;
  return has_charset (type, type_len);
}

ssize_t
pt_http_utf8_valid_prefix (const char *s,
                           size_t      len)
{
  size_t i = 0;

  while (i < len)
    {
      unsigned char c = (unsigned char) s[i];
      size_t need;
      uint32_t cp, min;

      if (c < 0x80)
        {
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        need = 1, cp = c & 0x1f, min = 0x80;
      else if (c >= 0xe0 && c <= 0xef)
        need = 2, cp = c & 0x0f, min = 0x800;
      else if (c >= 0xf0 && c <= 0xf4)
        need = 3, cp = c & 0x07, min = 0x10000;
      else
        return -1;

      for (size_t k = 1; k <= need; k++)
        {
          unsigned char t;

          if (i + k == len)
            return (ssize_t) i;   /* cut off at the end */
          t = (unsigned char) s[i + k];
          if ((t & 0xc0) != 0x80)
            return -1;
          cp = (cp << 6) | (t & 0x3f);
          /* reject overlong forms, surrogates and > U+10FFFF as soon as certain */
          if (k == 1 && ((need == 2 && cp < (min >> 6)) || (need == 3 && cp < (min >> 12)) ||
                         (need == 2 && cp >= 0x360 && cp <= 0x37f) || (need == 3 && cp > 0x10f)))
            return -1;
        }
      i += need + 1;
    }
  return (ssize_t) len;
}

bool
pt_http_body_is_text (const char              *type,
                      size_t                   type_len,
                      const PtHttpBodyPreview *preview)
{
  ssize_t valid;

  if (type != NULL)
    return pt_http_content_type_is_text (type, type_len);
  if (memchr (preview->data, '\0', preview->len) != NULL)
    return false;
  valid = pt_http_utf8_valid_prefix (preview->data, preview->len);
  if (valid < 0)
    return false;
  /* An incomplete sequence is fine only where the preview cut the body. */
  return (size_t) valid == preview->len || !pt_http_body_preview_complete (preview);
}

static size_t
append (char       *buf,
        size_t      pos,
        const char *s,
        size_t      n)
{
  memcpy (buf + pos, s, n);
  return pos + n;
}

static size_t
append_str (char       *buf,
            size_t      pos,
            const char *s)
{
  return append (buf, pos, s, strlen (s));
}

static size_t
append_u64 (char     *buf,
            size_t    pos,
            uint64_t  v)
{
  char digits[DECIMAL_MAX];
  size_t n = 0;

  do
    {
      digits[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v > 0);
  while (n > 0)
    buf[pos++] = digits[--n];
  return pos;
}

ssize_t
pt_http_body_summary_write (char       *buf,
                            size_t      size,
                            uint64_t    total,
                            uint64_t    shown,
                            const char *type,
                            size_t      type_len)
{
  const char *m = NULL;
  size_t n = 0;
  size_t pos = 0;

  if (size < PT_HTTP_BODY_SUMMARY_MAX)
    return -1;
  if (type != NULL)
    n = media_type (type, type_len, &m);

  pos = append_str (buf, pos, "<");
  pos = append_u64 (buf, pos, total);
  pos = append_str (buf, pos, " bytes of ");
  if (n == 0)
    pos = append_str (buf, pos, PT_HTTP_BODY_UNKNOWN_TYPE);
  else
    {
      if (n > TYPE_SHOWN_MAX)
        n = TYPE_SHOWN_MAX;
      for (size_t i = 0; i < n; i++)
        {
          unsigned char c = (unsigned char) m[i];

          buf[pos++] = (c < 0x20 || c == 0x7f || c >= 0x80) ? '?' : (char) c;
        }
    }
  if (shown > 0)
    {
      pos = append_str (buf, pos, "; the first ");
      pos = append_u64 (buf, pos, shown);
      pos = append_str (buf, pos, " shown");
    }
  pos = append_str (buf, pos, ">");
  buf[pos] = '\0';
  return (ssize_t) pos;
}
