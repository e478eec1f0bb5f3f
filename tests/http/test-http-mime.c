/* test-http-mime.c — extension → Content-Type */

#include <glib.h>
#include <string.h>

#include "pt-http-mime.h"
#include "pt-http-mime-table.h"

typedef struct
{
  const char *path;
  const char *type;   /* NULL: not served */
} MimeCase;

static const MimeCase mime_cases[] = {
  /* the report's five types, with its exact strings */
  { "index.html", "text/html" },
  { "notes.txt", "text/plain" },
  { "polyuLogo.png", "image/png" },
  { "photo1.jpg", "image/jpeg" },
  { "photo2.jpeg", "image/jpeg" },
  /* the rest of the table */
  { "a.htm", "text/html" },
  { "style.css", "text/css" },
  { "app.js", "text/javascript" },
  { "mod.mjs", "text/javascript" },
  { "data.json", "application/json" },
  { "app.js.map", "application/json" },
  { "feed.xml", "application/xml" },
  { "logo.svg", "image/svg+xml" },
  { "favicon.ico", "image/x-icon" },
  { "anim.gif", "image/gif" },
  { "pic.webp", "image/webp" },
  { "pic.avif", "image/avif" },
  { "pic.bmp", "image/bmp" },
  { "doc.pdf", "application/pdf" },
  { "mod.wasm", "application/wasm" },
  { "f.woff", "font/woff" },
  { "f.woff2", "font/woff2" },
  { "f.ttf", "font/ttf" },
  { "f.otf", "font/otf" },
  { "clip.mp4", "video/mp4" },
  { "clip.webm", "video/webm" },
  { "sound.ogg", "audio/ogg" },
  { "song.mp3", "audio/mpeg" },
  { "beep.wav", "audio/wav" },
  { "table.csv", "text/csv" },
  { "README.md", "text/markdown" },
  { "a.zip", "application/zip" },
  { "a.tar.gz", "application/gzip" },
  { "a.tar", "application/x-tar" },
  { "site.webmanifest", "application/manifest+json" },
  { "cal.ics", "text/calendar" },
  { "subs.vtt", "text/vtt" },
  { "a.7z", "application/x-7z-compressed" },
  /* case-insensitive, last dot of the last segment */
  { "INDEX.HTML", "text/html" },
  { "a.PNG", "image/png" },
  { "Photo.JpEg", "image/jpeg" },
  { "dir.png/file.txt", "text/plain" },
  { "a/b/c.d/e.html", "text/html" },
  { "archive.txt.zip", "application/zip" },
  /* not served */
  { "index.py", NULL },
  { "photo1.py", NULL },
  { "Makefile", NULL },
  { "dir.png/Makefile", NULL },
  { "trailing.", NULL },
  { "", NULL },
  { "a.htmlx", NULL },
  { "a.ht", NULL },
  { "a.exe", NULL },
  { "a.averyveryverylongextension", NULL },
  { "dir/", NULL },
};

static void
test_mime_case (gconstpointer data)
{
  const MimeCase *c = data;

  g_test_message ("\"%s\"", c->path);
  g_assert_cmpstr (pt_http_mime_lookup (c->path, strlen (c->path)), ==, c->type);
}

/* Only len bytes are read. */
static void
test_mime_slice (void)
{
  const char *s = "index.html.bak";

  g_assert_cmpstr (pt_http_mime_lookup (s, strlen ("index.html")), ==, "text/html");
  g_assert_cmpstr (pt_http_mime_lookup (s, strlen ("index.ht")), ==, NULL);
  g_assert_cmpstr (pt_http_mime_lookup ("a.pn\0g", 6), ==, NULL);   /* NUL inside the extension */
  g_assert_cmpstr (pt_http_mime_lookup (NULL, 0), ==, NULL);
}

/* bsearch needs the table sorted and lowercase; no duplicates; no charset. */
static void
test_mime_table_sorted (void)
{
  const size_t n = G_N_ELEMENTS (pt_http_mime_table);

  g_assert_cmpuint (n, >=, 40);
  for (size_t i = 0; i < n; i++)
    {
      const char *ext = pt_http_mime_table[i].ext;

      for (const char *p = ext; *p != '\0'; p++)
        g_assert_false (g_ascii_isupper (*p));
      g_assert_null (strchr (pt_http_mime_table[i].type, ';'));
      if (i > 0)
        g_assert_cmpint (strcmp (pt_http_mime_table[i - 1].ext, ext), <, 0);
      /* every entry is reachable through the public lookup */
      {
        g_autofree char *name = g_strconcat ("x.", ext, NULL);

        g_assert_cmpstr (pt_http_mime_lookup (name, strlen (name)), ==, pt_http_mime_table[i].type);
      }
    }
}

/* Text types get "; charset=utf-8"; every other type stays as it is. */
static void
test_mime_charset (void)
{
  static const struct
  {
    const char *path;
    const char *expected;
  } cases[] = {
    { "/index.html", "text/html; charset=utf-8" },
    { "/a.htm", "text/html; charset=utf-8" },
    { "/a.txt", "text/plain; charset=utf-8" },
    { "/a.css", "text/css; charset=utf-8" },
    { "/a.js", "text/javascript; charset=utf-8" },
    { "/a.mjs", "text/javascript; charset=utf-8" },
    { "/a.csv", "text/csv; charset=utf-8" },
    { "/a.md", "text/markdown; charset=utf-8" },
    { "/a.xml", "application/xml; charset=utf-8" },
    { "/a.svg", "image/svg+xml; charset=utf-8" },
    { "/a.json", "application/json; charset=utf-8" },
    { "/a.png", "image/png" },
    { "/a.pdf", "application/pdf" },
    { "/a.xhtml", "application/xhtml+xml" },
    { "/a.jsonld", "application/ld+json" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *type = pt_http_mime_lookup (cases[i].path, strlen (cases[i].path));

      g_test_message ("%s", cases[i].path);
      g_assert_nonnull (type);
      g_assert_cmpstr (pt_http_mime_with_charset (type), ==, cases[i].expected);
    }
  g_assert_null (pt_http_mime_with_charset (NULL));
  g_assert_cmpstr (pt_http_mime_with_charset (PT_HTTP_MIME_DEFAULT), ==, PT_HTTP_MIME_DEFAULT);
  g_assert_cmpstr (pt_http_mime_with_charset ("text/htm"), ==, "text/htm");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (mime_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/mime/case-%02zu", i);

      g_test_add_data_func (name, &mime_cases[i], test_mime_case);
    }
  g_test_add_func ("/http/mime/slice", test_mime_slice);
  g_test_add_func ("/http/mime/table-sorted", test_mime_table_sorted);
  g_test_add_func ("/http/mime/charset", test_mime_charset);

  return g_test_run ();
}
