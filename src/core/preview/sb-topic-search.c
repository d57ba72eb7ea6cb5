/* sb-topic-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-topic-match.h"
#include "sb-topic-search.h"

G_DEFINE_ENUM_TYPE (SbTopicSearchChange, sb_topic_search_change,
                    G_DEFINE_ENUM_VALUE (SB_TOPIC_SEARCH_DIFFERENT, "different"),
                    G_DEFINE_ENUM_VALUE (SB_TOPIC_SEARCH_STRICTER, "stricter"),
                    G_DEFINE_ENUM_VALUE (SB_TOPIC_SEARCH_LOOSER, "looser"))

struct _SbTopicSearch
{
  char *text;        /* as typed; "" matches every topic */
  char *folded;      /* casefolded, for a substring search */
  gboolean is_mqtt;  /* has + or #: an MQTT subscription filter */
  gboolean is_ascii; /* substring of ASCII only: no allocation per topic */
};

SbTopicSearch *
sb_topic_search_new (const char *text)
{
  SbTopicSearch *self = g_new0 (SbTopicSearch, 1);

  self->text = g_strdup (text != NULL ? text : "");
  self->folded = g_utf8_casefold (self->text, -1);
  self->is_mqtt = strpbrk (self->text, "+#") != NULL;
  self->is_ascii = g_str_is_ascii (self->folded);
  return self;
}

void
sb_topic_search_free (SbTopicSearch *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self->folded);
  g_free (self);
}

gboolean
sb_topic_search_is_active (const SbTopicSearch *self)
{
  return self != NULL && self->text[0] != '\0';
}

const char *
sb_topic_search_get_text (const SbTopicSearch *self)
{
  return self != NULL ? self->text : "";
}

/* Whether @needle (ASCII, lower case) is in @haystack ignoring ASCII case.
 * Not found with a non-ASCII byte in @haystack sets *@is_ascii FALSE: the
 * caller casefolds then (U+212A KELVIN SIGN folds to "k"). */
static gboolean
ascii_contains (const char *haystack, const char *needle, gboolean *is_ascii)
{
  gboolean found = needle[0] == '\0';

  *is_ascii = TRUE;
  for (const char *start = haystack; *start != '\0'; start++)
    {
      if ((guchar)*start >= 0x80)
        {
          *is_ascii = FALSE;
          return FALSE;
        }
      if (!found)
        {
          const char *h = start, *n = needle;

          while (*n != '\0' && *h != '\0' && g_ascii_tolower (*h) == *n)
            h++, n++;
          /* A match among ASCII bytes is a match whatever follows. */
          if (*n == '\0')
            return TRUE;
        }
    }
  return found;
}

gboolean
sb_topic_search_matches (const SbTopicSearch *self, const char *topic)
{
  gboolean is_ascii;

  if (!sb_topic_search_is_active (self))
    return TRUE;
  if (self->is_mqtt)
    return sb_topic_match (self->text, topic);
  if (self->is_ascii)
    {
      gboolean found = ascii_contains (topic, self->folded, &is_ascii);

      if (is_ascii)
        return found;
    }
  {
    g_autofree char *folded_topic = g_utf8_casefold (topic, -1);
    return strstr (folded_topic, self->folded) != NULL;
  }
}

SbTopicSearchChange
sb_topic_search_compare (const SbTopicSearch *old, const SbTopicSearch *self)
{
  gboolean was_all = !sb_topic_search_is_active (old);

  /* Typing on (or deleting from) a substring only hides (or shows) topics. */
  if (self->is_mqtt || (!was_all && old->is_mqtt))
    return SB_TOPIC_SEARCH_DIFFERENT;
  if (was_all || strstr (self->folded, old->folded) != NULL)
    return SB_TOPIC_SEARCH_STRICTER;
  if (strstr (old->folded, self->folded) != NULL)
    return SB_TOPIC_SEARCH_LOOSER;
  return SB_TOPIC_SEARCH_DIFFERENT;
}
