/* pt-log-row.c — one row of the live log */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n.h>

#include "pt-log-row.h"

#define STATUS_CLASS_DIVISOR 100

struct _PtLogRow
{
  GObject      parent_instance;

  PtEventType  kind;
  gint64       time;
  int          status;
  guint        peer_port;
  guint64      bytes;      /* RESPONSE: bytes sent; DROPPED: events not shown */
  char        *peer_addr;
  char        *method;
  char        *path;       /* ERROR/STARTED: the message */
  gboolean     refused;    /* RESPONSE: a 403 for want of the private link's key */
};

G_DEFINE_FINAL_TYPE (PtLogRow, pt_log_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME,
  PROP_CLIENT,
  PROP_WHAT,
  PROP_METHOD,
  PROP_PATH,
  PROP_STATUS,
  PROP_BYTES,
  PROP_STATUS_CLASSES,
  PROP_WHAT_CLASSES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_time (gint64 usec)
{
  time_t secs = (time_t) (usec / G_USEC_PER_SEC);
  struct tm tm;

  if (localtime_r (&secs, &tm) == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static char *
format_client (PtLogRow *self)
{
  if (self->peer_addr == NULL)
    return g_strdup ("");
  if (strchr (self->peer_addr, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->peer_addr, self->peer_port);
  return g_strdup_printf ("%s:%u", self->peer_addr, self->peer_port);
}

static char *
format_status (PtLogRow *self)
{
  if (self->status <= 0)
    return g_strdup ("");
  return g_strdup_printf ("%d", self->status);
}

static char *
format_bytes (PtLogRow *self)
{
  if (self->kind != PT_EVENT_RESPONSE)
    return g_strdup ("");
  return g_strdup_printf ("%" G_GUINT64_FORMAT, self->bytes);
}

static char **
status_classes (PtLogRow *self)
{
  const char *cls;

  switch (self->status / STATUS_CLASS_DIVISOR)
    {
    case 2:  cls = "status-2xx"; break;
    case 3:  cls = "status-3xx"; break;
    case 4:  cls = "status-4xx"; break;
    case 5:  cls = "status-5xx"; break;
    default: cls = "status-none"; break;
    }
  return g_strdupv ((char *[]) { (char *) "status", (char *) cls, NULL });
}

static char **
what_classes (PtLogRow *self)
{
  const char *cls = "what-info";

  if (self->kind == PT_EVENT_ERROR || self->kind == PT_EVENT_DROPPED || self->refused)
    cls = "what-error";
  else if (self->kind == PT_EVENT_REQUEST || self->kind == PT_EVENT_RESPONSE)
    cls = "what-request";
  return g_strdupv ((char *[]) { (char *) "what", (char *) cls, NULL });
}

const char *
pt_log_row_get_what (PtLogRow *self)
{
  g_return_val_if_fail (PT_IS_LOG_ROW (self), NULL);

  switch (self->kind)
    {
    case PT_EVENT_STARTED:      return C_("log event", "started");
    case PT_EVENT_STOPPED:      return C_("log event", "stopped");
    case PT_EVENT_ERROR:        return C_("log event", "error");
    case PT_EVENT_CONN_OPENED:  return C_("log event", "connected");
    case PT_EVENT_REQUEST:      return C_("log event", "request");
    case PT_EVENT_RESPONSE:     return self->refused ? C_("log event", "refused")
                                                 : C_("log event", "response");
    case PT_EVENT_KEEP_ALIVE:   return C_("log event", "waiting");
    case PT_EVENT_TIMEOUT:      return C_("log event", "timeout");
    case PT_EVENT_MAX_REQUESTS: return C_("log event", "max requests");
    case PT_EVENT_CONN_CLOSED:  return C_("log event", "closed");
    case PT_EVENT_DROPPED:      return C_("log event", "not shown");
    case PT_EVENT_LIVE_RELOAD:  return C_("log event", "reload");
    case PT_EVENT_LIVE_RELOAD_BROWSERS: return C_("log event", "browsers");
    case PT_EVENT_LIVE_RELOAD_POLLING:  return C_("log event", "polling");
    default:                    return "";
    }
}

static char *
format_path (PtLogRow *self)
{
  if (self->kind == PT_EVENT_DROPPED)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, self->bytes);

      /* Translators: %s is a number of log events */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s event not shown (too many at once)",
                                           "%s events not shown (too many at once)",
                                           (gulong) MIN (self->bytes, G_MAXULONG)),
                              count);
    }
  return g_strdup (self->path != NULL ? self->path : "");
}

static void
pt_log_row_finalize (GObject *object)
{
  PtLogRow *self = PT_LOG_ROW (object);

  g_free (self->peer_addr);
  g_free (self->method);
  g_free (self->path);

  G_OBJECT_CLASS (pt_log_row_parent_class)->finalize (object);
}

static void
pt_log_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PtLogRow *self = PT_LOG_ROW (object);

  switch (prop_id)
    {
    case PROP_TIME:           g_value_take_string (value, format_time (self->time)); break;
    case PROP_CLIENT:         g_value_take_string (value, format_client (self)); break;
    case PROP_WHAT:           g_value_set_string (value, pt_log_row_get_what (self)); break;
    case PROP_METHOD:         g_value_set_string (value, self->method != NULL ? self->method : ""); break;
    case PROP_PATH:           g_value_take_string (value, format_path (self)); break;
    case PROP_STATUS:         g_value_take_string (value, format_status (self)); break;
    case PROP_BYTES:          g_value_take_string (value, format_bytes (self)); break;
    case PROP_STATUS_CLASSES: g_value_take_boxed (value, status_classes (self)); break;
    case PROP_WHAT_CLASSES:   g_value_take_boxed (value, what_classes (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_log_row_class_init (PtLogRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pt_log_row_finalize;
  object_class->get_property = pt_log_row_get_property;

  properties[PROP_TIME] = g_param_spec_string ("time", NULL, NULL, NULL, ro);
  properties[PROP_CLIENT] = g_param_spec_string ("client", NULL, NULL, NULL, ro);
  properties[PROP_WHAT] = g_param_spec_string ("what", NULL, NULL, NULL, ro);
  properties[PROP_METHOD] = g_param_spec_string ("method", NULL, NULL, NULL, ro);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, ro);
  properties[PROP_BYTES] = g_param_spec_string ("bytes", NULL, NULL, NULL, ro);
  properties[PROP_STATUS_CLASSES] = g_param_spec_boxed ("status-classes", NULL, NULL,
                                                        G_TYPE_STRV, ro);
  properties[PROP_WHAT_CLASSES] = g_param_spec_boxed ("what-classes", NULL, NULL,
                                                      G_TYPE_STRV, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pt_log_row_init (PtLogRow *self)
{
}

PtLogRow *
pt_log_row_new (const PtEvent *event)
{
  PtLogRow *self;

  g_return_val_if_fail (event != NULL, NULL);

  self = g_object_new (PT_TYPE_LOG_ROW, NULL);
  self->kind = event->type;
  self->time = event->time;
  self->status = event->type == PT_EVENT_RESPONSE ? event->status : 0;
  self->peer_port = event->peer_port;
  self->peer_addr = g_strdup (event->peer_addr);
  self->method = g_strdup (event->method);

  switch (event->type)
    {
    case PT_EVENT_STARTED:
      {
        const char *host = event->message != NULL ? event->message : "";

        /* "[::]:8080", as a URL writes an IPv6 host */
        self->path = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, event->port)
                                                : g_strdup_printf ("%s:%u", host, event->port);
      }
      break;
    case PT_EVENT_ERROR:
      self->path = g_strdup (event->message);
      break;
    case PT_EVENT_DROPPED:
      self->bytes = event->count;
      break;
    case PT_EVENT_MAX_REQUESTS:
      self->path = g_strdup_printf ("%" G_GUINT64_FORMAT, event->count);
      break;
    case PT_EVENT_RESPONSE:
      self->bytes = event->bytes;
      self->path = g_strdup (event->path);
      self->refused = event->refused;
      break;
    case PT_EVENT_LIVE_RELOAD:
      {
        g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, event->count);

        /* Translators: the changed files, then a number of browsers */
        self->path = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s browser told)",
                                                   "%s (%s browsers told)",
                                                   (gulong) MIN (event->count, G_MAXULONG)),
                                      event->message != NULL ? event->message : "", count);
      }
      break;
    case PT_EVENT_LIVE_RELOAD_BROWSERS:
      {
        g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, event->count);

        /* Translators: %s is a number of browsers */
        self->path = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s browser connected",
                                                   "%s browsers connected",
                                                   (gulong) MIN (event->count, G_MAXULONG)),
                                      count);
      }
      break;
    case PT_EVENT_LIVE_RELOAD_POLLING:
      self->path = g_strdup (event->message);
      break;
    case PT_EVENT_STOPPED:
    case PT_EVENT_CONN_OPENED:
    case PT_EVENT_REQUEST:
    case PT_EVENT_KEEP_ALIVE:
    case PT_EVENT_TIMEOUT:
    case PT_EVENT_CONN_CLOSED:
    default:
      self->path = g_strdup (event->path);
      break;
    }

  return self;
}

PtEventType
pt_log_row_get_kind (PtLogRow *self)
{
  g_return_val_if_fail (PT_IS_LOG_ROW (self), PT_EVENT_ERROR);

  return self->kind;
}

int
pt_log_row_get_status (PtLogRow *self)
{
  g_return_val_if_fail (PT_IS_LOG_ROW (self), 0);

  return self->status;
}

const char *
pt_log_row_get_path (PtLogRow *self)
{
  g_return_val_if_fail (PT_IS_LOG_ROW (self), NULL);

  return self->path;
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

gboolean
pt_log_row_matches (PtLogRow   *self,
                    const char *needle)
{
  g_autofree char *client = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (PT_IS_LOG_ROW (self), FALSE);

  if (needle == NULL || needle[0] == '\0')
    return TRUE;

  client = format_client (self);
  status = format_status (self);
  return contains (self->path, needle) ||
         contains (self->method, needle) ||
         contains (client, needle) ||
         contains (status, needle) ||
         contains (pt_log_row_get_what (self), needle);
}

gboolean
pt_log_row_get_refused (PtLogRow *self)
{
  g_return_val_if_fail (PT_IS_LOG_ROW (self), FALSE);

  return self->refused;
}
