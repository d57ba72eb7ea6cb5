/* test-config-object.c: SbConfig as a list model, and its files: saving
 * (canonical, atomic, private, with a backup) and reading errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb-config.h"
#include "test-config-examples.h"
#include "sb-test-broker.h"

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sb-test-config-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_save (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "new", "folder", "signalboard.json", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr (SbConfig) config = load_ok (issue_example);
  g_autoptr (SbConfig) reloaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *bak = NULL;
  g_autoptr (GDir) listing = NULL;
  GStatBuf before, after;
  const char *name;
  guint n_files = 0;

  /* The folder is created; the file is private */
  umask (022);
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, issue_example);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  reloaded = sb_config_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (sb_data_source_equal (sb_config_get_data_source (reloaded, 0),
                                       sb_config_get_data_source (config, 0)));

  /* Saving again replaces the file by rename (a new inode) and keeps the old one as .bak */
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  first = read_file (path);
  sb_data_source_set_name (sb_config_get_data_source (config, 0), "Renamed");
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  bak = read_file (backup);
  g_assert_cmpstr (bak, ==, first);
  g_assert_cmpuint (mode_of (backup), ==, 0600);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  second = read_file (path);
  g_assert_nonnull (strstr (second, "\"name\": \"Renamed\""));

  /* Saving the same content again keeps the one real backup */
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_clear_pointer (&bak, g_free);
  bak = read_file (backup);
  g_assert_cmpstr (bak, ==, first);

  /* No temp files left behind */
  {
    g_autofree char *folder = g_path_get_dirname (path);
    listing = g_dir_open (folder, 0, NULL);
    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_test_message ("in the folder: %s", name);
        n_files++;
      }
    g_assert_cmpuint (n_files, ==, 2);
  }

  /* An invalid configuration is refused and the file stays as it was */
  sb_data_source_set_broker (sb_config_get_data_source (config, 0), "mqtt://x");
  g_assert_false (sb_config_save_to_file (config, path, &error));
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "data_sources[0].broker: “mqtt://x” has a scheme: remove the scheme “mqtt://” "
                   "and give only the host");
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, second);

  /* A folder that cannot be made */
  {
    g_autofree char *blocker = g_build_filename (dir, "file", NULL);
    g_autofree char *under = g_build_filename (blocker, "x.json", NULL);
    sb_data_source_set_broker (sb_config_get_data_source (config, 0), "localhost");
    g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
    g_assert_false (sb_config_save_to_file (config, under, &error));
    g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "cannot create the folder "));
    g_clear_error (&error);
  }

  sb_test_remove_tree (dir);
}

/* Issue 16, item 4: moving a password (or a key passphrase) out of the file
 * does not leave it behind in FILE.bak: the backup is the previous version
 * without its secrets. A save that keeps the secrets keeps the plain backup. */
static void
test_save_backup_without_secrets (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "signalboard.json", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr (SbConfig) config = load_ok (issue_example);
  g_autoptr (SbConfig) restored = NULL;
  g_autoptr (GError) error = NULL;
  SbDataSource *source = sb_config_get_data_source (config, 0);
  g_autofree char *first = NULL;
  g_autofree char *bak = NULL;

  sb_data_source_set_username (source, "operator");
  sb_data_source_set_password (source, "hunter2-in-file");
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_set_tls_client_cert (source, "/etc/c.pem");
  sb_data_source_set_tls_client_key (source, "/etc/c.key");
  sb_data_source_set_tls_client_key_password (source, "key-pass-in-file");
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);

  /* A change that keeps the secrets: the .bak is the previous file itself. */
  first = read_file (path);
  sb_data_source_set_name (source, "Renamed");
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);
  bak = read_file (backup);
  g_assert_cmpstr (bak, ==, first);
  g_clear_pointer (&bak, g_free);

  /* The password goes to the keyring: neither secret stays in the .bak. */
  sb_data_source_set_password_store (source, SB_PASSWORD_STORE_KEYRING);
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);
  bak = read_file (backup);
  g_assert_null (strstr (bak, "hunter2-in-file"));
  g_assert_null (strstr (bak, "key-pass-in-file"));
  g_assert_cmpuint (mode_of (backup), ==, 0600);
  /* ... and is otherwise the previous version. */
  restored = sb_config_load_from_file (backup, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (restored, 0)), ==,
                   "Renamed");
  g_assert_cmpint (sb_data_source_get_password_store (sb_config_get_data_source (restored, 0)), ==,
                   SB_PASSWORD_STORE_FILE);
  g_assert_cmpstr (sb_data_source_get_username (sb_config_get_data_source (restored, 0)), ==,
                   "operator");
  g_assert_cmpstr (sb_data_source_get_tls_client_key (sb_config_get_data_source (restored, 0)), ==,
                   "/etc/c.key");
  {
    g_autofree char *contents = read_file (path);
    g_assert_null (strstr (contents, "hunter2-in-file"));
  }
  sb_test_remove_tree (dir);
}

/* Issue 16, item 5: a configuration path that is a symbolic link stays a
 * link; the save writes the file it points to (a relative link, through a
 * second link), with its .bak beside that target. */
static void
test_save_through_symlink (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *real_dir = g_build_filename (dir, "dotfiles", NULL);
  g_autofree char *target = g_build_filename (real_dir, "signalboard.json", NULL);
  g_autofree char *middle = g_build_filename (dir, "middle.json", NULL);
  g_autofree char *link = g_build_filename (dir, "config.json", NULL);
  g_autofree char *loop_a = g_build_filename (dir, "loop-a.json", NULL);
  g_autofree char *loop_b = g_build_filename (dir, "loop-b.json", NULL);
  g_autoptr (SbConfig) config = load_ok (issue_example);
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *bak = NULL;
  g_autofree char *link_text = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  g_assert_true (sb_config_save_to_file (config, target, &error));
  g_assert_no_error (error);
  first = read_file (target);
  g_assert_cmpint (symlink ("dotfiles/signalboard.json", middle), ==, 0);
  g_assert_cmpint (symlink (middle, link), ==, 0);

  sb_data_source_set_name (sb_config_get_data_source (config, 0), "Through the link");
  g_assert_true (sb_config_save_to_file (config, link, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (middle, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link_text = g_file_read_link (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link_text, ==, middle);
  contents = read_file (target);
  g_assert_nonnull (strstr (contents, "\"name\": \"Through the link\""));
  g_assert_cmpuint (mode_of (target), ==, 0600);
  {
    g_autofree char *target_bak = g_strconcat (target, ".bak", NULL);
    g_autofree char *link_bak = g_strconcat (link, ".bak", NULL);
    bak = read_file (target_bak);
    g_assert_cmpstr (bak, ==, first);
    g_assert_false (g_file_test (link_bak, G_FILE_TEST_EXISTS));
  }

  /* A loop of links is refused with a reason, and nothing is written. */
  g_assert_cmpint (symlink (loop_b, loop_a), ==, 0);
  g_assert_cmpint (symlink (loop_a, loop_b), ==, 0);
  g_assert_false (sb_config_save_to_file (config, loop_a, &error));
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "loop of symbolic links"));
  sb_test_remove_tree (dir);
}

static void
test_load_file_errors (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *big = g_build_filename (dir, "big.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SbConfig) config = NULL;
  FILE *f;

  config = sb_config_load_from_file (missing, &error);
  g_assert_null (config);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "no such file");
  g_clear_error (&error);

  config = sb_config_load_from_file (dir, &error);
  g_assert_null (config);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "is a directory, not a configuration file");
  g_clear_error (&error);

  /* 17 MiB: refused by its size, unread */
  f = fopen (big, "w");
  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), 17 * 1024 * 1024), ==, 0);
  fclose (f);
  config = sb_config_load_from_file (big, &error);
  g_assert_null (config);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "the file is 17.0\u00a0MiB (17825792 bytes); a configuration is at most "
                   "16 MiB");
  g_clear_error (&error);

  sb_test_remove_tree (dir);
}

typedef struct
{
  guint position, removed, added;
  guint n_items_changed;
  guint n_notify;
  guint n_changed;
} Events;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, Events *e)
{
  e->position = position;
  e->removed = removed;
  e->added = added;
  e->n_items_changed++;
}

static void
notify_cb (GObject *object, GParamSpec *pspec, Events *e)
{
  e->n_notify++;
}

static void
changed_cb (SbConfig *config, Events *e)
{
  e->n_changed++;
}

static void
test_model (void)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) a = sb_data_source_new ();
  g_autoptr (SbDataSource) b = sb_data_source_new ();
  g_autoptr (SbDataSource) c = sb_data_source_new ();
  g_autoptr (GListModel) model = NULL;
  Events e = { 0 };
  guint position = 99;

  g_object_get (config, "data-sources", &model, NULL);
  g_assert_true (model == sb_config_get_data_sources (config));
  g_assert_true (g_list_model_get_item_type (model) == SB_TYPE_DATA_SOURCE);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &e);
  g_signal_connect (config, "notify::n-data-sources", G_CALLBACK (notify_cb), &e);
  g_signal_connect (config, "changed", G_CALLBACK (changed_cb), &e);

  sb_config_append (config, a);
  g_assert_cmpuint (e.n_items_changed, ==, 1);
  g_assert_cmpuint (e.position, ==, 0);
  g_assert_cmpuint (e.added, ==, 1);
  g_assert_cmpuint (e.n_notify, ==, 1);
  sb_config_append (config, c);
  sb_config_insert (config, 1, b);
  g_assert_cmpuint (e.position, ==, 1);
  g_assert_cmpuint (e.removed, ==, 0);
  g_assert_cmpuint (e.added, ==, 1);
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 3);
  g_assert_true (sb_config_get_data_source (config, 1) == b);
  g_assert_true (sb_config_find (config, c, &position));
  g_assert_cmpuint (position, ==, 2);

  /* A setting of a data source changes the configuration */
  e.n_changed = 0;
  sb_data_source_set_broker (b, "elsewhere");
  g_assert_cmpuint (e.n_changed, ==, 1);

  sb_config_remove (config, 1);
  g_assert_cmpuint (e.position, ==, 1);
  g_assert_cmpuint (e.removed, ==, 1);
  g_assert_cmpuint (e.added, ==, 0);
  g_assert_cmpuint (e.n_notify, ==, 4);
  g_assert_false (sb_config_find (config, b, NULL));
  g_assert_true (sb_config_get_data_source (config, 1) == c);
  g_assert_null (sb_config_get_data_source (config, 2));

  /* ... and once removed, it no longer does */
  e.n_changed = 0;
  sb_data_source_set_broker (b, "gone");
  g_assert_cmpuint (e.n_changed, ==, 0);
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config-object/save", test_save);
  g_test_add_func ("/config-object/save-backup-without-secrets", test_save_backup_without_secrets);
  g_test_add_func ("/config-object/save-through-symlink", test_save_through_symlink);
  g_test_add_func ("/config-object/load-file-errors", test_load_file_errors);
  g_test_add_func ("/config-object/model", test_model);

  return g_test_run ();
}
