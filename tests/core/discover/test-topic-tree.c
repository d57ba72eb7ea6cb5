/* test-topic-tree.c: SbTopicTree counts, orders and bounds the topics it is fed, and tells
 * its models about new children consistently; a flush notifies only the nodes
 * someone listens to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-topic-tree.h"

static GBytes *
text (const char *s)
{
  return g_bytes_new (s, strlen (s));
}

static SbTopicNode *
child (GListModel *model, guint position)
{
  SbTopicNode *node = g_list_model_get_item (model, position);

  g_object_unref (node); /* the tree keeps it */
  return node;
}

static void
add (SbTopicTree *tree, const char *topic, const char *payload, gboolean retained)
{
  g_autoptr (GBytes) bytes = text (payload);

  sb_topic_tree_add (tree, topic, bytes, retained, 1000);
}

static void
test_counts_and_levels (void)
{
  g_autoptr (SbTopicTree) tree = sb_topic_tree_new (1000, 1024);
  GListModel *roots = sb_topic_tree_get_roots (tree);
  SbTopicNode *shopfloor, *counter, *empty;

  add (tree, "shopfloor/counter/", "1", TRUE);
  add (tree, "shopfloor/counter/", "2", FALSE);
  add (tree, "shopfloor/station1/", "200", TRUE);
  add (tree, "plant/press4", "on", FALSE);
  /* Nothing is announced before a flush. */
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 0);
  sb_topic_tree_flush (tree);

  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 2);
  g_assert_cmpstr (sb_topic_node_get_name (child (roots, 0)), ==, "plant");
  shopfloor = child (roots, 1);
  g_assert_cmpstr (sb_topic_node_get_name (shopfloor), ==, "shopfloor");
  g_assert_cmpuint (sb_topic_node_get_messages (shopfloor), ==, 0);
  g_assert_cmpuint (sb_topic_node_get_subtree_messages (shopfloor), ==, 3);
  g_assert_null (sb_topic_node_get_payload (shopfloor));

  counter = child (G_LIST_MODEL (shopfloor), 0);
  g_assert_cmpstr (sb_topic_node_get_topic (counter), ==, "shopfloor/counter");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (counter)), ==, 1);
  /* The empty level after the last slash is a node of its own. */
  empty = child (G_LIST_MODEL (counter), 0);
  g_assert_cmpstr (sb_topic_node_get_name (empty), ==, "");
  g_assert_cmpstr (sb_topic_node_get_topic (empty), ==, "shopfloor/counter/");
  g_assert_true (sb_topic_tree_lookup (tree, "shopfloor/counter/") == empty);
  g_assert_true (sb_topic_node_get_parent (empty) == counter);
  g_assert_null (sb_topic_node_get_parent (shopfloor));
  g_assert_cmpuint (sb_topic_node_get_messages (empty), ==, 2);
  g_assert_cmpmem (g_bytes_get_data (sb_topic_node_get_payload (empty), NULL), 1, "2", 1);
  /* The latest message there came live: not retained any more. */
  g_assert_false (sb_topic_node_get_retained (empty));
  /* ...but the broker still holds the retained "1" there. */
  g_assert_cmpuint (sb_topic_node_get_subtree_retained (shopfloor), ==, 2);

  g_assert_cmpuint (sb_topic_tree_get_n_topics (tree), ==, 3);
  g_assert_cmpuint (sb_topic_tree_get_n_nodes (tree), ==, 7);
  g_assert_cmpuint (sb_topic_tree_get_messages (tree), ==, 4);
}

/* items-changed: after every emission the model holds what the emissions said. */
typedef struct
{
  GPtrArray *mirror; /* names, as a consumer would keep them */
} Mirror;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Mirror *mirror)
{
  g_ptr_array_remove_range (mirror->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      SbTopicNode *node = child (model, position + i);
      g_ptr_array_insert (mirror->mirror, position + i, g_strdup (sb_topic_node_get_name (node)));
    }
  /* Consistent at this emission, not only at the end. */
  g_assert_cmpuint (mirror->mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->mirror->len; i++)
    g_assert_cmpstr (g_ptr_array_index (mirror->mirror, i), ==,
                     sb_topic_node_get_name (child (model, i)));
}

static void
test_sorted_insertions (void)
{
  g_autoptr (SbTopicTree) tree = sb_topic_tree_new (100000, 16);
  GListModel *roots = sb_topic_tree_get_roots (tree);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Mirror mirror = { g_ptr_array_new_with_free_func (g_free) };
  GRand *rand = g_rand_new_with_seed (7);

  g_signal_connect (roots, "items-changed", G_CALLBACK (on_items_changed), &mirror);
  for (guint round = 0; round < 20; round++)
    {
      for (guint i = 0; i < 50; i++)
        {
          g_autofree char *topic = g_strdup_printf ("t%05u/x", g_rand_int_range (rand, 0, 2000));
          add (tree, topic, "v", FALSE);
        }
      sb_topic_tree_flush (tree);
    }
  for (guint i = 1; i < g_list_model_get_n_items (roots); i++)
    g_assert_cmpint (strcmp (sb_topic_node_get_name (child (roots, i - 1)),
                             sb_topic_node_get_name (child (roots, i))),
                     <, 0);
  g_assert_cmpuint (mirror.mirror->len, ==, g_list_model_get_n_items (roots));
  g_assert_cmpuint (mirror.mirror->len, >, 300);
  g_ptr_array_unref (mirror.mirror);
  g_rand_free (rand);
}

static void
test_limits (void)
{
  g_autoptr (SbTopicTree) tree = sb_topic_tree_new (10, 4);
  g_autoptr (GBytes) big = text ("0123456789");
  SbTopicNode *node;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *topic = g_strdup_printf ("bench/%u", i);
      add (tree, topic, "x", FALSE);
      add (tree, topic, "y", FALSE);
    }
  sb_topic_tree_flush (tree);
  /* "bench" and nine topics below it are kept; 21 distinct topics are counted, not kept. */
  g_assert_cmpuint (sb_topic_tree_get_n_nodes (tree), ==, 10);
  g_assert_cmpuint (sb_topic_tree_get_n_topics (tree), ==, 9);
  g_assert_cmpuint (sb_topic_tree_get_topics_not_kept (tree), ==, 21);
  g_assert_cmpuint (sb_topic_tree_get_messages (tree), ==, 60);

  /* A payload is kept up to the limit; its full size is remembered. */
  sb_topic_tree_add (tree, "bench/0", big, FALSE, 5);
  node = sb_topic_tree_lookup (tree, "bench/0");
  g_assert_cmpuint (g_bytes_get_size (sb_topic_node_get_payload (node)), ==, 4);
  g_assert_cmpuint (sb_topic_node_get_payload_size (node), ==, 10);
  g_assert_cmpint (sb_topic_node_get_time (node), ==, 5);
}

static void
test_collect_retained (void)
{
  g_autoptr (SbTopicTree) tree = sb_topic_tree_new (1000, 64);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) under = NULL;

  add (tree, "plant/press4/temp", "20", TRUE);
  add (tree, "plant/press4/state", "on", TRUE);
  add (tree, "plant/press5/temp", "21", TRUE);
  add (tree, "plant/press4/live", "1", FALSE);
  add (tree, "other", "x", TRUE);
  sb_topic_tree_flush (tree);
  under = sb_topic_tree_collect_retained (tree, sb_topic_tree_lookup (tree, "plant/press4"));
  g_assert_cmpuint (under->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (under, 0), ==, "plant/press4/state");
  g_assert_cmpstr (g_ptr_array_index (under, 1), ==, "plant/press4/temp");
  g_assert_cmpuint (sb_topic_node_get_subtree_retained (sb_topic_tree_lookup (tree, "plant")), ==,
                    3);
  all = sb_topic_tree_collect_retained (tree, NULL);
  g_assert_cmpuint (all->len, ==, 4);

  /* Deleting publishes an empty message: it arrives live and the topic holds none. */
  add (tree, "plant/press4/temp", "", FALSE);
  g_assert_cmpuint (sb_topic_node_get_subtree_retained (sb_topic_tree_lookup (tree, "plant")), ==,
                    2);
}

typedef struct
{
  guint position, removed, added, calls;
} Changed;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, Changed *c)
{
  c->position = position;
  c->removed = removed;
  c->added = added;
  c->calls++;
}

/* A leaf that gets children is replaced by itself in its parent's model (a
 * GtkTreeListModel asks once whether a row expands); a node new in the same
 * batch comes with its children and is announced once. */
static void
test_leaf_grows (void)
{
  g_autoptr (SbTopicTree) tree = sb_topic_tree_new (1000, 1024);
  GListModel *roots = sb_topic_tree_get_roots (tree);
  SbTopicNode *plant;
  Changed top = { 0 }, below = { 0 };

  add (tree, "plant/press4", "on", FALSE);
  add (tree, "plant/line2", "3", FALSE);
  sb_topic_tree_flush (tree);
  plant = child (roots, 0);
  g_signal_connect (roots, "items-changed", G_CALLBACK (items_changed_cb), &top);
  g_signal_connect (plant, "items-changed", G_CALLBACK (items_changed_cb), &below);

  /* press4 was a leaf: announced again at its place; plant only grows. */
  add (tree, "plant/press4/temp", "21.5", FALSE);
  add (tree, "plant/press5/state/x", "1", FALSE);
  sb_topic_tree_flush (tree);
  g_assert_cmpuint (below.calls, ==, 2);
  g_assert_cmpuint (top.calls, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plant)), ==, 3);
  /* The last change: press4 (position 1) replaced, after press5 came in at 2. */
  g_assert_cmpuint (below.position, ==, 1);
  g_assert_cmpuint (below.removed, ==, 1);
  g_assert_cmpuint (below.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (child (G_LIST_MODEL (plant), 1))), ==,
                    1);

  /* A node that already has children is not announced again. */
  add (tree, "plant/press4/state", "running", FALSE);
  sb_topic_tree_flush (tree);
  g_assert_cmpuint (below.calls, ==, 2);
  g_signal_handlers_disconnect_by_data (roots, &top);
  g_signal_handlers_disconnect_by_data (plant, &below);
}

/* Many runs of new children in one flush come as one change over their span
 * (a view rebinds once); the model is consistent with it. */
static void
test_many_runs_one_change (void)
{
  g_autoptr (SbTopicTree) tree = sb_topic_tree_new (1000, 1024);
  GListModel *roots = sb_topic_tree_get_roots (tree);
  Changed c = { 0 };

  /* n000, n002, ...: then n001, n003, ... land in a run each. */
  for (guint i = 0; i < 80; i += 2)
    {
      g_autofree char *topic = g_strdup_printf ("n%03u", i);
      add (tree, topic, "1", FALSE);
    }
  sb_topic_tree_flush (tree);
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 40);
  g_signal_connect (roots, "items-changed", G_CALLBACK (items_changed_cb), &c);
  for (guint i = 1; i < 80; i += 2)
    {
      g_autofree char *topic = g_strdup_printf ("n%03u", i);
      add (tree, topic, "1", FALSE);
    }
  sb_topic_tree_flush (tree);
  g_assert_cmpuint (c.calls, ==, 1);
  /* From n001 (1) to n079 (79): 39 old ones replaced, 79 in their place. */
  g_assert_cmpuint (c.position, ==, 1);
  g_assert_cmpuint (c.removed, ==, 39);
  g_assert_cmpuint (c.added, ==, 79);
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 80);
  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *name = g_strdup_printf ("n%03u", i);
      g_assert_cmpstr (sb_topic_node_get_name (child (roots, i)), ==, name);
    }

  /* A few runs stay runs. */
  add (tree, "a", "1", FALSE);
  add (tree, "z", "1", FALSE);
  sb_topic_tree_flush (tree);
  g_assert_cmpuint (c.calls, ==, 3);
  g_assert_cmpuint (c.position, ==, 81);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 1);
  g_signal_handlers_disconnect_by_data (roots, &c);
}

static void
count_cb (GObject *object, GParamSpec *pspec, guint *calls)
{
  (*calls)++;
}

/* A burst over a thousand topics: a flush notifies only the nodes someone
 * listens to (a view's rows), each property once, not the thousand. */
static void
test_burst_notifies_watched (void)
{
  g_autoptr (SbTopicTree) tree = sb_topic_tree_new (10000, 1024);
  SbTopicNode *burst, *first, *middle;
  guint payload_calls = 0, any_calls = 0, subtree_calls = 0;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *topic = g_strdup_printf ("burst/t%04u", i);
      add (tree, topic, "0", FALSE);
    }
  sb_topic_tree_flush (tree);
  burst = sb_topic_tree_lookup (tree, "burst");
  first = sb_topic_tree_lookup (tree, "burst/t0001");
  middle = sb_topic_tree_lookup (tree, "burst/t0500");
  g_signal_connect (first, "notify::payload", G_CALLBACK (count_cb), &payload_calls);
  g_signal_connect (middle, "notify", G_CALLBACK (count_cb), &any_calls);
  g_signal_connect (burst, "notify::subtree-messages", G_CALLBACK (count_cb), &subtree_calls);

  for (guint round = 1; round <= 3; round++)
    {
      guint notified;

      for (guint m = 0; m < 5; m++)
        for (guint i = 0; i < 1000; i++)
          {
            g_autofree char *topic = g_strdup_printf ("burst/t%04u", i);
            g_autofree char *value = g_strdup_printf ("%u", round * 10 + m);
            add (tree, topic, value, FALSE);
          }
      notified = sb_topic_tree_flush (tree);
      g_assert_cmpuint (notified, ==, 3);
      /* Once a flush each, for the five messages of every topic. */
      g_assert_cmpuint (payload_calls, ==, round);
      g_assert_cmpuint (subtree_calls, ==, round);
      /* messages, time, subtree-messages, subtree-retained, payload */
      g_assert_cmpuint (any_calls, ==, 5 * round);
    }
  /* The nodes nobody listened to hold their values all the same. */
  g_assert_cmpuint (sb_topic_node_get_messages (sb_topic_tree_lookup (tree, "burst/t0999")), ==,
                    16);
  g_assert_cmpuint (sb_topic_node_get_subtree_messages (burst), ==, 16000);
  g_assert_cmpmem (g_bytes_get_data (sb_topic_node_get_payload (middle), NULL), 2, "34", 2);

  g_signal_handlers_disconnect_by_func (first, count_cb, &payload_calls);
  g_signal_handlers_disconnect_by_func (middle, count_cb, &any_calls);
  g_signal_handlers_disconnect_by_func (burst, count_cb, &subtree_calls);
  add (tree, "burst/t0001", "1", FALSE);
  g_assert_cmpuint (sb_topic_tree_flush (tree), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topic-tree/counts-and-levels", test_counts_and_levels);
  g_test_add_func ("/topic-tree/sorted-insertions", test_sorted_insertions);
  g_test_add_func ("/topic-tree/limits", test_limits);
  g_test_add_func ("/topic-tree/collect-retained", test_collect_retained);
  g_test_add_func ("/topic-tree/leaf-grows", test_leaf_grows);
  g_test_add_func ("/topic-tree/many-runs-one-change", test_many_runs_one_change);
  g_test_add_func ("/topic-tree/burst-notifies-watched", test_burst_notifies_watched);
  return g_test_run ();
}
