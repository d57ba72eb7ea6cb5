/* sb-publish-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sb-application.h"
#include "sb-payload.h"
#include "sb-publish-dialog.h"
#include "sb-validate.h"

/* Recent messages per data source: kept for the app's run (not saved), the
 * newest first, at most this many. */
#define RECENT_MAX 10
#define RECENT_LABEL_CHARS 60

typedef struct
{
  char *topic;
  GBytes *payload;
  int qos;
  gboolean retain;
  SbMessageProps *props; /* NULL: none */
} Recent;

static void
recent_free (gpointer data)
{
  Recent *recent = data;

  g_free (recent->topic);
  g_bytes_unref (recent->payload);
  g_clear_pointer (&recent->props, sb_message_props_unref);
  g_free (recent);
}

static gboolean
props_equal (SbMessageProps *a, SbMessageProps *b)
{
  guint n;

  if (a == NULL || b == NULL)
    return a == b;
  n = sb_message_props_get_n_user_properties (a);
  if (g_strcmp0 (sb_message_props_get_content_type (a), sb_message_props_get_content_type (b)) != 0
      || g_strcmp0 (sb_message_props_get_response_topic (a),
                    sb_message_props_get_response_topic (b))
             != 0
      || sb_message_props_get_message_expiry (a) != sb_message_props_get_message_expiry (b)
      || n != sb_message_props_get_n_user_properties (b))
    return FALSE;
  if ((sb_message_props_get_correlation_data (a) == NULL)
          != (sb_message_props_get_correlation_data (b) == NULL)
      || (sb_message_props_get_correlation_data (a) != NULL
          && !g_bytes_equal (sb_message_props_get_correlation_data (a),
                             sb_message_props_get_correlation_data (b))))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (sb_message_props_get_user_property_name (a, i),
                   sb_message_props_get_user_property_name (b, i))
            != 0
        || g_strcmp0 (sb_message_props_get_user_property_value (a, i),
                      sb_message_props_get_user_property_value (b, i))
               != 0)
      return FALSE;
  return TRUE;
}

/* The data source's recent messages (data source id -> GPtrArray of Recent). */
static GPtrArray *
recent_list (SbMqttSession *session)
{
  static GHashTable *by_source;
  const char *id = sb_data_source_get_id (sb_mqtt_session_get_source (session));
  GPtrArray *list;

  if (by_source == NULL)
    by_source = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)g_ptr_array_unref);
  list = g_hash_table_lookup (by_source, id != NULL ? id : "");
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (recent_free);
      g_hash_table_insert (by_source, g_strdup (id != NULL ? id : ""), list);
    }
  return list;
}

/* Puts a published message first; the same message sent again moves up. */
static void
remember (SbMqttSession *session, const char *topic, GBytes *payload, int qos, gboolean retain,
          SbMessageProps *props)
{
  GPtrArray *list = recent_list (session);
  Recent *recent;

  for (guint i = 0; i < list->len; i++)
    {
      Recent *old = g_ptr_array_index (list, i);
      if (g_strcmp0 (old->topic, topic) == 0 && g_bytes_equal (old->payload, payload)
          && old->qos == qos && old->retain == retain && props_equal (old->props, props))
        {
          g_ptr_array_remove_index (list, i);
          break;
        }
    }
  recent = g_new0 (Recent, 1);
  recent->topic = g_strdup (topic);
  recent->payload = g_bytes_ref (payload);
  recent->qos = qos;
  recent->retain = retain;
  recent->props = props != NULL ? sb_message_props_ref (props) : NULL;
  g_ptr_array_insert (list, 0, recent);
  if (list->len > RECENT_MAX)
    g_ptr_array_set_size (list, RECENT_MAX);
}

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
  GtkWidget *recent_label;
  GtkDropDown *recent_dropdown;
  GtkWidget *props_expander;
  GtkEntry *content_type_entry;
  GtkTextView *user_props_view;
  GtkEntry *response_topic_entry;
  GtkEntry *correlation_entry;
  GtkSpinButton *expiry_spin;

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

/* @message with its first letter upper case: the validator's messages are
 * written to follow "Field: ", the dialog shows them alone. */
static char *
as_sentence (const char *message)
{
  gunichar first = g_utf8_get_char (message);
  char start[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (first), start);
  return g_strconcat (start, g_utf8_next_char (message), NULL);
}

char *
sb_publish_check_topic (const char *topic)
{
  g_autoptr (GError) error = NULL;

  if (topic == NULL || *topic == '\0')
    return g_strdup (_ ("Enter the topic to publish to"));
  /* The one rule for a topic name (core's, as signalboard-cli publish and
   * the last will use it); its message, as a sentence. */
  if (sb_validate_topic_name (topic, -1, &error))
    return NULL;
  return as_sentence (error->message);
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

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static gboolean
uses_mqtt5 (SbPublishDialog *self)
{
  return sb_data_source_get_protocol (sb_mqtt_session_get_source (self->session))
         == SB_PROTOCOL_MQTT_5;
}

/* The MQTT 5 properties of the form (NULL: none set, or not MQTT 5); FALSE
 * and the line's problem when a user property is not KEY=VALUE. */
static gboolean
read_props (SbPublishDialog *self, SbMessageProps **props, GError **error)
{
  g_autofree char *user_text = text_view_text (self->user_props_view);
  g_auto (GStrv) lines = g_strsplit (user_text, "\n", -1);
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  const char *content_type = gtk_editable_get_text (GTK_EDITABLE (self->content_type_entry));
  const char *response_topic = gtk_editable_get_text (GTK_EDITABLE (self->response_topic_entry));
  const char *correlation = gtk_editable_get_text (GTK_EDITABLE (self->correlation_entry));
  g_autoptr (GBytes) correlation_data = NULL;
  guint32 expiry = (guint32)gtk_spin_button_get_value (self->expiry_spin);

  *props = NULL;
  if (!uses_mqtt5 (self))
    return TRUE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      equals = strchr (lines[i], '=');
      if (equals == NULL || equals == lines[i])
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _ ("User properties, line %u: “%s” is not KEY=VALUE"), i + 1, lines[i]);
          return FALSE;
        }
      g_ptr_array_add (pairs, g_strndup (lines[i], equals - lines[i]));
      g_ptr_array_add (pairs, g_strdup (equals + 1));
    }
  g_ptr_array_add (pairs, NULL);
  if (*correlation != '\0')
    correlation_data = g_bytes_new (correlation, strlen (correlation));
  *props = sb_message_props_new_for_publish (
      *content_type != '\0' ? content_type : NULL, (const char *const *)pairs->pdata,
      *response_topic != '\0' ? response_topic : NULL, correlation_data, expiry);
  return TRUE;
}

/* Fills the form with a recent message. */
static void
recent_selected_cb (SbPublishDialog *self)
{
  guint position = gtk_drop_down_get_selected (self->recent_dropdown);
  GPtrArray *list = recent_list (self->session);
  Recent *recent;
  SbMessageProps *props;
  g_autoptr (GString) user = g_string_new (NULL);
  GBytes *correlation;

  if (position == GTK_INVALID_LIST_POSITION || position >= list->len)
    return;
  recent = g_ptr_array_index (list, position);
  props = recent->props;
  gtk_editable_set_text (GTK_EDITABLE (self->topic_entry), recent->topic);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->payload_view),
                            g_bytes_get_data (recent->payload, NULL),
                            (int)g_bytes_get_size (recent->payload));
  gtk_drop_down_set_selected (self->qos_dropdown, (guint)recent->qos);
  gtk_check_button_set_active (self->retain_check, recent->retain);
  for (guint i = 0; props != NULL && i < sb_message_props_get_n_user_properties (props); i++)
    g_string_append_printf (user, "%s%s=%s", i > 0 ? "\n" : "",
                            sb_message_props_get_user_property_name (props, i),
                            sb_message_props_get_user_property_value (props, i));
  correlation = props != NULL ? sb_message_props_get_correlation_data (props) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->content_type_entry),
                         props != NULL && sb_message_props_get_content_type (props) != NULL
                             ? sb_message_props_get_content_type (props)
                             : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->user_props_view), user->str, -1);
  gtk_editable_set_text (GTK_EDITABLE (self->response_topic_entry),
                         props != NULL && sb_message_props_get_response_topic (props) != NULL
                             ? sb_message_props_get_response_topic (props)
                             : "");
  {
    g_autofree char *text = correlation != NULL ? g_strndup (g_bytes_get_data (correlation, NULL),
                                                             g_bytes_get_size (correlation))
                                                : g_strdup ("");
    gtk_editable_set_text (GTK_EDITABLE (self->correlation_entry), text);
  }
  gtk_spin_button_set_value (self->expiry_spin,
                             props != NULL ? sb_message_props_get_message_expiry (props) : 0);
}

/* "plant/press4/cmd — {"start":true}" per recent message. */
static void
fill_recent (SbPublishDialog *self)
{
  GPtrArray *list = recent_list (self->session);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      Recent *recent = g_ptr_array_index (list, i);
      g_autofree char *payload = sb_payload_display_text_prefix (
          recent->payload, g_bytes_get_size (recent->payload), RECENT_LABEL_CHARS);
      g_autofree char *label = g_strdup_printf ("%s — %s", recent->topic, payload);

      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->recent_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->recent_dropdown, GTK_INVALID_LIST_POSITION);
  gtk_widget_set_visible (self->recent_label, list->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_dropdown), list->len > 0);
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
  g_autoptr (SbMessageProps) props = NULL;
  int qos = (int)gtk_drop_down_get_selected (self->qos_dropdown);
  gboolean retain = gtk_check_button_get_active (self->retain_check);
  gsize length;

  if (problem != NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  length = strlen (text);
  payload = g_bytes_new_take (g_steal_pointer (&text), length);

  if (!read_props (self, &props, &error)
      || sb_mqtt_session_publish_full (self->session, topic, payload, qos, retain, props, &error)
             == 0)
    {
      self->publish_failed = TRUE;
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "failed");
      gtk_label_set_label (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return;
    }
  remember (self->session, topic, payload, qos, retain, props);
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
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, recent_label);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, recent_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, props_expander);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, content_type_entry);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, user_props_view);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, response_topic_entry);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, correlation_entry);
  gtk_widget_class_bind_template_child (widget_class, SbPublishDialog, expiry_spin);
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
  gtk_widget_set_visible (self->props_expander, uses_mqtt5 (self));
  fill_recent (self);
  g_signal_connect_swapped (self->recent_dropdown, "notify::selected",
                            G_CALLBACK (recent_selected_cb), self);
  update_sensitivity (self);
  return self;
}
