/* sb-topic-overflow.h: the topics a bounded topic set did not keep, counted
 *
 * A broker can send millions of distinct topics. The preview keeps a row for
 * at most "topic-row-limit" of them and `listen` a set of at most
 * --max-topics; the rest are counted here (by a 64-bit hash each, up to
 * SB_TOPIC_OVERFLOW_TRACKED of them), and said in one sentence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The GSettings key "topic-row-limit" and listen --max-topics by default. */
#define SB_TOPIC_LIMIT_DEFAULT 200000
/* Distinct topics counted exactly; beyond, the count says "more than". */
#define SB_TOPIC_OVERFLOW_TRACKED 1000000

typedef struct _SbTopicOverflow SbTopicOverflow;

SbTopicOverflow *
sb_topic_overflow_new (void);
void
sb_topic_overflow_free (SbTopicOverflow *overflow);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbTopicOverflow, sb_topic_overflow_free)
void
sb_topic_overflow_clear (SbTopicOverflow *overflow);

/* Counts @topic, once however often it comes. TRUE when it is new. */
gboolean
sb_topic_overflow_add (SbTopicOverflow *overflow, const char *topic);
/* Distinct topics counted (at most SB_TOPIC_OVERFLOW_TRACKED). */
guint
sb_topic_overflow_get_count (SbTopicOverflow *overflow);

/* "1,234 topics not shown: limit 200,000" for @count topics beyond @limit
 * ("more than 1,000,000 …" at SB_TOPIC_OVERFLOW_TRACKED); NULL for 0. */
char *
sb_topic_overflow_describe (guint count, guint limit);

G_END_DECLS
