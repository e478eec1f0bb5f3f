/* pt-log-row-factory.c — one PtLogRowWidget per log row */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include "pt-log-row-factory.h"
#include "pt-log-row.h"
#include "pt-log-row-widget.h"

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          const PtLogRowLayout     *layout)
{
  gtk_list_item_set_child (item, pt_log_row_widget_new (layout));
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         const PtLogRowLayout     *layout)
{
  GObject *row = gtk_list_item_get_item (item);

  g_assert (PT_IS_LOG_ROW (row));
  pt_log_row_widget_set_row (PT_LOG_ROW_WIDGET (gtk_list_item_get_child (item)), PT_LOG_ROW (row));
}

GtkListItemFactory *
pt_log_row_factory_new (GtkWidget *header)
{
  GtkListItemFactory *factory;
  PtLogRowLayout *layout;
  GtkWidget *title;
  guint n = 0;

  g_return_val_if_fail (GTK_IS_BOX (header), NULL);

  layout = g_new0 (PtLogRowLayout, 1);
  layout->spacing = gtk_box_get_spacing (GTK_BOX (header));
  for (title = gtk_widget_get_first_child (header);
       title != NULL && n < PT_LOG_ROW_FACTORY_N_COLUMNS;
       title = gtk_widget_get_next_sibling (title), n++)
    {
      gtk_widget_get_size_request (title, &layout->width[n], NULL);
      layout->hexpand[n] = gtk_widget_get_hexpand (title);
      layout->xalign[n] = GTK_IS_LABEL (title) ? gtk_label_get_xalign (GTK_LABEL (title)) : 0.0f;
    }
  g_assert (n == PT_LOG_ROW_FACTORY_N_COLUMNS && title == NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), layout);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), layout);
  g_object_set_data_full (G_OBJECT (factory), "pt-log-row-layout", layout, g_free);
  return factory;
}
