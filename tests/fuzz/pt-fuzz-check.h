/* pt-fuzz-check.h — invariant checks shared by the libFuzzer targets
 *
 * A failed check prints what was expected and abort()s, so libFuzzer
 * records the input as a crash artifact.  Layer 0 only: libc, no GLib.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt-http-request.h"

#define PT_FUZZ_CHECK(cond)                                              \
  do {                                                                   \
    if (!(cond))                                                         \
      {                                                                  \
        fprintf (stderr, "%s:%d: invariant failed: %s\n",                \
                 __FILE__, __LINE__, #cond);                             \
        abort ();                                                        \
      }                                                                  \
  } while (0)

/* libFuzzer entry point (declared here for -Wmissing-prototypes). */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A heap copy of exactly len bytes (at least one allocated byte, so that
 * ASan still reports an access at buf[len]). */
static inline char *
pt_fuzz_dup (const void *data,
             size_t      len)
{
  char *copy = malloc (len > 0 ? len : 1);

  PT_FUZZ_CHECK (copy != NULL);
  if (len > 0)
    memcpy (copy, data, len);
  return copy;
}

/* Reads input bytes as little-endian integers and NUL-terminated strings,
 * always succeeding (zeros once the input is exhausted). */
typedef struct
{
  const uint8_t *data;
  size_t         size;
  size_t         pos;
} PtFuzzReader;

static inline uint64_t
pt_fuzz_read_uint (PtFuzzReader *r,
                   unsigned      n_bytes)
{
  uint64_t value = 0;
  unsigned i;

  for (i = 0; i < n_bytes; i++)
    {
      uint64_t byte = 0;

      if (r->pos < r->size)
        byte = r->data[r->pos++];
      value |= byte << (8 * i);
    }
  return value;
}

/* A freshly allocated NUL-terminated string of at most max_len bytes taken
 * from the input (may contain any byte but NUL). */
static inline char *
pt_fuzz_read_string (PtFuzzReader *r,
                     size_t        max_len)
{
  size_t len = (size_t) pt_fuzz_read_uint (r, 2) % (max_len + 1);
  size_t avail = r->size - r->pos;
  char *s;
  size_t i;

  if (len > avail)
    len = avail;
  s = malloc (len + 1);
  PT_FUZZ_CHECK (s != NULL);
  for (i = 0; i < len; i++)
    s[i] = r->data[r->pos + i] != 0 ? (char) r->data[r->pos + i] : ' ';
  s[len] = '\0';
  r->pos += len;
  return s;
}

/* A parser's slice lies inside buf[0..len) (an empty one anywhere). */
static inline bool
pt_fuzz_slice_within (PtHttpSlice  s,
                      const char  *buf,
                      size_t       len)
{
  if (s.len == 0)
    return true;
  return s.ptr >= buf && s.ptr <= buf + len && s.len <= (size_t) (buf + len - s.ptr);
}

/* The slice holds byte c. */
static inline bool
pt_fuzz_slice_has_byte (PtHttpSlice s,
                        int         c)
{
  return s.len > 0 && memchr (s.ptr, c, s.len) != NULL;
}
