/* pt-log-view.c — PtLogView
 *
 * Following: when rows arrive while following, the view scrolls to the
 * bottom from the frame clock's after-paint (scrolling right after the
 * model changed, or from an idle, blanked the list about 1 run in 8 on
 * GTK 4.8).  Scrolling up (wheel, or the scrollbar moving up) stops
 * following; reaching the bottom again resumes it.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <string.h>

#include "pt-log-row-factory.h"
#include "pt-log-row.h"
#include "pt-log-view.h"

#define FOLLOW_SLACK_PX 4.0

struct _PtLogView
{
  GtkWidget           parent_instance;

  /* template */
  GtkSearchEntry     *search_entry;
  GtkScrolledWindow  *scroller;
  GtkGridView        *grid_view;
  GtkWidget          *header;
  GtkScrolledWindow  *header_scroller;

  PtLogModel         *model;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;          /* the one filter, always set */
  char               *needle;          /* case-folded, NULL: every row */

  gboolean            following;
  gboolean            scroll_pending;
  double              last_scroll_value;
  GdkFrameClock      *frame_clock;
  gulong              after_paint_id;
};

G_DEFINE_FINAL_TYPE (PtLogView, pt_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_following (PtLogView *self,
               gboolean   following)
{
  if (self->following == following)
    return;
  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

/* ------------------------------------------------------------------------ */
/* following the newest row                                                 */

static void
on_frame_clock_after_paint (GdkFrameClock *clock,
                            PtLogView     *self)
{
  GtkAdjustment *adj;

  if (!self->scroll_pending)
    return;
  self->scroll_pending = FALSE;
  if (!self->following)
    return;

  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid_view));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) -
                                 gtk_adjustment_get_page_size (adj));
  self->last_scroll_value = gtk_adjustment_get_value (adj);
}

static void
on_vadjustment_value_changed (GtkAdjustment *adj,
                              PtLogView     *self)
{
  double value = gtk_adjustment_get_value (adj);
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (value >= bottom - FOLLOW_SLACK_PX)
    set_following (self, TRUE);
  else if (value < self->last_scroll_value && !self->scroll_pending)
    set_following (self, FALSE);
  self->last_scroll_value = value;
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           PtLogView                *self)
{
  if (dy < 0)
    set_following (self, FALSE);
  return FALSE;
}

static void
on_model_items_changed (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        PtLogView  *self)
{
  if (!self->following)
    return;
  self->scroll_pending = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self->grid_view));
}

/* ------------------------------------------------------------------------ */
/* the filter                                                               */

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  PtLogView *self = PT_LOG_VIEW (user_data);

  return pt_log_row_matches (PT_LOG_ROW (item), self->needle);
}

/* One filter for the view's life.  No text: it has no function and matches
 * everything without looking at a row (what a flood needs).  Otherwise it
 * tells the filter model how the match changed, so a longer needle only
 * re-checks the rows still shown. */
static void
on_search_entry_search_changed (GtkSearchEntry *entry,
                                PtLogView      *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *old = g_steal_pointer (&self->needle);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (text == NULL || text[0] == '\0')
    {
      if (old != NULL)
        gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
      return;
    }

  self->needle = g_utf8_casefold (text, -1);
  if (old == NULL)
    {
      gtk_custom_filter_set_filter_func (self->filter, filter_row, self, NULL);
      return;
    }
  if (strstr (self->needle, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

/* ------------------------------------------------------------------------ */
/* GtkWidget                                                                */

static void
pt_log_view_realize (GtkWidget *widget)
{
  PtLogView *self = PT_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (pt_log_view_parent_class)->realize (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_id = g_signal_connect (self->frame_clock, "after-paint",
                                           G_CALLBACK (on_frame_clock_after_paint), self);
}

static void
pt_log_view_unrealize (GtkWidget *widget)
{
  PtLogView *self = PT_LOG_VIEW (widget);

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);

  GTK_WIDGET_CLASS (pt_log_view_parent_class)->unrealize (widget);
}

/* A GtkWidget does not take its children's expand flags by itself (GtkBox
 * does): without this the log card would not fill the page. */
static void
pt_log_view_compute_expand (GtkWidget *widget,
                            gboolean  *hexpand,
                            gboolean  *vexpand)
{
  *hexpand = FALSE;
  *vexpand = FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      *hexpand = *hexpand || gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
      *vexpand = *vexpand || gtk_widget_compute_expand (child, GTK_ORIENTATION_VERTICAL);
    }
}

static void
pt_log_view_dispose (GObject *object)
{
  PtLogView *self = PT_LOG_VIEW (object);
  GtkWidget *child;

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_model_items_changed, self);

  if (self->grid_view != NULL)
    gtk_grid_view_set_model (self->grid_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_LOG_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (pt_log_view_parent_class)->dispose (object);
}

static void
pt_log_view_finalize (GObject *object)
{
  PtLogView *self = PT_LOG_VIEW (object);

  g_free (self->needle);

  G_OBJECT_CLASS (pt_log_view_parent_class)->finalize (object);
}

static void
pt_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PtLogView *self = PT_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:     g_value_set_object (value, self->model); break;
    case PROP_FOLLOWING: g_value_set_boolean (value, self->following); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PtLogView *self = PT_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      pt_log_view_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_log_view_class_init (PtLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_log_view_dispose;
  object_class->finalize = pt_log_view_finalize;
  object_class->get_property = pt_log_view_get_property;
  object_class->set_property = pt_log_view_set_property;
  widget_class->realize = pt_log_view_realize;
  widget_class->unrealize = pt_log_view_unrealize;
  widget_class->compute_expand = pt_log_view_compute_expand;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, PT_TYPE_LOG_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/portico/Portico/pt-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PtLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PtLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PtLogView, grid_view);
  gtk_widget_class_bind_template_child (widget_class, PtLogView, header);
  gtk_widget_class_bind_template_child (widget_class, PtLogView, header_scroller);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed);
}

static void
pt_log_view_init (PtLogView *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *scroll;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Rows in C, laid out by the template's header: see pt-log-row-factory.h. */
  factory = pt_log_row_factory_new (self->header);
  gtk_grid_view_set_factory (self->grid_view, factory);
  gtk_scrolled_window_set_hadjustment (self->header_scroller,
                                       gtk_scrolled_window_get_hadjustment (self->scroller));

  self->following = TRUE;
  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid_view)),
                           "value-changed", G_CALLBACK (on_vadjustment_value_changed), self, 0);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);
}

/* ------------------------------------------------------------------------ */
/* public API                                                               */

PtLogModel *
pt_log_view_get_model (PtLogView *self)
{
  g_return_val_if_fail (PT_IS_LOG_VIEW (self), NULL);

  return self->model;
}

void
pt_log_view_set_model (PtLogView  *self,
                       PtLogModel *model)
{
  g_return_if_fail (PT_IS_LOG_VIEW (self));
  g_return_if_fail (model == NULL || PT_IS_LOG_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_model_items_changed, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (on_model_items_changed), self);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (model));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
pt_log_view_get_rows (PtLogView *self)
{
  g_return_val_if_fail (PT_IS_LOG_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

gboolean
pt_log_view_get_following (PtLogView *self)
{
  g_return_val_if_fail (PT_IS_LOG_VIEW (self), FALSE);

  return self->following;
}

void
pt_log_view_clear (PtLogView *self)
{
  g_return_if_fail (PT_IS_LOG_VIEW (self));

  if (self->model != NULL)
    pt_log_model_clear (self->model);
  set_following (self, TRUE);
}

void
pt_log_view_focus_search (PtLogView *self)
{
  g_return_if_fail (PT_IS_LOG_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
