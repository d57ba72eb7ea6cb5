/* import-test.h: what the tests of tests/core/import share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sb-config.h"
#include "sb-import.h"
#include "sb-test-broker.h"

static inline char *
sample (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "tests", "core", "import", "samples", name, NULL);
}

static inline SbImport *
load_sample (SbImportFormat format, const char *name)
{
  g_autofree char *path = sample (name);
  g_autoptr (GError) error = NULL;
  SbImport *import = sb_import_load_from_file (format, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

/* TRUE when one note of connection @i contains @text. */
static inline gboolean
has_note (SbImport *import, guint i, const char *text)
{
  const char *const *notes = sb_import_get_notes (import, i);

  for (guint k = 0; notes[k] != NULL; k++)
    if (strstr (notes[k], text) != NULL)
      return TRUE;
  return FALSE;
}

static inline guint
n_notes (SbImport *import, guint i)
{
  return g_strv_length ((char **)sb_import_get_notes (import, i));
}

static inline void
assert_subscription (SbDataSource *source, guint i, const char *topic, int qos)
{
  SbSubscription *subscription = sb_data_source_get_subscription (source, i);

  g_assert_nonnull (subscription);
  g_assert_cmpstr (sb_subscription_get_topic (subscription), ==, topic);
  g_assert_cmpint (sb_subscription_get_qos (subscription), ==, qos);
}

static inline void
assert_file (const char *path, const char *contents)
{
  g_autofree char *data = NULL;
  GStatBuf st;

  g_assert_true (g_path_is_absolute (path));
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, contents);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}
