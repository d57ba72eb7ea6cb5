/* sb-browse-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-browse-window.h"
#include "sb-payload.h"
#include "sb-preview-view.h"

/* The preview's bounds: as many topics as the CLI's browse keeps, payloads cut
 * to what a row can show. */
#define TOPIC_LIMIT 200000
#define PAYLOAD_LIMIT 4096
#define VALUE_CHARS 200
/* About once a frame: the tree announces what changed since the last tick. */
#define TICK_MS 100

typedef enum
{
  COLUMN_TOPIC,
  COLUMN_MESSAGES,
  COLUMN_RETAINED,
  COLUMN_VALUE,
} Column;

struct _SbBrowseWindow
{
  GtkWindow parent_instance;

  GtkLabel *state_label;
  GtkLabel *notice_label;
  GtkColumnView *column_view;
  GtkButton *delete_button;
  GtkProgressBar *delete_progress;

  SbBrowser *browser;
  GtkSingleSelection *selection;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (SbBrowseWindow, sb_browse_window, GTK_TYPE_WINDOW)

static GListModel *
create_children_cb (gpointer item, gpointer data)
{
  /* Every node can expand: a live topic may get children at any time, and
   * GtkTreeListModel asks only once, when the row is made. */
  return g_object_ref (G_LIST_MODEL (item));
}

static void
update_cell (GtkWidget *cell, Column column, SbTopicNode *node)
{
  GtkLabel *label = GTK_IS_TREE_EXPANDER (cell)
                        ? GTK_LABEL (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (cell)))
                        : GTK_LABEL (cell);
  g_autofree char *text = NULL;

  switch (column)
    {
      case COLUMN_TOPIC:
        {
          const char *name = sb_topic_node_get_name (node);
          gboolean empty = *name == '\0';

          gtk_label_set_label (label, empty ? _ ("(empty)") : name);
          if (empty)
            gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
          else
            gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
          return;
        }
      case COLUMN_MESSAGES:
        text = g_strdup_printf ("%" G_GUINT64_FORMAT, sb_topic_node_get_subtree_messages (node));
        break;
      case COLUMN_RETAINED:
        text = g_strdup (sb_topic_node_get_retained (node) ? _ ("retained") : "");
        break;
      case COLUMN_VALUE:
        {
          GBytes *payload = sb_topic_node_get_payload (node);

          text = payload == NULL ? g_strdup ("")
                                 : sb_payload_display_text_prefix (
                                     payload, sb_topic_node_get_payload_size (node), VALUE_CHARS);
          break;
        }
    }
  gtk_label_set_label (label, text);
}

static void
node_notify_cb (SbTopicNode *node, GParamSpec *pspec, GtkWidget *cell)
{
  update_cell (cell, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "sb-column")), node);
}

static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *cell = label;

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_MESSAGES ? 1.0 : 0.0);
  if (column == COLUMN_MESSAGES)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_TOPIC)
    {
      cell = gtk_tree_expander_new ();
      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (cell), label);
    }
  g_object_set_data (G_OBJECT (cell), "sb-column", data);
  gtk_list_item_set_child (item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  g_autoptr (SbTopicNode) node = gtk_tree_list_row_get_item (row);
  gulong handler;

  if (GTK_IS_TREE_EXPANDER (cell))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), row);
  update_cell (cell, GPOINTER_TO_INT (data), node);
  handler = g_signal_connect_object (node, "notify", G_CALLBACK (node_notify_cb), cell, 0);
  g_object_set_data (G_OBJECT (cell), "sb-node", node);
  g_object_set_data (G_OBJECT (cell), "sb-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  SbTopicNode *node = g_object_get_data (G_OBJECT (cell), "sb-node");
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "sb-handler"));

  if (node != NULL && handler != 0)
    g_signal_handler_disconnect (node, handler);
  g_object_set_data (G_OBJECT (cell), "sb-node", NULL);
  g_object_set_data (G_OBJECT (cell), "sb-handler", NULL);
  if (GTK_IS_TREE_EXPANDER (cell))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), NULL);
}

static void
add_column (SbBrowseWindow *self, const char *title, Column column, gboolean expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

static SbTopicNode *
selected_node (SbBrowseWindow *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);

  return row == NULL ? NULL : gtk_tree_list_row_get_item (row);
}

static void
update_state (SbBrowseWindow *self)
{
  g_autofree char *text = sb_session_describe (sb_browser_get_session (self->browser));

  gtk_label_set_label (self->state_label, text);
}

static void
update_status (SbBrowseWindow *self)
{
  SbTopicTree *tree = sb_browser_get_tree (self->browser);
  guint64 not_kept = sb_topic_tree_get_topics_not_kept (tree);
  g_autoptr (SbTopicNode) node = selected_node (self);
  gboolean deleting = sb_browser_get_deleting (self->browser);
  guint total = sb_browser_get_delete_total (self->browser);
  guint done = sb_browser_get_delete_done (self->browser);

  if (not_kept > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, not_kept);
      g_autofree char *notice = g_strdup_printf (
          ngettext ("%s topic not shown: limit %u", "%s topics not shown: limit %u", not_kept),
          count, (guint)TOPIC_LIMIT);
      gtk_label_set_label (self->notice_label, notice);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), not_kept > 0);

  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button),
                            !deleting && node != NULL
                                && sb_topic_node_get_subtree_retained (node) > 0);
  if (total > 0)
    {
      g_autofree char *progress
          = deleting ? g_strdup_printf (_ ("Deleting retained messages: %u of %u"), done, total)
                     : g_strdup_printf (ngettext ("%u retained message deleted",
                                                  "%u retained messages deleted", done),
                                        done);

      gtk_progress_bar_set_fraction (self->delete_progress, (double)done / total);
      gtk_progress_bar_set_text (self->delete_progress, progress);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->delete_progress), total > 0);
}

static gboolean
tick_cb (gpointer data)
{
  SbBrowseWindow *self = data;

  sb_topic_tree_flush (sb_browser_get_tree (self->browser));
  update_status (self);
  return G_SOURCE_CONTINUE;
}

static void
delete_response_cb (GtkDialog *dialog, int response, gpointer data)
{
  SbBrowseWindow *self = SB_BROWSE_WINDOW (data);
  SbTopicNode *node = g_object_get_data (G_OBJECT (dialog), "sb-node");
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && sb_browser_delete_retained (self->browser, node, &error) < 0)
    gtk_label_set_label (self->state_label, error->message);
  gtk_window_destroy (GTK_WINDOW (dialog));
  update_status (self);
  g_object_unref (self);
}

static void
delete_clicked_cb (SbBrowseWindow *self)
{
  g_autoptr (SbTopicNode) node = selected_node (self);
  GtkWidget *dialog;
  guint count;

  if (node == NULL || (count = sb_topic_node_get_subtree_retained (node)) == 0)
    return;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   ngettext ("Delete %u retained message under “%s”?",
                                             "Delete %u retained messages under “%s”?", count),
                                   count, sb_topic_node_get_topic (node));
  gtk_message_dialog_format_secondary_text (
      GTK_MESSAGE_DIALOG (dialog), "%s",
      _ ("The broker forgets them: new subscribers get nothing at these topics."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _ ("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_widget_add_css_class (
      gtk_dialog_add_button (GTK_DIALOG (dialog), _ ("_Delete"), GTK_RESPONSE_ACCEPT),
      "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "sb-node", g_object_ref (node), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
selection_changed_cb (SbBrowseWindow *self)
{
  update_status (self);
}

static void
sb_browse_window_dispose (GObject *object)
{
  SbBrowseWindow *self = SB_BROWSE_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->browser != NULL)
    sb_browser_stop (self->browser);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->browser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_BROWSE_WINDOW);
  G_OBJECT_CLASS (sb_browse_window_parent_class)->dispose (object);
}

static void
sb_browse_window_class_init (SbBrowseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  sb_application_ensure_resources ();
  object_class->dispose = sb_browse_window_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/signalboard/Signalboard/ui/sb-browse-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, delete_progress);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
}

static void
sb_browse_window_init (SbBrowseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_column (self, _ ("Topic level"), COLUMN_TOPIC, TRUE);
  add_column (self, _ ("Messages"), COLUMN_MESSAGES, FALSE);
  add_column (self, _ ("Retained"), COLUMN_RETAINED, FALSE);
  add_column (self, _ ("Latest value"), COLUMN_VALUE, TRUE);
}

SbBrowseWindow *
sb_browse_window_new (GtkApplication *app, SbDataSource *source)
{
  SbBrowseWindow *self;
  g_autofree char *title = NULL;
  GtkTreeListModel *tree_model;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_BROWSE_WINDOW, "application", app, NULL);
  title = g_strdup_printf (_ ("Browse: %s"), sb_data_source_get_name (source));
  gtk_window_set_title (GTK_WINDOW (self), title);

  self->browser = sb_browser_new (source, FALSE, TOPIC_LIMIT, PAYLOAD_LIMIT);
  tree_model = gtk_tree_list_model_new (
      g_object_ref (sb_topic_tree_get_roots (sb_browser_get_tree (self->browser))), FALSE, FALSE,
      create_children_cb, NULL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (tree_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                            self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (sb_browser_get_session (self->browser), "notify::state",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sb_browser_get_session (self->browser), "notify::last-error",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  sb_browser_start (self->browser);
  update_state (self);
  update_status (self);
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  return self;
}

SbBrowser *
sb_browse_window_get_browser (SbBrowseWindow *self)
{
  g_return_val_if_fail (SB_IS_BROWSE_WINDOW (self), NULL);
  return self->browser;
}
