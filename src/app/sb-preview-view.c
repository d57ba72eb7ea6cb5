/* sb-preview-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-chart.h"
#include "sb-details-pane.h"
#include "sb-preview-view-private.h"
#include "sb-publish-dialog.h"
#include "sb-topic-table.h"

struct _SbPreviewView
{
  GtkWidget parent_instance;

  GtkLabel *state_dot;
  GtkLabel *state_label;
  GtkLabel *count_label;
  GtkLabel *detail_label;
  SbTopicTable *table;
  SbDetailsPane *details_pane;
  SbChart *chart;

  SbPreviewModel *model;
  gboolean paused;
  gboolean show_details;
  SbMqttSession *session;
  char *message;
  char *subscription_error;
  guint tick_id;
  /* While mapped: each painted frame lets the model announce its next slice
   * of new rows (sb_preview_model_set_paced ()). */
  GdkFrameClock *frame_clock;
  gulong after_paint_id;
};

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

static SbTopicRow *
selected_row (SbPreviewView *self)
{
  return sb_topic_table_get_selected_row (self->table);
}

/* Enables the row actions for the session's state and the selection. */
static void
sb_preview_view_update_actions (SbPreviewView *self)
{
  gboolean connected
      = self->session != NULL && sb_mqtt_session_get_state (self->session) == SB_SESSION_CONNECTED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.publish", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.delete-retained",
                                 connected && selected_row (self) != NULL);
}

static void
selected_row_cb (SbPreviewView *self)
{
  /* Also reached while the template is disposed and the rows go. */
  if (self->details_pane != NULL)
    sb_details_pane_set_row (self->details_pane, selected_row (self));
  sb_preview_view_update_actions (self);
}

/* The details pane's Pin to Chart: the chart says itself why a ninth
 * series does not fit. */
static void
pin_cb (SbPreviewView *self, SbTopicRow *row)
{
  sb_chart_add_series (self->chart, sb_topic_row_get_topic (row), sb_topic_row_get_history (row),
                       NULL);
}

static gboolean
find_cb (GtkWidget *widget, GVariant *args, gpointer data)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (widget);

  (void)args;
  (void)data;
  sb_topic_table_begin_filter (self->table);
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
  g_autofree char *not_shown = sb_preview_model_describe_topics_not_shown (self->model);

  if (self->session != NULL || count > 0)
    text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " message", "%" PRIu64 " messages", count), count);
  if (not_shown != NULL)
    {
      /* "81,234 messages · 1,234 topics not shown: limit 200,000" */
      char *both = g_strconcat (text != NULL ? text : "", " · ", not_shown, NULL);
      g_free (text);
      text = both;
    }
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

  /* The back-off countdown and message count move without notifications. */
  update_state (self);
  return G_SOURCE_CONTINUE;
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
  return sb_topic_table_get_column_view (self->table);
}

guint
sb_preview_view_get_n_rows (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), 0);
  return sb_topic_table_get_n_rows (self->table);
}

char *
sb_preview_view_dup_cell_text (SbPreviewView *self, guint row, guint column)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), NULL);
  return sb_topic_table_dup_cell_text (self->table, row, column);
}

SbChart *
sb_preview_view_get_chart (SbPreviewView *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (self), NULL);
  return self->chart;
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
  sb_topic_table_set_filter (self->table, text);
}

void
sb_preview_view_select_topic (SbPreviewView *self, const char *topic)
{
  g_return_if_fail (SB_IS_PREVIEW_VIEW (self));
  sb_topic_table_select_topic (self->table, topic);
}

/* GObject */

static void
frame_painted_cb (GdkFrameClock *clock, SbPreviewView *self)
{
  sb_preview_model_frame_done (self->model);
}

/* New rows reach the table one slice per painted frame while it is on
 * screen; unmapped, the model's timer alone paces them. */
static void
pace_model (SbPreviewView *self, GdkFrameClock *clock)
{
  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }
  if (clock != NULL)
    {
      self->frame_clock = g_object_ref (clock);
      self->after_paint_id
          = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), self);
    }
  sb_preview_model_set_paced (self->model, clock != NULL);
}

static void
sb_preview_view_map (GtkWidget *widget)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (widget);

  GTK_WIDGET_CLASS (sb_preview_view_parent_class)->map (widget);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  pace_model (self, gtk_widget_get_frame_clock (widget));
}

static void
sb_preview_view_unmap (GtkWidget *widget)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  pace_model (self, NULL);
  GTK_WIDGET_CLASS (sb_preview_view_parent_class)->unmap (widget);
}

static void
sb_preview_view_dispose (GObject *object)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->model != NULL)
    pace_model (self, NULL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  /* The labels go with the template; the model must stop reporting to them first. */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->model != NULL)
    sb_preview_model_set_session (self->model, NULL);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_PREVIEW_VIEW);
  /* A plain GtkWidget parent owns its unbound template children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (sb_preview_view_parent_class)->dispose (object);
}

static void
sb_preview_view_finalize (GObject *object)
{
  SbPreviewView *self = SB_PREVIEW_VIEW (object);

  g_free (self->message);
  g_free (self->subscription_error);

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
  g_type_ensure (SB_TYPE_TOPIC_TABLE);
  g_type_ensure (SB_TYPE_CHART);
  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-preview-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, state_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, count_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, table);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, details_pane);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewView, chart);
  gtk_widget_class_bind_template_callback (widget_class, selected_row_cb);
  gtk_widget_class_install_property_action (widget_class, "preview.pause", "paused");
  gtk_widget_class_install_action (widget_class, "preview.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "preview.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "preview.delete-retained", NULL,
                                   delete_retained_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, find_cb, NULL);
  gtk_widget_class_set_css_name (widget_class, "sbpreviewview");
}

static void
sb_preview_view_init (SbPreviewView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = sb_preview_model_new ();
  g_signal_connect_swapped (self->details_pane, "pin", G_CALLBACK (pin_cb), self);
  sb_details_pane_set_sparkplug_state (self->details_pane,
                                       sb_preview_model_get_sparkplug_state (self->model));
  {
    GApplication *app = g_application_get_default ();
    GSettings *settings
        = SB_IS_APPLICATION (app) ? sb_application_get_settings (SB_APPLICATION (app)) : NULL;

    /* How many messages, and how many payload bytes, each topic keeps, as the
     * person set it. */
    if (settings != NULL)
      {
        g_settings_bind (settings, "history-size", self->model, "history-size",
                         G_SETTINGS_BIND_GET);
        g_settings_bind (settings, "payload-display-limit", self->model, "payload-limit",
                         G_SETTINGS_BIND_GET);
        g_settings_bind (settings, "topic-row-limit", self->model, "topic-limit",
                         G_SETTINGS_BIND_GET);
      }
  }

  sb_topic_table_set_model (self->table, G_LIST_MODEL (self->model));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::topics-not-shown", G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
}
