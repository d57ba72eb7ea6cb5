/* sb-sparkplug-topic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-sparkplug-topic.h"

#include <string.h>

#define NAMESPACE "spBv1.0/"

G_DEFINE_ENUM_TYPE (SbSparkplugType, sb_sparkplug_type,
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_NBIRTH, "nbirth"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_NDEATH, "ndeath"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_DBIRTH, "dbirth"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_DDEATH, "ddeath"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_NDATA, "ndata"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_DDATA, "ddata"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_NCMD, "ncmd"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_DCMD, "dcmd"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_HOST_STATE, "host-state"))

static const char *const type_names[] = {
  [SB_SPARKPLUG_NBIRTH] = "NBIRTH",    [SB_SPARKPLUG_NDEATH] = "NDEATH",
  [SB_SPARKPLUG_DBIRTH] = "DBIRTH",    [SB_SPARKPLUG_DDEATH] = "DDEATH",
  [SB_SPARKPLUG_NDATA] = "NDATA",      [SB_SPARKPLUG_DDATA] = "DDATA",
  [SB_SPARKPLUG_NCMD] = "NCMD",        [SB_SPARKPLUG_DCMD] = "DCMD",
  [SB_SPARKPLUG_HOST_STATE] = "STATE",
};

const char *
sb_sparkplug_type_to_string (SbSparkplugType type)
{
  if (type <= SB_SPARKPLUG_NONE || type >= G_N_ELEMENTS (type_names))
    return NULL;
  return type_names[type];
}

static gboolean
is_device_type (SbSparkplugType type)
{
  return type == SB_SPARKPLUG_DBIRTH || type == SB_SPARKPLUG_DDEATH || type == SB_SPARKPLUG_DDATA
         || type == SB_SPARKPLUG_DCMD;
}

gboolean
sb_sparkplug_topic_parse (const char *topic, SbSparkplugTopic *out)
{
  g_auto (GStrv) parts = NULL;
  SbSparkplugType type = SB_SPARKPLUG_NONE;
  guint n;

  if (out != NULL)
    memset (out, 0, sizeof *out);
  g_return_val_if_fail (topic != NULL, FALSE);
  if (strncmp (topic, NAMESPACE, strlen (NAMESPACE)) != 0)
    return FALSE;

  parts = g_strsplit (topic + strlen (NAMESPACE), "/", 5);
  n = g_strv_length (parts);
  for (guint i = 0; i < n; i++)
    if (parts[i][0] == '\0')
      return FALSE; /* every level names something */

  if (n == 2 && strcmp (parts[0], "STATE") == 0)
    type = SB_SPARKPLUG_HOST_STATE;
  else if (n == 3 || n == 4)
    {
      for (guint t = SB_SPARKPLUG_NBIRTH; t <= SB_SPARKPLUG_DCMD; t++)
        if (strcmp (parts[1], type_names[t]) == 0)
          type = t;
      /* A device message names a device, a node message does not. */
      if (type != SB_SPARKPLUG_NONE && is_device_type (type) != (n == 4))
        type = SB_SPARKPLUG_NONE;
    }
  if (type == SB_SPARKPLUG_NONE)
    return FALSE;

  if (out != NULL)
    {
      out->type = type;
      if (type == SB_SPARKPLUG_HOST_STATE)
        out->edge_node = g_strdup (parts[1]);
      else
        {
          out->group = g_strdup (parts[0]);
          out->edge_node = g_strdup (parts[2]);
          out->device = n == 4 ? g_strdup (parts[3]) : NULL;
        }
    }
  return TRUE;
}

void
sb_sparkplug_topic_clear (SbSparkplugTopic *topic)
{
  g_clear_pointer (&topic->group, g_free);
  g_clear_pointer (&topic->edge_node, g_free);
  g_clear_pointer (&topic->device, g_free);
  topic->type = SB_SPARKPLUG_NONE;
}

char *
sb_sparkplug_topic_describe (const SbSparkplugTopic *topic)
{
  if (topic->type == SB_SPARKPLUG_HOST_STATE)
    return g_strdup (topic->edge_node);
  if (topic->device != NULL)
    return g_strjoin ("/", topic->group, topic->edge_node, topic->device, NULL);
  return g_strjoin ("/", topic->group, topic->edge_node, NULL);
}
