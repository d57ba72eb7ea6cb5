/* sb-source-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "sb-app-secrets.h"
#include "sb-application.h"
#include "sb-source-dialog-private.h"
#include "sb-validate.h"

G_DEFINE_FINAL_TYPE (SbSourceDialog, sb_source_dialog, GTK_TYPE_WINDOW)

enum
{
  SIGNAL_CONFIRM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const qos_descriptions[] = {
  N_ ("The message is sent once, and there is no acknowledgement from the recipient."),
  N_ ("The message is sent at least once, and the recipient sends an acknowledgement back. If "
      "the acknowledgement is not received, the message is sent again."),
  N_ ("The safest, but also the slowest level: a four-way handshake between sender and "
      "receiver delivers the message exactly once."),
};

static gboolean
is_touched (SbSourceDialog *self, const char *field)
{
  return self->show_all_errors || g_hash_table_contains (self->touched, field);
}

void
sb_source_dialog_touch (SbSourceDialog *self, const char *field)
{
  if (!self->loading)
    g_hash_table_add (self->touched, (gpointer)field);
}

static void
show_field_error (GtkWidget *field, GtkLabel *label, const char *message)
{
  if (field != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (field, "error");
      else
        gtk_widget_remove_css_class (field, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message != NULL ? message : "", -1);
    }
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Appends @message to the texts collected for one place, one per line. */
static void
collect (GHashTable *errors, gpointer key, const char *message)
{
  GString *text = g_hash_table_lookup (errors, key);

  if (text == NULL)
    g_hash_table_insert (errors, key, g_string_new (message));
  else if (strstr (text->str, message) == NULL)
    g_string_append_printf (text, "\n%s", message);
}

static const char *
collected (GHashTable *errors, gconstpointer key)
{
  GString *text = g_hash_table_lookup (errors, key);
  return text != NULL ? text->str : NULL;
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

void
sb_source_dialog_validate (SbSourceDialog *self)
{
  g_autoptr (GPtrArray) problems = sb_data_source_check (self->source);
  g_autoptr (GHashTable) errors
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  g_autoptr (GString) general = g_string_new (NULL);
  const char *name = sb_data_source_get_name (self->source);
  gboolean valid = problems->len == 0 && self->port_error_text == NULL
                   && !sb_source_dialog_advanced_has_input_error (self->advanced);
  guint n_editors = sb_source_dialog_get_n_subscription_editors (self);

  if (self->port_error_text != NULL)
    collect (errors, g_strdup ("port"), self->port_error_text);

  /* The core checks one data source; a name must also be unique in its file. */
  if (self->config != NULL && *name != '\0')
    {
      SbDataSource *other = sb_config_find_by_name (self->config, name);

      if (other != NULL && other != self->original)
        {
          g_autofree char *message
              = g_strdup_printf (_ ("Another data source is already named “%s”"), name);
          collect (errors, g_strdup ("name"), message);
          valid = FALSE;
        }
    }

  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *problem = g_ptr_array_index (problems, i);
      const char *field = problem->field;

      if (g_str_has_prefix (field, "subscriptions["))
        {
          char *end = NULL;
          guint64 index = g_ascii_strtoull (field + strlen ("subscriptions["), &end, 10);
          const char *sub_field = (end != NULL && g_str_has_prefix (end, "].")) ? end + 2 : "topic";

          collect (errors, g_strdup_printf ("subscriptions[%u].%s", (guint)index, sub_field),
                   problem->message);
          collect (errors, g_strdup_printf ("subscriptions[%u]", (guint)index), problem->message);
        }
      else if (g_str_has_prefix (field, "auth") || g_str_has_prefix (field, "username")
               || g_str_has_prefix (field, "password"))
        collect (errors, g_strdup ("auth"), problem->message);
      else if (g_str_has_prefix (field, "tls"))
        collect (errors, g_strdup ("tls"), problem->message);
      else if (sb_source_dialog_advanced_owns_field (field))
        collect (errors, g_strdup (field), problem->message);
      else if (g_str_equal (field, "name") || g_str_equal (field, "broker")
               || g_str_equal (field, "port") || g_str_equal (field, "subscriptions"))
        collect (errors, g_strdup (field), problem->message);
      else
        {
          /* A setting this dialog does not show (e.g. keep_alive from the file). */
          if (general->len > 0)
            g_string_append_c (general, '\n');
          g_string_append_printf (general, "%s: %s", field, problem->message);
        }
    }

  show_field_error (GTK_WIDGET (self->name_entry), self->name_error,
                    is_touched (self, "name") ? collected (errors, "name") : NULL);
  show_field_error (GTK_WIDGET (self->broker_entry), self->broker_error,
                    is_touched (self, "broker") ? collected (errors, "broker") : NULL);
  show_field_error (GTK_WIDGET (self->port_entry), self->port_error,
                    is_touched (self, "port") ? collected (errors, "port") : NULL);
  show_field_error (NULL, self->auth_error, collected (errors, "auth"));
  show_field_error (NULL, self->tls_error, collected (errors, "tls"));
  show_field_error (GTK_WIDGET (self->subscriptions_list), self->subscriptions_error,
                    is_touched (self, "subscriptions") ? collected (errors, "subscriptions")
                                                       : NULL);

  for (guint i = 0; i < n_editors; i++)
    {
      SbSubscriptionEditor *editor = sb_source_dialog_editor_at (self, i);
      g_autofree char *key = g_strdup_printf ("subscriptions[%u]", i);
      const char *message = collected (errors, key);
      const char *field = "topic";

      if (message != NULL)
        {
          static const char *const sub_fields[] = {
            "topic", "qos", "data_path", "no_local", "retain_as_published", "retain_handling"
          };
          for (guint f = 0; f < G_N_ELEMENTS (sub_fields); f++)
            {
              g_autofree char *sub_key = g_strdup_printf ("%s.%s", key, sub_fields[f]);
              if (collected (errors, sub_key) != NULL)
                {
                  field = sub_fields[f];
                  break;
                }
            }
        }
      if (!self->show_all_errors && !sb_subscription_editor_get_touched (editor))
        message = NULL;
      sb_subscription_editor_set_error (editor, field, message);
    }

  sb_source_dialog_advanced_show_errors (self->advanced, errors, self->show_all_errors);

  gtk_label_set_label (self->general_error_label, general->str);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error_label), general->len > 0);

  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button), valid);
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
update_port_placeholder (SbSourceDialog *self)
{
  g_autofree char *text = g_strdup_printf (
      _ ("%u (default)"),
      sb_data_source_get_tls_enabled (self->source) ? SB_DEFAULT_TLS_PORT : SB_DEFAULT_PORT);
  gtk_entry_set_placeholder_text (self->port_entry, text);
}

static void
update_qos_description (SbSourceDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->qos_drop_down);

  if (selected < G_N_ELEMENTS (qos_descriptions))
    gtk_label_set_label (self->qos_description, _ (qos_descriptions[selected]));
}

/* Fields */

/* Security warnings: not errors (the user may mean it), but said where the
 * settings are made rather than discovered later. */

static void
update_security_warnings (SbSourceDialog *self)
{
  SbDataSource *source = self->source;
  const char *broker = sb_data_source_get_broker (source);
  gboolean tls = sb_data_source_get_tls_enabled (source);
  gboolean plain_password = !tls && *sb_data_source_get_password (source) != '\0' && *broker != '\0'
                            && !sb_validate_broker_is_loopback (broker);
  gboolean unverified = tls && !sb_data_source_get_tls_verify (source);

  if (plain_password)
    {
      g_autofree char *text = g_strdup_printf (
          _ ("The password is sent unencrypted: TLS is off and %s is not this computer, so "
             "anyone on the network between can read it."),
          broker);
      gtk_label_set_label (self->password_warning_label, text);
    }
  gtk_widget_set_visible (self->password_warning, plain_password);
  gtk_widget_set_visible (self->verify_warning, unverified);
  gtk_widget_set_visible (self->security_warnings, plain_password || unverified);
}

static void
source_changed_cb (SbSourceDialog *self)
{
  update_security_warnings (self);
  sb_source_dialog_sync_protocol (self);
  sb_source_dialog_validate (self);
  sb_source_dialog_schedule_restart (self);
}

static void
advanced_edited_cb (SbSourceDialog *self)
{
  /* Also for text that is no value yet, which leaves the source unchanged. */
  sb_source_dialog_validate (self);
  sb_source_dialog_schedule_restart (self);
}

static void
name_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  sb_source_dialog_touch (self, "name");
  sb_data_source_set_name (self->source, gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
  sb_source_dialog_validate (self);
}

static void
broker_changed_cb (SbSourceDialog *self)
{
  g_autofree char *broker = NULL;

  if (self->loading)
    return;
  sb_source_dialog_touch (self, "broker");
  /* Stray spaces around a pasted host name are never meant. */
  broker = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->broker_entry))));
  sb_data_source_set_broker (self->source, broker);
  sb_source_dialog_validate (self);
}

static void
port_changed_cb (SbSourceDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint port = 0;

  if (self->loading)
    return;
  sb_source_dialog_touch (self, "port");
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->port_entry))));
  g_clear_pointer (&self->port_error_text, g_free);
  if (sb_validate_port_text (text, &port, &error))
    sb_data_source_set_port (self->source, port);
  else
    self->port_error_text = g_strdup (error->message);
  sb_source_dialog_validate (self);
  sb_source_dialog_schedule_restart (self);
}

static void
username_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  sb_source_dialog_touch (self, "auth");
  sb_data_source_set_username (self->source,
                               gtk_editable_get_text (GTK_EDITABLE (self->username_entry)));
}

static void
password_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  sb_source_dialog_touch (self, "auth");
  sb_data_source_set_password (self->source,
                               gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
}

static void
tls_toggled_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  sb_source_dialog_touch (self, "tls");
  sb_data_source_set_tls_enabled (self->source, gtk_check_button_get_active (self->tls_check));
  sb_data_source_set_tls_verify (self->source, gtk_check_button_get_active (self->verify_check));
  update_port_placeholder (self);
}

static void
tls_file_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  sb_source_dialog_touch (self, "tls");
  sb_data_source_set_tls_ca_file (self->source,
                                  gtk_editable_get_text (GTK_EDITABLE (self->ca_entry)));
  sb_data_source_set_tls_client_cert (self->source,
                                      gtk_editable_get_text (GTK_EDITABLE (self->cert_entry)));
  sb_data_source_set_tls_client_key (self->source,
                                     gtk_editable_get_text (GTK_EDITABLE (self->key_entry)));
}

static void
key_password_changed_cb (SbSourceDialog *self, GtkEditable *entry)
{
  if (self->loading)
    return;
  sb_source_dialog_touch (self, "tls");
  sb_data_source_set_tls_client_key_password (self->source, gtk_editable_get_text (entry));
}

static void
qos_changed_cb (SbSourceDialog *self)
{
  guint selected;

  if (self->loading)
    return;
  selected = gtk_drop_down_get_selected (self->qos_drop_down);
  update_qos_description (self);
  if (selected <= 2)
    sb_data_source_set_qos (self->source, (int)selected);
}

/* Confirm */

static void
confirm_clicked_cb (SbSourceDialog *self)
{
  sb_source_dialog_validate (self);
  if (!self->valid)
    {
      self->show_all_errors = TRUE;
      sb_source_dialog_validate (self);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->general_error_label), FALSE);
  /* Emits "confirm" once the keyring has answered (at once, mostly). */
  sb_app_secrets_confirm_dialog (self);
}

static void
load (SbSourceDialog *self)
{
  SbDataSource *source = self->source;
  guint port = sb_data_source_get_port (source);
  g_autofree char *port_text = port != 0 ? g_strdup_printf ("%u", port) : g_strdup ("");

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), sb_data_source_get_name (source));
  gtk_editable_set_text (GTK_EDITABLE (self->broker_entry), sb_data_source_get_broker (source));
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port_text);
  gtk_editable_set_text (GTK_EDITABLE (self->username_entry), sb_data_source_get_username (source));
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), sb_data_source_get_password (source));
  gtk_check_button_set_active (self->tls_check, sb_data_source_get_tls_enabled (source));
  gtk_editable_set_text (GTK_EDITABLE (self->ca_entry), sb_data_source_get_tls_ca_file (source));
  gtk_editable_set_text (GTK_EDITABLE (self->cert_entry),
                         sb_data_source_get_tls_client_cert (source));
  gtk_editable_set_text (GTK_EDITABLE (self->key_entry),
                         sb_data_source_get_tls_client_key (source));
  gtk_editable_set_text (GTK_EDITABLE (sb_source_dialog_get_widget (self, "key_password_entry")),
                         sb_data_source_get_tls_client_key_password (source));
  gtk_check_button_set_active (self->verify_check, sb_data_source_get_tls_verify (source));
  gtk_drop_down_set_selected (self->qos_drop_down, (guint)sb_data_source_get_qos (source));
  self->loading = FALSE;

  /* Settings someone already uses are shown expanded, so nothing is hidden. */
  gtk_expander_set_expanded (self->auth_expander, *sb_data_source_get_username (source) != '\0');
  gtk_expander_set_expanded (self->tls_expander, sb_data_source_get_tls_enabled (source));
  sb_source_dialog_advanced_set_source (self->advanced, source);
  gtk_expander_set_expanded (self->advanced_expander,
                             !sb_source_dialog_advanced_source_is_default (source));
  update_port_placeholder (self);
  update_qos_description (self);
  update_security_warnings (self);
}

/* Public API */

SbSourceDialog *
sb_source_dialog_new (GtkWindow *parent, SbConfig *config, SbDataSource *original)
{
  SbSourceDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (config == NULL || SB_IS_CONFIG (config), NULL);
  g_return_val_if_fail (original == NULL || SB_IS_DATA_SOURCE (original), NULL);

  self = g_object_new (SB_TYPE_SOURCE_DIALOG, "transient-for", parent, NULL);
  if (config != NULL)
    self->config = g_object_ref (config);
  if (original != NULL)
    {
      self->original = g_object_ref (original);
      self->source = sb_data_source_copy (original);
      /* What was saved before was accepted then; show any problem at once. */
      self->show_all_errors = TRUE;
      gtk_window_set_title (GTK_WINDOW (self), _ ("Edit data source"));
      gtk_button_set_label (self->confirm_button, _ ("_Save"));
    }
  else
    {
      g_autoptr (SbSubscription) first = sb_subscription_new ("");

      self->source = sb_data_source_new ();
      /* A data source is of no use without a subscription: offer the first row. */
      sb_data_source_add_subscription (self->source, first);
    }

  load (self);
  gtk_list_box_bind_model (self->subscriptions_list,
                           sb_data_source_get_subscriptions (self->source),
                           sb_source_dialog_create_editor_cb, self, NULL);
  g_signal_connect_object (self->source, "changed", G_CALLBACK (source_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->advanced, "edited", G_CALLBACK (advanced_edited_cb), self,
                           G_CONNECT_SWAPPED);
  sb_source_dialog_data_paths_init (self);
  sb_source_dialog_validate (self);
  sb_app_secrets_attach_dialog (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
  return self;
}

SbDataSource *
sb_source_dialog_get_original (SbSourceDialog *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_DIALOG (self), NULL);
  return self->original;
}

SbDataSource *
sb_source_dialog_get_source (SbSourceDialog *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_DIALOG (self), NULL);
  return self->source;
}

gboolean
sb_source_dialog_get_valid (SbSourceDialog *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_DIALOG (self), FALSE);
  return self->valid;
}

void
sb_source_dialog_show_error (SbSourceDialog *self, const char *message)
{
  g_return_if_fail (SB_IS_SOURCE_DIALOG (self));

  gtk_label_set_label (self->general_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error_label), message != NULL);
}

GtkWidget *
sb_source_dialog_get_widget (SbSourceDialog *self, const char *name)
{
  GObject *child;

  g_return_val_if_fail (SB_IS_SOURCE_DIALOG (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), SB_TYPE_SOURCE_DIALOG, name);
  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);
  return GTK_WIDGET (child);
}

guint
sb_source_dialog_get_n_subscription_editors (SbSourceDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (SB_IS_SOURCE_DIALOG (self), 0);

  while (gtk_list_box_get_row_at_index (self->subscriptions_list, (int)n) != NULL)
    n++;
  return n;
}

SbSubscriptionEditor *
sb_source_dialog_get_subscription_editor (SbSourceDialog *self, guint position)
{
  g_return_val_if_fail (SB_IS_SOURCE_DIALOG (self), NULL);
  return sb_source_dialog_editor_at (self, position);
}

/* GObject */

static void
sb_source_dialog_dispose (GObject *object)
{
  SbSourceDialog *self = SB_SOURCE_DIALOG (object);

  sb_source_dialog_stop_listening (self);
  sb_source_dialog_data_paths_dispose (self);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_SOURCE_DIALOG);
  g_clear_object (&self->source);
  g_clear_object (&self->original);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (sb_source_dialog_parent_class)->dispose (object);
}

static void
sb_source_dialog_finalize (GObject *object)
{
  SbSourceDialog *self = SB_SOURCE_DIALOG (object);

  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_free (self->port_error_text);

  G_OBJECT_CLASS (sb_source_dialog_parent_class)->finalize (object);
}

static void
sb_source_dialog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbSourceDialog *self = SB_SOURCE_DIALOG (object);

  switch (prop_id)
    {
      case PROP_VALID:
        g_value_set_boolean (value, self->valid);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_source_dialog_class_init (SbSourceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_source_dialog_dispose;
  object_class->finalize = sb_source_dialog_finalize;
  object_class->get_property = sb_source_dialog_get_property;

  properties[PROP_VALID]
      = g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONFIRM] = g_signal_new ("confirm", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, SB_TYPE_DATA_SOURCE);

  /* Cancel and Escape leave everything as it was. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (SB_TYPE_PREVIEW_VIEW);
  g_type_ensure (SB_TYPE_SOURCE_DIALOG_ADVANCED);
  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-source-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SbSourceDialog, name)
  BIND (cancel_button);
  BIND (confirm_button);
  BIND (form_scroller);
  BIND (general_error_label);
  BIND (name_entry);
  BIND (name_error);
  BIND (broker_entry);
  BIND (broker_error);
  BIND (port_entry);
  BIND (port_error);
  BIND (auth_expander);
  BIND (username_entry);
  BIND (password_entry);
  /* Driven by sb-app-secrets.c through sb_source_dialog_get_widget (). */
  gtk_widget_class_bind_template_child_full (widget_class, "password_store_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "password_file_check", FALSE, 0);
  BIND (auth_error);
  BIND (tls_expander);
  BIND (tls_check);
  BIND (ca_entry);
  BIND (cert_entry);
  BIND (key_entry);
  BIND (verify_check);
  /* The key passphrase: driven by sb-app-secrets.c like the password. */
  gtk_widget_class_bind_template_child_full (widget_class, "key_password_entry", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "key_password_store_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "key_password_file_check", FALSE, 0);
  BIND (tls_error);
  BIND (subscriptions_list);
  BIND (subscriptions_error);
  BIND (add_subscription_button);
  BIND (qos_drop_down);
  BIND (qos_description);
  BIND (security_warnings);
  BIND (password_warning);
  BIND (password_warning_label);
  BIND (verify_warning);
  /* For tests, through sb_source_dialog_get_widget (). */
  gtk_widget_class_bind_template_child_full (widget_class, "verify_warning_label", FALSE, 0);
  BIND (advanced_expander);
  BIND (advanced);
  BIND (listen_switch);
  BIND (preview_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, broker_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tls_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, tls_file_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, qos_changed_cb);
  gtk_widget_class_bind_template_callback_full (
      widget_class, "add_subscription_clicked_cb",
      G_CALLBACK (sb_source_dialog_add_subscription_clicked_cb));
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "listen_toggled_cb",
                                                G_CALLBACK (sb_source_dialog_listen_toggled_cb));
}

static void
sb_source_dialog_init (SbSourceDialog *self)
{
  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  /* Template handlers fire while it is built, before there is a source. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
}
