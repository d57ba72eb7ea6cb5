/* sb-browse-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sb-accessible.h"
#include "sb-app-secrets.h"
#include "sb-application.h"
#include "sb-browse-window-private.h"
#include "sb-payload.h"
#include "sb-preview-view.h"
#include "sb-topic-overflow.h"
#include "sb-topic-search.h"

/* Payloads cut to what a row can show; as many topics as the preview keeps
 * rows for (the "topic-row-limit" setting). */
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

typedef enum
{
  PICK_TOPIC,
  PICK_BELOW,
  PICK_ONE_LEVEL,
} Pick;

struct _SbBrowseWindow
{
  GtkWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkSearchBar *search_bar;
  GtkSearchEntry *filter_entry;
  GtkToggleButton *sys_button;
  GtkLabel *state_label;
  GtkLabel *notice_label;
  GtkColumnView *column_view;
  GtkButton *delete_button;
  GtkProgressBar *delete_progress;
  GtkWidget *pick_box;
  GtkButton *pick_topic_button;
  GtkButton *pick_below_button;
  GtkButton *pick_level_button;
  GtkLabel *pick_label;

  SbDataSource *source;   /* as given: what present_for () finds it by */
  SbDataSource *resolved; /* with its secrets: what the browser connects with */
  GCancellable *resolving;
  gboolean pick_mode;
  gboolean include_sys;
  guint topic_limit;

  SbBrowser *browser;
  GtkSingleSelection *selection;
  guint tick_id;

  /* The filter: a node shows when it matches or something below it does. */
  SbTopicSearch *search;
  GtkCustomFilter *filter;
  GHashTable *shows; /* SbTopicNode * -> SHOWN or HIDDEN, as node_shows () found */
};

G_DEFINE_FINAL_TYPE (SbBrowseWindow, sb_browse_window, GTK_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_BROWSER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_PICK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  SHOWN = 1,
  HIDDEN = 2,
};

/* Whether @node shows through the filter: it matches, or a node below it
 * does. Kept for every node asked about: a node's topic never changes and
 * the tree only grows, so a node can only turn from hidden to shown, when a
 * match comes below it (nodes_added_cb), and new topics cost the filter what
 * they bring, not a pass over the whole tree each tick. */
static gboolean
node_shows (SbBrowseWindow *self, SbTopicNode *node)
{
  GListModel *children = G_LIST_MODEL (node);
  gpointer known = g_hash_table_lookup (self->shows, node);
  gboolean shows;

  if (known != NULL)
    return GPOINTER_TO_INT (known) == SHOWN;
  shows = sb_topic_search_matches (self->search, sb_topic_node_get_topic (node));
  for (guint i = 0, n = g_list_model_get_n_items (children); i < n && !shows; i++)
    {
      g_autoptr (SbTopicNode) child = g_list_model_get_item (children, i);
      shows = node_shows (self, child);
    }
  g_hash_table_insert (self->shows, node, GINT_TO_POINTER (shows ? SHOWN : HIDDEN));
  return shows;
}

/* New topics under the filter: the filter models have seen those that landed
 * in a row shown (through items-changed); a match below a hidden node shows
 * that node and the ones above it, for which the models look again at what
 * they hide (and only that). */
static void
nodes_added_cb (SbTopicTree *tree, GPtrArray *nodes, SbBrowseWindow *self)
{
  gboolean shown_more = FALSE;

  if (!sb_topic_search_is_active (self->search))
    return;
  for (guint i = 0; i < nodes->len; i++)
    {
      SbTopicNode *node = g_ptr_array_index (nodes, i);
      gpointer known = g_hash_table_lookup (self->shows, node);

      if (known != NULL ? GPOINTER_TO_INT (known) == HIDDEN
                        : !sb_topic_search_matches (self->search, sb_topic_node_get_topic (node)))
        continue;
      for (SbTopicNode *up = sb_topic_node_get_parent (node); up != NULL;
           up = sb_topic_node_get_parent (up))
        {
          known = g_hash_table_lookup (self->shows, up);
          if (known != NULL && GPOINTER_TO_INT (known) == SHOWN)
            break;
          if (known != NULL)
            {
              g_hash_table_insert (self->shows, up, GINT_TO_POINTER (SHOWN));
              shown_more = TRUE;
            }
        }
    }
  if (shown_more)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
}

static gboolean
filter_cb (gpointer item, gpointer data)
{
  return node_shows (data, item);
}

/* What a row's children are: NULL for a leaf (no expander), the node itself,
 * or the node through the filter. The tree announces a leaf again when it
 * gets children (GtkTreeListModel asks once). */
static GListModel *
filtered_model (SbBrowseWindow *self, GListModel *node)
{
  if (!sb_topic_search_is_active (self->search))
    return g_object_ref (node);
  return G_LIST_MODEL (
      gtk_filter_list_model_new (g_object_ref (node), g_object_ref (GTK_FILTER (self->filter))));
}

static GListModel *
children_model (SbBrowseWindow *self, GListModel *node)
{
  return g_list_model_get_n_items (node) == 0 ? NULL : filtered_model (self, node);
}

static GListModel *
create_children_cb (gpointer item, gpointer data)
{
  return children_model (data, G_LIST_MODEL (item));
}

/* The one property a column shows changes (none for the topic level: a
 * node's name is fixed). A cell listens to that one only: the tree notifies
 * the nodes someone listens to, and under a flood the rows bound are a few
 * hundred of thousands of nodes changed a flush. */
static const char *const column_signal[] = {
  [COLUMN_TOPIC] = NULL,
  [COLUMN_MESSAGES] = "notify::subtree-messages",
  [COLUMN_RETAINED] = "notify::retained",
  [COLUMN_VALUE] = "notify::payload",
};

static void
update_cell (GtkWidget *cell, Column column, SbTopicNode *node)
{
  GtkInscription *text
      = GTK_IS_TREE_EXPANDER (cell)
            ? GTK_INSCRIPTION (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (cell)))
            : GTK_INSCRIPTION (cell);
  g_autofree char *value = NULL;
  char count[32];
  const char *shown = "";

  switch (column)
    {
      case COLUMN_TOPIC:
        {
          const char *name = sb_topic_node_get_name (node);
          gboolean empty = *name == '\0';

          shown = empty ? _ ("(empty)") : name;
          if (empty)
            gtk_widget_add_css_class (GTK_WIDGET (text), "dim-label");
          else
            gtk_widget_remove_css_class (GTK_WIDGET (text), "dim-label");
          break;
        }
      case COLUMN_MESSAGES:
        g_snprintf (count, sizeof count, "%" G_GUINT64_FORMAT,
                    sb_topic_node_get_subtree_messages (node));
        shown = count;
        break;
      case COLUMN_RETAINED:
        shown = sb_topic_node_get_retained (node) ? _ ("retained") : "";
        break;
      case COLUMN_VALUE:
        {
          GBytes *payload = sb_topic_node_get_payload (node);

          if (payload != NULL)
            shown = value = sb_payload_display_text_prefix (
                payload, sb_topic_node_get_payload_size (node), VALUE_CHARS);
          break;
        }
    }
  if (g_strcmp0 (gtk_inscription_get_text (text), shown) != 0)
    gtk_inscription_set_text (text, shown);
}

static void
node_notify_cb (SbTopicNode *node, GParamSpec *pspec, GtkWidget *cell)
{
  update_cell (cell, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "sb-column")), node);
}

/* Cells are GtkInscriptions, not GtkLabels: an inscription's size comes from
 * its character counts, not from its text, so a new count or value does not
 * measure and allocate the rows again (the preview's table does the same). */
static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *widget = gtk_inscription_new (NULL);
  GtkInscription *text = GTK_INSCRIPTION (widget);
  GtkWidget *cell = widget;

  gtk_inscription_set_text_overflow (text, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (text, column == COLUMN_MESSAGES ? 1.0 : 0.0);
  switch (column)
    {
      case COLUMN_TOPIC:
        gtk_inscription_set_min_chars (text, 8);
        gtk_inscription_set_nat_chars (text, 24);
        cell = gtk_tree_expander_new ();
        gtk_tree_expander_set_child (GTK_TREE_EXPANDER (cell), widget);
        break;
      case COLUMN_MESSAGES:
        /* 99,999,999 messages fit. */
        gtk_inscription_set_min_chars (text, 8);
        gtk_inscription_set_nat_chars (text, 8);
        gtk_widget_add_css_class (widget, "numeric");
        break;
      case COLUMN_RETAINED:
        {
          guint chars = (guint)g_utf8_strlen (_ ("retained"), -1);

          gtk_inscription_set_min_chars (text, chars);
          gtk_inscription_set_nat_chars (text, chars);
          break;
        }
      case COLUMN_VALUE:
        gtk_inscription_set_min_chars (text, 8);
        gtk_inscription_set_nat_chars (text, 32);
        break;
    }
  g_object_set_data (G_OBJECT (cell), "sb-column", data);
  gtk_list_item_set_child (item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  g_autoptr (SbTopicNode) node = gtk_tree_list_row_get_item (row);
  gulong handler = 0;

  if (GTK_IS_TREE_EXPANDER (cell))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), row);
  update_cell (cell, column, node);
  if (column_signal[column] != NULL)
    handler = g_signal_connect_object (node, column_signal[column], G_CALLBACK (node_notify_cb),
                                       cell, 0);
  /* A reference: the rows of a tree that is gone ($SYS switched) unbind later. */
  g_object_set_data_full (G_OBJECT (cell), "sb-node", g_object_ref (node), g_object_unref);
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
  g_object_set_data (G_OBJECT (cell), "sb-handler", NULL);
  g_object_set_data (G_OBJECT (cell), "sb-node", NULL);
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
  g_autofree char *text = NULL;

  if (self->browser == NULL)
    return;
  text = sb_session_describe (sb_browser_get_session (self->browser));
  gtk_label_set_label (self->state_label, text);
}

static void
update_status (SbBrowseWindow *self)
{
  SbTopicTree *tree = self->browser != NULL ? sb_browser_get_tree (self->browser) : NULL;
  guint64 not_kept = tree != NULL ? sb_topic_tree_get_topics_not_kept (tree) : 0;
  g_autoptr (SbTopicNode) node = selected_node (self);
  gboolean deleting = self->browser != NULL && sb_browser_get_deleting (self->browser);
  guint total = self->browser != NULL ? sb_browser_get_delete_total (self->browser) : 0;
  guint done = self->browser != NULL ? sb_browser_get_delete_done (self->browser) : 0;

  if (not_kept > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, not_kept);
      g_autofree char *notice = g_strdup_printf (
          ngettext ("%s topic not shown: limit %u", "%s topics not shown: limit %u", not_kept),
          count, self->topic_limit);
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

  gtk_widget_set_sensitive (GTK_WIDGET (self->pick_topic_button), node != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pick_below_button), node != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pick_level_button), node != NULL);
}

/* The tree as rows, through the filter when there is one (expanded then:
 * the matches are what the user looks for). */
static void
rebuild_rows (SbBrowseWindow *self)
{
  GtkTreeListModel *rows;
  GListModel *roots;

  g_hash_table_remove_all (self->shows);
  if (self->browser == NULL)
    {
      gtk_single_selection_set_model (self->selection, NULL);
      return;
    }
  roots = filtered_model (self, sb_topic_tree_get_roots (sb_browser_get_tree (self->browser)));
  rows = gtk_tree_list_model_new (roots, FALSE, sb_topic_search_is_active (self->search),
                                  create_children_cb, self, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (rows));
  g_object_unref (rows);
}

static gboolean
tick_cb (gpointer data)
{
  SbBrowseWindow *self = data;

  if (self->browser == NULL)
    return G_SOURCE_CONTINUE;
  /* New topics reach the filter through "nodes-added". */
  sb_topic_tree_flush (sb_browser_get_tree (self->browser));
  update_status (self);
  return G_SOURCE_CONTINUE;
}

static void
stop (SbBrowseWindow *self)
{
  g_cancellable_cancel (self->resolving);
  g_clear_object (&self->resolving);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->browser != NULL)
    {
      g_signal_handlers_disconnect_by_data (sb_browser_get_session (self->browser), self);
      sb_browser_stop (self->browser);
      gtk_single_selection_set_model (self->selection, NULL);
      g_hash_table_remove_all (self->shows);
      g_clear_object (&self->browser);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BROWSER]);
    }
}

static void
start_browser (SbBrowseWindow *self)
{
  self->browser
      = sb_browser_new (self->resolved, self->include_sys, self->topic_limit, PAYLOAD_LIMIT);
  rebuild_rows (self);
  g_signal_connect_object (sb_browser_get_tree (self->browser), "nodes-added",
                           G_CALLBACK (nodes_added_cb), self, 0);
  g_signal_connect_object (sb_browser_get_session (self->browser), "notify::state",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sb_browser_get_session (self->browser), "notify::last-error",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  sb_browser_start (self->browser);
  adw_window_title_set_subtitle (
      self->window_title, sb_mqtt_session_get_address (sb_browser_get_session (self->browser)));
  update_state (self);
  update_status (self);
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BROWSER]);
}

static void
resolved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbBrowseWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataSource) source = sb_app_secrets_resolve_finish (result, &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return; /* closed meanwhile */
  g_clear_object (&self->resolving);
  if (source == NULL)
    {
      gtk_label_set_label (self->state_label, _ ("Not connected: no password was given"));
      return;
    }
  g_set_object (&self->resolved, source);
  start_browser (self);
}

/* Connects with @source's secrets as the preview does (the app's one flow). */
static void
start (SbBrowseWindow *self, SbDataSource *source)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *title = g_strdup_printf (_ ("Browse: %s"), sb_data_source_get_name (source));
  GSettings *settings
      = SB_IS_APPLICATION (app) ? sb_application_get_settings (SB_APPLICATION (app)) : NULL;

  gtk_window_set_title (GTK_WINDOW (self), title);
  self->source = g_object_ref (source);
  self->topic_limit = settings != NULL ? (guint)g_settings_get_int (settings, "topic-row-limit")
                                       : SB_TOPIC_LIMIT_DEFAULT;
  if (!sb_app_secrets_needs_password (source))
    {
      self->resolved = g_object_ref (source);
      start_browser (self);
      return;
    }
  gtk_label_set_label (self->state_label, _ ("Looking up the password…"));
  self->resolving = g_cancellable_new ();
  sb_app_secrets_resolve_async (GTK_WINDOW (self), source, self->resolving, resolved_cb,
                                g_object_ref (self));
}

static void
delete_response_cb (GtkDialog *dialog, int response, gpointer data)
{
  SbBrowseWindow *self = SB_BROWSE_WINDOW (data);
  SbTopicNode *node = g_object_get_data (G_OBJECT (dialog), "sb-node");
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->browser != NULL
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
pick (SbBrowseWindow *self, Pick what)
{
  g_autoptr (SbTopicNode) node = selected_node (self);
  g_autofree char *filter = NULL;

  if (node == NULL)
    return;
  switch (what)
    {
      case PICK_BELOW:
        filter = g_strconcat (sb_topic_node_get_topic (node), "/#", NULL);
        break;
      case PICK_ONE_LEVEL:
        filter = g_strconcat (sb_topic_node_get_topic (node), "/+", NULL);
        break;
      case PICK_TOPIC:
      default:
        filter = g_strdup (sb_topic_node_get_topic (node));
        break;
    }
  g_signal_emit (self, signals[SIGNAL_PICK], 0, filter);
}

static void
pick_topic_cb (SbBrowseWindow *self)
{
  pick (self, PICK_TOPIC);
}

static void
pick_below_cb (SbBrowseWindow *self)
{
  pick (self, PICK_BELOW);
}

static void
pick_level_cb (SbBrowseWindow *self)
{
  pick (self, PICK_ONE_LEVEL);
}

static void
selection_changed_cb (SbBrowseWindow *self)
{
  update_status (self);
}

static void
filter_changed_cb (SbBrowseWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));

  if (g_strcmp0 (text, sb_topic_search_get_text (self->search)) == 0)
    return;
  g_clear_pointer (&self->search, sb_topic_search_free);
  self->search = sb_topic_search_new (text);
  rebuild_rows (self);
  update_status (self);
}

static void
sys_toggled_cb (SbBrowseWindow *self)
{
  gboolean include_sys = gtk_toggle_button_get_active (self->sys_button);

  if (include_sys == self->include_sys)
    return;
  self->include_sys = include_sys;
  /* The session's subscriptions are fixed: a new connection with "$SYS/#". */
  if (self->browser != NULL)
    {
      stop (self);
      start_browser (self);
    }
}

static void
focus_filter_cb (GtkWidget *widget, const char *action, GVariant *parameter)
{
  SbBrowseWindow *self = SB_BROWSE_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

static void
sb_browse_window_dispose (GObject *object)
{
  SbBrowseWindow *self = SB_BROWSE_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->resolving);
  g_clear_object (&self->resolving);
  if (self->browser != NULL)
    sb_browser_stop (self->browser);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->browser);
  g_clear_object (&self->filter);
  g_clear_object (&self->source);
  g_clear_object (&self->resolved);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_BROWSE_WINDOW);
  G_OBJECT_CLASS (sb_browse_window_parent_class)->dispose (object);
}

static void
sb_browse_window_finalize (GObject *object)
{
  SbBrowseWindow *self = SB_BROWSE_WINDOW (object);

  g_clear_pointer (&self->search, sb_topic_search_free);
  g_clear_pointer (&self->shows, g_hash_table_unref);
  G_OBJECT_CLASS (sb_browse_window_parent_class)->finalize (object);
}

static void
sb_browse_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbBrowseWindow *self = SB_BROWSE_WINDOW (object);

  switch (prop_id)
    {
      case PROP_BROWSER:
        g_value_set_object (value, self->browser);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_browse_window_class_init (SbBrowseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  sb_application_ensure_resources ();
  object_class->dispose = sb_browse_window_dispose;
  object_class->finalize = sb_browse_window_finalize;
  object_class->get_property = sb_browse_window_get_property;

  properties[PROP_BROWSER]
      = g_param_spec_object ("browser", NULL, NULL, SB_TYPE_BROWSER,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PICK] = g_signal_new ("pick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "browse.focus-filter", NULL, focus_filter_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "browse.focus-filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-browse-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, sys_button);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, delete_progress);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, pick_box);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, pick_topic_button);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, pick_below_button);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, pick_level_button);
  gtk_widget_class_bind_template_child (widget_class, SbBrowseWindow, pick_label);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sys_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_topic_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_below_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_level_cb);
}

static void
sb_browse_window_init (SbBrowseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The title shows in the header bar; the broker under it (start_browser). */
  g_object_bind_property (self, "title", self->window_title, "title", G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->filter_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  sb_accessible_label_column_view (self->column_view, _ ("Topic tree"));
  add_column (self, _ ("Topic level"), COLUMN_TOPIC, TRUE);
  add_column (self, _ ("Messages"), COLUMN_MESSAGES, FALSE);
  add_column (self, _ ("Retained"), COLUMN_RETAINED, FALSE);
  add_column (self, _ ("Latest value"), COLUMN_VALUE, TRUE);

  self->search = sb_topic_search_new (NULL);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->shows = g_hash_table_new (NULL, NULL);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                            self);
  /* A new model selects nothing, without a selection-changed. */
  g_signal_connect_swapped (self->selection, "notify::model", G_CALLBACK (selection_changed_cb),
                            self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

SbBrowseWindow *
sb_browse_window_new (GtkApplication *app, SbDataSource *source)
{
  SbBrowseWindow *self;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_BROWSE_WINDOW, "application", app, NULL);
  start (self, source);
  return self;
}

SbBrowseWindow *
sb_browse_window_present_for (GtkApplication *app, SbDataSource *source)
{
  SbBrowseWindow *found = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  for (GList *l = gtk_application_get_windows (app); l != NULL && found == NULL; l = l->next)
    if (SB_IS_BROWSE_WINDOW (l->data) && !SB_BROWSE_WINDOW (l->data)->pick_mode
        && SB_BROWSE_WINDOW (l->data)->source == source)
      found = l->data;
  if (found == NULL)
    found = sb_browse_window_new (app, source);
  gtk_window_present (GTK_WINDOW (found));
  return found;
}

SbBrowseWindow *
sb_browse_window_new_for_pick (GtkWindow *parent, SbDataSource *source)
{
  SbBrowseWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_BROWSE_WINDOW, "transient-for", parent, "destroy-with-parent", TRUE,
                       NULL);
  self->pick_mode = TRUE;
  gtk_widget_set_visible (self->pick_box, TRUE);
  start (self, source);
  return self;
}

void
sb_browse_window_set_pick_result (SbBrowseWindow *self, const char *text)
{
  g_return_if_fail (SB_IS_BROWSE_WINDOW (self));

  gtk_label_set_label (self->pick_label, text != NULL ? text : "");
}

const char *
sb_browse_window_get_pick_result (SbBrowseWindow *self)
{
  g_return_val_if_fail (SB_IS_BROWSE_WINDOW (self), NULL);
  return gtk_label_get_label (self->pick_label);
}

SbBrowser *
sb_browse_window_get_browser (SbBrowseWindow *self)
{
  g_return_val_if_fail (SB_IS_BROWSE_WINDOW (self), NULL);
  return self->browser;
}

void
sb_browse_window_set_filter (SbBrowseWindow *self, const char *text)
{
  g_return_if_fail (SB_IS_BROWSE_WINDOW (self));

  /* Shown before the text is set: hiding the bar clears the entry. */
  if (text != NULL && *text != '\0')
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text != NULL ? text : "");
  filter_changed_cb (self); /* now, not after the search entry's delay */
}

void
sb_browse_window_set_include_sys (SbBrowseWindow *self, gboolean include_sys)
{
  g_return_if_fail (SB_IS_BROWSE_WINDOW (self));
  gtk_toggle_button_set_active (self->sys_button, include_sys);
}

gboolean
sb_browse_window_select_topic (SbBrowseWindow *self, const char *topic)
{
  GtkTreeListModel *rows;
  GListModel *level;
  g_autoptr (GtkTreeListRow) row = NULL;
  g_auto (GStrv) names = NULL;

  g_return_val_if_fail (SB_IS_BROWSE_WINDOW (self), FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  rows = GTK_TREE_LIST_MODEL (gtk_single_selection_get_model (self->selection));
  if (rows == NULL)
    return FALSE;
  level = gtk_tree_list_model_get_model (rows);
  names = g_strsplit (topic, "/", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint n = level != NULL ? g_list_model_get_n_items (level) : 0;
      guint found = n;

      for (guint j = 0; j < n && found == n; j++)
        {
          g_autoptr (SbTopicNode) node = g_list_model_get_item (level, j);
          if (g_strcmp0 (sb_topic_node_get_name (node), names[i]) == 0)
            found = j;
        }
      if (found == n)
        return FALSE;
      {
        GtkTreeListRow *next = row == NULL ? gtk_tree_list_model_get_child_row (rows, found)
                                           : gtk_tree_list_row_get_child_row (row, found);
        g_clear_object (&row);
        row = next;
      }
      if (row == NULL)
        return FALSE;
      if (names[i + 1] != NULL)
        {
          gtk_tree_list_row_set_expanded (row, TRUE);
          level = gtk_tree_list_row_get_children (row);
        }
    }
  gtk_single_selection_set_selected (self->selection, gtk_tree_list_row_get_position (row));
  return TRUE;
}
