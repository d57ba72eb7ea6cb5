/* sb-preview-view-inspect.c: the preview's Trend column, Ctrl+F filter,
 * selection with its details pane, and the row actions (issue 9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <mosquitto.h>
#include <string.h>

#include "sb-preview-view-private.h"
#include "sb-publish-dialog.h"
#include "sb-sparkline.h"

static void
trend_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  (void)factory;
  gtk_list_item_set_child (item, sb_sparkline_new ());
}

static void
trend_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  (void)factory;
  sb_sparkline_set_history (SB_SPARKLINE (gtk_list_item_get_child (item)),
                            sb_topic_row_get_history (gtk_list_item_get_item (item)));
}

static void
trend_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  (void)factory;
  sb_sparkline_set_history (SB_SPARKLINE (gtk_list_item_get_child (item)), NULL);
}

/* Whether @needle (ASCII, lower case) is in @haystack ignoring ASCII case.
 * Not found with a non-ASCII byte in @haystack sets *@is_ascii FALSE: the
 * caller casefolds then (U+212A KELVIN SIGN folds to "k"). */
static gboolean
ascii_contains (const char *haystack, const char *needle, gboolean *is_ascii)
{
  gboolean found = needle[0] == '\0';

  *is_ascii = TRUE;
  for (const char *start = haystack; *start != '\0'; start++)
    {
      if ((guchar)*start >= 0x80)
        {
          *is_ascii = FALSE;
          return FALSE;
        }
      if (!found)
        {
          const char *h = start, *n = needle;

          while (*n != '\0' && *h != '\0' && g_ascii_tolower (*h) == *n)
            h++, n++;
          /* A match among ASCII bytes is a match whatever follows. */
          if (*n == '\0')
            return TRUE;
        }
    }
  return found;
}

/* A filter with + or # is an MQTT subscription filter (shopfloor/+/);
 * anything else matches as a case-insensitive substring. Run for every row
 * when the text changes (100,000 rows under a flood): an ASCII filter on an
 * ASCII topic allocates nothing. */
static gboolean
filter_match (gpointer item, gpointer data)
{
  SbPreviewView *self = data;
  const char *topic = sb_topic_row_get_topic (item);
  bool matches = false;
  gboolean is_ascii;

  if (self->filter_text == NULL || self->filter_text[0] == '\0')
    return TRUE;
  if (self->filter_is_mqtt)
    return mosquitto_topic_matches_sub (self->filter_text, topic, &matches) == MOSQ_ERR_SUCCESS
           && matches;
  if (self->filter_is_ascii)
    {
      gboolean found = ascii_contains (topic, self->filter_folded, &is_ascii);

      if (is_ascii)
        return found;
    }
  {
    g_autofree char *folded_topic = g_utf8_casefold (topic, -1);
    return strstr (folded_topic, self->filter_folded) != NULL;
  }
}

static void
filter_changed_cb (SbPreviewView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_autofree char *old_folded = g_steal_pointer (&self->filter_folded);
  gboolean was_mqtt = self->filter_is_mqtt;
  gboolean was_all = self->filter_text == NULL || self->filter_text[0] == '\0';
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->filter_text);
  self->filter_text = g_strdup (text);
  self->filter_folded = g_utf8_casefold (text, -1);
  self->filter_is_mqtt = strpbrk (text, "+#") != NULL;
  self->filter_is_ascii = g_str_is_ascii (self->filter_folded);
  /* Typing on (or deleting from) a substring only hides (or shows) rows:
   * the filter model then looks only at the rows that can change. */
  if (!self->filter_is_mqtt && (was_all || (!was_mqtt && old_folded != NULL)))
    {
      if (was_all || strstr (self->filter_folded, old_folded) != NULL)
        change = GTK_FILTER_CHANGE_MORE_STRICT;
      else if (strstr (old_folded, self->filter_folded) != NULL)
        change = GTK_FILTER_CHANGE_LESS_STRICT;
    }
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static SbTopicRow *
selected_row (SbPreviewView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

void
sb_preview_view_update_actions (SbPreviewView *self)
{
  gboolean connected
      = self->session != NULL && sb_mqtt_session_get_state (self->session) == SB_SESSION_CONNECTED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.publish", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.delete-retained",
                                 connected && selected_row (self) != NULL);
}

static void
selection_changed_cb (SbPreviewView *self)
{
  /* Also reached while the template is disposed and the rows go. */
  if (self->details_pane != NULL)
    sb_details_pane_set_row (self->details_pane, selected_row (self));
  sb_preview_view_update_actions (self);
}

static gboolean
find_cb (GtkWidget *widget, GVariant *args, gpointer data)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (widget);

  (void)args;
  (void)data;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
  return TRUE;
}

static void
clear_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  (void)action_name;
  (void)parameter;
  sb_preview_model_clear (SB_PREVIEW_VIEW (widget)->model);
}

static void
publish_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (widget);
  SbTopicRow *row = selected_row (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  SbPublishDialog *dialog;

  (void)action_name;
  (void)parameter;
  if (self->session == NULL)
    return;
  dialog = sb_publish_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                                  row != NULL ? sb_topic_row_get_topic (row) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_retained_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (widget);
  SbTopicRow *row = selected_row (self);
  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr (GError) error = NULL;

  (void)action_name;
  (void)parameter;
  if (self->session == NULL || row == NULL)
    return;
  /* MQTT's way: an empty retained message makes the broker forget the topic's retained one. */
  if (!sb_mqtt_session_publish (self->session, sb_topic_row_get_topic (row), empty, 1, TRUE,
                                &error))
    sb_preview_view_set_message (self, error->message);
}

SbDetailsPane *
sb_preview_view_get_details_pane (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), NULL);
  return self->details_pane;
}

void
sb_preview_view_set_filter (SbPreviewView *self, const char *text)
{
  g_return_if_fail (SB_IS_PREVIEW_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text != NULL ? text : "");
  filter_changed_cb (self);
}

void
sb_preview_view_select_topic (SbPreviewView *self, const char *topic)
{
  GListModel *list = G_LIST_MODEL (self->sorted);

  g_return_if_fail (SB_IS_PREVIEW_VIEW (self));

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

void
sb_preview_view_inspect_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (SB_TYPE_DETAILS_PANE);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, trend_column);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, details_pane);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "preview.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "preview.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "preview.delete-retained", NULL,
                                   delete_retained_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, find_cb, NULL);
}

/* Builds model -> filtered -> sorted -> selection and shows it in the column view. */
void
sb_preview_view_inspect_init (SbPreviewView *self)
{
  g_autoptr (GtkListItemFactory) trend_factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (trend_factory, "setup", G_CALLBACK (trend_setup_cb), NULL);
  g_signal_connect (trend_factory, "bind", G_CALLBACK (trend_bind_cb), NULL);
  g_signal_connect (trend_factory, "unbind", G_CALLBACK (trend_unbind_cb), NULL);
  gtk_column_view_column_set_factory (self->trend_column, trend_factory);

  self->filter = gtk_custom_filter_new (filter_match, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->model)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorted
      = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                 g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  /* Sorting thousands of new topics (the first burst of a flood) or a click
   * on a header with 100k rows would keep the main loop for tens of ms at a
   * time: sort in steps of about a millisecond between frames instead. */
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->column_view));
}

void
sb_preview_view_inspect_dispose (SbPreviewView *self)
{
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
}
