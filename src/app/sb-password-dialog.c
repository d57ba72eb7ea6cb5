/* sb-password-dialog.c: asks for a data source's password at connect time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-password-dialog-private.h"

struct _SbPasswordDialog
{
  GtkWindow parent_instance;

  GtkLabel *message_label;
  GtkPasswordEntry *password_entry;

  gboolean done;
};

G_DEFINE_FINAL_TYPE (SbPasswordDialog, sb_password_dialog, GTK_TYPE_WINDOW)

enum
{
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finish (SbPasswordDialog *self, const char *password)
{
  /* Closing the window after Connect must not answer a second time. */
  if (self->done)
    return;
  self->done = TRUE;
  g_signal_emit (self, signals[DONE], 0, password);
}

static void
cancel_clicked_cb (SbPasswordDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
connect_clicked_cb (SbPasswordDialog *self)
{
  finish (self, gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
close_request_cb (GtkWindow *window)
{
  finish (SB_PASSWORD_DIALOG (window), NULL);
  return GTK_WINDOW_CLASS (sb_password_dialog_parent_class)->close_request (window);
}

SbPasswordDialog *
sb_password_dialog_new (GtkWindow *parent, SbDataSource *source)
{
  SbPasswordDialog *self;
  g_autofree char *message = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);
  /* Translators: %s is the data source's name, then user name and broker host. */
  message = g_strdup_printf (_ ("“%s” needs the password of %s at %s."),
                             sb_data_source_get_name (source), sb_data_source_get_username (source),
                             sb_data_source_get_broker (source));
  gtk_label_set_label (self->message_label, message);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
  return self;
}

GtkWidget *
sb_password_dialog_get_widget (SbPasswordDialog *self, const char *name)
{
  GObject *child;

  g_return_val_if_fail (SB_IS_PASSWORD_DIALOG (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), SB_TYPE_PASSWORD_DIALOG, name);
  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);
  return GTK_WIDGET (child);
}

static void
sb_password_dialog_dispose (GObject *object)
{
  SbPasswordDialog *self = SB_PASSWORD_DIALOG (object);

  finish (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_PASSWORD_DIALOG);
  G_OBJECT_CLASS (sb_password_dialog_parent_class)->dispose (object);
}

static void
sb_password_dialog_class_init (SbPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sb_password_dialog_dispose;
  window_class->close_request = close_request_cb;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/signalboard/Signalboard/ui/"
                                               "sb-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPasswordDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SbPasswordDialog, password_entry);
  /* For tests, through sb_password_dialog_get_widget (). */
  gtk_widget_class_bind_template_child_full (widget_class, "connect_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_password_dialog_init (SbPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
