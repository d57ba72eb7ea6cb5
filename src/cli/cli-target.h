/* cli-target.h: which broker a subcommand talks to, and with which credentials
 *
 * `FILE [--source NAME]` (a data source of a configuration, its secrets from
 * the keyring, --password-file or the environment) or the broker options
 * `--broker HOST [--port N] [--username U] [--password-file F] [--tls …]`.
 * listen, browse and publish share it; listen's broker may also be a URL
 * (with --websockets and --path), and it listens to FILE's data source
 * through the subscriptions that data source has (SB_CLI_TARGET_LISTEN).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sb-broker-url.h"
#include "sb-data-source.h"

G_BEGIN_DECLS

typedef enum
{
  SB_CLI_TARGET_DEFAULT = 0,
  /* listen: --broker also takes mqtt://, mqtts://, ws:// and wss:// URLs, with
   * --websockets and --path; FILE must hold a data source to listen to, with
   * subscriptions. */
  SB_CLI_TARGET_LISTEN = 1 << 0,
} SbCliTargetFlags;

typedef struct
{
  SbCliTargetFlags flags;
  char *source_name;
  char *broker;
  int port;
  gboolean websockets; /* SB_CLI_TARGET_LISTEN */
  char *ws_path;       /* SB_CLI_TARGET_LISTEN */
  char *username;
  char *password_file;
  gboolean tls;
  char *cafile;
  char *cert;
  char *key;
  char *key_password_file;
  gboolean insecure;
  char *protocol_text;
  /* Set by the checks. */
  SbBrokerUrl *url; /* --broker as a URL (SB_CLI_TARGET_LISTEN) */
  SbProtocol protocol;
  gboolean checked;
} SbCliTarget;

/* The options for @flags, to copy into the subcommand's GOptionEntry array
 * (pointing into @target, which remembers @flags); returns how many, at most
 * SB_CLI_TARGET_N_ENTRIES. */
#define SB_CLI_TARGET_N_ENTRIES 14
guint
sb_cli_target_entries (SbCliTarget *target, SbCliTargetFlags flags, GOptionEntry *entries);

/* Frees what the options parsed into @target. */
void
sb_cli_target_clear (SbCliTarget *target);

/* The usage checks, in two steps so that a command can put its own checks
 * between them in the order its users know; sb_cli_target_resolve () runs
 * whichever has not run. Each prints the problem (prefixed with
 * "signalboard-cli COMMAND") and returns SB_EXIT_USAGE, or SB_EXIT_OK.
 *
 * FILE or --broker, and the options that go with either. @other_broker_options:
 * the command has options of its own given that only go with --broker. */
int
sb_cli_target_check_choice (SbCliTarget *target, const char *command, const char *file,
                            gboolean other_broker_options);
/* The values of the broker options (port, URL, WebSocket path, protocol, TLS files). */
int
sb_cli_target_check_options (SbCliTarget *target, const char *command);

/* Checks the options and @file (NULL: none given), reads the password files
 * (warning when others can read them), loads the data source or builds one
 * from the broker options, and resolves its secrets. On a problem prints it
 * (prefixed with "signalboard-cli COMMAND") and returns the exit code (usage
 * 2, bad file 1, keyring refusal 3); SB_EXIT_OK and *@source (a new
 * reference) otherwise. */
int
sb_cli_target_resolve (SbCliTarget *target, const char *command, const char *file,
                       SbDataSource **source);

/* "127.0.0.1:1883", "[::1]:1883": the broker and the port in effect. */
char *
sb_cli_target_address (SbDataSource *source);

G_END_DECLS
