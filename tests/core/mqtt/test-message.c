/* test-message.c: SbMessage, the one value a received message travels as
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-message.h"

static void
test_fields (void)
{
  g_autoptr (GBytes) payload = g_bytes_new ("42", 2);
  const char *pairs[] = { "unit", "°C", NULL };
  g_autoptr (SbMessageProps) props = sb_message_props_new ("text/plain", pairs);
  g_autofree char *topic = g_strdup ("plant/oven/temp");
  g_autoptr (SbMessage) message = sb_message_new (topic, payload, 2, TRUE, 3, props, 1234);

  /* The topic is the message's own copy; the payload and properties are shared, not copied. */
  topic[0] = 'X';
  g_assert_cmpstr (sb_message_get_topic (message), ==, "plant/oven/temp");
  g_assert_true (sb_message_get_payload (message) == payload);
  g_assert_true (sb_message_get_properties (message) == props);
  g_assert_cmpint (sb_message_get_qos (message), ==, 2);
  g_assert_true (sb_message_get_retained (message));
  g_assert_cmpuint (sb_message_get_subscription_index (message), ==, 3);
  g_assert_cmpint (sb_message_get_time (message), ==, 1234);
}

static void
test_boxed (void)
{
  g_autoptr (GBytes) payload = g_bytes_new_static ("", 0);
  SbMessage *message = sb_message_new ("t", payload, 0, FALSE, 0, NULL, 0);
  SbMessage *copy;

  g_assert_null (sb_message_get_properties (message));
  g_assert_cmpuint (g_bytes_get_size (sb_message_get_payload (message)), ==, 0);
  /* A GValue (a signal argument) holds it by reference. */
  g_assert_true (G_TYPE_IS_BOXED (SB_TYPE_MESSAGE));
  copy = g_boxed_copy (SB_TYPE_MESSAGE, message);
  g_assert_true (copy == message);
  g_boxed_free (SB_TYPE_MESSAGE, copy);
  g_assert_cmpstr (sb_message_get_topic (message), ==, "t");
  sb_message_unref (message);
}

/* A message made from data (the connection's): the GBytes comes at the first
 * sb_message_get_payload (), holds the same data, and is the same afterwards;
 * unasked, the data goes with the message (a leak shows under ASan). */
static void
test_take (void)
{
  char *data = g_strdup ("21.5");
  SbMessage *message = sb_message_new_take ("t", data, 4, 1, FALSE, 0, NULL, 7);
  SbMessage *unasked = sb_message_new_take ("u", g_strdup ("x"), 1, 0, FALSE, 0, NULL, 7);
  SbMessage *empty = sb_message_new_take ("e", NULL, 0, 0, FALSE, 0, NULL, 7);
  GBytes *payload = sb_message_get_payload (message);
  g_autoptr (GBytes) kept = g_bytes_ref (payload);

  g_assert_true (g_bytes_get_data (payload, NULL) == data);
  g_assert_cmpuint (g_bytes_get_size (payload), ==, 4);
  g_assert_true (sb_message_get_payload (message) == payload);
  g_assert_cmpuint (g_bytes_get_size (sb_message_get_payload (empty)), ==, 0);
  sb_message_unref (message);
  sb_message_unref (unasked);
  sb_message_unref (empty);
  /* A reference to the payload outlives the message. */
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), 4, "21.5", 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/message/fields", test_fields);
  g_test_add_func ("/message/boxed", test_boxed);
  g_test_add_func ("/message/take", test_take);
  return g_test_run ();
}
