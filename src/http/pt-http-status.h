/* pt-http-status.h — the HTTP status codes Portico sends, and their texts (layer 0)
 *
 * Owns the one status enum (values are the codes themselves, so a status
 * can be printed or compared as a number) and the table of reason phrases,
 * status lines and error-body sentences.
 */
#pragma once

#include <stddef.h>

typedef enum
{
  PT_HTTP_STATUS_NONE                       = 0,    /* no status yet / no error */
  PT_HTTP_STATUS_OK                         = 200,
  PT_HTTP_STATUS_PARTIAL_CONTENT            = 206,
  PT_HTTP_STATUS_MOVED_PERMANENTLY          = 301,
  PT_HTTP_STATUS_SEE_OTHER                  = 303,
  PT_HTTP_STATUS_NOT_MODIFIED               = 304,
  PT_HTTP_STATUS_BAD_REQUEST                = 400,
  PT_HTTP_STATUS_FORBIDDEN                  = 403,
  PT_HTTP_STATUS_NOT_FOUND                  = 404,
  PT_HTTP_STATUS_METHOD_NOT_ALLOWED         = 405,
  PT_HTTP_STATUS_REQUEST_TIMEOUT            = 408,
  PT_HTTP_STATUS_PRECONDITION_FAILED        = 412,
  PT_HTTP_STATUS_CONTENT_TOO_LARGE          = 413,
  PT_HTTP_STATUS_URI_TOO_LONG               = 414,
  PT_HTTP_STATUS_RANGE_NOT_SATISFIABLE      = 416,
  PT_HTTP_STATUS_MISDIRECTED_REQUEST        = 421,
  PT_HTTP_STATUS_HEADER_FIELDS_TOO_LARGE    = 431,
  PT_HTTP_STATUS_INTERNAL_SERVER_ERROR      = 500,
  PT_HTTP_STATUS_NOT_IMPLEMENTED            = 501,
  PT_HTTP_STATUS_SERVICE_UNAVAILABLE        = 503,
  PT_HTTP_STATUS_VERSION_NOT_SUPPORTED      = 505,
} PtHttpStatus;

/* Reason phrase for a status ("OK", "File Not Found" for 404 as in the report);
 * "Unknown" for a status not in the table. */
const char *pt_http_status_reason   (int     status);

/* The whole status line, "HTTP/1.1 404 File Not Found\r\n", for a status in
 * the table (its length in *len), else NULL. */
const char *pt_http_status_line     (int     status,
                                     size_t *len);

/* The error body's explanation of a status, or NULL (200, 304, unknown). */
const char *pt_http_status_sentence (int     status);
