/* test-http-cond.c — the RFC 9110 §13.2.2 decision, one table
 *
 * Each case gives the method, the four fields (NULL: absent) and the
 * expected status against one file: ETag TAG, Last-Modified MTIME.  Field
 * values are copied into exact-size heap blocks so ASan sees any over-read.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-cond.h"

#define TAG      "\"803.1a2b-4d2-660ffdad.1dcd6500\""
#define OTHER    "\"803.1a2b-4d2-660ffdad.1dcd6501\""
#define MTIME    INT64_C (1712324013)               /* Fri, 05 Apr 2024 13:33:33 GMT */
#define AT       "Fri, 05 Apr 2024 13:33:33 GMT"    /* == MTIME */
#define BEFORE   "Fri, 05 Apr 2024 13:33:32 GMT"    /* MTIME - 1 */
#define AFTER    "Fri, 05 Apr 2024 13:33:34 GMT"    /* MTIME + 1 */
#define BAD_DATE "Fri, 05 Apr 2024 13:33:33 UTC"

typedef struct
{
  int           line;
  PtHttpMethod  method;
  const char   *if_match;
  const char   *if_unmodified_since;
  const char   *if_none_match;
  const char   *if_modified_since;
  int           expected;
} CondCase;

#define GET  PT_HTTP_METHOD_GET
#define HEAD PT_HTTP_METHOD_HEAD
#define POST PT_HTTP_METHOD_POST
#define PUT  PT_HTTP_METHOD_PUT
#define CASE(m, im, ius, inm, ims, x) { __LINE__, (m), (im), (ius), (inm), (ims), (x) }

static const CondCase cond_cases[] = {
  CASE (GET, NULL, NULL, NULL, NULL, 200),
  CASE (HEAD, NULL, NULL, NULL, NULL, 200),
  CASE (POST, NULL, NULL, NULL, NULL, 200),
  /* If-Match: strong */
  CASE (GET, TAG, NULL, NULL, NULL, 200),
  CASE (GET, "*", NULL, NULL, NULL, 200),
  CASE (GET, OTHER, NULL, NULL, NULL, 412),
  CASE (GET, "W/" TAG, NULL, NULL, NULL, 412),
  CASE (GET, OTHER ", " TAG, NULL, NULL, NULL, 200),
  CASE (GET, "", NULL, NULL, NULL, 412),             /* empty list matches nothing */
  CASE (GET, "garbage", NULL, NULL, NULL, 412),      /* invalid fails closed */
  CASE (PUT, OTHER, NULL, NULL, NULL, 412),
  /* If-Unmodified-Since: only without If-Match */
  CASE (GET, NULL, AT, NULL, NULL, 200),
  CASE (GET, NULL, AFTER, NULL, NULL, 200),
  CASE (GET, NULL, BEFORE, NULL, NULL, 412),
  CASE (GET, NULL, " " BEFORE "\t", NULL, NULL, 412),
  CASE (GET, NULL, BAD_DATE, NULL, NULL, 200),       /* invalid date ignored */
  CASE (GET, NULL, "", NULL, NULL, 200),
  CASE (GET, TAG, BEFORE, NULL, NULL, 200),          /* If-Match wins */
  CASE (GET, OTHER, AFTER, NULL, NULL, 412),
  /* If-None-Match: weak */
  CASE (GET, NULL, NULL, TAG, NULL, 304),
  CASE (HEAD, NULL, NULL, TAG, NULL, 304),
  CASE (GET, NULL, NULL, "W/" TAG, NULL, 304),
  CASE (GET, NULL, NULL, "*", NULL, 304),
  CASE (GET, NULL, NULL, OTHER, NULL, 200),
  CASE (GET, NULL, NULL, OTHER ",\t" TAG, NULL, 304),
  CASE (POST, NULL, NULL, TAG, NULL, 412),
  CASE (PUT, NULL, NULL, "*", NULL, 412),
  CASE (PUT, NULL, NULL, OTHER, NULL, 200),
  /* If-Modified-Since: only without If-None-Match, GET/HEAD only */
  CASE (GET, NULL, NULL, NULL, AT, 304),             /* equal → 304 */
  CASE (GET, NULL, NULL, NULL, AFTER, 304),
  CASE (GET, NULL, NULL, NULL, BEFORE, 200),
  CASE (HEAD, NULL, NULL, NULL, AT, 304),
  CASE (GET, NULL, NULL, NULL, "  " AT " ", 304),
  CASE (GET, NULL, NULL, NULL, "Friday, 05-Apr-24 13:33:33 GMT", 304),
  CASE (GET, NULL, NULL, NULL, "Fri Apr  5 13:33:33 2024", 304),
  CASE (GET, NULL, NULL, NULL, BAD_DATE, 200),
  CASE (GET, NULL, NULL, NULL, "", 200),
  CASE (POST, NULL, NULL, NULL, AT, 200),
  CASE (PUT, NULL, NULL, NULL, AFTER, 200),
  CASE (GET, NULL, NULL, OTHER, AT, 200),            /* If-None-Match present: IMS ignored */
  CASE (GET, NULL, NULL, TAG, BEFORE, 304),
  CASE (GET, NULL, NULL, "", AT, 200),               /* empty list: present, no match */
  CASE (GET, NULL, NULL, "garbage", AT, 200),        /* invalid: ignored, IMS still ignored */
  CASE (GET, NULL, NULL, "garbage", NULL, 200),
  CASE (PUT, NULL, NULL, "garbage", NULL, 200),
  CASE (GET, NULL, NULL, TAG " x", NULL, 200),        /* invalid even though TAG is in it */
  /* order across groups */
  CASE (GET, OTHER, NULL, TAG, AT, 412),             /* If-Match before If-None-Match */
  CASE (GET, NULL, BEFORE, TAG, AT, 412),            /* IUS before INM */
  CASE (GET, TAG, NULL, TAG, NULL, 304),
  CASE (GET, TAG, BEFORE, NULL, AT, 304),
  CASE (GET, "*", AFTER, "*", AT, 304),
  CASE (HEAD, NULL, AT, OTHER, AFTER, 200),
  CASE (GET, NULL, AFTER, NULL, BEFORE, 200),
};

static PtHttpSlice
heap_slice (const char *s)
{
  PtHttpSlice slice = { NULL, 0 };

  if (s != NULL)
    {
      slice.len = strlen (s);
      slice.ptr = g_malloc (slice.len > 0 ? slice.len : 1);
      memcpy ((char *) slice.ptr, s, slice.len);
    }
  return slice;
}

static void
test_cond_case (gconstpointer data)
{
  const CondCase *c = data;
  PtHttpCondInput in;

  g_test_message ("line %d", c->line);
  memset (&in, 0, sizeof in);
  in.method = c->method;
  in.if_match = heap_slice (c->if_match);
  in.if_unmodified_since = heap_slice (c->if_unmodified_since);
  in.if_none_match = heap_slice (c->if_none_match);
  in.if_modified_since = heap_slice (c->if_modified_since);
  in.etag = TAG;
  in.etag_len = strlen (TAG);
  in.mtime = MTIME;
  g_assert_cmpint (pt_http_cond_evaluate (&in), ==, c->expected);
  g_free ((char *) in.if_match.ptr);
  g_free ((char *) in.if_unmodified_since.ptr);
  g_free ((char *) in.if_none_match.ptr);
  g_free ((char *) in.if_modified_since.ptr);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (cond_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/cond/line-%d", cond_cases[i].line);

      g_test_add_data_func (name, &cond_cases[i], test_cond_case);
    }

  return g_test_run ();
}
