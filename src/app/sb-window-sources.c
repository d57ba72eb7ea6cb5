/* sb-window-sources.c: the main window's data source actions: add, edit,
 * duplicate, delete with undo, preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-app-secrets.h"
#include "sb-window-private.h"

/* How long Undo is offered after a delete. */
#define UNDO_SECONDS 6

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

void
sb_window_update_row_sessions (SbWindow *self)
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

void
sb_window_close_children (SbWindow *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  g_hash_table_iter_init (&iter, self->previews);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_signal_handlers_disconnect_by_data (value, self);
      gtk_window_destroy (value);
    }
}

void
sb_window_dismiss_undo (SbWindow *self)
{
  g_clear_handle_id (&self->undo_id, g_source_remove);
  /* Undo takes self->deleted first: a delete still here now is final. */
  if (self->deleted != NULL)
    sb_app_secrets_forget_source (self->deleted);
  g_clear_object (&self->deleted);
  gtk_revealer_set_reveal_child (self->undo_revealer, FALSE);
  sb_window_update_actions (self);
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
  if (!sb_window_save (self, &error))
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
  if (!sb_window_save (self, &error))
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

void
sb_window_row_activated_cb (SbWindow *self, GtkListBoxRow *row)
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
  if (!sb_window_save (self, &error))
    {
      sb_config_remove (self->config, position + 1);
      sb_window_show_save_error (self, error);
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
  sb_window_dismiss_undo (self);
  return G_SOURCE_REMOVE;
}

void
sb_window_show_notice (SbWindow *self, const char *text)
{
  sb_window_dismiss_undo (self);
  gtk_label_set_label (self->undo_label, text);
  gtk_widget_set_visible (self->undo_button, FALSE);
  gtk_revealer_set_reveal_child (self->undo_revealer, TRUE);
  self->undo_id = g_timeout_add_seconds (UNDO_SECONDS, undo_timeout_cb, self);
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
  if (!sb_window_save (self, &error))
    {
      sb_config_insert (self->config, position, source);
      sb_window_show_save_error (self, error);
      return;
    }

  /* Only the latest delete can be undone; an earlier one is final now. */
  sb_window_dismiss_undo (self);
  self->deleted = g_steal_pointer (&source);
  self->deleted_position = position;
  text = g_strdup_printf (_ ("“%s” deleted"), sb_data_source_get_name (self->deleted));
  gtk_label_set_label (self->undo_label, text);
  gtk_widget_set_visible (self->undo_button, TRUE);
  gtk_revealer_set_reveal_child (self->undo_revealer, TRUE);
  self->undo_id = g_timeout_add_seconds (UNDO_SECONDS, undo_timeout_cb, self);
  sb_window_update_actions (self);
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
  sb_window_dismiss_undo (self);
  sb_config_insert (self->config, position, source);
  if (!sb_window_save (self, &error))
    {
      sb_config_remove (self->config, position);
      sb_window_show_save_error (self, error);
    }
}

static void
dismiss_undo_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  sb_window_dismiss_undo (data);
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
  sb_window_update_row_sessions (self);
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
      g_signal_connect_object (preview, "notify::session",
                               G_CALLBACK (sb_window_update_row_sessions), self, G_CONNECT_SWAPPED);
      sb_window_update_row_sessions (self);
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

static const GActionEntry source_entries[] = {
  { .name = "add-source", .activate = add_source_activated },
  { .name = "edit-source", .activate = edit_source_activated, .parameter_type = "s" },
  { .name = "duplicate-source", .activate = duplicate_source_activated, .parameter_type = "s" },
  { .name = "delete-source", .activate = delete_source_activated, .parameter_type = "s" },
  { .name = "preview-source", .activate = preview_source_activated, .parameter_type = "s" },
  { .name = "undo-delete", .activate = undo_delete_activated },
  { .name = "dismiss-undo", .activate = dismiss_undo_activated },
};

void
sb_window_add_source_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), source_entries,
                                   G_N_ELEMENTS (source_entries), self);
}
