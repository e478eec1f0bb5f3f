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

#include "pt-http-chars.h"
#include "pt-http-status.h"

#define HTTP_VERSION_LEN                8   /* "HTTP/1.1" */

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

/* Method tokens are case-sensitive (RFC 9110 §9.1). */
static PtHttpMethod
lookup_method (const char *s,
               size_t      n)
{
#define IS(lit) (memcmp (s, lit, sizeof (lit) - 1) == 0)
  switch (n)
    {
    case 3:
      if (IS ("GET"))
        return PT_HTTP_METHOD_GET;
      if (IS ("PUT"))
        return PT_HTTP_METHOD_PUT;
      break;
    case 4:
      if (IS ("HEAD"))
        return PT_HTTP_METHOD_HEAD;
      if (IS ("POST"))
        return PT_HTTP_METHOD_POST;
      break;
    case 5:
      if (IS ("TRACE"))
        return PT_HTTP_METHOD_TRACE;
      if (IS ("PATCH"))
        return PT_HTTP_METHOD_PATCH;
      break;
    case 6:
      if (IS ("DELETE"))
        return PT_HTTP_METHOD_DELETE;
      break;
    case 7:
      if (IS ("CONNECT"))
        return PT_HTTP_METHOD_CONNECT;
      if (IS ("OPTIONS"))
        return PT_HTTP_METHOD_OPTIONS;
      break;
    default:
      break;
    }
  return PT_HTTP_METHOD_UNKNOWN;
#undef IS
}

/* The known header named name[0..n) (a valid token), or PT_HTTP_N_HEADERS:
 * by length, then first letter, then one compare. */
static inline __attribute__ ((always_inline)) PtHttpHeaderId
lookup_header (const char *name,
               size_t      n)
{
  unsigned first = (unsigned char) name[0] | 0x20;

  switch (n)
    {
    case 4:
      if (EQUAL_LOWER (name, "host"))
        return PT_HTTP_HEADER_HOST;
      break;
    case 5:
      if (EQUAL_LOWER (name, "range"))
        return PT_HTTP_HEADER_RANGE;
      break;
    case 7:
      if (EQUAL_LOWER (name, "referer"))
        return PT_HTTP_HEADER_REFERER;
      break;
    case 8:
      if (first == 'i' && EQUAL_LOWER (name, "if-range"))
        return PT_HTTP_HEADER_IF_RANGE;
      if (first == 'i' && EQUAL_LOWER (name, "if-match"))
        return PT_HTTP_HEADER_IF_MATCH;
      break;
    case 10:
      if (first == 'c' && EQUAL_LOWER (name, "connection"))
        return PT_HTTP_HEADER_CONNECTION;
      if (first == 'u' && EQUAL_LOWER (name, "user-agent"))
        return PT_HTTP_HEADER_USER_AGENT;
      break;
    case 13:
      if (EQUAL_LOWER (name, "if-none-match"))
        return PT_HTTP_HEADER_IF_NONE_MATCH;
      break;
    case 14:
      if (EQUAL_LOWER (name, "content-length"))
        return PT_HTTP_HEADER_CONTENT_LENGTH;
      break;
    case 19:
      if (EQUAL_LOWER (name, "if-unmodified-since"))
        return PT_HTTP_HEADER_IF_UNMODIFIED_SINCE;
      break;
    case 15:
      if (EQUAL_LOWER (name, "accept-encoding"))
        return PT_HTTP_HEADER_ACCEPT_ENCODING;
      break;
    case 17:
      if (first == 'i' && EQUAL_LOWER (name, "if-modified-since"))
        return PT_HTTP_HEADER_IF_MODIFIED_SINCE;
      if (first == 't' && EQUAL_LOWER (name, "transfer-encoding"))
        return PT_HTTP_HEADER_TRANSFER_ENCODING;
      break;
    default:
      break;
    }
  return PT_HTTP_N_HEADERS;
}

/* Sets out->path from an absolute-form out->target.  Returns 0 or a status. */
static int
parse_absolute_target (PtHttpRequest *out)
{
  const char *t = out->target.ptr;
  size_t n = out->target.len;
  size_t authority, start, end;

  if (n > 7 && EQUAL_LOWER (t, "http://"))
    authority = 7;
  else if (n > 8 && EQUAL_LOWER (t, "https://"))
    authority = 8;
  else
    return PT_HTTP_STATUS_BAD_REQUEST;

  start = authority;
  while (start < n && t[start] != '/' && t[start] != '?' && t[start] != '#')
    start++;
  if (start == authority)
    return PT_HTTP_STATUS_BAD_REQUEST;   /* empty authority */
  if (start == n || t[start] != '/')
    {
      out->path.ptr = "/";
      out->path.len = 1;
      return 0;
    }

  end = start;
  while (end < n && t[end] != '?' && t[end] != '#')
    end++;
  out->path.ptr = t + start;
  out->path.len = end - start;
  return 0;
}

/* method SP request-target SP HTTP-version, in line[0..n); line[n] is the
 * CR or LF ending it, so the class scans need no bounds check.  Returns 0
 * or a status. */
static int
parse_request_line (const char    *line,
                    size_t         n,
                    PtHttpRequest *out)
{
  const char *v;
  const char *t;
  size_t p = 0;
  size_t target_start, path_end;

  p = scan_class (line, CC_TCHAR);
  if (p == 0 || p >= n || line[p] != ' ')
    return PT_HTTP_STATUS_BAD_REQUEST;
  out->method_str.ptr = line;
  out->method_str.len = p;
  out->method = lookup_method (line, p);
  p++;

  /* The path runs to the first '?' or '#', the target to the next SP. */
  target_start = p;
  p += scan_class (line + p, CC_PATH);
  path_end = p;
  p += scan_class (line + p, CC_TARGET);
  if (p == target_start || p >= n || line[p] != ' ')
    return PT_HTTP_STATUS_BAD_REQUEST;   /* empty, no version, or a byte no target may hold */
  t = line + target_start;
  out->target.ptr = t;
  out->target.len = p - target_start;
  p++;

  v = line + p;
  if (n - p != HTTP_VERSION_LEN || memcmp (v, "HTTP/", 5) != 0 ||
      !char_is (v[5], CC_DIGIT) || v[6] != '.' || !char_is (v[7], CC_DIGIT))
    return PT_HTTP_STATUS_BAD_REQUEST;
  /* Any HTTP/1.x: a higher minor version than ours is answered as the
   * highest we speak (RFC 9112 §2.3), so HTTP/1.2 is served as HTTP/1.1. */
  if (v[5] != '1')
    return PT_HTTP_STATUS_VERSION_NOT_SUPPORTED;
  out->version_minor = v[7] == '0' ? 0 : 1;

  if (t[0] == '/')
    {
      out->path.ptr = t;
      out->path.len = path_end - target_start;
      return 0;
    }
  if (out->target.len == 1 && t[0] == '*')
    {
      out->path.ptr = t;
      out->path.len = 0;
      return 0;
    }
  return parse_absolute_target (out);
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

      if (!char_is (s[i], CC_DIGIT))
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

      while (i < n && (char_is (s[i], CC_OWS) || s[i] == ','))
        i++;
      start = i;
      while (i < n && s[i] != ',')
        i++;
      end = i;
      while (end > start && char_is (s[end - 1], CC_OWS))
        end--;

      if (end - start == 5 && EQUAL_LOWER (s + start, "close"))
        tokens->close = true;
      else if (end - start == 10 && EQUAL_LOWER (s + start, "keep-alive"))
        tokens->keep_alive = true;
    }
}

/* Transfer-Encoding's list (RFC 9112 §6.1), one field line of it: notes
 * which elements are "chunked" and whether "chunked" came last.  A coding
 * with parameters ("chunked;x=1") is not "chunked".  Empty elements are
 * skipped (RFC 9110 §5.6.1). */
static void
scan_transfer_codings (const char    *s,
                       size_t         n,
                       PtHttpRequest *out)
{
  size_t i = 0;

  while (i < n)
    {
      size_t start;
      size_t end;

      while (i < n && (char_is (s[i], CC_OWS) || s[i] == ','))
        i++;
      if (i == n)
        break;
      start = i;
      while (i < n && s[i] != ',')
        i++;
      end = i;
      while (end > start && char_is (s[end - 1], CC_OWS))
        end--;

      if (end - start == 7 && EQUAL_LOWER (s + start, "chunked"))
        {
          if (out->te_chunked < UINT8_MAX)
            out->te_chunked++;
          out->te_chunked_last = true;
        }
      else
        {
          out->te_other = true;
          out->te_chunked_last = false;
        }
    }
}

/* The framing decided once the whole head is known (RFC 9112 §6.1, §6.3):
 * returns 0 or a status. */
static int
check_framing (PtHttpRequest *out)
{
  if (!PT_HTTP_HAS_HEADER (out, PT_HTTP_HEADER_TRANSFER_ENCODING))
    return 0;
  /* Both framings: a request-smuggling attempt, or a broken proxy. */
  if (out->has_content_length)
    return PT_HTTP_STATUS_BAD_REQUEST;
  /* HTTP/1.0 has no transfer codings: the framing is faulty. */
  if (out->version_minor == 0)
    return PT_HTTP_STATUS_BAD_REQUEST;
  /* Not chunked last (or chunked twice): the body's end cannot be found. */
  if (!out->te_chunked_last || out->te_chunked != 1)
    return PT_HTTP_STATUS_BAD_REQUEST;
  /* Chunked last, but another coding under it: not one we know. */
  if (out->te_other)
    return PT_HTTP_STATUS_NOT_IMPLEMENTED;
  out->chunked = true;
  return 0;
}

/* Acts on a syntactically valid field: records a known header (the first
 * occurrence) and applies its rules.  Returns 0 or a status. */
static inline __attribute__ ((always_inline)) int
store_field (const char       *name,
             size_t            name_len,
             PtHttpSlice       value,
             PtHttpRequest    *out,
             ConnectionTokens *tokens)
{
  PtHttpHeaderId id = lookup_header (name, name_len);
  bool seen;

  if (id == PT_HTTP_N_HEADERS)
    return 0;

  seen = PT_HTTP_HAS_HEADER (out, id);
  switch (id)
    {
    case PT_HTTP_HEADER_HOST:
    case PT_HTTP_HEADER_IF_MODIFIED_SINCE:
    case PT_HTTP_HEADER_IF_UNMODIFIED_SINCE:
      if (seen)
        return PT_HTTP_STATUS_BAD_REQUEST;
      break;

    case PT_HTTP_HEADER_TRANSFER_ENCODING:
      scan_transfer_codings (value.ptr, value.len, out);
      break;

    case PT_HTTP_HEADER_CONTENT_LENGTH:
      {
        uint64_t length;

        if (!parse_content_length (value.ptr, value.len, &length))
          return PT_HTTP_STATUS_BAD_REQUEST;
        if (out->has_content_length && length != out->content_length)
          return PT_HTTP_STATUS_BAD_REQUEST;
        if (length > PT_HTTP_MAX_BODY)
          return PT_HTTP_STATUS_CONTENT_TOO_LARGE;
        out->has_content_length = true;
        out->content_length = length;
      }
      break;

    case PT_HTTP_HEADER_CONNECTION:
      /* The usual single token first, without the list scan. */
      if (value.len == 10 && EQUAL_LOWER (value.ptr, "keep-alive"))
        tokens->keep_alive = true;
      else if (value.len == 5 && EQUAL_LOWER (value.ptr, "close"))
        tokens->close = true;
      else
        scan_connection_tokens (value.ptr, value.len, tokens);
      break;

    case PT_HTTP_HEADER_IF_NONE_MATCH:
    case PT_HTTP_HEADER_USER_AGENT:
    case PT_HTTP_HEADER_REFERER:
    case PT_HTTP_HEADER_RANGE:
    case PT_HTTP_HEADER_IF_RANGE:
    case PT_HTTP_HEADER_IF_MATCH:   /* a list: the first field's elements are checked (a duplicate can only turn a 200 into a 412) */
    case PT_HTTP_HEADER_ACCEPT_ENCODING:   /* the first field only (a second one can only name more codings) */
    case PT_HTTP_N_HEADERS:
    default:
      break;
    }

  if (!seen)
    {
      out->headers[id] = value;
      out->header_mask |= 1u << id;
    }
  return 0;
}

/* The value [vs, ve) with trailing OWS dropped. */
static PtHttpSlice
trimmed_value (const char *line,
               size_t      vs,
               size_t      ve)
{
  PtHttpSlice value;

  while (ve > vs && char_is (line[ve - 1], CC_OWS))
    ve--;
  value.ptr = line + vs;
  value.len = ve - vs;
  return value;
}

/* name ":" OWS value OWS, in line[0..n); line[n] is the CR or LF ending
 * it.  Returns 0 or a status. */
static int
parse_field (const char       *line,
             size_t            n,
             PtHttpRequest    *out,
             ConnectionTokens *tokens)
{
  size_t name_len;
  size_t vs;

  if (char_is (line[0], CC_OWS))
    return PT_HTTP_STATUS_BAD_REQUEST;   /* obs-fold, or whitespace before the first field */

  name_len = scan_class (line, CC_TCHAR);
  if (name_len == 0 || name_len >= n || line[name_len] != ':')
    return PT_HTTP_STATUS_BAD_REQUEST;

  vs = name_len + 1;
  while (vs < n && char_is (line[vs], CC_OWS))
    vs++;
  if (!value_bytes_ok (line + vs, n - vs))
    return PT_HTTP_STATUS_BAD_REQUEST;

  return store_field (line, name_len, trimmed_value (line, vs, n), out, tokens);
}


#define FIELD_SLOW  (-1)   /* parse_field_fast: use the line-by-line path */

/* The common case in one pass, without finding the line end first: a field
 * line "token: value" whose value holds no control byte (not even HTAB)
 * and ends in CRLF or LF before buf[limit].  Anything else returns
 * FIELD_SLOW having changed nothing, and the general path decides.  Else
 * sets *nl to the line's '\n' and returns 0 or a status, counting the
 * field against PT_HTTP_MAX_FIELDS first as the general path does.
 * Needs buf[limit - 1] == '\n': no class holds it, so the byte scans stop
 * there at the latest and need no bounds check. */
static int
parse_field_fast (const char       *buf,
                  size_t            pos,
                  size_t            limit,
                  PtHttpRequest    *out,
                  ConnectionTokens *tokens,
                  size_t           *nl)
{
  const char *line = buf + pos;
  size_t avail = limit - pos;
  size_t p = 0;
  size_t name_len, vs, end;

  p = scan_class (line, CC_TCHAR);
  if (p == 0 || line[p] != ':')
    return FIELD_SLOW;
  name_len = p++;
  if (line[p] == ' ')
    p++;   /* the usual single SP */
  while (char_is (line[p], CC_OWS))
    p++;
  vs = p;

  /* The first byte below 0x20 or DEL: the lowest flagged byte of a word is
   * exact (borrows only run upwards). */
  for (;;)
    {
      uint64_t flags;

      if (avail - p < WORD_BYTES)
        {
          while (char_is (line[p], CC_VALUE) && line[p] != '\t')
            p++;
          break;
        }
      flags = word_has_ctl (load_word (line + p));
      if (flags != 0)
        {
          p += first_flagged_byte (flags);
          break;
        }
      p += WORD_BYTES;
    }

  if (line[p] == '\n')
    end = p;
  else if (line[p] == '\r' && p + 1 < avail && line[p + 1] == '\n')
    end = p + 1;
  else
    return FIELD_SLOW;   /* HTAB, another control byte, or CR not yet followed by LF */

  *nl = pos + end;
  if (++out->n_fields > PT_HTTP_MAX_FIELDS)
    return PT_HTTP_STATUS_HEADER_FIELDS_TOO_LARGE;
  return store_field (line, name_len, trimmed_value (line, vs, p), out, tokens);
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
  bool fast;
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
        return -PT_HTTP_STATUS_BAD_REQUEST;
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
        return -PT_HTTP_STATUS_URI_TOO_LONG;
      return 0;
    }

  line_len = content_length_of_line (buf, pos, nl);
  if (line_len > PT_HTTP_MAX_REQUEST_LINE)
    return -PT_HTTP_STATUS_URI_TOO_LONG;
  if (nl + 1 > PT_HTTP_MAX_HEAD)
    return -PT_HTTP_STATUS_HEADER_FIELDS_TOO_LARGE;
  status = parse_request_line (buf + pos, line_len, out);
  if (status != 0)
    return -status;
  pos = nl + 1;

  /* Header fields, up to the empty line; the whole head within PT_HTTP_MAX_HEAD. */
  limit = len > PT_HTTP_MAX_HEAD ? PT_HTTP_MAX_HEAD : len;
  fast = buf[limit - 1] == '\n';   /* pos < limit: the request line's '\n' is below */
  for (;;)
    {
      if (fast && pos < limit)
        {
          status = parse_field_fast (buf, pos, limit, out, &tokens, &nl);
          if (status == 0)
            {
              pos = nl + 1;
              continue;
            }
          if (status != FIELD_SLOW)
            return -status;
        }

      nl = find_line_end (buf, pos, limit);
      if (nl == limit)
        {
          /* The head needs at least one more byte, the '\n'. */
          if (len >= PT_HTTP_MAX_HEAD)
            return -PT_HTTP_STATUS_HEADER_FIELDS_TOO_LARGE;
          return 0;
        }

      line_len = content_length_of_line (buf, pos, nl);
      if (line_len == 0)
        break;

      if (++out->n_fields > PT_HTTP_MAX_FIELDS)
        return -PT_HTTP_STATUS_HEADER_FIELDS_TOO_LARGE;
      status = parse_field (buf + pos, line_len, out, &tokens);
      if (status != 0)
        return -status;
      pos = nl + 1;
    }

  out->head_len = nl + 1;

  status = check_framing (out);
  if (status != 0)
    return -status;

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
      return PT_HTTP_STATUS_NOT_IMPLEMENTED;

    case PT_HTTP_METHOD_POST:
    case PT_HTTP_METHOD_PUT:
    case PT_HTTP_METHOD_DELETE:
    case PT_HTTP_METHOD_CONNECT:
    case PT_HTTP_METHOD_OPTIONS:
    case PT_HTTP_METHOD_TRACE:
    case PT_HTTP_METHOD_PATCH:
    default:
      return PT_HTTP_STATUS_METHOD_NOT_ALLOWED;
    }

  if (req->version_minor >= 1 && !PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_HOST))
    return PT_HTTP_STATUS_BAD_REQUEST;

  return 0;
}
