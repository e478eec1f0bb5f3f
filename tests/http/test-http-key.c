/* test-http-key.c — the private-link key in a query and a Cookie field
 *
 * Tables with __LINE__, each input copied into an exact-size heap block
 * (so a read past its end is caught under ASan): key validity with the
 * length limits at N and N+1, constant-time equality, the query parameter,
 * the Cookie field (several cookies, spaces, quotes), the redirect's
 * Location with other parameters kept in order, and Set-Cookie.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-key.h"

#define KEY22 "abcdefghijklmnopqrstuv"                 /* PT_HTTP_KEY_MIN_LEN */
#define KEY   "Zm9vYmFyYmF6cXV4cXV1eA-_9"             /* 25 bytes */

static char *
dup_exact (const char *s,
           size_t      len)
{
  return g_memdup2 (s, len > 0 ? len : 1);
}

/* ---- validity ------------------------------------------------------------ */

typedef struct
{
  int         line;
  const char *key;
  bool        valid;
} ValidCase;

static const ValidCase valid_cases[] = {
  { __LINE__, KEY22, true },
  { __LINE__, "abcdefghijklmnopqrstu", false },                    /* 21: N-1 */
  { __LINE__, KEY, true },
  { __LINE__, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", true },
  { __LINE__, "0123456789-_0123456789-_", true },
  { __LINE__, "abcdefghijklmnopqrstu=", false },                  /* padding */
  { __LINE__, "abcdefghijklmnopqrstu+", false },                  /* standard base64 */
  { __LINE__, "abcdefghijklmnopqrstu/", false },
  { __LINE__, "abcdefghijklmnopqrstu%", false },
  { __LINE__, "abcdefghijklmnopqrstu ", false },
  { __LINE__, "abcdefghijklmnopqrstu.", false },
  { __LINE__, "abcdefghij;lmnopqrstuv", false },
  { __LINE__, "abcdefghij\"lmnopqrstuv", false },
  { __LINE__, "", false },
};

static void
test_valid_case (gconstpointer data)
{
  const ValidCase *c = data;
  size_t len = strlen (c->key);
  g_autofree char *key = dup_exact (c->key, len);

  g_test_message ("line %d: \"%s\"", c->line, c->key);
  g_assert_cmpint (pt_http_key_is_valid (key, len), ==, c->valid);
}

static void
test_valid_limits (void)
{
  char buf[PT_HTTP_KEY_MAX_LEN + 1];

  memset (buf, 'k', sizeof buf);
  g_assert_true (pt_http_key_is_valid (buf, PT_HTTP_KEY_MIN_LEN));
  g_assert_false (pt_http_key_is_valid (buf, PT_HTTP_KEY_MIN_LEN - 1));
  g_assert_true (pt_http_key_is_valid (buf, PT_HTTP_KEY_MAX_LEN));
  g_assert_false (pt_http_key_is_valid (buf, PT_HTTP_KEY_MAX_LEN + 1));
  g_assert_false (pt_http_key_is_valid (NULL, PT_HTTP_KEY_MIN_LEN));
  g_assert_cmpint (PT_HTTP_KEY_NAME_LEN, ==, strlen (PT_HTTP_KEY_NAME));
}

/* ---- equality ------------------------------------------------------------ */

static void
test_equal (void)
{
  g_assert_true (pt_http_key_equal (KEY, strlen (KEY), KEY, strlen (KEY)));
  g_assert_false (pt_http_key_equal (KEY, strlen (KEY) - 1, KEY, strlen (KEY)));   /* a prefix */
  g_assert_false (pt_http_key_equal (KEY "x", strlen (KEY) + 1, KEY, strlen (KEY)));   /* longer */
  g_assert_false (pt_http_key_equal ("Zm9vYmFyYmF6cXV4cXV1eA-_8", strlen (KEY), KEY, strlen (KEY)));
  g_assert_false (pt_http_key_equal ("zm9vYmFyYmF6cXV4cXV1eA-_9", strlen (KEY), KEY, strlen (KEY)));
  g_assert_false (pt_http_key_equal ("", 0, KEY, strlen (KEY)));
  g_assert_false (pt_http_key_equal ("", 0, "", 0));   /* no key never matches */
  /* a candidate with the key's bytes and then NULs is not the key */
  g_assert_false (pt_http_key_equal (KEY "\0\0", strlen (KEY) + 2, KEY, strlen (KEY)));
}

/* ---- query --------------------------------------------------------------- */

typedef struct
{
  int         line;
  const char *target;
  const char *value;      /* NULL: no portico-key parameter */
  const char *location;   /* the redirect's Location for path "/p" */
} QueryCase;

static const QueryCase query_cases[] = {
  { __LINE__, "/p?portico-key=" KEY, KEY, "/p" },
  { __LINE__, "/p?portico-key=" KEY "&a=1", KEY, "/p?a=1" },
  { __LINE__, "/p?a=1&portico-key=" KEY, KEY, "/p?a=1" },
  { __LINE__, "/p?a=1&portico-key=" KEY "&b=2&c", KEY, "/p?a=1&b=2&c" },
  { __LINE__, "/p?b=2&a=1&portico-key=" KEY, KEY, "/p?b=2&a=1" },          /* order kept */
  { __LINE__, "/p?portico-key=first&portico-key=second", "first", "/p" },   /* the first; all removed */
  { __LINE__, "/p?portico-key=", "", "/p" },
  { __LINE__, "/p?portico-key", "", "/p" },
  { __LINE__, "/p?portico-key=a=b", "a=b", "/p" },
  { __LINE__, "/p?a=1&&portico-key=" KEY "&&b", KEY, "/p?a=1&b" },         /* empty parameters dropped */
  { __LINE__, "/p?Portico-Key=" KEY, NULL, "/p?Portico-Key=" KEY },         /* exact name */
  { __LINE__, "/p?portico%2Dkey=" KEY, NULL, "/p?portico%2Dkey=" KEY },
  { __LINE__, "/p?xportico-key=" KEY, NULL, "/p?xportico-key=" KEY },
  { __LINE__, "/p?portico-keys=" KEY, NULL, "/p?portico-keys=" KEY },
  { __LINE__, "/p?a=portico-key=" KEY, NULL, "/p?a=portico-key=" KEY },
  { __LINE__, "/p?a=1;portico-key=" KEY, NULL, "/p?a=1;portico-key=" KEY }, /* ';' is no separator */
  { __LINE__, "/p?", NULL, "/p" },
  { __LINE__, "/p", NULL, "/p" },
  { __LINE__, "/p?a?portico-key=b", NULL, "/p?a?portico-key=b" },          /* only the first '?' */
  { __LINE__, "/p??portico-key=b", NULL, "/p??portico-key=b" },
  { __LINE__, "http://h:8/p?portico-key=" KEY "&z", KEY, "/p?z" },         /* absolute-form */
  { __LINE__, "http://h?portico-key=" KEY, KEY, "/p" },
};

static void
test_query_case (gconstpointer data)
{
  const QueryCase *c = data;
  size_t len = strlen (c->target);
  g_autofree char *target = dup_exact (c->target, len);
  PtHttpSlice query = pt_http_key_target_query (target, len);
  PtHttpSlice value = { NULL, 0 };
  bool found = pt_http_key_query_find (query.ptr, query.len, &value);
  size_t want = strlen (c->location);
  g_autofree char *out = g_malloc (want + 1);
  ssize_t n;

  g_test_message ("line %d: %s", c->line, c->target);
  g_assert_cmpint (found, ==, c->value != NULL);
  if (found)
    g_assert_cmpmem (value.ptr, value.len, c->value, strlen (c->value));

  /* exactly the room it needs (N), and one byte less (N-1) */
  n = pt_http_key_write_location ("/p", 2, query.ptr, query.len, out, want);
  g_assert_cmpmem (out, n, c->location, want);
  g_assert_cmpint (pt_http_key_write_location ("/p", 2, query.ptr, query.len, out, want - 1), ==, -1);
}

/* The Location always starts with one '/' and a name: never another host. */
static void
test_location_one_slash (void)
{
  static const struct { int line; const char *path; const char *location; } cases[] = {
    { __LINE__, "/", "/" },
    { __LINE__, "/a/b", "/a/b" },
    { __LINE__, "//evil.example/x", "/evil.example/x" },
    { __LINE__, "///evil.example", "/evil.example" },
    { __LINE__, "/\\evil.example/", "/evil.example/" },
    { __LINE__, "\\/evil.example", "/evil.example" },
    { __LINE__, "*", "/*" },
    { __LINE__, "", "/" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char out[64];
      ssize_t n = pt_http_key_write_location (cases[i].path, strlen (cases[i].path), "a&portico-key=k", 15,
                                              out, sizeof out);
      g_autofree char *want = g_strconcat (cases[i].location, "?a", NULL);

      g_test_message ("line %d: %s", cases[i].line, cases[i].path);
      g_assert_cmpmem (out, n, want, strlen (want));
    }
}

static void
test_query_none (void)
{
  PtHttpSlice q = pt_http_key_target_query ("/a/b", 4);
  PtHttpSlice value;
  char out[8];

  g_assert_null (q.ptr);
  g_assert_cmpuint (q.len, ==, 0);
  q = pt_http_key_target_query ("/a?", 3);
  g_assert_nonnull (q.ptr);
  g_assert_cmpuint (q.len, ==, 0);
  g_assert_false (pt_http_key_query_find (NULL, 0, &value));
  g_assert_cmpint (pt_http_key_write_location ("/a", 2, NULL, 0, out, sizeof out), ==, 2);
  g_assert_cmpint (pt_http_key_write_location (NULL, 0, NULL, 0, out, sizeof out), ==, -1);
}

/* ---- Cookie ---------------------------------------------------------------- */

typedef struct
{
  int         line;
  const char *cookie;
  bool        match;     /* against KEY */
} CookieCase;

static const CookieCase cookie_cases[] = {
  { __LINE__, "portico-key=" KEY, true },
  { __LINE__, "a=1; portico-key=" KEY, true },
  { __LINE__, "portico-key=" KEY "; a=1", true },
  { __LINE__, "a=1;portico-key=" KEY ";b=2", true },
  { __LINE__, "a=1;  \tportico-key = " KEY " \t; b", true },               /* spaces and tabs */
  { __LINE__, "portico-key=\"" KEY "\"", true },                            /* quoted */
  { __LINE__, "portico-key= \"" KEY "\" ", true },
  { __LINE__, "portico-key=old0000000000000000000000; portico-key=" KEY, true }, /* several */
  { __LINE__, "portico-key=" KEY "; portico-key=old0000000000000000000000", true },
  { __LINE__, "portico-key=\"" KEY, false },                                /* one quote */
  { __LINE__, "portico-key=" KEY "\"", false },
  { __LINE__, "portico-key=\"\"", false },
  { __LINE__, "portico-key=\"", false },
  { __LINE__, "portico-key=", false },
  { __LINE__, "portico-key", false },
  { __LINE__, "portico-key;" KEY, false },
  { __LINE__, "PORTICO-KEY=" KEY, false },                                  /* names are case-sensitive */
  { __LINE__, "xportico-key=" KEY, false },
  { __LINE__, "portico-key2=" KEY, false },
  { __LINE__, "a=portico-key=" KEY, false },
  { __LINE__, "portico-key=" KEY "x", false },
  { __LINE__, "portico-key=x" KEY, false },
  { __LINE__, "portico-key=Zm9vYmFyYmF6cXV4cXV1eA-_", false },             /* a prefix */
  { __LINE__, "portico-key=" KEY ",a=1", false },                           /* ',' is no separator */
  { __LINE__, "portico-key=Zm9vYmFy YmF6cXV4cXV1eA-_9", false },
  { __LINE__, "", false },
  { __LINE__, ";;;", false },
  { __LINE__, "=;=" KEY, false },
  { __LINE__, " ; portico-key=" KEY " ; ", true },
};

static void
test_cookie_case (gconstpointer data)
{
  const CookieCase *c = data;
  size_t len = strlen (c->cookie);
  g_autofree char *cookie = dup_exact (c->cookie, len);

  g_test_message ("line %d: %s", c->line, c->cookie);
  g_assert_cmpint (pt_http_key_cookie_matches (cookie, len, KEY, strlen (KEY)), ==, c->match);
  /* never with no key */
  g_assert_false (pt_http_key_cookie_matches (cookie, len, "", 0));
  g_assert_false (pt_http_key_cookie_matches (cookie, len, NULL, 0));
}

/* The longest key (N) in a cookie matches; one byte more (N+1) does not. */
static void
test_cookie_limits (void)
{
  char key[PT_HTTP_KEY_MAX_LEN + 1];
  g_autofree char *cookie = NULL;
  g_autofree char *longer = NULL;

  memset (key, 'Q', sizeof key);
  cookie = g_strdup_printf ("a=b; portico-key=%.*s", PT_HTTP_KEY_MAX_LEN, key);
  longer = g_strdup_printf ("a=b; portico-key=%.*s", PT_HTTP_KEY_MAX_LEN + 1, key);
  g_assert_true (pt_http_key_cookie_matches (cookie, strlen (cookie), key, PT_HTTP_KEY_MAX_LEN));
  g_assert_false (pt_http_key_cookie_matches (longer, strlen (longer), key, PT_HTTP_KEY_MAX_LEN));
}

/* ---- Set-Cookie ------------------------------------------------------------ */

static void
test_set_cookie (void)
{
  static const char expected[] = "portico-key=" KEY "; HttpOnly; SameSite=Strict; Path=/";
  char buf[PT_HTTP_KEY_SET_COOKIE_MAX];
  char key[PT_HTTP_KEY_MAX_LEN + 1];
  ssize_t n;

  n = pt_http_key_write_set_cookie (KEY, strlen (KEY), buf, strlen (expected));
  g_assert_cmpmem (buf, n, expected, strlen (expected));
  g_assert_cmpint (pt_http_key_write_set_cookie (KEY, strlen (KEY), buf, strlen (expected) - 1), ==, -1);
  g_assert_cmpint (pt_http_key_write_set_cookie ("bad key", 7, buf, sizeof buf), ==, -1);

  /* the longest key fits PT_HTTP_KEY_SET_COOKIE_MAX exactly */
  memset (key, 'z', sizeof key);
  g_assert_cmpint (pt_http_key_write_set_cookie (key, PT_HTTP_KEY_MAX_LEN, buf, sizeof buf), ==,
                   PT_HTTP_KEY_SET_COOKIE_MAX);
  g_assert_cmpint (pt_http_key_write_set_cookie (key, PT_HTTP_KEY_MAX_LEN + 1, buf, sizeof buf), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/key/valid/line-%d", valid_cases[i].line);
      g_test_add_data_func (name, &valid_cases[i], test_valid_case);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (query_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/key/query/line-%d", query_cases[i].line);
      g_test_add_data_func (name, &query_cases[i], test_query_case);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (cookie_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/key/cookie/line-%d", cookie_cases[i].line);
      g_test_add_data_func (name, &cookie_cases[i], test_cookie_case);
    }
  g_test_add_func ("/http/key/valid/limits", test_valid_limits);
  g_test_add_func ("/http/key/equal", test_equal);
  g_test_add_func ("/http/key/query/none", test_query_none);
  g_test_add_func ("/http/key/location/one-slash", test_location_one_slash);
  g_test_add_func ("/http/key/cookie/limits", test_cookie_limits);
  g_test_add_func ("/http/key/set-cookie", test_set_cookie);

  return g_test_run ();
}
