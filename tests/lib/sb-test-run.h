/* sb-test-run.h: a program, signalboard-cli above all, run to its end with its output
 * collected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int status; /* the exit code as a shell shows it (128 + N for signal N) */
  char *out;  /* all of stdout, "" when none */
  char *err;  /* all of stderr, "" when none */
} SbTestRun;

void
sb_test_run_clear (SbTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SbTestRun, sb_test_run_clear)

/* Runs @argv (argv[0] searched in PATH unless it is a path) in @cwd (NULL: here) with @envp (NULL:
 * this process's environment) to its end; asserts that it started. Logs both outputs as TAP
 * comments. */
void
sb_test_run_argv (SbTestRun *run, const char *cwd, const char *const *envp,
                  const char *const *argv);

/* The same for this build's signalboard-cli with the arguments (NULL-terminated). */
void
sb_test_run_cli (SbTestRun *run, const char *cwd, const char *const *envp, const char *first,
                 ...) G_GNUC_NULL_TERMINATED;
void
sb_test_run_cli_valist (SbTestRun *run, const char *cwd, const char *const *envp, const char *first,
                        va_list args);

/* xdotool with the arguments (NULL-terminated): input through the X server, as a
 * keyboard and a mouse send it; a failure ends the test. */
void
sb_test_xdotool (const char *first, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
