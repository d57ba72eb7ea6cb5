/* sb-field-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-field-error.h"

void
sb_field_error_show (GtkWidget *field, GtkLabel *caption, const char *message)
{
  g_return_if_fail (field == NULL || GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (caption));

  if (field != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (field, "error");
      else
        gtk_widget_remove_css_class (field, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message != NULL ? message : "", -1);
    }
  gtk_label_set_label (caption, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (caption), message != NULL);
}
