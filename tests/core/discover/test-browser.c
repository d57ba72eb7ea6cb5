/* test-browser.c: SbBrowser against a real mosquitto: the tree of retained and live topics
 * with exact counts and the empty level kept, a connection of its own beside the data source's
 * preview, and deleting the retained messages under a node leaves a new subscriber nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-browser.h"
#include "sb-test-broker.h"

typedef struct
{
  SbTestBroker *broker;
  SbDataSource *source;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (SbSubscription) sub = sb_subscription_new ("shopfloor/#");

  f->broker = sb_test_broker_new ();
  sb_test_broker_start (f->broker);
  f->source = sb_data_source_new ();
  sb_data_source_set_name (f->source, "Shopfloor");
  sb_data_source_set_broker (f->source, "127.0.0.1");
  sb_data_source_set_port (f->source, sb_test_broker_get_port (f->broker));
  sb_data_source_set_client_id (f->source, "press4-preview");
  sb_data_source_set_clean_session (f->source, FALSE);
  sb_data_source_add_subscription (f->source, sub);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_object_unref (f->source);
  sb_test_broker_free (f->broker);
}

typedef struct
{
  SbBrowser *browser;
  const char *topic;
  guint64 messages;
} NodeWait;

static gboolean
node_has_cb (gpointer data)
{
  NodeWait *w = data;
  SbTopicTree *tree = sb_browser_get_tree (w->browser);
  SbTopicNode *node;

  sb_topic_tree_flush (tree);
  node = sb_topic_tree_lookup (tree, w->topic);
  return node != NULL && sb_topic_node_get_messages (node) >= w->messages;
}

static gboolean
connected_cb (gpointer data)
{
  return sb_mqtt_session_get_state (data) == SB_SESSION_CONNECTED;
}

static void
wait_node (SbBrowser *browser, const char *topic, guint64 messages)
{
  NodeWait w = { browser, topic, messages };

  g_assert_true (sb_test_wait_for (node_has_cb, &w, 10000));
}

static void
test_tree (Fixture *f, gconstpointer data)
{
  g_autoptr (SbBrowser) browser = NULL;
  g_autoptr (SbMqttSession) preview = sb_mqtt_session_new (f->source);
  SbTopicTree *tree;
  SbTopicNode *shopfloor, *counter, *empty;

  sb_test_broker_publish (f->broker, "shopfloor/counter/", "5", 1, TRUE);
  sb_test_broker_publish (f->broker, "shopfloor/station1/", "200", 1, TRUE);
  sb_test_broker_publish (f->broker, "plant/press4/temp", "21.5", 1, TRUE);

  /* The data source's own preview runs beside the browser. */
  sb_mqtt_session_start (preview);
  g_assert_true (sb_test_wait_for (connected_cb, preview, 10000));

  browser = sb_browser_new (f->source, FALSE, 1000, 1024);
  g_assert_cmpstr (sb_data_source_get_client_id (sb_browser_get_source (browser)), !=,
                   "press4-preview");
  g_assert_true (sb_data_source_get_clean_session (sb_browser_get_source (browser)));
  sb_browser_start (browser);
  g_assert_true (sb_test_wait_for (connected_cb, sb_browser_get_session (browser), 10000));
  wait_node (browser, "plant/press4/temp", 1);
  wait_node (browser, "shopfloor/station1/", 1);
  wait_node (browser, "shopfloor/counter/", 1);

  sb_test_broker_publish (f->broker, "shopfloor/counter/", "6", 0, FALSE);
  sb_test_broker_publish (f->broker, "shopfloor/counter/", "7", 0, FALSE);
  wait_node (browser, "shopfloor/counter/", 3);

  tree = sb_browser_get_tree (browser);
  g_assert_cmpuint (sb_topic_tree_get_n_topics (tree), ==, 3);
  shopfloor = sb_topic_tree_lookup (tree, "shopfloor");
  counter = sb_topic_tree_lookup (tree, "shopfloor/counter");
  empty = sb_topic_tree_lookup (tree, "shopfloor/counter/");
  g_assert_cmpuint (sb_topic_node_get_messages (shopfloor), ==, 0);
  g_assert_cmpuint (sb_topic_node_get_subtree_messages (shopfloor), ==, 4);
  g_assert_cmpuint (sb_topic_node_get_messages (counter), ==, 0);
  g_assert_cmpstr (sb_topic_node_get_name (empty), ==, "");
  g_assert_cmpuint (sb_topic_node_get_messages (empty), ==, 3);
  g_assert_false (sb_topic_node_get_retained (empty));
  g_assert_true (sb_topic_node_get_retained (sb_topic_tree_lookup (tree, "shopfloor/station1/")));
  g_assert_cmpmem (g_bytes_get_data (sb_topic_node_get_payload (empty), NULL), 1, "7", 1);

  /* Browsing did not take the preview's client id: it is still connected, never dropped. */
  g_assert_cmpint (sb_mqtt_session_get_state (preview), ==, SB_SESSION_CONNECTED);
  sb_mqtt_session_stop (preview);
}

static gboolean
deleted_cb (gpointer data)
{
  SbBrowser *browser = data;
  return !sb_browser_get_deleting (browser)
         && sb_browser_get_delete_done (browser) == sb_browser_get_delete_total (browser);
}

static void
test_delete_retained (Fixture *f, gconstpointer data)
{
  g_autoptr (SbBrowser) browser = sb_browser_new (f->source, FALSE, 1000, 1024);
  g_autoptr (SbBrowser) fresh = NULL;
  g_autoptr (GError) error = NULL;
  SbTopicTree *tree;
  int cleared;

  sb_test_broker_publish (f->broker, "shopfloor/counter/", "5", 1, TRUE);
  sb_test_broker_publish (f->broker, "shopfloor/station1/", "200", 1, TRUE);
  sb_test_broker_publish (f->broker, "shopfloor/station2/", "100", 1, TRUE);
  sb_test_broker_publish (f->broker, "plant/press4/temp", "21.5", 1, TRUE);

  /* Not connected yet: nothing to publish through. */
  g_assert_cmpint (sb_browser_delete_retained (browser, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  sb_browser_start (browser);
  wait_node (browser, "shopfloor/station2/", 1);
  wait_node (browser, "shopfloor/station1/", 1);
  wait_node (browser, "shopfloor/counter/", 1);
  wait_node (browser, "plant/press4/temp", 1);
  /* A live message after the retained one: the broker still holds "5" there. */
  sb_test_broker_publish (f->broker, "shopfloor/counter/", "6", 0, FALSE);
  wait_node (browser, "shopfloor/counter/", 2);

  tree = sb_browser_get_tree (browser);
  g_assert_cmpuint (sb_topic_node_get_subtree_retained (sb_topic_tree_lookup (tree, "shopfloor")),
                    ==, 3);
  cleared = sb_browser_delete_retained (browser, sb_topic_tree_lookup (tree, "shopfloor"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cleared, ==, 3);
  g_assert_cmpuint (sb_browser_get_delete_total (browser), ==, 3);
  g_assert_true (sb_test_wait_for (deleted_cb, browser, 10000));
  sb_topic_tree_flush (tree);
  /* The tree shows the result: nothing retained under the node, the rest untouched. */
  g_assert_cmpuint (sb_topic_node_get_subtree_retained (sb_topic_tree_lookup (tree, "shopfloor")),
                    ==, 0);
  g_assert_cmpuint (sb_topic_node_get_subtree_retained (sb_topic_tree_lookup (tree, "plant")), ==,
                    1);

  /* A new subscriber gets only plant's retained message: a live marker published after it
   * subscribed arrives after every retained message the broker would send it. */
  fresh = sb_browser_new (f->source, FALSE, 1000, 1024);
  sb_browser_start (fresh);
  g_assert_true (sb_test_wait_for (connected_cb, sb_browser_get_session (fresh), 10000));
  sb_test_broker_publish (f->broker, "zz/marker", "end", 1, FALSE);
  wait_node (fresh, "zz/marker", 1);
  g_assert_nonnull (sb_topic_tree_lookup (sb_browser_get_tree (fresh), "plant/press4/temp"));
  g_assert_null (sb_topic_tree_lookup (sb_browser_get_tree (fresh), "shopfloor"));
  g_assert_cmpuint (sb_topic_tree_get_n_topics (sb_browser_get_tree (fresh)), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/browser/tree", Fixture, NULL, fixture_set_up, test_tree, fixture_tear_down);
  g_test_add ("/browser/delete-retained", Fixture, NULL, fixture_set_up, test_delete_retained,
              fixture_tear_down);
  return g_test_run ();
}
