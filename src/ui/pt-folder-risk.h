/* pt-folder-risk.h — folders the window asks about before serving (layer 3)
 *
 * Serving a home folder hands out documents, photos and downloads (the
 * engine never serves hidden files such as ~/.ssh/id_ed25519, but all the
 * rest of the folder is readable).  The window asks for confirmation
 * before it starts on such a folder (pt-window-folders.c).  The file
 * system root is not a risk to confirm: pt_options_check_folder refuses it
 * in every front end.  GLib only.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PT_FOLDER_RISK_NONE,
  PT_FOLDER_RISK_HOME,          /* the home folder itself */
  PT_FOLDER_RISK_HOLDS_HOME,    /* a folder the home folder is in (/home) */
  PT_FOLDER_RISK_PRIVATE_DIRS,  /* directly holds .ssh, .gnupg, .config, … */
} PtFolderRisk;

/* home: the home folder (g_get_home_dir () in the window).  *private_dir,
 * when not NULL, gets the first private dot-directory found for
 * PT_FOLDER_RISK_PRIVATE_DIRS (".ssh"), else NULL. */
PtFolderRisk pt_folder_risk_assess (const char  *folder,
                                    const char  *home,
                                    char       **private_dir);

G_END_DECLS
