/* pt-log-model.c — ring-buffer GListModel of PtLogRow */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include "pt-log-model.h"

#include <string.h>

#include "pt-log-row.h"

/* An item: the event's copy until the view asks for the row, then the row.
 * Rows (GObjects) are made only for items a view looks at, so a flood costs
 * a plain copy per event, not an object. */
typedef struct
{
  PtEvent  *event;
  PtLogRow *row;
} Slot;

struct _PtLogModel
{
  GObject    parent_instance;

  Slot      *slots;       /* capacity slots; the oldest item is slots[head] */
  guint      capacity;
  guint      head;
  guint      n_rows;
  guint64    n_appended;

  /* queued, not yet items: the same ring shape */
  PtEvent  **queue;
  guint      queue_head;
  guint      n_queued;
  guint64    n_skipped;   /* queued events dropped (queue full) since the last flush */

  /* pt_log_model_post_events's pacing */
  gint64     last_flush;
  guint      flush_source;
};

static void pt_log_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PtLogModel, pt_log_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pt_log_model_list_model_init))

static GType
pt_log_model_get_item_type (GListModel *model)
{
  return PT_TYPE_LOG_ROW;
}

static guint
pt_log_model_get_n_items (GListModel *model)
{
  return PT_LOG_MODEL (model)->n_rows;
}

static gpointer
pt_log_model_get_item (GListModel *model,
                       guint       position)
{
  PtLogModel *self = PT_LOG_MODEL (model);
  Slot *slot;

  if (position >= self->n_rows)
    return NULL;
  slot = &self->slots[(self->head + position) % self->capacity];
  if (slot->row == NULL)
    {
      slot->row = pt_log_row_new (slot->event);
      g_clear_pointer (&slot->event, pt_event_free);
    }
  return g_object_ref (slot->row);
}

static void
slot_clear (Slot *slot)
{
  g_clear_pointer (&slot->event, pt_event_free);
  g_clear_object (&slot->row);
}

/* What a row needs of an event, without the request head: one allocation. */
static PtEvent *
copy_event (const PtEvent *event)
{
  PtEventStrings strings = {
    .peer_addr = event->peer_addr,
    .peer_addr_len = event->peer_addr != NULL ? strlen (event->peer_addr) : 0,
    .method = event->method,
    .method_len = event->method != NULL ? strlen (event->method) : 0,
    .path = event->path,
    .path_len = event->path != NULL ? strlen (event->path) : 0,
    .message = event->message,
    .message_len = event->message != NULL ? strlen (event->message) : 0,
  };
  PtEvent *copy = pt_event_new_packed (event->type, &strings);

  copy->time = event->time;
  copy->conn_id = event->conn_id;
  copy->peer_port = event->peer_port;
  copy->port = event->port;
  copy->status = event->status;
  copy->bytes = event->bytes;
  copy->count = event->count;
  copy->keep_alive = event->keep_alive;
  copy->refused = event->refused;
  return copy;
}

static void
pt_log_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pt_log_model_get_item_type;
  iface->get_n_items = pt_log_model_get_n_items;
  iface->get_item = pt_log_model_get_item;
}

static void
drop_rows (PtLogModel *self)
{
  for (guint i = 0; i < self->n_rows; i++)
    slot_clear (&self->slots[(self->head + i) % self->capacity]);
  self->head = 0;
  self->n_rows = 0;
}

static void
drop_queued (PtLogModel *self)
{
  for (guint i = 0; i < self->n_queued; i++)
    g_clear_pointer (&self->queue[(self->queue_head + i) % self->capacity], pt_event_free);
  self->queue_head = 0;
  self->n_queued = 0;
  self->n_skipped = 0;
}

static void
pt_log_model_finalize (GObject *object)
{
  PtLogModel *self = PT_LOG_MODEL (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  drop_rows (self);
  drop_queued (self);
  g_free (self->slots);
  g_free (self->queue);

  G_OBJECT_CLASS (pt_log_model_parent_class)->finalize (object);
}

static void
pt_log_model_class_init (PtLogModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_log_model_finalize;
}

static void
pt_log_model_init (PtLogModel *self)
{
}

PtLogModel *
pt_log_model_new (guint capacity)
{
  PtLogModel *self = g_object_new (PT_TYPE_LOG_MODEL, NULL);

  self->capacity = capacity > 0 ? capacity : PT_LOG_MODEL_CAPACITY;
  self->slots = g_new0 (Slot, self->capacity);
  self->queue = g_new0 (PtEvent *, self->capacity);
  return self;
}

guint
pt_log_model_get_capacity (PtLogModel *self)
{
  g_return_val_if_fail (PT_IS_LOG_MODEL (self), 0);

  return self->capacity;
}

/* Drops the n oldest rows (n <= n_rows). */
static void
drop_oldest (PtLogModel *self,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      slot_clear (&self->slots[self->head]);
      self->head = (self->head + 1) % self->capacity;
    }
  self->n_rows -= n;
  if (self->n_rows == 0)
    self->head = 0;
}

void
pt_log_model_queue_events (PtLogModel      *self,
                           PtEvent * const *events,
                           guint            n_events)
{
  guint first;

  g_return_if_fail (PT_IS_LOG_MODEL (self));
  g_return_if_fail (events != NULL || n_events == 0);

  self->n_appended += n_events;

  /* Copies only of what survives this batch; the queue keeps the newest. */
  first = n_events - MIN (n_events, self->capacity);
  self->n_skipped += first;
  for (guint i = first; i < n_events; i++)
    {
      PtEvent *copy = copy_event (events[i]);

      if (self->n_queued < self->capacity)
        {
          self->queue[(self->queue_head + self->n_queued) % self->capacity] = copy;
          self->n_queued++;
        }
      else
        {
          pt_event_free (self->queue[self->queue_head]);
          self->n_skipped++;
          self->queue[self->queue_head] = copy;
          self->queue_head = (self->queue_head + 1) % self->capacity;
        }
    }
}

guint
pt_log_model_get_n_queued (PtLogModel *self)
{
  g_return_val_if_fail (PT_IS_LOG_MODEL (self), 0);

  return self->n_queued;
}

/* Makes marker (if any), then the oldest n_new queued rows, items
 * (n_new <= n_queued). */
static void
flush_oldest (PtLogModel *self,
              PtEvent    *marker,
              guint       n_new)
{
  guint n_added = n_new + (marker != NULL ? 1 : 0);
  guint n_drop;
  guint position;
  Slot *slot;

  self->n_skipped = 0;
  if (n_added == 0)
    return;

  /* Removed at the front, then added at the end, each signal emitted when
   * the model matches it: rows still kept stay the same items, so a list
   * scrolled up holds its place instead of being replaced wholesale. */
  n_drop = self->n_rows + n_added > self->capacity ? self->n_rows + n_added - self->capacity : 0;
  if (n_drop > 0)
    {
      drop_oldest (self, n_drop);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n_drop, 0);
    }

  position = self->n_rows;
  if (marker != NULL)
    {
      slot = &self->slots[(self->head + self->n_rows) % self->capacity];
      slot->event = marker;
      slot->row = NULL;
      self->n_rows++;
    }
  for (guint i = 0; i < n_new; i++)
    {
      guint from = (self->queue_head + i) % self->capacity;

      slot = &self->slots[(self->head + self->n_rows + i) % self->capacity];
      slot->event = g_steal_pointer (&self->queue[from]);
      slot->row = NULL;
    }
  self->n_rows += n_new;
  self->n_queued -= n_new;
  self->queue_head = self->n_queued > 0 ? (self->queue_head + n_new) % self->capacity : 0;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n_added);
}

void
pt_log_model_flush (PtLogModel *self)
{
  g_return_if_fail (PT_IS_LOG_MODEL (self));

  flush_oldest (self, NULL, self->n_queued);
}

static gboolean
ramping (PtLogModel *self)
{
  return self->n_rows < MIN (PT_LOG_MODEL_RAMP_ROWS, self->capacity / 2);
}

guint
pt_log_model_flush_keeping (PtLogModel *self)
{
  PtEvent *marker = NULL;
  guint keep;
  guint room;

  g_return_val_if_fail (PT_IS_LOG_MODEL (self), 0);

  keep = MIN (MIN (self->n_rows, PT_LOG_MODEL_KEEP_ROWS), self->capacity / 2);
  room = self->capacity - keep;
  if (ramping (self))
    room = MIN (room, PT_LOG_MODEL_RAMP_STEP);
  /* Rows stay above the queued ones: say that events between them are
   * missing (pt_log_model_flush instead replaces them all, no gap). */
  if (self->n_skipped > 0 && keep > 0 && self->n_queued > 0)
    {
      marker = pt_event_new (PT_EVENT_DROPPED);
      marker->count = self->n_skipped;
      marker->time = self->queue[self->queue_head]->time;
      room--;
    }
  flush_oldest (self, marker, MIN (self->n_queued, room));
  return self->n_queued;
}

void
pt_log_model_append_events (PtLogModel      *self,
                            PtEvent * const *events,
                            guint            n_events)
{
  g_return_if_fail (PT_IS_LOG_MODEL (self));
  g_return_if_fail (events != NULL || n_events == 0);

  pt_log_model_queue_events (self, events, n_events);
  pt_log_model_flush (self);
}

void
pt_log_model_clear (PtLogModel *self)
{
  guint old_n;

  g_return_if_fail (PT_IS_LOG_MODEL (self));

  old_n = self->n_rows;
  drop_rows (self);
  drop_queued (self);
  self->n_appended = 0;
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
}

guint64
pt_log_model_get_n_appended (PtLogModel *self)
{
  g_return_val_if_fail (PT_IS_LOG_MODEL (self), 0);

  return self->n_appended;
}

static gboolean on_flush_timeout (gpointer user_data);

static void
schedule_flush (PtLogModel *self,
                gint64      now,
                guint       interval_ms)
{
  gint64 due = self->last_flush + interval_ms * G_TIME_SPAN_MILLISECOND;

  self->flush_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE,
                                           (guint) (MAX (due - now, 0) / G_TIME_SPAN_MILLISECOND) + 1,
                                           on_flush_timeout, self, NULL);
  g_source_set_name_by_id (self->flush_source, "[portico] log flush");
}

/* A flush; another one is due an interval later if rows stay queued (a
 * frame later while still ramping). */
static void
paced_flush (PtLogModel *self)
{
  self->last_flush = g_get_monotonic_time ();
  if (pt_log_model_flush_keeping (self) > 0 && self->flush_source == 0)
    schedule_flush (self, self->last_flush,
                    ramping (self) ? PT_LOG_MODEL_RAMP_INTERVAL_MS : PT_LOG_MODEL_FLUSH_INTERVAL_MS);
}

static gboolean
on_flush_timeout (gpointer user_data)
{
  PtLogModel *self = PT_LOG_MODEL (user_data);

  self->flush_source = 0;
  paced_flush (self);
  return G_SOURCE_REMOVE;
}

void
pt_log_model_post_events (PtLogModel      *self,
                          PtEvent * const *events,
                          guint            n_events)
{
  gint64 now;

  g_return_if_fail (PT_IS_LOG_MODEL (self));

  pt_log_model_queue_events (self, events, n_events);
  if (self->flush_source != 0)
    return;

  now = g_get_monotonic_time ();
  if (now >= self->last_flush + PT_LOG_MODEL_FLUSH_INTERVAL_MS * G_TIME_SPAN_MILLISECOND)
    paced_flush (self);
  else
    schedule_flush (self, now, PT_LOG_MODEL_FLUSH_INTERVAL_MS);
}
