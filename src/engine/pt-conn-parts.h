/* pt-conn-parts.h — sending a multipart/byteranges body (layer 1)
 *
 * The body plan of a 206 with several ranges: for each range its part
 * head from memory, then the range itself (sendfile from the file, or the
 * cached bytes), then the close delimiter.  A connection sending one holds
 * a PtConnParts (self->parts, one g_malloc block that pt_conn_end_response
 * frees); the single-body paths never touch it.
 */
#pragma once

#include "pt-conn-env.h"
#include "pt-responder.h"

G_BEGIN_DECLS

typedef struct _PtConnParts PtConnParts;

/* Sets up plan's multipart body on self, whose response head is in
 * self->out and whose file descriptor (if the file is not in memory) is
 * self->file_fd: the first part's head goes behind the response head, and
 * its range becomes the body to send. */
void     pt_conn_parts_start (PtConn               *self,
                              const PtResponsePlan *plan);

/* The current part's range has been sent: sets up the next part's head
 * and range, or the close delimiter, in self->out.  FALSE when the close
 * delimiter was sent too (the body is complete). */
gboolean pt_conn_parts_next  (PtConn               *self);

G_END_DECLS
