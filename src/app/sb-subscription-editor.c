/* sb-subscription-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-subscription-editor-private.h"

struct _SbSubscriptionEditor
{
  GtkWidget parent_instance;

  GtkEntry *topic_entry;
  GtkDropDown *qos_drop_down;
  GtkEntry *data_path_entry;
  GtkButton *remove_button;
  GtkWidget *options_box;
  GtkCheckButton *no_local_check;
  GtkCheckButton *retain_as_published_check;
  GtkDropDown *retain_handling_drop_down;
  GtkLabel *error_label;
  GtkWidget *data_path_result_box;
  GtkImage *data_path_result_icon;
  GtkLabel *data_path_result_label;

  SbSubscription *subscription;
  /* Set while the widgets are filled from the subscription, so that it is
   * not mistaken for the user typing. */
  gboolean loading;
  gboolean touched;
  /* With MQTT 3.1.1 the options stay in their (hidden) widgets, so that MQTT 5
   * brings them back, but the subscription has the defaults. */
  gboolean mqtt5;
};

G_DEFINE_FINAL_TYPE (SbSubscriptionEditor, sb_subscription_editor, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_REMOVE,
  SIGNAL_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
edited (SbSubscriptionEditor *self)
{
  self->touched = TRUE;
  g_signal_emit (self, signals[SIGNAL_EDITED], 0);
}

static void
topic_changed_cb (SbSubscriptionEditor *self)
{
  if (self->loading)
    return;
  sb_subscription_set_topic (self->subscription,
                             gtk_editable_get_text (GTK_EDITABLE (self->topic_entry)));
  edited (self);
}

static void
data_path_changed_cb (SbSubscriptionEditor *self)
{
  const char *text;

  if (self->loading)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (self->data_path_entry));
  sb_subscription_set_data_path (self->subscription, *text != '\0' ? text : NULL);
  edited (self);
}

static void
qos_changed_cb (SbSubscriptionEditor *self)
{
  guint selected;

  if (self->loading)
    return;
  /* Item 0 is "default" (inherit), items 1..3 are QoS 0..2. */
  selected = gtk_drop_down_get_selected (self->qos_drop_down);
  sb_subscription_set_qos (
      self->subscription,
      selected == 0 || selected == GTK_INVALID_LIST_POSITION ? SB_QOS_INHERIT : (int)selected - 1);
  edited (self);
}

/* Gives the subscription the options of the widgets, or the defaults. */
static void
apply_options (SbSubscriptionEditor *self)
{
  guint handling = gtk_drop_down_get_selected (self->retain_handling_drop_down);

  if (handling > SB_RETAIN_HANDLING_NEVER)
    handling = SB_RETAIN_HANDLING_SEND;
  g_object_freeze_notify (G_OBJECT (self->subscription));
  sb_subscription_set_no_local (self->subscription,
                                self->mqtt5 && gtk_check_button_get_active (self->no_local_check));
  sb_subscription_set_retain_as_published (
      self->subscription,
      self->mqtt5 && gtk_check_button_get_active (self->retain_as_published_check));
  sb_subscription_set_retain_handling (self->subscription, self->mqtt5 ? (SbRetainHandling)handling
                                                                       : SB_RETAIN_HANDLING_SEND);
  g_object_thaw_notify (G_OBJECT (self->subscription));
}

static void
options_changed_cb (SbSubscriptionEditor *self)
{
  if (self->loading)
    return;
  apply_options (self);
  edited (self);
}

static void
remove_clicked_cb (SbSubscriptionEditor *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

static void
load (SbSubscriptionEditor *self)
{
  const char *data_path = sb_subscription_get_data_path (self->subscription);
  int qos = sb_subscription_get_qos (self->subscription);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->topic_entry),
                         sb_subscription_get_topic (self->subscription));
  gtk_editable_set_text (GTK_EDITABLE (self->data_path_entry), data_path != NULL ? data_path : "");
  gtk_drop_down_set_selected (self->qos_drop_down, qos == SB_QOS_INHERIT ? 0 : (guint)qos + 1);
  gtk_check_button_set_active (self->no_local_check,
                               sb_subscription_get_no_local (self->subscription));
  gtk_check_button_set_active (self->retain_as_published_check,
                               sb_subscription_get_retain_as_published (self->subscription));
  gtk_drop_down_set_selected (self->retain_handling_drop_down,
                              (guint)sb_subscription_get_retain_handling (self->subscription));
  self->loading = FALSE;
}

GtkWidget *
sb_subscription_editor_new (SbSubscription *subscription)
{
  SbSubscriptionEditor *self;

  g_return_val_if_fail (SB_IS_SUBSCRIPTION (subscription), NULL);

  self = g_object_new (SB_TYPE_SUBSCRIPTION_EDITOR, NULL);
  self->subscription = g_object_ref (subscription);
  load (self);
  return GTK_WIDGET (self);
}

SbSubscription *
sb_subscription_editor_get_subscription (SbSubscriptionEditor *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION_EDITOR (self), NULL);
  return self->subscription;
}

void
sb_subscription_editor_set_error (SbSubscriptionEditor *self, const char *field,
                                  const char *message)
{
  GtkWidget *widgets[] = { GTK_WIDGET (self->topic_entry),
                           GTK_WIDGET (self->qos_drop_down),
                           GTK_WIDGET (self->data_path_entry),
                           GTK_WIDGET (self->no_local_check),
                           GTK_WIDGET (self->retain_as_published_check),
                           GTK_WIDGET (self->retain_handling_drop_down) };
  const char *names[]
      = { "topic", "qos", "data_path", "no_local", "retain_as_published", "retain_handling" };

  g_return_if_fail (SB_IS_SUBSCRIPTION_EDITOR (self));

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      if (message != NULL && g_strcmp0 (field, names[i]) == 0)
        gtk_widget_add_css_class (widgets[i], "error");
      else
        gtk_widget_remove_css_class (widgets[i], "error");
    }
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->topic_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
}

void
sb_subscription_editor_set_mqtt5 (SbSubscriptionEditor *self, gboolean mqtt5)
{
  g_return_if_fail (SB_IS_SUBSCRIPTION_EDITOR (self));

  mqtt5 = !!mqtt5;
  gtk_widget_set_visible (self->options_box, mqtt5);
  if (self->mqtt5 == mqtt5)
    return;
  self->mqtt5 = mqtt5;
  apply_options (self);
}

void
sb_subscription_editor_set_data_path_result (SbSubscriptionEditor *self, const char *text,
                                             gboolean problem)
{
  GtkWidget *label;

  g_return_if_fail (SB_IS_SUBSCRIPTION_EDITOR (self));

  label = GTK_WIDGET (self->data_path_result_label);
  gtk_widget_set_visible (self->data_path_result_box, text != NULL);
  if (g_strcmp0 (gtk_label_get_label (self->data_path_result_label), text ? text : "") != 0)
    gtk_label_set_label (self->data_path_result_label, text ? text : "");
  gtk_image_set_from_icon_name (self->data_path_result_icon,
                                problem ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  if (problem)
    {
      gtk_widget_add_css_class (label, "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->data_path_result_icon), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (label, "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->data_path_result_icon), "warning");
    }
}

GtkLabel *
sb_subscription_editor_get_data_path_result_label (SbSubscriptionEditor *self)
{
  return self->data_path_result_label;
}

gboolean
sb_subscription_editor_get_touched (SbSubscriptionEditor *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION_EDITOR (self), FALSE);
  return self->touched;
}

GtkEditable *
sb_subscription_editor_get_topic_entry (SbSubscriptionEditor *self)
{
  return GTK_EDITABLE (self->topic_entry);
}

GtkEditable *
sb_subscription_editor_get_data_path_entry (SbSubscriptionEditor *self)
{
  return GTK_EDITABLE (self->data_path_entry);
}

GtkDropDown *
sb_subscription_editor_get_qos_drop_down (SbSubscriptionEditor *self)
{
  return self->qos_drop_down;
}

GtkButton *
sb_subscription_editor_get_remove_button (SbSubscriptionEditor *self)
{
  return self->remove_button;
}

GtkWidget *
sb_subscription_editor_get_options_box (SbSubscriptionEditor *self)
{
  return self->options_box;
}

GtkCheckButton *
sb_subscription_editor_get_no_local_check (SbSubscriptionEditor *self)
{
  return self->no_local_check;
}

GtkCheckButton *
sb_subscription_editor_get_retain_as_published_check (SbSubscriptionEditor *self)
{
  return self->retain_as_published_check;
}

GtkDropDown *
sb_subscription_editor_get_retain_handling_drop_down (SbSubscriptionEditor *self)
{
  return self->retain_handling_drop_down;
}

GtkLabel *
sb_subscription_editor_get_error_label (SbSubscriptionEditor *self)
{
  return self->error_label;
}

static gboolean
sb_subscription_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SB_SUBSCRIPTION_EDITOR (widget)->topic_entry));
}

static void
sb_subscription_editor_dispose (GObject *object)
{
  SbSubscriptionEditor *self = SB_SUBSCRIPTION_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_SUBSCRIPTION_EDITOR);
  /* A plain GtkWidget parent owns its unbound template children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->subscription);

  G_OBJECT_CLASS (sb_subscription_editor_parent_class)->dispose (object);
}

static void
sb_subscription_editor_class_init (SbSubscriptionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_subscription_editor_dispose;
  widget_class->grab_focus = sb_subscription_editor_grab_focus;

  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-subscription-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, topic_entry);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, qos_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, data_path_entry);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, remove_button);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, options_box);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, no_local_check);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor,
                                        retain_as_published_check);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor,
                                        retain_handling_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, data_path_result_box);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, data_path_result_icon);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionEditor, data_path_result_label);
  gtk_widget_class_bind_template_callback (widget_class, topic_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, data_path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, qos_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
sb_subscription_editor_init (SbSubscriptionEditor *self)
{
  /* The template's handlers fire while it is built; nothing to edit yet. */
  self->loading = TRUE;
  self->mqtt5 = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
}
