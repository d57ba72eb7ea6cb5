/* sb-app-secrets.c: the app's side of data source passwords (issue 8, "Secrets")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sb-app-secrets.h"
#include "sb-password-dialog.h"
#include "sb-secrets.h"

/* Memory: data source id -> password the user gave in this run. */

static GHashTable *
memory (void)
{
  static GHashTable *table;

  if (table == NULL)
    table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify)sb_secrets_free_password);
  return table;
}

/* Memory: data source id -> TLS key passphrase the user gave in this run. */
static GHashTable *
key_memory (void)
{
  static GHashTable *table;

  if (table == NULL)
    table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify)sb_secrets_free_password);
  return table;
}

void
sb_app_secrets_remember_key_password (const char *id, const char *password)
{
  g_return_if_fail (id != NULL);

  if (password == NULL || *password == '\0')
    g_hash_table_remove (key_memory (), id);
  else
    g_hash_table_insert (key_memory (), g_strdup (id), g_strdup (password));
}

void
sb_app_secrets_remember (const char *id, const char *password)
{
  g_return_if_fail (id != NULL);

  if (password == NULL || *password == '\0')
    g_hash_table_remove (memory (), id);
  else
    g_hash_table_insert (memory (), g_strdup (id), g_strdup (password));
}

static gboolean
needs_broker_password (SbDataSource *source)
{
  return *sb_data_source_get_username (source) != '\0'
         && *sb_data_source_get_password (source) == '\0';
}

/* A client key whose passphrase is elsewhere: in the keyring, or in memory
 * (typed in this run while no keyring answered). */
static gboolean
needs_key_password (SbDataSource *source)
{
  return sb_data_source_get_tls_enabled (source)
         && *sb_data_source_get_tls_client_key (source) != '\0'
         && *sb_data_source_get_tls_client_key_password (source) == '\0'
         && (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING
             || g_hash_table_contains (key_memory (), sb_data_source_get_id (source)));
}

gboolean
sb_app_secrets_needs_password (SbDataSource *source)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);

  return needs_broker_password (source) || needs_key_password (source);
}

static void
store_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* The password stays in memory for this run; the next start asks for it. */
  if (!sb_secrets_store_finish (result, &error))
    g_message ("Cannot store the password in the keyring: %s", error->message);
}

static void
clear_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!sb_secrets_clear_finish (result, &error))
    g_message ("Cannot remove the password from the keyring: %s", error->message);
}

/* The key passphrase's errors already say what was being done. */
static void
key_store_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!sb_secrets_store_key_password_finish (result, &error))
    g_message ("%s", error->message);
}

static void
key_clear_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!sb_secrets_clear_key_password_finish (result, &error))
    g_message ("%s", error->message);
}

void
sb_app_secrets_forget_source (SbDataSource *source)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  sb_app_secrets_remember (sb_data_source_get_id (source), NULL);
  sb_app_secrets_remember_key_password (sb_data_source_get_id (source), NULL);
  if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    sb_secrets_clear_async (source, NULL, clear_done_cb, NULL);
  if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    sb_secrets_clear_key_password_async (source, NULL, key_clear_done_cb, NULL);
}

static void
duplicate_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbDataSource) copy = user_data;
  g_autoptr (GError) error = NULL;
  char *password = sb_secrets_lookup_finish (result, &error);

  if (password != NULL)
    {
      sb_secrets_store_async (copy, password, NULL, store_done_cb, NULL);
      sb_secrets_free_password (password);
    }
  else if (error != NULL)
    g_message ("Cannot read the password from the keyring: %s", error->message);
}

static void
duplicate_key_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbDataSource) copy = user_data;
  g_autoptr (GError) error = NULL;
  char *password = sb_secrets_lookup_key_password_finish (result, &error);

  if (password != NULL)
    {
      sb_secrets_store_key_password_async (copy, password, NULL, key_store_done_cb, NULL);
      sb_secrets_free_password (password);
    }
  else if (error != NULL)
    g_message ("%s", error->message);
}

void
sb_app_secrets_duplicate (SbDataSource *source, SbDataSource *copy)
{
  const char *known;

  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  g_return_if_fail (SB_IS_DATA_SOURCE (copy));

  known = g_hash_table_lookup (memory (), sb_data_source_get_id (source));
  if (known != NULL)
    sb_app_secrets_remember (sb_data_source_get_id (copy), known);
  if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    sb_secrets_lookup_async (source, NULL, duplicate_lookup_cb, g_object_ref (copy));
  known = g_hash_table_lookup (key_memory (), sb_data_source_get_id (source));
  if (known != NULL)
    sb_app_secrets_remember_key_password (sb_data_source_get_id (copy), known);
  if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    sb_secrets_lookup_key_password_async (source, NULL, duplicate_key_lookup_cb,
                                          g_object_ref (copy));
}

/* Resolve: the password to connect with. */

typedef struct
{
  GtkWindow *parent;
  SbDataSource *source;
  char *key_password; /* from memory or the keyring, or NULL */
} Resolve;

static void
resolve_free (gpointer data)
{
  Resolve *resolve = data;

  g_clear_object (&resolve->parent);
  g_clear_object (&resolve->source);
  g_clear_pointer (&resolve->key_password, sb_secrets_free_password);
  g_free (resolve);
}

static void
return_with_password (GTask *task, const char *password)
{
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr (SbDataSource) copy = sb_data_source_copy (resolve->source);

  if (password != NULL)
    sb_data_source_set_password (copy, password);
  if (resolve->key_password != NULL)
    sb_data_source_set_tls_client_key_password (copy, resolve->key_password);
  g_task_return_pointer (task, g_steal_pointer (&copy), g_object_unref);
}

static void
dialog_done_cb (SbPasswordDialog *dialog, const char *password, GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);

  g_signal_handlers_disconnect_by_data (dialog, task);
  if (password == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                             _ ("No password was given"));
  else
    {
      sb_app_secrets_remember (sb_data_source_get_id (resolve->source), password);
      return_with_password (task, password);
    }
  g_object_unref (task);
}

static void
ask (GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);
  SbPasswordDialog *dialog;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  dialog = sb_password_dialog_new (resolve->parent, resolve->source);
  /* A preview window that closes takes its question with it. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect (dialog, "done", G_CALLBACK (dialog_done_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resolve_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (GError) error = NULL;
  char *password = sb_secrets_lookup_finish (result, &error);

  if (password != NULL)
    {
      return_with_password (task, password);
      sb_secrets_free_password (password);
      g_object_unref (task);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  ask (task);
}

/* The broker password, once the key passphrase is settled. */
static void
resolve_password (GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);
  SbDataSource *source = resolve->source;
  const char *known;

  if (!needs_broker_password (source))
    {
      return_with_password (task, NULL);
      g_object_unref (task);
      return;
    }
  known = g_hash_table_lookup (memory (), sb_data_source_get_id (source));
  if (known != NULL)
    {
      return_with_password (task, known);
      g_object_unref (task);
      return;
    }
  if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    sb_secrets_lookup_async (source, g_task_get_cancellable (task), resolve_lookup_cb, task);
  else
    ask (task);
}

static void
resolve_key_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  /* None there (or no keyring): the session names the missing passphrase. */
  resolve->key_password = sb_secrets_lookup_key_password_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  resolve_password (task);
}

void
sb_app_secrets_resolve_async (GtkWindow *parent, SbDataSource *source, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  Resolve *resolve;
  const char *known;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_app_secrets_resolve_async);
  resolve = g_new0 (Resolve, 1);
  resolve->parent = parent != NULL ? g_object_ref (parent) : NULL;
  resolve->source = g_object_ref (source);
  g_task_set_task_data (task, resolve, resolve_free);

  if (!sb_app_secrets_needs_password (source))
    {
      g_task_return_pointer (task, g_object_ref (source), g_object_unref);
      g_object_unref (task);
      return;
    }
  if (needs_key_password (source))
    {
      known = g_hash_table_lookup (key_memory (), sb_data_source_get_id (source));
      if (known != NULL)
        resolve->key_password = g_strdup (known);
      else if (sb_data_source_get_tls_client_key_password_store (source)
               == SB_PASSWORD_STORE_KEYRING)
        {
          sb_secrets_lookup_key_password_async (source, cancellable, resolve_key_lookup_cb, task);
          return;
        }
    }
  resolve_password (task);
}

SbDataSource *
sb_app_secrets_resolve_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The Add/Edit dialog */

typedef enum
{
  KEYRING_UNKNOWN,
  KEYRING_YES,
  KEYRING_NO,
} KeyringState;

typedef struct
{
  GCancellable *cancellable;
  KeyringState keyring;
  gboolean looking_up;
  gboolean key_looking_up;
  gboolean confirm_pending;
  /* What the keyring held when the dialog opened: saving it again unchanged
   * writes nothing (a rewrite would briefly leave no password there). */
  char *loaded;
  char *key_loaded;
} DialogSecrets;

#define DIALOG_SECRETS_KEY "sb-app-secrets"

static void
dialog_secrets_free (gpointer data)
{
  DialogSecrets *secrets = data;

  g_cancellable_cancel (secrets->cancellable);
  g_clear_object (&secrets->cancellable);
  g_clear_pointer (&secrets->loaded, sb_secrets_free_password);
  g_clear_pointer (&secrets->key_loaded, sb_secrets_free_password);
  g_free (secrets);
}

static DialogSecrets *
get_secrets (SbSourceDialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), DIALOG_SECRETS_KEY);
}

static void
update_dialog (SbSourceDialog *dialog)
{
  DialogSecrets *secrets = get_secrets (dialog);
  GtkWidget *label = sb_source_dialog_get_widget (dialog, "password_store_label");
  GtkWidget *check = sb_source_dialog_get_widget (dialog, "password_file_check");

  if (secrets->keyring == KEYRING_YES)
    gtk_label_set_label (GTK_LABEL (label), _ ("Stored in the keyring"));
  else if (secrets->keyring == KEYRING_NO)
    gtk_label_set_label (GTK_LABEL (label),
                         _ ("No keyring answers: unless stored in the file, the password is asked "
                            "for when connecting"));
  gtk_widget_set_visible (label, secrets->keyring != KEYRING_UNKNOWN);
  gtk_widget_set_visible (check, secrets->keyring == KEYRING_NO);

  label = sb_source_dialog_get_widget (dialog, "key_password_store_label");
  check = sb_source_dialog_get_widget (dialog, "key_password_file_check");
  if (secrets->keyring == KEYRING_YES)
    gtk_label_set_label (GTK_LABEL (label), _ ("Stored in the keyring"));
  else if (secrets->keyring == KEYRING_NO)
    gtk_label_set_label (GTK_LABEL (label),
                         _ ("No keyring answers: unless stored in the file, the passphrase is "
                            "kept only until Signalboard quits"));
  gtk_widget_set_visible (label, secrets->keyring != KEYRING_UNKNOWN);
  gtk_widget_set_visible (check, secrets->keyring == KEYRING_NO);
}

static void
dialog_destroy_cb (SbSourceDialog *dialog)
{
  g_cancellable_cancel (get_secrets (dialog)->cancellable);
}

static void
available_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbSourceDialog) dialog = user_data;
  DialogSecrets *secrets = get_secrets (dialog);
  gboolean available = sb_secrets_available_finish (result);

  if (g_cancellable_is_cancelled (secrets->cancellable))
    return;
  secrets->keyring = available ? KEYRING_YES : KEYRING_NO;
  update_dialog (dialog);
  if (secrets->confirm_pending)
    sb_app_secrets_confirm_dialog (dialog);
}

/* A secret the keyring answered with (or NULL) for the dialog: kept as loaded,
 * else taken from this run's @remembered (right after a Save the keyring may
 * still be storing); shown in @entry_name unless the user typed meanwhile. */
static void
dialog_show_looked_up (SbSourceDialog *dialog, char *password, gboolean *looking_up, char **loaded,
                       GHashTable *remembered, const char *entry_name)
{
  DialogSecrets *secrets = get_secrets (dialog);
  GtkEditable *entry = GTK_EDITABLE (sb_source_dialog_get_widget (dialog, entry_name));

  if (g_cancellable_is_cancelled (secrets->cancellable))
    {
      sb_secrets_free_password (password);
      return;
    }
  *looking_up = FALSE;
  if (password != NULL)
    *loaded = g_strdup (password);
  else
    password = g_strdup (g_hash_table_lookup (
        remembered, sb_data_source_get_id (sb_source_dialog_get_source (dialog))));
  if (password != NULL && *gtk_editable_get_text (entry) == '\0')
    gtk_editable_set_text (entry, password);
  sb_secrets_free_password (password);
  if (secrets->confirm_pending)
    sb_app_secrets_confirm_dialog (dialog);
}

static void
dialog_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbSourceDialog) dialog = user_data;
  DialogSecrets *secrets = get_secrets (dialog);
  g_autoptr (GError) error = NULL;

  dialog_show_looked_up (dialog, sb_secrets_lookup_finish (result, &error), &secrets->looking_up,
                         &secrets->loaded, memory (), "password_entry");
}

static void
dialog_key_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbSourceDialog) dialog = user_data;
  DialogSecrets *secrets = get_secrets (dialog);
  g_autoptr (GError) error = NULL;

  dialog_show_looked_up (dialog, sb_secrets_lookup_key_password_finish (result, &error),
                         &secrets->key_looking_up, &secrets->key_loaded, key_memory (),
                         "key_password_entry");
}

/* The key passphrase: ticked "in the file" when the file holds it, else
 * loaded from the keyring or this run's memory. */
static void
attach_key_password (SbSourceDialog *dialog, DialogSecrets *secrets)
{
  SbDataSource *source = sb_source_dialog_get_source (dialog);
  SbDataSource *original = sb_source_dialog_get_original (dialog);
  const char *known;

  if (original != NULL
      && sb_data_source_get_tls_client_key_password_store (original) == SB_PASSWORD_STORE_FILE
      && *sb_data_source_get_tls_client_key_password (original) != '\0')
    gtk_check_button_set_active (
        GTK_CHECK_BUTTON (sb_source_dialog_get_widget (dialog, "key_password_file_check")), TRUE);
  if (*sb_data_source_get_tls_client_key_password (source) != '\0')
    return;
  if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    {
      secrets->key_looking_up = TRUE;
      sb_secrets_lookup_key_password_async (source, secrets->cancellable, dialog_key_lookup_cb,
                                            g_object_ref (dialog));
      return;
    }
  known = g_hash_table_lookup (key_memory (), sb_data_source_get_id (source));
  if (known != NULL)
    gtk_editable_set_text (
        GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "key_password_entry")), known);
}

void
sb_app_secrets_attach_dialog (SbSourceDialog *dialog)
{
  DialogSecrets *secrets;
  SbDataSource *source;
  SbDataSource *original;
  const char *known;

  g_return_if_fail (SB_IS_SOURCE_DIALOG (dialog));

  secrets = g_new0 (DialogSecrets, 1);
  secrets->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (dialog), DIALOG_SECRETS_KEY, secrets, dialog_secrets_free);
  g_signal_connect (dialog, "destroy", G_CALLBACK (dialog_destroy_cb), NULL);
  update_dialog (dialog);
  /* A password already in the file was put there by an earlier choice: show it ticked. */
  original = sb_source_dialog_get_original (dialog);
  if (original != NULL && sb_data_source_get_password_store (original) == SB_PASSWORD_STORE_FILE
      && *sb_data_source_get_password (original) != '\0')
    gtk_check_button_set_active (
        GTK_CHECK_BUTTON (sb_source_dialog_get_widget (dialog, "password_file_check")), TRUE);

  sb_secrets_available_async (secrets->cancellable, available_cb, g_object_ref (dialog));
  attach_key_password (dialog, secrets);

  source = sb_source_dialog_get_source (dialog);
  if (!needs_broker_password (source))
    return;
  if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    {
      secrets->looking_up = TRUE;
      sb_secrets_lookup_async (source, secrets->cancellable, dialog_lookup_cb,
                               g_object_ref (dialog));
      return;
    }
  known = g_hash_table_lookup (memory (), sb_data_source_get_id (source));
  if (known != NULL)
    gtk_editable_set_text (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "password_entry")),
                           known);
}

/* What Save does with a secret typed in the dialog; the broker password and
 * the key passphrase follow the same rules. */
typedef enum
{
  SECRET_KEYRING_UNTOUCHED,
  SECRET_KEYRING_STORE,
  SECRET_KEYRING_CLEAR,
} SecretAction;

/* @typed: what the field holds; @was_keyring: the saved source pointed at the
 * keyring; @item_stale: the keyring item's secret, label or attributes no
 * longer match; @file_ticked: "Store … in the file" is ticked. Returns the
 * store the saved file names, sets *@in_file to whether the secret stays in
 * the file. */
static SbPasswordStore
decide_secret (KeyringState keyring, const char *typed, gboolean was_keyring, gboolean item_stale,
               gboolean file_ticked, gboolean *in_file, SecretAction *action)
{
  *in_file = FALSE;
  *action = SECRET_KEYRING_UNTOUCHED;
  if (keyring == KEYRING_YES)
    {
      if (*typed == '\0')
        {
          if (was_keyring)
            *action = SECRET_KEYRING_CLEAR;
          return SB_PASSWORD_STORE_FILE;
        }
      if (!was_keyring || item_stale)
        *action = SECRET_KEYRING_STORE;
      return SB_PASSWORD_STORE_KEYRING;
    }
  if (*typed != '\0' && file_ticked)
    {
      *in_file = TRUE;
      return SB_PASSWORD_STORE_FILE;
    }
  /* A keyring that is away today may answer again tomorrow: keep pointing at
   * it while the user typed nothing new. */
  return was_keyring && *typed == '\0' ? SB_PASSWORD_STORE_KEYRING : SB_PASSWORD_STORE_FILE;
}

static gboolean
file_ticked (SbSourceDialog *dialog, const char *check_name)
{
  GtkWidget *check = sb_source_dialog_get_widget (dialog, check_name);
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
}

/* The key passphrase on Save: the same rules as the broker password. */
static void
confirm_key_password (SbSourceDialog *dialog, DialogSecrets *secrets, SbDataSource *saved)
{
  SbDataSource *source = sb_source_dialog_get_source (dialog);
  SbDataSource *original = sb_source_dialog_get_original (dialog);
  g_autofree char *password = g_strdup (sb_data_source_get_tls_client_key_password (source));
  gboolean was_keyring
      = original != NULL
        && sb_data_source_get_tls_client_key_password_store (original) == SB_PASSWORD_STORE_KEYRING;
  /* The item's label and attributes name the source, broker and key file. */
  gboolean stale
      = was_keyring
        && (g_strcmp0 (password, secrets->key_loaded) != 0
            || g_strcmp0 (sb_data_source_get_tls_client_key (source),
                          sb_data_source_get_tls_client_key (original))
                   != 0
            || g_strcmp0 (sb_data_source_get_broker (source), sb_data_source_get_broker (original))
                   != 0
            || g_strcmp0 (sb_data_source_get_name (source), sb_data_source_get_name (original))
                   != 0);
  gboolean in_file;
  SecretAction action;
  SbPasswordStore store
      = decide_secret (secrets->keyring, password, was_keyring, stale,
                       file_ticked (dialog, "key_password_file_check"), &in_file, &action);

  sb_app_secrets_remember_key_password (sb_data_source_get_id (source), password);
  if (!in_file)
    sb_data_source_set_tls_client_key_password (saved, "");
  sb_data_source_set_tls_client_key_password_store (saved, store);
  if (action == SECRET_KEYRING_STORE)
    sb_secrets_store_key_password_async (source, password, NULL, key_store_done_cb, NULL);
  else if (action == SECRET_KEYRING_CLEAR)
    sb_secrets_clear_key_password_async (source, NULL, key_clear_done_cb, NULL);
  explicit_bzero (password, strlen (password));
}

void
sb_app_secrets_confirm_dialog (SbSourceDialog *dialog)
{
  DialogSecrets *secrets;
  SbDataSource *source;
  SbDataSource *original;
  g_autoptr (SbDataSource) saved = NULL;
  g_autofree char *password = NULL;
  gboolean was_keyring, stale, in_file;
  SecretAction action;
  SbPasswordStore store;

  g_return_if_fail (SB_IS_SOURCE_DIALOG (dialog));

  secrets = get_secrets (dialog);
  /* Saving before the keyring answered could drop a password or clear a stored one. */
  if (secrets->keyring == KEYRING_UNKNOWN || secrets->looking_up || secrets->key_looking_up)
    {
      secrets->confirm_pending = TRUE;
      return;
    }
  secrets->confirm_pending = FALSE;

  source = sb_source_dialog_get_source (dialog);
  original = sb_source_dialog_get_original (dialog);
  was_keyring = original != NULL
                && sb_data_source_get_password_store (original) == SB_PASSWORD_STORE_KEYRING;
  password = g_strdup (sb_data_source_get_password (source));
  /* The item's label names the user and the broker: a change there rewrites it. */
  stale
      = was_keyring
        && (g_strcmp0 (password, secrets->loaded) != 0
            || g_strcmp0 (sb_data_source_get_username (source),
                          sb_data_source_get_username (original))
                   != 0
            || g_strcmp0 (sb_data_source_get_broker (source), sb_data_source_get_broker (original))
                   != 0
            || g_strcmp0 (sb_data_source_get_name (source), sb_data_source_get_name (original))
                   != 0);
  store = decide_secret (secrets->keyring, password, was_keyring, stale,
                         file_ticked (dialog, "password_file_check"), &in_file, &action);
  saved = sb_data_source_copy (source);
  sb_app_secrets_remember (sb_data_source_get_id (source), password);
  if (!in_file)
    sb_data_source_set_password (saved, "");
  sb_data_source_set_password_store (saved, store);
  if (action == SECRET_KEYRING_STORE)
    sb_secrets_store_async (source, password, NULL, store_done_cb, NULL);
  else if (action == SECRET_KEYRING_CLEAR)
    sb_secrets_clear_async (source, NULL, clear_done_cb, NULL);
  if (password != NULL)
    memset (password, 0, strlen (password));
  confirm_key_password (dialog, secrets, saved);
  g_signal_emit_by_name (dialog, "confirm", saved);
}
