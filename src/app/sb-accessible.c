/* sb-accessible.c: GTK 4.8's accessible names put right
 *
 * GTK 4.8 computes a name as the label property followed by the label of
 * every labelled-by widget; with neither, a screen reader hears the type
 * name ("GtkColumnListView"). tests/app/test-ui-a11y.c walks every window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sb-accessible.h"

/* @title without its mnemonic marker, or NULL when empty. */
static char *
plain_title (const char *title, gboolean use_underline)
{
  g_autofree char *plain = NULL;

  if (title == NULL || *title == '\0')
    return NULL;
  if (!use_underline)
    return g_strdup (title);
  if (!pango_parse_markup (title, -1, '_', NULL, &plain, NULL, NULL) || *plain == '\0')
    return NULL;
  return g_steal_pointer (&plain);
}

/* The lists of libadwaita 1.2's rows take the focus but have no name: an
 * expander row's list is named by its title, an untitled group's list by
 * its window (a titled group names its own). */
static void
label_list_box (GtkWidget *list)
{
  GtkWidget *expander = gtk_widget_get_ancestor (list, ADW_TYPE_EXPANDER_ROW);
  GtkWidget *group = gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP);
  g_autofree char *label = NULL;

  if (expander != NULL && (group == NULL || gtk_widget_is_ancestor (expander, group)))
    label = plain_title (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)),
                         adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (expander)));
  else if (group != NULL && *adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)) == '\0'
           && GTK_IS_WINDOW (gtk_widget_get_root (list)))
    label = g_strdup (gtk_window_get_title (GTK_WINDOW (gtk_widget_get_root (list))));
  if (label != NULL && *label != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
}

/* A button with a mnemonic reads "_Preview Preview": its label property keeps
 * the raw mnemonic text while its label, the mnemonic's target, labels it
 * too; a check button reads the underscore. Once such a button is shown its
 * label alone names it. The button inside a drop-down gets the drop-down's
 * label. */
static gboolean
mnemonic_button_mapped_cb (GSignalInvocationHint *hint, guint n_params, const GValue *params,
                           gpointer data)
{
  GObject *widget = g_value_get_object (&params[0]);

  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget))
      && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
  else if (GTK_IS_CHECK_BUTTON (widget)
           && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget))
           && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
    {
      g_autofree char *plain = NULL;

      if (pango_parse_markup (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), -1, '_', NULL,
                              &plain, NULL, NULL))
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        plain, -1);
    }
  else if (ADW_IS_PREFERENCES_ROW (widget))
    {
      /* libadwaita 1.2 gives a row no name of its own (only its mnemonic, as
       * for a button, labels it): its title names it, alone, and the editor
       * in it that says it is labelled by the row. */
      g_autofree char *plain
          = plain_title (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                         adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (widget)));

      if (plain != NULL)
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          plain, -1);
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY);
        }
    }
  else if (GTK_IS_TOGGLE_BUTTON (widget)
           && GTK_IS_DROP_DOWN (gtk_widget_get_parent (GTK_WIDGET (widget))))
    {
      /* A drop-down's label names the drop-down, but the focus goes to the
       * button inside it, which a screen reader then calls "GtkToggleButton". */
      GList *labels = gtk_widget_list_mnemonic_labels (gtk_widget_get_parent (GTK_WIDGET (widget)));

      /* Its label, or the drop-down's own label property when nothing labels it. */
      gpointer label = labels != NULL ? labels->data : gtk_widget_get_parent (GTK_WIDGET (widget));

      gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      label, NULL, -1);
      g_list_free (labels);
    }
  else if (GTK_IS_EXPANDER (widget))
    {
      /* GTK 4.8 calls an expander "GtkExpander": its label names it. */
      g_autofree char *plain = plain_title (gtk_expander_get_label (GTK_EXPANDER (widget)),
                                            gtk_expander_get_use_underline (GTK_EXPANDER (widget)));

      if (plain != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        plain, -1);
    }
  else if (GTK_IS_LIST_BOX (widget))
    label_list_box (GTK_WIDGET (widget));
  else if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL
           && gtk_widget_get_ancestor (GTK_WIDGET (widget), ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _ ("Show or hide the password"), -1);
  return TRUE;
}

void
sb_accessible_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* A static type's class stays once created: "map" exists from here on. */
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  mnemonic_button_mapped_cb, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

void
sb_accessible_label_column_view (GtkColumnView *view, const char *label)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
}

static void
label_toggles (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _ ("Search shortcuts"), -1);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    label_toggles (child);
}

static void
label_about_parts (GtkWidget *widget, const char *section)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (g_strcmp0 (id, "version_button") == 0 && GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));
      g_autofree char *label = g_strdup_printf (
          _ ("Version %s"), GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  else if (g_strcmp0 (id, "details_group") == 0)
    section = _ ("Details");
  else if (g_strcmp0 (id, "support_group") == 0)
    section = _ ("Support");
  else if (g_strcmp0 (id, "credits_legal_group") == 0)
    section = _ ("Credits and legal");
  else if (GTK_IS_LIST_BOX (widget) && section != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, section,
                                    -1);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    label_about_parts (child, section);
}

void
sb_accessible_label_about_window (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  label_about_parts (GTK_WIDGET (window), NULL);
}

void
sb_accessible_label_shortcuts_window (GtkShortcutsWindow *window)
{
  g_return_if_fail (GTK_IS_SHORTCUTS_WINDOW (window));

  /* Its only toggle without a label is the search button in its header. */
  label_toggles (GTK_WIDGET (window));
}
