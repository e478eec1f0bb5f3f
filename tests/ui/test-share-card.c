/* test-share-card.c — the share card in the real window, under Xvfb
 *
 * The interface list is faked (loopback addresses on "eth0" and "wlan0":
 * tests send traffic to loopback only).  The QR code is read back from a
 * screenshot of the X screen with zbarimg and must equal the URL shown;
 * that URL, fetched, gives 200.  Needs ImageMagick's import and
 * zbar-tools' zbarimg (build-aux/install-deps.sh --tests).
 */
#include "config.h"

#include <net/if.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pt-share-card.h"
#include "pt-test-net.h"
#include "pt-test-window.h"
#include "pt-window-private.h"

#define UP (IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST)
#define PAINT_SETTLE_MS 300      /* after the URL changed: let Xvfb show the new frame */
#define NARROW_WIDTH    360      /* the schema's smallest window-width */

/* A fake system: each row "iface address [default]". */
typedef struct
{
  const char * const *rows;
  guint               calls;
  guint               calls_before;
} FakeNet;

#define REFRESH_SETTLE_MS 250  /* the card coalesces network-changed bursts this long */

static gboolean
table_read (gpointer data)
{
  FakeNet *net = data;

  return net->calls > net->calls_before;
}

static PtLanTable *
fake_table (gpointer data)
{
  FakeNet *net = data;
  PtLanTable *table = pt_lan_table_new ();

  net->calls++;
  pt_lan_table_add_interface (table, "lo", UP | IFF_LOOPBACK, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "lo", "127.0.0.1", FALSE));
  pt_lan_table_add_interface (table, "docker0", UP, FALSE);
  g_assert_true (pt_lan_table_add_address (table, "docker0", "127.0.0.9", FALSE));
  for (guint i = 0; net->rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (net->rows[i], " ", -1);

      pt_lan_table_add_interface (table, fields[0], UP, FALSE);
      g_assert_true (pt_lan_table_add_address (table, fields[0], fields[1], FALSE));
      if (fields[2] != NULL)
        pt_lan_table_set_default_route (table, fields[0]);
    }
  return table;
}

static PtShareCard *
share_card (PtWindow *window)
{
  return PT_SHARE_CARD (template_child (window, "share_card"));
}

static GtkWidget *
card_child (PtShareCard *card,
            const char  *id)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (card), PT_TYPE_SHARE_CARD, id);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The drop-down's rows, joined by "|". */
static char *
dropdown_rows (PtShareCard *card)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (card_child (card, "address_dropdown")));
  g_autoptr(GString) rows = g_string_new (NULL);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (rows, "%s%s", i > 0 ? "|" : "", gtk_string_object_get_string (item));
    }
  return g_strdup (rows->str);
}

/* The QR code on the X screen, as zbarimg reads it ("" when none). */
static char *
decode_screen (const char *dir)
{
  g_autofree char *shot = g_build_filename (dir, "screen.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *import_argv[] = { "import", "-window", "root", shot, NULL };
  const char *zbar_argv[] = { "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                              shot, NULL };
  g_autofree char *import_path = g_find_program_in_path ("import");
  g_autofree char *zbar_path = g_find_program_in_path ("zbarimg");
  int status;

  if (import_path == NULL || zbar_path == NULL)
    g_error ("needs ImageMagick's import and zbarimg: build-aux/install-deps.sh --tests");

  iterate_for_ms (PAINT_SETTLE_MS);
  g_assert_true (g_spawn_sync (NULL, (char **) import_argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) zbar_argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("zbarimg: %s%s", out, err);
  if (g_str_has_suffix (out, "\n"))
    out[strlen (out) - 1] = '\0';
  return g_steal_pointer (&out);
}

#define DECODE_LIMIT_S 30   /* liveness guard only: a loaded machine may paint late */

/* The screen decoded until it shows want (or the limit passes); the last
 * text read. */
static char *
decode_screen_until (const char *dir,
                     const char *want)
{
  gint64 deadline = g_get_monotonic_time () + DECODE_LIMIT_S * G_USEC_PER_SEC;
  char *decoded = decode_screen (dir);

  while (g_strcmp0 (decoded, want) != 0 && g_get_monotonic_time () < deadline)
    {
      g_free (decoded);
      decoded = decode_screen (dir);
    }
  return decoded;
}

/* GET url's path and query from its host (a 127.0.0.x address here), with
 * a Cookie field when cookie is not NULL; the response. */
static char *
fetch_with_cookie (const char *url,
                   const char *cookie)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_autofree char *request = NULL;
  g_autoptr(GString) response = g_string_new (NULL);
  GInputStream *in;
  char buf[4096];
  gssize n;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_uri_get_host (uri), "127."));
  g_socket_client_set_timeout (client, PT_TEST_NET_TIMEOUT_S);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                (guint16) g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("GET %s%s%s HTTP/1.1\r\nHost: %s:%d\r\n%s%s%sConnection: close\r\n\r\n",
                             g_uri_get_path (uri), g_uri_get_query (uri) != NULL ? "?" : "",
                             g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                             g_uri_get_host (uri), g_uri_get_port (uri),
                             cookie != NULL ? "Cookie: " : "", cookie != NULL ? cookie : "",
                             cookie != NULL ? "\r\n" : "");
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            request, strlen (request), NULL, NULL, &error));
  g_assert_no_error (error);
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, &error)) > 0)
    g_string_append_len (response, buf, n);
  g_assert_no_error (error);
  return g_strdup (response->str);
}

/* The URL of a private link (the default when sharing on the network), as a
 * phone opens it: 303 to "/" with the cookie, then "/" with the cookie
 * gives the page. */
static void
assert_private_link_opens (const char *url,
                           const char *key)
{
  g_autofree char *response = fetch_with_cookie (url, NULL);
  g_autofree char *set_cookie = g_strdup_printf ("\r\nSet-Cookie: portico-key=%s; HttpOnly; SameSite=Strict; Path=/\r\n", key);
  g_autofree char *cookie = g_strdup_printf ("portico-key=%s", key);
  g_autofree char *root = g_strndup (url, strlen (url) - strlen ("?portico-key=") - strlen (key));
  g_autofree char *page = NULL;

  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 303 See Other\r\n"));
  g_assert_nonnull (strstr (response, "\r\nLocation: /\r\n"));
  g_assert_nonnull (strstr (response, set_cookie));
  page = fetch_with_cookie (root, cookie);
  g_assert_true (g_str_has_prefix (page, "HTTP/1.1 200 OK\r\n"));
  g_assert_cmpstr (pt_test_net_body_of (page), ==, INDEX_BODY);
  g_clear_pointer (&page, g_free);
  page = fetch_with_cookie (root, NULL);     /* neither key nor cookie */
  g_assert_true (g_str_has_prefix (page, "HTTP/1.1 403 Forbidden\r\n"));
}

typedef struct
{
  PtShareCard *card;
  const char  *url;
} UrlWanted;

static gboolean
url_is (gpointer data)
{
  UrlWanted *wanted = data;

  return g_strcmp0 (pt_share_card_get_url (wanted->card), wanted->url) == 0;
}

typedef struct
{
  PtWindow *window;
  guint64   frames;
} Painted;

/* Two frames after the change: one drawn with it has been shown. */
static gboolean
painted_since (gpointer data)
{
  Painted *painted = data;

  return frames_painted (painted->window) >= painted->frames + 2;
}

static void
start_sharing (Fixture *f,
               FakeNet *net)
{
  g_object_set (f->settings, "listen", PT_LISTEN_NETWORK, NULL);
  _pt_share_card_set_table_func (share_card (f->window), fake_table, net);
  start_window (f);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (share_card (f->window))));
}

static void
test_qr_code (void)
{
  Fixture f = { 0 };
  static const char * const rows[] = { "wlan0 127.0.0.3", "eth0 127.0.0.2 default", NULL };
  FakeNet net = { rows, 0 };
  PtShareCard *card;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *listed = NULL;
  const char *key;
  Painted painted = { NULL, 0 };
  guint port;

  fixture_setup (&f);
  card = share_card (f.window);

  /* This computer only: no card. */
  start_window (&f);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (card)));
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.toggle-server", NULL);
  g_assert_true (iterate_until (window_stopped, f.window));

  start_sharing (&f, &net);
  port = pt_window_get_port (f.window);
  key = pt_server_controller_get_access_key (pt_window_get_controller (f.window));
  g_assert_nonnull (key);                    /* private links are on by default */
  first = g_strdup_printf ("http://127.0.0.2:%u/?portico-key=%s", port, key);
  second = g_strdup_printf ("http://127.0.0.3:%u/?portico-key=%s", port, key);

  /* The default route's interface first; lo and docker0 hidden. */
  listed = dropdown_rows (card);
  g_assert_cmpstr (listed, ==, "Ethernet · 127.0.0.2|Wi-Fi · 127.0.0.3");
  g_assert_cmpstr (pt_share_card_get_url (card), ==, first);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (card_child (card, "url_label"))), ==, first);

  decoded = decode_screen_until (f.tmpdir, first);
  g_assert_cmpstr (decoded, ==, first);
  assert_private_link_opens (decoded, key);

  /* Another address: the URL and the QR code follow. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (card_child (card, "address_dropdown")), 1);
  g_assert_cmpstr (pt_share_card_get_url (card), ==, second);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (card_child (card, "url_label"))), ==, second);
  g_clear_pointer (&decoded, g_free);
  decoded = decode_screen_until (f.tmpdir, second);
  g_assert_cmpstr (decoded, ==, second);
  assert_private_link_opens (decoded, key);

  /* Dark mode: still dark modules on white, still read. */
  painted.window = f.window;
  painted.frames = frames_painted (f.window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  g_assert_true (iterate_until (painted_since, &painted));   /* the dark frame is on screen */
  g_clear_pointer (&decoded, g_free);
  decoded = decode_screen_until (f.tmpdir, second);
  g_assert_cmpstr (decoded, ==, second);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Stopped: the card goes. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.toggle-server", NULL);
  g_assert_true (iterate_until (window_stopped, f.window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_null (pt_share_card_get_url (card));

  fixture_teardown (&f);
}

typedef struct
{
  PtWindow   *window;
  const char *text;
} ToastWanted;

static gboolean
toast_is (gpointer data)
{
  ToastWanted *wanted = data;

  return g_strcmp0 (_pt_window_get_last_toast (wanted->window), wanted->text) == 0;
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* network-changed re-reads the list while serving: the chosen address stays
 * chosen while it exists; Copy puts the URL on the clipboard. */
static void
test_network_changed (void)
{
  Fixture f = { 0 };
  static const char * const before[] = { "eth0 127.0.0.2 default", NULL };
  static const char * const added[] = { "eth0 127.0.0.2", "wlan0 127.0.0.3 default", NULL };
  static const char * const gone[] = { "wlan0 127.0.0.3 default", NULL };
  FakeNet net = { before, 0 };
  PtShareCard *card;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *copied = NULL;
  ToastWanted toast = { NULL, "Address copied" };
  UrlWanted wanted = { NULL, NULL };
  const char *key;
  guint calls;

  fixture_setup (&f);
  card = share_card (f.window);
  start_sharing (&f, &net);
  key = pt_server_controller_get_access_key (pt_window_get_controller (f.window));
  g_assert_nonnull (key);
  first = g_strdup_printf ("http://127.0.0.2:%u/?portico-key=%s", pt_window_get_port (f.window), key);
  second = g_strdup_printf ("http://127.0.0.3:%u/?portico-key=%s", pt_window_get_port (f.window), key);
  g_assert_cmpstr (pt_share_card_get_url (card), ==, first);

  net.rows = added;
  calls = net.calls;
  net.calls_before = calls;
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  g_assert_true (iterate_until (table_read, &net));
  iterate_for_ms (2 * REFRESH_SETTLE_MS);
  g_assert_cmpuint (net.calls, ==, calls + 1);   /* the burst is read once */
  rows = dropdown_rows (card);
  g_assert_cmpstr (rows, ==, "Wi-Fi · 127.0.0.3|Ethernet · 127.0.0.2");
  g_assert_cmpstr (pt_share_card_get_url (card), ==, first);

  net.rows = gone;
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  wanted.card = card;
  wanted.url = second;
  g_assert_true (iterate_until (url_is, &wanted));
  g_assert_true (pt_window_is_running (f.window));

  g_signal_emit_by_name (card_child (card, "copy_button"), "clicked");
  toast.window = f.window;
  g_assert_true (iterate_until (toast_is, &toast));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (card)), NULL,
                                 read_text_cb, &copied);
  g_assert_true (iterate_until (is_set, &copied));
  g_assert_cmpstr (copied, ==, second);

  fixture_teardown (&f);
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
widget_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* The help popover names the active firewall and the command for the
 * server's real port (the probe reads a scratch ufw.conf). */
static void
test_help_popover (void)
{
  Fixture f = { 0 };
  static const char * const rows[] = { "eth0 127.0.0.2 default", NULL };
  static const char * const inactive[] = { "false", NULL };
  FakeNet net = { rows, 0 };
  PtFirewallProbe probe = { .firewalld_argv = inactive };
  PtShareCard *card;
  g_autofree char *conf = NULL;
  g_autofree char *command = NULL;
  GtkWidget *command_label;

  fixture_setup (&f);
  conf = g_build_filename (f.tmpdir, "ufw.conf", NULL);
  g_assert_true (g_file_set_contents (conf, "ENABLED=yes\n", -1, NULL));
  probe.ufw_conf = conf;
  card = share_card (f.window);
  _pt_share_card_set_firewall_probe (card, &probe);
  start_sharing (&f, &net);
  command = g_strdup_printf ("sudo ufw allow %u/tcp", pt_window_get_port (f.window));

  command_label = card_child (card, "firewall_command");
  g_assert_false (gtk_widget_get_visible (command_label));
  gtk_menu_button_popup (GTK_MENU_BUTTON (card_child (card, "help_button")));
  g_assert_true (iterate_until (widget_visible, command_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (command_label)), ==, command);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (card_child (card, "firewall_label"))), ==,
                   "This computer’s firewall (ufw) is active. To let other devices reach "
                   "Portico’s port, run this in a terminal:");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (card_child (card, "help_button")));

  /* No firewall: the command goes. */
  g_assert_true (g_file_set_contents (conf, "ENABLED=no\n", -1, NULL));
  gtk_menu_button_popup (GTK_MENU_BUTTON (card_child (card, "help_button")));
  g_assert_true (iterate_until (widget_hidden, command_label));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (card_child (card, "help_button")));

  fixture_teardown (&f);
}

/* Sharing, with a long IPv6 address, the window still fits the schema's
 * narrowest width (the card flows to one column). */
static void
test_narrow (void)
{
  Fixture f = { 0 };
  static const char * const rows[] = {
    "wlan0 2001:db8:1234:5678:9abc:def0:1234:5678 default", "eth0 127.0.0.2", NULL
  };
  FakeNet net = { rows, 0 };
  int minimum = 0;

  fixture_setup (&f);
  start_sharing (&f, &net);
  iterate_for_ms (50);
  g_assert_cmpstr (pt_share_card_get_url (share_card (f.window)), !=, NULL);
  gtk_widget_measure (GTK_WIDGET (f.window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_test_message ("minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
  fixture_teardown (&f);
}

int
main (int    argc,
      char **argv)
{
  if (!pt_test_window_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/ui/share-card/qr-code", test_qr_code);
  g_test_add_func ("/ui/share-card/network-changed", test_network_changed);
  g_test_add_func ("/ui/share-card/help-popover", test_help_popover);
  g_test_add_func ("/ui/share-card/narrow", test_narrow);

  return g_test_run ();
}
