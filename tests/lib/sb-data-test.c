/* sb-data-test.c: what the data, translation and install tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-data-test.h"

#include <gio/gio.h>
#include <sys/wait.h>

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
