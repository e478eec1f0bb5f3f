/* pt-log-row-factory.c — one box of labels per log row */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include "pt-log-row-factory.h"
#include "pt-log-row.h"

typedef struct
{
  const char *property;
  const char *css_class;        /* fixed class, NULL: none */
  const char *classes_property; /* strv property giving the classes, NULL: none */
  gboolean    ellipsize;
} Column;

static const Column columns[PT_LOG_ROW_FACTORY_N_COLUMNS] = {
  { "time", "log-time", NULL, FALSE },
  { "client", "log-client", NULL, FALSE },
  { "what", NULL, "what-classes", FALSE },
  { "method", "log-method", NULL, FALSE },
  { "path", "log-path", NULL, TRUE },
  { "status", NULL, "status-classes", FALSE },
  { "bytes", "log-bytes", NULL, FALSE },
};

/* What each row copies from the header. */
typedef struct
{
  int      spacing;
  int      width[PT_LOG_ROW_FACTORY_N_COLUMNS];
  float    xalign[PT_LOG_ROW_FACTORY_N_COLUMNS];
  gboolean hexpand[PT_LOG_ROW_FACTORY_N_COLUMNS];
} Layout;

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          const Layout             *layout)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, layout->spacing);

  for (guint i = 0; i < PT_LOG_ROW_FACTORY_N_COLUMNS; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), layout->xalign[i]);
      gtk_widget_set_size_request (label, layout->width[i], -1);
      gtk_widget_set_hexpand (label, layout->hexpand[i]);
      if (columns[i].ellipsize)
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (columns[i].css_class != NULL)
        gtk_widget_add_css_class (label, columns[i].css_class);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_add_css_class (box, "log-row");
  gtk_list_item_set_child (item, box);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         const Layout             *layout)
{
  GObject *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  g_assert (PT_IS_LOG_ROW (row));

  for (guint i = 0; i < PT_LOG_ROW_FACTORY_N_COLUMNS && label != NULL; i++)
    {
      g_autofree char *text = NULL;

      g_object_get (row, columns[i].property, &text, NULL);
      gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
      if (columns[i].classes_property != NULL)
        {
          g_auto(GStrv) classes = NULL;
          g_autofree char *joined = NULL;

          /* Changing a widget's classes restyles it: only when they differ
           * from the row this label showed before (most rebinds under a
           * flood show the same kind of row). */
          g_object_get (row, columns[i].classes_property, &classes, NULL);
          joined = g_strjoinv (" ", classes);
          if (g_strcmp0 (joined, g_object_get_data (G_OBJECT (label), "pt-log-classes")) != 0)
            {
              gtk_widget_set_css_classes (label, (const char **) classes);
              g_object_set_data_full (G_OBJECT (label), "pt-log-classes",
                                      g_steal_pointer (&joined), g_free);
            }
        }
      label = gtk_widget_get_next_sibling (label);
    }
}

GtkListItemFactory *
pt_log_row_factory_new (GtkWidget *header)
{
  GtkListItemFactory *factory;
  Layout *layout;
  GtkWidget *title;
  guint n = 0;

  g_return_val_if_fail (GTK_IS_BOX (header), NULL);

  layout = g_new0 (Layout, 1);
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
