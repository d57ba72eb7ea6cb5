/* fuzz-datapath.c: data paths applied to payloads, and payloads shown, under libFuzzer
 *
 * The input is split at its first newline: the line before is a data path
 * (a subscription's JsonPath expression, as a configuration or the dialog
 * gives it), the rest is a message payload as a broker delivers it. Both
 * come from people Signalboard does not control.
 *
 * Built two ways, like fuzz-config: with -Dfuzzing=true (clang) as a
 * libFuzzer target, and in every build as "fuzz-datapath-replay", which runs
 * the same checks over tests/fuzz/datapath-corpus as a TAP test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sb-data-path.h"
#include "sb-error.h"
#include "sb-payload.h"
#include "sb-validate.h"

/* The characters a preview row shows of a payload in these checks. */
#define SB_FUZZ_DISPLAY_CHARS 60

/* Any failed check aborts: libFuzzer keeps the input, the replay fails. */
#define CHECK(cond)                                                                                \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!(cond))                                                                                   \
      {                                                                                            \
        fprintf (stderr, "fuzz-datapath: check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);  \
        abort ();                                                                                  \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

/* A message a person reads: one valid UTF-8 line, not empty. */
static void
check_message (const GError *error)
{
  CHECK (error != NULL && error->domain == SB_CONFIG_ERROR);
  CHECK (error->message[0] != '\0');
  CHECK (g_utf8_validate (error->message, -1, NULL));
  CHECK (strchr (error->message, '\n') == NULL);
}

/* One line without control characters: what a row of the preview shows. */
static void
check_one_line (const char *text)
{
  CHECK (g_utf8_validate (text, -1, NULL));
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);
      CHECK (u >= 0x20 && u != 0x7f && !(u >= 0x80 && u < 0xa0));
    }
}

static void
check_data_path (const char *expression, GBytes *payload)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataPath) path = sb_data_path_new (expression, &error);
  g_autoptr (JsonNode) value = NULL;
  gboolean valid;

  /* What the loader and the dialog accept (sb_validate_data_path (), whose
   * json-glib compiler is only safe on what sb_data_path_check () accepts)
   * is exactly what compiles. */
  valid = sb_data_path_check (expression, NULL);
  if (valid)
    valid = sb_validate_data_path (expression, NULL);
  if (path == NULL)
    {
      check_message (error);
      CHECK (expression[0] == '\0' || !valid);
      return;
    }
  CHECK (error == NULL);
  CHECK (valid);
  CHECK (strcmp (sb_data_path_get_expression (path), expression) == 0);

  value = sb_data_path_apply (path, payload, &error);
  if (value == NULL)
    {
      check_message (error);
      return;
    }
  CHECK (error == NULL);

  {
    g_autofree char *text = sb_data_path_value_to_text (value);
    double number;

    CHECK (text != NULL && g_utf8_validate (text, -1, NULL));
    if (sb_data_path_value_to_double (value, &number))
      CHECK (JSON_NODE_HOLDS_VALUE (value));
  }
}

static void
check_payload (GBytes *payload)
{
  gsize size = g_bytes_get_size (payload);
  const guint8 *data = g_bytes_get_data (payload, NULL);
  g_autofree char *text = sb_payload_display_text (payload, SB_FUZZ_DISPLAY_CHARS);

  check_one_line (text);
  CHECK (g_utf8_strlen (text, -1) <= SB_FUZZ_DISPLAY_CHARS + 40);
  if (sb_payload_is_text (payload) && size > 0)
    CHECK (g_utf8_validate_len ((const char *)data, size, NULL) && memchr (data, 0, size) == NULL);

  /* A preview keeps only the start of a large payload: every cut must still
   * read as one line, and text cut inside a character must stay text. */
  for (gsize cut = 0; cut < size && cut < 8; cut++)
    {
      g_autoptr (GBytes) prefix = g_bytes_new_from_bytes (payload, 0, size - cut);
      g_autofree char *shown = sb_payload_display_text_prefix (prefix, size, 20);

      check_one_line (shown);
      if (sb_payload_is_text (payload))
        CHECK (sb_payload_is_text_prefix (prefix, size));
    }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv);
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A g_return_if_fail() reached from a payload or a path is a bug like any crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *newline = memchr (data, '\n', size);
  gsize path_length = newline != NULL ? (gsize)(newline - data) : size;
  g_autofree char *expression = g_strndup ((const char *)data, path_length); /* up to a NUL */
  g_autoptr (GBytes) payload = NULL;

  if (newline != NULL)
    payload = g_bytes_new (newline + 1, size - path_length - 1);
  else
    payload = g_bytes_new (NULL, 0);

  check_data_path (expression, payload);
  check_payload (payload);
  return 0;
}
