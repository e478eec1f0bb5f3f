/* test-http-listing.c — the listing page, natural order and its escapers, byte for byte */

#include <glib.h>
#include <string.h>

#include "pt-http-listing.h"

#define S(s) s, sizeof (s) - 1

/* ---- percent-encoding --------------------------------------------------- */

typedef struct
{
  int          line;
  const char  *in;
  size_t       in_len;
  bool         keep_slash;
  const char  *expected;
} EncodeCase;

static const EncodeCase encode_cases[] = {
  { __LINE__, S (""), false, "" },
  { __LINE__, S ("index.html"), false, "index.html" },
  { __LINE__, S ("AZaz09-._~"), false, "AZaz09-._~" },
  { __LINE__, S ("a b"), false, "a%20b" },
  { __LINE__, S ("<\"#%?>"), false, "%3C%22%23%25%3F%3E" },
  { __LINE__, S ("a/b"), false, "a%2Fb" },
  { __LINE__, S ("/a/b/"), true, "/a/b/" },
  { __LINE__, S ("/\\evil.example/dir"), true, "/%5Cevil.example/dir" },
  { __LINE__, S ("&'=+;:@,!$()*"), false, "%26%27%3D%2B%3B%3A%40%2C%21%24%28%29%2A" },
  { __LINE__, S ("caf\xc3\xa9"), false, "caf%C3%A9" },
  { __LINE__, S ("cafe\xcc\x81"), false, "cafe%CC%81" },             /* NFD */
  { __LINE__, S ("\xff\xfe\x80"), false, "%FF%FE%80" },              /* not UTF-8 */
  { __LINE__, S ("\x01\x1f\x7f"), false, "%01%1F%7F" },
  { __LINE__, S ("nul\0in"), false, "nul%00in" },
};

static void
test_encode_case (gconstpointer data)
{
  const EncodeCase *c = data;
  size_t want = strlen (c->expected);
  char buf[256];
  size_t n;

  g_test_message ("case at line %d", c->line);
  n = pt_http_percent_encode (c->in, c->in_len, c->keep_slash, buf, sizeof buf);
  g_assert_cmpuint (n, ==, want);
  g_assert_cmpmem (buf, n, c->expected, want);
  /* Exactly enough room fits; one byte less does not. */
  n = pt_http_percent_encode (c->in, c->in_len, c->keep_slash, buf, want);
  g_assert_cmpuint (n, ==, want);
  if (want > 0)
    g_assert_cmpuint (pt_http_percent_encode (c->in, c->in_len, c->keep_slash, buf, want - 1),
                      ==, (size_t) -1);
}

/* Every byte value: plain exactly when unreserved (or '/' with keep_slash). */
static void
test_encode_every_byte (void)
{
  for (int b = 0; b < 256; b++)
    {
      char in = (char) b, out[4];
      bool plain = g_ascii_isalnum (b) || b == '-' || b == '.' || b == '_' || b == '~';
      size_t n = pt_http_percent_encode (&in, 1, false, out, sizeof out);

      if (plain)
        {
          g_assert_cmpuint (n, ==, 1);
          g_assert_cmpint (out[0], ==, in);
        }
      else
        {
          char want[4];

          g_snprintf (want, sizeof want, "%%%02X", b);
          g_assert_cmpuint (n, ==, 3);
          g_assert_cmpmem (out, 3, want, 3);
        }
    }
}

/* ---- HTML escaping ------------------------------------------------------ */

static const EncodeCase html_cases[] = {
  { __LINE__, S (""), false, "" },
  { __LINE__, S ("plain name.txt"), false, "plain name.txt" },
  { __LINE__, S ("<script>alert(1)</script>"), false, "&lt;script&gt;alert(1)&lt;/script&gt;" },
  { __LINE__, S ("a\"b'c&d"), false, "a&quot;b&#39;c&amp;d" },
  { __LINE__, S ("&amp;"), false, "&amp;amp;" },
  { __LINE__, S ("caf\xc3\xa9"), false, "caf\xc3\xa9" },
  { __LINE__, S ("cafe\xcc\x81"), false, "cafe\xcc\x81" },
  { __LINE__, S ("\xe4\xb8\xad\xf0\x9f\x98\x80"), false, "\xe4\xb8\xad\xf0\x9f\x98\x80" },
  /* not UTF-8: each bad byte is U+FFFD */
  { __LINE__, S ("a\xff""b"), false, "a\xef\xbf\xbd""b" },
  { __LINE__, S ("\xc3"), false, "\xef\xbf\xbd" },                              /* truncated */
  { __LINE__, S ("\xc0\xaf"), false, "\xef\xbf\xbd\xef\xbf\xbd" },              /* overlong */
  { __LINE__, S ("\xe0\x80\xaf"), false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
  { __LINE__, S ("\xed\xa0\x80"), false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
  { __LINE__, S ("\xf4\x90\x80\x80"), false,
    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },                       /* > U+10FFFF */
  { __LINE__, S ("\xe2\x82<"), false, "\xef\xbf\xbd\xef\xbf\xbd&lt;" },
  /* control bytes */
  { __LINE__, S ("a\nb\x7f"), false, "a\xef\xbf\xbd""b\xef\xbf\xbd" },
};

static void
test_html_case (gconstpointer data)
{
  const EncodeCase *c = data;
  size_t want = strlen (c->expected);
  char buf[256];
  size_t n;

  g_test_message ("case at line %d", c->line);
  n = pt_http_html_escape (c->in, c->in_len, buf, sizeof buf);
  g_assert_cmpuint (n, ==, want);
  g_assert_cmpmem (buf, n, c->expected, want);
  g_assert_cmpuint (pt_http_html_escape (c->in, c->in_len, buf, want), ==, want);
  if (want > 0)
    g_assert_cmpuint (pt_http_html_escape (c->in, c->in_len, buf, want - 1), ==, (size_t) -1);
  /* The result is valid UTF-8 with no markup character left. */
  g_assert_true (g_utf8_validate (buf, (gssize) n, NULL));
  g_assert_null (memchr (buf, '<', n));
  g_assert_null (memchr (buf, '>', n));
  g_assert_null (memchr (buf, '"', n));
  g_assert_null (memchr (buf, '\'', n));
}

/* ---- natural order ------------------------------------------------------ */

typedef struct
{
  int          line;
  const char  *a;
  const char  *b;
  int          sign;
} CmpCase;

static const CmpCase cmp_cases[] = {
  { __LINE__, "file2", "file10", -1 },
  { __LINE__, "file10", "file2", 1 },
  { __LINE__, "file2", "file2", 0 },
  { __LINE__, "a", "b", -1 },
  { __LINE__, "a", "a1", -1 },
  { __LINE__, "a1b", "a1c", -1 },
  { __LINE__, "x9y", "x10y", -1 },
  { __LINE__, "1", "01", 1 },          /* equal values: bytewise, '0' < '1' */
  { __LINE__, "01", "1", -1 },
  { __LINE__, "a01b", "a1c", -1 },
  { __LINE__, "99999999999999999999999", "100000000000000000000000", -1 },   /* beyond 64 bits */
  { __LINE__, "v1.10", "v1.9", 1 },
  { __LINE__, "B", "a", -1 },          /* bytewise outside digits */
  { __LINE__, "", "a", -1 },
  { __LINE__, "", "", 0 },
};

static void
test_cmp_case (gconstpointer data)
{
  const CmpCase *c = data;
  int r = pt_http_listing_natural_cmp (c->a, strlen (c->a), c->b, strlen (c->b));
  int back = pt_http_listing_natural_cmp (c->b, strlen (c->b), c->a, strlen (c->a));

  g_test_message ("case at line %d", c->line);
  g_assert_cmpint ((r > 0) - (r < 0), ==, c->sign);
  g_assert_cmpint ((back > 0) - (back < 0), ==, -c->sign);
}

static PtHttpListingEntry
entry (const char *name,
       bool        is_dir,
       uint64_t    size)
{
  PtHttpListingEntry e = { name, strlen (name), is_dir, size, 1700000000 };
  return e;
}

/* Folders first, then natural order, from every rotation of the input. */
static void
test_sort (void)
{
  static const char *const want[] = { "a", "dir2", "dir10", "file", "file1", "file2", "file10", "file010x", "z" };
  static const bool want_dir[] = { true, true, true, false, false, false, false, false, false };
  PtHttpListingEntry in[G_N_ELEMENTS (want)];
  const size_t n = G_N_ELEMENTS (want);

  for (size_t rot = 0; rot < n; rot++)
    {
      for (size_t i = 0; i < n; i++)
        {
          size_t k = (i * 5 + rot) % n;
          in[i] = entry (want[k], want_dir[k], 0);
        }
      pt_http_listing_sort (in, n);
      for (size_t i = 0; i < n; i++)
        {
          g_assert_cmpstr (in[i].name, ==, want[i]);
          g_assert_cmpint (in[i].is_dir, ==, want_dir[i]);
        }
    }
  pt_http_listing_sort (in, 0);
  pt_http_listing_sort (in, 1);
}

/* ---- the page ----------------------------------------------------------- */

#define HEAD_BEFORE_TITLE \
  "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">" \
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" \
  "<meta name=\"color-scheme\" content=\"light dark\">\n<style>" \
  "body{font:16px/1.4 system-ui,sans-serif;margin:0 auto;padding:1em;max-width:60em}" \
  "table{border-collapse:collapse;width:100%}" \
  "td{padding:.4em .5em;border-bottom:1px solid #8884;overflow-wrap:anywhere}" \
  "td.n{text-align:right;white-space:nowrap}" \
  "a{color:#0b57d0;text-decoration:none}" \
  "@media(max-width:40em){td.d{display:none}}" \
  "@media(prefers-color-scheme:dark){body{background:#1e1e1e;color:#ddd}a{color:#8ab4f8}}" \
  "</style>\n<title>Index of "

static void
test_page_exact (void)
{
  PtHttpListingEntry e[] = {
    entry ("sub dir", true, 4096),
    entry ("a<b>.txt", false, 0),
    entry ("big.bin", false, 1536),
    entry ("huge.iso", false, (uint64_t) 25 << 30),
  };
  static const char want[] =
    HEAD_BEFORE_TITLE "/x &amp; y/</title></head>\n<body>\n<h1>Index of /x &amp; y/</h1>\n<table>\n"
    "<tr><td><a href=\"../\">../</a></td><td class=\"n\"></td><td class=\"d\"></td></tr>\n"
    "<tr><td><a href=\"./sub%20dir/\">sub dir/</a></td><td class=\"n\">-</td>"
    "<td class=\"d\">Tue, 14 Nov 2023 22:13:20 GMT</td></tr>\n"
    "<tr><td><a href=\"./a%3Cb%3E.txt\">a&lt;b&gt;.txt</a></td><td class=\"n\">0 B</td>"
    "<td class=\"d\">Tue, 14 Nov 2023 22:13:20 GMT</td></tr>\n"
    "<tr><td><a href=\"./big.bin\">big.bin</a></td><td class=\"n\">1.5 KiB</td>"
    "<td class=\"d\">Tue, 14 Nov 2023 22:13:20 GMT</td></tr>\n"
    "<tr><td><a href=\"./huge.iso\">huge.iso</a></td><td class=\"n\">25 GiB</td>"
    "<td class=\"d\">Tue, 14 Nov 2023 22:13:20 GMT</td></tr>\n"
    "</table>\n</body></html>\n";
  char buf[8192];
  size_t n;

  pt_http_listing_sort (e, G_N_ELEMENTS (e));
  n = pt_http_listing_write (S ("/x & y/"), e, G_N_ELEMENTS (e), false, buf, sizeof buf);
  g_assert_cmpuint (n, ==, sizeof want - 1);
  g_assert_cmpmem (buf, n, want, sizeof want - 1);
  /* Exactly enough room; one byte less is refused. */
  g_assert_cmpuint (pt_http_listing_write (S ("/x & y/"), e, G_N_ELEMENTS (e), false, buf, n), ==, n);
  g_assert_cmpuint (pt_http_listing_write (S ("/x & y/"), e, G_N_ELEMENTS (e), false, buf, n - 1),
                    ==, (size_t) -1);
  g_assert_cmpuint (n, <=, pt_http_listing_max_size (G_N_ELEMENTS (e)));
}

/* The root has no link up; an empty folder is a table with no rows. */
static void
test_page_root_empty (void)
{
  static const char want[] =
    HEAD_BEFORE_TITLE "/</title></head>\n<body>\n<h1>Index of /</h1>\n<table>\n</table>\n</body></html>\n";
  char buf[4096];
  size_t n = pt_http_listing_write (S ("/"), NULL, 0, false, buf, sizeof buf);

  g_assert_cmpuint (n, ==, sizeof want - 1);
  g_assert_cmpmem (buf, n, want, sizeof want - 1);
}

static void
test_page_bad_arguments (void)
{
  PtHttpListingEntry e = entry ("", false, 0);
  char buf[8192];
  g_autofree char *long_path = g_malloc (PT_HTTP_LISTING_MAX_PATH + 1);

  g_assert_cmpuint (pt_http_listing_write (S (""), NULL, 0, false, buf, sizeof buf), ==, (size_t) -1);
  g_assert_cmpuint (pt_http_listing_write (S ("dir/"), NULL, 0, false, buf, sizeof buf), ==, (size_t) -1);
  g_assert_cmpuint (pt_http_listing_write (S ("/dir"), NULL, 0, false, buf, sizeof buf), ==, (size_t) -1);
  g_assert_cmpuint (pt_http_listing_write (S ("/"), &e, 1, false, buf, sizeof buf), ==, (size_t) -1);
  e.name = "x";
  e.name_len = PT_HTTP_LISTING_MAX_NAME + 1;
  g_assert_cmpuint (pt_http_listing_write (S ("/"), &e, 1, false, buf, sizeof buf), ==, (size_t) -1);

  /* PT_HTTP_LISTING_MAX_PATH is listed; one byte more is refused. */
  memset (long_path, 'p', PT_HTTP_LISTING_MAX_PATH + 1);
  long_path[0] = '/';
  long_path[PT_HTTP_LISTING_MAX_PATH - 1] = '/';
  long_path[PT_HTTP_LISTING_MAX_PATH] = '/';
  {
    size_t size = pt_http_listing_max_size (0);
    g_autofree char *big = g_malloc (size);

    g_assert_cmpuint (pt_http_listing_write (long_path, PT_HTTP_LISTING_MAX_PATH, NULL, 0, false, big, size),
                      !=, (size_t) -1);
    g_assert_cmpuint (pt_http_listing_write (long_path, PT_HTTP_LISTING_MAX_PATH + 1, NULL, 0, false, big, size),
                      ==, (size_t) -1);
  }
}

static size_t
count (const char *hay,
       size_t      len,
       const char *needle)
{
  size_t n = 0, nl = strlen (needle);

  for (size_t i = 0; i + nl <= len; i++)
    if (memcmp (hay + i, needle, nl) == 0)
      n++;
  return n;
}

/* PT_HTTP_LISTING_MAX_ENTRIES rows at N; at N+1 the same N rows and a note. */
static void
test_page_entry_limit (void)
{
  const size_t max = PT_HTTP_LISTING_MAX_ENTRIES;
  g_autofree PtHttpListingEntry *e = g_new (PtHttpListingEntry, max + 1);
  size_t size = pt_http_listing_max_size (max + 1);
  g_autofree char *buf = g_malloc (size);
  size_t n;

  g_assert_cmpuint (size, ==, pt_http_listing_max_size (max));
  for (size_t i = 0; i <= max; i++)
    e[i] = entry ("f.txt", false, i);

  n = pt_http_listing_write (S ("/d/"), e, max, false, buf, size);
  g_assert_cmpuint (n, !=, (size_t) -1);
  g_assert_cmpuint (count (buf, n, "<tr>"), ==, max + 1);   /* and the link up */
  g_assert_cmpuint (count (buf, n, "Only the first"), ==, 0);

  n = pt_http_listing_write (S ("/d/"), e, max + 1, false, buf, size);
  g_assert_cmpuint (n, !=, (size_t) -1);
  g_assert_cmpuint (count (buf, n, "<tr>"), ==, max + 1);
  g_assert_cmpuint (count (buf, n, "<p>Only the first entries are listed.</p>\n"), ==, 1);
}

/* Hostile names: each appears once as its %-encoded link and once
 * HTML-escaped, and nothing in them opens markup. */
static const char *const hostile[] = {
  "<script>alert(1)<", "\"onmouseover=\"x", "'single'", "a#frag", "100%", "50%25", "q?x=1",
  "sp ace", " lead", "trail ", "caf\xc3\xa9", "cafe\xcc\x81", "\xff\xfe", "\xc0\xaf", "a&amp;b",
  "back\\slash", "tab\tname", "new\nline", "\x7f", "\xe4\xb8\xad\xe6\x96\x87", "..x", "-", "~",
  "javascript:alert(1)", "//evil.example", "%2e%2e", "a+b", "e=mc2;", "</a><a href=x>",
};

static void
test_page_hostile_names (void)
{
  PtHttpListingEntry e[G_N_ELEMENTS (hostile)];
  size_t size = pt_http_listing_max_size (G_N_ELEMENTS (hostile));
  g_autofree char *buf = g_malloc (size);
  size_t n;

  for (size_t i = 0; i < G_N_ELEMENTS (hostile); i++)
    e[i] = entry (hostile[i], i % 2 == 0, i);
  pt_http_listing_sort (e, G_N_ELEMENTS (e));
  n = pt_http_listing_write (S ("/<d>/"), e, G_N_ELEMENTS (e), false, buf, size);
  g_assert_cmpuint (n, !=, (size_t) -1);
  g_assert_true (g_utf8_validate (buf, (gssize) n, NULL));
  g_assert_cmpuint (count (buf, n, "<a "), ==, G_N_ELEMENTS (hostile) + 1);
  g_assert_cmpuint (count (buf, n, "</a>"), ==, G_N_ELEMENTS (hostile) + 1);
  g_assert_cmpuint (count (buf, n, "<script"), ==, 0);

  for (size_t i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      char enc[3 * PT_HTTP_LISTING_MAX_NAME], esc[6 * PT_HTTP_LISTING_MAX_NAME];
      size_t enc_len = pt_http_percent_encode (hostile[i], strlen (hostile[i]), false, enc, sizeof enc);
      size_t esc_len = pt_http_html_escape (hostile[i], strlen (hostile[i]), esc, sizeof esc);
      bool dir = i % 2 == 0;
      g_autofree char *link = g_strdup_printf ("<a href=\"./%.*s%s\">%.*s%s</a>", (int) enc_len, enc,
                                               dir ? "/" : "", (int) esc_len, esc, dir ? "/" : "");
      g_autofree char *unescaped = g_uri_unescape_segment (enc, enc + enc_len, NULL);

      g_test_message ("name %zu", i);
      g_assert_cmpuint (count (buf, n, link), ==, 1);
      /* The link decodes back to the exact name. */
      g_assert_cmpstr (unescaped, ==, hostile[i]);
    }
}

/* The bound holds for the worst names: every byte escaped or replaced. */
static void
test_page_worst_case_size (void)
{
  static const char *const fills = "\"\xff&";
  const size_t max = 64;
  PtHttpListingEntry e[64];
  char names[3][PT_HTTP_LISTING_MAX_NAME];
  g_autofree char *path = g_malloc (PT_HTTP_LISTING_MAX_PATH);

  memset (path, '"', PT_HTTP_LISTING_MAX_PATH);
  path[0] = path[PT_HTTP_LISTING_MAX_PATH - 1] = '/';
  for (size_t f = 0; f < 3; f++)
    {
      size_t size = pt_http_listing_max_size (max);
      g_autofree char *buf = g_malloc (size);

      memset (names[f], fills[f], sizeof names[f]);
      for (size_t i = 0; i < max; i++)
        {
          e[i] = entry ("", i % 2 == 0, G_MAXUINT64);
          e[i].name = names[f];
          e[i].name_len = PT_HTTP_LISTING_MAX_NAME;
        }
      g_assert_cmpuint (pt_http_listing_write (path, PT_HTTP_LISTING_MAX_PATH, e, max, true, buf, size),
                        !=, (size_t) -1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (encode_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/listing/encode/line-%d", encode_cases[i].line);
      g_test_add_data_func (name, &encode_cases[i], test_encode_case);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (html_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/listing/html/line-%d", html_cases[i].line);
      g_test_add_data_func (name, &html_cases[i], test_html_case);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (cmp_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/listing/natural/line-%d", cmp_cases[i].line);
      g_test_add_data_func (name, &cmp_cases[i], test_cmp_case);
    }
  g_test_add_func ("/http/listing/encode/every-byte", test_encode_every_byte);
  g_test_add_func ("/http/listing/sort", test_sort);
  g_test_add_func ("/http/listing/page/exact", test_page_exact);
  g_test_add_func ("/http/listing/page/root-empty", test_page_root_empty);
  g_test_add_func ("/http/listing/page/bad-arguments", test_page_bad_arguments);
  g_test_add_func ("/http/listing/page/entry-limit", test_page_entry_limit);
  g_test_add_func ("/http/listing/page/hostile-names", test_page_hostile_names);
  g_test_add_func ("/http/listing/page/worst-case-size", test_page_worst_case_size);

  return g_test_run ();
}
