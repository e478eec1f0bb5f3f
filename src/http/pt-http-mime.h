/* pt-http-mime.h — file extension → Content-Type (layer 0) */
#pragma once

#include <stddef.h>

/* Returns the Content-Type for the extension of path[0..len) (case-insensitive,
 * the text after the last '.' of the last segment), or NULL when the type is
 * not one we serve.  "index.html" → "text/html"; "a.PNG" → "image/png". */
const char *pt_http_mime_lookup (const char *path,
                                 size_t      len);

/* The text types we label UTF-8: text/html, text/plain, text/css,
 * text/javascript, text/csv, text/markdown, application/xml, image/svg+xml
 * and application/json become "<type>; charset=utf-8" (a static string);
 * any other type, and NULL, is returned as it is. */
const char *pt_http_mime_with_charset (const char *type);

#define PT_HTTP_MIME_DEFAULT "application/octet-stream"
