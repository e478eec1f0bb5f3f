/* pt-log-row-factory.h — the log view's rows (layer 3)
 *
 * A GtkSignalListItemFactory whose row is one PtLogRowWidget (one widget
 * drawing the seven columns, see pt-log-row-widget.h), set once per bind
 * from the PtLogRow (rows never change, so nothing is watched).  The column
 * widths come from the header's labels, so the template stays the one place
 * that lays the log out.  No builder template and no widget per cell: under
 * a flood every frame rebinds all the rows the view keeps alive.
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-log-row-widget.h"

G_BEGIN_DECLS

/* The columns, in the header's order. */
#define PT_LOG_ROW_FACTORY_N_COLUMNS PT_LOG_ROW_WIDGET_N_COLUMNS

/* header: a box of PT_LOG_ROW_FACTORY_N_COLUMNS labels (time, client, what,
 * method, path, status, bytes); each row cell gets its label's
 * width-request, or expands like it. */
GtkListItemFactory *pt_log_row_factory_new (GtkWidget *header);

G_END_DECLS
