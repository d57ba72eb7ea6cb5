/* sb-ui-test.h: what the UI tests share: waiting for what a user would see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-test-broker.h"

/* Generous: a loaded CI machine under ASan is slow; a pass takes milliseconds. */
#define UI_DEADLINE_MS 10000

static inline void
ui_test_init (int *argc, char ***argv)
{
  g_autofree char *config_home = g_dir_make_tmp ("sb-ui-config-XXXXXX", NULL);

  /* The app's default file must never be the developer's own. */
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (argc, argv, NULL);
  gtk_init ();
}

/* Lets pending layout, signals and idles run (not a wait for a condition). */
static inline void
ui_drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static inline gboolean
ui_label_visible_cb (gpointer data)
{
  GtkWidget *label = data;
  return gtk_widget_get_visible (label) && *gtk_label_get_label (GTK_LABEL (label)) != '\0';
}

static inline gboolean
ui_widget_gone_cb (gpointer data)
{
  GtkWidget **widget = data;
  return *widget == NULL;
}

/* Waits until *@location (a weak pointer) is NULL: the window was destroyed. */
static inline gboolean
ui_wait_destroyed (gpointer *location)
{
  return sb_test_wait_for (ui_widget_gone_cb, location, UI_DEADLINE_MS);
}

static inline void
ui_type (GtkEditable *editable, const char *text)
{
  /* Setting the text emits "changed" exactly as typing it does. */
  gtk_editable_set_text (editable, text);
  ui_drain ();
}

/* A GtkLabel with exactly @text somewhere under @widget, or NULL. */
static inline GtkWidget *
ui_find_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0
      && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline char *
ui_read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}
