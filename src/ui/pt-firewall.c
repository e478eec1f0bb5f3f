/* pt-firewall.c — which host firewall is active, and how to open a port */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <string.h>

#include "pt-firewall.h"

static const char * const firewalld_default_argv[] = {
  "systemctl", "is-active", "--quiet", "firewalld.service", NULL
};

static const PtFirewallProbe default_probe = {
  .ufw_conf = PT_FIREWALL_UFW_CONF,
  .firewalld_argv = firewalld_default_argv,
};

const PtFirewallProbe *
pt_firewall_probe_default (void)
{
  return &default_probe;
}

gboolean
pt_firewall_ufw_enabled (const char *conf_text)
{
  g_auto(GStrv) lines = NULL;
  gboolean enabled = FALSE;

  if (conf_text == NULL)
    return FALSE;
  lines = g_strsplit (conf_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *value;

      if (!g_str_has_prefix (line, "ENABLED"))
        continue;
      value = g_strstrip (line + strlen ("ENABLED"));
      if (value[0] != '=')
        continue;
      value = g_strstrip (value + 1);
      /* The shell-style file may quote the value; the last line wins. */
      if (value[0] == '"' || value[0] == '\'')
        {
          gsize len = strlen (value);

          if (len >= 2 && value[len - 1] == value[0])
            {
              value[len - 1] = '\0';
              value++;
            }
        }
      enabled = g_ascii_strcasecmp (value, "yes") == 0;
    }
  return enabled;
}

char *
pt_firewall_open_command (PtFirewall firewall,
                          guint      port)
{
  switch (firewall)
    {
    case PT_FIREWALL_FIREWALLD:
      return g_strdup_printf ("sudo firewall-cmd --add-port=%u/tcp", port);
    case PT_FIREWALL_UFW:
      return g_strdup_printf ("sudo ufw allow %u/tcp", port);
    case PT_FIREWALL_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PtFirewall found = GPOINTER_TO_INT (g_task_get_task_data (task));

  if (g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, NULL))
    found |= PT_FIREWALL_FIREWALLD;
  g_task_return_int (task, found);
}

void
pt_firewall_detect_async (const PtFirewallProbe *probe,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSubprocess) check = NULL;
  g_autofree char *conf = NULL;
  PtFirewall found = PT_FIREWALL_NONE;

  g_task_set_source_tag (task, pt_firewall_detect_async);
  if (probe == NULL)
    probe = &default_probe;

  /* A few hundred bytes in /etc: read at once. */
  if (probe->ufw_conf != NULL &&
      g_file_get_contents (probe->ufw_conf, &conf, NULL, NULL) &&
      pt_firewall_ufw_enabled (conf))
    found |= PT_FIREWALL_UFW;
  g_task_set_task_data (task, GINT_TO_POINTER (found), NULL);

  if (probe->firewalld_argv != NULL)
    check = g_subprocess_newv (probe->firewalld_argv,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               NULL);
  if (check == NULL)
    {
      g_task_return_int (task, found);
      return;
    }
  g_subprocess_wait_check_async (check, cancellable, wait_cb, g_steal_pointer (&task));
}

PtFirewall
pt_firewall_detect_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), PT_FIREWALL_NONE);

  return (PtFirewall) g_task_propagate_int (G_TASK (result), error);
}
