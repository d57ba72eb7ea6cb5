/* sb-data-test.c: what the data, translation and install tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-data-test.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

static char *
root_path (const char *variable, const char *first, va_list args)
{
  const char *root = g_getenv (variable);
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();

  /* Without the variable the test would look at some other tree and pass or fail by luck. */
  if (root == NULL)
    g_error ("%s is not set: run the test through meson test", variable);

  g_ptr_array_add (parts, (gpointer)root);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer)part);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **)parts->pdata);
}

char *
sb_data_test_source_path (const char *first, ...)
{
  va_list args;
  char *path;

  va_start (args, first);
  path = root_path ("SB_SOURCE_ROOT", first, args);
  va_end (args);
  return path;
}

char *
sb_data_test_build_path (const char *first, ...)
{
  va_list args;
  char *path;

  va_start (args, first);
  path = root_path ("SB_BUILD_ROOT", first, args);
  va_end (args);
  return path;
}

int
sb_data_test_run (const char *const *argv, const char *const *env_extra, char **out, char **err)
{
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **)argv);
  int wait_status = 0;

  for (guint i = 0; env_extra != NULL && env_extra[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (env_extra[i], "=", 2);
      envp = g_environ_setenv (envp, pair[0], pair[1] != NULL ? pair[1] : "", TRUE);
    }

  g_test_message ("running %s", command);
  if (!g_spawn_sync (NULL, (char **)argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err,
                     &wait_status, &error))
    {
      g_test_message ("%s: %s", argv[0], error->message);
      return -1;
    }
  if (WIFEXITED (wait_status))
    return WEXITSTATUS (wait_status);
  return -1;
}

void
sb_data_test_problem (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_test_message ("PROBLEM: %s", message);
  g_test_fail_printf ("%s", message);
}

char *
sb_data_test_read (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

void
sb_data_test_rm_rf (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          sb_data_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
