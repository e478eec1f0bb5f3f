/* test-log-model.c — the window's pure parts: ring-buffer model, rows,
 * port-holder parsing, interface filter.  No display needed. */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "pt-lan.h"
#include "pt-log-model.h"
#include "pt-log-row.h"
#include "pt-port-holder.h"

#define MAX_SIGNALS     4
#define FILTER_CAPACITY 100
#define FILTER_BATCH    10

/* What each items-changed said, and the model's size while it was emitted. */
typedef struct
{
  guint calls;
  guint position[MAX_SIGNALS];
  guint removed[MAX_SIGNALS];
  guint added[MAX_SIGNALS];
  guint n_items[MAX_SIGNALS];
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  g_assert_cmpuint (changes->calls, <, MAX_SIGNALS);
  changes->position[changes->calls] = position;
  changes->removed[changes->calls] = removed;
  changes->added[changes->calls] = added;
  changes->n_items[changes->calls] = g_list_model_get_n_items (model);
  changes->calls++;
}

static PtEvent **
make_events (guint first,
             guint n)
{
  PtEvent **events = g_new0 (PtEvent *, n);

  for (guint i = 0; i < n; i++)
    {
      events[i] = pt_event_new (PT_EVENT_RESPONSE);
      events[i]->status = 200;
      events[i]->bytes = 15;
      events[i]->method = g_strdup ("GET");
      events[i]->path = g_strdup_printf ("/%u.html", first + i);
      events[i]->peer_addr = g_strdup ("127.0.0.1");
      events[i]->peer_port = 40000 + i;
    }
  return events;
}

static void
free_events (PtEvent **events,
             guint     n)
{
  for (guint i = 0; i < n; i++)
    pt_event_free (events[i]);
  g_free (events);
}

static void
assert_path (PtLogModel *model,
             guint       position,
             guint       number)
{
  g_autoptr(PtLogRow) row = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_autofree char *expected = g_strdup_printf ("/%u.html", number);

  g_assert_nonnull (row);
  g_assert_cmpstr (pt_log_row_get_path (row), ==, expected);
}

/* {capacity, rows before, batch size, expected signals {pos, removed, added}, rows after} */
typedef struct
{
  guint capacity;
  guint before;
  guint batch;
  guint n_signals;
  guint signals[2][3];
  guint after;
} RingCase;

static const RingCase ring_cases[] = {
  { 5, 0, 3, 1, { { 0, 0, 3 } }, 3 },                  /* plain append */
  { 5, 3, 2, 1, { { 3, 0, 2 } }, 5 },                  /* fills exactly */
  { 5, 3, 3, 2, { { 0, 1, 0 }, { 2, 0, 3 } }, 5 },     /* wraps: oldest 1 goes, 3 added */
  { 5, 5, 1, 2, { { 0, 1, 0 }, { 4, 0, 1 } }, 5 },     /* full: the oldest goes */
  { 5, 0, 12, 1, { { 0, 0, 5 } }, 5 },                 /* batch larger than capacity: newest 5 only */
  { 5, 4, 12, 2, { { 0, 4, 0 }, { 0, 0, 5 } }, 5 },    /* everything replaced */
  { 5, 5, 5, 2, { { 0, 5, 0 }, { 0, 0, 5 } }, 5 },
  { 5, 5, 4, 2, { { 0, 4, 0 }, { 1, 0, 4 } }, 5 },     /* one old row kept */
  { 10000, 10000, 4096, 2, { { 0, 4096, 0 }, { 5904, 0, 4096 } }, 10000 },
};

static void
test_ring (gconstpointer data)
{
  const RingCase *c = data;
  g_autoptr(PtLogModel) model = pt_log_model_new (c->capacity);
  PtEvent **before = make_events (0, c->before);
  PtEvent **batch = make_events (c->before, c->batch);
  Changes changes = { 0 };
  guint total = c->before + c->batch;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_dropped = 0;
  guint n;

  pt_log_model_append_events (model, before, c->before);
  for (guint i = 0; i < c->before; i++)
    g_ptr_array_add (kept, g_list_model_get_item (G_LIST_MODEL (model), i));

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  pt_log_model_append_events (model, batch, c->batch);

  /* The exact signals, each emitted when the model already matched it. */
  g_assert_cmpuint (changes.calls, ==, c->n_signals);
  n = c->before;
  for (guint i = 0; i < c->n_signals; i++)
    {
      g_assert_cmpuint (changes.position[i], ==, c->signals[i][0]);
      g_assert_cmpuint (changes.removed[i], ==, c->signals[i][1]);
      g_assert_cmpuint (changes.added[i], ==, c->signals[i][2]);
      n = n - changes.removed[i] + changes.added[i];
      g_assert_cmpuint (changes.n_items[i], ==, n);
      if (changes.removed[i] > 0)
        {
          g_assert_cmpuint (changes.position[i], ==, 0);   /* only ever the oldest */
          n_dropped += changes.removed[i];
        }
    }
  g_assert_cmpuint (n, ==, c->after);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, c->after);
  g_assert_cmpuint (pt_log_model_get_n_appended (model), ==, total);

  /* Rows that stayed are the same objects, shifted by what was dropped. */
  for (guint i = n_dropped; i < c->before; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i - n_dropped);

      g_assert_true (item == g_ptr_array_index (kept, i));
    }

  /* oldest kept first, newest last */
  assert_path (model, 0, total - c->after);
  assert_path (model, c->after - 1, total - 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), c->after));

  free_events (before, c->before);
  free_events (batch, c->batch);
  g_clear_pointer (&kept, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_clear (void)
{
  g_autoptr(PtLogModel) model = pt_log_model_new (4);
  PtEvent **events = make_events (0, 6);
  Changes changes = { 0 };

  pt_log_model_append_events (model, events, 6);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  pt_log_model_clear (model);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position[0], ==, 0);
  g_assert_cmpuint (changes.removed[0], ==, 4);
  g_assert_cmpuint (changes.added[0], ==, 0);
  g_assert_cmpuint (changes.n_items[0], ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* usable again after a clear */
  pt_log_model_append_events (model, events, 2);
  assert_path (model, 0, 0);
  assert_path (model, 1, 1);
  free_events (events, 6);
}

/* Queued batches change nothing until the flush, which keeps the newest. */
static void
test_queue_flush (void)
{
  g_autoptr(PtLogModel) model = pt_log_model_new (5);
  PtEvent **first = make_events (0, 3);
  PtEvent **second = make_events (3, 4);
  PtEvent **third = make_events (7, 2);
  Changes changes = { 0 };

  pt_log_model_append_events (model, first, 3);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);

  pt_log_model_queue_events (model, second, 4);
  pt_log_model_queue_events (model, third, 2);
  g_assert_cmpuint (changes.calls, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_cmpuint (pt_log_model_get_n_queued (model), ==, 5);   /* /4 … /8: /3 dropped */
  g_assert_cmpuint (pt_log_model_get_n_appended (model), ==, 9);

  pt_log_model_flush (model);
  g_assert_cmpuint (changes.calls, ==, 2);
  g_assert_cmpuint (changes.position[0], ==, 0);
  g_assert_cmpuint (changes.removed[0], ==, 3);
  g_assert_cmpuint (changes.added[0], ==, 0);
  g_assert_cmpuint (changes.position[1], ==, 0);
  g_assert_cmpuint (changes.removed[1], ==, 0);
  g_assert_cmpuint (changes.added[1], ==, 5);
  g_assert_cmpuint (pt_log_model_get_n_queued (model), ==, 0);
  assert_path (model, 0, 4);
  assert_path (model, 4, 8);

  pt_log_model_flush (model);                                     /* nothing queued: no signal */
  g_assert_cmpuint (changes.calls, ==, 2);

  pt_log_model_queue_events (model, first, 1);
  pt_log_model_clear (model);                                     /* drops the queue too */
  g_assert_cmpuint (pt_log_model_get_n_queued (model), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  free_events (first, 3);
  free_events (second, 4);
  free_events (third, 2);
  g_signal_handlers_disconnect_by_data (model, &changes);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static gboolean
nothing_queued (PtLogModel *model)
{
  return pt_log_model_get_n_queued (model) == 0;
}

/* post: at once after a quiet spell, else once the interval is over (a
 * timeout, so the main loop runs it). */
static void
test_post_paced (void)
{
  g_autoptr(PtLogModel) model = pt_log_model_new (10);
  PtEvent **first = make_events (0, 2);
  PtEvent **second = make_events (2, 3);
  Changes changes = { 0 };
  gint64 posted;
  gint64 deadline;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  pt_log_model_post_events (model, first, 2);
  posted = g_get_monotonic_time ();
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  pt_log_model_post_events (model, second, 3);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (pt_log_model_get_n_queued (model), ==, 3);

  deadline = posted + 10 * G_USEC_PER_SEC;   /* liveness guard only */
  while (!nothing_queued (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - posted, >=,
                   PT_LOG_MODEL_FLUSH_INTERVAL_MS * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (changes.calls, ==, 2);
  g_assert_cmpuint (changes.position[1], ==, 2);
  g_assert_cmpuint (changes.added[1], ==, 3);
  assert_path (model, 4, 4);

  free_events (first, 2);
  free_events (second, 3);
  g_signal_handlers_disconnect_by_data (model, &changes);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* {capacity, rows before, events queued, expected signals {pos, removed,
 * added}, rows after, events still queued, events not shown (marker row)} */
typedef struct
{
  guint capacity;
  guint before;
  guint queued;
  guint n_signals;
  guint signals[2][3];
  guint after;
  guint left;
  guint not_shown;
} KeepCase;

static const KeepCase keep_cases[] = {
  { 10, 0, 10, 1, { { 0, 0, 10 } }, 10, 0, 0 },              /* empty: nothing to keep */
  { 10, 3, 4, 1, { { 3, 0, 4 } }, 7, 0, 0 },                  /* room enough: a plain append */
  { 10, 3, 9, 1, { { 3, 0, 7 } }, 10, 2, 0 },                 /* all 3 kept: 2 wait */
  { 10, 10, 10, 2, { { 0, 5, 0 }, { 5, 0, 5 } }, 10, 5, 0 },  /* keeps capacity / 2 */
  { 10, 10, 4, 2, { { 0, 4, 0 }, { 6, 0, 4 } }, 10, 0, 0 },
  /* 25 queued, the queue kept the newest 10: "15 not shown" then 4 */
  { 10, 10, 25, 2, { { 0, 5, 0 }, { 5, 0, 5 } }, 10, 6, 15 },
  /* ramping: fewer than RAMP_ROWS items, RAMP_STEP at most */
  { PT_LOG_MODEL_CAPACITY, 0, 100, 1, { { 0, 0, PT_LOG_MODEL_RAMP_STEP } },
    PT_LOG_MODEL_RAMP_STEP, 100 - PT_LOG_MODEL_RAMP_STEP, 0 },
  { PT_LOG_MODEL_CAPACITY, PT_LOG_MODEL_RAMP_ROWS - 1, 100, 1,
    { { PT_LOG_MODEL_RAMP_ROWS - 1, 0, PT_LOG_MODEL_RAMP_STEP } },
    PT_LOG_MODEL_RAMP_ROWS - 1 + PT_LOG_MODEL_RAMP_STEP, 100 - PT_LOG_MODEL_RAMP_STEP, 0 },
  { PT_LOG_MODEL_CAPACITY, PT_LOG_MODEL_RAMP_ROWS, 100, 1,
    { { PT_LOG_MODEL_RAMP_ROWS, 0, 100 } }, PT_LOG_MODEL_RAMP_ROWS + 100, 0, 0 },
  { PT_LOG_MODEL_CAPACITY, PT_LOG_MODEL_CAPACITY, PT_LOG_MODEL_CAPACITY, 2,
    { { 0, PT_LOG_MODEL_CAPACITY - PT_LOG_MODEL_KEEP_ROWS, 0 },
      { PT_LOG_MODEL_KEEP_ROWS, 0, PT_LOG_MODEL_CAPACITY - PT_LOG_MODEL_KEEP_ROWS } },
    PT_LOG_MODEL_CAPACITY, PT_LOG_MODEL_KEEP_ROWS, 0 },
};

static void
assert_not_shown (PtLogModel *model,
                  guint       position,
                  guint       count)
{
  g_autoptr(PtLogRow) row = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_autofree char *path = NULL;
  g_autofree char *expected = g_strdup_printf ("%u events not shown (too many at once)", count);

  g_assert_nonnull (row);
  g_assert_cmpint (pt_log_row_get_kind (row), ==, PT_EVENT_DROPPED);
  g_object_get (row, "path", &path, NULL);
  g_assert_cmpstr (path, ==, expected);
}

/* A keeping flush never drops the newest min (rows, KEEP_ROWS, capacity / 2)
 * items; what does not fit stays queued, in order, for the next one; when
 * the queue lost events, a row says how many. */
static void
test_flush_keeping (gconstpointer data)
{
  const KeepCase *c = data;
  g_autoptr(PtLogModel) model = pt_log_model_new (c->capacity);
  PtEvent **before = make_events (0, c->before);
  PtEvent **queued = make_events (c->before, c->queued);
  Changes changes = { 0 };
  guint n_kept = MIN (c->queued, c->capacity);   /* the queue keeps the newest */
  guint first_queued = c->before + c->queued - n_kept;
  guint n_shown = n_kept - c->left;
  guint keep = MIN (MIN (c->before, PT_LOG_MODEL_KEEP_ROWS), c->capacity / 2);
  g_autoptr(PtLogRow) newest = NULL;
  guint position;
  guint n;

  pt_log_model_append_events (model, before, c->before);
  if (c->before > 0)
    newest = g_list_model_get_item (G_LIST_MODEL (model), c->before - 1);
  pt_log_model_queue_events (model, queued, c->queued);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_assert_cmpuint (pt_log_model_flush_keeping (model), ==, c->left);
  g_assert_cmpuint (pt_log_model_get_n_queued (model), ==, c->left);

  g_assert_cmpuint (changes.calls, ==, c->n_signals);
  n = c->before;
  for (guint i = 0; i < c->n_signals; i++)
    {
      g_assert_cmpuint (changes.position[i], ==, c->signals[i][0]);
      g_assert_cmpuint (changes.removed[i], ==, c->signals[i][1]);
      g_assert_cmpuint (changes.added[i], ==, c->signals[i][2]);
      n = n - changes.removed[i] + changes.added[i];
      g_assert_cmpuint (changes.n_items[i], ==, n);
      /* the kept rows are never removed */
      g_assert_cmpuint (changes.removed[i], <=, c->before - keep);
    }
  g_assert_cmpuint (n, ==, c->after);

  /* The newest row before is still an item, the same object. */
  if (newest != NULL)
    {
      g_autoptr(PtLogRow) same = g_list_model_get_item (G_LIST_MODEL (model),
                                                       c->after - n_shown - 1 -
                                                       (c->not_shown > 0 ? 1 : 0));

      g_assert_true (same == newest);
    }
  /* then the marker, if any, then the oldest queued events, in order */
  position = c->after - n_shown;
  if (c->not_shown > 0)
    assert_not_shown (model, position - 1, c->not_shown);
  for (guint i = 0; i < n_shown; i++)
    assert_path (model, position + i, first_queued + i);

  /* The rest follows at the next flushes: the newest event last, no new
   * marker (nothing more was lost). */
  g_signal_handlers_disconnect_by_data (model, &changes);
  while (pt_log_model_get_n_queued (model) > 0)
    pt_log_model_flush_keeping (model);
  assert_path (model, g_list_model_get_n_items (G_LIST_MODEL (model)) - 1,
               c->before + c->queued - 1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(PtLogRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (pt_log_row_get_kind (row) == PT_EVENT_DROPPED)
        g_assert_cmpuint (c->not_shown, >, 0);
    }

  g_clear_object (&newest);
  free_events (before, c->before);
  free_events (queued, c->queued);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* Paced posts of a flood: each flush keeps the rows in view, and the flush
 * timeout comes back while events stay queued, an interval apart. */
static void
test_post_paced_keeping (void)
{
  g_autoptr(PtLogModel) model = pt_log_model_new (10);
  PtEvent **first = make_events (0, 10);
  PtEvent **second = make_events (10, 10);
  Changes changes = { 0 };
  gint64 posted;
  gint64 deadline;
  gint64 start = g_get_monotonic_time ();

  pt_log_model_post_events (model, first, 10);          /* empty model: all at once */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  pt_log_model_post_events (model, second, 10);
  posted = g_get_monotonic_time ();
  g_assert_cmpuint (pt_log_model_get_n_queued (model), ==, 10);
  deadline = posted + 10 * G_USEC_PER_SEC;   /* liveness guard only */
  while (pt_log_model_get_n_queued (model) == 10 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pt_log_model_get_n_queued (model), ==, 5);
  g_assert_cmpuint (changes.calls, ==, 2);
  while (!nothing_queued (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* two flushes, each an interval after the one before */
  g_assert_cmpint (g_get_monotonic_time () - start, >=,
                   2 * PT_LOG_MODEL_FLUSH_INTERVAL_MS * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (changes.calls, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (changes.position[i], ==, i % 2 == 0 ? 0 : 5);
      g_assert_cmpuint (changes.removed[i], ==, i % 2 == 0 ? 5 : 0);
      g_assert_cmpuint (changes.added[i], ==, i % 2 == 0 ? 0 : 5);
    }
  for (guint i = 0; i < 10; i++)
    assert_path (model, i, 10 + i);

  free_events (first, 10);
  free_events (second, 10);
  g_signal_handlers_disconnect_by_data (model, &changes);
  g_assert_finalize_object (g_steal_pointer (&model));
}

#define RAMP_EVENTS (PT_LOG_MODEL_RAMP_ROWS + 72)
#define RAMP_FLUSHES (PT_LOG_MODEL_RAMP_ROWS / PT_LOG_MODEL_RAMP_STEP + 1)

typedef struct
{
  guint  calls;
  guint  added[RAMP_FLUSHES];
  gint64 at[RAMP_FLUSHES];
} Ramp;

static void
on_ramp_items_changed (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Ramp       *ramp)
{
  g_assert_cmpuint (ramp->calls, <, RAMP_FLUSHES);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (position, ==, g_list_model_get_n_items (model) - added);
  ramp->added[ramp->calls] = added;
  ramp->at[ramp->calls] = g_get_monotonic_time ();
  ramp->calls++;
}

/* A flood into an empty model: RAMP_STEP rows at once, then RAMP_STEP a
 * frame apart up to RAMP_ROWS, then the rest an interval later. */
static void
test_post_ramp (void)
{
  g_autoptr(PtLogModel) model = pt_log_model_new (0);
  PtEvent **events = make_events (0, RAMP_EVENTS);
  Ramp ramp = { 0 };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;   /* liveness guard only */
  gint64 start = g_get_monotonic_time ();      /* before the first flush: times from here */

  g_signal_connect (model, "items-changed", G_CALLBACK (on_ramp_items_changed), &ramp);
  pt_log_model_post_events (model, events, RAMP_EVENTS);
  g_assert_cmpuint (ramp.calls, ==, 1);
  while (!nothing_queued (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* Flush i comes at least i ramp intervals after the first (each is
   * scheduled from the start of the one before). */
  g_assert_cmpuint (ramp.calls, ==, RAMP_FLUSHES);
  for (guint i = 0; i < RAMP_FLUSHES - 1; i++)
    {
      g_assert_cmpuint (ramp.added[i], ==, PT_LOG_MODEL_RAMP_STEP);
      g_assert_cmpint (ramp.at[i] - start, >=,
                       i * PT_LOG_MODEL_RAMP_INTERVAL_MS * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpuint (ramp.added[RAMP_FLUSHES - 1], ==, RAMP_EVENTS - PT_LOG_MODEL_RAMP_ROWS);
  g_assert_cmpint (ramp.at[RAMP_FLUSHES - 1] - start, >=,
                   ((RAMP_FLUSHES - 2) * PT_LOG_MODEL_RAMP_INTERVAL_MS +
                    PT_LOG_MODEL_FLUSH_INTERVAL_MS) * G_TIME_SPAN_MILLISECOND);
  for (guint i = 0; i < RAMP_EVENTS; i++)
    assert_path (model, i, i);

  free_events (events, RAMP_EVENTS);
  g_signal_handlers_disconnect_by_data (model, &ramp);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static gboolean
count_filter_calls (gpointer item,
                    gpointer user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

/* What the window's search filter sees: only the new rows are filtered, and
 * the filter model passes the same precise changes on.  (A replace-all
 * signal would re-filter, and so make a row object for, every kept item.) */
static void
test_through_filter (void)
{
  g_autoptr(PtLogModel) model = pt_log_model_new (FILTER_CAPACITY);
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkCustomFilter) filter = NULL;
  PtEvent **full = make_events (0, FILTER_CAPACITY);
  PtEvent **more = make_events (FILTER_CAPACITY, FILTER_BATCH);
  Changes changes = { 0 };
  guint calls = 0;

  filter = gtk_custom_filter_new (count_filter_calls, &calls, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (model)),
                                        g_object_ref (GTK_FILTER (filter)));
  pt_log_model_append_events (model, full, FILTER_CAPACITY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filtered)), ==, FILTER_CAPACITY);

  calls = 0;
  g_signal_connect (filtered, "items-changed", G_CALLBACK (on_items_changed), &changes);
  pt_log_model_append_events (model, more, FILTER_BATCH);

  g_assert_cmpuint (calls, ==, FILTER_BATCH);
  g_assert_cmpuint (changes.calls, ==, 2);
  g_assert_cmpuint (changes.position[0], ==, 0);
  g_assert_cmpuint (changes.removed[0], ==, FILTER_BATCH);
  g_assert_cmpuint (changes.added[0], ==, 0);
  g_assert_cmpuint (changes.position[1], ==, FILTER_CAPACITY - FILTER_BATCH);
  g_assert_cmpuint (changes.removed[1], ==, 0);
  g_assert_cmpuint (changes.added[1], ==, FILTER_BATCH);

  g_signal_handlers_disconnect_by_data (filtered, &changes);
  free_events (full, FILTER_CAPACITY);
  free_events (more, FILTER_BATCH);
}

static void
test_default_capacity (void)
{
  g_autoptr(PtLogModel) model = pt_log_model_new (0);

  g_assert_cmpuint (pt_log_model_get_capacity (model), ==, PT_LOG_MODEL_CAPACITY);
  g_assert_cmpuint (PT_LOG_MODEL_CAPACITY, ==, 10000);
}

/* {event type, status, what, client, status text, bytes text} */
typedef struct
{
  PtEventType  type;
  int          status;
  const char  *what;
  const char  *client;
  const char  *status_text;
  const char  *bytes_text;
  const char  *status_class;
} RowCase;

static const RowCase row_cases[] = {
  { PT_EVENT_CONN_OPENED, 0, "connected", "127.0.0.1:60092", "", "", "status-none" },
  { PT_EVENT_REQUEST, 0, "request", "127.0.0.1:60092", "", "", "status-none" },
  { PT_EVENT_RESPONSE, 200, "response", "127.0.0.1:60092", "200", "228", "status-2xx" },
  { PT_EVENT_RESPONSE, 304, "response", "127.0.0.1:60092", "304", "228", "status-3xx" },
  { PT_EVENT_RESPONSE, 404, "response", "127.0.0.1:60092", "404", "228", "status-4xx" },
  { PT_EVENT_RESPONSE, 503, "response", "127.0.0.1:60092", "503", "228", "status-5xx" },
  { PT_EVENT_KEEP_ALIVE, 0, "waiting", "127.0.0.1:60092", "", "", "status-none" },
  { PT_EVENT_TIMEOUT, 0, "timeout", "127.0.0.1:60092", "", "", "status-none" },
  { PT_EVENT_MAX_REQUESTS, 0, "max requests", "127.0.0.1:60092", "", "", "status-none" },
  { PT_EVENT_CONN_CLOSED, 0, "closed", "127.0.0.1:60092", "", "", "status-none" },
  { PT_EVENT_ERROR, 0, "error", "", "", "", "status-none" },
};

static void
test_row (gconstpointer data)
{
  const RowCase *c = data;
  g_autoptr(PtEvent) event = pt_event_new (c->type);
  g_autoptr(PtLogRow) row = NULL;
  g_autofree char *what = NULL;
  g_autofree char *client = NULL;
  g_autofree char *status = NULL;
  g_autofree char *bytes = NULL;
  g_auto(GStrv) classes = NULL;

  event->status = c->status;
  event->bytes = 228;
  if (c->type != PT_EVENT_ERROR)
    {
      event->peer_addr = g_strdup ("127.0.0.1");
      event->peer_port = 60092;
    }
  event->method = g_strdup ("GET");
  event->path = g_strdup ("/index.html");
  row = pt_log_row_new (event);

  g_object_get (row, "what", &what, "client", &client, "status", &status,
                "bytes", &bytes, "status-classes", &classes, NULL);
  g_assert_cmpstr (what, ==, c->what);
  g_assert_cmpstr (client, ==, c->client);
  g_assert_cmpstr (status, ==, c->status_text);
  g_assert_cmpstr (bytes, ==, c->bytes_text);
  g_assert_cmpstr (classes[0], ==, "status");
  g_assert_cmpstr (classes[1], ==, c->status_class);
  g_assert_null (classes[2]);
}

static void
test_row_ipv6_and_match (void)
{
  g_autoptr(PtEvent) event = pt_event_new (PT_EVENT_RESPONSE);
  g_autoptr(PtLogRow) row = NULL;
  g_autofree char *client = NULL;

  event->peer_addr = g_strdup ("::1");
  event->peer_port = 5000;
  event->status = 404;
  event->method = g_strdup ("HEAD");
  event->path = g_strdup ("/Photos/Cat.PNG");
  row = pt_log_row_new (event);
  g_object_get (row, "client", &client, NULL);
  g_assert_cmpstr (client, ==, "[::1]:5000");

  /* needles arrive case-folded */
  g_assert_true (pt_log_row_matches (row, "cat.png"));
  g_assert_true (pt_log_row_matches (row, "head"));
  g_assert_true (pt_log_row_matches (row, "404"));
  g_assert_true (pt_log_row_matches (row, "[::1]:5000"));
  g_assert_true (pt_log_row_matches (row, "response"));
  g_assert_true (pt_log_row_matches (row, ""));
  g_assert_false (pt_log_row_matches (row, "dog"));
  g_assert_false (pt_log_row_matches (row, "200"));
}

/* The started row names the address as a URL does: IPv6 in brackets. */
static void
test_row_started (void)
{
  static const struct { const char *host; const char *path; } cases[] = {
    { "127.0.0.1", "127.0.0.1:8080" },
    { "::", "[::]:8080" },
    { "::1", "[::1]:8080" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PtEvent) event = pt_event_new (PT_EVENT_STARTED);
      g_autoptr(PtLogRow) row = NULL;

      event->message = g_strdup (cases[i].host);
      event->port = 8080;
      row = pt_log_row_new (event);
      g_assert_cmpstr (pt_log_row_get_path (row), ==, cases[i].path);
    }
}

static void
test_row_dropped (void)
{
  g_autoptr(PtEvent) event = pt_event_new (PT_EVENT_DROPPED);
  g_autoptr(PtLogRow) row = NULL;
  g_autofree char *path = NULL;

  event->count = 1234;
  row = pt_log_row_new (event);
  g_object_get (row, "path", &path, NULL);
  g_assert_cmpstr (path, ==, "1234 events not shown (too many at once)");
}

/* {line, port, expected match, expected inode} */
typedef struct
{
  const char *line;
  guint       port;
  gboolean    match;
  guint64     inode;
} HolderCase;

static const HolderCase holder_cases[] = {
  /* 127.0.0.1:8080 LISTEN */
  { "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123456 1 0000000000000000 100 0 0 10 0",
    8080, TRUE, 123456 },
  /* same socket, other port */
  { "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123456 1 0000000000000000 100 0 0 10 0",
    8081, FALSE, 0 },
  /* ESTABLISHED (01), not a listener */
  { "   1: 0100007F:1F90 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000  1000        0 777 1 0000000000000000 20 4 30 10 -1",
    8080, FALSE, 0 },
  /* tcp6 :: port 80 */
  { "   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 98765 1 0000000000000000 100 0 0 10 0",
    80, TRUE, 98765 },
  /* the header line */
  { "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    8080, FALSE, 0 },
  /* truncated */
  { "   0: 0100007F:1F90 00000000:0000 0A", 8080, FALSE, 0 },
  { "", 8080, FALSE, 0 },
};

static void
test_holder_parse (gconstpointer data)
{
  const HolderCase *c = data;
  guint64 inode = 0;

  g_assert_cmpint (pt_port_holder_parse_line (c->line, c->port, &inode), ==, c->match);
  g_assert_cmpuint (inode, ==, c->inode);
}

static void
describe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_holder_self (void)
{
  GAsyncResult *result = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *expected = NULL;
  guint port;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  holder = pt_port_holder_describe (port);
  expected = g_strdup_printf ("test-log-model (pid %d)", (int) getpid ());
  g_assert_cmpstr (holder, ==, expected);
  g_clear_pointer (&holder, g_free);

  /* the same from a thread */
  pt_port_holder_describe_async (port, NULL, describe_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  holder = pt_port_holder_describe_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (holder, ==, expected);
  g_clear_object (&result);

  g_socket_close (socket, NULL);
  g_clear_pointer (&holder, g_free);
  holder = pt_port_holder_describe (port);
  g_assert_null (holder);
}

typedef struct
{
  const char *name;
  gboolean    is_virtual;
} IfaceCase;

static const IfaceCase iface_cases[] = {
  { "lo", TRUE }, { "docker0", TRUE }, { "br-3f2a1b", TRUE }, { "veth12ab", TRUE },
  { "virbr0", TRUE }, { "eth0", FALSE }, { "wlp2s0", FALSE }, { "enp0s31f6", FALSE },
};

static void
test_iface (gconstpointer data)
{
  const IfaceCase *c = data;

  g_assert_cmpint (pt_lan_is_virtual_interface (c->name), ==, c->is_virtual);
}

/* The system's table, ranked: every entry is a parseable address of its
 * family, never loopback, link-local or on a virtual interface. */
static void
test_lan_addresses (void)
{
  g_autoptr(PtLanTable) table = pt_lan_table_new_from_system ();
  g_autoptr(GPtrArray) entries = pt_lan_rank (table);

  g_assert_nonnull (entries);
  for (guint i = 0; i < entries->len; i++)
    {
      const PtLanEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (entry->address);

      g_assert_nonnull (addr);
      g_assert_false (g_inet_address_get_is_loopback (addr));
      g_assert_false (g_inet_address_get_is_link_local (addr));
      g_assert_false (pt_lan_is_virtual_interface (entry->interface));
      g_assert_cmpint (g_inet_address_get_family (addr), ==,
                       entry->family == AF_INET ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
    }
}

/* A private link's 403: "refused", shown as an error, found by "refused". */
static void
test_row_refused (void)
{
  g_autoptr(PtEvent) event = pt_event_new (PT_EVENT_RESPONSE);
  g_autoptr(PtLogRow) row = NULL;
  g_autoptr(PtLogRow) plain = NULL;
  g_autofree char *what = NULL;
  g_autofree char *status = NULL;
  g_auto(GStrv) what_classes = NULL;

  event->peer_addr = g_strdup ("192.0.2.7");
  event->peer_port = 5000;
  event->status = 403;
  event->method = g_strdup ("GET");
  event->path = g_strdup ("/notes.txt");
  event->refused = TRUE;
  row = pt_log_row_new (event);
  g_object_get (row, "what", &what, "status", &status, "what-classes", &what_classes, NULL);
  g_assert_cmpstr (what, ==, "refused");
  g_assert_cmpstr (status, ==, "403");
  g_assert_true (pt_log_row_get_refused (row));
  g_assert_cmpstrv (what_classes, ((const char *[]) { "what", "what-error", NULL }));
  g_assert_true (pt_log_row_matches (row, "refused"));
  g_assert_false (pt_log_row_matches (row, "response"));

  /* a 403 the file's permissions caused is a response like any other */
  event->refused = FALSE;
  plain = pt_log_row_new (event);
  g_assert_false (pt_log_row_get_refused (plain));
  g_assert_cmpstr (pt_log_row_get_what (plain), ==, "response");

  /* through the model (which keeps its own copy of each event) */
  {
    g_autoptr(PtLogModel) model = pt_log_model_new (16);
    g_autoptr(PtLogRow) kept = NULL;
    PtEvent *events[1] = { event };

    event->refused = TRUE;
    pt_log_model_append_events (model, events, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
    kept = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (pt_log_row_get_refused (kept));
    g_assert_cmpstr (pt_log_row_get_what (kept), ==, "refused");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ring_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/log-model/ring/case_%u", i);

      g_test_add_data_func (path, &ring_cases[i], test_ring);
    }
  g_test_add_func ("/ui/log-model/clear", test_clear);
  g_test_add_func ("/ui/log-model/queue-flush", test_queue_flush);
  g_test_add_func ("/ui/log-model/through-filter", test_through_filter);
  g_test_add_func ("/ui/log-model/default-capacity", test_default_capacity);
  for (guint i = 0; i < G_N_ELEMENTS (row_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/log-row/case_%u", i);

      g_test_add_data_func (path, &row_cases[i], test_row);
    }
  g_test_add_func ("/ui/log-row/ipv6-and-match", test_row_ipv6_and_match);
  g_test_add_func ("/ui/log-row/started", test_row_started);
  g_test_add_func ("/ui/log-row/dropped", test_row_dropped);
  g_test_add_func ("/ui/log-row/refused", test_row_refused);
  for (guint i = 0; i < G_N_ELEMENTS (holder_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/port-holder/parse/case_%u", i);

      g_test_add_data_func (path, &holder_cases[i], test_holder_parse);
    }
  g_test_add_func ("/ui/port-holder/self", test_holder_self);
  g_test_add_func ("/ui/log-model/post-paced", test_post_paced);
  g_test_add_func ("/ui/log-model/post-paced-keeping", test_post_paced_keeping);
  g_test_add_func ("/ui/log-model/post-ramp", test_post_ramp);
  for (guint i = 0; i < G_N_ELEMENTS (keep_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/log-model/flush-keeping/case_%u", i);

      g_test_add_data_func (path, &keep_cases[i], test_flush_keeping);
    }
  for (guint i = 0; i < G_N_ELEMENTS (iface_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/lan/virtual/case_%u", i);

      g_test_add_data_func (path, &iface_cases[i], test_iface);
    }
  g_test_add_func ("/ui/lan/addresses", test_lan_addresses);

  return g_test_run ();
}
