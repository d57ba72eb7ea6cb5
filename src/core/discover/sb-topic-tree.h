/* sb-topic-tree.h: the broker's topics as a tree (a trie of topic levels), fed
 * message by message, for browsing, picking subscriptions and deleting
 * retained messages
 *
 * Every level is a node, empty levels included ("shopfloor/counter/" ends in a
 * node named ""). Each node is a GListModel of its children, sorted by name,
 * so a GtkTreeListModel can show the tree as it is. Messages only update
 * counters; sb_topic_tree_flush () then tells the models and the nodes'
 * properties what changed since the last flush, so a flood costs one batch of
 * notifications per flush (a frame in the app), not one per message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SB_TYPE_TOPIC_NODE (sb_topic_node_get_type ())
G_DECLARE_FINAL_TYPE (SbTopicNode, sb_topic_node, SB, TOPIC_NODE, GObject)

/* The last level of the topic ("" for an empty level). */
const char *
sb_topic_node_get_name (SbTopicNode *self);
/* The whole topic of this node ("plant/press4"). */
const char *
sb_topic_node_get_topic (SbTopicNode *self);
/* Messages at exactly this topic. */
guint64
sb_topic_node_get_messages (SbTopicNode *self);
/* Messages at this topic and every topic below it. */
guint64
sb_topic_node_get_subtree_messages (SbTopicNode *self);
/* Whether the latest message at this topic came as retained. */
gboolean
sb_topic_node_get_retained (SbTopicNode *self);
/* Topics at and below this one where the broker holds a retained message as
 * far as the messages seen tell: a retained one came and no empty one since
 * (a live message in between does not replace it). What deleting clears. */
guint
sb_topic_node_get_subtree_retained (SbTopicNode *self);
/* The latest payload at this topic, at most the tree's payload limit of its
 * start (NULL: no message here yet). */
GBytes *
sb_topic_node_get_payload (SbTopicNode *self);
/* The full size of the latest payload (it may be longer than the one kept). */
gsize
sb_topic_node_get_payload_size (SbTopicNode *self);
/* µs since the epoch of the latest message here (0: none yet). */
gint64
sb_topic_node_get_time (SbTopicNode *self);
/* The node above (NULL at the top level). */
SbTopicNode *
sb_topic_node_get_parent (SbTopicNode *self);

#define SB_TYPE_TOPIC_TREE (sb_topic_tree_get_type ())
G_DECLARE_FINAL_TYPE (SbTopicTree, sb_topic_tree, SB, TOPIC_TREE, GObject)

/* Signal "nodes-added" (GPtrArray *nodes): the nodes a flush announced for
 * the first time (the array and the nodes are the tree's), emitted once a
 * flush after the models' items-changed; a node's parent comes before it.
 * What a view that filters needs to look at, instead of every node. */

/* @topic_limit: how many topics (nodes) are kept at most; beyond it new topics
 * are counted in "topics-not-kept". @payload_limit: bytes of a payload kept. */
SbTopicTree *
sb_topic_tree_new (guint topic_limit, gsize payload_limit);

/* One message: counts it at @topic and above, keeps its payload (a reference,
 * or a slice of @payload's start when it is larger than the limit). */
void
sb_topic_tree_add (SbTopicTree *self, const char *topic, GBytes *payload, gboolean retained,
                   gint64 real_time);

/* The top level, a GListModel of SbTopicNode sorted by name. */
GListModel *
sb_topic_tree_get_roots (SbTopicTree *self);
/* The node of @topic, or NULL. */
SbTopicNode *
sb_topic_tree_lookup (SbTopicTree *self, const char *topic);

/* Nodes kept (every level counts, as every level is a row). */
guint
sb_topic_tree_get_n_nodes (SbTopicTree *self);
/* Topics that had a message, among the nodes kept. */
guint
sb_topic_tree_get_n_topics (SbTopicTree *self);
/* Distinct topics seen but not kept because of the limit. */
guint64
sb_topic_tree_get_topics_not_kept (SbTopicTree *self);
/* Messages added in all. */
guint64
sb_topic_tree_get_messages (SbTopicTree *self);

/* The topics at @node (NULL: everywhere) and below it that hold a retained
 * message (see sb_topic_node_get_subtree_retained ()), in tree order (a new
 * array of strings). */
GPtrArray *
sb_topic_tree_collect_retained (SbTopicTree *self, SbTopicNode *node);

/* Announces what changed since the last flush: items-changed on the models
 * that got new children, notify on the nodes whose counters or payload
 * changed, and notify on the tree's own counters. Only nodes with a notify
 * handler connected (of any detail) are notified: a view listens to the rows
 * it shows, and a flood changes thousands of nodes a flush; a handler
 * connected later reads the values then. Returns how many nodes it notified. */
guint
sb_topic_tree_flush (SbTopicTree *self);

G_END_DECLS
