/* sb-source-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-app-secrets.h"
#include "sb-secrets.h"
#include "sb-source-secrets.h"
#include "sb-util.h"

#define N_KINDS 2

struct _SbSourceSecrets
{
  GObject parent_instance;

  SbDataSource *source;
  SbDataSource *original;
  GCancellable *cancellable;
  SbKeyringState keyring;
  guint pending; /* keyring questions not answered yet */
  /* The stored secret shown when the dialog opened: saving it again
   * unchanged writes nothing (a rewrite would briefly leave no secret there). */
  char *loaded[N_KINDS];
};

G_DEFINE_FINAL_TYPE (SbSourceSecrets, sb_source_secrets, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KEYRING,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_FOUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
answered (SbSourceSecrets *self)
{
  g_assert (self->pending > 0);
  if (--self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
available_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbSourceSecrets) self = user_data;
  gboolean available = sb_secrets_available_finish (result);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->keyring = available ? SB_KEYRING_AVAILABLE : SB_KEYRING_UNAVAILABLE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING]);
  answered (self);
}

typedef struct
{
  SbSourceSecrets *self;
  SbSecretKind kind;
} Lookup;

static void
lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Lookup *lookup = user_data;
  g_autoptr (SbSourceSecrets) self = lookup->self;
  SbSecretKind kind = lookup->kind;
  g_autoptr (GError) error = NULL;
  char *secret;

  g_free (lookup);
  secret = sb_app_secrets_lookup_finish (result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      sb_secrets_free_password (secret);
      return;
    }
  self->loaded[kind] = secret;
  if (secret != NULL)
    g_signal_emit (self, signals[SIGNAL_FOUND], 0, kind, secret);
  answered (self);
}

static void
look_up (SbSourceSecrets *self, SbSecretKind kind)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = g_object_ref (self);
  lookup->kind = kind;
  self->pending++;
  sb_app_secrets_lookup_async (self->source, kind, self->cancellable, lookup_cb, lookup);
}

/* Found secrets are announced from an idle: the dialog connects to "found"
 * after sb_source_secrets_new () returns. */
static gboolean
start_cb (gpointer data)
{
  g_autoptr (SbSourceSecrets) self = data;
  SbDataSource *source = self->source;

  if (g_cancellable_is_cancelled (self->cancellable))
    return G_SOURCE_REMOVE;
  sb_secrets_available_async (self->cancellable, available_cb, g_object_ref (self));
  if (*sb_data_source_get_tls_client_key_password (source) == '\0')
    look_up (self, SB_SECRET_KEY_PASSPHRASE);
  if (*sb_data_source_get_username (source) != '\0'
      && *sb_data_source_get_password (source) == '\0')
    look_up (self, SB_SECRET_PASSWORD);
  answered (self);
  return G_SOURCE_REMOVE;
}

SbSourceSecrets *
sb_source_secrets_new (SbDataSource *source, SbDataSource *original)
{
  SbSourceSecrets *self;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);
  g_return_val_if_fail (original == NULL || SB_IS_DATA_SOURCE (original), NULL);

  self = g_object_new (SB_TYPE_SOURCE_SECRETS, NULL);
  self->source = g_object_ref (source);
  self->original = original != NULL ? g_object_ref (original) : NULL;
  /* The availability question, and start_cb itself. */
  self->pending = 2;
  g_idle_add (start_cb, g_object_ref (self));
  return self;
}

gboolean
sb_source_secrets_get_ready (SbSourceSecrets *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_SECRETS (self), FALSE);
  return self->pending == 0;
}

static SbPasswordStore
store_of (SbDataSource *source, SbSecretKind kind)
{
  return kind == SB_SECRET_PASSWORD ? sb_data_source_get_password_store (source)
                                    : sb_data_source_get_tls_client_key_password_store (source);
}

static const char *
secret_of (SbDataSource *source, SbSecretKind kind)
{
  return kind == SB_SECRET_PASSWORD ? sb_data_source_get_password (source)
                                    : sb_data_source_get_tls_client_key_password (source);
}

gboolean
sb_source_secrets_get_in_file (SbSourceSecrets *self, SbSecretKind kind)
{
  g_return_val_if_fail (SB_IS_SOURCE_SECRETS (self), FALSE);

  return self->original != NULL && store_of (self->original, kind) == SB_PASSWORD_STORE_FILE
         && *secret_of (self->original, kind) != '\0';
}

/* The keyring item's label and attributes name the data source, the broker,
 * and the user (password) or the key file (passphrase): a change there
 * rewrites it. */
static gboolean
item_stale (SbSourceSecrets *self, SbSecretKind kind, const char *typed)
{
  SbDataSource *source = self->source;
  SbDataSource *original = self->original;

  if (g_strcmp0 (typed, self->loaded[kind]) != 0
      || g_strcmp0 (sb_data_source_get_broker (source), sb_data_source_get_broker (original)) != 0
      || g_strcmp0 (sb_data_source_get_name (source), sb_data_source_get_name (original)) != 0)
    return TRUE;
  if (kind == SB_SECRET_PASSWORD)
    return g_strcmp0 (sb_data_source_get_username (source), sb_data_source_get_username (original))
           != 0;
  return g_strcmp0 (sb_data_source_get_tls_client_key (source),
                    sb_data_source_get_tls_client_key (original))
         != 0;
}

static void
place (SbSourceSecrets *self, SbSecretKind kind, gboolean file_chosen, SbDataSource *saved)
{
  g_autoptr (SbSecret) typed = g_strdup (secret_of (self->source, kind));
  gboolean was_keyring
      = self->original != NULL && store_of (self->original, kind) == SB_PASSWORD_STORE_KEYRING;
  gboolean stale = was_keyring && item_stale (self, kind, typed);
  SbSecretPlacement placement
      = sb_secret_placement_decide (self->keyring, typed, was_keyring, stale, file_chosen);

  sb_app_secrets_remember_secret (self->source, kind, typed);
  if (kind == SB_SECRET_PASSWORD)
    {
      if (!placement.in_file)
        sb_data_source_set_password (saved, "");
      sb_data_source_set_password_store (saved, placement.store);
    }
  else
    {
      if (!placement.in_file)
        sb_data_source_set_tls_client_key_password (saved, "");
      sb_data_source_set_tls_client_key_password_store (saved, placement.store);
    }
  if (placement.action == SB_SECRET_KEYRING_STORE)
    sb_app_secrets_store (self->source, kind, typed);
  else if (placement.action == SB_SECRET_KEYRING_CLEAR)
    sb_app_secrets_clear (self->source, kind);
}

SbDataSource *
sb_source_secrets_save (SbSourceSecrets *self, gboolean password_in_file, gboolean key_in_file)
{
  SbDataSource *saved;

  g_return_val_if_fail (SB_IS_SOURCE_SECRETS (self), NULL);
  g_return_val_if_fail (self->pending == 0, NULL);

  saved = sb_data_source_copy (self->source);
  place (self, SB_SECRET_PASSWORD, password_in_file, saved);
  place (self, SB_SECRET_KEY_PASSPHRASE, key_in_file, saved);
  return saved;
}

static void
sb_source_secrets_dispose (GObject *object)
{
  SbSourceSecrets *self = SB_SOURCE_SECRETS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->source);
  g_clear_object (&self->original);

  G_OBJECT_CLASS (sb_source_secrets_parent_class)->dispose (object);
}

static void
sb_source_secrets_finalize (GObject *object)
{
  SbSourceSecrets *self = SB_SOURCE_SECRETS (object);

  g_clear_object (&self->cancellable);
  for (guint i = 0; i < N_KINDS; i++)
    g_clear_pointer (&self->loaded[i], sb_secrets_free_password);

  G_OBJECT_CLASS (sb_source_secrets_parent_class)->finalize (object);
}

static void
sb_source_secrets_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbSourceSecrets *self = SB_SOURCE_SECRETS (object);

  switch (prop_id)
    {
      case PROP_KEYRING:
        g_value_set_enum (value, self->keyring);
        break;
      case PROP_READY:
        g_value_set_boolean (value, self->pending == 0);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_source_secrets_class_init (SbSourceSecretsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_source_secrets_dispose;
  object_class->finalize = sb_source_secrets_finalize;
  object_class->get_property = sb_source_secrets_get_property;

  properties[PROP_KEYRING]
      = g_param_spec_enum ("keyring", NULL, NULL, SB_TYPE_KEYRING_STATE, SB_KEYRING_UNKNOWN,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY]
      = g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FOUND]
      = g_signal_new ("found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, SB_TYPE_SECRET_KIND, G_TYPE_STRING);
}

static void
sb_source_secrets_init (SbSourceSecrets *self)
{
  self->cancellable = g_cancellable_new ();
}
