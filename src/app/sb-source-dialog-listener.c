/* sb-source-dialog-listener.c: the dialog's "Enable listener": a session
 * with the settings as they stand, restarted (debounced) as they change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-app-secrets.h"
#include "sb-source-dialog-private.h"
#include "sb-validate.h"

/* Typing settles before the listener reconnects with the new settings. */
#define RESTART_DELAY_MS 600

/* A password in the keyring that could not be read (no Secret Service):
 * the listener asks for it rather than connecting without it. */
static gboolean
needs_asking (SbSourceDialog *self)
{
  return sb_data_source_get_password_store (self->source) == SB_PASSWORD_STORE_KEYRING
         && sb_app_secrets_needs_password (self->source);
}

void
sb_source_dialog_stop_listening (SbSourceDialog *self)
{
  g_clear_handle_id (&self->restart_id, g_source_remove);
  if (self->resolve_cancellable != NULL)
    g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      sb_mqtt_session_stop (self->session);
    }
  if (self->preview_view != NULL)
    sb_preview_view_set_session (self->preview_view, NULL);
  g_clear_object (&self->session);
  sb_source_dialog_data_paths_update (self);
}

/* Whether the settings can be used to connect: the name (and its
 * uniqueness) and the data paths do not matter to the broker. */
static gboolean
can_listen (SbSourceDialog *self)
{
  g_autoptr (GPtrArray) problems = sb_data_source_check (self->source);

  if (self->port_error_text != NULL || sb_source_dialog_advanced_has_input_error (self->advanced))
    return FALSE;
  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *problem = g_ptr_array_index (problems, i);
      if (!g_str_equal (problem->field, "name") && !g_str_has_suffix (problem->field, ".data_path"))
        return FALSE;
    }
  return TRUE;
}

static void
connect_with (SbSourceDialog *self, SbDataSource *source)
{
  sb_preview_view_set_message (self->preview_view, NULL);
  self->session = sb_mqtt_session_new (source);
  sb_preview_view_set_session (self->preview_view, self->session);
  sb_source_dialog_data_paths_attach (self);
  sb_mqtt_session_start (self->session);
}

static void
resolved_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr (SbSourceDialog) self = data;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataSource) source = sb_app_secrets_resolve_finish (result, &error);

  /* Stopped or restarted meanwhile: another answer is awaited, or none. */
  if (cancellable != self->resolve_cancellable || g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_object (&self->resolve_cancellable);
  if (source == NULL)
    {
      sb_preview_view_set_message (self->preview_view, _ ("Not connected: no password was given"));
      return;
    }
  /* The settings as they are now (they may have changed while asking). */
  {
    g_autoptr (SbDataSource) current = sb_data_source_copy (self->source);

    sb_data_source_set_password (current, sb_data_source_get_password (source));
    if (*sb_data_source_get_tls_client_key_password (current) == '\0')
      sb_data_source_set_tls_client_key_password (
          current, sb_data_source_get_tls_client_key_password (source));
    connect_with (self, current);
  }
}

static void
start_listening (SbSourceDialog *self)
{
  sb_source_dialog_stop_listening (self);
  if (!can_listen (self))
    {
      sb_preview_view_set_message (self->preview_view,
                                   _ ("Fix the settings above to start listening"));
      return;
    }
  if (needs_asking (self))
    {
      /* The password typed stays in memory (sb-app-secrets), not in the
       * dialog's field: Save leaves the keyring as it is. */
      self->resolve_cancellable = g_cancellable_new ();
      sb_preview_view_set_message (self->preview_view, _ ("Waiting for the password…"));
      sb_app_secrets_resolve_async (GTK_WINDOW (self), self->source, self->resolve_cancellable,
                                    resolved_cb, g_object_ref (self));
      return;
    }
  connect_with (self, self->source);
}

static gboolean
restart_cb (gpointer data)
{
  SbSourceDialog *self = data;

  self->restart_id = 0;
  start_listening (self);
  return G_SOURCE_REMOVE;
}

/* Whether the running session already uses these settings (a new name,
 * say, needs no reconnect). A data path only changes what the preview
 * shows: the running session takes it as it is typed, without reconnecting
 * (which would empty the table the path is tried on). */
static gboolean
session_is_current (SbSourceDialog *self)
{
  g_autoptr (SbDataSource) copy = NULL;
  SbDataSource *running;
  guint n;

  if (self->session == NULL)
    return FALSE;
  running = sb_mqtt_session_get_source (self->session);
  copy = sb_data_source_copy (self->source);
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
      sb_preview_model_set_data_path (sb_preview_view_get_model (self->preview_view), i, path);
    }
  return TRUE;
}

void
sb_source_dialog_schedule_restart (SbSourceDialog *self)
{
  if (!gtk_switch_get_active (self->listen_switch))
    return;
  /* The password question is open: its answer connects with the settings
   * as they are then (a restart would ask a second time). */
  if (self->resolve_cancellable != NULL)
    return;
  if (session_is_current (self) && self->port_error_text == NULL
      && !sb_source_dialog_advanced_has_input_error (self->advanced))
    {
      g_clear_handle_id (&self->restart_id, g_source_remove);
      return;
    }
  g_clear_handle_id (&self->restart_id, g_source_remove);
  self->restart_id = g_timeout_add (RESTART_DELAY_MS, restart_cb, self);
}

void
sb_source_dialog_listen_toggled_cb (SbSourceDialog *self)
{
  gboolean active;

  if (self->loading)
    return;
  active = gtk_switch_get_active (self->listen_switch);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_view), active);
  /* While the preview shows, the form yields the height to it and scrolls. */
  gtk_scrolled_window_set_propagate_natural_height (self->form_scroller, !active);
  if (active)
    start_listening (self);
  else
    sb_source_dialog_stop_listening (self);
}
