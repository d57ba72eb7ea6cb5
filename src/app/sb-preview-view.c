/* sb-preview-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-preview-view-private.h"

G_DEFINE_FINAL_TYPE (SbPreviewView, sb_preview_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_STATE_TEXT,
  PROP_PAUSED,
  PROP_SHOW_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
sb_format_relative_time (gint64 now, gint64 time)
{
  gint64 seconds;

  if (time <= 0)
    return g_strdup ("");
  seconds = MAX (now - time, 0) / G_USEC_PER_SEC;
  if (seconds < 1)
    return g_strdup (_ ("now"));
  if (seconds < 60)
    return g_strdup_printf (_ ("%d s ago"), (int)seconds);
  if (seconds < 3600)
    return g_strdup_printf (_ ("%d min ago"), (int)(seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (_ ("%d h ago"), (int)(seconds / 3600));
  return g_strdup_printf (_ ("%d d ago"), (int)(seconds / 86400));
}

char *
sb_session_describe (SbMqttSession *session)
{
  const char *error;

  if (session == NULL)
    return g_strdup (_ ("Listener off"));

  error = sb_mqtt_session_get_last_error (session);
  switch (sb_mqtt_session_get_state (session))
    {
      case SB_SESSION_CONNECTING:
        return g_strdup (_ ("Connecting…"));
      case SB_SESSION_CONNECTED:
        return g_strdup_printf (_ ("Connected to %s"), sb_mqtt_session_get_address (session));
      case SB_SESSION_RECONNECTING:
        return g_strdup_printf (_ ("Reconnecting in %u s"),
                                sb_mqtt_session_get_retry_seconds (session));
      case SB_SESSION_FAILED:
        return g_strdup (error != NULL ? error : _ ("Could not connect"));
      case SB_SESSION_DISCONNECTED:
      default:
        return g_strdup (_ ("Not listening"));
    }
}

static char *
format_cell (SbTopicRow *row, Column column, gint64 now)
{
  switch (column)
    {
      case COLUMN_TOPIC:
        return g_strdup (sb_topic_row_get_topic (row));
      case COLUMN_VALUE:
        /* With a data path, the value it picks (or why it picks none). */
        if (sb_topic_row_get_value_text (row) != NULL)
          return g_strdup (sb_topic_row_get_value_text (row));
        if (sb_topic_row_get_value_error (row) != NULL)
          return g_strdup (sb_topic_row_get_value_error (row));
        return g_strdup (sb_topic_row_get_display_text (row));
      case COLUMN_QOS:
        return g_strdup_printf ("%d", sb_topic_row_get_qos (row));
      case COLUMN_RETAINED:
        return g_strdup (sb_topic_row_get_retained (row) ? _ ("yes") : "");
      case COLUMN_COUNT:
        return g_strdup_printf ("%" G_GUINT64_FORMAT, sb_topic_row_get_count (row));
      case COLUMN_UPDATED:
        return sb_format_relative_time (now, sb_topic_row_get_last_time (row));
      case N_COLUMNS:
      default:
        g_assert_not_reached ();
    }
}

static void
set_dot_class (SbPreviewView *self, const char *klass)
{
  static const char *const classes[] = { "connected", "connecting", "failed" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (classes[i], klass) != 0)
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_dot), classes[i]);
  if (klass != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_dot), klass);
}

static void
update_count (SbPreviewView *self)
{
  guint64 count = sb_preview_model_get_message_count (self->model);
  g_autofree char *text = NULL;

  if (self->session != NULL || count > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GUINT64_FORMAT " message",
                                         "%" G_GUINT64_FORMAT " messages", count),
                            count);
  gtk_label_set_label (self->count_label, text != NULL ? text : "");
}

static void
update_state (SbPreviewView *self)
{
  g_autofree char *text = NULL;
  const char *detail = NULL;
  const char *dot = NULL;

  if (self->message != NULL)
    {
      text = g_strdup (self->message);
      dot = "failed";
    }
  else
    {
      text = sb_session_describe (self->session);
      if (self->session != NULL)
        {
          switch (sb_mqtt_session_get_state (self->session))
            {
              case SB_SESSION_CONNECTED:
                dot = "connected";
                detail = self->subscription_error;
                break;
              case SB_SESSION_CONNECTING:
                dot = "connecting";
                break;
              case SB_SESSION_RECONNECTING:
                dot = "connecting";
                detail = sb_mqtt_session_get_last_error (self->session);
                break;
              case SB_SESSION_FAILED:
                dot = "failed";
                break;
              case SB_SESSION_DISCONNECTED:
              default:
                break;
            }
        }
    }

  if (g_strcmp0 (gtk_label_get_label (self->state_label), text) != 0)
    {
      gtk_label_set_label (self->state_label, text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_TEXT]);
    }
  gtk_label_set_label (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');
  set_dot_class (self, dot);
  update_count (self);
  sb_preview_view_update_actions (self);
}

static void
session_subscription_failed_cb (SbPreviewView *self, guint index, const char *message)
{
  g_autofree char *text = g_strdup_printf (_ ("Subscription %u refused: %s"), index + 1, message);

  g_free (self->subscription_error);
  self->subscription_error = g_steal_pointer (&text);
  update_state (self);
}

static gboolean
tick_cb (gpointer data)
{
  SbPreviewView *self = data;
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->updated_labels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *text = format_cell (value, COLUMN_UPDATED, now);
      gtk_label_set_label (key, text);
    }
  /* The back-off countdown and message count move without notifications. */
  update_state (self);
  return G_SOURCE_CONTINUE;
}

/* Cells */

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

static gboolean
unflash_cb (gpointer data)
{
  GtkWidget *label = data;

  g_object_steal_data (G_OBJECT (label), "sb-flash-id");
  gtk_widget_remove_css_class (label, "flash");
  return G_SOURCE_REMOVE;
}

static void
flash (GtkWidget *label)
{
  guint id;

  gtk_widget_add_css_class (label, "flash");
  id = g_timeout_add (FLASH_MS, unflash_cb, label);
  g_object_set_data_full (G_OBJECT (label), "sb-flash-id", GUINT_TO_POINTER (id), remove_source);
}

static void
cell_update (GtkLabel *label, SbTopicRow *row)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "sb-column"));
  g_autofree char *text = format_cell (row, column, g_get_real_time ());

  if (g_strcmp0 (gtk_label_get_label (label), text) == 0)
    return;
  gtk_label_set_label (label, text);
}

/* The full text of an ellipsized cell, asked for only when the pointer rests
 * on it: gtk_widget_set_tooltip_text () on every update queried the pointer
 * through X round trips, 85% of the worst stall under a flood. */
static gboolean
cell_query_tooltip_cb (GtkWidget *label, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                       gpointer data)
{
  const char *text = gtk_label_get_label (GTK_LABEL (label));

  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
row_notify_cb (SbTopicRow *row, GParamSpec *pspec, GtkLabel *label)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "sb-column"));
  g_autofree char *before = g_strdup (gtk_label_get_label (label));

  cell_update (label, row);
  /* A new value, or the same value arriving again, is what a person watches for. */
  if (column == COLUMN_VALUE && g_strcmp0 (pspec->name, "count") == 0)
    flash (GTK_WIDGET (label));
  else if (column == COLUMN_COUNT && g_strcmp0 (before, gtk_label_get_label (label)) != 0)
    flash (GTK_WIDGET (label));
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  Column column = GPOINTER_TO_UINT (data);
  GtkWidget *label = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (label), "sb-column", GUINT_TO_POINTER (column));
  if (column == COLUMN_TOPIC || column == COLUMN_VALUE)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
    }
  switch (column)
    {
      case COLUMN_TOPIC:
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
        gtk_label_set_width_chars (GTK_LABEL (label), 16);
        break;
      case COLUMN_VALUE:
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
        gtk_label_set_width_chars (GTK_LABEL (label), 8);
        gtk_widget_add_css_class (label, "preview-value");
        break;
      case COLUMN_QOS:
      case COLUMN_COUNT:
        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_widget_add_css_class (label, "numeric");
        break;
      case COLUMN_RETAINED:
        gtk_label_set_xalign (GTK_LABEL (label), 0.5);
        break;
      case COLUMN_UPDATED:
        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_widget_add_css_class (label, "dim-label");
        break;
      case N_COLUMNS:
      default:
        g_assert_not_reached ();
    }
  gtk_list_item_set_child (item, label);
}

static void
updated_label_gone_cb (gpointer data, GObject *where_the_object_was)
{
  SbPreviewView *self = data;

  g_hash_table_remove (self->updated_labels, where_the_object_was);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SbPreviewView *self = g_object_get_data (G_OBJECT (factory), "sb-view");
  GtkWidget *label = gtk_list_item_get_child (item);
  SbTopicRow *row = gtk_list_item_get_item (item);
  Column column = GPOINTER_TO_UINT (data);

  gtk_label_set_label (GTK_LABEL (label), NULL);
  cell_update (GTK_LABEL (label), row);
  g_signal_connect_object (row, "notify", G_CALLBACK (row_notify_cb), label, 0);
  if (column == COLUMN_UPDATED)
    {
      /* A list item's widget can go away without an unbind: never tick a dead label. */
      if (!g_hash_table_contains (self->updated_labels, label))
        g_object_weak_ref (G_OBJECT (label), updated_label_gone_cb, self);
      g_hash_table_insert (self->updated_labels, label, g_object_ref (row));
    }
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SbPreviewView *self = g_object_get_data (G_OBJECT (factory), "sb-view");
  GtkWidget *label = gtk_list_item_get_child (item);
  SbTopicRow *row = gtk_list_item_get_item (item);

  g_signal_handlers_disconnect_by_func (row, row_notify_cb, label);
  if (g_hash_table_remove (self->updated_labels, label))
    g_object_weak_unref (G_OBJECT (label), updated_label_gone_cb, self);
  g_object_set_data (G_OBJECT (label), "sb-flash-id", NULL);
  gtk_widget_remove_css_class (label, "flash");
}

static void
setup_column (SbPreviewView *self, GtkColumnViewColumn *column, Column id, const char *property,
              gboolean numeric)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression = gtk_property_expression_new (SB_TYPE_TOPIC_ROW, NULL, property);
  g_autoptr (GtkSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "sb-view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (id));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (id));
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), GUINT_TO_POINTER (id));
  gtk_column_view_column_set_factory (column, factory);

  if (numeric)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  gtk_column_view_column_set_sorter (column, sorter);
}

void
sb_preview_view_set_paused (SbPreviewView *self, gboolean paused)
{
  g_return_if_fail (SB_IS_PREVIEW_VIEW (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  /* Paused, the table holds still: messages meanwhile are not shown. */
  sb_preview_model_set_session (self->model, paused ? NULL : self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
sb_preview_view_get_paused (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), FALSE);
  return self->paused;
}

void
sb_preview_view_set_show_details (SbPreviewView *self, gboolean show_details)
{
  g_return_if_fail (SB_IS_PREVIEW_VIEW (self));

  show_details = !!show_details;
  if (self->show_details == show_details)
    return;
  self->show_details = show_details;
  gtk_widget_set_visible (GTK_WIDGET (self->details_pane), show_details);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DETAILS]);
}

/* Public API */

GtkWidget *
sb_preview_view_new (void)
{
  return g_object_new (SB_TYPE_PREVIEW_VIEW, NULL);
}

void
sb_preview_view_set_session (SbPreviewView *self, SbMqttSession *session)
{
  g_return_if_fail (SB_IS_PREVIEW_VIEW (self));
  g_return_if_fail (session == NULL || SB_IS_MQTT_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->subscription_error, g_free);
  sb_preview_model_set_session (self->model, NULL);
  sb_preview_model_clear (self->model);
  if (session != NULL)
    {
      if (!self->paused)
        sb_preview_model_set_session (self->model, session);
      g_signal_connect_object (session, "notify", G_CALLBACK (update_state), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "subscription-failed",
                               G_CALLBACK (session_subscription_failed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update_state (self);
  sb_preview_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

SbMqttSession *
sb_preview_view_get_session (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), NULL);
  return self->session;
}

SbPreviewModel *
sb_preview_view_get_model (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), NULL);
  return self->model;
}

void
sb_preview_view_set_message (SbPreviewView *self, const char *text)
{
  g_return_if_fail (SB_IS_PREVIEW_VIEW (self));

  g_free (self->message);
  self->message = g_strdup (text);
  update_state (self);
}

const char *
sb_preview_view_get_state_text (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), NULL);
  return gtk_label_get_label (self->state_label);
}

GtkColumnView *
sb_preview_view_get_column_view (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), NULL);
  return self->column_view;
}

guint
sb_preview_view_get_n_rows (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

char *
sb_preview_view_dup_cell_text (SbPreviewView *self, guint row, guint column)
{
  g_autoptr (SbTopicRow) item = NULL;

  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);
  if (item == NULL)
    return NULL;
  return format_cell (item, column, g_get_real_time ());
}

/* GObject */

static void
sb_preview_view_map (GtkWidget *widget)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (widget);

  GTK_WIDGET_CLASS (sb_preview_view_parent_class)->map (widget);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
sb_preview_view_unmap (GtkWidget *widget)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (sb_preview_view_parent_class)->unmap (widget);
}

static void
sb_preview_view_dispose (GObject *object)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->updated_labels != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->updated_labels);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          g_object_weak_unref (key, updated_label_gone_cb, self);
          g_hash_table_iter_remove (&iter);
        }
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  /* The labels go with the template; the models must stop reporting to them first. */
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  if (self->model != NULL)
    sb_preview_model_set_session (self->model, NULL);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_PREVIEW_VIEW);
  /* A plain GtkWidget parent owns its unbound template children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  sb_preview_view_inspect_dispose (self);
  g_clear_object (&self->sorted);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (sb_preview_view_parent_class)->dispose (object);
}

static void
sb_preview_view_finalize (GObject *object)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (object);

  g_clear_pointer (&self->updated_labels, g_hash_table_unref);
  g_free (self->message);
  g_free (self->subscription_error);
  g_free (self->filter_text);

  G_OBJECT_CLASS (sb_preview_view_parent_class)->finalize (object);
}

static void
sb_preview_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_STATE_TEXT:
        g_value_set_string (value, sb_preview_view_get_state_text (self));
        break;
      case PROP_PAUSED:
        g_value_set_boolean (value, self->paused);
        break;
      case PROP_SHOW_DETAILS:
        g_value_set_boolean (value, self->show_details);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_preview_view_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        sb_preview_view_set_session (self, g_value_get_object (value));
        break;
      case PROP_PAUSED:
        sb_preview_view_set_paused (self, g_value_get_boolean (value));
        break;
      case PROP_SHOW_DETAILS:
        sb_preview_view_set_show_details (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_preview_view_class_init (SbPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_preview_view_dispose;
  object_class->finalize = sb_preview_view_finalize;
  object_class->get_property = sb_preview_view_get_property;
  object_class->set_property = sb_preview_view_set_property;
  widget_class->map = sb_preview_view_map;
  widget_class->unmap = sb_preview_view_unmap;

  properties[PROP_SESSION]
      = g_param_spec_object ("session", NULL, NULL, SB_TYPE_MQTT_SESSION,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_TEXT] = g_param_spec_string ("state-text", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED]
      = g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_DETAILS]
      = g_param_spec_boolean ("show-details", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SB_TYPE_DETAILS_PANE);
  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-preview-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, state_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, count_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, column_view);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, topic_column);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, value_column);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, qos_column);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, retained_column);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, count_column);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, updated_column);
  gtk_widget_class_install_property_action (widget_class, "preview.pause", "paused");
  sb_preview_view_inspect_class_init (widget_class);
  gtk_widget_class_set_css_name (widget_class, "sbpreviewview");
}

static void
sb_preview_view_init (SbPreviewView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->updated_labels = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->model = sb_preview_model_new ();
  {
    GApplication *app = g_application_get_default ();
    GSettings *settings
        = SB_IS_APPLICATION (app) ? sb_application_get_settings (SB_APPLICATION (app)) : NULL;

    /* How many messages each topic keeps, as the person set it. */
    if (settings != NULL)
      g_settings_bind (settings, "history-size", self->model, "history-size", G_SETTINGS_BIND_GET);
  }

  setup_column (self, self->topic_column, COLUMN_TOPIC, "topic", FALSE);
  setup_column (self, self->value_column, COLUMN_VALUE, "display-text", FALSE);
  setup_column (self, self->qos_column, COLUMN_QOS, "qos", TRUE);
  setup_column (self, self->retained_column, COLUMN_RETAINED, "retained", TRUE);
  setup_column (self, self->count_column, COLUMN_COUNT, "count", TRUE);
  setup_column (self, self->updated_column, COLUMN_UPDATED, "last-time", TRUE);

  sb_preview_view_inspect_init (self);
  /* Topics read best in order; a click on a header sorts by that column instead. */
  gtk_column_view_sort_by_column (self->column_view, self->topic_column, GTK_SORT_ASCENDING);

  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
}
