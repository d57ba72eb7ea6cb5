/* sb-quote.c: a value as a message shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-quote.h"

/* Long values are cut in messages so that one problem stays one readable line. */
#define QUOTE_MAX_CHARS 40

/* "value" in typographic quotes, shortened, with control characters made visible,
 * so that a message never spans lines or hides what is wrong. */
char *
sb_quote (const char *value, gssize length)
{
  GString *out = g_string_new ("“");
  const char *p = value;
  const char *end;
  guint n_chars = 0;

  if (length < 0)
    length = strlen (value);
  end = value + length;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (n_chars == QUOTE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar)*p);
          p++;
        }
      else
        {
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02X", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          p = g_utf8_next_char (p);
        }
      n_chars++;
    }
  g_string_append (out, "”");
  return g_string_free (out, FALSE);
}
