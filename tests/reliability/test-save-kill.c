/* test-save-kill.c: a process saving a configuration in a loop, killed with
 * SIGKILL at random moments; after every kill the file (and FILE.bak) must
 * load and be exactly the old or the new configuration, mode 0600.
 *
 *   SB_SOAK_KILLS  number of kills (default 50; tools/run-soak uses 1000)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "save-soak.h"
#include "sb-test-broker.h"

#define CALIBRATION_SAVES 6

typedef struct
{
  char *dir;
  char *path;
  char *backup;
  GBytes *a;
  GBytes *b;
} Soak;

static GBytes *
config_bytes (SbConfig *config)
{
  gsize length = 0;
  char *data = sb_config_to_data (config, &length);

  return g_bytes_new_take (data, length);
}

/* "a", "b", or fails the test with what was found instead. */
static char
check_file (Soak *soak, const char *path)
{
  g_autoptr (SbConfig) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf st;

  loaded = sb_config_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  if (g_bytes_equal (bytes, soak->a))
    return 'a';
  if (g_bytes_equal (bytes, soak->b))
    return 'b';
  g_error ("%s loads but is neither the old nor the new configuration (%zu bytes)", path, length);
  return '?';
}

/* g_file_set_contents() writes FILE.XXXXXX and renames it: a kill between
 * the two leaves the temporary file behind. Counted, then removed. */
static guint
remove_leftovers (Soak *soak)
{
  g_autoptr (GDir) dir = g_dir_open (soak->dir, 0, NULL);
  const char *name;
  guint count = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = NULL;

      if (strcmp (name, "config.json") == 0 || strcmp (name, "config.json.bak") == 0)
        continue;
      child = g_build_filename (soak->dir, name, NULL);
      g_remove (child);
      count++;
    }
  return count;
}

/* Microseconds that @saves saves take, start-up excluded; leaves the file
 * as it was (an even number of toggles). */
static gint64
time_saves (Soak *soak, guint saves)
{
  g_autoptr (GSubprocess) saver = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", saves);
  g_autofree char *ready = NULL;
  gint64 start;

  g_assert_cmpuint (saves % 2, ==, 0);
  saver = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            sb_test_build_path ("tests/reliability/sb-save-loop"), soak->path,
                            count, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (saver));
  ready = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_subprocess_wait_check (saver, NULL, &error);
  g_assert_no_error (error);
  return g_get_monotonic_time () - start;
}

static void
test_save_kill (void)
{
  const char *kills_text = g_getenv ("SB_SOAK_KILLS");
  guint kills = kills_text ? (guint)g_ascii_strtoull (kills_text, NULL, 10) : 50;
  g_autoptr (SbConfig) config = save_soak_config_a ();
  g_autoptr (GError) error = NULL;
  guint ends_a = 0, ends_b = 0, backups = 0, changed = 0, leftovers = 0, leftover_kills = 0;
  char last = 'a';
  gint64 started;
  gint64 max_delay_us;
  Soak soak = { 0 };

  soak.dir = g_dir_make_tmp ("sb-save-soak-XXXXXX", &error);
  g_assert_no_error (error);
  soak.path = g_build_filename (soak.dir, "config.json", NULL);
  soak.backup = g_build_filename (soak.dir, "config.json.bak", NULL);
  soak.a = config_bytes (config);
  g_assert_true (sb_config_save_to_file (config, soak.path, &error));
  g_assert_no_error (error);
  save_soak_toggle (config);
  soak.b = config_bytes (config);
  g_assert_false (g_bytes_equal (soak.a, soak.b));

  /* A save is a few fsyncs: 1 ms on an idle disk, far more on a busy one or
   * under ASan. Kills land anywhere in about three saves' time. */
  max_delay_us = MAX (3 * time_saves (&soak, CALIBRATION_SAVES) / CALIBRATION_SAVES, 1000);
  started = g_get_monotonic_time ();
  for (guint i = 0; i < kills; i++)
    {
      g_autoptr (GSubprocess) saver = NULL;
      g_autoptr (GDataInputStream) out = NULL;
      g_autofree char *ready = NULL;
      guint found;
      char now;

      saver = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                sb_test_build_path ("tests/reliability/sb-save-loop"), soak.path,
                                NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (saver));
      ready = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ready, ==, "ready");

      /* The random moment is the experiment, not a wait for a condition. */
      g_usleep (g_random_int_range (0, max_delay_us));
      g_subprocess_force_exit (saver);
      g_subprocess_wait (saver, NULL, &error);
      g_assert_no_error (error);
      /* Killed mid-loop, not exited on its own (a save error exits 1). */
      g_assert_true (g_subprocess_get_if_signaled (saver));
      g_assert_cmpint (g_subprocess_get_term_sig (saver), ==, SIGKILL);

      now = check_file (&soak, soak.path);
      if (now == 'a')
        ends_a++;
      else
        ends_b++;
      if (now != last)
        changed++;
      last = now;
      if (g_file_test (soak.backup, G_FILE_TEST_EXISTS))
        {
          check_file (&soak, soak.backup);
          backups++;
        }
      found = remove_leftovers (&soak);
      leftovers += found;
      leftover_kills += found > 0;
    }

  g_test_message ("save soak: kills at random within %.1f ms of the loop start",
                  max_delay_us / 1000.0);
  g_test_message ("save soak: %u kills in %.1f s; file was the old/new configuration every "
                  "time (A %u, B %u, changed since the previous kill %u); FILE.bak checked %u "
                  "times; leftover temporary files after %u kills (%u files)",
                  kills, (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC, ends_a,
                  ends_b, changed, backups, leftover_kills, leftovers);
  /* Kills must land in the middle of saving, or the test proves nothing. */
  if (kills >= 20)
    g_assert_cmpuint (changed, >, 0);

  g_remove (soak.path);
  g_remove (soak.backup);
  remove_leftovers (&soak);
  g_rmdir (soak.dir);
  g_bytes_unref (soak.a);
  g_bytes_unref (soak.b);
  g_free (soak.path);
  g_free (soak.backup);
  g_free (soak.dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reliability/save-kill", test_save_kill);
  return g_test_run ();
}
