/* sb-preview-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-preview-window.h"

struct _SbPreviewWindow
{
  GtkWindow parent_instance;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  SbPreviewView *view;

  SbDataSource *source;
  SbMqttSession *session;
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
  if (self->session != NULL)
    sb_mqtt_session_stop (self->session);
  if (self->view != NULL)
    sb_preview_view_set_session (self->view, NULL);
  g_clear_object (&self->session);
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
      if (sb_data_source_equal (copy, running))
        {
          update_titles (self);
          return;
        }
    }

  stop (self);
  self->session = sb_mqtt_session_new (self->source);
  sb_preview_view_set_session (self->view, self->session);
  sb_mqtt_session_start (self->session);
  update_titles (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
reconnect_clicked_cb (SbPreviewWindow *self)
{
  if (self->session != NULL)
    sb_mqtt_session_reconnect_now (self->session);
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

SbDataSource *
sb_preview_window_get_source (SbPreviewWindow *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_WINDOW (self), NULL);
  return self->source;
}

SbMqttSession *
sb_preview_window_get_session (SbPreviewWindow *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_WINDOW (self), NULL);
  return self->session;
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

  g_type_ensure (SB_TYPE_PREVIEW_VIEW);
  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-preview-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPreviewWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreviewWindow, view);
  gtk_widget_class_bind_template_callback (widget_class, reconnect_clicked_cb);
}

static void
sb_preview_window_init (SbPreviewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
