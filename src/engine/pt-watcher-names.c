/* pt-watcher-names.c — which changed names the watcher reports (layer 1)
 *
 * Editors save through files of their own; only the file saved is a change:
 *   vim       4913 (a probe: can I create files here?), then 5036, 5159 …
 *             when that exists; .x.swp / .x.swo / .x.swx; x~ (backup)
 *   Emacs     .#x (lock), #x# (auto-save), x~ (backup)
 *   gedit, GNOME Text Editor (GIO)   .goutputstream-XXXXXX, renamed over x
 *   JetBrains x___jb_tmp___ renamed over x, x___jb_old___ deleted
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-watcher.h"

#include <string.h>

#include "pt-http-mime.h"

#define PT_WATCHER_VIM_PROBE_FIRST 4913
#define PT_WATCHER_VIM_PROBE_STEP  123
#define PT_WATCHER_VIM_PROBE_DIGITS 9   /* longer digit strings are never probes */

/* vim's bufwrite.c tries "4913", and adds 123 while the name exists. */
static gboolean
is_vim_probe (const char *name,
              gsize       len)
{
  guint64 value = 0;

  if (len > PT_WATCHER_VIM_PROBE_DIGITS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (name[i] < '0' || name[i] > '9')
        return FALSE;
      value = value * 10 + (guint64) (name[i] - '0');
    }
  return value >= PT_WATCHER_VIM_PROBE_FIRST &&
         (value - PT_WATCHER_VIM_PROBE_FIRST) % PT_WATCHER_VIM_PROBE_STEP == 0;
}

gboolean
pt_watcher_name_is_reported (const char *name,
                             gboolean    any_type)
{
  gsize len;

  g_return_val_if_fail (name != NULL, FALSE);

  len = strlen (name);
  if (len == 0 || name[0] == '.')
    return FALSE;                   /* hidden: never served (also .#x, .x.swp, .goutputstream-*) */
  if (name[len - 1] == '~')
    return FALSE;                   /* backups */
  if (name[0] == '#' && name[len - 1] == '#')
    return FALSE;                   /* Emacs' auto-save */
  if (strstr (name, "___jb_") != NULL)
    return FALSE;                   /* JetBrains' safe write */
  if (is_vim_probe (name, len))
    return FALSE;
  if (strcmp (name, PT_WATCHER_PATH_ANY) == 0)
    return FALSE;                   /* the batch's own marker */
  if (!any_type && pt_http_mime_lookup (name, len) == NULL)
    return FALSE;                   /* the responder refuses the type (400) */
  return TRUE;
}
