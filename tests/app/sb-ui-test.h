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

/* The text a GtkLabel, or a GtkInscription (the preview's cells), shows; NULL
 * for other widgets. */
static inline const char *
ui_widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return NULL;
}

/* A mapped label or inscription with exactly @text under @widget, or NULL. */
static inline GtkWidget *
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

static inline char *
ui_read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static inline gboolean
ui_true_after_cb (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *)data;
}

/* Lets a window lay out and draw a few frames (animations, revealers): for
 * screenshots, not for tests, which wait for a condition instead. */
static inline void
ui_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  sb_test_wait_for (ui_true_after_cb, &until, ms + 1000);
}

/* Renders @window with GTK's own snapshot into @dir/@name.png, or
 * @dir/@name-dark.png with SB_SCREENSHOT_STYLE=dark (tools/screenshots
 * --style dark: the program renders in libadwaita's dark style). */
static inline void
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
