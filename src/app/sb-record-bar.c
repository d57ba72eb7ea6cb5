/* sb-record-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-record-bar-private.h"

struct _SbRecordBar
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *dot_label;
  GtkLabel *status_label;
  GtkButton *stop_button;

  SbMqttSession *session;
  gulong message_id;
  GPtrArray *data_paths; /* SbDataPath or NULL, by subscription index */
  char *source_name;
  SbRecorder *recorder;
  gulong recorder_notify_id;
  char *failure; /* why the recording could not start; shown until dismissed */
};

G_DEFINE_FINAL_TYPE (SbRecordBar, sb_record_bar, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_RECORDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (SbRecordBar *self)
{
  gboolean recording = sb_record_bar_get_recording (self);
  const char *error = self->failure != NULL    ? self->failure
                      : self->recorder != NULL ? sb_recorder_get_error (self->recorder)
                                               : NULL;

  if (recording)
    {
      guint64 count = sb_recorder_get_count (self->recorder);
      g_autofree char *name = g_filename_display_basename (sb_recorder_get_path (self->recorder));
      g_autofree char *size = g_format_size (sb_recorder_get_size (self->recorder));
      g_autofree char *messages = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " message", "%" PRIu64 " messages", count),
          count);
      /* "Recording to plant.jsonl · 12 messages · 1.2 kB" */
      g_autofree char *text
          = g_strdup_printf (_ ("Recording to %s · %s · %s"), name, messages, size);

      gtk_label_set_label (self->status_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "failed");
      gtk_button_set_label (self->stop_button, _ ("_Stop Recording"));
    }
  else if (error != NULL)
    {
      g_autofree char *text = NULL;

      if (self->recorder != NULL && self->failure == NULL)
        {
          guint64 kept = sb_recorder_get_flushed_count (self->recorder);
          g_autofree char *saved
              = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " message was saved",
                                              "%" PRIu64 " messages were saved", kept),
                                 kept);
          /* "Recording stopped: Cannot write to …: No space left on device (12 messages were
           * saved)" */
          text = g_strdup_printf (_ ("Recording stopped: %s (%s)"), error, saved);
        }
      else
        text = g_strdup (error);
      gtk_label_set_label (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "failed");
      gtk_button_set_label (self->stop_button, _ ("_Dismiss"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->dot_label), recording);
  gtk_widget_set_visible (GTK_WIDGET (self), recording || error != NULL);
}

static void
recorder_notify_cb (SbRecordBar *self, GParamSpec *pspec)
{
  update (self);
  if (g_strcmp0 (pspec->name, "recording") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

static void
message_cb (SbRecordBar *self, SbMessage *message)
{
  guint index = sb_message_get_subscription_index (message);
  SbDataPath *path = self->data_paths != NULL && index < self->data_paths->len
                         ? g_ptr_array_index (self->data_paths, index)
                         : NULL;

  if (self->recorder != NULL)
    sb_recorder_add (self->recorder, self->source_name, message, path);
}

static void
drop_recorder (SbRecordBar *self)
{
  if (self->recorder == NULL)
    return;
  sb_recorder_stop (self->recorder);
  g_clear_signal_handler (&self->recorder_notify_id, self->recorder);
  g_clear_object (&self->recorder);
}

static void
stop_clicked_cb (SbRecordBar *self)
{
  if (sb_record_bar_get_recording (self))
    sb_record_bar_stop (self);
  else
    {
      /* Dismiss: the failure was read. */
      g_clear_pointer (&self->failure, g_free);
      drop_recorder (self);
      update (self);
    }
}

GtkWidget *
sb_record_bar_new (void)
{
  return g_object_new (SB_TYPE_RECORD_BAR, NULL);
}

void
sb_record_bar_set_session (SbRecordBar *self, SbMqttSession *session)
{
  g_return_if_fail (SB_IS_RECORD_BAR (self));
  g_return_if_fail (session == NULL || SB_IS_MQTT_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_clear_signal_handler (&self->message_id, self->session);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->data_paths, g_ptr_array_unref);
  g_clear_pointer (&self->source_name, g_free);
  if (session != NULL)
    {
      SbDataSource *source = sb_mqtt_session_get_source (session);

      self->data_paths = sb_data_source_dup_data_paths (source);
      self->source_name = g_strdup (sb_data_source_get_name (source));
      self->message_id
          = g_signal_connect_swapped (session, "message", G_CALLBACK (message_cb), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
sb_record_bar_start (SbRecordBar *self, const char *path, SbRecordFormat format, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  SbRecorder *recorder;

  g_return_val_if_fail (SB_IS_RECORD_BAR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  drop_recorder (self);
  g_clear_pointer (&self->failure, g_free);
  recorder = sb_recorder_new (path, format, &local_error);
  if (recorder == NULL)
    {
      self->failure = g_strdup (local_error->message);
      update (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->recorder = recorder;
  self->recorder_notify_id
      = g_signal_connect_swapped (recorder, "notify", G_CALLBACK (recorder_notify_cb), self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  return TRUE;
}

void
sb_record_bar_stop (SbRecordBar *self)
{
  g_return_if_fail (SB_IS_RECORD_BAR (self));

  if (self->recorder == NULL)
    return;
  /* A failure while closing stays on the bar; a clean stop hides it. */
  sb_recorder_stop (self->recorder);
  if (sb_recorder_get_error (self->recorder) == NULL)
    drop_recorder (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

gboolean
sb_record_bar_get_recording (SbRecordBar *self)
{
  g_return_val_if_fail (SB_IS_RECORD_BAR (self), FALSE);
  return self->recorder != NULL && sb_recorder_get_recording (self->recorder);
}

const char *
sb_record_bar_get_text (SbRecordBar *self)
{
  g_return_val_if_fail (SB_IS_RECORD_BAR (self), NULL);
  return gtk_label_get_label (self->status_label);
}

static void
sb_record_bar_dispose (GObject *object)
{
  SbRecordBar *self = SB_RECORD_BAR (object);

  /* Closing the window stops the recording: what was recorded is written. */
  drop_recorder (self);
  sb_record_bar_set_session (self, NULL);
  g_clear_pointer (&self->failure, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_RECORD_BAR);

  G_OBJECT_CLASS (sb_record_bar_parent_class)->dispose (object);
}

static void
sb_record_bar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbRecordBar *self = SB_RECORD_BAR (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_RECORDING:
        g_value_set_boolean (value, sb_record_bar_get_recording (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_record_bar_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SbRecordBar *self = SB_RECORD_BAR (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        sb_record_bar_set_session (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_record_bar_class_init (SbRecordBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_record_bar_dispose;
  object_class->get_property = sb_record_bar_get_property;
  object_class->set_property = sb_record_bar_set_property;

  properties[PROP_SESSION]
      = g_param_spec_object ("session", NULL, NULL, SB_TYPE_MQTT_SESSION,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDING]
      = g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-record-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SbRecordBar, box);
  gtk_widget_class_bind_template_child (widget_class, SbRecordBar, dot_label);
  gtk_widget_class_bind_template_child (widget_class, SbRecordBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, SbRecordBar, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recordbar");
}

static void
sb_record_bar_init (SbRecordBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
