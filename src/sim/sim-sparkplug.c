/* sim-sparkplug.c: the shop floor as a Sparkplug B edge node (--sparkplug)
 *
 * Edge node Shopfloor/Line1 owns the counter; each station is a device of it
 * (Station1 .. Station5). Births name every metric with an alias, data
 * messages carry aliases only, and the node's death is its MQTT will.
 * Encoded with the same sparkplug_b.proto the decoder uses: the tests check
 * that file against Eclipse Tahu's encoder, not against this one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sim.h"

#include "sparkplug_b.pb-c.h"

typedef Org__Eclipse__Tahu__Protobuf__Payload Payload;
typedef Org__Eclipse__Tahu__Protobuf__Payload__Metric Metric;

enum
{
  DT_INT32 = 3,
  DT_UINT64 = 8,
  DT_FLOAT = 9,
  DT_BOOLEAN = 11,
};

#define ALIAS_COUNTER 1
#define ALIAS_REBIRTH 2

char *
sim_sparkplug_topic (const char *type, guint station)
{
  if (station == 0)
    return g_strdup_printf ("spBv1.0/" SIM_SPARKPLUG_GROUP "/%s/" SIM_SPARKPLUG_NODE, type);
  return g_strdup_printf ("spBv1.0/" SIM_SPARKPLUG_GROUP "/%s/" SIM_SPARKPLUG_NODE "/Station%u",
                          type, station);
}

/* A station's temperature follows its status: idle, running, overloaded. */
static float
temperature_for (int status)
{
  return status == 100 ? 21.5f : status == 200 ? 36.25f : 48.75f;
}

static void
metric_init (Metric *m, const char *name, guint64 alias, guint32 datatype, guint64 now_ms)
{
  org__eclipse__tahu__protobuf__payload__metric__init (m);
  m->name = (char *)name; /* NULL in data messages: the alias says which */
  m->has_alias = alias != 0;
  m->alias = alias;
  m->has_datatype = name != NULL;
  m->datatype = datatype;
  m->has_timestamp = now_ms != 0;
  m->timestamp = now_ms;
}

static void
set_int (Metric *m, gint32 value)
{
  m->value_case = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_INT_VALUE;
  m->int_value = (guint32)value;
}

static GBytes *
pack (Metric *metrics, gsize n, gboolean has_seq, guint64 seq, guint64 now_ms)
{
  Payload payload = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__INIT;
  Metric *pointers[8];
  gsize size;
  guint8 *data;

  g_assert (n <= G_N_ELEMENTS (pointers));
  for (gsize i = 0; i < n; i++)
    pointers[i] = &metrics[i];
  payload.metrics = pointers;
  payload.n_metrics = n;
  payload.has_timestamp = TRUE;
  payload.timestamp = now_ms;
  payload.has_seq = has_seq;
  payload.seq = seq;
  size = org__eclipse__tahu__protobuf__payload__get_packed_size (&payload);
  data = g_malloc (MAX (size, 1));
  org__eclipse__tahu__protobuf__payload__pack (&payload, data);
  return g_bytes_new_take (data, size);
}

GBytes *
sim_sparkplug_nbirth (guint64 bdseq, int counter, guint64 now_ms)
{
  Metric m[3];

  metric_init (&m[0], "bdSeq", 0, DT_UINT64, now_ms);
  m[0].value_case = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_LONG_VALUE;
  m[0].long_value = bdseq;
  metric_init (&m[1], "Node Control/Rebirth", ALIAS_REBIRTH, DT_BOOLEAN, now_ms);
  m[1].value_case = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_BOOLEAN_VALUE;
  m[1].boolean_value = FALSE;
  metric_init (&m[2], "Counter", ALIAS_COUNTER, DT_INT32, now_ms);
  set_int (&m[2], counter);
  return pack (m, 3, TRUE, 0, now_ms);
}

GBytes *
sim_sparkplug_ndeath (guint64 bdseq, guint64 now_ms)
{
  Metric m[1];

  metric_init (&m[0], "bdSeq", 0, DT_UINT64, 0);
  m[0].value_case = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_LONG_VALUE;
  m[0].long_value = bdseq;
  return pack (m, 1, FALSE, 0, now_ms);
}

GBytes *
sim_sparkplug_ndata (int counter, guint64 seq, guint64 now_ms)
{
  Metric m[1];

  metric_init (&m[0], NULL, ALIAS_COUNTER, DT_INT32, now_ms);
  set_int (&m[0], counter);
  return pack (m, 1, TRUE, seq, now_ms);
}

/* Station @station's metrics: named with aliases in a birth, by alias in data. */
static GBytes *
station_payload (gboolean birth, guint station, int status, guint64 seq, guint64 now_ms)
{
  Metric m[2];

  metric_init (&m[0], birth ? "Status" : NULL, station * 10 + 1, DT_INT32, now_ms);
  set_int (&m[0], status);
  metric_init (&m[1], birth ? "Temperature" : NULL, station * 10 + 2, DT_FLOAT, now_ms);
  m[1].value_case = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_FLOAT_VALUE;
  m[1].float_value = temperature_for (status);
  return pack (m, 2, TRUE, seq, now_ms);
}

GBytes *
sim_sparkplug_dbirth (guint station, int status, guint64 seq, guint64 now_ms)
{
  return station_payload (TRUE, station, status, seq, now_ms);
}

GBytes *
sim_sparkplug_ddata (guint station, int status, guint64 seq, guint64 now_ms)
{
  return station_payload (FALSE, station, status, seq, now_ms);
}
