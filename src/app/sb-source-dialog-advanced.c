/* sb-source-dialog-advanced.c
 *
 * The widgets hold what the user set; the data source gets it as far as the
 * protocol allows. With MQTT 3.1.1 the MQTT 5 settings stay in their
 * (insensitive) fields, so that switching back to MQTT 5 restores them, but
 * the data source has their defaults: what is saved is what connects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "sb-application.h"
#include "sb-field-error.h"
#include "sb-source-dialog-advanced-private.h"
#include "sb-validate.h"

struct _SbSourceDialogAdvanced
{
  AdwPreferencesGroup parent_instance;

  AdwExpanderRow *advanced_expander;
  AdwComboRow *protocol_drop_down;
  AdwEntryRow *client_id_entry;
  GtkLabel *client_id_error;
  AdwEntryRow *keep_alive_entry;
  GtkLabel *keep_alive_error;
  GtkSwitch *clean_session_check;
  AdwEntryRow *session_expiry_entry;
  GtkLabel *session_expiry_error;
  GtkWidget *user_properties_title;
  GtkWidget *user_properties_area;
  GtkBox *user_properties_box;
  GtkButton *add_user_property_button;
  GtkLabel *user_properties_error;
  GtkLabel *mqtt5_note;
  AdwExpanderRow *will_expander;
  AdwEntryRow *will_topic_entry;
  AdwEntryRow *will_payload_entry;
  AdwComboRow *will_qos_drop_down;
  GtkSwitch *will_retain_check;
  GtkLabel *will_error;

  SbDataSource *source;
  char *keep_alive_input_error;
  char *session_expiry_input_error;
  guint32 session_expiry;
  /* Groups of fields the user changed ("client_id", "keep_alive", ...). */
  GHashTable *touched;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (SbSourceDialogAdvanced, sb_source_dialog_advanced, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  SIGNAL_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_mqtt5 (SbSourceDialogAdvanced *self)
{
  return adw_combo_row_get_selected (self->protocol_drop_down) == 1;
}

static void
edited (SbSourceDialogAdvanced *self, const char *group)
{
  g_hash_table_add (self->touched, (gpointer)group);
  g_signal_emit (self, signals[SIGNAL_EDITED], 0);
}

/* User properties: one row (name entry, "=", value entry, remove) per pair. */

static GtkWidget *
user_property_row_at (SbSourceDialogAdvanced *self, guint position)
{
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->user_properties_box));

  for (guint i = 0; row != NULL && i < position; i++)
    row = gtk_widget_get_next_sibling (row);
  return row;
}

static GtkWidget *
row_part (GtkWidget *row, const char *part)
{
  return g_object_get_data (G_OBJECT (row), part);
}

/* The pairs of the rows, for the data source. */
static GStrv
collect_user_properties (SbSourceDialogAdvanced *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->user_properties_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      g_strv_builder_add (builder, gtk_editable_get_text (GTK_EDITABLE (row_part (row, "name"))));
      g_strv_builder_add (builder, gtk_editable_get_text (GTK_EDITABLE (row_part (row, "value"))));
    }
  return g_strv_builder_end (builder);
}

/* Gives the data source what the MQTT 5 fields hold, or their defaults. */
static void
apply_mqtt5_fields (SbSourceDialogAdvanced *self)
{
  gboolean v5 = is_mqtt5 (self);
  g_auto (GStrv) pairs = v5 ? collect_user_properties (self) : NULL;

  g_object_freeze_notify (G_OBJECT (self->source));
  sb_data_source_set_protocol (self->source, v5 ? SB_PROTOCOL_MQTT_5 : SB_PROTOCOL_MQTT_311);
  sb_data_source_set_session_expiry_interval (self->source, v5 ? self->session_expiry : 0);
  sb_data_source_set_user_properties (self->source, (const char *const *)pairs);
  g_object_thaw_notify (G_OBJECT (self->source));
}

static void
update_mqtt5_sensitivity (SbSourceDialogAdvanced *self)
{
  gboolean v5 = is_mqtt5 (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->session_expiry_entry), v5);
  gtk_widget_set_sensitive (self->user_properties_title, v5);
  gtk_widget_set_sensitive (self->user_properties_area, v5);
  gtk_widget_set_visible (GTK_WIDGET (self->mqtt5_note), !v5);
}

static void
user_property_changed_cb (SbSourceDialogAdvanced *self)
{
  if (self->loading)
    return;
  apply_mqtt5_fields (self);
  edited (self, "user_properties");
}

static void
user_property_remove_cb (GtkButton *button, SbSourceDialogAdvanced *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));
  GtkWidget *box = GTK_WIDGET (self->user_properties_box);

  gtk_box_remove (self->user_properties_box, row);
  gtk_widget_set_visible (box, gtk_widget_get_first_child (box) != NULL);
  /* Focus stays in the section rather than falling back to the window. */
  gtk_widget_grab_focus (GTK_WIDGET (self->add_user_property_button));
  user_property_changed_cb (self);
}

static GtkWidget *
add_user_property_row (SbSourceDialogAdvanced *self, const char *name, const char *value)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name_entry = gtk_entry_new ();
  GtkWidget *equals = gtk_label_new ("=");
  GtkWidget *value_entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_editable_set_text (GTK_EDITABLE (name_entry), name);
  gtk_editable_set_text (GTK_EDITABLE (value_entry), value);
  gtk_entry_set_placeholder_text (GTK_ENTRY (name_entry), _ ("Name"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (value_entry), _ ("Value"));
  gtk_editable_set_width_chars (GTK_EDITABLE (name_entry), 10);
  gtk_editable_set_width_chars (GTK_EDITABLE (value_entry), 10);
  gtk_widget_set_hexpand (name_entry, TRUE);
  gtk_widget_set_hexpand (value_entry, TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (name_entry), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (value_entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("User property name"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("User property value"), -1);
  gtk_widget_add_css_class (equals, "dim-label");
  gtk_widget_set_tooltip_text (remove, _ ("Remove user property"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Remove user property"), -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (row), name_entry);
  gtk_box_append (GTK_BOX (row), equals);
  gtk_box_append (GTK_BOX (row), value_entry);
  gtk_box_append (GTK_BOX (row), remove);
  g_object_set_data (G_OBJECT (row), "name", name_entry);
  g_object_set_data (G_OBJECT (row), "value", value_entry);
  g_object_set_data (G_OBJECT (row), "remove", remove);
  g_signal_connect_object (name_entry, "changed", G_CALLBACK (user_property_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (value_entry, "changed", G_CALLBACK (user_property_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (user_property_remove_cb), self, 0);

  gtk_box_append (self->user_properties_box, row);
  gtk_widget_set_visible (GTK_WIDGET (self->user_properties_box), TRUE);
  return row;
}

static void
add_user_property_clicked_cb (SbSourceDialogAdvanced *self)
{
  GtkWidget *row = add_user_property_row (self, "", "");

  gtk_widget_grab_focus (row_part (row, "name"));
  /* An empty name is not blamed before the user had a chance to type it. */
  apply_mqtt5_fields (self);
  g_signal_emit (self, signals[SIGNAL_EDITED], 0);
}

/* Fields */

static void
protocol_changed_cb (SbSourceDialogAdvanced *self)
{
  if (self->loading)
    return;
  update_mqtt5_sensitivity (self);
  apply_mqtt5_fields (self);
  edited (self, "protocol");
}

static void
client_id_changed_cb (SbSourceDialogAdvanced *self)
{
  if (self->loading)
    return;
  sb_data_source_set_client_id (self->source,
                                gtk_editable_get_text (GTK_EDITABLE (self->client_id_entry)));
  edited (self, "client_id");
}

static void
clean_session_toggled_cb (SbSourceDialogAdvanced *self)
{
  if (self->loading)
    return;
  sb_data_source_set_clean_session (self->source,
                                    gtk_switch_get_active (self->clean_session_check));
  edited (self, "client_id");
}

/* Reads a number of seconds as typed: "" is @empty; otherwise digits only.
 * FALSE (with *@number unset) when the text is no number at all. */
static gboolean
parse_seconds (AdwEntryRow *entry, gint64 empty, gint64 *number)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  guint64 value;

  if (*text == '\0')
    {
      *number = empty;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL))
    return FALSE;
  *number = value > G_MAXINT64 ? G_MAXINT64 : (gint64)value;
  return TRUE;
}

static char *
quoted_text (AdwEntryRow *entry)
{
  return sb_quote (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
}

static void
keep_alive_changed_cb (SbSourceDialogAdvanced *self)
{
  g_autoptr (GError) error = NULL;
  gint64 seconds;

  if (self->loading)
    return;
  g_clear_pointer (&self->keep_alive_input_error, g_free);
  if (!parse_seconds (self->keep_alive_entry, SB_DEFAULT_KEEP_ALIVE, &seconds))
    {
      g_autofree char *shown = quoted_text (self->keep_alive_entry);
      self->keep_alive_input_error
          = g_strdup_printf (_ ("%s is not a keep-alive interval (5-65535 seconds)"), shown);
    }
  else if (seconds > 65535)
    {
      /* The data source cannot even hold it: the core's message, said here. */
      sb_validate_keep_alive (seconds, &error);
      self->keep_alive_input_error = g_strdup (error->message);
    }
  else
    /* 0-4 go to the data source, and the core validator says why not. */
    sb_data_source_set_keep_alive (self->source, (guint)seconds);
  edited (self, "keep_alive");
}

static void
session_expiry_changed_cb (SbSourceDialogAdvanced *self)
{
  g_autoptr (GError) error = NULL;
  gint64 seconds;

  if (self->loading)
    return;
  g_clear_pointer (&self->session_expiry_input_error, g_free);
  if (!parse_seconds (self->session_expiry_entry, 0, &seconds))
    {
      g_autofree char *shown = quoted_text (self->session_expiry_entry);
      self->session_expiry_input_error = g_strdup_printf (
          _ ("%s is not a session expiry interval (0-4294967295 seconds)"), shown);
    }
  else if (!sb_validate_session_expiry_interval (seconds, &error))
    self->session_expiry_input_error = g_strdup (error->message);
  else
    {
      self->session_expiry = (guint32)seconds;
      apply_mqtt5_fields (self);
    }
  edited (self, "session_expiry_interval");
}

static void
will_changed_cb (SbSourceDialogAdvanced *self)
{
  guint qos;

  if (self->loading)
    return;
  qos = adw_combo_row_get_selected (self->will_qos_drop_down);
  g_object_freeze_notify (G_OBJECT (self->source));
  sb_data_source_set_will_topic (self->source,
                                 gtk_editable_get_text (GTK_EDITABLE (self->will_topic_entry)));
  sb_data_source_set_will_payload (self->source,
                                   gtk_editable_get_text (GTK_EDITABLE (self->will_payload_entry)));
  sb_data_source_set_will_qos (self->source, qos <= 2 ? (int)qos : 0);
  sb_data_source_set_will_retain (self->source, gtk_switch_get_active (self->will_retain_check));
  g_object_thaw_notify (G_OBJECT (self->source));
  edited (self, "will");
}

/* Errors */

static const char *
lookup (GHashTable *errors, const char *field)
{
  GString *text = g_hash_table_lookup (errors, field);
  return text != NULL ? text->str : NULL;
}

gboolean
sb_source_dialog_advanced_owns_field (const char *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return g_str_equal (field, "protocol") || g_str_equal (field, "client_id")
         || g_str_equal (field, "keep_alive") || g_str_equal (field, "clean_session")
         || g_str_equal (field, "session_expiry_interval")
         || g_str_has_prefix (field, "user_properties") || g_str_has_prefix (field, "will.");
}

void
sb_source_dialog_advanced_show_errors (SbSourceDialogAdvanced *self, GHashTable *errors,
                                       gboolean show_all)
{
  g_autoptr (GString) properties = g_string_new (NULL);
  g_autoptr (GString) will = g_string_new (NULL);
  static const char *const will_fields[] = { "will.topic", "will.payload", "will.qos" };
  GtkWidget *will_widgets[]
      = { GTK_WIDGET (self->will_topic_entry), GTK_WIDGET (self->will_payload_entry),
          GTK_WIDGET (self->will_qos_drop_down) };
  const char *message;
  guint i = 0;

  g_return_if_fail (SB_IS_SOURCE_DIALOG_ADVANCED (self));

#define SHOWN(group) (show_all || g_hash_table_contains (self->touched, (group)))
  message = lookup (errors, "client_id");
  sb_field_error_show (GTK_WIDGET (self->client_id_entry), self->client_id_error,
                       SHOWN ("client_id") ? message : NULL);

  message
      = self->keep_alive_input_error ? self->keep_alive_input_error : lookup (errors, "keep_alive");
  sb_field_error_show (GTK_WIDGET (self->keep_alive_entry), self->keep_alive_error,
                       SHOWN ("keep_alive") ? message : NULL);

  message = self->session_expiry_input_error ? self->session_expiry_input_error
                                             : lookup (errors, "session_expiry_interval");
  sb_field_error_show (GTK_WIDGET (self->session_expiry_entry), self->session_expiry_error,
                       SHOWN ("session_expiry_interval") || SHOWN ("protocol") ? message : NULL);

  if ((message = lookup (errors, "user_properties")) != NULL)
    g_string_append (properties, message);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->user_properties_box));
       row != NULL; row = gtk_widget_get_next_sibling (row), i++)
    {
      static const char *const parts[] = { "name", "value" };

      for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
        {
          g_autofree char *field = g_strdup_printf ("user_properties[%u].%s", i, parts[p]);
          GtkWidget *entry = row_part (row, parts[p]);

          message = SHOWN ("user_properties") ? lookup (errors, field) : NULL;
          if (message == NULL)
            {
              gtk_widget_remove_css_class (entry, "error");
              continue;
            }
          gtk_widget_add_css_class (entry, "error");
          if (properties->len > 0)
            g_string_append_c (properties, '\n');
          /* TRANSLATORS: "User property 2: a user property needs a name" */
          g_string_append_printf (properties, _ ("User property %u: %s"), i + 1, message);
        }
    }
  sb_field_error_show (NULL, self->user_properties_error,
                       properties->len > 0 && (SHOWN ("user_properties") || SHOWN ("protocol"))
                           ? properties->str
                           : NULL);

  for (guint f = 0; f < G_N_ELEMENTS (will_fields); f++)
    {
      message = SHOWN ("will") ? lookup (errors, will_fields[f]) : NULL;
      if (message != NULL)
        {
          gtk_widget_add_css_class (will_widgets[f], "error");
          if (will->len > 0)
            g_string_append_c (will, '\n');
          g_string_append (will, message);
        }
      else
        gtk_widget_remove_css_class (will_widgets[f], "error");
    }
  sb_field_error_show (NULL, self->will_error, will->len > 0 ? will->str : NULL);
#undef SHOWN
}

gboolean
sb_source_dialog_advanced_has_input_error (SbSourceDialogAdvanced *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_DIALOG_ADVANCED (self), FALSE);
  return self->keep_alive_input_error != NULL || self->session_expiry_input_error != NULL;
}

const char *
sb_source_dialog_advanced_get_input_error (SbSourceDialogAdvanced *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_DIALOG_ADVANCED (self), NULL);
  return self->keep_alive_input_error != NULL ? self->keep_alive_input_error
                                              : self->session_expiry_input_error;
}

/* Loading */

static gboolean
session_is_default (SbDataSource *source)
{
  return sb_data_source_get_protocol (source) == SB_PROTOCOL_MQTT_311
         && *sb_data_source_get_client_id (source) == '\0'
         && sb_data_source_get_keep_alive (source) == SB_DEFAULT_KEEP_ALIVE
         && sb_data_source_get_clean_session (source)
         && sb_data_source_get_session_expiry_interval (source) == 0
         && sb_data_source_get_n_user_properties (source) == 0;
}

static gboolean
will_is_default (SbDataSource *source)
{
  return *sb_data_source_get_will_topic (source) == '\0'
         && *sb_data_source_get_will_payload (source) == '\0'
         && sb_data_source_get_will_qos (source) == 0 && !sb_data_source_get_will_retain (source);
}

gboolean
sb_source_dialog_advanced_focus_problem (SbSourceDialogAdvanced *self)
{
  struct
  {
    GtkLabel *error;
    GtkWidget *field;
    AdwExpanderRow *expander;
  } fields[] = {
    { self->client_id_error, GTK_WIDGET (self->client_id_entry), self->advanced_expander },
    { self->keep_alive_error, GTK_WIDGET (self->keep_alive_entry), self->advanced_expander },
    { self->session_expiry_error, GTK_WIDGET (self->session_expiry_entry),
      self->advanced_expander },
    { self->user_properties_error, GTK_WIDGET (self->add_user_property_button),
      self->advanced_expander },
    { self->will_error, GTK_WIDGET (self->will_topic_entry), self->will_expander },
  };

  g_return_val_if_fail (SB_IS_SOURCE_DIALOG_ADVANCED (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (fields[i].error)))
      {
        GtkWidget *field = fields[i].field;

        adw_expander_row_set_expanded (fields[i].expander, TRUE);
        /* A user property's own entry, when one is marked. */
        for (guint p = 0; field == GTK_WIDGET (self->add_user_property_button)
                          && user_property_row_at (self, p) != NULL;
             p++)
          {
            GtkWidget *row = user_property_row_at (self, p);

            if (gtk_widget_has_css_class (row_part (row, "name"), "error")
                || gtk_widget_has_css_class (row_part (row, "value"), "error"))
              field = gtk_widget_has_css_class (row_part (row, "name"), "error")
                          ? row_part (row, "name")
                          : row_part (row, "value");
          }
        return gtk_widget_grab_focus (field);
      }
  return FALSE;
}

void
sb_source_dialog_advanced_set_source (SbSourceDialogAdvanced *self, SbDataSource *source)
{
  guint expiry, keep_alive, n;
  g_autofree char *keep_alive_text = NULL;
  g_autofree char *expiry_text = NULL;

  g_return_if_fail (SB_IS_SOURCE_DIALOG_ADVANCED (self));
  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  g_set_object (&self->source, source);
  expiry = sb_data_source_get_session_expiry_interval (source);
  keep_alive = sb_data_source_get_keep_alive (source);
  keep_alive_text
      = keep_alive != SB_DEFAULT_KEEP_ALIVE ? g_strdup_printf ("%u", keep_alive) : g_strdup ("");
  expiry_text = expiry != 0 ? g_strdup_printf ("%u", expiry) : g_strdup ("");
  self->session_expiry = expiry;

  self->loading = TRUE;
  adw_combo_row_set_selected (self->protocol_drop_down,
                              sb_data_source_get_protocol (source) == SB_PROTOCOL_MQTT_5 ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_entry),
                         sb_data_source_get_client_id (source));
  gtk_editable_set_text (GTK_EDITABLE (self->keep_alive_entry), keep_alive_text);
  gtk_switch_set_active (self->clean_session_check, sb_data_source_get_clean_session (source));
  gtk_editable_set_text (GTK_EDITABLE (self->session_expiry_entry), expiry_text);
  for (GtkWidget *row;
       (row = gtk_widget_get_first_child (GTK_WIDGET (self->user_properties_box))) != NULL;)
    gtk_box_remove (self->user_properties_box, row);
  gtk_widget_set_visible (GTK_WIDGET (self->user_properties_box), FALSE);
  n = sb_data_source_get_n_user_properties (source);
  for (guint i = 0; i < n; i++)
    add_user_property_row (self, sb_data_source_get_user_property_name (source, i),
                           sb_data_source_get_user_property_value (source, i));
  gtk_editable_set_text (GTK_EDITABLE (self->will_topic_entry),
                         sb_data_source_get_will_topic (source));
  gtk_editable_set_text (GTK_EDITABLE (self->will_payload_entry),
                         sb_data_source_get_will_payload (source));
  adw_combo_row_set_selected (self->will_qos_drop_down,
                              (guint)sb_data_source_get_will_qos (source));
  gtk_switch_set_active (self->will_retain_check, sb_data_source_get_will_retain (source));
  self->loading = FALSE;
  update_mqtt5_sensitivity (self);
  /* Settings someone already uses are shown expanded, so nothing is hidden. */
  adw_expander_row_set_expanded (self->advanced_expander, !session_is_default (source));
  adw_expander_row_set_expanded (self->will_expander, !will_is_default (source));
}

/* For tests */

GtkWidget *
sb_source_dialog_advanced_get_widget (SbSourceDialogAdvanced *self, const char *name)
{
  GObject *child;

  g_return_val_if_fail (SB_IS_SOURCE_DIALOG_ADVANCED (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), SB_TYPE_SOURCE_DIALOG_ADVANCED, name);
  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);
  return GTK_WIDGET (child);
}

guint
sb_source_dialog_advanced_get_n_user_property_rows (SbSourceDialogAdvanced *self)
{
  guint n = 0;

  g_return_val_if_fail (SB_IS_SOURCE_DIALOG_ADVANCED (self), 0);
  while (user_property_row_at (self, n) != NULL)
    n++;
  return n;
}

static GtkWidget *
user_property_part (SbSourceDialogAdvanced *self, guint position, const char *part)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_SOURCE_DIALOG_ADVANCED (self), NULL);
  row = user_property_row_at (self, position);
  g_return_val_if_fail (row != NULL, NULL);
  return row_part (row, part);
}

GtkEditable *
sb_source_dialog_advanced_get_user_property_name_entry (SbSourceDialogAdvanced *self,
                                                        guint position)
{
  return GTK_EDITABLE (user_property_part (self, position, "name"));
}

GtkEditable *
sb_source_dialog_advanced_get_user_property_value_entry (SbSourceDialogAdvanced *self,
                                                         guint position)
{
  return GTK_EDITABLE (user_property_part (self, position, "value"));
}

GtkButton *
sb_source_dialog_advanced_get_user_property_remove_button (SbSourceDialogAdvanced *self,
                                                           guint position)
{
  return GTK_BUTTON (user_property_part (self, position, "remove"));
}

/* GObject */

static void
sb_source_dialog_advanced_dispose (GObject *object)
{
  SbSourceDialogAdvanced *self = SB_SOURCE_DIALOG_ADVANCED (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_SOURCE_DIALOG_ADVANCED);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (sb_source_dialog_advanced_parent_class)->dispose (object);
}

static void
sb_source_dialog_advanced_finalize (GObject *object)
{
  SbSourceDialogAdvanced *self = SB_SOURCE_DIALOG_ADVANCED (object);

  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_free (self->keep_alive_input_error);
  g_free (self->session_expiry_input_error);

  G_OBJECT_CLASS (sb_source_dialog_advanced_parent_class)->finalize (object);
}

static void
sb_source_dialog_advanced_class_init (SbSourceDialogAdvancedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_source_dialog_advanced_dispose;
  object_class->finalize = sb_source_dialog_advanced_finalize;

  signals[SIGNAL_EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-source-dialog-advanced.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SbSourceDialogAdvanced, name)
  BIND (advanced_expander);
  BIND (protocol_drop_down);
  BIND (client_id_entry);
  BIND (client_id_error);
  BIND (keep_alive_entry);
  BIND (keep_alive_error);
  BIND (clean_session_check);
  BIND (session_expiry_entry);
  BIND (session_expiry_error);
  BIND (user_properties_title);
  BIND (user_properties_area);
  BIND (user_properties_box);
  BIND (add_user_property_button);
  BIND (user_properties_error);
  BIND (mqtt5_note);
  BIND (will_expander);
  BIND (will_topic_entry);
  BIND (will_payload_entry);
  BIND (will_qos_drop_down);
  BIND (will_retain_check);
  BIND (will_error);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, protocol_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_id_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_alive_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clean_session_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, session_expiry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_user_property_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, will_changed_cb);
}

static void
sb_source_dialog_advanced_init (SbSourceDialogAdvanced *self)
{
  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  /* The template's handlers fire while it is built; nothing to edit yet. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
  update_mqtt5_sensitivity (self);
}
