/* cli-publish.c: signalboard-cli publish: one message, with a data source's credentials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli-target.h"
#include "sb-cli.h"
#include "sb-file.h"
#include "sb-mqtt-session.h"
#include "sb-validate.h"

#define NAME "publish"

typedef struct
{
  GMainLoop *loop;
  SbMqttSession *session;
  const char *topic;
  GBytes *payload;
  int qos;
  gboolean retain;
  SbMessageProps *props;
  int mid;
  gboolean done;
  int exit_code;
} Publish;

static void
finish (Publish *publish, int exit_code)
{
  if (publish->done)
    return;
  publish->done = TRUE;
  publish->exit_code = exit_code;
  g_main_loop_quit (publish->loop);
}

static void
on_connected (SbMqttSession *session, Publish *publish)
{
  g_autoptr (GError) error = NULL;

  if (publish->mid != 0)
    return; /* a reconnect: libmosquitto sends an unacknowledged message again itself */
  publish->mid
      = sb_mqtt_session_publish_full (session, publish->topic, publish->payload, publish->qos,
                                      publish->retain, publish->props, &error);
  if (publish->mid == 0)
    {
      fprintf (stderr, "signalboard-cli publish: %s\n", error->message);
      finish (publish, SB_EXIT_CONNECT);
    }
}

static void
on_published (SbMqttSession *session, int mid, Publish *publish)
{
  if (mid == publish->mid)
    finish (publish, SB_EXIT_OK);
}

static void
on_state (SbMqttSession *session, GParamSpec *pspec, Publish *publish)
{
  SbSessionState state = sb_mqtt_session_get_state (session);
  const char *error = sb_mqtt_session_get_last_error (session);

  if (state == SB_SESSION_FAILED || state == SB_SESSION_RECONNECTING)
    {
      fprintf (stderr, "signalboard-cli publish: %s\n",
               error != NULL ? error : _ ("Cannot connect"));
      finish (publish, SB_EXIT_CONNECT);
    }
}

static gboolean
on_signal (gpointer data)
{
  finish (data, SB_EXIT_CONNECT);
  return G_SOURCE_CONTINUE;
}

static GBytes *
read_stdin (GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 buffer[65536];

  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       _ ("cannot read standard input: %s"), g_strerror (errno));
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (data, buffer, (guint)n);
      if (data->len > 256 * 1024 * 1024)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               _ ("standard input is larger than an MQTT message can be"));
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

int
sb_cli_publish (int argc, char **argv)
{
  SbCliTarget target = { 0 };
  g_autofree char *topic = NULL;
  g_autofree char *message = NULL;
  g_autofree char *message_file = NULL;
  gboolean from_stdin = FALSE;
  g_autofree char *qos_text = NULL;
  gboolean retain = FALSE;
  g_autofree char *content_type = NULL;
  g_auto (GStrv) user_properties = NULL;
  g_autofree char *response_topic = NULL;
  g_autofree char *correlation_data = NULL;
  gint64 message_expiry = 0;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[SB_CLI_TARGET_N_ENTRIES + 14] = { { NULL } }; /* + own + the end */
  const GOptionEntry own[] = {
    { "topic", 0, 0, G_OPTION_ARG_STRING, &topic, N_ ("Topic to publish to"), N_ ("TOPIC") },
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, N_ ("The payload"), N_ ("M") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &message_file, N_ ("Send the contents of F"), N_ ("F") },
    { "stdin", 0, 0, G_OPTION_ARG_NONE, &from_stdin, N_ ("Send what standard input holds"), NULL },
    { "qos", 0, 0, G_OPTION_ARG_STRING, &qos_text, N_ ("QoS: 0, 1 or 2 (default 0)"), N_ ("QOS") },
    { "retain", 0, 0, G_OPTION_ARG_NONE, &retain, N_ ("Ask the broker to retain the message"),
      NULL },
    { "content-type", 0, 0, G_OPTION_ARG_STRING, &content_type,
      N_ ("MQTT 5 content type of the payload"), N_ ("T") },
    { "user-property", 0, 0, G_OPTION_ARG_STRING_ARRAY, &user_properties,
      N_ ("MQTT 5 user property (repeatable)"), N_ ("KEY=VALUE") },
    { "response-topic", 0, 0, G_OPTION_ARG_STRING, &response_topic, N_ ("MQTT 5 response topic"),
      N_ ("T") },
    { "correlation-data", 0, 0, G_OPTION_ARG_STRING, &correlation_data,
      N_ ("MQTT 5 correlation data"), N_ ("D") },
    { "message-expiry", 0, 0, G_OPTION_ARG_INT64, &message_expiry,
      N_ ("MQTT 5 message expiry interval"), N_ ("SECONDS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
  };
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GBytes) payload = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GBytes) correlation = NULL;
  g_autofree char *client_id = NULL;
  const char *file = NULL;
  gboolean has_properties;
  int qos = 0;
  int sources = 0;
  Publish publish = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  memcpy (entries + sb_cli_target_entries (&target, SB_CLI_TARGET_DEFAULT, entries), own,
          sizeof own);
  if (!sb_cli_parse (NAME,
                     _ ("FILE [--source NAME] | --broker HOST… --topic TOPIC (--message M | --file "
                        "F | --stdin)"),
                     _ ("Publish one message with the settings and credentials of a data source "
                        "(or of the broker options), and wait until the broker has it."),
                     entries, &argc, &argv))
    {
      sb_cli_target_clear (&target);
      return SB_EXIT_USAGE;
    }

  /* Every mistake is exit 2 before anything connects. */
  status = SB_EXIT_OK;
  if (rest != NULL && rest[0] != NULL && rest[1] != NULL)
    status = sb_cli_usage_error (NAME, _ ("one FILE at most, got “%s” too"), rest[1]);
  else if (rest != NULL)
    file = rest[0];
  sources = (message != NULL) + (message_file != NULL) + (from_stdin ? 1 : 0);
  if (status == SB_EXIT_OK && topic == NULL)
    status = sb_cli_usage_error (NAME, _ ("--topic TOPIC is needed"));
  if (status == SB_EXIT_OK)
    {
      if (!sb_validate_topic_name (topic, -1, &error))
        status = sb_cli_usage_error (NAME, _ ("--topic: %s"), error->message);
    }
  if (status == SB_EXIT_OK && sources != 1)
    status = sb_cli_usage_error (NAME, _ ("give the payload once: --message, --file or --stdin"));
  if (status == SB_EXIT_OK && qos_text != NULL
      && (qos_text[0] < '0' || qos_text[0] > '2' || qos_text[1] != '\0'))
    status = sb_cli_usage_error (NAME, _ ("--qos must be 0, 1 or 2, not “%s”"), qos_text);
  if (status == SB_EXIT_OK && (message_expiry < 0 || message_expiry > G_MAXUINT32))
    status = sb_cli_usage_error (NAME, _ ("--message-expiry must be 0 to 4294967295 seconds"));
  for (guint i = 0; status == SB_EXIT_OK && user_properties != NULL && user_properties[i] != NULL;
       i++)
    {
      const char *equals = strchr (user_properties[i], '=');

      if (equals == NULL || equals == user_properties[i])
        status = sb_cli_usage_error (NAME, _ ("--user-property must be KEY=VALUE, not “%s”"),
                                     user_properties[i]);
      else
        {
          g_ptr_array_add (pairs, g_strndup (user_properties[i], equals - user_properties[i]));
          g_ptr_array_add (pairs, g_strdup (equals + 1));
        }
    }
  if (status != SB_EXIT_OK)
    {
      sb_cli_target_clear (&target);
      return status;
    }
  if (qos_text != NULL)
    qos = qos_text[0] - '0';
  g_ptr_array_add (pairs, NULL);
  has_properties = content_type != NULL || pairs->len > 1 || response_topic != NULL
                   || correlation_data != NULL || message_expiry > 0;

  status = sb_cli_target_resolve (&target, NAME, file, &source);
  sb_cli_target_clear (&target);
  if (status != SB_EXIT_OK)
    return status;
  if (has_properties && sb_data_source_get_protocol (source) != SB_PROTOCOL_MQTT_5)
    return sb_cli_usage_error (
        NAME, _ ("MQTT 5 properties need MQTT 5 (--protocol 5, or a data source that uses it)"));

  if (message != NULL)
    payload = g_bytes_new (message, strlen (message));
  else if (message_file != NULL)
    {
      gsize length = 0;
      char *contents
          = sb_file_read_regular (message_file, 256 * 1024 * 1024, &length, NULL, &error);

      if (contents == NULL)
        {
          fprintf (stderr, "signalboard-cli publish: %s\n", error->message);
          return SB_EXIT_BAD_INPUT;
        }
      payload = g_bytes_new_take (contents, length);
    }
  else
    {
      payload = read_stdin (&error);
      if (payload == NULL)
        {
          fprintf (stderr, "signalboard-cli publish: %s\n", error->message);
          return SB_EXIT_BAD_INPUT;
        }
    }
  if (correlation_data != NULL)
    correlation = g_bytes_new (correlation_data, strlen (correlation_data));

  /* A connection of its own: the data source's fixed client id would make the
   * broker drop its preview; no subscriptions, no will. */
  client_id = g_strdup_printf ("signalboard-publish-%08x", g_random_int ());
  sb_data_source_set_client_id (source, client_id);
  sb_data_source_set_clean_session (source, TRUE);
  if (sb_data_source_get_protocol (source) == SB_PROTOCOL_MQTT_5)
    sb_data_source_set_session_expiry_interval (source, 0);
  sb_data_source_clear_will (source);
  sb_data_source_remove_all_subscriptions (source);

  loop = g_main_loop_new (NULL, FALSE);
  session = sb_mqtt_session_new (source);
  publish.loop = loop;
  publish.session = session;
  publish.topic = topic;
  publish.payload = payload;
  publish.qos = qos;
  publish.retain = retain;
  publish.props
      = sb_message_props_new_for_publish (content_type, (const char *const *)pairs->pdata,
                                          response_topic, correlation, (guint32)message_expiry);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), &publish);
  g_signal_connect (session, "published", G_CALLBACK (on_published), &publish);
  g_signal_connect (session, "notify::state", G_CALLBACK (on_state), &publish);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &publish);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &publish);
  sb_mqtt_session_start (session);
  if (!publish.done)
    g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (session, &publish);
  sb_mqtt_session_stop (session);
  g_clear_pointer (&publish.props, sb_message_props_unref);
  /* Over WebSocket the message (QoS 0: "published" once libmosquitto wrote
   * it) and the DISCONNECT may still wait for the socket. */
  g_clear_object (&session);
  sb_mqtt_session_wait_closed (EXIT_CLOSE_WAIT_MS);
  return publish.exit_code;
}
