/* pt-http-inject.h — where live reload's script tag goes in an HTML page (layer 0)
 *
 * A scan of the whole page, never allocating: the offset of the last
 * "</body" end tag (any letter case) that is markup, not text inside a
 * <script> or <style> element (a string such as "</body>" in a script must
 * not fool it) or inside a comment.  Pages without one get the tag at
 * their end, which every browser still runs.
 */
#pragma once

#include <stddef.h>

/* The offset in buf[0..len) before which the script tag is inserted: the
 * '<' of the last markup "</body" followed by '>', '/' or white space; len
 * when there is none. */
size_t pt_http_inject_offset (const char *buf,
                              size_t      len);
