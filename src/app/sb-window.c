/* sb-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sb-app-secrets.h"
#include "sb-file-chooser.h"
#include "sb-window.h"

/* How long Undo is offered after a delete. */
#define UNDO_SECONDS 6

struct _SbWindow
{
  GtkApplicationWindow parent_instance;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkStack *stack;
  GtkListBox *sources_list;
  GtkLabel *error_title;
  GtkLabel *error_label;
  GtkRevealer *undo_revealer;
  GtkLabel *undo_label;
  GtkWidget *menu_button;
  GtkWidget *error_open_button;
  GtkWidget *error_new_button;

  SbConfig *config;
  char *path;

  /* The last deleted data source, while Undo is offered. */
  SbDataSource *deleted;
  guint deleted_position;
  guint undo_id;

  /* Data source (borrowed) -> its SbPreviewWindow (borrowed, removed on destroy). */
  GHashTable *previews;
  SbSourceDialog *dialog;
};

G_DEFINE_FINAL_TYPE (SbWindow, sb_window, GTK_TYPE_APPLICATION_WINDOW)

char *
sb_format_config_error (const char *file, const GError *error)
{
  g_auto (GStrv) lines = g_strsplit (error->message, "\n", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* "LINE:COL: message" sticks to the file name, as compilers (and the CLI) print it. */
      if (error->domain == SB_CONFIG_ERROR && error->code == SB_CONFIG_ERROR_SYNTAX
          && g_ascii_isdigit (lines[i][0]))
        g_string_append_printf (text, "%s:%s", file, lines[i]);
      else
        g_string_append_printf (text, "%s: %s", file, lines[i]);
    }
  return g_string_free (text, FALSE);
}

static GSettings *
get_settings (SbWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (SB_IS_APPLICATION (app))
    return sb_application_get_settings (SB_APPLICATION (app));
  return NULL;
}

GtkWindow *
sb_window_show_error (SbWindow *self, const char *primary, const char *secondary)
{
  GtkWidget *dialog;

  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
update_title (SbWindow *self)
{
  g_autofree char *basename = NULL;
  g_autofree char *dirname = NULL;
  g_autofree char *title = NULL;
  const char *home = g_get_home_dir ();

  if (self->path == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), "Signalboard");
      gtk_label_set_label (self->title_label, "Signalboard");
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
      return;
    }

  basename = g_path_get_basename (self->path);
  dirname = g_path_get_dirname (self->path);
  /* The folder as people say it: ~/.config/signalboard, not /home/me/.config/signalboard. */
  if (home != NULL && g_str_has_prefix (dirname, home)
      && (dirname[strlen (home)] == '/' || dirname[strlen (home)] == '\0'))
    {
      char *short_dir = g_strconcat ("~", dirname + strlen (home), NULL);
      g_free (dirname);
      dirname = short_dir;
    }
  title = g_strdup_printf ("%s — Signalboard", basename);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_label (self->title_label, basename);
  gtk_label_set_label (self->subtitle_label, dirname);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
}

static void
update_actions (SbWindow *self)
{
  static const char *const need_config[]
      = { "add-source",       "save-as",       "edit-source",
          "duplicate-source", "delete-source", "preview-source" };

  for (guint i = 0; i < G_N_ELEMENTS (need_config); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), need_config[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->config != NULL);
    }
  g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "undo-delete")),
      self->deleted != NULL);
  g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "reload")),
      self->config == NULL && self->path != NULL);
}

static void
update_page (SbWindow *self)
{
  if (self->config == NULL)
    gtk_stack_set_visible_child_name (self->stack, "error");
  else if (sb_config_get_n_data_sources (self->config) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
update_row_sessions (SbWindow *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sources_list, i)) != NULL; i++)
    {
      SbSourceRow *source_row = SB_SOURCE_ROW (row);
      SbPreviewWindow *preview
          = g_hash_table_lookup (self->previews, sb_source_row_get_source (source_row));

      sb_source_row_set_session (source_row,
                                 preview != NULL ? sb_preview_window_get_session (preview) : NULL);
    }
}

static GtkWidget *
create_row_cb (gpointer item, gpointer data)
{
  return sb_source_row_new (item);
}

static void
close_children (SbWindow *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_hash_table_iter_init (&iter, self->previews);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_signal_handlers_disconnect_by_data (value, self);
      gtk_window_destroy (value);
    }
}

static void
dismiss_undo (SbWindow *self)
{
  g_clear_handle_id (&self->undo_id, g_source_remove);
  /* Undo takes self->deleted first: a delete still here now is final. */
  if (self->deleted != NULL)
    sb_app_secrets_forget_source (self->deleted);
  g_clear_object (&self->deleted);
  gtk_revealer_set_reveal_child (self->undo_revealer, FALSE);
  update_actions (self);
}

static void
set_config (SbWindow *self, SbConfig *config, const char *path)
{
  close_children (self);
  dismiss_undo (self);
  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (sb_config_get_data_sources (self->config), self);
  g_set_object (&self->config, config);
  g_free (self->path);
  self->path = g_strdup (path);

  gtk_list_box_bind_model (self->sources_list,
                           config != NULL ? sb_config_get_data_sources (config) : NULL,
                           create_row_cb, self, NULL);
  if (config != NULL)
    g_signal_connect_object (sb_config_get_data_sources (config), "items-changed",
                             G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  update_title (self);
  update_page (self);
  update_actions (self);
}

static void
remember_file (SbWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings != NULL && self->path != NULL)
    g_settings_set_string (settings, "last-file", self->path);
}

gboolean
sb_window_open_path (SbWindow *self, const char *path)
{
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* No file yet is the normal first start: an empty list, saved on the first change. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    config = sb_config_new ();
  else
    config = sb_config_load_from_file (path, &error);

  if (config != NULL)
    {
      set_config (self, config, path);
      remember_file (self);
      return TRUE;
    }

  set_config (self, NULL, path);
  basename = g_path_get_basename (path);
  title = g_strdup_printf (_ ("Could not open “%s”"), basename);
  text = sb_format_config_error (path, error);
  gtk_label_set_label (self->error_title, title);
  gtk_label_set_label (self->error_label, text);
  return FALSE;
}

const char *
sb_window_get_path (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->path;
}

SbConfig *
sb_window_get_config (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->config;
}

/* Every confirmed change is written at once; the core writes atomically. */
static gboolean
save (SbWindow *self, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
                   _ ("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return sb_config_save_to_file (self->config, self->path, error);
}

static void
show_save_error (SbWindow *self, const GError *error)
{
  g_autofree char *basename = g_path_get_basename (self->path);
  g_autofree char *primary = g_strdup_printf (_ ("Could not save “%s”"), basename);

  sb_window_show_error (self, primary, error->message);
}

static SbDataSource *
lookup_source (SbWindow *self, GVariant *parameter, guint *position)
{
  const char *id = g_variant_get_string (parameter, NULL);
  SbDataSource *source;

  if (self->config == NULL)
    return NULL;
  source = sb_config_find_by_id (self->config, id);
  if (source != NULL && position != NULL && !sb_config_find (self->config, source, position))
    return NULL;
  return source;
}

/* Add and Edit */

static void
dialog_destroyed_cb (SbWindow *self)
{
  self->dialog = NULL;
}

static void
add_confirm_cb (SbSourceDialog *dialog, SbDataSource *edited, SbWindow *self)
{
  g_autoptr (SbDataSource) source = sb_data_source_copy (edited);
  g_autoptr (GError) error = NULL;
  guint position;

  sb_config_append (self->config, source);
  if (!save (self, &error))
    {
      if (sb_config_find (self->config, source, &position))
        sb_config_remove (self->config, position);
      sb_source_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
edit_confirm_cb (SbSourceDialog *dialog, SbDataSource *edited, SbWindow *self)
{
  SbDataSource *original = sb_source_dialog_get_original (dialog);
  g_autoptr (SbDataSource) before = sb_data_source_copy (original);
  g_autoptr (GError) error = NULL;

  sb_data_source_assign (original, edited);
  if (!save (self, &error))
    {
      sb_data_source_assign (original, before);
      sb_source_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_dialog (SbWindow *self, SbDataSource *original)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  self->dialog = sb_source_dialog_new (GTK_WINDOW (self), self->config, original);
  g_signal_connect_object (self->dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (
      self->dialog, "confirm",
      original != NULL ? G_CALLBACK (edit_confirm_cb) : G_CALLBACK (add_confirm_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
add_source_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  open_dialog (data, NULL);
}

static void
edit_source_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbDataSource *source = lookup_source (data, parameter, NULL);

  if (source != NULL)
    open_dialog (data, source);
}

static void
row_activated_cb (SbWindow *self, GtkListBoxRow *row)
{
  open_dialog (self, sb_source_row_get_source (SB_SOURCE_ROW (row)));
}

/* Duplicate */

static char *
unique_copy_name (SbConfig *config, const char *name)
{
  char *candidate = g_strdup_printf (_ ("%s (copy)"), name);

  for (guint i = 2; sb_config_find_by_name (config, candidate) != NULL; i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf (_ ("%s (copy %u)"), name, i);
    }
  return candidate;
}

static void
duplicate_source_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;
  guint position;
  SbDataSource *source = lookup_source (self, parameter, &position);
  g_autoptr (SbDataSource) copy = NULL;
  g_autoptr (SbDataSource) fresh = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  if (source == NULL)
    return;

  copy = sb_data_source_copy (source);
  /* A copy is a data source of its own: it gets a new id. */
  fresh = sb_data_source_new ();
  sb_data_source_set_id (copy, sb_data_source_get_id (fresh));
  name = unique_copy_name (self->config, sb_data_source_get_name (source));
  sb_data_source_set_name (copy, name);
  sb_config_insert (self->config, position + 1, copy);
  if (!save (self, &error))
    {
      sb_config_remove (self->config, position + 1);
      show_save_error (self, error);
      return;
    }
  sb_app_secrets_duplicate (source, copy);
}

/* Delete and Undo */

static gboolean
undo_timeout_cb (gpointer data)
{
  SbWindow *self = data;

  self->undo_id = 0;
  dismiss_undo (self);
  return G_SOURCE_REMOVE;
}

static void
close_preview (SbWindow *self, SbDataSource *source)
{
  SbPreviewWindow *preview = g_hash_table_lookup (self->previews, source);

  if (preview != NULL)
    gtk_window_destroy (GTK_WINDOW (preview));
}

static void
delete_source_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;
  guint position;
  SbDataSource *found = lookup_source (self, parameter, &position);
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (found == NULL)
    return;

  source = g_object_ref (found);
  close_preview (self, source);
  if (self->dialog != NULL && sb_source_dialog_get_original (self->dialog) == source)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  sb_config_remove (self->config, position);
  if (!save (self, &error))
    {
      sb_config_insert (self->config, position, source);
      show_save_error (self, error);
      return;
    }

  /* Only the latest delete can be undone; an earlier one is final now. */
  dismiss_undo (self);
  self->deleted = g_steal_pointer (&source);
  self->deleted_position = position;
  text = g_strdup_printf (_ ("“%s” deleted"), sb_data_source_get_name (self->deleted));
  gtk_label_set_label (self->undo_label, text);
  gtk_revealer_set_reveal_child (self->undo_revealer, TRUE);
  self->undo_id = g_timeout_add_seconds (UNDO_SECONDS, undo_timeout_cb, self);
  update_actions (self);
}

static void
undo_delete_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataSource) source = NULL;
  guint position;

  if (self->deleted == NULL || self->config == NULL)
    return;

  source = g_steal_pointer (&self->deleted);
  position = MIN (self->deleted_position, sb_config_get_n_data_sources (self->config));
  dismiss_undo (self);
  sb_config_insert (self->config, position, source);
  if (!save (self, &error))
    {
      sb_config_remove (self->config, position);
      show_save_error (self, error);
    }
}

static void
dismiss_undo_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  dismiss_undo (data);
}

/* Preview */

static void
preview_destroyed_cb (SbPreviewWindow *preview, SbWindow *self)
{
  GHashTableIter iter;
  gpointer value;

  /* By "destroy" the window has already let go of its source: find it by value. */
  g_hash_table_iter_init (&iter, self->previews);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == preview)
      g_hash_table_iter_remove (&iter);
  update_row_sessions (self);
}

static SbPreviewWindow *
open_preview (SbWindow *self, SbDataSource *source)
{
  SbPreviewWindow *preview = g_hash_table_lookup (self->previews, source);

  if (preview == NULL)
    {
      preview = sb_preview_window_new (gtk_window_get_application (GTK_WINDOW (self)), source);
      g_hash_table_insert (self->previews, source, preview);
      g_signal_connect_object (preview, "destroy", G_CALLBACK (preview_destroyed_cb), self, 0);
      g_signal_connect_object (preview, "notify::session", G_CALLBACK (update_row_sessions), self,
                               G_CONNECT_SWAPPED);
      update_row_sessions (self);
    }
  gtk_window_present (GTK_WINDOW (preview));
  return preview;
}

static void
preview_source_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbDataSource *source = lookup_source (data, parameter, NULL);

  if (source != NULL)
    open_preview (data, source);
}

gboolean
sb_window_listen (SbWindow *self, const char *name, GError **error)
{
  SbDataSource *source;

  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->config == NULL)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("%s could not be loaded, so “%s” cannot be found in it"), self->path, name);
      return FALSE;
    }
  source = sb_config_find_by_name (self->config, name);
  if (source == NULL)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("%s has no data source named “%s”"), self->path, name);
      return FALSE;
    }
  open_preview (self, source);
  return TRUE;
}

/* Files */

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

  if (self->config == NULL)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  if (!save (self, &error))
    {
      show_save_error (self, error);
      g_free (self->path);
      self->path = g_steal_pointer (&old_path);
      return;
    }
  update_title (self);
  remember_file (self);
}

static void
new_file_done (GtkWindow *window, const char *path)
{
  SbWindow *self = SB_WINDOW (window);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;

  set_config (self, config, path);
  if (!save (self, &error))
    show_save_error (self, error);
  remember_file (self);
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

static const GActionEntry win_entries[] = {
  { .name = "add-source", .activate = add_source_activated },
  { .name = "edit-source", .activate = edit_source_activated, .parameter_type = "s" },
  { .name = "duplicate-source", .activate = duplicate_source_activated, .parameter_type = "s" },
  { .name = "delete-source", .activate = delete_source_activated, .parameter_type = "s" },
  { .name = "preview-source", .activate = preview_source_activated, .parameter_type = "s" },
  { .name = "undo-delete", .activate = undo_delete_activated },
  { .name = "dismiss-undo", .activate = dismiss_undo_activated },
  { .name = "open", .activate = open_activated },
  { .name = "save-as", .activate = save_as_activated },
  { .name = "new-file", .activate = new_file_activated },
  { .name = "reload", .activate = reload_activated },
};

/* Test access */

SbSourceDialog *
sb_window_get_source_dialog (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->dialog;
}

SbPreviewWindow *
sb_window_get_preview_window (SbWindow *self, SbDataSource *source)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return g_hash_table_lookup (self->previews, source);
}

SbSourceRow *
sb_window_get_row (SbWindow *self, guint position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  row = gtk_list_box_get_row_at_index (self->sources_list, (int)position);
  return row != NULL ? SB_SOURCE_ROW (row) : NULL;
}

GtkWidget *
sb_window_get_widget (SbWindow *self, const char *name)
{
  GObject *child;

  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  child = gtk_widget_get_template_child (GTK_WIDGET (self), SB_TYPE_WINDOW, name);
  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);
  return GTK_WIDGET (child);
}

/* GObject */

static gboolean
sb_window_close_request (GtkWindow *window)
{
  SbWindow *self = SB_WINDOW (window);
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }
  close_children (self);
  return GTK_WINDOW_CLASS (sb_window_parent_class)->close_request (window);
}

/* Not in constructed (): "application" is set only after it. */
static void
restore_size (SbWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    {
      int width = g_settings_get_int (settings, "window-width");
      int height = g_settings_get_int (settings, "window-height");

      if (width > 0 && height > 0)
        gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

static void
sb_window_dispose (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  if (self->previews != NULL)
    close_children (self);
  g_clear_handle_id (&self->undo_id, g_source_remove);
  g_clear_object (&self->deleted);
  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (sb_config_get_data_sources (self->config), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_WINDOW);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (sb_window_parent_class)->dispose (object);
}

static void
sb_window_finalize (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  g_clear_pointer (&self->previews, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (sb_window_parent_class)->finalize (object);
}

static void
sb_window_class_init (SbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sb_window_dispose;
  object_class->finalize = sb_window_finalize;
  window_class->close_request = sb_window_close_request;

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, SB_RESOURCE_PATH "/ui/sb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, sources_list);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_title);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, undo_revealer);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, undo_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_open_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_new_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
sb_window_init (SbWindow *self)
{
  self->previews = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries),
                                   self);
  update_title (self);
  update_page (self);
  update_actions (self);
}

SbWindow *
sb_window_new (SbApplication *app)
{
  SbWindow *self = g_object_new (SB_TYPE_WINDOW, "application", app, NULL);

  restore_size (self);
  return self;
}
