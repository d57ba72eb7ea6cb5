/* sb-payload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-payload.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* How many bytes of a binary payload the hex preview shows. */
#define HEX_PREVIEW_BYTES 16

/* Length of the valid UTF-8 start of @data (stops at a NUL too). */
static gsize
valid_text_length (const char *data, gsize len)
{
  const char *end = NULL;

  g_utf8_validate_len (data, len, &end);
  return end - data;
}

gboolean
sb_payload_is_text_prefix (GBytes *prefix, guint64 full_size)
{
  gsize len = 0;
  const char *data;
  gsize valid;

  g_return_val_if_fail (prefix != NULL, FALSE);

  data = g_bytes_get_data (prefix, &len);
  if (len == 0)
    return TRUE;
  valid = valid_text_length (data, len);
  if (valid == len)
    return TRUE;
  if (full_size <= len || len - valid >= 4 || data[valid] == '\0')
    return FALSE;
  /* The cut fell inside a character: -2 means "incomplete", not "invalid". */
  return g_utf8_get_char_validated (data + valid, len - valid) == (gunichar)-2;
}

gboolean
sb_payload_is_text (GBytes *payload)
{
  g_return_val_if_fail (payload != NULL, FALSE);
  return sb_payload_is_text_prefix (payload, g_bytes_get_size (payload));
}

/* Characters that change how the text around them reads without showing
 * themselves: bidi embeddings, overrides and isolates reorder what follows
 * (a topic "a/\u202Etxt.exe" reads "a/exe.txt"), zero-width ones split or
 * join words invisibly. */
static gboolean
is_invisible_format (gunichar c)
{
  return (c >= 0x200b && c <= 0x200f)    /* zero-width space, (non-)joiner, LRM, RLM */
         || (c >= 0x202a && c <= 0x202e) /* bidi embeddings and overrides */
         || (c >= 0x2060 && c <= 0x2064) /* word joiner, invisible operators */
         || (c >= 0x2066 && c <= 0x2069) /* bidi isolates */
         || c == 0x061c                  /* Arabic letter mark */
         || c == 0xfeff;                 /* zero-width no-break space (BOM) */
}

/* Control characters would break the one-line display (newlines, tabs) or
 * the terminal (escape sequences): show them as the Unicode control
 * pictures, which a person recognises. Invisible formatting characters are
 * shown by their code point, "<U+202E>". */
static void
append_visible (GString *out, gunichar c)
{
  if (is_invisible_format (c))
    g_string_append_printf (out, "<U+%04X>", (unsigned)c);
  else if (c < 0x20)
    g_string_append_unichar (out, 0x2400 + c);
  else if (c == 0x7f)
    g_string_append_unichar (out, 0x2421);
  else if (c >= 0x80 && c < 0xa0)
    g_string_append_unichar (out, 0xfffd);
  else
    g_string_append_unichar (out, c);
}

char *
sb_payload_display_text_prefix (GBytes *prefix, guint64 full_size, gsize max_chars)
{
  gsize len = 0;
  const guint8 *data;
  GString *out;

  g_return_val_if_fail (prefix != NULL, NULL);

  max_chars = MAX (max_chars, 2);
  data = g_bytes_get_data (prefix, &len);
  if (data == NULL)
    data = (const guint8 *)""; /* an empty GBytes may hold NULL: no arithmetic on it */
  full_size = MAX (full_size, len);
  out = g_string_sized_new (MIN (len, max_chars * 4) + 8);

  if (sb_payload_is_text_prefix (prefix, full_size))
    {
      const char *p = (const char *)data;
      const char *end = p + valid_text_length (p, len);
      gsize n = 0;

      for (; p < end; p = g_utf8_next_char (p), n++)
        {
          if (n == max_chars - 1 && g_utf8_next_char (p) < end)
            break;
          append_visible (out, g_utf8_get_char (p));
        }
      if (p < end || (gsize)(end - (const char *)data) < full_size)
        g_string_append (out, "…");
      return g_string_free (out, FALSE);
    }

  /* TRANSLATORS: a payload that is not text; %lu is its size in bytes */
  g_string_append_printf (out, _ ("<binary, %lu bytes>"), (unsigned long)full_size);
  for (gsize i = 0; i < len && i < HEX_PREVIEW_BYTES; i++)
    g_string_append_printf (out, " %02x", data[i]);
  if (full_size > HEX_PREVIEW_BYTES)
    g_string_append (out, " …");
  return g_string_free (out, FALSE);
}

char *
sb_payload_display_text (GBytes *payload, gsize max_chars)
{
  g_return_val_if_fail (payload != NULL, NULL);
  return sb_payload_display_text_prefix (payload, g_bytes_get_size (payload), max_chars);
}

char *
sb_text_display_escaped (const char *text, gssize length)
{
  const char *end;
  const char *p;
  GString *out;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);
  out = g_string_sized_new (length + 8);
  end = text + length;
  for (p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_unichar (out, 0xfffd);
          p++;
          continue;
        }
      append_visible (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

char *
sb_payload_hex_dump (GBytes *payload)
{
  gsize length = 0;
  const guint8 *data = payload != NULL ? g_bytes_get_data (payload, &length) : NULL;
  GString *dump = g_string_sized_new (length / 16 * 78 + 80);

  /* The layout of `hexdump -C`, which people already read fluently. */
  for (gsize line = 0; line < length; line += 16)
    {
      gsize n = MIN (16, length - line);

      g_string_append_printf (dump, "%08" G_GSIZE_MODIFIER "x ", line);
      for (gsize i = 0; i < 16; i++)
        {
          if (i == 8)
            g_string_append_c (dump, ' ');
          if (i < n)
            g_string_append_printf (dump, " %02x", data[line + i]);
          else
            g_string_append (dump, "   ");
        }
      g_string_append (dump, "  |");
      for (gsize i = 0; i < n; i++)
        {
          guint8 c = data[line + i];
          g_string_append_c (dump, c >= 0x20 && c < 0x7f ? (char)c : '.');
        }
      g_string_append (dump, "|\n");
    }
  g_string_append_printf (dump, "%08" G_GSIZE_MODIFIER "x", length);
  return g_string_free (dump, FALSE);
}

char *
sb_payload_safe_text (GBytes *payload)
{
  gsize length = 0;
  const char *data = payload != NULL ? g_bytes_get_data (payload, &length) : NULL;
  const char *p = data, *end = data + length;
  GString *text = g_string_sized_new (length + 1);

  while (p < end)
    {
      gunichar c;

      if (*p == '\0')
        {
          g_string_append_unichar (text, 0x2400);
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_unichar (text, 0xfffd);
          p++;
          continue;
        }
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
        g_string_append_unichar (text, c == 0x7f ? 0x2421 : 0x2400 + c);
      else
        g_string_append_unichar (text, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (text, FALSE);
}
