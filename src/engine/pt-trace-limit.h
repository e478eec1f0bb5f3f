/* pt-trace-limit.h — a worker's trace rate limit (layer 1)
 *
 * A token bucket refilled once per second from the worker's cached clock:
 * each traced request and each traced connection takes one token, with all
 * its events (a request's REQUEST, RESPONSE and KEEP_ALIVE; a connection's
 * CONN_OPENED and its CONN_CLOSED, TIMEOUT or MAX_REQUESTS).  Events of
 * units that found the bucket empty are counted, and reported as one
 * PT_EVENT_DROPPED PT_TRACE_LIMIT_REPORT_MS after the first of them (so a
 * short burst is one report, and a flood one report a second).  Worker
 * thread only: no locks, no atomics.  Pure: the caller passes the time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_TRACE_LIMIT_WINDOW_MS  1000   /* the bucket is refilled this often */
#define PT_TRACE_LIMIT_REPORT_MS  1000   /* suppressed events reported this long after the first */

typedef struct
{
  guint    per_window;    /* tokens per window; 0: unlimited */
  guint    tokens;        /* left in the current window */
  gint64   window_ms;     /* when the current window began */
  guint64  suppressed;    /* events not traced since the last report */
  gint64   first_ms;      /* when the first of them was suppressed */
} PtTraceLimit;

/* per_second: the server's trace_max_per_second; it is shared out between
 * n_workers (rounded up, so every worker traces something). */
void     pt_trace_limit_init     (PtTraceLimit *self,
                                  guint         per_second,
                                  guint         n_workers,
                                  gint64        now_ms);
/* Whether one more unit (a request or a connection) may be traced now. */
gboolean pt_trace_limit_take     (PtTraceLimit *self,
                                  gint64        now_ms);
/* n_events events of a suppressed unit were not traced. */
static inline void
pt_trace_limit_suppress (PtTraceLimit *self,
                         guint         n_events,
                         gint64        now_ms)
{
  if (self->suppressed == 0)
    self->first_ms = now_ms;
  self->suppressed += n_events;
}
/* The count to report now in a PT_EVENT_DROPPED (then reset), or 0 when
 * nothing was suppressed or the first of it less than
 * PT_TRACE_LIMIT_REPORT_MS ago.  With force, whatever is counted (the
 * worker is stopping). */
guint64  pt_trace_limit_report   (PtTraceLimit *self,
                                  gint64        now_ms,
                                  gboolean      force);
/* Milliseconds until a pending report is due (0: now), or -1: none pending. */
gint64   pt_trace_limit_next_report (const PtTraceLimit *self,
                                     gint64              now_ms);

G_END_DECLS
