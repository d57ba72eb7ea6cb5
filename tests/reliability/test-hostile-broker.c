/* test-hostile-broker.c: what a broker may legally send, at its limits, against
 * SbMqttSession + SbPreviewModel and signalboard-cli listen
 *
 * A real mosquitto (limits raised so that it delivers everything) and a
 * publisher on libmosquitto (mosquitto_pub refuses a 65,535-byte topic and
 * is slow for 100,000 messages). For every case: the exact rows, the bytes a
 * row keeps capped, the process's peak memory (VmHWM, reset per case) under a
 * generous bound, and the main loop's responsiveness: the longest gap of a
 * high-priority 20 ms timer while the messages arrive. The figures are
 * printed as "# hostile: ..." lines (tools/run-soak and docs/robustness.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <mosquitto.h>
#include <string.h>

#include "sb-bad-broker.h"
#include "sb-mqtt-session.h"
#include "sb-preview-model.h"
#include "sb-test-broker.h"

#define MIB (1024 * 1024)
/* What a row keeps of a payload (sb-topic-row.h: "at most the first 64 KiB"). */
#define KEPT_PAYLOAD_BYTES (64 * 1024)
#define MQTT_MAX_TOPIC 65535
/* Generous: a loaded 2-CPU machine and ASan must not make these flake. */
#define MAX_GAP_US (2 * G_USEC_PER_SEC)
#define WAIT_MS (300 * 1000)

typedef struct
{
  SbTestBroker *broker;
  SbDataSource *source;
  SbMqttSession *session;
  SbPreviewModel *model;
  guint connected;
  /* the responsiveness probe */
  guint tick_id;
  gint64 last_tick;
  gint64 max_gap;
} Fixture;

/* ---- memory ---- */

/* A "VmXXX:" figure of /proc/self/status in KiB (0 when unknown). */
static guint64
status_kib (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, key);
  return line != NULL ? g_ascii_strtoull (line + strlen (key), NULL, 10) : 0;
}

/* The resident memory when the peak was last reset. */
static guint64 rss_at_reset_kib;

static void
reset_peak_rss (void)
{
  /* "5" resets VmHWM to the current RSS (Linux 4.0+). */
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
  rss_at_reset_kib = status_kib ("VmRSS:");
}

/* ASan's shadow memory and quarantine count too: the bound is generous on
 * purpose; what it catches is a copy per message or per row of a large payload. */
static void
assert_peak_rss (const char *what, guint64 bound_mib)
{
  guint64 peak = status_kib ("VmHWM:");

  g_test_message ("hostile: %s: peak RSS (VmHWM) %" G_GUINT64_FORMAT " MiB (%" G_GUINT64_FORMAT
                  " MiB before)",
                  what, peak / 1024, rss_at_reset_kib / 1024);
  if (peak > 0)
    g_assert_cmpuint (peak / 1024, <, bound_mib);
}

/* ---- responsiveness ---- */

static gboolean
on_tick (gpointer data)
{
  Fixture *f = data;
  gint64 now = g_get_monotonic_time ();

  if (f->last_tick != 0)
    f->max_gap = MAX (f->max_gap, now - f->last_tick);
  f->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
probe_start (Fixture *f)
{
  f->last_tick = 0;
  f->max_gap = 0;
  f->tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 20, on_tick, f, NULL);
}

static void
probe_stop (Fixture *f, const char *what)
{
  g_clear_handle_id (&f->tick_id, g_source_remove);
  g_test_message ("hostile: %s: main loop longest gap %" G_GINT64_FORMAT " ms (20 ms timer)", what,
                  f->max_gap / 1000);
  g_assert_cmpint (f->max_gap, <, MAX_GAP_US);
}

/* ---- the publisher: libmosquitto, QoS 1, in a thread of its own ---- */

typedef struct
{
  guint port;
  GPtrArray *topics;   /* char * */
  GPtrArray *payloads; /* GBytes */
  gboolean retain;
  gint acked;
} Publish;

static void
on_published (struct mosquitto *mosq, void *data, int mid)
{
  Publish *p = data;
  g_atomic_int_inc (&p->acked);
}

static Publish *
publish_new (Fixture *f, gboolean retain)
{
  Publish *p = g_new0 (Publish, 1);

  p->port = sb_test_broker_get_port (f->broker);
  p->topics = g_ptr_array_new_with_free_func (g_free);
  p->payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  p->retain = retain;
  return p;
}

static void
publish_add (Publish *p, char *topic, GBytes *payload)
{
  g_ptr_array_add (p->topics, topic);
  g_ptr_array_add (p->payloads, payload);
}

static void
publish_free (Publish *p)
{
  g_ptr_array_unref (p->topics);
  g_ptr_array_unref (p->payloads);
  g_free (p);
}

/* Sends everything at QoS 1 and returns once the broker acknowledged all of
 * it (so a session connecting later sees every retained message). */
static gpointer
publish_run (gpointer data)
{
  Publish *p = data;
  struct mosquitto *mosq = mosquitto_new (NULL, TRUE, p);
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  g_assert_nonnull (mosq);
  mosquitto_publish_callback_set (mosq, on_published);
  mosquitto_max_inflight_messages_set (mosq, 0); /* no limit: as fast as the broker takes it */
  mosquitto_int_option (mosq, MOSQ_OPT_TCP_NODELAY, 1);
  g_assert_cmpint (mosquitto_connect (mosq, "127.0.0.1", (int)p->port, 60), ==, MOSQ_ERR_SUCCESS);
  /* No loop thread: mosquitto_publish () then writes at once, and
   * mosquitto_loop () reads the acknowledgements in between (a loop thread
   * woken per message managed some 1,000 messages a second). */
  for (guint i = 0; i < p->topics->len; i++)
    {
      gsize size;
      const void *bytes = g_bytes_get_data (g_ptr_array_index (p->payloads, i), &size);
      int rc = mosquitto_publish (mosq, NULL, g_ptr_array_index (p->topics, i), (int)size, bytes, 1,
                                  p->retain);

      g_assert_cmpint (rc, ==, MOSQ_ERR_SUCCESS);
      if (i % 64 == 63)
        g_assert_cmpint (mosquitto_loop (mosq, 0, 1), ==, MOSQ_ERR_SUCCESS);
    }
  while ((guint)g_atomic_int_get (&p->acked) < p->topics->len)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_cmpint (mosquitto_loop (mosq, 100, 1), ==, MOSQ_ERR_SUCCESS);
    }
  mosquitto_disconnect (mosq);
  mosquitto_destroy (mosq);
  return NULL;
}

static void
publish_now (Publish *p)
{
  publish_run (p);
  publish_free (p);
}

static GBytes *
number_bytes (guint i)
{
  char *text = g_strdup_printf ("%u", i);
  return g_bytes_new_take (text, strlen (text));
}

/* ---- the session under test ---- */

static void
on_connected (SbMqttSession *session, gpointer data)
{
  Fixture *f = data;
  f->connected++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->broker = sb_test_broker_new ();
  /* Deliver everything, however much: the client is what is under test. */
  sb_test_broker_add_config (f->broker, "max_queued_messages 0\n"
                                        "max_queued_bytes 0\n"
                                        "max_inflight_messages 0\n");
  sb_test_broker_start (f->broker);
  f->model = sb_preview_model_new ();
  reset_peak_rss ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_handle_id (&f->tick_id, g_source_remove);
  if (f->session != NULL)
    {
      sb_preview_model_set_session (f->model, NULL);
      sb_mqtt_session_stop (f->session);
      g_signal_handlers_disconnect_by_data (f->session, f);
    }
  g_clear_object (&f->session);
  g_clear_object (&f->source);
  g_clear_object (&f->model);
  g_clear_pointer (&f->broker, sb_test_broker_free);
}

static gboolean
is_connected (gpointer data)
{
  Fixture *f = data;
  return f->connected > 0;
}

/* Subscribes to "#" at QoS 1 (with @data_path, if any) and feeds the model. */
static void
connect_session (Fixture *f, const char *data_path)
{
  g_autoptr (SbSubscription) sub = sb_subscription_new ("#");

  sb_subscription_set_qos (sub, 1);
  if (data_path != NULL)
    sb_subscription_set_data_path (sub, data_path);
  f->source = sb_data_source_new ();
  sb_data_source_set_name (f->source, "Hostile");
  sb_data_source_set_broker (f->source, "127.0.0.1");
  sb_data_source_set_port (f->source, sb_test_broker_get_port (f->broker));
  sb_data_source_add_subscription (f->source, sub);
  f->session = sb_mqtt_session_new (f->source);
  g_signal_connect (f->session, "connected", G_CALLBACK (on_connected), f);
  sb_preview_model_set_session (f->model, f->session);
  sb_mqtt_session_start (f->session);
  g_assert_true (sb_test_wait_for (is_connected, f, 30000));
}

typedef struct
{
  Fixture *f;
  guint64 messages;
} Until;

static gboolean
has_messages (gpointer data)
{
  Until *u = data;
  return sb_preview_model_get_message_count (u->f->model) >= u->messages;
}

/* Waits (deadline) until @messages arrived, then lets the coalesced updates out. */
static void
wait_messages (Fixture *f, guint64 messages)
{
  Until u = { f, messages };

  if (!sb_test_wait_for (has_messages, &u, WAIT_MS))
    g_error ("%" G_GUINT64_FORMAT " messages arrived, expected %" G_GUINT64_FORMAT,
             sb_preview_model_get_message_count (f->model), messages);
  sb_preview_model_flush (f->model);
  g_assert_cmpuint (sb_preview_model_get_message_count (f->model), ==, messages);
}

static char *
long_topic (void)
{
  GString *topic = g_string_new ("long/");

  while (topic->len < MQTT_MAX_TOPIC)
    g_string_append_c (topic, 'a' + topic->len % 26);
  return g_string_free (topic, FALSE);
}

/* Text of exactly @size bytes: ASCII and multi-byte characters, valid UTF-8. */
static GBytes *
big_text (gsize size)
{
  GString *text = g_string_sized_new (size);

  g_string_append (text, "{\"v\":1,\"pad\":\"");
  while (text->len + 3 < size - 2)
    g_string_append (text, text->len % 61 == 0 ? "€" : "x");
  while (text->len < size - 2)
    g_string_append_c (text, 'y');
  g_string_append (text, "\"}");
  g_assert_cmpuint (text->len, ==, size);
  return g_string_free_to_bytes (text);
}

/* The longest topic MQTT allows: one row, the topic whole. */
static void
test_long_topic (Fixture *f, gconstpointer data)
{
  g_autofree char *topic = long_topic ();
  SbTopicRow *row;

  connect_session (f, NULL);
  probe_start (f);
  {
    Publish *p = publish_new (f, FALSE);
    GThread *thread;

    publish_add (p, g_strdup (topic), g_bytes_new_static ("long", 4));
    publish_add (p, g_strdup ("short"), g_bytes_new_static ("after", 5));
    thread = g_thread_new ("publish", publish_run, p);
    wait_messages (f, 2);
    g_thread_join (thread);
    publish_free (p);
  }
  probe_stop (f, "65,535-byte topic");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 2);
  row = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
  g_object_unref (row); /* the model holds it */
  g_assert_cmpuint (strlen (sb_topic_row_get_topic (row)), ==, MQTT_MAX_TOPIC);
  g_assert_cmpstr (sb_topic_row_get_topic (row), ==, topic);
  g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, "long");
  g_assert_true (sb_preview_model_lookup (f->model, topic) == row);
  g_assert_cmpstr (sb_topic_row_get_display_text (sb_preview_model_lookup (f->model, "short")), ==,
                   "after");
  assert_peak_rss ("65,535-byte topic", 1024);
}

/* 16 MiB: the row keeps 64 KiB of it, shows 200 characters and the exact
 * size, and the data path says it does not look at payloads that large. */
static void
test_huge_payload (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) payload = big_text (16 * MIB);
  SbTopicRow *row;
  GBytes *kept;
  const char *text;

  connect_session (f, "$.v");
  reset_peak_rss ();
  probe_start (f);
  {
    Publish *p = publish_new (f, FALSE);
    GThread *thread;

    publish_add (p, g_strdup ("big/payload"), g_bytes_ref (payload));
    publish_add (p, g_strdup ("big/small"), g_bytes_new_static ("{\"v\":7}", 7));
    thread = g_thread_new ("publish", publish_run, p);
    wait_messages (f, 2);
    g_thread_join (thread);
    publish_free (p);
  }
  probe_stop (f, "16 MiB payload");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 2);
  row = sb_preview_model_lookup (f->model, "big/payload");
  g_assert_nonnull (row);
  g_assert_cmpuint (sb_topic_row_get_payload_size (row), ==, 16 * MIB);
  kept = sb_topic_row_get_payload (row);
  g_assert_cmpuint (g_bytes_get_size (kept), ==, KEPT_PAYLOAD_BYTES);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), KEPT_PAYLOAD_BYTES,
                   g_bytes_get_data (payload, NULL), KEPT_PAYLOAD_BYTES);
  g_assert_false (sb_topic_row_get_is_binary (row));
  text = sb_topic_row_get_display_text (row);
  g_assert_true (g_str_has_prefix (text, "{\"v\":1,\"pad\":\""));
  g_assert_true (g_str_has_suffix (text, "…"));
  g_assert_cmpuint (g_utf8_strlen (text, -1), <=, SB_TOPIC_ROW_DISPLAY_CHARS + 1);
  g_assert_null (sb_topic_row_get_value_text (row));
  g_assert_cmpstr (sb_topic_row_get_value_error (row), ==,
                   "The payload is 16.0\u00a0MiB; data paths look at payloads up to 1 MiB");
  g_assert_cmpstr (sb_topic_row_get_value_text (sb_preview_model_lookup (f->model, "big/small")),
                   ==, "7");
  /* the payload itself (16 MiB here), libmosquitto's copy and the broker's
   * packet in flight: a few times 16 MiB, never one per row */
  assert_peak_rss ("16 MiB payload", 1536);
}

/* 100,000 retained messages waiting when the session subscribes. */
static void
test_retained_100k (Fixture *f, gconstpointer data)
{
  const guint n = 100000;
  gint64 start;

  {
    Publish *p = publish_new (f, TRUE);

    for (guint i = 0; i < n; i++)
      publish_add (p, g_strdup_printf ("retained/%03u/%03u", i / 1000, i % 1000), number_bytes (i));
    publish_now (p);
  }
  reset_peak_rss ();
  start = g_get_monotonic_time ();
  probe_start (f);
  connect_session (f, NULL);
  wait_messages (f, n);
  probe_stop (f, "100,000 retained topics on connect");
  g_test_message ("hostile: 100,000 retained topics: all rows after %.1f s",
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, n);
  for (guint i = 0; i < n; i += 9973)
    {
      g_autofree char *topic = g_strdup_printf ("retained/%03u/%03u", i / 1000, i % 1000);
      g_autofree char *text = g_strdup_printf ("%u", i);
      SbTopicRow *row = sb_preview_model_lookup (f->model, topic);

      g_assert_nonnull (row);
      g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, text);
      g_assert_true (sb_topic_row_get_retained (row));
      g_assert_cmpuint (sb_topic_row_get_count (row), ==, 1);
    }
  assert_peak_rss ("100,000 retained topics", 2048);
}

typedef struct
{
  const char *topic;
  const char *payload;
  gsize size;
  const char *shown;
} BadPayload;

/* Raw MQTT 3.1.1 with a topic that is not UTF-8, as a broken device sends it. */
static void
publish_bad_topic (Fixture *f)
{
  static const guint8 connect_packet[]
      = { 0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, 1, 'z' };
  static const guint8 publish_packet[] = { 0x30, 9, 0, 5, 'b', 'a', 'd', '/', 0xff, 'x', 'y' };
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  GInputStream *in;
  GOutputStream *out;
  guint8 buffer[64];
  gssize got;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                sb_test_broker_get_port (f->broker), NULL, &error);
  g_assert_no_error (error);
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_assert_true (
      g_output_stream_write_all (out, connect_packet, sizeof connect_packet, NULL, NULL, &error));
  g_assert_no_error (error);
  got = g_input_stream_read (in, buffer, 4, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got, ==, 4);
  g_assert_cmpmem (buffer, 4, "\x20\x02\x00\x00", 4); /* CONNACK, accepted */
  g_output_stream_write_all (out, publish_packet, sizeof publish_packet, NULL, NULL, NULL);
  /* The broker hangs up on a publisher that breaks the protocol (MQTT-1.5.3-1). */
  got = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);
  g_assert_cmpint (got, <=, 0);
}

/* Payloads that are not UTF-8 show as binary with a hex preview; a topic
 * that is not UTF-8 never gets past the broker, and the session stays up. */
static void
test_malformed_utf8 (Fixture *f, gconstpointer data)
{
  static const BadPayload cases[] = {
#define CASE(topic, payload, shown) { topic, payload, sizeof payload - 1, shown }
    CASE ("bad/ff-fe", "\xff\xfe", "<binary, 2 bytes> ff fe"),
    CASE ("bad/overlong", "\xc0\xaf", "<binary, 2 bytes> c0 af"),
    CASE ("bad/surrogate", "\xed\xa0\x80", "<binary, 3 bytes> ed a0 80"),
    CASE ("bad/cut", "ok \xe2\x82", "<binary, 5 bytes> 6f 6b 20 e2 82"),
    CASE ("bad/nul", "a\0b", "<binary, 3 bytes> 61 00 62"),
    CASE ("bad/json", "{\"v\":\"\xff\"}", "<binary, 9 bytes> 7b 22 76 22 3a 22 ff 22 7d"),
    /* UTF-8, but an escape json-glib would turn into invalid UTF-8 */
    CASE ("bad/escape", "{\"v\":\"\\ud8:3d\"}", "{\"v\":\"\\ud8:3d\"}"),
#undef CASE
  };

  connect_session (f, "$.v");
  probe_start (f);
  publish_bad_topic (f);
  {
    Publish *p = publish_new (f, FALSE);
    GThread *thread;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      publish_add (p, g_strdup (cases[i].topic), g_bytes_new (cases[i].payload, cases[i].size));
    thread = g_thread_new ("publish", publish_run, p);
    wait_messages (f, G_N_ELEMENTS (cases));
    g_thread_join (thread);
    publish_free (p);
  }
  probe_stop (f, "malformed UTF-8");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SbTopicRow *row = sb_preview_model_lookup (f->model, cases[i].topic);

      g_assert_nonnull (row);
      g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, cases[i].shown);
      g_assert_cmpuint (sb_topic_row_get_payload_size (row), ==, cases[i].size);
      g_assert_cmpstr (sb_topic_row_get_value_error (row), ==, "The payload is not JSON");
      g_assert_null (sb_topic_row_get_value_text (row));
    }
  g_assert_cmpuint (f->connected, ==, 1);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_CONNECTED);
  assert_peak_rss ("malformed UTF-8", 1024);
}

/* A flood on "#": 100,000 messages to 500 topics as fast as the broker
 * takes them. Every message counted, the last one of each topic shown. */
static void
test_flood (Fixture *f, gconstpointer data)
{
  const guint n = 100000, topics = 500;
  Publish *p;
  GThread *thread;
  gint64 start;

  connect_session (f, NULL);
  p = publish_new (f, FALSE);
  for (guint i = 0; i < n; i++)
    publish_add (p, g_strdup_printf ("flood/%u", i % topics), number_bytes (i));
  reset_peak_rss ();
  start = g_get_monotonic_time ();
  probe_start (f);
  thread = g_thread_new ("publish", publish_run, p);
  wait_messages (f, n);
  g_thread_join (thread);
  publish_free (p);
  probe_stop (f, "flood on #");
  g_test_message ("hostile: flood on #: %u messages in %.1f s", n,
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, topics);
  for (guint t = 0; t < topics; t += 37)
    {
      g_autofree char *topic = g_strdup_printf ("flood/%u", t);
      g_autofree char *last = g_strdup_printf ("%u", n - topics + t);
      SbTopicRow *row = sb_preview_model_lookup (f->model, topic);

      g_assert_nonnull (row);
      g_assert_cmpuint (sb_topic_row_get_count (row), ==, n / topics);
      g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, last);
    }
  assert_peak_rss ("flood on #", 1024);
}

typedef struct
{
  Fixture *f;
  SbBadBroker *b;
} BadUntil;

/* Five tries, or the session gave up. */
static gboolean
has_tried (gpointer data)
{
  BadUntil *u = data;
  return sb_bad_broker_get_hangups (u->b) >= 5
         || sb_mqtt_session_get_state (u->f->session) == SB_SESSION_FAILED;
}

/* The session hangs up on such a broker, says why and keeps retrying with its
 * back-off; it does not take the broker's fault for another client's. */
static void
test_bad_topic_from_broker (Fixture *f, gconstpointer data)
{
  g_autoptr (SbBadBroker) b = sb_bad_broker_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("#");
  const char *error;
  gint64 start;

  f->source = sb_data_source_new ();
  sb_data_source_set_name (f->source, "Broken broker");
  sb_data_source_set_broker (f->source, "127.0.0.1");
  sb_data_source_set_port (f->source, sb_bad_broker_get_port (b));
  /* a fixed id, as a take-over needs: the fault is the broker's all the same */
  sb_data_source_set_client_id (f->source, "signalboard-hostile");
  sb_data_source_add_subscription (f->source, sub);
  f->session = sb_mqtt_session_new (f->source);
  g_signal_connect (f->session, "connected", G_CALLBACK (on_connected), f);
  sb_preview_model_set_session (f->model, f->session);
  start = g_get_monotonic_time ();
  probe_start (f);
  sb_mqtt_session_start (f->session);
  {
    BadUntil u = { f, b };
    g_assert_true (sb_test_wait_for (has_tried, &u, 60000));
  }
  probe_stop (f, "broker sending a topic that is not UTF-8");
  g_test_message ("hostile: bad topic from the broker: %d connections in %.1f s, state %d, "
                  "last error: %s",
                  sb_bad_broker_get_connections (b), (g_get_monotonic_time () - start) / 1e6,
                  sb_mqtt_session_get_state (f->session),
                  sb_mqtt_session_get_last_error (f->session));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
  /* a retry after at least the first back-off step (1 s), not a storm */
  g_assert_cmpint (sb_bad_broker_get_connections (b), <=,
                   2 + (g_get_monotonic_time () - start) / (G_USEC_PER_SEC / 2));
  error = sb_mqtt_session_get_last_error (f->session);
  g_assert_nonnull (error);
  /* the take-over guess counts only connections the broker closed, not
   * drops libmosquitto made over the broker's protocol error */
  g_assert_null (strstr (error, "same client id"));
  g_assert_true (g_str_has_suffix (error, " lost: Malformed UTF-8"));
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), !=, SB_SESSION_FAILED);
  sb_mqtt_session_stop (f->session);
}

typedef struct
{
  SbMqttSession *session;
  GArray *waits; /* guint: the back-off of each retry, in order */
  guint previous;
} Backoffs;

/* A retry is scheduled when "retry-seconds" leaves 0; the countdown follows. */
static void
on_retry_seconds (GObject *object, GParamSpec *pspec, gpointer data)
{
  Backoffs *b = data;
  guint seconds = sb_mqtt_session_get_retry_seconds (b->session);

  if (b->previous == 0 && seconds > 0)
    g_array_append_val (b->waits, seconds);
  b->previous = seconds;
}

static gboolean
has_waits (gpointer data)
{
  return ((Backoffs *)data)->waits->len >= 4;
}

/* Issue 16, item 12: every CONNACK reset the back-off, so a broker that
 * accepts and drops at once got a connection with credentials once a second,
 * forever. @delay_ms: how long each connection stays up. */
static GArray *
backoffs_against (guint delay_ms, guint stable_seconds)
{
  g_autoptr (SbBadBroker) bad = sb_bad_broker_new ();
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("#");
  g_autoptr (SbMqttSession) session = NULL;
  Backoffs b = { NULL, g_array_new (FALSE, FALSE, sizeof (guint)), 0 };

  sb_bad_broker_set_delay (bad, delay_ms);
  sb_data_source_set_name (source, "Drops at once");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_bad_broker_get_port (bad));
  sb_data_source_set_username (source, "alice");
  sb_data_source_add_subscription (source, sub);
  session = sb_mqtt_session_new (source);
  b.session = session;
  g_object_set (session, "stable-seconds", stable_seconds, NULL);
  g_signal_connect (session, "notify::retry-seconds", G_CALLBACK (on_retry_seconds), &b);
  sb_mqtt_session_start (session);
  g_assert_true (sb_test_wait_for (has_waits, &b, 60000));
  sb_mqtt_session_stop (session);
  g_signal_handlers_disconnect_by_data (session, &b);
  return b.waits;
}

static void
test_backoff_after_drops (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) quick = NULL;
  g_autoptr (GArray) lasting = NULL;

  /* dropped at once: 1, 2, 4, 8 s, as after any failed try */
  quick = backoffs_against (0, SB_MQTT_SESSION_STABLE_SECONDS);
  g_test_message ("hostile: back-off against a broker that drops at once: %u, %u, %u, %u s",
                  g_array_index (quick, guint, 0), g_array_index (quick, guint, 1),
                  g_array_index (quick, guint, 2), g_array_index (quick, guint, 3));
  g_assert_cmpuint (g_array_index (quick, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (quick, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (quick, guint, 2), ==, 4);
  g_assert_cmpuint (g_array_index (quick, guint, 3), ==, 8);

  /* each connection lasted the (shortened) stable time: back to 1 s each time */
  lasting = backoffs_against (1200, 1);
  for (guint i = 0; i < lasting->len; i++)
    g_assert_cmpuint (g_array_index (lasting, guint, i), ==, 1);
}

/* signalboard-cli listen --format jsonl prints one valid JSON line with the
 * whole topic and the whole payload, and exits 0. */
static void
assert_cli_line (Fixture *f, const char *filter, const char *topic, GBytes *payload)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (f->broker));
  const char *argv[] = { sb_test_cli_path (), "listen", "--broker", "127.0.0.1", "--port",    port,
                         "--topic",           filter,   "--count",  "1",         "--timeout", "120",
                         "--format",          "jsonl",  NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *line;
  int status;
  const char *text;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (out, "}\n"));
  g_assert_true (strchr (out, '\n') == out + strlen (out) - 1); /* one line */
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  line = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (line, "topic"), ==, topic);
  g_assert_true (json_object_get_boolean_member (line, "retained"));
  text = json_object_get_string_member (line, "payload");
  g_assert_nonnull (text);
  g_assert_cmpmem (text, strlen (text), g_bytes_get_data (payload, NULL),
                   g_bytes_get_size (payload));
}

typedef struct
{
  guint messages;
  gint at_drop; /* messages delivered when the drop was reported, -1 before */
} DropCount;

static void
drop_count_message (SbMqttSession *session, SbMessage *message, DropCount *d)
{
  d->messages++;
}

static void
drop_count_state (SbMqttSession *session, GParamSpec *pspec, DropCount *d)
{
  if (d->at_drop < 0 && sb_mqtt_session_get_state (session) == SB_SESSION_RECONNECTING)
    d->at_drop = (gint)d->messages;
}

static gboolean
has_dropped (gpointer data)
{
  return ((DropCount *)data)->at_drop >= 0;
}

/* 50 good messages and the bad one in one write, so one read brings them
 * all and then the failure: the session delivers the read's messages first
 * (they came in one batch from the connection), then reports the drop. */
static void
test_messages_before_drop (Fixture *f, gconstpointer data)
{
  g_autoptr (SbBadBroker) bad = sb_bad_broker_new ();
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("#");
  g_autoptr (SbMqttSession) session = NULL;
  DropCount d = { 0, -1 };

  sb_bad_broker_set_good_messages (bad, 50);
  sb_data_source_set_name (source, "Good, then bad");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_bad_broker_get_port (bad));
  sb_data_source_add_subscription (source, sub);
  session = sb_mqtt_session_new (source);
  g_signal_connect (session, "message", G_CALLBACK (drop_count_message), &d);
  g_signal_connect (session, "notify::state", G_CALLBACK (drop_count_state), &d);
  sb_mqtt_session_start (session);
  g_assert_true (sb_test_wait_for (has_dropped, &d, 60000));
  sb_mqtt_session_stop (session);
  g_signal_handlers_disconnect_by_data (session, &d);
  g_assert_cmpint (d.at_drop, ==, 50);
}

static void
test_cli_jsonl (Fixture *f, gconstpointer data)
{
  g_autofree char *topic = long_topic ();
  g_autoptr (GBytes) payload = big_text (16 * MIB);
  g_autoptr (GBytes) small = g_bytes_new_static ("long", 4);

  {
    Publish *p = publish_new (f, TRUE);

    publish_add (p, g_strdup ("big/payload"), g_bytes_ref (payload));
    publish_add (p, g_strdup (topic), g_bytes_ref (small));
    publish_now (p);
  }
  assert_cli_line (f, "big/payload", "big/payload", payload);
  assert_cli_line (f, "long/#", topic, small);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mosquitto_lib_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/hostile-broker/long-topic", test_long_topic);
  ADD ("/hostile-broker/huge-payload", test_huge_payload);
  ADD ("/hostile-broker/retained-100k", test_retained_100k);
  ADD ("/hostile-broker/malformed-utf8", test_malformed_utf8);
  ADD ("/hostile-broker/flood", test_flood);
  ADD ("/hostile-broker/cli-jsonl", test_cli_jsonl);
  ADD ("/hostile-broker/bad-topic-from-broker", test_bad_topic_from_broker);
  ADD ("/hostile-broker/backoff-after-drops", test_backoff_after_drops);
  ADD ("/hostile-broker/messages-before-drop", test_messages_before_drop);
#undef ADD

  {
    int status = g_test_run ();
    mosquitto_lib_cleanup ();
    return status;
  }
}
