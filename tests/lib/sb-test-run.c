/* sb-test-run.c: a program, signalboard-cli above all, run to its end with its output
 * collected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-test-run.h"

#include <sys/wait.h>

#include "sb-test-broker.h"

void
sb_test_run_clear (SbTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
sb_test_run_argv (SbTestRun *run, const char *cwd, const char *const *envp, const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  sb_test_run_clear (run);
  g_assert_true (g_spawn_sync (cwd, (char **)argv, (char **)envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  if (run->out == NULL)
    run->out = g_strdup ("");
  if (run->err == NULL)
    run->err = g_strdup ("");
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128 + WTERMSIG (wait_status);
  g_test_message ("%s: exit %d\nstdout:\n%sstderr:\n%s", argv[0], run->status, run->out, run->err);
}

void
sb_test_run_cli_valist (SbTestRun *run, const char *cwd, const char *const *envp, const char *first,
                        va_list args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *)sb_test_cli_path ());
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  g_ptr_array_add (argv, NULL);
  sb_test_run_argv (run, cwd, envp, (const char *const *)argv->pdata);
}

void
sb_test_run_cli (SbTestRun *run, const char *cwd, const char *const *envp, const char *first, ...)
{
  va_list args;

  va_start (args, first);
  sb_test_run_cli_valist (run, cwd, envp, first, args);
  va_end (args);
}

void
sb_test_xdotool (const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (SbTestRun) run = { 0 };
  va_list args;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  sb_test_run_argv (&run, NULL, NULL, (const char *const *)argv->pdata);
  if (run.status != 0)
    g_error ("xdotool %s: exit %d: %s", first, run.status, run.err);
}
