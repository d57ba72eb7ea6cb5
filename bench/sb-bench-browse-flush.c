/* sb-bench-browse-flush.c: the cost of the Browse window's ticks under a
 * flood, on a fixed workload without a broker, for load-independent
 * comparisons (instruction counts under callgrind)
 *
 * The real SbBrowseWindow (1200×800) browses a broker that refuses the
 * connection; the bench feeds its topic tree directly: --topics topics under
 * "bench", the "bench" row opened as a user looking at the flood has it.
 * Then, --rounds times: --messages messages into the tree (what 100 ms of the
 * flood brings: 5,000 at 50,000 msg/s), and wait for the window's own tick
 * (flush, filter, status) and the frame that shows it. Patterns:
 *   spread  the messages go in turn over all the topics (the flood's figures)
 *   new     every message is a new topic under "bench" (a flood of new topics)
 * --filter TEXT sets the window's filter first (Ctrl+F).
 *
 * Prints "key value" lines: wall time per tick → painted frame (noisy on a
 * shared machine) and texts changed per tick. Run under
 *   valgrind --tool=callgrind --collect-atstart=no bench/sb-bench-browse-flush --measure tick
 * for instruction counts: --measure push|tick|both chooses what is toggled
 * on (push = the messages into the tree: the per-message work; tick = from
 * after the push until the frame after the tick is painted).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include "sb-browse-window-private.h"
#include "sb-data-source.h"

typedef struct
{
  int topics;
  int rounds;
  int messages;
  char *pattern;
  char *measure;
  char *filter;

  SbBrowseWindow *window;
  SbTopicTree *tree;
  gint64 last_paint_us;
  gint64 last_flush_us;
  guint64 label_changes;
  int cursor;
  int next_new;
} Bench;

static void G_GNUC_NORETURN
fail (const char *what)
{
  g_printerr ("sb-bench-browse-flush: %s\n", what);
  exit (1);
}

static gboolean
wake_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until the tree was flushed after @since and a frame painted after
 * that flush. */
static gboolean
ticked_and_painted (Bench *bench, gint64 since, double timeout_s)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add ((guint)(timeout_s * 1000), wake_cb, &expired);

  while ((bench->last_flush_us <= since || bench->last_paint_us <= bench->last_flush_us)
         && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return !expired;
}

static void
after_paint_cb (GdkFrameClock *clock, Bench *bench)
{
  bench->last_paint_us = g_get_monotonic_time ();
}

/* The tree's "messages" is notified by every flush that saw a message. */
static void
flushed_cb (SbTopicTree *tree, GParamSpec *pspec, Bench *bench)
{
  bench->last_flush_us = g_get_monotonic_time ();
}

static void
label_notify_cb (GtkWidget *widget, GParamSpec *pspec, Bench *bench)
{
  bench->label_changes++;
}

/* Counts the texts that change in the window (labels, and the inscriptions
 * cells may be): cells made since the last call are connected too. */
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

static GtkColumnView *
find_column_view (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return GTK_COLUMN_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkColumnView *view = find_column_view (child);
      if (view != NULL)
        return view;
    }
  return NULL;
}

static gboolean
expand_bench_row (Bench *bench)
{
  GListModel *rows
      = G_LIST_MODEL (gtk_column_view_get_model (find_column_view (GTK_WIDGET (bench->window))));

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
push (Bench *bench, int index, gint64 now)
{
  char topic[64], text[32];
  g_autoptr (GBytes) payload = NULL;

  g_snprintf (topic, sizeof topic, "bench/t%06d", index);
  g_snprintf (text, sizeof text, "%d.%d", index, bench->cursor);
  payload = g_bytes_new (text, strlen (text));
  sb_topic_tree_add (bench->tree, topic, payload, FALSE, now);
}

static gint
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  Bench bench = { .topics = 10000, .rounds = 20, .messages = 5000 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GArray) tick_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  GOptionEntry entries[] = {
    { "topics", 0, 0, G_OPTION_ARG_INT, &bench.topics, "Topics in the tree first", "K" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &bench.rounds, "Ticks to measure", "M" },
    { "messages", 0, 0, G_OPTION_ARG_INT, &bench.messages, "Messages per tick", "D" },
    { "pattern", 0, 0, G_OPTION_ARG_STRING, &bench.pattern, "spread or new", "P" },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &bench.filter, "The window's filter", "TEXT" },
    { "measure", 0, 0, G_OPTION_ARG_STRING, &bench.measure, "push, tick or both (callgrind)",
      "WHAT" },
    { NULL },
  };
  gboolean collect_push, collect_tick, spread;
  guint64 labels_before;
  gint64 now;

  context = g_option_context_new ("- the cost of the Browse window's ticks");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail (error->message);
  if (bench.pattern == NULL)
    bench.pattern = g_strdup ("spread");
  if (bench.measure == NULL)
    bench.measure = g_strdup ("tick");
  collect_push = g_str_equal (bench.measure, "push") || g_str_equal (bench.measure, "both");
  collect_tick = g_str_equal (bench.measure, "tick") || g_str_equal (bench.measure, "both");
  if (!g_str_equal (bench.pattern, "spread") && !g_str_equal (bench.pattern, "new"))
    fail ("--pattern must be spread or new");
  spread = g_str_equal (bench.pattern, "spread");
  if (bench.topics < 1 || bench.rounds < 1 || bench.messages < 1)
    fail ("--topics, --rounds and --messages must be at least 1");

  gtk_init ();

  /* A broker that refuses: the session retries in the background, the
   * tree is fed here. */
  sb_data_source_set_name (source, "Bench");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, 1);
  bench.window = sb_browse_window_new (NULL, source);
  bench.tree = sb_browser_get_tree (sb_browse_window_get_browser (bench.window));
  g_signal_connect (bench.tree, "notify::messages", G_CALLBACK (flushed_cb), &bench);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1200, 800);
  gtk_window_present (GTK_WINDOW (bench.window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.window)), "after-paint",
                    G_CALLBACK (after_paint_cb), &bench);
  if (bench.filter != NULL)
    sb_browse_window_set_filter (bench.window, bench.filter);

  now = g_get_real_time ();
  for (int i = 0; i < bench.topics; i++)
    push (&bench, i, now);
  if (!ticked_and_painted (&bench, 0, 600))
    fail ("the tree was not painted within 600 s");
  if (bench.filter == NULL && !expand_bench_row (&bench))
    fail ("no row for \"bench\"");
  gtk_widget_queue_draw (GTK_WIDGET (bench.window));
  bench.last_flush_us = g_get_monotonic_time ();
  while (bench.last_paint_us <= bench.last_flush_us)
    g_main_context_iteration (NULL, TRUE);

  labels_before = bench.label_changes;
  for (int r = 0; r < bench.rounds; r++)
    {
      gint64 start;

      watch_labels (&bench, GTK_WIDGET (bench.window));
      now = g_get_real_time ();
      if (collect_push)
        CALLGRIND_TOGGLE_COLLECT;
      for (int i = 0; i < bench.messages; i++)
        push (&bench, spread ? bench.cursor++ % bench.topics : bench.topics + bench.next_new++,
              now);
      if (collect_push)
        CALLGRIND_TOGGLE_COLLECT;
      bench.cursor++;

      start = g_get_monotonic_time ();
      if (collect_tick)
        CALLGRIND_TOGGLE_COLLECT;
      if (!ticked_and_painted (&bench, start, 600))
        fail ("no tick painted within 600 s");
      if (collect_tick)
        CALLGRIND_TOGGLE_COLLECT;
      g_array_append_vals (tick_us, &(gint64){ bench.last_paint_us - start }, 1);
    }

  g_array_sort (tick_us, compare_gint64);
  g_print ("pattern %s\ntopics %d\nrounds %d\nmessages %d\nfilter %s\n", bench.pattern,
           bench.topics, bench.rounds, bench.messages, bench.filter != NULL ? bench.filter : "");
  g_print ("nodes %u\n", sb_topic_tree_get_n_nodes (bench.tree));
  g_print ("label_changes_per_tick %.1f\n",
           (double)(bench.label_changes - labels_before) / bench.rounds);
  g_print ("tick_to_frame_median_ms %.3f\n",
           g_array_index (tick_us, gint64, tick_us->len / 2) / 1000.0);
  g_print ("tick_to_frame_max_ms %.3f\n",
           g_array_index (tick_us, gint64, tick_us->len - 1) / 1000.0);
  return 0;
}
