/* test-preview-values.c: data-path values and histories in the preview
 * model, and "value" in signalboard-cli listen's jsonl, against a real
 * mosquitto and the shop-floor simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "sb-preview-model.h"
#include "sb-subscription.h"
#include "sb-test-broker.h"

#define DEADLINE_MS 20000

static SbDataSource *
make_source (SbTestBroker *broker)
{
  SbDataSource *source = sb_data_source_new ();

  sb_data_source_set_name (source, "Test");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  return source;
}

static void
add_subscription (SbDataSource *source, const char *filter, const char *data_path)
{
  g_autoptr (SbSubscription) sub = sb_subscription_new (filter);

  if (data_path != NULL)
    sb_subscription_set_data_path (sub, data_path);
  sb_data_source_add_subscription (source, sub);
}

static gboolean
stations_valued_cb (gpointer data)
{
  SbPreviewModel *model = data;
  SbTopicRow *counter;
  double min, max;

  sb_preview_model_flush (model);
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *topic = g_strdup_printf ("shopfloor/station%d/", i);
      SbTopicRow *row = sb_preview_model_lookup (model, topic);
      const char *value = row != NULL ? sb_topic_row_get_value_text (row) : NULL;

      if (value == NULL)
        return FALSE;
      g_assert_true (g_str_equal (value, "100") || g_str_equal (value, "200")
                     || g_str_equal (value, "300"));
      g_assert_null (sb_topic_row_get_value_error (row));
    }
  counter = sb_preview_model_lookup (model, "shopfloor/counter/");
  /* Two different counts: the history has a line to draw. (Two numbers are
   * not enough: the retained start value and the first tick can both be 0.) */
  return counter != NULL && sb_history_count_numbers (sb_topic_row_get_history (counter)) >= 2
         && sb_history_get_range (sb_topic_row_get_history (counter), &min, &max) && max > min;
}

static void
test_simulator (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  g_autoptr (GSubprocess) sim = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  SbTopicRow *counter;
  SbHistory *history;
  double min, max;

  sb_test_broker_start (broker);
  source = make_source (broker);
  /* The first matching subscription gives the data path: the counter first. */
  add_subscription (source, "shopfloor/counter/", "$.count");
  add_subscription (source, "shopfloor/+/", "$.status");
  session = sb_mqtt_session_new (source);
  sb_preview_model_set_session (model, session);
  sb_mqtt_session_start (session);

  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                          sb_test_build_path ("src/sim/signalboard-shopfloor-sim"), "--json",
                          "--quiet", "--broker", "127.0.0.1", "--port", port, "--seed", "9",
                          "--speed", "4", NULL);
  g_assert_no_error (error);

  g_assert_true (sb_test_wait_for (stations_valued_cb, model, DEADLINE_MS));
  counter = sb_preview_model_lookup (model, "shopfloor/counter/");
  history = sb_topic_row_get_history (counter);
  g_assert_true (sb_history_get_range (history, &min, &max));
  g_assert_cmpfloat (max, >, min);
  g_assert_cmpuint (sb_history_get_capacity (history), ==, 100);

  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  sb_preview_model_set_session (model, NULL);
  sb_mqtt_session_stop (session);
}

static gboolean
errors_shown_cb (gpointer data)
{
  SbPreviewModel *model = data;
  SbTopicRow *text, *other;

  sb_preview_model_flush (model);
  text = sb_preview_model_lookup (model, "plain/text");
  other = sb_preview_model_lookup (model, "plain/other");
  return text != NULL && other != NULL;
}

static void
test_value_errors (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  SbTopicRow *row;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "plain/text", "running", 1, TRUE);
  sb_test_broker_publish (broker, "plain/other", "{\"other\":1}", 1, TRUE);
  source = make_source (broker);
  add_subscription (source, "plain/#", "$.status");
  session = sb_mqtt_session_new (source);
  sb_preview_model_set_session (model, session);
  sb_mqtt_session_start (session);
  g_assert_true (sb_test_wait_for (errors_shown_cb, model, DEADLINE_MS));

  row = sb_preview_model_lookup (model, "plain/text");
  g_assert_null (sb_topic_row_get_value_text (row));
  g_assert_cmpstr (sb_topic_row_get_value_error (row), ==, "The payload is not JSON");
  row = sb_preview_model_lookup (model, "plain/other");
  g_assert_null (sb_topic_row_get_value_text (row));
  g_assert_cmpstr (sb_topic_row_get_value_error (row), ==,
                   "The data path $.status matches nothing in this payload");

  sb_preview_model_set_session (model, NULL);
  sb_mqtt_session_stop (session);
}

static void
push_number (SbPreviewModel *model, const char *topic, int number)
{
  g_autofree char *text = g_strdup_printf ("{\"v\":%d}", number);
  g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));

  g_autoptr (SbMessage) message = sb_message_new (topic, payload, 0, FALSE, 0, NULL, number);
  sb_preview_model_push (model, message);
}

static void
notify_count (GObject *object, GParamSpec *pspec, guint *count)
{
  (void)object;
  (void)pspec;
  (*count)++;
}

static void
test_history_size (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  SbHistory *history;
  SbTopicRow *row;
  guint notified = 0;

  g_assert_cmpuint (sb_preview_model_get_history_size (model), ==, 100);
  sb_preview_model_set_data_path (model, 0, "$.v");
  g_object_set (model, "history-size", 3, NULL);
  for (int i = 0; i < 10; i++)
    push_number (model, "t", i);
  sb_preview_model_flush (model);
  row = sb_preview_model_lookup (model, "t");
  g_signal_connect (row, "notify::value-text", G_CALLBACK (notify_count), &notified);
  history = sb_topic_row_get_history (row);
  g_assert_cmpuint (sb_history_get_length (history), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (sb_history_get (history, i)->value, ==, 7 + i);
  g_assert_cmpstr (sb_topic_row_get_value_text (row), ==, "9");

  /* Growing keeps what is there and makes room; existing rows follow. */
  sb_preview_model_set_history_size (model, 5);
  for (int i = 10; i < 20; i++)
    push_number (model, "t", i);
  g_assert_cmpuint (sb_history_get_length (history), ==, 5);
  g_assert_cmpfloat (sb_history_get (history, 0)->value, ==, 15);
  /* The value notifies with the coalesced update, once for the batch. */
  g_assert_cmpuint (notified, ==, 0);
  sb_preview_model_flush (model);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (sb_topic_row_get_value_text (row), ==, "19");

  /* A new row gets the model's size; without a data path the payload is the number. */
  sb_preview_model_set_data_path (model, 0, NULL);
  for (int i = 0; i < 8; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d.5", i);
      g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));
      g_autoptr (SbMessage) message = sb_message_new ("u", payload, 0, FALSE, 0, NULL, i);
      sb_preview_model_push (model, message);
    }
  row = sb_preview_model_lookup (model, "u");
  g_assert_cmpuint (sb_history_get_length (sb_topic_row_get_history (row)), ==, 5);
  g_assert_cmpfloat (sb_history_get (sb_topic_row_get_history (row), 4)->value, ==, 7.5);
  g_assert_null (sb_topic_row_get_value_text (row));
  g_assert_null (sb_topic_row_get_value_error (row));
}

static void
push_text (SbPreviewModel *model, const char *topic, const char *text, gint64 time)
{
  g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));

  g_autoptr (SbMessage) message = sb_message_new (topic, payload, 0, FALSE, 0, NULL, time);
  sb_preview_model_push (model, message);
}

static void
assert_entry (SbHistory *history, guint index, gint64 time, const char *payload, guint64 size,
              double value)
{
  const SbHistoryEntry *entry = sb_history_get (history, index);
  g_assert_cmpint (entry->time, ==, time);
  g_assert_cmpmem (entry->data, entry->length, payload, strlen (payload));
  g_assert_cmpuint (entry->size, ==, size);
  if (isnan (value))
    g_assert_true (isnan (entry->value));
  else
    g_assert_cmpfloat (entry->value, ==, value);
}

/* A row makes its history on the second message or when asked (a topic seen
 * once keeps its message in the row): either way the first message is in it,
 * with its time, payload, size and number, and the model's history size. */
static void
test_history_first_message (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  SbHistory *history;
  SbTopicRow *row;

  /* Asked for after one message. */
  push_text (model, "once", "21.5", 1000);
  row = sb_preview_model_lookup (model, "once");
  history = sb_topic_row_get_history (row);
  g_assert_cmpuint (sb_history_get_length (history), ==, 1);
  assert_entry (history, 0, 1000, "21.5", 4, 21.5);
  /* The same object from then on, and it records the next message. */
  push_text (model, "once", "hello", 2000);
  g_assert_true (sb_topic_row_get_history (row) == history);
  g_assert_cmpuint (sb_history_get_length (history), ==, 2);
  assert_entry (history, 1, 2000, "hello", 5, NAN);

  /* Made by the second message, before anybody asked. */
  push_text (model, "twice", "1", 10);
  push_text (model, "twice", "2", 20);
  history = sb_topic_row_get_history (sb_preview_model_lookup (model, "twice"));
  g_assert_cmpuint (sb_history_get_length (history), ==, 2);
  assert_entry (history, 0, 10, "1", 1, 1);
  assert_entry (history, 1, 20, "2", 1, 2);
  /* The history holds a copy of its own, not the row's payload. */
  g_assert_true ((gconstpointer)sb_history_get (history, 1)->data
                 != g_bytes_get_data (
                     sb_topic_row_get_payload (sb_preview_model_lookup (model, "twice")), NULL));

  /* Through a data path, the first message's number is the path's value. */
  sb_preview_model_set_data_path (model, 0, "$.v");
  push_text (model, "path", "{\"v\":3}", 1);
  push_text (model, "path", "{\"v\":4}", 2);
  history = sb_topic_row_get_history (sb_preview_model_lookup (model, "path"));
  assert_entry (history, 0, 1, "{\"v\":3}", 7, 3);
  assert_entry (history, 1, 2, "{\"v\":4}", 7, 4);
  sb_preview_model_set_data_path (model, 0, NULL);

  /* A history size set while the row has no history yet still applies. */
  push_text (model, "sized", "1", 1);
  sb_preview_model_set_history_size (model, 2);
  push_text (model, "sized", "2", 2);
  push_text (model, "sized", "3", 3);
  history = sb_topic_row_get_history (sb_preview_model_lookup (model, "sized"));
  g_assert_cmpuint (sb_history_get_capacity (history), ==, 2);
  g_assert_cmpuint (sb_history_get_length (history), ==, 2);
  assert_entry (history, 0, 2, "2", 1, 2);

  /* The first message keeps what the row kept of it (payload-limit), its
   * size and number whole; a later one the history's own cap. */
  g_object_set (model, "payload-limit", 4, NULL);
  push_text (model, "cut", "123456789", 1);
  push_text (model, "cut", "987654321", 2);
  history = sb_topic_row_get_history (sb_preview_model_lookup (model, "cut"));
  assert_entry (history, 0, 1, "1234", 9, 123456789);
  assert_entry (history, 1, 2, "987654321", 9, 987654321);
}

/* The keys of a jsonl line, in order, joined by ",". */
static char *
keys_of (JsonObject *object)
{
  g_autoptr (GString) keys = g_string_new (NULL);
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, NULL))
    g_string_append_printf (keys, "%s%s", keys->len > 0 ? "," : "", name);
  return g_strdup (keys->str);
}

static void
test_cli_jsonl_value (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *path = NULL;
  g_autofree char *config = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) cli = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  guint seen = 0;

  sb_test_broker_start (broker);
  path = g_build_filename (sb_test_broker_get_dir (broker), "config.json", NULL);
  config = g_strdup_printf (
      "{\"format\":\"signalboard\",\"version\":1,\"data_sources\":["
      "{\"id\":\"0b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c10\",\"name\":\"Shopfloor\",\"type\":\"mqtt\","
      "\"broker\":\"127.0.0.1\",\"port\":%u,\"subscriptions\":["
      "{\"topic\":\"shopfloor/station3/\",\"data_path\":\"$.status\"},"
      "{\"topic\":\"shopfloor/text/\",\"data_path\":\"$.status\"},"
      "{\"topic\":\"shopfloor/obj/\",\"data_path\":\"$.a\"},"
      "{\"topic\":\"shopfloor/plain/\"}]}]}",
      sb_test_broker_get_port (broker));
  g_file_set_contents (path, config, -1, &error);
  g_assert_no_error (error);
  sb_test_broker_publish (broker, "shopfloor/station3/",
                          "{\"status\":200,\"since\":\"2026-11-25T16:20:00Z\"}", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/text/", "running", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/obj/", "{\"a\":{\"b\":[1,\"x\"]}}", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/plain/", "{\"status\":1}", 1, TRUE);

  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sb_test_cli_path (), "listen",
                          path, "--count", "4", "--timeout", "20", "--format", "jsonl", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);

  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autofree char *keys = NULL;
      JsonObject *object;
      const char *topic;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      topic = json_object_get_string_member (object, "topic");
      keys = keys_of (object);
      if (g_str_equal (topic, "shopfloor/station3/"))
        {
          g_assert_cmpstr (keys, ==, "time,source,topic,qos,retained,payload,value");
          /* The JSON value itself: a number, not "200". */
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "value")), ==,
                           G_TYPE_INT64);
          g_assert_cmpint (json_object_get_int_member (object, "value"), ==, 200);
          g_assert_nonnull (strstr (lines[i], "\"payload\":\"{\\\"status\\\":200,"));
          g_assert_nonnull (strstr (lines[i], "\"value\":200}"));
        }
      else if (g_str_equal (topic, "shopfloor/text/"))
        {
          g_assert_cmpstr (keys, ==, "time,source,topic,qos,retained,payload,value,value_error");
          g_assert_true (json_object_get_null_member (object, "value"));
          g_assert_cmpstr (json_object_get_string_member (object, "value_error"), ==,
                           "The payload is not JSON");
        }
      else if (g_str_equal (topic, "shopfloor/obj/"))
        g_assert_nonnull (strstr (lines[i], "\"value\":{\"b\":[1,\"x\"]}}"));
      else
        {
          g_assert_cmpstr (topic, ==, "shopfloor/plain/");
          /* No data path: the line is as before. */
          g_assert_cmpstr (keys, ==, "time,source,topic,qos,retained,payload");
        }
      seen |= 1u << i;
    }
  g_assert_cmpuint (seen, ==, 0xf);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inspect/values/history-size", test_history_size);
  g_test_add_func ("/inspect/values/history-first-message", test_history_first_message);
  g_test_add_func ("/inspect/values/simulator", test_simulator);
  g_test_add_func ("/inspect/values/errors", test_value_errors);
  g_test_add_func ("/inspect/values/cli-jsonl", test_cli_jsonl_value);

  return g_test_run ();
}
