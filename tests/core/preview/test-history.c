/* test-history.c: the per-topic history ring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-history.h"

#include <math.h>
#include <string.h>

static void
push_text (SbHistory *history, gint64 time, const char *text, SbDataPath *path)
{
  g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));
  sb_history_push_message (history, time, payload, strlen (text), path);
}

static char *
entry_text (SbHistory *history, guint index)
{
  const SbHistoryEntry *entry = sb_history_get (history, index);
  return g_strndup ((const char *)entry->data, entry->length);
}

static void
test_keeps_exactly_n (void)
{
  g_autoptr (SbHistory) history = sb_history_new (5);

  for (int i = 0; i < 12; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", i);
      push_text (history, 1000 + i, text, NULL);
      g_assert_cmpuint (sb_history_get_length (history), ==, MIN (i + 1, 5));
    }
  /* The last five, oldest first, each with its time and number. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = entry_text (history, i);
      g_autofree char *expected = g_strdup_printf ("%u", 7 + i);
      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpint (sb_history_get (history, i)->time, ==, 1007 + i);
      g_assert_cmpfloat (sb_history_get (history, i)->value, ==, 7 + i);
    }
}

static void
test_capacity_change (void)
{
  g_autoptr (SbHistory) history = sb_history_new (4);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  for (int i = 0; i < 6; i++) /* wraps: slots hold 4 5 2 3 */
    {
      g_autofree char *text = g_strdup_printf ("%d", i);
      push_text (history, i, text, NULL);
    }
  /* Shrinking keeps the newest. */
  sb_history_set_capacity (history, 3);
  g_assert_cmpuint (sb_history_get_length (history), ==, 3);
  first = entry_text (history, 0);
  g_assert_cmpstr (first, ==, "3");
  /* Growing keeps all and makes room. */
  sb_history_set_capacity (history, 10);
  g_assert_cmpuint (sb_history_get_capacity (history), ==, 10);
  for (int i = 6; i < 20; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", i);
      push_text (history, i, text, NULL);
    }
  g_assert_cmpuint (sb_history_get_length (history), ==, 10);
  g_clear_pointer (&first, g_free);
  first = entry_text (history, 0);
  last = entry_text (history, 9);
  g_assert_cmpstr (first, ==, "10");
  g_assert_cmpstr (last, ==, "19");

  sb_history_clear (history);
  g_assert_cmpuint (sb_history_get_length (history), ==, 0);
  g_assert_false (sb_history_get_range (history, NULL, NULL));
}

static void
test_numbers (void)
{
  g_autoptr (SbHistory) history = sb_history_new (10);
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataPath) path = sb_data_path_new ("$.status", &error);
  double min = 0, max = 0;

  g_assert_no_error (error);
  push_text (history, 1, " 21.5\n", NULL);
  push_text (history, 2, "running", NULL);
  push_text (history, 3, "{\"status\":200}", path);
  push_text (history, 4, "{\"status\":\"503\"}", path); /* a number in a string counts */
  push_text (history, 5, "not json", path);
  push_text (history, 6, "{\"other\":1}", path);
  push_text (history, 7, "-3e2", NULL);
  push_text (history, 8, "12abc", NULL);
  push_text (history, 9, "nan", NULL);

  g_assert_cmpfloat (sb_history_get (history, 0)->value, ==, 21.5);
  g_assert_true (isnan (sb_history_get (history, 1)->value));
  g_assert_cmpfloat (sb_history_get (history, 2)->value, ==, 200);
  g_assert_cmpfloat (sb_history_get (history, 3)->value, ==, 503);
  g_assert_true (isnan (sb_history_get (history, 4)->value));
  g_assert_true (isnan (sb_history_get (history, 5)->value));
  g_assert_cmpfloat (sb_history_get (history, 6)->value, ==, -300);
  g_assert_true (isnan (sb_history_get (history, 7)->value));
  g_assert_true (isnan (sb_history_get (history, 8)->value));
  g_assert_cmpuint (sb_history_count_numbers (history), ==, 4);
  g_assert_true (sb_history_get_range (history, &min, &max));
  g_assert_cmpfloat (min, ==, -300);
  g_assert_cmpfloat (max, ==, 503);
}

static void
test_payload_capped (void)
{
  g_autoptr (SbHistory) history = sb_history_new (2);
  g_autofree guint8 *big = g_malloc (100000);
  g_autoptr (GBytes) payload = NULL;
  const SbHistoryEntry *entry;

  /* Binary, with NUL bytes: kept as bytes, capped, full size remembered. */
  for (guint i = 0; i < 100000; i++)
    big[i] = i % 256;
  payload = g_bytes_new (big, 100000);
  sb_history_push_message (history, 1, payload, 100000, NULL);
  entry = sb_history_get (history, 0);
  g_assert_cmpuint (entry->length, ==, SB_HISTORY_PAYLOAD_CAP);
  g_assert_cmpmem (entry->data, SB_HISTORY_PAYLOAD_CAP, big, SB_HISTORY_PAYLOAD_CAP);
  g_assert_cmpuint (entry->size, ==, 100000);
  g_assert_true (isnan (entry->value));
}

static void
count_changed (SbHistory *history, guint *count)
{
  (void)history;
  (*count)++;
}

static void
test_changed_signal (void)
{
  g_autoptr (SbHistory) history = sb_history_new (3);
  guint changed = 0;

  g_signal_connect (history, "changed", G_CALLBACK (count_changed), &changed);
  push_text (history, 1, "1", NULL);
  push_text (history, 2, "2", NULL);
  g_assert_cmpuint (changed, ==, 2);
  g_object_set (history, "capacity", 1, NULL);
  g_assert_cmpuint (changed, ==, 3);
  sb_history_clear (history);
  g_assert_cmpuint (changed, ==, 4);
  sb_history_clear (history); /* nothing to clear: no signal */
  g_assert_cmpuint (changed, ==, 4);
}

/* O(1) push: a million pushes into a 100 000 ring stays far from quadratic. */
static void
test_many (void)
{
  g_autoptr (SbHistory) history = sb_history_new (SB_HISTORY_MAX_CAPACITY);
  g_autoptr (GBytes) payload = g_bytes_new_static ("42", 2);

  for (guint i = 0; i < 1000000; i++)
    sb_history_push (history, i, payload, 2, i);
  g_assert_cmpuint (sb_history_get_length (history), ==, SB_HISTORY_MAX_CAPACITY);
  g_assert_cmpint (sb_history_get (history, 0)->time, ==, 900000);
  g_assert_cmpfloat (sb_history_get (history, SB_HISTORY_MAX_CAPACITY - 1)->value, ==, 999999);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/keeps-exactly-n", test_keeps_exactly_n);
  g_test_add_func ("/history/capacity-change", test_capacity_change);
  g_test_add_func ("/history/numbers", test_numbers);
  g_test_add_func ("/history/payload-capped", test_payload_capped);
  g_test_add_func ("/history/changed-signal", test_changed_signal);
  g_test_add_func ("/history/many", test_many);

  return g_test_run ();
}
