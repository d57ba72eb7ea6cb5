/* test-flatpak-manifest.c: build-aux/flatpak/APP_ID.json describes this app and can
 * work: flatpak-builder is not on a Debian test machine, so the manifest's promises are
 * checked against the tree instead (app id, command, permissions, the libmosquitto module).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-data-test.h"

static JsonNode *
load_manifest (void)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "build-aux", "flatpak", APP_ID ".json", NULL);
  g_autofree char *text = sb_data_test_read (path);
  g_autoptr (GError) error = NULL;
  JsonNode *root = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return root;
}

static gboolean
array_has_string (JsonArray *array, const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_manifest_app (void)
{
  g_autoptr (JsonNode) root = load_manifest ();
  JsonObject *manifest = json_node_get_object (root);
  JsonArray *finish_args;

  /* flatpak-builder exports the desktop file, metainfo and icon only when their names
   * start with the app id, so all four must agree. */
  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, APP_ID);
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "signalboard");

  finish_args = json_object_get_array_member (manifest, "finish-args");
  g_assert_true (array_has_string (finish_args, "--share=network"));
  g_assert_true (array_has_string (finish_args, "--socket=wayland"));
  g_assert_true (array_has_string (finish_args, "--socket=fallback-x11"));
  g_assert_true (array_has_string (finish_args, "--talk-name=org.freedesktop.secrets"));
  /* Configurations are opened through the file chooser portal, never the whole home. */
  g_assert_false (array_has_string (finish_args, "--filesystem=home"));
  g_assert_false (array_has_string (finish_args, "--filesystem=host"));
}

static JsonObject *
find_module (JsonObject *manifest, const char *name)
{
  JsonArray *modules = json_object_get_array_member (manifest, "modules");

  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);
      if (g_strcmp0 (json_object_get_string_member (module, "name"), name) == 0)
        return module;
    }
  return NULL;
}

static void
test_manifest_modules (void)
{
  g_autoptr (JsonNode) root = load_manifest ();
  JsonObject *manifest = json_node_get_object (root);
  JsonArray *modules = json_object_get_array_member (manifest, "modules");
  JsonObject *mosquitto = find_module (manifest, "libmosquitto");
  JsonObject *app = find_module (manifest, "signalboard");
  JsonObject *source;
  JsonArray *opts;
  const char *sha256;

  g_assert_nonnull (mosquitto);
  g_assert_nonnull (app);
  /* Modules build in order: the library before the app that links it. */
  g_assert_true (json_array_get_object_element (modules, json_array_get_length (modules) - 1)
                 == app);
  g_assert_cmpstr (json_object_get_string_member (app, "buildsystem"), ==, "meson");

  /* The version the meson build requires (libmosquitto >= 2.0.11), with a checksum. */
  source = json_array_get_object_element (json_object_get_array_member (mosquitto, "sources"), 0);
  g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "archive");
  g_assert_nonnull (strstr (json_object_get_string_member (source, "url"), "2.0.11"));
  sha256 = json_object_get_string_member (source, "sha256");
  g_assert_cmpuint (strlen (sha256), ==, 64);
  for (const char *c = sha256; *c != '\0'; c++)
    g_assert_true (g_ascii_isxdigit (*c) && !g_ascii_isupper (*c));

  /* Only the client library: no broker, tools or plugins in the app's sandbox. */
  g_assert_cmpstr (json_object_get_string_member (mosquitto, "buildsystem"), ==, "cmake-ninja");
  opts = json_object_get_array_member (mosquitto, "config-opts");
  g_assert_true (array_has_string (opts, "-DWITH_BROKER=OFF"));
  g_assert_true (array_has_string (opts, "-DWITH_CLIENTS=OFF"));
  g_assert_true (array_has_string (opts, "-DWITH_APPS=OFF"));
  g_assert_true (array_has_string (opts, "-DWITH_PLUGINS=OFF"));
  g_assert_true (array_has_string (opts, "-DDOCUMENTATION=OFF"));
}

/* flatpak-builder itself reads the manifest (unknown keys and wrong types are errors),
 * where it is installed; it is not part of tools/install-deps. */
static void
test_manifest_parses (void)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "build-aux", "flatpak", APP_ID ".json", NULL);
  g_autofree char *program = g_find_program_in_path ("flatpak-builder");
  const char *argv[] = { "flatpak-builder", "--show-manifest", path, NULL };
  /* A key of the wrong type is only a Json-WARNING there: make it fatal. The diagnostics
   * are off because flatpak-builder itself touches its deprecated "cmake" property. */
  const char *env[] = { "G_DEBUG=fatal-warnings", "G_ENABLE_DIAGNOSTIC=0", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (program == NULL)
    {
      g_test_skip ("flatpak-builder is not installed");
      return;
    }
  g_assert_cmpint (sb_data_test_run (argv, env, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, APP_ID));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flatpak/app", test_manifest_app);
  g_test_add_func ("/flatpak/modules", test_manifest_modules);
  g_test_add_func ("/flatpak/parses", test_manifest_parses);

  return g_test_run ();
}
