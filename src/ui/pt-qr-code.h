/* pt-qr-code.h — a QR code drawn as modules (layer 3) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PT_QR_CODE_QUIET_ZONE 4   /* modules of white around the code (ISO/IEC 18004) */

#define PT_TYPE_QR_CODE (pt_qr_code_get_type ())
G_DECLARE_FINAL_TYPE (PtQrCode, pt_qr_code, PT, QR_CODE, GtkWidget)

GtkWidget  *pt_qr_code_new          (void);
/* The text encoded (byte mode, error correction M); NULL or "" draws nothing. */
void        pt_qr_code_set_text     (PtQrCode   *self,
                                     const char *text);
const char *pt_qr_code_get_text     (PtQrCode   *self);
/* Modules per side without the quiet zone; 0 when there is no code. */
guint       pt_qr_code_get_modules  (PtQrCode   *self);

G_END_DECLS
