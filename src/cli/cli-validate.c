/* cli-validate.c: signalboard-cli validate FILE...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sb-cli.h"
#include "sb-config.h"

static guint
count_subscriptions (SbConfig *config)
{
  guint n = sb_config_get_n_data_sources (config);
  guint total = 0;

  for (guint i = 0; i < n; i++)
    total += sb_data_source_get_n_subscriptions (sb_config_get_data_source (config, i));
  return total;
}

int
sb_cli_validate (int argc, char **argv)
{
  g_auto (GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL },
  };
  int status = SB_EXIT_OK;

  if (!sb_cli_parse ("validate", _ ("FILE…"),
                     _ ("Checks each configuration file and prints every problem it finds, one "
                        "per line.\nExit status: 0 all valid, 1 a file is invalid or unreadable, "
                        "2 usage error."),
                     entries, &argc, &argv))
    return SB_EXIT_USAGE;
  if (files == NULL || files[0] == NULL)
    return sb_cli_usage_error ("validate", _ ("no configuration file given"));

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SbConfig) config = sb_config_load_from_file (files[i], &error);
      g_autofree char *display = g_filename_display_name (files[i]);
      guint n_sources, n_subscriptions;
      g_autofree char *sources_text = NULL;
      g_autofree char *subscriptions_text = NULL;

      if (config == NULL)
        {
          sb_cli_print_config_error (display, error);
          status = SB_EXIT_BAD_INPUT;
          continue;
        }
      n_sources = sb_config_get_n_data_sources (config);
      n_subscriptions = count_subscriptions (config);
      sources_text = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u data source", "%u data sources", n_sources), n_sources);
      subscriptions_text = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u subscription", "%u subscriptions", n_subscriptions),
          n_subscriptions);
      /* TRANSLATORS: FILE: ok (2 data sources, 7 subscriptions) */
      printf (_ ("%s: ok (%s, %s)\n"), display, sources_text, subscriptions_text);
    }
  fflush (stdout);
  return status;
}
