/* pt-event.c — owned events and the report's console text (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-event.h"

#include <string.h>

#include "pt-http-escape.h"

/* What an event really is: the public struct, then the packed strings
 * (none for pt_event_new).  pt_event_free frees a field only when it does
 * not point into the packed block. */
typedef struct
{
  PtEvent  event;
  gsize    packed_len;
  char     packed[];
} PtEventBlock;

PtEvent *
pt_event_new (PtEventType type)
{
  PtEventBlock *block = g_new0 (PtEventBlock, 1);

  block->event.type = type;
  block->event.time = g_get_real_time ();

  return &block->event;
}

static char *
pack_string (char       **cursor,
             const char  *str,
             gsize        len)
{
  char *dest = *cursor;

  if (str == NULL)
    return NULL;

  memcpy (dest, str, len);
  dest[len] = '\0';
  *cursor = dest + len + 1;
  return dest;
}

static inline gsize
packed_size (const char *str,
             gsize       len)
{
  return str != NULL ? len + 1 : 0;
}

PtEvent *
pt_event_new_packed (PtEventType           type,
                     const PtEventStrings *strings)
{
  PtEventBlock *block;
  PtEvent *event;
  gsize len;
  char *cursor;

  g_return_val_if_fail (strings != NULL, NULL);

  len = packed_size (strings->peer_addr, strings->peer_addr_len) +
        packed_size (strings->method, strings->method_len) +
        packed_size (strings->path, strings->path_len) +
        packed_size (strings->head, strings->head_len) +
        packed_size (strings->message, strings->message_len);

  block = g_malloc (sizeof *block + len);
  memset (block, 0, sizeof *block);
  block->packed_len = len;
  event = &block->event;
  event->type = type;
  event->time = g_get_real_time ();

  cursor = block->packed;
  event->peer_addr = pack_string (&cursor, strings->peer_addr, strings->peer_addr_len);
  event->method = pack_string (&cursor, strings->method, strings->method_len);
  event->path = pack_string (&cursor, strings->path, strings->path_len);
  event->head = pack_string (&cursor, strings->head, strings->head_len);
  event->message = pack_string (&cursor, strings->message, strings->message_len);
  g_assert (cursor == block->packed + len);

  return event;
}

static inline void
free_unpacked (const PtEventBlock *block,
               char               *str)
{
  guintptr p = (guintptr) str;
  guintptr start = (guintptr) block->packed;

  if (p - start >= block->packed_len)   /* also true for p < start */
    g_free (str);
}

void
pt_event_free (PtEvent *event)
{
  PtEventBlock *block = (PtEventBlock *) event;

  if (event == NULL)
    return;

  free_unpacked (block, event->peer_addr);
  free_unpacked (block, event->method);
  free_unpacked (block, event->path);
  free_unpacked (block, event->head);
  free_unpacked (block, event->message);
  g_free (block);
}

static void
append_peer (const PtEvent *event,
             GString       *out)
{
  g_string_append_printf (out, "('%s', %u)",
                          event->peer_addr != NULL ? event->peer_addr : "-",
                          event->peer_port);
}

/* One head line: printable ASCII as is, every other byte as \xHH, so that
 * neither a terminal nor a text view can be fooled by what a client sent. */
static void
append_escaped_line (GString    *out,
                     const char *line,
                     gsize       len)
{
  gsize i = 0;

  while (i < len)
    {
      gsize run = i + pt_http_escape_plain_run (line + i, len - i, PT_HTTP_ESCAPE_HEX);
      char esc[PT_HTTP_ESCAPE_MAX];

      g_string_append_len (out, line + i, (gssize) (run - i));
      if (run == len)
        break;
      g_string_append_len (out, esc, (gssize) pt_http_escape_byte ((guchar) line[run], esc));
      i = run + 1;
    }
}

static void
append_head (const char *head,
             GString    *out)
{
  const char *p = head;

  if (head == NULL || *head == '\0')
    return;

  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl - p) : strlen (p);

      if (nl != NULL && len > 0 && p[len - 1] == '\r')
        append_escaped_line (out, p, len - 1);
      else
        append_escaped_line (out, p, len);
      g_string_append_c (out, '\n');

      if (nl == NULL)
        break;
      p = nl + 1;
    }
}

void
pt_event_format_console (const PtEvent *event,
                         GString       *out)
{
  g_return_if_fail (event != NULL);
  g_return_if_fail (out != NULL);

  switch (event->type)
    {
    case PT_EVENT_STARTED:
      g_string_append_printf (out, "Server is running on host/port: %s/%u\n",
                              event->message != NULL ? event->message : "",
                              event->port);
      break;

    case PT_EVENT_STOPPED:
      g_string_append (out, "Server stopped.\n");
      break;

    case PT_EVENT_ERROR:
      g_string_append_printf (out, "Error: %s\n",
                              event->message != NULL ? event->message : "unknown error");
      break;

    case PT_EVENT_CONN_OPENED:
      g_string_append (out, "Received connection from ");
      append_peer (event, out);
      g_string_append_c (out, '\n');
      break;

    case PT_EVENT_REQUEST:
      g_string_append (out, "\nReceived request from ");
      append_peer (event, out);
      g_string_append (out, ":\n");
      append_head (event->head, out);
      g_string_append_c (out, '\n');
      break;

    case PT_EVENT_RESPONSE:
      if (event->refused)
        {
          g_string_append (out, "Refused (no private-link key): ");
          g_string_append (out, event->method != NULL ? event->method : "-");
          g_string_append_c (out, ' ');
          append_escaped_line (out, event->path != NULL ? event->path : "-",
                               event->path != NULL ? strlen (event->path) : 1);
          g_string_append (out, " from ");
          append_peer (event, out);
          g_string_append_c (out, '\n');
        }
      break;

    case PT_EVENT_KEEP_ALIVE:
      g_string_append (out, "Request completed, waiting for next request from: ");
      append_peer (event, out);
      g_string_append_c (out, '\n');
      break;

    case PT_EVENT_TIMEOUT:
      g_string_append (out, "Timeout, connection from ");
      append_peer (event, out);
      g_string_append (out, " is closed.\n");
      break;

    case PT_EVENT_MAX_REQUESTS:
      g_string_append_printf (out, "Maximum %" G_GUINT64_FORMAT " requests , Connection to ",
                              event->count);
      append_peer (event, out);
      g_string_append (out, " is closed.\n");
      break;

    case PT_EVENT_CONN_CLOSED:
      g_string_append (out, "Connection to: ");
      append_peer (event, out);
      g_string_append (out, " is closed.\n");
      break;

    case PT_EVENT_DROPPED:
      if (event->count > 0)
        g_string_append_printf (out, "(%" G_GUINT64_FORMAT " events not shown: too many at once)\n",
                                event->count);
      break;

    case PT_EVENT_LIVE_RELOAD:
      g_string_append_printf (out, "Live reload: %s changed, %" G_GUINT64_FORMAT " browser%s told\n",
                              event->message != NULL ? event->message : "",
                              event->count, event->count == 1 ? "" : "s");
      break;

    case PT_EVENT_LIVE_RELOAD_BROWSERS:
      g_string_append_printf (out, "Live reload: %" G_GUINT64_FORMAT " browser%s connected\n",
                              event->count, event->count == 1 ? "" : "s");
      break;

    case PT_EVENT_LIVE_RELOAD_POLLING:
      g_string_append_printf (out, "Live reload: the folder is polled for changes, not watched (%s)\n",
                              event->message != NULL ? event->message : "");
      break;

    default:
      g_assert_not_reached ();
    }
}
