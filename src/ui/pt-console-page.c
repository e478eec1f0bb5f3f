/* pt-console-page.c — the request console
 *
 * One exchange at a time runs in a GTask thread with blocking GIO calls and
 * socket timeouts; while it runs, the thread owns the connection.  Afterwards
 * the connection comes back to the page if the server keeps it open.
 * Heads are parsed and bodies framed by layer 0 (pt-http-response-parser.h);
 * a body streams through a bounded preview (pt-http-body-preview.h), shown
 * as portico-client shows it.
 */
#define G_LOG_DOMAIN "pt-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pt-console-page.h"
#include "pt-http-body-preview.h"
#include "pt-http-response-parser.h"
#include "pt-server-config.h"

#define LOOPBACK_HOST      "127.0.0.1"
#define READ_CHUNK         16384

struct _PtConsolePage
{
  GtkBox             parent_instance;

  GtkTextView       *request_view;
  GtkTextView       *response_view;
  GtkLabel          *status_label;

  guint              port;
  GSocketConnection *connection;       /* NULL while an exchange owns it */
  guint              exchanges;
  gboolean           busy;
  char              *prefilled;         /* the request text we wrote ourselves */
  GCancellable      *cancellable;
};

G_DEFINE_FINAL_TYPE (PtConsolePage, pt_console_page, GTK_TYPE_BOX)

typedef struct
{
  GSocketConnection *connection;   /* in: to reuse, or NULL; out: still open, or NULL */
  guint              port;
  GBytes            *request;
  gboolean           head_only;
  gboolean           reused;
  GString           *heads;            /* every head received (interim ones too), as sent */
  char              *content_type;     /* the final head's, or NULL */
  PtHttpBodyPreview *preview;
  gboolean           keep_alive;
} Exchange;

static void
exchange_reset (Exchange *ex)
{
  if (ex->heads != NULL)
    g_string_free (ex->heads, TRUE);
  ex->heads = NULL;
  g_clear_pointer (&ex->content_type, g_free);
  g_clear_pointer (&ex->preview, g_free);
  ex->keep_alive = FALSE;
}

static void
exchange_free (Exchange *ex)
{
  g_clear_object (&ex->connection);
  g_clear_pointer (&ex->request, g_bytes_unref);
  exchange_reset (ex);
  g_free (ex);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exchange, exchange_free)

/* ------------------------------------------------------------------------ */
/* the exchange (worker thread)                                             */

/* Reads more into buf: bytes read, 0 at EOF, -1 with error set. */
static gssize
read_more (GInputStream  *in,
           GByteArray    *buf,
           GCancellable  *cancellable,
           GError       **error)
{
  guint8 chunk[READ_CHUNK];
  gssize n = g_input_stream_read (in, chunk, sizeof chunk, cancellable, error);

  if (n > 0)
    g_byte_array_append (buf, chunk, (guint) n);
  return n;
}

/* Streams the body out of buf (and the stream) through ex->preview as the
 * head's framing says. */
static gboolean
read_body (Exchange                   *ex,
           const PtHttpParsedResponse *resp,
           GInputStream               *in,
           GByteArray                 *buf,
           GCancellable               *cancellable,
           GError                    **error)
{
  PtHttpResponseBody body;
  bool done = false;

  pt_http_response_body_init (&body, resp);
  for (;;)
    {
      guint pos = 0;
      gssize n;

      do
        {
          PtHttpSlice data;
          ssize_t used = pt_http_response_body_step (&body, (const char *) buf->data + pos,
                                                     buf->len - pos, &data, &done);

          if (used < 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The server sent a malformed response: %s"),
                           pt_http_response_error_string (used));
              return FALSE;
            }
          pt_http_body_preview_add (ex->preview, data.ptr, data.len);
          pos += (guint) used;
        }
      while (!done && pos < buf->len);
      g_byte_array_remove_range (buf, 0, pos);
      if (done)
        return TRUE;

      n = read_more (in, buf, cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          if (pt_http_response_body_ends_at_close (&body))
            return TRUE;
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               _("The server closed the connection before the whole body arrived"));
          return FALSE;
        }
    }
}

/* FALSE with no error: the server closed before sending anything. */
static gboolean
run_exchange (Exchange      *ex,
              GCancellable  *cancellable,
              GError       **error)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (ex->connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (ex->connection));
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autofree PtHttpParsedResponse *resp = g_new0 (PtHttpParsedResponse, 1);

  if (!g_output_stream_write_all (out, g_bytes_get_data (ex->request, NULL),
                                  g_bytes_get_size (ex->request), NULL, cancellable, error))
    return FALSE;

  exchange_reset (ex);
  ex->heads = g_string_new (NULL);

  /* the head, after any interim (1xx) heads */
  for (;;)
    {
      ssize_t head_len = pt_http_parse_response ((const char *) buf->data, buf->len,
                                                 ex->head_only, resp);

      if (head_len == PT_HTTP_RESPONSE_ERROR_HEAD_TOO_LARGE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("The response head is larger than %d KiB"), PT_HTTP_RESPONSE_MAX_HEAD / 1024);
          return FALSE;
        }
      if (head_len < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The server sent a malformed response: %s"),
                       pt_http_response_error_string (head_len));
          return FALSE;
        }
      if (head_len > 0)
        {
          g_string_append_len (ex->heads, (const char *) buf->data, head_len);
          g_clear_pointer (&ex->content_type, g_free);
          if (resp->content_type.ptr != NULL)
            ex->content_type = g_strndup (resp->content_type.ptr, resp->content_type.len);
          g_byte_array_remove_range (buf, 0, (guint) head_len);
          if (!resp->interim)
            break;
          continue;
        }

      switch (read_more (in, buf, cancellable, error))
        {
        case -1:
          return FALSE;
        case 0:
          if (buf->len == 0 && ex->heads->len == 0)
            return FALSE;   /* closed before answering */
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               _("The server closed the connection in the middle of the response head"));
          return FALSE;
        default:
          break;
        }
    }

  /* the body */
  ex->preview = g_new (PtHttpBodyPreview, 1);
  pt_http_body_preview_init (ex->preview);
  if (!read_body (ex, resp, in, buf, cancellable, error))
    return FALSE;
  ex->keep_alive = resp->keep_alive;
  return TRUE;
}

static GSocketConnection *
connect_fresh (guint          port,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_socket_client_set_timeout (client, PT_CONSOLE_TIMEOUT_S);
  return g_socket_client_connect_to_host (client, LOOPBACK_HOST, (guint16) port,
                                          cancellable, error);
}

static void
exchange_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Exchange *ex = task_data;
  GError *error = NULL;

  if (ex->connection != NULL)
    {
      ex->reused = TRUE;
      if (run_exchange (ex, cancellable, &error))
        goto done;
      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      /* The server had closed the kept connection: one fresh try. */
      g_clear_object (&ex->connection);
      exchange_reset (ex);
    }

  ex->reused = FALSE;
  ex->connection = connect_fresh (ex->port, cancellable, &error);
  if (ex->connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!run_exchange (ex, cancellable, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                     _("The server closed the connection without answering"));
      g_task_return_error (task, error);
      return;
    }

done:
  if (!ex->keep_alive)
    {
      g_io_stream_close (G_IO_STREAM (ex->connection), NULL, NULL);
      g_clear_object (&ex->connection);
    }
  g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------------ */
/* the page (main thread)                                                   */

static char *
crlf_request (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = g_strv_length (lines);

  for (guint i = 0; i < n; i++)
    g_strchomp (lines[i]);   /* drops a '\r' the user pasted, and trailing blanks */
  while (n > 0 && lines[n - 1][0] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, lines[i]);
      g_string_append (out, "\r\n");
    }
  g_string_append (out, "\r\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The heads as received (LF line ends for display), then the body as
 * portico-client shows it: text as text, at most PT_HTTP_BODY_PREVIEW_MAX
 * bytes of it then "<N bytes of TYPE; the first M shown>", anything else
 * "<N bytes of TYPE>".  Text that is not valid UTF-8 (or holds a NUL) cannot
 * go into a GtkTextBuffer: it is summarised as binary is. */
static char *
format_response (Exchange *ex)
{
  const PtHttpBodyPreview *preview = ex->preview;
  const char *type = ex->content_type;
  gsize type_len = type != NULL ? strlen (type) : 0;
  g_autoptr(GString) text = g_string_new (NULL);
  char summary[PT_HTTP_BODY_SUMMARY_MAX];
  gsize shown = 0;

  for (gsize i = 0; i < ex->heads->len; i++)
    if (ex->heads->str[i] != '\r')
      g_string_append_c (text, ex->heads->str[i]);

  if (preview == NULL || preview->total == 0)
    return g_string_free (g_steal_pointer (&text), FALSE);

  if (pt_http_body_is_text (type, type_len, preview) &&
      memchr (preview->data, '\0', preview->len) == NULL)
    {
      ssize_t valid = pt_http_utf8_valid_prefix (preview->data, preview->len);

      /* a sequence cut at the end counts only where the preview cut the body */
      if (valid >= 0 && ((gsize) valid == preview->len || !pt_http_body_preview_complete (preview)))
        shown = (gsize) valid;
      if (shown == preview->total)
        {
          g_string_append_len (text, preview->data, (gssize) shown);
          return g_string_free (g_steal_pointer (&text), FALSE);
        }
      if (shown > 0)
        {
          g_string_append_len (text, preview->data, (gssize) shown);
          if (preview->data[shown - 1] != '\n')
            g_string_append_c (text, '\n');
        }
    }

  pt_http_body_summary_write (summary, sizeof summary, preview->total, shown, type, type_len);
  g_string_append (text, summary);
  g_string_append_c (text, '\n');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_response_text (PtConsolePage *self,
                   const char    *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->response_view), text, -1);
}

static void
update_sensitivity (PtConsolePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.send",
                                 self->port != 0 && !self->busy);
}

static void
exchange_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PtConsolePage *self = PT_CONSOLE_PAGE (object);
  Exchange *ex = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The request failed: %s"), error->message);
      set_response_text (self, "");
      gtk_label_set_text (self->status_label, text);
      self->exchanges = 0;
      update_sensitivity (self);
      return;
    }

  {
    g_autofree char *text = format_response (ex);

    set_response_text (self, text);
  }
  self->exchanges = ex->reused ? self->exchanges + 1 : 1;

  /* The port may have changed while the exchange ran: then drop the connection. */
  if (ex->connection != NULL && ex->port == self->port)
    {
      g_autofree char *text = g_strdup_printf ("%u", self->exchanges);

      self->connection = g_steal_pointer (&ex->connection);
      gtk_label_set_text (self->status_label,
                          ex->reused ? _("Sent on the same connection, which stays open.")
                                     : _("Sent on a new connection, which stays open."));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
    }
  else
    {
      gtk_label_set_text (self->status_label,
                          _("The server closed the connection after the response."));
      self->exchanges = 0;
    }
  update_sensitivity (self);
}

void
pt_console_page_send (PtConsolePage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  g_autofree char *request = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  Exchange *ex;
  gsize len;

  g_return_if_fail (PT_IS_CONSOLE_PAGE (self));

  if (self->busy || self->port == 0)
    return;

  buffer = gtk_text_view_get_buffer (self->request_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  request = crlf_request (text);

  ex = g_new0 (Exchange, 1);
  ex->connection = g_steal_pointer (&self->connection);
  ex->port = self->port;
  ex->head_only = g_str_has_prefix (request, "HEAD ");
  len = strlen (request);
  ex->request = g_bytes_new_take (g_steal_pointer (&request), len);

  self->busy = TRUE;
  update_sensitivity (self);
  gtk_label_set_text (self->status_label, _("Sending…"));

  task = g_task_new (self, self->cancellable, exchange_cb, NULL);
  g_task_set_source_tag (task, pt_console_page_send);
  g_task_set_name (task, "[portico] console exchange");
  g_task_set_task_data (task, ex, (GDestroyNotify) exchange_free);
  g_task_run_in_thread (task, exchange_thread);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  pt_console_page_send (PT_CONSOLE_PAGE (widget));
}

static char *
default_request (guint port)
{
  return g_strdup_printf ("GET / HTTP/1.1\nHost: %s:%u\nConnection: keep-alive\n",
                          LOOPBACK_HOST, port != 0 ? port : PT_DEFAULT_PORT);
}

static char *
dup_request_text (PtConsolePage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->request_view);
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
pt_console_page_set_port (PtConsolePage *self,
                          guint          port)
{
  g_autofree char *current = NULL;

  g_return_if_fail (PT_IS_CONSOLE_PAGE (self));

  if (self->port == port)
    return;

  self->port = port;
  self->exchanges = 0;
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);

  /* Follow the new port in the Host line unless the user edited the request. */
  current = dup_request_text (self);
  if (port != 0 && g_strcmp0 (current, self->prefilled) == 0)
    {
      g_free (self->prefilled);
      self->prefilled = default_request (port);
      pt_console_page_set_request (self, self->prefilled);
    }

  gtk_label_set_text (self->status_label,
                      port != 0 ? _("Ready: the request goes to the running server.")
                                : _("Start the server to send requests."));
  update_sensitivity (self);
}

void
pt_console_page_set_request (PtConsolePage *self,
                             const char    *text)
{
  g_return_if_fail (PT_IS_CONSOLE_PAGE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->request_view), text, -1);
}

gboolean
pt_console_page_is_busy (PtConsolePage *self)
{
  g_return_val_if_fail (PT_IS_CONSOLE_PAGE (self), FALSE);

  return self->busy;
}

char *
pt_console_page_dup_response (PtConsolePage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (PT_IS_CONSOLE_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->response_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

const char *
pt_console_page_get_status (PtConsolePage *self)
{
  g_return_val_if_fail (PT_IS_CONSOLE_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

guint
pt_console_page_get_exchanges (PtConsolePage *self)
{
  g_return_val_if_fail (PT_IS_CONSOLE_PAGE (self), 0);

  return self->exchanges;
}

static gboolean
pt_console_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PT_CONSOLE_PAGE (widget)->request_view));
}

static void
pt_console_page_dispose (GObject *object)
{
  PtConsolePage *self = PT_CONSOLE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_CONSOLE_PAGE);

  G_OBJECT_CLASS (pt_console_page_parent_class)->dispose (object);
}

static void
pt_console_page_finalize (GObject *object)
{
  PtConsolePage *self = PT_CONSOLE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->prefilled);

  G_OBJECT_CLASS (pt_console_page_parent_class)->finalize (object);
}

static void
pt_console_page_class_init (PtConsolePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_console_page_dispose;
  object_class->finalize = pt_console_page_finalize;
  widget_class->grab_focus = pt_console_page_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/portico/Portico/pt-console-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PtConsolePage, request_view);
  gtk_widget_class_bind_template_child (widget_class, PtConsolePage, response_view);
  gtk_widget_class_bind_template_child (widget_class, PtConsolePage, status_label);

  gtk_widget_class_install_action (widget_class, "console.send", NULL, send_action);
}

static void
pt_console_page_init (PtConsolePage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Capture phase: the text view would otherwise take Ctrl+Return itself. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("console.send")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->cancellable = g_cancellable_new ();
  self->prefilled = default_request (0);
  pt_console_page_set_request (self, self->prefilled);
  update_sensitivity (self);
}
