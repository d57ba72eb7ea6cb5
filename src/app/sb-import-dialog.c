/* sb-import-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sb-app-secrets.h"
#include "sb-application.h"
#include "sb-config-file.h"
#include "sb-import-dialog-private.h"
#include "sb-import.h"
#include "sb-secrets.h"

typedef enum
{
  KEYRING_UNKNOWN,
  KEYRING_YES,
  KEYRING_NO,
} KeyringState;

struct _SbImportDialog
{
  GtkWindow parent_instance;

  GtkStack *stack;
  GtkLabel *loading_label;
  GtkLabel *summary_label;
  GtkListBox *connections_list;
  GtkLabel *passwords_label;
  GtkCheckButton *password_file_check;
  GtkLabel *apply_error_label;
  GtkLabel *error_title;
  GtkLabel *error_label;
  GtkWidget *import_button;
  GtkWidget *cancel_button;

  SbConfig *config;
  char *input_path;
  GCancellable *cancellable;
  SbImport *import;
  gboolean loaded;
  guint n_passwords;
  KeyringState keyring;
  /* sb_import_dialog_apply() appended from here on. */
  guint first_added;
};

G_DEFINE_FINAL_TYPE (SbImportDialog, sb_import_dialog, GTK_TYPE_WINDOW)

enum
{
  CONFIRM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_import_button (SbImportDialog *self)
{
  gboolean ready = self->import != NULL && sb_import_get_n_importable (self->import) > 0
                   && (self->n_passwords == 0 || self->keyring != KEYRING_UNKNOWN);

  gtk_widget_set_sensitive (self->import_button, ready);
}

static void
update_passwords (SbImportDialog *self)
{
  g_autofree char *text = NULL;

  if (self->n_passwords == 0)
    return;
  if (self->keyring == KEYRING_UNKNOWN)
    text = g_strdup (_ ("Looking for a keyring for the passwords…"));
  else if (self->keyring == KEYRING_YES)
    text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u password goes to the keyring, not into the file.",
                     "%u passwords go to the keyring, not into the file.", self->n_passwords),
        self->n_passwords);
  else
    text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "No keyring answers: %u password is left out and asked for when "
                     "connecting, unless stored in the file.",
                     "No keyring answers: %u passwords are left out and asked for when "
                     "connecting, unless stored in the file.",
                     self->n_passwords),
        self->n_passwords);
  gtk_label_set_label (self->passwords_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->passwords_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_file_check), self->keyring == KEYRING_NO);
}

static void
available_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbImportDialog) self = user_data;
  gboolean available = sb_secrets_available_finish (result);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->keyring = available ? KEYRING_YES : KEYRING_NO;
  update_passwords (self);
  update_import_button (self);
}

static GtkWidget *
add_label (GtkBox *box, const char *text, const char *css_class, gboolean wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

/* One connection: its name, what it connects to (or that it is left out),
 * then one line per thing that could not be mapped as it was. */
static GtkWidget *
create_row (SbImportDialog *self, guint position)
{
  SbDataSource *source = sb_import_get_data_source (self->import, position);
  const char *const *notes = sb_import_get_notes (self->import, position);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name;
  GtkWidget *state;
  g_autofree char *summary = sb_import_dup_summary (self->import, position);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_box_append (GTK_BOX (box), top);
  name = add_label (GTK_BOX (top),
                    source != NULL ? sb_data_source_get_name (source)
                                   : sb_import_get_connection_name (self->import, position),
                    "heading", FALSE);
  gtk_widget_set_hexpand (name, TRUE);
  state = add_label (GTK_BOX (top), source != NULL ? _ ("Will be added") : _ ("Left out"),
                     source != NULL ? "dim-label" : "failed", FALSE);
  gtk_widget_add_css_class (state, "caption");
  if (summary != NULL)
    add_label (GTK_BOX (box), summary, "dim-label", FALSE);
  for (guint i = 0; notes[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("• %s", notes[i]);
      add_label (GTK_BOX (box), line, "caption", TRUE);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static const char *
format_title (SbImportFormat format)
{
  return format == SB_IMPORT_FORMAT_MQTTX ? _ ("MQTTX export") : _ ("MQTT Explorer settings");
}

static void
show_preview (SbImportDialog *self)
{
  guint n = sb_import_get_n_connections (self->import);
  guint n_importable = sb_import_get_n_importable (self->import);
  g_autofree char *basename = g_path_get_basename (self->input_path);
  g_autofree char *counts = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      SbDataSource *source = sb_import_get_data_source (self->import, i);

      gtk_list_box_append (self->connections_list, create_row (self, i));
      if (source != NULL && *sb_data_source_get_password (source) != '\0')
        self->n_passwords++;
    }
  if (n_importable == 0)
    counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Its %u connection cannot be imported.",
                                           "None of its %u connections can be imported.", n),
                              n);
  else
    counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u connection will be added.",
                                           "%u of %u connections will be added.", n),
                              n_importable, n);
  /* "mqtt-explorer.json (MQTTX export): 4 of 5 connections will be added." */
  summary = g_strdup_printf (_ ("“%s” (%s): %s"), basename,
                             format_title (sb_import_get_format (self->import)), counts);
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  if (self->n_passwords > 0)
    sb_secrets_available_async (self->cancellable, available_cb, g_object_ref (self));
  update_passwords (self);
}

static void
loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  SbImport *import = sb_import_load_from_file_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&import, sb_import_free);
      return;
    }
  self->loaded = TRUE;
  if (import == NULL)
    {
      g_autofree char *basename = g_path_get_basename (self->input_path);
      g_autofree char *title = g_strdup_printf (_ ("Cannot import “%s”"), basename);
      g_autofree char *text = sb_config_file_format_error (self->input_path, error);

      gtk_label_set_label (self->error_title, title);
      gtk_label_set_label (self->error_label, text);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_import_button (self);
      return;
    }
  self->import = import;
  /* Import anyway, under a free name: the rows say which were renamed. */
  sb_import_rename_conflicts (self->import, self->config);
  show_preview (self);
  update_import_button (self);
}

gboolean
sb_import_dialog_apply (SbImportDialog *self, SbConfig *config, const char *cert_dir,
                        GError **error)
{
  gboolean in_file;

  g_return_val_if_fail (SB_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (self->import != NULL, FALSE);

  /* The config may have changed since the preview (another window, a reload). */
  sb_import_rename_conflicts (self->import, config);
  in_file = self->keyring == KEYRING_NO
            && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->password_file_check));
  self->first_added = sb_config_get_n_data_sources (config);
  /* The keyring is written only once the configuration is saved (finish). */
  if (!sb_import_apply (self->import, config, cert_dir,
                        in_file ? SB_IMPORT_PASSWORDS_FILE : SB_IMPORT_PASSWORDS_LEAVE_OUT, error))
    return FALSE;
  if (self->keyring != KEYRING_YES)
    return TRUE;
  for (guint i = self->first_added; i < sb_config_get_n_data_sources (config); i++)
    {
      SbDataSource *copy = sb_config_get_data_source (config, i);

      for (guint k = 0; k < sb_import_get_n_connections (self->import); k++)
        {
          SbDataSource *source = sb_import_get_data_source (self->import, k);

          if (source != NULL && *sb_data_source_get_password (source) != '\0'
              && g_strcmp0 (sb_data_source_get_id (source), sb_data_source_get_id (copy)) == 0)
            sb_data_source_set_password_store (copy, SB_PASSWORD_STORE_KEYRING);
        }
    }
  return TRUE;
}

static void
store_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* The password stays in memory for this run; the next start asks for it. */
  if (!sb_secrets_store_finish (result, &error))
    g_message ("Cannot store an imported password in the keyring: %s", error->message);
}

void
sb_import_dialog_finish (SbImportDialog *self, SbConfig *config, const GError *error)
{
  g_return_if_fail (SB_IS_IMPORT_DIALOG (self));

  if (error != NULL)
    {
      while (sb_config_get_n_data_sources (config) > self->first_added)
        sb_config_remove (config, sb_config_get_n_data_sources (config) - 1);
      gtk_label_set_label (self->apply_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->apply_error_label), TRUE);
      return;
    }
  for (guint k = 0; k < sb_import_get_n_connections (self->import); k++)
    {
      SbDataSource *source = sb_import_get_data_source (self->import, k);
      SbDataSource *copy;

      if (source == NULL || *sb_data_source_get_password (source) == '\0')
        continue;
      copy = sb_config_find_by_id (config, sb_data_source_get_id (source));
      if (copy == NULL || sb_data_source_get_password_store (copy) != SB_PASSWORD_STORE_KEYRING)
        continue;
      /* A preview started at once must not ask while the keyring is storing. */
      sb_app_secrets_remember (sb_data_source_get_id (copy), sb_data_source_get_password (source));
      sb_secrets_store_async (copy, sb_data_source_get_password (source), NULL, store_done_cb,
                              NULL);
    }
}

static void
cancel_clicked_cb (SbImportDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_clicked_cb (SbImportDialog *self)
{
  if (!gtk_widget_get_sensitive (self->import_button))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->apply_error_label), FALSE);
  g_signal_emit (self, signals[CONFIRM], 0);
}

SbImportDialog *
sb_import_dialog_new (GtkWindow *parent, SbConfig *config, const char *input_path)
{
  SbImportDialog *self;
  g_autofree char *basename = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SB_IS_CONFIG (config), NULL);
  g_return_val_if_fail (input_path != NULL, NULL);

  self = g_object_new (SB_TYPE_IMPORT_DIALOG, "transient-for", parent, "destroy-with-parent", TRUE,
                       NULL);
  self->config = g_object_ref (config);
  self->input_path = g_strdup (input_path);
  basename = g_path_get_basename (input_path);
  text = g_strdup_printf (_ ("Reading “%s”…"), basename);
  gtk_label_set_label (self->loading_label, text);
  sb_import_load_from_file_async (SB_IMPORT_FORMAT_AUTO, input_path, self->cancellable, loaded_cb,
                                  g_object_ref (self));
  return self;
}

gboolean
sb_import_dialog_is_loaded (SbImportDialog *self)
{
  g_return_val_if_fail (SB_IS_IMPORT_DIALOG (self), FALSE);
  return self->loaded;
}

GtkWidget *
sb_import_dialog_get_widget (SbImportDialog *self, const char *name)
{
  GObject *child;

  g_return_val_if_fail (SB_IS_IMPORT_DIALOG (self), NULL);
  child = gtk_widget_get_template_child (GTK_WIDGET (self), SB_TYPE_IMPORT_DIALOG, name);
  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);
  return GTK_WIDGET (child);
}

guint
sb_import_dialog_get_n_rows (SbImportDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (SB_IS_IMPORT_DIALOG (self), 0);
  while (gtk_list_box_get_row_at_index (self->connections_list, (int)n) != NULL)
    n++;
  return n;
}

static void
collect_labels (GtkWidget *widget, GString *text)
{
  if (GTK_IS_LABEL (widget))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_label (GTK_LABEL (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

char *
sb_import_dialog_dup_row_text (SbImportDialog *self, guint position)
{
  GtkListBoxRow *row;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SB_IS_IMPORT_DIALOG (self), NULL);
  row = gtk_list_box_get_row_at_index (self->connections_list, (int)position);
  if (row != NULL)
    collect_labels (GTK_WIDGET (row), text);
  return g_string_free (text, FALSE);
}

static void
sb_import_dialog_dispose (GObject *object)
{
  SbImportDialog *self = SB_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (sb_import_dialog_parent_class)->dispose (object);
}

static void
sb_import_dialog_finalize (GObject *object)
{
  SbImportDialog *self = SB_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->import, sb_import_free);
  g_free (self->input_path);

  G_OBJECT_CLASS (sb_import_dialog_parent_class)->finalize (object);
}

static void
sb_import_dialog_class_init (SbImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_import_dialog_dispose;
  object_class->finalize = sb_import_dialog_finalize;

  signals[CONFIRM] = g_signal_new ("confirm", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, connections_list);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, passwords_label);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, password_file_check);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, apply_error_label);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, error_title);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SbImportDialog, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_import_dialog_init (SbImportDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
