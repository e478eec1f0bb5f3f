/* pt-http-escape.h — the one escaper for client-supplied bytes (layer 0)
 *
 * Owns how bytes a client sent are shown in logs and events: printable
 * ASCII as is, everything else (control bytes, DEL, non-ASCII) as \xHH with
 * upper-case hex; with PT_HTTP_ESCAPE_QUOTED also '"' and '\\' backslashed
 * (Apache's log escaping, for fields inside quotes).  Never allocates.
 */
#pragma once

#include <stddef.h>

#include "pt-http-writer.h"

#define PT_HTTP_ESCAPE_HEX     0x01u   /* control bytes, DEL and non-ASCII: \xHH (always) */
#define PT_HTTP_ESCAPE_QUOTED  0x02u   /* '"' and '\\' too: backslashed */
#define PT_HTTP_ESCAPE_MAX     4       /* longest escape of one byte ("\xHH") */

/* Length of the run at s[0..n) that needs no escaping under flags. */
size_t pt_http_escape_plain_run (const char    *s,
                                 size_t         n,
                                 unsigned       flags);

/* Writes the escape of one byte that needs one into out; returns its length. */
size_t pt_http_escape_byte      (unsigned char  ch,
                                 char           out[PT_HTTP_ESCAPE_MAX]);

/* Appends s[0..n) escaped under flags (runs of plain bytes copied at once). */
void   pt_http_writer_put_escaped (PtHttpWriter *w,
                                   const char   *s,
                                   size_t        n,
                                   unsigned      flags);
