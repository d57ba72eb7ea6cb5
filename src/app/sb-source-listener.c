/* sb-source-listener.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-app-secrets.h"
#include "sb-source-listener.h"

/* Typing settles before the listener reconnects with the new settings. */
#define RESTART_DELAY_MS 600

struct _SbSourceListener
{
  GObject parent_instance;

  GtkWindow *parent;
  SbDataSource *source;
  char *committed_broker;
  char *blocker;
  char *message;
  gboolean active;

  SbMqttSession *session;
  guint restart_id;
  GCancellable *resolve_cancellable;
};

G_DEFINE_FINAL_TYPE (SbSourceListener, sb_source_listener, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ACTIVE,
  PROP_SESSION,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_DATA_PATH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_message (SbSourceListener *self, const char *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
set_session (SbSourceListener *self, SbMqttSession *session)
{
  if (self->session == session)
    return;
  if (self->session != NULL)
    sb_mqtt_session_stop (self->session);
  g_set_object (&self->session, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* The settings to connect with: those typed, with the broker last committed. */
static SbDataSource *
effective_source (SbSourceListener *self)
{
  SbDataSource *copy = sb_data_source_copy (self->source);

  sb_data_source_set_broker (copy, self->committed_broker);
  return copy;
}

/* A password in the keyring that could not be read (no Secret Service):
 * the listener asks for it rather than connecting without it. */
static gboolean
needs_asking (SbSourceListener *self)
{
  return sb_data_source_get_password_store (self->source) == SB_PASSWORD_STORE_KEYRING
         && sb_app_secrets_needs_password (self->source);
}

static void
stop (SbSourceListener *self)
{
  g_clear_handle_id (&self->restart_id, g_source_remove);
  if (self->resolve_cancellable != NULL)
    g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  set_session (self, NULL);
}

static void
connect_with (SbSourceListener *self, SbDataSource *source)
{
  g_autoptr (SbMqttSession) session = sb_mqtt_session_new (source);

  set_message (self, NULL);
  set_session (self, session);
  sb_mqtt_session_start (session);
}

static void
resolved_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr (SbSourceListener) self = data;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataSource) source = sb_app_secrets_resolve_finish (result, &error);
  g_autoptr (SbDataSource) current = NULL;

  /* Stopped or restarted meanwhile: another answer is awaited, or none. */
  if (cancellable != self->resolve_cancellable || g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_object (&self->resolve_cancellable);
  if (source == NULL)
    {
      set_message (self, _ ("Not connected: no password was given"));
      return;
    }
  /* The settings as they are now (they may have changed while asking). */
  current = effective_source (self);
  sb_data_source_set_password (current, sb_data_source_get_password (source));
  if (*sb_data_source_get_tls_client_key_password (current) == '\0')
    sb_data_source_set_tls_client_key_password (
        current, sb_data_source_get_tls_client_key_password (source));
  connect_with (self, current);
}

static void
start (SbSourceListener *self)
{
  g_autoptr (SbDataSource) source = NULL;

  stop (self);
  if (self->blocker != NULL)
    {
      g_autofree char *text
          /* TRANSLATORS: the listener's state line; %s says what to fix,
             e.g. "Subscription 1: the topic filter is empty" */
          = g_strdup_printf (_ ("Not listening: %s"), self->blocker);
      set_message (self, text);
      return;
    }
  source = effective_source (self);
  if (needs_asking (self))
    {
      /* The password typed stays in memory (sb-app-secrets), not in the
       * dialog's field: Save leaves the keyring as it is. */
      self->resolve_cancellable = g_cancellable_new ();
      set_message (self, _ ("Waiting for the password…"));
      sb_app_secrets_resolve_async (self->parent, source, self->resolve_cancellable, resolved_cb,
                                    g_object_ref (self));
      return;
    }
  connect_with (self, source);
}

static gboolean
restart_cb (gpointer data)
{
  SbSourceListener *self = data;

  self->restart_id = 0;
  start (self);
  return G_SOURCE_REMOVE;
}

/* Whether the running session already uses these settings (a new name,
 * say, needs no reconnect). A data path only changes what the preview
 * shows: the running session takes it as it is typed, without reconnecting
 * (which would empty the table the path is tried on). */
static gboolean
session_is_current (SbSourceListener *self)
{
  g_autoptr (SbDataSource) copy = NULL;
  SbDataSource *running;
  guint n;

  if (self->session == NULL)
    return FALSE;
  running = sb_mqtt_session_get_source (self->session);
  copy = effective_source (self);
  sb_data_source_set_name (copy, sb_data_source_get_name (running));
  /* The password asked for is the running session's alone. */
  if (needs_asking (self))
    sb_data_source_set_password (copy, sb_data_source_get_password (running));
  n = sb_data_source_get_n_subscriptions (copy);
  if (n != sb_data_source_get_n_subscriptions (running))
    return FALSE;
  for (guint i = 0; i < n; i++)
    sb_subscription_set_data_path (
        sb_data_source_get_subscription (copy, i),
        sb_subscription_get_data_path (sb_data_source_get_subscription (running, i)));
  if (!sb_data_source_equal (copy, running))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *path
          = sb_subscription_get_data_path (sb_data_source_get_subscription (self->source, i));
      SbSubscription *running_sub = sb_data_source_get_subscription (running, i);

      if (g_strcmp0 (path, sb_subscription_get_data_path (running_sub)) == 0)
        continue;
      sb_subscription_set_data_path (running_sub, path);
      g_signal_emit (self, signals[SIGNAL_DATA_PATH_CHANGED], 0, i, path);
    }
  return TRUE;
}

static void
schedule_restart (SbSourceListener *self, guint delay_ms)
{
  g_clear_handle_id (&self->restart_id, g_source_remove);
  if (!self->active)
    return;
  /* The password question is open: its answer connects with the settings
   * as they are then (a restart would ask a second time). */
  if (self->resolve_cancellable != NULL)
    return;
  if (self->blocker == NULL && session_is_current (self))
    return;
  self->restart_id = g_timeout_add (delay_ms, restart_cb, self);
}

void
sb_source_listener_update (SbSourceListener *self, const char *blocker)
{
  g_return_if_fail (SB_IS_SOURCE_LISTENER (self));

  if (g_strcmp0 (self->blocker, blocker) != 0)
    {
      g_free (self->blocker);
      self->blocker = g_strdup (blocker);
    }
  schedule_restart (self, RESTART_DELAY_MS);
}

void
sb_source_listener_commit_broker (SbSourceListener *self)
{
  const char *broker;

  g_return_if_fail (SB_IS_SOURCE_LISTENER (self));

  broker = sb_data_source_get_broker (self->source);
  if (g_strcmp0 (broker, self->committed_broker) == 0)
    return;
  g_free (self->committed_broker);
  self->committed_broker = g_strdup (broker);
  schedule_restart (self, 0);
}

gboolean
sb_source_listener_get_active (SbSourceListener *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_LISTENER (self), FALSE);
  return self->active;
}

void
sb_source_listener_set_active (SbSourceListener *self, gboolean active)
{
  g_return_if_fail (SB_IS_SOURCE_LISTENER (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  if (active)
    {
      /* Switching the listener on is the user's go for what the field says. */
      g_free (self->committed_broker);
      self->committed_broker = g_strdup (sb_data_source_get_broker (self->source));
      start (self);
    }
  else
    {
      stop (self);
      set_message (self, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

SbMqttSession *
sb_source_listener_get_session (SbSourceListener *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_LISTENER (self), NULL);
  return self->session;
}

const char *
sb_source_listener_get_message (SbSourceListener *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_LISTENER (self), NULL);
  return self->message;
}

SbSourceListener *
sb_source_listener_new (GtkWindow *parent, SbDataSource *source)
{
  SbSourceListener *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_SOURCE_LISTENER, NULL);
  /* Not a reference: the dialog owns the listener. */
  self->parent = parent;
  self->source = g_object_ref (source);
  self->committed_broker = g_strdup (sb_data_source_get_broker (source));
  return self;
}

static void
sb_source_listener_dispose (GObject *object)
{
  SbSourceListener *self = SB_SOURCE_LISTENER (object);

  g_clear_handle_id (&self->restart_id, g_source_remove);
  if (self->resolve_cancellable != NULL)
    g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  if (self->session != NULL)
    sb_mqtt_session_stop (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->source);
  self->parent = NULL;

  G_OBJECT_CLASS (sb_source_listener_parent_class)->dispose (object);
}

static void
sb_source_listener_finalize (GObject *object)
{
  SbSourceListener *self = SB_SOURCE_LISTENER (object);

  g_free (self->committed_broker);
  g_free (self->blocker);
  g_free (self->message);

  G_OBJECT_CLASS (sb_source_listener_parent_class)->finalize (object);
}

static void
sb_source_listener_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbSourceListener *self = SB_SOURCE_LISTENER (object);

  switch (prop_id)
    {
      case PROP_ACTIVE:
        g_value_set_boolean (value, self->active);
        break;
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_MESSAGE:
        g_value_set_string (value, self->message);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_source_listener_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
      case PROP_ACTIVE:
        sb_source_listener_set_active (SB_SOURCE_LISTENER (object), g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_source_listener_class_init (SbSourceListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_source_listener_dispose;
  object_class->finalize = sb_source_listener_finalize;
  object_class->get_property = sb_source_listener_get_property;
  object_class->set_property = sb_source_listener_set_property;

  properties[PROP_ACTIVE]
      = g_param_spec_boolean ("active", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION]
      = g_param_spec_object ("session", NULL, NULL, SB_TYPE_MQTT_SESSION,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE]
      = g_param_spec_string ("message", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DATA_PATH_CHANGED]
      = g_signal_new ("data-path-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
sb_source_listener_init (SbSourceListener *self)
{
}
