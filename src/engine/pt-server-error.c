/* pt-server-error.c — the engine's GError domain (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-server-error.h"

G_DEFINE_QUARK (pt-server-error-quark, pt_server_error)
