/* portico-client.c — the report's interactive HTTP client (client.py), in C
 *
 * Reads a request from stdin (lines up to an empty line), sends it with CRLF
 * line ends, prints the raw response head and the body (text as text, binary
 * as a one-line summary), and asks again.  The connection is kept while the
 * server keeps it; a reused connection that turns out closed is reopened once.
 * Heads are parsed and bodies framed by layer 0 (pt-http-response-parser.h);
 * a body streams through a bounded preview (pt-http-body-preview.h), so a
 * large one never sits in memory.
 */
#define G_LOG_DOMAIN "pt-client"

#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib.h>

#include "pt-http-body-preview.h"
#include "pt-http-response-parser.h"

#define PT_CLIENT_DEFAULT_HOST       "127.0.0.1"
#define PT_CLIENT_DEFAULT_PORT       8080
#define PT_CLIENT_MAX_PORT           65535
#define PT_CLIENT_READ_TIMEOUT_MS    30000        /* no byte from the server for this long → give up */
#define PT_CLIENT_READ_CHUNK         16384
#define PT_CLIENT_PROMPT             "Enter a request:\n"
#define PT_CLIENT_RESPONSE_TITLE     "Server response:\n"

#define PT_CLIENT_ERROR (pt_client_error_quark ())
typedef enum
{
  PT_CLIENT_ERROR_CONNECT,   /* resolving or connecting failed: fatal */
  PT_CLIENT_ERROR_EXCHANGE,  /* this request failed; the next may work */
  PT_CLIENT_ERROR_USAGE,
} PtClientError;

static G_DEFINE_QUARK (pt-client-error-quark, pt_client_error)

typedef struct
{
  char    *host;           /* as typed, without brackets */
  guint    port;
  char    *host_header;    /* "127.0.0.1:8080", "[::1]:8080" */
  int      fd;             /* -1 when not connected */
  gboolean reused;         /* fd already carried a request */
  GString *inbuf;          /* bytes read past the previous response */
} PtClient;

typedef enum
{
  READ_OK,
  READ_CLOSED_EARLY,       /* closed (or reset) before any byte of the response */
  READ_FAILED,
} ReadResult;


static void
client_disconnect (PtClient *client)
{
  if (client->fd >= 0)
    close (client->fd);
  client->fd = -1;
  client->reused = FALSE;
  g_string_truncate (client->inbuf, 0);
}


static gboolean
client_connect (PtClient  *client,
                GError   **error)
{
  struct addrinfo hints = { 0 };
  struct addrinfo *res = NULL;
  g_autofree char *service = g_strdup_printf ("%u", client->port);
  int saved_errno = ECONNREFUSED;
  int rc;

  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;

  rc = getaddrinfo (client->host, service, &hints, &res);
  if (rc != 0)
    {
      g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_CONNECT,
                   "cannot resolve %s: %s", client->host, gai_strerror (rc));
      return FALSE;
    }

  for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next)
    {
      int fd = socket (ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);

      if (fd < 0)
        {
          saved_errno = errno;
          continue;
        }
      if (connect (fd, ai->ai_addr, ai->ai_addrlen) == 0)
        {
          freeaddrinfo (res);
          client->fd = fd;
          client->reused = FALSE;
          g_string_truncate (client->inbuf, 0);
          return TRUE;
        }
      saved_errno = errno;
      close (fd);
    }

  freeaddrinfo (res);
  g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_CONNECT,
               "cannot connect to %s: %s", client->host_header, g_strerror (saved_errno));
  return FALSE;
}


static gboolean
send_all (int         fd,
          const char *data,
          gsize       len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}


/* Appends what arrives to inbuf.  Returns bytes read, 0 at EOF, -1 on error
 * or timeout (errno set, ETIMEDOUT for the timeout). */
static gssize
read_some (PtClient *client)
{
  char chunk[PT_CLIENT_READ_CHUNK];
  struct pollfd pfd = { .fd = client->fd, .events = POLLIN };
  ssize_t n;
  int rc;

  do
    rc = poll (&pfd, 1, PT_CLIENT_READ_TIMEOUT_MS);
  while (rc < 0 && errno == EINTR);

  if (rc == 0)
    {
      errno = ETIMEDOUT;
      return -1;
    }
  if (rc < 0)
    return -1;

  do
    n = recv (client->fd, chunk, sizeof chunk, 0);
  while (n < 0 && errno == EINTR);

  if (n > 0)
    g_string_append_len (client->inbuf, chunk, n);
  return n;
}


static gboolean
header_is (const char *line,
           gsize       len,
           const char *name)
{
  gsize name_len = strlen (name);

  return len > name_len && line[name_len] == ':' &&
         g_ascii_strncasecmp (line, name, name_len) == 0;
}


/* The head as received, one line per line (CR dropped), ending with the
 * empty line. */
static void
print_head (GString    *out,
            const char *head,
            gsize       len)
{
  gsize start = 0;

  while (start < len)
    {
      const char *nl = memchr (head + start, '\n', len - start);
      gsize end = nl != NULL ? (gsize) (nl - head) : len;
      gsize line_end = end > start && head[end - 1] == '\r' ? end - 1 : end;

      g_string_append_len (out, head + start, (gssize) (line_end - start));
      g_string_append_c (out, '\n');
      start = end + 1;
    }
}


/* Text as text (at most PT_HTTP_BODY_PREVIEW_MAX bytes of it, then a
 * summary of the whole), anything else as "<N bytes of TYPE>"; then a
 * blank line.  Nothing for an empty body. */
static void
print_body (GString                 *out,
            const char              *content_type,
            const PtHttpBodyPreview *preview)
{
  gsize type_len = content_type != NULL ? strlen (content_type) : 0;
  char summary[PT_HTTP_BODY_SUMMARY_MAX];
  gboolean text;

  if (preview->total == 0)
    return;

  text = pt_http_body_is_text (content_type, type_len, preview);
  if (text)
    {
      g_string_append_len (out, preview->data, (gssize) preview->len);
      if (preview->data[preview->len - 1] != '\n')
        g_string_append_c (out, '\n');
    }
  if (!text || !pt_http_body_preview_complete (preview))
    {
      pt_http_body_summary_write (summary, sizeof summary, preview->total,
                                  text ? preview->len : 0, content_type, type_len);
      g_string_append_printf (out, "%s\n", summary);
    }
  g_string_append_c (out, '\n');
}


/* Reads until the head in inbuf is complete: its length, or 0 with error
 * set / READ_CLOSED_EARLY in *result. */
static gsize
read_head (PtClient             *client,
           gboolean              head_request,
           gboolean              first,
           PtHttpParsedResponse *resp,
           ReadResult           *result,
           GError              **error)
{
  ssize_t head_len;

  *result = READ_FAILED;
  while ((head_len = pt_http_parse_response (client->inbuf->str, client->inbuf->len,
                                             head_request, resp)) == 0)
    {
      gssize n = read_some (client);

      if (n > 0)
        continue;
      if (first && client->inbuf->len == 0 && (n == 0 || errno == ECONNRESET))
        {
          *result = READ_CLOSED_EARLY;
          return 0;
        }
      if (n == 0)
        g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
                     "the server closed the connection in the middle of the response head");
      else
        g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
                     "reading the response failed: %s", g_strerror (errno));
      return 0;
    }
  if (head_len < 0)
    {
      g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
                   "bad response: %s", pt_http_response_error_string (head_len));
      return 0;
    }
  *result = READ_OK;
  return (gsize) head_len;
}


/* Streams the body through preview as resp->framing says; bytes after it
 * stay in inbuf. */
static gboolean
read_body (PtClient                   *client,
           const PtHttpParsedResponse *resp,
           PtHttpBodyPreview          *preview,
           GError                    **error)
{
  PtHttpResponseBody body;
  bool done = false;

  pt_http_response_body_init (&body, resp);
  for (;;)
    {
      gsize pos = 0;
      gssize n;

      do
        {
          PtHttpSlice data;
          ssize_t used = pt_http_response_body_step (&body, client->inbuf->str + pos,
                                                     client->inbuf->len - pos, &data, &done);

          if (used < 0)
            {
              g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
                           "bad response: %s", pt_http_response_error_string (used));
              return FALSE;
            }
          pt_http_body_preview_add (preview, data.ptr, data.len);
          pos += (gsize) used;
        }
      while (!done && pos < client->inbuf->len);
      g_string_erase (client->inbuf, 0, (gssize) pos);
      if (done)
        return TRUE;

      n = read_some (client);
      if (n > 0)
        continue;
      if (n == 0 && pt_http_response_body_ends_at_close (&body))
        return TRUE;
      if (n == 0)
        g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
                     "the server closed the connection before the whole body arrived");
      else
        g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
                     "reading the body failed: %s", g_strerror (errno));
      return FALSE;
    }
}


/* Reads one response (after any interim 1xx responses, which are printed
 * too) for a request that was HEAD when head_request; prints it.  On
 * READ_OK the connection is either kept (fd >= 0) or closed, as the
 * server asked. */
static ReadResult
read_response (PtClient  *client,
               gboolean   head_request,
               GString   *out,
               GError   **error)
{
  g_autofree PtHttpParsedResponse *resp = g_new0 (PtHttpParsedResponse, 1);
  g_autofree PtHttpBodyPreview *preview = g_new (PtHttpBodyPreview, 1);
  g_autofree char *content_type = NULL;
  g_autoptr(GString) heads = g_string_new (NULL);
  ReadResult result;
  gboolean first = TRUE;

  for (;;)
    {
      gsize head_len = read_head (client, head_request, first, resp, &result, error);

      if (result != READ_OK)
        return result;
      print_head (heads, client->inbuf->str, head_len);
      if (resp->content_type.ptr != NULL)
        content_type = g_strndup (resp->content_type.ptr, resp->content_type.len);
      g_string_erase (client->inbuf, 0, (gssize) head_len);
      if (!resp->interim)
        break;
      g_clear_pointer (&content_type, g_free);
      first = FALSE;
    }

  pt_http_body_preview_init (preview);
  if (!read_body (client, resp, preview, error))
    return READ_FAILED;

  g_string_append_len (out, heads->str, (gssize) heads->len);
  print_body (out, content_type, preview);

  client->reused = TRUE;
  if (!resp->keep_alive)
    client_disconnect (client);

  return READ_OK;
}


/* A kept connection that is readable before we sent anything was closed by
 * the server (or carries something nobody asked for, such as a 408): either
 * way it cannot carry the next request. */
static gboolean
connection_is_stale (PtClient *client)
{
  struct pollfd pfd = { .fd = client->fd, .events = POLLIN };

  return client->inbuf->len > 0 || poll (&pfd, 1, 0) != 0;
}


/* Sends and reads one exchange; reconnects once when a reused connection
 * turns out to be closed. */
static gboolean
client_exchange (PtClient   *client,
                 const char *request,
                 gboolean    head_request,
                 GString    *out,
                 GError    **error)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      gboolean was_reused;
      ReadResult result;

      if (client->fd >= 0 && client->reused && connection_is_stale (client))
        client_disconnect (client);
      if (client->fd < 0 && !client_connect (client, error))
        return FALSE;
      was_reused = client->reused;

      if (!send_all (client->fd, request, strlen (request)))
        {
          int saved_errno = errno;

          client_disconnect (client);
          if (was_reused)
            continue;
          g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
                       "sending the request failed: %s", g_strerror (saved_errno));
          return FALSE;
        }

      result = read_response (client, head_request, out, error);
      if (result == READ_OK)
        return TRUE;
      client_disconnect (client);
      if (result == READ_CLOSED_EARLY && was_reused)
        continue;
      if (result == READ_CLOSED_EARLY)
        g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
                     "the server closed the connection without answering");
      return FALSE;
    }

  g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_EXCHANGE,
               "the server closed the connection without answering");
  return FALSE;
}


/* Reads lines up to an empty line.  NULL at EOF with nothing typed. */
static GPtrArray *
read_request_lines (FILE     *in,
                    gboolean *at_eof)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;

  *at_eof = FALSE;
  while ((n = getline (&line, &cap, in)) >= 0)
    {
      while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
      if (n == 0)
        {
          if (lines->len == 0)
            continue;  /* blank lines before a request are ignored */
          free (line);
          return g_steal_pointer (&lines);
        }
      g_ptr_array_add (lines, g_strdup (line));
    }
  free (line);
  *at_eof = TRUE;

  if (lines->len == 0)
    return NULL;
  return g_steal_pointer (&lines);
}


static char *
build_request (PtClient  *client,
               GPtrArray *lines,
               gboolean  *added_host)
{
  GString *request = g_string_new (NULL);
  gboolean has_host = FALSE;

  for (guint i = 1; i < lines->len; i++)
    {
      const char *l = g_ptr_array_index (lines, i);

      if (header_is (l, strlen (l), "Host"))
        has_host = TRUE;
    }

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append_printf (request, "%s\r\n", (const char *) g_ptr_array_index (lines, i));
      if (i == 0 && !has_host)
        g_string_append_printf (request, "Host: %s\r\n", client->host_header);
    }
  g_string_append (request, "\r\n");

  *added_host = !has_host;
  return g_string_free (request, FALSE);
}


/* "HOST", "HOST:PORT", "[V6]", "[V6]:PORT", or a bare IPv6 address. */
static gboolean
parse_target (const char  *target,
              char       **host,
              guint       *port,
              GError     **error)
{
  const char *port_str = NULL;
  g_autofree char *h = NULL;

  if (target[0] == '[')
    {
      const char *close = strchr (target, ']');

      if (close == NULL || close == target + 1 || (close[1] != '\0' && close[1] != ':'))
        goto bad;
      h = g_strndup (target + 1, close - target - 1);
      if (close[1] == ':')
        port_str = close + 2;
    }
  else
    {
      const char *colon = strchr (target, ':');

      if (colon != NULL && strchr (colon + 1, ':') == NULL)
        {
          h = g_strndup (target, colon - target);
          port_str = colon + 1;
        }
      else
        h = g_strdup (target);
    }

  if (h[0] == '\0')
    goto bad;

  *port = PT_CLIENT_DEFAULT_PORT;
  if (port_str != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (port_str, 10, 1, PT_CLIENT_MAX_PORT, &value, NULL))
        {
          g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_USAGE,
                       "bad port “%s” (1-%d)", port_str, PT_CLIENT_MAX_PORT);
          return FALSE;
        }
      *port = (guint) value;
    }
  *host = g_steal_pointer (&h);
  return TRUE;

bad:
  g_set_error (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_USAGE,
               "bad address “%s” (expected HOST[:PORT] or [IPV6]:PORT)", target);
  return FALSE;
}


static void
write_out (GString *out)
{
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
  g_string_truncate (out, 0);
}


/* The report's session: prompt, read a request, send it, print the
 * response, until EOF.  Returns the exit status (1: could not connect). */
static int
client_session (PtClient *client,
                GString  *out)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) lines = NULL;
      g_autofree char *request = NULL;
      g_auto(GStrv) words = NULL;
      gboolean at_eof;
      gboolean added_host;

      g_string_append (out, PT_CLIENT_PROMPT);
      write_out (out);

      lines = read_request_lines (stdin, &at_eof);
      if (lines == NULL)
        break;

      request = build_request (client, lines, &added_host);
      if (added_host)
        g_printerr ("(added Host: %s)\n", client->host_header);

      words = g_strsplit (g_ptr_array_index (lines, 0), " ", 2);
      if (!client_exchange (client, request, g_strcmp0 (words[0], "HEAD") == 0, out, &error))
        {
          g_string_truncate (out, 0);
          g_printerr ("portico-client: %s\n", error->message);
          if (g_error_matches (error, PT_CLIENT_ERROR, PT_CLIENT_ERROR_CONNECT))
            {
              status = 1;
              break;
            }
          g_clear_error (&error);
        }
      else
        {
          g_string_prepend (out, PT_CLIENT_RESPONSE_TITLE);
          write_out (out);
        }

      if (at_eof)
        break;
    }

  return status;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean version = FALSE;
  PtClient client = { .fd = -1 };
  int status;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL },
  };

  context = g_option_context_new ("[HOST[:PORT]] — send HTTP requests typed on stdin");
  g_option_context_set_summary (context,
    "Type a request (the request line, then header lines) and end it with an\n"
    "empty line.  It is sent with CRLF line ends; a Host header is added when\n"
    "none was typed.  The response head is printed as received, text bodies as\n"
    "text (the first 64 KiB, then \"<N bytes of TYPE; the first 65536 shown>\")\n"
    "and binary bodies as \"<N bytes of TYPE>\".  The connection is reused\n"
    "while the server keeps it open.  End with EOF (Ctrl-D).  When stdin is not\n"
    "a terminal, requests are read from it the same way.\n"
    "\n"
    "The default server is " PT_CLIENT_DEFAULT_HOST ":8080; IPv6 as [::1]:8080.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("portico-client: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("portico-client %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc > 2)
    {
      g_printerr ("portico-client: too many arguments (expected [HOST[:PORT]])\n");
      return 2;
    }
  if (!parse_target (argc == 2 ? argv[1] : PT_CLIENT_DEFAULT_HOST, &client.host, &client.port, &error))
    {
      g_printerr ("portico-client: %s\n", error->message);
      return 2;
    }
  client.host_header = strchr (client.host, ':') != NULL
                     ? g_strdup_printf ("[%s]:%u", client.host, client.port)
                     : g_strdup_printf ("%s:%u", client.host, client.port);
  client.inbuf = g_string_new (NULL);

  status = client_session (&client, out);

  client_disconnect (&client);
  g_string_free (client.inbuf, TRUE);
  g_free (client.host);
  g_free (client.host_header);
  return status;
}
