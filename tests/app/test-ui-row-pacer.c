/* test-ui-row-pacer.c: new rows reach the table at a pace its widgets can be
 * made (issue 21): SbRowPacer passes the items its "costly" filter matches on
 * a budget per frame and the others at once; under a burst of topics that sort
 * among the rows on screen the preview still shows every row, in order, and
 * never makes more than a few dozen rows of widgets in one frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-preview-view-private.h"
#include "sb-row-pacer.h"
#include "sb-test-ui.h"

typedef struct
{
  guint emissions;
  guint largest_costly; /* "near" items added by one items-changed after the first */
} Passes;

static gboolean
is_near (gpointer item, gpointer data)
{
  return g_str_has_prefix (gtk_string_object_get_string (item), "near");
}

static void
passed_cb (GListModel *pacer, guint position, guint removed, guint added, Passes *passes)
{
  guint costly = 0;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (pacer, i);
      costly += is_near (item, NULL);
    }
  if (passes->emissions++ > 0)
    passes->largest_costly = MAX (passes->largest_costly, costly);
}

static gboolean
none_waiting_cb (gpointer data)
{
  return sb_row_pacer_get_n_waiting (data) == 0;
}

static void
test_budget_per_frame (void)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr (GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr (GtkFilter) costly = GTK_FILTER (gtk_custom_filter_new (is_near, NULL, NULL));
  g_autoptr (SbRowPacer) pacer = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  Passes passes = { 0 };

  gtk_window_present (GTK_WINDOW (window));
  ui_drain ();
  pacer = sb_row_pacer_new (window, costly, 3);
  sb_row_pacer_set_model (pacer, G_LIST_MODEL (store));
  g_signal_connect (pacer, "items-changed", G_CALLBACK (passed_cb), &passes);

  /* Ten of each in one items-changed, as a model's flush brings them. */
  for (guint i = 0; i < 10; i++)
    {
      g_ptr_array_add (items, gtk_string_object_new (i % 2 ? "near" : "far"));
      g_ptr_array_add (items, gtk_string_object_new (i % 2 ? "near" : "far"));
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  /* At once: every "far" item and the budget of "near" ones. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pacer)), ==, 13);
  g_assert_cmpuint (sb_row_pacer_get_n_waiting (pacer), ==, 7);

  /* The rest a budget per frame. */
  g_assert_true (sb_test_wait_for (none_waiting_cb, pacer, UI_DEADLINE_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pacer)), ==, 20);
  g_assert_cmpuint (passes.emissions, >=, 4);
  g_assert_cmpuint (passes.largest_costly, <=, 3);

  /* Waiting items go at once when asked (the view left the screen). */
  g_list_store_splice (store, 20, 0, items->pdata, items->len);
  g_assert_cmpuint (sb_row_pacer_get_n_waiting (pacer), >, 0);
  sb_row_pacer_release_all (pacer);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pacer)), ==, 40);

  /* A model that is cleared is cleared here too. */
  g_list_store_remove_all (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pacer)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Rows of cells made between two painted frames. */
typedef struct
{
  guint cells;         /* made since the last frame */
  guint largest_frame; /* the most in one frame */
  SbPreviewView *view;
  guint wanted;
} Burst;

static Burst *burst_watched;

static gboolean
setup_hook (GSignalInvocationHint *hint, guint n, const GValue *values, gpointer data)
{
  if (burst_watched != NULL)
    burst_watched->cells++;
  return TRUE;
}

static void
painted_cb (GdkFrameClock *clock, Burst *burst)
{
  burst->largest_frame = MAX (burst->largest_frame, burst->cells);
  burst->cells = 0;
}

static gboolean
all_rows_cb (gpointer data)
{
  Burst *burst = data;
  return sb_preview_view_get_n_rows (burst->view) == burst->wanted;
}

/* The flood's first second: 3,000 topics flood/0 .. flood/2999 arrive before
 * the first frame, and flood/1000 .. flood/1999 sort right under flood/100,
 * among the rows on screen. Every row shows, sorted, and no frame makes the
 * widgets of more than a few dozen rows (in one slice of the model, 124 such
 * rows made ~180 rows of widgets in one frame, the 54-100 ms stall). */
static void
test_burst_of_new_topics (void)
{
  GtkWidget *window = gtk_window_new ();
  SbPreviewView *view = SB_PREVIEW_VIEW (sb_preview_view_new ());
  SbPreviewModel *model = sb_preview_view_get_model (view);
  Burst burst = { 0, 0, view, 3000 };
  gulong hook;
  gint64 now = g_get_real_time ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  ui_drain ();
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (painted_cb),
                    &burst);
  hook = g_signal_add_emission_hook (g_signal_lookup ("setup", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY),
                                     0, setup_hook, NULL, NULL);
  burst_watched = &burst;

  for (guint i = 0; i < burst.wanted; i++)
    {
      char topic[32], text[16];
      g_snprintf (topic, sizeof topic, "flood/%u", i);
      g_snprintf (text, sizeof text, "%u", i);
      g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));
      g_autoptr (SbMessage) message = sb_message_new (topic, payload, 0, FALSE, 0, NULL, now);
      sb_preview_model_push (model, message);
    }
  g_assert_true (sb_test_wait_for (all_rows_cb, &burst, 60 * 1000));
  painted_cb (NULL, &burst);
  burst_watched = NULL;
  g_signal_remove_emission_hook (g_signal_lookup ("setup", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY),
                                 hook);

  /* Seven columns of cells a row. */
  g_test_message ("at most %u cells (%u rows) made in one frame", burst.largest_frame,
                  burst.largest_frame / 7);
  g_assert_cmpuint (burst.largest_frame, <=, 48 * 7);

  /* In order, by topic, as the table opens. */
  for (guint i = 1; i < burst.wanted; i++)
    {
      g_autofree char *a = sb_preview_view_dup_cell_text (view, i - 1, 0);
      g_autofree char *b = sb_preview_view_dup_cell_text (view, i, 0);
      g_autofree char *fa = g_utf8_casefold (a, -1);
      g_autofree char *fb = g_utf8_casefold (b, -1);
      g_assert_cmpint (g_utf8_collate (fa, fb), <=, 0);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/row-pacer/budget-per-frame", test_budget_per_frame);
  g_test_add_func ("/ui/row-pacer/burst-of-new-topics", test_burst_of_new_topics);
  return g_test_run ();
}
