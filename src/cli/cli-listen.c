/* cli-listen.c: signalboard-cli listen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli-listen-output.h"
#include "sb-topic-overflow.h"
#include "sb-cli.h"
#include "sb-secrets.h"
#include "sb-broker-url.h"
#include "sb-validate.h"
#include "sb-config.h"
#include "sb-mqtt-session.h"
#include "sb-subscription.h"
#include "sb-util.h"

#define NAME "listen"

typedef struct
{
  GMainLoop *loop;
  SbMqttSession *session;
  SbListenOutput *output;
  guint64 count;  /* 0: no limit */
  double timeout; /* --timeout in seconds, 0: none */
  int exit_code;
  gboolean ever_connected;
  gboolean lost; /* a drop was reported and no reconnect yet */
  gboolean done;
  guint timeout_id;
} Listen;

static void
finish (Listen *listen, int exit_code)
{
  if (listen->done)
    return;
  listen->done = TRUE;
  listen->exit_code = exit_code;
  g_main_loop_quit (listen->loop);
}

static void
on_message (SbMqttSession *session, SbMessage *message, Listen *listen)
{
  /* The rest of a read batch after --count is reached is not shown. */
  if (listen->done)
    return;
  sb_listen_output_message (listen->output, message);
  if (listen->count > 0 && sb_listen_output_get_count (listen->output) >= listen->count)
    finish (listen, SB_EXIT_OK);
}

static void
on_connected (SbMqttSession *session, Listen *listen)
{
  if (listen->ever_connected)
    fprintf (stderr, _ ("signalboard-cli listen: reconnected to %s, subscribed again\n"),
             sb_mqtt_session_get_address (session));
  listen->ever_connected = TRUE;
  listen->lost = FALSE;
}

static void
on_subscription_failed (SbMqttSession *session, guint index, const char *message, Listen *listen)
{
  fprintf (stderr, "signalboard-cli listen: %s\n", message);
}

static void
on_state (SbMqttSession *session, GParamSpec *pspec, Listen *listen)
{
  SbSessionState state = sb_mqtt_session_get_state (session);
  const char *error = sb_mqtt_session_get_last_error (session);

  if (listen->done)
    return;
  if (state == SB_SESSION_FAILED || (state == SB_SESSION_RECONNECTING && !listen->ever_connected))
    {
      fprintf (stderr, "signalboard-cli listen: %s\n",
               error != NULL ? error : _ ("Cannot connect"));
      finish (listen, SB_EXIT_CONNECT);
    }
  else if (state == SB_SESSION_RECONNECTING && !listen->lost)
    {
      listen->lost = TRUE;
      fprintf (stderr, _ ("signalboard-cli listen: %s; reconnecting in %u s\n"),
               error != NULL ? error : _ ("Connection lost"),
               sb_mqtt_session_get_retry_seconds (session));
    }
}

static gboolean
on_timeout (gpointer data)
{
  Listen *listen = data;

  listen->timeout_id = 0;
  /* With --count the messages did not all come; without, the time was the limit. */
  if (listen->count > 0 && !listen->done)
    {
      char seconds[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (seconds, sizeof seconds, "%g", listen->timeout);
      fprintf (stderr,
               g_dngettext (GETTEXT_PACKAGE,
                            "signalboard-cli listen: timed out after %s s: %lu of %lu message\n",
                            "signalboard-cli listen: timed out after %s s: %lu of %lu messages\n",
                            (gulong)listen->count),
               seconds, (gulong)sb_listen_output_get_count (listen->output), (gulong)listen->count);
    }
  finish (listen, listen->count > 0 ? SB_EXIT_TIMEOUT : SB_EXIT_OK);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  finish (data, SB_EXIT_OK);
  return G_SOURCE_CONTINUE;
}

/* Keeps the process out of core dumps and ptrace by other processes of the
 * user while it holds a secret (as ssh-agent and gpg-agent do). */
static void
hold_secrets (gboolean holding)
{
  prctl (PR_SET_DUMPABLE, holding ? 0 : 1, 0, 0, 0);
}

static void
warn_password_file (const char *path)
{
  g_autofree char *warning = path != NULL ? sb_secrets_password_file_warning (path) : NULL;

  if (warning != NULL)
    fprintf (stderr, "signalboard-cli listen: %s\n", warning);
}

static gboolean
parse_qos (const char *text, int *qos)
{
  if (text == NULL)
    return TRUE;
  if (text[0] < '0' || text[0] > '2' || text[1] != '\0')
    return FALSE;
  *qos = text[0] - '0';
  return TRUE;
}

int
sb_cli_listen (int argc, char **argv)
{
  g_autofree char *source_name = NULL;
  g_autofree char *broker = NULL;
  int port = 0;
  gboolean websockets = FALSE;
  g_autofree char *ws_path = NULL;
  g_autoptr (SbBrokerUrl) url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password_file = NULL;
  gboolean tls = FALSE;
  g_autofree char *cafile = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_password_file = NULL;
  gboolean insecure = FALSE;
  g_autofree char *protocol_text = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *qos_text = NULL;
  g_auto (GStrv) topics = NULL;
  gint64 count = 0;
  g_autofree char *timeout_text = NULL;
  g_autofree char *format_text = NULL;
  gint64 max_topics = SB_TOPIC_LIMIT_DEFAULT;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_STRING, &source_name, N_ ("Data source of FILE to listen to"),
      N_ ("NAME") },
    { "broker", 0, 0, G_OPTION_ARG_STRING, &broker,
      N_ ("Broker host name or address, or URL (mqtt://, mqtts://, ws://, wss://HOST:PORT/PATH; "
          "instead of FILE)"),
      N_ ("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_ ("Broker port (1883, or 8883 with TLS; over WebSocket 80, or 443 with TLS)"), N_ ("N") },
    { "websockets", 0, 0, G_OPTION_ARG_NONE, &websockets,
      N_ ("MQTT over WebSocket (wss:// with --tls)"), NULL },
    { "path", 0, 0, G_OPTION_ARG_STRING, &ws_path,
      N_ ("Path of the broker's WebSocket endpoint (default /mqtt)"), N_ ("PATH") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, N_ ("User name"), N_ ("U") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_ ("Read the password from the first line of F (or set $SIGNALBOARD_PASSWORD)"), N_ ("F") },
    { "tls", 0, 0, G_OPTION_ARG_NONE, &tls, N_ ("Connect with TLS"), NULL },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &cafile,
      N_ ("CA certificates to verify the broker with (implies --tls)"), N_ ("F") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert,
      N_ ("Client certificate (implies --tls; needs --key)"), N_ ("F") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_ ("Client private key"), N_ ("F") },
    { "key-password-file", 0, 0, G_OPTION_ARG_FILENAME, &key_password_file,
      N_ ("Read the client key’s passphrase from the first line of F (or set "
          "$SIGNALBOARD_KEY_PASSWORD)"),
      N_ ("F") },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, N_ ("Do not verify the broker's certificate"),
      NULL },
    { "protocol", 0, 0, G_OPTION_ARG_STRING, &protocol_text, N_ ("MQTT version: 3.1.1 or 5"),
      N_ ("VERSION") },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id, N_ ("Client id (default: a random one)"),
      N_ ("ID") },
    { "qos", 0, 0, G_OPTION_ARG_STRING, &qos_text,
      N_ ("QoS of the subscriptions: 0, 1 or 2 (default 1)"), N_ ("QOS") },
    { "topic", 0, 0, G_OPTION_ARG_STRING_ARRAY, &topics,
      N_ ("Topic filter to subscribe to (repeatable)"), N_ ("FILTER") },
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, N_ ("Exit after N messages"), N_ ("N") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &timeout_text,
      N_ ("Exit after S seconds (exit 4 if --count was not reached)"), N_ ("SECONDS") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_ ("jsonl, table or none (default: table on a terminal, else jsonl)"), N_ ("FORMAT") },
    { "max-topics", 0, 0, G_OPTION_ARG_INT64, &max_topics,
      N_ ("Keep at most N topics for table and none; further topics are counted (default "
          "200000)"),
      N_ ("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (SbListenOutput) output = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbSecret) password = NULL;
  g_autoptr (SbSecret) key_password = NULL;
  const char *env_key_password = g_getenv ("SIGNALBOARD_KEY_PASSWORD");
  const char *file = NULL;
  const char *env_password = g_getenv ("SIGNALBOARD_PASSWORD");
  SbListenFormat format;
  double timeout = 0;
  int qos = SB_DEFAULT_QOS;
  SbProtocol protocol = SB_PROTOCOL_MQTT_311;
  Listen listen = { 0 };
  guint sigint_id, sigterm_id;

  if (!sb_cli_parse (NAME, _ ("FILE [--source NAME] | --broker HOST|URL --topic FILTER…"),
                     _ ("Subscribe to a data source of FILE, or to a broker given by options, and "
                        "print the messages that arrive."),
                     entries, &argc, &argv))
    return SB_EXIT_USAGE;

  /* Arguments first: every mistake is exit 2 before anything connects. */
  if (rest != NULL && rest[0] != NULL)
    {
      if (rest[1] != NULL)
        return sb_cli_usage_error (NAME, _ ("one FILE at most, got “%s” too"), rest[1]);
      file = rest[0];
    }
  if (file != NULL && broker != NULL)
    return sb_cli_usage_error (NAME, _ ("give either FILE or --broker, not both"));
  if (file == NULL && broker == NULL)
    return sb_cli_usage_error (NAME, _ ("give a configuration FILE or --broker HOST"));
  if (file != NULL
      && (port != 0 || username || tls || cafile || cert || key || insecure || protocol_text
          || client_id || qos_text || topics || websockets || ws_path))
    return sb_cli_usage_error (NAME, _ ("broker options need --broker; FILE has its own settings"));
  if (broker != NULL && source_name != NULL)
    return sb_cli_usage_error (NAME, _ ("--source picks a data source of FILE"));
  if (broker != NULL && broker[0] == '\0')
    return sb_cli_usage_error (NAME, _ ("--broker needs a host name"));
  if (broker != NULL && (topics == NULL || topics[0] == NULL))
    return sb_cli_usage_error (NAME, _ ("--broker needs at least one --topic FILTER"));
  if (port < 0 || port > 65535)
    return sb_cli_usage_error (NAME, _ ("--port %d is not a port (1-65535)"), port);
  if (broker != NULL && sb_broker_url_has_scheme (broker))
    {
      url = sb_broker_url_parse (broker, &error);
      if (url == NULL)
        return sb_cli_usage_error (NAME, "--broker %s", error->message);
      /* Two ports for one broker: which one was meant? */
      if (url->port != 0 && port != 0 && (guint)port != url->port)
        return sb_cli_usage_error (NAME, _ ("--broker %s has port %u, but --port says %d"), broker,
                                   url->port, port);
      if (websockets && url->transport != SB_TRANSPORT_WEBSOCKETS)
        return sb_cli_usage_error (
            NAME, _ ("--websockets contradicts the URL %s (use ws:// or wss://)"), broker);
      if (ws_path != NULL && url->transport == SB_TRANSPORT_WEBSOCKETS && url->has_path
          && g_strcmp0 (ws_path, url->path) != 0)
        return sb_cli_usage_error (NAME, _ ("--broker %s has path %s, but --path says %s"), broker,
                                   url->path, ws_path);
      if (url->transport == SB_TRANSPORT_WEBSOCKETS)
        websockets = TRUE;
      if (ws_path == NULL && url->path != NULL)
        ws_path = g_strdup (url->path);
    }
  if (ws_path != NULL && !websockets)
    return sb_cli_usage_error (NAME, _ ("--path needs --websockets (or a ws:// or wss:// URL)"));
  if (ws_path != NULL && !sb_validate_ws_path (ws_path, &error))
    return sb_cli_usage_error (NAME, "--path: %s", error->message);
  if (!parse_qos (qos_text, &qos))
    return sb_cli_usage_error (NAME, _ ("--qos must be 0, 1 or 2, not “%s”"), qos_text);
  if (protocol_text != NULL && !sb_protocol_from_string (protocol_text, &protocol))
    return sb_cli_usage_error (NAME, _ ("--protocol must be 3.1.1 or 5, not “%s”"), protocol_text);
  if ((cert == NULL) != (key == NULL))
    return sb_cli_usage_error (NAME, _ ("--cert and --key go together"));
  if (count < 0)
    return sb_cli_usage_error (NAME, _ ("--count must not be negative"));
  if (max_topics < 1 || max_topics > G_MAXUINT)
    return sb_cli_usage_error (NAME, _ ("--max-topics must be a whole number from 1 to %u"),
                               G_MAXUINT);
  if (timeout_text != NULL)
    {
      char *end = NULL;
      timeout = g_ascii_strtod (timeout_text, &end);
      if (end == timeout_text || *end != '\0' || !(timeout > 0) || timeout > 1e9)
        return sb_cli_usage_error (
            NAME, _ ("--timeout must be a positive number of seconds, not “%s”"), timeout_text);
    }
  /* An invalid filter is the user's mistake, not the broker's: say which
   * rule it breaks before connecting (libmosquitto only says "invalid
   * arguments" once connected). */
  for (guint i = 0; topics != NULL && topics[i] != NULL; i++)
    {
      g_autoptr (GError) topic_error = NULL;

      if (!sb_validate_topic_filter (topics[i], -1, &topic_error))
        return sb_cli_usage_error (NAME, _ ("--topic: %s"), topic_error->message);
    }
  if (format_text == NULL)
    format = isatty (STDOUT_FILENO) ? SB_LISTEN_FORMAT_TABLE : SB_LISTEN_FORMAT_JSONL;
  else if (g_str_equal (format_text, "jsonl"))
    format = SB_LISTEN_FORMAT_JSONL;
  else if (g_str_equal (format_text, "table"))
    format = SB_LISTEN_FORMAT_TABLE;
  else if (g_str_equal (format_text, "none"))
    format = SB_LISTEN_FORMAT_NONE;
  else
    return sb_cli_usage_error (NAME, _ ("--format must be jsonl, table or none, not “%s”"),
                               format_text);
  /* From here on the process may hold a secret: a password file, the
   * environment's, or the configuration file's (its passwords, the keyring's). */
  if (file != NULL || password_file != NULL || key_password_file != NULL || env_password != NULL
      || env_key_password != NULL)
    hold_secrets (TRUE);
  warn_password_file (password_file);
  warn_password_file (key_password_file);
  if (password_file != NULL)
    {
      password = sb_secrets_read_password_file (password_file, FALSE, &error);
      if (password == NULL)
        return sb_cli_usage_error (NAME, "%s", error->message);
    }
  else if (env_password != NULL)
    password = g_strdup (env_password);
  if (key_password_file != NULL)
    {
      key_password = sb_secrets_read_password_file (key_password_file, TRUE, &error);
      if (key_password == NULL)
        return sb_cli_usage_error (NAME, "%s", error->message);
    }
  else if (env_key_password != NULL)
    key_password = g_strdup (env_key_password);

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
          fprintf (stderr, _ ("%s: no data sources to listen to\n"), file);
          return SB_EXIT_BAD_INPUT;
        }
      if (source_name != NULL)
        {
          found = sb_config_find_by_name (config, source_name);
          if (found == NULL)
            return sb_cli_usage_error (NAME, _ ("%s has no data source named “%s”"), file,
                                       source_name);
        }
      else if (sb_config_get_n_data_sources (config) > 1)
        {
          g_autoptr (GString) names = g_string_new (NULL);
          for (guint i = 0; i < sb_config_get_n_data_sources (config); i++)
            g_string_append_printf (
                names, "%s“%s”", i > 0 ? ", " : "",
                sb_data_source_get_name (sb_config_get_data_source (config, i)));
          return sb_cli_usage_error (NAME,
                                     _ ("%s has several data sources; pick one with --source (%s)"),
                                     file, names->str);
        }
      else
        found = sb_config_get_data_source (config, 0);
      source = sb_data_source_copy (found);
      if (password_file != NULL && sb_data_source_get_username (source)[0] == '\0')
        return sb_cli_usage_error (
            NAME, _ ("--password-file: the data source “%s” has no user name to go with it"),
            sb_data_source_get_name (source));
      if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
        {
          /* The keyring first; --password-file or $SIGNALBOARD_PASSWORD fill in. */
          char *resolved = sb_secrets_resolve_password (source, password_file, &error);

          if (resolved == NULL && error != NULL)
            {
              fprintf (stderr, "%s: %s\n", sb_data_source_get_name (source), error->message);
              return SB_EXIT_CONNECT;
            }
          sb_data_source_set_password (source, resolved);
          if (resolved != NULL)
            sb_secrets_free_password (resolved);
        }
      /* --password-file is the user's word for this run; otherwise a
       * password that is not in the file comes from the environment. */
      else if (password_file != NULL
               || ((sb_data_source_get_password (source) == NULL
                    || sb_data_source_get_password (source)[0] == '\0')
                   && password != NULL))
        sb_data_source_set_password (source, password);
      if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING)
        {
          /* The keyring first; --key-password-file or $SIGNALBOARD_KEY_PASSWORD fill in. */
          char *resolved = sb_secrets_resolve_key_password (source, key_password_file, &error);

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
      else if (sb_data_source_get_tls_client_key_password (source)[0] == '\0'
               && key_password != NULL)
        sb_data_source_set_tls_client_key_password (source, key_password);
      if (sb_data_source_get_n_subscriptions (source) == 0)
        {
          fprintf (stderr, _ ("%s: data source “%s” has no subscriptions\n"), file,
                   sb_data_source_get_name (source));
          return SB_EXIT_BAD_INPUT;
        }
    }
  else
    {
      source = sb_data_source_new ();
      sb_data_source_set_name (source, broker);
      if (url != NULL)
        sb_broker_url_apply (url, source);
      else
        sb_data_source_set_broker (source, broker);
      if (port != 0)
        sb_data_source_set_port (source, (guint)port);
      if (websockets)
        sb_data_source_set_transport (source, SB_TRANSPORT_WEBSOCKETS);
      if (ws_path != NULL)
        sb_data_source_set_path (source, ws_path);
      sb_data_source_set_protocol (source, protocol);
      sb_data_source_set_qos (source, qos);
      if (client_id != NULL)
        sb_data_source_set_client_id (source, client_id);
      if (username != NULL)
        sb_data_source_set_username (source, username);
      if (password != NULL)
        sb_data_source_set_password (source, password);
      if (tls || cafile != NULL || cert != NULL || insecure || (url != NULL && url->tls))
        {
          sb_data_source_set_tls_enabled (source, TRUE);
          sb_data_source_set_tls_ca_file (source, cafile);
          sb_data_source_set_tls_client_cert (source, cert);
          sb_data_source_set_tls_client_key (source, key);
          if (key_password != NULL)
            sb_data_source_set_tls_client_key_password (source, key_password);
          sb_data_source_set_tls_verify (source, !insecure);
        }
      for (guint i = 0; topics[i] != NULL; i++)
        {
          g_autoptr (SbSubscription) sub = sb_subscription_new (topics[i]);
          sb_data_source_add_subscription (source, sub);
        }
    }

  /* As the app warns in its dialog and list: a warning, not a refusal. */
  if (sb_validate_password_unencrypted (source))
    fprintf (stderr,
             _ ("signalboard-cli listen: warning: the password goes to %s unencrypted (TLS is "
                "off and it is not this computer)\n"),
             sb_data_source_get_broker (source));

  loop = g_main_loop_new (NULL, FALSE);
  output = sb_listen_output_new (format, sb_data_source_get_name (source));
  sb_listen_output_set_max_topics (output, (guint)max_topics);
  for (guint i = 0; i < sb_data_source_get_n_subscriptions (source); i++)
    sb_listen_output_set_data_path (
        output, i, sb_subscription_get_data_path (sb_data_source_get_subscription (source, i)));
  session = sb_mqtt_session_new (source);
  listen.loop = loop;
  listen.session = session;
  listen.output = output;
  listen.count = (guint64)count;
  listen.timeout = timeout;

  g_signal_connect (session, "message", G_CALLBACK (on_message), &listen);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), &listen);
  g_signal_connect (session, "subscription-failed", G_CALLBACK (on_subscription_failed), &listen);
  g_signal_connect (session, "notify::state", G_CALLBACK (on_state), &listen);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &listen);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &listen);
  if (timeout > 0)
    listen.timeout_id = g_timeout_add ((guint)MIN (timeout * 1000, G_MAXUINT), on_timeout, &listen);

  sb_mqtt_session_start (session);
  if (!listen.done)
    g_main_loop_run (loop);

  g_signal_handlers_disconnect_by_data (session, &listen);
  sb_mqtt_session_stop (session);
  g_clear_handle_id (&listen.timeout_id, g_source_remove);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  sb_listen_output_finish (output);
  /* Let the DISCONNECT go out before the process ends (over WebSocket it
   * may still wait for the socket). */
  g_clear_object (&session);
  sb_mqtt_session_wait_closed (EXIT_CLOSE_WAIT_MS);
  g_clear_object (&source);
  g_clear_object (&config);
  g_clear_pointer (&password, sb_secret_free);
  g_clear_pointer (&key_password, sb_secret_free);
  hold_secrets (FALSE);
  return listen.exit_code;
}
