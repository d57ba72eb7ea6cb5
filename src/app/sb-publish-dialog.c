/* sb-publish-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <mosquitto.h>
#include <string.h>

#include "sb-application.h"
#include "sb-publish-dialog.h"

struct _SbPublishDialog
{
  GtkWindow parent_instance;

  GtkEntry *topic_entry;
  GtkLabel *topic_error_label;
  GtkTextView *payload_view;
  GtkDropDown *qos_dropdown;
  GtkCheckButton *retain_check;
  GtkLabel *status_label;
  GtkButton *publish_button;

  SbMqttSession *session;
  gulong state_id;
  gboolean publish_failed; /* the status line shows why, until the next try */
};

G_DEFINE_FINAL_TYPE (SbPublishDialog, sb_publish_dialog, GTK_TYPE_WINDOW)

enum
{
  PUBLISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
sb_publish_check_topic (const char *topic)
{
  if (topic == NULL || *topic == '\0')
    return g_strdup (_ ("Enter the topic to publish to"));

  switch (mosquitto_pub_topic_check2 (topic, strlen (topic)))
    {
      case MOSQ_ERR_SUCCESS:
        return NULL;
      case MOSQ_ERR_MALFORMED_UTF8:
        return g_strdup (_ ("The topic is not valid UTF-8"));
      default:
        if (strlen (topic) > 65535)
          return g_strdup (_ ("The topic is longer than MQTT allows (65535 bytes)"));
        return g_strdup (
            _ ("A message is published to one topic: the wildcards + and # only work in "
               "subscriptions"));
    }
}

static void
update_sensitivity (SbPublishDialog *self)
{
  g_autofree char *problem
      = sb_publish_check_topic (gtk_editable_get_text (GTK_EDITABLE (self->topic_entry)));
  gboolean connected = sb_mqtt_session_get_state (self->session) == SB_SESSION_CONNECTED;
  gboolean typed = *gtk_editable_get_text (GTK_EDITABLE (self->topic_entry)) != '\0';

  /* An empty field is not an error yet: nothing was typed. */
  gtk_label_set_label (self->topic_error_label, problem != NULL && typed ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->topic_error_label), problem != NULL && typed);
  if (problem != NULL && typed)
    gtk_widget_add_css_class (GTK_WIDGET (self->topic_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->topic_entry), "error");

  if (!connected)
    {
      gtk_label_set_label (self->status_label,
                           _ ("Not connected: a message can be published once the data source is "
                              "connected"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
  else if (!self->publish_failed)
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);

  gtk_widget_set_sensitive (GTK_WIDGET (self->publish_button), problem == NULL && connected);
}

static void
topic_changed_cb (SbPublishDialog *self)
{
  update_sensitivity (self);
}

static void
cancel_clicked_cb (SbPublishDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
publish_clicked_cb (SbPublishDialog *self)
{
  g_autofree char *topic = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->topic_entry)));
  g_autofree char *problem = sb_publish_check_topic (topic);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->payload_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr (GBytes) payload = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  if (problem != NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  length = strlen (text);
  payload = g_bytes_new_take (g_steal_pointer (&text), length);

  if (!sb_mqtt_session_publish (self->session, topic, payload,
                                (int)gtk_drop_down_get_selected (self->qos_dropdown),
                                gtk_check_button_get_active (self->retain_check), &error))
    {
      self->publish_failed = TRUE;
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "failed");
      gtk_label_set_label (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[PUBLISHED], 0, topic);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sb_publish_dialog_dispose (GObject *object)
{
  SbPublishDialog *self = SB_PUBLISH_DIALOG (object);

  if (self->session != NULL)
    g_clear_signal_handler (&self->state_id, self->session);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_PUBLISH_DIALOG);

  G_OBJECT_CLASS (sb_publish_dialog_parent_class)->dispose (object);
}

static void
sb_publish_dialog_class_init (SbPublishDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_publish_dialog_dispose;

  signals[PUBLISHED] = g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/signalboard/Signalboard/ui/"
                                               "sb-publish-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, topic_entry);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, topic_error_label);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, payload_view);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, qos_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, retain_check);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, publish_button);
  gtk_widget_class_bind_template_callback (widget_class, topic_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, publish_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_publish_dialog_init (SbPublishDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SbPublishDialog *
sb_publish_dialog_new (GtkWindow *parent, SbMqttSession *session, const char *topic)
{
  SbPublishDialog *self;

  g_return_val_if_fail (SB_IS_MQTT_SESSION (session), NULL);

  self = g_object_new (SB_TYPE_PUBLISH_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->state_id
      = g_signal_connect_swapped (session, "notify::state", G_CALLBACK (update_sensitivity), self);
  gtk_editable_set_text (GTK_EDITABLE (self->topic_entry), topic != NULL ? topic : "");
  update_sensitivity (self);
  return self;
}
