/* sb-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-application.h"
#include "sb-preferences-window.h"

struct _SbPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwComboRow *style_row;
  GtkSpinButton *history_spin;
  GtkSpinButton *payload_spin;
  GtkSpinButton *topic_rows_spin;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SbPreferencesWindow, sb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The order of the style row's items (ui/sb-preferences-window.ui). */
static const char *const styles[] = { "follow", "light", "dark" };

static gboolean
style_to_selected (GValue *value, GVariant *variant, gpointer data)
{
  const char *style = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (style, styles[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_style (const GValue *value, const GVariantType *type, gpointer data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (styles))
    return NULL;
  return g_variant_new_string (styles[selected]);
}

static void
bind_spin (GSettings *settings, const char *key, GtkSpinButton *spin)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsSchemaKey) schema_key = NULL;
  g_autoptr (GVariant) range = NULL;
  g_autoptr (GVariant) limits = NULL;
  const char *type;

  /* The spin button's range is the key's, so that it offers nothing the key refuses. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &type, &limits);
  if (g_strcmp0 (type, "range") == 0)
    {
      gint32 min, max;

      g_variant_get (limits, "(ii)", &min, &max);
      gtk_spin_button_set_range (spin, min, max);
    }
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
}

GtkWindow *
sb_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  SbPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->style_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->history_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->payload_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->topic_rows_spin), FALSE);
      return GTK_WINDOW (self);
    }
  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "style", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_to_selected, selected_to_style, NULL,
                                NULL);
  bind_spin (settings, "history-size", self->history_spin);
  bind_spin (settings, "payload-display-limit", self->payload_spin);
  bind_spin (settings, "topic-row-limit", self->topic_rows_spin);
  return GTK_WINDOW (self);
}

static void
sb_preferences_window_dispose (GObject *object)
{
  SbPreferencesWindow *self = SB_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sb_preferences_window_parent_class)->dispose (object);
}

static void
sb_preferences_window_class_init (SbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_preferences_window_dispose;

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, history_spin);
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, payload_spin);
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, topic_rows_spin);
}

static void
sb_preferences_window_init (SbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
