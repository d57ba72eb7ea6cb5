/* test-payload.c: how payloads are shown to a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-payload.h"

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_text (void)
{
  g_autoptr (GBytes) plain = bytes ("42.5");
  g_autoptr (GBytes) utf8 = bytes ("Temperatur 21 °C, 温度");
  g_autofree char *plain_text = sb_payload_display_text (plain, 100);
  g_autofree char *utf8_text = sb_payload_display_text (utf8, 100);

  g_assert_true (sb_payload_is_text (plain));
  g_assert_true (sb_payload_is_text (utf8));
  g_assert_cmpstr (plain_text, ==, "42.5");
  g_assert_cmpstr (utf8_text, ==, "Temperatur 21 °C, 温度");
}

static void
test_empty (void)
{
  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
  g_autofree char *text = sb_payload_display_text (empty, 100);

  g_assert_true (sb_payload_is_text (empty));
  g_assert_cmpstr (text, ==, "");
}

static void
test_control_characters (void)
{
  g_autoptr (GBytes) lines = bytes ("a\nb\tc\033[2J");
  g_autofree char *text = sb_payload_display_text (lines, 100);

  /* One line, and no escape sequence reaches a terminal. */
  g_assert_true (sb_payload_is_text (lines));
  g_assert_null (strchr (text, '\n'));
  g_assert_null (strchr (text, '\033'));
  g_assert_cmpstr (text, ==, "a␊b␉c␛[2J");
}

/* Issue 16, item 13: bidi controls and zero-width characters cannot disguise
 * a payload or a topic; both go through one rule. */
static void
test_invisible_characters (void)
{
  g_autoptr (GBytes) payload = bytes ("a\u202Eb\u200Bc\uFEFF");
  g_autofree char *text = sb_payload_display_text (payload, 100);
  g_autofree char *topic = sb_text_display_escaped ("t/\u2066x\u2069/\n\xff", -1);

  g_assert_cmpstr (text, ==, "a<U+202E>b<U+200B>c<U+FEFF>");
  g_assert_cmpstr (topic, ==, "t/<U+2066>x<U+2069>/␊\uFFFD");
}

static void
test_cut (void)
{
  g_autoptr (GBytes) long_text = bytes ("straße straße straße");
  g_autofree char *text = sb_payload_display_text (long_text, 8);
  g_autofree char *exact = sb_payload_display_text (long_text, 20);

  g_assert_cmpstr (text, ==, "straße …");
  g_assert_cmpint (g_utf8_strlen (text, -1), ==, 8);
  g_assert_cmpstr (exact, ==, "straße straße straße");
}

static void
test_binary_all_bytes (void)
{
  guint8 data[256];
  g_autoptr (GBytes) payload = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 256; i++)
    data[i] = i;
  payload = g_bytes_new (data, sizeof data);
  text = sb_payload_display_text (payload, 100);

  g_assert_false (sb_payload_is_text (payload));
  g_assert_cmpstr (text, ==,
                   "<binary, 256 bytes> 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f …");
}

static void
test_nul_is_binary (void)
{
  g_autoptr (GBytes) payload = g_bytes_new ("ab\0cd", 5);
  g_autofree char *text = sb_payload_display_text (payload, 100);

  g_assert_false (sb_payload_is_text (payload));
  g_assert_cmpstr (text, ==, "<binary, 5 bytes> 61 62 00 63 64");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr (GBytes) latin1 = g_bytes_new ("Stra\xdf"
                                           "e",
                                           6);

  g_assert_false (sb_payload_is_text (latin1));
}

static void
test_prefix (void)
{
  /* "ß" is c3 9f: a 64 KiB cut between the two bytes is still text. */
  g_autoptr (GBytes) cut = g_bytes_new ("abc\xc3", 4);
  g_autoptr (GBytes) binary = g_bytes_new ("ab\xff\xfe", 4);
  g_autofree char *cut_text = sb_payload_display_text_prefix (cut, 1000, 100);
  g_autofree char *binary_text = sb_payload_display_text_prefix (binary, 1048576, 100);

  g_assert_true (sb_payload_is_text_prefix (cut, 1000));
  /* Complete, the same bytes are not text. */
  g_assert_false (sb_payload_is_text_prefix (cut, 4));
  g_assert_cmpstr (cut_text, ==, "abc…");
  g_assert_false (sb_payload_is_text_prefix (binary, 1048576));
  g_assert_cmpstr (binary_text, ==, "<binary, 1048576 bytes> 61 62 ff fe …");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payload/text", test_text);
  g_test_add_func ("/payload/empty", test_empty);
  g_test_add_func ("/payload/invisible-characters", test_invisible_characters);
  g_test_add_func ("/payload/control-characters", test_control_characters);
  g_test_add_func ("/payload/cut", test_cut);
  g_test_add_func ("/payload/binary-all-bytes", test_binary_all_bytes);
  g_test_add_func ("/payload/nul-is-binary", test_nul_is_binary);
  g_test_add_func ("/payload/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/payload/prefix", test_prefix);

  return g_test_run ();
}
