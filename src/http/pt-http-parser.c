/* pt-http-parser.c — incremental HTTP/1.x request-head parser (layer 0)
 *
 * Stateless: every call parses the head from the start of buf, line by line.
 * For each complete line the limits are checked before the syntax (414, then
 * 431), so the first failing line decides the status.  An incomplete line is
 * only an error when a limit is already certain to be passed; its syntax is
 * judged once it is complete.  Fed byte by byte, the parser therefore gives
 * 0 for every prefix and then the one-shot result (or that same error early).
 */

#include "pt-http-parser.h"

#include <string.h>

#define STATUS_BAD_REQUEST              400
#define STATUS_CONTENT_TOO_LARGE        413
#define STATUS_URI_TOO_LONG             414
#define STATUS_HEADER_FIELDS_TOO_LARGE  431
#define STATUS_VERSION_NOT_SUPPORTED    505

#define HTTP_VERSION_LEN                8   /* "HTTP/1.1" */

typedef struct
{
  const char     *name;     /* lowercase */
  size_t          len;
  PtHttpHeaderId  id;
} KnownHeader;

#define KNOWN(name, id) { name, sizeof (name) - 1, id }

static const KnownHeader known_headers[] = {
  KNOWN ("host", PT_HTTP_HEADER_HOST),
  KNOWN ("connection", PT_HTTP_HEADER_CONNECTION),
  KNOWN ("if-modified-since", PT_HTTP_HEADER_IF_MODIFIED_SINCE),
  KNOWN ("if-none-match", PT_HTTP_HEADER_IF_NONE_MATCH),
  KNOWN ("content-length", PT_HTTP_HEADER_CONTENT_LENGTH),
  KNOWN ("transfer-encoding", PT_HTTP_HEADER_TRANSFER_ENCODING),
  KNOWN ("user-agent", PT_HTTP_HEADER_USER_AGENT),
  KNOWN ("referer", PT_HTTP_HEADER_REFERER),
  KNOWN ("range", PT_HTTP_HEADER_RANGE),
  KNOWN ("if-range", PT_HTTP_HEADER_IF_RANGE),
};

typedef struct
{
  const char   *name;
  size_t        len;
  PtHttpMethod  method;
} KnownMethod;

#define METHOD(name, method) { name, sizeof (name) - 1, method }

static const KnownMethod known_methods[] = {
  METHOD ("GET", PT_HTTP_METHOD_GET),
  METHOD ("HEAD", PT_HTTP_METHOD_HEAD),
  METHOD ("POST", PT_HTTP_METHOD_POST),
  METHOD ("PUT", PT_HTTP_METHOD_PUT),
  METHOD ("DELETE", PT_HTTP_METHOD_DELETE),
  METHOD ("CONNECT", PT_HTTP_METHOD_CONNECT),
  METHOD ("OPTIONS", PT_HTTP_METHOD_OPTIONS),
  METHOD ("TRACE", PT_HTTP_METHOD_TRACE),
  METHOD ("PATCH", PT_HTTP_METHOD_PATCH),
};

/* What the Connection header lines said, across all of them. */
typedef struct
{
  bool close;
  bool keep_alive;
} ConnectionTokens;

const char *
pt_http_method_to_string (PtHttpMethod method)
{
  for (size_t i = 0; i < sizeof known_methods / sizeof known_methods[0]; i++)
    if (known_methods[i].method == method)
      return known_methods[i].name;
  return "UNKNOWN";
}

static char
ascii_tolower (char c)
{
  return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/* s[0..n) equals the lowercase literal lower, ignoring ASCII case. */
static bool
equal_ignore_case (const char *s,
                   size_t      n,
                   const char *lower,
                   size_t      lower_len)
{
  if (n != lower_len)
    return false;
  for (size_t i = 0; i < n; i++)
    if (ascii_tolower (s[i]) != lower[i])
      return false;
  return true;
}

/* RFC 9110 §5.6.2 tchar */
static bool
is_tchar (unsigned char c)
{
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return true;
  switch (c)
    {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*':
    case '+': case '-': case '.': case '^': case '_': case '`': case '|':
    case '~':
      return true;
    default:
      return false;
    }
}

static bool
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static PtHttpMethod
lookup_method (const char *s,
               size_t      n)
{
  for (size_t i = 0; i < sizeof known_methods / sizeof known_methods[0]; i++)
    if (known_methods[i].len == n && memcmp (known_methods[i].name, s, n) == 0)
      return known_methods[i].method;
  return PT_HTTP_METHOD_UNKNOWN;
}

/* Sets out->path from out->target.  Returns 0 or a status. */
static int
parse_target (PtHttpRequest *out)
{
  const char *t = out->target.ptr;
  size_t n = out->target.len;
  size_t start, end;

  if (t[0] == '/')
    start = 0;
  else if (n == 1 && t[0] == '*')
    {
      out->path.ptr = t;
      out->path.len = 0;
      return 0;
    }
  else
    {
      size_t authority;

      if (n > 7 && equal_ignore_case (t, 7, "http://", 7))
        authority = 7;
      else if (n > 8 && equal_ignore_case (t, 8, "https://", 8))
        authority = 8;
      else
        return STATUS_BAD_REQUEST;

      start = authority;
      while (start < n && t[start] != '/' && t[start] != '?' && t[start] != '#')
        start++;
      if (start == authority)
        return STATUS_BAD_REQUEST;   /* empty authority */
      if (start == n || t[start] != '/')
        {
          out->path.ptr = "/";
          out->path.len = 1;
          return 0;
        }
    }

  end = start;
  while (end < n && t[end] != '?' && t[end] != '#')
    end++;
  out->path.ptr = t + start;
  out->path.len = end - start;
  return 0;
}

/* method SP request-target SP HTTP-version, in line[0..n).  Returns 0 or a status. */
static int
parse_request_line (const char    *line,
                    size_t         n,
                    PtHttpRequest *out)
{
  const char *v;
  size_t p = 0;
  size_t target_start;

  while (p < n && is_tchar ((unsigned char) line[p]))
    p++;
  if (p == 0 || p >= n || line[p] != ' ')
    return STATUS_BAD_REQUEST;
  out->method_str.ptr = line;
  out->method_str.len = p;
  out->method = lookup_method (line, p);
  p++;

  target_start = p;
  while (p < n && line[p] != ' ')
    {
      unsigned char c = (unsigned char) line[p];

      /* visible ASCII, or obs-text for the path normaliser to judge */
      if (c < 0x21 || c == 0x7f)
        return STATUS_BAD_REQUEST;
      p++;
    }
  if (p == target_start || p >= n)
    return STATUS_BAD_REQUEST;
  out->target.ptr = line + target_start;
  out->target.len = p - target_start;
  p++;

  v = line + p;
  if (n - p != HTTP_VERSION_LEN || memcmp (v, "HTTP/", 5) != 0 ||
      !is_digit (v[5]) || v[6] != '.' || !is_digit (v[7]))
    return STATUS_BAD_REQUEST;
  if (v[5] != '1' || (v[7] != '0' && v[7] != '1'))
    return STATUS_VERSION_NOT_SUPPORTED;
  out->version_minor = v[7] - '0';

  return parse_target (out);
}

/* 1*DIGIT, no sign, no spaces, no overflow. */
static bool
parse_content_length (const char *s,
                      size_t      n,
                      uint64_t   *value)
{
  uint64_t v = 0;

  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    {
      unsigned d;

      if (!is_digit (s[i]))
        return false;
      d = (unsigned) (s[i] - '0');
      if (v > (UINT64_MAX - d) / 10)
        return false;
      v = v * 10 + d;
    }
  *value = v;
  return true;
}

/* Connection = #connection-option: a comma list of tokens. */
static void
scan_connection_tokens (const char       *s,
                        size_t            n,
                        ConnectionTokens *tokens)
{
  size_t i = 0;

  while (i < n)
    {
      size_t start, end;

      while (i < n && (is_ows (s[i]) || s[i] == ','))
        i++;
      start = i;
      while (i < n && s[i] != ',')
        i++;
      end = i;
      while (end > start && is_ows (s[end - 1]))
        end--;

      if (equal_ignore_case (s + start, end - start, "close", 5))
        tokens->close = true;
      else if (equal_ignore_case (s + start, end - start, "keep-alive", 10))
        tokens->keep_alive = true;
    }
}

/* name ":" OWS value OWS, in line[0..n).  Returns 0 or a status. */
static int
parse_field (const char       *line,
             size_t            n,
             PtHttpRequest    *out,
             ConnectionTokens *tokens)
{
  size_t name_len = 0;
  size_t vs, ve;
  PtHttpSlice value;

  if (is_ows (line[0]))
    return STATUS_BAD_REQUEST;   /* obs-fold, or whitespace before the first field */

  while (name_len < n && is_tchar ((unsigned char) line[name_len]))
    name_len++;
  if (name_len == 0 || name_len >= n || line[name_len] != ':')
    return STATUS_BAD_REQUEST;

  vs = name_len + 1;
  while (vs < n && is_ows (line[vs]))
    vs++;
  for (size_t i = vs; i < n; i++)
    {
      unsigned char c = (unsigned char) line[i];

      if ((c < 0x20 && c != '\t') || c == 0x7f)
        return STATUS_BAD_REQUEST;
    }
  ve = n;
  while (ve > vs && is_ows (line[ve - 1]))
    ve--;
  value.ptr = line + vs;
  value.len = ve - vs;

  for (size_t k = 0; k < sizeof known_headers / sizeof known_headers[0]; k++)
    {
      const KnownHeader *h = &known_headers[k];
      bool seen;

      if (!equal_ignore_case (line, name_len, h->name, h->len))
        continue;

      seen = PT_HTTP_HAS_HEADER (out, h->id);
      switch (h->id)
        {
        case PT_HTTP_HEADER_HOST:
        case PT_HTTP_HEADER_IF_MODIFIED_SINCE:
          if (seen)
            return STATUS_BAD_REQUEST;
          break;

        case PT_HTTP_HEADER_TRANSFER_ENCODING:
          return STATUS_BAD_REQUEST;

        case PT_HTTP_HEADER_CONTENT_LENGTH:
          {
            uint64_t length;

            if (!parse_content_length (value.ptr, value.len, &length))
              return STATUS_BAD_REQUEST;
            if (out->has_content_length && length != out->content_length)
              return STATUS_BAD_REQUEST;
            if (length > PT_HTTP_MAX_BODY)
              return STATUS_CONTENT_TOO_LARGE;
            out->has_content_length = true;
            out->content_length = length;
          }
          break;

        case PT_HTTP_HEADER_CONNECTION:
          scan_connection_tokens (value.ptr, value.len, tokens);
          break;

        case PT_HTTP_HEADER_IF_NONE_MATCH:
        case PT_HTTP_HEADER_USER_AGENT:
        case PT_HTTP_HEADER_REFERER:
        case PT_HTTP_HEADER_RANGE:
        case PT_HTTP_HEADER_IF_RANGE:
        case PT_HTTP_N_HEADERS:
        default:
          break;
        }

      if (!seen)
        {
          out->headers[h->id] = value;
          out->header_mask |= 1u << h->id;
        }
      break;
    }

  return 0;
}

/* Finds the '\n' ending the line at buf[start], looking no further than
 * buf[limit).  Returns its offset, or limit when there is none. */
static size_t
find_line_end (const char *buf,
               size_t      start,
               size_t      limit)
{
  const char *nl;

  if (start >= limit)
    return limit;
  nl = memchr (buf + start, '\n', limit - start);
  return nl != NULL ? (size_t) (nl - buf) : limit;
}

/* Length of the line [start, nl) without a trailing CR. */
static size_t
content_length_of_line (const char *buf,
                        size_t      start,
                        size_t      nl)
{
  return (nl > start && buf[nl - 1] == '\r') ? nl - start - 1 : nl - start;
}

ssize_t
pt_http_parse_request (const char    *buf,
                       size_t         len,
                       PtHttpRequest *out)
{
  ConnectionTokens tokens = { false, false };
  size_t pos = 0;
  size_t n_empty = 0;
  size_t limit, nl, line_len;
  int status;

  memset (out, 0, sizeof *out);

  /* Empty lines before the request line (RFC 9112 §2.2). */
  for (;;)
    {
      if (pos < len && buf[pos] == '\n')
        pos += 1;
      else if (pos + 1 < len && buf[pos] == '\r' && buf[pos + 1] == '\n')
        pos += 2;
      else
        break;
      if (++n_empty > PT_HTTP_MAX_EMPTY_LINES)
        return -STATUS_BAD_REQUEST;
    }

  /* The request line: at most PT_HTTP_MAX_REQUEST_LINE bytes plus CRLF. */
  limit = len - pos > PT_HTTP_MAX_REQUEST_LINE + 2 ? pos + PT_HTTP_MAX_REQUEST_LINE + 2 : len;
  nl = find_line_end (buf, pos, limit);
  if (nl == limit)
    {
      size_t have = limit - pos;

      /* Certain only when even a CR at the end cannot save it. */
      if (have > PT_HTTP_MAX_REQUEST_LINE + 1 ||
          (have == PT_HTTP_MAX_REQUEST_LINE + 1 && buf[limit - 1] != '\r'))
        return -STATUS_URI_TOO_LONG;
      return 0;
    }

  line_len = content_length_of_line (buf, pos, nl);
  if (line_len > PT_HTTP_MAX_REQUEST_LINE)
    return -STATUS_URI_TOO_LONG;
  if (nl + 1 > PT_HTTP_MAX_HEAD)
    return -STATUS_HEADER_FIELDS_TOO_LARGE;
  status = parse_request_line (buf + pos, line_len, out);
  if (status != 0)
    return -status;
  pos = nl + 1;

  /* Header fields, up to the empty line; the whole head within PT_HTTP_MAX_HEAD. */
  limit = len > PT_HTTP_MAX_HEAD ? PT_HTTP_MAX_HEAD : len;
  for (;;)
    {
      nl = find_line_end (buf, pos, limit);
      if (nl == limit)
        {
          /* The head needs at least one more byte, the '\n'. */
          if (len >= PT_HTTP_MAX_HEAD)
            return -STATUS_HEADER_FIELDS_TOO_LARGE;
          return 0;
        }

      line_len = content_length_of_line (buf, pos, nl);
      if (line_len == 0)
        break;

      if (++out->n_fields > PT_HTTP_MAX_FIELDS)
        return -STATUS_HEADER_FIELDS_TOO_LARGE;
      status = parse_field (buf + pos, line_len, out, &tokens);
      if (status != 0)
        return -status;
      pos = nl + 1;
    }

  out->head_len = nl + 1;

  if (out->version_minor >= 1)
    out->keep_alive = !tokens.close;
  else
    out->keep_alive = tokens.keep_alive && !tokens.close;

  return (ssize_t) out->head_len;
}

int
pt_http_request_check (const PtHttpRequest *req)
{
  switch (req->method)
    {
    case PT_HTTP_METHOD_GET:
    case PT_HTTP_METHOD_HEAD:
      break;

    case PT_HTTP_METHOD_UNKNOWN:
      return 501;

    case PT_HTTP_METHOD_POST:
    case PT_HTTP_METHOD_PUT:
    case PT_HTTP_METHOD_DELETE:
    case PT_HTTP_METHOD_CONNECT:
    case PT_HTTP_METHOD_OPTIONS:
    case PT_HTTP_METHOD_TRACE:
    case PT_HTTP_METHOD_PATCH:
    default:
      return 405;
    }

  if (req->version_minor >= 1 && !PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_HOST))
    return STATUS_BAD_REQUEST;

  return 0;
}
