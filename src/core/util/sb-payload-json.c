/* sb-payload-json.c: the check before json-glib reads a payload, and its indented form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-payload-json.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-error.h"

static gboolean
not_json (GError **error)
{
  g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX,
                       _ ("The payload is not JSON"));
  return FALSE;
}

static int
hex4 (const char *p, const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* Strings are skipped so brackets inside them don't count. */
gboolean
sb_payload_json_check (const char *data, gsize length, GError **error)
{
  const char *end = data + length;
  int depth = 0;
  gboolean in_string = FALSE;

  if (length == 0 || memchr (data, '\0', length) != NULL
      || !g_utf8_validate_len (data, length, NULL))
    return not_json (error);

  for (const char *p = data; p < end; p++)
    {
      char c = *p;

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\')
            {
              int unit;

              if (++p == end)
                return not_json (error);
              if (strchr ("\"\\/bfnrt", *p) != NULL && *p != '\0')
                continue;
              if (*p != 'u' || (unit = hex4 (p + 1, end)) < 0)
                return not_json (error);
              p += 4;
              if (unit >= 0xdc00 && unit <= 0xdfff)
                goto unpaired;
              if (unit >= 0xd800 && unit <= 0xdbff)
                {
                  int low = end - p > 2 && p[1] == '\\' && p[2] == 'u' ? hex4 (p + 3, end) : -1;

                  if (low < 0xdc00 || low > 0xdfff)
                    goto unpaired;
                  p += 6;
                }
              continue;
            unpaired:
              g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX,
                           _ ("The payload is not JSON text: “\\u%04X” is half of a UTF-16 "
                              "surrogate pair"),
                           (guint)unit);
              return FALSE;
            }
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > SB_PAYLOAD_JSON_MAX_DEPTH)
            return not_json (error);
        }
      else if ((c == ']' || c == '}') && --depth < 0)
        return not_json (error);
    }
  return TRUE;
}

static void
new_line (GString *out, guint depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* Re-indents JSON that json-glib accepted, token by token, in json-glib's
 * layout ("key" : value, two spaces a level). Numbers and strings stay as
 * they were written: json-glib's generator prints 1e999 as "inf" and
 * 12345678901234567890 as 1.2345678901234567e+19, which misleads. No
 * recursion, and the output is valid UTF-8 since the input is and it is cut
 * only at ASCII delimiters. */
static char *
reindent (const char *data, gsize length)
{
  GString *out = g_string_sized_new (length + length / 4 + 16);
  const char *end = data + length;
  guint depth = 0;

  for (const char *p = data; p < end;)
    {
      char c = *p;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        p++;
      else if (c == '"')
        {
          const char *start = p++;

          while (p < end && *p != '"')
            p += *p == '\\' && p + 1 < end ? 2 : 1;
          p = MIN (p + 1, end);
          g_string_append_len (out, start, p - start);
        }
      else if (c == '{' || c == '[')
        {
          const char *next = p + 1;

          while (next < end && g_ascii_isspace (*next))
            next++;
          g_string_append_c (out, c);
          if (next < end && (*next == '}' || *next == ']'))
            {
              g_string_append_c (out, *next);
              p = next + 1;
              continue;
            }
          new_line (out, ++depth);
          p++;
        }
      else if (c == '}' || c == ']')
        {
          new_line (out, depth > 0 ? --depth : 0);
          g_string_append_c (out, c);
          p++;
        }
      else if (c == ',')
        {
          g_string_append_c (out, c);
          new_line (out, depth);
          p++;
        }
      else if (c == ':')
        {
          g_string_append (out, " : ");
          p++;
        }
      else
        {
          const char *start = p;

          while (p < end && !strchr (" \t\n\r\"{}[],:", *p))
            p++;
          g_string_append_len (out, start, p - start);
        }
    }
  return g_string_free (out, FALSE);
}

char *
sb_payload_json_pretty (GBytes *payload, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  const char *data = payload != NULL ? g_bytes_get_data (payload, &length) : NULL;

  if (!sb_payload_json_check (data, length, error))
    return NULL;
  /* json-glib only judges whether it is JSON, after the check kept its
   * recursion short. */
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &parse_error)
      || json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX,
                   _ ("The payload is not JSON: %s"),
                   parse_error != NULL ? parse_error->message : _ ("it is empty"));
      return NULL;
    }
  text = reindent (data, length);
  /* Should json-glib ever accept invalid text, a label must still never see it. */
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  return g_steal_pointer (&text);
}
