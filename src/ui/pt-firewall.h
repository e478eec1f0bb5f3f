/* pt-firewall.h — which host firewall is active, and the command that would
 * open a port in it (layer 3, GTK-free).  Portico never changes firewall
 * rules: it only shows the command. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PT_FIREWALL_NONE      = 0,
  PT_FIREWALL_FIREWALLD = 1 << 0,
  PT_FIREWALL_UFW       = 1 << 1,
} PtFirewall;

#define PT_FIREWALL_UFW_CONF "/etc/ufw/ufw.conf"

/* Where to look; tests point these at scratch files and commands. */
typedef struct
{
  const char         *ufw_conf;        /* PT_FIREWALL_UFW_CONF */
  const char * const *firewalld_argv;  /* exits 0 when firewalld is active */
} PtFirewallProbe;

/* The default probe: /etc/ufw/ufw.conf and `systemctl is-active --quiet
 * firewalld.service` (needs no root). */
const PtFirewallProbe *pt_firewall_probe_default (void);

/* Detects without root and without blocking: reads the ufw configuration
 * and runs the firewalld check as a GSubprocess.  A check that cannot run
 * counts as "not active". */
void        pt_firewall_detect_async   (const PtFirewallProbe *probe,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
PtFirewall  pt_firewall_detect_finish  (GAsyncResult          *result,
                                        GError               **error);

/* ufw.conf's text says ENABLED=yes (pure). */
gboolean    pt_firewall_ufw_enabled    (const char            *conf_text);
/* "sudo firewall-cmd --add-port=8080/tcp", "sudo ufw allow 8080/tcp";
 * firewall: exactly one of the flags. */
char       *pt_firewall_open_command   (PtFirewall             firewall,
                                        guint                  port);

G_END_DECLS
