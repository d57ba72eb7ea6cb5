/* sb-json-scan.c: strict JSON syntax check with line and column, before json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-json-scan.h"

/* Keys and words quoted in messages are cut to this many characters. */
#define SHOWN_MAX_CHARS 40

struct _SbJsonScan
{
  GHashTable *numbers; /* path -> lexeme */
  GPtrArray *problems; /* "PATH: MESSAGE", the first SB_JSON_MAX_PROBLEMS */
  guint n_problems;    /* all of them */
};

typedef struct
{
  const char *text;
  gsize length;
  gsize pos;
  GString *path;
  SbJsonScan *scan;
  GError *error;
  /* Where the last line count stopped: keys come in order, so counting on
   * from there keeps the scan linear. */
  gsize located_pos;
  guint located_line;
  guint located_column;
  guint n_values;
} Scanner;

static gboolean
scan_value (Scanner *s, guint depth, gboolean member);

void
sb_json_path_append_key (GString *path, const char *key)
{
  gboolean plain = key[0] != '\0';

  for (const char *p = key; *p != '\0' && plain; p++)
    plain = g_ascii_isalnum (*p) || *p == '_';

  if (plain)
    {
      if (path->len > 0)
        g_string_append_c (path, '.');
      g_string_append (path, key);
      return;
    }

  g_string_append (path, "[\"");
  for (const char *p = key; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (path, '\\');
      if ((guchar)*p < 0x20 || *p == 0x7f)
        g_string_append_printf (path, "\\u%04x", (guchar)*p);
      else
        g_string_append_c (path, *p);
    }
  g_string_append (path, "\"]");
}

void
sb_json_path_append_index (GString *path, guint index)
{
  g_string_append_printf (path, "[%u]", index);
}

char *
sb_json_path_shown (const char *path)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (path, -1) <= SB_JSON_PATH_SHOWN_MAX)
    return g_strdup (path);
  head = g_utf8_substring (path, 0, SB_JSON_PATH_SHOWN_MAX - 1);
  return g_strconcat (head, "…", NULL);
}

gboolean
sb_json_lexeme_is_integer (const char *lexeme)
{
  const char *p = lexeme;

  if (lexeme == NULL || strcmp (lexeme, "-0") == 0)
    return FALSE;
  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0' && p[1] != '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* A key or word as a message shows it: in quotes, cut short, one line. */
static char *
shown (const char *text)
{
  g_autofree char *cut = NULL;
  g_autofree char *escaped = NULL;

  if (g_utf8_strlen (text, -1) > SHOWN_MAX_CHARS)
    {
      g_autofree char *head = g_utf8_substring (text, 0, SHOWN_MAX_CHARS);
      cut = g_strconcat (head, "…", NULL);
    }
  else
    cut = g_strdup (text);
  escaped = g_strescape (cut, "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f"
                              "\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f"
                              "\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf"
                              "\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf"
                              "\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf"
                              "\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf"
                              "\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef"
                              "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff");
  return g_strdup_printf ("“%s”", escaped);
}

/* 1-based line and column (in characters) of byte @pos. */
static void
locate (Scanner *s, gsize pos, guint *line, guint *column)
{
  if (pos < s->located_pos)
    {
      s->located_pos = 0;
      s->located_line = 1;
      s->located_column = 1;
    }
  for (gsize i = s->located_pos; i < pos; i++)
    {
      if (s->text[i] == '\n')
        {
          s->located_line++;
          s->located_column = 1;
        }
      else if (((guchar)s->text[i] & 0xC0) != 0x80)
        s->located_column++;
    }
  s->located_pos = pos;
  *line = s->located_line;
  *column = s->located_column;
}

static gboolean
syntax_error (Scanner *s, gsize pos, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
syntax_error (Scanner *s, gsize pos, const char *format, ...)
{
  g_autofree char *message = NULL;
  guint line, column;
  va_list args;

  if (s->error != NULL)
    return FALSE;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  locate (s, pos, &line, &column);
  s->error
      = g_error_new (SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX, "%u:%u: %s", line, column, message);
  return FALSE;
}

/* The file ends inside something opened at @start: report the end, where
 * the text was cut, and name where the open part began. */
static gboolean
truncated (Scanner *s, gsize start, const char *what)
{
  guint line, column;

  locate (s, start, &line, &column);
  /* TRANSLATORS: the first %s is "object", "array" or "string" */
  return syntax_error (s, s->length,
                       _ ("the file ends inside the %s opened at line %u, column %u: is it "
                          "truncated?"),
                       what, line, column);
}

/* The character at @pos, for "unexpected ..." messages. */
static char *
describe_char (Scanner *s, gsize pos)
{
  gunichar c = g_utf8_get_char (s->text + pos);

  if (c >= 0x20 && c < 0x7f)
    return g_strdup_printf ("“%c”", (char)c);
  return g_strdup_printf ("U+%04X", c);
}

static void
skip_space (Scanner *s)
{
  while (s->pos < s->length)
    {
      char c = s->text[s->pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      s->pos++;
    }
}

static gboolean
at_end (Scanner *s)
{
  return s->pos >= s->length;
}

int
sb_json_hex4 (const char *p, gsize available)
{
  int value = 0;

  if (available < 4)
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

/* At the opening quote; appends the decoded text to @out when it is not NULL. */
static gboolean
scan_string (Scanner *s, GString *out)
{
  gsize start = s->pos;

  s->pos++;
  for (;;)
    {
      guchar c;

      if (at_end (s))
        return truncated (s, start, _ ("string"));
      c = s->text[s->pos];
      if (c == '"')
        {
          s->pos++;
          return TRUE;
        }
      if (c == '\n' || c == '\r')
        return syntax_error (s, start, _ ("this string is not closed before the end of the line"));
      if (c < 0x20)
        return syntax_error (
            s, s->pos, _ ("control character U+%04X in a string (write it as \\u%04X)"), c, c);
      if (c != '\\')
        {
          if (out != NULL)
            g_string_append_c (out, c);
          s->pos++;
          continue;
        }

      /* an escape */
      if (s->pos + 1 >= s->length)
        return truncated (s, start, _ ("string"));
      c = s->text[s->pos + 1];
      if (c == 'u')
        {
          gsize escape_pos = s->pos;
          int unit = sb_json_hex4 (s->text + s->pos + 2, s->length - s->pos - 2);
          gunichar cp;

          if (unit < 0)
            return syntax_error (s, escape_pos, _ ("“\\u” must be followed by four hex digits"));
          s->pos += 6;
          cp = unit;
          if (unit == 0)
            return syntax_error (s, escape_pos,
                                 _ ("“\\u0000” (a NUL character) is not allowed in a string"));
          if (unit >= 0xDC00 && unit <= 0xDFFF)
            return syntax_error (s, escape_pos, _ ("unpaired UTF-16 surrogate “\\u%04X”"), unit);
          if (unit >= 0xD800 && unit <= 0xDBFF)
            {
              int low = -1;
              if (s->length - s->pos >= 6 && s->text[s->pos] == '\\' && s->text[s->pos + 1] == 'u')
                low = sb_json_hex4 (s->text + s->pos + 2, s->length - s->pos - 2);
              if (low < 0xDC00 || low > 0xDFFF)
                return syntax_error (s, escape_pos, _ ("unpaired UTF-16 surrogate “\\u%04X”"),
                                     unit);
              s->pos += 6;
              cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
          if (out != NULL)
            g_string_append_unichar (out, cp);
          continue;
        }

      if (out != NULL)
        {
          switch (c)
            {
              case '"':
              case '\\':
              case '/':
                g_string_append_c (out, c);
                break;
              case 'b':
                g_string_append_c (out, '\b');
                break;
              case 'f':
                g_string_append_c (out, '\f');
                break;
              case 'n':
                g_string_append_c (out, '\n');
                break;
              case 'r':
                g_string_append_c (out, '\r');
                break;
              case 't':
                g_string_append_c (out, '\t');
                break;
              default:
                break;
            }
        }
      if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        {
          g_autofree char *what = describe_char (s, s->pos + 1);
          return syntax_error (s, s->pos, _ ("“\\” followed by %s is not a JSON escape"), what);
        }
      s->pos += 2;
    }
}

static gboolean
scan_digits (Scanner *s)
{
  gsize start = s->pos;

  while (!at_end (s) && g_ascii_isdigit (s->text[s->pos]))
    s->pos++;
  return s->pos > start;
}

/* @member: the number is an object member's value, the only kind the loader reads. */
static gboolean
scan_number (Scanner *s, gboolean member)
{
  gsize start = s->pos;

  if (s->text[s->pos] == '-')
    s->pos++;
  if (at_end (s) || !g_ascii_isdigit (s->text[s->pos]))
    return syntax_error (s, start, _ ("“-” must be followed by a number"));
  if (s->text[s->pos] == '0')
    {
      s->pos++;
      if (!at_end (s) && g_ascii_isdigit (s->text[s->pos]))
        return syntax_error (s, start, _ ("a number cannot start with 0 (write 7, not 07)"));
    }
  else
    scan_digits (s);

  if (!at_end (s) && s->text[s->pos] == '.')
    {
      s->pos++;
      if (!scan_digits (s))
        return syntax_error (s, s->pos, _ ("a number needs digits after “.”"));
    }
  if (!at_end (s) && (s->text[s->pos] == 'e' || s->text[s->pos] == 'E'))
    {
      s->pos++;
      if (!at_end (s) && (s->text[s->pos] == '+' || s->text[s->pos] == '-'))
        s->pos++;
      if (!scan_digits (s))
        return syntax_error (s, s->pos, _ ("a number needs digits after its exponent “e”"));
    }

  /* Copying the path per number made a 1 MiB key over five million numbers
   * cost gigabytes: keep only what the loader can ask for. */
  if (member && s->path->len <= SB_JSON_NUMBER_PATH_MAX)
    g_hash_table_replace (s->scan->numbers, g_strdup (s->path->str),
                          g_strndup (s->text + start, s->pos - start));
  return TRUE;
}

static gboolean
scan_word (Scanner *s)
{
  gsize start = s->pos;
  g_autofree char *word = NULL;
  g_autofree char *word_shown = NULL;

  while (!at_end (s) && (g_ascii_isalnum (s->text[s->pos]) || s->text[s->pos] == '_'))
    s->pos++;
  word = g_strndup (s->text + start, s->pos - start);
  if (strcmp (word, "true") == 0 || strcmp (word, "false") == 0 || strcmp (word, "null") == 0)
    return TRUE;
  word_shown = shown (word);
  return syntax_error (s, start,
                       _ ("unknown word %s (JSON knows true, false and null; text needs double "
                          "quotes)"),
                       word_shown);
}

static gboolean
scan_object (Scanner *s, guint depth)
{
  g_autoptr (GHashTable) keys = NULL; /* key -> line of its first use */
  gsize start = s->pos;
  gsize path_length = s->path->len;
  gboolean first = TRUE;

  if (depth > SB_JSON_MAX_DEPTH)
    return syntax_error (s, start, _ ("objects and arrays are nested more than %d deep"),
                         SB_JSON_MAX_DEPTH);
  s->pos++;

  for (;;)
    {
      g_autoptr (GString) key = NULL;
      g_autofree char *key_shown = NULL;
      gsize key_pos;
      guint line, column;
      gpointer first_line;

      skip_space (s);
      if (at_end (s))
        return truncated (s, start, _ ("object"));
      if (s->text[s->pos] == '}' && first)
        {
          s->pos++;
          return TRUE;
        }
      if (s->text[s->pos] == '}')
        return syntax_error (s, s->pos, _ ("a key is missing before “}” (a comma too many?)"));
      if (s->text[s->pos] != '"')
        {
          g_autofree char *what = describe_char (s, s->pos);
          if (s->text[s->pos] == '\'')
            return syntax_error (s, s->pos, _ ("keys need double quotes, not single quotes"));
          return syntax_error (s, s->pos, _ ("expected a key in double quotes, found %s"), what);
        }
      first = FALSE;

      key_pos = s->pos;
      key = g_string_new (NULL);
      if (!scan_string (s, key))
        return FALSE;
      if (key->len > SB_JSON_MAX_KEY)
        return syntax_error (s, key_pos, _ ("a key of %u bytes: keys are at most %d bytes"),
                             (guint)key->len, SB_JSON_MAX_KEY);
      key_shown = shown (key->str);

      skip_space (s);
      if (at_end (s))
        return truncated (s, start, _ ("object"));
      if (s->text[s->pos] != ':')
        return syntax_error (s, s->pos, _ ("expected “:” after the key %s"), key_shown);
      s->pos++;

      sb_json_path_append_key (s->path, key->str);
      locate (s, key_pos, &line, &column);
      if (keys == NULL)
        keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      first_line = g_hash_table_lookup (keys, key->str);
      if (first_line != NULL && ++s->scan->n_problems > SB_JSON_MAX_PROBLEMS)
        ; /* counted, not kept: a million copies of one mistake help nobody */
      else if (first_line != NULL)
        {
          g_autofree char *where = sb_json_path_shown (s->path->str);
          if (GPOINTER_TO_UINT (first_line) == line)
            g_ptr_array_add (s->scan->problems,
                             g_strdup_printf (_ ("%s: duplicate key (twice on line %u; a key may "
                                                 "appear once)"),
                                              where, line));
          else
            g_ptr_array_add (s->scan->problems,
                             g_strdup_printf (_ ("%s: duplicate key (on line %u and again on "
                                                 "line %u; a key may appear once)"),
                                              where, GPOINTER_TO_UINT (first_line), line));
        }
      else
        g_hash_table_insert (keys, g_strdup (key->str), GUINT_TO_POINTER (line));

      if (!scan_value (s, depth, TRUE))
        return FALSE;
      g_string_truncate (s->path, path_length);

      skip_space (s);
      if (at_end (s))
        return truncated (s, start, _ ("object"));
      if (s->text[s->pos] == ',')
        {
          s->pos++;
          continue;
        }
      if (s->text[s->pos] == '}')
        {
          s->pos++;
          return TRUE;
        }
      return syntax_error (s, s->pos, _ ("expected “,” or “}” after the value of %s"), key_shown);
    }
}

static gboolean
scan_array (Scanner *s, guint depth)
{
  gsize start = s->pos;
  gsize path_length = s->path->len;
  guint index = 0;

  if (depth > SB_JSON_MAX_DEPTH)
    return syntax_error (s, start, _ ("objects and arrays are nested more than %d deep"),
                         SB_JSON_MAX_DEPTH);
  s->pos++;

  skip_space (s);
  if (!at_end (s) && s->text[s->pos] == ']')
    {
      s->pos++;
      return TRUE;
    }

  for (;; index++)
    {
      sb_json_path_append_index (s->path, index);
      if (!scan_value (s, depth, FALSE))
        return FALSE;
      g_string_truncate (s->path, path_length);

      skip_space (s);
      if (at_end (s))
        return truncated (s, start, _ ("array"));
      if (s->text[s->pos] == ',')
        {
          s->pos++;
          continue;
        }
      if (s->text[s->pos] == ']')
        {
          s->pos++;
          return TRUE;
        }
      return syntax_error (s, s->pos, _ ("expected “,” or “]” after an array element"));
    }
}

static gboolean
scan_value (Scanner *s, guint depth, gboolean member)
{
  g_autofree char *what = NULL;
  char c;

  skip_space (s);
  if (at_end (s))
    return syntax_error (s, s->pos, _ ("the file ends where a value should be: is it truncated?"));
  if (++s->n_values > SB_JSON_MAX_VALUES)
    return syntax_error (s, s->pos, _ ("more than %d values: no configuration is that large"),
                         SB_JSON_MAX_VALUES);

  c = s->text[s->pos];
  switch (c)
    {
      case '{':
        return scan_object (s, depth + 1);
      case '[':
        return scan_array (s, depth + 1);
      case '"':
        return scan_string (s, NULL);
      case '-':
        return scan_number (s, member);
      case '\'':
        return syntax_error (s, s->pos, _ ("text needs double quotes, not single quotes"));
      case '/':
        return syntax_error (s, s->pos, _ ("JSON has no comments"));
      case ']':
      case '}':
        return syntax_error (s, s->pos, _ ("a value is missing before “%c” (a comma too many?)"),
                             c);
      case ',':
        return syntax_error (s, s->pos, _ ("a value is missing before “,”"));
      default:
        if (g_ascii_isdigit (c))
          return scan_number (s, member);
        if (g_ascii_isalpha (c))
          return scan_word (s);
        what = describe_char (s, s->pos);
        return syntax_error (s, s->pos, _ ("unexpected %s where a value should be"), what);
    }
}

SbJsonScan *
sb_json_scan (const char *text, gsize length, GError **error)
{
  g_autoptr (SbJsonScan) scan = g_new0 (SbJsonScan, 1);
  g_autoptr (GString) path = g_string_new (NULL);
  Scanner s = { text, length, 0, path, scan, NULL, 0, 1, 1, 0 };
  const char *nul;
  const char *invalid;

  scan->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scan->problems = g_ptr_array_new_with_free_func (g_free);

  nul = memchr (text, '\0', length);
  if (nul != NULL)
    syntax_error (&s, nul - text, _ ("the file contains a NUL byte: it is not a text file"));
  else if (!g_utf8_validate_len (text, length, &invalid))
    syntax_error (&s, invalid - text, _ ("invalid UTF-8: the file must be UTF-8 text"));
  else
    {
      skip_space (&s);
      if (at_end (&s))
        s.error = g_error_new_literal (SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX,
                                       length == 0 ? _ ("the file is empty")
                                                   : _ ("the file is empty (only white space)"));
      else if (scan_value (&s, 0, FALSE))
        {
          skip_space (&s);
          if (!at_end (&s))
            syntax_error (&s, s.pos, _ ("unexpected text after the end of the JSON value"));
        }
    }

  if (s.error != NULL)
    {
      g_propagate_error (error, s.error);
      return NULL;
    }
  return g_steal_pointer (&scan);
}

void
sb_json_scan_free (SbJsonScan *scan)
{
  if (scan == NULL)
    return;
  g_clear_pointer (&scan->numbers, g_hash_table_unref);
  g_clear_pointer (&scan->problems, g_ptr_array_unref);
  g_free (scan);
}

const char *
sb_json_scan_get_number (SbJsonScan *scan, const char *path)
{
  return g_hash_table_lookup (scan->numbers, path);
}

GPtrArray *
sb_json_scan_get_problems (SbJsonScan *scan)
{
  return scan->problems;
}

guint
sb_json_scan_get_n_problems (SbJsonScan *scan)
{
  return scan->n_problems;
}

/* Levenshtein distance, ignoring ASCII case: "Broker" and "brokr" are both meant as "broker". */
static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];
      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

const char *
sb_json_closest_key (const char *key, const char *const *known)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;

  /* Keys are short: only a small slip counts as "meant", or the suggestion misleads. */
  if (strlen (key) > 64)
    return NULL;
  for (guint i = 0; known[i] != NULL; i++)
    {
      guint distance = edit_distance (key, known[i]);
      guint allowed = MAX (1, MIN (3, strlen (known[i]) / 3));
      if (distance <= allowed && distance < best_distance)
        {
          best = known[i];
          best_distance = distance;
        }
    }
  return best;
}
