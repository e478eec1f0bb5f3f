/* pt-conn-trace.h — a connection's events and access-log records (layer 1) */
#pragma once

#include "pt-conn-env.h"

G_BEGIN_DECLS

/* Whether one more unit (this connection, or the request that begins) is
 * traced: asks the trace limit once for all the unit's events. */
gboolean pt_conn_trace_take    (PtConn       *self);
/* Whether to emit one event of a unit decided as traced; counts it as
 * suppressed otherwise. */
gboolean pt_conn_trace         (PtConn       *self,
                                gboolean      traced);
PtEvent *pt_conn_event_new     (PtConn       *self,
                                PtEventType   type,
                                gboolean      with_request);
/* REQUEST with the head as received (a unit of its own for the limit). */
void     pt_conn_emit_request  (PtConn       *self,
                                const char   *head,
                                gsize         len);
void     pt_conn_emit_response (PtConn       *self);
/* CONN_CLOSED, TIMEOUT or MAX_REQUESTS, by the close reason. */
void     pt_conn_emit_closed   (PtConn       *self);
void     pt_conn_log_response  (PtConn       *self);

G_END_DECLS
