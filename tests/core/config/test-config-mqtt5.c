/* test-config-mqtt5.c: the MQTT 5 options and the last will, in the model
 * (SbDataSource, SbSubscription), the rules and the JSON format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <mqtt_protocol.h>
#include <string.h>

#include "sb-config.h"
#include "sb-validate.h"

#include "test-config-examples.h"

/* Every new key away from its default, in canonical form. */
static const char mqtt5_example[]
    = "{\n"
      "  \"format\": \"signalboard\",\n"
      "  \"version\": 1,\n"
      "  \"data_sources\": [\n"
      "    {\n"
      "      \"id\": \"a5\",\n"
      "      \"name\": \"Line 7\",\n"
      "      \"type\": \"mqtt\",\n"
      "      \"broker\": \"localhost\",\n"
      "      \"protocol\": \"5\",\n"
      "      \"client_id\": \"line-7\",\n"
      "      \"keep_alive\": 60,\n"
      "      \"clean_session\": false,\n"
      "      \"qos\": 1,\n"
      "      \"auth\": { \"username\": \"\", \"password\": \"\" },\n"
      "      \"tls\": { \"enabled\": false, \"ca_file\": \"\", \"client_cert\": \"\", "
      "\"client_key\": \"\", \"verify\": true },\n"
      "      \"session_expiry_interval\": 4294967295,\n"
      "      \"user_properties\": [\n"
      "        { \"name\": \"site\", \"value\": \"Halle Süd\" },\n"
      "        { \"name\": \"site\", \"value\": \"\" }\n"
      "      ],\n"
      "      \"will\": { \"topic\": \"status/line-7\", \"payload\": \"{\\\"online\\\": "
      "false}\\n\", "
      "\"qos\": 2, \"retain\": true },\n"
      "      \"subscriptions\": [\n"
      "        { \"topic\": \"a/#\", \"qos\": 0, \"data_path\": \"$.v\", \"no_local\": true, "
      "\"retain_as_published\": true, \"retain_handling\": 2 },\n"
      "        { \"topic\": \"b\", \"retain_handling\": 1 },\n"
      "        { \"topic\": \"c\" }\n"
      "      ]\n"
      "    },\n"
      "    {\n"
      "      \"id\": \"w\",\n"
      "      \"name\": \"Will on 3.1.1\",\n"
      "      \"type\": \"mqtt\",\n"
      "      \"broker\": \"localhost\",\n"
      "      \"protocol\": \"3.1.1\",\n"
      "      \"client_id\": \"\",\n"
      "      \"keep_alive\": 60,\n"
      "      \"clean_session\": true,\n"
      "      \"qos\": 1,\n"
      "      \"auth\": { \"username\": \"\", \"password\": \"\" },\n"
      "      \"tls\": { \"enabled\": false, \"ca_file\": \"\", \"client_cert\": \"\", "
      "\"client_key\": \"\", \"verify\": true },\n"
      "      \"will\": { \"topic\": \"status/w\", \"payload\": \"\", \"qos\": 0, \"retain\": false "
      "},\n"
      "      \"subscriptions\": [\n"
      "        { \"topic\": \"#\" }\n"
      "      ]\n"
      "    }\n"
      "  ]\n"
      "}\n";

/* A source that passes every rule; @protocol decides which options it may use. */
static SbDataSource *
valid_source (SbProtocol protocol)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("a/b");

  sb_data_source_set_name (source, "S");
  sb_data_source_set_broker (source, "localhost");
  sb_data_source_set_protocol (source, protocol);
  sb_data_source_add_subscription (source, sub);
  return source;
}

static char *
problems_of (SbDataSource *source)
{
  g_autoptr (GPtrArray) problems = sb_data_source_check (source);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *path = sb_problem_dup_path (p);

      g_string_append_printf (text, "%s: %s\n", path, p->message);
    }
  return g_string_free (text, FALSE);
}

static char *
load_error (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbConfig) config = sb_config_load_from_data (text, -1, &error);

  g_assert_null (config);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
  return g_strdup (error->message);
}

/* One data source of protocol @protocol with @source_json (keys, leading comma
 * included) and a subscription with @sub_json. */
static char *
source_with (const char *protocol, const char *source_json, const char *sub_json)
{
  return g_strdup_printf (
      "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"M\", "
      "\"type\": \"mqtt\", \"broker\": \"localhost\", \"protocol\": \"%s\"%s, "
      "\"subscriptions\": [{\"topic\": \"t\"%s}]}]}",
      protocol, source_json, sub_json);
}

static void
test_defaults (void)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("t");
  g_autoptr (SbConfig) config = load_ok (issue_example);
  SbDataSource *loaded = sb_config_get_data_source (config, 0);
  g_auto (GStrv) pairs = NULL;
  guint expiry = 99;
  gboolean has_will = TRUE;

  for (int i = 0; i < 2; i++)
    {
      SbDataSource *s = i == 0 ? source : loaded;
      SbSubscription *u = i == 0 ? sub : sb_data_source_get_subscription (loaded, 0);

      g_assert_cmpuint (sb_data_source_get_session_expiry_interval (s), ==, 0);
      g_assert_cmpuint (sb_data_source_get_n_user_properties (s), ==, 0);
      g_assert_nonnull (sb_data_source_get_user_properties (s));
      g_assert_null (sb_data_source_get_user_properties (s)[0]);
      g_assert_false (sb_data_source_has_will (s));
      g_assert_cmpstr (sb_data_source_get_will_topic (s), ==, "");
      g_assert_cmpstr (sb_data_source_get_will_payload (s), ==, "");
      g_assert_cmpint (sb_data_source_get_will_qos (s), ==, 0);
      g_assert_false (sb_data_source_get_will_retain (s));
      g_assert_false (sb_subscription_get_no_local (u));
      g_assert_false (sb_subscription_get_retain_as_published (u));
      g_assert_cmpint (sb_subscription_get_retain_handling (u), ==, SB_RETAIN_HANDLING_SEND);
      g_assert_cmpint (sb_subscription_get_mqtt5_options (u), ==, 0);
    }
  /* the defaults of today are kept */
  g_assert_cmpint (sb_data_source_get_protocol (source), ==, SB_PROTOCOL_MQTT_311);
  g_assert_cmpint (sb_data_source_get_qos (source), ==, 1);

  g_object_get (source, "session-expiry-interval", &expiry, "user-properties", &pairs, "has-will",
                &has_will, NULL);
  g_assert_cmpuint (expiry, ==, 0);
  g_assert_nonnull (pairs);
  g_assert_cmpuint (g_strv_length (pairs), ==, 0);
  g_assert_false (has_will);
}

typedef struct
{
  GPtrArray *notified; /* property names, in order */
  guint n_changed;
} Events;

static void
notify_cb (GObject *object, GParamSpec *pspec, Events *e)
{
  g_ptr_array_add (e->notified, g_strdup (pspec->name));
}

static void
changed_cb (SbDataSource *source, Events *e)
{
  e->n_changed++;
}

static int
sort_names (const char **a, const char **b)
{
  return strcmp (*a, *b);
}

/* The properties notified since the last call, sorted, space-separated. */
static char *
take_notified (Events *e)
{
  GString *text = g_string_new (NULL);

  /* GLib does not promise an order for notifications thawed together */
  g_ptr_array_sort (e->notified, (GCompareFunc)sort_names);
  for (guint i = 0; i < e->notified->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", (char *)e->notified->pdata[i]);
  g_ptr_array_set_size (e->notified, 0);
  e->n_changed = 0;
  return g_string_free (text, FALSE);
}

#define ASSERT_NOTIFIED(e, expected, changes)                                                      \
  G_STMT_START                                                                                     \
  {                                                                                                \
    guint n_changed_ = (e)->n_changed;                                                             \
    g_autofree char *got_ = take_notified (e);                                                     \
    g_assert_cmpstr (got_, ==, expected);                                                          \
    g_assert_cmpuint (n_changed_, ==, changes);                                                    \
  }                                                                                                \
  G_STMT_END

static void
test_notify (void)
{
  g_autoptr (SbDataSource) s = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("t");
  g_autoptr (GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);
  const char *const pairs[] = { "a", "1", "b", "2", NULL };
  Events e = { notified, 0 };

  sb_data_source_add_subscription (s, sub);
  g_signal_connect (s, "notify", G_CALLBACK (notify_cb), &e);
  g_signal_connect (s, "changed", G_CALLBACK (changed_cb), &e);

  sb_data_source_set_session_expiry_interval (s, 3600);
  ASSERT_NOTIFIED (&e, "session-expiry-interval", 1);
  sb_data_source_set_session_expiry_interval (s, 3600); /* the same: nothing */
  ASSERT_NOTIFIED (&e, "", 0);
  g_object_set (s, "session-expiry-interval", G_MAXUINT32, NULL);
  ASSERT_NOTIFIED (&e, "session-expiry-interval", 1);
  g_assert_cmpuint (sb_data_source_get_session_expiry_interval (s), ==, G_MAXUINT32);

  sb_data_source_add_user_property (s, "site", "Halle 3");
  ASSERT_NOTIFIED (&e, "user-properties", 1);
  sb_data_source_add_user_property (s, "site", NULL);
  ASSERT_NOTIFIED (&e, "user-properties", 1);
  g_assert_cmpuint (sb_data_source_get_n_user_properties (s), ==, 2);
  g_assert_cmpstr (sb_data_source_get_user_property_name (s, 1), ==, "site");
  g_assert_cmpstr (sb_data_source_get_user_property_value (s, 1), ==, "");
  sb_data_source_remove_user_property (s, 0);
  ASSERT_NOTIFIED (&e, "user-properties", 1);
  g_assert_cmpuint (sb_data_source_get_n_user_properties (s), ==, 1);
  g_assert_cmpstr (sb_data_source_get_user_property_value (s, 0), ==, "");
  g_object_set (s, "user-properties", pairs, NULL);
  ASSERT_NOTIFIED (&e, "user-properties", 1);
  sb_data_source_set_user_properties (s, pairs);
  ASSERT_NOTIFIED (&e, "", 0);
  g_assert_true (g_strv_equal (sb_data_source_get_user_properties (s), pairs));
  g_assert_cmpstr (sb_data_source_get_user_property_name (s, 1), ==, "b");
  sb_data_source_remove_user_property (s, 1);
  g_assert_cmpstr (sb_data_source_get_user_property_value (s, 0), ==, "1");
  g_assert_null (sb_data_source_get_user_properties (s)[2]);
  sb_data_source_set_user_properties (s, NULL);
  g_assert_cmpuint (sb_data_source_get_n_user_properties (s), ==, 0);
  ASSERT_NOTIFIED (&e, "user-properties user-properties", 2);

  /* has-will follows the topic's emptiness, in the same round of notifications */
  sb_data_source_set_will_topic (s, "status/a");
  ASSERT_NOTIFIED (&e, "has-will will-topic", 1);
  g_assert_true (sb_data_source_has_will (s));
  sb_data_source_set_will_topic (s, "status/b");
  ASSERT_NOTIFIED (&e, "will-topic", 1);
  sb_data_source_set_will_payload (s, "offline");
  ASSERT_NOTIFIED (&e, "will-payload", 1);
  g_object_set (s, "will-qos", 2, "will-retain", TRUE, NULL);
  ASSERT_NOTIFIED (&e, "will-qos will-retain", 1);
  sb_data_source_set_will_qos (s, 2);
  sb_data_source_set_will_retain (s, TRUE);
  ASSERT_NOTIFIED (&e, "", 0);
  sb_data_source_clear_will (s);
  ASSERT_NOTIFIED (&e, "has-will will-payload will-qos will-retain will-topic", 1);
  g_assert_false (sb_data_source_has_will (s));
  g_assert_cmpstr (sb_data_source_get_will_payload (s), ==, "");

  /* A subscription's options change its data source */
  sb_subscription_set_no_local (sub, TRUE);
  sb_subscription_set_no_local (sub, TRUE);
  g_assert_cmpuint (e.n_changed, ==, 1);
  g_object_set (sub, "retain-as-published", TRUE, "retain-handling", SB_RETAIN_HANDLING_NEVER,
                NULL);
  g_assert_cmpuint (e.n_changed, ==, 3);
  g_assert_true (sb_subscription_get_retain_as_published (sub));
  g_assert_cmpint (sb_subscription_get_retain_handling (sub), ==, SB_RETAIN_HANDLING_NEVER);
}

static void
test_mqtt5_options (void)
{
  g_autoptr (SbSubscription) sub = sb_subscription_new ("t");

  sb_subscription_set_no_local (sub, TRUE);
  g_assert_cmpint (sb_subscription_get_mqtt5_options (sub), ==, MQTT_SUB_OPT_NO_LOCAL);
  sb_subscription_set_retain_as_published (sub, TRUE);
  g_assert_cmpint (sb_subscription_get_mqtt5_options (sub), ==,
                   MQTT_SUB_OPT_NO_LOCAL | MQTT_SUB_OPT_RETAIN_AS_PUBLISHED);
  sb_subscription_set_no_local (sub, FALSE);
  sb_subscription_set_retain_handling (sub, SB_RETAIN_HANDLING_SEND_IF_NEW);
  g_assert_cmpint (sb_subscription_get_mqtt5_options (sub), ==,
                   MQTT_SUB_OPT_RETAIN_AS_PUBLISHED | MQTT_SUB_OPT_SEND_RETAIN_NEW);
  sb_subscription_set_retain_handling (sub, SB_RETAIN_HANDLING_NEVER);
  g_assert_cmpint (sb_subscription_get_mqtt5_options (sub), ==,
                   MQTT_SUB_OPT_RETAIN_AS_PUBLISHED | MQTT_SUB_OPT_SEND_RETAIN_NEVER);
}

/* Each new field on its own makes two sources unequal, and copy and assign carry it. */
static void
test_copy_equal (void)
{
  for (int field = 0; field < 10; field++)
    {
      g_autoptr (SbDataSource) a = valid_source (SB_PROTOCOL_MQTT_5);
      g_autoptr (SbDataSource) b = NULL;
      g_autoptr (SbDataSource) c = valid_source (SB_PROTOCOL_MQTT_5);
      SbSubscription *sub = sb_data_source_get_subscription (a, 0);

      b = sb_data_source_copy (a);
      sb_data_source_set_id (c, sb_data_source_get_id (a));
      g_assert_true (sb_data_source_equal (a, b));
      switch (field)
        {
          case 0:
            sb_data_source_set_session_expiry_interval (a, 1);
            break;
          case 1:
            sb_data_source_add_user_property (a, "n", "v");
            break;
          case 2:
            sb_data_source_set_will_topic (a, "w");
            break;
          case 3:
            sb_data_source_set_will_payload (a, "p");
            break;
          case 4:
            sb_data_source_set_will_qos (a, 1);
            break;
          case 5:
            sb_data_source_set_will_retain (a, TRUE);
            break;
          case 6:
            sb_subscription_set_no_local (sub, TRUE);
            break;
          case 7:
            sb_subscription_set_retain_as_published (sub, TRUE);
            break;
          case 8:
            sb_subscription_set_retain_handling (sub, SB_RETAIN_HANDLING_SEND_IF_NEW);
            break;
          case 9:
            /* same pairs, other order */
            sb_data_source_add_user_property (a, "x", "1");
            sb_data_source_add_user_property (a, "y", "2");
            sb_data_source_add_user_property (b, "y", "2");
            sb_data_source_add_user_property (b, "x", "1");
            break;
          default:
            g_assert_not_reached ();
        }
      g_test_message ("field %d", field);
      g_assert_false (sb_data_source_equal (a, b));
      g_clear_object (&b);
      b = sb_data_source_copy (a);
      g_assert_true (sb_data_source_equal (a, b));
      sb_data_source_assign (c, a);
      g_assert_true (sb_data_source_equal (a, c));
    }
}

static void
test_load_every_field (void)
{
  g_autoptr (SbConfig) config = load_ok (mqtt5_example);
  SbDataSource *s = sb_config_get_data_source (config, 0);
  SbDataSource *w = sb_config_get_data_source (config, 1);
  SbSubscription *s0 = sb_data_source_get_subscription (s, 0);
  SbSubscription *s1 = sb_data_source_get_subscription (s, 1);
  SbSubscription *s2 = sb_data_source_get_subscription (s, 2);
  const char *const pairs[] = { "site", "Halle Süd", "site", "", NULL };

  g_assert_cmpuint (sb_data_source_get_session_expiry_interval (s), ==, 4294967295u);
  g_assert_true (g_strv_equal (sb_data_source_get_user_properties (s), pairs));
  g_assert_true (sb_data_source_has_will (s));
  g_assert_cmpstr (sb_data_source_get_will_topic (s), ==, "status/line-7");
  g_assert_cmpstr (sb_data_source_get_will_payload (s), ==, "{\"online\": false}\n");
  g_assert_cmpint (sb_data_source_get_will_qos (s), ==, 2);
  g_assert_true (sb_data_source_get_will_retain (s));
  g_assert_true (sb_subscription_get_no_local (s0));
  g_assert_true (sb_subscription_get_retain_as_published (s0));
  g_assert_cmpint (sb_subscription_get_retain_handling (s0), ==, SB_RETAIN_HANDLING_NEVER);
  g_assert_cmpstr (sb_subscription_get_data_path (s0), ==, "$.v");
  g_assert_false (sb_subscription_get_no_local (s1));
  g_assert_cmpint (sb_subscription_get_retain_handling (s1), ==, SB_RETAIN_HANDLING_SEND_IF_NEW);
  g_assert_cmpint (sb_subscription_get_retain_handling (s2), ==, SB_RETAIN_HANDLING_SEND);

  /* The will is for both protocols; its QoS and retain default to 0 and false */
  g_assert_cmpint (sb_data_source_get_protocol (w), ==, SB_PROTOCOL_MQTT_311);
  g_assert_true (sb_data_source_has_will (w));
  g_assert_cmpstr (sb_data_source_get_will_payload (w), ==, "");

  {
    g_autofree char *text = source_with ("3.1.1", ", \"will\": {\"topic\": \"t\"}", "");
    g_autoptr (SbConfig) minimal = load_ok (text);
    SbDataSource *m = sb_config_get_data_source (minimal, 0);

    g_assert_cmpstr (sb_data_source_get_will_topic (m), ==, "t");
    g_assert_cmpstr (sb_data_source_get_will_payload (m), ==, "");
    g_assert_cmpint (sb_data_source_get_will_qos (m), ==, 0);
    g_assert_false (sb_data_source_get_will_retain (m));
  }
  {
    /* Defaults written out load as defaults, and save left out */
    g_autofree char *text = source_with (
        "5", ", \"session_expiry_interval\": 0, \"user_properties\": []",
        ", \"no_local\": false, \"retain_as_published\": false, \"retain_handling\": 0");
    g_autoptr (SbConfig) defaults = load_ok (text);
    g_autofree char *saved = sb_config_to_data (defaults, NULL);

    g_assert_null (strstr (saved, "session_expiry_interval"));
    g_assert_null (strstr (saved, "user_properties"));
    g_assert_null (strstr (saved, "will"));
    g_assert_null (strstr (saved, "no_local"));
    g_assert_null (strstr (saved, "retain"));
  }
}

static void
test_round_trip (void)
{
  g_autoptr (SbConfig) config = load_ok (mqtt5_example);
  g_autofree char *saved = sb_config_to_data (config, NULL);
  g_autoptr (SbConfig) again = load_ok (saved);
  g_autoptr (SbConfig) old = load_ok (issue_example);
  g_autofree char *old_saved = sb_config_to_data (old, NULL);
  g_autofree char *example_path = NULL;
  g_autofree char *example = NULL;
  g_autoptr (SbConfig) example_config = NULL;
  g_autofree char *example_saved = NULL;

  /* canonical: the same bytes; the data sources equal */
  g_assert_cmpstr (saved, ==, mqtt5_example);
  for (guint i = 0; i < 2; i++)
    g_assert_true (sb_data_source_equal (sb_config_get_data_source (config, i),
                                         sb_config_get_data_source (again, i)));
  /* a file that uses none of them saves as before */
  g_assert_cmpstr (old_saved, ==, issue_example);

  /* The shipped MQTT 5 example is valid and canonical */
  example_path = g_test_build_filename (G_TEST_DIST, "data", "examples", "mqtt5.json", NULL);
  g_assert_true (g_file_get_contents (example_path, &example, NULL, NULL));
  example_config = load_ok (example);
  example_saved = sb_config_to_data (example_config, NULL);
  g_assert_cmpstr (example_saved, ==, example);
}

/* Built in the model: the saver writes what the loader reads back. */
static void
test_save_from_model (void)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) s = valid_source (SB_PROTOCOL_MQTT_5);
  g_autoptr (SbConfig) loaded = NULL;
  g_autofree char *saved = NULL;

  sb_data_source_set_id (s, "i");
  sb_data_source_set_session_expiry_interval (s, 60);
  sb_data_source_add_user_property (s, "quote\"d", "back\\slash");
  sb_data_source_set_will_topic (s, "status/ü");
  sb_data_source_set_will_payload (s, "bye\\");
  sb_subscription_set_retain_as_published (sb_data_source_get_subscription (s, 0), TRUE);
  sb_config_append (config, s);
  saved = sb_config_to_data (config, NULL);
  g_assert_nonnull (strstr (saved,
                            "      \"tls\": { \"enabled\": false, \"ca_file\": \"\", "
                            "\"client_cert\": \"\", \"client_key\": \"\", \"verify\": true },\n"
                            "      \"session_expiry_interval\": 60,\n"
                            "      \"user_properties\": [\n"
                            "        { \"name\": \"quote\\\"d\", \"value\": \"back\\\\slash\" }\n"
                            "      ],\n"
                            "      \"will\": { \"topic\": \"status/ü\", \"payload\": "
                            "\"bye\\\\\", \"qos\": 0, \"retain\": false },\n"
                            "      \"subscriptions\": [\n"
                            "        { \"topic\": \"a/b\", \"retain_as_published\": true }\n"));
  loaded = load_ok (saved);
  g_assert_true (sb_data_source_equal (s, sb_config_get_data_source (loaded, 0)));
}

static void
test_validators (void)
{
  static const struct
  {
    const char *topic;
    const char *message; /* NULL: valid */
  } topics[] = {
    { "status/line-7", NULL },
    { "a//b/", NULL },
    { "$app/status", NULL },
    { "", "the topic is empty" },
    { "a/+", "“a/+” is a topic filter, not a topic name: a message is published to one topic, "
             "without “+” or “#”" },
    { "#", "“#” is a topic filter, not a topic name: a message is published to one topic, "
           "without “+” or “#”" },
    { "a\x01", "the topic “a\\x01” contains a character MQTT does not allow" },
    { "a\xff", "the topic “a\\xFF” is not valid UTF-8" },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *big = g_strnfill (65536, 'a');

  for (gsize i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      gboolean ok = sb_validate_topic_name (topics[i].topic, -1, &error);
      g_test_message ("topic case %" G_GSIZE_FORMAT, i);
      if (topics[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, topics[i].message);
          g_clear_error (&error);
        }
    }
  g_assert_false (sb_validate_topic_name ("a\0b", 3, &error));
  g_assert_cmpstr (error->message, ==, "the topic contains a NUL character");
  g_clear_error (&error);
  g_assert_false (sb_validate_topic_name (big, -1, &error));
  g_assert_cmpstr (error->message, ==, "the topic is 65536 bytes long (at most 65535)");
  g_clear_error (&error);
  g_assert_true (sb_validate_topic_name (big, 65535, NULL));

  g_assert_true (sb_validate_session_expiry_interval (0, NULL));
  g_assert_true (sb_validate_session_expiry_interval (G_MAXUINT32, NULL));
  g_assert_false (sb_validate_session_expiry_interval (-1, &error));
  g_assert_cmpstr (error->message, ==,
                   "-1 is not a session expiry interval (0-4294967295 seconds)");
  g_clear_error (&error);
  g_assert_false (sb_validate_session_expiry_interval ((gint64)G_MAXUINT32 + 1, NULL));

  for (int i = 0; i <= 2; i++)
    g_assert_true (sb_validate_retain_handling (i, NULL));
  g_assert_false (sb_validate_retain_handling (3, &error));
  g_assert_cmpstr (error->message, ==,
                   "3 is not a retain handling (0 send retained messages on subscribe, 1 only "
                   "for a new subscription, 2 never)");
  g_clear_error (&error);
  g_assert_false (sb_validate_retain_handling (-1, NULL));

  /* A payload may hold any text, line breaks included; 65535 bytes at most */
  g_assert_true (sb_validate_will_payload ("", -1, NULL));
  g_assert_true (sb_validate_will_payload ("{\"a\":\n1}\t", -1, NULL));
  g_assert_true (sb_validate_will_payload (big, 65535, NULL));
  g_assert_false (sb_validate_will_payload (big, -1, &error));
  g_assert_cmpstr (error->message, ==,
                   "the will payload is 65536 bytes long; a configuration holds at most 65535 "
                   "(MQTT allows up to 256 MiB, but a configuration file is not the place for a "
                   "payload that big)");
  g_clear_error (&error);
  g_assert_false (sb_validate_will_payload ("\xc3", -1, &error));
  g_assert_cmpstr (error->message, ==,
                   "the will payload is not valid UTF-8 (a configuration holds text)");
  g_clear_error (&error);

  g_assert_true (sb_validate_user_property_name ("site", NULL));
  g_assert_false (sb_validate_user_property_name ("", &error));
  g_assert_cmpstr (error->message, ==, "a user property needs a name");
  g_clear_error (&error);
  g_assert_false (sb_validate_user_property_name ("a\nb", &error));
  g_assert_cmpstr (error->message, ==,
                   "contains a character MQTT does not allow (a control character?)");
  g_clear_error (&error);
  g_assert_false (sb_validate_user_property_name ("\xfe", &error));
  g_assert_cmpstr (error->message, ==, "not valid UTF-8");
  g_clear_error (&error);
  g_assert_false (sb_validate_user_property_name (big, &error));
  g_assert_cmpstr (error->message, ==, "longer than 65535 bytes");
}

static void
test_check (void)
{
  g_autoptr (SbDataSource) v3 = valid_source (SB_PROTOCOL_MQTT_311);
  g_autoptr (SbDataSource) v5 = NULL;
  g_autofree char *text = NULL;
  SbSubscription *sub = sb_data_source_get_subscription (v3, 0);

  /* Every MQTT 5 option set on 3.1.1: one problem each, naming the field */
  sb_data_source_set_session_expiry_interval (v3, 30);
  sb_data_source_add_user_property (v3, "n", "v");
  sb_subscription_set_no_local (sub, TRUE);
  sb_subscription_set_retain_as_published (sub, TRUE);
  sb_subscription_set_retain_handling (sub, SB_RETAIN_HANDLING_NEVER);
  sb_data_source_set_will_topic (v3, "status/s");
  sb_data_source_set_will_qos (v3, 2);
  sb_data_source_set_will_retain (v3, TRUE);
  text = problems_of (v3);
  g_assert_cmpstr (text, ==,
                   "session_expiry_interval: session_expiry_interval needs protocol 5 (MQTT 3.1.1 "
                   "has no session expiry)\n"
                   "user_properties: user_properties needs protocol 5 (MQTT 3.1.1 has no user "
                   "properties)\n"
                   "subscriptions[0].no_local: no_local needs protocol 5 (MQTT 3.1.1 has no "
                   "subscription options)\n"
                   "subscriptions[0].retain_as_published: retain_as_published needs protocol 5 "
                   "(MQTT 3.1.1 has no subscription options)\n"
                   "subscriptions[0].retain_handling: retain_handling needs protocol 5 (MQTT 3.1.1 "
                   "has no subscription options)\n");
  g_clear_pointer (&text, g_free);

  /* ... and none with protocol 5 (the will is for both) */
  v5 = sb_data_source_copy (v3);
  sb_data_source_set_protocol (v5, SB_PROTOCOL_MQTT_5);
  text = problems_of (v5);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* The rules on the values */
  sb_data_source_add_user_property (v5, "", "v");
  sb_data_source_add_user_property (v5, "ok", "a\x01");
  sb_data_source_add_user_property (v5, "ok", "\xff");
  sb_data_source_set_will_topic (v5, "status/+");
  sb_data_source_set_will_payload (v5, "\xe2\x82");
  text = problems_of (v5);
  g_assert_cmpstr (text, ==,
                   "user_properties[1].name: a user property needs a name\n"
                   "user_properties[2].value: contains a character MQTT does not allow (a control "
                   "character?)\n"
                   "user_properties[3].value: not valid UTF-8\n"
                   "will.topic: “status/+” is a topic filter, not a topic name: a message is "
                   "published to one topic, without “+” or “#”\n"
                   "will.payload: the will payload is not valid UTF-8 (a configuration holds "
                   "text)\n");
  g_clear_pointer (&text, g_free);

  /* A will's settings without its topic: the file could not hold them */
  sb_data_source_set_user_properties (v5, NULL);
  sb_data_source_clear_will (v5);
  g_assert_cmpstr ((text = problems_of (v5)), ==, "");
  g_clear_pointer (&text, g_free);
  sb_data_source_set_will_payload (v5, "x");
  g_assert_cmpstr ((text = problems_of (v5)), ==, "will.topic: a last will needs a topic\n");
  g_clear_pointer (&text, g_free);
  sb_data_source_set_will_payload (v5, "");
  sb_data_source_set_will_retain (v5, TRUE);
  g_assert_cmpstr ((text = problems_of (v5)), ==, "will.topic: a last will needs a topic\n");
}

/* What the loader itself says about the new keys: types, ranges, structure. */
static void
test_load_problems (void)
{
  static const struct
  {
    const char *protocol;
    const char *source_json;
    const char *sub_json;
    const char *message;
  } cases[] = {
    { "5", ", \"session_expiry_interval\": null", "",
      "data_sources[0].session_expiry_interval: null is not allowed here; expected a whole "
      "number" },
    { "5", ", \"session_expiry_interval\": \"3600\"", "",
      "data_sources[0].session_expiry_interval: expected a whole number, found a string" },
    { "5", ", \"session_expiry_interval\": 4294967296", "",
      "data_sources[0].session_expiry_interval: 4294967296 is not a session expiry interval "
      "(0-4294967295 seconds)" },
    { "5", ", \"session_expiry_interval\": -1", "",
      "data_sources[0].session_expiry_interval: -1 is not a session expiry interval "
      "(0-4294967295 seconds)" },
    { "5", ", \"session_expiry_interval\": 1.5", "",
      "data_sources[0].session_expiry_interval: 1.5 is not a whole number" },
    { "5", ", \"session_expiry_interval\": -0", "",
      "data_sources[0].session_expiry_interval: -0 is not a plain whole number (write 0)" },
    { "5", ", \"user_properties\": {\"site\": \"x\"}", "",
      "data_sources[0].user_properties: expected an array, found an object" },
    { "5", ", \"user_properties\": null", "",
      "data_sources[0].user_properties: null is not allowed here; expected an array" },
    { "5", ", \"user_properties\": [\"site=x\"]", "",
      "data_sources[0].user_properties[0]: expected an object (a user property, like {\"name\": "
      "\"site\", \"value\": \"Halle 3\"}), found a string" },
    { "5", ", \"user_properties\": [{\"name\": \"a\"}, {\"value\": \"b\"}]", "",
      "data_sources[0].user_properties[0].value: a required key is missing\n"
      "data_sources[0].user_properties[1].name: a required key is missing" },
    { "5", ", \"user_properties\": [{\"name\": 1, \"value\": true, \"Value\": \"x\"}]", "",
      "data_sources[0].user_properties[0].Value: unknown key; did you mean “value”?\n"
      "data_sources[0].user_properties[0].name: expected a string, found a number\n"
      "data_sources[0].user_properties[0].value: expected a string, found true" },
    { "5", ", \"user_properties\": [{\"name\": \"\", \"value\": \"\"}]", "",
      "data_sources[0].user_properties[0].name: a user property needs a name" },
    { "3.1.1", ", \"will\": \"status/x\"", "",
      "data_sources[0].will: expected an object, found a string" },
    { "3.1.1", ", \"will\": null", "",
      "data_sources[0].will: null is not allowed here; expected an object" },
    { "3.1.1", ", \"will\": {}", "", "data_sources[0].will.topic: a required key is missing" },
    { "3.1.1", ", \"will\": {\"topic\": \"\", \"payload\": \"x\"}", "",
      "data_sources[0].will.topic: the will topic is empty (leave out “will” for no last will)" },
    { "3.1.1", ", \"will\": {\"topic\": \"a/#\"}", "",
      "data_sources[0].will.topic: “a/#” is a topic filter, not a topic name: a message is "
      "published to one topic, without “+” or “#”" },
    { "3.1.1",
      ", \"will\": {\"topic\": 1, \"payload\": {}, \"qos\": \"1\", \"retain\": \"no\", \"retian\": "
      "true}",
      "",
      "data_sources[0].will.retian: unknown key; did you mean “retain”?\n"
      "data_sources[0].will.topic: expected a string, found a number\n"
      "data_sources[0].will.payload: expected a string, found an object\n"
      "data_sources[0].will.qos: expected a whole number, found a string\n"
      "data_sources[0].will.retain: expected true or false, found a string" },
    { "3.1.1", ", \"will\": {\"topic\": \"t\", \"qos\": 3}", "",
      "data_sources[0].will.qos: 3 is not a QoS level (0, 1 or 2)" },
    { "5", "", ", \"no_local\": 1",
      "data_sources[0].subscriptions[0].no_local: expected true or false, found a number" },
    { "5", "", ", \"retain_as_published\": null",
      "data_sources[0].subscriptions[0].retain_as_published: null is not allowed here; "
      "expected true or false" },
    { "5", "", ", \"retain_handling\": 3",
      "data_sources[0].subscriptions[0].retain_handling: 3 is not a retain handling (0 send "
      "retained messages on subscribe, 1 only for a new subscription, 2 never)" },
    { "5", "", ", \"retain_handling\": true",
      "data_sources[0].subscriptions[0].retain_handling: expected a whole number, found true" },
    { "5", "", ", \"nolocal\": true",
      "data_sources[0].subscriptions[0].nolocal: unknown key; did you mean “no_local”?" },
    { "5", ", \"sessionExpiryInterval\": 5", "",
      "data_sources[0].sessionExpiryInterval: unknown key; did you mean "
      "“session_expiry_interval”?" },
    { "5", ", \"session_expiry\": 5", "", "data_sources[0].session_expiry: unknown key" },
    /* the options on 3.1.1, as the loader reports them */
    { "3.1.1", ", \"session_expiry_interval\": 60", ", \"retain_handling\": 1",
      "data_sources[0].session_expiry_interval: session_expiry_interval needs protocol 5 (MQTT "
      "3.1.1 has no session expiry)\n"
      "data_sources[0].subscriptions[0].retain_handling: retain_handling needs protocol 5 (MQTT "
      "3.1.1 has no subscription options)" },
    /* a protocol already reported is not reported again through the options */
    { "MQTT5", ", \"session_expiry_interval\": 60", ", \"no_local\": true",
      "data_sources[0].protocol: “MQTT5” is not an MQTT version (“3.1.1” or “5”)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text
          = source_with (cases[i].protocol, cases[i].source_json, cases[i].sub_json);
      g_autofree char *message = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, text);
      message = load_error (text);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

/* 65535 bytes of payload load and save; one more is refused with the reason. */
static void
test_payload_limit (void)
{
  g_autofree char *fits_payload = g_strnfill (65535, 'x');
  g_autofree char *over_payload = g_strnfill (65536, 'x');
  g_autofree char *fits_json
      = g_strdup_printf (", \"will\": {\"topic\": \"t\", \"payload\": \"%s\"}", fits_payload);
  g_autofree char *over_json
      = g_strdup_printf (", \"will\": {\"topic\": \"t\", \"payload\": \"%s\"}", over_payload);
  g_autofree char *fits = source_with ("3.1.1", fits_json, "");
  g_autofree char *over = source_with ("3.1.1", over_json, "");
  g_autoptr (SbConfig) config = load_ok (fits);
  g_autofree char *message = load_error (over);

  g_assert_cmpuint (
      strlen (sb_data_source_get_will_payload (sb_config_get_data_source (config, 0))), ==, 65535);
  g_assert_cmpstr (message, ==,
                   "data_sources[0].will.payload: the will payload is 65536 bytes long; a "
                   "configuration holds at most 65535 (MQTT allows up to 256 MiB, but a "
                   "configuration file is not the place for a payload that big)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config-mqtt5/defaults", test_defaults);
  g_test_add_func ("/config-mqtt5/notify", test_notify);
  g_test_add_func ("/config-mqtt5/mqtt5-options", test_mqtt5_options);
  g_test_add_func ("/config-mqtt5/copy-equal", test_copy_equal);
  g_test_add_func ("/config-mqtt5/load-every-field", test_load_every_field);
  g_test_add_func ("/config-mqtt5/round-trip", test_round_trip);
  g_test_add_func ("/config-mqtt5/save-from-model", test_save_from_model);
  g_test_add_func ("/config-mqtt5/validators", test_validators);
  g_test_add_func ("/config-mqtt5/check", test_check);
  g_test_add_func ("/config-mqtt5/load-problems", test_load_problems);
  g_test_add_func ("/config-mqtt5/payload-limit", test_payload_limit);

  return g_test_run ();
}
