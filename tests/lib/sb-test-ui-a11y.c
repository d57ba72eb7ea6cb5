/* sb-test-ui-a11y.c: the accessibility walk: every control a user can reach has
 * an accessible name, and no name says the same thing twice
 *
 * Runs under GTK_A11Y=test: with GTK_A11Y=none (the other UI tests) GTK
 * creates no GtkATContext at all and gtk_test_accessible_* read nothing.
 * GTK 4.8 computes a name (gtk_at_context_get_name, what AT-SPI's Name
 * returns) as the label property followed by the label property of every
 * labelled-by referent; with neither, a screen reader hears the type name
 * ("GtkExpander"). This file computes the same from the public test API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-test-ui-a11y.h"
#include "sb-test-ui.h"

/* A value no label holds: gtk_test_accessible_check_property () returns the
 * real value whenever it differs from the expected one. */
#define A11Y_NO_SUCH_VALUE "\001"

/* The label property of @widget, NULL when it has none. */
static char *
a11y_label (GtkWidget *widget)
{
  char *value = gtk_test_accessible_check_property (
      GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, A11Y_NO_SUCH_VALUE);

  if (value != NULL && (g_str_equal (value, "undefined") || *value == '\0'))
    g_clear_pointer (&value, g_free);
  return value;
}

static void
a11y_collect (GtkWidget *widget, GHashTable *all)
{
  g_hash_table_add (all, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    a11y_collect (child, all);
}

/* The labelled-by referents of @widget: GTK prints the relation as
 * "Type<0x…> Type<0x…>"; a pointer counts only when it is a widget of
 * @all (the window's tree), never dereferenced otherwise. */
static GPtrArray *
a11y_labelled_by (GtkWidget *widget, GHashTable *all)
{
  GPtrArray *refs = g_ptr_array_new ();
  g_autofree char *printed = gtk_test_accessible_check_relation (
      GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);

  for (const char *p = printed != NULL ? strchr (printed, '<') : NULL; p != NULL;
       p = strchr (p + 1, '<'))
    {
      gpointer ref = (gpointer)(guintptr)g_ascii_strtoull (p + 1, NULL, 16);
      if (g_hash_table_contains (all, ref))
        g_ptr_array_add (refs, ref);
    }
  return refs;
}

/* The parts GTK joins with spaces into @widget's accessible name. */
static GPtrArray *
a11y_name_parts (GtkWidget *widget, GHashTable *all)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) refs = a11y_labelled_by (widget, all);
  char *label = a11y_label (widget);

  if (label != NULL)
    g_ptr_array_add (parts, label);
  for (guint i = 0; i < refs->len; i++)
    {
      label = a11y_label (refs->pdata[i]);
      if (label != NULL)
        g_ptr_array_add (parts, label);
    }
  return parts;
}

/* @text without mnemonic underscores ("_Add" and "Add" say the same). */
static char *
a11y_strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            g_string_append_c (out, *++p);
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Roles of controls a user operates: each needs a name of its own. */
static gboolean
a11y_is_control (GtkWidget *widget)
{
  switch (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)))
    {
      case GTK_ACCESSIBLE_ROLE_BUTTON:
      case GTK_ACCESSIBLE_ROLE_CHECKBOX:
      case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
      case GTK_ACCESSIBLE_ROLE_LINK:
      case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
      case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
      case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
      case GTK_ACCESSIBLE_ROLE_RADIO:
      case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
      case GTK_ACCESSIBLE_ROLE_SLIDER:
      case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
      case GTK_ACCESSIBLE_ROLE_SWITCH:
      case GTK_ACCESSIBLE_ROLE_TAB:
      case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
        return TRUE;
      default:
        break;
    }
  /* Anything else a user can Tab to that GTK would call by its type name:
   * not the structural roles (GTK gives them no name, a screen reader reads
   * their content) nor list rows (they read their cells). */
  if (!gtk_widget_get_focusable (widget))
    return FALSE;
  switch (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)))
    {
      case GTK_ACCESSIBLE_ROLE_FORM:
      case GTK_ACCESSIBLE_ROLE_GROUP:
      case GTK_ACCESSIBLE_ROLE_GENERIC:
      case GTK_ACCESSIBLE_ROLE_LANDMARK:
      case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
      case GTK_ACCESSIBLE_ROLE_REGION:
      case GTK_ACCESSIBLE_ROLE_SEARCH:
      case GTK_ACCESSIBLE_ROLE_SEPARATOR:
      case GTK_ACCESSIBLE_ROLE_NONE:
      case GTK_ACCESSIBLE_ROLE_PRESENTATION:
      case GTK_ACCESSIBLE_ROLE_ROW:
      case GTK_ACCESSIBLE_ROLE_LABEL:
        return FALSE;
      default:
        return TRUE;
    }
}

/* Shown to the user and within the focus chain: mapped, not in a stack page
 * on its way out, nothing on the way up that keeps the focus out. */
static gboolean
a11y_is_shown (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkWidget *parent = gtk_widget_get_parent (w);

      if (!gtk_widget_get_can_focus (w))
        return FALSE;
      /* A page a stack transition still shows is on its way out. */
      if (GTK_IS_STACK (parent) && gtk_stack_get_visible_child (GTK_STACK (parent)) != w)
        return FALSE;
    }
  return TRUE;
}

/* @widget as "Type#ui-id" after the templates (Sb…) and named widgets it is
 * in, for the failure message: enough to find it in its .ui file. */
static char *
a11y_describe (GtkWidget *widget)
{
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (w));
      g_autofree char *step = NULL;

      if (id != NULL && g_str_has_prefix (id, "___object_"))
        id = NULL;
      if (w != widget && id == NULL && !g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Sb"))
        continue;
      step = id != NULL ? g_strdup_printf ("%s#%s", G_OBJECT_TYPE_NAME (w), id)
                        : g_strdup (G_OBJECT_TYPE_NAME (w));
      if (path->len > 0)
        g_string_prepend (path, " > ");
      g_string_prepend (path, step);
    }
  return g_string_free (path, FALSE);
}

static void
a11y_check_tree (GtkWidget *widget, GHashTable *all, GString *problems, guint *n_checked)
{
  if (a11y_is_shown (widget) && a11y_is_control (widget))
    {
      g_autoptr (GPtrArray) parts = a11y_name_parts (widget, all);

      (*n_checked)++;
      if (g_getenv ("SB_A11Y_LIST") != NULL)
        {
          g_autofree char *where = a11y_describe (widget);
          g_printerr ("CHECK %s\n", where);
        }
      if (parts->len == 0)
        {
          g_autofree char *where = a11y_describe (widget);
          g_string_append_printf (problems, "\n  no accessible name: %s", where);
        }
      for (guint i = 0; i < parts->len; i++)
        {
          g_autofree char *plain = a11y_strip_mnemonic (parts->pdata[i]);
          gboolean mnemonic
              = (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)))
                || (GTK_IS_CHECK_BUTTON (widget)
                    && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)));
          if (mnemonic && !g_str_equal (plain, parts->pdata[i]))
            {
              g_autofree char *where = a11y_describe (widget);
              g_string_append_printf (problems, "\n  mnemonic marker in the name \"%s\": %s",
                                      (char *)parts->pdata[i], where);
            }
        }
      for (guint i = 0; i < parts->len; i++)
        for (guint j = i + 1; j < parts->len; j++)
          {
            g_autofree char *a = a11y_strip_mnemonic (parts->pdata[i]);
            g_autofree char *b = a11y_strip_mnemonic (parts->pdata[j]);
            if (g_str_equal (a, b))
              {
                g_autofree char *where = a11y_describe (widget);
                g_string_append_printf (problems, "\n  doubled name \"%s %s\": %s",
                                        (char *)parts->pdata[i], (char *)parts->pdata[j], where);
              }
          }
    }
  /* What is inside a button is part of it (WAI-ARIA's presentational
   * children): only the button takes the focus. */
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_BUTTON)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    a11y_check_tree (child, all, problems, n_checked);
}

static gboolean
a11y_mapped_cb (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

guint
a11y_assert_window_named (GtkWidget *window)
{
  g_autoptr (GHashTable) all = g_hash_table_new (NULL, NULL);
  g_autoptr (GString) problems = g_string_new (NULL);
  guint n_checked = 0;

  g_assert_true (GTK_IS_WINDOW (window));
  g_assert_true (sb_test_wait_for (a11y_mapped_cb, window, 10000));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  a11y_collect (window, all);
  a11y_check_tree (window, all, problems, &n_checked);
  if (problems->len > 0)
    g_test_fail_printf ("%s: %u controls, these fail:%s", G_OBJECT_TYPE_NAME (window), n_checked,
                        problems->str);
  g_test_message ("%s: %u controls named", G_OBJECT_TYPE_NAME (window), n_checked);
  return n_checked;
}
