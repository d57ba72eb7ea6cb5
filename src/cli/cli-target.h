/* cli-target.h: which broker a subcommand talks to, and with which credentials
 *
 * `FILE [--source NAME]` (a data source of a configuration, its secrets from
 * the keyring, --password-file or the environment) or the broker options
 * `--broker HOST [--port N] [--username U] [--password-file F] [--tls …]`, as
 * `listen` takes them. browse and publish share it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

typedef struct
{
  char *source_name;
  char *broker;
  int port;
  char *username;
  char *password_file;
  gboolean tls;
  char *cafile;
  char *cert;
  char *key;
  char *key_password_file;
  gboolean insecure;
  char *protocol_text;
} SbCliTarget;

/* The options, to copy into the subcommand's GOptionEntry array (pointing
 * into @target); SB_CLI_TARGET_N_ENTRIES of them. */
#define SB_CLI_TARGET_N_ENTRIES 12
void
sb_cli_target_entries (SbCliTarget *target, GOptionEntry *entries);

/* Frees what the options parsed into @target. */
void
sb_cli_target_clear (SbCliTarget *target);

/* Checks the options and @file (NULL: none given), loads the data source or
 * builds one from the broker options, and resolves its secrets. On a problem
 * prints it (prefixed with "signalboard-cli COMMAND") and returns the exit
 * code (usage 2, bad file 1, keyring refusal 3); SB_EXIT_OK and *@source
 * (a new reference) otherwise. */
int
sb_cli_target_resolve (SbCliTarget *target, const char *command, const char *file,
                       SbDataSource **source);

/* "127.0.0.1:1883", "[::1]:1883": the broker and the port in effect. */
char *
sb_cli_target_address (SbDataSource *source);

G_END_DECLS
