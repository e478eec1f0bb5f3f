/* test-http-accept.c — Accept-Encoding weights and the coding choice
 *
 * Each case: {field value (NULL: absent), weights for identity, gzip, br,
 * choice with br and gzip sidecars, with gzip only, with neither} and
 * __LINE__; the value is copied into an exact-size heap block.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-accept.h"

#define ID   PT_HTTP_CODING_IDENTITY
#define GZ   PT_HTTP_CODING_GZIP
#define BR   PT_HTTP_CODING_BR
#define NONE PT_HTTP_CODING_NONE
#define IMP  PT_HTTP_Q_IDENTITY_IMPLIED

typedef struct
{
  int           line;
  const char   *value;
  unsigned      q_identity, q_gzip, q_br;
  PtHttpCoding  with_both, with_gzip, with_none;
} AcceptCase;

#define CASE(v, qi, qg, qb, both, gz, none) { __LINE__, (v), (qi), (qg), (qb), (both), (gz), (none) }

static const AcceptCase accept_cases[] = {
  CASE (NULL, 1000, 0, 0, ID, ID, ID),                       /* absent */
  CASE ("", IMP, 0, 0, ID, ID, ID),                          /* empty */
  CASE ("gzip, deflate, br", IMP, 1000, 1000, BR, GZ, ID),   /* Chrome */
  CASE ("gzip, deflate, br, zstd", IMP, 1000, 1000, BR, GZ, ID),
  CASE ("gzip, deflate", IMP, 1000, 0, GZ, GZ, ID),          /* curl --compressed */
  CASE ("br;q=1.0, gzip;q=0.8, *;q=0.1", 100, 800, 1000, BR, GZ, ID),
  CASE ("gzip;q=1.0, br;q=0.9", IMP, 1000, 900, GZ, GZ, ID),
  CASE ("br;q=0.5, gzip;q=0.5", IMP, 500, 500, BR, GZ, ID),  /* tie: br */
  CASE ("gzip;q=0.001", IMP, 1, 0, GZ, GZ, ID),              /* tie with implied identity: gzip */
  CASE ("identity", 1000, 0, 0, ID, ID, ID),
  CASE ("identity;q=0.5, gzip;q=0.5", 500, 500, 0, GZ, GZ, ID),
  CASE ("identity, gzip;q=0.9", 1000, 900, 0, ID, ID, ID),
  CASE ("*", 1000, 1000, 1000, BR, GZ, ID),
  CASE ("*;q=0.3, gzip", 300, 1000, 300, GZ, GZ, ID),
  /* q=0 and its spellings */
  CASE ("gzip;q=0", IMP, 0, 0, ID, ID, ID),
  CASE ("gzip;q=0.000, br;q=0.", IMP, 0, 0, ID, ID, ID),
  CASE ("br;q=0, *", 1000, 1000, 0, GZ, GZ, ID),
  CASE ("identity;q=0", 0, 0, 0, NONE, NONE, NONE),
  CASE ("identity;q=0, gzip", 0, 1000, 0, GZ, GZ, NONE),
  CASE ("*;q=0", 0, 0, 0, NONE, NONE, NONE),
  CASE ("*;q=0, br", 0, 0, 1000, BR, NONE, NONE),
  CASE ("*;q=0, identity", 1000, 0, 0, ID, ID, ID),
  CASE ("*;q=0, identity;q=0.5, gzip;q=0.2", 500, 200, 0, ID, ID, ID),
  /* qvalue grammar: 1, 1., 1.0 .. 1.000, 0.xyz; three decimals at most */
  CASE ("br;q=1.000", IMP, 0, 1000, BR, ID, ID),
  CASE ("br;q=1.", IMP, 0, 1000, BR, ID, ID),
  CASE ("br;q=0.999", IMP, 0, 999, BR, ID, ID),
  CASE ("br;q=0.001", IMP, 0, 1, BR, ID, ID),
  CASE ("br;q=0.5", IMP, 0, 500, BR, ID, ID),
  CASE ("br;q=0.05", IMP, 0, 50, BR, ID, ID),
  CASE ("br;Q=0.5", IMP, 0, 500, BR, ID, ID),
  CASE ("br ; q=0.5", IMP, 0, 500, BR, ID, ID),
  CASE ("br;\tq=0.5 ", IMP, 0, 500, BR, ID, ID),
  /* invalid element → ignored, the others count */
  CASE ("br;q=0.0001, gzip", IMP, 1000, 0, GZ, GZ, ID),       /* 4 decimals: N+1 */
  CASE ("br;q=1.001, gzip", IMP, 1000, 0, GZ, GZ, ID),
  CASE ("br;q=1.5", IMP, 0, 0, ID, ID, ID),
  CASE ("br;q=2", IMP, 0, 0, ID, ID, ID),
  CASE ("br;q=.5", IMP, 0, 0, ID, ID, ID),
  CASE ("br;q=", IMP, 0, 0, ID, ID, ID),
  CASE ("br;q=-1", IMP, 0, 0, ID, ID, ID),
  CASE ("br;q=0.5x", IMP, 0, 0, ID, ID, ID),
  CASE ("br;q =0.5", IMP, 0, 0, ID, ID, ID),
  CASE ("br;q= 0.5", IMP, 0, 0, ID, ID, ID),
  CASE ("br;level=1", IMP, 0, 0, ID, ID, ID),
  CASE ("br;", IMP, 0, 0, ID, ID, ID),
  CASE ("br q=1", IMP, 0, 0, ID, ID, ID),
  CASE ("identity;q=0.x", IMP, 0, 0, ID, ID, ID),            /* ignored: identity stays */
  CASE ("*;q=zero", IMP, 0, 0, ID, ID, ID),
  CASE ("\"br\", gzip", IMP, 1000, 0, GZ, GZ, ID),
  CASE ("gzip;q=0.5;q=1", IMP, 0, 0, ID, ID, ID),
  /* case, aliases, lists */
  CASE ("GZIP, Br", IMP, 1000, 1000, BR, GZ, ID),
  CASE ("x-gzip", IMP, 1000, 0, GZ, GZ, ID),
  CASE ("IDENTITY;Q=0", 0, 0, 0, NONE, NONE, NONE),
  CASE (" , ,gzip,, ", IMP, 1000, 0, GZ, GZ, ID),
  CASE ("gzip;q=0, gzip", IMP, 0, 0, ID, ID, ID),            /* first one wins */
  CASE ("gzip, gzip;q=0", IMP, 1000, 0, GZ, GZ, ID),
  CASE ("*, *;q=0", 1000, 1000, 1000, BR, GZ, ID),
  CASE ("compress, deflate, zstd", IMP, 0, 0, ID, ID, ID),
  CASE ("brotli, gzipx, xgzip", IMP, 0, 0, ID, ID, ID),
};

static void
test_accept_case (gconstpointer data)
{
  const AcceptCase *c = data;
  PtHttpAcceptEncoding ae;
  char *copy = NULL;
  size_t len = 0;

  g_test_message ("line %d: [%s]", c->line, c->value ? c->value : "(absent)");
  if (c->value != NULL)
    {
      len = strlen (c->value);
      copy = g_malloc (len > 0 ? len : 1);
      memcpy (copy, c->value, len);
    }
  memset (&ae, 0xa5, sizeof ae);
  pt_http_accept_encoding_parse (copy, len, &ae);
  g_assert_cmpuint (ae.q[ID], ==, c->q_identity);
  g_assert_cmpuint (ae.q[GZ], ==, c->q_gzip);
  g_assert_cmpuint (ae.q[BR], ==, c->q_br);
  g_assert_cmpint (pt_http_accept_encoding_choose (&ae, PT_HTTP_CODING_BIT (BR) | PT_HTTP_CODING_BIT (GZ)),
                   ==, c->with_both);
  g_assert_cmpint (pt_http_accept_encoding_choose (&ae, PT_HTTP_CODING_BIT (GZ)), ==, c->with_gzip);
  g_assert_cmpint (pt_http_accept_encoding_choose (&ae, 0), ==, c->with_none);
  /* identity is available whatever the mask says */
  g_assert_cmpint (pt_http_accept_encoding_choose (&ae, 0), ==,
                   pt_http_accept_encoding_choose (&ae, PT_HTTP_CODING_BIT (ID)));
  g_free (copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (accept_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/accept/line-%d", accept_cases[i].line);

      g_test_add_data_func (name, &accept_cases[i], test_accept_case);
    }

  return g_test_run ();
}
