/* test-mqtt-session.c: SbMqttSession against a real mosquitto, with the real
 * mosquitto_pub on the other side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dlfcn.h>
#include <glib/gstdio.h>
#include <netdb.h>
#include <string.h>

#include "sb-mqtt-connection.h"
#include "sb-mqtt-session.h"
#include "sb-preview-model.h"
#include "sb-test-broker.h"

#define WAIT_MS 10000

typedef struct
{
  char *topic;
  GBytes *payload;
  int qos;
  gboolean retained;
  guint index;
} Message;

static void
message_free (Message *m)
{
  g_free (m->topic);
  g_bytes_unref (m->payload);
  g_free (m);
}

typedef struct
{
  SbTestBroker *broker;
  SbMqttSession *session;
  GPtrArray *messages;
  GPtrArray *failed_subscriptions; /* "INDEX: message" */
  guint connected;
  GArray *states;
} Fixture;

static void
on_message (SbMqttSession *session, SbMessage *message, Fixture *f)
{
  Message *m = g_new0 (Message, 1);

  m->topic = g_strdup (sb_message_get_topic (message));
  m->payload = g_bytes_ref (sb_message_get_payload (message));
  m->qos = sb_message_get_qos (message);
  m->retained = sb_message_get_retained (message);
  m->index = sb_message_get_subscription_index (message);
  g_ptr_array_add (f->messages, m);
}

static void
on_connected (SbMqttSession *session, Fixture *f)
{
  f->connected++;
}

static void
on_subscription_failed (SbMqttSession *session, guint index, const char *message, Fixture *f)
{
  g_ptr_array_add (f->failed_subscriptions, g_strdup_printf ("%u: %s", index, message));
}

static void
on_state (SbMqttSession *session, GParamSpec *pspec, Fixture *f)
{
  SbSessionState state = sb_mqtt_session_get_state (session);
  g_array_append_val (f->states, state);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->broker = sb_test_broker_new ();
  f->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)message_free);
  f->failed_subscriptions = g_ptr_array_new_with_free_func (g_free);
  f->states = g_array_new (FALSE, FALSE, sizeof (SbSessionState));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->session != NULL)
    {
      sb_mqtt_session_stop (f->session);
      g_signal_handlers_disconnect_by_data (f->session, f);
      g_clear_object (&f->session);
    }
  sb_test_broker_free (f->broker);
  g_ptr_array_unref (f->messages);
  g_ptr_array_unref (f->failed_subscriptions);
  g_array_unref (f->states);
  /* Let retired connections and finished connect threads go (leak checks). */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A data source for the fixture's broker with the given filters ("filter" or "filter@qos"). */
static SbDataSource *
make_source (Fixture *f, const char *first_filter, ...)
{
  SbDataSource *source = sb_data_source_new ();
  va_list args;

  sb_data_source_set_name (source, "Test");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (f->broker));
  va_start (args, first_filter);
  for (const char *filter = first_filter; filter != NULL; filter = va_arg (args, const char *))
    {
      g_auto (GStrv) parts = g_strsplit (filter, "@", 2);
      g_autoptr (SbSubscription) sub = sb_subscription_new (parts[0]);
      if (parts[1] != NULL)
        sb_subscription_set_qos (sub, atoi (parts[1]));
      sb_data_source_add_subscription (source, sub);
    }
  va_end (args);
  return source;
}

static void
start_session (Fixture *f, SbDataSource *source)
{
  f->session = sb_mqtt_session_new (source);
  g_signal_connect (f->session, "message", G_CALLBACK (on_message), f);
  g_signal_connect (f->session, "connected", G_CALLBACK (on_connected), f);
  g_signal_connect (f->session, "subscription-failed", G_CALLBACK (on_subscription_failed), f);
  g_signal_connect (f->session, "notify::state", G_CALLBACK (on_state), f);
  sb_mqtt_session_start (f->session);
}

typedef struct
{
  Fixture *f;
  guint n;
  SbSessionState state;
} Until;

static gboolean
has_messages (gpointer data)
{
  Until *u = data;
  return u->f->messages->len >= u->n;
}

static gboolean
has_connected (gpointer data)
{
  Until *u = data;
  return u->f->connected >= u->n;
}

static gboolean
is_in_state (gpointer data)
{
  Until *u = data;
  return sb_mqtt_session_get_state (u->f->session) == u->state;
}

static void
wait_messages (Fixture *f, guint n)
{
  Until u = { f, n };
  if (!sb_test_wait_for (has_messages, &u, WAIT_MS))
    g_error ("got %u messages, expected %u", f->messages->len, n);
}

static void
wait_connected (Fixture *f, guint n)
{
  Until u = { f, n };
  if (!sb_test_wait_for (has_connected, &u, WAIT_MS))
    g_error ("not connected: state %d, last error %s", sb_mqtt_session_get_state (f->session),
             sb_mqtt_session_get_last_error (f->session));
}

static void
wait_state (Fixture *f, SbSessionState state)
{
  Until u = { f, 0, state };
  if (!sb_test_wait_for (is_in_state, &u, WAIT_MS))
    g_error ("state %d, expected %d; last error %s", sb_mqtt_session_get_state (f->session), state,
             sb_mqtt_session_get_last_error (f->session));
}

/* After the last expected message, nothing more may come: a marker message
 * published last must be the next one. */
static void
assert_no_more (Fixture *f, const char *marker_topic)
{
  guint before = f->messages->len;
  Message *m;

  sb_test_broker_publish (f->broker, marker_topic, "end", 1, FALSE);
  wait_messages (f, before + 1);
  m = g_ptr_array_index (f->messages, before);
  g_assert_cmpstr (m->topic, ==, marker_topic);
}

static Message *
message (Fixture *f, guint i)
{
  g_assert_cmpuint (i, <, f->messages->len);
  return g_ptr_array_index (f->messages, i);
}

static void
assert_payload (Message *m, const char *text)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (m->payload, &len);
  g_assert_cmpmem (data, len, text, strlen (text));
}

static void
test_retained_and_live (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *address = NULL;

  sb_test_broker_start (f->broker);
  sb_test_broker_publish (f->broker, "plant/line1/state", "running", 1, TRUE);
  source = make_source (f, "plant/#", NULL);
  start_session (f, source);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_CONNECTING);

  wait_messages (f, 1);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_CONNECTED);
  g_assert_null (sb_mqtt_session_get_last_error (f->session));
  g_assert_cmpstr (message (f, 0)->topic, ==, "plant/line1/state");
  assert_payload (message (f, 0), "running");
  g_assert_true (message (f, 0)->retained);

  sb_test_broker_publish (f->broker, "plant/line1/state", "stopped", 0, FALSE);
  wait_messages (f, 2);
  assert_payload (message (f, 1), "stopped");
  g_assert_false (message (f, 1)->retained);
  g_assert_cmpuint (f->connected, ==, 1);
  address = g_strdup_printf ("127.0.0.1:%u", sb_test_broker_get_port (f->broker));
  g_assert_cmpstr (sb_mqtt_session_get_address (f->session), ==, address);

  sb_mqtt_session_stop (f->session);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_DISCONNECTED);
}

/* @n lines "1".."n" through one mosquitto_pub -l at @qos. */
static void
publish_lines (Fixture *f, const char *topic, guint n, int qos)
{
  g_autofree char *path = g_build_filename (sb_test_broker_get_dir (f->broker), "lines", NULL);
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autofree char *qos_text = g_strdup_printf ("%d", qos);
  g_autofree char *command = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (lines, "%u\n", i);
  g_file_set_contents (path, lines->str, lines->len, &error);
  g_assert_no_error (error);
  command = g_strdup_printf ("sh -c 'mosquitto_pub -h 127.0.0.1 -p %u -t %s -q %s -l < %s'",
                             sb_test_broker_get_port (f->broker), topic, qos_text, path);
  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_qos_exact_counts (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  guint per_qos[3] = { 0 };
  guint n = 300;

  sb_test_broker_start (f->broker);
  source = make_source (f, "q/0@0", "q/1@1", "q/2@2", NULL);
  start_session (f, source);
  wait_connected (f, 1);

  for (int qos = 0; qos <= 2; qos++)
    {
      g_autofree char *topic = g_strdup_printf ("q/%d", qos);
      publish_lines (f, topic, n, qos);
    }
  wait_messages (f, 3 * n);
  assert_no_more (f, "q/2");

  for (guint i = 0; i < 3 * n; i++)
    {
      Message *m = message (f, i);
      int qos = m->topic[2] - '0';
      g_autofree char *expected = g_strdup_printf ("%u", ++per_qos[qos]);

      /* In order per topic, each exactly once, at the granted QoS. */
      assert_payload (m, expected);
      g_assert_cmpint (m->qos, ==, qos);
      g_assert_cmpuint (m->index, ==, (guint)qos);
    }
  g_assert_cmpuint (per_qos[0], ==, n);
  g_assert_cmpuint (per_qos[1], ==, n);
  g_assert_cmpuint (per_qos[2], ==, n);
}

static void
test_wildcards_and_overlap (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  guint deliveries = 0;
  SbTopicRow *row;

  sb_test_broker_start (f->broker);
  source = make_source (f, "w/+/temp", "w/#", "w/a/temp", NULL);
  start_session (f, source);
  sb_preview_model_set_session (model, f->session);
  wait_connected (f, 1);

  sb_test_broker_publish (f->broker, "w/a/temp", "21", 1, FALSE);
  sb_test_broker_publish (f->broker, "w/b/humidity", "40", 1, FALSE);
  sb_test_broker_publish (f->broker, "other/a/temp", "no", 1, FALSE);
  sb_test_broker_publish (f->broker, "w/a/temp", "22", 1, FALSE);
  sb_test_broker_publish (f->broker, "w/end", "end", 1, FALSE);
  /* The marker is the last message; everything before it has arrived. */
  wait_messages (f, 4);
  while (strcmp (message (f, f->messages->len - 1)->topic, "w/end") != 0)
    wait_messages (f, f->messages->len + 1);
  sb_preview_model_flush (model);

  for (guint i = 0; i < f->messages->len; i++)
    {
      Message *m = message (f, i);
      g_assert_cmpstr (m->topic, !=, "other/a/temp");
      if (g_str_equal (m->topic, "w/a/temp"))
        {
          deliveries++;
          g_assert_cmpuint (m->index, ==, 0); /* the first matching filter */
        }
      else
        g_assert_cmpuint (m->index, ==, 1);
    }
  /* mosquitto delivers once per client even with overlapping filters;
   * either way the row counts each delivery once. */
  g_assert_cmpuint (deliveries, >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  row = sb_preview_model_lookup (model, "w/a/temp");
  g_assert_nonnull (row);
  g_assert_cmpuint (sb_topic_row_get_count (row), ==, deliveries);
  g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, "22");
  g_assert_cmpuint (sb_topic_row_get_count (sb_preview_model_lookup (model, "w/b/humidity")), ==,
                    1);
  g_assert_null (sb_preview_model_lookup (model, "other/a/temp"));
}

static void
test_payload_kinds (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *binary_path = g_build_filename (sb_test_broker_get_dir (f->broker), "bin", NULL);
  g_autofree char *big_path = g_build_filename (sb_test_broker_get_dir (f->broker), "big", NULL);
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  g_autoptr (GError) error = NULL;
  guint8 all[256];
  gsize big_size = 1024 * 1024;
  g_autofree char *big = g_malloc (big_size);
  SbTopicRow *row;

  for (guint i = 0; i < 256; i++)
    all[i] = i;
  for (gsize i = 0; i < big_size; i++)
    big[i] = 'a' + i % 26;
  g_file_set_contents (binary_path, (char *)all, sizeof all, &error);
  g_assert_no_error (error);
  g_file_set_contents (big_path, big, big_size, &error);
  g_assert_no_error (error);

  sb_test_broker_start (f->broker);
  source = make_source (f, "#", NULL);
  start_session (f, source);
  sb_preview_model_set_session (model, f->session);
  wait_connected (f, 1);

  sb_test_broker_publish (f->broker, "werk/straße/温度", "21,5 °C", 1, FALSE);
  sb_test_broker_publish_args (f->broker, "-t", "bin/all", "-f", binary_path, NULL);
  sb_test_broker_publish_args (f->broker, "-t", "empty", "-n", NULL);
  sb_test_broker_publish_args (f->broker, "-t", "big", "-f", big_path, "-q", "1", NULL);
  wait_messages (f, 4);
  sb_preview_model_flush (model);

  g_assert_cmpstr (message (f, 0)->topic, ==, "werk/straße/温度");
  assert_payload (message (f, 0), "21,5 °C");
  g_assert_cmpstr (
      sb_topic_row_get_display_text (sb_preview_model_lookup (model, "werk/straße/温度")), ==,
      "21,5 °C");

  g_assert_cmpmem (g_bytes_get_data (message (f, 1)->payload, NULL),
                   g_bytes_get_size (message (f, 1)->payload), all, sizeof all);
  row = sb_preview_model_lookup (model, "bin/all");
  g_assert_true (sb_topic_row_get_is_binary (row));
  g_assert_true (
      g_str_has_prefix (sb_topic_row_get_display_text (row), "<binary, 256 bytes> 00 01 02 03"));

  g_assert_cmpuint (g_bytes_get_size (message (f, 2)->payload), ==, 0);
  row = sb_preview_model_lookup (model, "empty");
  g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, "");
  g_assert_false (sb_topic_row_get_is_binary (row));

  g_assert_cmpmem (g_bytes_get_data (message (f, 3)->payload, NULL),
                   g_bytes_get_size (message (f, 3)->payload), big, big_size);
  row = sb_preview_model_lookup (model, "big");
  g_assert_cmpuint (sb_topic_row_get_payload_size (row), ==, big_size);
  g_assert_false (sb_topic_row_get_is_binary (row));
  g_assert_true (g_str_has_prefix (sb_topic_row_get_display_text (row), "abcdefghij"));
}

typedef struct
{
  SbPreviewModel *model;
  guint n;
} ModelUntil;

static gboolean
model_has_rows (gpointer data)
{
  ModelUntil *u = data;
  return g_list_model_get_n_items (G_LIST_MODEL (u->model)) >= u->n;
}

static void
test_many_topics (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  g_autoptr (GError) error = NULL;
  ModelUntil u = { model, 10000 };

  sb_test_broker_start (f->broker);
  source = make_source (f, "many/#", NULL);
  start_session (f, source);
  sb_preview_model_set_session (model, f->session);
  wait_connected (f, 1);

  /* 10,000 mosquitto_pub processes would take minutes, and mosquitto_pub -l
   * sends to one topic: the publisher is a second session. */
  {
    g_autoptr (SbDataSource) pub_source = make_source (f, "unused/none", NULL);
    g_autoptr (SbMqttSession) pub = sb_mqtt_session_new (pub_source);
    Fixture pf = { 0 };
    Until pu;

    pf.session = pub;
    pf.messages = NULL;
    pu.f = &pf;
    pu.state = SB_SESSION_CONNECTED;
    sb_mqtt_session_start (pub);
    g_assert_true (sb_test_wait_for (is_in_state, &pu, WAIT_MS));
    for (guint i = 0; i < 10000; i++)
      {
        g_autofree char *topic = g_strdup_printf ("many/%u/%u", i / 100, i % 100);
        g_autofree char *text = g_strdup_printf ("%u", i);
        g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));
        g_assert_true (sb_mqtt_session_publish (pub, topic, payload, 1, FALSE, &error));
        g_assert_no_error (error);
      }
    g_assert_true (sb_test_wait_for (model_has_rows, &u, 30000));
    sb_mqtt_session_stop (pub);
  }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10000);
  g_assert_cmpuint (sb_preview_model_get_message_count (model), ==, 10000);
  for (guint i = 0; i < 10000; i += 997)
    {
      g_autofree char *topic = g_strdup_printf ("many/%u/%u", i / 100, i % 100);
      g_autofree char *text = g_strdup_printf ("%u", i);
      SbTopicRow *row = sb_preview_model_lookup (model, topic);
      g_assert_nonnull (row);
      g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, text);
      g_assert_cmpuint (sb_topic_row_get_count (row), ==, 1);
    }
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_add_user (f->broker, "alice", "right");
  sb_test_broker_start (f->broker);
  source = make_source (f, "#", NULL);
  sb_data_source_set_username (source, "alice");
  sb_data_source_set_password (source, "wrong");
  start_session (f, source);
  wait_state (f, SB_SESSION_FAILED);
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==,
                   "Not authorised: check user name and password");
  g_assert_error (sb_mqtt_session_get_error (f->session), SB_MQTT_ERROR, SB_MQTT_ERROR_AUTH);
  g_assert_cmpuint (sb_mqtt_session_get_retry_seconds (f->session), ==, 0);
  g_assert_cmpuint (f->connected, ==, 0);
  sb_mqtt_session_stop (f->session);
  g_signal_handlers_disconnect_by_data (f->session, f);
  g_clear_object (&f->session);

  sb_data_source_set_password (source, "right");
  start_session (f, source);
  wait_connected (f, 1);
  g_assert_null (sb_mqtt_session_get_last_error (f->session));
  g_assert_null (sb_mqtt_session_get_error (f->session));
}

/* MQTT 5 answers with reason codes (0x86) instead of CONNACK return codes (4). */
static void
test_mqtt5 (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_add_user (f->broker, "bob", "right");
  sb_test_broker_start (f->broker);
  source = make_source (f, "v5/#", NULL);
  sb_data_source_set_protocol (source, SB_PROTOCOL_MQTT_5);
  sb_data_source_set_username (source, "bob");
  sb_data_source_set_password (source, "wrong");
  start_session (f, source);
  wait_state (f, SB_SESSION_FAILED);
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==,
                   "Not authorised: check user name and password");
  g_assert_error (sb_mqtt_session_get_error (f->session), SB_MQTT_ERROR, SB_MQTT_ERROR_AUTH);
  sb_mqtt_session_stop (f->session);
  g_signal_handlers_disconnect_by_data (f->session, f);
  g_clear_object (&f->session);

  sb_data_source_set_password (source, "right");
  start_session (f, source);
  wait_connected (f, 1);
  sb_test_broker_publish_args (f->broker, "-u", "bob", "-P", "right", "-V", "5", "-t", "v5/a", "-m",
                               "five", "-q", "2", NULL);
  wait_messages (f, 1);
  assert_payload (message (f, 0), "five");
  /* The subscription takes the data source's QoS (1 by default). */
  g_assert_cmpint (message (f, 0)->qos, ==, 1);
}

static void
test_connection_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_source (f, "#", NULL);
  g_autofree char *expected
      = g_strdup_printf ("Connection refused by 127.0.0.1:%u", sb_test_broker_get_port (f->broker));
  guint first_retry;

  /* The broker is not started: nothing listens on its port. */
  start_session (f, source);
  wait_state (f, SB_SESSION_RECONNECTING);
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==, expected);
  g_assert_error (sb_mqtt_session_get_error (f->session), SB_MQTT_ERROR, SB_MQTT_ERROR_REFUSED);
  first_retry = sb_mqtt_session_get_retry_seconds (f->session);
  g_assert_cmpuint (first_retry, >=, 1);

  /* It keeps trying, and connects once the broker is there. */
  sb_test_broker_start (f->broker);
  sb_mqtt_session_reconnect_now (f->session);
  wait_connected (f, 1);
  g_assert_null (sb_mqtt_session_get_last_error (f->session));
  g_assert_null (sb_mqtt_session_get_error (f->session));
}

static void
test_unknown_host (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_source (f, "#", NULL);

  sb_data_source_set_broker (source, "no-such-broker.invalid");
  start_session (f, source);
  wait_state (f, SB_SESSION_RECONNECTING);
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==,
                   "Unknown host “no-such-broker.invalid”");
  g_assert_error (sb_mqtt_session_get_error (f->session), SB_MQTT_ERROR, SB_MQTT_ERROR_RESOLVE);
}

/* A name server that takes its time: libmosquitto resolves through this
 * program's getaddrinfo (executables come first in symbol lookup), and a
 * host under ".slow.test" takes SLOW_RESOLVE_MS to turn out unknown. */
#define SLOW_RESOLVE_MS 2000

int
getaddrinfo (const char *node, const char *service, const struct addrinfo *hints,
             struct addrinfo **res)
{
  static int (*real) (const char *, const char *, const struct addrinfo *, struct addrinfo **);

  if (node != NULL && g_str_has_suffix (node, ".slow.test"))
    {
      g_usleep (SLOW_RESOLVE_MS * 1000);
      return EAI_NONAME;
    }
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "getaddrinfo");
  return real (node, service, hints, res);
}

static gboolean
tick (gpointer data)
{
  (*(guint *)data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_stop_while_connecting (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_source (f, "#", NULL);
  guint ticks = 0;
  guint tick_id;

  sb_test_broker_start (f->broker);
  /* Stop before the worker thread has reported back: its result is dropped. */
  start_session (f, source);
  sb_mqtt_session_stop (f->session);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_DISCONNECTED);
  tick_id = g_timeout_add (20, tick, &ticks);
  while (ticks < 10)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick_id);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_DISCONNECTED);
  g_assert_cmpuint (f->connected, ==, 0);

  /* And it can start again. */
  sb_mqtt_session_start (f->session);
  wait_connected (f, 1);
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *)data;
}

/* With a 5 s keep alive (libmosquitto's shortest) the broker drops a client
 * silent for 7.5 s: staying connected for 8 s means loop_misc () sent PINGREQs.
 * A keep alive of 1 is taken as 5 rather than failing. */
static void
test_keep_alive (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  gint64 until;

  sb_test_broker_start (f->broker);
  source = make_source (f, "ka/#", NULL);
  sb_data_source_set_keep_alive (source, 1);
  start_session (f, source);
  wait_connected (f, 1);

  until = g_get_monotonic_time () + 8000 * 1000;
  sb_test_wait_for (time_passed, &until, 10000);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_CONNECTED);
  g_assert_cmpuint (f->connected, ==, 1);
  sb_test_broker_publish (f->broker, "ka/x", "alive", 0, FALSE);
  wait_messages (f, 1);
}

static gboolean
ticks_reached (gpointer data)
{
  return *(guint *)data >= 20;
}

static void
test_slow_name_resolution (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_source (f, "#", NULL);
  guint ticks = 0;
  guint tick_id;
  gint64 started;

  sb_data_source_set_broker (source, "broker.slow.test");
  start_session (f, source);

  /* While the name resolves, the loop keeps running: 20 ticks of 10 ms
   * well before the 2 s resolution ends. */
  started = g_get_monotonic_time ();
  tick_id = g_timeout_add (10, tick, &ticks);
  g_assert_true (sb_test_wait_for (ticks_reached, &ticks, SLOW_RESOLVE_MS / 2));
  g_assert_cmpint (g_get_monotonic_time () - started, <, SLOW_RESOLVE_MS * 1000 / 2);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_CONNECTING);

  /* Cancelling works at once; the late answer is dropped. */
  sb_mqtt_session_stop (f->session);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_DISCONNECTED);
  ticks = 0;
  while (g_get_monotonic_time () - started < (SLOW_RESOLVE_MS + 300) * 1000)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick_id);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_DISCONNECTED);
  g_assert_null (sb_mqtt_session_get_last_error (f->session));
}

/* A connection of its own (the session keeps its connection private), counting messages. */
typedef struct
{
  guint messages;
  gboolean subscribed;
} Counts;

static void
count_messages (SbMqttConnection *connection, Counts *counts)
{
  SbMessage *message;

  while ((message = sb_mqtt_connection_take_message (connection)) != NULL)
    {
      counts->messages++;
      sb_message_unref (message);
    }
}

static void
note_subscribed (SbMqttConnection *connection, Counts *counts)
{
  counts->subscribed = TRUE;
}

static gboolean
is_subscribed (gpointer data)
{
  return ((Counts *)data)->subscribed;
}

typedef struct
{
  Counts *counts;
  guint n;
} CountUntil;

static gboolean
has_counted (gpointer data)
{
  CountUntil *u = data;
  return u->counts->messages >= u->n;
}

/* @n QoS 1 messages that the broker holds for a connection that is not
 * reading (the publisher runs while the main loop does not): the window of
 * the connection's largest read. */
static guint
qos1_backlog_window (Fixture *f, guint n)
{
  g_autoptr (SbDataSource) source = make_source (f, "w/#@1", NULL);
  g_autoptr (SbMqttConnection) connection = sb_mqtt_connection_new (source);
  Counts counts = { 0 };
  CountUntil until = { &counts, n };
  guint window;

  g_signal_connect (connection, "messages", G_CALLBACK (count_messages), &counts);
  g_signal_connect (connection, "subscribed", G_CALLBACK (note_subscribed), &counts);
  sb_mqtt_connection_open (connection);
  g_assert_true (sb_test_wait_for (is_subscribed, &counts, WAIT_MS));
  publish_lines (f, "w/1", n, 1);
  if (!sb_test_wait_for (has_counted, &until, WAIT_MS))
    g_error ("got %u messages, expected %u", counts.messages, n);
  window = sb_mqtt_connection_get_qos_window (connection);
  sb_mqtt_connection_close (connection, TRUE);
  g_signal_handlers_disconnect_by_data (connection, &counts);
  return window;
}

/* The acknowledgements of a read go out after it: one read never finds more
 * QoS 1 messages than the broker's in-flight window (mosquitto's default,
 * 20), so such a broker is never paced (it would wait for acknowledgements
 * held back by the pause), and every message comes. */
static void
test_qos1_default_window (Fixture *f, gconstpointer data)
{
  guint window;

  sb_test_broker_add_config (f->broker, "max_inflight_messages 20\n");
  sb_test_broker_start (f->broker);
  window = qos1_backlog_window (f, 3000);
  g_assert_cmpuint (window, >, 0);
  g_assert_cmpuint (window, <=, 20);
}

/* A broker without a window sends the whole backlog at once: one read finds
 * hundreds (QoS 1 reads are paced like QoS 0 under a flood while the window
 * holds three pauses' worth of the stream: test-read-pacer). */
static void
test_qos1_large_window (Fixture *f, gconstpointer data)
{
  sb_test_broker_start (f->broker);
  g_assert_cmpuint (qos1_backlog_window (f, 3000), >=, 256);
}

typedef struct
{
  Fixture *f;
  guint stop_at;
  gboolean restart;
} StopAt;

/* Connected after the fixture's handler, which has recorded the message. */
static void
stop_at_cb (SbMqttSession *session, SbMessage *message, StopAt *s)
{
  if (s->f->messages->len != s->stop_at)
    return;
  sb_mqtt_session_stop (session);
  if (s->restart)
    sb_mqtt_session_start (session);
}

/* A handler that stops the session in the middle of a read: the messages
 * that read brought after it are not delivered, as when every message had
 * a signal of its own and the read ended at the close. */
static void
stop_mid_read (Fixture *f, gboolean restart)
{
  g_autoptr (SbDataSource) source = NULL;
  StopAt s = { f, 5, restart };

  sb_test_broker_start (f->broker);
  source = make_source (f, "b/#@1", NULL);
  start_session (f, source);
  g_signal_connect (f->session, "message", G_CALLBACK (stop_at_cb), &s);
  wait_connected (f, 1);
  /* The main loop does not run while mosquitto_pub does: the broker sends
   * the whole backlog, and one read finds hundreds of it
   * (/mqtt-session/qos1-large-window). */
  publish_lines (f, "b/1", 3000, 1);
  wait_messages (f, 5);
  if (restart)
    {
      /* Connected again, yet nothing of the old connection's read comes:
       * the next message is one published now. */
      wait_connected (f, 2);
      assert_no_more (f, "b/after");
      g_assert_cmpuint (f->messages->len, ==, 6);
    }
  else
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpuint (f->messages->len, ==, 5);
      g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_DISCONNECTED);
    }
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", i + 1);
      assert_payload (message (f, i), expected);
    }
}

static void
test_stop_mid_read (Fixture *f, gconstpointer data)
{
  stop_mid_read (f, FALSE);
}

typedef struct
{
  GPtrArray *messages; /* SbMessage *, referenced */
  guint batches;
  guint largest;
} Batches;

static void
on_messages (SbMqttSession *session, GPtrArray *messages, Batches *b)
{
  g_assert_cmpuint (messages->len, >, 0);
  for (guint i = 0; i < messages->len; i++)
    g_ptr_array_add (b->messages, sb_message_ref (g_ptr_array_index (messages, i)));
  b->batches++;
  b->largest = MAX (b->largest, messages->len);
}

/* "messages" brings every message once, in order, in batches (one per
 * read), before "message" brings the same ones; a handler of "message" that
 * stops the session (at the 5th, @stop) stops those emissions, not the batch
 * that the "messages" handlers already got. */
static void
batches (Fixture *f, gboolean stop)
{
  g_autoptr (SbDataSource) source = NULL;
  Batches b = { g_ptr_array_new_with_free_func ((GDestroyNotify)sb_message_unref) };
  StopAt s = { f, 5, FALSE };

  sb_test_broker_start (f->broker);
  source = make_source (f, "b/#@1", NULL);
  start_session (f, source);
  g_signal_connect (f->session, "messages", G_CALLBACK (on_messages), &b);
  if (stop)
    g_signal_connect (f->session, "message", G_CALLBACK (stop_at_cb), &s);
  wait_connected (f, 1);
  publish_lines (f, "b/1", 3000, 1);
  if (stop)
    {
      wait_messages (f, 5);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      /* The first read's batch, whole (hundreds: /mqtt-session/qos1-large-window). */
      g_assert_cmpuint (f->messages->len, ==, 5);
      g_assert_cmpuint (b.batches, ==, 1);
      g_assert_cmpuint (b.messages->len, >, 5);
    }
  else
    {
      wait_messages (f, 3000);
      g_assert_cmpuint (b.messages->len, ==, 3000);
      g_assert_cmpuint (b.largest, >, 1);
      assert_no_more (f, "b/end");
      g_assert_cmpuint (b.messages->len, ==, 3001);
    }
  for (guint i = 0; i < b.messages->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", i + 1);
      SbMessage *m = g_ptr_array_index (b.messages, i);
      gsize len = 0;
      const char *data = g_bytes_get_data (sb_message_get_payload (m), &len);

      if (i == 3000)
        break; /* the marker */
      g_assert_cmpmem (data, len, expected, strlen (expected));
      if (i < f->messages->len)
        assert_payload (message (f, i), expected);
    }
  g_signal_handlers_disconnect_by_data (f->session, &b);
  g_ptr_array_unref (b.messages);
}

static void
test_batches (Fixture *f, gconstpointer data)
{
  batches (f, FALSE);
}

static void
test_batches_stop (Fixture *f, gconstpointer data)
{
  batches (f, TRUE);
}

static void
test_restart_mid_read (Fixture *f, gconstpointer data)
{
  stop_mid_read (f, TRUE);
}

static void
test_reconnect (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  guint saw_reconnecting = 0;

  sb_test_broker_start (f->broker);
  source = make_source (f, "r/#", NULL);
  start_session (f, source);
  wait_connected (f, 1);
  sb_test_broker_publish (f->broker, "r/1", "before", 1, FALSE);
  wait_messages (f, 1);

  sb_test_broker_stop (f->broker);
  wait_state (f, SB_SESSION_RECONNECTING);
  g_assert_nonnull (sb_mqtt_session_get_last_error (f->session));
  g_assert_cmpuint (sb_mqtt_session_get_retry_seconds (f->session), >=, 1);
  for (guint i = 0; i < f->states->len; i++)
    saw_reconnecting += g_array_index (f->states, SbSessionState, i) == SB_SESSION_RECONNECTING;
  g_assert_cmpuint (saw_reconnecting, >=, 1);

  /* Same port; clean session, so only a new SUBSCRIBE brings messages. */
  sb_test_broker_start (f->broker);
  wait_connected (f, 2);
  g_assert_null (sb_mqtt_session_get_last_error (f->session));
  sb_test_broker_publish (f->broker, "r/2", "after", 1, FALSE);
  wait_messages (f, 2);
  g_assert_cmpstr (message (f, 1)->topic, ==, "r/2");
  assert_payload (message (f, 1), "after");
}

static void
test_tls (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *port = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_start (f->broker);
  source = make_source (f, "secure/#", NULL);
  sb_data_source_set_port (source, sb_test_broker_get_tls_port (f->broker));
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_set_tls_ca_file (source, sb_test_broker_get_ca_file (f->broker));
  start_session (f, source);
  wait_connected (f, 1);
  port = g_strdup_printf ("%u", sb_test_broker_get_tls_port (f->broker));
  sb_test_broker_publish_args (f->broker, "-t", "secure/x", "-m", "over tls", "-p", port,
                               "--cafile", sb_test_broker_get_ca_file (f->broker), NULL);
  wait_messages (f, 1);
  assert_payload (message (f, 0), "over tls");
}

static void
test_tls_wrong_ca (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_start (f->broker);
  source = make_source (f, "secure/#", NULL);
  sb_data_source_set_port (source, sb_test_broker_get_tls_port (f->broker));
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_set_tls_ca_file (source, sb_test_broker_get_other_ca_file (f->broker));
  start_session (f, source);
  wait_state (f, SB_SESSION_FAILED);
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==,
                   "TLS: unknown CA: no trusted CA signed the broker’s certificate (check the CA "
                   "file)");
  g_assert_cmpuint (f->connected, ==, 0);
}

static void
test_tls_client_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_enable_tls (f->broker, TRUE);
  sb_test_broker_start (f->broker);
  source = make_source (f, "secure/#", NULL);
  sb_data_source_set_port (source, sb_test_broker_get_tls_port (f->broker));
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_set_tls_ca_file (source, sb_test_broker_get_ca_file (f->broker));
  sb_data_source_set_tls_client_cert (source, sb_test_broker_get_client_cert (f->broker));
  sb_data_source_set_tls_client_key (source, sb_test_broker_get_client_key (f->broker));
  start_session (f, source);
  wait_connected (f, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/mqtt-session/retained-and-live", test_retained_and_live);
  ADD ("/mqtt-session/qos-exact-counts", test_qos_exact_counts);
  ADD ("/mqtt-session/qos1-default-window", test_qos1_default_window);
  ADD ("/mqtt-session/qos1-large-window", test_qos1_large_window);
  ADD ("/mqtt-session/stop-mid-read", test_stop_mid_read);
  ADD ("/mqtt-session/restart-mid-read", test_restart_mid_read);
  ADD ("/mqtt-session/batches", test_batches);
  ADD ("/mqtt-session/batches-stop", test_batches_stop);
  ADD ("/mqtt-session/wildcards-and-overlap", test_wildcards_and_overlap);
  ADD ("/mqtt-session/payload-kinds", test_payload_kinds);
  ADD ("/mqtt-session/many-topics", test_many_topics);
  ADD ("/mqtt-session/wrong-password", test_wrong_password);
  ADD ("/mqtt-session/mqtt5", test_mqtt5);
  ADD ("/mqtt-session/connection-refused", test_connection_refused);
  ADD ("/mqtt-session/unknown-host", test_unknown_host);
  ADD ("/mqtt-session/stop-while-connecting", test_stop_while_connecting);
  ADD ("/mqtt-session/slow-name-resolution", test_slow_name_resolution);
  ADD ("/mqtt-session/reconnect", test_reconnect);
  ADD ("/mqtt-session/keep-alive", test_keep_alive);
  ADD ("/mqtt-session/tls", test_tls);
  ADD ("/mqtt-session/tls-wrong-ca", test_tls_wrong_ca);
  ADD ("/mqtt-session/tls-client-certificate", test_tls_client_certificate);
#undef ADD

  return g_test_run ();
}
