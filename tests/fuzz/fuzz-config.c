/* fuzz-config.c: the configuration loader and validators under libFuzzer
 *
 * Built two ways: with -Dfuzzing=true (clang) as a libFuzzer target, and in
 * every build as "fuzz-config-replay", which runs the same checks over the
 * seed corpus (tests/fuzz/config-corpus, and the bad configurations of
 * tests/core/config/bad) as a TAP test, so that every input that once found
 * a bug keeps being tried.
 *
 * Beyond "no crash", it checks the codec's promises on every input it
 * accepts: the canonical form loads again to the same data sources and saves
 * to the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sb-config.h"
#include "sb-validate.h"

/* Any failed check aborts: libFuzzer keeps the input, the replay fails. */
#define CHECK(cond)                                                                                \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!(cond))                                                                                   \
      {                                                                                            \
        fprintf (stderr, "fuzz-config: check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);    \
        abort ();                                                                                  \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

static void
check_codec (const char *data, gsize size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbConfig) config = sb_config_load_from_data (data, size, &error);
  g_autoptr (SbConfig) again = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  gsize length, length_again;

  if (config == NULL)
    {
      /* Refused: with a message, in the domain, and never an empty line */
      CHECK (error != NULL && error->domain == SB_CONFIG_ERROR);
      CHECK (error->message[0] != '\0');
      CHECK (g_utf8_validate (error->message, -1, NULL));
      {
        g_auto (GStrv) lines = g_strsplit (error->message, "\n", -1);
        CHECK (g_strv_length (lines) <= 101); /* 100 problems and "… and N more" */
        for (guint i = 0; lines[i] != NULL; i++)
          {
            CHECK (lines[i][0] != '\0');
            /* each line is one whole problem: control characters are escaped */
            for (const char *c = lines[i]; *c != '\0'; c++)
              CHECK ((guchar)*c >= 0x20 && *c != 0x7f);
          }
      }
      return;
    }
  CHECK (error == NULL);

  /* Accepted: valid, and the canonical form is a fixed point */
  problems = sb_config_check (config);
  CHECK (problems->len == 0);
  saved = sb_config_to_data (config, &length);
  again = sb_config_load_from_data (saved, length, &error);
  if (again == NULL)
    fprintf (stderr, "fuzz-config: the canonical form does not load: %s\n", error->message);
  CHECK (again != NULL);
  CHECK (sb_config_get_n_data_sources (again) == sb_config_get_n_data_sources (config));
  for (guint i = 0; i < sb_config_get_n_data_sources (config); i++)
    CHECK (sb_data_source_equal (sb_config_get_data_source (config, i),
                                 sb_config_get_data_source (again, i)));
  saved_again = sb_config_to_data (again, &length_again);
  CHECK (length == length_again && memcmp (saved, saved_again, length) == 0);
}

static void
check_rules (const char *data, gsize size)
{
  g_autofree char *text = g_strndup (data, size); /* up to the first NUL */
  g_autoptr (GError) error = NULL;
  guint port;

  /* Each rule either passes or says why, never both, never crashes */
#define RULE(call)                                                                                 \
  G_STMT_START                                                                                     \
  {                                                                                                \
    gboolean ok = (call);                                                                          \
    CHECK (ok == (error == NULL));                                                                 \
    CHECK (ok || (error->message[0] != '\0' && strchr (error->message, '\n') == NULL));            \
    g_clear_error (&error);                                                                        \
  }                                                                                                \
  G_STMT_END

  RULE (sb_validate_name (text, &error));
  RULE (sb_validate_broker (text, &error));
  RULE (sb_validate_port_text (text, &port, &error));
  RULE (sb_validate_topic_filter (data, size, &error));
  RULE (sb_validate_data_path (text, &error));
#undef RULE
}

int
LLVMFuzzerInitialize (int *argc, char ***argv);
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A g_return_if_fail() reached from file input is a bug like any crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  check_codec ((const char *)data, size);
  check_rules ((const char *)data, size);
  return 0;
}
