/* test-save-leftovers.c: a save killed between writing its temporary file
 * and the rename leaves ".FILE.sb-save-XXXXXX" behind; the next save of FILE
 * removes such files (only its own, only stale ones) and nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <utime.h>

#include "save-soak.h"
#include "sb-config.h"
#include "sb-test-broker.h"

static char *
make_file (const char *dir, const char *name, gboolean stale)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, "{ \"half\": ", -1, &error);
  g_assert_no_error (error);
  if (stale)
    {
      /* An hour ago: from a save that was killed long before this one. */
      struct utimbuf times = { time (NULL) - 3600, time (NULL) - 3600 };
      g_assert_cmpint (g_utime (path, &times), ==, 0);
    }
  return path;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The names in @dir, sorted, one string. */
static char *
list_dir (const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

static void
test_stale_temps_removed (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-save-leftovers-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *link_path = NULL;
  g_autofree char *subdir = NULL;
  g_autofree char *listing = NULL;
  g_autoptr (SbConfig) config = save_soak_config_a ();
  g_autoptr (SbConfig) loaded = NULL;
  const char *const ours[] = { ".config.json.sb-save-Ab12Cd", ".config.json.bak.sb-save-xyZ789" };
  const char *const others[] = {
    "config.json.Ab12Cd",           /* GLib's pattern: not ours to judge */
    ".other.json.sb-save-Ab12Cd",   /* another file's */
    ".config.json.sb-save-Ab12Cd7", /* not six characters */
    "notes.txt",
  };
  GStatBuf st;

  g_assert_no_error (error);
  path = g_build_filename (dir, "config.json", NULL);
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (ours); i++)
    g_free (make_file (dir, ours[i], TRUE));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_free (make_file (dir, others[i], TRUE));
  /* A save running right now in another process: too fresh to be stale. */
  g_free (make_file (dir, ".config.json.sb-save-Fresh1", FALSE));
  /* Our pattern, but a symbolic link and a folder: never removed. */
  link_path = g_build_filename (dir, ".config.json.sb-save-Link12", NULL);
  g_assert_cmpint (symlink ("notes.txt", link_path), ==, 0);
  subdir = g_build_filename (dir, ".config.json.sb-save-Dir123", NULL);
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);

  save_soak_toggle (config);
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==,
                   ".config.json.sb-save-Ab12Cd7 .config.json.sb-save-Dir123 "
                   ".config.json.sb-save-Fresh1 .config.json.sb-save-Link12 "
                   ".other.json.sb-save-Ab12Cd config.json config.json.Ab12Cd config.json.bak "
                   "notes.txt");

  /* What the save wrote is whole, private and loads; so does the backup. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  loaded = sb_config_load_from_file (path, &error);
  g_assert_no_error (error);
  g_clear_object (&loaded);
  {
    g_autofree char *backup = g_strconcat (path, ".bak", NULL);
    g_assert_cmpint (g_stat (backup, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    loaded = sb_config_load_from_file (backup, &error);
    g_assert_no_error (error);
  }

  sb_test_remove_tree (dir);
}

/* A save that cannot write leaves no temporary file and says where. */
static void
test_failed_save_leaves_nothing (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-save-leftovers-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *listing = NULL;
  g_autoptr (SbConfig) config = save_soak_config_a ();

  g_assert_no_error (error);
  /* The target is a folder: the rename fails after the temporary file is written. */
  path = g_build_filename (dir, "config.json", NULL);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  {
    g_autofree char *inside = g_build_filename (path, "keep", NULL);
    g_file_set_contents (inside, "", 0, &error);
    g_assert_no_error (error);
  }
  g_assert_false (sb_config_save_to_file (config, path, &error));
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "config.json");
  sb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/save-leftovers/stale-temps-removed", test_stale_temps_removed);
  g_test_add_func ("/save-leftovers/failed-save-leaves-nothing", test_failed_save_leaves_nothing);
  return g_test_run ();
}
