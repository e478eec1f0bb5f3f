/* pt-log-row-widget.c — one log row drawn as one widget */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <string.h>

#include "pt-log-row-widget.h"

/* How a column's text is drawn. */
typedef enum
{
  TONE_NORMAL,
  TONE_DIM,       /* the old .what-info: opacity 0.7 */
  TONE_SUCCESS,
  TONE_ACCENT,
  TONE_WARNING,
  TONE_ERROR,
} Tone;

#define DIM_ALPHA 0.7f

typedef struct
{
  const char *property;          /* PtLogRow's string property */
  const char *classes_property;  /* its strv of style classes, NULL: none */
} Column;

static const Column columns[PT_LOG_ROW_WIDGET_N_COLUMNS] = {
  { "time", NULL },
  { "client", NULL },
  { "what", "what-classes" },
  { "method", NULL },
  { "path", NULL },
  { "status", "status-classes" },
  { "bytes", NULL },
};

/* PtLogRow's style classes, as the log's CSS drew them. */
static const struct
{
  const char *css_class;
  Tone        tone;
  gboolean    bold;
} class_styles[] = {
  { "status-2xx", TONE_SUCCESS, TRUE },
  { "status-3xx", TONE_ACCENT, TRUE },
  { "status-4xx", TONE_WARNING, TRUE },
  { "status-5xx", TONE_ERROR, TRUE },
  { "what-error", TONE_ERROR, FALSE },
  { "what-info", TONE_DIM, FALSE },
};

typedef struct
{
  char        *text;
  Tone         tone;
  gboolean     bold;
  gboolean     stale;      /* text or weight not yet given to the layout */
  PangoLayout *layout;     /* made at the first snapshot */
  int          width;      /* the layout's width, in pixels; -1: unset */
} Cell;

struct _PtLogRowWidget
{
  GtkWidget      parent_instance;

  PtLogRowLayout layout;
  Cell           cells[PT_LOG_ROW_WIDGET_N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (PtLogRowWidget, pt_log_row_widget, GTK_TYPE_WIDGET)

static int
fixed_width (PtLogRowWidget *self)
{
  int total = self->layout.spacing * (PT_LOG_ROW_WIDGET_N_COLUMNS - 1);

  for (guint i = 0; i < PT_LOG_ROW_WIDGET_N_COLUMNS; i++)
    if (!self->layout.hexpand[i])
      total += self->layout.width[i];
  return total;
}

static void
lookup_tone (GtkWidget *widget,
             Tone       tone,
             GdkRGBA   *color)
{
  static const char *const names[] = {
    [TONE_SUCCESS] = "success_color",
    [TONE_ACCENT] = "accent_color",
    [TONE_WARNING] = "warning_color",
    [TONE_ERROR] = "error_color",
  };
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, color);
  if (tone == TONE_DIM)
    color->alpha *= DIM_ALPHA;
  else if (tone != TONE_NORMAL)
    {
      GdkRGBA named;

      /* libadwaita defines them; a theme without them keeps the text colour */
      if (gtk_style_context_lookup_color (context, names[tone], &named))
        *color = named;
    }
}

static void
cell_update_layout (GtkWidget *widget,
                    Cell      *cell,
                    int        width)
{
  if (cell->layout == NULL)
    {
      cell->layout = gtk_widget_create_pango_layout (widget, NULL);
      pango_layout_set_ellipsize (cell->layout, PANGO_ELLIPSIZE_END);
      cell->width = -1;
      cell->stale = TRUE;
    }
  if (cell->stale)
    {
      pango_layout_set_text (cell->layout, cell->text != NULL ? cell->text : "", -1);
      if (cell->bold)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          pango_layout_set_attributes (cell->layout, attrs);
          pango_attr_list_unref (attrs);
        }
      else
        pango_layout_set_attributes (cell->layout, NULL);
      cell->stale = FALSE;
    }
  if (cell->width != width)
    {
      pango_layout_set_width (cell->layout, width * PANGO_SCALE);
      cell->width = width;
    }
}

static void
pt_log_row_widget_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  PtLogRowWidget *self = PT_LOG_ROW_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int expand_width = MAX (0, width - fixed_width (self));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x = 0;

  for (guint i = 0; i < PT_LOG_ROW_WIDGET_N_COLUMNS; i++)
    {
      Cell *cell = &self->cells[i];
      int column_width = self->layout.hexpand[i] ? expand_width : self->layout.width[i];
      int text_width, text_height;
      float align = self->layout.xalign[i];
      float dx;
      GdkRGBA color;

      if (cell->text != NULL && cell->text[0] != '\0' && column_width > 0)
        {
          cell_update_layout (widget, cell, column_width);
          pango_layout_get_pixel_size (cell->layout, &text_width, &text_height);
          text_width = MIN (text_width, column_width);
          if (rtl)
            align = 1.0f - align;
          dx = (float) x + (float) (column_width - text_width) * align;
          if (rtl)
            dx = (float) width - dx - (float) text_width;
          lookup_tone (widget, cell->tone, &color);

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot,
                                  &GRAPHENE_POINT_INIT (dx, (float) (height - text_height) / 2.0f));
          gtk_snapshot_append_layout (snapshot, cell->layout, &color);
          gtk_snapshot_restore (snapshot);
        }
      x += column_width + self->layout.spacing;
    }
}

static void
pt_log_row_widget_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  PtLogRowWidget *self = PT_LOG_ROW_WIDGET (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = fixed_width (self);
    }
  else
    {
      /* one line of the font, whatever the text */
      g_autoptr(PangoLayout) probe = gtk_widget_create_pango_layout (widget, "Mg");
      int line_height;

      pango_layout_get_pixel_size (probe, NULL, &line_height);
      *minimum = *natural = line_height;
    }
}

static void
pt_log_row_widget_finalize (GObject *object)
{
  PtLogRowWidget *self = PT_LOG_ROW_WIDGET (object);

  for (guint i = 0; i < PT_LOG_ROW_WIDGET_N_COLUMNS; i++)
    {
      g_free (self->cells[i].text);
      g_clear_object (&self->cells[i].layout);
    }

  G_OBJECT_CLASS (pt_log_row_widget_parent_class)->finalize (object);
}

static void
pt_log_row_widget_class_init (PtLogRowWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pt_log_row_widget_finalize;
  widget_class->snapshot = pt_log_row_widget_snapshot;
  widget_class->measure = pt_log_row_widget_measure;

  gtk_widget_class_set_css_name (widget_class, "logrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
pt_log_row_widget_init (PtLogRowWidget *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
pt_log_row_widget_new (const PtLogRowLayout *layout)
{
  PtLogRowWidget *self;

  g_return_val_if_fail (layout != NULL, NULL);

  self = g_object_new (PT_TYPE_LOG_ROW_WIDGET, NULL);
  self->layout = *layout;
  return GTK_WIDGET (self);
}

static void
row_style (PtLogRow   *row,
           const char *classes_property,
           Tone       *tone,
           gboolean   *bold)
{
  g_auto(GStrv) classes = NULL;

  *tone = TONE_NORMAL;
  *bold = FALSE;
  if (row == NULL || classes_property == NULL)
    return;
  g_object_get (row, classes_property, &classes, NULL);
  for (guint c = 0; classes != NULL && classes[c] != NULL; c++)
    for (guint s = 0; s < G_N_ELEMENTS (class_styles); s++)
      if (strcmp (classes[c], class_styles[s].css_class) == 0)
        {
          *tone = class_styles[s].tone;
          *bold = class_styles[s].bold;
        }
}

void
pt_log_row_widget_set_row (PtLogRowWidget *self,
                           PtLogRow       *row)
{
  gboolean changed = FALSE;
  g_autoptr(GString) accessible = g_string_new (NULL);

  g_return_if_fail (PT_IS_LOG_ROW_WIDGET (self));
  g_return_if_fail (row == NULL || PT_IS_LOG_ROW (row));

  for (guint i = 0; i < PT_LOG_ROW_WIDGET_N_COLUMNS; i++)
    {
      Cell *cell = &self->cells[i];
      g_autofree char *text = NULL;
      Tone tone;
      gboolean bold;

      if (row != NULL)
        g_object_get (row, columns[i].property, &text, NULL);
      row_style (row, columns[i].classes_property, &tone, &bold);
      if (text != NULL && text[0] != '\0')
        {
          if (accessible->len > 0)
            g_string_append_c (accessible, ' ');
          g_string_append (accessible, text);
        }
      if (g_strcmp0 (text, cell->text) != 0 || bold != cell->bold)
        {
          g_free (cell->text);
          cell->text = g_steal_pointer (&text);
          cell->bold = bold;
          cell->stale = TRUE;
          changed = TRUE;
        }
      if (tone != cell->tone)
        {
          cell->tone = tone;
          changed = TRUE;
        }
    }

  if (!changed)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
  /* the size never depends on the text: a redraw of this row, no resize */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pt_log_row_widget_get_text (PtLogRowWidget *self,
                            guint           column)
{
  g_return_val_if_fail (PT_IS_LOG_ROW_WIDGET (self), NULL);
  g_return_val_if_fail (column < PT_LOG_ROW_WIDGET_N_COLUMNS, NULL);

  return self->cells[column].text != NULL ? self->cells[column].text : "";
}
