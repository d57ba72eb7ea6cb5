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
#include "cli-target.h"
#include "sb-topic-overflow.h"
#include "sb-cli.h"
#include "sb-validate.h"
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

/* A batch at a time ("messages"): at the broker's full speed a signal
 * emission per message cost as much as reading it. */
static void
on_messages (SbMqttSession *session, GPtrArray *messages, Listen *listen)
{
  for (guint i = 0; i < messages->len; i++)
    {
      /* The rest of a read batch after --count is reached is not shown. */
      if (listen->done)
        return;
      sb_listen_output_message (listen->output, g_ptr_array_index (messages, i));
      if (listen->count > 0 && sb_listen_output_get_count (listen->output) >= listen->count)
        finish (listen, SB_EXIT_OK);
    }
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

/* listen's options besides the target's, and what the checks make of them. */
typedef struct
{
  char *client_id;
  char *qos_text;
  char **topics;
  gint64 count;
  char *timeout_text;
  char *format_text;
  gint64 max_topics;
  char **rest;
  /* Set by check_arguments (). */
  const char *file;
  int qos;
  double timeout;
  SbListenFormat format;
} Options;

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->client_id, g_free);
  g_clear_pointer (&o->qos_text, g_free);
  g_clear_pointer (&o->topics, g_strfreev);
  g_clear_pointer (&o->timeout_text, g_free);
  g_clear_pointer (&o->format_text, g_free);
  g_clear_pointer (&o->rest, g_strfreev);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Every check of listen's arguments, in the order the messages come; the
 * target's (FILE or --broker, and the broker options) among them. */
static int
check_arguments (SbCliTarget *target, Options *o)
{
  int status;

  if (o->rest != NULL && o->rest[0] != NULL)
    {
      if (o->rest[1] != NULL)
        return sb_cli_usage_error (NAME, _ ("one FILE at most, got “%s” too"), o->rest[1]);
      o->file = o->rest[0];
    }
  status = sb_cli_target_check_choice (
      target, NAME, o->file, o->client_id != NULL || o->qos_text != NULL || o->topics != NULL);
  if (status != SB_EXIT_OK)
    return status;
  if (target->broker != NULL && (o->topics == NULL || o->topics[0] == NULL))
    return sb_cli_usage_error (NAME, _ ("--broker needs at least one --topic FILTER"));
  status = sb_cli_target_check_options (target, NAME);
  if (status != SB_EXIT_OK)
    return status;
  if (!parse_qos (o->qos_text, &o->qos))
    return sb_cli_usage_error (NAME, _ ("--qos must be 0, 1 or 2, not “%s”"), o->qos_text);
  if (o->count < 0)
    return sb_cli_usage_error (NAME, _ ("--count must not be negative"));
  if (o->max_topics < 1 || o->max_topics > G_MAXUINT)
    return sb_cli_usage_error (NAME, _ ("--max-topics must be a whole number from 1 to %u"),
                               G_MAXUINT);
  if (o->timeout_text != NULL)
    {
      char *end = NULL;
      o->timeout = g_ascii_strtod (o->timeout_text, &end);
      if (end == o->timeout_text || *end != '\0' || !(o->timeout > 0) || o->timeout > 1e9)
        return sb_cli_usage_error (
            NAME, _ ("--timeout must be a positive number of seconds, not “%s”"), o->timeout_text);
    }
  /* An invalid filter is the user's mistake, not the broker's: say which
   * rule it breaks before connecting (libmosquitto only says "invalid
   * arguments" once connected). */
  for (guint i = 0; o->topics != NULL && o->topics[i] != NULL; i++)
    {
      g_autoptr (GError) topic_error = NULL;

      if (!sb_validate_topic_filter (o->topics[i], -1, &topic_error))
        return sb_cli_usage_error (NAME, _ ("--topic: %s"), topic_error->message);
    }
  if (o->format_text == NULL)
    o->format = isatty (STDOUT_FILENO) ? SB_LISTEN_FORMAT_TABLE : SB_LISTEN_FORMAT_JSONL;
  else if (g_str_equal (o->format_text, "jsonl"))
    o->format = SB_LISTEN_FORMAT_JSONL;
  else if (g_str_equal (o->format_text, "table"))
    o->format = SB_LISTEN_FORMAT_TABLE;
  else if (g_str_equal (o->format_text, "none"))
    o->format = SB_LISTEN_FORMAT_NONE;
  else
    return sb_cli_usage_error (NAME, _ ("--format must be jsonl, table or none, not “%s”"),
                               o->format_text);
  return SB_EXIT_OK;
}

int
sb_cli_listen (int argc, char **argv)
{
  SbCliTarget target = { 0 };
  g_auto (Options) o = { .max_topics = SB_TOPIC_LIMIT_DEFAULT,
                         .qos = SB_DEFAULT_QOS,
                         .format = SB_LISTEN_FORMAT_JSONL };
  const GOptionEntry own[] = {
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &o.client_id,
      N_ ("Client id (default: a random one)"), N_ ("ID") },
    { "qos", 0, 0, G_OPTION_ARG_STRING, &o.qos_text,
      N_ ("QoS of the subscriptions: 0, 1 or 2 (default 1)"), N_ ("QOS") },
    { "topic", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.topics,
      N_ ("Topic filter to subscribe to (repeatable)"), N_ ("FILTER") },
    { "count", 0, 0, G_OPTION_ARG_INT64, &o.count, N_ ("Exit after N messages"), N_ ("N") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &o.timeout_text,
      N_ ("Exit after S seconds (exit 4 if --count was not reached)"), N_ ("SECONDS") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &o.format_text,
      N_ ("jsonl, table or none (default: table on a terminal, else jsonl)"), N_ ("FORMAT") },
    { "max-topics", 0, 0, G_OPTION_ARG_INT64, &o.max_topics,
      N_ ("Keep at most N topics for table and none; further topics are counted (default "
          "200000)"),
      N_ ("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.rest, NULL, NULL },
    { NULL },
  };
  GOptionEntry entries[SB_CLI_TARGET_N_ENTRIES + G_N_ELEMENTS (own)];
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbListenOutput) output = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (SbMqttSession) session = NULL;
  Listen listen = { 0 };
  guint sigint_id, sigterm_id;
  guint n_target;
  int status;

  n_target = sb_cli_target_entries (&target, SB_CLI_TARGET_LISTEN, entries);
  memcpy (entries + n_target, own, sizeof own);
  if (!sb_cli_parse (NAME, _ ("FILE [--source NAME] | --broker HOST|URL --topic FILTER…"),
                     _ ("Subscribe to a data source of FILE, or to a broker given by options, and "
                        "print the messages that arrive."),
                     entries, &argc, &argv))
    {
      sb_cli_target_clear (&target);
      return SB_EXIT_USAGE;
    }

  /* Arguments first: every mistake is exit 2 before anything connects. */
  status = check_arguments (&target, &o);
  if (status != SB_EXIT_OK)
    {
      sb_cli_target_clear (&target);
      return status;
    }
  /* From here on the process may hold a secret: a password file, the
   * environment's, or the configuration file's (its passwords, the keyring's). */
  if (o.file != NULL || target.password_file != NULL || target.key_password_file != NULL
      || g_getenv ("SIGNALBOARD_PASSWORD") != NULL || g_getenv ("SIGNALBOARD_KEY_PASSWORD") != NULL)
    hold_secrets (TRUE);
  status = sb_cli_target_resolve (&target, NAME, o.file, &source);
  sb_cli_target_clear (&target);
  if (status != SB_EXIT_OK)
    return status;
  if (o.file == NULL)
    {
      sb_data_source_set_qos (source, o.qos);
      if (o.client_id != NULL)
        sb_data_source_set_client_id (source, o.client_id);
      for (guint i = 0; o.topics[i] != NULL; i++)
        {
          g_autoptr (SbSubscription) sub = sb_subscription_new (o.topics[i]);
          sb_data_source_add_subscription (source, sub);
        }
    }

  loop = g_main_loop_new (NULL, FALSE);
  output = sb_listen_output_new (o.format, sb_data_source_get_name (source));
  sb_listen_output_set_max_topics (output, (guint)o.max_topics);
  for (guint i = 0; i < sb_data_source_get_n_subscriptions (source); i++)
    sb_listen_output_set_data_path (
        output, i, sb_subscription_get_data_path (sb_data_source_get_subscription (source, i)));
  session = sb_mqtt_session_new (source);
  listen.loop = loop;
  listen.session = session;
  listen.output = output;
  listen.count = (guint64)o.count;
  listen.timeout = o.timeout;

  g_signal_connect (session, "messages", G_CALLBACK (on_messages), &listen);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), &listen);
  g_signal_connect (session, "subscription-failed", G_CALLBACK (on_subscription_failed), &listen);
  g_signal_connect (session, "notify::state", G_CALLBACK (on_state), &listen);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &listen);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &listen);
  if (o.timeout > 0)
    listen.timeout_id
        = g_timeout_add ((guint)MIN (o.timeout * 1000, G_MAXUINT), on_timeout, &listen);

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
  hold_secrets (FALSE);
  return listen.exit_code;
}
