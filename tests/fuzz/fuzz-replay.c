/* fuzz-replay.c: runs a libFuzzer target's checks over its corpus folder(s) as a TAP
 * test, in every build (the fuzzer itself needs clang); linked with one fuzz-*.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int
LLVMFuzzerInitialize (int *argc, char ***argv);
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The replay: every file of the corpus folder(s) given, as TAP. "--suffix=.json" before a
 * folder takes only the files of the folders after it whose names end so (a folder of test
 * cases whose expected messages lie beside them, tests/core/config/bad). */
int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *suffix = "";

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GDir) dir = NULL;
      const char *name;

      if (g_str_has_prefix (argv[i], "--suffix="))
        {
          suffix = argv[i] + strlen ("--suffix=");
          continue;
        }
      dir = g_dir_open (argv[i], 0, &error);
      if (dir == NULL)
        {
          printf ("Bail out! %s\n", error->message);
          return 1;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, suffix))
          g_ptr_array_add (files, g_build_filename (argv[i], name, NULL));
    }
  g_ptr_array_sort (files, compare_paths);
  if (files->len == 0)
    {
      printf ("Bail out! no corpus files\n");
      return 1;
    }

  printf ("1..%u\n", files->len);
  fflush (stdout);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *contents = NULL;
      g_autofree char *base = g_path_get_basename (path);
      gsize size;

      if (!g_file_get_contents (path, &contents, &size, NULL))
        {
          printf ("not ok %u - %s (unreadable)\n", i + 1, base);
          continue;
        }
      /* a failed check aborts the program: TAP then reports the missing tests */
      printf ("# %s\n", base);
      fflush (stdout);
      LLVMFuzzerTestOneInput ((const uint8_t *)contents, size);
      printf ("ok %u - %s\n", i + 1, base);
      fflush (stdout);
    }
  return 0;
}
