/* sb-preview-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-app-secrets.h"
#include "sb-application.h"
#include "sb-browse-window.h"
#include "sb-preview-window-private.h"
#include "sb-record-bar.h"

struct _SbPreviewWindow
{
  GtkWindow parent_instance;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkButton *record_button;
  SbRecordBar *record_bar;
  SbPreviewView *view;

  SbDataSource *source;
  SbMqttSession *session;
  /* While the password is looked up (keyring) or asked for. */
  GCancellable *resolving;
};

G_DEFINE_FINAL_TYPE (SbPreviewWindow, sb_preview_window, GTK_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_titles (SbPreviewWindow *self)
{
  g_autofree char *title
      = g_strdup_printf (_ ("%s — Preview"), sb_data_source_get_name (self->source));
  g_autofree char *address = g_strdup_printf ("%s:%u", sb_data_source_get_broker (self->source),
                                              sb_data_source_get_effective_port (self->source));

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, address);
}

static void
stop (SbPreviewWindow *self)
{
  g_cancellable_cancel (self->resolving);
  g_clear_object (&self->resolving);
  if (self->session != NULL)
    sb_mqtt_session_stop (self->session);
  if (self->view != NULL)
    sb_preview_view_set_session (self->view, NULL);
  if (self->record_bar != NULL)
    sb_record_bar_set_session (self->record_bar, NULL);
  g_clear_object (&self->session);
}

static void
start (SbPreviewWindow *self, SbDataSource *source)
{
  sb_preview_view_set_message (self->view, NULL);
  self->session = sb_mqtt_session_new (source);
  sb_preview_view_set_session (self->view, self->session);
  /* A recording goes on over a reconnect or an edit of the data source. */
  sb_record_bar_set_session (self->record_bar, self->session);
  sb_mqtt_session_start (self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
resolved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SbPreviewWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataSource) source = sb_app_secrets_resolve_finish (result, &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return; /* stopped or restarted meanwhile */
  g_clear_object (&self->resolving);
  if (source == NULL)
    {
      sb_preview_view_set_message (self->view, _ ("Not connected: no password was given"));
      return;
    }
  start (self, source);
}

static void
restart (SbPreviewWindow *self)
{
  /* A rename keeps the connection: the broker never sees the name. */
  if (self->session != NULL)
    {
      g_autoptr (SbDataSource) copy = sb_data_source_copy (self->source);
      SbDataSource *running = sb_mqtt_session_get_source (self->session);

      sb_data_source_set_name (copy, sb_data_source_get_name (running));
      /* The running copy holds the password and the key passphrase from the
       * keyring or the user. */
      if (sb_app_secrets_needs_password (copy))
        {
          if (*sb_data_source_get_password (copy) == '\0')
            sb_data_source_set_password (copy, sb_data_source_get_password (running));
          if (*sb_data_source_get_tls_client_key_password (copy) == '\0')
            sb_data_source_set_tls_client_key_password (
                copy, sb_data_source_get_tls_client_key_password (running));
        }
      if (sb_data_source_equal (copy, running))
        {
          update_titles (self);
          return;
        }
    }

  stop (self);
  update_titles (self);
  if (!sb_app_secrets_needs_password (self->source))
    {
      start (self, self->source);
      return;
    }
  sb_preview_view_set_message (self->view, _ ("Looking up the password…"));
  self->resolving = g_cancellable_new ();
  sb_app_secrets_resolve_async (GTK_WINDOW (self), self->source, self->resolving, resolved_cb,
                                g_object_ref (self));
}

static void
browse_topics_cb (GtkWidget *widget, const char *action, GVariant *parameter)
{
  SbPreviewWindow *self = SB_PREVIEW_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app != NULL)
    sb_browse_window_present_for (app, self->source);
  else
    gtk_window_present (GTK_WINDOW (sb_browse_window_new (NULL, self->source)));
}

static void
reconnect_clicked_cb (SbPreviewWindow *self)
{
  if (self->session != NULL)
    sb_mqtt_session_reconnect_now (self->session);
  else if (self->resolving == NULL)
    restart (self); /* the password was not given: ask again */
}

/* The header button says what a click does: start or stop. */
static void
recording_cb (SbPreviewWindow *self)
{
  gboolean recording = sb_record_bar_get_recording (self->record_bar);
  const char *text = recording ? _ ("Stop recording") : _ ("Record messages to a file…");

  gtk_button_set_icon_name (self->record_button,
                            recording ? "media-playback-stop-symbolic" : "media-record-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->record_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static GtkFileFilter *
record_filter (const char *name, const char *suffix, const char *mime_type)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_filter_add_mime_type (filter, mime_type);
  g_object_set_data_full (G_OBJECT (filter), "sb-suffix", g_strdup (suffix), g_free);
  return filter;
}

static void
record_chosen_cb (GtkNativeDialog *chooser, int response, SbPreviewWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
      const char *suffix
          = filter != NULL ? g_object_get_data (G_OBJECT (filter), "sb-suffix") : NULL;
      g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;

      /* The name's extension picks the format; without one, the chosen
       * file type does and lends the name its extension. */
      if (path != NULL && suffix != NULL && !g_str_has_suffix (lower, ".csv")
          && !g_str_has_suffix (lower, ".jsonl"))
        {
          char *with = g_strconcat (path, ".", suffix, NULL);
          g_free (path);
          path = with;
        }
      if (path != NULL)
        sb_record_bar_start (self->record_bar, path, sb_record_format_for_path (path), NULL);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
record_clicked_cb (SbPreviewWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) jsonl = NULL;
  g_autoptr (GtkFileFilter) csv = NULL;
  g_autofree char *name = NULL;

  if (sb_record_bar_get_recording (self->record_bar))
    {
      sb_record_bar_stop (self->record_bar);
      return;
    }
  chooser
      = gtk_file_chooser_native_new (_ ("Record Messages"), GTK_WINDOW (self),
                                     GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Record"), _ ("_Cancel"));
  jsonl = record_filter (_ ("JSON Lines"), "jsonl", "application/jsonl");
  csv = record_filter (_ ("CSV (comma-separated values)"), "csv", "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), jsonl);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), jsonl);
  name = g_strdup_printf ("%s.jsonl", sb_data_source_get_name (self->source));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (record_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

SbPreviewWindow *
sb_preview_window_new (GtkApplication *app, SbDataSource *source)
{
  SbPreviewWindow *self;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_PREVIEW_WINDOW, "application", app, NULL);
  self->source = g_object_ref (source);
  g_signal_connect_object (source, "changed", G_CALLBACK (restart), self, G_CONNECT_SWAPPED);
  restart (self);
  return self;
}

SbMqttSession *
sb_preview_window_get_session (SbPreviewWindow *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_WINDOW (self), NULL);
  return self->session;
}

SbRecordBar *
sb_preview_window_get_record_bar (SbPreviewWindow *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_WINDOW (self), NULL);
  return self->record_bar;
}

SbPreviewView *
sb_preview_window_get_view (SbPreviewWindow *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_WINDOW (self), NULL);
  return self->view;
}

static void
sb_preview_window_dispose (GObject *object)
{
  SbPreviewWindow *self = SB_PREVIEW_WINDOW (object);

  stop (self);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_PREVIEW_WINDOW);

  G_OBJECT_CLASS (sb_preview_window_parent_class)->dispose (object);
}

static void
sb_preview_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbPreviewWindow *self = SB_PREVIEW_WINDOW (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_preview_window_class_init (SbPreviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_preview_window_dispose;
  object_class->get_property = sb_preview_window_get_property;

  properties[PROP_SESSION]
      = g_param_spec_object ("session", NULL, NULL, SB_TYPE_MQTT_SESSION,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "preview.browse-topics", NULL, browse_topics_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "preview.browse-topics", NULL);

  g_type_ensure (SB_TYPE_PREVIEW_VIEW);
  g_type_ensure (SB_TYPE_RECORD_BAR);
  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-preview-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPreviewWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewWindow, view);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewWindow, record_button);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewWindow, record_bar);
  gtk_widget_class_bind_template_callback (widget_class, reconnect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
}

static void
sb_preview_window_init (SbPreviewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->record_bar, "notify::recording", G_CALLBACK (recording_cb), self,
                           G_CONNECT_SWAPPED);
}
