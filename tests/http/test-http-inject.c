/* test-http-inject.c — where live reload's script tag goes (pt-http-inject.c)
 *
 * A table of {page, expected offset} with __LINE__; the offset is written
 * as the marker '|' in the page (removed before the scan), or the page's
 * end when there is none.  Every page is scanned from an exact-size heap
 * copy, and every prefix of it too (a prefix answers its own end or an
 * offset within it, never beyond).
 */

#include <glib.h>
#include <string.h>

#include "pt-http-inject.h"

typedef struct
{
  int         line;
  const char *page;   /* '|' marks the expected offset; none: the end */
} InjectCase;

#define CASE(p) { __LINE__, (p) }

static const InjectCase inject_cases[] = {
  CASE ("<html><body><p>hi</p>|</body></html>"),
  CASE ("<HTML><BODY>hi|</BODY></HTML>"),
  CASE ("<body>hi|</BoDy>"),
  CASE ("<body>hi|</body >"),
  CASE ("<body>hi|</body\n>"),
  CASE ("<body>hi|</body/>"),
  CASE ("<body>hi|</body"),                      /* cut at the end of the name */
  CASE ("<body>hi</bodyx>"),                     /* another tag's name: the end */
  CASE ("<body>hi</bod"),
  CASE (""),
  CASE ("no markup at all"),
  CASE ("<p>a page without a body tag"),
  CASE ("<body>one</body>two|</body>"),          /* the last one */
  CASE ("<body><script>var s = \"</body>\";</script>|</body>"),
  CASE ("<body><SCRIPT>var s = '</BODY>';</Script >|</body>"),
  CASE ("<body><script>document.write('</body>')</script>"),  /* only inside the script: the end */
  CASE ("<body><script>never closed </body>"),
  CASE ("<body><script type=\"text/x>y\">'</body>'</script>|</body>"),
  CASE ("<body><script src=a.js></script>|</body>"),
  CASE ("<body><scripts></scripts>|</body>"),    /* not a script element */
  CASE ("<body><style>p::after { content: \"</body>\" }</style>|</body>"),
  CASE ("<body><!-- </body> -->|</body>"),
  CASE ("<body>|</body><!-- </body> -->"),
  CASE ("<body><!-- never closed </body>"),
  CASE ("<body><!---->|</body>"),
  CASE ("<body><!-->x</body>"),                  /* "<!-->" (empty to a browser) read as unclosed: the end still works */
  CASE ("<body><script></script><script>'</body>'</script>|</body>"),
  CASE ("<body><p title=\"</body>\">x|</body>"),  /* in an attribute of a normal tag: markup as written */
  CASE ("<<<|</body>"),
  CASE ("|</body>"),
};

static char *
page_without_marker (const char *page,
                     gsize      *len,
                     gsize      *expected)
{
  const char *bar = strchr (page, '|');
  gsize n = strlen (page);
  char *copy;

  if (bar == NULL)
    {
      *len = n;
      *expected = n;
      return g_memdup2 (page, MAX (n, 1));
    }
  *expected = (gsize) (bar - page);
  *len = n - 1;
  copy = g_malloc (MAX (n - 1, 1));
  memcpy (copy, page, *expected);
  memcpy (copy + *expected, bar + 1, n - *expected - 1);
  return copy;
}

static void
test_inject_table (void)
{
  for (gsize c = 0; c < G_N_ELEMENTS (inject_cases); c++)
    {
      const InjectCase *tc = &inject_cases[c];
      gsize len, expected;
      g_autofree char *page = page_without_marker (tc->page, &len, &expected);
      gsize got = pt_http_inject_offset (page, len);

      if (got != expected)
        g_error ("line %d: \"%s\": offset %" G_GSIZE_FORMAT ", expected %" G_GSIZE_FORMAT,
                 tc->line, tc->page, got, expected);

      for (gsize cut = 0; cut < len; cut++)
        {
          g_autofree char *prefix = g_memdup2 (page, MAX (cut, 1));
          gsize at = pt_http_inject_offset (prefix, cut);

          if (at > cut)
            g_error ("line %d: prefix of %" G_GSIZE_FORMAT ": offset %" G_GSIZE_FORMAT " beyond it",
                     tc->line, cut, at);
        }
    }
}

/* A 10 MiB page with one "</body>" at its end and thousands in scripts. */
static void
test_inject_large (void)
{
  const gsize size = 10 * 1024 * 1024;
  static const char chunk[] = "<p>text</p><script>'</body>'</script>";
  GString *page = g_string_sized_new (size + 64);
  gsize expected;

  g_string_append (page, "<html><body>");
  while (page->len + sizeof chunk < size)
    g_string_append (page, chunk);
  expected = page->len;
  g_string_append (page, "</body></html>");
  g_assert_cmpuint (pt_http_inject_offset (page->str, page->len), ==, expected);
  g_string_free (page, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/http/inject/table", test_inject_table);
  g_test_add_func ("/http/inject/large", test_inject_large);
  return g_test_run ();
}
