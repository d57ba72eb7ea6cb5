/* sb-sparkplug-decode.h: a Sparkplug B message as JSON
 *
 * The one decoded form the details pane, data paths and the CLI share:
 * {"timestamp":1765100001000,"seq":1,"metrics":[{"name":"Temperature",
 * "alias":1,"timestamp":1765100001000,"datatype":"Float","value":22.25}]}
 * with "uuid" and "body" (base64) when the payload has them, and "notes"
 * (["seq gap: 3 to 5", "death", …]) when the decoder has something to say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sb-sparkplug-state.h"
#include "sb-sparkplug-topic.h"

G_BEGIN_DECLS

#define SB_SPARKPLUG_ERROR (sb_sparkplug_error_quark ())

typedef enum
{
  SB_SPARKPLUG_ERROR_NOT_SPARKPLUG, /* the topic is not a Sparkplug B topic */
  SB_SPARKPLUG_ERROR_INVALID,       /* the payload is not a Sparkplug B payload */
  SB_SPARKPLUG_ERROR_TOO_LARGE,     /* more values than a payload is decoded with */
} SbSparkplugError;

#define SB_TYPE_SPARKPLUG_ERROR (sb_sparkplug_error_get_type ())
GType
sb_sparkplug_error_get_type (void);

GQuark
sb_sparkplug_error_quark (void);

/* The metrics of one payload that are decoded; the rest are left out with a note. */
#define SB_SPARKPLUG_MAX_METRICS 10000
/* Protobuf messages (metrics, rows, cells, properties, …) in one payload at most. */
#define SB_SPARKPLUG_MAX_VALUES 100000
/* Templates in templates, checked on the wire (protobuf-c's unpack recurses without a limit). */
#define SB_SPARKPLUG_MAX_TEMPLATE_DEPTH 8

/* Decodes @payload of a message on @topic (a Sparkplug B topic: see
 * sb_sparkplug_topic_parse ()) into one line of JSON. @state (may be NULL)
 * is what earlier messages of the session set up: births name the aliases
 * of later messages, deaths mark nodes and devices offline; it is updated.
 * @n_metrics (may be NULL) gets how many metrics the payload has.
 *
 * NULL and an SB_SPARKPLUG_ERROR on failure, with a message a person reads:
 * "not a Sparkplug B payload: truncated metric at byte 37". */
char *
sb_sparkplug_decode (SbSparkplugState *state, const char *topic, GBytes *payload, guint *n_metrics,
                     GError **error);

/* The name of Sparkplug datatype @datatype ("Float"), or NULL when it has none. */
const char *
sb_sparkplug_datatype_to_string (guint32 datatype);

G_END_DECLS
