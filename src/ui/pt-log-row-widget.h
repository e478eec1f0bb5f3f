/* pt-log-row-widget.h — one log row drawn as one widget (layer 3)
 *
 * A row of the live log is one widget, not a box of seven labels: it keeps
 * one PangoLayout per column and draws them from its snapshot at the
 * header's column offsets.  Its size depends only on the font and the
 * column widths, never on the text, so binding another PtLogRow queues a
 * redraw of this row alone, never a resize of the list (a label's new text
 * queues a resize, and under a flood every row of the view is rebound each
 * frame).  Colours come from the theme's named colours (success_color,
 * accent_color, warning_color, error_color), as the log's CSS classes
 * used to give them.
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-log-row.h"

G_BEGIN_DECLS

#define PT_LOG_ROW_WIDGET_N_COLUMNS 7

/* What each row copies from the log's header. */
typedef struct
{
  int      spacing;
  int      width[PT_LOG_ROW_WIDGET_N_COLUMNS];   /* the expanding column's is ignored */
  float    xalign[PT_LOG_ROW_WIDGET_N_COLUMNS];
  gboolean hexpand[PT_LOG_ROW_WIDGET_N_COLUMNS]; /* one column expands */
} PtLogRowLayout;

#define PT_TYPE_LOG_ROW_WIDGET (pt_log_row_widget_get_type ())
G_DECLARE_FINAL_TYPE (PtLogRowWidget, pt_log_row_widget, PT, LOG_ROW_WIDGET, GtkWidget)

/* layout is copied. */
GtkWidget  *pt_log_row_widget_new      (const PtLogRowLayout *layout);
/* row: NULL shows nothing. */
void        pt_log_row_widget_set_row  (PtLogRowWidget *self,
                                        PtLogRow       *row);
/* The text shown in column i (0 = time … 6 = bytes), for tests. */
const char *pt_log_row_widget_get_text (PtLogRowWidget *self,
                                        guint           column);

G_END_DECLS
