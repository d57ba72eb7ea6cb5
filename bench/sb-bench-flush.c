/* sb-bench-flush.c: the cost of one preview flush with the table on screen,
 * on a fixed workload without a broker, for load-independent comparisons
 *
 * A 1200×800 window shows the real SbPreviewView with --topics rows (sorted by
 * topic, as it opens). Then, --rounds times: push --dirty messages into the
 * model, flush it, and wait for the frame that shows the flush. Patterns:
 *   visible  the --dirty topics first in the table (on screen): the cells' cost
 *   spread   --dirty topics in turn over all of them (a flood over many topics)
 *   new      --dirty new topics that sort above the visible rows (rebinds)
 *   new-lit  the same while the 30 topics first in the table get a message each
 *            per flush (lit up, as the rows on screen are under a flood)
 *
 * Prints "key value" lines: wall time per flush and per flush → painted frame
 * (noisy on a shared machine), and label texts changed per flush (a GtkLabel
 * "notify::label" or GtkInscription "notify::text" in the window, what the
 * user sees change). Run under
 *   valgrind --tool=callgrind --collect-atstart=no bench/sb-bench-flush --measure flush
 * for instruction counts: --measure flush|frame|both chooses what is toggled on
 * (flush = sb_preview_model_flush only; frame = from after the flush until the
 * frame is painted; both = the two together).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include "sb-application.h"
#include "sb-preview-view-private.h"

typedef struct
{
  int topics;
  int rounds;
  int dirty;
  char *pattern;
  char *measure;

  GtkWidget *window;
  SbPreviewModel *model;
  gint64 last_paint_us;
  guint64 label_changes;
  int cursor;
  int next_new;
} Bench;

static void G_GNUC_NORETURN
fail (const char *what)
{
  g_printerr ("sb-bench-flush: %s\n", what);
  exit (1);
}

static gboolean
wake_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
painted_after (Bench *bench, gint64 since, double timeout_s)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add ((guint)(timeout_s * 1000), wake_cb, &expired);

  while (bench->last_paint_us <= since && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return bench->last_paint_us > since;
}

static void
after_paint_cb (GdkFrameClock *clock, Bench *bench)
{
  bench->last_paint_us = g_get_monotonic_time ();
}

static void
label_notify_cb (GtkWidget *widget, GParamSpec *pspec, Bench *bench)
{
  bench->label_changes++;
}

/* Counts the texts that change under @widget (labels, and the inscriptions
 * the cells are): cells made since the last call are connected too. "notify"
 * has no emission hooks, hence the walk. */
static void
watch_labels (Bench *bench, GtkWidget *widget)
{
  if ((GTK_IS_LABEL (widget) || GTK_IS_INSCRIPTION (widget))
      && g_object_get_data (G_OBJECT (widget), "sb-bench-watched") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "sb-bench-watched", GINT_TO_POINTER (1));
      g_signal_connect (widget, GTK_IS_LABEL (widget) ? "notify::label" : "notify::text",
                        G_CALLBACK (label_notify_cb), bench);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_labels (bench, child);
}

static void
push (Bench *bench, const char *prefix, int index, gint64 now)
{
  char topic[64], text[32];
  g_autoptr (GBytes) payload = NULL;

  g_snprintf (topic, sizeof topic, "%s%06d", prefix, index);
  g_snprintf (text, sizeof text, "%d.%d", index, bench->cursor);
  payload = g_bytes_new (text, strlen (text));
  g_autoptr (SbMessage) message = sb_message_new (topic, payload, 0, FALSE, 0, NULL, now);
  sb_preview_model_push (bench->model, message);
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
  gint64 *v = (gint64 *)values->data;

  g_array_sort (values, compare_gint64);
  g_print ("%s_median_ms %.3f\n", name, v[values->len / 2] / 1000.0);
  g_print ("%s_max_ms %.3f\n", name, v[values->len - 1] / 1000.0);
}

int
main (int argc, char **argv)
{
  Bench bench = { .topics = 10000, .rounds = 50, .dirty = 30 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GArray) flush_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) frame_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  GOptionEntry entries[] = {
    { "topics", 0, 0, G_OPTION_ARG_INT, &bench.topics, "Rows in the table first", "K" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &bench.rounds, "Flushes to measure", "M" },
    { "dirty", 0, 0, G_OPTION_ARG_INT, &bench.dirty, "Messages per flush", "D" },
    { "pattern", 0, 0, G_OPTION_ARG_STRING, &bench.pattern, "visible, spread, new or new-lit",
      "P" },
    { "measure", 0, 0, G_OPTION_ARG_STRING, &bench.measure, "flush, frame or both (callgrind)",
      "WHAT" },
    { NULL },
  };
  gboolean collect_flush, collect_frame;
  guint64 changes_before;
  SbPreviewView *view;
  gint64 now;

  context = g_option_context_new ("- the cost of a preview flush");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail (error->message);
  if (bench.pattern == NULL)
    bench.pattern = g_strdup ("visible");
  if (bench.measure == NULL)
    bench.measure = g_strdup ("flush");
  collect_flush = g_str_equal (bench.measure, "flush") || g_str_equal (bench.measure, "both");
  collect_frame = g_str_equal (bench.measure, "frame") || g_str_equal (bench.measure, "both");
  if (!g_str_equal (bench.pattern, "visible") && !g_str_equal (bench.pattern, "spread")
      && !g_str_equal (bench.pattern, "new") && !g_str_equal (bench.pattern, "new-lit"))
    fail ("--pattern must be visible, spread, new or new-lit");
  if (bench.topics < 1 || bench.rounds < 1 || bench.dirty < 1)
    fail ("--topics, --rounds and --dirty must be at least 1");

  sb_application_prepare_display ();
  adw_init ();

  bench.window = gtk_window_new ();
  view = SB_PREVIEW_VIEW (sb_preview_view_new ());
  bench.model = sb_preview_view_get_model (view);
  gtk_window_set_child (GTK_WINDOW (bench.window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1200, 800);
  gtk_window_present (GTK_WINDOW (bench.window));
  g_signal_connect (gtk_widget_get_frame_clock (bench.window), "after-paint",
                    G_CALLBACK (after_paint_cb), &bench);

  now = g_get_real_time ();
  for (int i = 0; i < bench.topics; i++)
    push (&bench, "bench/t", i, now);
  sb_preview_model_flush (bench.model);
  if (!painted_after (&bench, g_get_monotonic_time (), 600))
    fail ("the table was not painted within 600 s");
  /* The frame after it, with the rows laid out. */
  gtk_widget_queue_draw (bench.window);
  painted_after (&bench, g_get_monotonic_time (), 600);

  changes_before = bench.label_changes;
  for (int r = 0; r < bench.rounds; r++)
    {
      gint64 start, flushed;

      watch_labels (&bench, bench.window);
      now = g_get_real_time ();
      for (int i = 0; i < bench.dirty; i++)
        {
          if (g_str_equal (bench.pattern, "visible"))
            push (&bench, "bench/t", i % bench.topics, now);
          else if (g_str_equal (bench.pattern, "spread"))
            push (&bench, "bench/t", bench.cursor++ % bench.topics, now);
          else
            /* "bench/a" sorts above "bench/t": every new row lands above the visible ones. */
            push (&bench, "bench/a", 999999 - bench.next_new++, now);
        }
      if (g_str_equal (bench.pattern, "new-lit"))
        for (int i = 0; i < MIN (30, bench.topics); i++)
          push (&bench, "bench/t", i, now);
      bench.cursor++;

      start = g_get_monotonic_time ();
      if (collect_flush)
        CALLGRIND_TOGGLE_COLLECT;
      sb_preview_model_flush (bench.model);
      if (collect_flush)
        CALLGRIND_TOGGLE_COLLECT;
      flushed = g_get_monotonic_time ();
      if (collect_frame)
        CALLGRIND_TOGGLE_COLLECT;
      /* Whatever the flush changed is on screen after the next paint. A
       * frame is asked for without damaging anything: only what the flush
       * changed is laid out and drawn again. */
      gdk_frame_clock_request_phase (gtk_widget_get_frame_clock (bench.window),
                                     GDK_FRAME_CLOCK_PHASE_PAINT);
      if (!painted_after (&bench, flushed, 600))
        fail ("no frame painted within 600 s");
      if (collect_frame)
        CALLGRIND_TOGGLE_COLLECT;
      g_array_append_vals (flush_us, &(gint64){ flushed - start }, 1);
      g_array_append_vals (frame_us, &(gint64){ bench.last_paint_us - start }, 1);
    }

  g_print ("pattern %s\ntopics %d\nrounds %d\ndirty %d\n", bench.pattern, bench.topics,
           bench.rounds, bench.dirty);
  g_print ("rows %u\n", sb_preview_view_get_n_rows (view));
  g_print ("label_changes_per_flush %.1f\n",
           (double)(bench.label_changes - changes_before) / bench.rounds);
  print_distribution ("flush", flush_us);
  print_distribution ("flush_to_frame", frame_us);
  return 0;
}
