/* sb-row-pacer.c: a list model that passes another one's new items on to a
 * list view at the pace its widgets can be made
 *
 * GTK 4.8's list views keep widgets for about 200 rows around the visible
 * ones. A new item that sorts in among those makes a row of widgets (each
 * cell with its own Pango context, style and size) and pushes another out,
 * about 0.3-0.5 ms a row; a hundred of them in one main-loop iteration is a
 * frame of 50-100 ms. Which new items land there depends on their names and
 * the sort, not on how many arrive: bench/1000 to bench/1123 all sort right
 * under bench/100, on screen. So the pacer asks the view which items would
 * land there (a GtkFilter) and passes at most a budget of those on per frame;
 * the rest, which cost the view almost nothing, go on at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-row-pacer.h"

/* More new items than this in one items-changed go on at once, unjudged:
 * the costly filter makes four collation keys an item (two sorter
 * comparisons), and the view keeps widgets for ~240 rows, so no batch makes
 * more rows than that in one frame anyway. A paced SbPreviewModel brings at
 * most 500 new rows a frame; only an explicit flush (tests, the bench's 100k
 * topics) brings more. */
#define MAX_JUDGED 2000

struct _SbRowPacer
{
  GObject parent_instance;

  GListModel *model;
  GPtrArray *items;   /* passed on, in the order they went (references) */
  GPtrArray *waiting; /* not yet, in arrival order (references) */
  GtkWidget *widget;  /* whose frames pace the costly items (weak) */
  GtkFilter *costly;
  guint budget;
  guint spent; /* costly items passed on since the last frame */
  guint tick_id;
};

static void
sb_row_pacer_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbRowPacer, sb_row_pacer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sb_row_pacer_list_model_init))

static GType
sb_row_pacer_get_item_type (GListModel *list)
{
  SbRowPacer *self = SB_ROW_PACER (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
sb_row_pacer_get_n_items (GListModel *list)
{
  return SB_ROW_PACER (list)->items->len;
}

static gpointer
sb_row_pacer_get_item (GListModel *list, guint position)
{
  SbRowPacer *self = SB_ROW_PACER (list);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
sb_row_pacer_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sb_row_pacer_get_item_type;
  iface->get_n_items = sb_row_pacer_get_n_items;
  iface->get_item = sb_row_pacer_get_item;
}

static void
release (SbRowPacer *self, gboolean all);

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  SbRowPacer *self = data;

  self->spent = 0;
  release (self, FALSE);
  if (self->waiting->len > 0)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Passes on the waiting items the budget allows (all of them with @all), in
 * one items-changed. */
static void
release (SbRowPacer *self, gboolean all)
{
  guint old_n = self->items->len;
  guint kept = 0;

  /* Judged against the rows on screen before any of them goes on. */
  for (guint i = 0; i < self->waiting->len; i++)
    {
      gpointer item = g_ptr_array_index (self->waiting, i);

      if (all || self->spent < self->budget)
        {
          if (!all && gtk_filter_match (self->costly, item))
            self->spent++;
          g_ptr_array_add (self->items, item);
        }
      else if (!gtk_filter_match (self->costly, item))
        g_ptr_array_add (self->items, item);
      else
        g_ptr_array_index (self->waiting, kept++) = item;
    }
  /* The references moved to self->items or stayed in the kept part. */
  self->waiting->len = kept;
  if (self->items->len > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->items->len - old_n);
  if (kept > 0 && self->tick_id == 0 && self->widget != NULL)
    self->tick_id = gtk_widget_add_tick_callback (self->widget, tick_cb, self, NULL);
}

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, SbRowPacer *self)
{
  guint old_n = self->items->len;

  if (removed > 0)
    {
      /* The model was cleared: start over with what it holds now. */
      g_ptr_array_set_size (self->waiting, 0);
      g_ptr_array_set_size (self->items, 0);
      if (old_n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      position = 0;
      added = g_list_model_get_n_items (model);
    }
  for (guint i = position; i < position + added; i++)
    g_ptr_array_add (self->waiting, g_list_model_get_item (model, i));
  release (self, self->waiting->len > MAX_JUDGED);
}

void
sb_row_pacer_set_model (SbRowPacer *self, GListModel *model)
{
  guint old_n;

  g_return_if_fail (SB_IS_ROW_PACER (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_set_object (&self->model, model);
  old_n = self->items->len;
  g_ptr_array_set_size (self->waiting, 0);
  g_ptr_array_set_size (self->items, 0);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  if (model != NULL)
    {
      g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (self->waiting, g_list_model_get_item (model, i));
      release (self, FALSE);
    }
}

guint
sb_row_pacer_get_n_waiting (SbRowPacer *self)
{
  g_return_val_if_fail (SB_IS_ROW_PACER (self), 0);
  return self->waiting->len;
}

void
sb_row_pacer_release_all (SbRowPacer *self)
{
  g_return_if_fail (SB_IS_ROW_PACER (self));

  if (self->tick_id != 0 && self->widget != NULL)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  self->tick_id = 0;
  release (self, TRUE);
}

static void
sb_row_pacer_dispose (GObject *object)
{
  SbRowPacer *self = SB_ROW_PACER (object);

  if (self->tick_id != 0 && self->widget != NULL)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  self->tick_id = 0;
  g_clear_weak_pointer (&self->widget);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_object (&self->costly);

  G_OBJECT_CLASS (sb_row_pacer_parent_class)->dispose (object);
}

static void
sb_row_pacer_finalize (GObject *object)
{
  SbRowPacer *self = SB_ROW_PACER (object);

  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->waiting);

  G_OBJECT_CLASS (sb_row_pacer_parent_class)->finalize (object);
}

static void
sb_row_pacer_class_init (SbRowPacerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_row_pacer_dispose;
  object_class->finalize = sb_row_pacer_finalize;
}

static void
sb_row_pacer_init (SbRowPacer *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}

SbRowPacer *
sb_row_pacer_new (GtkWidget *widget, GtkFilter *costly, guint budget)
{
  SbRowPacer *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (GTK_IS_FILTER (costly), NULL);

  self = g_object_new (SB_TYPE_ROW_PACER, NULL);
  g_set_weak_pointer (&self->widget, widget);
  self->costly = g_object_ref (costly);
  self->budget = budget;
  return self;
}
