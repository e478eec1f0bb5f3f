/* pt-http-response.c — status lines, response heads and error bodies (layer 0)
 *
 * On the hot path: literal pieces are memcpy'd and integers formatted by
 * hand; every write is bounds-checked against the caller's buffer.
 */

#include "pt-http-response.h"

#include <string.h>

#define UINT64_MAX_DIGITS 20
#define LIT(s) s, (sizeof (s) - 1)

typedef struct
{
  char   *p;
  char   *end;
  bool    overflow;
} Writer;

typedef struct
{
  int         status;
  const char *reason;
  const char *line;       /* "HTTP/1.1 <status> <reason>\r\n" */
  size_t      line_len;
  const char *sentence;   /* the error body's explanation */
} StatusInfo;

#define STATUS(code, reason, sentence) \
  { code, reason, "HTTP/1.1 " #code " " reason "\r\n", \
    sizeof ("HTTP/1.1 " #code " " reason "\r\n") - 1, sentence }

static const StatusInfo status_table[] = {
  STATUS (200, "OK", NULL),
  STATUS (301, "Moved Permanently", "The resource has moved; follow the Location header."),
  STATUS (304, "Not Modified", NULL),
  STATUS (400, "Bad Request", "The request is malformed or asks for a file type this server does not serve."),
  STATUS (403, "Forbidden", "The server is not allowed to read the requested file."),
  STATUS (404, "File Not Found", "The requested file does not exist in the served folder."),
  STATUS (405, "Method Not Allowed", "Only the GET and HEAD methods are supported."),
  STATUS (408, "Request Timeout", "The request was not received in time."),
  STATUS (413, "Content Too Large", "The request body is larger than this server accepts."),
  STATUS (414, "URI Too Long", "The requested path is longer than this server accepts."),
  STATUS (431, "Request Header Fields Too Large", "The request header fields are too large or too many."),
  STATUS (500, "Internal Server Error", "The server failed to read the requested file."),
  STATUS (501, "Not Implemented", "The request method is not known to this server."),
  STATUS (503, "Service Unavailable", "The server has too many open connections; try again later."),
  STATUS (505, "HTTP Version Not Supported", "Only HTTP/1.0 and HTTP/1.1 are supported."),
};

static const StatusInfo *
find_status (int status)
{
  for (size_t i = 0; i < sizeof status_table / sizeof status_table[0]; i++)
    if (status_table[i].status == status)
      return &status_table[i];
  return NULL;
}

const char *
pt_http_status_reason (int status)
{
  const StatusInfo *info = find_status (status);

  return info != NULL ? info->reason : "Unknown";
}

const char *
pt_http_status_line (int     status,
                     size_t *len)
{
  const StatusInfo *info = find_status (status);

  if (info == NULL)
    return NULL;
  *len = info->line_len;
  return info->line;
}

static void
put (Writer     *w,
     const char *s,
     size_t      n)
{
  if (w->overflow || (size_t) (w->end - w->p) < n)
    {
      w->overflow = true;
      return;
    }
  memcpy (w->p, s, n);
  w->p += n;
}

static void
put_str (Writer     *w,
         const char *s)
{
  put (w, s, strlen (s));
}

static void
put_uint (Writer   *w,
          uint64_t  v)
{
  char digits[UINT64_MAX_DIGITS];
  size_t n = UINT64_MAX_DIGITS;

  do
    {
      digits[--n] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);

  put (w, digits + n, UINT64_MAX_DIGITS - n);
}

/* "HTTP/1.1 404 File Not Found\r\n"; statuses outside 100..999 are written as 500. */
static void
put_status_line (Writer *w,
                 int     status)
{
  const StatusInfo *info;

  if (status < 100 || status > 999)
    status = 500;
  info = find_status (status);
  if (info != NULL)
    {
      put (w, info->line, info->line_len);
      return;
    }
  put (w, LIT ("HTTP/1.1 "));
  put_uint (w, (uint64_t) status);
  put (w, LIT (" "));
  put_str (w, pt_http_status_reason (status));
  put (w, LIT ("\r\n"));
}

ssize_t
pt_http_response_write_head (char                     *buf,
                             size_t                    size,
                             const PtHttpResponseHead *head)
{
  Writer w = { buf, buf + size, false };

  if (buf == NULL || head == NULL || (head->date == NULL && head->date_line == NULL))
    return -1;

  put_status_line (&w, head->status);

  if (head->date_line != NULL)
    put (&w, head->date_line, head->date_line_len);
  else
    {
      put (&w, LIT ("Date: "));
      put_str (&w, head->date);
      put (&w, LIT ("\r\n"));
    }

  if (head->keep_alive)
    {
      put (&w, LIT ("Connection: keep-alive\r\nKeep-Alive: timeout="));
      put_uint (&w, head->keep_alive_timeout);
      put (&w, LIT (", max="));
      put_uint (&w, head->keep_alive_max);
      put (&w, LIT ("\r\n"));
    }
  else
    put (&w, LIT ("Connection: close\r\n"));

  if (head->file_fields != NULL)
    put (&w, head->file_fields, head->file_fields_len);
  else
    {
      if (head->last_modified != NULL)
        {
          put (&w, LIT ("Last-Modified: "));
          put_str (&w, head->last_modified);
          put (&w, LIT ("\r\n"));
        }

      if (head->has_content_length)
        {
          put (&w, LIT ("Content-Length: "));
          put_uint (&w, head->content_length);
          put (&w, LIT ("\r\n"));
        }

      if (head->content_type != NULL)
        {
          put (&w, LIT ("Content-Type: "));
          put_str (&w, head->content_type);
          put (&w, LIT ("\r\n"));
        }
    }

  if (head->location != NULL)
    {
      size_t n = head->location_len != 0 ? head->location_len : strlen (head->location);

      put (&w, LIT ("Location: "));
      put (&w, head->location, n);
      put (&w, LIT ("\r\n"));
    }

  if (head->allow)
    put (&w, LIT ("Allow: GET, HEAD\r\n"));

  put (&w, LIT ("\r\n"));

  if (w.overflow)
    return -1;
  return (ssize_t) (w.p - buf);
}

ssize_t
pt_http_response_write_date_line (char       *buf,
                                  size_t      size,
                                  const char *date)
{
  Writer w = { buf, buf + size, false };

  if (buf == NULL || date == NULL)
    return -1;

  put (&w, LIT ("Date: "));
  put_str (&w, date);
  put (&w, LIT ("\r\n"));

  if (w.overflow)
    return -1;
  return (ssize_t) (w.p - buf);
}

ssize_t
pt_http_response_write_file_fields (char       *buf,
                                    size_t      size,
                                    const char *last_modified,
                                    uint64_t    content_length,
                                    const char *content_type,
                                    size_t     *last_modified_len)
{
  Writer w = { buf, buf + size, false };

  if (buf == NULL || last_modified_len == NULL)
    return -1;

  if (last_modified != NULL)
    {
      put (&w, LIT ("Last-Modified: "));
      put_str (&w, last_modified);
      put (&w, LIT ("\r\n"));
    }
  *last_modified_len = (size_t) (w.p - buf);

  put (&w, LIT ("Content-Length: "));
  put_uint (&w, content_length);
  put (&w, LIT ("\r\n"));

  if (content_type != NULL)
    {
      put (&w, LIT ("Content-Type: "));
      put_str (&w, content_type);
      put (&w, LIT ("\r\n"));
    }

  if (w.overflow)
    return -1;
  return (ssize_t) (w.p - buf);
}

ssize_t
pt_http_response_write_error_body (char   *buf,
                                   size_t  size,
                                   int     status)
{
  Writer w = { buf, buf + size, false };
  const StatusInfo *info = find_status (status);
  const char *reason = info != NULL ? info->reason : "Unknown";
  const char *sentence = (info != NULL && info->sentence != NULL)
                         ? info->sentence : "The server could not answer this request.";

  if (buf == NULL)
    return -1;

  put (&w, LIT ("<!DOCTYPE html>\n<html><head><title>"));
  put_uint (&w, (uint64_t) (status >= 0 ? status : 0));
  put (&w, LIT (" "));
  put_str (&w, reason);
  put (&w, LIT ("</title></head><body><h1>"));
  put_uint (&w, (uint64_t) (status >= 0 ? status : 0));
  put (&w, LIT (" "));
  put_str (&w, reason);
  put (&w, LIT ("</h1><p>"));
  put_str (&w, sentence);
  put (&w, LIT ("</p></body></html>\n"));

  if (w.overflow)
    return -1;
  return (ssize_t) (w.p - buf);
}
