/* pt-http-key.c — the private-link key in a query and a Cookie field (layer 0) */

#include "pt-http-key.h"

#include <string.h>

#include "pt-http-writer.h"

static bool
is_key_char (char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}

static bool
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

static bool
is_key_name (const char *s,
             size_t      len)
{
  return len == PT_HTTP_KEY_NAME_LEN && memcmp (s, PT_HTTP_KEY_NAME, PT_HTTP_KEY_NAME_LEN) == 0;
}

bool
pt_http_key_is_valid (const char *key,
                      size_t      len)
{
  if (key == NULL || len < PT_HTTP_KEY_MIN_LEN || len > PT_HTTP_KEY_MAX_LEN)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!is_key_char (key[i]))
      return false;
  return true;
}

bool
pt_http_key_equal (const char *candidate,
                   size_t      candidate_len,
                   const char *key,
                   size_t      key_len)
{
  /* volatile: the compiler may not turn the loop into an early exit */
  volatile unsigned char diff = 0;

  diff |= (unsigned char) (candidate_len != key_len);
  for (size_t i = 0; i < key_len; i++)
    {
      unsigned char c = i < candidate_len ? (unsigned char) candidate[i] : 0;

      diff |= c ^ (unsigned char) key[i];
    }
  return key_len > 0 && diff == 0;
}

PtHttpSlice
pt_http_key_target_query (const char *target,
                          size_t      len)
{
  PtHttpSlice query = { NULL, 0 };
  const char *q = target != NULL ? memchr (target, '?', len) : NULL;

  if (q != NULL)
    {
      query.ptr = q + 1;
      query.len = len - (size_t) (q + 1 - target);
    }
  return query;
}

/* The parameter at query[*pos..), its name and its whole length; moves *pos
 * past it and its '&'.  False at the end. */
static bool
next_param (const char  *query,
            size_t       len,
            size_t      *pos,
            PtHttpSlice *param,
            PtHttpSlice *name,
            PtHttpSlice *value)
{
  size_t start = *pos, end, eq;

  if (start >= len)
    return false;
  end = start;
  while (end < len && query[end] != '&')
    end++;
  eq = start;
  while (eq < end && query[eq] != '=')
    eq++;
  param->ptr = query + start;
  param->len = end - start;
  name->ptr = query + start;
  name->len = eq - start;
  value->ptr = eq < end ? query + eq + 1 : query + end;
  value->len = eq < end ? end - eq - 1 : 0;
  *pos = end + 1;
  return true;
}

bool
pt_http_key_query_find (const char  *query,
                        size_t       len,
                        PtHttpSlice *value)
{
  PtHttpSlice param, name, v;
  size_t pos = 0;

  if (query == NULL)
    return false;
  while (next_param (query, len, &pos, &param, &name, &v))
    if (is_key_name (name.ptr, name.len))
      {
        *value = v;
        return true;
      }
  return false;
}

bool
pt_http_key_cookie_matches (const char *cookie,
                            size_t      len,
                            const char *key,
                            size_t      key_len)
{
  bool match = false;
  size_t pos = 0;

  if (cookie == NULL || key == NULL || key_len == 0)
    return false;
  while (pos < len)
    {
      size_t start = pos, end, eq, ns, ne, vs, ve;

      while (pos < len && cookie[pos] != ';')
        pos++;
      end = pos++;
      eq = start;
      while (eq < end && cookie[eq] != '=')
        eq++;
      if (eq == end)
        continue;   /* no '=': not a cookie-pair */

      ns = start;
      ne = eq;
      while (ns < ne && is_ows (cookie[ns]))
        ns++;
      while (ne > ns && is_ows (cookie[ne - 1]))
        ne--;
      if (!is_key_name (cookie + ns, ne - ns))
        continue;

      vs = eq + 1;
      ve = end;
      while (vs < ve && is_ows (cookie[vs]))
        vs++;
      while (ve > vs && is_ows (cookie[ve - 1]))
        ve--;
      if (ve - vs >= 2 && cookie[vs] == '"' && cookie[ve - 1] == '"')
        {
          vs++;
          ve--;
        }
      /* every candidate compared: no early exit on the first match either */
      match |= pt_http_key_equal (cookie + vs, ve - vs, key, key_len);
    }
  return match;
}

ssize_t
pt_http_key_write_location (const char *path,
                            size_t      path_len,
                            const char *query,
                            size_t      query_len,
                            char       *out,
                            size_t      size)
{
  PtHttpWriter w;
  PtHttpSlice param, name, value;
  size_t pos = 0;
  bool first = true;

  if (path == NULL || out == NULL)
    return -1;
  /* One '/' first, whatever the request had: "//evil.example/" or
   * "/\\evil.example/" would name another host (an open redirect). */
  while (path_len > 0 && (path[0] == '/' || path[0] == '\\'))
    {
      path++;
      path_len--;
    }
  pt_http_writer_init (&w, out, size);
  pt_http_writer_put (&w, "/", 1);
  pt_http_writer_put (&w, path, path_len);
  while (query != NULL && next_param (query, query_len, &pos, &param, &name, &value))
    {
      if (param.len == 0 || is_key_name (name.ptr, name.len))
        continue;
      pt_http_writer_put (&w, first ? "?" : "&", 1);
      pt_http_writer_put (&w, param.ptr, param.len);
      first = false;
    }
  if (w.overflow)
    return -1;
  return (ssize_t) (w.p - out);
}

ssize_t
pt_http_key_write_set_cookie (const char *key,
                              size_t      key_len,
                              char       *out,
                              size_t      size)
{
  PtHttpWriter w;

  if (out == NULL || !pt_http_key_is_valid (key, key_len))
    return -1;
  pt_http_writer_init (&w, out, size);
  pt_http_writer_put (&w, PT_HTTP_LIT (PT_HTTP_KEY_NAME "="));
  pt_http_writer_put (&w, key, key_len);
  pt_http_writer_put (&w, PT_HTTP_LIT (PT_HTTP_KEY_COOKIE_ATTRS));
  if (w.overflow)
    return -1;
  return (ssize_t) (w.p - out);
}
