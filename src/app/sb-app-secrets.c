/* sb-app-secrets.c: the app's side of data source passwords
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

/* Lookup: the one place a stored secret is read, for the dialog that shows
 * it and for connecting alike. */

static void
lookup_keyring_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  SbSecretKind kind = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr (GError) error = NULL;
  char *secret = kind == SB_SECRET_PASSWORD
                     ? sb_secrets_lookup_finish (result, &error)
                     : sb_secrets_lookup_key_password_finish (result, &error);

  /* None there, or no keyring: nothing, without an error. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify)sb_secrets_free_password);
  g_object_unref (task);
}

void
sb_app_secrets_lookup_async (SbDataSource *source, SbSecretKind kind, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  SbPasswordStore store;
  const char *remembered;

  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_app_secrets_lookup_async);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);

  /* What was typed in this run is newer than the keyring, which may still be
   * storing it. */
  remembered = g_hash_table_lookup (kind == SB_SECRET_PASSWORD ? memory () : key_memory (),
                                    sb_data_source_get_id (source));
  store = kind == SB_SECRET_PASSWORD ? sb_data_source_get_password_store (source)
                                     : sb_data_source_get_tls_client_key_password_store (source);
  if (remembered != NULL || store != SB_PASSWORD_STORE_KEYRING)
    {
      g_task_return_pointer (task, g_strdup (remembered), (GDestroyNotify)sb_secrets_free_password);
      g_object_unref (task);
    }
  else if (kind == SB_SECRET_PASSWORD)
    sb_secrets_lookup_async (source, cancellable, lookup_keyring_cb, task);
  else
    sb_secrets_lookup_key_password_async (source, cancellable, lookup_keyring_cb, task);
}

char *
sb_app_secrets_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Resolve: the secrets to connect with. */

typedef struct
{
  GtkWindow *parent;
  SbDataSource *source;
  char *key_password;      /* from memory or the keyring, or NULL */
  SbSecretsStored *stored; /* the keyring's, stored for another broker or user */
  SbSecretKind asking;     /* what the question about @stored is about */
} Resolve;

static void
resolve_free (gpointer data)
{
  Resolve *resolve = data;

  g_clear_object (&resolve->parent);
  g_clear_object (&resolve->source);
  g_clear_pointer (&resolve->key_password, sb_secrets_free_password);
  g_clear_pointer (&resolve->stored, sb_secrets_stored_free);
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
  g_object_unref (task);
}

static void
dialog_done_cb (SbPasswordDialog *dialog, const char *password, GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);

  g_signal_handlers_disconnect_by_data (dialog, task);
  if (password == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _ ("No password was given"));
      g_object_unref (task);
      return;
    }
  sb_app_secrets_remember (sb_data_source_get_id (resolve->source), password);
  return_with_password (task, password);
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
resolve_password (GTask *task);

static void
other_broker_response_cb (GtkDialog *dialog, int response, GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr (SbSecretsStored) stored = g_steal_pointer (&resolve->stored);

  g_signal_handlers_disconnect_by_data (dialog, task);
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (resolve->asking == SB_SECRET_KEY_PASSPHRASE)
    {
      /* Yes binds it to this broker, user and key file; no connects without
       * it (the session names the missing passphrase). */
      if (response == GTK_RESPONSE_YES)
        {
          sb_secrets_store_key_password_async (resolve->source, stored->password, NULL,
                                               key_store_done_cb, NULL);
          sb_app_secrets_remember_key_password (sb_data_source_get_id (resolve->source),
                                                stored->password);
          resolve->key_password = g_strdup (stored->password);
        }
      resolve_password (task);
      return;
    }
  if (response != GTK_RESPONSE_YES)
    {
      /* Not this one: the user types the password for this broker. */
      ask (task);
      return;
    }
  /* Yes: the password belongs to this broker and user name from now on. */
  sb_secrets_store_async (resolve->source, stored->password, NULL, store_done_cb, NULL);
  sb_app_secrets_remember (sb_data_source_get_id (resolve->source), stored->password);
  return_with_password (task, stored->password);
}

/* The keyring holds a secret for this data source's id, stored for another
 * broker, user name or key file (a file edited to point elsewhere keeps the
 * id): nothing is sent unless the user says so. */
static void
ask_other_broker (GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);
  SbSecretsStored *stored = resolve->stored;
  const char *broker = sb_data_source_get_broker (resolve->source);
  const char *username = sb_data_source_get_username (resolve->source);
  const char *key = sb_data_source_get_tls_client_key (resolve->source);
  gboolean passphrase = resolve->asking == SB_SECRET_KEY_PASSPHRASE;
  GtkWidget *dialog;

  if (g_strcmp0 (stored->broker, broker) != 0)
    dialog = gtk_message_dialog_new (
        resolve->parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING,
        GTK_BUTTONS_NONE,
        passphrase ? _ ("The saved key passphrase belongs to %s; use it for %s?")
                   : _ ("The saved password belongs to %s; use it for %s?"),
        stored->broker ? stored->broker : "?", broker);
  else if (passphrase && stored->client_key != NULL && g_strcmp0 (stored->client_key, key) != 0)
    dialog = gtk_message_dialog_new (
        resolve->parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING,
        GTK_BUTTONS_NONE, _ ("The saved key passphrase belongs to the key “%s”; use it for “%s”?"),
        stored->client_key, key);
  else
    dialog = gtk_message_dialog_new (
        resolve->parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING,
        GTK_BUTTONS_NONE,
        passphrase ? _ ("The saved key passphrase belongs to the user “%s”; use it for “%s”?")
                   : _ ("The saved password belongs to the user “%s”; use it for “%s”?"),
        stored->username ? stored->username : "", username);
  if (passphrase)
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog),
        _ ("“%s” now connects to %s, but its key passphrase was saved for another broker, user "
           "or key. Someone who changed the file may be trying to get it."),
        sb_data_source_get_name (resolve->source), broker);
  else
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog),
        _ ("“%s” now connects to %s, but its password was saved for another broker or user. "
           "Someone who changed the file may be trying to get it."),
        sb_data_source_get_name (resolve->source), broker);
  gtk_widget_set_name (dialog, "other-broker-question");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          passphrase ? _ ("_Connect Without") : _ ("_Enter Another"),
                          GTK_RESPONSE_NO, passphrase ? _ ("_Use Passphrase") : _ ("_Use Password"),
                          GTK_RESPONSE_YES, NULL);
  /* The safe answer is the default one. */
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_NO);
  g_signal_connect (dialog, "response", G_CALLBACK (other_broker_response_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The keyring gave no secret of the kind @resolve->asking bound to this data
 * source: when it holds one for its id bound to another broker, user name or
 * key file, the user decides; else a password is asked for, and a missing
 * key passphrase is left for the session to name. */
static void
stored_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr (SbSecretsStored) stored = sb_secrets_lookup_stored_finish (result, NULL);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (stored != NULL && !stored->matches)
    {
      resolve->stored = g_steal_pointer (&stored);
      ask_other_broker (task);
    }
  else if (resolve->asking == SB_SECRET_PASSWORD)
    ask (task);
  else
    resolve_password (task);
}

static void
resolve_password_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  char *password = sb_app_secrets_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (password == NULL)
    {
      resolve->asking = SB_SECRET_PASSWORD;
      if (sb_data_source_get_password_store (resolve->source) == SB_PASSWORD_STORE_KEYRING)
        sb_secrets_lookup_stored_async (resolve->source, FALSE, g_task_get_cancellable (task),
                                        stored_lookup_cb, task);
      else
        ask (task);
      return;
    }
  return_with_password (task, password);
  sb_secrets_free_password (password);
}

/* The broker password, once the key passphrase is settled. */
static void
resolve_password (GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);

  if (!needs_broker_password (resolve->source))
    return_with_password (task, NULL);
  else
    sb_app_secrets_lookup_async (resolve->source, SB_SECRET_PASSWORD, g_task_get_cancellable (task),
                                 resolve_password_cb, task);
}

static void
resolve_key_password_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  /* None there (or no keyring): the session names the missing passphrase. */
  resolve->key_password = sb_app_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  resolve->asking = SB_SECRET_KEY_PASSPHRASE;
  if (resolve->key_password == NULL
      && sb_data_source_get_tls_client_key_password_store (resolve->source)
             == SB_PASSWORD_STORE_KEYRING)
    sb_secrets_lookup_stored_async (resolve->source, TRUE, g_task_get_cancellable (task),
                                    stored_lookup_cb, task);
  else
    resolve_password (task);
}

void
sb_app_secrets_resolve_async (GtkWindow *parent, SbDataSource *source, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  Resolve *resolve;

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
    sb_app_secrets_lookup_async (source, SB_SECRET_KEY_PASSPHRASE, cancellable,
                                 resolve_key_password_cb, task);
  else
    resolve_password (task);
}

SbDataSource *
sb_app_secrets_resolve_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sb_app_secrets_store (SbDataSource *source, SbSecretKind kind, const char *secret)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  g_return_if_fail (secret != NULL);

  if (kind == SB_SECRET_PASSWORD)
    sb_secrets_store_async (source, secret, NULL, store_done_cb, NULL);
  else
    sb_secrets_store_key_password_async (source, secret, NULL, key_store_done_cb, NULL);
}

void
sb_app_secrets_clear (SbDataSource *source, SbSecretKind kind)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  if (kind == SB_SECRET_PASSWORD)
    sb_secrets_clear_async (source, NULL, clear_done_cb, NULL);
  else
    sb_secrets_clear_key_password_async (source, NULL, key_clear_done_cb, NULL);
}

void
sb_app_secrets_remember_secret (SbDataSource *source, SbSecretKind kind, const char *secret)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  if (kind == SB_SECRET_PASSWORD)
    sb_app_secrets_remember (sb_data_source_get_id (source), secret);
  else
    sb_app_secrets_remember_key_password (sb_data_source_get_id (source), secret);
}
