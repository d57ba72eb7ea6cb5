/* sb-topic-match.h: MQTT topic filter semantics: whether a filter matches a
 * topic, and whether one filter already receives everything another does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether the subscription @filter ("plant/+/temp", "plant/#") receives
 * messages published to @topic, as the broker decides it (libmosquitto's
 * rule: "#" and "+" at the start do not match "$SYS/..."). FALSE for an
 * invalid filter or topic. */
gboolean
sb_topic_match (const char *filter, const char *topic);

/* Whether every topic @other matches is also matched by @filter: "plant/#"
 * covers "plant", "plant/press4" and "plant/+/temp"; "plant/+" covers
 * "plant/press4" but not "plant/press4/#". A filter covers itself. FALSE
 * when either is not a valid filter. */
gboolean
sb_topic_filter_covers (const char *filter, const char *other);

G_END_DECLS
