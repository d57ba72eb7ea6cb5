/* sb-bench-sparkplug.c: what decoding Sparkplug B costs per message, against
 * the same messages as raw payloads. Prints figures; never a test.
 *
 * Each message is one jsonl line as signalboard-cli listen writes it
 * (sb_message_json_append*): "raw" writes the payload as payload_base64 (a
 * topic outside spBv1.0/), "sparkplug" decodes it into "sparkplug":{…} with
 * the session's aliases. The payloads are NDATA of an edge node whose NBIRTH
 * named METRICS metrics, each DDATA carrying all of them by alias.
 * Usage: sb-bench-sparkplug [MESSAGES [METRICS]]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "sb-message-json.h"
#include "sb-sparkplug-decode.h"
#include "sparkplug_b.pb-c.h"

typedef Org__Eclipse__Tahu__Protobuf__Payload Payload;
typedef Org__Eclipse__Tahu__Protobuf__Payload__Metric Metric;

static GBytes *
make_payload (guint n_metrics, gboolean birth, guint64 seq)
{
  Payload p = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__INIT;
  Metric *metrics = g_new0 (Metric, n_metrics);
  Metric **pointers = g_new0 (Metric *, n_metrics);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint8 *data;
  gsize size;

  for (guint i = 0; i < n_metrics; i++)
    {
      org__eclipse__tahu__protobuf__payload__metric__init (&metrics[i]);
      if (birth)
        {
          g_ptr_array_add (names, g_strdup_printf ("Line1/Station%u/Temperature", i));
          metrics[i].name = g_ptr_array_index (names, i);
          metrics[i].has_datatype = TRUE;
          metrics[i].datatype = 10; /* Double */
        }
      metrics[i].has_alias = TRUE;
      metrics[i].alias = i + 1;
      metrics[i].has_timestamp = TRUE;
      metrics[i].timestamp = 1765100001000 + seq;
      metrics[i].value_case = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_DOUBLE_VALUE;
      metrics[i].double_value = 20.0 + i * 0.25 + seq * 0.01;
      pointers[i] = &metrics[i];
    }
  p.metrics = pointers;
  p.n_metrics = n_metrics;
  p.has_timestamp = TRUE;
  p.timestamp = 1765100001000 + seq;
  p.has_seq = TRUE;
  p.seq = seq % 256;
  size = org__eclipse__tahu__protobuf__payload__get_packed_size (&p);
  data = g_malloc (size);
  org__eclipse__tahu__protobuf__payload__pack (&p, data);
  g_free (pointers);
  g_free (metrics);
  return g_bytes_new_take (data, size);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Writes @n jsonl lines; returns CPU seconds. */
static double
run (GPtrArray *payloads, guint n, const char *topic, SbSparkplugState *state, gsize *bytes)
{
  g_autoptr (GString) line = g_string_sized_new (4096);
  double start = cpu_seconds ();

  *bytes = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SbMessage) message
          = sb_message_new (topic, g_ptr_array_index (payloads, i % payloads->len), 0, FALSE, 0,
                            NULL, g_get_real_time ());

      g_string_truncate (line, 0);
      if (state != NULL)
        sb_message_json_append_sparkplug (line, "\"bench\"", message, NULL, state);
      else
        sb_message_json_append (line, "\"bench\"", message, NULL);
      *bytes += line->len;
    }
  return cpu_seconds () - start;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint)atoi (argv[1]) : 200000;
  guint n_metrics = argc > 2 ? (guint)atoi (argv[2]) : 10;
  g_autoptr (GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr (SbSparkplugState) state = sb_sparkplug_state_new ();
  g_autoptr (GBytes) birth = make_payload (n_metrics, TRUE, 0);
  g_autofree char *decoded = NULL;
  gsize raw_bytes, sp_bytes;
  double raw_s, sp_s;

  for (guint i = 1; i <= 256; i++)
    g_ptr_array_add (payloads, make_payload (n_metrics, FALSE, i));
  decoded = sb_sparkplug_decode (state, "spBv1.0/Bench/NBIRTH/Node1", birth, NULL, NULL);
  g_assert_nonnull (decoded);

  raw_s = run (payloads, n, "bench/Node1", NULL, &raw_bytes);
  sp_s = run (payloads, n, "spBv1.0/Bench/NDATA/Node1", state, &sp_bytes);
  printf ("payload: NDATA, %u metrics by alias, %zu bytes\n", n_metrics,
          g_bytes_get_size (g_ptr_array_index (payloads, 0)));
  printf ("raw        %9.0f msg/s  %6.2f us CPU/msg  %6.0f bytes/line\n", n / raw_s,
          raw_s * 1e6 / n, (double)raw_bytes / n);
  printf ("sparkplug  %9.0f msg/s  %6.2f us CPU/msg  %6.0f bytes/line\n", n / sp_s, sp_s * 1e6 / n,
          (double)sp_bytes / n);
  printf ("ratio sparkplug/raw CPU per message: %.2f\n", sp_s / raw_s);
  return 0;
}
