/* sim-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sim-test-util.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sb-test-broker.h"

static void
read_next_line (SimTestProc *proc);

static void
on_line (GObject *source, GAsyncResult *result, gpointer data)
{
  SimTestProc *proc = data;
  g_autoptr (GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      proc->eof = TRUE;
      return;
    }
  g_ptr_array_add (proc->lines, line);
  read_next_line (proc);
}

static void
read_next_line (SimTestProc *proc)
{
  g_data_input_stream_read_line_async (proc->out, G_PRIORITY_DEFAULT, proc->cancellable, on_line,
                                       proc);
}

static void
on_exited (GObject *source, GAsyncResult *result, gpointer data)
{
  SimTestProc *proc = data;

  if (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    proc->exited = TRUE;
}

/* A test that fails aborts; its children must not outlive it (they would hold
 * the test's output pipes open, and meson would wait for them). SIGTERM, so
 * that run-demo still stops what it started. */
static void
die_with_parent (gpointer data)
{
  sb_test_die_with_parent (NULL);
  if (GPOINTER_TO_INT (data))
    setpgid (0, 0);
}

SimTestProc *
sim_test_proc_start (const char *const *argv)
{
  return sim_test_proc_start_full (argv, FALSE);
}

SimTestProc *
sim_test_proc_start_full (const char *const *argv, gboolean new_group)
{
  SimTestProc *proc = g_new0 (SimTestProc, 1);
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, GINT_TO_POINTER (new_group),
                                         NULL);
  proc->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  proc->cancellable = g_cancellable_new ();
  proc->lines = g_ptr_array_new_with_free_func (g_free);
  proc->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc->process));
  read_next_line (proc);
  g_subprocess_wait_async (proc->process, proc->cancellable, on_exited, proc);
  return proc;
}

static gboolean
is_done (gpointer data)
{
  SimTestProc *proc = data;

  return proc->exited && proc->eof;
}

static gboolean
is_gone (gpointer data)
{
  SimTestProc *proc = data;

  return proc->exited;
}

void
sim_test_proc_free (SimTestProc *proc)
{
  if (proc == NULL)
    return;
  if (!proc->exited)
    {
      g_subprocess_force_exit (proc->process);
      sb_test_wait_for (is_gone, proc, 10000);
    }
  g_cancellable_cancel (proc->cancellable);
  /* Let the cancelled callbacks run while @proc still exists. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (proc->out);
  g_object_unref (proc->process);
  g_object_unref (proc->cancellable);
  g_ptr_array_unref (proc->lines);
  g_free (proc);
}

gboolean
sim_test_proc_wait (SimTestProc *proc, guint timeout_ms)
{
  return sb_test_wait_for (is_done, proc, timeout_ms);
}

typedef struct
{
  SimTestProc *proc;
  guint n;
  const char *line;
} LineWait;

static gboolean
has_n_lines (gpointer data)
{
  LineWait *wait = data;

  return wait->proc->lines->len >= wait->n || wait->proc->eof;
}

gboolean
sim_test_proc_wait_lines (SimTestProc *proc, guint n, guint timeout_ms)
{
  LineWait wait = { proc, n, NULL };

  sb_test_wait_for (has_n_lines, &wait, timeout_ms);
  return proc->lines->len >= n;
}

static gboolean
has_line (gpointer data)
{
  LineWait *wait = data;

  for (guint i = 0; i < wait->proc->lines->len; i++)
    if (g_strcmp0 (g_ptr_array_index (wait->proc->lines, i), wait->line) == 0)
      return TRUE;
  return wait->proc->eof;
}

gboolean
sim_test_proc_wait_line (SimTestProc *proc, const char *line, guint timeout_ms)
{
  LineWait wait = { proc, 0, line };

  sb_test_wait_for (has_line, &wait, timeout_ms);
  for (guint i = 0; i < proc->lines->len; i++)
    if (g_strcmp0 (g_ptr_array_index (proc->lines, i), line) == 0)
      return TRUE;
  return FALSE;
}

int
sim_test_proc_exit_status (SimTestProc *proc)
{
  g_assert_true (proc->exited);
  if (!g_subprocess_get_if_exited (proc->process))
    return 128 + g_subprocess_get_term_sig (proc->process);
  return g_subprocess_get_exit_status (proc->process);
}

char *
sim_test_proc_stderr (SimTestProc *proc)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOutputStream) sink = g_memory_output_stream_new_resizable ();

  g_output_stream_splice (sink, g_subprocess_get_stderr_pipe (proc->process),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (sink)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sink)));
}

int
sim_test_run (const char *const *argv, char **out, char **err, guint timeout_ms)
{
  g_autoptr (SimTestProc) proc = sim_test_proc_start (argv);
  int status;

  if (!sim_test_proc_wait (proc, timeout_ms))
    g_error ("%s did not finish within %u ms", argv[0], timeout_ms);
  status = sim_test_proc_exit_status (proc);
  if (out != NULL)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      for (guint i = 0; i < proc->lines->len; i++)
        g_string_append_printf (text, "%s\n", (char *)g_ptr_array_index (proc->lines, i));
      *out = g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (err != NULL)
    *err = sim_test_proc_stderr (proc);
  return status;
}

const char *
sim_test_sim_path (void)
{
  return sb_test_build_path ("src/sim/signalboard-shopfloor-sim");
}
