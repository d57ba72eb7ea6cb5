/* test-mqtt5-properties.c: the MQTT 5 properties of received messages
 * (content type, user properties, …) reach the preview's rows and the jsonl
 * of signalboard-cli listen; MQTT 3.1.1 messages have none. Against a real
 * mosquitto with the real mosquitto_pub as the publisher.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-message-props.h"
#include "sb-preview-model.h"
#include "sb-test-broker.h"

#define WAIT_MS 10000

typedef struct
{
  SbPreviewModel *model;
  const char *topic;
  guint64 count; /* the row's count to wait for */
} RowWait;

static gboolean
row_has_count (gpointer data)
{
  RowWait *w = data;
  SbTopicRow *row = sb_preview_model_lookup (w->model, w->topic);

  return row != NULL && sb_topic_row_get_count (row) >= w->count;
}

static gboolean
is_connected (gpointer data)
{
  return sb_mqtt_session_get_state (data) == SB_SESSION_CONNECTED;
}

static void
on_connected (SbMqttSession *session, gboolean *subscribed)
{
  *subscribed = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

/* A session on @port with @protocol, subscribed to props/#, feeding a model. */
static SbMqttSession *
start_session (guint port, SbProtocol protocol, SbPreviewModel *model)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("props/#");
  SbMqttSession *session;
  gboolean subscribed = FALSE;

  sb_data_source_set_name (source, "props");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, port);
  sb_data_source_set_protocol (source, protocol);
  sb_subscription_set_qos (sub, 1);
  sb_data_source_add_subscription (source, sub);
  session = sb_mqtt_session_new (source);
  sb_preview_model_set_session (model, session);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), &subscribed);
  sb_mqtt_session_start (session);
  g_assert_true (sb_test_wait_for (is_true, &subscribed, WAIT_MS));
  g_assert_true (is_connected (session));
  g_signal_handlers_disconnect_by_data (session, &subscribed);
  return session;
}

static SbMessageProps *
wait_row_props (SbPreviewModel *model, const char *topic, guint64 count)
{
  RowWait w = { model, topic, count };

  g_assert_true (sb_test_wait_for (row_has_count, &w, WAIT_MS));
  sb_preview_model_flush (model);
  return sb_topic_row_get_message_properties (sb_preview_model_lookup (model, topic));
}

static void
publish_with_properties (SbTestBroker *broker, const char *topic, const char *payload)
{
  sb_test_broker_publish_args (
      broker, "-V", "5", "-q", "1", "-t", topic, "-m", payload, "-D", "publish", "content-type",
      "text/plain", "-D", "publish", "user-property", "a", "b", "-D", "publish", "user-property",
      "line", "Straße 7", "-D", "publish", "user-property", "a", "again", "-D", "publish",
      "response-topic", "props/reply", "-D", "publish", "correlation-data", "req-42", "-D",
      "publish", "payload-format-indicator", "1", NULL);
}

static void
test_session_mqtt5 (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  g_autoptr (SbMqttSession) session = NULL;
  SbMessageProps *props;
  GBytes *correlation;

  sb_test_broker_start (broker);
  session = start_session (sb_test_broker_get_port (broker), SB_PROTOCOL_MQTT_5, model);

  publish_with_properties (broker, "props/a", "21.5");
  props = wait_row_props (model, "props/a", 1);
  g_assert_nonnull (props);
  g_assert_cmpstr (sb_message_props_get_content_type (props), ==, "text/plain");
  g_assert_cmpuint (sb_message_props_get_n_user_properties (props), ==, 3);
  g_assert_cmpstr (sb_message_props_get_user_property_name (props, 0), ==, "a");
  g_assert_cmpstr (sb_message_props_get_user_property_value (props, 0), ==, "b");
  g_assert_cmpstr (sb_message_props_get_user_property_name (props, 1), ==, "line");
  g_assert_cmpstr (sb_message_props_get_user_property_value (props, 1), ==, "Straße 7");
  g_assert_cmpstr (sb_message_props_get_user_property_name (props, 2), ==, "a");
  g_assert_cmpstr (sb_message_props_get_user_property_value (props, 2), ==, "again");
  g_assert_cmpstr (sb_message_props_get_response_topic (props), ==, "props/reply");
  correlation = sb_message_props_get_correlation_data (props);
  g_assert_nonnull (correlation);
  g_assert_cmpmem (g_bytes_get_data (correlation, NULL), g_bytes_get_size (correlation), "req-42",
                   6);
  g_assert_cmpint (sb_message_props_get_payload_format (props), ==, 1);

  /* The row shows the latest message: one without properties clears them. */
  sb_test_broker_publish_args (broker, "-V", "5", "-q", "1", "-t", "props/a", "-m", "22", NULL);
  g_assert_null (wait_row_props (model, "props/a", 2));

  /* A content type alone, from a 5 publisher; a 3.1.1 publisher sends none. */
  sb_test_broker_publish_args (broker, "-V", "5", "-q", "1", "-t", "props/b", "-m", "{}", "-D",
                               "publish", "content-type", "application/json", NULL);
  props = wait_row_props (model, "props/b", 1);
  g_assert_nonnull (props);
  g_assert_cmpstr (sb_message_props_get_content_type (props), ==, "application/json");
  g_assert_cmpuint (sb_message_props_get_n_user_properties (props), ==, 0);
  g_assert_null (sb_message_props_get_response_topic (props));
  g_assert_null (sb_message_props_get_correlation_data (props));
  g_assert_cmpint (sb_message_props_get_payload_format (props), ==, SB_PAYLOAD_FORMAT_UNSET);
  sb_test_broker_publish (broker, "props/c", "plain", 1, FALSE);
  g_assert_null (wait_row_props (model, "props/c", 1));

  sb_preview_model_set_session (model, NULL);
  sb_mqtt_session_stop (session);
}

/* An MQTT 3.1.1 subscriber gets the payload but none of the properties. */
static void
test_session_mqtt311 (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  g_autoptr (SbMqttSession) session = NULL;
  SbTopicRow *row;

  sb_test_broker_start (broker);
  session = start_session (sb_test_broker_get_port (broker), SB_PROTOCOL_MQTT_311, model);
  publish_with_properties (broker, "props/a", "21.5");
  g_assert_null (wait_row_props (model, "props/a", 1));
  row = sb_preview_model_lookup (model, "props/a");
  g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, "21.5");
  sb_preview_model_set_session (model, NULL);
  sb_mqtt_session_stop (session);
}

/* Runs signalboard-cli listen … --count 1 and returns its one jsonl line. */
static char *
cli_one_line (SbTestBroker *broker, const char *protocol, const char *topic)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  const char *argv[] = { sb_test_cli_path (), "listen", "--broker", "127.0.0.1", "--port",  port,
                         "--protocol",        protocol, "--topic",  topic,       "--count", "1",
                         "--timeout",         "20",     "--format", "jsonl",     NULL };
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_suffix (out, "}\n"));
  g_assert_true (strchr (out, '\n') == out + strlen (out) - 1); /* one line */
  return g_strchomp (out);
}

static JsonObject *
parse_object (const char *line)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_cli_jsonl (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *v5 = NULL;
  g_autofree char *v311 = NULL;
  g_autofree char *plain = NULL;
  JsonObject *o;
  JsonArray *users;
  g_autoptr (GList) members = NULL;
  const char *order[] = { "time",    "source",       "topic",           "qos", "retained",
                          "payload", "content_type", "user_properties", NULL };
  guint i = 0;

  sb_test_broker_start (broker);
  /* Retained: each listener finds it on subscribing, with its properties. */
  sb_test_broker_publish_args (broker, "-V", "5", "-q", "1", "-r", "-t", "props/kept", "-m", "on",
                               "-D", "publish", "content-type", "text/plain", "-D", "publish",
                               "user-property", "a", "b", "-D", "publish", "user-property",
                               "quote\"d", "x\\y", NULL);
  sb_test_broker_publish (broker, "props/plain", "off", 1, TRUE);

  v5 = cli_one_line (broker, "5", "props/kept");
  o = parse_object (v5);
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, order[i]);
  g_assert_null (order[i]);
  g_assert_cmpstr (json_object_get_string_member (o, "content_type"), ==, "text/plain");
  users = json_object_get_array_member (o, "user_properties");
  g_assert_cmpuint (json_array_get_length (users), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (users, 0)), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (users, 0), 0), ==,
                   "a");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (users, 0), 1), ==,
                   "b");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (users, 1), 0), ==,
                   "quote\"d");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (users, 1), 1), ==,
                   "x\\y");
  json_object_unref (o);
  g_assert_true (g_str_has_suffix (
      v5, ",\"content_type\":\"text/plain\",\"user_properties\":[[\"a\",\"b\"],[\"quote\\\"d\","
          "\"x\\\\y\"]]}"));

  /* MQTT 3.1.1: the same message without the keys; 5 without properties too. */
  v311 = cli_one_line (broker, "3.1.1", "props/kept");
  g_assert_null (strstr (v311, "content_type"));
  g_assert_null (strstr (v311, "user_properties"));
  g_assert_true (g_str_has_suffix (v311, ",\"payload\":\"on\"}"));
  plain = cli_one_line (broker, "5", "props/plain");
  g_assert_true (g_str_has_suffix (plain, ",\"payload\":\"off\"}"));
}

static void
test_props_new (void)
{
  const char *pairs[] = { "a", "1", "b", "2", NULL };
  g_autoptr (SbMessageProps) props = sb_message_props_new (NULL, pairs);
  g_autoptr (SbMessageProps) only_type = sb_message_props_new ("text/csv", NULL);

  g_assert_null (sb_message_props_new (NULL, NULL));
  g_assert_null (sb_message_props_get_content_type (props));
  g_assert_cmpuint (sb_message_props_get_n_user_properties (props), ==, 2);
  g_assert_cmpstr (sb_message_props_get_user_property_value (props, 1), ==, "2");
  g_assert_cmpstr (sb_message_props_get_content_type (only_type), ==, "text/csv");
  g_assert_cmpuint (sb_message_props_get_n_user_properties (only_type), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mqtt5-properties/new", test_props_new);
  g_test_add_func ("/mqtt5-properties/session/5", test_session_mqtt5);
  g_test_add_func ("/mqtt5-properties/session/3.1.1", test_session_mqtt311);
  g_test_add_func ("/mqtt5-properties/cli-jsonl", test_cli_jsonl);
  return g_test_run ();
}
