/* sb-source-dialog-private.h: what the files of SbSourceDialog share
 * (sb-source-dialog.c: fields, validation, public API;
 * -listener.c: the live listener; -subscriptions.c: the subscription list)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-mqtt-session.h"
#include "sb-source-dialog-advanced.h"
#include "sb-source-dialog.h"

G_BEGIN_DECLS

struct _SbSourceDialog
{
  GtkWindow parent_instance;

  GtkButton *cancel_button;
  GtkButton *confirm_button;
  GtkScrolledWindow *form_scroller;
  GtkLabel *general_error_label;
  GtkEntry *name_entry;
  GtkLabel *name_error;
  GtkEntry *broker_entry;
  GtkLabel *broker_error;
  GtkEntry *port_entry;
  GtkLabel *port_error;
  GtkExpander *auth_expander;
  GtkEntry *username_entry;
  GtkPasswordEntry *password_entry;
  GtkLabel *auth_error;
  GtkExpander *tls_expander;
  GtkCheckButton *tls_check;
  GtkEntry *ca_entry;
  GtkEntry *cert_entry;
  GtkEntry *key_entry;
  GtkCheckButton *verify_check;
  GtkLabel *tls_error;
  GtkListBox *subscriptions_list;
  GtkLabel *subscriptions_error;
  GtkButton *add_subscription_button;
  GtkDropDown *qos_drop_down;
  GtkLabel *qos_description;
  GtkWidget *security_warnings;
  GtkWidget *password_warning;
  GtkLabel *password_warning_label;
  GtkWidget *verify_warning;
  GtkExpander *advanced_expander;
  SbSourceDialogAdvanced *advanced;
  GtkSwitch *listen_switch;
  SbPreviewView *preview_view;

  SbConfig *config;
  SbDataSource *original;
  SbDataSource *source;
  char *port_error_text;
  /* Fields the user has changed: their errors show as they type; untouched
   * empty fields of a new data source do not shout at the user. */
  GHashTable *touched;
  gboolean show_all_errors;
  gboolean loading;
  gboolean valid;

  SbMqttSession *session;
  guint restart_id;
  GCancellable *resolve_cancellable;
  guint data_paths_update_id;
};

/* sb-source-dialog.c */
void
sb_source_dialog_touch (SbSourceDialog *self, const char *field);
void
sb_source_dialog_validate (SbSourceDialog *self);

/* sb-source-dialog-listener.c */
void
sb_source_dialog_stop_listening (SbSourceDialog *self);
void
sb_source_dialog_schedule_restart (SbSourceDialog *self);
void
sb_source_dialog_listen_toggled_cb (SbSourceDialog *self);

/* sb-source-dialog-subscriptions.c */
SbSubscriptionEditor *
sb_source_dialog_editor_at (SbSourceDialog *self, guint position);
GtkWidget *
sb_source_dialog_create_editor_cb (gpointer item, gpointer data);
void
sb_source_dialog_add_subscription_clicked_cb (SbSourceDialog *self);
/* The subscription rows show the MQTT 5 options when the protocol has them. */
void
sb_source_dialog_sync_protocol (SbSourceDialog *self);

/* sb-source-dialog-data-path.c: each subscription's data path tried live on
 * the latest payload of the preview (the selected row, or the latest topic
 * that matches the subscription) */
void
sb_source_dialog_data_paths_attach (SbSourceDialog *self);
void
sb_source_dialog_data_paths_update (SbSourceDialog *self);
void
sb_source_dialog_data_paths_init (SbSourceDialog *self);
void
sb_source_dialog_data_paths_dispose (SbSourceDialog *self);

G_END_DECLS
