/* pt-http-mime-table.h — extension → Content-Type data (layer 0)
 *
 * Private to pt-http-mime.c.  Keep it sorted by extension in byte order
 * (lowercase ASCII): the lookup is a bsearch, and test-http-mime checks the
 * order.  No charset parameters, as in the report.
 */
#pragma once

typedef struct
{
  const char *ext;
  const char *type;
} PtHttpMimeEntry;

static const PtHttpMimeEntry pt_http_mime_table[] = {
  { "7z",          "application/x-7z-compressed" },
  { "aac",         "audio/aac" },
  { "apng",        "image/apng" },
  { "avif",        "image/avif" },
  { "bmp",         "image/bmp" },
  { "bz2",         "application/x-bzip2" },
  { "css",         "text/css" },
  { "csv",         "text/csv" },
  { "epub",        "application/epub+zip" },
  { "flac",        "audio/flac" },
  { "gif",         "image/gif" },
  { "gz",          "application/gzip" },
  { "htm",         "text/html" },
  { "html",        "text/html" },
  { "ico",         "image/x-icon" },
  { "ics",         "text/calendar" },
  { "jpeg",        "image/jpeg" },
  { "jpg",         "image/jpeg" },
  { "js",          "text/javascript" },
  { "json",        "application/json" },
  { "jsonld",      "application/ld+json" },
  { "m4a",         "audio/mp4" },
  { "map",         "application/json" },
  { "md",          "text/markdown" },
  { "mjs",         "text/javascript" },
  { "mp3",         "audio/mpeg" },
  { "mp4",         "video/mp4" },
  { "oga",         "audio/ogg" },
  { "ogg",         "audio/ogg" },
  { "ogv",         "video/ogg" },
  { "opus",        "audio/ogg" },
  { "otf",         "font/otf" },
  { "pdf",         "application/pdf" },
  { "png",         "image/png" },
  { "rss",         "application/rss+xml" },
  { "svg",         "image/svg+xml" },
  { "tar",         "application/x-tar" },
  { "tif",         "image/tiff" },
  { "tiff",        "image/tiff" },
  { "ttf",         "font/ttf" },
  { "txt",         "text/plain" },
  { "vtt",         "text/vtt" },
  { "wasm",        "application/wasm" },
  { "wav",         "audio/wav" },
  { "weba",        "audio/webm" },
  { "webm",        "video/webm" },
  { "webmanifest", "application/manifest+json" },
  { "webp",        "image/webp" },
  { "woff",        "font/woff" },
  { "woff2",       "font/woff2" },
  { "xhtml",       "application/xhtml+xml" },
  { "xml",         "application/xml" },
  { "xz",          "application/x-xz" },
  { "zip",         "application/zip" },
  { "zst",         "application/zstd" },
};
