/* test-preview-sparkplug.c: Sparkplug B topics in the preview model: the Value
 * column's text ("N metrics", a data path's value, "offline (death)"), the
 * decoded payload on the row, and bad payloads with the reason
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-preview-model.h"
#include "sb-sparkplug-state.h"
#include "sparkplug_b.pb-c.h"

typedef Org__Eclipse__Tahu__Protobuf__Payload Payload;
typedef Org__Eclipse__Tahu__Protobuf__Payload__Metric Metric;

/* Temperature (alias 1, Float) and Pressure (alias 2, Float), named when @birth. */
static GBytes *
payload (gboolean birth, guint64 seq, float temperature)
{
  Payload p = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__INIT;
  Metric m[2] = { ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__INIT,
                  ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__INIT };
  Metric *metrics[] = { &m[0], &m[1] };
  const char *names[] = { "Temperature", "Pressure" };
  guint8 *data;
  gsize size;

  for (int i = 0; i < 2; i++)
    {
      m[i].name = birth ? (char *)names[i] : NULL;
      m[i].has_alias = TRUE;
      m[i].alias = i + 1;
      m[i].has_datatype = birth;
      m[i].datatype = 9;
      m[i].value_case = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_FLOAT_VALUE;
      m[i].float_value = i == 0 ? temperature : 1.5f;
    }
  p.metrics = metrics;
  p.n_metrics = birth ? 2 : 1;
  p.has_seq = TRUE;
  p.seq = seq;
  size = org__eclipse__tahu__protobuf__payload__get_packed_size (&p);
  data = g_malloc (size);
  org__eclipse__tahu__protobuf__payload__pack (&p, data);
  return g_bytes_new_take (data, size);
}

static SbTopicRow *
push (SbPreviewModel *model, const char *topic, GBytes *bytes, guint subscription)
{
  g_autoptr (SbMessage) message
      = sb_message_new (topic, bytes, 0, FALSE, subscription, NULL, g_get_real_time ());

  sb_preview_model_push (model, message);
  sb_preview_model_flush (model);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr (SbTopicRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_str_equal (sb_topic_row_get_topic (row), topic))
        return row; /* the model keeps it */
    }
  g_assert_not_reached ();
}

static void
test_values (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  g_autoptr (GBytes) birth = payload (TRUE, 0, 22.25f);
  g_autoptr (GBytes) data = payload (FALSE, 1, 23.5f);
  g_autoptr (GBytes) json = g_bytes_new_static ("{\"t\":1}", 7);
  g_autoptr (GBytes) death = g_bytes_new_static ("", 0);
  SbTopicRow *row;

  /* Subscription 1 has a data path with a filter; 0 has none. */
  sb_preview_model_set_data_path (model, 1, "$.metrics[?(@.name=='Temperature')].value");

  row = push (model, "spBv1.0/Plant1/NBIRTH/Press4", birth, 0);
  g_assert_cmpstr (sb_topic_row_get_value_text (row), ==, "2 metrics");
  g_assert_null (sb_topic_row_get_value_error (row));
  g_assert_true (g_str_has_prefix (sb_topic_row_get_sparkplug (row),
                                   "{\"seq\":0,\"metrics\":[{\"name\":\"Temperature\""));

  /* Names from the birth, so the filter finds the metric sent by alias. */
  row = push (model, "spBv1.0/Plant1/NDATA/Press4", data, 1);
  g_assert_cmpstr (sb_topic_row_get_value_text (row), ==, "23.5");
  row = push (model, "spBv1.0/Plant1/NDATA/Press4", data, 0);
  g_assert_cmpstr (sb_topic_row_get_value_text (row), ==, "1 metric");

  /* Not Sparkplug B on a Sparkplug topic: no value, the reason instead. */
  row = push (model, "spBv1.0/Plant1/NDATA/Press4", json, 0);
  g_assert_null (sb_topic_row_get_value_text (row));
  g_assert_null (sb_topic_row_get_sparkplug (row));
  g_assert_cmpstr (sb_topic_row_get_value_error (row), ==,
                   "not a Sparkplug B payload: field 15 of the payload at byte 0 has the wrong "
                   "wire type (3)");

  /* A death shows, and the node is offline. */
  row = push (model, "spBv1.0/Plant1/NDEATH/Press4", death, 0);
  g_assert_cmpstr (sb_topic_row_get_value_text (row), ==, "offline (death)");
  g_assert_cmpint (sb_sparkplug_state_get_life (sb_preview_model_get_sparkplug_state (model),
                                                "Plant1", "Press4", NULL),
                   ==, SB_SPARKPLUG_LIFE_OFFLINE);

  /* Elsewhere nothing changes: no guessing from payloads. */
  row = push (model, "plant/press4", birth, 0);
  g_assert_null (sb_topic_row_get_value_text (row));
  g_assert_null (sb_topic_row_get_sparkplug (row));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sparkplug/preview/values", test_values);
  return g_test_run ();
}
