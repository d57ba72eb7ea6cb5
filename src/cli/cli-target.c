/* cli-target.c: which broker a subcommand talks to, and with which credentials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cli-target.h"
#include "sb-cli.h"
#include "sb-config.h"
#include "sb-secrets.h"
#include "sb-util.h"
#include "sb-validate.h"

void
sb_cli_target_entries (SbCliTarget *target, GOptionEntry *entries)
{
  const GOptionEntry list[SB_CLI_TARGET_N_ENTRIES] = {
    { "source", 0, 0, G_OPTION_ARG_STRING, &target->source_name, N_ ("Data source of FILE"),
      N_ ("NAME") },
    { "broker", 0, 0, G_OPTION_ARG_STRING, &target->broker,
      N_ ("Broker host name or address (instead of FILE)"), N_ ("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &target->port, N_ ("Broker port (1883, or 8883 with TLS)"),
      N_ ("N") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &target->username, N_ ("User name"), N_ ("U") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &target->password_file,
      N_ ("Read the password from the first line of F (or set $SIGNALBOARD_PASSWORD)"), N_ ("F") },
    { "tls", 0, 0, G_OPTION_ARG_NONE, &target->tls, N_ ("Connect with TLS"), NULL },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &target->cafile,
      N_ ("CA certificates to verify the broker with (implies --tls)"), N_ ("F") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &target->cert,
      N_ ("Client certificate (implies --tls; needs --key)"), N_ ("F") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &target->key, N_ ("Client private key"), N_ ("F") },
    { "key-password-file", 0, 0, G_OPTION_ARG_FILENAME, &target->key_password_file,
      N_ ("Read the client key’s passphrase from the first line of F (or set "
          "$SIGNALBOARD_KEY_PASSWORD)"),
      N_ ("F") },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &target->insecure,
      N_ ("Do not verify the broker's certificate"), NULL },
    { "protocol", 0, 0, G_OPTION_ARG_STRING, &target->protocol_text,
      N_ ("MQTT version: 3.1.1 or 5"), N_ ("VERSION") },
  };

  memcpy (entries, list, sizeof list);
}

void
sb_cli_target_clear (SbCliTarget *target)
{
  g_clear_pointer (&target->source_name, g_free);
  g_clear_pointer (&target->broker, g_free);
  g_clear_pointer (&target->username, g_free);
  g_clear_pointer (&target->password_file, g_free);
  g_clear_pointer (&target->cafile, g_free);
  g_clear_pointer (&target->cert, g_free);
  g_clear_pointer (&target->key, g_free);
  g_clear_pointer (&target->key_password_file, g_free);
  g_clear_pointer (&target->protocol_text, g_free);
}

/* The first line of @path: the password, as with other tools' password files. */
static char *
read_secret_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  char *newline;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  return g_steal_pointer (&contents);
}

static int
resolve_file_secrets (SbCliTarget *target, SbDataSource *source, const char *password,
                      const char *key_password)
{
  g_autoptr (GError) error = NULL;

  if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    {
      /* The keyring first; --password-file or $SIGNALBOARD_PASSWORD fill in. */
      char *resolved = sb_secrets_resolve_password (source, target->password_file, &error);

      if (resolved == NULL && error != NULL)
        {
          fprintf (stderr, "%s: %s\n", sb_data_source_get_name (source), error->message);
          return SB_EXIT_CONNECT;
        }
      sb_data_source_set_password (source, resolved);
      if (resolved != NULL)
        sb_secrets_free_password (resolved);
    }
  else if (sb_data_source_get_password (source)[0] == '\0' && password != NULL)
    sb_data_source_set_password (source, password);

  if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    {
      char *resolved = sb_secrets_resolve_key_password (source, target->key_password_file, &error);

      if (resolved == NULL && error != NULL)
        {
          fprintf (stderr, "%s: %s\n", sb_data_source_get_name (source), error->message);
          return SB_EXIT_CONNECT;
        }
      sb_data_source_set_tls_client_key_password (source, resolved);
      if (resolved != NULL)
        sb_secrets_free_password (resolved);
    }
  else if (sb_data_source_get_tls_client_key_password (source)[0] == '\0' && key_password != NULL)
    sb_data_source_set_tls_client_key_password (source, key_password);
  return SB_EXIT_OK;
}

int
sb_cli_target_resolve (SbCliTarget *target, const char *command, const char *file,
                       SbDataSource **source_out)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbSecret) password = NULL;
  g_autoptr (SbSecret) key_password = NULL;
  SbProtocol protocol = SB_PROTOCOL_MQTT_311;
  int status;

  if (file != NULL && target->broker != NULL)
    return sb_cli_usage_error (command, _ ("give either FILE or --broker, not both"));
  if (file == NULL && target->broker == NULL)
    return sb_cli_usage_error (command, _ ("give a configuration FILE or --broker HOST"));
  if (file != NULL
      && (target->port != 0 || target->username || target->tls || target->cafile || target->cert
          || target->key || target->insecure || target->protocol_text))
    return sb_cli_usage_error (command,
                               _ ("broker options need --broker; FILE has its own settings"));
  if (target->broker != NULL && target->source_name != NULL)
    return sb_cli_usage_error (command, _ ("--source picks a data source of FILE"));
  if (target->broker != NULL && target->broker[0] == '\0')
    return sb_cli_usage_error (command, _ ("--broker needs a host name"));
  if (target->port < 0 || target->port > 65535)
    return sb_cli_usage_error (command, _ ("--port %d is not a port (1-65535)"), target->port);
  if (target->protocol_text != NULL && !sb_protocol_from_string (target->protocol_text, &protocol))
    return sb_cli_usage_error (command, _ ("--protocol must be 3.1.1 or 5, not “%s”"),
                               target->protocol_text);
  if ((target->cert == NULL) != (target->key == NULL))
    return sb_cli_usage_error (command, _ ("--cert and --key go together"));

  if (target->password_file != NULL)
    {
      password = read_secret_file (target->password_file, &error);
      if (password == NULL)
        return sb_cli_usage_error (command, _ ("cannot read the password file: %s"),
                                   error->message);
    }
  else if (g_getenv ("SIGNALBOARD_PASSWORD") != NULL)
    password = g_strdup (g_getenv ("SIGNALBOARD_PASSWORD"));
  if (target->key_password_file != NULL)
    {
      key_password = read_secret_file (target->key_password_file, &error);
      if (key_password == NULL)
        return sb_cli_usage_error (command, _ ("cannot read the key passphrase file: %s"),
                                   error->message);
    }
  else if (g_getenv ("SIGNALBOARD_KEY_PASSWORD") != NULL)
    key_password = g_strdup (g_getenv ("SIGNALBOARD_KEY_PASSWORD"));

  if (file != NULL)
    {
      SbDataSource *found;

      config = sb_config_load_from_file (file, &error);
      if (config == NULL)
        {
          sb_cli_print_config_error (file, error);
          return SB_EXIT_BAD_INPUT;
        }
      if (sb_config_get_n_data_sources (config) == 0)
        {
          fprintf (stderr, _ ("%s: no data sources\n"), file);
          return SB_EXIT_BAD_INPUT;
        }
      if (target->source_name != NULL)
        {
          found = sb_config_find_by_name (config, target->source_name);
          if (found == NULL)
            return sb_cli_usage_error (command, _ ("%s has no data source named “%s”"), file,
                                       target->source_name);
        }
      else if (sb_config_get_n_data_sources (config) > 1)
        {
          g_autoptr (GString) names = g_string_new (NULL);
          for (guint i = 0; i < sb_config_get_n_data_sources (config); i++)
            g_string_append_printf (
                names, "%s“%s”", i > 0 ? ", " : "",
                sb_data_source_get_name (sb_config_get_data_source (config, i)));
          return sb_cli_usage_error (command,
                                     _ ("%s has several data sources; pick one with --source (%s)"),
                                     file, names->str);
        }
      else
        found = sb_config_get_data_source (config, 0);
      source = sb_data_source_copy (found);
      status = resolve_file_secrets (target, source, password, key_password);
      if (status != SB_EXIT_OK)
        return status;
    }
  else
    {
      source = sb_data_source_new ();
      sb_data_source_set_name (source, target->broker);
      sb_data_source_set_broker (source, target->broker);
      sb_data_source_set_port (source, (guint)target->port);
      sb_data_source_set_protocol (source, protocol);
      if (target->username != NULL)
        sb_data_source_set_username (source, target->username);
      if (password != NULL)
        sb_data_source_set_password (source, password);
      if (target->tls || target->cafile != NULL || target->cert != NULL || target->insecure)
        {
          sb_data_source_set_tls_enabled (source, TRUE);
          sb_data_source_set_tls_ca_file (source, target->cafile);
          sb_data_source_set_tls_client_cert (source, target->cert);
          sb_data_source_set_tls_client_key (source, target->key);
          if (key_password != NULL)
            sb_data_source_set_tls_client_key_password (source, key_password);
          sb_data_source_set_tls_verify (source, !target->insecure);
        }
    }
  /* As the app warns in its dialog and list: a warning, not a refusal. */
  if (sb_validate_password_unencrypted (source))
    fprintf (stderr,
             _ ("signalboard-cli %s: warning: the password goes to %s unencrypted (TLS is off "
                "and it is not this computer)\n"),
             command, sb_data_source_get_broker (source));
  *source_out = g_steal_pointer (&source);
  return SB_EXIT_OK;
}

char *
sb_cli_target_address (SbDataSource *source)
{
  const char *broker = sb_data_source_get_broker (source);
  guint port = sb_data_source_get_effective_port (source);

  if (strchr (broker, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", broker, port);
  return g_strdup_printf ("%s:%u", broker, port);
}
