/* sb-topic-match.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <mosquitto.h>
#include <string.h>

#include "sb-topic-match.h"

gboolean
sb_topic_match (const char *filter, const char *topic)
{
  bool matches = false;

  g_return_val_if_fail (filter != NULL && topic != NULL, FALSE);
  return mosquitto_topic_matches_sub (filter, topic, &matches) == MOSQ_ERR_SUCCESS && matches;
}

static gboolean
valid_filter (const char *filter)
{
  return mosquitto_sub_topic_check (filter) == MOSQ_ERR_SUCCESS;
}

gboolean
sb_topic_filter_covers (const char *filter, const char *other)
{
  g_auto (GStrv) a = NULL;
  g_auto (GStrv) b = NULL;
  guint i;

  g_return_val_if_fail (filter != NULL && other != NULL, FALSE);

  if (!valid_filter (filter) || !valid_filter (other))
    return FALSE;
  /* A wildcard in the first level never reaches "$SYS/...": nor does it cover
   * a filter that names such a topic. */
  if (other[0] == '$' && (filter[0] == '+' || filter[0] == '#'))
    return FALSE;
  a = g_strsplit (filter, "/", -1);
  b = g_strsplit (other, "/", -1);
  for (i = 0; a[i] != NULL; i++)
    {
      if (strcmp (a[i], "#") == 0)
        return TRUE; /* also the parent level: "plant/#" matches "plant" */
      if (b[i] == NULL)
        return FALSE;
      if (strcmp (a[i], "+") == 0)
        {
          if (strcmp (b[i], "#") == 0)
            return FALSE;
        }
      else if (strcmp (a[i], b[i]) != 0)
        return FALSE; /* a name covers only itself, not "+" or "#" */
    }
  return b[i] == NULL;
}
