/* sb-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sb-window-private.h"

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

void
sb_window_update_title (SbWindow *self)
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

void
sb_window_update_actions (SbWindow *self)
{
  static const char *const need_config[]
      = { "add-source",    "save-as",        "edit-source", "duplicate-source",
          "delete-source", "preview-source", "import",      "export-source" };

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

static GtkWidget *
create_row_cb (gpointer item, gpointer data)
{
  return sb_source_row_new (item);
}

void
sb_window_set_config (SbWindow *self, SbConfig *config, const char *path)
{
  sb_window_close_children (self);
  sb_window_dismiss_undo (self);
  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (sb_config_get_data_sources (self->config), self);
  g_set_object (&self->config, config);
  g_free (self->path);
  self->path = g_strdup (path);

  /* A focused row that goes with the old list left GTK's scrolled window
   * holding a dead focus child (a critical on the next layout). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_list_box_bind_model (self->sources_list,
                           config != NULL ? sb_config_get_data_sources (config) : NULL,
                           create_row_cb, self, NULL);
  if (config != NULL)
    g_signal_connect_object (sb_config_get_data_sources (config), "items-changed",
                             G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  sb_window_update_title (self);
  update_page (self);
  sb_window_update_actions (self);
  sb_window_watch (self);
}

void
sb_window_remember_file (SbWindow *self)
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
      sb_window_set_config (self, config, path);
      sb_window_remember_file (self);
      return TRUE;
    }

  sb_window_set_config (self, NULL, path);
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

gboolean
sb_window_save (SbWindow *self, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
                   _ ("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  if (!sb_window_check_unchanged (self, error)
      || !sb_config_save_to_file (self->config, self->path, error))
    return FALSE;
  sb_window_note_saved (self);
  return TRUE;
}

void
sb_window_show_save_error (SbWindow *self, const GError *error)
{
  g_autofree char *basename = g_path_get_basename (self->path);
  g_autofree char *primary = g_strdup_printf (_ ("Could not save “%s”"), basename);

  sb_window_show_error (self, primary, error->message);
}

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
  sb_window_close_children (self);
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
    sb_window_close_children (self);
  g_clear_handle_id (&self->undo_id, g_source_remove);
  g_clear_object (&self->deleted);
  sb_window_unwatch (self);
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
  g_free (self->export_id);

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
  gtk_widget_class_bind_template_child (widget_class, SbWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_open_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_new_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, change_bar);
  gtk_widget_class_bind_template_callback_full (widget_class, "row_activated_cb",
                                                G_CALLBACK (sb_window_row_activated_cb));
}

/* The keyboard-shortcuts window (Ctrl+?), built the first time it is asked
 * for: GtkApplication builds gtk/help-overlay.ui for every window before it
 * is shown, 5 % of the app's start-up for a window most people never open. */
static void
show_help_overlay_cb (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkApplicationWindow *window = data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr (GtkBuilder) builder
          = gtk_builder_new_from_resource (SB_RESOURCE_PATH "/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      /* Makes it transient for the window, hidden on close, and replaces this
       * action with GTK's own, which presents it. */
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static const GActionEntry help_entries[] = {
  { .name = "show-help-overlay", .activate = show_help_overlay_cb },
};

static void
sb_window_init (SbWindow *self)
{
  self->previews = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), help_entries, G_N_ELEMENTS (help_entries),
                                   self);
  sb_window_add_source_actions (self);
  sb_window_add_file_actions (self);
  sb_window_add_import_actions (self);
  sb_window_add_monitor_actions (self);
  sb_window_update_title (self);
  update_page (self);
  sb_window_update_actions (self);
}

SbWindow *
sb_window_new (SbApplication *app)
{
  SbWindow *self = g_object_new (SB_TYPE_WINDOW, "application", app, NULL);

  restore_size (self);
  return self;
}
