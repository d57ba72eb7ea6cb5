/* cli-import.c: signalboard-cli import --from mqtt-explorer|mqttx INPUT -o OUTPUT.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sb-cli.h"
#include "sb-config.h"
#include "sb-import.h"
#include "sb-secrets.h"

#define NAME "import"

/* Prints a line built from another tool's file: its names and topics could
 * hold terminal escape sequences, so every control character becomes "?". */
static void G_GNUC_PRINTF (1, 2) print_line (const char *format, ...)
{
  g_autofree char *text = NULL;
  g_autofree char *valid = NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  valid = g_utf8_make_valid (text, -1);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (line, '?');
      else
        g_string_append_unichar (line, c);
    }
  printf ("%s\n", line->str);
}

static void
print_report (SbImport *import)
{
  for (guint i = 0; i < sb_import_get_n_connections (import); i++)
    {
      SbDataSource *source = sb_import_get_data_source (import, i);
      const char *name = sb_import_get_connection_name (import, i);
      const char *const *notes = sb_import_get_notes (import, i);

      if (source == NULL)
        print_line (_ ("not imported “%s”"), name);
      else
        {
          g_autofree char *summary = sb_import_dup_summary (import, i);

          if (g_strcmp0 (name, sb_data_source_get_name (source)) == 0)
            print_line (_ ("imported “%s” (%s)"), name, summary);
          else
            print_line (_ ("imported “%s” as “%s” (%s)"), name, sb_data_source_get_name (source),
                        summary);
        }
      for (guint k = 0; notes[k] != NULL; k++)
        print_line ("  - %s", notes[k]);
    }
}

static gboolean
parse_passwords (const char *text, SbImportPasswords *passwords)
{
  if (g_strcmp0 (text, "keyring") == 0)
    *passwords = SB_IMPORT_PASSWORDS_KEYRING;
  else if (g_strcmp0 (text, "file") == 0)
    *passwords = SB_IMPORT_PASSWORDS_FILE;
  else if (g_strcmp0 (text, "leave-out") == 0)
    *passwords = SB_IMPORT_PASSWORDS_LEAVE_OUT;
  else
    return FALSE;
  return TRUE;
}

static gboolean
has_password (SbImport *import)
{
  for (guint i = 0; i < sb_import_get_n_connections (import); i++)
    {
      SbDataSource *source = sb_import_get_data_source (import, i);
      if (source != NULL && sb_data_source_get_password (source)[0] != '\0')
        return TRUE;
    }
  return FALSE;
}

/* An import that could not be saved must not leave passwords in the keyring. */
static void
forget_passwords (SbConfig *config, guint first)
{
  for (guint i = first; i < sb_config_get_n_data_sources (config); i++)
    {
      SbDataSource *source = sb_config_get_data_source (config, i);
      if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
        sb_secrets_clear (source, NULL, NULL);
    }
}

int
sb_cli_import (int argc, char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *output = NULL;
  g_autofree char *passwords_text = NULL;
  g_auto (GStrv) inputs = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_ ("The tool the file comes from: mqtt-explorer (its settings.json), mqttx (its JSON "
          "export), or auto (tell by the file’s shape)"),
      "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("The configuration to create, or to add the connections to"), "OUTPUT.json" },
    { "passwords", 0, 0, G_OPTION_ARG_STRING, &passwords_text,
      N_ ("Where passwords go: keyring (default when a Secret Service runs), file (the "
          "configuration file, mode 0600) or leave-out (the default without a keyring)"),
      "WHERE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
    { NULL },
  };
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (SbImport) import = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cert_dir = NULL;
  SbImportFormat format;
  SbImportPasswords passwords = SB_IMPORT_PASSWORDS_LEAVE_OUT;
  guint n_before;

  if (!sb_cli_parse (NAME, _ ("INPUT"),
                     _ ("Imports the connections of MQTT Explorer or MQTTX as data sources.\n"
                        "Certificates given inline are written beside OUTPUT (mode 0600).\n"
                        "Prints, per connection, what was imported and what could not be."),
                     entries, &argc, &argv))
    return SB_EXIT_USAGE;
  if (from == NULL)
    return sb_cli_usage_error (NAME, _ ("--from is required (mqtt-explorer or mqttx)"));
  if (!sb_import_format_from_string (from, &format))
    return sb_cli_usage_error (NAME, _ ("--from: “%s” is not mqtt-explorer, mqttx or auto"), from);
  if (output == NULL)
    return sb_cli_usage_error (NAME, _ ("-o OUTPUT.json is required"));
  if (inputs == NULL || inputs[0] == NULL)
    return sb_cli_usage_error (NAME, _ ("no INPUT file given"));
  if (inputs[1] != NULL)
    return sb_cli_usage_error (NAME, _ ("one INPUT file at a time"));
  if (passwords_text != NULL && !parse_passwords (passwords_text, &passwords))
    return sb_cli_usage_error (NAME, _ ("--passwords: “%s” is not keyring, file or leave-out"),
                               passwords_text);

  /* Read both files before anything is written. */
  if (g_file_test (output, G_FILE_TEST_EXISTS))
    {
      config = sb_config_load_from_file (output, &error);
      if (config == NULL)
        {
          sb_cli_print_config_error (output, error);
          return SB_EXIT_BAD_INPUT;
        }
    }
  else
    config = sb_config_new ();

  import = sb_import_load_from_file (format, inputs[0], &error);
  if (import == NULL)
    {
      sb_cli_print_config_error (inputs[0], error);
      return SB_EXIT_BAD_INPUT;
    }

  {
    g_auto (GStrv) conflicts = sb_import_find_conflicts (import, config);
    if (conflicts[0] != NULL)
      {
        g_autoptr (GString) names = g_string_new (NULL);
        for (guint i = 0; conflicts[i] != NULL; i++)
          g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", conflicts[i]);
        fprintf (stderr,
                 g_dngettext (GETTEXT_PACKAGE,
                              "%s: already has a data source named %s; nothing was imported "
                              "(rename it in one of the files)\n",
                              "%s: already has data sources named %s; nothing was imported "
                              "(rename them in one of the files)\n",
                              g_strv_length (conflicts)),
                 output, names->str);
        return SB_EXIT_BAD_INPUT;
      }
  }

  if (sb_import_get_n_importable (import) == 0)
    {
      print_report (import);
      fprintf (stderr, _ ("%s: no connection can be imported; %s is unchanged\n"), inputs[0],
               output);
      return SB_EXIT_BAD_INPUT;
    }

  /* Without an explicit choice, a password goes to the keyring, never
   * silently into a file that others may read. */
  if (passwords_text == NULL && has_password (import) && sb_secrets_available ())
    passwords = SB_IMPORT_PASSWORDS_KEYRING;

  n_before = sb_config_get_n_data_sources (config);
  cert_dir = g_path_get_dirname (output);
  if (!sb_import_apply (import, config, cert_dir, passwords, &error))
    {
      fprintf (stderr, "%s: %s\n", output, error->message);
      return SB_EXIT_BAD_INPUT;
    }
  if (!sb_config_save_to_file (config, output, &error))
    {
      forget_passwords (config, n_before);
      sb_cli_print_config_error (output, error);
      return SB_EXIT_BAD_INPUT;
    }

  print_report (import);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u connection imported into %s\n",
                       "%u of %u connections imported into %s\n",
                       sb_import_get_n_connections (import)),
          sb_import_get_n_importable (import), sb_import_get_n_connections (import), output);
  return SB_EXIT_OK;
}
