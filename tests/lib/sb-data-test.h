/* sb-data-test.h: what the data, translation and install tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @argv (searched in PATH) with @env_extra ("NAME=VALUE", may be NULL) added to
 * the environment, collects stdout and stderr, and returns the exit status, or -1 when
 * the program could not run or died from a signal. */
int
sb_data_test_run (const char *const *argv, const char *const *env_extra, char **out, char **err);

/* Fails the current test with a message, printed at once so that a test reporting several
 * problems shows all of them (g_test_fail_printf keeps only the last). */
void
sb_data_test_problem (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Reads a whole file; fails the test when it cannot. */
char *
sb_data_test_read (const char *path);

G_END_DECLS
