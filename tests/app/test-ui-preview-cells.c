/* test-ui-preview-cells.c: the preview's cells follow exactly the properties
 * they show (issue 7): an update changes the labels of its own row and no
 * others, every column shows the new value, the highlight ends, "Last update"
 * moves on by itself, and cells that outlive the table leave no handlers;
 * GTK's rebinds of rows that only moved (a new topic sorting in above them)
 * keep their highlight and their handlers (issue 21)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-preview-view-private.h"
#include "sb-sparkline.h"
#include "sb-test-ui.h"

enum
{
  TOPIC,
  VALUE,
  QOS,
  RETAINED,
  COUNT,
  UPDATED,
  N_TEXT_COLUMNS,
  TREND = N_TEXT_COLUMNS
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

/* GTK's rebinds: the list item factories' "bind" emissions, counted. */
static guint binds;

static gboolean
bind_hook (GSignalInvocationHint *hint, guint n, const GValue *values, gpointer data)
{
  binds++;
  return TRUE;
}

static gulong
count_binds (void)
{
  binds = 0;
  return g_signal_add_emission_hook (g_signal_lookup ("bind", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY), 0,
                                     bind_hook, NULL, NULL);
}

static void
stop_counting_binds (gulong hook)
{
  g_signal_remove_emission_hook (g_signal_lookup ("bind", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY), hook);
}

/* The first handler the cells have on @row for @property (0: none). A cell
 * that drops its row and binds it again connects anew: another id. */
static gulong
cell_handler (SbTopicRow *row, const char *property)
{
  return g_signal_handler_find (row, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DETAIL,
                                g_signal_lookup ("notify", G_TYPE_OBJECT),
                                g_quark_from_string (property), NULL, NULL, NULL);
}

/* A topic sorting in above a row that is updating: GTK 4.8 unbinds and binds
 * every cell of the rows below it again, with the same row (gtklistitemmanager.c
 * updates each row whose position moved). The person still sees that row lit
 * up, with its values, and its cells keep what they had: no cell connects anew. */
static void
test_insert_above_keeps_highlight (void)
{
  Fixture fixture = { 0 };
  GtkWidget *labels[N_TEXT_COLUMNS], *other[N_TEXT_COLUMNS], *after[N_TEXT_COLUMNS];
  static const char *const topics[] = { "plant/c", "plant/m", "plant/x" };
  gulong count_ids[G_N_ELEMENTS (topics)], time_ids[G_N_ELEMENTS (topics)];
  guint reconnected = 0;
  gulong hook;

  fixture_open (&fixture);
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    push (&fixture, topics[i], "1", 0, FALSE, g_get_real_time ());
  flush (&fixture);
  row_labels (&fixture, "plant/m", labels);
  row_labels (&fixture, "plant/x", other);

  /* plant/m updates: it lights up. No main-loop iteration from here on: the
   * highlight's timer cannot end it meanwhile. */
  push (&fixture, "plant/m", "2", 0, FALSE, g_get_real_time ());
  sb_preview_model_flush (fixture.model);
  g_assert_true (gtk_widget_has_css_class (labels[VALUE], "flash"));
  g_assert_true (gtk_widget_has_css_class (labels[COUNT], "flash"));
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      SbTopicRow *row = sb_preview_model_lookup (fixture.model, topics[i]);
      count_ids[i] = cell_handler (row, "count");
      time_ids[i] = cell_handler (row, "last-time");
      g_assert_cmpuint (count_ids[i], !=, 0);
    }

  /* plant/a sorts in first: the three rows below it move down one. */
  hook = count_binds ();
  push (&fixture, "plant/a", "5", 0, FALSE, g_get_real_time ());
  sb_preview_model_flush (fixture.model);
  stop_counting_binds (hook);
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      SbTopicRow *row = sb_preview_model_lookup (fixture.model, topics[i]);
      reconnected += cell_handler (row, "count") != count_ids[i];
      reconnected += cell_handler (row, "last-time") != time_ids[i];
    }
  g_test_message ("a topic sorting in above 3 rows: %u bind emissions, %u handlers connected anew",
                  binds, reconnected);
  /* GTK did rebind the rows that moved (7 cells each)... */
  g_assert_cmpuint (binds, >=, 3 * (N_TEXT_COLUMNS + 1));
  /* ...and the updating row is still lit, with its values; the others are not. */
  g_assert_true (gtk_widget_has_css_class (labels[VALUE], "flash"));
  g_assert_true (gtk_widget_has_css_class (labels[COUNT], "flash"));
  g_assert_false (gtk_widget_has_css_class (other[VALUE], "flash"));
  g_assert_false (gtk_widget_has_css_class (other[COUNT], "flash"));
  g_assert_cmpuint (reconnected, ==, 0);

  ui_drain ();
  row_labels (&fixture, "plant/m", after);
  for (guint i = 0; i < N_TEXT_COLUMNS; i++)
    g_assert_true (after[i] == labels[i]);
  assert_row (labels, "2", "0", "", "2");
  assert_row (other, "1", "0", "", "1");
  row_labels (&fixture, "plant/a", after);
  assert_row (after, "5", "0", "", "1");
  /* The highlight still ends once the updates stop. */
  g_assert_true (sb_test_wait_for (not_flashing_cb, labels[VALUE], UI_DEADLINE_MS));
  g_assert_true (sb_test_wait_for (not_flashing_cb, labels[COUNT], UI_DEADLINE_MS));
  gtk_window_destroy (GTK_WINDOW (fixture.window));
}

/* The rows that have widgets in the table, each as the person would read it. */
typedef struct
{
  SbPreviewModel *model;
  GHashTable *shown; /* SbTopicRow -> the row of cells showing it */
} Shown;

static void
collect_rows (GtkWidget *widget, Shown *shown)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *first = gtk_widget_get_first_child (child);

      /* A row of cells: its first cell holds the Topic inscription. */
      if (first != NULL && GTK_IS_INSCRIPTION (gtk_widget_get_first_child (first)))
        {
          const char *topic = ui_widget_text (gtk_widget_get_first_child (first));
          SbTopicRow *row = sb_preview_model_lookup (shown->model, topic);

          g_assert_nonnull (row);
          g_assert_false (g_hash_table_contains (shown->shown, row));
          g_hash_table_insert (shown->shown, row, child);
        }
      else
        collect_rows (child, shown);
    }
}

static void
format_count (SbTopicRow *row, char *buffer, gsize size)
{
  g_snprintf (buffer, size, "%" G_GUINT64_FORMAT, sb_topic_row_get_count (row));
}

/* Every row with widgets shows its row's values and trend, and exactly the
 * rows with widgets have cells listening to them: of @rows (all the rows the
 * test made), none that is not shown. Returns how many rows have widgets. */
static guint
assert_cells_follow_rows (Fixture *fixture, GPtrArray *rows)
{
  g_autoptr (GHashTable) table = g_hash_table_new (NULL, NULL);
  Shown shown = { fixture->model, table };
  GHashTableIter iter;
  gpointer key, value;

  collect_rows (GTK_WIDGET (sb_preview_view_get_column_view (fixture->view)), &shown);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SbTopicRow *row = key;
      GtkWidget *cells[N_TEXT_COLUMNS + 1];
      g_autoptr (SbHistory) history = NULL;
      char count[32], qos[8];
      guint i = 0;

      for (GtkWidget *cell = gtk_widget_get_first_child (value); cell != NULL && i <= TREND;
           cell = gtk_widget_get_next_sibling (cell))
        cells[i++] = gtk_widget_get_first_child (cell);
      g_assert_cmpuint (i, ==, TREND + 1);
      format_count (row, count, sizeof count);
      g_snprintf (qos, sizeof qos, "%d", sb_topic_row_get_qos (row));
      assert_row (cells, sb_topic_row_get_display_text (row), qos,
                  sb_topic_row_get_retained (row) ? "yes" : "", count);
      g_assert_true (SB_IS_SPARKLINE (cells[TREND]));
      g_object_get (cells[TREND], "history", &history, NULL);
      g_assert_true (history == sb_topic_row_get_history (row));
    }
  for (guint i = 0; i < rows->len; i++)
    {
      SbTopicRow *row = g_ptr_array_index (rows, i);
      gboolean has_widgets = g_hash_table_contains (table, row);

      if ((cell_handler (row, "count") != 0) != has_widgets)
        g_error ("%s: %s widgets, %s handlers", sb_topic_row_get_topic (row),
                 has_widgets ? "has" : "no", has_widgets ? "no" : "has");
      g_assert_true ((cell_handler (row, "last-time") != 0) == has_widgets);
    }
  return g_hash_table_size (table);
}

/* The row at @position, in display order, has widgets: once
 * assert_cells_follow_rows () holds, whether its cells listen to it. */
static gboolean
row_has_widgets (Fixture *fixture, guint position)
{
  g_autofree char *topic = sb_preview_view_dup_cell_text (fixture->view, position, TOPIC);

  return cell_handler (sb_preview_model_lookup (fixture->model, topic), "count") != 0;
}

typedef struct
{
  Fixture *fixture;
  guint position;
} RowWidgets;

static gboolean
row_has_widgets_cb (gpointer data)
{
  RowWidgets *wanted = data;

  return row_has_widgets (wanted->fixture, wanted->position);
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  SbPreviewView *view;
  guint rows;
} RowsShown;

static gboolean
rows_shown_cb (gpointer data)
{
  RowsShown *wanted = data;

  return sb_preview_view_get_n_rows (wanted->view) == wanted->rows;
}

static gboolean
sorted_by_count_cb (gpointer data)
{
  SbPreviewView *view = data;
  guint n = sb_preview_view_get_n_rows (view);
  guint64 previous = G_MAXUINT64;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = sb_preview_view_dup_cell_text (view, i, COUNT);
      guint64 count = g_ascii_strtoull (text, NULL, 10);

      if (count > previous)
        return FALSE;
      previous = count;
    }
  return TRUE;
}

/* Insertions, updates, a re-sort, scrolling, a filter and a cleared model:
 * after each, the rows with widgets show their own values, and no cell keeps
 * listening to a row it no longer shows (the widget released, the row gone). */
static void
test_rebinds_follow_rows (void)
{
  Fixture fixture = { 0 };
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) ids = g_hash_table_new (NULL, NULL);
  GtkColumnView *column_view;
  g_autoptr (GtkColumnViewColumn) count_column = NULL;
  GtkWidget *list;
  RowsShown wanted;
  RowWidgets wanted_row;
  guint with_widgets, kept = 0, reconnected = 0;
  gulong hook;

  fixture_open (&fixture);
  column_view = sb_preview_view_get_column_view (fixture.view);
  /* 600 rows, more than GTK keeps widgets for; counts 1 to 5. */
  for (guint i = 0; i < 600; i++)
    {
      char topic[32], text[16];

      g_snprintf (topic, sizeof topic, "line/%03u", i);
      g_snprintf (text, sizeof text, "%u", i);
      for (guint k = 0; k <= i % 5; k++)
        push (&fixture, topic, text, (int)(i % 2), i % 3 == 0, g_get_real_time ());
    }
  sb_preview_model_flush (fixture.model);
  wanted = (RowsShown){ fixture.view, 600 };
  g_assert_true (sb_test_wait_for (rows_shown_cb, &wanted, UI_DEADLINE_MS));
  ui_drain ();
  for (guint i = 0; i < 600; i++)
    {
      char topic[32];

      g_snprintf (topic, sizeof topic, "line/%03u", i);
      g_ptr_array_add (rows, g_object_ref (sb_preview_model_lookup (fixture.model, topic)));
    }
  with_widgets = assert_cells_follow_rows (&fixture, rows);
  g_assert_cmpuint (with_widgets, >, 10);
  g_assert_cmpuint (with_widgets, <, 600);

  /* New topics sort in at the top and among the rows with widgets. */
  for (guint i = 0; i < rows->len; i++)
    g_hash_table_insert (ids, rows->pdata[i],
                         GSIZE_TO_POINTER (cell_handler (rows->pdata[i], "count")));
  hook = count_binds ();
  push (&fixture, "line/", "top", 0, FALSE, g_get_real_time ());
  push (&fixture, "line/005a", "among", 0, FALSE, g_get_real_time ());
  sb_preview_model_flush (fixture.model);
  wanted.rows = 602;
  g_assert_true (sb_test_wait_for (rows_shown_cb, &wanted, UI_DEADLINE_MS));
  stop_counting_binds (hook);
  for (guint i = 0; i < rows->len; i++)
    {
      gulong before = GPOINTER_TO_SIZE (g_hash_table_lookup (ids, rows->pdata[i]));
      gulong now = cell_handler (rows->pdata[i], "count");

      if (before != 0 && now != 0)
        {
          kept++;
          reconnected += now != before;
        }
    }
  g_test_message ("two topics sorting in: %u bind emissions, %u of %u rows with widgets before "
                  "and after connected anew",
                  binds, reconnected, kept);
  g_assert_cmpuint (binds, >=, kept);
  g_assert_cmpuint (reconnected, ==, 0);
  g_ptr_array_add (rows, g_object_ref (sb_preview_model_lookup (fixture.model, "line/")));
  g_ptr_array_add (rows, g_object_ref (sb_preview_model_lookup (fixture.model, "line/005a")));
  ui_drain ();
  assert_cells_follow_rows (&fixture, rows);

  /* Updates, some with a new QoS and retained flag. */
  for (guint i = 0; i < 40; i++)
    {
      char topic[32];

      g_snprintf (topic, sizeof topic, "line/%03u", i * 3);
      push (&fixture, topic, "updated", 1, TRUE, g_get_real_time ());
    }
  flush (&fixture);
  assert_cells_follow_rows (&fixture, rows);

  /* A click on "Count": every row moves. */
  count_column = g_list_model_get_item (gtk_column_view_get_columns (column_view), COUNT);
  gtk_column_view_sort_by_column (column_view, count_column, GTK_SORT_DESCENDING);
  g_assert_true (sb_test_wait_for (sorted_by_count_cb, fixture.view, UI_DEADLINE_MS));
  ui_drain ();
  assert_cells_follow_rows (&fixture, rows);

  /* To the end and back, as the keyboard's End and Home do (GtkListBase's
   * "list.scroll-to-item"): the widgets go to other rows. */
  list = find_list_view (GTK_WIDGET (column_view));
  gtk_widget_activate_action (list, "list.scroll-to-item", "u", 601);
  wanted_row = (RowWidgets){ &fixture, 601 };
  g_assert_true (sb_test_wait_for (row_has_widgets_cb, &wanted_row, UI_DEADLINE_MS));
  ui_drain ();
  assert_cells_follow_rows (&fixture, rows);
  g_assert_false (row_has_widgets (&fixture, 0));
  gtk_widget_activate_action (list, "list.scroll-to-item", "u", 0);
  wanted_row.position = 0;
  g_assert_true (sb_test_wait_for (row_has_widgets_cb, &wanted_row, UI_DEADLINE_MS));
  ui_drain ();
  assert_cells_follow_rows (&fixture, rows);
  g_assert_false (row_has_widgets (&fixture, 601));

  /* A filter hides most rows, then shows them again. */
  sb_preview_view_set_filter (fixture.view, "line/1");
  wanted.rows = 100;
  g_assert_true (sb_test_wait_for (rows_shown_cb, &wanted, UI_DEADLINE_MS));
  ui_drain ();
  assert_cells_follow_rows (&fixture, rows);
  sb_preview_view_set_filter (fixture.view, "");
  wanted.rows = 602;
  g_assert_true (sb_test_wait_for (rows_shown_cb, &wanted, UI_DEADLINE_MS));
  ui_drain ();
  assert_cells_follow_rows (&fixture, rows);

  /* The model cleared: no row has widgets, no cell listens to any. */
  sb_preview_model_clear (fixture.model);
  wanted.rows = 0;
  g_assert_true (sb_test_wait_for (rows_shown_cb, &wanted, UI_DEADLINE_MS));
  ui_drain ();
  g_assert_cmpuint (assert_cells_follow_rows (&fixture, rows), ==, 0);

  /* And rows that come back show from scratch. */
  push (&fixture, "line/001", "again", 0, FALSE, g_get_real_time ());
  flush (&fixture);
  g_ptr_array_add (rows, g_object_ref (sb_preview_model_lookup (fixture.model, "line/001")));
  g_assert_cmpuint (assert_cells_follow_rows (&fixture, rows), ==, 1);
  gtk_window_destroy (GTK_WINDOW (fixture.window));
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
  g_test_add_func ("/ui/preview-cells/insert-above-keeps-highlight",
                   test_insert_above_keeps_highlight);
  g_test_add_func ("/ui/preview-cells/rebinds-follow-rows", test_rebinds_follow_rows);
  return g_test_run ();
}
