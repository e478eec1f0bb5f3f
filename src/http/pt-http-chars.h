/* pt-http-chars.h — byte classes and word-at-a-time scanning for HTTP text (layer 0)
 *
 * Owns the one table of RFC 9110 byte classes (tchar, request-target,
 * field-value, OWS, digit) and the 8-bytes-per-step helpers the parsers
 * and the escaper share.  Static inline: every use is on a hot loop.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- character classes: one table lookup per byte ----------------------- */

#define CC_TCHAR   0x01   /* RFC 9110 §5.6.2 tchar */
#define CC_TARGET  0x02   /* request-target byte: visible ASCII or obs-text (the path normaliser judges) */
#define CC_PATH    0x04   /* CC_TARGET except '?' and '#', which end the path */
#define CC_VALUE   0x08   /* field-value byte: VCHAR, obs-text, SP, HTAB */
#define CC_OWS     0x10   /* SP, HTAB */
#define CC_DIGIT   0x20   /* '0'..'9' */

/* Indexed by byte; CR, LF, NUL and DEL are in no class, so every scan over
 * a line stops at its end. */
static const uint8_t char_class[256] = {
  /* 00 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  /* 10 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  /* 20 */ 0x18, 0x0f, 0x0e, 0x0b, 0x0f, 0x0f, 0x0f, 0x0f, 0x0e, 0x0e, 0x0f, 0x0f, 0x0e, 0x0f, 0x0f, 0x0e,
  /* 30 */ 0x2f, 0x2f, 0x2f, 0x2f, 0x2f, 0x2f, 0x2f, 0x2f, 0x2f, 0x2f, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0a,
  /* 40 */ 0x0e, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f,
  /* 50 */ 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0e, 0x0e, 0x0e, 0x0f, 0x0f,
  /* 60 */ 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f,
  /* 70 */ 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0e, 0x0f, 0x0e, 0x0f, 0x00,
  /* 80 */ 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
  /* 90 */ 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
  /* a0 */ 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
  /* b0 */ 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
  /* c0 */ 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
  /* d0 */ 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
  /* e0 */ 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
  /* f0 */ 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
};

static inline bool
char_is (char    c,
         uint8_t cls)
{
  return (char_class[(uint8_t) c] & cls) != 0;
}

/* Length of the run of bytes of class cls at s, which a byte of no class
 * follows.  Four bytes per turn: each is read only when the one before it
 * was in the class, so never past that byte. */
static inline size_t
scan_class (const char *s,
            uint8_t     cls)
{
  size_t p = 0;

  for (;;)
    {
      if (!char_is (s[p], cls))
        return p;
      if (!char_is (s[p + 1], cls))
        return p + 1;
      if (!char_is (s[p + 2], cls))
        return p + 2;
      if (!char_is (s[p + 3], cls))
        return p + 3;
      p += 4;
    }
}

/* Word-at-a-time: 8 bytes per step (bit tricks from "Bit Twiddling Hacks"). */
#define WORD_BYTES      8
#define WORD_ONES       UINT64_C (0x0101010101010101)
#define WORD_HIGHS      UINT64_C (0x8080808080808080)
#define WORD_OF(byte)   (WORD_ONES * (uint64_t) (byte))

static inline uint64_t
load_word (const char *s)
{
  uint64_t w;

  memcpy (&w, s, sizeof w);
  return w;
}

/* Nonzero when some byte of w is below 0x20 or is 0x7f (DEL).  Exact about
 * "some byte": bytes of 0x80 and up never count. */
static inline uint64_t
word_has_ctl (uint64_t w)
{
  uint64_t below = (w - WORD_OF (0x20)) & ~w & WORD_HIGHS;
  uint64_t del = w ^ WORD_OF (0x7f);

  return below | ((del - WORD_ONES) & ~del & WORD_HIGHS);
}

/* Index of the first byte (in memory order) whose high bit is set in flags
 * (nonzero, from word_has_ctl). */
static inline size_t
first_flagged_byte (uint64_t flags)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return (size_t) __builtin_clzll (flags) / 8;
#else
  return (size_t) __builtin_ctzll (flags) / 8;
#endif
}

/* Every byte of s[0..n) is a field-value byte (no CTL but HTAB, no DEL). */
static inline bool
value_bytes_ok (const char *s,
                size_t      n)
{
  size_t i = 0;

  for (; i + WORD_BYTES <= n; i += WORD_BYTES)
    if (word_has_ctl (load_word (s + i)) != 0)
      {
        for (size_t k = i; k < i + WORD_BYTES; k++)
          if (!char_is (s[k], CC_VALUE))
            return false;
      }
  for (; i < n; i++)
    if (!char_is (s[i], CC_VALUE))
      return false;
  return true;
}

/* s[0..n) equals lower, ignoring ASCII case, where lower holds only
 * lowercase letters and '-' and s holds no CR: then OR-ing 0x20 into a
 * byte of s lowercases a letter and maps nothing else onto a byte of lower
 * (only CR would become '-'). */
static inline bool
equal_lower (const char *s,
             const char *lower,
             size_t      n)
{
  size_t i = 0;

  for (; i + WORD_BYTES <= n; i += WORD_BYTES)
    if ((load_word (s + i) | WORD_OF (0x20)) != load_word (lower + i))
      return false;
  if (n - i >= 4)
    {
      uint32_t a, b;

      memcpy (&a, s + i, sizeof a);
      memcpy (&b, lower + i, sizeof b);
      if ((a | UINT32_C (0x20202020)) != b)
        return false;
      i += 4;
    }
  for (; i < n; i++)
    if (((unsigned char) s[i] | 0x20) != (unsigned char) lower[i])
      return false;
  return true;
}

#define EQUAL_LOWER(s, lit) equal_lower ((s), "" lit, sizeof (lit) - 1)
