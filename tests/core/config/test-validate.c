/* test-validate.c: every validation rule, with values that pass and values
 * that fail, and the exact message a user reads for each failure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-error.h"
#include "sb-validate.h"

typedef struct
{
  const char *value;
  const char *message; /* NULL: valid */
} Case;

static void
assert_rule (gboolean (*rule) (const char *value, GError **error), const Case *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok = rule (cases[i].value, &error);

      g_autofree char *shown = cases[i].value ? g_strescape (cases[i].value, NULL) : NULL;

      g_test_message ("value “%s”", shown ? shown : "(null)");
      if (cases[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
    }
}

static void
test_name (void)
{
  static const Case cases[] = {
    { "Shopfloor", NULL },
    { "Halle Süd – Linie 2", NULL },
    { "x", NULL },
    { "", "a name is required" },
    { NULL, "a name is required" },
    { "   ", "a name is required (this one is only spaces)" },
    { "a\nb", "the name contains a control character (a line break or tab?)" },
    { "a\tb", "the name contains a control character (a line break or tab?)" },
  };
  assert_rule (sb_validate_name, cases, G_N_ELEMENTS (cases));
}

static void
test_broker (void)
{
  static const Case cases[] = {
    { "localhost", NULL },
    { "broker.example.com", NULL },
    { "broker.example.com.", NULL },
    { "my-broker-01", NULL },
    { "127.0.0.1", NULL },
    { "10.0.0.255", NULL },
    { "::1", NULL },
    { "fe80::1", NULL },
    { "2001:db8::8a2e:370:7334", NULL },
    { "bücher.example", NULL }, /* IDN */
    { "", "a broker is required (a host name or an IP address)" },
    { NULL, "a broker is required (a host name or an IP address)" },
    { "mqtt://broker.example.com",
      "“mqtt://broker.example.com” has a scheme: remove the scheme “mqtt://” and give only the "
      "host" },
    { "tcp://10.0.0.1", "“tcp://10.0.0.1” has a scheme: remove the scheme “tcp://” and give only "
                        "the host" },
    { "my broker", "“my broker” contains a space; a host name has none" },
    /* not a scheme: what precedes "://" is not a URI scheme (found by fuzzing) */
    { "a\nb://h", "“a\\x0Ab://h” contains a space; a host name has none" },
    { "1x://h", "“1x://h” contains “/”: give only the host, without a path" },
    { " localhost", "“ localhost” contains a space; a host name has none" },
    { "localhost:1883", "“localhost:1883” has a port: put the port in the port field" },
    { "10.0.0.1:1883", "“10.0.0.1:1883” has a port: put the port in the port field" },
    { "[::1]:1883", "“[::1]:1883” has a port: put the port in the port field" },
    { "[::1]", "“[::1]”: write an IPv6 address without the brackets" },
    { "host/path", "“host/path” contains “/”: give only the host, without a path" },
    { "256.1.1.1", "“256.1.1.1” is not an IPv4 address (four numbers 0-255, like 192.168.1.10)" },
    { "10.0.0", "“10.0.0” is not an IPv4 address (four numbers 0-255, like 192.168.1.10)" },
    { "fe80:::1", "“fe80:::1” is not an IPv6 address" },
    { "-broker", "“-broker” is not a host name: a part cannot start or end with “-”" },
    { "broker-.lan", "“broker-.lan” is not a host name: a part cannot start or end with “-”" },
    { "my_broker", "“my_broker” is not a host name: “_” is not allowed in host names" },
    { "bro!ker", "“bro!ker” is not a host name: “!” is not allowed in host names" },
    { "a..b", "“a..b” has an empty part between dots" },
    { ".a", "“.a” has an empty part between dots" },
  };
  g_autofree char *long_label = g_strnfill (64, 'a');
  g_autofree char *long_name = NULL;
  g_autoptr (GError) error = NULL;

  assert_rule (sb_validate_broker, cases, G_N_ELEMENTS (cases));

  g_assert_false (sb_validate_broker (long_label, &error));
  g_assert_true (g_str_has_suffix (error->message, " has a part longer than 63 characters"));
  g_clear_error (&error);

  /* 5 labels of 60 characters: 304 > 253 */
  long_name = g_strjoin (".", long_label + 4, long_label + 4, long_label + 4, long_label + 4,
                         long_label + 4, NULL);
  g_assert_false (sb_validate_broker (long_name, &error));
  g_assert_true (
      g_str_has_suffix (error->message, " is too long for a host name (at most 253 characters)"));
  /* and the message stays one short line */
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpint (g_utf8_strlen (error->message, -1), <, 120);
}

static void
test_port (void)
{
  g_autoptr (GError) error = NULL;
  guint port = 42;

  g_assert_true (sb_validate_port (1, NULL));
  g_assert_true (sb_validate_port (1883, NULL));
  g_assert_true (sb_validate_port (65535, NULL));
  g_assert_false (sb_validate_port (0, &error));
  g_assert_cmpstr (error->message, ==, "0 is not a port (1-65535)");
  g_clear_error (&error);
  g_assert_false (sb_validate_port (70000, &error));
  g_assert_cmpstr (error->message, ==, "70000 is not a port (1-65535)");
  g_clear_error (&error);
  g_assert_false (sb_validate_port (-1, &error));
  g_assert_cmpstr (error->message, ==, "-1 is not a port (1-65535)");
  g_clear_error (&error);

  /* What a person types into the port field */
  g_assert_true (sb_validate_port_text ("", &port, NULL));
  g_assert_cmpuint (port, ==, 0);
  g_assert_true (sb_validate_port_text ("  8883 ", &port, NULL));
  g_assert_cmpuint (port, ==, 8883);
  g_assert_true (sb_validate_port_text ("   ", &port, NULL));
  g_assert_cmpuint (port, ==, 0);
  port = 7;
  g_assert_false (sb_validate_port_text ("18a3", &port, &error));
  g_assert_cmpstr (error->message, ==, "“18a3” is not a port (1-65535)");
  g_assert_cmpuint (port, ==, 7);
  g_clear_error (&error);
  g_assert_false (sb_validate_port_text ("-5", &port, &error));
  g_assert_cmpstr (error->message, ==, "“-5” is not a port (1-65535)");
  g_clear_error (&error);
  g_assert_false (sb_validate_port_text ("0", &port, &error));
  g_assert_cmpstr (error->message, ==, "0 is not a port (1-65535)");
  g_clear_error (&error);
  g_assert_false (sb_validate_port_text ("65536", &port, &error));
  g_assert_cmpstr (error->message, ==, "65536 is not a port (1-65535)");
  g_clear_error (&error);
  g_assert_false (sb_validate_port_text ("99999999999999999999999", &port, &error));
  g_assert_cmpstr (error->message, ==, "99999999999999999999999 is not a port (1-65535)");
  g_assert_cmpuint (port, ==, 7);
}

static void
test_keep_alive (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sb_validate_keep_alive (5, NULL));
  g_assert_true (sb_validate_keep_alive (60, NULL));
  g_assert_true (sb_validate_keep_alive (65535, NULL));
  g_assert_false (sb_validate_keep_alive (4, &error));
  g_assert_cmpstr (error->message, ==, "4 is not a keep-alive interval (5-65535 seconds)");
  g_clear_error (&error);
  g_assert_false (sb_validate_keep_alive (0, &error));
  g_assert_cmpstr (error->message, ==, "0 is not a keep-alive interval (5-65535 seconds)");
  g_clear_error (&error);
  g_assert_false (sb_validate_keep_alive (65536, &error));
  g_assert_cmpstr (error->message, ==, "65536 is not a keep-alive interval (5-65535 seconds)");
}

static void
test_qos (void)
{
  g_autoptr (GError) error = NULL;

  for (int q = 0; q <= 2; q++)
    g_assert_true (sb_validate_qos (q, NULL));
  g_assert_false (sb_validate_qos (3, &error));
  g_assert_cmpstr (error->message, ==, "3 is not a QoS level (0, 1 or 2)");
  g_clear_error (&error);
  g_assert_false (sb_validate_qos (-1, &error));
  g_assert_cmpstr (error->message, ==, "-1 is not a QoS level (0, 1 or 2)");
}

static gboolean
topic_rule (const char *value, GError **error)
{
  return sb_validate_topic_filter (value, -1, error);
}

static void
test_topic_filter (void)
{
  static const Case cases[] = {
    { "shopfloor/counter/", NULL },
    { "shopfloor/+/", NULL },
    { "shopfloor/#", NULL },
    { "#", NULL },
    { "+", NULL },
    { "/", NULL },
    { "+/+/#", NULL },
    { "$SYS/broker/#", NULL },
    { "fabrik/straße/ü", NULL },
    { "", "the topic filter is empty" },
    { NULL, "the topic filter is empty" },
    { "a/#/b", "in “a/#/b”, “#” must be the last level" },
    { "#/a", "in “#/a”, “#” must be the last level" },
    { "a#", "in “a#”, “#” must fill a whole level (“a/#”, not “a#”)" },
    { "a/b#", "in “a/b#”, “#” must fill a whole level (“a/#”, not “a#”)" },
    { "a+", "in “a+”, “+” must fill a whole level (“a/+/b”, not “a+/b”)" },
    { "a/+b/c", "in “a/+b/c”, “+” must fill a whole level (“a/+/b”, not “a+/b”)" },
    { "++", "in “++”, “+” must fill a whole level (“a/+/b”, not “a+/b”)" },
    { "a/\x01", "the topic filter “a/\\x01” contains a character MQTT does not allow" },
    { "a/\xef\xbf\xbf", "the topic filter “a/\xef\xbf\xbf” contains a character MQTT does not "
                        "allow" }, /* U+FFFF, a non-character */
    { "a/\xff", "the topic filter “a/\\xFF” is not valid UTF-8" },
    { "a/\xc3", "the topic filter “a/\\xC3” is not valid UTF-8" },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *big = g_strnfill (65536, 'a');

  assert_rule (topic_rule, cases, G_N_ELEMENTS (cases));

  /* NUL inside the given length: a C string would hide it */
  g_assert_false (sb_validate_topic_filter ("a\0b", 3, &error));
  g_assert_cmpstr (error->message, ==, "the topic filter contains a NUL character");
  g_clear_error (&error);
  g_assert_true (sb_validate_topic_filter ("a/bXXX", 3, NULL));

  g_assert_true (sb_validate_topic_filter (big, 65535, NULL));
  g_assert_false (sb_validate_topic_filter (big, 65536, &error));
  g_assert_cmpstr (error->message, ==, "the topic filter is 65536 bytes long (at most 65535)");
  g_clear_error (&error);

  /* Long filters are cut in the message */
  big[100] = '#';
  g_assert_false (sb_validate_topic_filter (big, 200, &error));
  g_assert_cmpstr (error->message, ==,
                   "in “aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…”, “#” must fill a whole level "
                   "(“a/#”, not “a#”)");
}

static void
test_data_path (void)
{
  static const Case cases[] = {
    { NULL, NULL },
    { "", NULL },
    { "$", NULL },
    { "$.status", NULL },
    { "$.values[0]", NULL },
    { "$..temperature", NULL },
    { "$['odd key']", NULL },
    { "$.a.b.c", NULL },
    { "status", "the data path “status” must start with “$” (like “$.status”)" },
    { ".status", "the data path “.status” must start with “$” (like “$.status”)" },
    { "$.", "the data path “$.” is not a JSONPath expression: a member name or “*” is missing "
            "after “.”" },
    /* json-glib 1.6 read past the end of these (found by fuzz-datapath). */
    { "$['", "the data path “$['” is not a JSONPath expression: a quoted member name needs a "
             "closing “']”" },
    { "$[0:5:0]", "the data path “$[0:5:0]” is not a JSONPath expression: a slice step after the "
                  "second “:” is a whole number other than 0" },
  };
  g_autoptr (GError) error = NULL;

  assert_rule (sb_validate_data_path, cases, G_N_ELEMENTS (cases));

  /* A path with half a character in it: the message must still be valid
   * UTF-8 on one line (found by fuzzing) */
  g_assert_false (sb_validate_data_path ("$\xd2\x92tatus", &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, "the data path “$\xd2\x92tatus” is not a "
                                                   "JSONPath expression: "));
  g_clear_error (&error);
  g_assert_false (sb_validate_data_path ("$\n.a", &error));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* The parser says why: the user sees what to change */
  g_assert_false (sb_validate_data_path ("$.[", &error));
  g_assert_true (
      g_str_has_prefix (error->message, "the data path “$.[” is not a JSONPath expression: "));
  g_assert_cmpuint (strlen (error->message), >,
                    strlen ("the data path “$.[” is not a JSONPath "
                            "expression: "));
}

static SbDataSource *
valid_source (void)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("shopfloor/counter/");

  sb_data_source_set_name (source, "Shopfloor");
  sb_data_source_set_broker (source, "localhost");
  sb_data_source_add_subscription (source, sub);
  return source;
}

static char *
problems_text (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *path = sb_problem_dup_path (p);

      g_string_append_printf (text, "%s: %s\n", path, p->message);
    }
  return g_string_free (text, FALSE);
}

static void
test_source_check (void)
{
  g_autoptr (SbDataSource) source = valid_source ();
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (SbSubscription) s1 = sb_subscription_new ("a/#/b");
  g_autoptr (SbSubscription) s2 = sb_subscription_new ("ok/+");
  g_autofree char *text = NULL;

  problems = sb_data_source_check (source);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Port 0 is "the default"; a set port must be a port */
  sb_data_source_set_port (source, 0);
  problems = sb_data_source_check (source);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Every problem, each with its relative field, in a stable order */
  sb_data_source_set_name (source, "");
  sb_data_source_set_broker (source, "mqtt://x");
  sb_data_source_set_keep_alive (source, 2);
  sb_data_source_set_clean_session (source, FALSE);
  sb_data_source_add_subscription (source, s1);
  sb_data_source_add_subscription (source, s2);
  sb_subscription_set_data_path (s2, "nope");
  problems = sb_data_source_check (source);
  text = problems_text (problems);
  g_assert_cmpstr (text, ==,
                   "name: a name is required\n"
                   "broker: “mqtt://x” has a scheme: remove the scheme “mqtt://” and give only "
                   "the host\n"
                   "keep_alive: 2 is not a keep-alive interval (5-65535 seconds)\n"
                   "client_id: a persistent session (clean_session false) needs a client id: the "
                   "broker keeps the session under it\n"
                   "subscriptions[1].topic: in “a/#/b”, “#” must be the last level\n"
                   "subscriptions[2].data_path: the data path “nope” must start with “$” (like "
                   "“$.status”)\n");
  /* ... each saying which subscription and key it concerns, not only as text */
  {
    SbProblem *p = problems->pdata[problems->len - 1];

    g_assert_cmpint (p->source, ==, -1);
    g_assert_cmpint (p->subscription, ==, 2);
    g_assert_cmpstr (p->key, ==, "data_path");
    g_assert_true (sb_problem_is_subscription_key (p, 2, "data_path"));
    g_assert_true (sb_problem_is_subscription_key (p, -1, "data_path"));
    g_assert_false (sb_problem_is_subscription_key (p, 1, "data_path"));
    g_assert_false (sb_problem_is_subscription_key (problems->pdata[0], -1, "name"));
  }
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A client id fixes the persistent session; no subscriptions is a problem */
  sb_data_source_set_client_id (source, "line-7");
  sb_data_source_remove_all_subscriptions (source);
  sb_data_source_set_name (source, "n");
  sb_data_source_set_broker (source, "h");
  sb_data_source_set_keep_alive (source, 60);
  problems = sb_data_source_check (source);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((SbProblem *)problems->pdata[0])->key, ==, "subscriptions");
  g_assert_cmpint (((SbProblem *)problems->pdata[0])->subscription, ==, -1);
  g_assert_cmpstr (((SbProblem *)problems->pdata[0])->message, ==,
                   "at least one subscription is required");
}

/* What the file cannot hold, or the broker would refuse, is a problem
 * before saving: otherwise the saved file would not load again. */
static void
test_source_text (void)
{
  g_autoptr (SbDataSource) source = valid_source ();
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *text = NULL;

  sb_data_source_set_id (source, "id-\xff");
  sb_data_source_set_client_id (source, "line\x01");
  sb_data_source_set_username (source, "op\xc3");
  sb_data_source_set_password (source, "p\x01w"); /* a password may hold any character */
  sb_data_source_set_tls_ca_file (source, "/etc/ssl/\xe9.pem");
  sb_data_source_set_tls_client_cert (source, "/home/\xfc/c.pem");
  sb_data_source_set_tls_client_key (source, "/home/k.pem");
  problems = sb_data_source_check (source);
  text = problems_text (problems);
  g_assert_cmpstr (text, ==,
                   "id: not valid UTF-8\n"
                   "client_id: contains a character MQTT does not allow (a control character?)\n"
                   "auth.username: not valid UTF-8\n"
                   "tls.ca_file: not valid UTF-8\n"
                   "tls.client_cert: not valid UTF-8\n");
}

/* The dialog checks as the user types: the rules must stay cheap. */
static void
test_cheap (void)
{
  g_autoptr (SbDataSource) source = valid_source ();
  g_autoptr (GTimer) timer = g_timer_new ();
  double per_check;

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *topic = g_strdup_printf ("shopfloor/station%d/+/#", i);
      g_autoptr (SbSubscription) sub = sb_subscription_new (topic);
      sb_subscription_set_data_path (sub, "$.values[0].temperature");
      sb_data_source_add_subscription (source, sub);
    }
  g_timer_start (timer);
  for (int i = 0; i < 200; i++)
    {
      g_autoptr (GPtrArray) problems = sb_data_source_check (source);
      g_assert_cmpuint (problems->len, ==, 0);
    }
  per_check = g_timer_elapsed (timer, NULL) / 200;
  g_test_message ("sb_data_source_check with 21 subscriptions: %.1f µs", per_check * 1e6);
  /* Far below a keystroke even under sanitizers (a frame is 16 ms). */
  g_assert_cmpfloat (per_check, <, 0.005);
}

/* The one rule behind the three "password sent unencrypted" warnings:
 * this computer is localhost, 127.0.0.0/8 and ::1; names are not resolved. */
static void
test_password_unencrypted (void)
{
  static const struct
  {
    const char *broker;
    gboolean warned;
  } cases[] = {
    { "broker.example", TRUE }, { "10.0.0.7", TRUE },   { "localhost", FALSE },
    { "LOCALHOST.", FALSE },    { "127.0.0.1", FALSE }, { "127.8.9.10", FALSE },
    { "::1", FALSE },           { "::2", TRUE },        { "", FALSE },
  };
  g_autoptr (SbDataSource) source = sb_data_source_new ();

  sb_data_source_set_password (source, "pw");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      sb_data_source_set_broker (source, cases[i].broker);
      g_assert_cmpint (sb_validate_password_unencrypted (source), ==, cases[i].warned);
    }
  sb_data_source_set_broker (source, "broker.example");
  sb_data_source_set_tls_enabled (source, TRUE);
  g_assert_false (sb_validate_password_unencrypted (source));
  sb_data_source_set_tls_enabled (source, FALSE);
  sb_data_source_set_password (source, "");
  g_assert_false (sb_validate_password_unencrypted (source));
  /* A password kept in the keyring goes with the connection too. */
  sb_data_source_set_password_store (source, SB_PASSWORD_STORE_KEYRING);
  g_assert_true (sb_validate_password_unencrypted (source));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/name", test_name);
  g_test_add_func ("/validate/broker", test_broker);
  g_test_add_func ("/validate/port", test_port);
  g_test_add_func ("/validate/keep-alive", test_keep_alive);
  g_test_add_func ("/validate/qos", test_qos);
  g_test_add_func ("/validate/topic-filter", test_topic_filter);
  g_test_add_func ("/validate/data-path", test_data_path);
  g_test_add_func ("/validate/data-source", test_source_check);
  g_test_add_func ("/validate/data-source-text", test_source_text);
  g_test_add_func ("/validate/cheap", test_cheap);
  g_test_add_func ("/validate/password-unencrypted", test_password_unencrypted);

  return g_test_run ();
}
