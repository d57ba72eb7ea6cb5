/* test-mqtt5.c: the last will and the MQTT 5 options of a data source reach
 * a real mosquitto, and change what a subscriber sees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-mqtt-session.h"
#include "sb-test-broker.h"
#include "sb-test-proxy.h"

#define WAIT_MS 10000

typedef struct
{
  GPtrArray *payloads; /* "topic=payload" in arrival order */
  gboolean connected;
} Seen;

static void
on_message (SbMqttSession *session, SbMessage *message, Seen *seen)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (sb_message_get_payload (message), &len);

  g_ptr_array_add (seen->payloads,
                   g_strdup_printf ("%s=%.*s", sb_message_get_topic (message), (int)len, data));
}

static void
on_connected (SbMqttSession *session, Seen *seen)
{
  seen->connected = TRUE;
}

static gboolean
is_connected (gpointer data)
{
  return ((Seen *)data)->connected;
}

static gboolean
seen_contains (Seen *seen, const char *entry)
{
  for (guint i = 0; i < seen->payloads->len; i++)
    if (g_str_equal (g_ptr_array_index (seen->payloads, i), entry))
      return TRUE;
  return FALSE;
}

typedef struct
{
  Seen *seen;
  const char *entry;
} Wait;

static gboolean
has_entry (gpointer data)
{
  Wait *w = data;
  return seen_contains (w->seen, w->entry);
}

static SbDataSource *
make_source (guint port, SbProtocol protocol, const char *filter)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new (filter);

  sb_data_source_set_name (source, "MQTT 5");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, port);
  sb_data_source_set_protocol (source, protocol);
  sb_subscription_set_qos (sub, 1);
  sb_data_source_add_subscription (source, sub);
  return source;
}

static SbMqttSession *
start (SbDataSource *source, Seen *seen)
{
  SbMqttSession *session = sb_mqtt_session_new (source);

  seen->connected = FALSE;
  g_signal_connect (session, "message", G_CALLBACK (on_message), seen);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), seen);
  sb_mqtt_session_start (session);
  g_assert_true (sb_test_wait_for (is_connected, seen, WAIT_MS));
  return session;
}

static void
finish (SbMqttSession *session, Seen *seen)
{
  sb_mqtt_session_stop (session);
  g_signal_handlers_disconnect_by_data (session, seen);
  g_object_unref (session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* What a fresh subscriber finds retained on @topic ("" when nothing). */
static char *
retained_on (SbTestBroker *broker, const char *topic)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  const char *argv[]
      = { "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", topic, "-C", "1", "-W", "3", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                NULL, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (g_strstrip (out));
}

/* A connection that ends without DISCONNECT makes the broker publish the
 * will; a clean stop does not. */
static void
test_will (gconstpointer data)
{
  SbProtocol protocol = GPOINTER_TO_INT (data);
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  SbTestProxy *proxy;
  Seen seen = { g_ptr_array_new_with_free_func (g_free), FALSE };
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *clean = NULL;
  SbMqttSession *session;

  sb_test_broker_start (broker);
  proxy = sb_test_proxy_new (sb_test_broker_get_port (broker));
  source = make_source (sb_test_proxy_get_port (proxy), protocol, "plant/ignored");
  sb_data_source_set_will_topic (source, "plant/line7/status");
  sb_data_source_set_will_payload (source, "offline");
  sb_data_source_set_will_qos (source, 1);
  sb_data_source_set_will_retain (source, TRUE);

  session = start (source, &seen);
  before = retained_on (broker, "plant/line7/status");
  g_assert_cmpstr (before, ==, "");
  sb_test_proxy_cut_all (proxy);
  after = retained_on (broker, "plant/line7/status");
  g_assert_cmpstr (after, ==, "offline");
  finish (session, &seen);

  /* A clean stop sends DISCONNECT: the will is discarded. */
  sb_test_broker_publish_args (broker, "-t", "plant/line7/status", "-r", "-n", NULL);
  seen.connected = FALSE;
  session = start (source, &seen);
  finish (session, &seen);
  clean = retained_on (broker, "plant/line7/status");
  g_assert_cmpstr (clean, ==, "");

  sb_test_proxy_free (proxy);
  g_ptr_array_unref (seen.payloads);
}

/* MQTT 5 ends a session at disconnect unless the session expiry interval
 * says otherwise: with it, QoS 1 messages sent while we were away arrive. */
static void
test_session_expiry (gconstpointer data)
{
  guint expiry = GPOINTER_TO_UINT (data);
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  Seen seen = { g_ptr_array_new_with_free_func (g_free), FALSE };
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *client_id = g_strdup_printf ("sb-expiry-%u", g_random_int ());
  SbMqttSession *session;
  Wait marker = { &seen, "exp/marker=end" };

  sb_test_broker_start (broker);
  source = make_source (sb_test_broker_get_port (broker), SB_PROTOCOL_MQTT_5, "exp/#");
  sb_data_source_set_client_id (source, client_id);
  sb_data_source_set_clean_session (source, FALSE);
  sb_data_source_set_session_expiry_interval (source, expiry);

  session = start (source, &seen);
  finish (session, &seen);
  sb_test_broker_publish (broker, "exp/a", "while-away", 1, FALSE);

  session = start (source, &seen);
  sb_test_broker_publish (broker, "exp/marker", "end", 1, FALSE);
  g_assert_true (sb_test_wait_for (has_entry, &marker, WAIT_MS));
  g_assert_cmpint (seen_contains (&seen, "exp/a=while-away"), ==, expiry > 0);
  finish (session, &seen);
  g_ptr_array_unref (seen.payloads);
}

static void
watcher_done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *)data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

/* no_local: the broker does not echo our own publications. */
static void
test_no_local (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  Seen seen = { g_ptr_array_new_with_free_func (g_free), FALSE };
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (GBytes) mine = g_bytes_new_static ("mine", 4);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) watcher = NULL;
  g_autofree char *port = NULL;
  SbMqttSession *session;
  Wait theirs = { &seen, "nl/end=theirs" };
  gboolean watcher_done = FALSE;

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  source = make_source (sb_test_broker_get_port (broker), SB_PROTOCOL_MQTT_5, "nl/#");
  sb_subscription_set_no_local (sb_data_source_get_subscription (source, 0), TRUE);
  session = start (source, &seen);

  /* A second subscriber proves the broker had our message before theirs. */
  watcher
      = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "mosquitto_sub", "-h",
                          "127.0.0.1", "-p", port, "-t", "nl/self", "-C", "1", "-W", "10", NULL);
  g_assert_no_error (error);
  /* mosquitto_sub subscribes asynchronously: publish until it has one. */
  g_subprocess_wait_async (watcher, NULL, watcher_done_cb, &watcher_done);
  for (guint tries = 0; !watcher_done && tries < 100; tries++)
    {
      g_assert_true (sb_mqtt_session_publish (session, "nl/self", mine, 1, FALSE, &error));
      g_assert_no_error (error);
      sb_test_wait_for (is_true, &watcher_done, 100);
    }
  g_assert_true (watcher_done);
  g_assert_true (g_subprocess_get_successful (watcher));
  sb_test_broker_publish (broker, "nl/end", "theirs", 1, FALSE);
  g_assert_true (sb_test_wait_for (has_entry, &theirs, WAIT_MS));
  g_assert_false (seen_contains (&seen, "nl/self=mine"));
  finish (session, &seen);
  g_ptr_array_unref (seen.payloads);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/mqtt5/will/3.1.1", GINT_TO_POINTER (SB_PROTOCOL_MQTT_311), test_will);
  g_test_add_data_func ("/mqtt5/will/5", GINT_TO_POINTER (SB_PROTOCOL_MQTT_5), test_will);
  g_test_add_data_func ("/mqtt5/session-expiry/300", GUINT_TO_POINTER (300), test_session_expiry);
  g_test_add_data_func ("/mqtt5/session-expiry/0", GUINT_TO_POINTER (0), test_session_expiry);
  g_test_add_func ("/mqtt5/no-local", test_no_local);
  return g_test_run ();
}
