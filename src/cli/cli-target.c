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

guint
sb_cli_target_entries (SbCliTarget *target, SbCliTargetFlags flags, GOptionEntry *entries)
{
  gboolean listen = (flags & SB_CLI_TARGET_LISTEN) != 0;
  const GOptionEntry list[SB_CLI_TARGET_N_ENTRIES] = {
    { "source", 0, 0, G_OPTION_ARG_STRING, &target->source_name,
      listen ? N_ ("Data source of FILE to listen to") : N_ ("Data source of FILE"), N_ ("NAME") },
    { "broker", 0, 0, G_OPTION_ARG_STRING, &target->broker,
      listen ? N_ ("Broker host name or address, or URL (mqtt://, mqtts://, ws://, "
                   "wss://HOST:PORT/PATH; instead of FILE)")
             : N_ ("Broker host name or address (instead of FILE)"),
      N_ ("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &target->port,
      listen ? N_ ("Broker port (1883, or 8883 with TLS; over WebSocket 80, or 443 with TLS)")
             : N_ ("Broker port (1883, or 8883 with TLS)"),
      N_ ("N") },
    { "websockets", 0, 0, G_OPTION_ARG_NONE, &target->websockets,
      N_ ("MQTT over WebSocket (wss:// with --tls)"), NULL },
    { "path", 0, 0, G_OPTION_ARG_STRING, &target->ws_path,
      N_ ("Path of the broker's WebSocket endpoint (default /mqtt)"), N_ ("PATH") },
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
  guint n = 0;

  target->flags = flags;
  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    {
      /* Over WebSocket only where the broker may be a URL. */
      if (!listen
          && (list[i].arg_data == &target->websockets || list[i].arg_data == &target->ws_path))
        continue;
      entries[n++] = list[i];
    }
  return n;
}

void
sb_cli_target_clear (SbCliTarget *target)
{
  g_clear_pointer (&target->source_name, g_free);
  g_clear_pointer (&target->broker, g_free);
  g_clear_pointer (&target->ws_path, g_free);
  g_clear_pointer (&target->username, g_free);
  g_clear_pointer (&target->password_file, g_free);
  g_clear_pointer (&target->cafile, g_free);
  g_clear_pointer (&target->cert, g_free);
  g_clear_pointer (&target->key, g_free);
  g_clear_pointer (&target->key_password_file, g_free);
  g_clear_pointer (&target->protocol_text, g_free);
  g_clear_pointer (&target->url, sb_broker_url_free);
}

int
sb_cli_target_check_choice (SbCliTarget *target, const char *command, const char *file,
                            gboolean other_broker_options)
{
  if (file != NULL && target->broker != NULL)
    return sb_cli_usage_error (command, _ ("give either FILE or --broker, not both"));
  if (file == NULL && target->broker == NULL)
    return sb_cli_usage_error (command, _ ("give a configuration FILE or --broker HOST"));
  if (file != NULL
      && (target->port != 0 || target->username || target->tls || target->cafile || target->cert
          || target->key || target->insecure || target->protocol_text || other_broker_options
          || target->websockets || target->ws_path))
    return sb_cli_usage_error (command,
                               _ ("broker options need --broker; FILE has its own settings"));
  if (target->broker != NULL && target->source_name != NULL)
    return sb_cli_usage_error (command, _ ("--source picks a data source of FILE"));
  if (target->broker != NULL && target->broker[0] == '\0')
    return sb_cli_usage_error (command, _ ("--broker needs a host name"));
  return SB_EXIT_OK;
}

int
sb_cli_target_check_options (SbCliTarget *target, const char *command)
{
  g_autoptr (GError) error = NULL;

  if (target->port < 0 || target->port > 65535)
    return sb_cli_usage_error (command, _ ("--port %d is not a port (1-65535)"), target->port);
  if ((target->flags & SB_CLI_TARGET_LISTEN) && target->broker != NULL && target->url == NULL
      && sb_broker_url_has_scheme (target->broker))
    {
      SbBrokerUrl *url = sb_broker_url_parse (target->broker, &error);

      if (url == NULL)
        return sb_cli_usage_error (command, "--broker %s", error->message);
      target->url = url;
      /* Two ports for one broker: which one was meant? */
      if (url->port != 0 && target->port != 0 && (guint)target->port != url->port)
        return sb_cli_usage_error (command, _ ("--broker %s has port %u, but --port says %d"),
                                   target->broker, url->port, target->port);
      if (target->websockets && url->transport != SB_TRANSPORT_WEBSOCKETS)
        return sb_cli_usage_error (command,
                                   _ ("--websockets contradicts the URL %s (use ws:// or wss://)"),
                                   target->broker);
      if (target->ws_path != NULL && url->transport == SB_TRANSPORT_WEBSOCKETS && url->has_path
          && g_strcmp0 (target->ws_path, url->path) != 0)
        return sb_cli_usage_error (command, _ ("--broker %s has path %s, but --path says %s"),
                                   target->broker, url->path, target->ws_path);
      if (url->transport == SB_TRANSPORT_WEBSOCKETS)
        target->websockets = TRUE;
      if (target->ws_path == NULL && url->path != NULL)
        target->ws_path = g_strdup (url->path);
    }
  if (target->ws_path != NULL && !target->websockets)
    return sb_cli_usage_error (command, _ ("--path needs --websockets (or a ws:// or wss:// URL)"));
  if (target->ws_path != NULL && !sb_validate_ws_path (target->ws_path, &error))
    return sb_cli_usage_error (command, "--path: %s", error->message);
  if (target->protocol_text != NULL
      && !sb_protocol_from_string (target->protocol_text, &target->protocol))
    return sb_cli_usage_error (command, _ ("--protocol must be 3.1.1 or 5, not “%s”"),
                               target->protocol_text);
  if ((target->cert == NULL) != (target->key == NULL))
    return sb_cli_usage_error (command, _ ("--cert and --key go together"));
  target->checked = TRUE;
  return SB_EXIT_OK;
}

static void
warn_password_file (const char *command, const char *path)
{
  g_autofree char *warning = path != NULL ? sb_secrets_password_file_warning (path) : NULL;

  if (warning != NULL)
    fprintf (stderr, "signalboard-cli %s: %s\n", command, warning);
}

/* The data source of FILE that --source names (or its only one), a copy. */
static int
load_file_source (SbCliTarget *target, const char *command, const char *file,
                  SbDataSource **source_out)
{
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  SbDataSource *found;

  config = sb_config_load_from_file (file, &error);
  if (config == NULL)
    {
      sb_cli_print_config_error (file, error);
      return SB_EXIT_BAD_INPUT;
    }
  if (sb_config_get_n_data_sources (config) == 0)
    {
      if (target->flags & SB_CLI_TARGET_LISTEN)
        fprintf (stderr, _ ("%s: no data sources to listen to\n"), file);
      else
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
        g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                                sb_data_source_get_name (sb_config_get_data_source (config, i)));
      return sb_cli_usage_error (command,
                                 _ ("%s has several data sources; pick one with --source (%s)"),
                                 file, names->str);
    }
  else
    found = sb_config_get_data_source (config, 0);
  *source_out = sb_data_source_copy (found);
  return SB_EXIT_OK;
}

static int
resolve_file_secrets (SbCliTarget *target, const char *command, SbDataSource *source,
                      const char *password, const char *key_password)
{
  g_autoptr (GError) error = NULL;

  if (target->password_file != NULL && sb_data_source_get_username (source)[0] == '\0')
    return sb_cli_usage_error (
        command, _ ("--password-file: the data source “%s” has no user name to go with it"),
        sb_data_source_get_name (source));
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
  /* --password-file is the user's word for this run; otherwise a password
   * that is not in the file comes from the environment. */
  else if (target->password_file != NULL
           || (sb_data_source_get_password (source)[0] == '\0' && password != NULL))
    sb_data_source_set_password (source, password);

  if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    {
      /* The keyring first; --key-password-file or $SIGNALBOARD_KEY_PASSWORD fill in. */
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
  /* A key passphrase that is not in the file comes from --key-password-file
   * or the environment. */
  else if (sb_data_source_get_tls_client_key_password (source)[0] == '\0' && key_password != NULL)
    sb_data_source_set_tls_client_key_password (source, key_password);
  return SB_EXIT_OK;
}

static SbDataSource *
new_broker_source (SbCliTarget *target, const char *password, const char *key_password)
{
  SbDataSource *source = sb_data_source_new ();

  sb_data_source_set_name (source, target->broker);
  if (target->url != NULL)
    sb_broker_url_apply (target->url, source);
  else
    sb_data_source_set_broker (source, target->broker);
  if (target->port != 0)
    sb_data_source_set_port (source, (guint)target->port);
  if (target->websockets)
    sb_data_source_set_transport (source, SB_TRANSPORT_WEBSOCKETS);
  if (target->ws_path != NULL)
    sb_data_source_set_path (source, target->ws_path);
  sb_data_source_set_protocol (source, target->protocol);
  if (target->username != NULL)
    sb_data_source_set_username (source, target->username);
  if (password != NULL)
    sb_data_source_set_password (source, password);
  if (target->tls || target->cafile != NULL || target->cert != NULL || target->insecure
      || (target->url != NULL && target->url->tls))
    {
      sb_data_source_set_tls_enabled (source, TRUE);
      sb_data_source_set_tls_ca_file (source, target->cafile);
      sb_data_source_set_tls_client_cert (source, target->cert);
      sb_data_source_set_tls_client_key (source, target->key);
      if (key_password != NULL)
        sb_data_source_set_tls_client_key_password (source, key_password);
      sb_data_source_set_tls_verify (source, !target->insecure);
    }
  return source;
}

int
sb_cli_target_resolve (SbCliTarget *target, const char *command, const char *file,
                       SbDataSource **source_out)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbSecret) password = NULL;
  g_autoptr (SbSecret) key_password = NULL;
  int status;

  if (!target->checked)
    {
      status = sb_cli_target_check_choice (target, command, file, FALSE);
      if (status == SB_EXIT_OK)
        status = sb_cli_target_check_options (target, command);
      if (status != SB_EXIT_OK)
        return status;
    }

  warn_password_file (command, target->password_file);
  warn_password_file (command, target->key_password_file);
  if (target->password_file != NULL)
    {
      password = sb_secrets_read_password_file (target->password_file, FALSE, &error);
      if (password == NULL)
        return sb_cli_usage_error (command, "%s", error->message);
    }
  else if (g_getenv ("SIGNALBOARD_PASSWORD") != NULL)
    password = g_strdup (g_getenv ("SIGNALBOARD_PASSWORD"));
  if (target->key_password_file != NULL)
    {
      key_password = sb_secrets_read_password_file (target->key_password_file, TRUE, &error);
      if (key_password == NULL)
        return sb_cli_usage_error (command, "%s", error->message);
    }
  else if (g_getenv ("SIGNALBOARD_KEY_PASSWORD") != NULL)
    key_password = g_strdup (g_getenv ("SIGNALBOARD_KEY_PASSWORD"));

  if (file != NULL)
    {
      status = load_file_source (target, command, file, &source);
      if (status == SB_EXIT_OK)
        status = resolve_file_secrets (target, command, source, password, key_password);
      if (status != SB_EXIT_OK)
        return status;
      if ((target->flags & SB_CLI_TARGET_LISTEN)
          && sb_data_source_get_n_subscriptions (source) == 0)
        {
          fprintf (stderr, _ ("%s: data source “%s” has no subscriptions\n"), file,
                   sb_data_source_get_name (source));
          return SB_EXIT_BAD_INPUT;
        }
    }
  else
    source = new_broker_source (target, password, key_password);

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
