/* pt-http-response.c — status lines, response heads and error bodies (layer 0)
 *
 * On the hot path: literal pieces are memcpy'd and integers formatted by
 * hand; every write is bounds-checked against the caller's buffer.
 */

#include "pt-http-response.h"

#include <string.h>

#include "pt-http-writer.h"

#define LIT PT_HTTP_LIT

typedef PtHttpWriter Writer;

#define put      pt_http_writer_put
#define put_str  pt_http_writer_put_str
#define put_uint pt_http_writer_put_uint

/* "HTTP/1.1 404 File Not Found\r\n"; statuses outside 100..999 are written as 500. */
static void
put_status_line (Writer *w,
                 int     status)
{
  const char *line;
  size_t len;

  if (status < 100 || status > 999)
    status = PT_HTTP_STATUS_INTERNAL_SERVER_ERROR;
  line = pt_http_status_line (status, &len);
  if (line != NULL)
    {
      put (w, line, len);
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
  Writer w;

  pt_http_writer_init (&w, buf, size);

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

      if (head->etag != NULL)
        {
          put (&w, LIT ("ETag: "));
          put_str (&w, head->etag);
          put (&w, LIT ("\r\n"));
        }

      if (head->cache_control != NULL)
        {
          put (&w, LIT ("Cache-Control: "));
          put_str (&w, head->cache_control);
          put (&w, LIT ("\r\n"));
        }

      if (head->vary != NULL)
        {
          put (&w, LIT ("Vary: "));
          put_str (&w, head->vary);
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

      if (head->content_encoding != NULL)
        {
          put (&w, LIT ("Content-Encoding: "));
          put_str (&w, head->content_encoding);
          put (&w, LIT ("\r\n"));
        }
    }

  if (head->content_range != NULL)
    {
      put (&w, LIT ("Content-Range: "));
      put_str (&w, head->content_range);
      put (&w, LIT ("\r\n"));
    }

  if (head->accept_ranges)
    put (&w, LIT ("Accept-Ranges: bytes\r\n"));

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

  return (ssize_t) pt_http_writer_finish (&w, buf);
}

ssize_t
pt_http_response_write_date_line (char       *buf,
                                  size_t      size,
                                  const char *date)
{
  Writer w;

  pt_http_writer_init (&w, buf, size);

  if (buf == NULL || date == NULL)
    return -1;

  put (&w, LIT ("Date: "));
  put_str (&w, date);
  put (&w, LIT ("\r\n"));

  return (ssize_t) pt_http_writer_finish (&w, buf);
}

ssize_t
pt_http_response_write_validator_fields (char                   *buf,
                                         size_t                  size,
                                         const PtHttpFileFields *fields,
                                         size_t                 *not_modified_len)
{
  Writer w;

  pt_http_writer_init (&w, buf, size);

  if (buf == NULL || fields == NULL || not_modified_len == NULL)
    return -1;

  if (fields->last_modified != NULL)
    {
      put (&w, LIT ("Last-Modified: "));
      put_str (&w, fields->last_modified);
      put (&w, LIT ("\r\n"));
    }
  if (fields->etag != NULL)
    {
      put (&w, LIT ("ETag: "));
      put_str (&w, fields->etag);
      put (&w, LIT ("\r\n"));
    }
  if (fields->cache_control != NULL)
    {
      put (&w, LIT ("Cache-Control: "));
      put_str (&w, fields->cache_control);
      put (&w, LIT ("\r\n"));
    }
  if (fields->vary != NULL)
    {
      put (&w, LIT ("Vary: "));
      put_str (&w, fields->vary);
      put (&w, LIT ("\r\n"));
    }
  *not_modified_len = (size_t) (w.p - buf);

  put (&w, LIT ("Content-Length: "));
  put_uint (&w, fields->content_length);
  put (&w, LIT ("\r\n"));

  if (fields->content_type != NULL)
    {
      put (&w, LIT ("Content-Type: "));
      put_str (&w, fields->content_type);
      put (&w, LIT ("\r\n"));
    }
  if (fields->content_encoding != NULL)
    {
      put (&w, LIT ("Content-Encoding: "));
      put_str (&w, fields->content_encoding);
      put (&w, LIT ("\r\n"));
    }

  return (ssize_t) pt_http_writer_finish (&w, buf);
}

ssize_t
pt_http_response_write_file_fields (char       *buf,
                                    size_t      size,
                                    const char *last_modified,
                                    uint64_t    content_length,
                                    const char *content_type,
                                    size_t     *last_modified_len)
{
  PtHttpFileFields fields = {
    .last_modified = last_modified,
    .content_length = content_length,
    .content_type = content_type,
  };

  return pt_http_response_write_validator_fields (buf, size, &fields, last_modified_len);
}

ssize_t
pt_http_response_write_error_body (char   *buf,
                                   size_t  size,
                                   int     status)
{
  const char *reason = pt_http_status_reason (status);
  const char *sentence = pt_http_status_sentence (status);
  Writer w;

  pt_http_writer_init (&w, buf, size);

  if (buf == NULL)
    return -1;
  if (sentence == NULL)
    sentence = "The server could not answer this request.";

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

  return (ssize_t) pt_http_writer_finish (&w, buf);
}

ssize_t
pt_http_response_write_error (char               *buf,
                              size_t              size,
                              PtHttpResponseHead *head,
                              bool                head_only,
                              uint64_t           *body_len)
{
  char body[PT_HTTP_MAX_ERROR_BODY];
  ssize_t blen;
  ssize_t n;

  if (buf == NULL || head == NULL || body_len == NULL)
    return -1;

  blen = pt_http_response_write_error_body (body, sizeof body, head->status);
  if (blen < 0)
    blen = 0;
  if ((size_t) blen > size)
    return -1;

  head->has_content_length = true;
  head->content_length = (uint64_t) blen;
  head->content_type = blen > 0 ? "text/html" : NULL;
  head->allow = head->status == PT_HTTP_STATUS_METHOD_NOT_ALLOWED;

  n = pt_http_response_write_head (buf, size - (size_t) blen, head);
  if (n < 0 && head->location != NULL)
    {
      /* Only a huge Location can do this: answer without it. */
      head->location = NULL;
      head->location_len = 0;
      n = pt_http_response_write_head (buf, size - (size_t) blen, head);
    }
  if (n < 0)
    return -1;

  *body_len = (uint64_t) blen;
  if (head_only)
    return n;
  memcpy (buf + n, body, (size_t) blen);
  return n + blen;
}
