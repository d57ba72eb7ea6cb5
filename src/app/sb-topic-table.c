/* sb-topic-table.c: the preview's table of topics: the Ctrl+F filter, the
 * sortable columns, the selection; the text cells kept cheap under a flood
 *
 * A flush notifies up to seven properties of every changed row. Each cell
 * listens only to the properties it shows (the Topic cell to none), formats
 * into a stack buffer instead of allocating, and sets its text only when the
 * text differs. The "Last update" cells are ticked once a second and format
 * only when the relative time they show moves to the next step. A row that
 * only moves (GTK 4.8 rebinds every row below a new one) keeps its cells as
 * they are, highlight included: see "Binding cells, and GTK 4.8's rebinds".
 *
 * Cells are GtkInscriptions, not GtkLabels: an inscription's size comes from
 * its character counts, not from laying out its text, so a new value never
 * re-measures the table, and one costs a fraction of a label to make (no
 * selection, no key bindings: a GtkLabel makes a shortcut controller with the
 * class's bindings per instance). The first rows of a flood make ~30 rows of
 * cells at once; with labels that was the longest stall of the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sb-accessible.h"
#include "sb-application.h"
#include "sb-row-pacer.h"
#include "sb-sparkline.h"
#include "sb-topic-search.h"
#include "sb-topic-table.h"

typedef enum
{
  COLUMN_TOPIC,
  COLUMN_VALUE,
  COLUMN_QOS,
  COLUMN_RETAINED,
  COLUMN_COUNT,
  COLUMN_UPDATED,
  N_COLUMNS
} Column;

/* How long a changed value stays highlighted before the CSS transition fades it. */
#define FLASH_MS 250

/* GTK 4.8's list views keep widgets for about 200 rows from a little above
 * the first visible one; a new row sorting in there makes a row of widgets. */
#define WIDGET_ROWS_ABOVE 20
#define WIDGET_ROWS_BELOW 220
/* New rows landing there per frame: ~0.3-0.5 ms each on a 2-core VM. */
#define NEW_WIDGET_ROWS_PER_FRAME 24

struct _SbTopicTable
{
  GtkWidget parent_instance;

  GtkSearchBar *search_bar;
  GtkSearchEntry *filter_entry;
  GtkColumnView *column_view;
  GtkColumnViewColumn *topic_column;
  GtkColumnViewColumn *value_column;
  GtkColumnViewColumn *qos_column;
  GtkColumnViewColumn *retained_column;
  GtkColumnViewColumn *count_column;
  GtkColumnViewColumn *updated_column;
  GtkColumnViewColumn *trend_column;

  /* model -> paced (new rows on screen, a few per frame) -> filtered (Ctrl+F)
   * -> sorted -> selection */
  GListModel *model;
  SbRowPacer *paced;
  GtkCustomFilter *costly;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  SbTopicSearch *search; /* the filter as typed (NULL: every row) */
  /* The "Last update" cells currently bound, ticked once a second while mapped. */
  GHashTable *updated_cells;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (SbTopicTable, sb_topic_table, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define CELL_TEXT_SIZE 64
#define MAX_HANDLERS 4

/* A text cell: one per GtkListItem of a column, from the factory's "setup"
 * to its "teardown" (the list item owns it). */
typedef struct
{
  GHashTable *updated;  /* the view's ticked cells (a reference: cells outlive the view) */
  GtkInscription *text; /* a reference: the list item lets go of it before "teardown" */
  Column column;
  SbTopicRow *row; /* the row shown and listened to (a reference), or NULL */
  gulong handlers[MAX_HANDLERS];
  guint n_handlers;
  GSource *flash;    /* the timer that ends the highlight, while it shows */
  gint64 shown_step; /* "Last update": the relative_step () on screen */
} Cell;

static GQuark cell_quark;
static GQuark sparkline_quark;
static guint notify_signal;

/* What "Last update" shows, as one number that changes exactly when its text
 * does: -1 nothing, 0 "now", then seconds, minutes, hours and days apart. */
static gint64
relative_step (gint64 now, gint64 time)
{
  gint64 seconds;

  if (time <= 0)
    return -1;
  seconds = MAX (now - time, 0) / G_USEC_PER_SEC;
  if (seconds < 60)
    return seconds;
  if (seconds < 3600)
    return 100 + seconds / 60;
  if (seconds < 86400)
    return 1000 + seconds / 3600;
  return 10000 + seconds / 86400;
}

static void
format_relative_step (gint64 step, char *buffer, gsize size)
{
  if (step < 0)
    buffer[0] = '\0';
  else if (step == 0)
    g_strlcpy (buffer, _ ("now"), size);
  else if (step < 100)
    g_snprintf (buffer, size, _ ("%d s ago"), (int)step);
  else if (step < 1000)
    g_snprintf (buffer, size, _ ("%d min ago"), (int)(step - 100));
  else if (step < 10000)
    g_snprintf (buffer, size, _ ("%d h ago"), (int)(step - 1000));
  else
    g_snprintf (buffer, size, _ ("%d d ago"), (int)(step - 10000));
}

char *
sb_format_relative_time (gint64 now, gint64 time)
{
  char buffer[CELL_TEXT_SIZE];

  format_relative_step (relative_step (now, time), buffer, sizeof buffer);
  return g_strdup (buffer);
}

/* Decimal digits of @value at the end of @buffer, without printf. */
static const char *
format_uint64 (guint64 value, char *buffer, gsize size)
{
  char *p = buffer + size - 1;

  *p = '\0';
  do
    {
      *--p = (char)('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  return p;
}

/* The text of @column for @row: the row's own string, a constant or @buffer. */
static const char *
cell_text (SbTopicRow *row, Column column, gint64 now, char *buffer, gsize size)
{
  switch (column)
    {
      case COLUMN_TOPIC:
        return sb_topic_row_get_topic (row);
      case COLUMN_VALUE:
        /* With a data path, the value it picks (or why it picks none). */
        if (sb_topic_row_get_value_text (row) != NULL)
          return sb_topic_row_get_value_text (row);
        if (sb_topic_row_get_value_error (row) != NULL)
          return sb_topic_row_get_value_error (row);
        return sb_topic_row_get_display_text (row);
      case COLUMN_QOS:
        return format_uint64 ((guint64)sb_topic_row_get_qos (row), buffer, size);
      case COLUMN_RETAINED:
        return sb_topic_row_get_retained (row) ? _ ("yes") : "";
      case COLUMN_COUNT:
        return format_uint64 (sb_topic_row_get_count (row), buffer, size);
      case COLUMN_UPDATED:
        format_relative_step (relative_step (now, sb_topic_row_get_last_time (row)), buffer, size);
        return buffer;
      case N_COLUMNS:
      default:
        g_assert_not_reached ();
    }
}

/* Shows the bound row's text; TRUE when the text changed. */
static gboolean
cell_show (Cell *cell, gint64 now)
{
  char buffer[CELL_TEXT_SIZE];
  const char *text;

  if (cell->column == COLUMN_UPDATED)
    {
      /* The same step is the same text: nothing to format. */
      gint64 step = relative_step (now, sb_topic_row_get_last_time (cell->row));

      if (step == cell->shown_step)
        return FALSE;
      cell->shown_step = step;
    }
  text = cell_text (cell->row, cell->column, now, buffer, sizeof buffer);
  if (g_strcmp0 (gtk_inscription_get_text (cell->text), text) == 0)
    return FALSE;
  gtk_inscription_set_text (cell->text, text);
  return TRUE;
}

/* The highlight of a changed value */

static gboolean
unflash_cb (gpointer data)
{
  Cell *cell = data;

  g_clear_pointer (&cell->flash, g_source_unref);
  gtk_widget_remove_css_class (GTK_WIDGET (cell->text), "flash");
  return G_SOURCE_REMOVE;
}

static void
flash (Cell *cell)
{
  /* Under a flood a cell changes every frame: push the end of its highlight
   * back instead of making a new timer each time. */
  if (cell->flash != NULL)
    {
      g_source_set_ready_time (cell->flash, g_get_monotonic_time () + FLASH_MS * 1000);
      return;
    }
  gtk_widget_add_css_class (GTK_WIDGET (cell->text), "flash");
  cell->flash = g_timeout_source_new (FLASH_MS);
  g_source_set_callback (cell->flash, unflash_cb, cell, NULL);
  g_source_set_static_name (cell->flash, "[signalboard] preview flash");
  g_source_attach (cell->flash, NULL);
}

static void
stop_flash (Cell *cell)
{
  if (cell->flash == NULL)
    return;
  g_source_destroy (cell->flash);
  g_clear_pointer (&cell->flash, g_source_unref);
  gtk_widget_remove_css_class (GTK_WIDGET (cell->text), "flash");
}

/* Row notifications, one handler per property a cell shows */

static void
text_changed_cb (SbTopicRow *row, GParamSpec *pspec, Cell *cell)
{
  cell_show (cell, g_get_real_time ());
}

static void
count_changed_cb (SbTopicRow *row, GParamSpec *pspec, Cell *cell)
{
  if (cell_show (cell, g_get_real_time ()))
    flash (cell);
}

/* A new value, or the same value arriving again, is what a person watches for. */
static void
value_arrived_cb (SbTopicRow *row, GParamSpec *pspec, Cell *cell)
{
  flash (cell);
}

static void
cell_connect (Cell *cell, const char *property, GCallback callback)
{
  g_assert (cell->n_handlers < MAX_HANDLERS);
  cell->handlers[cell->n_handlers++] = g_signal_connect_closure_by_id (
      cell->row, notify_signal, g_quark_from_static_string (property),
      g_cclosure_new (callback, cell, NULL), FALSE);
}

/* Lets go of the row shown: its handlers, its highlight, the tick. */
static void
cell_unbind (Cell *cell)
{
  for (guint i = 0; i < cell->n_handlers; i++)
    g_signal_handler_disconnect (cell->row, cell->handlers[i]);
  cell->n_handlers = 0;
  g_clear_object (&cell->row);
  if (cell->column == COLUMN_UPDATED)
    g_hash_table_remove (cell->updated, cell);
  stop_flash (cell);
}

/* The list item is torn down (or finalized): the cell goes with it. */
static void
cell_free (gpointer data)
{
  Cell *cell = data;

  if (cell->row != NULL)
    cell_unbind (cell);
  g_hash_table_unref (cell->updated);
  g_object_unref (cell->text);
  g_free (cell);
}

/* The full text of an ellipsized cell, asked for only when the pointer rests
 * on it: gtk_widget_set_tooltip_text () on every update queried the pointer
 * through X round trips, 85% of the worst stall under a flood. */
static gboolean
cell_query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                       gpointer data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The widest text "Last update" shows in this language, in characters. */
static guint
updated_chars (void)
{
  static const gint64 widest[] = { 0, 59, 159, 1023, 10099 };
  static guint chars;

  if (chars == 0)
    for (gsize i = 0; i < G_N_ELEMENTS (widest); i++)
      {
        char buffer[CELL_TEXT_SIZE];

        format_relative_step (widest[i], buffer, sizeof buffer);
        chars = MAX (chars, (guint)g_utf8_strlen (buffer, -1));
      }
  return chars;
}

/* The width a cell asks for, in characters. */
static void
set_chars (GtkInscription *text, guint min, guint nat)
{
  gtk_inscription_set_min_chars (text, min);
  gtk_inscription_set_nat_chars (text, nat);
}

/* Binding cells, and GTK 4.8's rebinds
 *
 * GTK 4.8 emits "unbind" then "bind" on every cell of a row whose position
 * moves, with the same item: a new row sorting in at position p updates every
 * row that has widgets after p (gtklistitemmanager.c:
 * gtk_list_item_manager_model_items_changed_cb () ->
 * gtk_list_item_manager_ensure_items () -> update_list_item () ->
 * gtk_list_item_widget_update (); the factory's update,
 * gtksignallistitemfactory.c:120, emits both signals whether the item changed
 * or not). A change of selection does the same to its rows. Under a flood
 * that was ~90 rows x 7 cells for a frame's 2 new rows, each cell
 * disconnecting and connecting its handlers, formatting its text again and
 * dropping its highlight (a restyle, and a row still updating stopped
 * lighting up because another row came in above it).
 *
 * So "unbind" does nothing, and "bind" compares rows: the same row keeps its
 * handlers, its text and its highlight; another row (a widget reused for
 * another position while scrolling) is shown from scratch. In GTK 4.8 an
 * "unbind" is always followed, in the same call, either by "bind" or by the
 * list item's teardown (gtk_list_item_widget_update () and
 * gtk_list_item_widget_teardown_factory ()): a row of widgets released
 * (scrolled far away, its row removed or the model cleared, the view
 * unrooted) is unparented, which tears its list items down. The cell belongs
 * to its list item and is freed on "teardown", letting go of the row: no cell
 * is left listening to a row it does not show. */

static void
cell_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  Column column = GPOINTER_TO_UINT (data);
  GtkWidget *widget = gtk_inscription_new (NULL);
  GtkInscription *text = GTK_INSCRIPTION (widget);
  Cell *cell = g_new0 (Cell, 1);

  cell->updated = g_hash_table_ref (g_object_get_data (G_OBJECT (factory), "sb-updated-cells"));
  cell->text = g_object_ref_sink (text);
  cell->column = column;
  g_object_set_qdata_full (G_OBJECT (item), cell_quark, cell, cell_free);
  if (column == COLUMN_TOPIC || column == COLUMN_VALUE)
    {
      gtk_widget_set_has_tooltip (widget, TRUE);
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
    }
  /* The widths in characters are what the columns ask for: Topic and Value
   * share the rest of the window; a count of 8 digits fits. */
  switch (column)
    {
      case COLUMN_TOPIC:
        gtk_inscription_set_xalign (text, 0);
        gtk_inscription_set_text_overflow (text, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE);
        set_chars (text, 16, 32);
        break;
      case COLUMN_VALUE:
        gtk_inscription_set_xalign (text, 0);
        gtk_inscription_set_text_overflow (text, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
        set_chars (text, 8, 24);
        gtk_widget_add_css_class (widget, "preview-value");
        break;
      case COLUMN_QOS:
        gtk_inscription_set_xalign (text, 1);
        set_chars (text, 1, 1);
        gtk_widget_add_css_class (widget, "numeric");
        break;
      case COLUMN_COUNT:
        gtk_inscription_set_xalign (text, 1);
        set_chars (text, 8, 8);
        gtk_widget_add_css_class (widget, "numeric");
        break;
      case COLUMN_RETAINED:
        gtk_inscription_set_xalign (text, 0.5);
        {
          guint yes = (guint)g_utf8_strlen (_ ("yes"), -1);
          set_chars (text, yes, yes);
        }
        break;
      case COLUMN_UPDATED:
        gtk_inscription_set_xalign (text, 1);
        set_chars (text, updated_chars (), updated_chars ());
        gtk_widget_add_css_class (widget, "dim-label");
        break;
      case N_COLUMNS:
      default:
        g_assert_not_reached ();
    }
  gtk_list_item_set_child (item, widget);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  Cell *cell = g_object_get_qdata (G_OBJECT (item), cell_quark);
  SbTopicRow *row = gtk_list_item_get_item (item);

  /* The row only moved: the cell shows it and listens to it already. */
  if (row == cell->row)
    return;
  if (cell->row != NULL)
    cell_unbind (cell);
  cell->row = g_object_ref (row);
  cell->shown_step = G_MININT64;
  /* The widget may have shown another row: only a different text is set. */
  cell_show (cell, g_get_real_time ());
  switch (cell->column)
    {
      case COLUMN_TOPIC:
        /* A row's topic never changes. */
        break;
      case COLUMN_VALUE:
        cell_connect (cell, "display-text", G_CALLBACK (text_changed_cb));
        cell_connect (cell, "value-text", G_CALLBACK (text_changed_cb));
        cell_connect (cell, "value-error", G_CALLBACK (text_changed_cb));
        cell_connect (cell, "count", G_CALLBACK (value_arrived_cb));
        break;
      case COLUMN_QOS:
        cell_connect (cell, "qos", G_CALLBACK (text_changed_cb));
        break;
      case COLUMN_RETAINED:
        cell_connect (cell, "retained", G_CALLBACK (text_changed_cb));
        break;
      case COLUMN_COUNT:
        cell_connect (cell, "count", G_CALLBACK (count_changed_cb));
        break;
      case COLUMN_UPDATED:
        cell_connect (cell, "last-time", G_CALLBACK (text_changed_cb));
        g_hash_table_add (cell->updated, cell);
        break;
      case N_COLUMNS:
      default:
        g_assert_not_reached ();
    }
}

/* Both columns' "teardown": after the list item has let go of its child. */
static void
teardown_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  g_object_set_qdata (G_OBJECT (item), GPOINTER_TO_UINT (data), NULL);
}

/* The Trend column, on the same terms: the sparkline keeps the row's history
 * (and its "changed" handler) from one bind to the next, and lets go of it on
 * "teardown" (sb_sparkline_set_history () with the same history does nothing). */

static void
sparkline_free (gpointer data)
{
  sb_sparkline_set_history (data, NULL);
  g_object_unref (data);
}

static void
trend_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *sparkline = g_object_ref_sink (sb_sparkline_new ());

  (void)factory;
  g_object_set_qdata_full (G_OBJECT (item), sparkline_quark, sparkline, sparkline_free);
  gtk_list_item_set_child (item, sparkline);
}

static void
trend_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  (void)factory;
  sb_sparkline_set_history (g_object_get_qdata (G_OBJECT (item), sparkline_quark),
                            sb_topic_row_get_history (gtk_list_item_get_item (item)));
}

/* The rule is the core's (sb_topic_search_matches ()), the Browse window's too. */
static gboolean
filter_match (gpointer item, gpointer data)
{
  SbTopicTable *self = data;

  return sb_topic_search_matches (self->search, sb_topic_row_get_topic (item));
}

/* Whether a new row, shown now, would sort in among the rows that have
 * widgets (the pacer's "costly" filter). Two comparisons with the sorter:
 * against the first and the last row of that range. */
static gboolean
lands_among_widgets (gpointer item, gpointer data)
{
  SbTopicTable *self = data;
  GListModel *sorted = G_LIST_MODEL (self->sorted);
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkAdjustment *adjustment;
  guint n = g_list_model_get_n_items (sorted);
  guint first = 0, lo, hi;
  double upper;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->column_view)))
    return FALSE;
  if (!filter_match (item, self))
    return FALSE;
  /* The first visible row, from the scroll position. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  upper = adjustment != NULL ? gtk_adjustment_get_upper (adjustment) : 0;
  if (upper > 0 && n > 0)
    first = (guint)MIN (n - 1, gtk_adjustment_get_value (adjustment) / upper * n);
  lo = first > WIDGET_ROWS_ABOVE ? first - WIDGET_ROWS_ABOVE : 0;
  hi = first + WIDGET_ROWS_BELOW;
  if (hi >= n)
    {
      if (lo == 0)
        return TRUE;
      /* Unsorted, a new row goes last: among the widgets when the end shows. */
      if (gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
        return TRUE;
    }
  else if (gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
    return FALSE;
  if (lo > 0)
    {
      g_autoptr (GObject) low = g_list_model_get_item (sorted, lo);
      if (gtk_sorter_compare (sorter, item, low) == GTK_ORDERING_SMALLER)
        return FALSE;
    }
  if (hi < n)
    {
      g_autoptr (GObject) high = g_list_model_get_item (sorted, hi);
      if (gtk_sorter_compare (sorter, item, high) == GTK_ORDERING_LARGER)
        return FALSE;
    }
  return TRUE;
}

/* Sorting in steps, and when not.
 *
 * A click on a header or a new filter re-sorts up to 100k rows: GTK sorts
 * them in steps of about a millisecond between frames (incremental). New
 * rows are merged at once instead: in steps, a flood's slices piled up as
 * unsorted runs at the end of the list while the low-priority sort idle
 * waited, one merge step then brought several slices among the rows on
 * screen at once (96 rows of widgets in one iteration), and the pacer judged
 * new rows against a list that was not in order. A slice is at most 500 rows
 * (SbPreviewModel), merged into the sorted ones in one pass. */
static void
sort_in_steps (SbTopicTable *self)
{
  if (self->sorted != NULL)
    gtk_sort_list_model_set_incremental (self->sorted, TRUE);
}

static void
sort_done_cb (SbTopicTable *self)
{
  if (self->sorted != NULL && gtk_sort_list_model_get_pending (self->sorted) == 0)
    gtk_sort_list_model_set_incremental (self->sorted, FALSE);
}

static void
filter_changed_cb (SbTopicTable *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_autoptr (SbTopicSearch) old = g_steal_pointer (&self->search);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  self->search = sb_topic_search_new (text);
  /* Typing on (or deleting from) a substring only hides (or shows) rows:
   * the filter model then looks only at the rows that can change. */
  switch (sb_topic_search_compare (old, self->search))
    {
      case SB_TOPIC_SEARCH_STRICTER:
        change = GTK_FILTER_CHANGE_MORE_STRICT;
        break;
      case SB_TOPIC_SEARCH_LOOSER:
        change = GTK_FILTER_CHANGE_LESS_STRICT;
        break;
      case SB_TOPIC_SEARCH_DIFFERENT:
      default:
        break;
    }
  sort_in_steps (self);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  sort_done_cb (self);
}

static void
setup_column (SbTopicTable *self, GtkColumnViewColumn *column, Column id, const char *property,
              gboolean numeric)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression = gtk_property_expression_new (SB_TYPE_TOPIC_ROW, NULL, property);
  g_autoptr (GtkSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "sb-updated-cells", self->updated_cells);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (id));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (id));
  /* No "unbind": see "Binding cells, and GTK 4.8's rebinds". */
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cb), GUINT_TO_POINTER (cell_quark));
  gtk_column_view_column_set_factory (column, factory);

  if (numeric)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  gtk_column_view_column_set_sorter (column, sorter);
}

/* Moves the "Last update" texts on; formats only those whose text changes. */
static gboolean
tick_cb (gpointer data)
{
  SbTopicTable *self = data;
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, self->updated_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    cell_show (cell, now);
  return G_SOURCE_CONTINUE;
}

static void
selection_changed_cb (SbTopicTable *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ROW]);
}

/* Public API */

GtkWidget *
sb_topic_table_new (void)
{
  return g_object_new (SB_TYPE_TOPIC_TABLE, NULL);
}

void
sb_topic_table_set_model (SbTopicTable *self, GListModel *model)
{
  g_return_if_fail (SB_IS_TOPIC_TABLE (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  g_set_object (&self->model, model);
  sb_row_pacer_set_model (self->paced, model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
sb_topic_table_get_model (SbTopicTable *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TABLE (self), NULL);
  return self->model;
}

SbTopicRow *
sb_topic_table_get_selected_row (SbTopicTable *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TABLE (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

void
sb_topic_table_set_filter (SbTopicTable *self, const char *text)
{
  g_return_if_fail (SB_IS_TOPIC_TABLE (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text != NULL ? text : "");
  filter_changed_cb (self);
}

void
sb_topic_table_begin_filter (SbTopicTable *self)
{
  g_return_if_fail (SB_IS_TOPIC_TABLE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

void
sb_topic_table_select_topic (SbTopicTable *self, const char *topic)
{
  GListModel *list;

  g_return_if_fail (SB_IS_TOPIC_TABLE (self));

  list = G_LIST_MODEL (self->sorted);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (SbTopicRow) row = g_list_model_get_item (list, i);
      if (g_strcmp0 (sb_topic_row_get_topic (row), topic) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

GtkColumnView *
sb_topic_table_get_column_view (SbTopicTable *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TABLE (self), NULL);
  return self->column_view;
}

guint
sb_topic_table_get_n_rows (SbTopicTable *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TABLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

char *
sb_topic_table_dup_cell_text (SbTopicTable *self, guint row, guint column)
{
  g_autoptr (SbTopicRow) item = NULL;
  char buffer[CELL_TEXT_SIZE];

  g_return_val_if_fail (SB_IS_TOPIC_TABLE (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);
  if (item == NULL)
    return NULL;
  return g_strdup (cell_text (item, column, g_get_real_time (), buffer, sizeof buffer));
}

/* GObject */

static void
sb_topic_table_map (GtkWidget *widget)
{
  SbTopicTable *self = SB_TOPIC_TABLE (widget);

  GTK_WIDGET_CLASS (sb_topic_table_parent_class)->map (widget);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
sb_topic_table_unmap (GtkWidget *widget)
{
  SbTopicTable *self = SB_TOPIC_TABLE (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  /* Off screen no row makes widgets: nothing has to wait for a frame. */
  sb_row_pacer_release_all (self->paced);
  GTK_WIDGET_CLASS (sb_topic_table_parent_class)->unmap (widget);
}

static void
sb_topic_table_dispose (GObject *object)
{
  SbTopicTable *self = SB_TOPIC_TABLE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_TOPIC_TABLE);
  /* A plain GtkWidget parent owns its unbound template children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->paced);
  g_clear_object (&self->costly);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (sb_topic_table_parent_class)->dispose (object);
}

static void
sb_topic_table_finalize (GObject *object)
{
  SbTopicTable *self = SB_TOPIC_TABLE (object);

  /* Cells that outlive the table keep the set; nobody ticks it any more. */
  g_clear_pointer (&self->updated_cells, g_hash_table_unref);
  g_clear_pointer (&self->search, sb_topic_search_free);

  G_OBJECT_CLASS (sb_topic_table_parent_class)->finalize (object);
}

static void
sb_topic_table_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbTopicTable *self = SB_TOPIC_TABLE (object);

  switch (prop_id)
    {
      case PROP_MODEL:
        g_value_set_object (value, self->model);
        break;
      case PROP_SELECTED_ROW:
        g_value_set_object (value, sb_topic_table_get_selected_row (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_topic_table_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SbTopicTable *self = SB_TOPIC_TABLE (object);

  switch (prop_id)
    {
      case PROP_MODEL:
        sb_topic_table_set_model (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_topic_table_class_init (SbTopicTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_topic_table_dispose;
  object_class->finalize = sb_topic_table_finalize;
  object_class->get_property = sb_topic_table_get_property;
  object_class->set_property = sb_topic_table_set_property;
  widget_class->map = sb_topic_table_map;
  widget_class->unmap = sb_topic_table_unmap;

  properties[PROP_MODEL]
      = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ROW] = g_param_spec_object (
      "selected-row", NULL, NULL, SB_TYPE_TOPIC_ROW, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  cell_quark = g_quark_from_static_string ("sb-preview-cell");
  sparkline_quark = g_quark_from_static_string ("sb-preview-sparkline");
  notify_signal = g_signal_lookup ("notify", G_TYPE_OBJECT);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-topic-table.ui");
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, topic_column);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, value_column);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, qos_column);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, retained_column);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, count_column);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, updated_column);
  gtk_widget_class_bind_template_child (widget_class, SbTopicTable, trend_column);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_set_css_name (widget_class, "sbtopictable");
}

static void
sb_topic_table_init (SbTopicTable *self)
{
  g_autoptr (GtkListItemFactory) trend_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  sb_accessible_label_column_view (self->column_view, _ ("Topics"));
  self->updated_cells = g_hash_table_new (NULL, NULL);

  setup_column (self, self->topic_column, COLUMN_TOPIC, "topic", FALSE);
  setup_column (self, self->value_column, COLUMN_VALUE, "display-text", FALSE);
  setup_column (self, self->qos_column, COLUMN_QOS, "qos", TRUE);
  setup_column (self, self->retained_column, COLUMN_RETAINED, "retained", TRUE);
  setup_column (self, self->count_column, COLUMN_COUNT, "count", TRUE);
  setup_column (self, self->updated_column, COLUMN_UPDATED, "last-time", TRUE);

  g_signal_connect (trend_factory, "setup", G_CALLBACK (trend_setup_cb), NULL);
  g_signal_connect (trend_factory, "bind", G_CALLBACK (trend_bind_cb), NULL);
  g_signal_connect (trend_factory, "teardown", G_CALLBACK (teardown_cb),
                    GUINT_TO_POINTER (sparkline_quark));
  gtk_column_view_column_set_factory (self->trend_column, trend_factory);

  self->filter = gtk_custom_filter_new (filter_match, self, NULL);
  self->costly = gtk_custom_filter_new (lands_among_widgets, self, NULL);
  self->paced = sb_row_pacer_new (GTK_WIDGET (self->column_view), GTK_FILTER (self->costly),
                                  NEW_WIDGET_ROWS_PER_FRAME);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->paced)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  /* Before the sort model's own handler: a new sort order goes in steps. */
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sort_in_steps), self, G_CONNECT_SWAPPED);
  self->sorted
      = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                 g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  /* After it: nothing left to sort (a small table), or when the steps end. */
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sort_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sorted, "notify::pending", G_CALLBACK (sort_done_cb), self,
                           G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->column_view));
  /* Topics read best in order; a click on a header sorts by that column instead. */
  gtk_column_view_sort_by_column (self->column_view, self->topic_column, GTK_SORT_ASCENDING);
}
