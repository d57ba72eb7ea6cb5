/* sb-topic-tree.c: the broker's topics as a tree of levels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-topic-tree.h"

/* What of a node changed since the last flush. */
enum
{
  CHANGED_MESSAGES = 1 << 0,
  CHANGED_SUBTREE = 1 << 1,
  CHANGED_RETAINED = 1 << 2,
  CHANGED_PAYLOAD = 1 << 3,
};

/* Distinct topics not kept are counted through a set of their hashes, itself
 * bounded: past this many, every further message to a topic not kept counts. */
#define NOT_KEPT_SET_MAX 1000000

struct _SbTopicNode
{
  GObject parent_instance;

  SbTopicNode *parent; /* not a reference: the parent holds its children */
  char *name;
  char *topic;

  GPtrArray *children; /* SbTopicNode *, sorted by name: what the model shows */
  GPtrArray *pending;  /* new children not announced yet, references (NULL: none) */
  GHashTable *by_name; /* name -> child, shown and pending (NULL: no children) */

  guint64 messages;
  guint64 subtree_messages;
  guint subtree_retained;  /* nodes at and below this one that hold a retained message */
  gboolean retained;       /* the latest message came as retained */
  gboolean holds_retained; /* a retained message came and no empty one since */
  GBytes *payload;
  gsize payload_size;
  gint64 time;

  guint changed; /* CHANGED_* since the last flush */
};

static void
sb_topic_node_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbTopicNode, sb_topic_node, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sb_topic_node_list_model_init))

enum
{
  NODE_PROP_0,
  NODE_PROP_NAME,
  NODE_PROP_TOPIC,
  NODE_PROP_MESSAGES,
  NODE_PROP_SUBTREE_MESSAGES,
  NODE_PROP_RETAINED,
  NODE_PROP_SUBTREE_RETAINED,
  NODE_PROP_PAYLOAD,
  NODE_PROP_TIME,
  NODE_N_PROPS
};

static GParamSpec *node_properties[NODE_N_PROPS];
static guint node_notify_signal;

static GType
sb_topic_node_get_item_type (GListModel *model)
{
  return SB_TYPE_TOPIC_NODE;
}

static guint
sb_topic_node_get_n_items (GListModel *model)
{
  return SB_TOPIC_NODE (model)->children->len;
}

static gpointer
sb_topic_node_get_item (GListModel *model, guint position)
{
  SbTopicNode *self = SB_TOPIC_NODE (model);

  if (position >= self->children->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->children, position));
}

static void
sb_topic_node_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sb_topic_node_get_item_type;
  iface->get_n_items = sb_topic_node_get_n_items;
  iface->get_item = sb_topic_node_get_item;
}

static void
sb_topic_node_finalize (GObject *object)
{
  SbTopicNode *self = SB_TOPIC_NODE (object);

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  if (self->pending != NULL)
    {
      for (guint i = 0; i < self->pending->len; i++)
        g_object_unref (g_ptr_array_index (self->pending, i));
      g_ptr_array_unref (self->pending);
    }
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->payload, g_bytes_unref);
  g_free (self->name);
  g_free (self->topic);
  G_OBJECT_CLASS (sb_topic_node_parent_class)->finalize (object);
}

static void
sb_topic_node_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbTopicNode *self = SB_TOPIC_NODE (object);

  switch (prop_id)
    {
      case NODE_PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case NODE_PROP_TOPIC:
        g_value_set_string (value, self->topic);
        break;
      case NODE_PROP_MESSAGES:
        g_value_set_uint64 (value, self->messages);
        break;
      case NODE_PROP_SUBTREE_MESSAGES:
        g_value_set_uint64 (value, self->subtree_messages);
        break;
      case NODE_PROP_RETAINED:
        g_value_set_boolean (value, self->retained);
        break;
      case NODE_PROP_SUBTREE_RETAINED:
        g_value_set_uint (value, self->subtree_retained);
        break;
      case NODE_PROP_PAYLOAD:
        g_value_set_boxed (value, self->payload);
        break;
      case NODE_PROP_TIME:
        g_value_set_int64 (value, self->time);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_topic_node_class_init (SbTopicNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_topic_node_finalize;
  object_class->get_property = sb_topic_node_get_property;

  node_properties[NODE_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  node_properties[NODE_PROP_TOPIC] = g_param_spec_string ("topic", NULL, NULL, NULL, flags);
  node_properties[NODE_PROP_MESSAGES]
      = g_param_spec_uint64 ("messages", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  node_properties[NODE_PROP_SUBTREE_MESSAGES]
      = g_param_spec_uint64 ("subtree-messages", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  node_properties[NODE_PROP_RETAINED] = g_param_spec_boolean ("retained", NULL, NULL, FALSE, flags);
  node_properties[NODE_PROP_SUBTREE_RETAINED]
      = g_param_spec_uint ("subtree-retained", NULL, NULL, 0, G_MAXUINT, 0, flags);
  node_properties[NODE_PROP_PAYLOAD]
      = g_param_spec_boxed ("payload", NULL, NULL, G_TYPE_BYTES, flags);
  node_properties[NODE_PROP_TIME]
      = g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, NODE_N_PROPS, node_properties);
  node_notify_signal = g_signal_lookup ("notify", G_TYPE_OBJECT);
}

static void
sb_topic_node_init (SbTopicNode *self)
{
  self->children = g_ptr_array_new_with_free_func (g_object_unref);
}

static SbTopicNode *
sb_topic_node_new (SbTopicNode *parent, const char *name, gsize name_len)
{
  SbTopicNode *self = g_object_new (SB_TYPE_TOPIC_NODE, NULL);

  self->parent = parent;
  self->name = g_strndup (name, name_len);
  if (parent == NULL || parent->topic == NULL)
    self->topic = g_strdup (self->name);
  else
    self->topic = g_strconcat (parent->topic, "/", self->name, NULL);
  return self;
}

const char *
sb_topic_node_get_name (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), NULL);
  return self->name;
}

const char *
sb_topic_node_get_topic (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), NULL);
  return self->topic;
}

guint64
sb_topic_node_get_messages (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), 0);
  return self->messages;
}

guint64
sb_topic_node_get_subtree_messages (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), 0);
  return self->subtree_messages;
}

gboolean
sb_topic_node_get_retained (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), FALSE);
  return self->retained;
}

guint
sb_topic_node_get_subtree_retained (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), 0);
  return self->subtree_retained;
}

GBytes *
sb_topic_node_get_payload (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), NULL);
  return self->payload;
}

gsize
sb_topic_node_get_payload_size (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), 0);
  return self->payload_size;
}

gint64
sb_topic_node_get_time (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), 0);
  return self->time;
}

SbTopicNode *
sb_topic_node_get_parent (SbTopicNode *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_NODE (self), NULL);
  /* The invisible root is nobody's parent to a caller. */
  if (self->parent == NULL || self->parent->parent == NULL)
    return NULL;
  return self->parent;
}

/* ---- the tree ---------------------------------------------------------------------------- */

struct _SbTopicTree
{
  GObject parent_instance;

  SbTopicNode *root;    /* invisible: its children are the top level */
  GHashTable *by_topic; /* topic -> node (borrowed: the nodes own their topic strings) */
  guint topic_limit;
  gsize payload_limit;

  guint n_nodes;
  guint n_topics;
  guint64 messages;
  guint64 topics_not_kept;
  GHashTable *not_kept; /* hashes of topics not kept, up to NOT_KEPT_SET_MAX */

  GPtrArray *changed_nodes; /* SbTopicNode * with changed != 0 (borrowed) */
  GPtrArray *grown_nodes;   /* SbTopicNode * with pending children (borrowed) */
  GPtrArray *added_nodes;   /* SbTopicNode * made since the last flush (borrowed) */
  gboolean counters_changed;

  GString *level; /* scratch: one level's name, NUL-terminated for lookups */
};

G_DEFINE_FINAL_TYPE (SbTopicTree, sb_topic_tree, G_TYPE_OBJECT)

enum
{
  TREE_PROP_0,
  TREE_PROP_N_NODES,
  TREE_PROP_N_TOPICS,
  TREE_PROP_TOPICS_NOT_KEPT,
  TREE_PROP_MESSAGES,
  TREE_N_PROPS
};

static GParamSpec *tree_properties[TREE_N_PROPS];

enum
{
  TREE_SIGNAL_NODES_ADDED,
  TREE_N_SIGNALS
};

static guint tree_signals[TREE_N_SIGNALS];

static void
sb_topic_tree_finalize (GObject *object)
{
  SbTopicTree *self = SB_TOPIC_TREE (object);

  g_clear_pointer (&self->by_topic, g_hash_table_unref);
  g_clear_pointer (&self->not_kept, g_hash_table_unref);
  g_clear_pointer (&self->changed_nodes, g_ptr_array_unref);
  g_clear_pointer (&self->grown_nodes, g_ptr_array_unref);
  g_clear_pointer (&self->added_nodes, g_ptr_array_unref);
  g_clear_object (&self->root);
  g_string_free (self->level, TRUE);
  G_OBJECT_CLASS (sb_topic_tree_parent_class)->finalize (object);
}

static void
sb_topic_tree_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbTopicTree *self = SB_TOPIC_TREE (object);

  switch (prop_id)
    {
      case TREE_PROP_N_NODES:
        g_value_set_uint (value, self->n_nodes);
        break;
      case TREE_PROP_N_TOPICS:
        g_value_set_uint (value, self->n_topics);
        break;
      case TREE_PROP_TOPICS_NOT_KEPT:
        g_value_set_uint64 (value, self->topics_not_kept);
        break;
      case TREE_PROP_MESSAGES:
        g_value_set_uint64 (value, self->messages);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_topic_tree_class_init (SbTopicTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_topic_tree_finalize;
  object_class->get_property = sb_topic_tree_get_property;

  tree_properties[TREE_PROP_N_NODES]
      = g_param_spec_uint ("n-nodes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  tree_properties[TREE_PROP_N_TOPICS]
      = g_param_spec_uint ("n-topics", NULL, NULL, 0, G_MAXUINT, 0, flags);
  tree_properties[TREE_PROP_TOPICS_NOT_KEPT]
      = g_param_spec_uint64 ("topics-not-kept", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  tree_properties[TREE_PROP_MESSAGES]
      = g_param_spec_uint64 ("messages", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  g_object_class_install_properties (object_class, TREE_N_PROPS, tree_properties);

  tree_signals[TREE_SIGNAL_NODES_ADDED]
      = g_signal_new ("nodes-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
sb_topic_tree_init (SbTopicTree *self)
{
  self->root = g_object_new (SB_TYPE_TOPIC_NODE, NULL);
  self->by_topic = g_hash_table_new (g_str_hash, g_str_equal);
  self->changed_nodes = g_ptr_array_new ();
  self->grown_nodes = g_ptr_array_new ();
  self->added_nodes = g_ptr_array_new ();
  self->level = g_string_new (NULL);
}

SbTopicTree *
sb_topic_tree_new (guint topic_limit, gsize payload_limit)
{
  SbTopicTree *self = g_object_new (SB_TYPE_TOPIC_TREE, NULL);

  self->topic_limit = topic_limit;
  self->payload_limit = payload_limit;
  return self;
}

static void
mark_changed (SbTopicTree *self, SbTopicNode *node, guint what)
{
  if (node->changed == 0)
    g_ptr_array_add (self->changed_nodes, node);
  node->changed |= what;
}

static void
count_not_kept (SbTopicTree *self, const char *topic)
{
  guint hash = g_str_hash (topic);

  if (self->not_kept == NULL)
    self->not_kept = g_hash_table_new (NULL, NULL);
  if (g_hash_table_size (self->not_kept) >= NOT_KEPT_SET_MAX)
    self->topics_not_kept++;
  else if (g_hash_table_add (self->not_kept, GUINT_TO_POINTER (hash)))
    self->topics_not_kept++;
  self->counters_changed = TRUE;
}

/* The child of @parent named by the @len bytes at @name, made (as pending) when
 * missing and the limit allows; NULL when it does not. */
static SbTopicNode *
child_for_level (SbTopicTree *self, SbTopicNode *parent, const char *name, gsize len)
{
  SbTopicNode *child;

  g_string_truncate (self->level, 0);
  g_string_append_len (self->level, name, len);
  if (parent->by_name != NULL)
    {
      child = g_hash_table_lookup (parent->by_name, self->level->str);
      if (child != NULL)
        return child;
    }
  if (self->n_nodes >= self->topic_limit)
    return NULL;

  child = sb_topic_node_new (parent == self->root ? NULL : parent, name, len);
  /* The root is nobody's parent in the API, but counts bubble up through it. */
  child->parent = parent;
  if (parent->by_name == NULL)
    parent->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  if (parent->pending == NULL)
    parent->pending = g_ptr_array_new (); /* holds references: see merge_pending () */
  if (parent->pending->len == 0)
    g_ptr_array_add (self->grown_nodes, parent);
  g_ptr_array_add (parent->pending, child);
  g_ptr_array_add (self->added_nodes, child);
  g_hash_table_insert (parent->by_name, child->name, child);
  g_hash_table_insert (self->by_topic, child->topic, child);
  self->n_nodes++;
  self->counters_changed = TRUE;
  return child;
}

static SbTopicNode *
node_for_topic (SbTopicTree *self, const char *topic)
{
  SbTopicNode *node = g_hash_table_lookup (self->by_topic, topic);
  const char *level = topic;

  if (node != NULL)
    return node;
  node = self->root;
  for (;;)
    {
      const char *slash = strchr (level, '/');
      gsize len = slash != NULL ? (gsize)(slash - level) : strlen (level);

      node = child_for_level (self, node, level, len);
      if (node == NULL || slash == NULL)
        return node;
      level = slash + 1;
    }
}

void
sb_topic_tree_add (SbTopicTree *self, const char *topic, GBytes *payload, gboolean retained,
                   gint64 real_time)
{
  SbTopicNode *node;
  gsize size;

  g_return_if_fail (SB_IS_TOPIC_TREE (self));
  g_return_if_fail (topic != NULL);

  self->messages++;
  self->counters_changed = TRUE;
  node = node_for_topic (self, topic);
  if (node == NULL)
    {
      count_not_kept (self, topic);
      return;
    }

  if (node->messages == 0)
    self->n_topics++;
  node->messages++;
  size = payload != NULL ? g_bytes_get_size (payload) : 0;
  g_clear_pointer (&node->payload, g_bytes_unref);
  if (payload == NULL)
    node->payload = g_bytes_new (NULL, 0);
  else if (size > self->payload_limit)
    node->payload = g_bytes_new_from_bytes (payload, 0, self->payload_limit);
  else
    node->payload = g_bytes_ref (payload);
  node->payload_size = size;
  node->time = real_time;
  mark_changed (self, node, CHANGED_MESSAGES | CHANGED_PAYLOAD);

  if (node->retained != retained)
    {
      node->retained = retained;
      mark_changed (self, node, CHANGED_RETAINED);
    }
  /* The broker keeps a retained message until an empty one replaces it; a
   * live message in between does not (what deleting has to clear). */
  if ((retained && size > 0 && !node->holds_retained) || (size == 0 && node->holds_retained))
    {
      int delta = node->holds_retained ? -1 : 1;

      node->holds_retained = !node->holds_retained;
      for (SbTopicNode *up = node; up != NULL && up != self->root; up = up->parent)
        {
          up->subtree_retained += delta;
          mark_changed (self, up, CHANGED_SUBTREE);
        }
    }
  for (SbTopicNode *up = node; up != NULL && up != self->root; up = up->parent)
    {
      up->subtree_messages++;
      mark_changed (self, up, CHANGED_SUBTREE);
    }
}

GListModel *
sb_topic_tree_get_roots (SbTopicTree *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TREE (self), NULL);
  return G_LIST_MODEL (self->root);
}

SbTopicNode *
sb_topic_tree_lookup (SbTopicTree *self, const char *topic)
{
  g_return_val_if_fail (SB_IS_TOPIC_TREE (self), NULL);
  return g_hash_table_lookup (self->by_topic, topic);
}

guint
sb_topic_tree_get_n_nodes (SbTopicTree *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TREE (self), 0);
  return self->n_nodes;
}

guint
sb_topic_tree_get_n_topics (SbTopicTree *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TREE (self), 0);
  return self->n_topics;
}

guint64
sb_topic_tree_get_topics_not_kept (SbTopicTree *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TREE (self), 0);
  return self->topics_not_kept;
}

guint64
sb_topic_tree_get_messages (SbTopicTree *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_TREE (self), 0);
  return self->messages;
}

static int
compare_nodes (gconstpointer a, gconstpointer b)
{
  const SbTopicNode *x = *(SbTopicNode *const *)a;
  const SbTopicNode *y = *(SbTopicNode *const *)b;

  return strcmp (x->name, y->name);
}

/* Where @node is among its parent's (announced) children, or -1 while it is
 * still pending there. */
static int
announced_position (SbTopicNode *node)
{
  GPtrArray *siblings = node->parent->children;
  guint low = 0, high = siblings->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      int order = compare_nodes (&g_ptr_array_index (siblings, mid), &node);

      if (order == 0)
        return g_ptr_array_index (siblings, mid) == node ? (int)mid : -1;
      if (order < 0)
        low = mid + 1;
      else
        high = mid;
    }
  return -1;
}

/* More runs of new children than this in one flush are announced as one
 * change over the span they cover, so that a view rebinds its rows once, not
 * once a run (a flood of new topics made thousands of runs a flush, each
 * rebinding every visible row). The rows of the older children inside that
 * span are made again: a GtkTreeListModel forgets whether they were open. */
#define MAX_RUNS 16

/* How many runs of consecutive positions @pending (sorted) lands in. */
static guint
count_runs (GPtrArray *children, GPtrArray *pending)
{
  guint i = 0, j = 0, runs = 0;
  gboolean in_run = FALSE;

  while (j < pending->len)
    if (i < children->len
        && compare_nodes (&g_ptr_array_index (children, i), &g_ptr_array_index (pending, j)) < 0)
      {
        i++;
        in_run = FALSE;
      }
    else
      {
        runs += in_run ? 0 : 1;
        in_run = TRUE;
        j++;
      }
  return runs;
}

/* Merges @pending (sorted, references) into @node's children at once and
 * announces the span from the first new child to the last as one change. */
static void
merge_as_one_change (SbTopicNode *node, GPtrArray *pending)
{
  GPtrArray *old = node->children;
  GPtrArray *merged = g_ptr_array_new_full (old->len + pending->len, g_object_unref);
  guint i = 0, j = 0, first = 0, last = 0;

  while (i < old->len || j < pending->len)
    if (j >= pending->len
        || (i < old->len
            && compare_nodes (&g_ptr_array_index (old, i), &g_ptr_array_index (pending, j)) < 0))
      g_ptr_array_add (merged, g_ptr_array_index (old, i++));
    else
      {
        if (j == 0)
          first = merged->len;
        last = merged->len;
        g_ptr_array_add (merged, g_ptr_array_index (pending, j++)); /* the reference moves */
      }
  g_ptr_array_set_free_func (old, NULL); /* its references moved too */
  g_ptr_array_unref (old);
  node->children = merged;
  g_list_model_items_changed (G_LIST_MODEL (node), first, last + 1 - first - pending->len,
                              last + 1 - first);
}

/* Moves @node's pending children into its sorted children, announcing each run
 * of new children as one items-changed at the position it lands on, in
 * order, so that the model is consistent at every emission (or, past
 * MAX_RUNS, the whole span as one). A node that was announced as a leaf is
 * announced again (replaced by itself in its parent's model): a
 * GtkTreeListModel asks once whether a row can expand. */
static void
merge_pending (SbTopicNode *node)
{
  GPtrArray *pending = g_steal_pointer (&node->pending); /* holds references */
  gboolean was_leaf = node->children->len == 0;
  guint position = 0;
  guint next = 0;

  g_ptr_array_sort (pending, compare_nodes);
  if (count_runs (node->children, pending) > MAX_RUNS)
    {
      merge_as_one_change (node, pending);
      next = pending->len;
    }
  while (next < pending->len)
    {
      SbTopicNode *first = g_ptr_array_index (pending, next);
      guint run = 0;

      /* Past the children that sort before the next new one (names are unique). */
      while (position < node->children->len
             && compare_nodes (&g_ptr_array_index (node->children, position), &first) < 0)
        position++;
      /* Every new one that sorts before the child now at @position goes in here. */
      while (next < pending->len)
        {
          SbTopicNode *child = g_ptr_array_index (pending, next);
          guint at = position + run;

          if (at < node->children->len
              && compare_nodes (&g_ptr_array_index (node->children, at), &child) < 0)
            break;
          g_ptr_array_insert (node->children, at, child); /* the reference moves */
          next++;
          run++;
        }
      g_list_model_items_changed (G_LIST_MODEL (node), position, 0, run);
      position += run;
    }
  g_ptr_array_unref (pending);
  if (was_leaf && node->parent != NULL)
    {
      int at = announced_position (node);

      if (at >= 0)
        g_list_model_items_changed (G_LIST_MODEL (node->parent), at, 1, 1);
    }
}

/* Whether anyone listens to @node's notifications. A flood changes thousands
 * of nodes a flush, and a view listens to the few it shows (the rows it has
 * bound): notifying every changed node (the notify queue and an emission per
 * property, with no handler to run) was 13 M instructions of a 57 M tick of
 * the Browse window under 50,000 msg/s. */
static gboolean
is_watched (SbTopicNode *node)
{
  /* The signal alone: a handler of any detail ("notify::payload" too). */
  return g_signal_handler_find (node, G_SIGNAL_MATCH_ID, node_notify_signal, 0, NULL, NULL, NULL)
         != 0;
}

/* Notifies @prop of a watched @node when a handler wants it ("notify" or
 * "notify::NAME"): the others would only cost their emission. */
static void
notify_wanted (SbTopicNode *node, guint prop)
{
  GParamSpec *pspec = node_properties[prop];

  if (g_signal_has_handler_pending (node, node_notify_signal, g_param_spec_get_name_quark (pspec),
                                    TRUE)
      || g_signal_has_handler_pending (node, node_notify_signal, 0, TRUE))
    g_object_notify_by_pspec (G_OBJECT (node), pspec);
}

guint
sb_topic_tree_flush (SbTopicTree *self)
{
  guint notified = 0;

  g_return_val_if_fail (SB_IS_TOPIC_TREE (self), 0);

  /* New children first: a changed node may be one of them. Deepest last
   * grown first: a node new in this batch then comes into its parent with its
   * children, not as a leaf to announce again. */
  for (guint i = self->grown_nodes->len; i > 0; i--)
    merge_pending (g_ptr_array_index (self->grown_nodes, i - 1));
  g_ptr_array_set_size (self->grown_nodes, 0);
  if (self->added_nodes->len > 0)
    {
      g_signal_emit (self, tree_signals[TREE_SIGNAL_NODES_ADDED], 0, self->added_nodes);
      g_ptr_array_set_size (self->added_nodes, 0);
    }

  /* One notification per property a flush, not one per message; the
   * values are all up to date before the first handler runs. */
  for (guint i = 0; i < self->changed_nodes->len; i++)
    {
      SbTopicNode *node = g_ptr_array_index (self->changed_nodes, i);
      guint changed = node->changed;

      node->changed = 0;
      if (!is_watched (node))
        continue;
      notified++;
      if (changed & CHANGED_MESSAGES)
        {
          notify_wanted (node, NODE_PROP_MESSAGES);
          notify_wanted (node, NODE_PROP_TIME);
        }
      if (changed & CHANGED_SUBTREE)
        {
          notify_wanted (node, NODE_PROP_SUBTREE_MESSAGES);
          notify_wanted (node, NODE_PROP_SUBTREE_RETAINED);
        }
      if (changed & CHANGED_RETAINED)
        notify_wanted (node, NODE_PROP_RETAINED);
      if (changed & CHANGED_PAYLOAD)
        notify_wanted (node, NODE_PROP_PAYLOAD);
    }
  g_ptr_array_set_size (self->changed_nodes, 0);

  if (self->counters_changed)
    {
      self->counters_changed = FALSE;
      g_object_freeze_notify (G_OBJECT (self));
      g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_N_NODES]);
      g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_N_TOPICS]);
      g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_TOPICS_NOT_KEPT]);
      g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_MESSAGES]);
      g_object_thaw_notify (G_OBJECT (self));
    }
  return notified;
}

static void
collect_retained (SbTopicNode *node, GPtrArray *topics)
{
  if (node->holds_retained)
    g_ptr_array_add (topics, g_strdup (node->topic));
  /* Nothing retained further down (the invisible root keeps no count). */
  if (node->parent != NULL && node->subtree_retained == (node->holds_retained ? 1u : 0u))
    return;
  for (guint i = 0; i < node->children->len; i++)
    collect_retained (g_ptr_array_index (node->children, i), topics);
  for (guint i = 0; node->pending != NULL && i < node->pending->len; i++)
    collect_retained (g_ptr_array_index (node->pending, i), topics);
}

GPtrArray *
sb_topic_tree_collect_retained (SbTopicTree *self, SbTopicNode *node)
{
  GPtrArray *topics = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SB_IS_TOPIC_TREE (self), topics);
  collect_retained (node != NULL ? node : self->root, topics);
  return topics;
}
