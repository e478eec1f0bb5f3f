/* pt-http-listing.c — folder listing page, natural order, escaping (layer 0) */
#include "pt-http-listing.h"

#include "pt-http-date.h"
#include "pt-http-writer.h"

static const char hex_digits[] = "0123456789ABCDEF";

static bool
is_unreserved (unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

size_t
pt_http_percent_encode (const char *s,
                        size_t      n,
                        bool        keep_slash,
                        char       *out,
                        size_t      out_size)
{
  size_t len = 0;

  for (size_t i = 0; i < n; i++)
    {
      unsigned char c = (unsigned char) s[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        {
          if (out_size - len < 1)
            return (size_t) -1;
          out[len++] = (char) c;
        }
      else
        {
          if (out_size - len < 3)
            return (size_t) -1;
          out[len++] = '%';
          out[len++] = hex_digits[c >> 4];
          out[len++] = hex_digits[c & 0xf];
        }
    }
  return len;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not one
 * (overlong forms, surrogates and code points above U+10FFFF are not). */
static size_t
utf8_sequence (const unsigned char *s,
               size_t               n)
{
  unsigned char c = s[0];
  size_t len;
  uint32_t cp;

  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    len = 2, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef)
    len = 3, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4)
    len = 4, cp = c & 0x07;
  else
    return 0;
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++)
    {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3f);
    }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

size_t
pt_http_html_escape (const char *s,
                     size_t      n,
                     char       *out,
                     size_t      out_size)
{
  PtHttpWriter w;
  const unsigned char *u = (const unsigned char *) s;
  size_t i = 0;
  ptrdiff_t len;

  pt_http_writer_init (&w, out, out_size);
  while (i < n)
    {
      size_t seq;

      switch (u[i])
        {
        case '&': pt_http_writer_put (&w, PT_HTTP_LIT ("&amp;")); i++; continue;
        case '<': pt_http_writer_put (&w, PT_HTTP_LIT ("&lt;")); i++; continue;
        case '>': pt_http_writer_put (&w, PT_HTTP_LIT ("&gt;")); i++; continue;
        case '"': pt_http_writer_put (&w, PT_HTTP_LIT ("&quot;")); i++; continue;
        case '\'': pt_http_writer_put (&w, PT_HTTP_LIT ("&#39;")); i++; continue;
        default: break;
        }
      if (u[i] < 0x20 || u[i] == 0x7f)
        {
          pt_http_writer_put (&w, PT_HTTP_LIT ("\xef\xbf\xbd"));
          i++;
          continue;
        }
      seq = utf8_sequence (u + i, n - i);
      if (seq == 0)
        {
          pt_http_writer_put (&w, PT_HTTP_LIT ("\xef\xbf\xbd"));   /* U+FFFD */
          i++;
          continue;
        }
      pt_http_writer_put (&w, s + i, seq);
      i += seq;
    }
  len = pt_http_writer_finish (&w, out);
  return len < 0 ? (size_t) -1 : (size_t) len;
}

static bool
is_digit (unsigned char c)
{
  return c >= '0' && c <= '9';
}

int
pt_http_listing_natural_cmp (const char *a,
                             size_t      a_len,
                             const char *b,
                             size_t      b_len)
{
  const unsigned char *x = (const unsigned char *) a;
  const unsigned char *y = (const unsigned char *) b;
  size_t i = 0, j = 0;

  while (i < a_len && j < b_len)
    {
      if (is_digit (x[i]) && is_digit (y[j]))
        {
          size_t si, sj, ei, ej, li, lj;

          /* Skip leading zeros, then the longer run is larger, then bytewise. */
          for (si = i; si < a_len && x[si] == '0'; si++)
            ;
          for (sj = j; sj < b_len && y[sj] == '0'; sj++)
            ;
          for (ei = si; ei < a_len && is_digit (x[ei]); ei++)
            ;
          for (ej = sj; ej < b_len && is_digit (y[ej]); ej++)
            ;
          li = ei - si;
          lj = ej - sj;
          if (li != lj)
            return li < lj ? -1 : 1;
          for (size_t k = 0; k < li; k++)
            if (x[si + k] != y[sj + k])
              return x[si + k] < y[sj + k] ? -1 : 1;
          i = ei;
          j = ej;
          continue;
        }
      if (x[i] != y[j])
        return x[i] < y[j] ? -1 : 1;
      i++;
      j++;
    }
  if (i < a_len || j < b_len)
    return i < a_len ? 1 : -1;

  /* Equal by value ("a01" and "a1"): bytewise, so the order is total. */
  for (size_t k = 0; k < a_len && k < b_len; k++)
    if (x[k] != y[k])
      return x[k] < y[k] ? -1 : 1;
  return a_len == b_len ? 0 : (a_len < b_len ? -1 : 1);
}

static int
entry_cmp (const PtHttpListingEntry *a,
           const PtHttpListingEntry *b)
{
  if (a->is_dir != b->is_dir)
    return a->is_dir ? -1 : 1;
  return pt_http_listing_natural_cmp (a->name, a->name_len, b->name, b->name_len);
}

static void
sift_down (PtHttpListingEntry *e,
           size_t              root,
           size_t              n)
{
  for (;;)
    {
      size_t child = 2 * root + 1;
      PtHttpListingEntry tmp;

      if (child >= n)
        return;
      if (child + 1 < n && entry_cmp (&e[child], &e[child + 1]) < 0)
        child++;
      if (entry_cmp (&e[root], &e[child]) >= 0)
        return;
      tmp = e[root];
      e[root] = e[child];
      e[child] = tmp;
      root = child;
    }
}

void
pt_http_listing_sort (PtHttpListingEntry *entries,
                      size_t              n)
{
  if (n < 2)
    return;
  for (size_t i = n / 2; i-- > 0;)
    sift_down (entries, i, n);
  for (size_t end = n - 1; end > 0; end--)
    {
      PtHttpListingEntry tmp = entries[0];

      entries[0] = entries[end];
      entries[end] = tmp;
      sift_down (entries, 0, end);
    }
}

size_t
pt_http_listing_max_size (size_t n)
{
  if (n > PT_HTTP_LISTING_MAX_ENTRIES)
    n = PT_HTTP_LISTING_MAX_ENTRIES;
  return PT_HTTP_LISTING_FRAME_MAX + n * PT_HTTP_LISTING_ROW_MAX;
}

static void
put_escaped (PtHttpWriter *w,
             const char   *s,
             size_t        n)
{
  size_t len;

  if (w->overflow)
    return;
  len = pt_http_html_escape (s, n, w->p, (size_t) (w->end - w->p));
  if (len == (size_t) -1)
    w->overflow = true;
  else
    w->p += len;
}

static void
put_encoded (PtHttpWriter *w,
             const char   *s,
             size_t        n,
             bool          keep_slash)
{
  size_t len;

  if (w->overflow)
    return;
  len = pt_http_percent_encode (s, n, keep_slash, w->p, (size_t) (w->end - w->p));
  if (len == (size_t) -1)
    w->overflow = true;
  else
    w->p += len;
}

/* "1.5 KiB": one decimal below 10 of a unit, none above. */
static void
put_size (PtHttpWriter *w,
          uint64_t      size)
{
  static const char *const units[] = { " B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB" };
  uint64_t whole = size, tenths = 0;
  size_t u = 0;

  while (whole >= 1024 && u + 1 < sizeof units / sizeof units[0])
    {
      tenths = (whole % 1024) * 10 / 1024;
      whole /= 1024;
      u++;
    }
  pt_http_writer_put_uint (w, whole);
  if (u > 0 && whole < 10)
    {
      char t[2] = { '.', (char) ('0' + tenths) };
      pt_http_writer_put (w, t, 2);
    }
  pt_http_writer_put_str (w, units[u]);
}

static const char page_head[] =
  "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
  "<meta name=\"color-scheme\" content=\"light dark\">\n<style>"
  "body{font:16px/1.4 system-ui,sans-serif;margin:0 auto;padding:1em;max-width:60em}"
  "table{border-collapse:collapse;width:100%}"
  "td{padding:.4em .5em;border-bottom:1px solid #8884;overflow-wrap:anywhere}"
  "td.n{text-align:right;white-space:nowrap}"
  "a{color:#0b57d0;text-decoration:none}"
  "@media(max-width:40em){td.d{display:none}}"
  "@media(prefers-color-scheme:dark){body{background:#1e1e1e;color:#ddd}a{color:#8ab4f8}}"
  "</style>\n<title>Index of ";

size_t
pt_http_listing_write (const char               *path,
                       size_t                    path_len,
                       const PtHttpListingEntry *entries,
                       size_t                    n,
                       bool                      truncated,
                       char                     *out,
                       size_t                    out_size)
{
  PtHttpWriter w;
  ptrdiff_t len;

  if (path_len == 0 || path[0] != '/' || path[path_len - 1] != '/' || path_len > PT_HTTP_LISTING_MAX_PATH)
    return (size_t) -1;
  if (n > PT_HTTP_LISTING_MAX_ENTRIES)
    {
      n = PT_HTTP_LISTING_MAX_ENTRIES;
      truncated = true;
    }

  pt_http_writer_init (&w, out, out_size);
  pt_http_writer_put (&w, PT_HTTP_LIT (page_head));
  put_escaped (&w, path, path_len);
  pt_http_writer_put (&w, PT_HTTP_LIT ("</title></head>\n<body>\n<h1>Index of "));
  put_escaped (&w, path, path_len);
  pt_http_writer_put (&w, PT_HTTP_LIT ("</h1>\n<table>\n"));
  if (path_len > 1)
    pt_http_writer_put (&w, PT_HTTP_LIT ("<tr><td><a href=\"../\">../</a></td>"
                                         "<td class=\"n\"></td><td class=\"d\"></td></tr>\n"));

  for (size_t i = 0; i < n; i++)
    {
      const PtHttpListingEntry *e = &entries[i];
      char date[PT_HTTP_DATE_LEN + 1];

      if (e->name_len == 0 || e->name_len > PT_HTTP_LISTING_MAX_NAME)
        return (size_t) -1;
      pt_http_writer_put (&w, PT_HTTP_LIT ("<tr><td><a href=\"./"));
      put_encoded (&w, e->name, e->name_len, false);
      if (e->is_dir)
        pt_http_writer_put (&w, PT_HTTP_LIT ("/"));
      pt_http_writer_put (&w, PT_HTTP_LIT ("\">"));
      put_escaped (&w, e->name, e->name_len);
      if (e->is_dir)
        pt_http_writer_put (&w, PT_HTTP_LIT ("/"));
      pt_http_writer_put (&w, PT_HTTP_LIT ("</a></td><td class=\"n\">"));
      if (e->is_dir)
        pt_http_writer_put (&w, PT_HTTP_LIT ("-"));
      else
        put_size (&w, e->size);
      pt_http_writer_put (&w, PT_HTTP_LIT ("</td><td class=\"d\">"));
      pt_http_date_format (e->mtime, date);
      pt_http_writer_put (&w, date, PT_HTTP_DATE_LEN);
      pt_http_writer_put (&w, PT_HTTP_LIT ("</td></tr>\n"));
    }

  pt_http_writer_put (&w, PT_HTTP_LIT ("</table>\n"));
  if (truncated)
    pt_http_writer_put (&w, PT_HTTP_LIT ("<p>Only the first entries are listed.</p>\n"));
  pt_http_writer_put (&w, PT_HTTP_LIT ("</body></html>\n"));
  len = pt_http_writer_finish (&w, out);
  return len < 0 ? (size_t) -1 : (size_t) len;
}
