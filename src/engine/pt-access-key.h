/* pt-access-key.h — the private-link key the workers check (layer 1)
 *
 * Owns the one thing that changes while the workers run: the access key
 * (pt_server_set_access_key, "New link").  The server holds a
 * PtAccessKey; each worker keeps a PtAccessKeyView, its own copy of the
 * key and of the Set-Cookie value, and checks one atomic generation
 * number per request.  When it moved (a rotation), the worker copies the
 * new key under the lock, once.  So the hot path takes no lock and writes
 * no shared memory, with or without a key, and a rotation is seen by
 * every worker at its next request: the old key stops working at once.
 */
#pragma once

#include <glib.h>

#include "pt-http-key.h"
#include "pt-http-request.h"

G_BEGIN_DECLS

typedef struct
{
  GMutex  lock;                              /* key */
  gint    generation;                        /* atomic: bumped by every change */
  char    key[PT_HTTP_KEY_MAX_LEN + 1];      /* "": open (no key) */
} PtAccessKey;

typedef struct
{
  gint    generation;                        /* of the copy; 0: none yet */
  gsize   key_len;                           /* 0: open */
  char    key[PT_HTTP_KEY_MAX_LEN + 1];
  char    set_cookie[PT_HTTP_KEY_SET_COOKIE_MAX + 1];
  gsize   set_cookie_len;
} PtAccessKeyView;

/* key: NULL or a valid key (pt_http_key_is_valid). */
void     pt_access_key_init    (PtAccessKey     *self,
                                const char      *key);
void     pt_access_key_clear   (PtAccessKey     *self);
/* Any thread.  key: NULL (open) or a valid key; FALSE (and no change) for
 * an invalid one. */
gboolean pt_access_key_set     (PtAccessKey     *self,
                                const char      *key);
/* Any thread: a copy of the current key, or NULL when open. */
char    *pt_access_key_dup     (PtAccessKey     *self);

void     pt_access_key_view_refresh_slow (PtAccessKeyView *view,
                                          PtAccessKey     *key);

/* The worker's view, brought up to date with one atomic read. */
static inline const PtAccessKeyView *
pt_access_key_view (PtAccessKeyView *view,
                    PtAccessKey     *key)
{
  if (G_UNLIKELY (g_atomic_int_get (&key->generation) != view->generation))
    pt_access_key_view_refresh_slow (view, key);
  return view;
}

typedef enum
{
  PT_ACCESS_OPEN = 0,   /* no key: served */
  PT_ACCESS_COOKIE,     /* the key's cookie: served */
  PT_ACCESS_LINK,       /* the key as the query parameter: 303 to the URL without it, and the cookie */
  PT_ACCESS_REFUSED,    /* neither: 403 */
} PtAccessDecision;

/* What a parsed request may do under the view's key.  The query parameter
 * wins over the cookie (a link opened again still gets its clean URL);
 * both are compared in constant time. */
PtAccessDecision pt_access_key_check (const PtAccessKeyView *view,
                                      const PtHttpRequest   *req);

/* 16 random bytes from the kernel (getrandom) as 22 URL-safe base64
 * digits without padding: 128 bits.  Never fails (aborts when the kernel
 * has no randomness to give, as GLib does for its own allocations). */
char    *pt_access_key_generate (void);

G_END_DECLS
