/* test-http-path.c — table tests for pt_http_path_normalize
 *
 * Includes a traversal corpus: whatever the encoding, nothing may climb out
 * of the served folder or reach a hidden file.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-path.h"

#define OK 0

typedef struct
{
  int         line;
  int         status;
  const char *path;
  size_t      path_len;      /* 0: strlen */
  const char *expected;      /* when status == OK */
  bool        is_directory;
} PathCase;

#define CASE(st, p, e, d) { __LINE__, (st), (p), 0, (e), (d) }
#define FAIL(st, p) { __LINE__, (st), (p), 0, NULL, false }

static const PathCase path_cases[] = {
  /* plain paths */
  CASE (OK, "/", "", true),
  CASE (OK, "/index.html", "index.html", false),
  CASE (OK, "/a/b/c.txt", "a/b/c.txt", false),
  CASE (OK, "/dir/", "dir", true),
  CASE (OK, "/a/./b//c", "a/b/c", false),
  CASE (OK, "//etc/passwd", "etc/passwd", false),
  CASE (OK, "///", "", true),
  CASE (OK, "/./", "", true),
  CASE (OK, "/.", "", true),
  CASE (OK, "/a/..", "", true),
  CASE (OK, "/a/../", "", true),
  CASE (OK, "/a/b/..", "a", true),
  CASE (OK, "/a/b/../c", "a/c", false),
  CASE (OK, "/a/b/c/../../d", "a/d", false),
  CASE (OK, "/a/./", "a", true),
  CASE (OK, "/a/.", "a", true),
  CASE (OK, "/a..b", "a..b", false),
  CASE (OK, "/a/b..", "a/b..", false),
  /* percent-decoding */
  CASE (OK, "/ok%20name.html", "ok name.html", false),
  CASE (OK, "/%41%62c", "Abc", false),
  CASE (OK, "/caf%C3%A9.txt", "caf\xc3\xa9.txt", false),
  CASE (OK, "/caf\xc3\xa9.txt", "caf\xc3\xa9.txt", false),
  CASE (OK, "/100%25.txt", "100%.txt", false),
  CASE (OK, "/a%2eb", "a.b", false),
  CASE (OK, "/%2e/a", "a", false),
  CASE (OK, "/a/%2e%2e/b", "b", false),
  CASE (OK, "/a/%2E%2E", "", true),
  CASE (OK, "/a\\..\\b", "a\\..\\b", false),   /* backslash is an ordinary byte */
  CASE (OK, "/a?b", "a?b", false),             /* the parser removed the query; '?' here is data */
  CASE (OK, "/%3F", "?", false),
  CASE (OK, "/.git/../x", "x", false),         /* hidden only after resolution */
  /* traversal corpus */
  FAIL (400, "/.."),
  FAIL (400, "/../"),
  FAIL (400, "/../etc/passwd"),
  FAIL (400, "/a/b/../../../x"),
  FAIL (400, "/a/../../x"),
  FAIL (400, "/./../x"),
  FAIL (400, "/%2e%2e/%2e%2e/etc/passwd"),
  FAIL (400, "/%2E%2E/"),
  FAIL (400, "/.%2e/x"),
  FAIL (400, "/%2e./x"),
  FAIL (400, "/..%2f..%2fetc"),
  FAIL (400, "/..%2F..%2Fetc/passwd"),
  FAIL (400, "/a%2fb"),
  FAIL (400, "/%00"),
  FAIL (400, "/index.html%00.png"),
  FAIL (400, "/%"),
  FAIL (400, "/%1"),
  FAIL (400, "/a%G1"),
  FAIL (400, "/a%1G"),
  FAIL (400, "/%%30%30"),
  FAIL (400, "/%0a"),
  FAIL (400, "/%0D%0ASet-Cookie:x"),
  FAIL (400, "/%1f"),
  FAIL (400, "/%7f"),
  FAIL (400, "/a\tb"),
  FAIL (400, "/a\x7f"),
  FAIL (400, "a/b"),
  FAIL (400, ""),
  FAIL (400, "*"),
  FAIL (400, "/x/../../.git"),                 /* climbing is judged before hiding */
  /* hidden segments */
  FAIL (404, "/.hidden"),
  FAIL (404, "/.git/config"),
  FAIL (404, "/a/.env"),
  FAIL (404, "/a/.b/c"),
  FAIL (404, "/.well-known/"),
  FAIL (404, "/%2egit/config"),
  FAIL (404, "/a/%2Ehtaccess"),
  FAIL (404, "/...x"),
  FAIL (404, "/a/..."),
};

static void
test_path_case (gconstpointer data)
{
  const PathCase *c = data;
  size_t len = c->path_len != 0 ? c->path_len : strlen (c->path);
  char out[PT_HTTP_MAX_PATH];
  PtHttpPath result;
  int status;

  g_test_message ("line %d: \"%s\"", c->line, c->path);
  memset (out, 'X', sizeof out);
  status = pt_http_path_normalize (c->path, len, out, sizeof out, &result);
  g_assert_cmpint (status, ==, c->status);
  if (status == OK)
    {
      g_assert_cmpstr (out, ==, c->expected);
      g_assert_cmpuint (result.len, ==, strlen (c->expected));
      g_assert_cmpint (result.is_directory, ==, c->is_directory);
    }
}

/* Only the first len bytes are read: the path is a slice of a larger buffer. */
static void
test_path_slice (void)
{
  const char *target = "/a/b.html?x=/../..";
  char out[64];
  PtHttpPath result;

  g_assert_cmpint (pt_http_path_normalize (target, strlen ("/a/b.html"), out, sizeof out, &result), ==, 0);
  g_assert_cmpstr (out, ==, "a/b.html");
  g_assert_false (result.is_directory);

  /* "%2" cut by the slice end is a malformed escape, not "%2?" */
  g_assert_cmpint (pt_http_path_normalize ("/%2e", 3, out, sizeof out, &result), ==, 400);
}

/* The result fits in out_size - 1 bytes plus the NUL; one more is 414. */
static void
test_path_length (void)
{
  char path[PT_HTTP_MAX_PATH + 2];
  char out[PT_HTTP_MAX_PATH + 16];
  PtHttpPath result;
  const size_t small = 8;

  /* "/aaaaaaa" -> 7 bytes fit in out[8] */
  memset (path, 'a', sizeof path);
  path[0] = '/';
  g_assert_cmpint (pt_http_path_normalize (path, small, out, small, &result), ==, 0);
  g_assert_cmpuint (result.len, ==, small - 1);
  g_assert_cmpuint (strlen (out), ==, small - 1);
  /* a trailing '/' adds nothing to the result */
  path[small] = '/';
  g_assert_cmpint (pt_http_path_normalize (path, small + 1, out, small, &result), ==, 0);
  g_assert_true (result.is_directory);
  path[small] = 'a';
  g_assert_cmpint (pt_http_path_normalize (path, small + 1, out, small, &result), ==, 414);

  /* PT_HTTP_MAX_PATH caps even a larger out: MAX_PATH - 1 bytes + NUL */
  g_assert_cmpint (pt_http_path_normalize (path, PT_HTTP_MAX_PATH, out, sizeof out, &result), ==, 0);
  g_assert_cmpuint (result.len, ==, PT_HTTP_MAX_PATH - 1);
  g_assert_cmpint (pt_http_path_normalize (path, PT_HTTP_MAX_PATH + 1, out, sizeof out, &result), ==, 414);

  /* a segment separator counts too: "a/b" needs 4 bytes */
  g_assert_cmpint (pt_http_path_normalize ("/a/b", 4, out, 4, &result), ==, 0);
  g_assert_cmpstr (out, ==, "a/b");
  g_assert_cmpint (pt_http_path_normalize ("/a/b", 4, out, 3, &result), ==, 414);
}

/* Random paths over a hostile alphabet: a success never contains an empty,
 * ".", ".." or hidden segment, nor a leading '/', and matches result.len. */
#define RANDOM_ROUNDS   20000
#define RANDOM_MAX_LEN  24

static void
test_path_random (void)
{
  static const char alphabet[] = "/./%2e%2E%2f%00a\\";

  for (int round = 0; round < RANDOM_ROUNDS; round++)
    {
      char path[RANDOM_MAX_LEN];
      char out[RANDOM_MAX_LEN + 1];
      size_t len = (size_t) g_test_rand_int_range (1, RANDOM_MAX_LEN);
      PtHttpPath result;
      int status;

      path[0] = '/';
      for (size_t i = 1; i < len; i++)
        path[i] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];

      status = pt_http_path_normalize (path, len, out, sizeof out, &result);
      g_assert_true (status == 0 || status == 400 || status == 404);
      if (status == 0)
        {
          g_auto(GStrv) segments = g_strsplit (out, "/", -1);

          g_assert_cmpuint (strlen (out), ==, result.len);
          for (size_t k = 0; result.len > 0 && segments[k] != NULL; k++)
            {
              g_assert_cmpstr (segments[k], !=, "");
              g_assert_cmpint (segments[k][0], !=, '.');
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (path_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/path/table/line-%d", path_cases[i].line);
      g_test_add_data_func (name, &path_cases[i], test_path_case);
    }
  g_test_add_func ("/http/path/slice", test_path_slice);
  g_test_add_func ("/http/path/length", test_path_length);
  g_test_add_func ("/http/path/random", test_path_random);

  return g_test_run ();
}
