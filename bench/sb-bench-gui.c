/* sb-bench-gui.c: the real preview window (SbPreviewWindow from the app
 * library), or with --window browse the Browse window (SbBrowseWindow, its
 * "bench" node expanded as a user would have it), under a flood, for
 * tools/run-bench
 *
 * Modes:
 *   flood    the simulator sends N messages at R msg/s over K topics; prints the
 *            main-loop stall (lateness of a 1 ms G_PRIORITY_HIGH timer) and the
 *            main thread's CPU time in each of the timer's gaps (for the
 *            longest gap and the one with the most CPU time, split by where
 *            it went: between frames or in a phase of the frame clock),
 *            messages counted vs sent, frames painted and peak RSS; then the
 *            paint CPU time and page faults of whole-table repaints with warm
 *            buffers (the table scrolled by a row a frame).
 *   topics   N messages over N distinct topics as fast as possible; prints RSS,
 *            the time until the rows are painted, to scroll to the end and to
 *            re-sort the table by another column.
 *   latency  an in-process publisher sends COUNT messages at R msg/s; prints
 *            publish -> row notified in the model, and -> next painted frame.
 *
 * Prints "key value" lines on stdout; never judges the figures (no exit code
 * depends on time). Exit 1 when the run could not be made (no broker, a
 * deadline passed), so the runner can tell a failed run from a slow one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sb-application.h"
#include "sb-browse-window-private.h"
#include "sb-data-source.h"
#include "sb-mqtt-session.h"
#include "sb-preview-model.h"
#include "sb-preview-view-private.h"
#include "sb-preview-window-private.h"
#include "sb-subscription.h"

#define PROBE_TOPIC "bench-probe"
#define MARKER_TOPIC "bench-done"
#define LATENCY_TOPIC "bench/latency"

/* Where a gap's CPU time went: outside a frame (reading messages, the
 * model, idles), or in one of the frame clock's phases. */
enum
{
  PHASE_OUTSIDE,
  PHASE_UPDATE, /* tick callbacks: the row pacer, animations */
  PHASE_LAYOUT, /* styles, measuring and allocating */
  PHASE_PAINT,  /* snapshot and render */
  PHASE_OTHER,  /* flush-events, before-paint, after-paint */
  N_PHASES
};

static const char *const phase_names[N_PHASES]
    = { "outside", "update", "layout", "paint", "other" };

typedef struct
{
  /* options */
  char *mode;
  int port;
  char *sim;
  gint64 messages;
  int topics;
  double rate;
  int payload_size;

  SbPreviewWindow *window; /* NULL with --window browse */
  SbPreviewModel *model;
  SbBrowseWindow *browse; /* --window browse */
  GtkWidget *toplevel;    /* the one or the other */
  GdkFrameClock *frame_clock;

  /* stall timer */
  GArray *lateness_us; /* gint64 */
  GArray *gap_cpu_us;  /* gint64: the main thread's CPU time between two ticks */
  gint64 last_tick_us;
  gint64 worst_us, worst_end_us; /* to find the worst stall in a profile */
  gint64 flood_start_us;
  GArray *stall_end_us; /* gint64, when each stall over STALL_NOTE_US ended */
  /* The main thread's CPU time in the current gap by what ran: between
   * frames, and each phase of a frame (marked at the phase's end). */
  gint64 phase_cpu_us[N_PHASES];
  gint64 phase_faults[N_PHASES]; /* minor page faults, the same way */
  gint64 last_mark_cpu_us;
  gint64 last_mark_faults;
  gint64 worst_cpu_us;                 /* the gap with the most CPU time */
  gint64 worst_cpu_phases[N_PHASES];   /* and how it was spent */
  gint64 worst_cpu_faults[N_PHASES];   /* its page faults */
  gint64 worst_stall_phases[N_PHASES]; /* the longest gap's */
  gint64 worst_stall_faults[N_PHASES];
  GArray *repaint_us; /* gint64: each paint phase's CPU time while recording */
  gint64 repaint_faults;
  gboolean measuring;
  guint paints;
  gint64 last_paint_us;

  /* latency */
  SbMqttSession *publisher;
  GArray *sent_us;    /* gint64, by sequence number */
  GArray *model_us;   /* publish -> notify */
  GArray *visible_us; /* publish -> next painted frame */
  guint64 seen;       /* messages of LATENCY_TOPIC notified so far */
  guint64 painted;    /* of those, how many a frame has shown */
  SbTopicRow *latency_row;
  guint publish_id;

  gboolean sim_done;
  gboolean sim_ok;
  char *sim_summary;
} Bench;

static void G_GNUC_NORETURN
fail (const char *what)
{
  g_printerr ("sb-bench-gui: %s\n", what);
  exit (1);
}

/* Iterates the main loop until @done (*@flag) or @timeout_s passed. */
static gboolean
wake_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_until (gboolean (*done) (Bench *), Bench *bench, double timeout_s)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add ((guint)(timeout_s * 1000), wake_cb, &expired);

  while (!done (bench) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return done (bench);
}

static double
percentile_ms (GArray *values, double p)
{
  gint64 *v = (gint64 *)values->data;
  guint index;

  if (values->len == 0)
    return -1;
  /* Nearest rank on a sorted copy. */
  index = (guint)(p / 100.0 * values->len + 0.999999);
  index = CLAMP (index, 1, values->len) - 1;
  return v[index] / 1000.0;
}

static gint
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static void
print_distribution (const char *name, GArray *values)
{
  g_array_sort (values, compare_gint64);
  g_print ("%s_n %u\n", name, values->len);
  g_print ("%s_p50_ms %.3f\n", name, percentile_ms (values, 50));
  g_print ("%s_p99_ms %.3f\n", name, percentile_ms (values, 99));
  g_print ("%s_max_ms %.3f\n", name, percentile_ms (values, 100));
}

static long
vm_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line != NULL ? strtol (line + strlen (field) + 1, NULL, 10) : -1;
}

static void
print_memory (const char *prefix)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  g_print ("%s_rss_mb %.1f\n", prefix, vm_kb ("VmRSS:") / 1024.0);
  g_print ("%s_peak_rss_mb %.1f\n", prefix, usage.ru_maxrss / 1024.0);
  g_print ("%s_cpu_s %.3f\n", prefix,
           usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
               + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
}

/* Stalls longer than this are listed with when they happened. */
#define STALL_NOTE_US 50000

/* The main thread's minor page faults so far: a page the thread touches for
 * the first time (a new heap or shared-memory page). */
static gint64
thread_faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_minflt;
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The end of a frame clock phase: the CPU time and page faults since the last
 * mark went to the part of the frame before it (or to the time between
 * frames); also handed back in @cpu_us and @faults. */
static void
mark_phase (Bench *bench, int phase, gint64 *cpu_us, gint64 *faults)
{
  gint64 cpu = thread_cpu_us ();
  gint64 flt = thread_faults ();

  *cpu_us = cpu - bench->last_mark_cpu_us;
  *faults = flt - bench->last_mark_faults;
  bench->phase_cpu_us[phase] += *cpu_us;
  bench->phase_faults[phase] += *faults;
  bench->last_mark_cpu_us = cpu;
  bench->last_mark_faults = flt;
}

/* The stall probe: a high-priority timer every 1 ms. GLib re-arms it from the
 * time it ran, so the gap beyond 1 ms is how long the loop could not run it:
 * the longest single dispatch (a read budget, a layout, a paint). The main
 * thread's CPU time in each gap is kept too: what the window did in it,
 * whatever else the machine ran meanwhile. */
static gboolean
stall_tick_cb (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu_us, faults;

  /* The gap's CPU time is all its phases': they start empty at each tick. */
  mark_phase (bench, PHASE_OUTSIDE, &cpu_us, &faults);
  if (bench->measuring && bench->last_tick_us != 0)
    {
      gint64 late = MAX (now - bench->last_tick_us - 1000, 0);
      gint64 gap_cpu = 0;

      for (int i = 0; i < N_PHASES; i++)
        gap_cpu += bench->phase_cpu_us[i];
      g_array_append_val (bench->lateness_us, late);
      g_array_append_val (bench->gap_cpu_us, gap_cpu);
      if (late > STALL_NOTE_US)
        g_array_append_val (bench->stall_end_us, now);
      if (late > bench->worst_us)
        {
          bench->worst_us = late;
          bench->worst_end_us = now;
          memcpy (bench->worst_stall_phases, bench->phase_cpu_us, sizeof bench->phase_cpu_us);
          memcpy (bench->worst_stall_faults, bench->phase_faults, sizeof bench->phase_faults);
        }
      if (gap_cpu > bench->worst_cpu_us)
        {
          bench->worst_cpu_us = gap_cpu;
          memcpy (bench->worst_cpu_phases, bench->phase_cpu_us, sizeof bench->phase_cpu_us);
          memcpy (bench->worst_cpu_faults, bench->phase_faults, sizeof bench->phase_faults);
        }
    }
  memset (bench->phase_cpu_us, 0, sizeof bench->phase_cpu_us);
  memset (bench->phase_faults, 0, sizeof bench->phase_faults);
  bench->last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

/* A frame clock signal whose end closes a phase (connected after GTK's own
 * handlers of it). */
typedef struct
{
  const char *signal;
  int phase;
  Bench *bench;
} PhaseEnd;

static PhaseEnd phase_ends[] = {
  { "flush-events", PHASE_OUTSIDE }, /* the events: still between frames */
  { "before-paint", PHASE_OTHER },   /* GTK's bookkeeping */
  { "update", PHASE_UPDATE },        /* tick callbacks */
  { "layout", PHASE_LAYOUT },        /* styles, sizes */
  { "paint", PHASE_PAINT },          /* snapshot, render */
  { "after-paint", PHASE_OTHER },    /* the frame's end */
};

static void
phase_end_cb (GdkFrameClock *clock, PhaseEnd *end)
{
  Bench *bench = end->bench;
  gint64 cpu_us, faults;

  mark_phase (bench, end->phase, &cpu_us, &faults);
  if (end->phase == PHASE_PAINT && bench->repaint_us != NULL)
    {
      g_array_append_val (bench->repaint_us, cpu_us);
      bench->repaint_faults += faults;
    }
}

/* "key outside=0.0,update=9.3,..." with @scale 1000 (µs as ms), or counts. */
static void
print_phases (const char *key, const gint64 *phases, double scale)
{
  g_print ("%s", key);
  for (int i = 0; i < N_PHASES; i++)
    g_print ("%s%s=%.*f", i == 0 ? " " : ",", phase_names[i], scale > 1 ? 1 : 0, phases[i] / scale);
  g_print ("\n");
}

static void
after_paint_cb (GdkFrameClock *clock, Bench *bench)
{
  gint64 now = g_get_monotonic_time ();

  bench->last_paint_us = now;
  if (bench->measuring)
    bench->paints++;
  /* Everything notified before this frame is on screen now. */
  for (; bench->painted < bench->seen; bench->painted++)
    {
      gint64 lat = now - g_array_index (bench->sent_us, gint64, bench->painted);
      g_array_append_val (bench->visible_us, lat);
    }
}

static SbMqttSession *
bench_session (Bench *bench)
{
  if (bench->browse != NULL)
    return sb_browse_window_get_browser (bench->browse) != NULL
               ? sb_browser_get_session (sb_browse_window_get_browser (bench->browse))
               : NULL;
  return sb_preview_window_get_session (bench->window);
}

static SbTopicTree *
bench_tree (Bench *bench)
{
  return sb_browser_get_tree (sb_browse_window_get_browser (bench->browse));
}

/* Messages seen at @topic (0: none, or no row/node for it). */
static guint64
row_count (Bench *bench, const char *topic)
{
  if (bench->browse != NULL)
    {
      SbTopicNode *node = sb_topic_tree_lookup (bench_tree (bench), topic);
      return node != NULL ? sb_topic_node_get_messages (node) : 0;
    }
  {
    SbTopicRow *row = sb_preview_model_lookup (bench->model, topic);
    return row != NULL ? sb_topic_row_get_count (row) : 0;
  }
}

static void
bench_flush (Bench *bench)
{
  if (bench->browse != NULL)
    sb_topic_tree_flush (bench_tree (bench));
  else
    sb_preview_model_flush (bench->model);
}

static gboolean
is_connected (Bench *bench)
{
  SbMqttSession *session = bench_session (bench);

  return session != NULL && sb_mqtt_session_get_state (session) == SB_SESSION_CONNECTED
         && (bench->publisher == NULL
             || sb_mqtt_session_get_state (bench->publisher) == SB_SESSION_CONNECTED);
}

static gboolean
probe_arrived (Bench *bench)
{
  return row_count (bench, PROBE_TOPIC) > 0;
}

static gboolean
marker_arrived_and_sim_done (Bench *bench)
{
  return row_count (bench, MARKER_TOPIC) > 0 && bench->sim_done;
}

static gboolean
publish_probe_cb (gpointer data)
{
  Bench *bench = data;
  g_autoptr (GBytes) payload = g_bytes_new_static ("probe", 5);

  sb_mqtt_session_publish (bench_session (bench), PROBE_TOPIC, payload, 0, FALSE, NULL);
  return G_SOURCE_CONTINUE;
}

/* The subscription is made when the probe comes back through the broker. */
static void
connect_and_subscribe (Bench *bench)
{
  guint id;

  if (!wait_until (is_connected, bench, 10))
    fail ("not connected within 10 s");
  id = g_timeout_add (100, publish_probe_cb, bench);
  publish_probe_cb (bench);
  if (!wait_until (probe_arrived, bench, 10))
    fail ("the probe message did not come back within 10 s");
  g_source_remove (id);
}

static void
sim_wait_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Bench *bench = data;
  g_autoptr (GError) error = NULL;

  bench->sim_ok = g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error);
  if (error != NULL)
    g_printerr ("sb-bench-gui: simulator: %s\n", error->message);
  bench->sim_done = TRUE;
}

static void
sim_stderr_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Bench *bench = data;
  g_autoptr (GBytes) bytes
      = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      char *old = bench->sim_summary;

      bench->sim_summary = g_strconcat (old != NULL ? old : "", text, NULL);
      g_free (old);
      g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 4096, G_PRIORITY_DEFAULT, NULL,
                                       sim_stderr_cb, bench);
    }
}

static void
start_simulator (Bench *bench, gint64 messages, int topics, double rate)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) sim = NULL;
  g_autofree char *port = g_strdup_printf ("%d", bench->port);
  g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, messages);
  g_autofree char *k = g_strdup_printf ("%d", topics);
  g_autofree char *r = g_strdup_printf ("%.0f", rate);
  g_autofree char *size = g_strdup_printf ("%d", bench->payload_size);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, bench->sim);
  g_ptr_array_add (argv, (char *)"--broker");
  g_ptr_array_add (argv, (char *)"127.0.0.1");
  g_ptr_array_add (argv, (char *)"--port");
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, (char *)"--flood");
  g_ptr_array_add (argv, n);
  g_ptr_array_add (argv, (char *)"--topics");
  g_ptr_array_add (argv, k);
  g_ptr_array_add (argv, (char *)"--payload-size");
  g_ptr_array_add (argv, size);
  g_ptr_array_add (argv, (char *)"--prefix");
  g_ptr_array_add (argv, (char *)"bench");
  g_ptr_array_add (argv, (char *)"--marker-topic");
  g_ptr_array_add (argv, (char *)MARKER_TOPIC);
  if (rate > 0)
    {
      g_ptr_array_add (argv, (char *)"--rate");
      g_ptr_array_add (argv, r);
    }
  g_ptr_array_add (argv, NULL);

  bench->sim_done = FALSE;
  sim = g_subprocess_newv ((const char *const *)argv->pdata, G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           &error);
  if (sim == NULL)
    fail (error->message);
  g_input_stream_read_bytes_async (g_subprocess_get_stderr_pipe (sim), 4096, G_PRIORITY_DEFAULT,
                                   NULL, sim_stderr_cb, bench);
  g_subprocess_wait_check_async (sim, NULL, sim_wait_cb, bench);
}

static void
print_counts (Bench *bench, gint64 sent)
{
  guint64 total = bench->browse != NULL ? sb_topic_tree_get_messages (bench_tree (bench))
                                        : sb_preview_model_get_message_count (bench->model);
  guint64 received = total - row_count (bench, PROBE_TOPIC) - row_count (bench, MARKER_TOPIC);

  g_print ("sent %" G_GINT64_FORMAT "\n", sent);
  g_print ("received %" G_GUINT64_FORMAT "\n", received);
  /* The probe and the marker are rows too. */
  if (bench->browse != NULL)
    g_print ("rows %u\n", sb_topic_tree_get_n_topics (bench_tree (bench)));
  else
    g_print ("rows %u\n", sb_preview_view_get_n_rows (sb_preview_window_get_view (bench->window)));
  g_print ("sim %s", bench->sim_summary != NULL ? bench->sim_summary : "(nothing)\n");
}

static gboolean
painted_since (Bench *bench, gint64 since)
{
  return bench->last_paint_us > since;
}

static gint64 paint_wait_since;

static gboolean
painted_since_mark (Bench *bench)
{
  return painted_since (bench, paint_wait_since);
}

/* Microseconds from @start until a frame after now has been painted. */
static gint64
wait_for_paint (Bench *bench, gint64 start)
{
  paint_wait_since = g_get_monotonic_time ();
  gtk_widget_queue_draw (bench->toplevel);
  if (!wait_until (painted_since_mark, bench, 30))
    fail ("no frame painted within 30 s");
  return bench->last_paint_us - start;
}

#define REPAINT_FRAMES 30

/* After the flood, the same whole-table repaint as a frame whose new rows
 * move the rows on screen, with every buffer warm: the table scrolled by
 * a row's height a frame. Prints the paint phase's CPU time and page faults. */
static void
run_repaints (Bench *bench)
{
  GtkColumnView *view
      = sb_preview_view_get_column_view (sb_preview_window_get_view (bench->window));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

  bench->repaint_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->repaint_faults = 0;
  for (int i = 0; i < REPAINT_FRAMES; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + 30);
      wait_for_paint (bench, g_get_monotonic_time ());
    }
  print_distribution ("repaint_cpu", bench->repaint_us);
  g_print ("repaint_faults %" G_GINT64_FORMAT "\n", bench->repaint_faults);
  g_clear_pointer (&bench->repaint_us, g_array_unref);
}

static void
run_flood (Bench *bench)
{
  double timeout = bench->messages / MAX (bench->rate, 1000.0) + 60;

  connect_and_subscribe (bench);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, stall_tick_cb, bench, NULL);
  bench->measuring = TRUE;
  bench->stall_end_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->flood_start_us = g_get_monotonic_time ();
  start_simulator (bench, bench->messages, bench->topics, bench->rate);
  if (!wait_until (marker_arrived_and_sim_done, bench, timeout))
    fail ("the flood's marker did not arrive in time");
  bench->measuring = FALSE;
  if (!bench->sim_ok)
    fail ("the simulator failed");
  bench_flush (bench);
  wait_for_paint (bench, g_get_monotonic_time ());

  print_counts (bench, bench->messages);
  g_print ("frames %u\n", bench->paints);
  print_distribution ("stall", bench->lateness_us);
  print_distribution ("stall_cpu", bench->gap_cpu_us);
  /* CLOCK_MONOTONIC seconds, as `perf record -k CLOCK_MONOTONIC` stamps samples. */
  g_print ("stall_worst_window %.6f,%.6f\n", (bench->worst_end_us - bench->worst_us) / 1e6,
           bench->worst_end_us / 1e6);
  /* Whether the long stalls are the first rows arriving or keep coming. */
  g_print ("stall_worst_at_s %.3f\n",
           (bench->worst_end_us - bench->worst_us - bench->flood_start_us) / 1e6);
  /* Where the main thread's CPU time went in the longest stall and in the
   * gap with the most CPU time, in ms. */
  print_phases ("stall_worst_cpu_phases", bench->worst_stall_phases, 1000);
  print_phases ("stall_cpu_max_phases", bench->worst_cpu_phases, 1000);
  /* And the page faults in them, by phase: each one a page touched for the
   * first time. */
  print_phases ("stall_worst_faults", bench->worst_stall_faults, 1);
  print_phases ("stall_cpu_max_faults", bench->worst_cpu_faults, 1);
  g_print ("stall_over_50ms_n %u\n", bench->stall_end_us->len);
  g_print ("stall_over_50ms_at_s");
  for (guint i = 0; i < bench->stall_end_us->len; i++)
    g_print ("%s%.2f", i == 0 ? " " : ",",
             (g_array_index (bench->stall_end_us, gint64, i) - bench->flood_start_us) / 1e6);
  g_print ("\n");
  g_array_unref (bench->stall_end_us);
  print_memory ("flood");
  if (bench->window != NULL)
    run_repaints (bench);
}

static GtkColumnViewColumn *
column_at (GtkColumnView *view, guint position)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, position);

  if (column == NULL)
    fail ("the preview has fewer columns than expected");
  /* The view holds it; a borrowed pointer is enough. */
  return column;
}

static GtkSortListModel *sorted_model;
static guint wanted_rows; /* 0: any number */

static gboolean
sorted_cb (Bench *bench)
{
  /* With every row in: the table passes new rows that sort among the rows on
   * screen on to the view a few per frame (SbRowPacer). */
  return gtk_sort_list_model_get_pending (sorted_model) == 0
         && (wanted_rows == 0
             || g_list_model_get_n_items (G_LIST_MODEL (sorted_model)) >= wanted_rows);
}

/* The table sorts incrementally (a step per main-loop turn): a figure counts
 * until the whole table is in order and painted, not the first frame. */
static gint64
wait_for_sorted_paint (Bench *bench, GtkColumnView *view, gint64 start)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (view);

  sorted_model
      = GTK_SORT_LIST_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
  if (!wait_until (sorted_cb, bench, 120))
    fail ("the table was not sorted within 120 s");
  return wait_for_paint (bench, start);
}

static gboolean
filtered_cb (Bench *bench)
{
  GtkFilterListModel *filtered
      = GTK_FILTER_LIST_MODEL (gtk_sort_list_model_get_model (sorted_model));

  return gtk_filter_list_model_get_pending (filtered) == 0
         && gtk_sort_list_model_get_pending (sorted_model) == 0;
}

static void
filter_timed (Bench *bench, GtkColumnView *view, const char *text, const char *key)
{
  SbPreviewView *preview = sb_preview_window_get_view (bench->window);
  gint64 start;

  /* sorted_model: set by the wait_for_sorted_paint () before. */
  start = g_get_monotonic_time ();
  sb_preview_view_set_filter (preview, text);
  if (!wait_until (filtered_cb, bench, 120))
    fail ("the table was not filtered within 120 s");
  g_print ("%s_ms %.1f\n", key, wait_for_paint (bench, start) / 1000.0);
  g_print ("%s_rows %u\n", key, sb_preview_view_get_n_rows (preview));
}

static void
run_topics (Bench *bench)
{
  GtkColumnView *view
      = sb_preview_view_get_column_view (sb_preview_window_get_view (bench->window));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  gint64 start, flood_end;
  guint rounds = 0;

  connect_and_subscribe (bench);
  /* The window, GTK and the GL probe (llvmpipe under Xvfb) before any topic. */
  print_memory ("empty");
  start = g_get_monotonic_time ();
  start_simulator (bench, bench->messages, (int)bench->messages, 0);
  if (!wait_until (marker_arrived_and_sim_done, bench, 120))
    fail ("the flood's marker did not arrive in time");
  if (!bench->sim_ok)
    fail ("the simulator failed");
  flood_end = g_get_monotonic_time ();
  g_print ("ingest_s %.3f\n", (flood_end - start) / 1e6);
  sb_preview_model_flush (bench->model);
  wanted_rows = g_list_model_get_n_items (G_LIST_MODEL (bench->model));
  g_print ("show_ms %.1f\n", wait_for_sorted_paint (bench, view, flood_end) / 1000.0);
  wanted_rows = 0;
  print_counts (bench, bench->messages);
  print_memory ("topics");

  /* Scroll to the end: the list estimates the heights of rows it has not
   * laid out, so the end moves while it lays out; go on until it stays. */
  start = g_get_monotonic_time ();
  do
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                                - gtk_adjustment_get_page_size (adjustment));
      wait_for_paint (bench, start);
      rounds++;
    }
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
             < gtk_adjustment_get_upper (adjustment) - 1
         && rounds < 20);
  g_print ("scroll_end_ms %.1f\n", (g_get_monotonic_time () - start) / 1000.0);
  g_print ("scroll_rounds %u\n", rounds);

  /* Re-sorting is what the table offers instead of a filter: a click on the
   * Count header, then back to Topic. */
  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (view, column_at (view, 4), GTK_SORT_DESCENDING);
  g_print ("sort_count_ms %.1f\n", wait_for_sorted_paint (bench, view, start) / 1000.0);
  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (view, column_at (view, 0), GTK_SORT_ASCENDING);
  g_print ("sort_topic_ms %.1f\n", wait_for_sorted_paint (bench, view, start) / 1000.0);

  /* Ctrl+F: a substring ("/77": 1,111 of bench/0..99999), an MQTT filter
   * that keeps every row, and back to none, each until filtered, sorted and
   * painted. */
  filter_timed (bench, view, "/77", "filter_substring");
  filter_timed (bench, view, "bench/+", "filter_wildcard");
  filter_timed (bench, view, "", "filter_clear");
  print_memory ("topics_end");
}

/* The Browse window's rows. */
static GListModel *
browse_rows (Bench *bench)
{
  GtkColumnView *view = NULL;

  for (GtkWidget *w = bench->toplevel; w != NULL && view == NULL;)
    {
      if (GTK_IS_COLUMN_VIEW (w))
        view = GTK_COLUMN_VIEW (w);
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  if (view == NULL)
    fail ("the Browse window has no column view");
  return G_LIST_MODEL (gtk_column_view_get_model (view));
}

/* A user looking at the flood: the "bench" node open, its topics as rows. */
static gboolean
expand_bench_row (Bench *bench)
{
  GListModel *rows = browse_rows (bench);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr (SbTopicNode) node = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_depth (row) == 0
          && g_str_equal (sb_topic_node_get_topic (node), "bench"))
        {
          gtk_tree_list_row_set_expanded (row, TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

static void
browse_rows_changed_cb (GListModel *rows, guint position, guint removed, guint added, Bench *bench)
{
  /* Once: the probe costs nothing during the flood. */
  if (expand_bench_row (bench))
    g_signal_handlers_disconnect_by_func (rows, browse_rows_changed_cb, bench);
}

static void
run_browse_topics (Bench *bench)
{
  GListModel *rows = browse_rows (bench);
  gint64 start, flood_end;

  connect_and_subscribe (bench);
  print_memory ("empty");
  start = g_get_monotonic_time ();
  start_simulator (bench, bench->messages, (int)bench->messages, 0);
  if (!wait_until (marker_arrived_and_sim_done, bench, 120))
    fail ("the flood's marker did not arrive in time");
  if (!bench->sim_ok)
    fail ("the simulator failed");
  flood_end = g_get_monotonic_time ();
  g_print ("ingest_s %.3f\n", (flood_end - start) / 1e6);
  bench_flush (bench);
  g_print ("show_ms %.1f\n", wait_for_paint (bench, flood_end) / 1000.0);
  print_counts (bench, bench->messages);
  print_memory ("topics");

  /* Opening the node of 100k topics, until painted. */
  start = g_get_monotonic_time ();
  expand_bench_row (bench);
  g_print ("expand_ms %.1f\n", wait_for_paint (bench, start) / 1000.0);
  g_print ("expanded_rows %u\n", g_list_model_get_n_items (rows));

  /* The filter (the preview's rule), until the rows are rebuilt and painted. */
  start = g_get_monotonic_time ();
  sb_browse_window_set_filter (bench->browse, "/77");
  g_print ("filter_substring_ms %.1f\n", wait_for_paint (bench, start) / 1000.0);
  g_print ("filter_substring_rows %u\n", g_list_model_get_n_items (browse_rows (bench)));
  start = g_get_monotonic_time ();
  sb_browse_window_set_filter (bench->browse, "");
  g_print ("filter_clear_ms %.1f\n", wait_for_paint (bench, start) / 1000.0);
  print_memory ("topics_end");
}

static void
latency_count_cb (SbTopicRow *row, GParamSpec *pspec, Bench *bench)
{
  gint64 now = g_get_monotonic_time ();
  guint64 count = MIN (sb_topic_row_get_count (row), bench->sent_us->len);

  /* One notification may cover several messages (coalescing): each of them
   * became visible now. */
  for (; bench->seen < count; bench->seen++)
    {
      gint64 lat = now - g_array_index (bench->sent_us, gint64, bench->seen);
      g_array_append_val (bench->model_us, lat);
    }
}

static void
latency_items_changed_cb (GListModel *model, guint position, guint removed, guint added,
                          Bench *bench)
{
  SbTopicRow *row;

  if (bench->latency_row != NULL)
    return;
  row = sb_preview_model_lookup (bench->model, LATENCY_TOPIC);
  if (row == NULL)
    return;
  bench->latency_row = row;
  g_signal_connect (row, "notify::count", G_CALLBACK (latency_count_cb), bench);
  latency_count_cb (row, NULL, bench);
}

static gboolean
publish_latency_cb (gpointer data)
{
  Bench *bench = data;
  g_autofree char *text = g_strdup_printf ("%u", bench->sent_us->len);
  g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  if (bench->sent_us->len >= (guint)bench->messages)
    {
      bench->publish_id = 0;
      return G_SOURCE_REMOVE;
    }
  g_array_append_val (bench->sent_us, now);
  if (!sb_mqtt_session_publish (bench->publisher, LATENCY_TOPIC, payload, 0, FALSE, &error))
    fail (error->message);
  return G_SOURCE_CONTINUE;
}

static gboolean
all_painted (Bench *bench)
{
  return bench->publish_id == 0 && bench->painted == (guint64)bench->messages;
}

static void
run_latency (Bench *bench)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();

  sb_data_source_set_name (source, "Bench publisher");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, bench->port);
  bench->publisher = sb_mqtt_session_new (source);
  sb_mqtt_session_start (bench->publisher);
  connect_and_subscribe (bench);

  g_signal_connect (bench->model, "items-changed", G_CALLBACK (latency_items_changed_cb), bench);
  bench->publish_id = g_timeout_add ((guint)(1000 / bench->rate), publish_latency_cb, bench);
  if (!wait_until (all_painted, bench, bench->messages / bench->rate + 30))
    fail ("not every latency message reached the screen in time");

  g_print ("sent %" G_GINT64_FORMAT "\n", bench->messages);
  g_print ("received %" G_GUINT64_FORMAT "\n", bench->seen);
  print_distribution ("model", bench->model_us);
  print_distribution ("visible", bench->visible_us);
  sb_mqtt_session_stop (bench->publisher);
  g_clear_object (&bench->publisher);
}

static gboolean
is_mapped (Bench *bench)
{
  return gtk_widget_get_mapped (bench->toplevel);
}

int
main (int argc, char **argv)
{
  Bench bench
      = { .port = 0, .messages = 500000, .topics = 10000, .rate = 50000, .payload_size = 20 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbSubscription) subscription = NULL;
  g_autofree char *window = NULL;
  GOptionEntry entries[] = {
    { "mode", 0, 0, G_OPTION_ARG_STRING, &bench.mode, "flood, topics or latency", "MODE" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window, "preview (default) or browse", "WINDOW" },
    { "port", 0, 0, G_OPTION_ARG_INT, &bench.port, "Broker port on 127.0.0.1", "P" },
    { "sim", 0, 0, G_OPTION_ARG_FILENAME, &bench.sim, "signalboard-shopfloor-sim", "PATH" },
    { "messages", 0, 0, G_OPTION_ARG_INT64, &bench.messages, "Messages to send", "N" },
    { "topics", 0, 0, G_OPTION_ARG_INT, &bench.topics, "Topics of the flood", "K" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &bench.rate, "Messages per second", "R" },
    { "payload-size", 0, 0, G_OPTION_ARG_INT, &bench.payload_size, "Payload bytes", "B" },
    { NULL },
  };

  context = g_option_context_new ("- the preview window under a flood");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail (error->message);
  if (bench.port <= 0 || bench.mode == NULL
      || (g_strcmp0 (bench.mode, "latency") != 0 && bench.sim == NULL))
    fail ("--mode, --port and --sim are required");

  sb_application_prepare_display ();
  adw_init ();
  bench.lateness_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.gap_cpu_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.sent_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.model_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.visible_us = g_array_new (FALSE, FALSE, sizeof (gint64));

  source = sb_data_source_new ();
  sb_data_source_set_name (source, "Bench");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, bench.port);
  subscription = sb_subscription_new ("#");
  sb_data_source_add_subscription (source, subscription);

  if (g_strcmp0 (window, "browse") == 0)
    {
      if (g_str_equal (bench.mode, "latency"))
        fail ("--window browse measures flood and topics");
      bench.browse = sb_browse_window_new (NULL, source);
      bench.toplevel = GTK_WIDGET (bench.browse);
      if (g_str_equal (bench.mode, "flood"))
        g_signal_connect (browse_rows (&bench), "items-changed",
                          G_CALLBACK (browse_rows_changed_cb), &bench);
    }
  else
    {
      bench.window = sb_preview_window_new (NULL, source);
      bench.model = sb_preview_view_get_model (sb_preview_window_get_view (bench.window));
      bench.toplevel = GTK_WIDGET (bench.window);
    }
  gtk_window_set_default_size (GTK_WINDOW (bench.toplevel), 1200, 800);
  gtk_window_present (GTK_WINDOW (bench.toplevel));
  if (!wait_until (is_mapped, &bench, 10))
    fail ("the window was not mapped within 10 s");
  bench.frame_clock = gtk_widget_get_frame_clock (bench.toplevel);
  g_signal_connect (bench.frame_clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);
  /* After GTK's own handlers of each phase, whenever they were connected. */
  for (guint i = 0; i < G_N_ELEMENTS (phase_ends); i++)
    {
      phase_ends[i].bench = &bench;
      g_signal_connect_after (bench.frame_clock, phase_ends[i].signal, G_CALLBACK (phase_end_cb),
                              &phase_ends[i]);
    }

  if (g_str_equal (bench.mode, "flood"))
    run_flood (&bench);
  else if (g_str_equal (bench.mode, "topics") && bench.browse != NULL)
    run_browse_topics (&bench);
  else if (g_str_equal (bench.mode, "topics"))
    run_topics (&bench);
  else if (g_str_equal (bench.mode, "latency"))
    run_latency (&bench);
  else
    fail ("--mode must be flood, topics or latency");

  /* Exit without tearing down 100k rows: the figures are printed. */
  return 0;
}
