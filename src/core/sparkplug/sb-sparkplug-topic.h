/* sb-sparkplug-topic.h: what a Sparkplug B topic names
 *
 * "spBv1.0/<group>/<type>/<edge node>[/<device>]" with one of the eight
 * message types, or "spBv1.0/STATE/<host>". Anything else is not Sparkplug,
 * however its payload looks: nothing is guessed from payloads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SB_SPARKPLUG_NONE, /* not a Sparkplug topic */
  SB_SPARKPLUG_NBIRTH,
  SB_SPARKPLUG_NDEATH,
  SB_SPARKPLUG_DBIRTH,
  SB_SPARKPLUG_DDEATH,
  SB_SPARKPLUG_NDATA,
  SB_SPARKPLUG_DDATA,
  SB_SPARKPLUG_NCMD,
  SB_SPARKPLUG_DCMD,
  SB_SPARKPLUG_HOST_STATE, /* spBv1.0/STATE/<host>: a host application's JSON */
} SbSparkplugType;

#define SB_TYPE_SPARKPLUG_TYPE (sb_sparkplug_type_get_type ())
GType
sb_sparkplug_type_get_type (void);

typedef struct
{
  SbSparkplugType type;
  char *group;     /* NULL for STATE */
  char *edge_node; /* the host id for STATE */
  char *device;    /* NULL for node messages */
} SbSparkplugTopic;

/* Fills @out and returns TRUE when @topic is a Sparkplug B topic; clear
 * @out with sb_sparkplug_topic_clear () afterwards. @out may be NULL. */
gboolean
sb_sparkplug_topic_parse (const char *topic, SbSparkplugTopic *out);
void
sb_sparkplug_topic_clear (SbSparkplugTopic *topic);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SbSparkplugTopic, sb_sparkplug_topic_clear)

/* "NBIRTH", …, "STATE"; NULL for SB_SPARKPLUG_NONE. */
const char *
sb_sparkplug_type_to_string (SbSparkplugType type);

/* "Plant1/Press4" or "Plant1/Press4/Station2": the node or device as notes name it. */
char *
sb_sparkplug_topic_describe (const SbSparkplugTopic *topic);

G_END_DECLS
