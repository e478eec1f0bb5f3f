/* test-http-parser.c — table tests for pt_http_parse_request (lighttpd-style)
 *
 * Every case is {expected status, description, raw bytes}.  Each case is
 * parsed in one shot and then fed as every prefix (split at every byte
 * offset, copied into an exact-size buffer so ASan sees any over-read): a
 * prefix must give 0 or the same error, and once the head is complete the
 * same result as the one-shot parse.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-parser.h"

#define OK       200   /* complete: consumes head_len bytes (all input when 0) */
#define PARTIAL  0     /* incomplete: returns 0 */

#define MAX_EXPECTED_HEADERS 3

typedef struct
{
  PtHttpHeaderId id;
  const char    *value;
} ExpectedHeader;

typedef struct
{
  int             line;
  int             status;        /* OK, PARTIAL, or the error status */
  const char     *desc;
  const char     *raw;
  size_t          raw_len;
  /* checked when status == OK */
  size_t          head_len;      /* 0: the whole input */
  PtHttpMethod    method;
  const char     *method_str;    /* NULL: as pt_http_method_to_string */
  const char     *target;        /* NULL: same as path */
  const char     *path;
  int             minor;
  bool            keep_alive;
  int             check;         /* pt_http_request_check */
  size_t          n_fields;
  ExpectedHeader  headers[MAX_EXPECTED_HEADERS];
  int64_t         content_length; /* -1: none */
  bool            chunked;        /* Transfer-Encoding: chunked accepted */
} ParserCase;

#define RAW(s) .raw = (s), .raw_len = sizeof (s) - 1
#define CASE(st, d, s) .line = __LINE__, .status = (st), .desc = (d), RAW (s)
#define NO_CL .content_length = -1
#define H(i, v) { PT_HTTP_HEADER_##i, (v) }

#define CHROME_HEAD \
  "GET /polyuLogo.png HTTP/1.1\r\n" \
  "Host: 127.0.0.1:8080\r\n" \
  "Connection: keep-alive\r\n" \
  "sec-ch-ua: \"Not_A Brand\";v=\"99\", \"Google Chrome\";v=\"109\", \"Chromium\";v=\"109\"\r\n" \
  "sec-ch-ua-mobile: ?0\r\n" \
  "sec-ch-ua-platform: \"macOS\"\r\n" \
  "Upgrade-Insecure-Requests: 1\r\n" \
  "User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36\r\n" \
  "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.9\r\n" \
  "Sec-Fetch-Site: none\r\n" \
  "Sec-Fetch-Mode: navigate\r\n" \
  "Sec-Fetch-User: ?1\r\n" \
  "Sec-Fetch-Dest: document\r\n" \
  "Accept-Encoding: gzip, deflate, br\r\n" \
  "Accept-Language: zh-CN,zh;q=0.9,zh-TW;q=0.8\r\n" \
  "\r\n"

static const ParserCase parser_cases[] = {
  /* --- valid heads --- */
  { CASE (OK, "minimal HTTP/1.1 with Host", "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true,
    .n_fields = 1, .headers = { H (HOST, "a") }, NO_CL },
  { CASE (OK, "HTTP/1.0 without headers closes", "GET /index.html HTTP/1.0\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/index.html", .minor = 0, .keep_alive = false, NO_CL },
  { CASE (OK, "HTTP/1.0 with keep-alive persists", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 0, .keep_alive = true,
    .n_fields = 1, .headers = { H (CONNECTION, "keep-alive") }, NO_CL },
  { CASE (OK, "HTTP/1.0 Keep-Alive is case-insensitive", "GET / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 0, .keep_alive = true,
    .n_fields = 1, .headers = { H (CONNECTION, "Keep-Alive") }, NO_CL },
  { CASE (OK, "HTTP/1.0 keep-alive and close: close wins", "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 0, .keep_alive = false, .n_fields = 1, NO_CL },
  { CASE (OK, "HTTP/1.0 unrelated token", "GET / HTTP/1.0\r\nConnection: upgrade\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 0, .keep_alive = false, .n_fields = 1, NO_CL },
  { CASE (OK, "HTTP/1.1 Connection: close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = false,
    .n_fields = 2, .headers = { H (HOST, "a"), H (CONNECTION, "close") }, NO_CL },
  { CASE (OK, "HTTP/1.1 Connection: CLOSE", "GET / HTTP/1.1\r\nHost: a\r\nConnection: CLOSE\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = false, .n_fields = 2, NO_CL },
  { CASE (OK, "HTTP/1.1 close within a list", "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade ,\tclose , foo\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = false, .n_fields = 2,
    .headers = { H (CONNECTION, "Upgrade ,\tclose , foo") }, NO_CL },
  { CASE (OK, "HTTP/1.1 keep-alive, Upgrade persists", "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 2, NO_CL },
  { CASE (OK, "\"closed\" is not the token close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 2, NO_CL },
  { CASE (OK, "close in a second Connection line", "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = false, .n_fields = 3,
    .headers = { H (CONNECTION, "keep-alive") }, NO_CL },
  { CASE (OK, "bare LF line ends", "GET / HTTP/1.1\nHost: a\n\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true,
    .n_fields = 1, .headers = { H (HOST, "a") }, NO_CL },
  { CASE (OK, "mixed LF and CRLF", "GET / HTTP/1.1\r\nHost: a\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true,
    .n_fields = 1, .headers = { H (HOST, "a") }, NO_CL },
  { CASE (OK, "HEAD", "HEAD /index.html HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_HEAD, .path = "/index.html", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "POST parses, check says 405", "POST /form HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_POST, .path = "/form", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 1, NO_CL },
  { CASE (OK, "PUT -> 405", "PUT /x HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_PUT, .path = "/x", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 1, NO_CL },
  { CASE (OK, "DELETE -> 405", "DELETE /x HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_DELETE, .path = "/x", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 1, NO_CL },
  { CASE (OK, "PATCH -> 405", "PATCH /x HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_PATCH, .path = "/x", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 1, NO_CL },
  { CASE (OK, "TRACE -> 405", "TRACE / HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_TRACE, .path = "/", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 1, NO_CL },
  { CASE (OK, "OPTIONS * -> 405", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_OPTIONS, .target = "*", .path = "", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 1, NO_CL },
  { CASE (OK, "CONNECT -> 405 (authority-form is not ours: 400)", "CONNECT /x HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_CONNECT, .path = "/x", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 1, NO_CL },
  { CASE (OK, "unknown method token -> 501", "BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_UNKNOWN, .method_str = "BREW", .path = "/pot", .minor = 1, .keep_alive = true, .check = 501, .n_fields = 1, NO_CL },
  { CASE (OK, "methods are case-sensitive: get -> 501", "get / HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_UNKNOWN, .method_str = "get", .path = "/", .minor = 1, .keep_alive = true, .check = 501, .n_fields = 1, NO_CL },
  { CASE (OK, "token characters in a method", "M-SEARCH! / HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_UNKNOWN, .method_str = "M-SEARCH!", .path = "/", .minor = 1, .keep_alive = true, .check = 501, .n_fields = 1, NO_CL },
  { CASE (OK, "unknown method wins over missing Host", "BREW / HTTP/1.1\r\n\r\n"),
    .method = PT_HTTP_METHOD_UNKNOWN, .method_str = "BREW", .path = "/", .minor = 1, .keep_alive = true, .check = 501, NO_CL },
  { CASE (OK, "POST without Host: 405 first", "POST / HTTP/1.1\r\n\r\n"),
    .method = PT_HTTP_METHOD_POST, .path = "/", .minor = 1, .keep_alive = true, .check = 405, NO_CL },
  { CASE (OK, "HTTP/1.1 without Host: check says 400", "GET / HTTP/1.1\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .check = 400, NO_CL },
  { CASE (OK, "HTTP/1.0 needs no Host", "HEAD /a HTTP/1.0\r\nUser-Agent: t\r\n\r\n"),
    .method = PT_HTTP_METHOD_HEAD, .path = "/a", .minor = 0, .keep_alive = false, .n_fields = 1,
    .headers = { H (USER_AGENT, "t") }, NO_CL },
  { CASE (OK, "query removed from path", "GET /a/b?x=1&y=/z HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .target = "/a/b?x=1&y=/z", .path = "/a/b", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "fragment removed from path", "GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .target = "/a#frag", .path = "/a", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "root with query", "GET /? HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .target = "/?", .path = "/", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "absolute-form", "GET http://example.com:8080/x/y?z HTTP/1.1\r\nHost: example.com\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .target = "http://example.com:8080/x/y?z", .path = "/x/y", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "absolute-form scheme is case-insensitive", "GET HTTP://Example.COM/x HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .target = "HTTP://Example.COM/x", .path = "/x", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "absolute-form https without path", "GET https://h HTTP/1.1\r\nHost: h\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .target = "https://h", .path = "/", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "absolute-form with query, no path", "GET http://h?q=/x HTTP/1.1\r\nHost: h\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .target = "http://h?q=/x", .path = "/", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "bytes >= 0x80 pass to the path normaliser", "GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/caf\xc3\xa9", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "percent escapes are left to the normaliser", "GET /%2e%2e/%00 HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/%2e%2e/%00", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "OWS trimmed around values", "GET / HTTP/1.1\r\nHost: \t a b \t \r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 1,
    .headers = { H (HOST, "a b") }, NO_CL },
  { CASE (OK, "no space after the colon", "GET / HTTP/1.1\r\nHost:a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 1,
    .headers = { H (HOST, "a") }, NO_CL },
  { CASE (OK, "empty value", "GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nReferer:   \r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 3,
    .headers = { H (HOST, "a"), H (REFERER, "") }, NO_CL },
  { CASE (OK, "header names are case-insensitive", "GET / HTTP/1.1\r\nhOsT: a\r\nUSER-AGENT: u\r\nif-none-match: \"x\"\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 3,
    .headers = { H (HOST, "a"), H (USER_AGENT, "u"), H (IF_NONE_MATCH, "\"x\"") }, NO_CL },
  { CASE (OK, "If-Modified-Since, Range, If-Range",
          "GET /a HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: Sat, 11 May 2024 23:59:59 GMT\r\nRange: bytes=0-1\r\nIf-Range: \"e\"\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/a", .minor = 1, .keep_alive = true, .n_fields = 4,
    .headers = { H (IF_MODIFIED_SINCE, "Sat, 11 May 2024 23:59:59 GMT"), H (RANGE, "bytes=0-1"), H (IF_RANGE, "\"e\"") }, NO_CL },
  { CASE (OK, "HTTP/1.2 is handled as HTTP/1.1 (RFC 9112 2.3)", "GET / HTTP/1.2\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true,
    .n_fields = 1, .headers = { H (HOST, "a") }, NO_CL },
  { CASE (OK, "HTTP/1.9 needs Host like 1.1", "GET / HTTP/1.9\r\nConnection: close\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = false, .check = 400,
    .n_fields = 1, .headers = { H (CONNECTION, "close") }, NO_CL },
  { CASE (OK, "If-Match, If-Unmodified-Since, If-None-Match",
          "GET /a HTTP/1.1\r\nHost: a\r\nIf-Match: \"x\", W/\"y\"\r\nIf-Unmodified-Since: Sat, 11 May 2024 23:59:59 GMT\r\nIf-None-Match: *\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/a", .minor = 1, .keep_alive = true, .n_fields = 4,
    .headers = { H (IF_MATCH, "\"x\", W/\"y\""), H (IF_UNMODIFIED_SINCE, "Sat, 11 May 2024 23:59:59 GMT"),
                 H (IF_NONE_MATCH, "*") }, NO_CL },
  { CASE (OK, "repeated If-Match keeps the first", "GET / HTTP/1.1\r\nHost: a\r\nIf-Match: \"1\"\r\nif-match: \"2\"\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 3,
    .headers = { H (IF_MATCH, "\"1\"") }, NO_CL },
  { CASE (OK, "repeated If-None-Match keeps the first", "GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"1\"\r\nIf-None-Match: \"2\"\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 3,
    .headers = { H (IF_NONE_MATCH, "\"1\"") }, NO_CL },
  { CASE (OK, "obs-text and HTAB inside a value", "GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: caf\xc3\xa9\tx\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 2,
    .headers = { H (USER_AGENT, "caf\xc3\xa9\tx") }, NO_CL },
  { CASE (OK, "tchar specials in a field name", "GET / HTTP/1.1\r\nHost: a\r\nX-A_b!#$%&'*+.^`|~: v\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 2, NO_CL },
  { CASE (OK, "value containing colons", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 1,
    .headers = { H (HOST, "[::1]:8080") }, NO_CL },
  { CASE (OK, "Content-Length: 0", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 2,
    .headers = { H (CONTENT_LENGTH, "0") }, .content_length = 0 },
  { CASE (OK, "Content-Length repeated with the same value", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n"),
    .method = PT_HTTP_METHOD_POST, .path = "/", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 3, .content_length = 5 },
  { CASE (OK, "Content-Length with leading zeros", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 007\r\n\r\n"),
    .method = PT_HTTP_METHOD_POST, .path = "/", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 2, .content_length = 7 },
  { CASE (OK, "Content-Length at PT_HTTP_MAX_BODY (1 MiB)", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n"),
    .method = PT_HTTP_METHOD_POST, .path = "/", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 2, .content_length = 1048576 },
  { CASE (OK, "Transfer-Encoding: chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
    .head_len = 56, .method = PT_HTTP_METHOD_POST, .path = "/", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 2,
    .headers = { H (TRANSFER_ENCODING, "chunked") }, NO_CL, .chunked = true },
  { CASE (OK, "Transfer-Encoding: CHUNKED, case-insensitive, OWS and empty elements",
          "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , CHUNKED ,\t\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 2,
    .headers = { H (TRANSFER_ENCODING, ", CHUNKED ,") }, NO_CL, .chunked = true },
  { CASE (OK, "the body is not part of the head", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"),
    .head_len = 47, .method = PT_HTTP_METHOD_POST, .path = "/", .minor = 1, .keep_alive = true, .check = 405, .n_fields = 2, .content_length = 5 },
  { CASE (OK, "pipelined: the first parse consumes exactly the first request",
          "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"),
    .head_len = 28, .method = PT_HTTP_METHOD_GET, .path = "/a", .minor = 1, .keep_alive = true, .n_fields = 1,
    .headers = { H (HOST, "a") }, NO_CL },
  { CASE (OK, "pipelined: second request in the buffer is still incomplete", "HEAD /a HTTP/1.0\r\n\r\nGET /b HT"),
    .head_len = 20, .method = PT_HTTP_METHOD_HEAD, .path = "/a", .minor = 0, .keep_alive = false, NO_CL },
  { CASE (OK, "one leading CRLF is skipped and counted", "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .n_fields = 1, NO_CL },
  { CASE (OK, "PT_HTTP_MAX_EMPTY_LINES (8) leading empty lines", "\r\n\n\r\n\n\r\n\n\r\n\nGET / HTTP/1.0\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 0, .keep_alive = false, NO_CL },
  { CASE (OK, "the report's conditional keep-alive request (no Host: check says 400)",
          "GET / HTTP/1.1\r\nIf-Modified-Since: Sat, 11 May 2024 23:59:59 GMT\r\nConnection: keep-alive\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 1, .keep_alive = true, .check = 400, .n_fields = 2,
    .headers = { H (IF_MODIFIED_SINCE, "Sat, 11 May 2024 23:59:59 GMT"), H (CONNECTION, "keep-alive") }, NO_CL },
  { CASE (OK, "the report's Chrome 109 head", CHROME_HEAD),
    .method = PT_HTTP_METHOD_GET, .path = "/polyuLogo.png", .minor = 1, .keep_alive = true, .n_fields = 14,
    .headers = { H (HOST, "127.0.0.1:8080"), H (CONNECTION, "keep-alive"),
                 H (USER_AGENT, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36") },
    NO_CL },
  { CASE (OK, "curl head",
          "GET /helloworld.html HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/helloworld.html", .minor = 1, .keep_alive = true, .n_fields = 3,
    .headers = { H (HOST, "localhost:8080"), H (USER_AGENT, "curl/7.88.1") }, NO_CL },
  { CASE (OK, "Firefox conditional head",
          "GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0\r\n"
          "Accept: text/css,*/*;q=0.1\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br\r\n"
          "Connection: keep-alive\r\nReferer: http://127.0.0.1:8080/\r\nIf-Modified-Since: Sun, 31 Mar 2024 23:17:35 GMT\r\n"
          "If-None-Match: \"65f9f0df-e4\"\r\nSec-Fetch-Dest: style\r\nCache-Control: max-age=0\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/style.css", .minor = 1, .keep_alive = true, .n_fields = 11,
    .headers = { H (REFERER, "http://127.0.0.1:8080/"), H (IF_MODIFIED_SINCE, "Sun, 31 Mar 2024 23:17:35 GMT"),
                 H (IF_NONE_MATCH, "\"65f9f0df-e4\"") }, NO_CL },
  { CASE (OK, "ab (ApacheBench) HTTP/1.0 keep-alive head",
          "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: 127.0.0.1:8080\r\nUser-Agent: ApacheBench/2.3\r\nAccept: */*\r\n\r\n"),
    .method = PT_HTTP_METHOD_GET, .path = "/", .minor = 0, .keep_alive = true, .n_fields = 4, NO_CL },

  /* --- the report's own requests: "HTTP:/1.1" is not a version --- */
  { CASE (400, "report: GET ... HTTP:/1.1", "GET /index.html HTTP:/1.1\r\nConnection: close\r\n\r\n") },
  { CASE (400, "report: HEAD ... HTTP:/1.1", "HEAD /index.html HTTP:/1.1\r\nConnection: keep-alive\r\n\r\n") },
  { CASE (400, "report: conditional HTTP:/1.1",
          "GET /index.html HTTP:/1.1\r\nIf-Modified-Since: Sat, 11 May 2024 23:59:59 GMT\r\nConnection: close\r\n\r\n") },
  { CASE (400, "report: HTTP:/1.1 without headers", "HEAD /photo1.py HTTP:/1.1\r\n\r\n") },

  /* --- request line --- */
  { CASE (400, "lowercase http/1.1", "GET / http/1.1\r\n\r\n") },
  { CASE (400, "missing version", "GET /\r\n\r\n") },
  { CASE (400, "missing target and version", "GET\r\n\r\n") },
  { CASE (400, "empty request line after the limit of empty lines", "\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.0\r\n\r\n") },
  { CASE (400, "trailing space after the version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n") },
  { CASE (400, "two spaces before the target", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "two spaces before the version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "leading space", " GET / HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "HTAB as separator", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "space inside the target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "HTTP/1", "GET / HTTP/1\r\n\r\n") },
  { CASE (400, "HTTP/1.10", "GET / HTTP/1.10\r\n\r\n") },
  { CASE (400, "HTTP/11", "GET / HTTP/11\r\n\r\n") },
  { CASE (400, "HTTP/a.b", "GET / HTTP/a.b\r\n\r\n") },
  { CASE (400, "HTTP 1.1", "GET / HTTP 1.1\r\n\r\n") },
  { CASE (400, "non-token method byte", "GE(T / HTTP/1.1\r\n\r\n") },
  { CASE (400, "control byte in the target", "GET /a\x01" "b HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "DEL in the target", "GET /a\x7f HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "NUL in the target", "GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "CR in the target", "GET /a\r HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "bare CR ends nothing", "GET / HTTP/1.1\rHost: a\r\n\r\n") },
  { CASE (400, "relative target", "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "unsupported scheme", "GET ftp://h/x HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "empty authority", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n") },
  { CASE (400, "scheme only", "GET http:// HTTP/1.1\r\nHost: a\r\n\r\n") },

  /* --- header fields --- */
  { CASE (400, "whitespace before the colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n") },
  { CASE (400, "HTAB before the colon", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n") },
  { CASE (400, "no colon", "GET / HTTP/1.1\r\nHost a\r\n\r\n") },
  { CASE (400, "empty field name", "GET / HTTP/1.1\r\n: a\r\n\r\n") },
  { CASE (400, "obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-Long: a\r\n b\r\n\r\n") },
  { CASE (400, "HTAB obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-Long: a\r\n\tb\r\n\r\n") },
  { CASE (400, "whitespace before the first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n") },
  { CASE (400, "control byte in a value", "GET / HTTP/1.1\r\nHost: a\x01" "b\r\n\r\n") },
  { CASE (400, "DEL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: \x7f\r\n\r\n") },
  { CASE (400, "NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n") },
  { CASE (400, "bare CR inside a value", "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") },
  { CASE (400, "a line of a lone CR", "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n") },
  { CASE (400, "non-token byte in a name", "GET / HTTP/1.1\r\nX(y): a\r\n\r\n") },
  { CASE (400, "duplicate Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n") },
  { CASE (400, "duplicate Host, other case", "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n") },
  { CASE (400, "duplicate If-Modified-Since",
          "GET / HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: Sat, 11 May 2024 23:59:59 GMT\r\nIf-Modified-Since: Sat, 11 May 2024 23:59:59 GMT\r\n\r\n") },
  { CASE (400, "duplicate If-Unmodified-Since",
          "GET / HTTP/1.1\r\nHost: a\r\nIf-Unmodified-Since: Sat, 11 May 2024 23:59:59 GMT\r\nif-unmodified-since: Sat, 11 May 2024 23:59:59 GMT\r\n\r\n") },
  { CASE (400, "Transfer-Encoding: identity", "GET / HTTP/1.1\r\nHost: a\r\ntransfer-encoding: identity\r\n\r\n") },
  /* RFC 9112 §6.1, §6.3: chunked must be the last coding, once; with Content-Length or in 1.0 the framing is faulty */
  { CASE (400, "Transfer-Encoding: gzip (chunked not last)", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") },
  { CASE (400, "Transfer-Encoding: chunked, gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n") },
  { CASE (400, "Transfer-Encoding: chunked then a field line gzip",
          "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n") },
  { CASE (400, "Transfer-Encoding: chunked, chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n") },
  { CASE (400, "Transfer-Encoding: chunked twice in two lines",
          "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n") },
  { CASE (400, "Transfer-Encoding: chunked with a parameter", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;q=1\r\n\r\n") },
  { CASE (400, "Transfer-Encoding: xchunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n") },
  { CASE (400, "empty Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n") },
  { CASE (400, "Transfer-Encoding of commas only", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , ,\r\n\r\n") },
  { CASE (400, "Content-Length then Transfer-Encoding",
          "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n") },
  { CASE (400, "Transfer-Encoding then Content-Length",
          "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n") },
  { CASE (400, "Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") },
  { CASE (501, "Transfer-Encoding: gzip, chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") },
  { CASE (501, "Transfer-Encoding: gzip then a field line chunked",
          "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n") },
  { CASE (400, "Content-Length: -1", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") },
  { CASE (400, "Content-Length: +5", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n") },
  { CASE (400, "Content-Length with an inner space", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\n") },
  { CASE (400, "Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n") },
  { CASE (400, "empty Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n") },
  { CASE (400, "hex Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n") },
  { CASE (400, "Content-Length overflows 64 bits", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 18446744073709551616\r\n\r\n") },
  { CASE (400, "conflicting Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n") },
  { CASE (400, "first error wins: bad line before Transfer-Encoding",
          "GET / HTTP/1.1\r\nHost : a\r\nTransfer-Encoding: chunked\r\nContent-Length: 9999999\r\n\r\n") },

  /* --- 413, 505 --- */
  { CASE (413, "Content-Length PT_HTTP_MAX_BODY + 1", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n") },
  { CASE (413, "Content-Length far too large", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 18446744073709551615\r\n\r\n") },
  { CASE (505, "HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n") },
  { CASE (505, "HTTP/2.1", "GET / HTTP/2.1\r\nHost: a\r\n\r\n") },
  { CASE (505, "HTTP/0.9", "GET / HTTP/0.9\r\n\r\n") },
  { CASE (505, "HTTP/3.0 with a bad field after it", "GET / HTTP/3.0\r\nHost : a\r\n\r\n") },

  /* --- incomplete --- */
  { CASE (PARTIAL, "empty input", "") },
  { CASE (PARTIAL, "one empty line", "\r\n") },
  { CASE (PARTIAL, "request line only", "GET / HTTP/1.1\r\n") },
  { CASE (PARTIAL, "missing the final empty line", "GET / HTTP/1.1\r\nHost: a\r\n") },
  { CASE (PARTIAL, "final CR without LF", "GET / HTTP/1.1\r\nHost: a\r\n\r") },
  { CASE (PARTIAL, "a bad version is judged at the line end", "GET / HTTP:/1.1") },
};

static ssize_t
expected_result (const ParserCase *c,
                 size_t            len)
{
  if (c->status == OK)
    return (ssize_t) (c->head_len != 0 ? c->head_len : len);
  return -c->status;
}

static void
assert_slice (PtHttpSlice  slice,
              const char  *expected)
{
  g_assert_nonnull (expected);
  g_assert_cmpmem (slice.ptr, slice.len, expected, strlen (expected));
}

static void
check_fields (const ParserCase    *c,
              const PtHttpRequest *req)
{
  g_assert_cmpint (req->method, ==, c->method);
  assert_slice (req->method_str, c->method_str != NULL ? c->method_str
                                                       : pt_http_method_to_string (c->method));
  assert_slice (req->path, c->path);
  assert_slice (req->target, c->target != NULL ? c->target : c->path);
  g_assert_cmpint (req->version_minor, ==, c->minor);
  g_assert_cmpint (req->keep_alive, ==, c->keep_alive);
  g_assert_cmpuint (req->n_fields, ==, c->n_fields);
  g_assert_cmpint (pt_http_request_check (req), ==, c->check);

  for (size_t i = 0; i < MAX_EXPECTED_HEADERS && c->headers[i].value != NULL; i++)
    {
      g_assert_true (PT_HTTP_HAS_HEADER (req, c->headers[i].id));
      assert_slice (req->headers[c->headers[i].id], c->headers[i].value);
    }

  if (c->content_length < 0)
    {
      g_assert_false (req->has_content_length);
      g_assert_false (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_CONTENT_LENGTH));
    }
  else
    {
      g_assert_true (req->has_content_length);
      g_assert_true (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_CONTENT_LENGTH));
      g_assert_cmpuint (req->content_length, ==, (uint64_t) c->content_length);
    }
  g_assert_cmpint (req->chunked, ==, c->chunked);
  g_assert_cmpint (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_TRANSFER_ENCODING), ==, c->chunked);
}

/* One-shot, then every prefix, each in an exact-size copy.  Returns the
 * request parsed from raw in *req_out. */
static void
parse_all_prefixes (const char    *raw,
                    size_t         len,
                    ssize_t        expected,
                    PtHttpRequest *req_out)
{
  g_autofree char *whole = g_memdup2 (raw, len);
  ssize_t r;

  r = pt_http_parse_request (whole, len, req_out);
  g_assert_cmpint (r, ==, expected);
  if (r > 0)
    g_assert_cmpuint (req_out->head_len, ==, (size_t) r);

  for (size_t k = 0; k < len; k++)
    {
      g_autofree char *prefix = g_memdup2 (raw, k);
      PtHttpRequest req;

      r = pt_http_parse_request (prefix, k, &req);
      if (expected > 0 && k >= (size_t) expected)
        {
          g_assert_cmpint (r, ==, expected);
          g_assert_cmpuint (req.head_len, ==, req_out->head_len);
          g_assert_cmpint (req.method, ==, req_out->method);
          g_assert_true (req.path.ptr - prefix == req_out->path.ptr - whole);
          g_assert_cmpuint (req.path.len, ==, req_out->path.len);
          g_assert_cmpint (req.keep_alive, ==, req_out->keep_alive);
        }
      else if (r != 0)
        {
          /* an error may come early, but only the same error */
          if (r != expected)
            g_test_message ("prefix of %" G_GSIZE_FORMAT " bytes", k);
          g_assert_cmpint (r, ==, expected);
          g_assert_cmpint (expected, <, 0);
        }
    }

  /* The caller checks slices into raw, which outlives this function. */
  g_assert_cmpint (pt_http_parse_request (raw, len, req_out), ==, expected);
}

static void
test_parser_case (gconstpointer data)
{
  const ParserCase *c = data;
  PtHttpRequest req;

  g_test_message ("line %d: %s", c->line, c->desc);
  parse_all_prefixes (c->raw, c->raw_len, expected_result (c, c->raw_len), &req);
  if (c->status == OK)
    check_fields (c, &req);
}

/* --- limits, each at N and N + 1 --- */

typedef enum
{
  LIMIT_REQUEST_LINE,     /* request line of n bytes (CRLF) */
  LIMIT_REQUEST_LINE_LF,  /* request line of n bytes (bare LF) */
  LIMIT_HEAD,             /* head of n bytes */
  LIMIT_FIELDS,           /* n header fields */
} LimitKind;

typedef struct
{
  const char *name;
  LimitKind   kind;
  size_t      n;
  int         status;     /* OK or the error */
} LimitCase;

static const LimitCase limit_cases[] = {
  { "request-line-at-max", LIMIT_REQUEST_LINE, PT_HTTP_MAX_REQUEST_LINE, OK },
  { "request-line-over-max", LIMIT_REQUEST_LINE, PT_HTTP_MAX_REQUEST_LINE + 1, 414 },
  { "request-line-lf-at-max", LIMIT_REQUEST_LINE_LF, PT_HTTP_MAX_REQUEST_LINE, OK },
  { "request-line-lf-over-max", LIMIT_REQUEST_LINE_LF, PT_HTTP_MAX_REQUEST_LINE + 1, 414 },
  { "request-line-far-over-max", LIMIT_REQUEST_LINE, PT_HTTP_MAX_REQUEST_LINE * 2, 414 },
  { "head-at-max", LIMIT_HEAD, PT_HTTP_MAX_HEAD, OK },
  { "head-over-max", LIMIT_HEAD, PT_HTTP_MAX_HEAD + 1, 431 },
  { "head-far-over-max", LIMIT_HEAD, PT_HTTP_MAX_HEAD + 1000, 431 },
  { "fields-at-max", LIMIT_FIELDS, PT_HTTP_MAX_FIELDS, OK },
  { "fields-over-max", LIMIT_FIELDS, PT_HTTP_MAX_FIELDS + 1, 431 },
};

#define LIMIT_PATH_PREFIX "GET /"
#define LIMIT_LINE_SUFFIX " HTTP/1.0"

static GString *
build_limit_input (const LimitCase *c)
{
  GString *s = g_string_new (NULL);

  switch (c->kind)
    {
    case LIMIT_REQUEST_LINE:
    case LIMIT_REQUEST_LINE_LF:
      {
        size_t pad = c->n - strlen (LIMIT_PATH_PREFIX) - strlen (LIMIT_LINE_SUFFIX);

        g_string_append (s, LIMIT_PATH_PREFIX);
        for (size_t i = 0; i < pad; i++)
          g_string_append_c (s, 'a');
        g_string_append (s, LIMIT_LINE_SUFFIX);
        g_assert_cmpuint (s->len, ==, c->n);
        g_string_append (s, c->kind == LIMIT_REQUEST_LINE ? "\r\n\r\n" : "\n\n");
      }
      break;

    case LIMIT_HEAD:
      {
        /* Fields "X: aaa...\r\n" of up to 1000 bytes, then the empty line. */
        const size_t field_max = 1000;
        const size_t field_min = strlen ("X: \r\n");

        g_string_append (s, "GET / HTTP/1.1\r\nHost: a\r\n");
        while (s->len + 2 < c->n)
          {
            size_t room = c->n - 2 - s->len;
            size_t field = room > field_max ? field_max : room;

            /* never leave a remainder too small for one more field */
            if (room > field_max && room - field_max < field_min)
              field = room - field_min;
            g_string_append (s, "X: ");
            for (size_t i = 0; i < field - field_min; i++)
              g_string_append_c (s, 'a');
            g_string_append (s, "\r\n");
          }
        g_string_append (s, "\r\n");
        g_assert_cmpuint (s->len, ==, c->n);
      }
      break;

    default:
    case LIMIT_FIELDS:
      g_string_append (s, "GET / HTTP/1.1\r\nHost: a\r\n");
      for (size_t i = 1; i < c->n; i++)
        g_string_append_printf (s, "X-%zu: %zu\r\n", i, i);
      g_string_append (s, "\r\n");
      break;
    }

  return s;
}

static void
test_parser_limit (gconstpointer data)
{
  const LimitCase *c = data;
  g_autoptr(GString) s = build_limit_input (c);
  ssize_t expected = c->status == OK ? (ssize_t) s->len : -c->status;
  PtHttpRequest req;

  parse_all_prefixes (s->str, s->len, expected, &req);

  switch (c->kind)
    {
    case LIMIT_REQUEST_LINE:
    case LIMIT_REQUEST_LINE_LF:
      if (c->status == OK)
        {
          g_assert_cmpuint (req.path.len, ==, c->n - strlen ("GET ") - strlen (LIMIT_LINE_SUFFIX));
          g_assert_cmpint (req.version_minor, ==, 0);
        }
      else
        {
          /* Certain before the line ends: max + 2 bytes without a LF. */
          g_assert_cmpint (pt_http_parse_request (s->str, PT_HTTP_MAX_REQUEST_LINE + 2, &req), ==, -414);
        }
      break;

    case LIMIT_HEAD:
      if (c->status == OK)
        g_assert_cmpuint (req.head_len, ==, PT_HTTP_MAX_HEAD);
      else
        g_assert_cmpint (pt_http_parse_request (s->str, PT_HTTP_MAX_HEAD, &req), ==, -431);
      break;

    default:
    case LIMIT_FIELDS:
      if (c->status == OK)
        g_assert_cmpuint (req.n_fields, ==, PT_HTTP_MAX_FIELDS);
      break;
    }
}

/* A request line of exactly max + 1 bytes whose last byte is CR: only the
 * next byte tells a valid line (LF) from an oversized one. */
static void
test_parser_limit_cr_edge (void)
{
  g_autoptr(GString) s = g_string_new ("GET /");
  PtHttpRequest req;

  while (s->len < PT_HTTP_MAX_REQUEST_LINE - strlen (LIMIT_LINE_SUFFIX))
    g_string_append_c (s, 'b');
  g_string_append (s, LIMIT_LINE_SUFFIX);
  g_assert_cmpuint (s->len, ==, PT_HTTP_MAX_REQUEST_LINE);

  g_string_append_c (s, '\r');
  g_assert_cmpint (pt_http_parse_request (s->str, s->len, &req), ==, 0);
  g_string_append_c (s, 'x');
  g_assert_cmpint (pt_http_parse_request (s->str, s->len, &req), ==, -414);
  g_string_truncate (s, s->len - 1);
  g_string_append (s, "\n\r\n");
  g_assert_cmpint (pt_http_parse_request (s->str, s->len, &req), ==, (ssize_t) s->len);
}

/* Two pipelined requests parsed back to back, as the engine does. */
static void
test_parser_pipelined (void)
{
  static const char raw[] =
    "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
    "HEAD /b HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"
    "GET /c";
  PtHttpRequest req;
  size_t off = 0;
  ssize_t r;

  r = pt_http_parse_request (raw + off, sizeof raw - 1 - off, &req);
  g_assert_cmpint (r, ==, 28);
  assert_slice (req.path, "/a");
  g_assert_true (req.keep_alive);
  off += (size_t) r;

  r = pt_http_parse_request (raw + off, sizeof raw - 1 - off, &req);
  g_assert_cmpint (r, ==, 48);
  g_assert_cmpint (req.method, ==, PT_HTTP_METHOD_HEAD);
  assert_slice (req.path, "/b");
  assert_slice (req.headers[PT_HTTP_HEADER_HOST], "b");
  g_assert_false (req.keep_alive);
  off += (size_t) r;

  r = pt_http_parse_request (raw + off, sizeof raw - 1 - off, &req);
  g_assert_cmpint (r, ==, 0);
  g_assert_cmpuint (off + 6, ==, sizeof raw - 1);
}

/* Mutated heads (byte flips, insertions, deletions of a valid head, from
 * GTest's seeded generator): whatever the result, every prefix agrees with
 * it and every slice lies inside the buffer. */
#define RANDOM_ROUNDS 3000
#define RANDOM_EDITS  4

static void
test_parser_random (void)
{
  static const char base[] =
    "GET /a/b.html?q=1 HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n"
    "Content-Length: 0\r\nIf-Modified-Since: Sat, 11 May 2024 23:59:59 GMT\r\n\r\n";
  static const char alphabet[] = "\r\n :/\t\0\x7f\x80Ha1.%-,";

  for (int round = 0; round < RANDOM_ROUNDS; round++)
    {
      g_autoptr(GString) s = g_string_new_len (base, sizeof base - 1);
      PtHttpRequest req;
      ssize_t r;

      for (int e = 0; e < RANDOM_EDITS; e++)
        {
          gsize at = (gsize) g_test_rand_int_range (0, (gint32) s->len);
          char c = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];

          switch (g_test_rand_int_range (0, 3))
            {
            case 0:
              s->str[at] = c;
              break;
            case 1:
              g_string_insert_c (s, (gssize) at, c);
              break;
            default:
              g_string_erase (s, (gssize) at, 1);
              break;
            }
        }

      r = pt_http_parse_request (s->str, s->len, &req);
      g_assert_true (r == 0 || r == -400 || r == -413 || r == -414 || r == -431 || r == -505 ||
                     (r > 0 && (size_t) r <= s->len));
      if (r > 0)
        {
          const char *end = s->str + r;

          g_assert_true (req.target.ptr >= s->str && req.target.ptr + req.target.len <= end);
          g_assert_true (req.method_str.ptr >= s->str && req.method_str.ptr + req.method_str.len <= end);
          g_assert_true (req.path.len == 0 || req.path.ptr[0] == '/');
          for (int h = 0; h < PT_HTTP_N_HEADERS; h++)
            if (PT_HTTP_HAS_HEADER (&req, h))
              g_assert_true (req.headers[h].ptr >= s->str && req.headers[h].ptr + req.headers[h].len <= end);
        }
      parse_all_prefixes (s->str, s->len, r, &req);
    }
}

/* Every byte value in each place of the head, against the grammar written
 * out here (not the parser's tables): a header name (tchar), a header value
 * at every offset but the last of a 20-byte value (so every position of a
 * word-at-a-time scan), the request-target and the method.  Each head is also parsed at
 * every split point. */
#define VALUE_SAMPLE "0123456789abcdefghij"

static bool
ref_is_tchar (unsigned char c)
{
  return g_ascii_isalnum (c) || (c != 0 && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool
ref_is_value_byte (unsigned char c)
{
  return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static void
test_parser_bytes_name (void)
{
  for (unsigned b = 0; b < 256; b++)
    {
      g_autoptr(GString) s = g_string_new ("GET / HTTP/1.1\r\nHost: a\r\nX-");
      PtHttpRequest req;
      ssize_t expected;

      g_string_append_c (s, (char) b);
      g_string_append (s, "-Name: v\r\n\r\n");
      expected = (ref_is_tchar ((unsigned char) b) || b == ':') ? (ssize_t) s->len : -400;
      g_test_message ("byte 0x%02x in a field name", b);
      parse_all_prefixes (s->str, s->len, expected, &req);
      if (expected > 0)
        g_assert_cmpuint (req.n_fields, ==, 2);
    }
}

static void
test_parser_bytes_value (void)
{
  for (unsigned b = 0; b < 256; b++)
    for (size_t at = 0; at < sizeof VALUE_SAMPLE - 2; at++)   /* never last: "\n\r\n" would end the head */
      {
        g_autoptr(GString) s = g_string_new ("GET / HTTP/1.1\r\nHost: ");
        char value[] = VALUE_SAMPLE;
        const char *v = value;
        size_t vlen = sizeof value - 1;
        PtHttpRequest req;
        ssize_t expected;

        value[at] = (char) b;
        g_string_append_len (s, value, (gssize) vlen);
        g_string_append (s, "\r\nConnection: close\r\n\r\n");
        expected = ref_is_value_byte ((unsigned char) b) ? (ssize_t) s->len : -400;
        g_test_message ("byte 0x%02x at offset %" G_GSIZE_FORMAT " of a field value", b, at);
        parse_all_prefixes (s->str, s->len, expected, &req);
        if (expected < 0)
          continue;

        /* Leading OWS is not part of the value. */
        if (at == 0 && (b == ' ' || b == '\t'))
          {
            v++;
            vlen--;
          }
        g_assert_true (PT_HTTP_HAS_HEADER (&req, PT_HTTP_HEADER_HOST));
        g_assert_cmpmem (req.headers[PT_HTTP_HEADER_HOST].ptr, req.headers[PT_HTTP_HEADER_HOST].len,
                         v, vlen);
        g_assert_false (req.keep_alive);
      }
}

static void
test_parser_bytes_target (void)
{
  for (unsigned b = 0; b < 256; b++)
    {
      g_autoptr(GString) s = g_string_new ("GET /ab");
      PtHttpRequest req;
      ssize_t expected;
      bool valid = b > 0x20 && b != 0x7f;

      g_string_append_c (s, (char) b);
      g_string_append (s, "cd HTTP/1.1\r\nHost: a\r\n\r\n");
      expected = valid ? (ssize_t) s->len : -400;
      g_test_message ("byte 0x%02x in the request-target", b);
      parse_all_prefixes (s->str, s->len, expected, &req);
      if (!valid)
        continue;

      g_assert_cmpuint (req.target.len, ==, 6);
      if (b == '?' || b == '#')
        assert_slice (req.path, "/ab");
      else
        g_assert_cmpmem (req.path.ptr, req.path.len, s->str + 4, 6);
    }
}

static void
test_parser_bytes_method (void)
{
  for (unsigned b = 0; b < 256; b++)
    {
      g_autoptr(GString) s = g_string_new ("G");
      PtHttpRequest req;
      ssize_t expected;
      bool valid = ref_is_tchar ((unsigned char) b);

      g_string_append_c (s, (char) b);
      g_string_append (s, "T / HTTP/1.1\r\nHost: a\r\n\r\n");
      expected = valid ? (ssize_t) s->len : -400;
      g_test_message ("byte 0x%02x in the method", b);
      parse_all_prefixes (s->str, s->len, expected, &req);
      if (!valid)
        continue;

      g_assert_cmpuint (req.method_str.len, ==, 3);
      g_assert_cmpint (req.method, ==, b == 'E' ? PT_HTTP_METHOD_GET : PT_HTTP_METHOD_UNKNOWN);
    }
}

/* Header names match whatever their case, and only whole names match. */
static void
test_parser_known_names (void)
{
  static const struct
  {
    const char     *name;
    PtHttpHeaderId  id;    /* PT_HTTP_N_HEADERS: not a known header */
  } names[] = {
    { "HOST", PT_HTTP_HEADER_HOST },
    { "hOsT", PT_HTTP_HEADER_HOST },
    { "Hosts", PT_HTTP_N_HEADERS },
    { "Hos", PT_HTTP_N_HEADERS },
    { "CONNECTION", PT_HTTP_HEADER_CONNECTION },
    { "Connectiom", PT_HTTP_N_HEADERS },
    { "USER-AGENT", PT_HTTP_HEADER_USER_AGENT },
    { "User_Agent", PT_HTTP_N_HEADERS },
    { "rEfErEr", PT_HTTP_HEADER_REFERER },
    { "RANGE", PT_HTTP_HEADER_RANGE },
    { "If-Range", PT_HTTP_HEADER_IF_RANGE },
    { "IF-NONE-MATCH", PT_HTTP_HEADER_IF_NONE_MATCH },
    { "If-Modified-Since", PT_HTTP_HEADER_IF_MODIFIED_SINCE },
    { "If-Modified-Sinc3", PT_HTTP_N_HEADERS },
    { "IF-MATCH", PT_HTTP_HEADER_IF_MATCH },
    { "If-Matcg", PT_HTTP_N_HEADERS },
    { "if-unmodified-since", PT_HTTP_HEADER_IF_UNMODIFIED_SINCE },
    { "If-Unmodified-Sincf", PT_HTTP_N_HEADERS },
    { "Content-Length", PT_HTTP_HEADER_CONTENT_LENGTH },
    { "Content-Lengtg", PT_HTTP_N_HEADERS },
    { "Xonnection", PT_HTTP_N_HEADERS },
    { "Accept-Encoding", PT_HTTP_HEADER_ACCEPT_ENCODING },
    { "ACCEPT-ENCODING", PT_HTTP_HEADER_ACCEPT_ENCODING },
    { "Accept-Encodinh", PT_HTTP_N_HEADERS },
    { "Accept-Encodings", PT_HTTP_N_HEADERS },
    { "Accept-Charset", PT_HTTP_N_HEADERS },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *raw = g_strdup_printf ("GET / HTTP/1.1\r\nHost: h\r\n%s: 7\r\n\r\n",
                                              names[i].name);
      bool is_host = names[i].id == PT_HTTP_HEADER_HOST;
      PtHttpRequest req;
      ssize_t r = pt_http_parse_request (raw, strlen (raw), &req);

      g_test_message ("%s", names[i].name);
      if (is_host)
        {
          g_assert_cmpint (r, ==, -400);   /* a second Host */
          continue;
        }
      g_assert_cmpint (r, ==, (ssize_t) strlen (raw));
      g_assert_cmphex (req.header_mask, ==,
                       (1u << PT_HTTP_HEADER_HOST) |
                       (names[i].id != PT_HTTP_N_HEADERS ? 1u << names[i].id : 0));
      if (names[i].id != PT_HTTP_N_HEADERS)
        assert_slice (req.headers[names[i].id], "7");
    }
}

static void
test_method_to_string (void)
{
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_GET), ==, "GET");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_HEAD), ==, "HEAD");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_POST), ==, "POST");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_PUT), ==, "PUT");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_DELETE), ==, "DELETE");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_CONNECT), ==, "CONNECT");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_OPTIONS), ==, "OPTIONS");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_TRACE), ==, "TRACE");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_PATCH), ==, "PATCH");
  g_assert_cmpstr (pt_http_method_to_string (PT_HTTP_METHOD_UNKNOWN), ==, "UNKNOWN");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (parser_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http/parser/table/line-%d", parser_cases[i].line);

      g_test_add_data_func (path, &parser_cases[i], test_parser_case);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (limit_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http/parser/limit/%s", limit_cases[i].name);

      g_test_add_data_func (path, &limit_cases[i], test_parser_limit);
    }
  g_test_add_func ("/http/parser/limit/request-line-cr-edge", test_parser_limit_cr_edge);
  g_test_add_func ("/http/parser/pipelined", test_parser_pipelined);
  g_test_add_func ("/http/parser/random", test_parser_random);
  g_test_add_func ("/http/parser/method-to-string", test_method_to_string);
  g_test_add_func ("/http/parser/bytes/name", test_parser_bytes_name);
  g_test_add_func ("/http/parser/bytes/value", test_parser_bytes_value);
  g_test_add_func ("/http/parser/bytes/target", test_parser_bytes_target);
  g_test_add_func ("/http/parser/bytes/method", test_parser_bytes_method);
  g_test_add_func ("/http/parser/known-names", test_parser_known_names);

  return g_test_run ();
}
