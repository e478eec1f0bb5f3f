/* pt-share-card.h — the card that hands the server to a phone (layer 3)
 *
 * The ranked addresses (pt-lan.h) in a drop-down, the URL of the chosen one
 * (pt_share_url), its QR code, Copy and Open, and a "Phone cannot connect?"
 * popover that names the active firewall's command.  The list follows
 * GNetworkMonitor::network-changed; the server is never restarted.
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-firewall.h"
#include "pt-lan.h"

G_BEGIN_DECLS

#define PT_TYPE_SHARE_CARD (pt_share_card_get_type ())
G_DECLARE_FINAL_TYPE (PtShareCard, pt_share_card, PT, SHARE_CARD, GtkBox)

/* Returns a new table for the card to rank (tests fake the system's). */
typedef PtLanTable *(*PtShareCardTableFunc) (gpointer user_data);

GtkWidget  *pt_share_card_new         (void);
/* The port the URLs name; 0 clears the card. */
void        pt_share_card_set_port    (PtShareCard *self,
                                       guint        port);
guint       pt_share_card_get_port    (PtShareCard *self);
/* A private link's key carried by the URL ("key" property), NULL for none. */
void        pt_share_card_set_key     (PtShareCard *self,
                                       const char  *key);
/* The URL shown (and in the QR code), NULL when there is no address. */
const char *pt_share_card_get_url     (PtShareCard *self);
/* Reads the interfaces again now. */
void        pt_share_card_refresh     (PtShareCard *self);

/* For tests: where the table comes from (NULL: the system), and where the
 * firewall detection looks (NULL: pt_firewall_probe_default ()). */
void        _pt_share_card_set_table_func     (PtShareCard            *self,
                                               PtShareCardTableFunc    func,
                                               gpointer                user_data);
void        _pt_share_card_set_firewall_probe (PtShareCard            *self,
                                               const PtFirewallProbe  *probe);

G_END_DECLS
