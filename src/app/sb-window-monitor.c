/* sb-window-monitor.c: the open file changed by another program (issue 8,
 * "Configuration safety"): a GFileMonitor notices, an info bar offers Reload
 * or Keep My Version, and nothing is saved over the other change until the
 * user chose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-file.h"
#include "sb-window-private.h"

static char *
read_disk (SbWindow *self)
{
  if (self->path == NULL)
    return NULL;
  /* Another program may have put a FIFO or a device there: never block on it. */
  return sb_file_read_regular (self->path, SB_CONFIG_MAX_SIZE, NULL, NULL, NULL);
}

void
sb_window_set_change_pending (SbWindow *self, gboolean pending)
{
  self->change_pending = pending;
  gtk_info_bar_set_revealed (self->change_bar, pending);
}

/* What is on disk now is ours when it is what we loaded or last wrote:
 * our own saves (and the .bak beside) never raise the bar. */
static void
check_disk (SbWindow *self)
{
  g_autofree char *contents = read_disk (self);

  self->n_file_checks++;
  /* A file that is gone is saved again by the next change; nothing to reload. */
  if (contents == NULL || self->config == NULL)
    return;
  if (g_strcmp0 (contents, self->disk_text) != 0)
    sb_window_set_change_pending (self, TRUE);
}

static void
file_changed_cb (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                 SbWindow *self)
{
  switch (event)
    {
      case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      case G_FILE_MONITOR_EVENT_CREATED:
      case G_FILE_MONITOR_EVENT_MOVED_IN:
      case G_FILE_MONITOR_EVENT_RENAMED:
      case G_FILE_MONITOR_EVENT_DELETED:
        check_disk (self);
        break;
      case G_FILE_MONITOR_EVENT_CHANGED:
      case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
      case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
      case G_FILE_MONITOR_EVENT_UNMOUNTED:
      case G_FILE_MONITOR_EVENT_MOVED:
      case G_FILE_MONITOR_EVENT_MOVED_OUT:
      default:
        break;
    }
}

void
sb_window_unwatch (SbWindow *self)
{
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_pointer (&self->disk_text, g_free);
}

void
sb_window_watch (SbWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  sb_window_unwatch (self);
  sb_window_set_change_pending (self, FALSE);
  if (self->config == NULL || self->path == NULL)
    return;
  self->disk_text = read_disk (self);
  file = g_file_new_for_path (self->path);
  /* WATCH_MOVES: an atomic save (ours or an editor's) renames a file into place. */
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      /* Not fatal: the file is still saved, only outside changes go unnoticed. */
      g_message ("Cannot watch %s for changes: %s", self->path, error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (file_changed_cb), self);
}

void
sb_window_note_saved (SbWindow *self)
{
  g_free (self->disk_text);
  self->disk_text = read_disk (self);
}

gboolean
sb_window_check_unchanged (SbWindow *self, GError **error)
{
  g_autofree char *basename = NULL;

  if (self->monitor == NULL)
    return TRUE;
  /* The monitor may not have reported yet: look at the disk itself too. */
  if (!self->change_pending)
    check_disk (self);
  if (!self->change_pending)
    return TRUE;
  basename = g_path_get_basename (self->path);
  g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
               _ ("Not saved: another program changed “%s”. Choose Reload or Keep My Version in "
                  "the bar above the list first."),
               basename);
  return FALSE;
}

static void
reload_changed_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;
  g_autofree char *path = g_strdup (self->path);

  /* A broken file shows its errors and is never written (sb_window_open_path). */
  if (path != NULL)
    sb_window_open_path (self, path);
}

static void
keep_mine_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;

  /* The other version is now known and set aside: the next save replaces it. */
  g_free (self->disk_text);
  self->disk_text = read_disk (self);
  sb_window_set_change_pending (self, FALSE);
}

static const GActionEntry monitor_entries[] = {
  { .name = "reload-changed", .activate = reload_changed_activated },
  { .name = "keep-mine", .activate = keep_mine_activated },
};

void
sb_window_add_monitor_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), monitor_entries,
                                   G_N_ELEMENTS (monitor_entries), self);
}

gboolean
sb_window_get_change_pending (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  return self->change_pending;
}

guint
sb_window_get_n_file_checks (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), 0);
  return self->n_file_checks;
}
