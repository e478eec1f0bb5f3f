/* test-http-response-parser.c — table tests for the response side of layer 0:
 * pt_http_parse_response (heads, framing, keep-alive), the chunked decoder,
 * and the body preview, text decision and summary the clients share.
 *
 * Every head case is parsed in one shot, then as every prefix (copied into
 * an exact-size buffer so ASan sees any over-read): a prefix gives 0 or the
 * same error, and once the head is complete the same result.  Every chunked
 * case is fed split at every byte offset and byte by byte, and must decode
 * the same data and end at the same byte.  Each limit is tested at N and N+1.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-body-preview.h"
#include "pt-http-response-parser.h"

#define OK       1     /* complete: consumes head_len bytes (all input when 0) */
#define PARTIAL  0

#define E_SYNTAX   PT_HTTP_RESPONSE_ERROR_SYNTAX
#define E_VERSION  PT_HTTP_RESPONSE_ERROR_VERSION
#define E_STATUS   PT_HTTP_RESPONSE_ERROR_STATUS
#define E_LENGTH   PT_HTTP_RESPONSE_ERROR_CONTENT_LENGTH
#define E_TE       PT_HTTP_RESPONSE_ERROR_TRANSFER_ENCODING
#define E_CHUNK    PT_HTTP_RESPONSE_ERROR_BAD_CHUNK

#define NONE        PT_HTTP_RESPONSE_FRAMING_NONE
#define LENGTH      PT_HTTP_RESPONSE_FRAMING_LENGTH
#define CHUNKED     PT_HTTP_RESPONSE_FRAMING_CHUNKED
#define UNTIL_CLOSE PT_HTTP_RESPONSE_FRAMING_UNTIL_CLOSE

typedef struct
{
  int                    line;
  int                    result;       /* OK, PARTIAL or a PtHttpResponseError */
  const char            *desc;
  const char            *raw;
  size_t                 raw_len;
  bool                   head_request;
  /* checked when result == OK */
  size_t                 head_len;     /* 0: the whole input */
  int                    status;
  int                    minor;
  const char            *reason;
  size_t                 n_fields;
  PtHttpResponseFraming  framing;
  uint64_t               length;
  bool                   keep;
  bool                   interim;
  const char            *content_type; /* NULL: absent */
} HeadCase;

#define RAW(s) .raw = (s), .raw_len = sizeof (s) - 1
#define CASE(r, d, s) .line = __LINE__, .result = (r), .desc = (d), RAW (s)
#define GOT(st, mi, rs) .status = (st), .minor = (mi), .reason = (rs)

static const HeadCase head_cases[] = {
  /* --- status line --- */
  { CASE (OK, "portico's 200", "HTTP/1.1 200 OK\r\nDate: D\r\nConnection: keep-alive\r\n"
                               "Content-Length: 15\r\nContent-Type: text/html\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 4, .framing = LENGTH, .length = 15, .keep = true,
    .content_type = "text/html" },
  { CASE (OK, "reason with spaces", "HTTP/1.1 404 File Not Found\r\nContent-Length: 0\r\n\r\n"),
    GOT (404, 1, "File Not Found"), .n_fields = 1, .framing = LENGTH, .keep = true },
  { CASE (OK, "empty reason after SP", "HTTP/1.1 200 \r\nContent-Length: 1\r\n\r\n"),
    GOT (200, 1, ""), .n_fields = 1, .framing = LENGTH, .length = 1, .keep = true },
  { CASE (OK, "no SP and no reason", "HTTP/1.1 200\r\nContent-Length: 1\r\n\r\n"),
    GOT (200, 1, ""), .n_fields = 1, .framing = LENGTH, .length = 1, .keep = true },
  { CASE (OK, "obs-text and HTAB in the reason", "HTTP/1.1 200 \xc3\xa9\tok\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 1, "\xc3\xa9\tok"), .n_fields = 1, .framing = LENGTH, .keep = true },
  { CASE (OK, "bare LF line ends", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi"),
    .head_len = 35, GOT (200, 1, "OK"), .n_fields = 1, .framing = LENGTH, .length = 2, .keep = true },
  { CASE (OK, "body bytes after the head are not consumed", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1"),
    .head_len = 38, GOT (200, 1, "OK"), .n_fields = 1, .framing = LENGTH, .length = 3, .keep = true },
  { CASE (OK, "HTTP/1.2 reads as 1.x", "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 2, "OK"), .n_fields = 1, .framing = LENGTH, .keep = true },
  { CASE (OK, "status 100 is the lowest", "HTTP/1.1 100 Continue\r\n\r\n"),
    GOT (100, 1, "Continue"), .framing = NONE, .keep = true, .interim = true },
  { CASE (OK, "status 599 is the highest", "HTTP/1.1 599 X\r\nContent-Length: 0\r\n\r\n"),
    GOT (599, 1, "X"), .n_fields = 1, .framing = LENGTH, .keep = true },
  { CASE (E_STATUS, "status 099", "HTTP/1.1 099 X\r\n\r\n") },
  { CASE (E_STATUS, "status 600", "HTTP/1.1 600 X\r\n\r\n") },
  { CASE (E_SYNTAX, "four-digit status", "HTTP/1.1 2000 OK\r\n\r\n") },
  { CASE (E_SYNTAX, "two-digit status", "HTTP/1.1 20 OK\r\n\r\n") },
  { CASE (E_SYNTAX, "status glued to the reason", "HTTP/1.1 200OK\r\n\r\n") },
  { CASE (E_SYNTAX, "letters in the status", "HTTP/1.1 2x0 OK\r\n\r\n") },
  { CASE (E_SYNTAX, "two spaces before the status", "HTTP/1.1  200 OK\r\n\r\n") },
  { CASE (E_SYNTAX, "lowercase http", "http/1.1 200 OK\r\n\r\n") },
  { CASE (E_SYNTAX, "HTTP:/1.1", "HTTP:/1.1 200 OK\r\n\r\n") },
  { CASE (E_SYNTAX, "no minor version", "HTTP/1 200 OK\r\n\r\n") },
  { CASE (E_VERSION, "HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n") },
  { CASE (E_VERSION, "HTTP/0.9", "HTTP/0.9 200 OK\r\n\r\n") },
  { CASE (E_SYNTAX, "empty line first", "\r\nHTTP/1.1 200 OK\r\n\r\n") },
  { CASE (E_SYNTAX, "a request line", "GET / HTTP/1.1\r\n\r\n") },
  { CASE (E_SYNTAX, "control byte in the reason", "HTTP/1.1 200 O\x01K\r\n\r\n") },
  { CASE (E_SYNTAX, "NUL in the reason", "HTTP/1.1 200 O\0K\r\n\r\n") },
  { CASE (E_SYNTAX, "DEL in the reason", "HTTP/1.1 200 O\x7fK\r\n\r\n") },
  { CASE (E_SYNTAX, "lone CR in the status line", "HTTP/1.1 200 O\rK\r\n\r\n") },

  /* --- fields --- */
  { CASE (OK, "OWS trimmed, case kept", "HTTP/1.1 200 OK\r\ncontent-TYPE: \t image/png \t\r\nContent-Length:5\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 2, .framing = LENGTH, .length = 5, .keep = true,
    .content_type = "image/png" },
  { CASE (OK, "first Content-Type wins", "HTTP/1.1 200 OK\r\nContent-Type: a/b\r\nContent-Type: c/d\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 3, .framing = LENGTH, .keep = true, .content_type = "a/b" },
  { CASE (OK, "empty field value", "HTTP/1.1 200 OK\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 2, .framing = LENGTH, .keep = true },
  { CASE (E_SYNTAX, "obs-fold", "HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\n\r\n") },
  { CASE (E_SYNTAX, "space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\n") },
  { CASE (E_SYNTAX, "no colon", "HTTP/1.1 200 OK\r\nContent-Length\r\n\r\n") },
  { CASE (E_SYNTAX, "empty name", "HTTP/1.1 200 OK\r\n: x\r\n\r\n") },
  { CASE (E_SYNTAX, "NUL in a value", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n") },
  { CASE (E_SYNTAX, "lone CR in a value", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n") },
  { CASE (E_SYNTAX, "a syntax error after the head is not read", "HTTP/1.1 200 OK\r\n: x\r\n") },
  { CASE (OK, "bytes after the head are not judged", "HTTP/1.1 204 No Content\r\n\r\n: x\r\n\x01"),
    .head_len = 27, GOT (204, 1, "No Content"), .framing = NONE, .keep = true },

  /* --- framing: no body --- */
  { CASE (OK, "HEAD: no body despite Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 221\r\n\r\n"),
    .head_request = true, GOT (200, 1, "OK"), .n_fields = 1, .framing = NONE, .keep = true },
  { CASE (OK, "HEAD: no body despite chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
    .head_request = true, GOT (200, 1, "OK"), .n_fields = 1, .framing = NONE, .keep = true },
  { CASE (OK, "HEAD without length keeps the connection", "HTTP/1.1 200 OK\r\n\r\n"),
    .head_request = true, GOT (200, 1, "OK"), .framing = NONE, .keep = true },
  { CASE (OK, "204", "HTTP/1.1 204 No Content\r\n\r\n"),
    GOT (204, 1, "No Content"), .framing = NONE, .keep = true },
  { CASE (OK, "304 with Content-Length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"),
    GOT (304, 1, "Not Modified"), .n_fields = 1, .framing = NONE, .keep = true },
  { CASE (OK, "103 is interim", "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"),
    GOT (103, 1, "Early Hints"), .n_fields = 1, .framing = NONE, .keep = true, .interim = true },
  { CASE (OK, "101 is final and ends HTTP on the connection", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"),
    GOT (101, 1, "Switching Protocols"), .n_fields = 1, .framing = NONE, .keep = false },

  /* --- framing: Content-Length --- */
  { CASE (OK, "Content-Length 0", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = LENGTH, .length = 0, .keep = true },
  { CASE (OK, "Content-Length at UINT64_MAX", "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = LENGTH, .length = UINT64_MAX, .keep = true },
  { CASE (E_LENGTH, "Content-Length at UINT64_MAX + 1", "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n") },
  { CASE (OK, "duplicate Content-Length that agrees", "HTTP/1.1 200 OK\r\nContent-Length: 7\r\ncontent-length: 007\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 2, .framing = LENGTH, .length = 7, .keep = true },
  { CASE (E_LENGTH, "duplicate Content-Length that differs", "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Length: 8\r\n\r\n") },
  { CASE (E_LENGTH, "Content-Length list", "HTTP/1.1 200 OK\r\nContent-Length: 7, 7\r\n\r\n") },
  { CASE (E_LENGTH, "negative Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") },
  { CASE (E_LENGTH, "signed Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\n") },
  { CASE (E_LENGTH, "hex Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n") },
  { CASE (E_LENGTH, "empty Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n") },
  { CASE (E_LENGTH, "space inside Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n") },
  { CASE (E_LENGTH, "bad Content-Length on a 304 still counts", "HTTP/1.1 304 Not Modified\r\nContent-Length: x\r\n\r\n") },

  /* --- framing: Transfer-Encoding --- */
  { CASE (OK, "chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = CHUNKED, .keep = true },
  { CASE (OK, "gzip, chunked: chunked last", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip , Chunked\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = CHUNKED, .keep = true },
  { CASE (OK, "two lines, chunked in the last", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 2, .framing = CHUNKED, .keep = true },
  { CASE (OK, "chunked, gzip: until close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = UNTIL_CLOSE, .keep = false },
  { CASE (OK, "gzip alone: until close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = UNTIL_CLOSE, .keep = false },
  { CASE (OK, "chunked overrides Content-Length, and closes", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 2, .framing = CHUNKED, .keep = false },
  { CASE (OK, "chunked with a parameter", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked;x=1\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = CHUNKED, .keep = true },
  { CASE (OK, "HTTP/1.0 chunked is faulty framing: until close", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"),
    GOT (200, 0, "OK"), .n_fields = 2, .framing = UNTIL_CLOSE, .keep = false },
  { CASE (E_TE, "empty Transfer-Encoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: , \r\n\r\n") },
  { CASE (E_LENGTH, "chunked does not excuse a bad Content-Length", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: x\r\n\r\n") },

  /* --- framing: until close --- */
  { CASE (OK, "no length: until close", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = UNTIL_CLOSE, .keep = false, .content_type = "text/plain" },
  { CASE (OK, "until close even with keep-alive", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 1, .framing = UNTIL_CLOSE, .keep = false },

  /* --- keep-alive --- */
  { CASE (OK, "1.1 Connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 2, .framing = LENGTH, .keep = false },
  { CASE (OK, "1.1 close in a list, any case", "HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 2, .framing = LENGTH, .keep = false },
  { CASE (OK, "1.1 close in a second Connection line", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 3, .framing = LENGTH, .keep = false },
  { CASE (OK, "1.1 closed is not close", "HTTP/1.1 200 OK\r\nConnection: closed\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 1, "OK"), .n_fields = 2, .framing = LENGTH, .keep = true },
  { CASE (OK, "1.0 without Connection closes", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 0, "OK"), .n_fields = 1, .framing = LENGTH, .keep = false },
  { CASE (OK, "1.0 keep-alive keeps", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 0, "OK"), .n_fields = 2, .framing = LENGTH, .keep = true },
  { CASE (OK, "1.0 keep-alive and close: close wins", "HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n"),
    GOT (200, 0, "OK"), .n_fields = 2, .framing = LENGTH, .keep = false },

  /* --- incomplete --- */
  { CASE (PARTIAL, "nothing", "") },
  { CASE (PARTIAL, "status line only", "HTTP/1.1 200 OK\r\n") },
  { CASE (PARTIAL, "no final empty line", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n") },
  { CASE (PARTIAL, "CR of the final empty line", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r") },
};

static void
copy_slice (PtHttpSlice  s,
            char       **out)
{
  *out = s.ptr != NULL ? g_strndup (s.ptr, s.len) : NULL;
}

static void
check_head (const HeadCase             *c,
            const PtHttpParsedResponse *r)
{
  g_autofree char *reason = NULL;
  g_autofree char *type = NULL;

  copy_slice (r->reason, &reason);
  copy_slice (r->content_type, &type);
  g_assert_cmpuint (r->head_len, ==, (c->head_len != 0 ? c->head_len : c->raw_len));
  g_assert_cmpint (r->status, ==, c->status);
  g_assert_cmpint (r->version_minor, ==, c->minor);
  g_assert_cmpstr (reason, ==, c->reason);
  g_assert_cmpuint (r->n_fields, ==, c->n_fields);
  g_assert_cmpint (r->framing, ==, c->framing);
  if (c->framing == LENGTH)
    g_assert_cmpuint (r->content_length, ==, c->length);
  g_assert_cmpint (r->keep_alive, ==, c->keep);
  g_assert_cmpint (r->interim, ==, c->interim);
  g_assert_cmpstr (type, ==, c->content_type);
}

static void
test_head_case (gconstpointer data)
{
  const HeadCase *c = data;
  g_autofree PtHttpParsedResponse *r = g_new0 (PtHttpParsedResponse, 1);
  g_autofree char *exact = g_memdup2 (c->raw, c->raw_len);
  ssize_t whole;

  g_test_message ("line %d: %s", c->line, c->desc);
  whole = pt_http_parse_response (exact, c->raw_len, c->head_request, r);
  if (c->result == OK)
    {
      g_assert_cmpint (whole, >, 0);
      check_head (c, r);
    }
  else
    g_assert_cmpint (whole, ==, c->result);

  /* every prefix: 0 or the same result, the same once the head is complete */
  for (size_t n = 0; n < c->raw_len; n++)
    {
      g_autofree char *prefix = g_memdup2 (c->raw, n);
      ssize_t got = pt_http_parse_response (prefix, n, c->head_request, r);

      if (got == 0)
        {
          g_assert_true (whole <= 0 || n < (size_t) whole);
          continue;
        }
      g_assert_cmpint (got, ==, whole);
      if (c->result == OK)
        check_head (c, r);
    }
}

static void
test_get_field (void)
{
  static const char raw[] = "HTTP/1.1 200 OK\r\nX-One: 1\r\nx-two:  2 \r\nX-One: again\r\n\r\n";
  g_autofree PtHttpParsedResponse *r = g_new0 (PtHttpParsedResponse, 1);
  PtHttpSlice v;

  g_assert_cmpint (pt_http_parse_response (raw, sizeof raw - 1, false, r), ==, sizeof raw - 1);
  g_assert_cmpuint (r->n_fields, ==, 3);
  v = pt_http_response_get_field (r, "X-TWO");
  g_assert_cmpmem (v.ptr, v.len, "2", 1);
  v = pt_http_response_get_field (r, "x-one");
  g_assert_cmpmem (v.ptr, v.len, "1", 1);
  g_assert_cmpmem (r->fields[1].name.ptr, r->fields[1].name.len, "x-two", 5);
  v = pt_http_response_get_field (r, "X-On");
  g_assert_null (v.ptr);
  v = pt_http_response_get_field (r, "X-One-");
  g_assert_null (v.ptr);
}

static void
test_error_strings (void)
{
  g_assert_cmpstr (pt_http_response_error_string (E_LENGTH), ==, "invalid Content-Length");
  g_assert_cmpstr (pt_http_response_error_string (E_CHUNK), ==, "malformed chunked body");
  g_assert_cmpstr (pt_http_response_error_string (PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE), ==,
                   "response head larger than 64 KiB");
  g_assert_cmpstr (pt_http_response_error_string (-99), ==, "unknown error");
}

/* ---- limits ------------------------------------------------------------- */

/* A head of exactly size bytes: the status line, one X-Pad field filling the
 * rest, and the empty line. */
static char *
head_of_size (size_t size)
{
  static const char start[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: ";
  static const char end[] = "\r\n\r\n";
  char *head = g_malloc (size);

  g_assert_cmpuint (size, >, sizeof start + sizeof end);
  memcpy (head, start, sizeof start - 1);
  memset (head + sizeof start - 1, 'p', size - (sizeof start - 1) - (sizeof end - 1));
  memcpy (head + size - (sizeof end - 1), end, sizeof end - 1);
  return head;
}

static void
test_limit_head_size (void)
{
  g_autofree PtHttpParsedResponse *r = g_new0 (PtHttpParsedResponse, 1);
  g_autofree char *at = head_of_size (PT_HTTP_RESPONSE_MAX_HEAD);
  g_autofree char *over = head_of_size (PT_HTTP_RESPONSE_MAX_HEAD + 1);

  g_assert_cmpint (pt_http_parse_response (at, PT_HTTP_RESPONSE_MAX_HEAD, false, r), ==,
                   PT_HTTP_RESPONSE_MAX_HEAD);
  g_assert_cmpint (r->framing, ==, LENGTH);
  g_assert_cmpint (pt_http_parse_response (over, PT_HTTP_RESPONSE_MAX_HEAD + 1, false, r), ==,
                   PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE);
  /* certain as soon as the limit is reached without an end */
  g_assert_cmpint (pt_http_parse_response (over, PT_HTTP_RESPONSE_MAX_HEAD, false, r), ==,
                   PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE);
  g_assert_cmpint (pt_http_parse_response (over, PT_HTTP_RESPONSE_MAX_HEAD - 1, false, r), ==, 0);
}

static char *
head_with_fields (size_t n_fields)
{
  GString *s = g_string_new ("HTTP/1.1 200 OK\r\n");

  for (size_t i = 0; i < n_fields; i++)
    g_string_append_printf (s, "X-%zu: v\r\n", i);
  g_string_append (s, "\r\n");
  return g_string_free (s, FALSE);
}

static void
test_limit_fields (void)
{
  g_autofree PtHttpParsedResponse *r = g_new0 (PtHttpParsedResponse, 1);
  g_autofree char *at = head_with_fields (PT_HTTP_RESPONSE_MAX_FIELDS);
  g_autofree char *over = head_with_fields (PT_HTTP_RESPONSE_MAX_FIELDS + 1);

  g_assert_cmpint (pt_http_parse_response (at, strlen (at), false, r), ==, (ssize_t) strlen (at));
  g_assert_cmpuint (r->n_fields, ==, PT_HTTP_RESPONSE_MAX_FIELDS);
  g_assert_cmpmem (r->fields[PT_HTTP_RESPONSE_MAX_FIELDS - 1].name.ptr,
                   r->fields[PT_HTTP_RESPONSE_MAX_FIELDS - 1].name.len, "X-127", 5);
  g_assert_cmpint (pt_http_parse_response (over, strlen (over), false, r), ==,
                   PT_HTTP_RESPONSE_ERROR_TOO_MANY_FIELDS);
}

/* ---- chunked ------------------------------------------------------------ */

typedef struct
{
  int         line;
  int         result;     /* OK (done), PARTIAL (needs more) or E_CHUNK */
  const char *desc;
  const char *raw;
  size_t      raw_len;
  const char *data;       /* the decoded body (OK and PARTIAL) */
  size_t      data_len;
  size_t      consumed;   /* OK: bytes up to the end of the body (0: all) */
} ChunkCase;

#define DATA(s) .data = (s), .data_len = sizeof (s) - 1

static const ChunkCase chunk_cases[] = {
  { CASE (OK, "one chunk", "5\r\nhello\r\n0\r\n\r\n"), DATA ("hello") },
  { CASE (OK, "empty body", "0\r\n\r\n"), DATA ("") },
  { CASE (OK, "two chunks, hex sizes in both cases", "a\r\n0123456789\r\nB\r\nabcdefghijk\r\n0\r\n\r\n"),
    DATA ("0123456789abcdefghijk") },
  { CASE (OK, "leading zeros", "0005\r\nhello\r\n000\r\n\r\n"), DATA ("hello") },
  { CASE (OK, "extensions skipped", "5;name=\"v a\"\r\nhello\r\n0;last\r\n\r\n"), DATA ("hello") },
  { CASE (OK, "whitespace before an extension", "5 ;x\r\nhello\r\n0\r\n\r\n"), DATA ("hello") },
  { CASE (OK, "trailers skipped", "5\r\nhello\r\n0\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\n"), DATA ("hello") },
  { CASE (OK, "bare LF everywhere", "5\nhello\n0\nX: 1\n\n"), DATA ("hello") },
  { CASE (OK, "data may hold CRLF and NUL", "4\r\n\r\n\0\n\r\n0\r\n\r\n"), DATA ("\r\n\0\n") },
  { CASE (OK, "bytes after the body are left", "1\r\nx\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n"),
    DATA ("x"), .consumed = 11 },
  { CASE (PARTIAL, "size at UINT64_MAX parses", "ffffffffffffffff\r\n"), DATA ("") },
  { CASE (E_CHUNK, "size over UINT64_MAX", "10000000000000000\r\n") },
  { CASE (E_CHUNK, "no size", "\r\nhello\r\n") },
  { CASE (E_CHUNK, "extension first", ";x\r\n") },
  { CASE (E_CHUNK, "sign", "+5\r\nhello\r\n") },
  { CASE (E_CHUNK, "0x prefix", "0x5\r\nhello\r\n") },
  { CASE (E_CHUNK, "junk after the size", "5x\r\nhello\r\n") },
  { CASE (E_CHUNK, "CR without LF after the size", "5\rhello\r\n") },
  { CASE (E_CHUNK, "data longer than the size", "3\r\nhello\r\n0\r\n\r\n"), DATA ("hel") },
  { CASE (E_CHUNK, "no CRLF after the data", "5\r\nhelloX\r\n") },
  { CASE (E_CHUNK, "control byte in an extension", "5;\x01\r\nhello\r\n") },
  { CASE (E_CHUNK, "control byte in a trailer", "0\r\nX: \x01\r\n\r\n") },
  { CASE (E_CHUNK, "CR then junk for the final line", "0\r\n\rX") },
  { CASE (PARTIAL, "in the data", "5\r\nhel"), DATA ("hel") },
  { CASE (PARTIAL, "before the trailer end", "5\r\nhello\r\n0\r\n"), DATA ("hello") },
  { CASE (PARTIAL, "nothing", ""), DATA ("") },
};

/* Feeds raw to a fresh decoder in pieces of at most step bytes, the first
 * piece first_len bytes (when not 0).  Returns the result (bytes consumed
 * to the end of the body when done, 0 when not done, or the error) and
 * appends the data. */
static ssize_t
decode_in_pieces (const char *raw,
                  size_t      raw_len,
                  size_t      first_len,
                  size_t      step,
                  GString    *data)
{
  PtHttpResponseChunked chunked;
  size_t pos = 0;
  bool done = false;

  pt_http_response_chunked_init (&chunked);
  while (pos < raw_len && !done)
    {
      size_t piece = pos == 0 && first_len != 0 ? first_len : step;
      size_t end = pos + piece < raw_len ? pos + piece : raw_len;
      g_autofree char *exact = g_memdup2 (raw + pos, end - pos);
      size_t off = 0;

      while (off < end - pos && !done)
        {
          PtHttpSlice d;
          ssize_t n = pt_http_response_chunked_step (&chunked, exact + off, end - pos - off, &d, &done);

          if (n < 0)
            return n;
          g_assert_cmpint (n, >, 0);
          g_assert_true (d.len == 0 || d.ptr == exact + off);
          g_assert_cmpuint (d.len, <=, (size_t) n);
          g_string_append_len (data, d.ptr, (gssize) d.len);
          off += (size_t) n;
        }
      pos += off;
    }
  if (done)
    {
      PtHttpSlice d;
      bool again = false;

      /* done stays done and consumes nothing */
      g_assert_cmpint (pt_http_response_chunked_step (&chunked, "x", 1, &d, &again), ==, 0);
      g_assert_true (again);
      return (ssize_t) pos;
    }
  return 0;
}

static void
check_chunk_result (const ChunkCase *c,
                    ssize_t          got,
                    GString         *data)
{
  if (c->result == OK)
    g_assert_cmpint (got, ==, (ssize_t) (c->consumed != 0 ? c->consumed : c->raw_len));
  else
    g_assert_cmpint (got, ==, c->result);
  if (c->result != E_CHUNK)
    g_assert_cmpmem (data->str, data->len, c->data, c->data_len);
}

static void
test_chunk_case (gconstpointer p)
{
  const ChunkCase *c = p;

  g_test_message ("line %d: %s", c->line, c->desc);

  /* one shot, byte by byte, and split in two at every offset */
  {
    g_autoptr(GString) data = g_string_new (NULL);

    check_chunk_result (c, decode_in_pieces (c->raw, c->raw_len, 0, c->raw_len + 1, data), data);
  }
  {
    g_autoptr(GString) data = g_string_new (NULL);

    check_chunk_result (c, decode_in_pieces (c->raw, c->raw_len, 0, 1, data), data);
  }
  for (size_t split = 1; split < c->raw_len; split++)
    {
      g_autoptr(GString) data = g_string_new (NULL);

      check_chunk_result (c, decode_in_pieces (c->raw, c->raw_len, split, c->raw_len, data), data);
    }
}

static char *
chunk_with_line (size_t line_len,
                 size_t *len)
{
  /* "1;" and padding make a size line of line_len bytes, then "x" and the end */
  GString *s = g_string_new ("1;");

  while (s->len < line_len)
    g_string_append_c (s, 'e');
  g_string_append (s, "\r\nx\r\n0\r\n\r\n");
  *len = s->len;
  return g_string_free (s, FALSE);
}

static char *
trailers_of (size_t total,
             size_t *len)
{
  /* "0" then trailer lines of at most PT_HTTP_CHUNK_LINE_MAX bytes, total bytes in all */
  GString *s = g_string_new ("0\r\n");
  size_t left = total;

  while (left > 0)
    {
      size_t n = left < PT_HTTP_CHUNK_LINE_MAX ? left : PT_HTTP_CHUNK_LINE_MAX;

      g_assert_cmpuint (n, >=, 3);
      g_string_append (s, "X:");
      for (size_t i = 2; i < n; i++)
        g_string_append_c (s, 't');
      g_string_append (s, "\r\n");
      left -= n;
    }
  g_string_append (s, "\r\n");
  *len = s->len;
  return g_string_free (s, FALSE);
}

static void
test_limit_chunk_line (void)
{
  size_t len;
  g_autofree char *at = chunk_with_line (PT_HTTP_CHUNK_LINE_MAX, &len);
  g_autoptr(GString) data = g_string_new (NULL);
  g_autofree char *over = NULL;
  g_autofree char *trailer_at = NULL;
  g_autofree char *trailer_line_over = NULL;

  g_assert_cmpint (decode_in_pieces (at, len, 0, 1000, data), ==, (ssize_t) len);
  g_assert_cmpstr (data->str, ==, "x");
  over = chunk_with_line (PT_HTTP_CHUNK_LINE_MAX + 1, &len);
  g_assert_cmpint (decode_in_pieces (over, len, 0, 1000, data), ==, E_CHUNK);

  /* a trailer line at N and N+1 */
  trailer_at = g_strdup_printf ("0\r\nX:%0*d\r\n\r\n", PT_HTTP_CHUNK_LINE_MAX - 2, 0);
  g_assert_cmpint (decode_in_pieces (trailer_at, strlen (trailer_at), 0, 1000, data), ==,
                   (ssize_t) strlen (trailer_at));
  trailer_line_over = g_strdup_printf ("0\r\nX:%0*d\r\n\r\n", PT_HTTP_CHUNK_LINE_MAX - 1, 0);
  g_assert_cmpint (decode_in_pieces (trailer_line_over, strlen (trailer_line_over), 0, 1000, data), ==,
                   E_CHUNK);
}

static void
test_limit_trailers (void)
{
  size_t len;
  g_autofree char *at = trailers_of (PT_HTTP_CHUNK_TRAILER_MAX, &len);
  g_autofree char *over = NULL;
  g_autoptr(GString) data = g_string_new (NULL);

  g_assert_cmpint (decode_in_pieces (at, len, 0, 4096, data), ==, (ssize_t) len);
  over = trailers_of (PT_HTTP_CHUNK_TRAILER_MAX + 3, &len);
  g_assert_cmpint (decode_in_pieces (over, len, 0, 4096, data), ==, E_CHUNK);
}

/* ---- any body ----------------------------------------------------------- */

typedef struct
{
  int         line;
  const char *desc;
  const char *head;        /* parsed first (not a HEAD request) */
  const char *raw;         /* the bytes after the head */
  size_t      raw_len;
  int         result;      /* OK: done after consumed bytes; PARTIAL: not done; or an error */
  const char *data;
  size_t      data_len;
  size_t      consumed;    /* OK: bytes of the body (0: all of raw) */
  bool        at_close;    /* pt_http_response_body_ends_at_close once raw is used up */
} BodyCase;

#define BODY(r, d, h, s) .line = __LINE__, .desc = (d), .head = (h), RAW (s), .result = (r)

static const BodyCase body_cases[] = {
  { BODY (OK, "no body: 204", "HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1"), DATA (""), .consumed = 0, .at_close = true },
  { BODY (OK, "Content-Length 0", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "next"), DATA (""), .at_close = true },
  { BODY (OK, "Content-Length exact", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "hello"), DATA ("hello"), .at_close = true },
  { BODY (OK, "Content-Length, then the next response", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", "hiHTTP"),
    DATA ("hi"), .consumed = 2, .at_close = true },
  { BODY (PARTIAL, "Content-Length short: cut by a close", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", "hello"),
    DATA ("hello"), .at_close = false },
  { BODY (OK, "chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "2\r\nhi\r\n0\r\n\r\nX"),
    DATA ("hi"), .consumed = 12, .at_close = true },
  { BODY (PARTIAL, "chunked, cut by a close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "2\r\nhi\r\n"),
    DATA ("hi"), .at_close = false },
  { BODY (E_CHUNK, "chunked, malformed", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "2\r\nhiX") },
  { BODY (PARTIAL, "until close: everything", "HTTP/1.1 200 OK\r\n\r\n", "all\r\n\r\nof it"),
    DATA ("all\r\n\r\nof it"), .at_close = true },
  { BODY (PARTIAL, "until close: nothing yet", "HTTP/1.1 200 OK\r\n\r\n", ""), DATA (""), .at_close = true },
};

/* Feeds raw in two pieces (split at first, or all at once when 0) through
 * the body reader as a client does. */
static ssize_t
read_body_in_pieces (const BodyCase *c,
                     size_t          first,
                     GString        *data,
                     bool           *at_close)
{
  g_autofree PtHttpParsedResponse *r = g_new0 (PtHttpParsedResponse, 1);
  PtHttpResponseBody body;
  size_t pos = 0;
  bool done = false;

  g_assert_cmpint (pt_http_parse_response (c->head, strlen (c->head), false, r), ==, (ssize_t) strlen (c->head));
  pt_http_response_body_init (&body, r);
  for (guint piece = 0; piece < 2 && !done; piece++)
    {
      size_t end = piece == 0 && first != 0 ? first : c->raw_len;
      g_autofree char *exact = g_memdup2 (c->raw + pos, end - pos);
      size_t off = 0;

      do
        {
          PtHttpSlice d;
          ssize_t n = pt_http_response_body_step (&body, exact + off, end - pos - off, &d, &done);

          if (n < 0)
            return n;
          g_assert_true (d.len == 0 || d.ptr == exact + off);
          g_string_append_len (data, d.ptr, (gssize) d.len);
          off += (size_t) n;
        }
      while (!done && off < end - pos);
      pos += off;
    }
  *at_close = pt_http_response_body_ends_at_close (&body);
  return done ? (ssize_t) pos : 0;
}

static void
test_body_case (gconstpointer p)
{
  const BodyCase *c = p;

  g_test_message ("line %d: %s", c->line, c->desc);
  for (size_t split = 0; split < c->raw_len || split == 0; split++)
    {
      g_autoptr(GString) data = g_string_new (NULL);
      bool at_close = false;
      ssize_t got = read_body_in_pieces (c, split, data, &at_close);

      if (c->result == OK)
        g_assert_cmpint (got, ==, (ssize_t) (c->consumed != 0 || c->data_len == 0 ? c->consumed : c->raw_len));
      else
        g_assert_cmpint (got, ==, c->result);
      if (c->result != E_CHUNK)
        {
          g_assert_cmpmem (data->str, data->len, c->data, c->data_len);
          g_assert_cmpint (at_close, ==, c->at_close);
        }
    }
}

/* ---- body preview ------------------------------------------------------- */

typedef struct
{
  int         line;
  bool        text;
  const char *type;
} TypeCase;

static const TypeCase type_cases[] = {
  { __LINE__, true, "text/html" },
  { __LINE__, true, "TEXT/Plain; charset=utf-8" },
  { __LINE__, true, "  text/css  " },
  { __LINE__, true, "application/json" },
  { __LINE__, true, "application/javascript" },
  { __LINE__, true, "application/ecmascript" },
  { __LINE__, true, "application/xml" },
  { __LINE__, true, "image/svg+xml" },
  { __LINE__, true, "application/ld+json" },
  { __LINE__, true, "application/atom+xml; q=1" },
  { __LINE__, true, "application/octet-stream; charset=latin1" },
  { __LINE__, true, "application/x-thing;charset=utf-8" },
  { __LINE__, false, "image/png" },
  { __LINE__, false, "application/octet-stream" },
  { __LINE__, false, "application/pdf" },
  { __LINE__, false, "text/" },
  { __LINE__, false, "texts/plain" },
  { __LINE__, false, "application/jsonx" },
  { __LINE__, false, "+json" },
  { __LINE__, false, "image/png; x-charset=utf-8" },
  { __LINE__, false, "image/png; charset" },
  { __LINE__, false, "" },
};

static void
test_type_case (gconstpointer p)
{
  const TypeCase *c = p;

  g_test_message ("line %d: %s", c->line, c->type);
  g_assert_cmpint (pt_http_content_type_is_text (c->type, strlen (c->type)), ==, c->text);
}

static void
test_utf8_prefix (void)
{
  static const struct { int line; const char *s; size_t len; ssize_t want; } cases[] = {
    { __LINE__, "", 0, 0 },
    { __LINE__, "abc", 3, 3 },
    { __LINE__, "\xc3\xa9", 2, 2 },
    { __LINE__, "a\xc3", 2, 1 },                  /* cut in a 2-byte sequence */
    { __LINE__, "a\xe4\xb8", 3, 1 },              /* cut in a 3-byte sequence */
    { __LINE__, "\xf0\x9f\x98\x80", 4, 4 },
    { __LINE__, "\xf0\x9f\x98", 3, 0 },
    { __LINE__, "\xc3\x28", 2, -1 },              /* bad continuation */
    { __LINE__, "\xc0\xaf", 2, -1 },              /* overlong */
    { __LINE__, "\xe0\x80\xaf", 3, -1 },          /* overlong */
    { __LINE__, "\xed\xa0\x80", 3, -1 },          /* surrogate */
    { __LINE__, "\xf4\x90\x80\x80", 4, -1 },      /* above U+10FFFF */
    { __LINE__, "\xf5\x80\x80\x80", 4, -1 },
    { __LINE__, "\xff", 1, -1 },
    { __LINE__, "\x80", 1, -1 },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("line %d", cases[i].line);
      g_assert_cmpint (pt_http_utf8_valid_prefix (cases[i].s, cases[i].len), ==, cases[i].want);
    }
}

static void
test_preview_limit (void)
{
  g_autofree PtHttpBodyPreview *p = g_new0 (PtHttpBodyPreview, 1);
  g_autofree char *body = g_malloc (PT_HTTP_BODY_PREVIEW_MAX + 1);

  memset (body, 'a', PT_HTTP_BODY_PREVIEW_MAX + 1);
  body[PT_HTTP_BODY_PREVIEW_MAX] = 'Z';

  /* N bytes: all kept, complete */
  pt_http_body_preview_init (p);
  pt_http_body_preview_add (p, body, 10);
  pt_http_body_preview_add (p, body + 10, PT_HTTP_BODY_PREVIEW_MAX - 10);
  g_assert_cmpuint (p->len, ==, PT_HTTP_BODY_PREVIEW_MAX);
  g_assert_cmpuint (p->total, ==, PT_HTTP_BODY_PREVIEW_MAX);
  g_assert_true (pt_http_body_preview_complete (p));

  /* N + 1: the last byte counted, not kept */
  pt_http_body_preview_add (p, body + PT_HTTP_BODY_PREVIEW_MAX, 1);
  g_assert_cmpuint (p->len, ==, PT_HTTP_BODY_PREVIEW_MAX);
  g_assert_cmpuint (p->total, ==, PT_HTTP_BODY_PREVIEW_MAX + 1);
  g_assert_false (pt_http_body_preview_complete (p));
  g_assert_null (memchr (p->data, 'Z', p->len));

  /* a large body in one call */
  pt_http_body_preview_init (p);
  pt_http_body_preview_add (p, body, PT_HTTP_BODY_PREVIEW_MAX + 1);
  g_assert_cmpuint (p->len, ==, PT_HTTP_BODY_PREVIEW_MAX);
  g_assert_cmpuint (p->total, ==, PT_HTTP_BODY_PREVIEW_MAX + 1);
  pt_http_body_preview_add (p, body, 0);
  g_assert_cmpuint (p->total, ==, PT_HTTP_BODY_PREVIEW_MAX + 1);
}

static void
test_body_is_text (void)
{
  g_autofree PtHttpBodyPreview *p = g_new0 (PtHttpBodyPreview, 1);
  g_autofree char *body = g_malloc (PT_HTTP_BODY_PREVIEW_MAX + 1);

  pt_http_body_preview_init (p);
  pt_http_body_preview_add (p, "\x89PNG\r\n", 6);
  g_assert_true (pt_http_body_is_text ("text/plain", 10, p));      /* the type decides */
  g_assert_false (pt_http_body_is_text (NULL, 0, p));              /* invalid UTF-8 */

  pt_http_body_preview_init (p);
  pt_http_body_preview_add (p, "caf\xc3\xa9\n", 6);
  g_assert_false (pt_http_body_is_text ("image/png", 9, p));
  g_assert_true (pt_http_body_is_text (NULL, 0, p));

  pt_http_body_preview_init (p);
  pt_http_body_preview_add (p, "a\0b", 3);
  g_assert_false (pt_http_body_is_text (NULL, 0, p));               /* NUL */

  /* a sequence cut by the end of the body is not text ... */
  pt_http_body_preview_init (p);
  pt_http_body_preview_add (p, "a\xc3", 2);
  g_assert_false (pt_http_body_is_text (NULL, 0, p));
  /* ... but cut by the end of the preview it is */
  memset (body, 'a', PT_HTTP_BODY_PREVIEW_MAX + 1);
  body[PT_HTTP_BODY_PREVIEW_MAX - 1] = '\xc3';
  body[PT_HTTP_BODY_PREVIEW_MAX] = '\xa9';
  pt_http_body_preview_init (p);
  pt_http_body_preview_add (p, body, PT_HTTP_BODY_PREVIEW_MAX + 1);
  g_assert_true (pt_http_body_is_text (NULL, 0, p));

  pt_http_body_preview_init (p);
  g_assert_true (pt_http_body_is_text (NULL, 0, p));               /* empty */
}

static void
test_summary (void)
{
  static const struct { int line; uint64_t total, shown; const char *type; const char *want; } cases[] = {
    { __LINE__, 10952, 0, "image/png", "<10952 bytes of image/png>" },
    { __LINE__, 5, 0, " image/png ; q=1", "<5 bytes of image/png>" },
    { __LINE__, 0, 0, "application/octet-stream", "<0 bytes of application/octet-stream>" },
    { __LINE__, 7, 0, NULL, "<7 bytes of unknown type>" },
    { __LINE__, 7, 0, "", "<7 bytes of unknown type>" },
    { __LINE__, 7, 0, "; charset=x", "<7 bytes of unknown type>" },
    { __LINE__, 7, 0, "a/\x01\x7f\xc3", "<7 bytes of a/??" "?>" },
    { __LINE__, 70000, 65536, "text/plain; charset=utf-8", "<70000 bytes of text/plain; the first 65536 shown>" },
    { __LINE__, UINT64_MAX, UINT64_MAX, "a/b",
      "<18446744073709551615 bytes of a/b; the first 18446744073709551615 shown>" },
  };
  char buf[PT_HTTP_BODY_SUMMARY_MAX];
  g_autofree char *long_type = g_strnfill (1000, 'x');
  ssize_t n;

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *t = cases[i].type;

      g_test_message ("line %d", cases[i].line);
      n = pt_http_body_summary_write (buf, sizeof buf, cases[i].total, cases[i].shown,
                                      t, t != NULL ? strlen (t) : 0);
      g_assert_cmpint (n, ==, (ssize_t) strlen (cases[i].want));
      g_assert_cmpstr (buf, ==, cases[i].want);
    }

  /* the longest summary fits: a 1000-byte type is cut */
  n = pt_http_body_summary_write (buf, sizeof buf, UINT64_MAX, UINT64_MAX, long_type, 1000);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <, PT_HTTP_BODY_SUMMARY_MAX);
  g_assert_cmpuint (strlen (buf), ==, (size_t) n);
  g_assert_true (g_str_has_suffix (buf, "xxx; the first 18446744073709551615 shown>"));
  /* size at N works, N - 1 is refused */
  g_assert_cmpint (pt_http_body_summary_write (buf, PT_HTTP_BODY_SUMMARY_MAX - 1, 1, 0, "a/b", 3), ==, -1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (head_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http/response-parser/head/line-%d", head_cases[i].line);

      g_test_add_data_func (path, &head_cases[i], test_head_case);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (chunk_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http/response-parser/chunked/line-%d", chunk_cases[i].line);

      g_test_add_data_func (path, &chunk_cases[i], test_chunk_case);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (type_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http/body-preview/type/line-%d", type_cases[i].line);

      g_test_add_data_func (path, &type_cases[i], test_type_case);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (body_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http/response-parser/body/line-%d", body_cases[i].line);

      g_test_add_data_func (path, &body_cases[i], test_body_case);
    }
  g_test_add_func ("/http/response-parser/get-field", test_get_field);
  g_test_add_func ("/http/response-parser/error-strings", test_error_strings);
  g_test_add_func ("/http/response-parser/limit/head-size", test_limit_head_size);
  g_test_add_func ("/http/response-parser/limit/fields", test_limit_fields);
  g_test_add_func ("/http/response-parser/limit/chunk-line", test_limit_chunk_line);
  g_test_add_func ("/http/response-parser/limit/trailers", test_limit_trailers);
  g_test_add_func ("/http/body-preview/utf8-prefix", test_utf8_prefix);
  g_test_add_func ("/http/body-preview/limit", test_preview_limit);
  g_test_add_func ("/http/body-preview/is-text", test_body_is_text);
  g_test_add_func ("/http/body-preview/summary", test_summary);

  return g_test_run ();
}
