/* sb-sparkplug-state.h: what a Sparkplug B host remembers between messages
 *
 * One per session: the alias-to-name maps each BIRTH sets up (a later DATA
 * carries aliases only), whether each edge node and device is online, and
 * the last bdSeq and seq of each node, so gaps can be reported. The decoder
 * (sb-sparkplug-decode.h) reads and updates it; views read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SB_TYPE_SPARKPLUG_STATE (sb_sparkplug_state_get_type ())
G_DECLARE_FINAL_TYPE (SbSparkplugState, sb_sparkplug_state, SB, SPARKPLUG_STATE, GObject)

typedef enum
{
  SB_SPARKPLUG_LIFE_UNKNOWN, /* neither birth nor death seen */
  SB_SPARKPLUG_LIFE_ONLINE,  /* born, not dead since */
  SB_SPARKPLUG_LIFE_OFFLINE, /* dead (or its node died) */
} SbSparkplugLife;

#define SB_TYPE_SPARKPLUG_LIFE (sb_sparkplug_life_get_type ())
GType
sb_sparkplug_life_get_type (void);

/* Nodes and devices remembered at most (a hostile broker can invent names). */
#define SB_SPARKPLUG_MAX_NODES 10000
#define SB_SPARKPLUG_MAX_DEVICES_PER_NODE 10000
/* Aliases a birth may set up: the metrics a payload shows at most. */
#define SB_SPARKPLUG_MAX_ALIASES 10000

SbSparkplugState *
sb_sparkplug_state_new (void);

/* @device NULL: the edge node itself. */
SbSparkplugLife
sb_sparkplug_state_get_life (SbSparkplugState *self, const char *group, const char *edge_node,
                             const char *device);

/* For the decoder. A birth forgets the aliases the node (an NBIRTH: and its
 * devices) had and marks it online; FALSE when too many nodes or devices are
 * remembered already (the birth is then decoded without being kept). */
gboolean
sb_sparkplug_state_birth (SbSparkplugState *self, const char *group, const char *edge_node,
                          const char *device);
/* Remembers metric @name of @datatype (0: not given) from the last birth,
 * and that @alias (when @has_alias) stands for it. */
void
sb_sparkplug_state_add_metric (SbSparkplugState *self, const char *group, const char *edge_node,
                               const char *device, const char *name, gboolean has_alias,
                               guint64 alias, guint32 datatype);
/* FALSE when no birth of this node or device has been seen. */
gboolean
sb_sparkplug_state_has_birth (SbSparkplugState *self, const char *group, const char *edge_node,
                              const char *device);
/* The name (borrowed) and datatype @alias has, or NULL when the birth did not name it. */
const char *
sb_sparkplug_state_lookup_alias (SbSparkplugState *self, const char *group, const char *edge_node,
                                 const char *device, guint64 alias, guint32 *datatype);
/* The datatype the birth gave metric @name, or 0. */
guint32
sb_sparkplug_state_lookup_datatype (SbSparkplugState *self, const char *group,
                                    const char *edge_node, const char *device, const char *name);
void
sb_sparkplug_state_death (SbSparkplugState *self, const char *group, const char *edge_node,
                          const char *device);

/* The bdSeq of the node's last NBIRTH, or -1. */
gint64
sb_sparkplug_state_get_bdseq (SbSparkplugState *self, const char *group, const char *edge_node);
void
sb_sparkplug_state_set_bdseq (SbSparkplugState *self, const char *group, const char *edge_node,
                              gint64 bdseq);
/* Records @seq for the node and returns the seq it had before (-1: none). */
gint64
sb_sparkplug_state_swap_seq (SbSparkplugState *self, const char *group, const char *edge_node,
                             gint64 seq);

G_END_DECLS
