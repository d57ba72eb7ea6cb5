/* sb-cli.h: what the signalboard-cli subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes, the same for every subcommand (scripts depend on them). */
typedef enum
{
  SB_EXIT_OK = 0,
  SB_EXIT_BAD_INPUT = 1, /* invalid or unreadable input file */
  SB_EXIT_USAGE = 2,     /* unknown option, missing argument */
  SB_EXIT_CONNECT = 3,   /* cannot connect / refused (auth, TLS) */
  SB_EXIT_TIMEOUT = 4,   /* timed out before the requested messages arrived */
} SbExitCode;

/* How long a subcommand that ends waits for its connections to close on the
 * wire (sb_mqtt_session_wait_closed ()): a WebSocket's last frames. */
#define EXIT_CLOSE_WAIT_MS 5000

/* Each takes argv[0] = the subcommand's name. */
int
sb_cli_validate (int argc, char **argv);
int
sb_cli_list (int argc, char **argv);
int
sb_cli_listen (int argc, char **argv);
int
sb_cli_import (int argc, char **argv);
int
sb_cli_export (int argc, char **argv);
int
sb_cli_serve (int argc, char **argv);
int
sb_cli_browse (int argc, char **argv);
int
sb_cli_publish (int argc, char **argv);

/* Parses @entries (and G_OPTION_REMAINING) for subcommand @name; on a usage
 * error prints "signalboard-cli NAME: MESSAGE" and a hint to --help on stderr
 * and returns FALSE (the caller exits SB_EXIT_USAGE). */
gboolean
sb_cli_parse (const char *name, const char *parameter_string, const char *summary,
              const GOptionEntry *entries, int *argc, char ***argv);
/* Prints "signalboard-cli NAME: MESSAGE" + the --help hint; returns SB_EXIT_USAGE. */
int
sb_cli_usage_error (const char *name, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Prints @error as sb_config_file_format_error () shows it. */
void
sb_cli_print_config_error (const char *file, const GError *error);

G_END_DECLS
