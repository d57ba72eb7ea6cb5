/* sb-source-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-preview-view.h"
#include "sb-source-row-private.h"
#include "sb-validate.h"

struct _SbSourceRow
{
  GtkListBoxRow parent_instance;

  GtkLabel *state_dot;
  GtkLabel *name_label;
  GtkLabel *address_label;
  GtkLabel *subscriptions_label;
  GtkLabel *state_label;
  GtkImage *warning_icon;
  GtkLabel *warning_label;
  GtkButton *preview_button;
  GtkButton *edit_button;
  GtkMenuButton *menu_button;

  SbDataSource *source;
  SbMqttSession *session;
};

G_DEFINE_FINAL_TYPE (SbSourceRow, sb_source_row, GTK_TYPE_LIST_BOX_ROW)

static void
update_state (SbSourceRow *self)
{
  static const char *const classes[] = { "connected", "connecting", "failed" };
  const char *klass = NULL;
  const char *dot = "○";
  g_autofree char *text = NULL;

  if (self->session != NULL)
    {
      text = sb_session_describe (self->session);
      switch (sb_mqtt_session_get_state (self->session))
        {
          case SB_SESSION_CONNECTED:
            klass = "connected";
            dot = "●";
            break;
          case SB_SESSION_CONNECTING:
            klass = "connecting";
            dot = "◐";
            break;
          case SB_SESSION_RECONNECTING:
            klass = "connecting";
            dot = "◐";
            /* The row is all a wall display shows: say why, not only when. */
            if (sb_mqtt_session_get_last_error (self->session) != NULL)
              {
                char *why = g_strdup_printf (_ ("%s — %s"),
                                             sb_mqtt_session_get_last_error (self->session), text);
                g_free (text);
                text = why;
              }
            break;
          case SB_SESSION_FAILED:
            klass = "failed";
            dot = "!";
            break;
          case SB_SESSION_DISCONNECTED:
          default:
            break;
        }
    }

  /* The reason is in words as well: colour alone tells some people nothing. */
  gtk_label_set_label (self->state_dot, dot);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_dot),
                               text != NULL ? text : _ ("Listener off"));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      if (g_strcmp0 (classes[i], klass) == 0)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->state_dot), classes[i]);
          gtk_widget_add_css_class (GTK_WIDGET (self->state_label), classes[i]);
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->state_dot), classes[i]);
          gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
        }
    }
  gtk_label_set_label (self->state_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), text != NULL);
}

/* What the Add/Edit dialog warns about, kept in sight in the list. */
static void
update_warnings (SbSourceRow *self)
{
  SbDataSource *source = self->source;
  const char *broker = sb_data_source_get_broker (source);
  gboolean tls = sb_data_source_get_tls_enabled (source);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) tips = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;

  if (tls && !sb_data_source_get_tls_verify (source))
    {
      g_ptr_array_add (lines, g_strdup (_ ("Certificates not checked")));
      g_ptr_array_add (tips, g_strdup (_ ("TLS without checking the broker’s certificate: anyone "
                                          "between can pose as the broker.")));
    }
  if (sb_validate_password_unencrypted (source))
    {
      g_ptr_array_add (lines, g_strdup (_ ("Password sent unencrypted")));
      g_ptr_array_add (tips, g_strdup_printf (_ ("TLS is off and %s is not this computer: anyone "
                                                 "on the network between can read the password."),
                                              broker));
    }
  g_ptr_array_add (lines, NULL);
  g_ptr_array_add (tips, NULL);
  text = g_strjoinv (" · ", (char **)lines->pdata);
  tip = g_strjoinv ("\n", (char **)tips->pdata);
  gtk_label_set_label (self->warning_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->warning_label), *tip != '\0' ? tip : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->warning_icon), *tip != '\0' ? tip : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), *text != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->warning_icon), *text != '\0');
}

static void
update (SbSourceRow *self)
{
  guint n = sb_data_source_get_n_subscriptions (self->source);
  g_autofree char *address = NULL;
  g_autofree char *subscriptions = NULL;
  const char *name = sb_data_source_get_name (self->source);
  const char *id = sb_data_source_get_id (self->source);

  address = g_strdup_printf ("%s:%u", sb_data_source_get_broker (self->source),
                             sb_data_source_get_effective_port (self->source));
  subscriptions = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u subscription", "%u subscriptions", n), n);
  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->address_label, address);
  gtk_label_set_label (self->subscriptions_label, subscriptions);
  update_warnings (self);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->preview_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static GMenuModel *
build_menu (SbSourceRow *self)
{
  GMenu *menu = g_menu_new ();
  static const struct
  {
    const char *label;
    const char *action;
  } items[] = {
    /* One item a line, as the menu shows them. */
    /* clang-format off */
    { N_ ("_Edit…"), "win.edit-source" },
    { N_ ("B_rowse Topics"), "win.browse-source" },
    { N_ ("D_uplicate"), "win.duplicate-source" },
    { N_ ("E_xport…"), "win.export-source" },
    { N_ ("_Delete"), "win.delete-source" },
    /* clang-format on */
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_ (items[i].label), NULL);
      g_menu_item_set_action_and_target_value (
          item, items[i].action, g_variant_new_string (sb_data_source_get_id (self->source)));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

GtkWidget *
sb_source_row_new (SbDataSource *source)
{
  SbSourceRow *self;
  g_autoptr (GMenuModel) menu = NULL;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_SOURCE_ROW, NULL);
  self->source = g_object_ref (source);
  g_signal_connect_object (source, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  menu = build_menu (self);
  gtk_menu_button_set_menu_model (self->menu_button, menu);
  return GTK_WIDGET (self);
}

SbDataSource *
sb_source_row_get_source (SbSourceRow *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_ROW (self), NULL);
  return self->source;
}

void
sb_source_row_set_session (SbSourceRow *self, SbMqttSession *session)
{
  g_return_if_fail (SB_IS_SOURCE_ROW (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  update_state (self);
}

const char *
sb_source_row_get_name_text (SbSourceRow *self)
{
  return gtk_label_get_label (self->name_label);
}

const char *
sb_source_row_get_address_text (SbSourceRow *self)
{
  return gtk_label_get_label (self->address_label);
}

const char *
sb_source_row_get_subscriptions_text (SbSourceRow *self)
{
  return gtk_label_get_label (self->subscriptions_label);
}

const char *
sb_source_row_get_warning_text (SbSourceRow *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_ROW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->warning_label))
             ? gtk_label_get_label (self->warning_label)
             : "";
}

const char *
sb_source_row_get_state_text (SbSourceRow *self)
{
  return gtk_label_get_label (self->state_label);
}

static void
sb_source_row_dispose (GObject *object)
{
  SbSourceRow *self = SB_SOURCE_ROW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_SOURCE_ROW);

  G_OBJECT_CLASS (sb_source_row_parent_class)->dispose (object);
}

static void
sb_source_row_class_init (SbSourceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_source_row_dispose;

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-source-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, address_label);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, subscriptions_label);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, warning_label);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, preview_button);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, SbSourceRow, menu_button);
}

static void
sb_source_row_init (SbSourceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
