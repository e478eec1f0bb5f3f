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

/* Reason phrase for a status ("OK", "File Not Found" for 404 as in the report);
 * "Unknown" for a status not in the table. */
const char *pt_http_status_reason (int status);

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
  const char *location;             /* 301: absolute path, or NULL */
  size_t      location_len;         /* bytes of location; 0: location is NUL-terminated
                                     * and written up to its NUL (strlen) */
  bool        allow;                /* 405: "Allow: GET, HEAD" */
} PtHttpResponseHead;

/* Writes the status line and header fields, ending with the empty line, in
 * the report's order: Date, Connection, Keep-Alive, Last-Modified,
 * Content-Length, Content-Type (then Location / Allow).  Returns the number
 * of bytes written, or -1 when size is too small or head->date is NULL
 * (nothing useful written).  Location is location[0..location_len), or the
 * whole NUL-terminated string when location_len is 0; the caller makes sure
 * it holds no CR/LF (a path the parser accepted never does). */
ssize_t pt_http_response_write_head (char                     *buf,
                                     size_t                    size,
                                     const PtHttpResponseHead *head);

/* Writes the short text/html body for an error status (what was wrong).
 * Returns its length, or -1 when size is too small. */
ssize_t pt_http_response_write_error_body (char   *buf,
                                           size_t  size,
                                           int     status);

/* The largest error body pt_http_response_write_error_body writes. */
#define PT_HTTP_MAX_ERROR_BODY 512
