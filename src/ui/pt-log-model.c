/* pt-log-model.c — ring-buffer GListModel of PtLogRow */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include "pt-log-model.h"
#include "pt-log-row.h"

struct _PtLogModel
{
  GObject    parent_instance;

  PtLogRow **rows;        /* capacity slots; the oldest row is rows[head] */
  guint      capacity;
  guint      head;
  guint      n_rows;
  guint64    n_appended;
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

  if (position >= self->n_rows)
    return NULL;
  return g_object_ref (self->rows[(self->head + position) % self->capacity]);
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
    g_clear_object (&self->rows[(self->head + i) % self->capacity]);
  self->head = 0;
  self->n_rows = 0;
}

static void
pt_log_model_finalize (GObject *object)
{
  PtLogModel *self = PT_LOG_MODEL (object);

  drop_rows (self);
  g_free (self->rows);

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
  self->rows = g_new0 (PtLogRow *, self->capacity);
  return self;
}

guint
pt_log_model_get_capacity (PtLogModel *self)
{
  g_return_val_if_fail (PT_IS_LOG_MODEL (self), 0);

  return self->capacity;
}

void
pt_log_model_append_events (PtLogModel      *self,
                            PtEvent * const *events,
                            guint            n_events)
{
  guint old_n;
  guint first;
  guint n_new;

  g_return_if_fail (PT_IS_LOG_MODEL (self));
  g_return_if_fail (events != NULL || n_events == 0);

  if (n_events == 0)
    return;

  self->n_appended += n_events;
  old_n = self->n_rows;

  /* Rows only for what survives this batch. */
  n_new = MIN (n_events, self->capacity);
  first = n_events - n_new;

  for (guint i = first; i < n_events; i++)
    {
      PtLogRow *row = pt_log_row_new (events[i]);

      if (self->n_rows < self->capacity)
        {
          self->rows[(self->head + self->n_rows) % self->capacity] = row;
          self->n_rows++;
        }
      else
        {
          g_object_unref (self->rows[self->head]);
          self->rows[self->head] = row;
          self->head = (self->head + 1) % self->capacity;
        }
    }

  /* One signal per batch: a pure append, or the whole window moved. */
  if (old_n + n_new <= self->capacity)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_new);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_rows);
}

void
pt_log_model_clear (PtLogModel *self)
{
  guint old_n;

  g_return_if_fail (PT_IS_LOG_MODEL (self));

  old_n = self->n_rows;
  drop_rows (self);
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
