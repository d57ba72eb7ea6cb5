/* sb-test-ui.c: what the UI tests share: waiting for what a user would see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-test-ui.h"

#include "sb-application.h"

void
ui_test_init (int *argc, char ***argv)
{
  g_autofree char *config_home = g_dir_make_tmp ("sb-ui-config-XXXXXX", NULL);

  /* The app's default file must never be the developer's own. */
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (argc, argv, NULL);
  sb_application_prepare_display ();
  adw_init ();
}

void
ui_drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

void
ui_activate (gpointer widget, const char *action, const char *id)
{
  gtk_widget_activate_action (GTK_WIDGET (widget), action, id != NULL ? "s" : NULL, id);
  ui_drain ();
}

gboolean
ui_widget_visible_cb (gpointer data)
{
  return gtk_widget_get_visible (data);
}

gboolean
ui_label_visible_cb (gpointer data)
{
  GtkWidget *label = data;
  return gtk_widget_get_visible (label) && *gtk_label_get_label (GTK_LABEL (label)) != '\0';
}

static gboolean
ui_widget_gone_cb (gpointer data)
{
  GtkWidget **widget = data;
  return *widget == NULL;
}

gboolean
ui_wait_destroyed (gpointer *location)
{
  return sb_test_wait_for (ui_widget_gone_cb, location, UI_DEADLINE_MS);
}

void
ui_type (GtkEditable *editable, const char *text)
{
  /* Setting the text emits "changed" exactly as typing it does. */
  gtk_editable_set_text (editable, text);
  ui_drain ();
}

const char *
ui_widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return NULL;
}

GtkWidget *
ui_find_label (GtkWidget *widget, const char *text)
{
  if (g_strcmp0 (ui_widget_text (widget), text) == 0 && gtk_widget_get_mapped (widget))
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

char *
ui_read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

gboolean
ui_true_after_cb (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *)data;
}

void
ui_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  sb_test_wait_for (ui_true_after_cb, &until, ms + 1000);
}

void
ui_shoot (GtkWidget *window, const char *dir, const char *name)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path
      = g_strdup_printf ("%s/%s%s.png", dir, name,
                         g_strcmp0 (g_getenv ("SB_SCREENSHOT_STYLE"), "dark") == 0 ? "-dark" : "");
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = 0, height = 0;

  /* A window between two frames (a style change, a resize) gives no node:
   * the next frame does. */
  for (guint attempt = 0; node == NULL && attempt < 5; attempt++)
    {
      ui_settle (700);
      width = gtk_widget_get_width (window);
      height = gtk_widget_get_height (window);
      g_clear_object (&paintable);
      paintable = gtk_widget_paintable_new (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    g_error ("%s: the window drew nothing", name);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("cannot write %s", path);
  /* "# ": a TAP comment when a test renders it (SB_SCREENSHOT_DIR). */
  g_print ("# %s (%d×%d)\n", path, width, height);
}

void
ui_expand_all (GtkWidget *widget)
{
  if (GTK_IS_EXPANDER (widget))
    gtk_expander_set_expanded (GTK_EXPANDER (widget), TRUE);
  else if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ui_expand_all (child);
}
