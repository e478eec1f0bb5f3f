/* pt-preferences-dialog.h — the preferences window, bound to PtSettings (layer 3) */
#pragma once

#include <adwaita.h>

#include "pt-settings.h"

G_BEGIN_DECLS

#define PT_TYPE_PREFERENCES_DIALOG (pt_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PtPreferencesDialog, pt_preferences_dialog, PT, PREFERENCES_DIALOG,
                      AdwPreferencesWindow)

PtPreferencesDialog *pt_preferences_dialog_new (PtSettings *settings);

G_END_DECLS
