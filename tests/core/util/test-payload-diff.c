/* test-payload-diff.c: what changed between two payloads, as the details pane shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-payload-diff.h"

static SbPayloadDiff *
diff (const char *a, const char *b)
{
  g_autoptr (GBytes) x = g_bytes_new (a, strlen (a));
  g_autoptr (GBytes) y = g_bytes_new (b, strlen (b));

  return sb_payload_diff_new (x, y);
}

static void
test_json_keys (void)
{
  g_autoptr (SbPayloadDiff) d
      = diff ("{\"status\":200,\"since\":\"10:00\",\"tags\":[1,2],\"x y\":1}",
              "{\"status\":300,\"tags\":[1,2,3],\"x y\":1,\"note\":\"hot\"}");

  g_assert_cmpint (sb_payload_diff_get_kind (d), ==, SB_PAYLOAD_DIFF_JSON);
  g_assert_cmpuint (sb_payload_diff_get_n_entries (d), ==, 4);
  /* changed */
  g_assert_cmpint (sb_payload_diff_get_change (d, 0), ==, SB_DIFF_CHANGED);
  g_assert_cmpstr (sb_payload_diff_get_path (d, 0), ==, "$.status");
  g_assert_cmpstr (sb_payload_diff_get_old (d, 0), ==, "200");
  g_assert_cmpstr (sb_payload_diff_get_new (d, 0), ==, "300");
  /* removed */
  g_assert_cmpint (sb_payload_diff_get_change (d, 1), ==, SB_DIFF_REMOVED);
  g_assert_cmpstr (sb_payload_diff_get_path (d, 1), ==, "$.since");
  g_assert_cmpstr (sb_payload_diff_get_old (d, 1), ==, "\"10:00\"");
  g_assert_null (sb_payload_diff_get_new (d, 1));
  /* an element added to an array */
  g_assert_cmpint (sb_payload_diff_get_change (d, 2), ==, SB_DIFF_ADDED);
  g_assert_cmpstr (sb_payload_diff_get_path (d, 2), ==, "$.tags[2]");
  g_assert_cmpstr (sb_payload_diff_get_new (d, 2), ==, "3");
  /* a member added */
  g_assert_cmpint (sb_payload_diff_get_change (d, 3), ==, SB_DIFF_ADDED);
  g_assert_cmpstr (sb_payload_diff_get_path (d, 3), ==, "$.note");
  g_assert_cmpstr (sb_payload_diff_get_new (d, 3), ==, "\"hot\"");
  g_assert_false (sb_payload_diff_get_truncated (d));
}

static void
test_json_nested_and_quoted (void)
{
  g_autoptr (SbPayloadDiff) d
      = diff ("{\"metrics\":[{\"name\":\"T\",\"value\":1}],\"a b\":{\"c\":true}}",
              "{\"metrics\":[{\"name\":\"T\",\"value\":2}],\"a b\":{\"c\":false}}");

  g_assert_cmpuint (sb_payload_diff_get_n_entries (d), ==, 2);
  g_assert_cmpstr (sb_payload_diff_get_path (d, 0), ==, "$.metrics[0].value");
  g_assert_cmpstr (sb_payload_diff_get_path (d, 1), ==, "$['a b'].c");
  g_assert_cmpstr (sb_payload_diff_get_old (d, 1), ==, "true");
}

static void
test_text_lines (void)
{
  g_autoptr (SbPayloadDiff) d = diff ("a\nb\nc\n", "a\nB\nc\nd\n");
  const SbDiffChange expected[]
      = { SB_DIFF_UNCHANGED, SB_DIFF_ADDED, SB_DIFF_REMOVED, SB_DIFF_UNCHANGED, SB_DIFF_ADDED };
  const char *lines[] = { "a", "B", "b", "c", "d" };

  g_assert_cmpint (sb_payload_diff_get_kind (d), ==, SB_PAYLOAD_DIFF_TEXT);
  g_assert_cmpuint (sb_payload_diff_get_n_entries (d), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *line = sb_payload_diff_get_change (d, i) == SB_DIFF_REMOVED
                             ? sb_payload_diff_get_old (d, i)
                             : sb_payload_diff_get_new (d, i);
      g_assert_cmpint (sb_payload_diff_get_change (d, i), ==, expected[i]);
      g_assert_cmpstr (line, ==, lines[i]);
    }
}

static void
test_same_binary_and_scalars (void)
{
  g_autoptr (SbPayloadDiff) same = diff ("{\"a\":1}", "{\"a\":1}");
  g_autoptr (SbPayloadDiff) numbers = diff ("41", "42");
  g_autoptr (GBytes) bin = g_bytes_new ("\x00\x01", 2);
  g_autoptr (GBytes) txt = g_bytes_new ("x", 1);
  g_autoptr (SbPayloadDiff) binary = sb_payload_diff_new (bin, txt);
  g_autoptr (SbPayloadDiff) first = sb_payload_diff_new (NULL, txt);

  g_assert_cmpint (sb_payload_diff_get_kind (same), ==, SB_PAYLOAD_DIFF_SAME);
  /* A counter's number reads as a changed line. */
  g_assert_cmpint (sb_payload_diff_get_kind (numbers), ==, SB_PAYLOAD_DIFF_TEXT);
  g_assert_cmpuint (sb_payload_diff_get_n_entries (numbers), ==, 2);
  g_assert_cmpint (sb_payload_diff_get_kind (binary), ==, SB_PAYLOAD_DIFF_BINARY);
  g_assert_cmpuint (sb_payload_diff_get_n_entries (binary), ==, 0);
  g_assert_cmpint (sb_payload_diff_get_kind (first), ==, SB_PAYLOAD_DIFF_TEXT);
}

static void
test_bounded (void)
{
  GString *a = g_string_new ("{");
  GString *b = g_string_new ("{");
  g_autoptr (SbPayloadDiff) d = NULL;
  g_autoptr (SbPayloadDiff) deep = NULL;
  g_autoptr (GString) nested = g_string_new (NULL);

  for (guint i = 0; i < 5000; i++)
    {
      g_string_append_printf (a, "%s\"k%u\":%u", i ? "," : "", i, i);
      g_string_append_printf (b, "%s\"k%u\":%u", i ? "," : "", i, i + 1);
    }
  g_string_append_c (a, '}');
  g_string_append_c (b, '}');
  d = diff (a->str, b->str);
  g_assert_cmpuint (sb_payload_diff_get_n_entries (d), ==, 1000);
  g_assert_true (sb_payload_diff_get_truncated (d));
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);

  /* Nested past the payload check's depth: compared as text, never recursed into. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nested, '[');
  deep = diff (nested->str, "[]");
  g_assert_cmpint (sb_payload_diff_get_kind (deep), ==, SB_PAYLOAD_DIFF_TEXT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/payload-diff/json-keys", test_json_keys);
  g_test_add_func ("/payload-diff/json-nested-and-quoted", test_json_nested_and_quoted);
  g_test_add_func ("/payload-diff/text-lines", test_text_lines);
  g_test_add_func ("/payload-diff/same-binary-and-scalars", test_same_binary_and_scalars);
  g_test_add_func ("/payload-diff/bounded", test_bounded);
  return g_test_run ();
}
