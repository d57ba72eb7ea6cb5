/* sb-secret-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-secret-entry-private.h"

struct _SbSecretEntry
{
  AdwPreferencesRow parent_instance;

  GtkWidget *entry;
  GtkLabel *store_label;
  GtkWidget *file_check;

  SbSecretKind kind;
  SbKeyringState keyring;
  gboolean in_file;
};

static GtkEditable *
get_delegate (GtkEditable *editable)
{
  return GTK_EDITABLE (SB_SECRET_ENTRY (editable)->entry);
}

static void
editable_init (GtkEditableInterface *iface)
{
  iface->get_delegate = get_delegate;
}

/* A GtkEditable itself (delegating to its entry): "text", "changed" and the
 * rest are the entry's. */
G_DEFINE_FINAL_TYPE_WITH_CODE (SbSecretEntry, sb_secret_entry, ADW_TYPE_PREFERENCES_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_EDITABLE, editable_init))

enum
{
  PROP_0,
  PROP_KIND,
  PROP_KEYRING,
  PROP_IN_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_store (SbSecretEntry *self)
{
  gboolean password = self->kind == SB_SECRET_PASSWORD;

  if (self->keyring == SB_KEYRING_AVAILABLE)
    gtk_label_set_label (self->store_label, _ ("Stored in the keyring"));
  else if (self->keyring == SB_KEYRING_UNAVAILABLE)
    gtk_label_set_label (self->store_label,
                         password ? _ ("No keyring answers: unless stored in the file, the "
                                       "password is asked for when connecting")
                                  : _ ("No keyring answers: unless stored in the file, the "
                                       "passphrase is kept only until Signalboard quits"));
  gtk_check_button_set_label (
      GTK_CHECK_BUTTON (self->file_check),
      password ? _ ("Store password in the file (readable by anyone with the file)")
               : _ ("Store the passphrase in the file (readable by anyone with the file)"));
  gtk_widget_set_visible (GTK_WIDGET (self->store_label), self->keyring != SB_KEYRING_UNKNOWN);
  gtk_widget_set_visible (self->file_check, self->keyring == SB_KEYRING_UNAVAILABLE);
}

const char *
sb_secret_entry_get_text (SbSecretEntry *self)
{
  g_return_val_if_fail (SB_IS_SECRET_ENTRY (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
sb_secret_entry_set_text (SbSecretEntry *self, const char *text)
{
  g_return_if_fail (SB_IS_SECRET_ENTRY (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

gboolean
sb_secret_entry_get_in_file (SbSecretEntry *self)
{
  g_return_val_if_fail (SB_IS_SECRET_ENTRY (self), FALSE);
  return self->in_file;
}

void
sb_secret_entry_set_in_file (SbSecretEntry *self, gboolean in_file)
{
  g_return_if_fail (SB_IS_SECRET_ENTRY (self));

  in_file = !!in_file;
  if (self->in_file == in_file)
    return;
  self->in_file = in_file;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_FILE]);
}

void
sb_secret_entry_offer (SbSecretEntry *self, const char *stored)
{
  g_return_if_fail (SB_IS_SECRET_ENTRY (self));

  if (stored != NULL && *sb_secret_entry_get_text (self) == '\0')
    sb_secret_entry_set_text (self, stored);
}

GtkWidget *
sb_secret_entry_get_widget (SbSecretEntry *self, const char *name)
{
  GObject *child;

  g_return_val_if_fail (SB_IS_SECRET_ENTRY (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), SB_TYPE_SECRET_ENTRY, name);
  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);
  return GTK_WIDGET (child);
}

static gboolean
sb_secret_entry_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (SB_SECRET_ENTRY (widget)->entry);
}

static gboolean
sb_secret_entry_mnemonic_activate (GtkWidget *widget, gboolean group_cycling)
{
  return gtk_widget_grab_focus (SB_SECRET_ENTRY (widget)->entry);
}

static void
sb_secret_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbSecretEntry *self = SB_SECRET_ENTRY (object);

  if (gtk_editable_delegate_get_property (object, prop_id, value, pspec))
    return;
  switch (prop_id)
    {
      case PROP_KIND:
        g_value_set_enum (value, self->kind);
        break;
      case PROP_KEYRING:
        g_value_set_enum (value, self->keyring);
        break;
      case PROP_IN_FILE:
        g_value_set_boolean (value, self->in_file);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_secret_entry_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  SbSecretEntry *self = SB_SECRET_ENTRY (object);

  if (gtk_editable_delegate_set_property (object, prop_id, value, pspec))
    return;
  switch (prop_id)
    {
      case PROP_KIND:
        self->kind = g_value_get_enum (value);
        update_store (self);
        break;
      case PROP_KEYRING:
        if (self->keyring != (SbKeyringState)g_value_get_enum (value))
          {
            self->keyring = g_value_get_enum (value);
            update_store (self);
            g_object_notify_by_pspec (object, pspec);
          }
        break;
      case PROP_IN_FILE:
        sb_secret_entry_set_in_file (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_secret_entry_dispose (GObject *object)
{
  if (SB_SECRET_ENTRY (object)->entry != NULL)
    gtk_editable_finish_delegate (GTK_EDITABLE (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), SB_TYPE_SECRET_ENTRY);

  G_OBJECT_CLASS (sb_secret_entry_parent_class)->dispose (object);
}

static void
sb_secret_entry_class_init (SbSecretEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_secret_entry_dispose;
  object_class->get_property = sb_secret_entry_get_property;
  object_class->set_property = sb_secret_entry_set_property;
  widget_class->grab_focus = sb_secret_entry_grab_focus;
  widget_class->mnemonic_activate = sb_secret_entry_mnemonic_activate;

  properties[PROP_KIND]
      = g_param_spec_enum ("kind", NULL, NULL, SB_TYPE_SECRET_KIND, SB_SECRET_PASSWORD,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEYRING]
      = g_param_spec_enum ("keyring", NULL, NULL, SB_TYPE_KEYRING_STATE, SB_KEYRING_UNKNOWN,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_FILE]
      = g_param_spec_boolean ("in-file", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_editable_install_properties (object_class, N_PROPS);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-secret-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, SbSecretEntry, entry);
  gtk_widget_class_bind_template_child (widget_class, SbSecretEntry, store_label);
  gtk_widget_class_bind_template_child (widget_class, SbSecretEntry, file_check);
}

static void
sb_secret_entry_init (SbSecretEntry *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_init_delegate (GTK_EDITABLE (self));
  g_object_bind_property (self, "in-file", self->file_check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  update_store (self);
}
