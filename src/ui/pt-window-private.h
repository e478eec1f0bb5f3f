/* pt-window-private.h — PtWindow's struct, shared by pt-window.c and
 * pt-window-actions.c, and what the GUI tests read inside it (layer 3) */
#pragma once

#include "pt-console-page.h"
#include "pt-log-view.h"
#include "pt-share-card.h"
#include "pt-window.h"

G_BEGIN_DECLS

/* What a confirmed folder dialog goes on with (pt-window-folders.c). */
typedef enum
{
  PT_FOLDER_STEP_START,    /* start serving the folder */
  PT_FOLDER_STEP_TAKE,     /* take the folder (the running server moves to it) */
  PT_FOLDER_STEP_SWITCH,   /* from outside while serving another: then TAKE */
} PtFolderStep;

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
  PtShareCard          *share_card;
  GtkButton            *new_link_button;    /* visible with a private link */
  GtkLabel             *connections_label;
  GtkLabel             *browsers_label;       /* live reload's event streams */
  GtkLabel             *requests_label;
  GtkLabel             *rate_label;
  GtkLabel             *bytes_label;
  GtkLabel             *errors_label;
  PtLogView            *log_view;
  AdwViewStack         *stack;
  PtConsolePage        *console_page;
  GtkMenuButton        *recent_button;
  GtkLabel             *start_summary;

  PtSettings           *settings;
  PtServerController   *controller;
  gboolean              closing;           /* destroyed once stopped */
  char                 *last_toast;
  GtkFileChooserNative *chooser;

  /* pt-window-folders.c */
  GtkDropTarget        *drop_target;       /* owned by the window */
  GMenu                *recent_menu;
  AdwMessageDialog     *folder_dialog;     /* the open question, if any */
  char                 *pending_folder;    /* what it is about */
  PtFolderStep          pending_step;
  char                 *confirmed_folder;  /* risky folder already confirmed */
};

/* pt-window-actions.c: the win.* actions and their keys, installed once per
 * class; per window, which of them are enabled follows the controller. */
void                  _pt_window_class_actions_init (PtWindowClass *klass);
void                  _pt_window_actions_init       (PtWindow      *self);
/* pt-window.c */
void                  _pt_window_show_toast         (PtWindow      *self,
                                                     const char    *text);
/* pt-window-folders.c: win.open-recent; the drop target, the recent-folders
 * menu and the "what Start will do" line. */
void                  _pt_window_class_folders_init (PtWindowClass *klass);
void                  _pt_window_folders_init       (PtWindow      *self);
void                  _pt_window_folders_dispose    (PtWindow      *self);
/* The chooser's, a drop's and the recent menu's way in: checked (a toast
 * when refused), a risky folder confirmed first if the server runs. */
void                  _pt_window_take_folder        (PtWindow      *self,
                                                     const char    *folder);
/* TRUE when Start may go ahead now; FALSE: a confirmation is shown, and
 * Start follows only if it is accepted. */
gboolean              _pt_window_confirm_start      (PtWindow      *self);

/* For tests. */
/* The text of the newest toast, NULL if none was shown. */
const char           *_pt_window_get_last_toast     (PtWindow *self);
/* The chooser opened by win.choose-folder, NULL when none is open. */
GtkFileChooserNative *_pt_window_get_folder_chooser (PtWindow *self);
/* The folder question (home folder, serve instead), NULL when none is open. */
AdwMessageDialog     *_pt_window_get_folder_dialog  (PtWindow *self);
GtkDropTarget        *_pt_window_get_drop_target    (PtWindow *self);

G_END_DECLS
