/* sb-topic-overflow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-topic-overflow.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

struct _SbTopicOverflow
{
  GHashTable *hashes; /* 64-bit FNV-1a of each topic, as the key itself */
};

SbTopicOverflow *
sb_topic_overflow_new (void)
{
  SbTopicOverflow *overflow = g_new0 (SbTopicOverflow, 1);

  overflow->hashes = g_hash_table_new (g_int64_hash, g_int64_equal);
  return overflow;
}

void
sb_topic_overflow_free (SbTopicOverflow *overflow)
{
  if (overflow == NULL)
    return;
  sb_topic_overflow_clear (overflow);
  g_hash_table_unref (overflow->hashes);
  g_free (overflow);
}

void
sb_topic_overflow_clear (SbTopicOverflow *overflow)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, overflow->hashes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_hash_table_iter_steal (&iter);
      g_free (key);
    }
}

static guint64
fnv1a (const char *text)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return hash;
}

gboolean
sb_topic_overflow_add (SbTopicOverflow *overflow, const char *topic)
{
  guint64 hash = fnv1a (topic);
  gint64 *key;

  /* 8 bytes and a table slot a topic, not the topic: the point is to bound
   * what a hostile broker can make us keep. */
  if (g_hash_table_size (overflow->hashes) >= SB_TOPIC_OVERFLOW_TRACKED
      || g_hash_table_contains (overflow->hashes, &hash))
    return FALSE;
  key = g_new (gint64, 1);
  *key = (gint64)hash;
  g_hash_table_add (overflow->hashes, key);
  return TRUE;
}

guint
sb_topic_overflow_get_count (SbTopicOverflow *overflow)
{
  return g_hash_table_size (overflow->hashes);
}

/* 200000 as "200,000" (or the locale's separator: "200.000" in German). */
static char *
grouped (guint value)
{
  const char *separator = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%u", value);
  gsize n = strlen (digits);
  GString *out = g_string_new (NULL);

  if (separator == NULL || separator[0] == '\0')
    separator = ",";
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
sb_topic_overflow_describe (guint count, guint limit)
{
  g_autofree char *count_text = grouped (count);
  g_autofree char *limit_text = grouped (limit);

  if (count == 0)
    return NULL;
  if (count >= SB_TOPIC_OVERFLOW_TRACKED)
    /* TRANSLATORS: "more than 1,000,000 topics not shown: limit 200,000" */
    return g_strdup_printf (_ ("more than %s topics not shown: limit %s"), count_text, limit_text);
  /* TRANSLATORS: "1,234 topics not shown: limit 200,000" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s topic not shown: limit %s",
                                       "%s topics not shown: limit %s", count),
                          count_text, limit_text);
}
