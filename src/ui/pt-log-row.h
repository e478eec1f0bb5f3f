/* pt-log-row.h — one row of the live log, made from a PtEvent (layer 3) */
#pragma once

#include <glib-object.h>

#include "pt-event.h"

G_BEGIN_DECLS

#define PT_TYPE_LOG_ROW (pt_log_row_get_type ())
G_DECLARE_FINAL_TYPE (PtLogRow, pt_log_row, PT, LOG_ROW, GObject)

/* Copies what it shows from event (which stays the caller's). */
PtLogRow    *pt_log_row_new            (const PtEvent *event);
PtEventType  pt_log_row_get_kind       (PtLogRow      *self);
int          pt_log_row_get_status     (PtLogRow      *self);
const char  *pt_log_row_get_path       (PtLogRow      *self);
/* The translated "what happened" word: connected, request, response, … */
const char  *pt_log_row_get_what       (PtLogRow      *self);
/* A response refused for want of the private link's key (what: "refused"). */
gboolean     pt_log_row_get_refused    (PtLogRow      *self);
/* needle: already case-folded; matches client, what, method, path, status. */
gboolean     pt_log_row_matches        (PtLogRow      *self,
                                        const char    *needle);

G_END_DECLS
