/* sb-json-write.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-json-write.h"

#include <math.h>

void
sb_json_append_string (GString *out, const char *text, gsize len)
{
  static const char hex[] = "0123456789abcdef";
  const char *end = text + len;
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; p < end; p++)
    {
      guchar c = (guchar)*p;
      const char *escape = NULL;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
          case '"':
            escape = "\\\"";
            break;
          case '\\':
            escape = "\\\\";
            break;
          case '\n':
            escape = "\\n";
            break;
          case '\r':
            escape = "\\r";
            break;
          case '\t':
            escape = "\\t";
            break;
          case '\b':
            escape = "\\b";
            break;
          case '\f':
            escape = "\\f";
            break;
          default:
            break;
        }
      if (escape != NULL)
        g_string_append (out, escape);
      else
        {
          char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
          g_string_append_len (out, u, 6);
        }
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, '"');
}

static gboolean
append_special (GString *out, double value)
{
  if (isnan (value))
    g_string_append (out, "\"NaN\"");
  else if (isinf (value))
    g_string_append (out, value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  else
    return FALSE;
  return TRUE;
}

/* "%.*g" in the C locale ("." whatever the locale says), with as few digits as
 * read back as @value; @single: as a float. A value whose shortest form has
 * at most 15 (float: 6) digits comes out of "%.15g" ("%.6g") as that form, as
 * "%g" drops trailing zeros: the loop starts there. */
static void
append_shortest (GString *out, double value, gboolean single)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  int max_digits = single ? 9 : 17;

  for (int digits = single ? 6 : 15; digits <= max_digits; digits++)
    {
      char format[8];
      double back;

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (text, sizeof text, format, value);
      back = g_ascii_strtod (text, NULL);
      if (single ? (float)back == (float)value : back == value)
        break;
    }
  g_string_append (out, text);
}

void
sb_json_append_double (GString *out, double value)
{
  if (!append_special (out, value))
    append_shortest (out, value, FALSE);
}

void
sb_json_append_float (GString *out, float value)
{
  if (!append_special (out, value))
    append_shortest (out, value, TRUE);
}
