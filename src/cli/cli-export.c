/* cli-export.c: signalboard-cli export FILE --source NAME [--source NAME…] -o OUT.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sb-cli.h"
#include "sb-config.h"
#include "sb-import.h"

#define NAME "export"

int
sb_cli_export (int argc, char **argv)
{
  g_auto (GStrv) names = NULL;
  g_auto (GStrv) files = NULL;
  g_autofree char *output = NULL;
  gboolean force = FALSE;
  gboolean without_passwords = FALSE;
  const GOptionEntry entries[] = {
    { "source", 's', 0, G_OPTION_ARG_STRING_ARRAY, &names,
      N_ ("The data source to export (repeat for more)"), "NAME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("The configuration file to write"),
      "OUT.json" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_ ("Replace OUT.json if it exists"), NULL },
    { "without-passwords", 0, 0, G_OPTION_ARG_NONE, &without_passwords,
      N_ ("Leave the passwords and key passphrases stored in FILE out (to pass the file on)"),
      NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL },
  };
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (SbConfig) selection = NULL;
  g_autoptr (GError) error = NULL;
  guint n;

  if (!sb_cli_parse (NAME, _ ("FILE"),
                     _ ("Writes the named data sources of FILE to a new configuration file\n"
                        "that signalboard and signalboard-cli open. Passwords stored in FILE\n"
                        "are copied (the file is written with mode 0600) unless\n"
                        "--without-passwords is given."),
                     entries, &argc, &argv))
    return SB_EXIT_USAGE;
  if (files == NULL || files[0] == NULL)
    return sb_cli_usage_error (NAME, _ ("no FILE given"));
  if (files[1] != NULL)
    return sb_cli_usage_error (NAME, _ ("one FILE at a time"));
  if (names == NULL || names[0] == NULL)
    return sb_cli_usage_error (NAME, _ ("--source NAME is required"));
  if (output == NULL)
    return sb_cli_usage_error (NAME, _ ("-o OUT.json is required"));

  config = sb_config_load_from_file (files[0], &error);
  if (config == NULL)
    {
      sb_cli_print_config_error (files[0], error);
      return SB_EXIT_BAD_INPUT;
    }
  selection = sb_export_select (config, (const char *const *)names, &error);
  if (selection == NULL)
    {
      fprintf (stderr, "%s: %s\n", files[0], error->message);
      return SB_EXIT_BAD_INPUT;
    }
  if (without_passwords)
    for (guint i = 0; i < sb_config_get_n_data_sources (selection); i++)
      sb_data_source_strip_secrets (sb_config_get_data_source (selection, i));
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, _ ("%s: exists already; export writes a new file (--force replaces it)\n"),
               output);
      return SB_EXIT_BAD_INPUT;
    }
  if (!sb_config_save_to_file (selection, output, &error))
    {
      sb_cli_print_config_error (output, error);
      return SB_EXIT_BAD_INPUT;
    }
  n = sb_config_get_n_data_sources (selection);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u data source exported to %s\n",
                       "%u data sources exported to %s\n", n),
          n, output);
  return SB_EXIT_OK;
}
