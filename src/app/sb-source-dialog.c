/* sb-source-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "sb-application.h"
#include "sb-broker-url.h"
#include "sb-data-path-trial.h"
#include "sb-field-error.h"
#include "sb-secret-entry.h"
#include "sb-source-dialog-advanced.h"
#include "sb-source-dialog-private.h"
#include "sb-source-listener.h"
#include "sb-source-secrets.h"
#include "sb-subscription-list.h"
#include "sb-validate.h"

struct _SbSourceDialog
{
  GtkWindow parent_instance;

  GtkButton *cancel_button;
  GtkButton *confirm_button;
  GtkScrolledWindow *form_scroller;
  GtkLabel *general_error_label;
  AdwEntryRow *name_entry;
  GtkLabel *name_error;
  AdwEntryRow *broker_entry;
  GtkLabel *broker_error;
  AdwEntryRow *port_entry;
  GtkLabel *port_default;
  GtkLabel *port_error;
  AdwComboRow *transport_drop_down;
  AdwEntryRow *path_entry;
  GtkLabel *path_error;
  AdwExpanderRow *auth_expander;
  AdwEntryRow *username_entry;
  SbSecretEntry *password_entry;
  GtkLabel *auth_error;
  AdwExpanderRow *tls_expander;
  GtkSwitch *tls_check;
  AdwEntryRow *ca_entry;
  AdwEntryRow *cert_entry;
  AdwEntryRow *key_entry;
  SbSecretEntry *key_password_entry;
  GtkSwitch *verify_check;
  GtkLabel *tls_error;
  SbSubscriptionList *subscription_list;
  AdwComboRow *qos_drop_down;
  GtkLabel *qos_description;
  GtkWidget *security_warnings;
  GtkWidget *password_warning;
  GtkLabel *password_warning_label;
  GtkWidget *verify_warning;
  SbSourceDialogAdvanced *advanced;
  GtkSwitch *listen_switch;
  SbPreviewView *preview_view;

  SbConfig *config;
  SbDataSource *original;
  SbDataSource *source;
  SbSourceSecrets *secrets;
  SbSourceListener *listener;
  SbDataPathTrial *trial;
  char *port_error_text;
  /* Fields the user has changed: their errors show as they type; untouched
   * empty fields of a new data source do not shout at the user. */
  GHashTable *touched;
  gboolean show_all_errors;
  gboolean loading;
  gboolean valid;
  gboolean confirm_pending;
};

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

static void
touch (SbSourceDialog *self, const char *field)
{
  if (!self->loading)
    g_hash_table_add (self->touched, (gpointer)field);
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

/* What a problem of @key (of subscription @subscription, or -1) is called
 * when the user is asked to fix it ("Port", "Subscription 2", ...). */
static char *
field_title (int subscription, const char *key)
{
  if (subscription >= 0)
    /* TRANSLATORS: names a row of the subscription list */
    return g_strdup_printf (_ ("Subscription %u"), (guint)subscription + 1);
  if (g_str_equal (key, "name"))
    return g_strdup (_ ("Name"));
  if (g_str_equal (key, "broker"))
    return g_strdup (_ ("MQTT broker"));
  if (g_str_equal (key, "port"))
    return g_strdup (_ ("Port"));
  if (g_str_equal (key, "path"))
    return g_strdup (_ ("Path"));
  if (g_str_equal (key, "subscriptions"))
    return g_strdup (_ ("Subscriptions"));
  if (g_str_has_prefix (key, "username") || g_str_has_prefix (key, "password")
      || g_str_has_prefix (key, "auth"))
    return g_strdup (_ ("Authentication"));
  if (g_str_has_prefix (key, "tls"))
    return g_strdup (_ ("TLS"));
  return g_strdup (_ ("Advanced"));
}

static char *
named_problem (int subscription, const char *key, const char *message)
{
  g_autofree char *title = field_title (subscription, key);
  /* TRANSLATORS: "Subscription 1: the topic filter is empty" */
  return g_strdup_printf (_ ("%s: %s"), title, message);
}

/* The first problem that keeps the settings from connecting, named: the
 * name (and its uniqueness) and the data paths do not matter to a broker. */
static char *
listen_blocker (SbSourceDialog *self, GPtrArray *problems)
{
  const char *input_error = sb_source_dialog_advanced_get_input_error (self->advanced);

  if (self->port_error_text != NULL)
    return named_problem (-1, "port", self->port_error_text);
  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *problem = g_ptr_array_index (problems, i);

      if (!g_str_equal (problem->key, "name")
          && !sb_problem_is_subscription_key (problem, -1, "data_path"))
        return named_problem (problem->subscription, problem->key, problem->message);
    }
  if (input_error != NULL)
    return named_problem (-1, "keep_alive", input_error);
  return NULL;
}

/* A blank subscription row is left out on save when another row is filled;
 * when it is the only one, it is a problem like any other. */
static gboolean
is_blank (SbSubscription *subscription)
{
  const char *path = sb_subscription_get_data_path (subscription);

  return *sb_subscription_get_topic (subscription) == '\0' && (path == NULL || *path == '\0');
}

static gboolean
has_filled_subscription (SbDataSource *source)
{
  guint n = sb_data_source_get_n_subscriptions (source);

  for (guint i = 0; i < n; i++)
    if (!is_blank (sb_data_source_get_subscription (source, i)))
      return TRUE;
  return FALSE;
}

/* The problems of the settings, without those of the blank rows save leaves out. */
static GPtrArray *
check (SbSourceDialog *self)
{
  GPtrArray *problems = sb_data_source_check (self->source);

  if (!has_filled_subscription (self->source))
    return problems;
  for (guint i = problems->len; i-- > 0;)
    {
      SbProblem *problem = g_ptr_array_index (problems, i);
      int index = problem->subscription;

      if (index >= 0 && (guint)index < sb_data_source_get_n_subscriptions (self->source)
          && is_blank (sb_data_source_get_subscription (self->source, (guint)index)))
        g_ptr_array_remove_index (problems, i);
    }
  return problems;
}

static void
validate (SbSourceDialog *self)
{
  g_autoptr (GPtrArray) problems = check (self);
  g_autoptr (GHashTable) errors
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  g_autoptr (GString) general = g_string_new (NULL);
  g_autofree char *blocker = NULL;
  const char *name = sb_data_source_get_name (self->source);
  gboolean valid = problems->len == 0 && self->port_error_text == NULL
                   && !sb_source_dialog_advanced_has_input_error (self->advanced);

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
      const char *field = problem->key;

      if (problem->subscription >= 0 || g_str_equal (field, "subscriptions"))
        continue; /* the subscription list shows its own */
      else if (g_str_has_prefix (field, "auth") || g_str_has_prefix (field, "username")
               || g_str_has_prefix (field, "password"))
        collect (errors, g_strdup ("auth"), problem->message);
      else if (g_str_has_prefix (field, "tls"))
        collect (errors, g_strdup ("tls"), problem->message);
      else if (sb_source_dialog_advanced_owns_field (field))
        collect (errors, g_strdup (field), problem->message);
      else if (g_str_equal (field, "name") || g_str_equal (field, "broker")
               || g_str_equal (field, "port") || g_str_equal (field, "path"))
        collect (errors, g_strdup (field), problem->message);
      else
        {
          /* A setting this dialog does not show (e.g. keep_alive from the file). */
          if (general->len > 0)
            g_string_append_c (general, '\n');
          g_string_append_printf (general, "%s: %s", field, problem->message);
        }
    }

  sb_field_error_show (GTK_WIDGET (self->name_entry), self->name_error,
                       is_touched (self, "name") ? collected (errors, "name") : NULL);
  sb_field_error_show (GTK_WIDGET (self->broker_entry), self->broker_error,
                       is_touched (self, "broker") ? collected (errors, "broker") : NULL);
  sb_field_error_show (GTK_WIDGET (self->port_entry), self->port_error,
                       is_touched (self, "port") ? collected (errors, "port") : NULL);
  sb_field_error_show (GTK_WIDGET (self->path_entry), self->path_error,
                       is_touched (self, "path") ? collected (errors, "path") : NULL);
  sb_field_error_show (NULL, self->auth_error, collected (errors, "auth"));
  sb_field_error_show (NULL, self->tls_error, collected (errors, "tls"));
  sb_subscription_list_show_problems (self->subscription_list, problems, self->show_all_errors);
  sb_source_dialog_advanced_show_errors (self->advanced, errors, self->show_all_errors);

  gtk_label_set_label (self->general_error_label, general->str);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error_label), general->len > 0);

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }

  blocker = listen_blocker (self, problems);
  sb_source_listener_update (self->listener, blocker);
}

static void
update_port_placeholder (SbSourceDialog *self)
{
  /* The default follows the transport and TLS: 1883, 8883, 80 or 443. */
  g_autoptr (SbDataSource) probe = sb_data_source_copy (self->source);
  g_autofree char *text = NULL;

  sb_data_source_set_port (probe, 0);
  text = g_strdup_printf (_ ("%u (default)"), sb_data_source_get_effective_port (probe));
  gtk_label_set_label (self->port_default, text);
  /* Said while the field is empty, where it applies. */
  gtk_widget_set_visible (GTK_WIDGET (self->port_default),
                          *gtk_editable_get_text (GTK_EDITABLE (self->port_entry)) == '\0');
}

/* The path means something only over WebSocket. */
static void
update_transport_widgets (SbSourceDialog *self)
{
  gboolean ws = sb_data_source_get_transport (self->source) == SB_TRANSPORT_WEBSOCKETS;

  gtk_widget_set_sensitive (GTK_WIDGET (self->path_entry), ws);
  update_port_placeholder (self);
}

/* The widgets a broker URL fills, from the settings. */
static void
load_transport (SbSourceDialog *self)
{
  SbDataSource *source = self->source;
  guint port = sb_data_source_get_port (source);
  g_autofree char *port_text = port != 0 ? g_strdup_printf ("%u", port) : g_strdup ("");
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port_text);
  gtk_switch_set_active (self->tls_check, sb_data_source_get_tls_enabled (source));
  adw_combo_row_set_selected (self->transport_drop_down,
                              sb_data_source_get_transport (source) == SB_TRANSPORT_WEBSOCKETS ? 1
                                                                                               : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->path_entry), sb_data_source_get_path (source));
  self->loading = was_loading;
  if (sb_data_source_get_tls_enabled (source))
    adw_expander_row_set_expanded (self->tls_expander, TRUE);
  update_transport_widgets (self);
}

static void
update_qos_description (SbSourceDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->qos_drop_down);

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
  gboolean plain_password = sb_validate_password_unencrypted (source);
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
  validate (self);
}

static void
advanced_edited_cb (SbSourceDialog *self)
{
  /* Also for text that is no value yet, which leaves the source unchanged. */
  validate (self);
}

static void
subscriptions_edited_cb (SbSourceDialog *self)
{
  validate (self);
  sb_data_path_trial_update (self->trial);
}

static void
name_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  touch (self, "name");
  sb_data_source_set_name (self->source, gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
  validate (self);
}

static void
broker_changed_cb (SbSourceDialog *self)
{
  g_autofree char *broker = NULL;

  if (self->loading)
    return;
  touch (self, "broker");
  /* Stray spaces around a pasted host name are never meant. */
  broker = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->broker_entry))));
  /* A URL (wss://host:8084/mqtt) fills transport, TLS, port and path; the
   * field keeps what was typed. */
  if (sb_broker_url_has_scheme (broker))
    {
      g_autoptr (SbBrokerUrl) url = sb_broker_url_parse (broker, NULL);

      if (url != NULL)
        {
          sb_broker_url_apply (url, self->source);
          load_transport (self);
          validate (self);
          return;
        }
    }
  sb_data_source_set_broker (self->source, broker);
  validate (self);
}

static void
transport_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  touch (self, "path");
  sb_data_source_set_transport (self->source,
                                adw_combo_row_get_selected (self->transport_drop_down) == 1
                                    ? SB_TRANSPORT_WEBSOCKETS
                                    : SB_TRANSPORT_TCP);
  update_transport_widgets (self);
  validate (self);
}

static void
path_changed_cb (SbSourceDialog *self)
{
  g_autofree char *path = NULL;

  if (self->loading)
    return;
  touch (self, "path");
  path = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->path_entry))));
  sb_data_source_set_path (self->source, path);
  validate (self);
}

/* Enter in the broker field, or the focus leaving it: the name is complete
 * (Enter also activates the dialog's default, Add, after this). */
static void
broker_committed_cb (SbSourceDialog *self)
{
  sb_source_listener_commit_broker (self->listener);
}

static void
port_changed_cb (SbSourceDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint port = 0;

  if (self->loading)
    return;
  touch (self, "port");
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->port_entry))));
  g_clear_pointer (&self->port_error_text, g_free);
  if (sb_validate_port_text (text, &port, &error))
    sb_data_source_set_port (self->source, port);
  else
    self->port_error_text = g_strdup (error->message);
  update_port_placeholder (self);
  validate (self);
}

static void
username_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  touch (self, "auth");
  sb_data_source_set_username (self->source,
                               gtk_editable_get_text (GTK_EDITABLE (self->username_entry)));
}

static void
password_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  touch (self, "auth");
  sb_data_source_set_password (self->source, sb_secret_entry_get_text (self->password_entry));
}

static void
tls_toggled_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  touch (self, "tls");
  sb_data_source_set_tls_enabled (self->source, gtk_switch_get_active (self->tls_check));
  sb_data_source_set_tls_verify (self->source, gtk_switch_get_active (self->verify_check));
  update_port_placeholder (self);
}

static void
tls_file_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  touch (self, "tls");
  sb_data_source_set_tls_ca_file (self->source,
                                  gtk_editable_get_text (GTK_EDITABLE (self->ca_entry)));
  sb_data_source_set_tls_client_cert (self->source,
                                      gtk_editable_get_text (GTK_EDITABLE (self->cert_entry)));
  sb_data_source_set_tls_client_key (self->source,
                                     gtk_editable_get_text (GTK_EDITABLE (self->key_entry)));
}

static void
key_password_changed_cb (SbSourceDialog *self)
{
  if (self->loading)
    return;
  touch (self, "tls");
  sb_data_source_set_tls_client_key_password (self->source,
                                              sb_secret_entry_get_text (self->key_password_entry));
}

static void
qos_changed_cb (SbSourceDialog *self)
{
  guint selected;

  if (self->loading)
    return;
  selected = adw_combo_row_get_selected (self->qos_drop_down);
  update_qos_description (self);
  if (selected <= 2)
    sb_data_source_set_qos (self->source, (int)selected);
}

/* Secrets */

static void
secret_found_cb (SbSourceDialog *self, SbSecretKind kind, const char *secret)
{
  sb_secret_entry_offer (
      kind == SB_SECRET_PASSWORD ? self->password_entry : self->key_password_entry, secret);
}

/* Emits "confirm" once the keyring has answered (at once, mostly): saving
 * before could drop a password or clear a stored one. */
static void
confirm (SbSourceDialog *self)
{
  g_autoptr (SbDataSource) saved = NULL;

  if (!sb_source_secrets_get_ready (self->secrets))
    {
      self->confirm_pending = TRUE;
      return;
    }
  self->confirm_pending = FALSE;
  saved = sb_source_secrets_save (self->secrets, sb_secret_entry_get_in_file (self->password_entry),
                                  sb_secret_entry_get_in_file (self->key_password_entry));
  for (guint i = sb_data_source_get_n_subscriptions (saved); i-- > 0;)
    if (is_blank (sb_data_source_get_subscription (saved, i)))
      sb_data_source_remove_subscription (saved, i);
  g_signal_emit (self, signals[SIGNAL_CONFIRM], 0, saved);
}

static void
secrets_ready_cb (SbSourceDialog *self)
{
  if (self->confirm_pending && sb_source_secrets_get_ready (self->secrets))
    confirm (self);
}

/* After Add on an incomplete form: the first field in reading order that
 * shows a problem takes the keyboard (its section opened). */
static void
focus_first_problem (SbSourceDialog *self)
{
  struct
  {
    GtkLabel *error;
    GtkWidget *field;
    AdwExpanderRow *expander;
  } fields[] = {
    { self->name_error, GTK_WIDGET (self->name_entry), NULL },
    { self->broker_error, GTK_WIDGET (self->broker_entry), NULL },
    { self->port_error, GTK_WIDGET (self->port_entry), NULL },
    { self->auth_error, GTK_WIDGET (self->username_entry), self->auth_expander },
    { self->tls_error, GTK_WIDGET (self->ca_entry), self->tls_expander },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (fields[i].error)))
      {
        if (fields[i].expander != NULL)
          adw_expander_row_set_expanded (fields[i].expander, TRUE);
        gtk_widget_grab_focus (fields[i].field);
        return;
      }
  if (sb_subscription_list_focus_problem (self->subscription_list))
    return;
  sb_source_dialog_advanced_focus_problem (self->advanced);
}

static void
confirm_clicked_cb (SbSourceDialog *self)
{
  validate (self);
  if (!self->valid)
    {
      self->show_all_errors = TRUE;
      validate (self);
      focus_first_problem (self);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->general_error_label), FALSE);
  confirm (self);
}

/* The listener */

static void
listener_session_cb (SbSourceDialog *self)
{
  SbMqttSession *session = sb_source_listener_get_session (self->listener);

  sb_preview_view_set_session (self->preview_view, session);
  sb_data_path_trial_set_session (self->trial, session);
}

static void
listener_message_cb (SbSourceDialog *self)
{
  sb_preview_view_set_message (self->preview_view, sb_source_listener_get_message (self->listener));
}

static void
listener_data_path_cb (SbSourceDialog *self, guint index, const char *path)
{
  sb_preview_model_set_data_path (sb_preview_view_get_model (self->preview_view), index, path);
}

static void
trial_result_cb (SbSourceDialog *self, guint index, const char *text, gboolean problem)
{
  sb_subscription_list_set_data_path_result (self->subscription_list, index, text, problem);
}

static gboolean
protocol_to_mqtt5 (GBinding *binding, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_boolean (to, g_value_get_enum (from) == SB_PROTOCOL_MQTT_5);
  return TRUE;
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
  sb_secret_entry_set_text (self->password_entry, sb_data_source_get_password (source));
  gtk_switch_set_active (self->tls_check, sb_data_source_get_tls_enabled (source));
  gtk_editable_set_text (GTK_EDITABLE (self->ca_entry), sb_data_source_get_tls_ca_file (source));
  gtk_editable_set_text (GTK_EDITABLE (self->cert_entry),
                         sb_data_source_get_tls_client_cert (source));
  gtk_editable_set_text (GTK_EDITABLE (self->key_entry),
                         sb_data_source_get_tls_client_key (source));
  sb_secret_entry_set_text (self->key_password_entry,
                            sb_data_source_get_tls_client_key_password (source));
  gtk_switch_set_active (self->verify_check, sb_data_source_get_tls_verify (source));
  adw_combo_row_set_selected (self->qos_drop_down, (guint)sb_data_source_get_qos (source));
  load_transport (self);
  self->loading = FALSE;

  /* Settings someone already uses are shown expanded, so nothing is hidden. */
  adw_expander_row_set_expanded (self->auth_expander,
                                 *sb_data_source_get_username (source) != '\0');
  adw_expander_row_set_expanded (self->tls_expander, sb_data_source_get_tls_enabled (source));
  sb_source_dialog_advanced_set_source (self->advanced, source);
  update_port_placeholder (self);
  update_qos_description (self);
  update_security_warnings (self);
}

/* Public API */

SbSourceDialog *
sb_source_dialog_new (GtkWindow *parent, SbConfig *config, SbDataSource *original)
{
  SbSourceDialog *self;
  GtkEventController *focus;

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
      gtk_button_set_label (self->confirm_button, _ ("Sa_ve"));
    }
  else
    {
      g_autoptr (SbSubscription) first = sb_subscription_new ("");

      self->source = sb_data_source_new ();
      /* A data source is of no use without a subscription: offer the first row. */
      sb_data_source_add_subscription (self->source, first);
    }

  self->listener = sb_source_listener_new (GTK_WINDOW (self), self->source);
  g_signal_connect_object (self->listener, "notify::session", G_CALLBACK (listener_session_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "notify::message", G_CALLBACK (listener_message_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "data-path-changed", G_CALLBACK (listener_data_path_cb),
                           self, G_CONNECT_SWAPPED);
  self->trial = sb_data_path_trial_new (self->source, self->preview_view);
  g_signal_connect_object (self->trial, "result", G_CALLBACK (trial_result_cb), self,
                           G_CONNECT_SWAPPED);

  load (self);
  sb_subscription_list_set_source (self->subscription_list, self->source);
  g_object_bind_property_full (self->source, "protocol", self->subscription_list, "mqtt5",
                               G_BINDING_SYNC_CREATE, protocol_to_mqtt5, NULL, NULL, NULL);
  g_signal_connect_object (self->source, "changed", G_CALLBACK (source_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->advanced, "edited", G_CALLBACK (advanced_edited_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->broker_entry, "entry-activated", G_CALLBACK (broker_committed_cb),
                           self, G_CONNECT_SWAPPED);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (broker_committed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->broker_entry), focus);

  self->secrets = sb_source_secrets_new (self->source, original);
  g_object_bind_property (self->secrets, "keyring", self->password_entry, "keyring",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->secrets, "keyring", self->key_password_entry, "keyring",
                          G_BINDING_SYNC_CREATE);
  /* A secret already in the file was put there by an earlier choice: show it chosen. */
  sb_secret_entry_set_in_file (self->password_entry,
                               sb_source_secrets_get_in_file (self->secrets, SB_SECRET_PASSWORD));
  sb_secret_entry_set_in_file (
      self->key_password_entry,
      sb_source_secrets_get_in_file (self->secrets, SB_SECRET_KEY_PASSPHRASE));
  g_signal_connect_object (self->secrets, "found", G_CALLBACK (secret_found_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->secrets, "notify::ready", G_CALLBACK (secrets_ready_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->password_entry, "notify::text", G_CALLBACK (password_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_password_entry, "notify::text",
                           G_CALLBACK (key_password_changed_cb), self, G_CONNECT_SWAPPED);

  /* The listener runs while the switch is on; the preview shows meanwhile,
   * and the form yields the height to it and scrolls. */
  g_object_bind_property (self->listen_switch, "active", self->listener, "active",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->listen_switch, "active", self->preview_view, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->listen_switch, "active", self->form_scroller,
                          "propagate-natural-height",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  validate (self);
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
  g_return_val_if_fail (SB_IS_SOURCE_DIALOG (self), 0);
  return sb_subscription_list_get_n_editors (self->subscription_list);
}

SbSubscriptionEditor *
sb_source_dialog_get_subscription_editor (SbSourceDialog *self, guint position)
{
  g_return_val_if_fail (SB_IS_SOURCE_DIALOG (self), NULL);
  return sb_subscription_list_get_editor (self->subscription_list, position);
}

/* GObject */

static void
sb_source_dialog_dispose (GObject *object)
{
  SbSourceDialog *self = SB_SOURCE_DIALOG (object);

  if (self->listener != NULL)
    g_signal_handlers_disconnect_by_data (self->listener, self);
  g_clear_object (&self->listener);
  g_clear_object (&self->trial);
  g_clear_object (&self->secrets);
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
  g_type_ensure (SB_TYPE_SECRET_ENTRY);
  g_type_ensure (SB_TYPE_SUBSCRIPTION_LIST);
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
  BIND (port_default);
  BIND (port_error);
  BIND (auth_expander);
  BIND (username_entry);
  BIND (password_entry);
  BIND (auth_error);
  BIND (transport_drop_down);
  BIND (path_entry);
  BIND (path_error);
  BIND (tls_expander);
  BIND (tls_check);
  BIND (ca_entry);
  BIND (cert_entry);
  BIND (key_entry);
  BIND (key_password_entry);
  BIND (verify_check);
  BIND (tls_error);
  BIND (subscription_list);
  BIND (qos_drop_down);
  BIND (qos_description);
  BIND (security_warnings);
  BIND (password_warning);
  BIND (password_warning_label);
  BIND (verify_warning);
  /* For tests, through sb_source_dialog_get_widget (). */
  gtk_widget_class_bind_template_child_full (widget_class, "verify_warning_label", FALSE, 0);
  BIND (advanced);
  BIND (listen_switch);
  BIND (preview_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, broker_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, transport_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tls_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, tls_file_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, qos_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, subscriptions_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
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
