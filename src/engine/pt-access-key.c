/* pt-access-key.c — the private-link key the workers check (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-access-key.h"
#include "pt-tsan.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#define KEY_RANDOM_BYTES 16   /* 128 bits → 22 base64 digits */

static const char url_alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void
pt_access_key_init (PtAccessKey *self,
                    const char  *key)
{
  g_mutex_init (&self->lock);
  self->key[0] = '\0';
  self->generation = 1;
  if (key != NULL && pt_http_key_is_valid (key, strlen (key)))
    g_strlcpy (self->key, key, sizeof self->key);
}

void
pt_access_key_clear (PtAccessKey *self)
{
  explicit_bzero (self->key, sizeof self->key);
  g_mutex_clear (&self->lock);
}

gboolean
pt_access_key_set (PtAccessKey *self,
                   const char  *key)
{
  if (key != NULL && !pt_http_key_is_valid (key, strlen (key)))
    return FALSE;

  g_mutex_lock (&self->lock);
  PT_TSAN_ACQUIRE (&self->lock);
  explicit_bzero (self->key, sizeof self->key);
  if (key != NULL)
    g_strlcpy (self->key, key, sizeof self->key);
  /* after the new key: a worker that sees the new number copies it */
  g_atomic_int_inc (&self->generation);
  PT_TSAN_RELEASE (&self->lock);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

char *
pt_access_key_dup (PtAccessKey *self)
{
  char *copy;

  g_mutex_lock (&self->lock);
  PT_TSAN_ACQUIRE (&self->lock);
  copy = self->key[0] != '\0' ? g_strdup (self->key) : NULL;
  PT_TSAN_RELEASE (&self->lock);
  g_mutex_unlock (&self->lock);
  return copy;
}

void
pt_access_key_view_refresh_slow (PtAccessKeyView *view,
                                 PtAccessKey     *key)
{
  gssize n;

  g_mutex_lock (&key->lock);
  PT_TSAN_ACQUIRE (&key->lock);
  view->generation = g_atomic_int_get (&key->generation);
  view->key_len = strlen (key->key);
  memcpy (view->key, key->key, view->key_len + 1);
  PT_TSAN_RELEASE (&key->lock);
  g_mutex_unlock (&key->lock);

  view->set_cookie_len = 0;
  if (view->key_len > 0)
    {
      n = pt_http_key_write_set_cookie (view->key, view->key_len,
                                        view->set_cookie, sizeof view->set_cookie);
      g_assert (n > 0);
      view->set_cookie_len = (gsize) n;
    }
}

PtAccessDecision
pt_access_key_check (const PtAccessKeyView *view,
                     const PtHttpRequest   *req)
{
  PtHttpSlice query, value;

  if (view->key_len == 0)
    return PT_ACCESS_OPEN;

  query = pt_http_key_target_query (req->target.ptr, req->target.len);
  if (pt_http_key_query_find (query.ptr, query.len, &value) &&
      pt_http_key_equal (value.ptr, value.len, view->key, view->key_len))
    return PT_ACCESS_LINK;
  if (PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_COOKIE) &&
      pt_http_key_cookie_matches (req->headers[PT_HTTP_HEADER_COOKIE].ptr,
                                  req->headers[PT_HTTP_HEADER_COOKIE].len,
                                  view->key, view->key_len))
    return PT_ACCESS_COOKIE;
  return PT_ACCESS_REFUSED;
}

char *
pt_access_key_generate (void)
{
  guint8 bytes[KEY_RANDOM_BYTES];
  char *key = g_malloc (PT_HTTP_KEY_MIN_LEN + 1);
  gsize filled = 0;
  guint bits = 0, n_bits = 0, out = 0;

  while (filled < sizeof bytes)
    {
      ssize_t r = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        g_error ("getrandom: %s", g_strerror (errno));
      filled += (gsize) r;
    }

  /* 6 bits per digit, most significant first; the last digit holds the
   * last 2 bits and 4 zeros (22 × 6 = 132) */
  for (gsize i = 0; i < sizeof bytes; i++)
    {
      bits = (bits << 8) | bytes[i];
      n_bits += 8;
      while (n_bits >= 6)
        {
          n_bits -= 6;
          key[out++] = url_alphabet[(bits >> n_bits) & 0x3f];
        }
    }
  if (n_bits > 0)
    key[out++] = url_alphabet[(bits << (6 - n_bits)) & 0x3f];
  key[out] = '\0';
  g_assert (out == PT_HTTP_KEY_MIN_LEN);
  explicit_bzero (bytes, sizeof bytes);
  return key;
}
