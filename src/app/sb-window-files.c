/* sb-window-files.c: the main window's file actions: open, new, save as,
 * try again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-file-chooser.h"
#include "sb-window-private.h"

static void
open_done (GtkWindow *window, const char *path)
{
  SbWindow *self = SB_WINDOW (window);
  sb_window_open_path (self, path);
}

static void
save_as_done (GtkWindow *window, const char *path)
{
  SbWindow *self = SB_WINDOW (window);
  g_autofree char *old_path = g_strdup (self->path);
  g_autoptr (GError) error = NULL;
  gboolean was_pending = self->change_pending;

  if (self->config == NULL)
    return;
  /* Another file: the chooser already asked before replacing it. */
  sb_window_unwatch (self);
  g_free (self->path);
  self->path = g_strdup (path);
  if (!sb_window_save (self, &error))
    {
      sb_window_show_save_error (self, error);
      g_free (self->path);
      self->path = g_steal_pointer (&old_path);
      sb_window_watch (self);
      sb_window_set_change_pending (self, was_pending);
      return;
    }
  sb_window_watch (self);
  sb_window_update_title (self);
  sb_window_remember_file (self);
}

static void
new_file_done (GtkWindow *window, const char *path)
{
  SbWindow *self = SB_WINDOW (window);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;

  sb_window_set_config (self, config, path);
  if (!sb_window_save (self, &error))
    sb_window_show_save_error (self, error);
  sb_window_remember_file (self);
}

static void
open_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;

  sb_file_chooser_run (GTK_WINDOW (self), _ ("Open Configuration"), GTK_FILE_CHOOSER_ACTION_OPEN,
                       _ ("_Open"), self->path, NULL, open_done);
}

static void
save_as_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;
  g_autofree char *name = self->path != NULL ? g_path_get_basename (self->path) : NULL;

  sb_file_chooser_run (GTK_WINDOW (self), _ ("Save Configuration As"), GTK_FILE_CHOOSER_ACTION_SAVE,
                       _ ("_Save"), self->path, name != NULL ? name : "data-sources.json",
                       save_as_done);
}

static void
new_file_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;

  sb_file_chooser_run (GTK_WINDOW (self), _ ("New Configuration File"),
                       GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Create"), self->path, "data-sources.json",
                       new_file_done);
}

static void
reload_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;
  g_autofree char *path = g_strdup (self->path);

  if (path != NULL)
    sb_window_open_path (self, path);
}

static const GActionEntry file_entries[] = {
  { .name = "open", .activate = open_activated },
  { .name = "save-as", .activate = save_as_activated },
  { .name = "new-file", .activate = new_file_activated },
  { .name = "reload", .activate = reload_activated },
};

void
sb_window_add_file_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), file_entries, G_N_ELEMENTS (file_entries),
                                   self);
}
