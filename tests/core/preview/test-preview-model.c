/* test-preview-model.c: one row per topic, coalesced updates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-preview-model.h"
#include "sb-topic-overflow.h"
#include "sb-test-broker.h"

typedef struct
{
  guint emissions;
  guint added;
  guint removed;
  guint last_position;
} ItemsChanged;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, ItemsChanged *seen)
{
  seen->emissions++;
  seen->added += added;
  seen->removed += removed;
  seen->last_position = position;
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
push_text (SbPreviewModel *model, const char *topic, const char *text)
{
  g_autoptr (GBytes) payload = bytes (text);
  g_autoptr (SbMessage) message
      = sb_message_new (topic, payload, 1, FALSE, 0, NULL, g_get_real_time ());
  sb_preview_model_push (model, message);
}

static void
test_rows_in_arrival_order (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  ItemsChanged seen = { 0 };
  g_autoptr (SbTopicRow) first = NULL;
  g_autoptr (SbTopicRow) second = NULL;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &seen);
  push_text (model, "b/2", "x");
  push_text (model, "a/1", "y");
  push_text (model, "b/2", "z");
  /* Nothing visible before the flush: the view sees whole batches. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (seen.emissions, ==, 0);

  sb_preview_model_flush (model);
  g_assert_cmpuint (seen.emissions, ==, 1);
  g_assert_cmpuint (seen.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  second = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (sb_topic_row_get_topic (first), ==, "b/2");
  g_assert_cmpstr (sb_topic_row_get_display_text (first), ==, "z");
  g_assert_cmpuint (sb_topic_row_get_count (first), ==, 2);
  g_assert_cmpstr (sb_topic_row_get_topic (second), ==, "a/1");
  g_assert_true (sb_preview_model_lookup (model, "a/1") == second);
  g_assert_null (sb_preview_model_lookup (model, "a/2"));
  g_assert_cmpuint (sb_preview_model_get_message_count (model), ==, 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 2));
}

static gboolean
emitted_once (gpointer data)
{
  return ((ItemsChanged *)data)->emissions >= 1;
}

static void
test_burst_is_coalesced (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  ItemsChanged seen = { 0 };
  guint row_notifies = 0;
  guint count_notifies = 0;
  SbTopicRow *row;
  char topic[32];

  push_text (model, "burst/0", "start");
  sb_preview_model_flush (model);
  row = sb_preview_model_lookup (model, "burst/0");
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &seen);
  g_signal_connect (row, "notify::display-text", G_CALLBACK (count_notify), &row_notifies);
  g_signal_connect (row, "notify::count", G_CALLBACK (count_notify), &count_notifies);

  /* 10,000 messages to one existing row and 19 new ones, all in one frame
   * (new rows into a near-empty table come a couple of dozen per frame). */
  for (guint i = 0; i < 10000; i++)
    {
      g_snprintf (topic, sizeof topic, "burst/%u", i % 20);
      push_text (model, topic, i == 9980 ? "last" : "value");
    }
  g_assert_true (sb_test_wait_for (emitted_once, &seen, 5000));

  g_assert_cmpuint (seen.emissions, ==, 1);
  g_assert_cmpuint (seen.added, ==, 19);
  g_assert_cmpuint (seen.last_position, ==, 1);
  g_assert_cmpuint (row_notifies, ==, 1);
  g_assert_cmpuint (count_notifies, ==, 1);
  g_assert_cmpuint (sb_topic_row_get_count (row), ==, 501);
  g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, "last");

  /* A quiet model emits nothing more. */
  sb_preview_model_flush (model);
  g_assert_cmpuint (seen.emissions, ==, 1);
  g_assert_cmpuint (row_notifies, ==, 1);
}

typedef struct
{
  SbPreviewModel *model;
  guint emissions;
  guint added;
  guint largest;
  guint first;         /* rows of the first addition */
  gboolean contiguous; /* each addition starts where the last one ended */
} Slices;

static void
on_slice (GListModel *model, guint position, guint removed, guint added, Slices *slices)
{
  if (position != slices->added || removed != 0)
    slices->contiguous = FALSE;
  if (slices->emissions++ == 0)
    slices->first = added;
  slices->added += added;
  slices->largest = MAX (slices->largest, added);
  /* What the view sees at each step is what was announced. */
  if (g_list_model_get_n_items (model) != slices->added)
    slices->contiguous = FALSE;
}

static gboolean
all_announced (gpointer data)
{
  Slices *slices = data;
  return g_list_model_get_n_items (G_LIST_MODEL (slices->model)) == 10000;
}

/* 10,000 new topics in one burst reach the view in slices, not as one huge
 * addition: a couple of dozen rows into the empty table first (a list view
 * makes widgets for each of them), then growing with the rows shown, up to a
 * few hundred; the model ends exact. */
static void
test_new_rows_in_slices (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  Slices slices = { model, 0, 0, 0, 0, TRUE };
  char topic[32];

  g_signal_connect (model, "items-changed", G_CALLBACK (on_slice), &slices);
  for (guint i = 0; i < 10000; i++)
    {
      g_snprintf (topic, sizeof topic, "slice/%05u", i);
      push_text (model, topic, topic);
    }
  /* A second message to a row still waiting for its slice. */
  push_text (model, "slice/09999", "again");
  g_assert_true (sb_test_wait_for (all_announced, &slices, 10000));

  g_test_message ("%u items-changed, the largest adding %u rows", slices.emissions, slices.largest);
  g_assert_cmpuint (slices.added, ==, 10000);
  g_assert_cmpuint (slices.emissions, >=, 10);
  g_assert_cmpuint (slices.first, <=, 50);
  g_assert_cmpuint (slices.largest, >=, 200);
  g_assert_cmpuint (slices.largest, <=, 1000);
  g_assert_true (slices.contiguous);
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr (SbTopicRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_snprintf (topic, sizeof topic, "slice/%05u", i);
      g_assert_cmpstr (sb_topic_row_get_topic (row), ==, topic);
      g_assert_cmpuint (sb_topic_row_get_count (row), ==, i == 9999 ? 2 : 1);
      g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, i == 9999 ? "again" : topic);
    }
  g_assert_cmpuint (sb_preview_model_get_message_count (model), ==, 10001);

  /* Nothing more comes; an explicit flush still announces everything at once. */
  sb_preview_model_flush (model);
  g_assert_cmpuint (slices.added, ==, 10000);
  for (guint i = 0; i < 2000; i++)
    {
      g_snprintf (topic, sizeof topic, "more/%u", i);
      push_text (model, topic, "x");
    }
  sb_preview_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 12000);
  g_assert_cmpuint (slices.largest, ==, 2000);
}

typedef struct
{
  SbPreviewModel *model;
  guint n_items;  /* wait until the model shows more than this */
  guint notifies; /* "count" notifications of the watched row */
  guint wanted;
} Paced;

static gboolean
grew_cb (gpointer data)
{
  Paced *paced = data;
  return g_list_model_get_n_items (G_LIST_MODEL (paced->model)) > paced->n_items;
}

static gboolean
notified_cb (gpointer data)
{
  Paced *paced = data;
  return paced->notifies >= paced->wanted;
}

static void
count_notified (GObject *row, GParamSpec *pspec, Paced *paced)
{
  paced->notifies++;
}

/* A view on screen paces the model: one slice of new rows per painted frame
 * (frame_done), or after 250 ms without a frame; updates to rows already
 * shown still flush every frame; an explicit flush announces everything. */
static void
test_paced_by_frames (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  Paced paced = { model, 0, 0, 0 };
  char topic[32];
  SbTopicRow *first;
  gint64 start;
  guint shown;

  sb_preview_model_set_paced (model, TRUE);
  for (guint i = 0; i < 1000; i++)
    {
      g_snprintf (topic, sizeof topic, "paced/%04u", i);
      push_text (model, topic, "x");
    }
  /* The first slice goes at once: no frame has to come first. */
  g_assert_true (sb_test_wait_for (grew_cb, &paced, 5000));
  start = g_get_monotonic_time ();
  shown = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (shown, <, 1000);

  /* A timed flush runs (the shown row's new count is notified) and
   * announces no new rows: no frame was painted since the last slice. */
  first = sb_preview_model_lookup (model, "paced/0000");
  g_signal_connect (first, "notify::count", G_CALLBACK (count_notified), &paced);
  push_text (model, "paced/0000", "y");
  paced.wanted = 1;
  g_assert_true (sb_test_wait_for (notified_cb, &paced, 5000));
  /* (Unless this machine took longer than the fallback to get here.) */
  if (g_get_monotonic_time () - start < 200 * 1000)
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, shown);
  else
    g_test_message ("too slow to tell a timed flush from the fallback");

  /* A painted frame lets the next slice through. */
  paced.n_items = shown;
  sb_preview_model_frame_done (model);
  g_assert_true (sb_test_wait_for (grew_cb, &paced, 5000));
  shown = g_list_model_get_n_items (G_LIST_MODEL (model));

  /* No frame (a window that stopped painting): the next slice still comes,
   * after the fallback interval. */
  paced.n_items = shown;
  start = g_get_monotonic_time ();
  g_assert_true (sb_test_wait_for (grew_cb, &paced, 5000));
  /* Unpaced, a slice would have come with the next 16 ms flush. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);

  /* An explicit flush announces the rest. */
  sb_preview_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
}

static void
test_display_text_is_lazy_and_cached (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  SbTopicRow *row;
  const char *text;

  push_text (model, "t", "one");
  sb_preview_model_flush (model);
  row = sb_preview_model_lookup (model, "t");
  text = sb_topic_row_get_display_text (row);
  g_assert_cmpstr (text, ==, "one");
  /* The same string until the payload changes. */
  g_assert_true (sb_topic_row_get_display_text (row) == text);
  push_text (model, "t", "two");
  g_assert_cmpstr (sb_topic_row_get_display_text (row), ==, "two");
}

static void
test_large_payload_is_capped (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  gsize size = 1024 * 1024;
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr (GBytes) payload = NULL;
  SbTopicRow *row;

  for (gsize i = 0; i < size; i++)
    data[i] = i & 0xff;
  payload = g_bytes_new (data, size);
  g_autoptr (SbMessage) message = sb_message_new ("big", payload, 0, TRUE, 3, NULL, 1000);
  sb_preview_model_push (model, message);
  sb_preview_model_flush (model);
  row = sb_preview_model_lookup (model, "big");

  g_assert_cmpuint (sb_topic_row_get_payload_size (row), ==, size);
  g_assert_cmpuint (g_bytes_get_size (sb_topic_row_get_payload (row)), <=, 64 * 1024);
  g_assert_true (sb_topic_row_get_is_binary (row));
  g_assert_true (
      g_str_has_prefix (sb_topic_row_get_display_text (row), "<binary, 1048576 bytes> 00 01 02"));
  g_assert_true (sb_topic_row_get_retained (row));
  g_assert_cmpuint (sb_topic_row_get_subscription_index (row), ==, 3);
  g_assert_cmpint (sb_topic_row_get_first_time (row), ==, 1000);
  g_assert_cmpint (sb_topic_row_get_last_time (row), ==, 1000);
}

/* The row keeps the message before the latest for the diff, bounded as the
 * latest is. */
static void
test_previous_payload (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  gsize size = 1024 * 1024;
  g_autofree guint8 *data = g_malloc0 (size);
  g_autoptr (GBytes) big = g_bytes_new (data, size);
  SbTopicRow *row;

  push_text (model, "t", "{\"a\":1}");
  sb_preview_model_flush (model);
  row = sb_preview_model_lookup (model, "t");
  g_assert_null (sb_topic_row_get_previous_payload (row));

  push_text (model, "t", "{\"a\":2}");
  sb_preview_model_flush (model);
  g_assert_cmpmem (g_bytes_get_data (sb_topic_row_get_previous_payload (row), NULL),
                   g_bytes_get_size (sb_topic_row_get_previous_payload (row)), "{\"a\":1}", 7);
  g_assert_cmpuint (sb_topic_row_get_previous_payload_size (row), ==, 7);

  g_autoptr (SbMessage) message = sb_message_new ("t", big, 0, FALSE, 0, NULL, 1000);
  sb_preview_model_push (model, message);
  push_text (model, "t", "x");
  sb_preview_model_flush (model);
  g_assert_cmpuint (sb_topic_row_get_previous_payload_size (row), ==, size);
  g_assert_cmpuint (g_bytes_get_size (sb_topic_row_get_previous_payload (row)), <=, 64 * 1024);
}

/* The GSettings key "payload-display-limit" drives this property: the bytes
 * kept per row follow it, the size and the data path still see everything. */
static void
test_payload_limit (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  static const char json[] = "{\"status\":200,\"pad\":\"xxxxxxxxxx\"}";
  g_autoptr (GBytes) payload = g_bytes_new_static (json, strlen (json));
  SbTopicRow *row;

  g_assert_cmpuint (sb_preview_model_get_payload_limit (model), ==, 64 * 1024);
  g_object_set (model, "payload-limit", 8, NULL);
  g_assert_cmpuint (sb_preview_model_get_payload_limit (model), ==, 8);
  sb_preview_model_set_data_path (model, 0, "$.status");
  g_autoptr (SbMessage) message = sb_message_new ("line/1", payload, 1, FALSE, 0, NULL, 1000);
  sb_preview_model_push (model, message);
  sb_preview_model_flush (model);
  row = sb_preview_model_lookup (model, "line/1");
  g_assert_cmpuint (g_bytes_get_size (sb_topic_row_get_payload (row)), ==, 8);
  g_assert_cmpuint (sb_topic_row_get_payload_size (row), ==, strlen (json));
  g_assert_cmpstr (sb_topic_row_get_value_text (row), ==, "200");

  /* A larger limit applies to the next message. */
  sb_preview_model_set_payload_limit (model, 1000);
  g_autoptr (SbMessage) later = sb_message_new ("line/1", payload, 1, FALSE, 0, NULL, 2000);
  sb_preview_model_push (model, later);
  sb_preview_model_flush (model);
  g_assert_cmpuint (g_bytes_get_size (sb_topic_row_get_payload (row)), ==, strlen (json));
}

static void
test_clear (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  ItemsChanged seen = { 0 };

  push_text (model, "a", "1");
  push_text (model, "b", "2");
  sb_preview_model_flush (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &seen);
  push_text (model, "c", "3"); /* pending, never announced */
  sb_preview_model_clear (model);

  g_assert_cmpuint (seen.emissions, ==, 1);
  g_assert_cmpuint (seen.removed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (sb_preview_model_lookup (model, "a"));
  g_assert_cmpuint (sb_preview_model_get_message_count (model), ==, 0);
  sb_preview_model_flush (model);
  g_assert_cmpuint (seen.emissions, ==, 1);

  push_text (model, "a", "again");
  sb_preview_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (sb_topic_row_get_count (sb_preview_model_lookup (model, "a")), ==, 1);
}

/* Issue 16, item 11: beyond "topic-limit" new topics are counted, not kept. */
static void
test_topic_limit (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  g_autofree char *said = NULL;
  g_autofree char *big = sb_topic_overflow_describe (1234, 200000);
  g_autofree char *huge = sb_topic_overflow_describe (SB_TOPIC_OVERFLOW_TRACKED, 200000);

  g_assert_cmpuint (sb_preview_model_get_topic_limit (model), ==, 200000);
  g_object_set (model, "topic-limit", 3, NULL);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 7; i++)
      {
        g_autofree char *topic = g_strdup_printf ("lim/%u", i);
        push_text (model, topic, "1");
      }
  sb_preview_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_nonnull (sb_preview_model_lookup (model, "lim/2"));
  g_assert_null (sb_preview_model_lookup (model, "lim/3"));
  g_assert_cmpuint (sb_preview_model_get_message_count (model), ==, 14);
  g_assert_cmpuint (sb_preview_model_get_topics_not_shown (model), ==, 4);
  said = sb_preview_model_describe_topics_not_shown (model);
  g_assert_cmpstr (said, ==, "4 topics not shown: limit 3");
  g_assert_cmpstr (big, ==, "1,234 topics not shown: limit 200,000");
  g_assert_cmpstr (huge, ==, "more than 1,000,000 topics not shown: limit 200,000");

  sb_preview_model_clear (model);
  g_assert_cmpuint (sb_preview_model_get_topics_not_shown (model), ==, 0);
  g_assert_null (sb_preview_model_describe_topics_not_shown (model));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preview-model/rows-in-arrival-order", test_rows_in_arrival_order);
  g_test_add_func ("/preview-model/topic-limit", test_topic_limit);
  g_test_add_func ("/preview-model/burst-is-coalesced", test_burst_is_coalesced);
  g_test_add_func ("/preview-model/new-rows-in-slices", test_new_rows_in_slices);
  g_test_add_func ("/preview-model/paced-by-frames", test_paced_by_frames);
  g_test_add_func ("/preview-model/display-text-is-lazy", test_display_text_is_lazy_and_cached);
  g_test_add_func ("/preview-model/large-payload-is-capped", test_large_payload_is_capped);
  g_test_add_func ("/preview-model/payload-limit", test_payload_limit);
  g_test_add_func ("/preview-model/previous-payload", test_previous_payload);
  g_test_add_func ("/preview-model/clear", test_clear);

  return g_test_run ();
}
