/* sb-source-dialog-subscriptions.c: the dialog's subscription list, one
 * SbSubscriptionEditor per subscription of the edited data source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-source-dialog-private.h"

SbSubscriptionEditor *
sb_source_dialog_editor_at (SbSourceDialog *self, guint position)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->subscriptions_list, (int)position);

  if (row == NULL)
    return NULL;
  return SB_SUBSCRIPTION_EDITOR (gtk_list_box_row_get_child (row));
}

static void
editor_remove_cb (SbSubscriptionEditor *editor, SbSourceDialog *self)
{
  SbSubscription *subscription = sb_subscription_editor_get_subscription (editor);
  guint n = sb_data_source_get_n_subscriptions (self->source);

  for (guint i = 0; i < n; i++)
    if (sb_data_source_get_subscription (self->source, i) == subscription)
      {
        sb_source_dialog_touch (self, "subscriptions");
        sb_data_source_remove_subscription (self->source, i);
        break;
      }
  /* Focus stays in the list rather than falling back to the window. */
  n = sb_data_source_get_n_subscriptions (self->source);
  if (n > 0)
    gtk_widget_grab_focus (GTK_WIDGET (sb_source_dialog_editor_at (self, n - 1)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->add_subscription_button));
}

static void
editor_edited_cb (SbSubscriptionEditor *editor, SbSourceDialog *self)
{
  sb_source_dialog_touch (self, "subscriptions");
  sb_source_dialog_validate (self);
  sb_source_dialog_data_paths_update (self);
}

GtkWidget *
sb_source_dialog_create_editor_cb (gpointer item, gpointer data)
{
  SbSourceDialog *self = data;
  GtkWidget *editor = sb_subscription_editor_new (item);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), editor);
  sb_subscription_editor_set_mqtt5 (SB_SUBSCRIPTION_EDITOR (editor),
                                    sb_data_source_get_protocol (self->source)
                                        == SB_PROTOCOL_MQTT_5);
  g_signal_connect_object (editor, "remove", G_CALLBACK (editor_remove_cb), self, 0);
  g_signal_connect_object (editor, "edited", G_CALLBACK (editor_edited_cb), self, 0);
  return row;
}

void
sb_source_dialog_add_subscription_clicked_cb (SbSourceDialog *self)
{
  g_autoptr (SbSubscription) subscription = sb_subscription_new ("");
  guint n;

  sb_data_source_add_subscription (self->source, subscription);
  n = sb_data_source_get_n_subscriptions (self->source);
  gtk_widget_grab_focus (GTK_WIDGET (sb_source_dialog_editor_at (self, n - 1)));
}

void
sb_source_dialog_sync_protocol (SbSourceDialog *self)
{
  gboolean v5 = sb_data_source_get_protocol (self->source) == SB_PROTOCOL_MQTT_5;
  SbSubscriptionEditor *editor;

  for (guint i = 0; (editor = sb_source_dialog_editor_at (self, i)) != NULL; i++)
    sb_subscription_editor_set_mqtt5 (editor, v5);
}
