/* pt-http-response-parser.c — HTTP/1.x response heads, framing, chunked bodies
 *
 * Stateless head parser: every call parses from the start of buf, one
 * complete line at a time, so fed byte by byte it gives 0 for every prefix
 * and then the one-shot result (or the same error as soon as its line or
 * limit is certain).  Clients call it once per read; heads are small.
 */

#include "pt-http-response-parser.h"
#include "pt-http-ascii.h"

#include <string.h>

#define VERSION_PREFIX      "HTTP/1."
#define VERSION_LEN         8     /* "HTTP/1.1" */
#define STATUS_MIN          100
#define STATUS_MAX          599
#define STATUS_SWITCHING    101
#define STATUS_NO_CONTENT   204
#define STATUS_NOT_MODIFIED 304

typedef struct
{
  bool     close;
  bool     keep_alive;
  bool     has_te;
  bool     te_chunked_last;   /* the last coding of the last Transfer-Encoding line */
  bool     has_content_length;
  uint64_t content_length;
} HeadFacts;

/* RFC 9110 §5.6.2 tchar */
static bool
is_tchar (char c)
{
  unsigned char u = (unsigned char) c;

  if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || pt_http_ascii_is_digit (c))
    return true;
  return u != 0 && strchr ("!#$%&'*+-.^_`|~", u) != NULL;
}

/* field-value and reason-phrase bytes: VCHAR, obs-text, SP, HTAB */
static bool
is_value_byte (char c)
{
  unsigned char u = (unsigned char) c;

  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

static PtHttpSlice
slice (const char *p,
       size_t      n)
{
  PtHttpSlice s = { p, n };

  return s;
}

/* s[0..n) with leading and trailing OWS dropped. */
static PtHttpSlice
trim (const char *s,
      size_t      n)
{
  while (n > 0 && pt_http_ascii_is_ows (s[0]))
    {
      s++;
      n--;
    }
  while (n > 0 && pt_http_ascii_is_ows (s[n - 1]))
    n--;
  return slice (s, n);
}

/* "HTTP/1." DIGIT SP 3DIGIT [SP reason], in line[0..n).  Returns 0 or an error. */
static int
parse_status_line (const char           *line,
                   size_t                n,
                   PtHttpParsedResponse *out)
{
  int status;

  if (n < VERSION_LEN || memcmp (line, "HTTP/", 5) != 0)
    return PT_HTTP_RESPONSE_ERROR_SYNTAX;
  if (!pt_http_ascii_is_digit (line[5]) || line[6] != '.' || !pt_http_ascii_is_digit (line[7]))
    return PT_HTTP_RESPONSE_ERROR_SYNTAX;
  if (memcmp (line, VERSION_PREFIX, strlen (VERSION_PREFIX)) != 0)
    return PT_HTTP_RESPONSE_ERROR_VERSION;
  out->version_minor = line[7] - '0';

  if (n < VERSION_LEN + 4 || line[8] != ' ' ||
      !pt_http_ascii_is_digit (line[9]) || !pt_http_ascii_is_digit (line[10]) || !pt_http_ascii_is_digit (line[11]))
    return PT_HTTP_RESPONSE_ERROR_SYNTAX;
  if (n > VERSION_LEN + 4 && line[12] != ' ')
    return PT_HTTP_RESPONSE_ERROR_SYNTAX;   /* "2000", "200OK" */
  status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (status < STATUS_MIN || status > STATUS_MAX)
    return PT_HTTP_RESPONSE_ERROR_STATUS;
  out->status = status;

  if (n > VERSION_LEN + 5)
    {
      for (size_t i = VERSION_LEN + 5; i < n; i++)
        if (!is_value_byte (line[i]))
          return PT_HTTP_RESPONSE_ERROR_SYNTAX;
      out->reason = slice (line + VERSION_LEN + 5, n - VERSION_LEN - 5);
    }
  else
    out->reason = slice (line + n, 0);
  return 0;
}

/* 1*DIGIT, no sign, no spaces, no overflow. */
static bool
parse_decimal (PtHttpSlice  s,
               uint64_t    *value)
{
  uint64_t v = 0;

  if (s.len == 0)
    return false;
  for (size_t i = 0; i < s.len; i++)
    {
      unsigned d;

      if (!pt_http_ascii_is_digit (s.ptr[i]))
        return false;
      d = (unsigned) (s.ptr[i] - '0');
      if (v > (UINT64_MAX - d) / 10)
        return false;
      v = v * 10 + d;
    }
  *value = v;
  return true;
}

/* Calls fn for each non-empty element of a comma list (OWS trimmed, a
 * transfer-coding's parameters after ';' dropped).  Returns the count. */
static size_t
scan_list (PtHttpSlice  s,
           void       (*fn) (PtHttpSlice item, HeadFacts *facts),
           HeadFacts   *facts)
{
  size_t i = 0;
  size_t count = 0;

  while (i < s.len)
    {
      size_t start = i;
      PtHttpSlice item;

      while (i < s.len && s.ptr[i] != ',')
        i++;
      item = trim (s.ptr + start, i - start);
      for (size_t k = 0; k < item.len; k++)
        if (item.ptr[k] == ';')
          {
            item = trim (item.ptr, k);
            break;
          }
      if (item.len > 0)
        {
          fn (item, facts);
          count++;
        }
      i++;   /* past the ',' */
    }
  return count;
}

static void
connection_token (PtHttpSlice  item,
                  HeadFacts   *facts)
{
  if (pt_http_ascii_equal_nocase (item.ptr, item.len, "close"))
    facts->close = true;
  else if (pt_http_ascii_equal_nocase (item.ptr, item.len, "keep-alive"))
    facts->keep_alive = true;
}

static void
transfer_coding (PtHttpSlice  item,
                 HeadFacts   *facts)
{
  facts->te_chunked_last = pt_http_ascii_equal_nocase (item.ptr, item.len, "chunked");
}

/* name ":" OWS value OWS, in line[0..n).  Returns 0 or an error. */
static int
parse_field (const char           *line,
             size_t                n,
             PtHttpParsedResponse *out,
             HeadFacts            *facts)
{
  PtHttpResponseField *field;
  size_t name_len = 0;

  while (name_len < n && is_tchar (line[name_len]))
    name_len++;
  if (name_len == 0 || name_len == n || line[name_len] != ':')
    return PT_HTTP_RESPONSE_ERROR_SYNTAX;   /* obs-fold, space before ':', no ':' */
  for (size_t i = name_len + 1; i < n; i++)
    if (!is_value_byte (line[i]))
      return PT_HTTP_RESPONSE_ERROR_SYNTAX;

  if (out->n_fields == PT_HTTP_RESPONSE_MAX_FIELDS)
    return PT_HTTP_RESPONSE_ERROR_TOO_MANY_FIELDS;
  field = &out->fields[out->n_fields++];
  field->name = slice (line, name_len);
  field->value = trim (line + name_len + 1, n - name_len - 1);

  if (pt_http_ascii_equal_nocase (line, name_len, "content-length"))
    {
      uint64_t length;

      if (!parse_decimal (field->value, &length))
        return PT_HTTP_RESPONSE_ERROR_CONTENT_LENGTH;
      if (facts->has_content_length && facts->content_length != length)
        return PT_HTTP_RESPONSE_ERROR_CONTENT_LENGTH;
      facts->has_content_length = true;
      facts->content_length = length;
    }
  else if (pt_http_ascii_equal_nocase (line, name_len, "transfer-encoding"))
    {
      if (scan_list (field->value, transfer_coding, facts) == 0)
        return PT_HTTP_RESPONSE_ERROR_TRANSFER_ENCODING;
      facts->has_te = true;
    }
  else if (pt_http_ascii_equal_nocase (line, name_len, "connection"))
    scan_list (field->value, connection_token, facts);
  else if (pt_http_ascii_equal_nocase (line, name_len, "content-type") && out->content_type.ptr == NULL)
    out->content_type = field->value;
  return 0;
}

static void
decide_framing (bool                  head_request,
                const HeadFacts      *facts,
                PtHttpParsedResponse *out)
{
  int status = out->status;

  if (out->version_minor >= 1)
    out->keep_alive = !facts->close;
  else
    out->keep_alive = facts->keep_alive && !facts->close;
  out->interim = status < 200 && status != STATUS_SWITCHING;

  if (head_request || status < 200 || status == STATUS_NO_CONTENT ||
      status == STATUS_NOT_MODIFIED)
    out->framing = PT_HTTP_RESPONSE_FRAMING_NONE;
  else if (facts->has_te)
    /* HTTP/1.0 has no transfer codings: faulty framing, read to the close
     * (RFC 9112 §6.1). */
    out->framing = facts->te_chunked_last && out->version_minor >= 1
                 ? PT_HTTP_RESPONSE_FRAMING_CHUNKED
                 : PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE;
  else if (facts->has_content_length)
    {
      out->framing = PT_HTTP_RESPONSE_FRAMING_LENGTH;
      out->content_length = facts->content_length;
    }
  else
    out->framing = PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE;

  if (out->framing == PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE ||
      (facts->has_te && facts->has_content_length) ||
      status == STATUS_SWITCHING)
    out->keep_alive = false;
}

ssize_t
pt_http_parse_response (const char           *buf,
                        size_t                len,
                        bool                  head_request,
                        PtHttpParsedResponse *out)
{
  HeadFacts facts = { 0 };
  size_t limit = len < PT_HTTP_RESPONSE_MAX_HEAD ? len : PT_HTTP_RESPONSE_MAX_HEAD;
  size_t pos = 0;
  size_t end = 0;
  bool first = true;

  out->version_minor = 0;
  out->status = 0;
  out->reason = slice (NULL, 0);
  out->n_fields = 0;
  out->content_type = slice (NULL, 0);
  out->framing = PT_HTTP_RESPONSE_FRAMING_NONE;
  out->content_length = 0;
  out->keep_alive = false;
  out->interim = false;
  out->head_len = 0;

  for (;;)
    {
      const char *nl = pos < limit ? memchr (buf + pos, '\n', limit - pos) : NULL;
      size_t n;
      int rc;

      if (nl == NULL)
        return len >= PT_HTTP_RESPONSE_MAX_HEAD ? PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE : 0;
      end = (size_t) (nl - buf);
      n = end - pos;
      if (n > 0 && buf[end - 1] == '\r')
        n--;

      if (first)
        {
          rc = parse_status_line (buf + pos, n, out);
          first = false;
        }
      else if (n == 0)
        break;
      else
        rc = parse_field (buf + pos, n, out, &facts);
      if (rc != 0)
        return rc;
      pos = end + 1;
    }

  out->head_len = end + 1;
  decide_framing (head_request, &facts, out);
  return (ssize_t) out->head_len;
}

const char *
pt_http_response_error_string (ssize_t error)
{
  switch (error)
    {
    case PT_HTTP_RESPONSE_ERROR_SYNTAX:
      return "malformed response head";
    case PT_HTTP_RESPONSE_ERROR_VERSION:
      return "not an HTTP/1.x response";
    case PT_HTTP_RESPONSE_ERROR_STATUS:
      return "status code outside 100-599";
    case PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE:
      return "response head larger than 64 KiB";
    case PT_HTTP_RESPONSE_ERROR_TOO_MANY_FIELDS:
      return "more than 128 header fields";
    case PT_HTTP_RESPONSE_ERROR_CONTENT_LENGTH:
      return "invalid Content-Length";
    case PT_HTTP_RESPONSE_ERROR_TRANSFER_ENCODING:
      return "invalid Transfer-Encoding";
    case PT_HTTP_RESPONSE_ERROR_BAD_CHUNK:
      return "malformed chunked body";
    default:
      return "unknown error";
    }
}

PtHttpSlice
pt_http_response_get_field (const PtHttpParsedResponse *resp,
                            const char                 *name)
{
  for (size_t i = 0; i < resp->n_fields; i++)
    {
      const PtHttpResponseField *f = &resp->fields[i];
      size_t k;

      for (k = 0; k < f->name.len; k++)
        if (name[k] == '\0' || pt_http_ascii_lower (f->name.ptr[k]) != pt_http_ascii_lower (name[k]))
          break;
      if (k == f->name.len && name[k] == '\0')
        return f->value;
    }
  return slice (NULL, 0);
}


/* ---- chunked body ------------------------------------------------------- */

enum
{
  CHUNK_SIZE = 0,      /* hex digits of the chunk size */
  CHUNK_EXT,           /* after the size: extensions up to the line end */
  CHUNK_SIZE_LF,       /* CR seen, LF must follow */
  CHUNK_DATA,
  CHUNK_DATA_CR,       /* after the data: CR or LF */
  CHUNK_DATA_LF,       /* CR seen, LF must follow */
  CHUNK_TRAILER,       /* at the start of a trailer line (or the final empty line) */
  CHUNK_TRAILER_LINE,  /* inside a trailer line */
  CHUNK_TRAILER_LF,    /* CR seen at the start of a line: LF ends the body */
  CHUNK_DONE,
};

void
pt_http_response_chunked_init (PtHttpResponseChunked *chunked)
{
  memset (chunked, 0, sizeof *chunked);
}

static bool
is_line_end (char c)
{
  return c == '\r' || c == '\n';
}

/* One byte of metadata.  Returns 0 or an error. */
static int
chunked_byte (PtHttpResponseChunked *c,
              char                   b)
{
  int h;

  switch (c->state)
    {
    case CHUNK_SIZE:
      if (!is_line_end (b) && ++c->line_len > PT_HTTP_CHUNK_LINE_MAX)
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      h = pt_http_ascii_hex_value (b);
      if (h >= 0)
        {
          if (c->remaining > (UINT64_MAX >> 4))
            return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;   /* overflow */
          c->remaining = (c->remaining << 4) | (uint64_t) h;
          c->has_digit = true;
          return 0;
        }
      if (!c->has_digit)
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      if (b == ';' || pt_http_ascii_is_ows (b))
        c->state = CHUNK_EXT;
      else if (b == '\r')
        c->state = CHUNK_SIZE_LF;
      else if (b == '\n')
        goto size_line_done;
      else
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      return 0;

    case CHUNK_EXT:
      if (!is_line_end (b) && ++c->line_len > PT_HTTP_CHUNK_LINE_MAX)
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      if (b == '\r')
        c->state = CHUNK_SIZE_LF;
      else if (b == '\n')
        goto size_line_done;
      else if (!is_value_byte (b))
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      return 0;

    case CHUNK_SIZE_LF:
      if (b != '\n')
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
    size_line_done:
      c->line_len = 0;
      c->has_digit = false;
      c->state = c->remaining > 0 ? CHUNK_DATA : CHUNK_TRAILER;
      return 0;

    case CHUNK_DATA_CR:
      if (b == '\r')
        {
          c->state = CHUNK_DATA_LF;
          return 0;
        }
      /* FALLTHROUGH */
    case CHUNK_DATA_LF:
      if (b != '\n')
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      c->state = CHUNK_SIZE;
      return 0;

    case CHUNK_TRAILER:
      if (b == '\n')
        {
          c->state = CHUNK_DONE;
          return 0;
        }
      if (b == '\r')
        {
          c->state = CHUNK_TRAILER_LF;
          return 0;
        }
      c->state = CHUNK_TRAILER_LINE;
      /* FALLTHROUGH */
    case CHUNK_TRAILER_LINE:
      if (!is_line_end (b) && (++c->line_len > PT_HTTP_CHUNK_LINE_MAX ||
                               ++c->trailer_len > PT_HTTP_CHUNK_TRAILER_MAX))
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      if (b == '\n')
        {
          c->line_len = 0;
          c->state = CHUNK_TRAILER;
        }
      else if (b != '\r' && !is_value_byte (b))
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      return 0;

    case CHUNK_TRAILER_LF:
      if (b != '\n')
        return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;
      c->state = CHUNK_DONE;
      return 0;

    case CHUNK_DATA:
    case CHUNK_DONE:
    default:
      return PT_HTTP_RESPONSE_ERROR_BAD_CHUNK;   /* not reached */
    }
}

ssize_t
pt_http_response_chunked_step (PtHttpResponseChunked *chunked,
                               const char            *buf,
                               size_t                 len,
                               PtHttpSlice           *data,
                               bool                  *done)
{
  size_t i = 0;

  *data = slice (buf, 0);
  *done = chunked->state == CHUNK_DONE;
  if (*done)
    return 0;

  if (chunked->state == CHUNK_DATA)
    {
      size_t n = len;

      if ((uint64_t) n > chunked->remaining)
        n = (size_t) chunked->remaining;
      chunked->remaining -= n;
      if (chunked->remaining == 0)
        chunked->state = CHUNK_DATA_CR;
      *data = slice (buf, n);
      return (ssize_t) n;
    }

  /* Metadata up to the next data byte, the end of the body or of buf. */
  while (i < len && chunked->state != CHUNK_DATA && chunked->state != CHUNK_DONE)
    {
      int rc = chunked_byte (chunked, buf[i]);

      if (rc != 0)
        return rc;
      i++;
    }
  *done = chunked->state == CHUNK_DONE;
  return (ssize_t) i;
}


/* ---- any body ------------------------------------------------------------ */

void
pt_http_response_body_init (PtHttpResponseBody         *body,
                            const PtHttpParsedResponse *resp)
{
  memset (body, 0, sizeof *body);
  body->framing = resp->framing;
  body->left = resp->framing == PT_HTTP_RESPONSE_FRAMING_LENGTH ? resp->content_length : 0;
  pt_http_response_chunked_init (&body->chunked);
  body->done = resp->framing == PT_HTTP_RESPONSE_FRAMING_NONE ||
               (resp->framing == PT_HTTP_RESPONSE_FRAMING_LENGTH && body->left == 0);
}

ssize_t
pt_http_response_body_step (PtHttpResponseBody *body,
                            const char         *buf,
                            size_t              len,
                            PtHttpSlice        *data,
                            bool               *done)
{
  ssize_t n;

  *data = slice (buf, 0);
  *done = body->done;
  if (body->done)
    return 0;

  switch (body->framing)
    {
    case PT_HTTP_RESPONSE_FRAMING_LENGTH:
      n = (ssize_t) ((uint64_t) len < body->left ? len : (size_t) body->left);
      body->left -= (uint64_t) n;
      body->done = body->left == 0;
      *data = slice (buf, (size_t) n);
      break;

    case PT_HTTP_RESPONSE_FRAMING_CHUNKED:
      n = pt_http_response_chunked_step (&body->chunked, buf, len, data, &body->done);
      break;

    case PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE:
      n = (ssize_t) len;
      *data = slice (buf, len);
      break;

    case PT_HTTP_RESPONSE_FRAMING_NONE:
    default:
      n = 0;
      body->done = true;
      break;
    }
  *done = body->done;
  return n;
}

bool
pt_http_response_body_ends_at_close (const PtHttpResponseBody *body)
{
  return body->done || body->framing == PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE;
}
