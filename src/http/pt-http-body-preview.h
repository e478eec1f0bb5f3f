/* pt-http-body-preview.h — what a client shows of a response body (layer 0)
 *
 * A client streams the body through a PtHttpBodyPreview: it keeps the first
 * PT_HTTP_BODY_PREVIEW_MAX bytes and counts the rest, so memory stays
 * bounded whatever the server sends.  Afterwards one decision says whether
 * the body is text, and one format summarises what is not shown:
 *
 *   <10952 bytes of image/png>                     a binary body
 *   <70000 bytes of text/plain; the first 65536 shown>   after a text preview
 *
 * portico-client and the request console both use these, so they agree.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PT_HTTP_BODY_PREVIEW_MAX   (64 * 1024)   /* body bytes kept for display */
#define PT_HTTP_BODY_SUMMARY_MAX   192           /* a summary line, with its NUL */
#define PT_HTTP_BODY_UNKNOWN_TYPE  "unknown type"

typedef struct
{
  char     data[PT_HTTP_BODY_PREVIEW_MAX];
  size_t   len;      /* bytes kept in data */
  uint64_t total;    /* bytes seen, kept or not */
} PtHttpBodyPreview;

void     pt_http_body_preview_init  (PtHttpBodyPreview *preview);
/* Keeps what still fits in the preview and counts all len bytes. */
void     pt_http_body_preview_add   (PtHttpBodyPreview *preview,
                                     const char        *data,
                                     size_t             len);
/* TRUE when the whole body is in the preview. */
bool     pt_http_body_preview_complete (const PtHttpBodyPreview *preview);

/* Is a body of this Content-Type (type[0..type_len), as sent, parameters
 * and all) text?  text/x, application/json, application/javascript,
 * application/ecmascript, application/xml, image/svg+xml, any +json or +xml
 * type, and any type with a charset parameter.  Case-insensitive. */
bool     pt_http_content_type_is_text (const char *type,
                                       size_t      type_len);

/* The one decision both clients use: by the Content-Type when there is one
 * (type != NULL), else by sniffing the preview: no NUL byte and valid UTF-8
 * (an incomplete sequence cut off at the preview's end is allowed). */
bool     pt_http_body_is_text       (const char              *type,
                                     size_t                   type_len,
                                     const PtHttpBodyPreview *preview);

/* Length of the longest prefix of s[0..len) that is valid UTF-8, or len
 * minus an incomplete sequence at the very end when everything before it
 * is valid; -1 when s holds an invalid sequence. */
ssize_t  pt_http_utf8_valid_prefix  (const char *s,
                                     size_t      len);

/* Writes the summary line (no newline) and its NUL into buf: "<N bytes of
 * TYPE>" when shown is 0, else "<N bytes of TYPE; the first SHOWN shown>".
 * TYPE is the media type without parameters, OWS trimmed, control bytes
 * as '?', cut to fit; PT_HTTP_BODY_UNKNOWN_TYPE when type is NULL or empty.
 * Returns the length, or -1 when size is below PT_HTTP_BODY_SUMMARY_MAX. */
ssize_t  pt_http_body_summary_write (char       *buf,
                                     size_t      size,
                                     uint64_t    total,
                                     uint64_t    shown,
                                     const char *type,
                                     size_t      type_len);
