/* test-topic-match.c: MQTT filter semantics (matching a topic, one filter
 * covering another) and the preview's search rule built on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-topic-match.h"
#include "sb-topic-search.h"

static void
test_match (void)
{
  g_assert_true (sb_topic_match ("plant/+/temp", "plant/press4/temp"));
  g_assert_true (sb_topic_match ("plant/#", "plant"));
  g_assert_true (sb_topic_match ("shopfloor/counter/", "shopfloor/counter/"));
  g_assert_false (sb_topic_match ("plant/+", "plant/press4/temp"));
  g_assert_false (sb_topic_match ("#", "$SYS/broker/uptime"));
  g_assert_true (sb_topic_match ("$SYS/#", "$SYS/broker/uptime"));
  g_assert_false (sb_topic_match ("plant/#/x", "plant/a/x"));
}

static void
test_covers (void)
{
  static const struct
  {
    const char *filter, *other;
    gboolean covers;
  } cases[] = {
    { "plant/#", "plant/press4", TRUE },
    { "plant/#", "plant/press4/#", TRUE },
    { "plant/#", "plant/+/temp", TRUE },
    { "plant/#", "plant", TRUE },
    { "plant/#", "plant/#", TRUE },
    { "#", "plant/press4/+", TRUE },
    { "#", "$SYS/broker/uptime", FALSE },
    { "+/press4", "$SYS/press4", FALSE },
    { "$SYS/#", "$SYS/broker/+", TRUE },
    { "plant/+", "plant/press4", TRUE },
    { "plant/+", "plant/+", TRUE },
    { "plant/+", "plant/press4/#", FALSE },
    { "plant/+", "plant/#", FALSE },
    { "plant/+", "plant", FALSE },
    { "plant/press4", "plant/+", FALSE },
    { "plant/press4", "plant/press4", TRUE },
    { "plant/press4", "plant/press4/temp", FALSE },
    { "plant/+/temp", "plant/press4/temp", TRUE },
    { "plant/+/temp", "plant/press4/state", FALSE },
    { "shopfloor/counter/", "shopfloor/counter", FALSE },
    { "shopfloor/+/", "shopfloor/counter/", TRUE },
    { "plant/#/x", "plant/a/x", FALSE }, /* not a valid filter */
    { "plant/#", "plant/a#", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean covers = sb_topic_filter_covers (cases[i].filter, cases[i].other);

      if (covers != cases[i].covers)
        g_error ("%s covers %s: %d, expected %d", cases[i].filter, cases[i].other, covers,
                 cases[i].covers);
    }
}

static void
test_search (void)
{
  g_autoptr (SbTopicSearch) all = sb_topic_search_new ("");
  g_autoptr (SbTopicSearch) press = sb_topic_search_new ("PRESS");
  g_autoptr (SbTopicSearch) press4 = sb_topic_search_new ("press4");
  g_autoptr (SbTopicSearch) mqtt = sb_topic_search_new ("plant/+/temp");
  g_autoptr (SbTopicSearch) kelvin = sb_topic_search_new ("k");

  g_assert_false (sb_topic_search_is_active (all));
  g_assert_true (sb_topic_search_matches (all, "anything"));
  g_assert_true (sb_topic_search_matches (press, "plant/Press4/temp"));
  g_assert_false (sb_topic_search_matches (press, "plant/line2"));
  g_assert_true (sb_topic_search_matches (mqtt, "plant/press4/temp"));
  g_assert_false (sb_topic_search_matches (mqtt, "plant/press4/temperature"));
  /* U+212A KELVIN SIGN folds to "k". */
  g_assert_true (sb_topic_search_matches (kelvin, "temp/\xe2\x84\xaa"));

  g_assert_cmpint (sb_topic_search_compare (NULL, press), ==, SB_TOPIC_SEARCH_STRICTER);
  g_assert_cmpint (sb_topic_search_compare (press, press4), ==, SB_TOPIC_SEARCH_STRICTER);
  g_assert_cmpint (sb_topic_search_compare (press4, press), ==, SB_TOPIC_SEARCH_LOOSER);
  g_assert_cmpint (sb_topic_search_compare (press4, all), ==, SB_TOPIC_SEARCH_LOOSER);
  g_assert_cmpint (sb_topic_search_compare (press, mqtt), ==, SB_TOPIC_SEARCH_DIFFERENT);
  g_assert_cmpint (sb_topic_search_compare (mqtt, press), ==, SB_TOPIC_SEARCH_DIFFERENT);
  g_assert_cmpint (sb_topic_search_compare (press4, kelvin), ==, SB_TOPIC_SEARCH_DIFFERENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topic-match/match", test_match);
  g_test_add_func ("/topic-match/covers", test_covers);
  g_test_add_func ("/topic-match/search", test_search);
  return g_test_run ();
}
