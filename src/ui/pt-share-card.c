/* pt-share-card.c — the card that hands the server to a phone
 *
 * The card reads the interface table when it gets a port and again after
 * each burst of GNetworkMonitor::network-changed (coalesced for
 * REFRESH_DELAY_MS: one Wi-Fi reconnect sends several).  The chosen address
 * survives a refresh when it is still there.  The firewall detection runs
 * each time the help popover opens, asynchronously.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-qr-code.h"
#include "pt-share-card.h"
#include "pt-share-url.h"

#define REFRESH_DELAY_MS 250

struct _PtShareCard
{
  GtkBox                 parent_instance;

  /* template */
  GtkLabel              *empty_label;
  GtkWidget             *card_box;
  PtQrCode              *qr_code;
  GtkDropDown           *address_dropdown;
  GtkLabel              *url_label;
  GtkLabel              *firewall_label;
  GtkLabel              *firewall_command;
  GtkButton             *copy_button;
  GtkMenuButton         *help_button;

  guint                  port;
  char                  *key;
  char                  *url;
  GPtrArray             *entries;          /* of PtLanEntry, as in the drop-down */
  GtkStringList         *items;
  gboolean               rebuilding;       /* the drop-down's model is being replaced */
  guint                  refresh_id;
  PtShareCardTableFunc   table_func;
  gpointer               table_data;
  const PtFirewallProbe *probe;
  GCancellable          *firewall_cancellable;
};

enum {
  PROP_0,
  PROP_PORT,
  PROP_KEY,
  PROP_URL,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PtShareCard, pt_share_card, GTK_TYPE_BOX)

/* ------------------------------------------------------------------------ */
/* the URL and its QR code                                                  */

static const PtLanEntry *
selected_entry (PtShareCard *self)
{
  guint selected = gtk_drop_down_get_selected (self->address_dropdown);

  if (self->entries == NULL || selected >= self->entries->len)
    return NULL;
  return g_ptr_array_index (self->entries, selected);
}

static void
update_url (PtShareCard *self)
{
  const PtLanEntry *entry = selected_entry (self);
  g_autofree char *url = NULL;

  if (entry != NULL && self->port != 0)
    url = pt_share_url (entry->address, self->port, self->key);
  if (g_strcmp0 (url, self->url) == 0)
    return;
  g_free (self->url);
  self->url = g_steal_pointer (&url);
  gtk_label_set_text (self->url_label, self->url != NULL ? self->url : "");
  pt_qr_code_set_text (self->qr_code, self->url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

static void
on_dropdown_selected (PtShareCard *self)
{
  if (!self->rebuilding)
    update_url (self);
}

/* ------------------------------------------------------------------------ */
/* the addresses                                                            */

static void
rebuild (PtShareCard *self,
         GPtrArray   *entries)
{
  const PtLanEntry *previous = selected_entry (self);
  g_autofree char *keep = previous != NULL ? g_strdup (previous->address) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;
  guint select = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const PtLanEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *text = g_strdup_printf ("%s · %s", pt_lan_kind_label (entry->kind),
                                               entry->address);

      g_strv_builder_add (builder, text);
      if (g_strcmp0 (entry->address, keep) == 0)
        select = i;
    }
  strings = g_strv_builder_end (builder);

  self->rebuilding = TRUE;
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = entries;
  g_clear_object (&self->items);
  self->items = gtk_string_list_new ((const char * const *) strings);
  gtk_drop_down_set_model (self->address_dropdown, G_LIST_MODEL (self->items));
  gtk_drop_down_set_selected (self->address_dropdown, select);
  self->rebuilding = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), entries->len == 0);
  gtk_widget_set_visible (self->card_box, entries->len > 0);
  update_url (self);
}

void
pt_share_card_refresh (PtShareCard *self)
{
  g_autoptr(PtLanTable) table = NULL;

  g_return_if_fail (PT_IS_SHARE_CARD (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->port == 0)
    {
      rebuild (self, g_ptr_array_new_with_free_func ((GDestroyNotify) pt_lan_entry_free));
      return;
    }
  table = self->table_func != NULL ? self->table_func (self->table_data)
                                   : pt_lan_table_new_from_system ();
  rebuild (self, pt_lan_rank (table));
}

static gboolean
refresh_cb (gpointer data)
{
  PtShareCard *self = data;

  self->refresh_id = 0;
  pt_share_card_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    PtShareCard     *self)
{
  if (self->refresh_id != 0 || self->port == 0)
    return;
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
  g_source_set_name_by_id (self->refresh_id, "[portico] share card refresh");
}

/* ------------------------------------------------------------------------ */
/* Copy and Open                                                            */

static void
on_copy_clicked (PtShareCard *self)
{
  if (self->url == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->url);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, _("Address copied"));
}

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PtShareCard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open %s"), error->message);

      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
    }
}

static void
on_open_clicked (PtShareCard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->url == NULL || !GTK_IS_WINDOW (root))
    return;
  gtk_show_uri_full (GTK_WINDOW (root), self->url, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* the help popover                                                         */

static void
detect_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PtShareCard) self = user_data;
  g_autoptr(GError) error = NULL;
  PtFirewall found = pt_firewall_detect_finish (result, &error);
  static const struct { PtFirewall firewall; const char *name; } names[] = {
    { PT_FIREWALL_FIREWALLD, "firewalld" },
    { PT_FIREWALL_UFW, "ufw" },
  };
  g_autoptr(GString) commands = g_string_new (NULL);
  g_autoptr(GString) active = g_string_new (NULL);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *command = NULL;

      if ((found & names[i].firewall) == 0)
        continue;
      command = pt_firewall_open_command (names[i].firewall, self->port);
      g_string_append_printf (commands, "%s%s", commands->len > 0 ? "\n" : "", command);
      g_string_append_printf (active, "%s%s", active->len > 0 ? ", " : "", names[i].name);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->firewall_label), commands->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->firewall_command), commands->len > 0);
  if (commands->len == 0)
    return;
  /* Translators: %s names the firewall ("ufw", "firewalld"). */
  text = g_strdup_printf (_("This computer’s firewall (%s) is active. To let other devices reach "
                            "Portico’s port, run this in a terminal:"), active->str);
  gtk_label_set_text (self->firewall_label, text);
  gtk_label_set_text (self->firewall_command, commands->str);
}

static void
on_help_popover_show (PtShareCard *self)
{
  g_cancellable_cancel (self->firewall_cancellable);
  g_clear_object (&self->firewall_cancellable);
  self->firewall_cancellable = g_cancellable_new ();
  pt_firewall_detect_async (self->probe, self->firewall_cancellable, detect_cb,
                            g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
pt_share_card_dispose (GObject *object)
{
  PtShareCard *self = PT_SHARE_CARD (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (g_network_monitor_get_default (), self);
  g_cancellable_cancel (self->firewall_cancellable);
  g_clear_object (&self->firewall_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SHARE_CARD);
  g_clear_object (&self->items);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (pt_share_card_parent_class)->dispose (object);
}

static void
pt_share_card_finalize (GObject *object)
{
  PtShareCard *self = PT_SHARE_CARD (object);

  g_free (self->key);
  g_free (self->url);

  G_OBJECT_CLASS (pt_share_card_parent_class)->finalize (object);
}

static void
pt_share_card_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PtShareCard *self = PT_SHARE_CARD (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_share_card_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PtShareCard *self = PT_SHARE_CARD (object);

  switch (prop_id)
    {
    case PROP_PORT:
      pt_share_card_set_port (self, g_value_get_uint (value));
      break;
    case PROP_KEY:
      pt_share_card_set_key (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_share_card_class_init (PtShareCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pt_share_card_dispose;
  object_class->finalize = pt_share_card_finalize;
  object_class->get_property = pt_share_card_get_property;
  object_class->set_property = pt_share_card_set_property;

  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, rw);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, rw);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A line for the window to show as a toast. */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (PT_TYPE_QR_CODE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/portico/Portico/pt-share-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, card_box);
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, qr_code);
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, address_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, url_label);
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, firewall_label);
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, firewall_command);
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, copy_button);
  gtk_widget_class_bind_template_child (widget_class, PtShareCard, help_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_help_popover_show);
}

static void
pt_share_card_init (PtShareCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_lan_entry_free);
  g_signal_connect_swapped (self->address_dropdown, "notify::selected",
                            G_CALLBACK (on_dropdown_selected), self);
  g_signal_connect (g_network_monitor_get_default (), "network-changed",
                    G_CALLBACK (on_network_changed), self);
}

/* ------------------------------------------------------------------------ */
/* public API                                                               */

GtkWidget *
pt_share_card_new (void)
{
  return g_object_new (PT_TYPE_SHARE_CARD, NULL);
}

void
pt_share_card_set_port (PtShareCard *self,
                        guint        port)
{
  g_return_if_fail (PT_IS_SHARE_CARD (self));

  if (self->port == port)
    return;
  self->port = port;
  pt_share_card_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

guint
pt_share_card_get_port (PtShareCard *self)
{
  g_return_val_if_fail (PT_IS_SHARE_CARD (self), 0);

  return self->port;
}

void
pt_share_card_set_key (PtShareCard *self,
                       const char  *key)
{
  g_return_if_fail (PT_IS_SHARE_CARD (self));

  if (g_strcmp0 (self->key, key) == 0)
    return;
  g_free (self->key);
  self->key = g_strdup (key);
  update_url (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
}

const char *
pt_share_card_get_url (PtShareCard *self)
{
  g_return_val_if_fail (PT_IS_SHARE_CARD (self), NULL);

  return self->url;
}

void
_pt_share_card_set_table_func (PtShareCard          *self,
                               PtShareCardTableFunc  func,
                               gpointer              user_data)
{
  g_return_if_fail (PT_IS_SHARE_CARD (self));

  self->table_func = func;
  self->table_data = user_data;
  pt_share_card_refresh (self);
}

void
_pt_share_card_set_firewall_probe (PtShareCard           *self,
                                   const PtFirewallProbe *probe)
{
  g_return_if_fail (PT_IS_SHARE_CARD (self));

  self->probe = probe;
}
