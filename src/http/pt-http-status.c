/* pt-http-status.c — the HTTP status codes Portico sends, and their texts (layer 0) */

#include "pt-http-status.h"

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
  STATUS (206, "Partial Content", NULL),
  STATUS (301, "Moved Permanently", "The resource has moved; follow the Location header."),
  STATUS (303, "See Other", "The page is at the address in the Location header."),
  STATUS (304, "Not Modified", NULL),
  STATUS (400, "Bad Request", "The request is malformed or asks for a file type this server does not serve."),
  STATUS (403, "Forbidden", "The server is not allowed to read the requested file."),
  STATUS (404, "File Not Found", "The requested file does not exist in the served folder."),
  STATUS (405, "Method Not Allowed", "Only the GET and HEAD methods are supported."),
  STATUS (408, "Request Timeout", "The request was not received in time."),
  STATUS (412, "Precondition Failed", "The file has changed since the version the request's If-Match or If-Unmodified-Since names."),
  STATUS (413, "Content Too Large", "The request body is larger than this server accepts."),
  STATUS (414, "URI Too Long", "The requested path is longer than this server accepts."),
  STATUS (416, "Range Not Satisfiable", "The requested byte range lies beyond the end of the file."),
  STATUS (421, "Misdirected Request", "This server answers only requests addressed to localhost."),
  STATUS (431, "Request Header Fields Too Large", "The request header fields are too large or too many."),
  STATUS (500, "Internal Server Error", "The server failed to read the requested file."),
  STATUS (501, "Not Implemented", "The request method or transfer coding is not known to this server."),
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

const char *
pt_http_status_sentence (int status)
{
  const StatusInfo *info = find_status (status);

  return info != NULL ? info->sentence : NULL;
}
