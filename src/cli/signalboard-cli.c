/* signalboard-cli.c: the headless front end of the Signalboard core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sb-cli.h"
#include "sb-config-file.h"
#include "sb-error.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "validate", sb_cli_validate, N_ ("Check configuration files and report every problem") },
  { "list", sb_cli_list, N_ ("List the data sources of a configuration file") },
  { "listen", sb_cli_listen, N_ ("Subscribe and print the messages that arrive") },
  { "import", sb_cli_import, N_ ("Import connections from MQTT Explorer or MQTTX") },
  { "export", sb_cli_export, N_ ("Write chosen data sources to a new configuration file") },
  { "browse", sb_cli_browse, N_ ("Print the broker's topic tree") },
  { "publish", sb_cli_publish, N_ ("Publish one message") },
  { "serve", sb_cli_serve,
    N_ ("Serve the latest values of data sources over HTTP, with a live page") },
};

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n  signalboard-cli COMMAND [OPTION…]\n\n%s\n", _ ("Usage:"), _ ("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _ (commands[i].summary));
  fprintf (out, "\n%s\n", _ ("Run “signalboard-cli COMMAND --help” for the options of a command."));
}

gboolean
sb_cli_parse (const char *name, const char *parameter_string, const char *summary,
              const GOptionEntry *entries, int *argc, char ***argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("signalboard-cli %s", name);

  /* --help's usage line names the whole command, not just the subcommand. */
  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      sb_cli_usage_error (name, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

int
sb_cli_usage_error (const char *name, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "signalboard-cli %s: %s\n", name, message);
  fprintf (stderr, _ ("Try “signalboard-cli %s --help” for more information.\n"), name);
  return SB_EXIT_USAGE;
}

void
sb_cli_print_config_error (const char *file, const GError *error)
{
  g_autofree char *text = sb_config_file_format_error (file, error);

  fprintf (stderr, "%s\n", text);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return SB_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_help (stdout);
      return SB_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("signalboard-cli %s\n", PACKAGE_VERSION);
      return SB_EXIT_OK;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, _ ("signalboard-cli: unknown command “%s”\n"), argv[1]);
  fprintf (stderr, _ ("Try “signalboard-cli --help” for the list of commands.\n"));
  return SB_EXIT_USAGE;
}
