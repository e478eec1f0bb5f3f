/* test-http-etag.c — ETag formatting and If-None-Match / If-Match matching
 *
 * Formatting: exact bytes, the longest tag in an exact-size heap block,
 * every input field changes the tag.  Matching: a table of
 * {list, our tag, comparison, expected} cases (RFC 9110 §8.8.3.2's weak and
 * strong comparison table included), each value copied into an exact-size
 * heap block so ASan sees any over-read.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-etag.h"

#define TAG "\"1.2-3-4.5\""

typedef struct
{
  int                line;
  const char        *list;
  const char        *etag;
  PtHttpEtagCompare  compare;
  PtHttpEtagResult   expected;
} MatchCase;

#define WEAK    PT_HTTP_ETAG_WEAK
#define STRONG  PT_HTTP_ETAG_STRONG
#define MATCH   PT_HTTP_ETAG_MATCH
#define NO      PT_HTTP_ETAG_NO_MATCH
#define INVALID PT_HTTP_ETAG_INVALID
#define CASE(l, t, c, x) { __LINE__, (l), (t), (c), (x) }

static const MatchCase match_cases[] = {
  /* RFC 9110 §8.8.3.2 example table */
  CASE ("W/\"1\"", "W/\"1\"", STRONG, NO),
  CASE ("W/\"1\"", "W/\"1\"", WEAK, MATCH),
  CASE ("W/\"1\"", "W/\"2\"", STRONG, NO),
  CASE ("W/\"1\"", "W/\"2\"", WEAK, NO),
  CASE ("W/\"1\"", "\"1\"", STRONG, NO),
  CASE ("W/\"1\"", "\"1\"", WEAK, MATCH),
  CASE ("\"1\"", "\"1\"", STRONG, MATCH),
  CASE ("\"1\"", "\"1\"", WEAK, MATCH),
  CASE ("\"1\"", "W/\"1\"", STRONG, NO),
  /* lists, OWS, empty elements */
  CASE (TAG, TAG, WEAK, MATCH),
  CASE (" \t" TAG "\t ", TAG, STRONG, MATCH),
  CASE ("\"a\", " TAG, TAG, STRONG, MATCH),
  CASE ("\"a\"," TAG ",\"b\"", TAG, WEAK, MATCH),
  CASE ("\"a\" ,\t\"b\"", TAG, WEAK, NO),
  CASE (", ," TAG ",,", TAG, WEAK, MATCH),
  CASE (",", TAG, WEAK, NO),
  CASE ("", TAG, WEAK, NO),
  CASE ("   ", TAG, STRONG, NO),
  CASE (" , , ", TAG, STRONG, NO),
  CASE ("W/" TAG, TAG, WEAK, MATCH),
  CASE ("W/" TAG, TAG, STRONG, NO),
  CASE ("\"\"", "\"\"", STRONG, MATCH),
  CASE ("\"\"", TAG, WEAK, NO),
  CASE ("\"a\xff\"", "\"a\xff\"", STRONG, MATCH),   /* obs-text */
  CASE ("\"1.2-3-4.5\"", "\"1.2-3-4.6\"", WEAK, NO),
  CASE ("\"1.2-3-4.5\"", "\"1.2-3-4.\"", WEAK, NO),
  CASE ("\"1.2-3-4.\"", "\"1.2-3-4.5\"", WEAK, NO),
  /* "*" */
  CASE ("*", TAG, WEAK, MATCH),
  CASE ("*", TAG, STRONG, MATCH),
  CASE (" * ", TAG, STRONG, MATCH),
  CASE ("*,", TAG, WEAK, INVALID),
  CASE ("*, " TAG, TAG, WEAK, INVALID),
  CASE (TAG ", *", TAG, WEAK, INVALID),
  CASE ("**", TAG, WEAK, INVALID),
  CASE ("\"*\"", TAG, WEAK, NO),
  /* malformed: the whole value is checked, even after a match */
  CASE ("1.2-3-4.5", TAG, WEAK, INVALID),
  CASE (TAG " x", TAG, WEAK, INVALID),
  CASE (TAG " \"a\"", TAG, WEAK, INVALID),      /* missing comma */
  CASE (TAG "\"a\"", TAG, WEAK, INVALID),
  CASE (TAG ", \"a", TAG, WEAK, INVALID),       /* unterminated */
  CASE ("\"", TAG, WEAK, INVALID),
  CASE ("w/" TAG, TAG, WEAK, INVALID),          /* "W/" is case-sensitive */
  CASE ("W/ " TAG, TAG, WEAK, INVALID),
  CASE ("W/", TAG, WEAK, INVALID),
  CASE ("W", TAG, WEAK, INVALID),
  CASE ("\"a b\"", "\"a b\"", WEAK, INVALID),   /* SP is not etagc */
  CASE ("\"a\tb\"", "\"a\tb\"", WEAK, INVALID),
  CASE ("\"a\x7f\"", TAG, WEAK, INVALID),
  CASE ("\"a\x01\"", TAG, WEAK, INVALID),
  CASE ("'a'", TAG, WEAK, INVALID),
  CASE (TAG ";", TAG, WEAK, INVALID),
  /* our tag itself invalid: never matches, "*" still does */
  CASE ("\"a\"", "a", WEAK, NO),
  CASE ("\"a\"", "\"a\" ", WEAK, NO),
  CASE ("*", "", WEAK, MATCH),
};

static void
test_match_case (gconstpointer data)
{
  const MatchCase *c = data;
  size_t len = strlen (c->list);
  char *copy = g_malloc (len > 0 ? len : 1);

  g_autofree char *list_text = g_strescape (c->list, NULL);
  g_autofree char *etag_text = g_strescape (c->etag, NULL);

  g_test_message ("line %d: [%s] vs %s", c->line, list_text, etag_text);
  memcpy (copy, c->list, len);
  g_assert_cmpint (pt_http_etag_match (copy, len, c->etag, strlen (c->etag), c->compare),
                   ==, c->expected);
  g_free (copy);
}

static void
test_format (void)
{
  char out[PT_HTTP_ETAG_SIZE];

  g_assert_cmpuint (pt_http_etag_format (0, 0, 0, 0, 0, out), ==, 11);
  g_assert_cmpstr (out, ==, "\"0.0-0-0.0\"");
  g_assert_cmpuint (pt_http_etag_format (0x803, 0x1a2b, 1234, 1712324013, 500000000, out), ==, 32);
  g_assert_cmpstr (out, ==, "\"803.1a2b-4d2-660ffdad.1dcd6500\"");
  /* pre-1970 mtime: two's complement */
  pt_http_etag_format (1, 2, 3, -1, 0, out);
  g_assert_cmpstr (out, ==, "\"1.2-3-ffffffffffffffff.0\"");
  /* nanoseconds modulo 1e9 */
  pt_http_etag_format (1, 2, 3, 4, 1000000001, out);
  g_assert_cmpstr (out, ==, "\"1.2-3-4.1\"");
  g_assert_cmpint (pt_http_etag_is_valid (out, strlen (out), NULL), ==, 1);
}

/* The longest tag fills an exact-size heap block (ASan sees one byte more). */
static void
test_format_max_len (void)
{
  char *out = g_malloc (PT_HTTP_ETAG_SIZE);
  int weak = -1;

  g_assert_cmpuint (pt_http_etag_format (UINT64_MAX, UINT64_MAX, UINT64_MAX, -1, 999999999, out),
                    ==, PT_HTTP_ETAG_MAX_LEN);
  g_assert_cmpuint (strlen (out), ==, PT_HTTP_ETAG_MAX_LEN);
  g_assert_cmpstr (out, ==, "\"ffffffffffffffff.ffffffffffffffff-ffffffffffffffff-ffffffffffffffff.3b9ac9ff\"");
  g_assert_cmpint (pt_http_etag_is_valid (out, PT_HTTP_ETAG_MAX_LEN, &weak), ==, 1);
  g_assert_cmpint (weak, ==, 0);
  g_free (out);
}

/* Each field alone changes the tag; a same-size rewrite within one second
 * (only the nanoseconds differ) too. */
static void
test_format_distinct (void)
{
  char base[PT_HTTP_ETAG_SIZE], other[PT_HTTP_ETAG_SIZE];

  pt_http_etag_format (8, 100, 4096, 1712324013, 1000, base);
  pt_http_etag_format (9, 100, 4096, 1712324013, 1000, other);
  g_assert_cmpstr (base, !=, other);
  pt_http_etag_format (8, 101, 4096, 1712324013, 1000, other);
  g_assert_cmpstr (base, !=, other);
  pt_http_etag_format (8, 100, 4097, 1712324013, 1000, other);
  g_assert_cmpstr (base, !=, other);
  pt_http_etag_format (8, 100, 4096, 1712324014, 1000, other);
  g_assert_cmpstr (base, !=, other);
  pt_http_etag_format (8, 100, 4096, 1712324013, 1001, other);
  g_assert_cmpstr (base, !=, other);
  g_assert_cmpint (pt_http_etag_match (base, strlen (base), other, strlen (other), WEAK), ==, NO);
  g_assert_cmpint (pt_http_etag_match (base, strlen (base), base, strlen (base), STRONG), ==, MATCH);
  /* field boundaries cannot run together: "1.23-..." vs "12.3-..." */
  pt_http_etag_format (1, 0x23, 1, 1, 1, base);
  pt_http_etag_format (0x12, 3, 1, 1, 1, other);
  g_assert_cmpstr (base, !=, other);
}

static void
test_is_valid (void)
{
  int weak = -1;

  g_assert_cmpint (pt_http_etag_is_valid ("W/\"x\"", 5, &weak), ==, 1);
  g_assert_cmpint (weak, ==, 1);
  g_assert_cmpint (pt_http_etag_is_valid ("\"x\"", 3, &weak), ==, 1);
  g_assert_cmpint (weak, ==, 0);
  g_assert_cmpint (pt_http_etag_is_valid ("\"x\" ", 4, NULL), ==, 0);
  g_assert_cmpint (pt_http_etag_is_valid ("x", 1, NULL), ==, 0);
  g_assert_cmpint (pt_http_etag_is_valid ("", 0, NULL), ==, 0);
  g_assert_cmpint (pt_http_etag_is_valid ("\"x\",\"y\"", 7, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/etag/match/line-%d", match_cases[i].line);

      g_test_add_data_func (name, &match_cases[i], test_match_case);
    }
  g_test_add_func ("/http/etag/format", test_format);
  g_test_add_func ("/http/etag/format-max-len", test_format_max_len);
  g_test_add_func ("/http/etag/format-distinct", test_format_distinct);
  g_test_add_func ("/http/etag/is-valid", test_is_valid);

  return g_test_run ();
}
