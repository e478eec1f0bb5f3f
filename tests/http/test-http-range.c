/* test-http-range.c — Range, If-Range, Content-Range and multipart/byteranges
 *
 * Range: a table of {value, file length, expected result, ranges} with
 * __LINE__, each value copied into an exact-size heap block (ASan sees any
 * over-read); PT_HTTP_RANGE_MAX at N and N+1; offsets above 4 GiB.
 * Multipart: the computed length equals the bytes actually written.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-range.h"

#define IGNORE  PT_HTTP_RANGE_IGNORE
#define PARTIAL PT_HTTP_RANGE_PARTIAL
#define UNSAT   PT_HTTP_RANGE_UNSATISFIABLE
#define GIB     (UINT64_C (1) << 30)
#define BIG     (5 * GIB + 7)   /* a file above 4 GiB */
#define MAX_EXPECTED 4

typedef struct
{
  int               line;
  const char       *value;
  uint64_t          file_len;
  PtHttpRangeResult expected;
  size_t            n;
  PtHttpByteRange   ranges[MAX_EXPECTED];
} RangeCase;

#define CASE(v, l, x) .line = __LINE__, .value = (v), .file_len = (l), .expected = (x)
#define R(a, b) { (a), (b) }

static const RangeCase range_cases[] = {
  /* the three forms */
  { CASE ("bytes=0-499", 10000, PARTIAL), 1, { R (0, 499) } },
  { CASE ("bytes=500-999", 10000, PARTIAL), 1, { R (500, 999) } },
  { CASE ("bytes=9500-", 10000, PARTIAL), 1, { R (9500, 9999) } },
  { CASE ("bytes=-500", 10000, PARTIAL), 1, { R (9500, 9999) } },
  { CASE ("bytes=0-0", 10000, PARTIAL), 1, { R (0, 0) } },
  { CASE ("bytes=-1", 10000, PARTIAL), 1, { R (9999, 9999) } },
  { CASE ("bytes=9999-9999", 10000, PARTIAL), 1, { R (9999, 9999) } },
  /* clamping */
  { CASE ("bytes=500-20000", 10000, PARTIAL), 1, { R (500, 9999) } },
  { CASE ("bytes=1-99999999999999999999999", 10000, PARTIAL), 1, { R (1, 9999) } },
  { CASE ("bytes=-99999999999999999999999", 10000, IGNORE) },   /* whole file */
  { CASE ("bytes=-20000", 10000, IGNORE) },
  { CASE ("bytes=0-", 10000, IGNORE) },
  { CASE ("bytes=0-9999", 10000, IGNORE) },
  { CASE ("bytes=0-10000", 10000, IGNORE) },
  /* unit, case, whitespace per the ABNF */
  { CASE ("BYTES=0-1", 10000, PARTIAL), 1, { R (0, 1) } },
  { CASE ("Bytes=0-1", 10000, PARTIAL), 1, { R (0, 1) } },
  { CASE (" \tbytes=0-1\t ", 10000, PARTIAL), 1, { R (0, 1) } },
  { CASE ("bytes=0-1 ,\t2-3 ,5-6", 10000, PARTIAL), 2, { R (0, 3), R (5, 6) } },
  { CASE ("bytes=,0-1", 10000, PARTIAL), 1, { R (0, 1) } },
  { CASE ("bytes=, ,0-1,, ,", 10000, PARTIAL), 1, { R (0, 1) } },
  { CASE ("bytes= 0-1", 10000, IGNORE) },
  { CASE ("bytes =0-1", 10000, IGNORE) },
  { CASE ("bytes 0-1", 10000, IGNORE) },
  { CASE ("bytes=0 -1", 10000, IGNORE) },
  { CASE ("bytes=0- 1", 10000, IGNORE) },
  { CASE ("bytes=0-1 2-3", 10000, IGNORE) },
  { CASE ("bytes=0-1;2-3", 10000, IGNORE) },
  { CASE ("items=0-1", 10000, IGNORE) },
  { CASE ("byte=0-1", 10000, IGNORE) },
  { CASE ("bytesx=0-1", 10000, IGNORE) },
  { CASE ("none", 10000, IGNORE) },
  { CASE ("", 10000, IGNORE) },
  { CASE ("bytes=", 10000, IGNORE) },
  { CASE ("bytes=,", 10000, IGNORE) },
  { CASE ("bytes=-", 10000, IGNORE) },
  { CASE ("bytes=--1", 10000, IGNORE) },
  { CASE ("bytes=1", 10000, IGNORE) },
  { CASE ("bytes=a-b", 10000, IGNORE) },
  { CASE ("bytes=+1-2", 10000, IGNORE) },
  { CASE ("bytes=0x10-20", 10000, IGNORE) },
  { CASE ("bytes=1-2-3", 10000, IGNORE) },
  { CASE ("bytes=500-499", 10000, IGNORE) },     /* last < first: invalid */
  { CASE ("bytes=0-1,500-499", 10000, IGNORE) },
  { CASE ("bytes=0-1,x", 10000, IGNORE) },
  /* satisfiability */
  { CASE ("bytes=10000-", 10000, UNSAT) },
  { CASE ("bytes=10000-10001", 10000, UNSAT) },
  { CASE ("bytes=-0", 10000, UNSAT) },
  { CASE ("bytes=99999999999999999999999-", 10000, UNSAT) },
  { CASE ("bytes=10000-,-0", 10000, UNSAT) },
  { CASE ("bytes=10000-,0-1", 10000, PARTIAL), 1, { R (0, 1) } },
  { CASE ("bytes=0-0", 0, UNSAT) },
  { CASE ("bytes=0-", 0, UNSAT) },
  { CASE ("bytes=-1", 0, IGNORE) },              /* the whole empty file */
  { CASE ("bytes=-1,0-5", 0, IGNORE) },
  { CASE ("bytes=-0", 0, UNSAT) },
  { CASE ("bytes=0-0", 1, IGNORE) },
  { CASE ("bytes=-1", 1, IGNORE) },
  /* sorting and coalescing */
  { CASE ("bytes=500-599,0-99", 10000, PARTIAL), 2, { R (0, 99), R (500, 599) } },
  { CASE ("bytes=0-4,5-9", 10000, PARTIAL), 1, { R (0, 9) } },          /* touching */
  { CASE ("bytes=0-4,6-9", 10000, PARTIAL), 2, { R (0, 4), R (6, 9) } },  /* one-byte gap */
  { CASE ("bytes=0-10,5-7", 10000, PARTIAL), 1, { R (0, 10) } },        /* contained */
  { CASE ("bytes=5-20,0-10", 10000, PARTIAL), 1, { R (0, 20) } },
  { CASE ("bytes=-100,0-99", 10000, PARTIAL), 2, { R (0, 99), R (9900, 9999) } },
  { CASE ("bytes=-100,0-9899", 10000, IGNORE) },                        /* covers all */
  { CASE ("bytes=9000-,-2000", 10000, PARTIAL), 1, { R (8000, 9999) } },
  { CASE ("bytes=1-1,1-1,1-1", 10000, PARTIAL), 1, { R (1, 1) } },
  { CASE ("bytes=30-39,10-19,20-29,0-5", 10000, PARTIAL), 2, { R (0, 5), R (10, 39) } },
  /* above 4 GiB */
  { CASE ("bytes=4294967296-4294967299", BIG, PARTIAL), 1, { R (4 * GIB, 4 * GIB + 3) } },
  { CASE ("bytes=5368709120-", BIG, PARTIAL), 1, { R (5 * GIB, 5 * GIB + 6) } },
  { CASE ("bytes=-8", BIG, PARTIAL), 1, { R (5 * GIB - 1, 5 * GIB + 6) } },
  { CASE ("bytes=5368709127-", BIG, UNSAT) },
  { CASE ("bytes=0-18446744073709551615", BIG, IGNORE) },
  { CASE ("bytes=1-18446744073709551616", BIG, PARTIAL), 1, { R (1, BIG - 1) } },
  { CASE ("bytes=18446744073709551615-18446744073709551615", UINT64_MAX, UNSAT) },
  { CASE ("bytes=18446744073709551614-", UINT64_MAX, PARTIAL), 1, { R (UINT64_MAX - 1, UINT64_MAX - 1) } },
  { CASE ("bytes=-1", UINT64_MAX, PARTIAL), 1, { R (UINT64_MAX - 1, UINT64_MAX - 1) } },
};

static void
test_range_case (gconstpointer data)
{
  const RangeCase *c = data;
  size_t len = strlen (c->value);
  char *copy = g_malloc (len > 0 ? len : 1);
  PtHttpRangeSet set;

  g_test_message ("line %d: [%s] of %" G_GUINT64_FORMAT, c->line, c->value, c->file_len);
  memcpy (copy, c->value, len);
  memset (&set, 0xa5, sizeof set);
  g_assert_cmpint (pt_http_range_parse (copy, len, c->file_len, &set), ==, c->expected);
  if (c->expected == PARTIAL)
    {
      g_assert_cmpuint (set.n, ==, c->n);
      for (size_t i = 0; i < c->n; i++)
        {
          g_assert_cmpuint (set.ranges[i].first, ==, c->ranges[i].first);
          g_assert_cmpuint (set.ranges[i].last, ==, c->ranges[i].last);
        }
    }
  else
    g_assert_cmpuint (set.n, ==, 0);
  g_free (copy);
}

/* n disjoint ranges "0-0,2-2,4-4,...", optionally spelled in reverse. */
static char *
disjoint_ranges (size_t n,
                 bool   reverse)
{
  GString *s = g_string_new ("bytes=");

  for (size_t i = 0; i < n; i++)
    {
      size_t k = reverse ? n - 1 - i : i;

      g_string_append_printf (s, "%s%zu-%zu", i > 0 ? "," : "", 2 * k, 2 * k);
    }
  return g_string_free (s, FALSE);
}

static void
test_range_max (void)
{
  g_autofree char *at_max = disjoint_ranges (PT_HTTP_RANGE_MAX, true);
  g_autofree char *over = disjoint_ranges (PT_HTTP_RANGE_MAX + 1, false);
  g_autofree char *over_merging = NULL;
  PtHttpRangeSet set;

  g_assert_cmpint (pt_http_range_parse (at_max, strlen (at_max), 1000, &set), ==, PARTIAL);
  g_assert_cmpuint (set.n, ==, PT_HTTP_RANGE_MAX);
  for (size_t i = 0; i < PT_HTTP_RANGE_MAX; i++)
    {
      g_assert_cmpuint (set.ranges[i].first, ==, 2 * i);
      g_assert_cmpuint (set.ranges[i].last, ==, 2 * i);
    }
  g_assert_cmpint (pt_http_range_parse (over, strlen (over), 1000, &set), ==, IGNORE);
  g_assert_cmpuint (set.n, ==, 0);
  /* counted before coalescing: N+1 specs that would merge into one still
   * exceed the bound */
  over_merging = g_strdup_printf ("%s,0-100", at_max);
  g_assert_cmpint (pt_http_range_parse (over_merging, strlen (over_merging), 1000, &set), ==, IGNORE);
  /* unsatisfiable specs do not count */
  {
    g_autofree char *with_unsat = g_strdup_printf ("%s,2000-,-0,5000-6000", at_max);

    g_assert_cmpint (pt_http_range_parse (with_unsat, strlen (with_unsat), 1000, &set), ==, PARTIAL);
    g_assert_cmpuint (set.n, ==, PT_HTTP_RANGE_MAX);
  }
}

typedef struct
{
  int         line;
  const char *value;
  bool        expected;
} IfRangeCase;

#define TAG   "\"803.1a2b-4d2-660ffdad.1dcd6500\""
#define MTIME INT64_C (1712324013)   /* Fri, 05 Apr 2024 13:33:33 GMT */

static const IfRangeCase if_range_cases[] = {
  { __LINE__, TAG, true },
  { __LINE__, " " TAG "\t", true },
  { __LINE__, "W/" TAG, false },                          /* weak never matches */
  { __LINE__, "\"803.1a2b-4d2-660ffdad.1dcd6501\"", false },
  { __LINE__, TAG ", " TAG, false },                      /* one tag, not a list */
  { __LINE__, "*", false },
  { __LINE__, "Fri, 05 Apr 2024 13:33:33 GMT", true },
  { __LINE__, "Friday, 05-Apr-24 13:33:33 GMT", true },
  { __LINE__, "Fri Apr  5 13:33:33 2024", true },
  { __LINE__, "Fri, 05 Apr 2024 13:33:34 GMT", false },   /* later: not equal */
  { __LINE__, "Fri, 05 Apr 2024 13:33:32 GMT", false },
  { __LINE__, "Fri, 05 Apr 2024 13:33:33 UTC", false },
  { __LINE__, "", false },
  { __LINE__, "Wednesday", false },
  { __LINE__, "\"unterminated", false },
};

static void
test_if_range_case (gconstpointer data)
{
  const IfRangeCase *c = data;
  size_t len = strlen (c->value);
  char *copy = g_malloc (len > 0 ? len : 1);

  g_test_message ("line %d: [%s]", c->line, c->value);
  memcpy (copy, c->value, len);
  g_assert_cmpint (pt_http_range_if_range (copy, len, TAG, strlen (TAG), MTIME), ==, c->expected);
  g_free (copy);
}

static void
test_content_range (void)
{
  char *out = g_malloc (PT_HTTP_CONTENT_RANGE_MAX_LEN + 1);
  PtHttpByteRange r = { 0, 499 };
  PtHttpByteRange big = { UINT64_MAX - 1, UINT64_MAX - 1 };

  g_assert_cmpuint (pt_http_range_format_content_range (&r, 1234, out), ==, 16);
  g_assert_cmpstr (out, ==, "bytes 0-499/1234");
  g_assert_cmpuint (pt_http_range_format_unsatisfied (1234, out), ==, 12);
  g_assert_cmpstr (out, ==, "bytes */1234");
  g_assert_cmpuint (pt_http_range_format_unsatisfied (0, out), ==, 9);
  g_assert_cmpstr (out, ==, "bytes */0");
  /* the longest value fills the documented size exactly */
  big.first = UINT64_MAX;
  big.last = UINT64_MAX;
  g_assert_cmpuint (pt_http_range_format_content_range (&big, UINT64_MAX, out), ==,
                    PT_HTTP_CONTENT_RANGE_MAX_LEN);
  g_assert_cmpstr (out, ==, "bytes 18446744073709551615-18446744073709551615/18446744073709551615");
  g_free (out);
}

#define BOUNDARY "3d6b6a416f9b5"
#define TYPE     "text/plain"

static void
test_multipart (void)
{
  const char *file = "0123456789abcdefghij";   /* 20 bytes */
  const char *value = "bytes=15-,0-2,5-5";
  PtHttpRangeSet set;
  GString *body = g_string_new (NULL);
  char head[256];
  size_t n;

  g_assert_cmpint (pt_http_range_parse (value, strlen (value), 20, &set), ==, PARTIAL);
  g_assert_cmpuint (set.n, ==, 3);
  for (size_t i = 0; i < set.n; i++)
    {
      n = pt_http_range_part_head (BOUNDARY, strlen (BOUNDARY), TYPE, strlen (TYPE),
                                   &set.ranges[i], 20, head, sizeof head);
      g_assert_cmpuint (n, >, 0);
      g_string_append_len (body, head, n);
      g_string_append_len (body, file + set.ranges[i].first,
                           set.ranges[i].last - set.ranges[i].first + 1);
    }
  n = pt_http_range_part_tail (BOUNDARY, strlen (BOUNDARY), head, sizeof head);
  g_string_append_len (body, head, n);
  g_assert_cmpstr (body->str, ==,
                   "\r\n--" BOUNDARY "\r\nContent-Type: " TYPE "\r\nContent-Range: bytes 0-2/20\r\n\r\n012"
                   "\r\n--" BOUNDARY "\r\nContent-Type: " TYPE "\r\nContent-Range: bytes 5-5/20\r\n\r\n5"
                   "\r\n--" BOUNDARY "\r\nContent-Type: " TYPE "\r\nContent-Range: bytes 15-19/20\r\n\r\nfghij"
                   "\r\n--" BOUNDARY "--\r\n");
  g_assert_cmpuint (pt_http_range_multipart_length (&set, 20, strlen (BOUNDARY), strlen (TYPE)),
                    ==, body->len);
  g_string_free (body, TRUE);
}

/* The computed length matches what is written for big offsets, and the
 * buffer and boundary limits hold at N and N+1. */
static void
test_multipart_limits (void)
{
  char boundary[PT_HTTP_RANGE_BOUNDARY_MAX + 1];
  PtHttpRangeSet set;
  char head[512];
  uint64_t total, written = 0;
  size_t n, need;

  memset (boundary, 'b', sizeof boundary);
  set.n = 2;
  set.ranges[0] = (PtHttpByteRange) { 9, 99 };
  set.ranges[1] = (PtHttpByteRange) { 4 * GIB, BIG - 1 };
  total = pt_http_range_multipart_length (&set, BIG, PT_HTTP_RANGE_BOUNDARY_MAX, strlen (TYPE));
  for (size_t i = 0; i < set.n; i++)
    {
      n = pt_http_range_part_head (boundary, PT_HTTP_RANGE_BOUNDARY_MAX, TYPE, strlen (TYPE),
                                   &set.ranges[i], BIG, head, sizeof head);
      g_assert_cmpuint (n, >, 0);
      written += n + (set.ranges[i].last - set.ranges[i].first + 1);
    }
  n = pt_http_range_part_tail (boundary, PT_HTTP_RANGE_BOUNDARY_MAX, head, sizeof head);
  g_assert_cmpuint (n, ==, 4 + PT_HTTP_RANGE_BOUNDARY_MAX + 4);
  written += n;
  g_assert_cmpuint (total, ==, written);

  /* boundary length: 1 and PT_HTTP_RANGE_BOUNDARY_MAX work, 0 and N+1 do not */
  g_assert_cmpuint (pt_http_range_part_tail (boundary, 1, head, sizeof head), ==, 9);
  g_assert_cmpuint (pt_http_range_part_tail (boundary, 0, head, sizeof head), ==, 0);
  g_assert_cmpuint (pt_http_range_part_tail (boundary, PT_HTTP_RANGE_BOUNDARY_MAX + 1, head, sizeof head), ==, 0);
  g_assert_cmpuint (pt_http_range_part_head (boundary, PT_HTTP_RANGE_BOUNDARY_MAX + 1, TYPE, strlen (TYPE),
                                             &set.ranges[0], BIG, head, sizeof head), ==, 0);
  g_assert_cmpuint (pt_http_range_multipart_length (&set, BIG, PT_HTTP_RANGE_BOUNDARY_MAX + 1, 4), ==, 0);
  g_assert_cmpuint (pt_http_range_multipart_length (&set, BIG, 0, 4), ==, 0);

  /* out_size: exactly the head fits, one byte less does not */
  need = pt_http_range_part_head (boundary, 10, TYPE, strlen (TYPE), &set.ranges[1], BIG, head, sizeof head);
  {
    char *exact = g_malloc (need);

    g_assert_cmpuint (pt_http_range_part_head (boundary, 10, TYPE, strlen (TYPE), &set.ranges[1], BIG,
                                               exact, need), ==, need);
    g_assert_cmpmem (exact, need, head, need);
    g_assert_cmpuint (pt_http_range_part_head (boundary, 10, TYPE, strlen (TYPE), &set.ranges[1], BIG,
                                               exact, need - 1), ==, 0);
    g_assert_cmpuint (pt_http_range_part_tail (boundary, 10, exact, 18), ==, 18);
    g_assert_cmpuint (pt_http_range_part_tail (boundary, 10, exact, 17), ==, 0);
    g_free (exact);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (range_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/range/parse/line-%d", range_cases[i].line);

      g_test_add_data_func (name, &range_cases[i], test_range_case);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (if_range_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/range/if-range/line-%d", if_range_cases[i].line);

      g_test_add_data_func (name, &if_range_cases[i], test_if_range_case);
    }
  g_test_add_func ("/http/range/max", test_range_max);
  g_test_add_func ("/http/range/content-range", test_content_range);
  g_test_add_func ("/http/range/multipart", test_multipart);
  g_test_add_func ("/http/range/multipart-limits", test_multipart_limits);

  return g_test_run ();
}
