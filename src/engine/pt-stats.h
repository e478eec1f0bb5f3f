/* pt-stats.h — per-worker counters (layer 1)
 *
 * Each worker writes only its own block (relaxed atomics, so readers on other
 * threads see whole values); blocks are padded to separate cache lines.
 * pt_server_get_stats() sums them.
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

#define PT_CACHE_LINE 64

typedef struct
{
  guint64 connections_open;
  guint64 connections_total;
  guint64 requests;
  guint64 bytes_sent;
  guint64 status_2xx;
  guint64 status_3xx;
  guint64 status_4xx;
  guint64 status_5xx;
  guint64 naps;
} PtStatsCounters;

typedef union
{
  PtStatsCounters c;
  char            pad[2 * PT_CACHE_LINE];   /* two lines: adjacent-line prefetch */
} PtWorkerStats;

G_STATIC_ASSERT (sizeof (PtStatsCounters) <= 2 * PT_CACHE_LINE);

static inline void
pt_stats_add (guint64 *counter,
              guint64  value)
{
  __atomic_fetch_add (counter, value, __ATOMIC_RELAXED);
}

static inline void
pt_stats_sub (guint64 *counter,
              guint64  value)
{
  __atomic_fetch_sub (counter, value, __ATOMIC_RELAXED);
}

static inline guint64
pt_stats_get (const guint64 *counter)
{
  return __atomic_load_n (counter, __ATOMIC_RELAXED);
}

/* Sums n blocks into *sum. */
static inline void
pt_stats_sum (const PtWorkerStats *blocks,
              guint                n,
              PtStatsCounters     *sum)
{
  memset (sum, 0, sizeof *sum);
  for (guint i = 0; i < n; i++)
    {
      const PtStatsCounters *c = &blocks[i].c;

      sum->connections_open += pt_stats_get (&c->connections_open);
      sum->connections_total += pt_stats_get (&c->connections_total);
      sum->requests += pt_stats_get (&c->requests);
      sum->bytes_sent += pt_stats_get (&c->bytes_sent);
      sum->status_2xx += pt_stats_get (&c->status_2xx);
      sum->status_3xx += pt_stats_get (&c->status_3xx);
      sum->status_4xx += pt_stats_get (&c->status_4xx);
      sum->status_5xx += pt_stats_get (&c->status_5xx);
      sum->naps += pt_stats_get (&c->naps);
    }
}

G_END_DECLS
