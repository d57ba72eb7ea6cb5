/* fuzz-payload.c: the details pane's views of a payload, under libFuzzer
 *
 * The input is a message payload as a broker delivers it, from a publisher
 * Signalboard does not control. The details pane shows it as text, as a hex
 * dump and pretty-printed as JSON (sb_payload_json_pretty (), behind the
 * same check as data paths). Every view must be valid UTF-8 (GTK refuses
 * anything else), and the JSON view must not recurse with the nesting.
 *
 * Built two ways, like fuzz-config: with -Dfuzzing=true (clang) as a
 * libFuzzer target, and in every build as "fuzz-payload-replay", which runs
 * the same checks over tests/fuzz/payload-corpus as a TAP test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sb-error.h"
#include "sb-payload-json.h"
#include "sb-payload.h"

/* Any failed check aborts: libFuzzer keeps the input, the replay fails. */
#define CHECK(cond)                                                                                \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!(cond))                                                                                   \
      {                                                                                            \
        fprintf (stderr, "fuzz-payload: check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);   \
        abort ();                                                                                  \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

static void
check_json (GBytes *payload)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pretty = sb_payload_json_pretty (payload, &error);
  g_autoptr (GBytes) again_bytes = NULL;
  g_autofree char *again = NULL;

  if (pretty == NULL)
    {
      /* what the pane shows instead, in red: one readable message */
      CHECK (error != NULL && error->domain == SB_CONFIG_ERROR);
      CHECK (g_str_has_prefix (error->message, "The payload is not JSON"));
      CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  CHECK (error == NULL);
  CHECK (g_utf8_validate (pretty, -1, NULL));
  /* What was accepted stays accepted: the pretty form passes the same check
   * and pretty-prints to itself (nothing lost or invented on the way). */
  again_bytes = g_bytes_new_static (pretty, strlen (pretty));
  again = sb_payload_json_pretty (again_bytes, &error);
  CHECK (error == NULL && again != NULL);
  CHECK (strcmp (again, pretty) == 0);
}

static void
check_views (GBytes *payload)
{
  gsize size = g_bytes_get_size (payload);
  g_autofree char *text = sb_payload_safe_text (payload);
  g_autofree char *hex = sb_payload_hex_dump (payload);
  guint lines = 0;

  CHECK (g_utf8_validate (text, -1, NULL));
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);
      CHECK ((u >= 0x20 && u != 0x7f) || u == '\n' || u == '\t');
    }
  /* hexdump -C: 16 bytes a line, then the size alone */
  CHECK (g_str_is_ascii (hex));
  for (const char *c = hex; *c != '\0'; c++)
    lines += *c == '\n';
  CHECK (lines == (size + 15) / 16);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv);
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A g_return_if_fail() reached from a payload is a bug like any crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) payload = g_bytes_new (data, size);

  check_json (payload);
  check_views (payload);
  return 0;
}
