/* pt-log-view.h — the live log: filter entry, column titles and rows (layer 3)
 *
 * Shows a PtLogModel through one GtkCustomFilter (the search entry's text,
 * case-folded) and keeps the newest row in view while "following": until
 * the user scrolls up, and again once back at the bottom.
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-log-model.h"

G_BEGIN_DECLS

#define PT_TYPE_LOG_VIEW (pt_log_view_get_type ())
G_DECLARE_FINAL_TYPE (PtLogView, pt_log_view, PT, LOG_VIEW, GtkWidget)

/* Property "model" (PtLogModel); "following" (read-only). */
PtLogModel *pt_log_view_get_model     (PtLogView  *self);
void        pt_log_view_set_model     (PtLogView  *self,
                                       PtLogModel *model);
/* The rows shown (after the filter). */
GListModel *pt_log_view_get_rows      (PtLogView  *self);
gboolean    pt_log_view_get_following (PtLogView  *self);
/* Drops every row and follows the newest again. */
void        pt_log_view_clear         (PtLogView  *self);
void        pt_log_view_focus_search  (PtLogView  *self);

G_END_DECLS
