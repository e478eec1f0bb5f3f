/* pt-qr-code.c — a QR code drawn as modules
 *
 * libqrencode computes the modules once per text; the snapshot draws each
 * run of dark modules in a row as one rectangle, on white with a quiet zone
 * of PT_QR_CODE_QUIET_ZONE modules, whatever the theme: phone cameras read
 * dark on light.  The module size is a whole number of device pixels, so
 * the edges stay sharp at any size and scale (a scaled bitmap would blur).
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <qrencode.h>
#include <string.h>

#include "pt-qr-code.h"

#define PT_QR_CODE_MIN_MODULE_PX 3   /* the smallest module asked for (a narrow window) */
#define PT_QR_CODE_NAT_MODULE_PX 5   /* the module asked for: a URL's code is ~165 px */
#define PT_QR_CODE_DARK_BIT      0x01 /* libqrencode: bit 0 of each module is "dark" */

struct _PtQrCode
{
  GtkWidget  parent_instance;

  char      *text;
  QRcode    *code;      /* NULL when there is nothing to draw */
};

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PtQrCode, pt_qr_code, GTK_TYPE_WIDGET)

static guint
side_in_modules (PtQrCode *self)
{
  return (guint) self->code->width + 2 * PT_QR_CODE_QUIET_ZONE;
}

static void
pt_qr_code_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  PtQrCode *self = PT_QR_CODE (widget);
  int side = self->code != NULL ? (int) side_in_modules (self) : 0;

  *minimum = side * PT_QR_CODE_MIN_MODULE_PX;
  *natural = side * PT_QR_CODE_NAT_MODULE_PX;
}

static void
pt_qr_code_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  PtQrCode *self = PT_QR_CODE (widget);
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA dark = { 0, 0, 0, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  guint side, n;
  float module, origin_x, origin_y;

  if (self->code == NULL)
    return;

  /* Whole device pixels per module, the square centred. */
  side = side_in_modules (self);
  n = (guint) self->code->width;
  module = (float) MAX (1, (MIN (width, height) * scale) / (int) side) / (float) scale;
  origin_x = (float) (int) (((float) width - module * (float) side) / 2.f * (float) scale) / (float) scale;
  origin_y = (float) (int) (((float) height - module * (float) side) / 2.f * (float) scale) / (float) scale;

  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (origin_x, origin_y,
                                                  module * (float) side, module * (float) side));
  for (guint y = 0; y < n; y++)
    {
      const unsigned char *row = self->code->data + (gsize) y * n;

      for (guint x = 0; x < n; )
        {
          guint run = 0;

          while (x + run < n && (row[x + run] & PT_QR_CODE_DARK_BIT) != 0)
            run++;
          if (run == 0)
            {
              x++;
              continue;
            }
          gtk_snapshot_append_color (snapshot, &dark,
                                     &GRAPHENE_RECT_INIT (origin_x + module * (float) (x + PT_QR_CODE_QUIET_ZONE),
                                                          origin_y + module * (float) (y + PT_QR_CODE_QUIET_ZONE),
                                                          module * (float) run, module));
          x += run;
        }
    }
}

static void
pt_qr_code_finalize (GObject *object)
{
  PtQrCode *self = PT_QR_CODE (object);

  g_clear_pointer (&self->code, QRcode_free);
  g_free (self->text);

  G_OBJECT_CLASS (pt_qr_code_parent_class)->finalize (object);
}

static void
pt_qr_code_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PtQrCode *self = PT_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_qr_code_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PtQrCode *self = PT_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      pt_qr_code_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_qr_code_class_init (PtQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pt_qr_code_finalize;
  object_class->get_property = pt_qr_code_get_property;
  object_class->set_property = pt_qr_code_set_property;
  widget_class->measure = pt_qr_code_measure;
  widget_class->snapshot = pt_qr_code_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pt_qr_code_init (PtQrCode *self)
{
}

GtkWidget *
pt_qr_code_new (void)
{
  return g_object_new (PT_TYPE_QR_CODE, NULL);
}

void
pt_qr_code_set_text (PtQrCode   *self,
                     const char *text)
{
  g_return_if_fail (PT_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->code, QRcode_free);
  if (text != NULL && text[0] != '\0')
    {
      /* version 0: the smallest that fits; byte mode keeps the case of the
       * URL (the key is case-sensitive). */
      self->code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
      if (self->code == NULL)
        g_warning ("Could not encode a QR code of %zu bytes", strlen (text));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
pt_qr_code_get_text (PtQrCode *self)
{
  g_return_val_if_fail (PT_IS_QR_CODE (self), NULL);

  return self->text;
}

guint
pt_qr_code_get_modules (PtQrCode *self)
{
  g_return_val_if_fail (PT_IS_QR_CODE (self), 0);

  return self->code != NULL ? (guint) self->code->width : 0;
}
