/* test-sparkplug.c: Sparkplug B topics, bad payloads, bounds and the session
 *
 * Payloads are written byte by byte here, so each test says exactly what is on
 * the wire (test-sparkplug-tahu checks well-formed ones from the reference).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-data-path.h"
#include "sb-sparkplug-decode.h"

static void
put_varint (GByteArray *out, guint64 value)
{
  do
    {
      guint8 byte = value & 0x7f;

      value >>= 7;
      if (value != 0)
        byte |= 0x80;
      g_byte_array_append (out, &byte, 1);
    }
  while (value != 0);
}

static void
put_key (GByteArray *out, guint field, guint wire)
{
  put_varint (out, (field << 3) | wire);
}

static void
put_bytes (GByteArray *out, guint field, const void *data, gsize length)
{
  put_key (out, field, 2);
  put_varint (out, length);
  g_byte_array_append (out, data, length);
}

static void
put_string (GByteArray *out, guint field, const char *text)
{
  put_bytes (out, field, text, strlen (text));
}

static void
put_uint (GByteArray *out, guint field, guint64 value)
{
  put_key (out, field, 0);
  put_varint (out, value);
}

/* A metric: name (or NULL), alias (or 0 for none), Int32 value. */
static GByteArray *
metric (const char *name, guint64 alias, gint32 value)
{
  GByteArray *m = g_byte_array_new ();

  if (name != NULL)
    put_string (m, 1, name);
  if (alias != 0)
    put_uint (m, 2, alias);
  put_uint (m, 4, 3); /* Int32 */
  put_uint (m, 10, (guint32)value);
  return m;
}

static void
put_message (GByteArray *out, guint field, GByteArray *message)
{
  put_bytes (out, field, message->data, message->len);
  g_byte_array_unref (message);
}

static char *
decode (SbSparkplugState *state, const char *topic, GByteArray *wire, GError **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (wire->data, wire->len);

  return sb_sparkplug_decode (state, topic, bytes, NULL, error);
}

static void
test_topics (void)
{
  g_auto (SbSparkplugTopic) t = { 0 };
  static const char *const not_sparkplug[] = {
    "spBv1.0",
    "spBv1.0/G/NDATA",
    "spBv1.0/G/NDATA/N/D/extra",
    "spBv1.0/G/DDATA/N",   /* a device message without a device */
    "spBv1.0/G/NDATA/N/D", /* a node message with one */
    "spBv1.0/G/NDATA//",
    "spBv1.0//NDATA/N",
    "spBv1.0/G/ndata/N",
    "spAv1.0/G/NDATA/N",
    "spBv1.0/STATE",
    "spBv1.0/STATE/a/b",
    "plant/spBv1.0/G/NDATA/N",
  };

  g_assert_true (sb_sparkplug_topic_parse ("spBv1.0/Plant1/DDATA/Press4/Station2", &t));
  g_assert_cmpint (t.type, ==, SB_SPARKPLUG_DDATA);
  g_assert_cmpstr (t.group, ==, "Plant1");
  g_assert_cmpstr (t.edge_node, ==, "Press4");
  g_assert_cmpstr (t.device, ==, "Station2");
  sb_sparkplug_topic_clear (&t);
  g_assert_true (sb_sparkplug_topic_parse ("spBv1.0/STATE/scada1", &t));
  g_assert_cmpint (t.type, ==, SB_SPARKPLUG_HOST_STATE);
  g_assert_cmpstr (t.edge_node, ==, "scada1");
  for (SbSparkplugType type = SB_SPARKPLUG_NBIRTH; type <= SB_SPARKPLUG_DCMD; type++)
    {
      gboolean device = type == SB_SPARKPLUG_DBIRTH || type == SB_SPARKPLUG_DDEATH
                        || type == SB_SPARKPLUG_DDATA || type == SB_SPARKPLUG_DCMD;
      g_autofree char *topic = g_strdup_printf (
          "spBv1.0/G/%s/N%s", sb_sparkplug_type_to_string (type), device ? "/D" : "");
      g_auto (SbSparkplugTopic) u = { 0 };

      g_assert_true (sb_sparkplug_topic_parse (topic, &u));
      g_assert_cmpint (u.type, ==, type);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_sparkplug); i++)
    g_assert_false (sb_sparkplug_topic_parse (not_sparkplug[i], NULL));
}

static void
assert_invalid (const char *topic, GByteArray *wire, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = decode (NULL, topic, wire, &error);

  g_assert_null (json);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_bad_payloads (void)
{
  g_autoptr (GByteArray) wire = g_byte_array_new ();
  g_autoptr (GByteArray) json = g_byte_array_new ();
  g_autoptr (GByteArray) bad_utf8 = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  /* A metric whose length runs past the end, after 37 good bytes. */
  put_uint (wire, 1, 1765100001000);
  put_uint (wire, 3, 1);
  put_message (wire, 2, metric ("Temperature-Sensor", 1, 5));
  g_assert_cmpuint (wire->len, ==, 37);
  put_key (wire, 2, 2);
  put_varint (wire, 40);
  g_byte_array_append (wire, (const guint8 *)"\x0a\x02", 2);
  assert_invalid ("spBv1.0/G/NDATA/N", wire,
                  "not a Sparkplug B payload: truncated metric at byte 37");

  /* JSON on a Sparkplug topic is shown raw, never guessed at. */
  g_byte_array_append (json, (const guint8 *)"{\"temp\":22}", 11);
  assert_invalid ("spBv1.0/G/NDATA/N", json,
                  "not a Sparkplug B payload: field 15 of the payload at byte 0 has the wrong "
                  "wire type (3)");

  /* A name that is not UTF-8. */
  put_message (bad_utf8, 2,
               g_byte_array_append (g_byte_array_new (), (const guint8 *)"\x0a\x02\xff\xfe", 4));
  assert_invalid ("spBv1.0/G/NDATA/N", bad_utf8,
                  "not a Sparkplug B payload: a text in the metric at byte 2 is not UTF-8");

  /* STATE is JSON; anything else there is raw. */
  text = decode (NULL, "spBv1.0/STATE/host1", json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "{\"temp\":22}");
  assert_invalid ("spBv1.0/STATE/host1", wire,
                  "not a Sparkplug B STATE message: the payload is not JSON");

  /* Not a Sparkplug topic at all. */
  g_clear_pointer (&text, g_free);
  text = decode (NULL, "plant/press4", wire, &error);
  g_assert_null (text);
  g_assert_error (error, SB_SPARKPLUG_ERROR, SB_SPARKPLUG_ERROR_NOT_SPARKPLUG);
}

/* Templates in templates, 10,000 deep: refused from the wire, before protobuf-c
 * would recurse once per level. The ninth starts at byte 99 (11 bytes a level). */
static void
test_nesting (void)
{
  g_autoptr (GByteArray) inner = g_byte_array_new ();
  g_autoptr (GByteArray) wire = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  GByteArray *shallow;

  for (int level = 0; level < 10000; level++)
    {
      GByteArray *template = g_byte_array_new ();
      GByteArray *m = g_byte_array_new ();

      put_bytes (template, 2, inner->data, inner->len); /* Template.metrics */
      put_uint (m, 4, 19);                              /* Template */
      put_bytes (m, 18, template->data, template->len); /* template_value */
      g_byte_array_set_size (inner, 0);
      g_byte_array_append (inner, m->data, m->len);
      g_byte_array_unref (template);
      g_byte_array_unref (m);
      if (level == 3)
        {
          shallow = g_byte_array_new ();
          put_bytes (shallow, 2, inner->data, inner->len);
          json = decode (NULL, "spBv1.0/G/NBIRTH/N", shallow, &error);
          g_assert_no_error (error);
          g_assert_true (g_str_has_prefix (json, "{\"metrics\":[{\"datatype\":\"Template\","
                                                 "\"value\":{\"metrics\":[{\"datatype\":"));
          g_byte_array_unref (shallow);
        }
    }
  put_bytes (wire, 2, inner->data, inner->len);
  g_clear_pointer (&json, g_free);
  json = decode (NULL, "spBv1.0/G/NBIRTH/N", wire, &error);
  g_assert_null (json);
  g_assert_error (error, SB_SPARKPLUG_ERROR, SB_SPARKPLUG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "not a Sparkplug B payload: templates nested more than 8 deep at byte 99");
}

/* A birth of 50,000 metrics: the first SB_SPARKPLUG_MAX_METRICS are decoded. */
static void
test_thousands_of_metrics (void)
{
  g_autoptr (GByteArray) wire = g_byte_array_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbSparkplugState) state = sb_sparkplug_state_new ();
  g_autofree char *json = NULL;
  guint n = 0;

  put_uint (wire, 3, 0);
  for (int i = 0; i < 50000; i++)
    {
      g_autofree char *name = g_strdup_printf ("m%d", i);
      put_message (wire, 2, metric (name, i + 1, i));
    }
  bytes = g_bytes_new (wire->data, wire->len);
  json = sb_sparkplug_decode (state, "spBv1.0/G/NBIRTH/N", bytes, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 50000);
  g_assert_nonnull (strstr (json, "\"name\":\"m9999\""));
  g_assert_null (strstr (json, "\"name\":\"m10000\""));
  g_assert_true (g_str_has_suffix (json, "\"notes\":[\"metrics 10001 to 50000 left out: at most "
                                         "10000 are shown\"]}"));
}

static void
test_session_notes (void)
{
  g_autoptr (SbSparkplugState) state = sb_sparkplug_state_new ();
  g_autoptr (GByteArray) birth = g_byte_array_new ();
  g_autoptr (GByteArray) birth2 = g_byte_array_new ();
  g_autoptr (GByteArray) dbirth = g_byte_array_new ();
  g_autoptr (GByteArray) ddata = g_byte_array_new ();
  g_autoptr (GByteArray) stale = g_byte_array_new ();
  g_autofree char *json = NULL;

  put_uint (birth, 3, 0);
  put_message (birth, 2, metric ("bdSeq", 0, 4));
  g_free (decode (state, "spBv1.0/G/NBIRTH/N", birth, NULL));
  put_uint (dbirth, 3, 1);
  put_message (dbirth, 2, metric ("Speed", 7, 10));
  g_free (decode (state, "spBv1.0/G/DBIRTH/N/D", dbirth, NULL));
  g_assert_cmpint (sb_sparkplug_state_get_life (state, "G", "N", "D"), ==,
                   SB_SPARKPLUG_LIFE_ONLINE);

  /* An alias the device's birth named; one it did not. */
  put_uint (ddata, 3, 2);
  put_message (ddata, 2, metric (NULL, 7, 11));
  put_message (ddata, 2, metric (NULL, 8, 12));
  json = decode (state, "spBv1.0/G/DDATA/N/D", ddata, NULL);
  g_assert_cmpstr (json, ==,
                   "{\"seq\":2,\"metrics\":[{\"name\":\"Speed\",\"alias\":7,\"datatype\":\"Int32\","
                   "\"value\":11},{\"alias\":8,\"datatype\":\"Int32\",\"value\":12}],"
                   "\"notes\":[\"alias 8 is not in the birth\"]}");

  /* The node came back with bdSeq 6: a gap; then the old session's will arrives. */
  put_uint (birth2, 3, 0);
  put_message (birth2, 2, metric ("bdSeq", 0, 6));
  g_clear_pointer (&json, g_free);
  json = decode (state, "spBv1.0/G/NBIRTH/N", birth2, NULL);
  g_assert_true (g_str_has_suffix (json, "\"notes\":[\"bdSeq gap: 4 to 6\"]}"));
  g_assert_cmpint (sb_sparkplug_state_get_life (state, "G", "N", "D"), ==,
                   SB_SPARKPLUG_LIFE_UNKNOWN);
  put_message (stale, 2, metric ("bdSeq", 0, 5));
  g_clear_pointer (&json, g_free);
  json = decode (state, "spBv1.0/G/NDEATH/N", stale, NULL);
  g_assert_true (g_str_has_suffix (json, "\"notes\":[\"stale death: bdSeq 5, the birth had 6\"]}"));
  g_assert_cmpint (sb_sparkplug_state_get_life (state, "G", "N", NULL), ==,
                   SB_SPARKPLUG_LIFE_ONLINE);
}

/* A data path picks one metric out of the decoded JSON. */
static void
test_data_path_on_decoded (void)
{
  g_autoptr (GByteArray) wire = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataPath) path
      = sb_data_path_new ("$.metrics[?(@.name=='Temperature')].value", &error);
  g_autofree char *json = NULL;
  g_autoptr (GBytes) text = NULL;
  g_autoptr (JsonNode) value = NULL;

  g_assert_no_error (error);
  put_message (wire, 2, metric ("Pressure", 1, 3));
  put_message (wire, 2, metric ("Temperature", 2, -4));
  json = decode (NULL, "spBv1.0/G/NBIRTH/N", wire, &error);
  text = g_bytes_new (json, strlen (json));
  value = sb_data_path_apply (path, text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (value), ==, -4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sparkplug/topics", test_topics);
  g_test_add_func ("/sparkplug/bad-payloads", test_bad_payloads);
  g_test_add_func ("/sparkplug/nesting", test_nesting);
  g_test_add_func ("/sparkplug/thousands-of-metrics", test_thousands_of_metrics);
  g_test_add_func ("/sparkplug/session-notes", test_session_notes);
  g_test_add_func ("/sparkplug/data-path", test_data_path_on_decoded);
  return g_test_run ();
}
