/* sb-save-loop.c: loads a configuration, then edits and saves it in a loop
 * until killed; the save soak kills it with SIGKILL at random moments.
 *
 *   sb-save-loop FILE [SAVES]
 *
 * Prints "ready" once the file is loaded (so the killer knows the loop
 * started); with SAVES, stops after that many saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "save-soak.h"

int
main (int argc, char **argv)
{
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  guint64 saves = 0;
  guint64 limit = argc > 2 ? g_ascii_strtoull (argv[2], NULL, 10) : 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE [SAVES]\n", argv[0]);
      return 2;
    }
  config = sb_config_load_from_file (argv[1], &error);
  if (config == NULL)
    {
      fprintf (stderr, "sb-save-loop: %s\n", error->message);
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);

  while (limit == 0 || saves < limit)
    {
      save_soak_toggle (config);
      if (!sb_config_save_to_file (config, argv[1], &error))
        {
          fprintf (stderr, "sb-save-loop: save %" G_GUINT64_FORMAT ": %s\n", saves, error->message);
          return 1;
        }
      saves++;
    }
  return 0;
}
