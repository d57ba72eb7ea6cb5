/* sb-window.c: the main window: the data sources of one configuration
 * file, their actions (add, edit, duplicate, delete with undo, preview),
 * the file actions (open, new, save as), import and export, and the file
 * changed by another program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sb-accessible.h"
#include "sb-app-secrets.h"
#include "sb-browse-window.h"
#include "sb-config-file.h"
#include "sb-file-chooser.h"
#include "sb-file.h"
#include "sb-import.h"
#include "sb-source-list.h"
#include "sb-window-private.h"

/* How long Undo is offered after a delete. */
#define UNDO_SECONDS 6
/* libadwaita 1.2's longest show animation of a toast (500 ms when it
 * replaces one still leaving, else 300 ms); see sb_window_let_toast_go (). */
#define TOAST_ARRIVAL_US (500 * G_TIME_SPAN_MILLISECOND)

struct _SbWindow
{
  AdwApplicationWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkStack *stack;
  SbSourceList *source_list;
  AdwStatusPage *error_page;
  GtkLabel *error_label;
  AdwToastOverlay *toast_overlay;
  GtkWidget *menu_button;
  GtkWidget *error_open_button;
  GtkWidget *error_new_button;

  SbConfig *config;
  char *path;

  /* The last deleted data source, while Undo is offered. */
  SbDataSource *deleted;
  guint deleted_position;
  /* The toast shown (Undo after a delete, or a notice), or NULL. */
  AdwToast *toast;
  /* The frame time by which the toast shown has surely finished arriving. */
  gint64 toast_arrived_at;
  /* A toast let go of before it had arrived: still on screen until then. */
  AdwToast *toast_leaving;
  guint toast_leaving_tick;

  /* Data source (borrowed) -> its SbPreviewWindow (borrowed, removed on destroy). */
  GHashTable *previews;
  SbSourceDialog *dialog;
  SbImportDialog *import_dialog;
  /* The open file as we loaded or last wrote it, watched for other writers. */
  GtkRevealer *change_bar;
  SbConfigFile *file;
  /* The data source Export… asked a file name for. */
  char *export_id;
};

static void
sb_window_update_title (SbWindow *self);
static void
sb_window_update_actions (SbWindow *self);
static void
sb_window_set_config (SbWindow *self, SbConfig *config, const char *path);
static void
sb_window_remember_file (SbWindow *self);
/* Every confirmed change is written at once; the core writes atomically. */
static gboolean
sb_window_save (SbWindow *self, GError **error);
static void
sb_window_show_save_error (SbWindow *self, const char *path, const GError *error);

static void
sb_window_add_source_actions (SbWindow *self);
/* Closes the Add/Edit dialog and every preview window. */
static void
sb_window_close_children (SbWindow *self);
/* Ends the Undo offer: a delete still pending is final then. */
static void
sb_window_dismiss_undo (SbWindow *self);
/* A short message where Undo is offered (without Undo), e.g. after an export. */
static void
sb_window_show_notice (SbWindow *self, const char *text);

static void
sb_window_add_import_actions (SbWindow *self);

static void
sb_window_add_monitor_actions (SbWindow *self);
/* Starts watching self->path (as it is on disk now) for other writers. */
static void
sb_window_watch (SbWindow *self);
static void
sb_window_unwatch (SbWindow *self);
/* FALSE (with a message naming the file) while another program's change
 * waits for Reload or Keep My Version. */
static gboolean
sb_window_check_unchanged (SbWindow *self, GError **error);

static void
sb_window_add_file_actions (SbWindow *self);

G_DEFINE_FINAL_TYPE (SbWindow, sb_window, ADW_TYPE_APPLICATION_WINDOW)

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

  dialog = adw_message_dialog_new (GTK_WINDOW (self), primary, secondary);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
sb_window_update_title (SbWindow *self)
{
  g_autofree char *basename = NULL;
  g_autofree char *dirname = NULL;
  g_autofree char *title = NULL;
  const char *home = g_get_home_dir ();

  if (self->path == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), "Signalboard");
      adw_window_title_set_title (self->window_title, "Signalboard");
      adw_window_title_set_subtitle (self->window_title, NULL);
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
  adw_window_title_set_title (self->window_title, basename);
  adw_window_title_set_subtitle (self->window_title, dirname);
}

static void
sb_window_update_actions (SbWindow *self)
{
  static const char *const need_config[]
      = { "add-source",     "save-as", "edit-source",   "duplicate-source", "delete-source",
          "preview-source", "import",  "export-source", "browse-source" };

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
sb_window_set_config (SbWindow *self, SbConfig *config, const char *path)
{
  sb_window_close_children (self);
  sb_window_dismiss_undo (self);
  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (sb_config_get_data_sources (self->config), self);
  g_set_object (&self->config, config);
  g_free (self->path);
  self->path = g_strdup (path);

  sb_source_list_set_sources (self->source_list,
                              config != NULL ? sb_config_get_data_sources (config) : NULL);
  if (config != NULL)
    g_signal_connect_object (sb_config_get_data_sources (config), "items-changed",
                             G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  sb_window_update_title (self);
  update_page (self);
  sb_window_update_actions (self);
  sb_window_watch (self);
}

static void
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
  text = sb_config_file_format_error (path, error);
  /* Set only now: GTK starts loading an image's icon (here an SVG, through
   * librsvg) when the image is created, shown or not. */
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, title);
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

/* Saves to @file: the open file, or the one Save As chose. */
static gboolean
sb_window_save_to (SbWindow *self, SbConfigFile *file, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (sb_config_file_get_path (file));

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
                   _ ("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return (file != self->file || sb_window_check_unchanged (self, error))
         && sb_config_file_save (file, self->config, error);
}

static gboolean
sb_window_save (SbWindow *self, GError **error)
{
  g_autoptr (SbConfigFile) file = NULL;

  if (self->file != NULL)
    return sb_window_save_to (self, self->file, error);
  file = sb_config_file_new (self->path);
  return sb_window_save_to (self, file, error);
}

static void
sb_window_show_save_error (SbWindow *self, const char *path, const GError *error)
{
  g_autofree char *basename = g_path_get_basename (path);
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

AdwToast *
sb_window_get_toast (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->toast;
}

SbSourceRow *
sb_window_get_row (SbWindow *self, guint position)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return sb_source_list_get_row (self->source_list, position);
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

static void
sb_window_close_children (SbWindow *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  g_hash_table_iter_init (&iter, self->previews);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_signal_handlers_disconnect_by_data (value, self);
      if (self->source_list != NULL)
        sb_source_list_set_session (self->source_list, key, NULL);
      gtk_window_destroy (value);
    }
}

/* Undo takes self->deleted first: a delete still here now is final. */
static void
finish_delete (SbWindow *self)
{
  if (self->deleted != NULL)
    sb_app_secrets_forget_source (self->deleted);
  g_clear_object (&self->deleted);
  sb_window_update_actions (self);
}

static gboolean
toast_leaving_tick_cb (GtkWidget *overlay, GdkFrameClock *clock, gpointer data)
{
  SbWindow *self = data;
  g_autoptr (AdwToast) toast = NULL;

  if (gdk_frame_clock_get_frame_time (clock) < self->toast_arrived_at)
    return G_SOURCE_CONTINUE;
  /* Its show animation ends in this frame at the latest, its hide
   * animation only starts now. */
  self->toast_leaving_tick = 0;
  toast = g_steal_pointer (&self->toast_leaving);
  adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

static void
stop_toast_leaving (SbWindow *self)
{
  if (self->toast_leaving_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->toast_overlay), self->toast_leaving_tick);
  self->toast_leaving_tick = 0;
  if (self->toast_leaving != NULL)
    g_signal_handlers_disconnect_by_data (self->toast_leaving, self);
  g_clear_object (&self->toast_leaving);
}

/* Takes the toast shown off the screen. libadwaita 1.2 (fixed in 1.3,
 * commit 1674ebc9) frees its record of a toast when the toast's hide
 * animation ends, and the toast's show animation, when it ends later or in
 * the same frame, still writes to that record: a use after free, which
 * crashed the window when Undo or a notice came right after a delete. So a
 * toast that may still be arriving stays until a frame past its arrival:
 * without its button, as the current toast of the overlay, reused by the
 * next show_toast (). */
static void
sb_window_let_toast_go (SbWindow *self)
{
  g_autoptr (AdwToast) toast = g_steal_pointer (&self->toast);
  GtkWidget *overlay = GTK_WIDGET (self->toast_overlay);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (overlay);

  if (toast == NULL)
    return;
  /* Unmapped, the overlay skipped (or skips at unmap) every animation. */
  if (clock == NULL || !gtk_widget_get_mapped (overlay)
      || gdk_frame_clock_get_frame_time (clock) >= self->toast_arrived_at)
    {
      adw_toast_dismiss (toast);
      return;
    }
  adw_toast_set_button_label (toast, NULL);
  adw_toast_set_action_name (toast, NULL);
  self->toast_leaving = g_steal_pointer (&toast);
  self->toast_leaving_tick
      = gtk_widget_add_tick_callback (overlay, toast_leaving_tick_cb, self, NULL);
}

static void
sb_window_dismiss_undo (SbWindow *self)
{
  sb_window_let_toast_go (self);
  finish_delete (self);
}

/* A toast is on its way in: libadwaita 1.2 must not dismiss it itself yet. */
static gboolean
toast_arriving (SbWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->toast_overlay));

  return (self->toast != NULL || self->toast_leaving != NULL) && clock != NULL
         && gdk_frame_clock_get_frame_time (clock) < self->toast_arrived_at;
}

gboolean
sb_window_get_toast_arriving (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  return toast_arriving (self);
}

/* libadwaita 1.2's own ways to close a toast, Escape (the overlay's key
 * binding), its close button and its action button (which dismisses the
 * toast after the action), dismiss it at once, even while it still slides
 * in: the crash sb_window_let_toast_go () avoids (and an overlay that showed
 * no toast after it). While a toast arrives (half a second at most), the
 * window takes them first (capture phase: the focus may be on the toast's
 * own button) and closes the toast its own way. Nothing else in the main
 * window uses Escape. */
static gboolean
toast_key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                      GdkModifierType state, SbWindow *self)
{
  if (keyval != GDK_KEY_Escape || !toast_arriving (self))
    return FALSE;
  if (self->toast != NULL)
    sb_window_dismiss_undo (self);
  return TRUE;
}

/* The toast's buttons, before they see the press. */
static void
toast_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, SbWindow *self)
{
  GtkWidget *overlay = GTK_WIDGET (self->toast_overlay);
  GtkWidget *button;
  g_autofree char *action = NULL;

  /* Every click in the window's content passes here: nothing to do for most. */
  if (!toast_arriving (self))
    return;
  button = gtk_widget_pick (overlay, x, y, GTK_PICK_DEFAULT);
  /* A button whose parent is the toast's widget (CSS name "toast"). */
  while (button != NULL && button != overlay
         && !(GTK_IS_BUTTON (button) && gtk_widget_get_parent (button) != NULL
              && g_str_equal (gtk_widget_get_css_name (gtk_widget_get_parent (button)), "toast")))
    button = gtk_widget_get_parent (button);
  if (button == NULL || button == overlay)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* A toast let go of already leaves when it has arrived. */
  if (self->toast == NULL)
    return;
  if (g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (button)), "window-close-symbolic") == 0)
    {
      sb_window_dismiss_undo (self);
      return;
    }
  /* The action button: its action (Undo), which lets the toast go. */
  action = g_strdup (adw_toast_get_action_name (self->toast));
  if (action != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (self), action,
                                        adw_toast_get_action_target_value (self->toast));
}

static void
sb_window_guard_toasts (SbWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (toast_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), key);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (toast_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (click));
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

static void
source_activated_cb (SbWindow *self, SbDataSource *source)
{
  open_dialog (self, source);
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
      sb_window_show_save_error (self, self->path, error);
      return;
    }
  sb_app_secrets_duplicate (source, copy);
}

/* Delete and Undo */

/* Timed out or closed. The Undo button activates win.undo-delete before its
 * toast is dismissed, so a delete still here now is final. */
static void
toast_dismissed_cb (AdwToast *toast, SbWindow *self)
{
  if (toast == self->toast)
    sb_window_dismiss_undo (self);
  else if (toast == self->toast_leaving)
    stop_toast_leaving (self);
}

/* A toast saying @text; with Undo while self->deleted waits for it. Only
 * the latest delete can be undone: an earlier one is final now. */
static void
show_toast (SbWindow *self, const char *text, gboolean with_undo)
{
  /* libadwaita 1.2 reads a toast's title as Pango markup. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  /* A toast still shown, or still arriving while it leaves, says the new
   * text: fewer toasts dismissed young (see sb_window_let_toast_go ()). */
  if (self->toast == NULL && self->toast_leaving != NULL)
    {
      self->toast = g_object_ref (self->toast_leaving);
      stop_toast_leaving (self);
      g_signal_connect_object (self->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
    }
  if (self->toast != NULL)
    adw_toast_set_title (self->toast, escaped);
  else
    {
      AdwToast *toast = adw_toast_new (escaped);
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->toast_overlay));

      adw_toast_set_timeout (toast, UNDO_SECONDS);
      g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
      self->toast = g_object_ref (toast);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      /* Read after the overlay started the show animation: never earlier. */
      self->toast_arrived_at
          = clock != NULL ? gdk_frame_clock_get_frame_time (clock) + TOAST_ARRIVAL_US : 0;
    }
  adw_toast_set_button_label (self->toast, with_undo ? _ ("_Undo") : NULL);
  adw_toast_set_action_name (self->toast, with_undo ? "win.undo-delete" : NULL);
}

static void
sb_window_show_notice (SbWindow *self, const char *text)
{
  finish_delete (self);
  show_toast (self, text, FALSE);
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
      sb_window_show_save_error (self, self->path, error);
      return;
    }

  /* Only the latest delete can be undone; an earlier one is final now. */
  finish_delete (self);
  self->deleted = g_steal_pointer (&source);
  self->deleted_position = position;
  text = g_strdup_printf (_ ("“%s” deleted"), sb_data_source_get_name (self->deleted));
  show_toast (self, text, TRUE);
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
      sb_window_show_save_error (self, self->path, error);
    }
}

static void
dismiss_undo_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  sb_window_dismiss_undo (data);
}

/* Preview */

/* By "destroy" a preview window has already let go of its source: find it by value. */
static SbDataSource *
source_of_preview (SbWindow *self, SbPreviewWindow *preview)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->previews);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value == preview)
      return key;
  return NULL;
}

static void
preview_destroyed_cb (SbPreviewWindow *preview, SbWindow *self)
{
  SbDataSource *source = source_of_preview (self, preview);

  if (source != NULL)
    {
      sb_source_list_set_session (self->source_list, source, NULL);
      g_hash_table_remove (self->previews, source);
    }
}

static void
preview_session_cb (SbPreviewWindow *preview, GParamSpec *pspec, SbWindow *self)
{
  SbDataSource *source = source_of_preview (self, preview);

  if (source != NULL)
    sb_source_list_set_session (self->source_list, source, sb_preview_window_get_session (preview));
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
      g_signal_connect_object (preview, "notify::session", G_CALLBACK (preview_session_cb), self,
                               0);
      preview_session_cb (preview, NULL, self);
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

static void
browse_source_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbDataSource *source = lookup_source (data, parameter, NULL);

  if (source != NULL)
    sb_browse_window_present_for (gtk_window_get_application (GTK_WINDOW (data)), source);
}

static const GActionEntry source_entries[] = {
  { .name = "add-source", .activate = add_source_activated },
  { .name = "edit-source", .activate = edit_source_activated, .parameter_type = "s" },
  { .name = "duplicate-source", .activate = duplicate_source_activated, .parameter_type = "s" },
  { .name = "delete-source", .activate = delete_source_activated, .parameter_type = "s" },
  { .name = "preview-source", .activate = preview_source_activated, .parameter_type = "s" },
  { .name = "browse-source", .activate = browse_source_activated, .parameter_type = "s" },
  { .name = "undo-delete", .activate = undo_delete_activated },
  { .name = "dismiss-undo", .activate = dismiss_undo_activated },
};

static void
sb_window_add_source_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), source_entries,
                                   G_N_ELEMENTS (source_entries), self);
}

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
  g_autoptr (SbConfigFile) file = sb_config_file_new (path);
  g_autoptr (GError) error = NULL;

  if (self->config == NULL)
    return;
  /* Another file: the chooser already asked before replacing it. The open
   * one stays watched until the new one is written. */
  if (!sb_window_save_to (self, file, &error))
    {
      sb_window_show_save_error (self, path, error);
      return;
    }
  g_free (self->path);
  self->path = g_strdup (path);
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
    sb_window_show_save_error (self, self->path, error);
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

static void
sb_window_add_file_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), file_entries, G_N_ELEMENTS (file_entries),
                                   self);
}

/* Import */

static void
import_dialog_destroyed_cb (SbWindow *self)
{
  self->import_dialog = NULL;
}

static void
import_confirm_cb (SbImportDialog *dialog, SbWindow *self)
{
  g_autofree char *cert_dir = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  guint n_before;

  if (self->config == NULL)
    return;
  n_before = sb_config_get_n_data_sources (self->config);
  /* Inline certificates go beside the configuration, as the CLI puts them. */
  cert_dir = g_path_get_dirname (self->path);
  if (!sb_import_dialog_apply (dialog, self->config, cert_dir, &error)
      || !sb_window_save (self, &error))
    {
      sb_import_dialog_finish (dialog, self->config, error);
      return;
    }
  sb_import_dialog_finish (dialog, self->config, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  n_before = sb_config_get_n_data_sources (self->config) - n_before;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u data source imported",
                                       "%u data sources imported", n_before),
                          n_before);
  sb_window_show_notice (self, text);
}

void
sb_window_import_file (SbWindow *self, const char *path)
{
  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->config == NULL)
    return;
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  self->import_dialog = sb_import_dialog_new (GTK_WINDOW (self), self->config, path);
  g_signal_connect_object (self->import_dialog, "destroy", G_CALLBACK (import_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->import_dialog, "confirm", G_CALLBACK (import_confirm_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
}

SbImportDialog *
sb_window_get_import_dialog (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->import_dialog;
}

static void
import_chosen (GtkWindow *window, const char *path)
{
  sb_window_import_file (SB_WINDOW (window), path);
}

static void
import_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;

  sb_file_chooser_run (GTK_WINDOW (self), _ ("Import MQTT Explorer or MQTTX Connections"),
                       GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Import"), NULL, NULL, import_chosen);
}

/* Export */

gboolean
sb_window_export (SbWindow *self, const char *const *names, const char *path, GError **error)
{
  g_autoptr (SbConfig) selection = NULL;

  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (names != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->config == NULL)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("%s could not be loaded, so nothing can be exported from it"), self->path);
      return FALSE;
    }
  /* As signalboard-cli export writes it: the same format, passwords stored
   * in the file copied (the file is written with mode 0600), a keyring
   * password left in the keyring under the same id. */
  selection = sb_export_select (self->config, names, error);
  if (selection == NULL || !sb_config_save_to_file (selection, path, error))
    return FALSE;
  {
    g_autofree char *basename = g_path_get_basename (path);
    guint n = sb_config_get_n_data_sources (selection);
    g_autofree char *text
        = n == 1 ? g_strdup_printf (_ ("“%s” exported to %s"), names[0], basename)
                 : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u data source exported to %s",
                                                 "%u data sources exported to %s", n),
                                    n, basename);
    sb_window_show_notice (self, text);
  }
  return TRUE;
}

static void
export_chosen (GtkWindow *window, const char *path)
{
  SbWindow *self = SB_WINDOW (window);
  g_autofree char *id = g_steal_pointer (&self->export_id);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  if (self->config == NULL)
    return;
  /* No id: Export All… */
  for (guint i = 0; i < sb_config_get_n_data_sources (self->config); i++)
    {
      SbDataSource *source = sb_config_get_data_source (self->config, i);
      if (id == NULL || g_strcmp0 (sb_data_source_get_id (source), id) == 0)
        g_ptr_array_add (names, (gpointer)sb_data_source_get_name (source));
    }
  if (names->len == 0)
    return;
  g_ptr_array_add (names, NULL);
  if (!sb_window_export (self, (const char *const *)names->pdata, path, &error))
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *primary = g_strdup_printf (_ ("Could not export to “%s”"), basename);

      sb_window_show_error (self, primary, error->message);
    }
}

static void
export_source_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;
  const char *id = g_variant_get_string (parameter, NULL);
  SbDataSource *source = self->config != NULL ? sb_config_find_by_id (self->config, id) : NULL;
  g_autofree char *name = NULL;

  if (source == NULL)
    return;
  g_free (self->export_id);
  self->export_id = g_strdup (id);
  name = g_strdup_printf ("%s.json", sb_data_source_get_name (source));
  g_strdelimit (name, "/", '-');
  sb_file_chooser_run (GTK_WINDOW (self), _ ("Export Data Source"), GTK_FILE_CHOOSER_ACTION_SAVE,
                       _ ("_Export"), self->path, name, export_chosen);
}

static void
export_all_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;

  if (self->config == NULL || sb_config_get_n_data_sources (self->config) == 0)
    {
      sb_window_show_notice (self, _ ("There are no data sources to export"));
      return;
    }
  g_clear_pointer (&self->export_id, g_free);
  sb_file_chooser_run (GTK_WINDOW (self), _ ("Export All Data Sources"),
                       GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), self->path,
                       "exported-data-sources.json", export_chosen);
}

static const GActionEntry import_entries[] = {
  { .name = "export-all", .activate = export_all_activated },
  { .name = "import", .activate = import_activated },
  { .name = "export-source", .activate = export_source_activated, .parameter_type = "s" },
};

static void
sb_window_add_import_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), import_entries,
                                   G_N_ELEMENTS (import_entries), self);
}

/* The file-changed bar is hidden while it is concealed, not only folded away:
 * GTK measures a concealed revealer's child, and its wrapping label and two
 * buttons were a quarter of the main window's first layout (issue 17). */
static void
sb_window_reveal_change_bar (SbWindow *self, gboolean reveal)
{
  if (reveal)
    gtk_widget_set_visible (GTK_WIDGET (self->change_bar), TRUE);
  gtk_revealer_set_reveal_child (self->change_bar, reveal);
}

static void
change_bar_child_revealed_cb (SbWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->change_bar)
      && !gtk_revealer_get_child_revealed (self->change_bar))
    gtk_widget_set_visible (GTK_WIDGET (self->change_bar), FALSE);
}

static void
change_on_disk_cb (SbWindow *self)
{
  sb_window_reveal_change_bar (self, sb_window_get_change_pending (self));
}

static void
sb_window_unwatch (SbWindow *self)
{
  if (self->file != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file, self);
      sb_config_file_unwatch (self->file);
      g_clear_object (&self->file);
    }
  sb_window_reveal_change_bar (self, FALSE);
}

static void
sb_window_watch (SbWindow *self)
{
  sb_window_unwatch (self);
  if (self->config == NULL || self->path == NULL)
    return;
  self->file = sb_config_file_new (self->path);
  g_signal_connect_swapped (self->file, "notify::changed-on-disk", G_CALLBACK (change_on_disk_cb),
                            self);
  sb_config_file_watch (self->file);
}

static gboolean
sb_window_check_unchanged (SbWindow *self, GError **error)
{
  g_autofree char *basename = NULL;

  if (self->file == NULL || !sb_config_file_check (self->file))
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
  if (self->file != NULL)
    sb_config_file_accept_disk (self->file);
}

static const GActionEntry monitor_entries[] = {
  { .name = "reload-changed", .activate = reload_changed_activated },
  { .name = "keep-mine", .activate = keep_mine_activated },
};

static void
sb_window_add_monitor_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), monitor_entries,
                                   G_N_ELEMENTS (monitor_entries), self);
}

gboolean
sb_window_get_change_pending (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  return self->file != NULL && sb_config_file_get_changed_on_disk (self->file);
}

guint
sb_window_get_n_file_checks (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), 0);
  return self->file != NULL ? sb_config_file_get_n_checks (self->file) : 0;
}

/* GObject */

static gboolean
sb_window_close_request (GtkWindow *window)
{
  SbWindow *self = SB_WINDOW (window);

  sb_window_close_children (self);
  return GTK_WINDOW_CLASS (sb_window_parent_class)->close_request (window);
}

/* Not in constructed (): "application" is set only after it. GTK keeps the
 * default size of the window as it was before it was maximized. */
static void
bind_window_state (SbWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings == NULL)
    return;
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
sb_window_dispose (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  if (self->previews != NULL)
    sb_window_close_children (self);
  if (self->toast != NULL)
    g_signal_handlers_disconnect_by_data (self->toast, self);
  g_clear_object (&self->toast);
  stop_toast_leaving (self);
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

  g_type_ensure (SB_TYPE_SOURCE_LIST);
  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, SB_RESOURCE_PATH "/ui/sb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, source_list);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_open_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, error_new_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, change_bar);
  gtk_widget_class_bind_template_callback (widget_class, source_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_bar_child_revealed_cb);
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
      sb_accessible_label_shortcuts_window (overlay);
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
  sb_window_guard_toasts (self);
  sb_window_update_title (self);
  update_page (self);
  sb_window_update_actions (self);
}

SbWindow *
sb_window_new (SbApplication *app)
{
  SbWindow *self = g_object_new (SB_TYPE_WINDOW, "application", app, NULL);

  bind_window_state (self);
  return self;
}
