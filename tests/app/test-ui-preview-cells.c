/* test-ui-preview-cells.c: the preview's cells follow exactly the properties
 * they show (issue 7): an update changes the labels of its own row and no
 * others, every column shows the new value, the highlight ends, "Last update"
 * moves on by itself, and cells that outlive the table leave no handlers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-preview-view.h"
#include "sb-test-ui.h"

enum
{
  TOPIC,
  VALUE,
  QOS,
  RETAINED,
  COUNT,
  UPDATED,
  N_TEXT_COLUMNS
};

typedef struct
{
  GtkWidget *window;
  SbPreviewView *view;
  SbPreviewModel *model;
  guint label_changes;
} Fixture;

static void
text_changed_cb (GtkWidget *cell, GParamSpec *pspec, Fixture *fixture)
{
  fixture->label_changes++;
}

/* Counts every label text that changes in the window from now on; cells made
 * later are connected by the next call. */
static void
watch_labels (Fixture *fixture, GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) || GTK_IS_INSCRIPTION (widget))
    if (g_object_get_data (G_OBJECT (widget), "test-watched") == NULL)
      {
        g_object_set_data (G_OBJECT (widget), "test-watched", GINT_TO_POINTER (1));
        g_signal_connect (widget, GTK_IS_LABEL (widget) ? "notify::label" : "notify::text",
                          G_CALLBACK (text_changed_cb), fixture);
      }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_labels (fixture, child);
}

static void
push (Fixture *fixture, const char *topic, const char *text, int qos, gboolean retained,
      gint64 time)
{
  g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));

  g_autoptr (SbMessage) message = sb_message_new (topic, payload, qos, retained, 0, NULL, time);
  sb_preview_model_push (fixture->model, message);
}

static void
flush (Fixture *fixture)
{
  sb_preview_model_flush (fixture->model);
  ui_drain ();
}

static void
fixture_open (Fixture *fixture)
{
  fixture->window = gtk_window_new ();
  fixture->view = SB_PREVIEW_VIEW (sb_preview_view_new ());
  fixture->model = sb_preview_view_get_model (fixture->view);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

typedef struct
{
  GtkWidget *root;
  const char *text;
} FindLabel;

static gboolean
label_shown_cb (gpointer data)
{
  FindLabel *find = data;

  return ui_find_label (find->root, find->text) != NULL;
}

/* The labels of the row whose Topic cell reads @topic, in column order, as
 * the person sees that row. */
static void
row_labels (Fixture *fixture, const char *topic, GtkWidget *labels[N_TEXT_COLUMNS])
{
  FindLabel find = { GTK_WIDGET (fixture->view), topic };
  GtkWidget *topic_label, *row;
  guint i = 0;

  g_assert_true (sb_test_wait_for (label_shown_cb, &find, UI_DEADLINE_MS));
  topic_label = ui_find_label (GTK_WIDGET (fixture->view), topic);
  /* label -> its cell -> the row of cells */
  row = gtk_widget_get_parent (gtk_widget_get_parent (topic_label));
  for (GtkWidget *cell = gtk_widget_get_first_child (row); cell != NULL && i < N_TEXT_COLUMNS;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (cell);
      g_assert_true (GTK_IS_INSCRIPTION (child));
      labels[i++] = child;
    }
  g_assert_cmpuint (i, ==, N_TEXT_COLUMNS);
  g_assert_true (labels[TOPIC] == topic_label);
}

static void
assert_row (GtkWidget *labels[N_TEXT_COLUMNS], const char *value, const char *qos,
            const char *retained, const char *count)
{
  g_assert_cmpstr (ui_widget_text (labels[VALUE]), ==, value);
  g_assert_cmpstr (ui_widget_text (labels[QOS]), ==, qos);
  g_assert_cmpstr (ui_widget_text (labels[RETAINED]), ==, retained);
  g_assert_cmpstr (ui_widget_text (labels[COUNT]), ==, count);
}

static gboolean
not_flashing_cb (gpointer data)
{
  return !gtk_widget_has_css_class (data, "flash");
}

/* A bound row has handlers for what the cells show and none for the rest:
 * each notification a flush emits reaches only the cells it changes. */
static void
test_exact_properties (void)
{
  Fixture fixture = { 0 };
  GtkWidget *labels[N_TEXT_COLUMNS];
  guint notify = g_signal_lookup ("notify", G_TYPE_OBJECT);
  static const char *const shown[]
      = { "display-text", "value-text", "value-error", "qos", "retained", "count", "last-time" };
  static const char *const not_shown[]
      = { "payload", "is-binary", "first-time", "subscription-index", "payload-size", "history" };
  SbTopicRow *row;

  fixture_open (&fixture);
  push (&fixture, "plant/a", "1", 0, FALSE, g_get_real_time ());
  flush (&fixture);
  row_labels (&fixture, "plant/a", labels);
  row = sb_preview_model_lookup (fixture.model, "plant/a");

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    g_assert_true (
        g_signal_has_handler_pending (row, notify, g_quark_from_string (shown[i]), FALSE));
  /* GLib matches a detail exactly: 0 stands for the handlers of every notification. */
  g_assert_false (g_signal_has_handler_pending (row, notify, 0, FALSE));
  for (guint i = 0; i < G_N_ELEMENTS (not_shown); i++)
    {
      if (g_signal_has_handler_pending (row, notify, g_quark_from_string (not_shown[i]), FALSE))
        g_error ("a cell listens to \"%s\", which no cell shows", not_shown[i]);
    }
  gtk_window_destroy (GTK_WINDOW (fixture.window));
}

/* Every column shows its new value; the other rows' labels stay as they were. */
static void
test_update_changes_own_row_only (void)
{
  Fixture fixture = { 0 };
  GtkWidget *labels[N_TEXT_COLUMNS], *other[N_TEXT_COLUMNS];
  gint64 now = g_get_real_time ();

  fixture_open (&fixture);
  push (&fixture, "plant/a", "1", 0, FALSE, now);
  push (&fixture, "plant/b", "7", 0, FALSE, now);
  push (&fixture, "plant/c", "9", 0, FALSE, now);
  flush (&fixture);
  row_labels (&fixture, "plant/a", labels);
  row_labels (&fixture, "plant/b", other);
  assert_row (labels, "1", "0", "", "1");
  g_assert_cmpstr (ui_widget_text (labels[UPDATED]), ==, "now");

  watch_labels (&fixture, fixture.window);
  fixture.label_changes = 0;
  push (&fixture, "plant/a", "2", 1, TRUE, g_get_real_time ());
  flush (&fixture);
  assert_row (labels, "2", "1", "yes", "2");
  /* Value, QoS, Retained and Count: "now" stays "now". */
  g_assert_cmpuint (fixture.label_changes, ==, 4);
  assert_row (other, "7", "0", "", "1");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (labels[COUNT]), "flash"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (other[COUNT]), "flash"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (other[VALUE]), "flash"));

  /* The same value again: only the count changes, and the value lights up. */
  fixture.label_changes = 0;
  for (int i = 0; i < 5; i++)
    {
      push (&fixture, "plant/a", "2", 1, TRUE, g_get_real_time ());
      flush (&fixture);
    }
  assert_row (labels, "2", "1", "yes", "7");
  g_assert_cmpuint (fixture.label_changes, ==, 5);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (labels[VALUE]), "flash"));
  /* A highlight pushed on by every update still ends once they stop. */
  g_assert_true (sb_test_wait_for (not_flashing_cb, labels[VALUE], UI_DEADLINE_MS));
  g_assert_true (sb_test_wait_for (not_flashing_cb, labels[COUNT], UI_DEADLINE_MS));
  gtk_window_destroy (GTK_WINDOW (fixture.window));
}

/* With a data path the Value column shows what it picks, or why it picks
 * nothing, and follows each change. */
static void
test_data_path_value (void)
{
  Fixture fixture = { 0 };
  GtkWidget *labels[N_TEXT_COLUMNS];
  SbTopicRow *row;

  fixture_open (&fixture);
  sb_preview_model_set_data_path (fixture.model, 0, "$.t");
  push (&fixture, "plant/json", "{\"t\": 21.5}", 0, FALSE, g_get_real_time ());
  flush (&fixture);
  row_labels (&fixture, "plant/json", labels);
  g_assert_cmpstr (ui_widget_text (labels[VALUE]), ==, "21.5");

  push (&fixture, "plant/json", "{\"x\": 1}", 0, FALSE, g_get_real_time ());
  flush (&fixture);
  row = sb_preview_model_lookup (fixture.model, "plant/json");
  g_assert_nonnull (sb_topic_row_get_value_error (row));
  g_assert_cmpstr (ui_widget_text (labels[VALUE]), ==, sb_topic_row_get_value_error (row));

  push (&fixture, "plant/json", "{\"t\": 22}", 0, FALSE, g_get_real_time ());
  flush (&fixture);
  g_assert_cmpstr (ui_widget_text (labels[VALUE]), ==, "22");
  g_assert_true (sb_test_wait_for (not_flashing_cb, labels[VALUE], UI_DEADLINE_MS));
  g_assert_true (sb_test_wait_for (not_flashing_cb, labels[COUNT], UI_DEADLINE_MS));
  gtk_window_destroy (GTK_WINDOW (fixture.window));
}

typedef struct
{
  GtkWidget *label;
  const char *text;
} LabelText;

static gboolean
label_reads_cb (gpointer data)
{
  LabelText *wanted = data;

  return g_strcmp0 (ui_widget_text (wanted->label), wanted->text) == 0;
}

/* "Last update" moves on by itself, a minute after "58 s ago"; a row two
 * hours old keeps its text meanwhile (it is not set again every second). */
static void
test_relative_time_ticks (void)
{
  Fixture fixture = { 0 };
  GtkWidget *recent[N_TEXT_COLUMNS], *old[N_TEXT_COLUMNS];
  gint64 now;
  LabelText minute;
  guint old_changes = 0;

  fixture_open (&fixture);
  /* After the window is up: opening it can take a while on a loaded machine,
   * and the first reading has half a second of slack. */
  now = g_get_real_time ();
  push (&fixture, "plant/recent", "1", 0, FALSE, now - 58 * G_USEC_PER_SEC - G_USEC_PER_SEC / 2);
  push (&fixture, "plant/old", "1", 0, FALSE, now - G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC);
  flush (&fixture);
  row_labels (&fixture, "plant/recent", recent);
  row_labels (&fixture, "plant/old", old);
  g_assert_cmpstr (ui_widget_text (recent[UPDATED]), ==, "58 s ago");
  g_assert_cmpstr (ui_widget_text (old[UPDATED]), ==, "2 h ago");
  g_signal_connect (old[UPDATED], "notify::text", G_CALLBACK (text_changed_cb), &fixture);

  minute = (LabelText){ recent[UPDATED], "1 min ago" };
  g_assert_true (sb_test_wait_for (label_reads_cb, &minute, UI_DEADLINE_MS));
  old_changes = fixture.label_changes;
  g_assert_cmpuint (old_changes, ==, 0);
  g_assert_cmpstr (ui_widget_text (old[UPDATED]), ==, "2 h ago");
  gtk_window_destroy (GTK_WINDOW (fixture.window));
}

/* The table goes while the model and its rows live on: no cell is left
 * listening, and updates after it reach nobody. */
static void
test_cells_outlive_view (void)
{
  Fixture fixture = { 0 };
  GtkWidget *labels[N_TEXT_COLUMNS];
  g_autoptr (SbPreviewModel) model = NULL;
  g_autoptr (SbTopicRow) row = NULL;
  GtkWidget *window;
  guint notify = g_signal_lookup ("notify", G_TYPE_OBJECT);
  GQuark count = g_quark_from_string ("count");

  fixture_open (&fixture);
  push (&fixture, "plant/a", "1", 0, FALSE, g_get_real_time ());
  flush (&fixture);
  row_labels (&fixture, "plant/a", labels);
  model = g_object_ref (fixture.model);
  row = g_object_ref (sb_preview_model_lookup (model, "plant/a"));
  g_assert_true (g_signal_has_handler_pending (row, notify, count, FALSE));

  window = fixture.window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (ui_wait_destroyed ((gpointer *)&window));
  ui_drain ();
  g_assert_false (g_signal_has_handler_pending (row, notify, count, FALSE));
  g_assert_false (
      g_signal_has_handler_pending (row, notify, g_quark_from_string ("display-text"), FALSE));
  g_assert_false (g_signal_has_handler_pending (row, notify, 0, FALSE));
  push (&fixture, "plant/a", "2", 0, FALSE, g_get_real_time ());
  sb_preview_model_flush (model);
  g_assert_cmpuint (sb_topic_row_get_count (row), ==, 2);
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/preview-cells/exact-properties", test_exact_properties);
  g_test_add_func ("/ui/preview-cells/update-changes-own-row-only",
                   test_update_changes_own_row_only);
  g_test_add_func ("/ui/preview-cells/data-path-value", test_data_path_value);
  g_test_add_func ("/ui/preview-cells/relative-time-ticks", test_relative_time_ticks);
  g_test_add_func ("/ui/preview-cells/cells-outlive-view", test_cells_outlive_view);
  return g_test_run ();
}
