/* pt-http-response.h — status lines, response heads and error bodies (layer 0)
 *
 * Writes into a caller-supplied buffer with a length check; never allocates.
 * The caller passes the Date string and the keep-alive choice.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pt-http-status.h"

#define PT_HTTP_DATE_LINE_MAX  40    /* "Date: " IMF-fixdate CRLF, with room to spare */
#define PT_HTTP_CACHE_CONTROL_MAX 128 /* longest Cache-Control value we send (the option's limit) */
/* Last-Modified, ETag, Cache-Control, Vary, Content-Length, Content-Type and
 * Content-Encoding lines: 46 + 86 + 17 + PT_HTTP_CACHE_CONTROL_MAX + 23
 * ("Vary: Accept-Encoding") + 38 + 89 (the longest type in the table) + 24
 * ("Content-Encoding: gzip") is 451, with room to spare */
#define PT_HTTP_FILE_FIELDS_MAX 480

typedef struct
{
  int         status;
  const char *date;                 /* IMF-fixdate, required */
  bool        keep_alive;           /* Connection: keep-alive + Keep-Alive, else Connection: close */
  unsigned    keep_alive_timeout;   /* seconds, for "Keep-Alive: timeout=T, max=M" */
  unsigned    keep_alive_max;       /* requests left on this connection */
  const char *last_modified;        /* IMF-fixdate or NULL */
  bool        has_content_length;
  uint64_t    content_length;
  const char *content_type;         /* NULL: no Content-Type */
  const char *etag;                 /* entity-tag with its quotes, or NULL: no ETag */
  const char *cache_control;        /* Cache-Control value, or NULL: none */
  const char *location;             /* 301: absolute path, or NULL */
  size_t      location_len;         /* bytes of location; 0: location is NUL-terminated
                                     * and written up to its NUL (strlen) */
  bool        allow;                /* 405: "Allow: GET, HEAD" */
  /* Preformatted pieces for the hot path, each used instead of the fields
   * above when not NULL: */
  const char *date_line;            /* "Date: ...\r\n" (pt_http_response_write_date_line), instead of date */
  size_t      date_line_len;
  const char *file_fields;          /* "Last-Modified: ...\r\n" and on (pt_http_response_write_file_fields),
                                     * instead of last_modified, content_length and content_type */
  size_t      file_fields_len;
  /* Ranges (RFC 9110 §14), written after Content-Type: */
  const char *content_range;        /* "Content-Range: <value>\r\n" when not NULL (NUL-terminated) */
  bool        accept_ranges;        /* "Accept-Ranges: bytes\r\n" (file responses) */
  /* Content negotiation (precompressed files), without file_fields: */
  const char *vary;                 /* "Vary: <value>\r\n" after Cache-Control, or NULL */
  const char *content_encoding;     /* "Content-Encoding: <value>\r\n" after Content-Type, or NULL */
} PtHttpResponseHead;

/* Writes the status line and header fields, ending with the empty line, in
 * the report's order: Date, Connection, Keep-Alive, Last-Modified, (ETag,
 * Cache-Control, Vary,) Content-Length, Content-Type, (Content-Encoding,)
 * Content-Range, Accept-Ranges (then Location / Allow).  Returns the number
 * of bytes written, or -1 when size is too small or both head->date and
 * head->date_line are NULL (nothing useful written).  Location is location[0..location_len), or the
 * whole NUL-terminated string when location_len is 0; the caller makes sure
 * it holds no CR/LF (a path the parser accepted never does). */
ssize_t pt_http_response_write_head (char                     *buf,
                                     size_t                    size,
                                     const PtHttpResponseHead *head);

/* "Date: <date>\r\n" for head->date_line, formatted once per second by the
 * caller.  Returns its length, or -1 when size is too small. */
ssize_t pt_http_response_write_date_line (char       *buf,
                                          size_t      size,
                                          const char *date);

/* The lines one file's 200 responses share, for head->file_fields: each of
 * "Last-Modified: <last_modified>\r\n" (when not NULL),
 * "Content-Length: <content_length>\r\n" and "Content-Type: <content_type>\r\n"
 * (when not NULL), in that order.  *last_modified_len gets the length of
 * the Last-Modified line alone (0 without one): that prefix is what a 304
 * sends.  Returns the total length, or -1 when size is too small. */
ssize_t pt_http_response_write_file_fields (char       *buf,
                                            size_t      size,
                                            const char *last_modified,
                                            uint64_t    content_length,
                                            const char *content_type,
                                            size_t     *last_modified_len);

/* The validator and entity fields of one file's responses. */
typedef struct
{
  const char *last_modified;        /* IMF-fixdate or NULL */
  const char *etag;                 /* entity-tag with its quotes, or NULL */
  const char *cache_control;        /* value, or NULL (sent as is: no CR/LF) */
  uint64_t    content_length;
  const char *content_type;         /* NULL: no Content-Type */
  const char *vary;                 /* Vary value, or NULL */
  const char *content_encoding;     /* Content-Encoding value, or NULL */
} PtHttpFileFields;

/* Like pt_http_response_write_file_fields with ETag and Cache-Control:
 * "Last-Modified", "ETag", "Cache-Control", "Vary" (each when not NULL),
 * then "Content-Length", "Content-Type" and "Content-Encoding" (when not
 * NULL) lines, in that order.  The first *not_modified_len bytes (the lines
 * before Content-Length) are what a 304 sends (RFC 9110 §15.4.5: Vary
 * too).  Returns the total length, or -1 when size is too small. */
ssize_t pt_http_response_write_validator_fields (char                   *buf,
                                                 size_t                  size,
                                                 const PtHttpFileFields *fields,
                                                 size_t                 *not_modified_len);

/* Writes the short text/html body for an error status (what was wrong).
 * Returns its length, or -1 when size is too small. */
ssize_t pt_http_response_write_error_body (char   *buf,
                                           size_t  size,
                                           int     status);

/* The one error reply (and redirect) builder: head->status, date, keep-alive
 * and location as set by the caller; this fills in Content-Length,
 * Content-Type and Allow, writes the head and, unless head_only, the short
 * HTML body after it.  A Location too long for size is left out.  *body_len
 * gets the body's length (what Content-Length says, even when head_only).
 * Returns the bytes written, or -1 when size is too small even then. */
ssize_t pt_http_response_write_error (char               *buf,
                                      size_t              size,
                                      PtHttpResponseHead *head,
                                      bool                head_only,
                                      uint64_t           *body_len);

/* The largest error body pt_http_response_write_error_body writes. */
#define PT_HTTP_MAX_ERROR_BODY 512
