/* sb-source-dialog-listener.c: the dialog's "Enable listener": a session
 * with the settings as they stand, restarted (debounced) as they change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-source-dialog-private.h"
#include "sb-validate.h"

/* Typing settles before the listener reconnects with the new settings. */
#define RESTART_DELAY_MS 600

void
sb_source_dialog_stop_listening (SbSourceDialog *self)
{
  g_clear_handle_id (&self->restart_id, g_source_remove);
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
start_listening (SbSourceDialog *self)
{
  sb_source_dialog_stop_listening (self);
  if (!can_listen (self))
    {
      sb_preview_view_set_message (self->preview_view,
                                   _ ("Fix the settings above to start listening"));
      return;
    }
  sb_preview_view_set_message (self->preview_view, NULL);
  self->session = sb_mqtt_session_new (self->source);
  sb_preview_view_set_session (self->preview_view, self->session);
  sb_source_dialog_data_paths_attach (self);
  sb_mqtt_session_start (self->session);
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
