/* sb-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sb-accessible.h"
#include "sb-application.h"
#include "sb-mqtt-session.h"
#include "sb-preferences-window.h"
#include "sb-resources.h"
#include "sb-window.h"

struct _SbApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  /* style.css, and style-dark.css while the dark style is on. */
  GtkCssProvider *style;
  GtkCssProvider *dark_style;
  gboolean dark_style_on;
};

G_DEFINE_FINAL_TYPE (SbApplication, sb_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "listen", 'l', 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Open the live preview of the data source NAME (for a wall display)"), N_ ("NAME") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Print the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_ ("[FILE]") },
  { NULL },
};

void
sb_application_ensure_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* Only the resource: widgets call this from their class_init, which runs with GObject's
       * class lock held. adw_init () there (it connects to the session bus for the settings
       * portal, synchronously) waited 25 s for a GDBus worker that needed the same lock.
       * AdwApplication's startup initialises libadwaita; tests and benchmarks call adw_init (). */
      sb_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

void
sb_application_prepare_display (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *flags = NULL;

  /* GDK 4.8 on X11 loads and initialises OpenGL when it opens the display (to
   * choose a visual), whatever the renderer. With the cairo renderer nothing
   * draws with it, yet under Mesa's llvmpipe it costs about 59 MB of RSS and
   * 0.4 s of CPU at start-up (docs/performance.md). GDK_DEBUG=gl-disable is the
   * only switch GTK 4.8 has for that; a GDK_DEBUG the user set is kept. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") != 0)
    return;
  if (debug == NULL || *debug == '\0')
    flags = g_strdup ("gl-disable");
  else if (strstr (debug, "gl-disable") == NULL)
    flags = g_strconcat (debug, ",gl-disable", NULL);
  if (flags != NULL)
    g_setenv ("GDK_DEBUG", flags, TRUE);
}

char *
sb_application_dup_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "signalboard", "data-sources.json", NULL);
}

char *
sb_application_dup_start_path (SbApplication *self)
{
  g_autofree char *last = NULL;

  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-file");
  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&last);
  return sb_application_dup_default_path ();
}

GSettings *
sb_application_get_settings (SbApplication *self)
{
  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* The window already showing @path, or a new one that opens it. */
static SbWindow *
window_for_path (SbApplication *self, const char *path)
{
  SbWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (!SB_IS_WINDOW (l->data))
        continue;
      if (g_strcmp0 (sb_window_get_path (l->data), path) == 0)
        return l->data;
      /* A window that never had a file is reused, not doubled. */
      if (sb_window_get_path (l->data) == NULL)
        window = l->data;
    }
  if (window == NULL)
    window = sb_window_new (self);
  sb_window_open_path (window, path);
  return window;
}

static void
sb_application_activate (GApplication *app)
{
  SbApplication *self = SB_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_autofree char *path = sb_application_dup_start_path (self);
      window = GTK_WINDOW (window_for_path (self, path));
    }
  gtk_window_present (window);
}

static void
sb_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  SbApplication *self = SB_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_printerr (_ ("signalboard: %s: only local files can be opened\n"), uri);
          continue;
        }
      gtk_window_present (GTK_WINDOW (window_for_path (self, path)));
    }
}

/* libadwaita replaces GTK's theme with its own style sheet ("Adwaita-empty"
 * as gtk-theme-name, its CSS on top), but GTK has parsed its built-in Adwaita
 * theme by then: the display's GtkSettings load the theme GTK_THEME or
 * gtk-theme-name names when they are created. That parse was a sixth of the
 * app's start-up instructions, for a theme never drawn. So the settings are
 * created here, under GTK_THEME=Adwaita-empty, and the variable is removed
 * again before libadwaita starts (which reads it as "the user chose a theme")
 * and before anything could inherit it. Not when the user set GTK_THEME: that
 * choice stays as it is. This runs before the application registers on the
 * session bus, while the process has no other thread that could read the
 * environment as it changes (a second instance, which only hands its command
 * line to the first, opens the display here too: a connection, no theme). */
static void
create_settings_with_empty_theme (void)
{
  if (g_getenv ("GTK_THEME") != NULL)
    return;
  g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  if (gtk_init_check ())
    gtk_settings_get_default ();
  g_unsetenv ("GTK_THEME");
}

static int
sb_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      printf ("signalboard %s\n", PACKAGE_VERSION);
      return 0;
    }
  create_settings_with_empty_theme ();
  return -1;
}

static int
sb_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
  SbApplication *self = SB_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree char *listen = NULL;
  g_autofree const char **files = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  GtkWindow *message;
  SbWindow *window;

  g_variant_dict_lookup (options, "listen", "s", &listen);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);

  if (listen == NULL)
    {
      g_autoptr (GPtrArray) gfiles = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; files != NULL && files[i] != NULL; i++)
        g_ptr_array_add (gfiles,
                         g_application_command_line_create_file_for_arg (cmdline, files[i]));
      if (gfiles->len > 0)
        g_application_open (app, (GFile **)gfiles->pdata, (int)gfiles->len, "");
      else
        g_application_activate (app);
      return 0;
    }

  if (files != NULL && files[0] != NULL && files[1] != NULL)
    {
      g_application_command_line_printerr (
          cmdline, "%s\n", _ ("signalboard: --listen takes one NAME and at most one FILE"));
      return 1;
    }

  if (files != NULL && files[0] != NULL)
    {
      g_autoptr (GFile) file = g_application_command_line_create_file_for_arg (cmdline, files[0]);
      path = g_file_get_path (file);
    }
  else
    path = sb_application_dup_start_path (self);

  window = window_for_path (self, path);
  gtk_window_present (GTK_WINDOW (window));
  if (!sb_window_listen (window, listen, &error))
    {
      g_application_command_line_printerr (cmdline, "signalboard: %s\n", error->message);
      message = sb_window_show_error (window, _ ("Cannot start listening"), error->message);
      /* A wall display has nothing to show: once read, the app ends (with status 1). */
      g_signal_connect_object (message, "response", G_CALLBACK (gtk_window_destroy), window,
                               G_CONNECT_SWAPPED);
      return 1;
    }
  return 0;
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkApplication *app = data;
  GList *windows;

  /* Closing each window lets it remember its size; quitting alone would not. */
  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (app));
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkApplication *app = data;
  static const char *developers[] = { "The Signalboard authors", NULL };
  GtkWidget *about = g_object_new (
      ADW_TYPE_ABOUT_WINDOW, "transient-for", gtk_application_get_active_window (app),
      "application-name", "Signalboard", "application-icon", APP_ID, "version", PACKAGE_VERSION,
      "developer-name", _ ("The Signalboard authors"), "comments",
      _ ("Configure MQTT data sources and preview their values live"), "license-type",
      GTK_LICENSE_GPL_3_0, "website", "https://github.com/signalboard/signalboard", "issue-url",
      "https://github.com/signalboard/signalboard/issues", "developers", developers, "copyright",
      "© The Signalboard authors", NULL);

  adw_about_window_add_credit_section (
      ADW_ABOUT_WINDOW (about), _ ("Built with"),
      (const char *[]){ "GTK https://gtk.org",
                        "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
                        "Eclipse Mosquitto https://mosquitto.org", NULL });
  sb_accessible_label_about_window (GTK_WINDOW (about));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbApplication *self = data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (sb_preferences_window_new (parent, self->settings));
}

static const GActionEntry app_entries[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "preferences", .activate = preferences_activated },
};

/* The "style" key as libadwaita's colour scheme: "follow" the system (light
 * when it says nothing), or always "light" or "dark". */
static gboolean
style_to_scheme (GValue *value, GVariant *variant, gpointer data)
{
  const char *style = g_variant_get_string (variant, NULL);

  if (g_strcmp0 (style, "light") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (style, "dark") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);
  return TRUE;
}

static void
sb_application_update_dark_style (SbApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  if (dark == self->dark_style_on)
    return;
  self->dark_style_on = dark;
  /* Added after style.css at the same priority, so its colours win. */
  if (dark)
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (self->dark_style),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  else
    gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (self->dark_style));
}

/* The app's style sheets, loaded here rather than by AdwApplication: that
 * needs a resource base path, and with one GtkApplication's startup creates
 * the display's icon theme, whose thread starts reading the themes at once;
 * libadwaita adds its icons a moment later, and when the thread had begun
 * by then (8 of 12 starts, and every start under valgrind), the add waited
 * for the read and threw it away: the themes were read again on the main
 * thread at the first frame (docs/performance.md). Without a base path the
 * theme is created by adw_init (), which adds its icons in the next
 * statement (the thread still wins that race now and then: 2 of 12). */
static void
sb_application_load_styles (SbApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (display == NULL)
    return;
  self->style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (self->style, SB_RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (self->style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  self->dark_style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (self->dark_style, SB_RESOURCE_PATH "/style-dark.css");
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (sb_application_update_dark_style), self, G_CONNECT_SWAPPED);
  sb_application_update_dark_style (self);
}

static void
sb_application_startup (GApplication *app)
{
  SbApplication *self = SB_APPLICATION (app);
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.add-source", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
  };
  GSettingsSchemaSource *source;
  g_autoptr (GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (sb_application_parent_class)->startup (app);
  sb_application_load_styles (self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
  sb_accessible_init ();

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_settings_bind_with_mapping (self->settings, "style", adw_style_manager_get_default (),
                                    "color-scheme", G_SETTINGS_BIND_GET, style_to_scheme, NULL,
                                    NULL, NULL);
    }
  else
    g_message ("GSettings schema %s is not installed; window size and last file are not kept",
               APP_ID);
}

static void
sb_application_shutdown (GApplication *app)
{
  /* The windows are closed and their sessions stopped; over WebSocket the
   * DISCONNECT may still wait for the socket, and exiting now would cut it
   * off: the broker would publish the will. */
  sb_mqtt_session_wait_closed (3000);

  G_APPLICATION_CLASS (sb_application_parent_class)->shutdown (app);
}

static void
sb_application_dispose (GObject *object)
{
  SbApplication *self = SB_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->style);
  g_clear_object (&self->dark_style);

  G_OBJECT_CLASS (sb_application_parent_class)->dispose (object);
}

static void
sb_application_class_init (SbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sb_application_dispose;
  app_class->startup = sb_application_startup;
  app_class->shutdown = sb_application_shutdown;
  app_class->activate = sb_application_activate;
  app_class->open = sb_application_open;
  app_class->handle_local_options = sb_application_handle_local_options;
  app_class->command_line = sb_application_command_line;

  sb_application_ensure_resources ();
}

static void
sb_application_init (SbApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _ ("[FILE]"));
  g_application_set_option_context_summary (
      G_APPLICATION (self), _ ("Configure MQTT data sources and preview their values live."));
}

SbApplication *
sb_application_new (void)
{
  /* No resource base path (GApplication would derive one from the ID): see
   * sb_application_load_styles (). */
  return g_object_new (SB_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_OPEN | G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", NULL, NULL);
}
