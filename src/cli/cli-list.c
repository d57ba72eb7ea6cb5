/* cli-list.c: signalboard-cli list FILE [--format table|json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sb-cli.h"
#include "sb-config.h"

enum
{
  COL_NAME,
  COL_BROKER,
  COL_PORT,
  COL_QOS,
  COL_SUBSCRIPTIONS,
  N_COLUMNS
};

/* Columns a terminal gives @text: "Halle Süd" is 9 (not 10 bytes), "東京" is
 * 4, a combining accent 0. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
print_cell (GString *line, const char *text, guint width, gboolean last)
{
  g_string_append (line, text);
  if (last)
    return;
  for (glong pad = (glong)width - (glong)display_width (text); pad > 0; pad--)
    g_string_append_c (line, ' ');
  g_string_append (line, "  ");
}

static void
print_table (SbConfig *config)
{
  guint n = sb_config_get_n_data_sources (config);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  guint widths[N_COLUMNS] = { 0 };

  {
    char **header = g_new0 (char *, N_COLUMNS + 1);
    header[COL_NAME] = g_strdup (_ ("NAME"));
    header[COL_BROKER] = g_strdup (_ ("BROKER"));
    header[COL_PORT] = g_strdup (_ ("PORT"));
    header[COL_QOS] = g_strdup (_ ("QOS"));
    header[COL_SUBSCRIPTIONS] = g_strdup (_ ("SUBSCRIPTIONS"));
    g_ptr_array_add (rows, header);
  }
  for (guint i = 0; i < n; i++)
    {
      SbDataSource *source = sb_config_get_data_source (config, i);
      char **row = g_new0 (char *, N_COLUMNS + 1);

      row[COL_NAME] = g_strdup (sb_data_source_get_name (source));
      row[COL_BROKER] = g_strdup (sb_data_source_get_broker (source));
      row[COL_PORT] = g_strdup_printf ("%u", sb_data_source_get_effective_port (source));
      row[COL_QOS] = g_strdup_printf ("%d", sb_data_source_get_qos (source));
      row[COL_SUBSCRIPTIONS] = g_strdup_printf ("%u", sb_data_source_get_n_subscriptions (source));
      g_ptr_array_add (rows, row);
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], display_width (row[c]));
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      g_autoptr (GString) line = g_string_new (NULL);
      for (guint c = 0; c < N_COLUMNS; c++)
        print_cell (line, row[c], widths[c], c == N_COLUMNS - 1);
      printf ("%s\n", line->str);
    }
}

int
sb_cli_list (int argc, char **argv)
{
  g_auto (GStrv) files = NULL;
  g_autofree char *format = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbConfig) config = NULL;
  g_autofree char *display = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_ ("Output format: “table” (the default) or “json” (the canonical file)"),
      N_ ("table|json") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL },
  };

  if (!sb_cli_parse ("list", _ ("FILE"),
                     _ ("Lists the data sources of a configuration file.\nExit status: 0 ok, 1 "
                        "the file is invalid or unreadable, 2 usage error."),
                     entries, &argc, &argv))
    return SB_EXIT_USAGE;
  if (format != NULL && strcmp (format, "table") != 0 && strcmp (format, "json") != 0)
    return sb_cli_usage_error ("list", _ ("unknown format “%s” (use “table” or “json”)"), format);
  if (files == NULL || files[0] == NULL)
    return sb_cli_usage_error ("list", _ ("no configuration file given"));
  if (files[1] != NULL)
    return sb_cli_usage_error ("list", _ ("one configuration file at a time (got %u)"),
                               g_strv_length (files));

  display = g_filename_display_name (files[0]);
  config = sb_config_load_from_file (files[0], &error);
  if (config == NULL)
    {
      sb_cli_print_config_error (display, error);
      return SB_EXIT_BAD_INPUT;
    }

  if (g_strcmp0 (format, "json") == 0)
    {
      gsize length;
      g_autofree char *data = sb_config_to_data (config, &length);
      fwrite (data, 1, length, stdout);
    }
  else
    print_table (config);
  fflush (stdout);
  return SB_EXIT_OK;
}
