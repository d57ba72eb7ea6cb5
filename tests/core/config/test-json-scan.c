/* test-json-scan.c: the strict pre-scan (syntax, positions, nesting,
 * duplicate keys, number lexemes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-error.h"
#include "sb-json-scan.h"

static char *
scan_error (const char *text, gssize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbJsonScan) scan = NULL;

  scan = sb_json_scan (text, length < 0 ? strlen (text) : (gsize)length, &error);
  g_assert_null (scan);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX);
  return g_strdup (error->message);
}

static void
test_syntax_errors (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "the file is empty" },
    { " \n\t ", "the file is empty (only white space)" },
    { "{", "1:2: the file ends inside the object opened at line 1, column 1: is it truncated?" },
    { "{\"a\": ", "1:7: the file ends where a value should be: is it truncated?" },
    { "{\"a\": [1, 2",
      "1:12: the file ends inside the array opened at line 1, column 7: is it truncated?" },
    { "{\"a\": \"b",
      "1:9: the file ends inside the string opened at line 1, column 7: is it truncated?" },
    { "{\"a\": \"b\n\"}", "1:7: this string is not closed before the end of the line" },
    { "{\"a\": 1,}", "1:9: a key is missing before “}” (a comma too many?)" },
    { "[1,]", "1:4: a value is missing before “]” (a comma too many?)" },
    { "[,1]", "1:2: a value is missing before “,”" },
    { "{\"a\" 1}", "1:6: expected “:” after the key “a”" },
    { "{\"a\": 1 \"b\": 2}", "1:9: expected “,” or “}” after the value of “a”" },
    { "[1 2]", "1:4: expected “,” or “]” after an array element" },
    { "{'a': 1}", "1:2: keys need double quotes, not single quotes" },
    { "{a: 1}", "1:2: expected a key in double quotes, found “a”" },
    { "['a']", "1:2: text needs double quotes, not single quotes" },
    { "{\"a\": True}", "1:7: unknown word “True” (JSON knows true, false and null; text needs "
                       "double quotes)" },
    { "hello", "1:1: unknown word “hello” (JSON knows true, false and null; text needs double "
               "quotes)" },
    { "// x\n{}", "1:1: JSON has no comments" },
    { "{}\n{}", "2:1: unexpected text after the end of the JSON value" },
    { "[01]", "1:2: a number cannot start with 0 (write 7, not 07)" },
    { "[1.]", "1:4: a number needs digits after “.”" },
    { "[1e]", "1:4: a number needs digits after its exponent “e”" },
    { "[-]", "1:2: “-” must be followed by a number" },
    { "[+1]", "1:2: unexpected “+” where a value should be" },
    { "[\"\\x\"]", "1:3: “\\” followed by “x” is not a JSON escape" },
    { "[\"\\u12\"]", "1:3: “\\u” must be followed by four hex digits" },
    { "[\"\\u0000\"]", "1:3: “\\u0000” (a NUL character) is not allowed in a string" },
    { "[\"\\ud800\"]", "1:3: unpaired UTF-16 surrogate “\\uD800”" },
    { "[\"\\udc00\"]", "1:3: unpaired UTF-16 surrogate “\\uDC00”" },
    { "[\"\t\"]", "1:3: control character U+0009 in a string (write it as \\u0009)" },
    /* columns count characters, not bytes */
    { "{\"ä\": x}", "1:7: unknown word “x” (JSON knows true, false and null; text needs double "
                    "quotes)" },
    { "{\n  \"a\": 1,\n  \"b\": ?\n}", "3:8: unexpected “?” where a value should be" },
    { "{\"a\": \"\xff\"}", "1:8: invalid UTF-8: the file must be UTF-8 text" },
    { "\xEF\xBB\xBF{}",
      "1:1: unexpected U+FEFF where a value should be" }, /* the caller skips BOMs */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = scan_error (cases[i].text, -1);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

static void
test_nul (void)
{
  g_autofree char *message = scan_error ("{\"a\":\n 1\0}", 10);

  g_assert_cmpstr (message, ==, "2:3: the file contains a NUL byte: it is not a text file");
}

static void
test_depth (void)
{
  GString *text = g_string_new (NULL);
  g_autofree char *message = NULL;
  g_autoptr (SbJsonScan) scan = NULL;

  /* SB_JSON_MAX_DEPTH levels are fine, one more is not */
  for (int i = 0; i < SB_JSON_MAX_DEPTH; i++)
    g_string_append (text, i % 2 ? "{\"k\":" : "[");
  g_string_append (text, "1");
  for (int i = SB_JSON_MAX_DEPTH - 1; i >= 0; i--)
    g_string_append (text, i % 2 ? "}" : "]");
  scan = sb_json_scan (text->str, text->len, NULL);
  g_assert_nonnull (scan);

  g_string_prepend (text, "[");
  g_string_append (text, "]");
  message = scan_error (text->str, text->len);
  /* the 65th opener: "[" + 32 × "[" + 31 × "{\"k\":" = 188 characters before it */
  g_assert_cmpstr (message, ==, "1:189: objects and arrays are nested more than 64 deep");
  g_string_free (text, TRUE);
  g_clear_pointer (&message, g_free);

  /* 100,000 levels: refused at level 65, without recursing further */
  text = g_string_new (NULL);
  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  message = scan_error (text->str, text->len);
  g_assert_cmpstr (message, ==, "1:65: objects and arrays are nested more than 64 deep");
  g_string_free (text, TRUE);
}

static void
test_numbers_and_paths (void)
{
  const char *text
      = "{\"a\": {\"b\": [1, -0, 1.5, 1e999, {\"odd key\": 7, \"c\": 12345678901234567890}]},"
        " \"x\": \"7\", \"m\": -0, \"f\": 1.5, \"e\": 1e999}";
  g_autoptr (GError) error = NULL;
  g_autoptr (SbJsonScan) scan = sb_json_scan (text, strlen (text), &error);

  g_assert_no_error (error);
  /* the loader reads numbers only as members: array elements are not kept */
  g_assert_null (sb_json_scan_get_number (scan, "a.b[0]"));
  g_assert_null (sb_json_scan_get_number (scan, "a.b[3]"));
  g_assert_cmpstr (sb_json_scan_get_number (scan, "a.b[4][\"odd key\"]"), ==, "7");
  g_assert_cmpstr (sb_json_scan_get_number (scan, "a.b[4].c"), ==, "12345678901234567890");
  g_assert_cmpstr (sb_json_scan_get_number (scan, "m"), ==, "-0");
  g_assert_cmpstr (sb_json_scan_get_number (scan, "f"), ==, "1.5");
  g_assert_cmpstr (sb_json_scan_get_number (scan, "e"), ==, "1e999");
  g_assert_null (sb_json_scan_get_number (scan, "x")); /* a string */
  g_assert_cmpuint (sb_json_scan_get_problems (scan)->len, ==, 0);

  g_assert_true (sb_json_lexeme_is_integer ("0"));
  g_assert_true (sb_json_lexeme_is_integer ("-12"));
  g_assert_true (sb_json_lexeme_is_integer ("1883"));
  g_assert_false (sb_json_lexeme_is_integer ("-0"));
  g_assert_false (sb_json_lexeme_is_integer ("1.0"));
  g_assert_false (sb_json_lexeme_is_integer ("1e3"));
  g_assert_false (sb_json_lexeme_is_integer ("01"));
  g_assert_false (sb_json_lexeme_is_integer (""));
  g_assert_false (sb_json_lexeme_is_integer (NULL));
}

static void
test_duplicates (void)
{
  const char *text
      = "{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2},\n \"a\": 3, \"d\": [{\"e\": 1}, {\"e\": 2}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (SbJsonScan) scan = sb_json_scan (text, strlen (text), &error);
  GPtrArray *problems;

  g_assert_no_error (error);
  problems = sb_json_scan_get_problems (scan);
  /* the same key in two different objects is fine */
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (problems->pdata[0], ==,
                   "b.c: duplicate key (twice on line 2; a key may appear once)");
  g_assert_cmpstr (problems->pdata[1], ==,
                   "a: duplicate key (on line 1 and again on line 3; a key may appear once)");
}

static void
test_long_paths (void)
{
  g_autofree char *key = g_strnfill (SB_JSON_MAX_KEY, 'k');
  g_autofree char *text = g_strdup_printf ("{\"%s\": 1, \"%s\": 2}", key, key);
  g_autoptr (SbJsonScan) scan = sb_json_scan (text, strlen (text), NULL);
  g_autofree char *short_path = sb_json_path_shown ("a.b[1].c");
  const char *line;

  g_assert_cmpstr (short_path, ==, "a.b[1].c");
  /* the duplicate is reported with the key cut short, and still counted */
  g_assert_nonnull (scan);
  g_assert_cmpuint (sb_json_scan_get_problems (scan)->len, ==, 1);
  line = sb_json_scan_get_problems (scan)->pdata[0];
  g_assert_true (g_str_has_prefix (line, "kkkkkkkkkk"));
  g_assert_true (g_str_has_suffix (line, "…: duplicate key (twice on line 1; a key may appear "
                                         "once)"));
  g_assert_cmpuint (g_utf8_strlen (line, -1), ==,
                    120
                        + strlen (": duplicate key (twice on "
                                  "line 1; a key may appear once)"));
}

static void
test_escapes_accepted (void)
{
  const char *text
      = "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\", true, false, null, -1.5e+3]";
  g_autoptr (SbJsonScan) scan = sb_json_scan (text, strlen (text), NULL);

  g_assert_nonnull (scan);
}

/* A 1 MiB key over five million numbers once cost gigabytes (the path was
 * copied per number): keys, paths kept and values are bounded. */
static void
test_bounds (void)
{
  g_autoptr (GString) text = g_string_new ("{\"");
  g_autoptr (GError) error = NULL;
  g_autoptr (SbJsonScan) scan = NULL;
  g_autofree char *key = g_strnfill (SB_JSON_NUMBER_PATH_MAX + 1, 'k');
  g_autofree char *kept = NULL;
  g_autofree char *long_one = NULL;

  g_string_append_len (text, key, SB_JSON_NUMBER_PATH_MAX - 1);
  g_string_append (text, "\": 1, \"");
  g_string_append (text, key);
  g_string_append (text, "\": 2, \"a\": {\"");
  g_string_append_c (text, 'k');
  for (gsize i = 1; i <= SB_JSON_MAX_KEY; i++)
    g_string_append_c (text, 'k');
  g_string_append (text, "\": 3}}");
  scan = sb_json_scan (text->str, text->len, &error);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX);
  g_assert_cmpstr (strstr (error->message, ": "), ==,
                   ": a key of 4097 bytes: keys are at most 4096 bytes");
  g_assert_null (scan);
  g_clear_error (&error);

  /* the same without the long key: a number at a path too long for any
   * loader question is not kept, the one just short enough is */
  g_string_truncate (text, text->len - (SB_JSON_MAX_KEY + 1) - strlen ("\": 3}}")
                               - strlen (", \"a\": {\""));
  g_string_append (text, "}");
  scan = sb_json_scan (text->str, text->len, &error);
  g_assert_no_error (error);
  kept = g_strndup (key, SB_JSON_NUMBER_PATH_MAX - 1);
  g_assert_cmpstr (sb_json_scan_get_number (scan, kept), ==, "1");
  g_assert_null (sb_json_scan_get_number (scan, key));
  g_clear_pointer (&scan, sb_json_scan_free);

  /* more values than any configuration has (the array counts as one) */
  g_string_assign (text, "[0");
  for (guint i = 2; i < SB_JSON_MAX_VALUES; i++)
    g_string_append (text, ",0");
  g_string_append (text, "]");
  scan = sb_json_scan (text->str, text->len, &error);
  g_assert_no_error (error);
  g_clear_pointer (&scan, sb_json_scan_free);
  g_string_insert (text, 1, "0,");
  scan = sb_json_scan (text->str, text->len, &error);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX);
  long_one = g_strdup_printf ("1:%u: more than %d values: no configuration is that large",
                              2 * SB_JSON_MAX_VALUES, SB_JSON_MAX_VALUES);
  g_assert_cmpstr (error->message, ==, long_one);
  g_assert_null (scan);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-scan/syntax-errors", test_syntax_errors);
  g_test_add_func ("/json-scan/nul", test_nul);
  g_test_add_func ("/json-scan/depth", test_depth);
  g_test_add_func ("/json-scan/numbers-and-paths", test_numbers_and_paths);
  g_test_add_func ("/json-scan/duplicates", test_duplicates);
  g_test_add_func ("/json-scan/escapes", test_escapes_accepted);
  g_test_add_func ("/json-scan/long-paths", test_long_paths);
  g_test_add_func ("/json-scan/bounds", test_bounds);

  return g_test_run ();
}
