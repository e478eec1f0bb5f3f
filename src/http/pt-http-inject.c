/* pt-http-inject.c — where live reload's script tag goes in an HTML page (layer 0)
 *
 * A forward scan with three states (markup, comment, raw text of a script
 * or style element), as an HTML tokenizer sees them, reduced to what
 * decides where "</body" is markup.
 */
#include "pt-http-inject.h"

#include <stdbool.h>

static char
lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

/* buf[i..) starts with the lower-case word (any case in buf), followed by
 * white space, '>' or '/' (or the end of the page). */
static bool
starts_with_tag (const char *buf,
                 size_t      len,
                 size_t      i,
                 const char *word,
                 size_t      word_len)
{
  char next;

  if (len - i < word_len)
    return false;
  for (size_t k = 0; k < word_len; k++)
    if (lower (buf[i + k]) != word[k])
      return false;
  if (i + word_len == len)
    return true;
  next = buf[i + word_len];
  return next == '>' || next == '/' || next == ' ' || next == '\t' || next == '\n' ||
         next == '\r' || next == '\f';
}

/* From inside a start tag, the offset after its '>' (quoted attribute
 * values may hold '>'), or len. */
static size_t
skip_tag (const char *buf,
          size_t      len,
          size_t      i)
{
  char quote = 0;

  for (; i < len; i++)
    {
      char c = buf[i];

      if (quote != 0)
        {
          if (c == quote)
            quote = 0;
        }
      else if (c == '"' || c == '\'')
        quote = c;
      else if (c == '>')
        return i + 1;
    }
  return len;
}

#define WORD(s) (s), (sizeof (s) - 1)

size_t
pt_http_inject_offset (const char *buf,
                       size_t      len)
{
  size_t last = len;
  size_t i = 0;

  while (i < len)
    {
      const char *close_word;
      size_t close_len;

      if (buf[i] != '<')
        {
          i++;
          continue;
        }

      if (len - i >= 4 && buf[i + 1] == '!' && buf[i + 2] == '-' && buf[i + 3] == '-')
        {
          /* a comment runs to the first "-->" after "<!--" */
          i += 4;
          while (i < len && !(len - i >= 3 && buf[i] == '-' && buf[i + 1] == '-' && buf[i + 2] == '>'))
            i++;
          i = i < len ? i + 3 : len;
          continue;
        }

      if (starts_with_tag (buf, len, i, WORD ("</body")))
        {
          last = i;
          i += 6;
          continue;
        }

      if (starts_with_tag (buf, len, i, WORD ("<script")))
        {
          close_word = "</script";
          close_len = 8;
        }
      else if (starts_with_tag (buf, len, i, WORD ("<style")))
        {
          close_word = "</style";
          close_len = 7;
        }
      else
        {
          i++;
          continue;
        }

      /* raw text: nothing is markup until the element's end tag */
      i = skip_tag (buf, len, i + 1);
      while (i < len && !(buf[i] == '<' && starts_with_tag (buf, len, i, close_word, close_len)))
        i++;
      if (i < len)
        i += close_len;
    }

  return last;
}
