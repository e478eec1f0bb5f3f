/* fuzz-key.c — libFuzzer target for pt-http-key.h
 *
 * The input is a request target (an exact-size heap copy) and, after its
 * first NUL when there is one, a Cookie field value.  The redirect's
 * Location built from the target's path and query starts with one '/' and
 * no second '/' or '\\' (never another host), holds no "portico-key"
 * parameter any more, no empty one, never grows past '/' + the target, and
 * is fixed by a second pass; a found value lies inside the query.  A cookie
 * that matches still matches with unrelated cookies around it, and
 * pt_http_key_equal agrees with memcmp.
 */
#include "pt-fuzz-check.h"
#include "pt-http-key.h"

#define KEY "fuzzfuzzfuzzfuzzfuzz-_"

static void
check_location (const char *target,
                size_t      len)
{
  PtHttpSlice query = pt_http_key_target_query (target, len);
  PtHttpSlice value, again_query;
  size_t path_len = query.ptr != NULL ? (size_t) (query.ptr - 1 - target) : len;
  size_t size = 1 + len + 1;
  char *out = malloc (size);
  char *again = malloc (size);
  ssize_t n, m;

  PT_FUZZ_CHECK (out != NULL && again != NULL);
  if (query.ptr != NULL)
    {
      PT_FUZZ_CHECK (query.ptr > target && query.ptr[-1] == '?');
      PT_FUZZ_CHECK (query.ptr + query.len == target + len);
      if (pt_http_key_query_find (query.ptr, query.len, &value))
        PT_FUZZ_CHECK (value.ptr >= query.ptr && value.ptr + value.len <= query.ptr + query.len);
    }

  n = pt_http_key_write_location (target, path_len, query.ptr, query.len, out, size);
  PT_FUZZ_CHECK (n >= 1 && (size_t) n <= size && out[0] == '/');
  PT_FUZZ_CHECK (n == 1 || (out[1] != '/' && out[1] != '\\'));   /* never another host */
  again_query = pt_http_key_target_query (out, (size_t) n);
  PT_FUZZ_CHECK (!pt_http_key_query_find (again_query.ptr, again_query.len, &value));
  if (again_query.ptr != NULL)
    {
      PT_FUZZ_CHECK (again_query.len > 0 && again_query.ptr[0] != '&');
      PT_FUZZ_CHECK (again_query.ptr[again_query.len - 1] != '&');
      PT_FUZZ_CHECK (memmem (again_query.ptr, again_query.len, "&&", 2) == NULL);
    }
  m = pt_http_key_write_location (out, again_query.ptr != NULL ? (size_t) (again_query.ptr - 1 - out) : (size_t) n,
                                  again_query.ptr, again_query.len, again, size);
  PT_FUZZ_CHECK (m == n && memcmp (out, again, (size_t) n) == 0);
  PT_FUZZ_CHECK (pt_http_key_write_location (target, path_len, query.ptr, query.len, again, (size_t) n - 1) == -1);
  free (out);
  free (again);
}

static void
check_cookie (const char *cookie,
              size_t      len)
{
  char *copy = pt_fuzz_dup (cookie, len);
  bool match = pt_http_key_cookie_matches (copy, len, KEY, sizeof KEY - 1);
  size_t wrapped_len = len + 8;
  char *wrapped = malloc (wrapped_len);

  PT_FUZZ_CHECK (wrapped != NULL);
  memcpy (wrapped, "a=1; ", 5);
  memcpy (wrapped + 5, cookie, len);
  memcpy (wrapped + 5 + len, ";b", 2);
  wrapped[wrapped_len - 1] = 'x';
  if (match)
    PT_FUZZ_CHECK (pt_http_key_cookie_matches (wrapped, wrapped_len, KEY, sizeof KEY - 1));
  PT_FUZZ_CHECK (!pt_http_key_cookie_matches (copy, len, KEY, 0));

  if (len == sizeof KEY - 1)
    PT_FUZZ_CHECK (pt_http_key_equal (copy, len, KEY, len) == (memcmp (copy, KEY, len) == 0));
  else
    PT_FUZZ_CHECK (!pt_http_key_equal (copy, len, KEY, sizeof KEY - 1));
  if (pt_http_key_is_valid (copy, len))
    {
      char set_cookie[PT_HTTP_KEY_SET_COOKIE_MAX];

      PT_FUZZ_CHECK (pt_http_key_write_set_cookie (copy, len, set_cookie, sizeof set_cookie) > 0);
    }
  free (copy);
  free (wrapped);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *s = (const char *) data;
  const char *nul = memchr (s, '\0', size);
  size_t target_len = nul != NULL ? (size_t) (nul - s) : size;
  char *target = pt_fuzz_dup (s, target_len);

  check_location (target, target_len);
  free (target);
  if (nul != NULL)
    check_cookie (nul + 1, size - target_len - 1);
  else
    check_cookie (s, size);
  return 0;
}
