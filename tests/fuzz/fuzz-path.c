/* fuzz-path.c — libFuzzer target for pt_http_path_normalize()
 *
 * Input: byte 0 picks the output buffer (bit 0 set: a small one of
 * 1 + byte1 % 64 bytes, to reach the 414 path; else PT_HTTP_MAX_PATH);
 * the rest is the path.  The output buffer is a heap block of exactly that
 * size.  On success the result must be a safe relative path:
 * NUL-terminated with no NUL inside, no leading '/', no "//", no ".." or
 * hidden ('.'-prefixed) segment, no control byte (it may end up in a
 * Location header); and normalising it again must give it back.
 */
#include <stdbool.h>

#include "pt-fuzz-check.h"
#include "pt-http-mime.h"
#include "pt-http-path.h"

#define FUZZ_SMALL_OUT_MAX 64

static void
check_safe (const char       *out,
            size_t            out_size,
            const PtHttpPath *result)
{
  size_t i, seg_start;

  PT_FUZZ_CHECK (result->len < out_size);
  PT_FUZZ_CHECK (out[result->len] == '\0');
  PT_FUZZ_CHECK (memchr (out, '\0', result->len) == NULL);
  PT_FUZZ_CHECK (result->len == 0 || out[0] != '/');
  PT_FUZZ_CHECK (strstr (out, "//") == NULL);
  for (i = 0; i < result->len; i++)
    {
      unsigned char c = (unsigned char) out[i];

      PT_FUZZ_CHECK (c >= 0x20 && c != 0x7f);
    }
  /* Every segment: not empty (except after a final '/'), no leading '.'
   * (which also rules out "." and ".."). */
  seg_start = 0;
  for (i = 0; i <= result->len; i++)
    {
      if (i < result->len && out[i] != '/')
        continue;
      if (i > seg_start)
        PT_FUZZ_CHECK (out[seg_start] != '.');
      else
        PT_FUZZ_CHECK (i == result->len);   /* empty: only a trailing '/' or "" */
      seg_start = i + 1;
    }
}

/* Normalising the result again (with its leading '/', and a trailing one
 * for a directory) must be the identity when nothing in it is %-encoded. */
static void
check_idempotent (const char       *out,
                  const PtHttpPath *result)
{
  size_t len = result->len;
  char *again_in, *again_out;
  PtHttpPath again;
  size_t n = 0;
  int status;

  if (memchr (out, '%', len) != NULL)
    return;
  again_in = malloc (len + 2);
  again_out = malloc (PT_HTTP_MAX_PATH);
  PT_FUZZ_CHECK (again_in != NULL && again_out != NULL);
  again_in[n++] = '/';
  memcpy (again_in + n, out, len);
  n += len;
  if (result->is_directory && len > 0 && out[len - 1] != '/')
    again_in[n++] = '/';

  memset (&again, 0, sizeof again);
  status = pt_http_path_normalize (again_in, n, again_out, PT_HTTP_MAX_PATH, &again);
  if (status != 0 || again.len != len || memcmp (again_out, out, len) != 0)
    fprintf (stderr, "normalise (\"/%s\") = %d \"%.*s\"\n", out, status,
             status == 0 ? (int) again.len : 0, again_out);
  PT_FUZZ_CHECK (status == 0);
  PT_FUZZ_CHECK (again.len == len);
  PT_FUZZ_CHECK (memcmp (again_out, out, len) == 0);
  if (len > 0)
    PT_FUZZ_CHECK (again.is_directory == result->is_directory);
  free (again_in);
  free (again_out);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  size_t out_size = PT_HTTP_MAX_PATH;
  const uint8_t *path = data;
  size_t path_len = size;
  char *path_copy, *out;
  PtHttpPath result;
  int status;

  if (size >= 2)
    {
      if (data[0] & 1)
        out_size = 1 + data[1] % FUZZ_SMALL_OUT_MAX;
      path = data + 2;
      path_len = size - 2;
    }

  path_copy = pt_fuzz_dup (path, path_len);
  out = malloc (out_size);
  PT_FUZZ_CHECK (out != NULL);
  memset (&result, 0, sizeof result);

  status = pt_http_path_normalize (path_copy, path_len, out, out_size, &result);
  PT_FUZZ_CHECK (status == 0 || status == 400 || status == 404 || status == 414);
  /* Not starting with '/' is always 400. */
  if (path_len == 0 || path[0] != '/')
    PT_FUZZ_CHECK (status == 400);
  if (status == 0)
    {
      check_safe (out, out_size, &result);
      if (out_size == PT_HTTP_MAX_PATH)
        check_idempotent (out, &result);
      (void) pt_http_mime_lookup (out, result.len);
    }

  free (out);
  free (path_copy);
  return 0;
}
