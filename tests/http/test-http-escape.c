/* test-http-escape.c — the bounded writer and the \xHH escaper, byte for byte */

#include <glib.h>
#include <string.h>

#include "pt-http-escape.h"
#include "pt-http-status.h"
#include "pt-http-writer.h"

typedef struct
{
  int          line;
  const char  *in;
  size_t       in_len;
  unsigned     flags;
  const char  *expected;
} EscapeCase;

#define S(s) s, sizeof (s) - 1

static const EscapeCase escape_cases[] = {
  { __LINE__, S (""), PT_HTTP_ESCAPE_HEX, "" },
  { __LINE__, S ("GET /index.html"), PT_HTTP_ESCAPE_HEX, "GET /index.html" },
  { __LINE__, S ("a\r\nb"), PT_HTTP_ESCAPE_HEX, "a\\x0D\\x0Ab" },
  { __LINE__, S ("\x1b[31mred"), PT_HTTP_ESCAPE_HEX, "\\x1B[31mred" },
  { __LINE__, S ("nul\0byte"), PT_HTTP_ESCAPE_HEX, "nul\\x00byte" },
  { __LINE__, S ("del\x7f"), PT_HTTP_ESCAPE_HEX, "del\\x7F" },
  { __LINE__, S ("caf\xc3\xa9"), PT_HTTP_ESCAPE_HEX, "caf\\xC3\\xA9" },
  { __LINE__, S ("say \"hi\" \\o/"), PT_HTTP_ESCAPE_HEX, "say \"hi\" \\o/" },
  { __LINE__, S ("say \"hi\" \\o/"), PT_HTTP_ESCAPE_QUOTED, "say \\\"hi\\\" \\\\o/" },
  { __LINE__, S ("~ and space are plain"), PT_HTTP_ESCAPE_QUOTED, "~ and space are plain" },
  /* long fields take the eight-bytes-at-a-time path: escapes at every word position */
  { __LINE__, S ("0123456789abcdef0123456789abcdef"), PT_HTTP_ESCAPE_HEX,
    "0123456789abcdef0123456789abcdef" },
  { __LINE__, S ("0123456\t89abcdef01234567\x80""9abcdef"), PT_HTTP_ESCAPE_HEX,
    "0123456\\x0989abcdef01234567\\x809abcdef" },
  { __LINE__, S ("01234567\"9abcdef0123456789abcde\\"), PT_HTTP_ESCAPE_QUOTED,
    "01234567\\\"9abcdef0123456789abcde\\\\" },
  { __LINE__, S ("01234567\"9abcdef0123456789abcde\\"), PT_HTTP_ESCAPE_HEX,
    "01234567\"9abcdef0123456789abcde\\" },
};

static void
test_escape_case (gconstpointer data)
{
  const EscapeCase *c = data;
  char buf[256];
  PtHttpWriter w;
  ptrdiff_t n;

  pt_http_writer_init (&w, buf, sizeof buf);
  pt_http_writer_put_escaped (&w, c->in, c->in_len, c->flags);
  n = pt_http_writer_finish (&w, buf);
  g_test_message ("case at line %d", c->line);
  g_assert_cmpint (n, ==, (ptrdiff_t) strlen (c->expected));
  g_assert_cmpmem (buf, (gsize) n, c->expected, strlen (c->expected));
}

/* Every byte value: escaped exactly when it is not printable ASCII. */
static void
test_escape_every_byte (void)
{
  for (unsigned v = 0; v < 256; v++)
    {
      char in = (char) v;
      char buf[8];
      char expected[8];
      PtHttpWriter w;
      ptrdiff_t n;

      pt_http_writer_init (&w, buf, sizeof buf);
      pt_http_writer_put_escaped (&w, &in, 1, PT_HTTP_ESCAPE_HEX);
      n = pt_http_writer_finish (&w, buf);
      if (v >= 0x20 && v < 0x7f)
        g_snprintf (expected, sizeof expected, "%c", (char) v);
      else
        g_snprintf (expected, sizeof expected, "\\x%02X", v);
      g_assert_cmpmem (buf, (gsize) n, expected, strlen (expected));
    }
}

/* The writer writes exactly up to its size: N fits, N + 1 overflows and
 * every later put is refused. */
static void
test_writer_bound (void)
{
  char buf[8];
  PtHttpWriter w;

  memset (buf, 'z', sizeof buf);
  pt_http_writer_init (&w, buf, 7);
  pt_http_writer_put (&w, PT_HTTP_LIT ("abc"));
  pt_http_writer_put_uint (&w, 1234);
  g_assert_false (w.overflow);
  g_assert_cmpint (pt_http_writer_finish (&w, buf), ==, 7);
  g_assert_cmpmem (buf, 7, "abc1234", 7);

  pt_http_writer_put (&w, PT_HTTP_LIT ("x"));
  g_assert_true (w.overflow);
  g_assert_cmpint (pt_http_writer_finish (&w, buf), ==, -1);
  g_assert_cmpint (buf[7], ==, 'z');

  pt_http_writer_init (&w, buf, 3);
  pt_http_writer_put_uint (&w, 1000);      /* four digits in three bytes */
  pt_http_writer_put (&w, PT_HTTP_LIT ("a"));   /* would fit, but after an overflow nothing does */
  g_assert_cmpint (pt_http_writer_finish (&w, buf), ==, -1);

  pt_http_writer_init (&w, buf, sizeof buf);
  pt_http_writer_put_uint (&w, 0);
  pt_http_writer_put_str (&w, "/x");
  g_assert_cmpint (pt_http_writer_finish (&w, buf), ==, 3);
  g_assert_cmpmem (buf, 3, "0/x", 3);
}

/* An escape is never cut: one that does not fit whole overflows. */
static void
test_escape_bound (void)
{
  char buf[8];
  PtHttpWriter w;

  pt_http_writer_init (&w, buf, 5);
  pt_http_writer_put_escaped (&w, "a\n", 2, PT_HTTP_ESCAPE_HEX);
  g_assert_cmpint (pt_http_writer_finish (&w, buf), ==, 5);
  g_assert_cmpmem (buf, 5, "a\\x0A", 5);

  pt_http_writer_init (&w, buf, 4);
  pt_http_writer_put_escaped (&w, "a\n", 2, PT_HTTP_ESCAPE_HEX);
  g_assert_cmpint (pt_http_writer_finish (&w, buf), ==, -1);
}

/* The enum's values are the codes themselves, and each has its line. */
static void
test_status_enum (void)
{
  static const struct { PtHttpStatus status; int code; const char *line; } cases[] = {
    { PT_HTTP_STATUS_OK, 200, "HTTP/1.1 200 OK\r\n" },
    { PT_HTTP_STATUS_MOVED_PERMANENTLY, 301, "HTTP/1.1 301 Moved Permanently\r\n" },
    { PT_HTTP_STATUS_SEE_OTHER, 303, "HTTP/1.1 303 See Other\r\n" },
    { PT_HTTP_STATUS_NOT_MODIFIED, 304, "HTTP/1.1 304 Not Modified\r\n" },
    { PT_HTTP_STATUS_BAD_REQUEST, 400, "HTTP/1.1 400 Bad Request\r\n" },
    { PT_HTTP_STATUS_FORBIDDEN, 403, "HTTP/1.1 403 Forbidden\r\n" },
    { PT_HTTP_STATUS_NOT_FOUND, 404, "HTTP/1.1 404 File Not Found\r\n" },
    { PT_HTTP_STATUS_METHOD_NOT_ALLOWED, 405, "HTTP/1.1 405 Method Not Allowed\r\n" },
    { PT_HTTP_STATUS_REQUEST_TIMEOUT, 408, "HTTP/1.1 408 Request Timeout\r\n" },
    { PT_HTTP_STATUS_CONTENT_TOO_LARGE, 413, "HTTP/1.1 413 Content Too Large\r\n" },
    { PT_HTTP_STATUS_URI_TOO_LONG, 414, "HTTP/1.1 414 URI Too Long\r\n" },
    { PT_HTTP_STATUS_HEADER_FIELDS_TOO_LARGE, 431, "HTTP/1.1 431 Request Header Fields Too Large\r\n" },
    { PT_HTTP_STATUS_INTERNAL_SERVER_ERROR, 500, "HTTP/1.1 500 Internal Server Error\r\n" },
    { PT_HTTP_STATUS_NOT_IMPLEMENTED, 501, "HTTP/1.1 501 Not Implemented\r\n" },
    { PT_HTTP_STATUS_SERVICE_UNAVAILABLE, 503, "HTTP/1.1 503 Service Unavailable\r\n" },
    { PT_HTTP_STATUS_VERSION_NOT_SUPPORTED, 505, "HTTP/1.1 505 HTTP Version Not Supported\r\n" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      size_t len = 0;
      const char *line = pt_http_status_line (cases[i].status, &len);

      g_assert_cmpint ((int) cases[i].status, ==, cases[i].code);
      g_assert_nonnull (line);
      g_assert_cmpmem (line, len, cases[i].line, strlen (cases[i].line));
    }
  g_assert_null (pt_http_status_line (PT_HTTP_STATUS_NONE, &(size_t) { 0 }));
  g_assert_null (pt_http_status_sentence (PT_HTTP_STATUS_OK));
  g_assert_cmpstr (pt_http_status_sentence (PT_HTTP_STATUS_NOT_FOUND), ==,
                   "The requested file does not exist in the served folder.");
  g_assert_cmpstr (pt_http_status_reason (299), ==, "Unknown");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (escape_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/escape/case/line-%d", escape_cases[i].line);
      g_test_add_data_func (name, &escape_cases[i], test_escape_case);
    }
  g_test_add_func ("/http/escape/every-byte", test_escape_every_byte);
  g_test_add_func ("/http/escape/bound", test_escape_bound);
  g_test_add_func ("/http/writer/bound", test_writer_bound);
  g_test_add_func ("/http/status/enum", test_status_enum);

  return g_test_run ();
}
