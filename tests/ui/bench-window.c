/* bench-window.c — the window's stall benchmark (not a test: prints numbers)
 *
 * Opens the real window under the current display with the log view shown,
 * starts its server with one worker thread, and floods it with
 * `taskset -c 1 wrk -t1 -c50 -d10s`.  Meanwhile a 16 ms timeout records the
 * main-loop gaps, and the frame clock (kept ticking by an empty tick
 * callback, as an animation would) records the gaps between after-paint
 * signals and the number of frames.  Both are reported twice: for the
 * flood's first second and for the rest of it.  Then the same wrk runs
 * against `portico --no-gui --quiet --threads 1` for the headless figure.
 * Targets (issue 13 part 6): from the first second of the flood on, the
 * longest main-loop gap < 33 ms, frames >= 55 a second, req/s with the
 * window >= 0.8 x headless.  See tests/ui/BENCH.md.
 *
 *   xvfb-run -a build/tests/ui/bench-window [--portico PATH] [--duration S]
 *                                           [--window-only] [--gaps MS]
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "pt-log-model.h"
#include "pt-settings.h"
#include "pt-test-net.h"
#include "pt-window.h"

#define TIMER_INTERVAL_MS    16
#define DEFAULT_DURATION_S   10
#define WRK_THREADS          "1"
#define WRK_CONNECTIONS      "50"
#define WRK_CPU              "1"
#define SERVER_THREADS       1
#define TARGET_GAP_MS        33.0
#define TARGET_FPS           55.0
#define TARGET_RATIO         0.8
#define FIRST_PHASE_US       G_USEC_PER_SEC   /* "the first second" of the flood */
#define MAX_GAPS_LISTED      24
#define SETTLE_MS            300              /* window idle, timer and frames running */
#define DEFAULT_LIST_GAP_MS  20
#define STARTUP_WAIT_S       10
#define PAGE_BYTES           1024
#define US_PER_MS            1000.0
#define START_SPAN_US        (G_USEC_PER_SEC / 4)  /* "the first 0.25 s": the first screenful */

/* The figures of one part of the flood: [0, 1 s) or [1 s, end).  A gap
 * belongs to the part in which it began. */
typedef struct
{
  gint64   max_timer_gap;
  gint64   max_timer_gap_at;   /* since the flood's start */
  gint64   max_timer_gap_cpu;  /* the main thread's CPU time inside that gap */
  gint64   max_cpu_gap;        /* most main-thread CPU between two ticks */
  guint    n_long_gaps;        /* timer gaps over TARGET_GAP_MS */
  gint64   max_paint_gap;
  gint64   max_paint_gap_at;
  guint64  frames;
} Phase;

/* One long main-loop gap, for the list printed after the run. */
typedef struct
{
  gint64 at;
  gint64 wall;
  gint64 cpu;
} GapRecord;

typedef struct
{
  gint64     start;            /* the flood's start: just before wrk runs */
  gint64     end;
  Phase      phase[2];
  /* 16 ms timeout */
  gint64     last_timer;
  /* the main thread's own CPU time between two timer ticks: the part of a
   * gap that is our work, not another process holding the CPU */
  gint64     last_cpu;
  /* frame clock */
  gint64     last_paint;
  gboolean   measuring;
  /* main-loop gaps of at least list_gap_us, in order */
  gint64     list_gap_us;
  GapRecord  listed[MAX_GAPS_LISTED];
  guint      n_listed;
  guint      n_unlisted;
  /* the main thread's CPU in [0, 0.25 s) and in [1 s, 1.25 s) of the flood:
   * the first screenful of rows against the same span once warm */
  gint64     start_cpu;
  gint64     warm_cpu;
} Gaps;

#define MAX_THREADS_SHOWN    16

/* CPU time per thread of this process, from /proc/self/task. */
typedef struct
{
  guint  n;
  int    tid[MAX_THREADS_SHOWN];
  char  *name[MAX_THREADS_SHOWN];
  double cpu_s[MAX_THREADS_SHOWN];
} ThreadTimes;

typedef struct
{
  gboolean  done;
  char     *stdout_text;
  GError   *error;
} WrkRun;

/* ------------------------------------------------------------------------ */

static void
thread_times_read (ThreadTimes *times)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *entry;
  long ticks = sysconf (_SC_CLK_TCK);

  times->n = 0;
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL && times->n < MAX_THREADS_SHOWN)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", entry);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *open_paren;
      const char *close_paren;

      if (!g_file_get_contents (path, &stat, NULL, NULL) ||
          (open_paren = strchr (stat, '(')) == NULL ||
          (close_paren = strrchr (stat, ')')) == NULL)
        continue;
      /* after "pid (comm) ": state ppid ... utime is field 14, stime 15 */
      fields = g_strsplit (close_paren + 2, " ", 0);
      if (g_strv_length (fields) < 13)
        continue;
      times->tid[times->n] = atoi (entry);
      times->name[times->n] = g_strndup (open_paren + 1, (gsize) (close_paren - open_paren - 1));
      times->cpu_s[times->n] = (g_ascii_strtod (fields[11], NULL) +
                                g_ascii_strtod (fields[12], NULL)) / (double) ticks;
      times->n++;
    }
}

static void
thread_times_clear (ThreadTimes *times)
{
  for (guint i = 0; i < times->n; i++)
    g_free (times->name[i]);
  times->n = 0;
}

/* Prints the CPU seconds each thread used between before and after. */
static void
thread_times_print (const ThreadTimes *before,
                    const ThreadTimes *after)
{
  for (guint i = 0; i < after->n; i++)
    {
      double start = 0;

      for (guint j = 0; j < before->n; j++)
        if (before->tid[j] == after->tid[i])
          start = before->cpu_s[j];
      if (after->cpu_s[i] - start >= 0.01)
        g_print ("  CPU of thread %-16s %.2f s\n", after->name[i], after->cpu_s[i] - start);
    }
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static Phase *
phase_at (Gaps   *gaps,
          gint64  at)
{
  return &gaps->phase[at < FIRST_PHASE_US ? 0 : 1];
}

static gboolean
on_timer (gpointer user_data)
{
  Gaps *gaps = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (gaps->measuring && gaps->last_timer > 0)
    {
      gint64 gap = now - gaps->last_timer;
      gint64 cpu_gap = cpu - gaps->last_cpu;
      gint64 at = gaps->last_timer - gaps->start;
      Phase *phase = phase_at (gaps, at);

      phase->max_cpu_gap = MAX (phase->max_cpu_gap, cpu_gap);
      if (at >= 0 && at < START_SPAN_US)
        gaps->start_cpu += cpu_gap;
      else if (at >= FIRST_PHASE_US && at < FIRST_PHASE_US + START_SPAN_US)
        gaps->warm_cpu += cpu_gap;
      if (gap > phase->max_timer_gap)
        {
          phase->max_timer_gap = gap;
          phase->max_timer_gap_at = at;
          phase->max_timer_gap_cpu = cpu_gap;
        }
      if (gap > TARGET_GAP_MS * US_PER_MS)
        phase->n_long_gaps++;
      if (gap >= gaps->list_gap_us)
        {
          if (gaps->n_listed < MAX_GAPS_LISTED)
            gaps->listed[gaps->n_listed++] = (GapRecord) { at, gap, cpu_gap };
          else
            gaps->n_unlisted++;
        }
    }
  gaps->last_cpu = cpu;
  gaps->last_timer = now;
  return G_SOURCE_CONTINUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                Gaps          *gaps)
{
  gint64 now = g_get_monotonic_time ();
  Phase *phase;

  if (!gaps->measuring)
    {
      gaps->last_paint = now;
      return;
    }
  phase = phase_at (gaps, now - gaps->start);
  if (gaps->last_paint > 0)
    {
      gint64 at = gaps->last_paint - gaps->start;
      Phase *gap_phase = phase_at (gaps, at);

      if (now - gaps->last_paint > gap_phase->max_paint_gap)
        {
          gap_phase->max_paint_gap = now - gaps->last_paint;
          gap_phase->max_paint_gap_at = at;
        }
    }
  gaps->last_paint = now;
  phase->frames++;
}

/* Keeps the frame clock running every frame, as an animation would. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
wrk_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  WrkRun *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                        &run->stdout_text, NULL, &run->error);
  run->done = TRUE;
}

/* Runs wrk against port while the main loop keeps running; returns req/s. */
static double
run_wrk (guint        port,
         guint        duration_s,
         Gaps        *gaps)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/index.html", port);
  g_autofree char *duration = g_strdup_printf ("%us", duration_s);
  g_autoptr(GSubprocess) wrk = NULL;
  g_autoptr(GError) error = NULL;
  WrkRun run = { 0 };
  const char *line;
  double rate = 0;

  wrk = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, "taskset", "-c", WRK_CPU, "wrk", "-t" WRK_THREADS,
                          "-c" WRK_CONNECTIONS, "-d", duration, url, NULL);
  if (wrk == NULL)
    g_error ("cannot run wrk: %s", error->message);

  if (gaps != NULL)
    {
      /* The timer and the frame clock already run (bench_window lets them
       * settle): a stall as wrk connects counts from the last quiet tick
       * and frame, in the first second. */
      gaps->start = g_get_monotonic_time ();
      gaps->measuring = TRUE;
    }
  g_subprocess_communicate_utf8_async (wrk, NULL, NULL, wrk_done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (gaps != NULL)
    {
      gaps->measuring = FALSE;
      gaps->end = g_get_monotonic_time ();
    }

  if (run.error != NULL)
    g_error ("wrk failed: %s", run.error->message);
  line = strstr (run.stdout_text, "Requests/sec:");
  if (line == NULL)
    g_error ("no Requests/sec in wrk's output:\n%s", run.stdout_text);
  rate = g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
  if (strstr (run.stdout_text, "Non-2xx") != NULL || strstr (run.stdout_text, "Socket errors") != NULL)
    g_printerr ("bench-window: wrk reported errors:\n%s", run.stdout_text);
  g_free (run.stdout_text);
  return rate;
}

static char *
make_docroot (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("portico-bench-XXXXXX", &error);
  g_autofree char *site = NULL;
  g_autofree char *index = NULL;
  g_autofree char *page = g_strnfill (PAGE_BYTES, 'x');

  g_assert_no_error (error);
  site = g_build_filename (tmp, "site", NULL);
  g_assert_cmpint (g_mkdir (site, 0700), ==, 0);
  index = g_build_filename (site, "index.html", NULL);
  g_file_set_contents (index, page, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&tmp);
}

/* Widgets under root, and how many of them are list rows. */
static guint
count_widgets (GtkWidget *root,
               guint     *rows)
{
  guint n = 1;

  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkListItemWidget"))
    (*rows)++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, rows);
  return n;
}

static void
iterate_for_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static void
iterate_until_stopped (PtWindow *window)
{
  while (pt_server_controller_get_state (pt_window_get_controller (window)) != PT_SERVER_STATE_STOPPED)
    g_main_context_iteration (NULL, TRUE);
}

/* ------------------------------------------------------------------------ */

static double
bench_window (const char *tmp,
              guint       duration_s,
              Gaps       *gaps,
              guint64    *rows)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) gsettings = g_settings_new_with_backend (PT_SETTINGS_SCHEMA_ID, backend);
  g_autoptr(PtSettings) settings = pt_settings_new (gsettings);
  g_autofree char *site = g_build_filename (tmp, "site", NULL);
  g_autofree char *log = g_build_filename (tmp, "window.log", NULL);
  g_autoptr(GtkWidget) window = NULL;
  GdkFrameClock *clock;
  gulong paint_id;
  guint timer_id;
  guint tick_id;
  ThreadTimes before = { 0 };
  ThreadTimes after = { 0 };
  guint n_rows_alive = 0;
  guint n_widgets;
  int height;
  double rate;

  g_object_set (settings, "folder", site, "log-file", log, "worker-threads", SERVER_THREADS,
                "port", pt_test_net_free_port (), NULL);
  window = g_object_ref_sink (GTK_WIDGET (pt_window_new (NULL, settings)));
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (window, "win.show-page", "s", "server");
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  pt_window_start (PT_WINDOW (window));
  if (!pt_window_is_running (PT_WINDOW (window)))
    g_error ("the window's server did not start");

  timer_id = g_timeout_add (TIMER_INTERVAL_MS, on_timer, gaps);
  g_source_set_name_by_id (timer_id, "[bench] 16 ms timer");
  clock = gtk_widget_get_frame_clock (window);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), gaps);
  tick_id = gtk_widget_add_tick_callback (window, on_tick, NULL, NULL);
  iterate_for_ms (SETTLE_MS);

  thread_times_read (&before);
  rate = run_wrk (pt_window_get_port (PT_WINDOW (window)), duration_s, gaps);
  thread_times_read (&after);
  n_widgets = count_widgets (window, &n_rows_alive);
  height = gtk_widget_get_height (window);
  *rows = pt_log_model_get_n_appended (pt_server_controller_get_log_model (pt_window_get_controller (PT_WINDOW (window))));

  gtk_widget_remove_tick_callback (window, tick_id);
  g_signal_handler_disconnect (clock, paint_id);
  g_source_remove (timer_id);

  pt_window_stop (PT_WINDOW (window));
  iterate_until_stopped (PT_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (window));

  g_print ("window: %d px high, %u widgets, %u of them log rows\n",
           height, n_widgets, n_rows_alive);
  g_print ("CPU time during the run with the window:\n");
  thread_times_print (&before, &after);
  thread_times_clear (&before);
  thread_times_clear (&after);
  return rate;
}

static gboolean
port_accepts (guint port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((guint16) port);
  ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
  close (fd);
  return ok;
}

/* quiet: --quiet (no per-event console text); else every event is printed
 * to /dev/null, the cost of tracing without a window. */
static double
bench_headless (const char *portico,
                const char *tmp,
                guint       duration_s,
                gboolean    quiet)
{
  g_autofree char *site = g_build_filename (tmp, "site", NULL);
  g_autofree char *log = g_build_filename (tmp, "headless.log", NULL);
  g_autofree char *threads = g_strdup_printf ("%d", SERVER_THREADS);
  g_autofree char *port = g_strdup_printf ("%u", pt_test_net_free_port ());
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + STARTUP_WAIT_S * G_USEC_PER_SEC;
  double rate;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           portico, "--no-gui", quiet ? "--quiet" : "--no-port-fallback",
                           "--threads", threads, "--port", port,
                           "--docroot", site, "--log-file", log, NULL);
  if (proc == NULL)
    g_error ("cannot run %s: %s", portico, error->message);
  while (!port_accepts ((guint) atoi (port)))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("headless portico does not answer on port %s", port);
      g_usleep (G_USEC_PER_SEC / 100);
    }

  rate = run_wrk ((guint) atoi (port), duration_s, NULL);

  g_subprocess_send_signal (proc, SIGTERM);
  if (!g_subprocess_wait_check (proc, NULL, &error))
    g_error ("headless portico: %s", error->message);
  return rate;
}

static void
remove_tree (const char *tmp)
{
  const char *names[] = { "site/index.html", "site", "window.log", "headless.log" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (tmp, names[i], NULL);

      g_remove (path);
    }
  g_rmdir (tmp);
}

static void
print_phase (const char  *name,
             const Phase *phase,
             double       seconds)
{
  g_print ("%s (%.2f s):\n", name, seconds);
  g_print ("  longest main-loop gap (16 ms timer): %.1f ms, began %.3f s into the flood, "
           "main-thread CPU in it %.1f ms\n",
           (double) phase->max_timer_gap / US_PER_MS,
           (double) phase->max_timer_gap_at / G_USEC_PER_SEC,
           (double) phase->max_timer_gap_cpu / US_PER_MS);
  g_print ("  gaps over %.0f ms: %u; most main-thread CPU between two ticks: %.1f ms\n",
           TARGET_GAP_MS, phase->n_long_gaps, (double) phase->max_cpu_gap / US_PER_MS);
  g_print ("  longest frame gap (after-paint):     %.1f ms, began %.3f s into the flood\n",
           (double) phase->max_paint_gap / US_PER_MS,
           (double) phase->max_paint_gap_at / G_USEC_PER_SEC);
  g_print ("  frames:                              %" G_GUINT64_FORMAT " (%.1f a second)\n",
           phase->frames, seconds > 0 ? (double) phase->frames / seconds : 0);
}

static void
print_results (const Gaps *gaps,
               int         duration_s,
               guint64     rows,
               double      window_rate,
               double      headless_rate,
               double      traced_rate,
               double      ratio)
{
  double seconds = (double) (gaps->end - gaps->start) / G_USEC_PER_SEC;
  double first_s = MIN (seconds, (double) FIRST_PHASE_US / G_USEC_PER_SEC);
  guint64 frames = gaps->phase[0].frames + gaps->phase[1].frames;
  double fps = seconds > 0 ? (double) frames / seconds : 0;
  gint64 first_gap = gaps->phase[0].max_timer_gap;
  gint64 rest_gap = gaps->phase[1].max_timer_gap;
  const char *over = " (over)";

  g_print ("wrk -t" WRK_THREADS " -c" WRK_CONNECTIONS " -d%ds on CPU " WRK_CPU
           ", server with %d worker thread; the flood lasted %.2f s from CLOCK_MONOTONIC %.6f s\n",
           duration_s, SERVER_THREADS, seconds, (double) gaps->start / G_USEC_PER_SEC);
  print_phase ("first second of the flood", &gaps->phase[0], first_s);
  print_phase ("from 1 s to the end", &gaps->phase[1], seconds - first_s);
  g_print ("main-loop gaps of %" G_GINT64_FORMAT " ms or more (start, wall, main-thread CPU):\n",
           gaps->list_gap_us / G_TIME_SPAN_MILLISECOND);
  for (guint i = 0; i < gaps->n_listed; i++)
    g_print ("  %7.3f s  %6.1f ms  CPU %5.1f ms\n",
             (double) gaps->listed[i].at / G_USEC_PER_SEC,
             (double) gaps->listed[i].wall / US_PER_MS,
             (double) gaps->listed[i].cpu / US_PER_MS);
  if (gaps->n_unlisted > 0)
    g_print ("  ... and %u more\n", gaps->n_unlisted);
  g_print ("main-thread CPU in the flood's first 0.25 s: %.1f ms (from 1 s to 1.25 s: %.1f ms)\n",
           (double) gaps->start_cpu / US_PER_MS, (double) gaps->warm_cpu / US_PER_MS);
  g_print ("frames:                              %" G_GUINT64_FORMAT " in %.2f s (%.1f a second, target >= %.0f)\n",
           frames, seconds, fps, TARGET_FPS);
  g_print ("log events shown by the window:      %" G_GUINT64_FORMAT "\n", rows);
  g_print ("req/s with the window:               %.0f\n", window_rate);
  if (headless_rate > 0)
    {
      g_print ("req/s headless:                      %.0f\n", headless_rate);
      g_print ("ratio:                               %.2f (target >= %.1f)\n", ratio, TARGET_RATIO);
      g_print ("req/s headless, every event printed: %.0f (to /dev/null: the engine's and bridge's\n"
               "                                     share of the cost of tracing, without a window)\n",
               traced_rate);
    }

  /* One line per run, in the column order of BENCH.md's and README's
   * tables: main-loop gap [0, 1 s) | [1 s, end) | frame gap [0, 1 s) |
   * [1 s, end) | frames/s | req/s window | req/s headless | ratio */
  g_print ("table row: | %.1f ms%s | %.1f ms%s | %.1f ms | %.1f ms | %.1f | %.0f | %.0f | %.2f |\n",
           (double) first_gap / US_PER_MS, first_gap < TARGET_GAP_MS * US_PER_MS ? "" : over,
           (double) rest_gap / US_PER_MS, rest_gap < TARGET_GAP_MS * US_PER_MS ? "" : over,
           (double) gaps->phase[0].max_paint_gap / US_PER_MS,
           (double) gaps->phase[1].max_paint_gap / US_PER_MS,
           fps, window_rate, headless_rate, ratio);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *portico = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int duration_s = DEFAULT_DURATION_S;
  int list_gap_ms = DEFAULT_LIST_GAP_MS;
  gboolean window_only = FALSE;
  Gaps gaps = { 0 };
  guint64 rows = 0;
  double window_rate;
  double headless_rate = 0;
  double traced_rate = 0;
  double ratio;
  const GOptionEntry entries[] = {
    { "portico", 0, 0, G_OPTION_ARG_FILENAME, &portico,
      "The portico binary for the headless run (default: $PT_BUILD_ROOT/src/portico)", "PATH" },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration_s, "Seconds per wrk run (default 10)", "S" },
    { "window-only", 0, 0, G_OPTION_ARG_NONE, &window_only, "Only the run with the window", NULL },
    { "gaps", 0, 0, G_OPTION_ARG_INT, &list_gap_ms,
      "List the main-loop gaps of at least MS (default 20)", "MS" },
    { NULL },
  };

  context = g_option_context_new ("— the window's main-loop stalls under a wrk flood");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-window: %s\n", error->message);
      return 2;
    }
  if (portico == NULL)
    portico = g_build_filename (g_getenv ("PT_BUILD_ROOT") != NULL ? g_getenv ("PT_BUILD_ROOT") : ".",
                                "src", "portico", NULL);
  if (duration_s < 1)
    duration_s = DEFAULT_DURATION_S;

  /* The renderer the GUI tests use; GL under Xvfb is llvmpipe, which would
   * take CPU from the server on this 2-core machine.  Set it to compare. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-window: no display (run it under xvfb-run -a)\n");
      return 77;
    }
  adw_init ();
  /* A peer that goes away mid-response must not kill the benchmark. */
  signal (SIGPIPE, SIG_IGN);

  gaps.list_gap_us = (gint64) list_gap_ms * G_TIME_SPAN_MILLISECOND;
  tmp = make_docroot ();
  window_rate = bench_window (tmp, (guint) duration_s, &gaps, &rows);
  if (!window_only)
    {
      headless_rate = bench_headless (portico, tmp, (guint) duration_s, TRUE);
      traced_rate = bench_headless (portico, tmp, (guint) duration_s, FALSE);
    }
  ratio = headless_rate > 0 ? window_rate / headless_rate : 0;
  remove_tree (tmp);

  print_results (&gaps, duration_s, rows, window_rate, headless_rate, traced_rate, ratio);
  return 0;
}
