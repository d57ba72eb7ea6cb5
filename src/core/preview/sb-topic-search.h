/* sb-topic-search.h: the rule of the preview's topic filter (Ctrl+F), also
 * the Browse window's: text with "+" or "#" is an MQTT subscription filter
 * ("shopfloor/+/"), anything else a case-insensitive substring of the topic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _SbTopicSearch SbTopicSearch;

/* How a new search relates to an old one, for a filter model to look only at
 * the rows that can change. */
typedef enum
{
  SB_TOPIC_SEARCH_DIFFERENT,
  SB_TOPIC_SEARCH_STRICTER, /* matches only topics the old one matched */
  SB_TOPIC_SEARCH_LOOSER,   /* matches every topic the old one matched */
} SbTopicSearchChange;

#define SB_TYPE_TOPIC_SEARCH_CHANGE (sb_topic_search_change_get_type ())
GType
sb_topic_search_change_get_type (void);

/* @text as typed; NULL or "" matches every topic. */
SbTopicSearch *
sb_topic_search_new (const char *text);
void
sb_topic_search_free (SbTopicSearch *self);

/* Whether the search has text (else it matches everything). */
gboolean
sb_topic_search_is_active (const SbTopicSearch *self);
const char *
sb_topic_search_get_text (const SbTopicSearch *self);

/* Run for every row when the text changes (100,000 rows under a flood): an
 * ASCII substring on an ASCII topic allocates nothing. */
gboolean
sb_topic_search_matches (const SbTopicSearch *self, const char *topic);

/* @old: NULL as "" (everything). */
SbTopicSearchChange
sb_topic_search_compare (const SbTopicSearch *old, const SbTopicSearch *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbTopicSearch, sb_topic_search_free)

G_END_DECLS
