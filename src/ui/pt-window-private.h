/* pt-window-private.h — PtWindow's struct, shared by pt-window.c and
 * pt-window-actions.c, and what the GUI tests read inside it (layer 3) */
#pragma once

#include "pt-console-page.h"
#include "pt-log-view.h"
#include "pt-window.h"

G_BEGIN_DECLS

struct _PtWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkButton            *start_button;
  GtkSpinButton        *port_spin;
  GtkDropDown          *listen_dropdown;
  AdwActionRow         *folder_row;
  GtkLabel             *folder_error;
  GtkLabel             *sharing_warning;
  GtkWidget            *running_box;
  GtkLinkButton        *address_link;
  GtkLabel             *lan_label;
  GtkButton            *new_link_button;    /* visible with a private link */
  GtkLabel             *connections_label;
  GtkLabel             *requests_label;
  GtkLabel             *rate_label;
  GtkLabel             *bytes_label;
  GtkLabel             *errors_label;
  PtLogView            *log_view;
  AdwViewStack         *stack;
  PtConsolePage        *console_page;

  PtSettings           *settings;
  PtServerController   *controller;
  gboolean              closing;           /* destroyed once stopped */
  char                 *last_toast;
  GtkFileChooserNative *chooser;
};

/* pt-window-actions.c: the win.* actions and their keys, installed once per
 * class; per window, which of them are enabled follows the controller. */
void                  _pt_window_class_actions_init (PtWindowClass *klass);
void                  _pt_window_actions_init       (PtWindow      *self);
/* pt-window.c */
void                  _pt_window_show_toast         (PtWindow      *self,
                                                     const char    *text);

/* For tests. */
/* The text of the newest toast, NULL if none was shown. */
const char           *_pt_window_get_last_toast     (PtWindow *self);
/* The chooser opened by win.choose-folder, NULL when none is open. */
GtkFileChooserNative *_pt_window_get_folder_chooser (PtWindow *self);

G_END_DECLS
