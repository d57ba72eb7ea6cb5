/* sb-sparkplug-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-sparkplug-state.h"

G_DEFINE_ENUM_TYPE (SbSparkplugLife, sb_sparkplug_life,
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_LIFE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_LIFE_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_LIFE_OFFLINE, "offline"))

typedef struct
{
  char *name;
  guint32 datatype;
} Alias;

typedef struct
{
  SbSparkplugLife life;
  gboolean born;
  GHashTable *aliases;   /* guint64* -> Alias */
  GHashTable *datatypes; /* name -> GUINT_TO_POINTER (datatype) */
} Entity;

typedef struct
{
  Entity self;
  GHashTable *devices; /* name -> Entity */
  gint64 bdseq;
  gint64 seq;
} Node;

struct _SbSparkplugState
{
  GObject parent_instance;
  GHashTable *nodes; /* "group/edge node" -> Node */
};

G_DEFINE_FINAL_TYPE (SbSparkplugState, sb_sparkplug_state, G_TYPE_OBJECT)

static void
alias_free (gpointer data)
{
  Alias *alias = data;

  g_free (alias->name);
  g_free (alias);
}

static void
entity_init (Entity *entity)
{
  entity->aliases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, alias_free);
  entity->datatypes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
entity_clear (Entity *entity)
{
  g_clear_pointer (&entity->aliases, g_hash_table_unref);
  g_clear_pointer (&entity->datatypes, g_hash_table_unref);
}

static void
device_free (gpointer data)
{
  entity_clear (data);
  g_free (data);
}

static void
node_free (gpointer data)
{
  Node *node = data;

  entity_clear (&node->self);
  g_hash_table_unref (node->devices);
  g_free (node);
}

static void
sb_sparkplug_state_finalize (GObject *object)
{
  SbSparkplugState *self = SB_SPARKPLUG_STATE (object);

  g_hash_table_unref (self->nodes);
  G_OBJECT_CLASS (sb_sparkplug_state_parent_class)->finalize (object);
}

static void
sb_sparkplug_state_class_init (SbSparkplugStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_sparkplug_state_finalize;
}

static void
sb_sparkplug_state_init (SbSparkplugState *self)
{
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, node_free);
}

SbSparkplugState *
sb_sparkplug_state_new (void)
{
  return g_object_new (SB_TYPE_SPARKPLUG_STATE, NULL);
}

/* Group and node names have no "/" (they are topic levels): the key is unique. */
static Node *
get_node (SbSparkplugState *self, const char *group, const char *edge_node, gboolean create)
{
  g_autofree char *key = g_strjoin ("/", group, edge_node, NULL);
  Node *node = g_hash_table_lookup (self->nodes, key);

  if (node == NULL && create && g_hash_table_size (self->nodes) < SB_SPARKPLUG_MAX_NODES)
    {
      node = g_new0 (Node, 1);
      entity_init (&node->self);
      node->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, device_free);
      node->bdseq = -1;
      node->seq = -1;
      g_hash_table_insert (self->nodes, g_steal_pointer (&key), node);
    }
  return node;
}

static Entity *
get_entity (SbSparkplugState *self, const char *group, const char *edge_node, const char *device,
            gboolean create)
{
  Node *node = get_node (self, group, edge_node, create);
  Entity *entity;

  if (node == NULL || device == NULL)
    return node != NULL ? &node->self : NULL;
  entity = g_hash_table_lookup (node->devices, device);
  if (entity == NULL && create
      && g_hash_table_size (node->devices) < SB_SPARKPLUG_MAX_DEVICES_PER_NODE)
    {
      entity = g_new0 (Entity, 1);
      entity_init (entity);
      g_hash_table_insert (node->devices, g_strdup (device), entity);
    }
  return entity;
}

SbSparkplugLife
sb_sparkplug_state_get_life (SbSparkplugState *self, const char *group, const char *edge_node,
                             const char *device)
{
  Entity *entity;

  g_return_val_if_fail (SB_IS_SPARKPLUG_STATE (self), SB_SPARKPLUG_LIFE_UNKNOWN);
  entity = get_entity (self, group, edge_node, device, FALSE);
  return entity != NULL ? entity->life : SB_SPARKPLUG_LIFE_UNKNOWN;
}

gboolean
sb_sparkplug_state_birth (SbSparkplugState *self, const char *group, const char *edge_node,
                          const char *device)
{
  Entity *entity = get_entity (self, group, edge_node, device, TRUE);

  if (entity == NULL)
    return FALSE;
  if (device == NULL)
    {
      /* A new session of the node: its devices are reborn after it. */
      Node *node = get_node (self, group, edge_node, FALSE);
      g_hash_table_remove_all (node->devices);
    }
  g_hash_table_remove_all (entity->aliases);
  g_hash_table_remove_all (entity->datatypes);
  entity->born = TRUE;
  entity->life = SB_SPARKPLUG_LIFE_ONLINE;
  return TRUE;
}

void
sb_sparkplug_state_add_metric (SbSparkplugState *self, const char *group, const char *edge_node,
                               const char *device, const char *name, gboolean has_alias,
                               guint64 alias, guint32 datatype)
{
  Entity *entity = get_entity (self, group, edge_node, device, FALSE);

  if (entity == NULL || name == NULL)
    return;
  if (g_hash_table_size (entity->datatypes) < SB_SPARKPLUG_MAX_ALIASES)
    g_hash_table_insert (entity->datatypes, g_strdup (name), GUINT_TO_POINTER (datatype));
  if (has_alias && g_hash_table_size (entity->aliases) < SB_SPARKPLUG_MAX_ALIASES)
    {
      Alias *entry = g_new0 (Alias, 1);

      entry->name = g_strdup (name);
      entry->datatype = datatype;
      g_hash_table_insert (entity->aliases, g_memdup2 (&alias, sizeof alias), entry);
    }
}

gboolean
sb_sparkplug_state_has_birth (SbSparkplugState *self, const char *group, const char *edge_node,
                              const char *device)
{
  Entity *entity = get_entity (self, group, edge_node, device, FALSE);

  return entity != NULL && entity->born;
}

const char *
sb_sparkplug_state_lookup_alias (SbSparkplugState *self, const char *group, const char *edge_node,
                                 const char *device, guint64 alias, guint32 *datatype)
{
  Entity *entity = get_entity (self, group, edge_node, device, FALSE);
  Alias *entry = entity != NULL ? g_hash_table_lookup (entity->aliases, &alias) : NULL;

  if (datatype != NULL)
    *datatype = entry != NULL ? entry->datatype : 0;
  return entry != NULL ? entry->name : NULL;
}

guint32
sb_sparkplug_state_lookup_datatype (SbSparkplugState *self, const char *group,
                                    const char *edge_node, const char *device, const char *name)
{
  Entity *entity = get_entity (self, group, edge_node, device, FALSE);

  if (entity == NULL || name == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (entity->datatypes, name));
}

void
sb_sparkplug_state_death (SbSparkplugState *self, const char *group, const char *edge_node,
                          const char *device)
{
  Entity *entity = get_entity (self, group, edge_node, device, TRUE);

  if (entity == NULL)
    return;
  entity->life = SB_SPARKPLUG_LIFE_OFFLINE;
  if (device == NULL)
    {
      /* A dead node's devices are gone with it. */
      Node *node = get_node (self, group, edge_node, FALSE);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, node->devices);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        ((Entity *)value)->life = SB_SPARKPLUG_LIFE_OFFLINE;
      node->seq = -1;
    }
}

gint64
sb_sparkplug_state_get_bdseq (SbSparkplugState *self, const char *group, const char *edge_node)
{
  Node *node = get_node (self, group, edge_node, FALSE);

  return node != NULL ? node->bdseq : -1;
}

void
sb_sparkplug_state_set_bdseq (SbSparkplugState *self, const char *group, const char *edge_node,
                              gint64 bdseq)
{
  Node *node = get_node (self, group, edge_node, TRUE);

  if (node != NULL)
    node->bdseq = bdseq;
}

gint64
sb_sparkplug_state_swap_seq (SbSparkplugState *self, const char *group, const char *edge_node,
                             gint64 seq)
{
  Node *node = get_node (self, group, edge_node, TRUE);
  gint64 before;

  if (node == NULL)
    return -1;
  before = node->seq;
  node->seq = seq;
  return before;
}
