/* test-http-chunked.c — the chunked transfer coding decoder
 *
 * Every case is {expected status, description, raw bytes, max body,
 * expected data, expected bytes consumed} with __LINE__.  Each is decoded
 * in one call, then split in two at every byte offset, then fed one byte
 * at a time, each piece copied into an exact-size heap block (ASan sees any
 * over-read): the status, the data and the bytes consumed must not depend
 * on the split.  Each limit is tested at N and N+1.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-chunked.h"

#define DONE  PT_HTTP_CHUNKED_DONE
#define MORE  PT_HTTP_CHUNKED_MORE
#define BAD   PT_HTTP_CHUNKED_BAD
#define BIG   PT_HTTP_CHUNKED_TOO_LARGE
#define NO_MAX UINT64_MAX

typedef struct
{
  int                 line;
  PtHttpChunkedStatus status;
  const char         *desc;
  const char         *raw;
  size_t              raw_len;
  uint64_t            max_body;
  const char         *data;       /* data decoded (before an error, too) */
  size_t              consumed;   /* DONE: bytes of the body; 0: all the input */
} ChunkedCase;

#define CASE(st, d, s, m, out) \
  .line = __LINE__, .status = (st), .desc = (d), .raw = (s), .raw_len = sizeof (s) - 1, \
  .max_body = (m), .data = (out)

static const ChunkedCase chunked_cases[] = {
  /* valid bodies */
  { CASE (DONE, "RFC example", "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n", NO_MAX,
          "Wikipedia in\r\n\r\nchunks.") },
  { CASE (DONE, "empty body", "0\r\n\r\n", NO_MAX, "") },
  { CASE (DONE, "many zeros", "0000\r\n\r\n", NO_MAX, "") },
  { CASE (DONE, "hex upper and lower", "a\r\n0123456789\r\nA\r\nabcdefghij\r\n0\r\n\r\n", NO_MAX,
          "0123456789abcdefghij") },
  { CASE (DONE, "leading zeros", "0003\r\nabc\r\n0\r\n\r\n", NO_MAX, "abc") },
  { CASE (DONE, "extension", "3;name=value\r\nabc\r\n0;last\r\n\r\n", NO_MAX, "abc") },
  { CASE (DONE, "quoted extension, BWS", "3 ; a=\"b c\" ;d\r\nabc\r\n0\r\n\r\n", NO_MAX, "abc") },
  { CASE (DONE, "trailers", "3\r\nabc\r\n0\r\nX-Sum: 1\r\nY:\r\n\r\n", NO_MAX, "abc") },
  { CASE (DONE, "data holding CRLF and 0", "5\r\n0\r\n\r\n\r\n0\r\n\r\n", NO_MAX, "0\r\n\r\n") },
  { CASE (DONE, "next request follows", "1\r\nx\r\n0\r\n\r\nGET / HTTP/1.1\r\n", NO_MAX, "x"), .consumed = 11 },
  /* incomplete */
  { CASE (MORE, "nothing yet", "", NO_MAX, "") },
  { CASE (MORE, "in the size", "1", NO_MAX, "") },
  { CASE (MORE, "in the data", "5\r\nab", NO_MAX, "ab") },
  { CASE (MORE, "before the data CRLF", "2\r\nab", NO_MAX, "ab") },
  { CASE (MORE, "in the trailers", "0\r\nX: y\r\n", NO_MAX, "") },
  { CASE (MORE, "no final CRLF", "0\r\n", NO_MAX, "") },
  { CASE (MORE, "final CR only", "0\r\n\r", NO_MAX, "") },
  /* malformed → 400 */
  { CASE (BAD, "no size", "\r\n", NO_MAX, "") },
  { CASE (BAD, "not hex", "g\r\n", NO_MAX, "") },
  { CASE (BAD, "sign", "+1\r\na\r\n0\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "0x prefix", "0x1\r\na\r\n0\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "bare LF after size", "1\nx\r\n0\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "bare LF after data", "1\r\nx\n0\r\n\r\n", NO_MAX, "x") },
  { CASE (BAD, "data longer than the size", "1\r\nxy\r\n0\r\n\r\n", NO_MAX, "x") },
  { CASE (BAD, "CR without LF", "1\rx", NO_MAX, "") },
  { CASE (BAD, "space without ';'", "1 \r\nx\r\n0\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "extension without ';'", "1 a\r\nx\r\n0\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "control in extension", "1;a\x01\r\nx\r\n0\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "LF in extension", "1;a\nx\r\n0\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "obs-fold trailer", "0\r\nX: a\r\n b\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "trailer without colon", "0\r\nX\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "trailer name with space", "0\r\nX Y: a\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "trailer value with NUL", "0\r\nX: a\0b\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "bare LF in trailers", "0\r\nX: a\n\r\n", NO_MAX, "") },
  { CASE (BAD, "bare LF final", "0\r\n\n", NO_MAX, "") },
  { CASE (BAD, "final CR then junk", "0\r\n\rx", NO_MAX, "") },
  { CASE (BAD, "size digits limit N+1", "00000000000000001\r\nx\r\n0\r\n\r\n", NO_MAX, "") },
  { CASE (BAD, "size digits limit N+1, large", "10000000000000000\r\n", NO_MAX, "") },
  /* limits */
  { CASE (DONE, "size digits limit N", "0000000000000001\r\nx\r\n0\r\n\r\n", NO_MAX, "x") },
  { CASE (BIG, "size 2^64-1 (N digits)", "ffffffffffffffff\r\n", NO_MAX - 1, "") },
  { CASE (MORE, "size 2^64-1 allowed by max", "FFFFFFFFFFFFFFFF\r\nab", NO_MAX, "ab") },
  { CASE (DONE, "max body N", "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", 5, "abcde") },
  { CASE (BIG, "max body N+1", "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", 5, "abc") },
  { CASE (BIG, "max body 0", "1\r\nx\r\n0\r\n\r\n", 0, "") },
  { CASE (DONE, "max body 0, empty", "0\r\n\r\n", 0, "") },
};

typedef struct
{
  PtHttpChunkedStatus status;
  GString            *data;
  size_t              consumed;
} Outcome;

/* Feeds raw cut at the given points (sorted offsets, the last == raw_len). */
static Outcome
feed (const ChunkedCase *c,
      const size_t      *cuts,
      size_t             n_cuts)
{
  PtHttpChunked d;
  Outcome o = { MORE, g_string_new (NULL), 0 };
  size_t start = 0;

  pt_http_chunked_init (&d, c->max_body);
  for (size_t k = 0; k < n_cuts; k++)
    {
      size_t len = cuts[k] - start;
      char *piece = g_malloc (len > 0 ? len : 1);
      size_t consumed = 999, data_len = 999;

      memcpy (piece, c->raw + start, len);
      o.status = pt_http_chunked_decode (&d, piece, len, &consumed, &data_len);
      g_assert_cmpuint (data_len, <=, consumed);
      g_assert_cmpuint (consumed, <=, len);
      g_string_append_len (o.data, piece, data_len);
      o.consumed += consumed;
      g_free (piece);
      if (o.status == MORE)
        g_assert_cmpuint (consumed, ==, len);
      else
        break;
      start = cuts[k];
    }
  g_assert_cmpuint (pt_http_chunked_total (&d), ==, o.data->len);
  /* sticky once finished */
  if (o.status != MORE)
    {
      char more[2] = { '0', '\r' };
      size_t consumed = 999, data_len = 999;

      g_assert_cmpint (pt_http_chunked_decode (&d, more, sizeof more, &consumed, &data_len), ==, o.status);
      g_assert_cmpuint (consumed, ==, 0);
      g_assert_cmpuint (data_len, ==, 0);
    }
  return o;
}

static void
check_outcome (const ChunkedCase *c,
               Outcome           *o,
               const char        *how)
{
  g_test_message ("line %d (%s), %s", c->line, c->desc, how);
  g_assert_cmpint (o->status, ==, c->status);
  g_assert_cmpmem (o->data->str, o->data->len, c->data, strlen (c->data));
  if (c->status == DONE)
    g_assert_cmpuint (o->consumed, ==, c->consumed > 0 ? c->consumed : c->raw_len);
  if (c->status == MORE)
    g_assert_cmpuint (o->consumed, ==, c->raw_len);
  g_string_free (o->data, TRUE);
}

static void
test_chunked_case (gconstpointer data)
{
  const ChunkedCase *c = data;
  Outcome o;
  size_t *cuts = g_new (size_t, c->raw_len + 2);

  cuts[0] = c->raw_len;
  o = feed (c, cuts, 1);
  check_outcome (c, &o, "one call");

  for (size_t k = 0; k <= c->raw_len; k++)
    {
      g_autofree char *how = g_strdup_printf ("split at %zu", k);

      cuts[0] = k;
      cuts[1] = c->raw_len;
      o = feed (c, cuts, 2);
      check_outcome (c, &o, how);
    }

  for (size_t k = 0; k < c->raw_len; k++)
    cuts[k] = k + 1;
  if (c->raw_len > 0)
    {
      o = feed (c, cuts, c->raw_len);
      check_outcome (c, &o, "byte by byte");
    }
  g_free (cuts);
}

/* chunk-ext and trailer limits at N and N+1, built at run time. */
static void
check_built (const char          *raw,
             PtHttpChunkedStatus  expected,
             const char          *data)
{
  ChunkedCase c = { .line = __LINE__, .status = expected, .desc = "built", .raw = raw,
                    .raw_len = strlen (raw), .max_body = NO_MAX, .data = data };

  test_chunked_case (&c);
}

static void
test_ext_limit (void)
{
  /* ";" + 'a' * (N - 1) is N bytes of chunk-ext */
  g_autofree char *fill = g_strnfill (PT_HTTP_CHUNK_EXT_MAX - 1, 'a');
  g_autofree char *at_n = g_strdup_printf ("1;%s\r\nx\r\n0\r\n\r\n", fill);
  g_autofree char *over = g_strdup_printf ("1;%sa\r\nx\r\n0\r\n\r\n", fill);
  g_autofree char *last_at_n = g_strdup_printf ("1\r\nx\r\n0;%s\r\n\r\n", fill);
  g_autofree char *last_over = g_strdup_printf ("1\r\nx\r\n0;%sa\r\n\r\n", fill);

  check_built (at_n, DONE, "x");
  check_built (over, BAD, "");
  check_built (last_at_n, DONE, "x");
  check_built (last_over, BAD, "x");
}

static void
test_trailer_limit (void)
{
  /* two lines: "A: " + fill + "\r\n" and "B: c\r\n" total N bytes */
  g_autofree char *fill = g_strnfill (PT_HTTP_CHUNK_TRAILER_MAX - 5 - 6, 'v');
  g_autofree char *at_n = g_strdup_printf ("1\r\nx\r\n0\r\nA: %s\r\nB: c\r\n\r\n", fill);
  g_autofree char *over = g_strdup_printf ("1\r\nx\r\n0\r\nA: %sv\r\nB: c\r\n\r\n", fill);

  g_assert_cmpuint (strlen (at_n), ==, 9 + PT_HTTP_CHUNK_TRAILER_MAX + 2);
  check_built (at_n, DONE, "x");
  check_built (over, BAD, "x");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (chunked_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/chunked/line-%d", chunked_cases[i].line);

      g_test_add_data_func (name, &chunked_cases[i], test_chunked_case);
    }
  g_test_add_func ("/http/chunked/ext-limit", test_ext_limit);
  g_test_add_func ("/http/chunked/trailer-limit", test_trailer_limit);

  return g_test_run ();
}
