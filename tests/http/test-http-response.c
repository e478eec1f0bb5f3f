/* test-http-response.c — response heads and error bodies, byte for byte */

#include <glib.h>
#include <string.h>

#include "pt-http-etag.h"
#include "pt-http-response.h"

#define DATE   "Fri, 05 Apr 2024 12:36:26 GMT"
#define LASTMOD "Sun, 31 Mar 2024 23:17:35 GMT"

typedef struct
{
  const char         *name;
  PtHttpResponseHead  head;
  const char         *expected;
} HeadCase;

static const HeadCase head_cases[] = {
  { "200-keep-alive",
    { .status = 200, .date = DATE, .keep_alive = true, .keep_alive_timeout = 15, .keep_alive_max = 99,
      .last_modified = LASTMOD, .has_content_length = true, .content_length = 221, .content_type = "text/html" },
    "HTTP/1.1 200 OK\r\n"
    "Date: " DATE "\r\n"
    "Connection: keep-alive\r\n"
    "Keep-Alive: timeout=15, max=99\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "Content-Length: 221\r\n"
    "Content-Type: text/html\r\n"
    "\r\n" },
  { "200-close",
    { .status = 200, .date = DATE, .keep_alive = false, .keep_alive_timeout = 15, .keep_alive_max = 99,
      .last_modified = LASTMOD, .has_content_length = true, .content_length = 228, .content_type = "text/html" },
    "HTTP/1.1 200 OK\r\n"
    "Date: " DATE "\r\n"
    "Connection: close\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "Content-Length: 228\r\n"
    "Content-Type: text/html\r\n"
    "\r\n" },
  { "200-large-file",
    { .status = 200, .date = DATE, .keep_alive = true, .keep_alive_timeout = 5, .keep_alive_max = 1,
      .last_modified = LASTMOD, .has_content_length = true, .content_length = UINT64_C (18446744073709551615),
      .content_type = "video/mp4" },
    "HTTP/1.1 200 OK\r\n"
    "Date: " DATE "\r\n"
    "Connection: keep-alive\r\n"
    "Keep-Alive: timeout=5, max=1\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "Content-Length: 18446744073709551615\r\n"
    "Content-Type: video/mp4\r\n"
    "\r\n" },
  { "200-empty-file",
    { .status = 200, .date = DATE, .keep_alive = true, .keep_alive_timeout = 15, .keep_alive_max = 0,
      .last_modified = LASTMOD, .has_content_length = true, .content_length = 0, .content_type = "text/plain" },
    "HTTP/1.1 200 OK\r\n"
    "Date: " DATE "\r\n"
    "Connection: keep-alive\r\n"
    "Keep-Alive: timeout=15, max=0\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "Content-Length: 0\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n" },
  { "304-keep-alive",
    { .status = 304, .date = "Fri, 05 Apr 2024 12:58:26 GMT", .keep_alive = true, .keep_alive_timeout = 15,
      .keep_alive_max = 100, .last_modified = LASTMOD, .has_content_length = true, .content_length = 3,
      .content_type = "text/html" },
    "HTTP/1.1 304 Not Modified\r\n"
    "Date: Fri, 05 Apr 2024 12:58:26 GMT\r\n"
    "Connection: keep-alive\r\n"
    "Keep-Alive: timeout=15, max=100\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "Content-Length: 3\r\n"
    "Content-Type: text/html\r\n"
    "\r\n" },
  { "304-close",
    { .status = 304, .date = "Thu, 04 Apr 2024 23:27:13 GMT", .keep_alive = false,
      .last_modified = LASTMOD },
    "HTTP/1.1 304 Not Modified\r\n"
    "Date: Thu, 04 Apr 2024 23:27:13 GMT\r\n"
    "Connection: close\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "\r\n" },
  { "301-location",
    { .status = 301, .date = DATE, .keep_alive = true, .keep_alive_timeout = 15, .keep_alive_max = 98,
      .has_content_length = true, .content_length = 0, .location = "/docs/", .location_len = 6 },
    "HTTP/1.1 301 Moved Permanently\r\n"
    "Date: " DATE "\r\n"
    "Connection: keep-alive\r\n"
    "Keep-Alive: timeout=15, max=98\r\n"
    "Content-Length: 0\r\n"
    "Location: /docs/\r\n"
    "\r\n" },
  { "301-location-slice",
    { .status = 301, .date = DATE, .keep_alive = false,
      .has_content_length = true, .content_length = 170, .content_type = "text/html",
      .location = "/a%20b/?query", .location_len = 7 },
    "HTTP/1.1 301 Moved Permanently\r\n"
    "Date: " DATE "\r\n"
    "Connection: close\r\n"
    "Content-Length: 170\r\n"
    "Content-Type: text/html\r\n"
    "Location: /a%20b/\r\n"
    "\r\n" },
  { "404-report",
    { .status = 404, .date = "Fri, 05 Apr 2024 00:09:32 GMT", .keep_alive = false },
    "HTTP/1.1 404 File Not Found\r\n"
    "Date: Fri, 05 Apr 2024 00:09:32 GMT\r\n"
    "Connection: close\r\n"
    "\r\n" },
  { "404-with-body",
    { .status = 404, .date = DATE, .keep_alive = true, .keep_alive_timeout = 15, .keep_alive_max = 97,
      .has_content_length = true, .content_length = 190, .content_type = "text/html" },
    "HTTP/1.1 404 File Not Found\r\n"
    "Date: " DATE "\r\n"
    "Connection: keep-alive\r\n"
    "Keep-Alive: timeout=15, max=97\r\n"
    "Content-Length: 190\r\n"
    "Content-Type: text/html\r\n"
    "\r\n" },
  { "400-report",
    { .status = 400, .date = "Fri, 05 Apr 2024 12:45:36 GMT", .keep_alive = false },
    "HTTP/1.1 400 Bad Request\r\n"
    "Date: Fri, 05 Apr 2024 12:45:36 GMT\r\n"
    "Connection: close\r\n"
    "\r\n" },
  { "405-allow",
    { .status = 405, .date = DATE, .keep_alive = true, .keep_alive_timeout = 15, .keep_alive_max = 50,
      .has_content_length = true, .content_length = 160, .content_type = "text/html", .allow = true },
    "HTTP/1.1 405 Method Not Allowed\r\n"
    "Date: " DATE "\r\n"
    "Connection: keep-alive\r\n"
    "Keep-Alive: timeout=15, max=50\r\n"
    "Content-Length: 160\r\n"
    "Content-Type: text/html\r\n"
    "Allow: GET, HEAD\r\n"
    "\r\n" },
  { "503-close",
    { .status = 503, .date = DATE, .keep_alive = false, .has_content_length = true, .content_length = 1,
      .content_type = "text/html" },
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Date: " DATE "\r\n"
    "Connection: close\r\n"
    "Content-Length: 1\r\n"
    "Content-Type: text/html\r\n"
    "\r\n" },
  { "206-range",
    { .status = 206, .date = DATE, .keep_alive = true, .keep_alive_timeout = 15, .keep_alive_max = 99,
      .last_modified = LASTMOD, .has_content_length = true, .content_length = 10, .content_type = "image/png",
      .content_range = "bytes 0-9/20000", .accept_ranges = true },
    "HTTP/1.1 206 Partial Content\r\n"
    "Date: " DATE "\r\n"
    "Connection: keep-alive\r\n"
    "Keep-Alive: timeout=15, max=99\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "Content-Length: 10\r\n"
    "Content-Type: image/png\r\n"
    "Content-Range: bytes 0-9/20000\r\n"
    "Accept-Ranges: bytes\r\n"
    "\r\n" },
  { "200-accept-ranges",
    { .status = 200, .date = DATE, .keep_alive = false,
      .last_modified = LASTMOD, .has_content_length = true, .content_length = 5, .content_type = "text/plain",
      .accept_ranges = true },
    "HTTP/1.1 200 OK\r\n"
    "Date: " DATE "\r\n"
    "Connection: close\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "Content-Length: 5\r\n"
    "Content-Type: text/plain\r\n"
    "Accept-Ranges: bytes\r\n"
    "\r\n" },
  { "416-content-range",
    { .status = 416, .date = DATE, .keep_alive = false,
      .has_content_length = true, .content_length = 180, .content_type = "text/html",
      .content_range = "bytes */221" },
    "HTTP/1.1 416 Range Not Satisfiable\r\n"
    "Date: " DATE "\r\n"
    "Connection: close\r\n"
    "Content-Length: 180\r\n"
    "Content-Type: text/html\r\n"
    "Content-Range: bytes */221\r\n"
    "\r\n" },
  { "unknown-status",
    { .status = 299, .date = DATE, .keep_alive = false },
    "HTTP/1.1 299 Unknown\r\n"
    "Date: " DATE "\r\n"
    "Connection: close\r\n"
    "\r\n" },
};

static void
test_head_case (gconstpointer data)
{
  const HeadCase *c = data;
  size_t n = strlen (c->expected);
  g_autofree char *buf = g_malloc (n + 1);
  g_autofree char *small = g_malloc (n - 1);

  /* exactly enough room */
  memset (buf, '#', n + 1);
  g_assert_cmpint (pt_http_response_write_head (buf, n, &c->head), ==, (ssize_t) n);
  g_assert_cmpmem (buf, n, c->expected, n);
  g_assert_cmpint (buf[n], ==, '#');   /* nothing beyond what it returned */

  /* one byte short, and far too short */
  g_assert_cmpint (pt_http_response_write_head (small, n - 1, &c->head), ==, -1);
  g_assert_cmpint (pt_http_response_write_head (small, 10, &c->head), ==, -1);
  g_assert_cmpint (pt_http_response_write_head (small, 0, &c->head), ==, -1);
}

/* The same heads from the preformatted pieces (the server's hot path):
 * the Date line always, the file's lines when they can stand for the
 * fields (all of them, or Last-Modified alone as a 304 sends it). */
static void
test_head_case_preformatted (gconstpointer data)
{
  const HeadCase *c = data;
  PtHttpResponseHead head = c->head;
  size_t n = strlen (c->expected);
  g_autofree char *buf = g_malloc (n + 1);
  char date_line[PT_HTTP_DATE_LINE_MAX];
  char fields[PT_HTTP_FILE_FIELDS_MAX];
  size_t lm_len = 0;
  ssize_t len;

  len = pt_http_response_write_date_line (date_line, sizeof date_line, head.date);
  g_assert_cmpint (len, ==, (ssize_t) (strlen ("Date: \r\n") + strlen (head.date)));
  head.date_line = date_line;
  head.date_line_len = (size_t) len;
  head.date = NULL;

  len = pt_http_response_write_file_fields (fields, sizeof fields, head.last_modified,
                                            head.content_length, head.content_type, &lm_len);
  g_assert_cmpint (len, >, 0);
  if (head.has_content_length)
    {
      head.file_fields = fields;
      head.file_fields_len = (size_t) len;
    }
  else if (head.content_type == NULL)
    {
      head.file_fields = fields;
      head.file_fields_len = lm_len;
    }
  if (head.file_fields != NULL)
    {
      /* whatever the plain fields say, the preformatted lines win */
      head.last_modified = "-";
      head.has_content_length = false;
      head.content_type = "-";
    }

  memset (buf, '#', n + 1);
  g_assert_cmpint (pt_http_response_write_head (buf, n, &head), ==, (ssize_t) n);
  g_assert_cmpmem (buf, n, c->expected, n);
  g_assert_cmpint (buf[n], ==, '#');
  g_assert_cmpint (pt_http_response_write_head (buf, n - 1, &head), ==, -1);
}

static void
test_date_line (void)
{
  static const char expected[] = "Date: " DATE "\r\n";
  char buf[sizeof expected];

  g_assert_cmpint (pt_http_response_write_date_line (buf, sizeof buf - 1, DATE), ==, sizeof expected - 1);
  g_assert_cmpmem (buf, sizeof expected - 1, expected, sizeof expected - 1);
  g_assert_cmpint (pt_http_response_write_date_line (buf, sizeof buf - 2, DATE), ==, -1);
  g_assert_cmpint (pt_http_response_write_date_line (buf, sizeof buf, NULL), ==, -1);
  g_assert_cmpuint (sizeof expected, <=, PT_HTTP_DATE_LINE_MAX);
}

static void
test_file_fields (void)
{
  static const char expected[] =
    "Last-Modified: " LASTMOD "\r\n"
    "Content-Length: 18446744073709551615\r\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.presentationml.presentation\r\n";
  static const char no_lm[] = "Content-Length: 0\r\n";
  char buf[PT_HTTP_FILE_FIELDS_MAX];
  size_t lm_len = 99;

  /* the longest length and a type longer than any in the MIME table fit */
  g_assert_cmpuint (sizeof expected - 1, <=, PT_HTTP_FILE_FIELDS_MAX);
  g_assert_cmpint (pt_http_response_write_file_fields (buf, sizeof expected - 1, LASTMOD, UINT64_MAX,
                     "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                     &lm_len), ==, sizeof expected - 1);
  g_assert_cmpmem (buf, sizeof expected - 1, expected, sizeof expected - 1);
  g_assert_cmpuint (lm_len, ==, strlen ("Last-Modified: " LASTMOD "\r\n"));
  g_assert_cmpint (pt_http_response_write_file_fields (buf, sizeof expected - 2, LASTMOD, UINT64_MAX,
                     "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                     &lm_len), ==, -1);

  g_assert_cmpint (pt_http_response_write_file_fields (buf, sizeof buf, NULL, 0, NULL, &lm_len),
                   ==, sizeof no_lm - 1);
  g_assert_cmpmem (buf, sizeof no_lm - 1, no_lm, sizeof no_lm - 1);
  g_assert_cmpuint (lm_len, ==, 0);
}

/* ETag and Cache-Control: between Last-Modified and Content-Length, and
 * the 304 prefix covers all three validator lines; the longest etag and
 * Cache-Control value with the longest type still fit. */
static void
test_validator_fields (void)
{
  static const char etag[] = "\"ffffffffffffffff.ffffffffffffffff-ffffffffffffffff-ffffffffffffffff.3b9ac9ff\"";
  static const char prefix[] =
    "Last-Modified: " LASTMOD "\r\n"
    "ETag: \"ffffffffffffffff.ffffffffffffffff-ffffffffffffffff-ffffffffffffffff.3b9ac9ff\"\r\n"
    "Cache-Control: ";
  static const char tail[] =
    "\r\n"
    "Content-Length: 18446744073709551615\r\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.presentationml.presentation\r\n";
  char cache_control[PT_HTTP_CACHE_CONTROL_MAX + 1];
  char expected[PT_HTTP_FILE_FIELDS_MAX + 1];
  char buf[PT_HTTP_FILE_FIELDS_MAX];
  PtHttpFileFields fields = {
    .last_modified = LASTMOD,
    .etag = etag,
    .cache_control = cache_control,
    .content_length = UINT64_MAX,
    .content_type = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  };
  size_t nm_len = 99;
  size_t n;

  g_assert_cmpuint (sizeof etag - 1, ==, PT_HTTP_ETAG_MAX_LEN);
  memset (cache_control, 'c', PT_HTTP_CACHE_CONTROL_MAX);
  cache_control[PT_HTTP_CACHE_CONTROL_MAX] = '\0';
  n = (size_t) g_snprintf (expected, sizeof expected, "%s%s%s", prefix, cache_control, tail);
  g_assert_cmpuint (n, <=, PT_HTTP_FILE_FIELDS_MAX);

  g_assert_cmpint (pt_http_response_write_validator_fields (buf, n, &fields, &nm_len), ==, (ssize_t) n);
  g_assert_cmpmem (buf, n, expected, n);
  g_assert_cmpuint (nm_len, ==, n - (sizeof tail - 1) + 2);
  g_assert_cmpint (pt_http_response_write_validator_fields (buf, n - 1, &fields, &nm_len), ==, -1);

  /* none of the three: just the entity lines */
  fields.last_modified = NULL;
  fields.etag = NULL;
  fields.cache_control = NULL;
  fields.content_length = 5;
  fields.content_type = "text/plain; charset=utf-8";
  n = strlen ("Content-Length: 5\r\nContent-Type: text/plain; charset=utf-8\r\n");
  g_assert_cmpint (pt_http_response_write_validator_fields (buf, sizeof buf, &fields, &nm_len), ==, (ssize_t) n);
  g_assert_cmpmem (buf, n, "Content-Length: 5\r\nContent-Type: text/plain; charset=utf-8\r\n", n);
  g_assert_cmpuint (nm_len, ==, 0);
  g_assert_cmpint (pt_http_response_write_validator_fields (buf, sizeof buf, NULL, &nm_len), ==, -1);
}

/* Vary (with the validators: a 304 sends it) and Content-Encoding (after
 * Content-Type: an entity line) of a precompressed file; the longest of
 * everything still fits. */
static void
test_validator_fields_coding (void)
{
  static const char etag[] = "\"ffffffffffffffff.ffffffffffffffff-ffffffffffffffff-ffffffffffffffff.3b9ac9ff\"";
  static const char type[] = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  char cache_control[PT_HTTP_CACHE_CONTROL_MAX + 1];
  g_autofree char *not_modified = NULL;
  g_autofree char *expected = NULL;
  char buf[PT_HTTP_FILE_FIELDS_MAX];
  PtHttpFileFields fields = {
    .last_modified = LASTMOD,
    .etag = etag,
    .cache_control = cache_control,
    .content_length = UINT64_MAX,
    .content_type = type,
    .vary = "Accept-Encoding",
    .content_encoding = "gzip",
  };
  size_t nm_len = 99;
  size_t n;

  memset (cache_control, 'c', PT_HTTP_CACHE_CONTROL_MAX);
  cache_control[PT_HTTP_CACHE_CONTROL_MAX] = '\0';
  not_modified = g_strdup_printf ("Last-Modified: " LASTMOD "\r\nETag: %s\r\nCache-Control: %s\r\n"
                                  "Vary: Accept-Encoding\r\n", etag, cache_control);
  expected = g_strdup_printf ("%sContent-Length: 18446744073709551615\r\nContent-Type: %s\r\n"
                              "Content-Encoding: gzip\r\n", not_modified, type);
  n = strlen (expected);
  g_assert_cmpuint (n, ==, 451);
  g_assert_cmpuint (n, <=, PT_HTTP_FILE_FIELDS_MAX);

  g_assert_cmpint (pt_http_response_write_validator_fields (buf, sizeof buf, &fields, &nm_len), ==, (ssize_t) n);
  g_assert_cmpmem (buf, n, expected, n);
  g_assert_cmpuint (nm_len, ==, strlen (not_modified));
  g_assert_cmpint (pt_http_response_write_validator_fields (buf, n - 1, &fields, &nm_len), ==, -1);

  /* the identity file beside a sidecar: Vary, no Content-Encoding */
  fields.last_modified = NULL;
  fields.etag = NULL;
  fields.cache_control = NULL;
  fields.content_length = 5;
  fields.content_type = "text/css";
  fields.content_encoding = NULL;
  n = strlen ("Vary: Accept-Encoding\r\nContent-Length: 5\r\nContent-Type: text/css\r\n");
  g_assert_cmpint (pt_http_response_write_validator_fields (buf, sizeof buf, &fields, &nm_len), ==, (ssize_t) n);
  g_assert_cmpmem (buf, n, "Vary: Accept-Encoding\r\nContent-Length: 5\r\nContent-Type: text/css\r\n", n);
  g_assert_cmpuint (nm_len, ==, strlen ("Vary: Accept-Encoding\r\n"));
}

/* Without preformatted fields the head writes Vary and Content-Encoding
 * itself, in the same places. */
static void
test_head_coding (void)
{
  static const char expected[] =
    "HTTP/1.1 206 Partial Content\r\n"
    "Date: " DATE "\r\n"
    "Connection: close\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "ETag: \"1.2-3-4.5\"\r\n"
    "Vary: Accept-Encoding\r\n"
    "Content-Length: 3\r\n"
    "Content-Type: text/css\r\n"
    "Content-Encoding: br\r\n"
    "Content-Range: bytes 0-2/9\r\n"
    "Accept-Ranges: bytes\r\n"
    "\r\n";
  PtHttpResponseHead head = {
    .status = 206, .date = DATE, .last_modified = LASTMOD,
    .etag = "\"1.2-3-4.5\"", .vary = "Accept-Encoding",
    .has_content_length = true, .content_length = 3, .content_type = "text/css",
    .content_encoding = "br", .content_range = "bytes 0-2/9", .accept_ranges = true,
  };
  char buf[512];

  g_assert_cmpint (pt_http_response_write_head (buf, sizeof buf, &head), ==, sizeof expected - 1);
  g_assert_cmpmem (buf, sizeof expected - 1, expected, sizeof expected - 1);
}

/* Without preformatted fields the head writes ETag and Cache-Control itself. */
static void
test_head_validators (void)
{
  static const char expected[] =
    "HTTP/1.1 304 Not Modified\r\n"
    "Date: " DATE "\r\n"
    "Connection: close\r\n"
    "Last-Modified: " LASTMOD "\r\n"
    "ETag: \"1.2-3-4.5\"\r\n"
    "Cache-Control: no-cache\r\n"
    "\r\n";
  PtHttpResponseHead head = {
    .status = 304, .date = DATE, .last_modified = LASTMOD,
    .etag = "\"1.2-3-4.5\"", .cache_control = "no-cache",
  };
  char buf[256];

  g_assert_cmpint (pt_http_response_write_head (buf, sizeof buf, &head), ==, sizeof expected - 1);
  g_assert_cmpmem (buf, sizeof expected - 1, expected, sizeof expected - 1);
}

static void
test_head_no_date (void)
{
  PtHttpResponseHead head = { .status = 200 };
  char buf[256];

  g_assert_cmpint (pt_http_response_write_head (buf, sizeof buf, &head), ==, -1);
}

typedef struct
{
  int         status;
  const char *reason;
  const char *sentence;
} StatusCase;

static const StatusCase status_cases[] = {
  { 200, "OK", NULL },
  { 206, "Partial Content", NULL },
  { 301, "Moved Permanently", "The resource has moved; follow the Location header." },
  { 304, "Not Modified", NULL },
  { 400, "Bad Request", "The request is malformed or asks for a file type this server does not serve." },
  { 403, "Forbidden", "The server is not allowed to read the requested file." },
  { 404, "File Not Found", "The requested file does not exist in the served folder." },
  { 405, "Method Not Allowed", "Only the GET and HEAD methods are supported." },
  { 408, "Request Timeout", "The request was not received in time." },
  { 412, "Precondition Failed", "The file has changed since the version the request's If-Match or If-Unmodified-Since names." },
  { 413, "Content Too Large", "The request body is larger than this server accepts." },
  { 414, "URI Too Long", "The requested path is longer than this server accepts." },
  { 416, "Range Not Satisfiable", "The requested byte range lies beyond the end of the file." },
  { 421, "Misdirected Request", "This server answers only requests addressed to localhost." },
  { 431, "Request Header Fields Too Large", "The request header fields are too large or too many." },
  { 500, "Internal Server Error", "The server failed to read the requested file." },
  { 501, "Not Implemented", "The request method or transfer coding is not known to this server." },
  { 503, "Service Unavailable", "The server has too many open connections; try again later." },
  { 505, "HTTP Version Not Supported", "Only HTTP/1.0 and HTTP/1.1 are supported." },
  { 418, "Unknown", "The server could not answer this request." },
};

static void
test_status_case (gconstpointer data)
{
  const StatusCase *c = data;
  char buf[PT_HTTP_MAX_ERROR_BODY + 1];
  g_autofree char *expected = NULL;
  size_t line_len = 0;
  ssize_t n;

  g_assert_cmpstr (pt_http_status_reason (c->status), ==, c->reason);
  if (strcmp (c->reason, "Unknown") == 0)
    g_assert_null (pt_http_status_line (c->status, &line_len));
  else
    {
      g_autofree char *line = g_strdup_printf ("HTTP/1.1 %d %s\r\n", c->status, c->reason);

      g_assert_cmpstr (pt_http_status_line (c->status, &line_len), ==, line);
      g_assert_cmpuint (line_len, ==, strlen (line));
    }
  if (c->sentence == NULL)
    return;

  expected = g_strdup_printf ("<!DOCTYPE html>\n"
                              "<html><head><title>%d %s</title></head><body>"
                              "<h1>%d %s</h1><p>%s</p></body></html>\n",
                              c->status, c->reason, c->status, c->reason, c->sentence);
  n = pt_http_response_write_error_body (buf, sizeof buf, c->status);
  g_assert_cmpint (n, ==, (ssize_t) strlen (expected));
  g_assert_cmpint (n, <=, PT_HTTP_MAX_ERROR_BODY);
  g_assert_cmpmem (buf, (size_t) n, expected, strlen (expected));

  /* exactly enough, then one byte short */
  g_assert_cmpint (pt_http_response_write_error_body (buf, (size_t) n, c->status), ==, n);
  g_assert_cmpint (pt_http_response_write_error_body (buf, (size_t) n - 1, c->status), ==, -1);
}

/* The report's 404 body, spelled out once in full. */
static void
test_error_body_404_literal (void)
{
  static const char expected[] =
    "<!DOCTYPE html>\n<html><head><title>404 File Not Found</title></head><body>"
    "<h1>404 File Not Found</h1><p>The requested file does not exist in the served folder.</p></body></html>\n";
  char buf[PT_HTTP_MAX_ERROR_BODY];
  ssize_t n = pt_http_response_write_error_body (buf, sizeof buf, 404);

  g_assert_cmpmem (buf, (size_t) n, expected, sizeof expected - 1);
}

/* The one error-reply builder: head fields it fills in, the body behind
 * the head (not for HEAD), and the size bound at N and N + 1. */
static void
test_error_reply (void)
{
  static const char body[] =
    "<!DOCTYPE html>\n<html><head><title>404 File Not Found</title></head><body>"
    "<h1>404 File Not Found</h1><p>The requested file does not exist in the served folder.</p></body></html>\n";
  g_autofree char *expected_head = g_strdup_printf ("HTTP/1.1 404 File Not Found\r\n"
                                                    "Date: " DATE "\r\n"
                                                    "Connection: close\r\n"
                                                    "Content-Length: %zu\r\n"
                                                    "Content-Type: text/html\r\n"
                                                    "\r\n", sizeof body - 1);
  g_autofree char *expected = g_strconcat (expected_head, body, NULL);
  char buf[2048];
  PtHttpResponseHead head = { .status = PT_HTTP_STATUS_NOT_FOUND, .date = DATE };
  uint64_t body_len = 0;
  ssize_t n = pt_http_response_write_error (buf, sizeof buf, &head, false, &body_len);

  g_assert_cmpint (n, ==, (ssize_t) strlen (expected));
  g_assert_cmpmem (buf, (size_t) n, expected, strlen (expected));
  g_assert_cmpuint (body_len, ==, sizeof body - 1);

  /* HEAD: the same head, Content-Length included, no body */
  memset (&head, 0, sizeof head);
  head.status = PT_HTTP_STATUS_NOT_FOUND;
  head.date = DATE;
  n = pt_http_response_write_error (buf, sizeof buf, &head, true, &body_len);
  g_assert_cmpmem (buf, (size_t) n, expected_head, strlen (expected_head));
  g_assert_cmpuint (body_len, ==, sizeof body - 1);

  /* exactly enough, then one byte short */
  memset (&head, 0, sizeof head);
  head.status = PT_HTTP_STATUS_NOT_FOUND;
  head.date = DATE;
  g_assert_cmpint (pt_http_response_write_error (buf, strlen (expected), &head, false, &body_len),
                   ==, (ssize_t) strlen (expected));
  g_assert_cmpint (pt_http_response_write_error (buf, strlen (expected) - 1, &head, false, &body_len),
                   ==, -1);
}

/* 405 gets Allow; a Location too long for the buffer is left out, not cut. */
static void
test_error_reply_allow_and_location (void)
{
  char buf[1024];
  char location[900];
  PtHttpResponseHead head = { .status = PT_HTTP_STATUS_METHOD_NOT_ALLOWED, .date = DATE };
  uint64_t body_len = 0;
  ssize_t n = pt_http_response_write_error (buf, sizeof buf, &head, true, &body_len);

  g_assert_cmpint (n, >, 0);
  g_assert_nonnull (g_strstr_len (buf, n, "\r\nAllow: GET, HEAD\r\n\r\n"));

  memset (location, 'a', sizeof location);
  location[0] = '/';
  memset (&head, 0, sizeof head);
  head.status = PT_HTTP_STATUS_MOVED_PERMANENTLY;
  head.date = DATE;
  head.location = location;
  head.location_len = sizeof location;
  n = pt_http_response_write_error (buf, sizeof buf, &head, false, &body_len);
  g_assert_cmpint (n, >, 0);
  g_assert_null (g_strstr_len (buf, n, "Location:"));
  g_assert_null (head.location);

  head.location = "/dir/";
  head.location_len = 5;
  n = pt_http_response_write_error (buf, sizeof buf, &head, false, &body_len);
  g_assert_nonnull (g_strstr_len (buf, n, "\r\nLocation: /dir/\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (head_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/response/head/%s", head_cases[i].name);

      g_autofree char *pre = g_strdup_printf ("/http/response/head-preformatted/%s", head_cases[i].name);

      g_test_add_data_func (name, &head_cases[i], test_head_case);
      g_test_add_data_func (pre, &head_cases[i], test_head_case_preformatted);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (status_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/response/status/%d", status_cases[i].status);

      g_test_add_data_func (name, &status_cases[i], test_status_case);
    }
  g_test_add_func ("/http/response/head/no-date", test_head_no_date);
  g_test_add_func ("/http/response/date-line", test_date_line);
  g_test_add_func ("/http/response/file-fields", test_file_fields);
  g_test_add_func ("/http/response/validator-fields", test_validator_fields);
  g_test_add_func ("/http/response/validator-fields/coding", test_validator_fields_coding);
  g_test_add_func ("/http/response/head/validators", test_head_validators);
  g_test_add_func ("/http/response/head/coding", test_head_coding);
  g_test_add_func ("/http/response/error-body-404", test_error_body_404_literal);
  g_test_add_func ("/http/response/error-reply", test_error_reply);
  g_test_add_func ("/http/response/error-reply-allow-location", test_error_reply_allow_and_location);

  return g_test_run ();
}
