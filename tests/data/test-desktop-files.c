/* test-desktop-files.c: the desktop file, AppStream metainfo, icons and GSettings schema
 * that data/meson.build builds, checked with the validators distributions run and read back
 * the way a desktop reads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gio.h>
#include <gio/gsettingsbackend.h>
#include <string.h>
#ifdef HAVE_GDK_PIXBUF
#include <gdk-pixbuf/gdk-pixbuf.h>
#endif

#include "sb-data-test.h"

#define SCREENSHOT_URL_PREFIX                                                                      \
  "https://raw.githubusercontent.com/signalboard/signalboard/main/docs/screenshots/"

static void
test_desktop_file_validates (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "data", APP_ID ".desktop", NULL);
  const char *argv[] = { "desktop-file-validate", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (sb_data_test_run (argv, NULL, &out, &err), ==, 0);
  /* It exits 0 on warnings and hints too: any output at all is a finding. */
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "");
}

static void
test_desktop_file_contents (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "data", APP_ID ".desktop", NULL);
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start_group = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *icon = NULL;
  g_autofree char *icon_path = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *comment_de = NULL;
  g_auto (GStrv) categories = NULL;
  g_auto (GStrv) keywords_de = NULL;

  /* Without KEEP_TRANSLATIONS GKeyFile drops every locale but the current one. */
  g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_TRANSLATIONS, &error);
  g_assert_no_error (error);

  start_group = g_key_file_get_start_group (key_file);
  g_assert_cmpstr (start_group, ==, G_KEY_FILE_DESKTOP_GROUP);
  exec = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                                &error);
  g_assert_no_error (error);
  /* The binary src/app installs, handed the file to open (signalboard FILE). */
  g_assert_cmpstr (exec, ==, "signalboard %f");

  /* The icon is looked up by name: it must be the app id and ship under that name. */
  icon = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpstr (icon, ==, APP_ID);
  icon_path = g_strconcat (icon, ".svg", NULL);
  g_free (g_steal_pointer (&path));
  path = g_test_build_filename (G_TEST_DIST, "data", "icons", "hicolor", "scalable", "apps",
                                icon_path, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  categories = g_key_file_get_string_list (key_file, G_KEY_FILE_DESKTOP_GROUP,
                                           G_KEY_FILE_DESKTOP_KEY_CATEGORIES, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char *const *)categories, "Network"));

  /* The German translation is merged in from po/de.po. */
  comment = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, "Comment", &error);
  g_assert_no_error (error);
  comment_de = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, "Comment[de]", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (comment_de, !=, comment);
  g_assert_nonnull (strstr (comment_de, "MQTT"));
  keywords_de = g_key_file_get_string_list (key_file, G_KEY_FILE_DESKTOP_GROUP, "Keywords[de]",
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char *const *)keywords_de, "MQTT"));
}

/* appstreamcli's text report has one line per finding: "X: COMPONENT:LINE: TAG"
 * (X = E error, W warning, I info, P pedantic) with indented details below. */
static void
test_metainfo_validates (void)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_BUILT, "data", APP_ID ".metainfo.xml", NULL);
  const char *argv[] = { "appstreamcli", "validate", "--no-net", "--pedantic", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) lines = NULL;
  int status;
  guint findings = 0;

  status = sb_data_test_run (argv, NULL, &out, &err);
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *tag;

      if (strlen (line) < 3 || line[1] != ':' || line[2] != ' ')
        continue;
      findings++;
      tag = strrchr (line, ' ') + 1;
      /* The only finding that cannot be fixed: the id's capital letters are the app id that
       * GApplication, D-Bus and the desktop file share, chosen in issue 5. */
      if (line[0] == 'P' && g_str_equal (tag, "cid-contains-uppercase-letter"))
        continue;
      sb_data_test_problem ("appstreamcli finding: %s", line);
    }
  /* Proves the parsing above sees findings at all: the one accepted hint is there. */
  g_assert_cmpuint (findings, ==, 1);
}

typedef struct
{
  GString *text;
  GHashTable *values; /* "element" or "element@attr=value" -> first text */
  GPtrArray *screenshots;
  char *current;
  char *first_release_version;
  char *first_release_date;
} Metainfo;

static void
metainfo_start (GMarkupParseContext *context, const char *element, const char **names,
                const char **values, gpointer data, GError **error)
{
  Metainfo *info = data;
  const char *lang = NULL;
  const char *type = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "xml:lang"))
        lang = values[i];
      else if (g_str_equal (names[i], "type"))
        type = values[i];
    }

  g_string_truncate (info->text, 0);
  g_free (info->current);
  if (lang != NULL)
    info->current = g_strdup_printf ("%s@lang=%s", element, lang);
  else if (type != NULL)
    info->current = g_strdup_printf ("%s@type=%s", element, type);
  else
    info->current = g_strdup (element);

  if (g_str_equal (element, "release") && info->first_release_version == NULL)
    {
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "version"))
            info->first_release_version = g_strdup (values[i]);
          else if (g_str_equal (names[i], "date"))
            info->first_release_date = g_strdup (values[i]);
        }
    }
}

static void
metainfo_text (GMarkupParseContext *context, const char *text, gsize len, gpointer data,
               GError **error)
{
  Metainfo *info = data;

  g_string_append_len (info->text, text, len);
}

static void
metainfo_end (GMarkupParseContext *context, const char *element, gpointer data, GError **error)
{
  Metainfo *info = data;

  if (info->current == NULL)
    return;
  if (g_str_equal (element, "image"))
    g_ptr_array_add (info->screenshots, g_strdup (g_strstrip (info->text->str)));
  else if (!g_hash_table_contains (info->values, info->current))
    g_hash_table_insert (info->values, g_strdup (info->current),
                         g_strdup (g_strstrip (info->text->str)));
  g_clear_pointer (&info->current, g_free);
}

static void
string_free (GString *string)
{
  g_string_free (string, TRUE);
}

static void
metainfo_clear (Metainfo *info)
{
  g_clear_pointer (&info->text, string_free);
  g_clear_pointer (&info->values, g_hash_table_unref);
  g_clear_pointer (&info->screenshots, g_ptr_array_unref);
  g_clear_pointer (&info->current, g_free);
  g_clear_pointer (&info->first_release_version, g_free);
  g_clear_pointer (&info->first_release_date, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Metainfo, metainfo_clear)

/* Reads the merged metainfo of the build tree, as software centres get it. */
static void
metainfo_parse (Metainfo *info)
{
  static const GMarkupParser parser = { metainfo_start, metainfo_end, metainfo_text, NULL, NULL };
  g_autofree char *path
      = g_test_build_filename (G_TEST_BUILT, "data", APP_ID ".metainfo.xml", NULL);
  g_autofree char *xml = sb_data_test_read (path);
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError) error = NULL;

  info->text = g_string_new (NULL);
  info->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  info->screenshots = g_ptr_array_new_with_free_func (g_free);

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, info, NULL);
  g_markup_parse_context_parse (context, xml, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

static void
test_metainfo_contents (void)
{
  g_auto (Metainfo) info = { 0 };
  g_autofree char *desktop_path = NULL;
  GHashTable *values;

  metainfo_parse (&info);
  values = info.values;

  g_assert_cmpstr (g_hash_table_lookup (values, "id"), ==, APP_ID);
  g_assert_cmpstr (g_hash_table_lookup (values, "name"), ==, "Signalboard");
  g_assert_cmpstr (g_hash_table_lookup (values, "metadata_license"), ==, "CC0-1.0");
  g_assert_cmpstr (g_hash_table_lookup (values, "project_license"), ==, "GPL-3.0-or-later");
  g_assert_cmpstr (g_hash_table_lookup (values, "url@type=homepage"), ==,
                   "https://github.com/signalboard/signalboard");
  g_assert_cmpstr (g_hash_table_lookup (values, "content_rating@type=oars-1.1"), ==, "");
  /* Software centres show the translation coverage of this gettext domain. */
  g_assert_cmpstr (g_hash_table_lookup (values, "translation@type=gettext"), ==, GETTEXT_PACKAGE);

  /* Software centres launch what <launchable> names: the desktop file data/ installs. */
  g_assert_cmpstr (g_hash_table_lookup (values, "launchable@type=desktop-id"), ==,
                   APP_ID ".desktop");
  desktop_path = g_test_build_filename (G_TEST_BUILT, "data", APP_ID ".desktop", NULL);
  g_assert_true (g_file_test (desktop_path, G_FILE_TEST_IS_REGULAR));

  /* The newest release is the version meson builds: a release without its entry would
   * show stale notes in software centres. */
  g_assert_cmpstr (info.first_release_version, ==, PACKAGE_VERSION);
  g_assert_cmpstr (info.first_release_date, ==, "2026-11-25");

  /* The summary reaches German users through po/de.po. */
  g_assert_nonnull (g_hash_table_lookup (values, "summary@lang=de"));
  g_assert_cmpstr (g_hash_table_lookup (values, "summary@lang=de"), !=,
                   g_hash_table_lookup (values, "summary"));
}

static guint
count_pngs (const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    count += g_str_has_suffix (name, ".png");
  return count;
}

/* Software centres fetch the screenshots from the repository, so each URL must name a
 * file that tools/screenshots renders into docs/screenshots/. */
static void
test_metainfo_screenshots (void)
{
  g_auto (Metainfo) info = { 0 };
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "docs", "screenshots", NULL);
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);

  metainfo_parse (&info);
  g_assert_cmpuint (info.screenshots->len, >=, 2);
  for (guint i = 0; i < info.screenshots->len; i++)
    {
      const char *url = info.screenshots->pdata[i];
      g_autofree char *file = NULL;

      g_assert_true (g_str_has_prefix (url, SCREENSHOT_URL_PREFIX));
      g_assert_true (g_str_has_suffix (url, ".png"));
      file = g_build_filename (dir, url + strlen (SCREENSHOT_URL_PREFIX), NULL);
      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (missing, g_steal_pointer (&file));
    }

  if (missing->len > 0 && count_pngs (dir) == 0)
    {
      g_test_skip ("no screenshots rendered yet (docs/screenshots/ holds no PNG)");
      return;
    }
  for (guint i = 0; i < missing->len; i++)
    sb_data_test_problem ("%s is referenced by the metainfo but missing",
                          (char *)missing->pdata[i]);
}

static void
test_schema_validates (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  const char *argv[] = { "glib-compile-schemas", "--strict", "--dry-run", dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (sb_data_test_run (argv, NULL, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "");
}

typedef struct
{
  const char *name;
  const char *type;
  const char *default_value; /* GVariant text */
} ExpectedKey;

static const ExpectedKey expected_keys[] = {
  { "window-width", "i", "960" },       { "window-height", "i", "640" },
  { "window-maximized", "b", "false" }, { "last-file", "s", "''" },
  { "history-size", "i", "100" },       { "payload-display-limit", "i", "65536" },
  { "style", "s", "'follow'" },         { "topic-row-limit", "i", "200000" },
};

static GSettingsSchema *
load_schema (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "data", NULL);
  g_autoptr (GSettingsSchemaSource) source = NULL;
  g_autoptr (GError) error = NULL;

  /* The compiled file in BUILD/data is what the app and UI tests read. */
  source = g_settings_schema_source_new_from_directory (dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  return g_settings_schema_source_lookup (source, APP_ID, FALSE);
}

static void
test_schema_keys (void)
{
  g_autoptr (GSettingsSchema) schema = load_schema ();
  g_auto (GStrv) names = NULL;

  g_assert_nonnull (schema);
  g_assert_cmpstr (g_settings_schema_get_path (schema), ==, "/io/github/signalboard/Signalboard/");

  names = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (names), ==, G_N_ELEMENTS (expected_keys));
  for (gsize i = 0; i < G_N_ELEMENTS (expected_keys); i++)
    {
      const ExpectedKey *expected = &expected_keys[i];
      g_autoptr (GSettingsSchemaKey) key = NULL;
      g_autoptr (GVariant) value = NULL;
      g_autofree char *text = NULL;

      g_test_message ("key %s", expected->name);
      g_assert_true (g_settings_schema_has_key (schema, expected->name));
      key = g_settings_schema_get_key (schema, expected->name);
      g_assert_cmpstr (g_variant_type_peek_string (g_settings_schema_key_get_value_type (key)), ==,
                       expected->type);
      value = g_settings_schema_key_get_default_value (key);
      text = g_variant_print (value, FALSE);
      g_assert_cmpstr (text, ==, expected->default_value);
      /* dconf-editor and GNOME Settings show these to people. */
      g_assert_cmpstr (g_settings_schema_key_get_summary (key), !=, NULL);
      g_assert_cmpstr (g_settings_schema_key_get_description (key), !=, NULL);
    }
}

static gboolean
in_range (GSettingsSchema *schema, const char *name, gint32 number)
{
  g_autoptr (GSettingsSchemaKey) key = g_settings_schema_get_key (schema, name);
  g_autoptr (GVariant) value = g_variant_ref_sink (g_variant_new_int32 (number));

  return g_settings_schema_key_range_check (key, value);
}

static void
test_schema_ranges (void)
{
  g_autoptr (GSettingsSchema) schema = load_schema ();

  g_assert_false (in_range (schema, "history-size", 0));
  g_assert_true (in_range (schema, "history-size", 1));
  g_assert_true (in_range (schema, "history-size", 10000));
  g_assert_false (in_range (schema, "history-size", 10001));

  g_assert_false (in_range (schema, "payload-display-limit", 0));
  g_assert_true (in_range (schema, "payload-display-limit", 65536));
}

static void
test_schema_settings (void)
{
  g_autoptr (GSettingsSchema) schema = load_schema ();
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr (GSettings) settings = g_settings_new_full (schema, backend, NULL);

  /* What the window does on close, read back as on the next start. */
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 960);
  g_assert_true (g_settings_set_int (settings, "window-width", 1280));
  g_assert_true (g_settings_set_boolean (settings, "window-maximized", TRUE));
  g_assert_true (g_settings_set_string (settings, "last-file", "/tmp/shop floor.json"));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1280);
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));
  g_autofree char *last_file = g_settings_get_string (settings, "last-file");
  g_assert_cmpstr (last_file, ==, "/tmp/shop floor.json");
}

static void
test_icon_is_svg (gconstpointer data)
{
  const char *file = data;
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "data", "icons", "hicolor", file, APP_ID ".svg", NULL);
  g_autofree char *svg = NULL;

  if (g_str_equal (file, "symbolic/apps"))
    {
      g_free (g_steal_pointer (&path));
      path = g_test_build_filename (G_TEST_DIST, "data", "icons", "hicolor", file,
                                    APP_ID "-symbolic.svg", NULL);
    }
  svg = sb_data_test_read (path);
  g_assert_nonnull (strstr (svg, "<svg"));
  /* Embedded bitmaps would blur when scaled; an icon theme wants pure vectors. */
  g_assert_null (strstr (svg, "<image"));

  /* GTK recolours a symbolic icon to the text colour, so it is drawn in one colour. */
  if (g_str_equal (file, "symbolic/apps"))
    {
      g_autoptr (GRegex) colour = g_regex_new ("#[0-9a-fA-F]{6}", 0, 0, NULL);
      g_autoptr (GMatchInfo) match = NULL;
      g_autoptr (GHashTable) colours
          = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      g_regex_match (colour, svg, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *found = g_match_info_fetch (match, 0);
          g_hash_table_add (colours, g_ascii_strdown (found, -1));
        }
      g_assert_cmpuint (g_hash_table_size (colours), ==, 1);
    }

#ifdef HAVE_GDK_PIXBUF
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GdkPixbuf) pixbuf = NULL;
    int size = g_str_equal (file, "symbolic/apps") ? 16 : 128;
    guint opaque = 0;
    guint transparent = 0;
    const guchar *pixels;
    int stride;

    pixbuf = gdk_pixbuf_new_from_file_at_size (path, size, size, &error);
    if (error != NULL && g_error_matches (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
      {
        g_test_skip ("no SVG loader for gdk-pixbuf (librsvg2-common)");
        return;
      }
    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, size);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, size);
    g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));

    /* Something is drawn, and the shape leaves the background showing around it. */
    pixels = gdk_pixbuf_read_pixels (pixbuf);
    stride = gdk_pixbuf_get_rowstride (pixbuf);
    for (int y = 0; y < size; y++)
      for (int x = 0; x < size; x++)
        {
          guchar alpha = pixels[y * stride + x * 4 + 3];
          opaque += alpha >= 128;
          transparent += alpha == 0;
        }
    g_test_message ("%s at %d px: %u mostly opaque, %u transparent pixels", file, size, opaque,
                    transparent);
    g_assert_cmpuint (opaque, >, (guint)(size * size / 8));
    g_assert_cmpuint (transparent, >, 0);
    g_assert_cmpuint (pixels[3], ==, 0); /* the corners are rounded off */
  }
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/desktop-file/validates", test_desktop_file_validates);
  g_test_add_func ("/data/desktop-file/contents", test_desktop_file_contents);
  g_test_add_func ("/data/metainfo/validates", test_metainfo_validates);
  g_test_add_func ("/data/metainfo/contents", test_metainfo_contents);
  g_test_add_func ("/data/metainfo/screenshots", test_metainfo_screenshots);
  g_test_add_func ("/data/schema/validates", test_schema_validates);
  g_test_add_func ("/data/schema/keys", test_schema_keys);
  g_test_add_func ("/data/schema/ranges", test_schema_ranges);
  g_test_add_func ("/data/schema/settings", test_schema_settings);
  g_test_add_data_func ("/data/icon/scalable", "scalable/apps", test_icon_is_svg);
  g_test_add_data_func ("/data/icon/symbolic", "symbolic/apps", test_icon_is_svg);

  return g_test_run ();
}
