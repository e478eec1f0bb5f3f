/* pt-console-page.h — the request console: the report's client in the window (layer 3)
 *
 * Sends the raw request typed in the text area to the running server and shows
 * the raw response head and the body (text, or a "<N bytes of TYPE>" summary).  The connection is reused while the server keeps it open.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PT_CONSOLE_TIMEOUT_S        10        /* connect, send and receive */
/* The response head limit is PT_HTTP_RESPONSE_MAX_HEAD and the body shown
 * at most PT_HTTP_BODY_PREVIEW_MAX bytes (layer 0), as in portico-client. */

#define PT_TYPE_CONSOLE_PAGE (pt_console_page_get_type ())
G_DECLARE_FINAL_TYPE (PtConsolePage, pt_console_page, PT, CONSOLE_PAGE, GtkBox)

/* port 0: no server (Send is disabled).  A new port drops the connection. */
void        pt_console_page_set_port       (PtConsolePage *self,
                                            guint          port);
void        pt_console_page_set_request    (PtConsolePage *self,
                                            const char    *text);
/* Sends what the request area holds (LF line ends become CRLF). */
void        pt_console_page_send           (PtConsolePage *self);
gboolean    pt_console_page_is_busy        (PtConsolePage *self);
/* The response area's text (owned by the page until the next send). */
char       *pt_console_page_dup_response   (PtConsolePage *self);
/* The status line under the response ("Sent on a new connection, …",
 * "The request failed: …"). */
const char *pt_console_page_get_status     (PtConsolePage *self);
/* Exchanges done on the current connection (1 = fresh, 2+ = reused). */
guint       pt_console_page_get_exchanges  (PtConsolePage *self);

G_END_DECLS
