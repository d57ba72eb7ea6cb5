/* sim-test-util.h: running programs and reading their output in the simulator tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A running program whose stdout lines are collected as they arrive. */
typedef struct
{
  GSubprocess *process;
  GDataInputStream *out;
  GCancellable *cancellable;
  GPtrArray *lines; /* char * */
  gboolean eof;
  gboolean exited;
} SimTestProc;

/* Starts @argv (NULL-terminated) with stdout collected line by line and
 * stderr piped (read it with sim_test_proc_stderr after the exit). */
SimTestProc *
sim_test_proc_start (const char *const *argv);
/* Same, in a process group of its own when @new_group (to signal it as a
 * terminal does). */
SimTestProc *
sim_test_proc_start_full (const char *const *argv, gboolean new_group);
void
sim_test_proc_free (SimTestProc *proc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimTestProc, sim_test_proc_free)

/* Waits up to @timeout_ms for the process to exit and its stdout to end;
 * FALSE on timeout. */
gboolean
sim_test_proc_wait (SimTestProc *proc, guint timeout_ms);
/* Waits up to @timeout_ms until at least @n lines have arrived. */
gboolean
sim_test_proc_wait_lines (SimTestProc *proc, guint n, guint timeout_ms);
/* Waits up to @timeout_ms until a line equal to @line has arrived. */
gboolean
sim_test_proc_wait_line (SimTestProc *proc, const char *line, guint timeout_ms);
/* The exit status (0..255) after sim_test_proc_wait succeeded. */
int
sim_test_proc_exit_status (SimTestProc *proc);
/* All of stderr, after the exit. */
char *
sim_test_proc_stderr (SimTestProc *proc);

/* Runs @argv to completion within @timeout_ms (failing the test otherwise);
 * returns the exit status and, when asked, stdout and stderr. */
int
sim_test_run (const char *const *argv, char **out, char **err, guint timeout_ms);

/* The built simulator. */
const char *
sim_test_sim_path (void);

G_END_DECLS
