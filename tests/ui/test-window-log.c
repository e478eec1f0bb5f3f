/* test-window-log.c — the window's log view, driven under Xvfb
 *
 * The search entry's filter and win.clear-log; the rows' widgets (one
 * widget a row, the texts of its columns, a size that does not follow the
 * text); a flood of requests that
 * keeps the counters exact, the window painting and the newest rows only.
 * Without a display every case is reported as a TAP skip ("no display").
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <adwaita.h>

#include "pt-log-row.h"
#include "pt-log-row-widget.h"
#include "pt-log-view.h"
#include "pt-settings.h"
#include "pt-test-net.h"
#include "pt-test-window.h"

#define FLOOD_REQUESTS      100000
#define FLOOD_CONNECTIONS   4
#define FLOOD_PIPELINE      100

typedef struct
{
  GListModel *rows;
  guint       n;
} RowsWanted;

static gboolean
rows_are (gpointer data)
{
  RowsWanted *wanted = data;

  return g_list_model_get_n_items (wanted->rows) == wanted->n;
}

/* The search entry narrows the rows through one filter object, for good. */
static void
test_log_filter (void)
{
  Fixture f = { 0 };
  RowWanted missing = { NULL, "/missing.html", 404 };
  RowsWanted wanted = { NULL, 0 };
  g_autofree char *ok = NULL;
  g_autofree char *not_found = NULL;
  GtkWidget *log_view;
  GtkEditable *search;
  GtkFilter *filter;
  guint all;

  fixture_setup (&f);
  start_window (&f);
  ok = pt_test_net_get (pt_window_get_port (f.window), "/index.html");
  not_found = pt_test_net_get (pt_window_get_port (f.window), "/missing.html");
  g_assert_true (g_str_has_prefix (not_found, "HTTP/1.1 404 "));
  missing.window = f.window;
  g_assert_true (iterate_until (log_has_row, &missing));

  log_view = template_child (f.window, "log_view");
  search = GTK_EDITABLE (gtk_widget_get_template_child (log_view, PT_TYPE_LOG_VIEW, "search_entry"));
  wanted.rows = visible_log (f.window);
  filter = gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (wanted.rows));
  g_assert_nonnull (filter);
  all = g_list_model_get_n_items (wanted.rows);
  g_assert_cmpuint (all, >, 2);

  /* the request and the response of /missing.html */
  gtk_editable_set_text (search, "MISS");
  wanted.n = 2;
  g_assert_true (iterate_until (rows_are, &wanted));
  gtk_editable_set_text (search, "missing.html");      /* narrower */
  iterate_for_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (wanted.rows), ==, 2);
  gtk_editable_set_text (search, "404");               /* different: the response only */
  wanted.n = 1;
  g_assert_true (iterate_until (rows_are, &wanted));
  g_assert_true (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (wanted.rows)) == filter);

  gtk_editable_set_text (search, "");
  wanted.n = all;
  g_assert_true (iterate_until (rows_are, &wanted));
  g_assert_true (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (wanted.rows)) == filter);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.clear-log", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (wanted.rows), ==, 0);
  g_assert_true (pt_log_view_get_following (PT_LOG_VIEW (log_view)));

  fixture_teardown (&f);
}

/* ---- the rows' widgets ---------------------------------------------------- */

#define LONG_PATH_CHARS 4000

typedef struct
{
  GtkWidget  *grid_view;
  const char *path;      /* the row wanted, by its path column */
  const char *status;    /* and its status column */
  GtkWidget  *found;     /* out */
} RowWidgetWanted;

static GtkWidget *
find_row_widget (GtkWidget  *widget,
                 const char *path,
                 const char *status)
{
  if (PT_IS_LOG_ROW_WIDGET (widget) &&
      g_strcmp0 (pt_log_row_widget_get_text (PT_LOG_ROW_WIDGET (widget), 4), path) == 0 &&
      g_strcmp0 (pt_log_row_widget_get_text (PT_LOG_ROW_WIDGET (widget), 5), status) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_widget (child, path, status);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
row_widget_shown (gpointer data)
{
  RowWidgetWanted *wanted = data;

  wanted->found = find_row_widget (wanted->grid_view, wanted->path, wanted->status);
  return wanted->found != NULL && gtk_widget_get_mapped (wanted->found) &&
         gtk_widget_get_height (wanted->found) > 0;
}

/* A row is one widget (no child widgets) showing the row's columns; a path
 * far wider than the window neither widens nor heightens it. */
static void
test_log_row_widget (void)
{
  Fixture f = { 0 };
  g_autofree char *not_found = NULL;
  g_autoptr(PtEvent) event = pt_event_new (PT_EVENT_RESPONSE);
  g_autoptr(PtLogRow) long_row = NULL;
  RowWidgetWanted wanted = { NULL, "/missing.html", "404", NULL };
  PtLogRowWidget *row;
  GtkWidget *log_view;
  int min_width, nat_width, min_height, nat_height;
  int min_width2, nat_width2, min_height2, nat_height2;
  int height;

  fixture_setup (&f);
  start_window (&f);
  not_found = pt_test_net_get (pt_window_get_port (f.window), "/missing.html");
  g_assert_true (g_str_has_prefix (not_found, "HTTP/1.1 404 "));

  log_view = template_child (f.window, "log_view");
  wanted.grid_view = GTK_WIDGET (gtk_widget_get_template_child (log_view, PT_TYPE_LOG_VIEW,
                                                                "grid_view"));
  g_assert_true (iterate_until (row_widget_shown, &wanted));
  row = PT_LOG_ROW_WIDGET (wanted.found);
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (row)));
  g_assert_true (g_regex_match_simple ("^[0-9]{2}:[0-9]{2}:[0-9]{2}$",
                                       pt_log_row_widget_get_text (row, 0), 0, 0));
  g_assert_true (g_regex_match_simple ("^127\\.0\\.0\\.1:[0-9]+$",
                                       pt_log_row_widget_get_text (row, 1), 0, 0));
  g_assert_cmpstr (pt_log_row_widget_get_text (row, 2), ==, "response");
  g_assert_cmpstr (pt_log_row_widget_get_text (row, 3), ==, "GET");
  g_assert_cmpstr (pt_log_row_widget_get_text (row, 4), ==, "/missing.html");
  g_assert_cmpstr (pt_log_row_widget_get_text (row, 5), ==, "404");
  g_assert_true (g_regex_match_simple ("^[1-9][0-9]*$", pt_log_row_widget_get_text (row, 6), 0, 0));
  height = gtk_widget_get_height (GTK_WIDGET (row));

  gtk_widget_measure (GTK_WIDGET (row), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, &nat_width, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (row), GTK_ORIENTATION_VERTICAL, -1,
                      &min_height, &nat_height, NULL, NULL);
  event->status = 200;
  event->bytes = 1;
  event->method = g_strdup ("GET");
  event->path = g_strnfill (LONG_PATH_CHARS, 'x');
  long_row = pt_log_row_new (event);
  pt_log_row_widget_set_row (row, long_row);
  g_assert_cmpstr (pt_log_row_widget_get_text (row, 4), ==, event->path);
  g_assert_cmpstr (pt_log_row_widget_get_text (row, 5), ==, "200");
  g_assert_cmpstr (pt_log_row_widget_get_text (row, 1), ==, "");
  gtk_widget_measure (GTK_WIDGET (row), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width2, &nat_width2, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (row), GTK_ORIENTATION_VERTICAL, -1,
                      &min_height2, &nat_height2, NULL, NULL);
  g_assert_cmpint (min_width2, ==, min_width);
  g_assert_cmpint (nat_width2, ==, nat_width);
  g_assert_cmpint (min_height2, ==, min_height);
  g_assert_cmpint (nat_height2, ==, nat_height);
  g_assert_cmpint (nat_width, <, LONG_PATH_CHARS);
  iterate_for_ms (100);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), ==, height);

  fixture_teardown (&f);
}

/* ---- flood: exact counters and a window that kept painting -------------- */

typedef struct
{
  guint  port;
  guint  n_requests;
  guint  n_responses;   /* out, read after finished */
  gint   finished;      /* atomic */
} FloodClient;

static gpointer
flood_thread (gpointer data)
{
  FloodClient *c = data;
  const char *request = "HEAD /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n";
  gsize req_len = strlen (request);
  g_autofree char *batch = g_malloc (req_len * FLOOD_PIPELINE);
  int fd = pt_test_net_connect (c->port);
  char buf[PT_TEST_NET_READ_CHUNK];
  guint sent = 0;
  guint matched = 0;   /* bytes of "\r\n\r\n" matched across reads */

  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < FLOOD_PIPELINE; i++)
    memcpy (batch + i * req_len, request, req_len);

  while (c->n_responses < c->n_requests)
    {
      guint n = MIN (FLOOD_PIPELINE, c->n_requests - sent);
      guint target = sent + n;

      if (n > 0)
        {
          pt_test_net_send_all (fd, batch, n * req_len);
          sent += n;
        }
      /* HEAD responses have no body: count the ends of heads */
      while (c->n_responses < target)
        {
          ssize_t got = recv (fd, buf, sizeof buf, 0);

          g_assert_cmpint (got, >, 0);
          for (ssize_t i = 0; i < got; i++)
            {
              static const char end[] = "\r\n\r\n";

              if (buf[i] == end[matched])
                matched++;
              else
                matched = buf[i] == '\r' ? 1 : 0;
              if (matched == 4)
                {
                  c->n_responses++;
                  matched = 0;
                }
            }
        }
    }
  close (fd);
  g_atomic_int_set (&c->finished, 1);
  return NULL;
}

static void
test_flood (void)
{
  Fixture f = { 0 };
  FloodClient clients[FLOOD_CONNECTIONS];
  GThread *threads[FLOOD_CONNECTIONS];
  CounterWanted requests = { NULL, "requests", NULL };
  g_autofree char *total = g_strdup_printf ("%u", FLOOD_REQUESTS);
  guint64 frames_before;
  guint64 frames_during;
  guint done = 0;
  PtLogModel *model;
  g_autoptr(PtLogRow) newest = NULL;

  fixture_setup (&f);
  g_object_set (f.settings, "max-requests", FLOOD_REQUESTS, NULL);
  start_window (&f);
  iterate_for_ms (100);
  frames_before = frames_painted (f.window);

  for (guint i = 0; i < FLOOD_CONNECTIONS; i++)
    {
      clients[i].port = pt_window_get_port (f.window);
      clients[i].n_requests = FLOOD_REQUESTS / FLOOD_CONNECTIONS;
      clients[i].n_responses = 0;
      clients[i].finished = 0;
      threads[i] = g_thread_new ("flood", flood_thread, &clients[i]);
    }
  /* the main loop keeps running (and painting) while the flood goes on */
  for (guint i = 0; i < FLOOD_CONNECTIONS; i++)
    {
      while (!g_atomic_int_get (&clients[i].finished))
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
      g_thread_join (threads[i]);
      done += clients[i].n_responses;
    }
  frames_during = frames_painted (f.window) - frames_before;
  g_assert_cmpuint (done, ==, FLOOD_REQUESTS);
  g_assert_cmpuint (frames_during, >, 0);

  requests.window = f.window;
  requests.text = total;
  g_assert_true (iterate_until (counter_is, &requests));
  g_assert_cmpstr (counter_text (f.window, "errors"), ==, "0 / 0");

  /* the log keeps the newest rows only */
  iterate_for_ms (300);
  model = pt_server_controller_get_log_model (pt_window_get_controller (f.window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, PT_LOG_MODEL_CAPACITY);
  newest = g_list_model_get_item (G_LIST_MODEL (model), PT_LOG_MODEL_CAPACITY - 1);
  g_assert_nonnull (newest);

  fixture_teardown (&f);
}

int
main (int    argc,
      char **argv)
{
  if (!pt_test_window_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/ui/window/log-filter", test_log_filter);
  g_test_add_func ("/ui/window/log-row-widget", test_log_row_widget);
  g_test_add_func ("/ui/window/flood", test_flood);

  return g_test_run ();
}
