/* pt-http-key.h — the private-link key in a query and a Cookie field (layer 0)
 *
 * A server sharing a folder on the network with a private link answers
 * only requests that carry its key: once as the "portico-key" query
 * parameter of the link (the engine then sets a cookie and redirects to
 * the same URL without it), afterwards as the "portico-key" cookie.  These
 * pure functions find the key in both places, compare it in constant
 * time, and write the redirect's Location without it.  Nothing here
 * allocates; every function takes (buf, len).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "pt-http-request.h"

#define PT_HTTP_KEY_NAME      "portico-key"   /* the query parameter's and the cookie's name */
#define PT_HTTP_KEY_NAME_LEN  11
#define PT_HTTP_KEY_MIN_LEN   22    /* bytes: 22 URL-safe base64 digits hold 132 bits */
#define PT_HTTP_KEY_MAX_LEN   128   /* bytes of a key given by hand (--access-key KEY) */
/* "portico-key=" KEY "; HttpOnly; SameSite=Strict; Path=/" */
#define PT_HTTP_KEY_COOKIE_ATTRS "; HttpOnly; SameSite=Strict; Path=/"
/* The 403 page's sentence for a request without a valid key or cookie */
#define PT_HTTP_KEY_REFUSED_SENTENCE \
  "This folder is shared with a private link. Ask the person sharing it for the link."
#define PT_HTTP_KEY_SET_COOKIE_MAX \
  (PT_HTTP_KEY_NAME_LEN + 1 + PT_HTTP_KEY_MAX_LEN + sizeof PT_HTTP_KEY_COOKIE_ATTRS - 1)

/* True when key[0..len) is PT_HTTP_KEY_MIN_LEN..PT_HTTP_KEY_MAX_LEN bytes
 * of the URL-safe base64 alphabet (RFC 4648 §5: A-Z a-z 0-9 '-' '_'), no
 * padding: bytes a URL, a cookie and a header carry as they are. */
bool    pt_http_key_is_valid      (const char *key,
                                   size_t      len);

/* True when candidate[0..candidate_len) equals key[0..key_len).  The time
 * taken depends on key_len only, never on where the bytes differ or on
 * candidate_len (RFC 6749 §10.10's concern for guessable secrets). */
bool    pt_http_key_equal         (const char *candidate,
                                   size_t      candidate_len,
                                   const char *key,
                                   size_t      key_len);

/* The query of a request target: the bytes after its first '?' (an
 * authority cannot hold one), or { NULL, 0 } without a '?'. */
PtHttpSlice pt_http_key_target_query (const char *target,
                                      size_t      len);

/* The value of the first "portico-key" parameter of query[0..len) (the
 * bytes after '?'), parameters separated by '&' (WHATWG URL's
 * application/x-www-form-urlencoded).  The name must be spelled exactly
 * (no %-escape: a key is made of bytes a URL carries as they are) and be
 * followed by '=' (or end the parameter: an empty value).  Returns false
 * when there is none. */
bool    pt_http_key_query_find    (const char  *query,
                                   size_t       len,
                                   PtHttpSlice *value);

/* True when the Cookie field value cookie[0..len) (RFC 6265 §4.2.1:
 * "name=value" pairs separated by ';') holds a "portico-key" cookie whose
 * value equals key[0..key_len) (pt_http_key_equal).  Lenient as browsers
 * are: spaces and tabs around pairs, names and values are ignored, a value
 * in double quotes is compared without them, pairs without '=' are
 * skipped, and every "portico-key" cookie is compared (a browser may send
 * several: same name, other path), each in constant time. */
bool    pt_http_key_cookie_matches (const char *cookie,
                                    size_t      len,
                                    const char *key,
                                    size_t      key_len);

/* The redirect's Location: '/' and path[0..path_len) (the request's path
 * as sent, which holds no CR, LF or space) without its leading '/' and
 * '\\' (so "//host/x" cannot send the browser to another host), then, when any parameter other than
 * "portico-key" is left, '?' and those parameters in their order, joined
 * by '&' (empty parameters, as in "a=1&&b=2", are dropped).  Writes no NUL.
 * Returns the length, or -1 when size is too small. */
ssize_t pt_http_key_write_location (const char *path,
                                    size_t      path_len,
                                    const char *query,
                                    size_t      query_len,
                                    char       *out,
                                    size_t      size);

/* The Set-Cookie value "portico-key=KEY; HttpOnly; SameSite=Strict; Path=/"
 * (no Secure: Portico speaks plain HTTP, and a Secure cookie would never
 * be sent back).  Writes no NUL.  Returns the length, or -1 when size is
 * too small or the key is not valid. */
ssize_t pt_http_key_write_set_cookie (const char *key,
                                      size_t      key_len,
                                      char       *out,
                                      size_t      size);
