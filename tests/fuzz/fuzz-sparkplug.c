/* fuzz-sparkplug.c: the Sparkplug B decoder under libFuzzer
 *
 * The input is split at its first newline: the line before is the topic,
 * the rest the payload a broker delivers there. Each payload is decoded
 * twice with one session state: under its topic, then as an NDATA of the
 * same node, so births that set up aliases meet data that uses them.
 *
 * Built like fuzz-config: with -Dfuzzing=true (clang) as a libFuzzer
 * target, and in every build as "fuzz-sparkplug-replay" over
 * tests/fuzz/sparkplug-corpus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sb-data-path.h"
#include "sb-sparkplug-decode.h"

#define CHECK(cond)                                                                                \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!(cond))                                                                                   \
      {                                                                                            \
        fprintf (stderr, "fuzz-sparkplug: check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
        abort ();                                                                                  \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

static SbDataPath *filter_path;

static void
check_decoded (SbSparkplugState *state, const char *topic, GBytes *payload)
{
  g_autoptr (GError) error = NULL;
  guint n_metrics = 0;
  g_autofree char *json = sb_sparkplug_decode (state, topic, payload, &n_metrics, &error);

  if (json == NULL)
    {
      /* A message a person reads: one valid UTF-8 line. */
      CHECK (error != NULL && error->domain == SB_SPARKPLUG_ERROR);
      CHECK (error->message[0] != '\0' && g_utf8_validate (error->message, -1, NULL));
      CHECK (strchr (error->message, '\n') == NULL);
      return;
    }
  CHECK (error == NULL);
  CHECK (g_utf8_validate (json, -1, NULL));
  CHECK (strchr (json, '\n') == NULL);
  CHECK (n_metrics <= g_bytes_get_size (payload));
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GBytes) text = g_bytes_new_static (json, strlen (json));
    g_autoptr (JsonNode) value = NULL;

    CHECK (json_parser_load_from_data (parser, json, -1, NULL));
    CHECK (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
    /* What a data path with a filter makes of it: a value or a message, never a crash. */
    value = sb_data_path_apply (filter_path, text, NULL);
  }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv);
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  filter_path = sb_data_path_new ("$.metrics[?(@.name=='Temperature' || @.alias>=2)].value", NULL);
  if (filter_path == NULL)
    filter_path = sb_data_path_new ("$.metrics[*].value", NULL);
  CHECK (filter_path != NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *newline = memchr (data, '\n', size);
  gsize topic_length = newline != NULL ? (gsize)(newline - data) : size;
  g_autofree char *topic = g_strndup ((const char *)data, topic_length); /* up to a NUL */
  g_autoptr (GBytes) payload = NULL;
  g_autoptr (SbSparkplugState) state = sb_sparkplug_state_new ();
  SbSparkplugTopic parsed;

  payload = newline != NULL ? g_bytes_new (newline + 1, size - topic_length - 1)
                            : g_bytes_new (NULL, 0);
  if (!g_utf8_validate (topic, -1, NULL))
    return 0; /* MQTT topics are UTF-8: the session drops others */

  check_decoded (state, topic, payload);
  if (sb_sparkplug_topic_parse (topic, &parsed) && parsed.type != SB_SPARKPLUG_HOST_STATE)
    {
      g_autofree char *data_topic = g_strdup_printf (
          "spBv1.0/%s/%s/%s%s%s", parsed.group, parsed.device ? "DDATA" : "NDATA", parsed.edge_node,
          parsed.device ? "/" : "", parsed.device ? parsed.device : "");
      g_autofree char *death_topic
          = g_strdup_printf ("spBv1.0/%s/NDEATH/%s", parsed.group, parsed.edge_node);

      check_decoded (state, data_topic, payload);
      check_decoded (state, death_topic, payload);
    }
  sb_sparkplug_topic_clear (&parsed);
  return 0;
}
