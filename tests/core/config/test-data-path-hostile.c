/* test-data-path-hostile.c: the data paths json-glib 1.6 mishandles, and what
 * Signalboard answers instead (the values a row shows, or the message)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-data-path.h"
#include "sb-error.h"
#include "sb-validate.h"

#include <string.h>

static char *
apply (const char *expression, const char *payload)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataPath) path = sb_data_path_new (expression, &error);
  g_autoptr (GBytes) bytes = g_bytes_new (payload, strlen (payload));
  g_autoptr (JsonNode) value = NULL;

  if (path == NULL)
    return g_strdup_printf ("invalid: %s", error->message);
  value = sb_data_path_apply (path, bytes, &error);
  if (value == NULL)
    return g_strdup_printf ("error: %s", error->message);
  return sb_data_path_value_to_text (value);
}

#define assert_apply(expr, payload, expected)                                                      \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *got = apply (expr, payload);                                                  \
    g_assert_cmpstr (got, ==, expected);                                                           \
  }                                                                                                \
  G_STMT_END

/* Indexes past either end select nothing (json-glib read past the array). */
static void
test_indexes (void)
{
  const char *list = "[10,20,30]";

  assert_apply ("$[0]", list, "10");
  assert_apply ("$[2]", list, "30");
  assert_apply ("$[3]", list, "error: The data path $[3] matches nothing in this payload");
  assert_apply ("$[-1]", list, "30");
  assert_apply ("$[-3]", list, "10");
  assert_apply ("$[-4]", list, "error: The data path $[-4] matches nothing in this payload");
  assert_apply ("$[0,2,7,-1]", list, "[10,30,30]");
  assert_apply ("$[1]", "{\"1\":2}", "error: The data path $[1] matches nothing in this payload");
}

/* Slices as in Python; "$[0:5:1]" looped forever in json-glib (step read as 0). */
static void
test_slices (void)
{
  const char *list = "[0,1,2,3,4]";

  assert_apply ("$[1:3]", list, "[1,2]");
  assert_apply ("$[0:5:1]", list, "[0,1,2,3,4]");
  assert_apply ("$[0:5:2]", list, "[0,2,4]");
  assert_apply ("$[:2]", list, "[0,1]");
  assert_apply ("$[3:]", list, "[3,4]");
  assert_apply ("$[-2:]", list, "[3,4]");
  assert_apply ("$[::-1]", list, "[4,3,2,1,0]");
  assert_apply ("$[0:2147483647]", "[7]", "7");
  assert_apply ("$[-2147483647:2147483647:1]", "[7,8]", "[7,8]");
  assert_apply ("$[4:1]", list, "error: The data path $[4:1] matches nothing in this payload");
}

/* Recursive descent finds nested members of the same name too. */
static void
test_descent (void)
{
  assert_apply ("$..value", "{\"a\":{\"value\":1,\"b\":[{\"value\":2},{\"value\":{\"value\":3}}]}}",
                "[1,2,{\"value\":3},3]");
  assert_apply ("$..*", "{\"a\":[1,{\"b\":2}]}", "[[1,{\"b\":2}],1,{\"b\":2},2]");
  assert_apply ("$['a b']", "{\"a b\":1}", "1");
  assert_apply ("$['*']", "{\"x\":1,\"y\":2}", "[1,2]");
  assert_apply ("$.a.*", "{\"a\":5}", "error: The data path $.a.* matches nothing in this payload");
}

/* json-glib turns bad "\u" escapes and unpaired surrogates into invalid
 * UTF-8, which no label or jsonl line may carry: refused before parsing. */
static void
test_escapes (void)
{
  assert_apply ("$", "\"\\ud83d\\ude00 ok\"", "\xf0\x9f\x98\x80 ok");
  assert_apply ("$", "\"\\u00e9\\n\"", "\xc3\xa9\n");
  assert_apply ("$", "\"\\ud8:3d\"", "error: The payload is not JSON");
  assert_apply ("$", "\"\\und\"", "error: The payload is not JSON");
  assert_apply ("$", "\"\\q\"", "error: The payload is not JSON");
  assert_apply (
      "$.a", "{\"a\":\"x\\ud83d\"}",
      "error: The payload is not JSON text: “\\uD83D” is half of a UTF-16 surrogate pair");
  assert_apply (
      "$.a", "{\"a\":\"\\udc00\\ud83d\"}",
      "error: The payload is not JSON text: “\\uDC00” is half of a UTF-16 surrogate pair");
  assert_apply (
      "$.a", "{\"a\":\"\\ud83d\\u0041\"}",
      "error: The payload is not JSON text: “\\uD83D” is half of a UTF-16 surrogate pair");
}

/* Larger than a data path looks at: says so, not "not JSON". */
static void
test_too_large (void)
{
  g_autofree char *payload = g_strnfill (2 * 1024 * 1024, ' ');
  g_autofree char *got = NULL;

  payload[0] = '1';
  got = apply ("$", payload);
  g_assert_cmpstr (got, ==,
                   "error: The payload is 2.0\u00a0MiB; data paths look at payloads up to 1 MiB");
}

/* Too many values: a message, not minutes of work and gigabytes. */
static void
test_too_many (void)
{
  g_autoptr (GString) payload = g_string_new (NULL);
  g_autofree char *got = NULL;

  /* 50 nested arrays of 100 numbers each: 5,050 values, but every value
   * below every other one is some 126,000 */
  for (int depth = 0; depth < 50; depth++)
    {
      g_string_append_c (payload, '[');
      for (int i = 0; i < 100; i++)
        g_string_append_printf (payload, "%d,", i);
    }
  g_string_append (payload, "0");
  for (int depth = 0; depth < 50; depth++)
    g_string_append_c (payload, ']');
  got = apply ("$..*", payload->str);
  g_assert_true (g_str_has_prefix (got, "[0,1,2,"));
  g_clear_pointer (&got, g_free);
  got = apply ("$..*..*", payload->str);
  g_assert_cmpstr (got, ==,
                   "error: The data path $..*..* matches more than 100000 values in this "
                   "payload");
  g_clear_pointer (&got, g_free);
  got = apply ("$[100][100][7]", payload->str);
  g_assert_cmpstr (got, ==, "7");
}

/* Expressions json-glib's compiler reads past the end of, or accepts with
 * a meaning nobody intended: refused with the reason, as the loader words it. */
static void
test_refused (void)
{
  static const struct
  {
    const char *expression;
    const char *message;
  } cases[] = {
    { "$['", "the data path “$['” is not a JSONPath expression: a quoted member name needs a "
             "closing “']”" },
    { "$['a'", "the data path “$['a'” is not a JSONPath expression: a quoted member name needs a "
               "closing “']”" },
    { "$[:", "the data path “$[:” is not a JSONPath expression: a slice is “[start:end]” or "
             "“[start:end:step]”" },
    { "$[0:5:0]", "the data path “$[0:5:0]” is not a JSONPath expression: a slice step after the "
                  "second “:” is a whole number other than 0" },
    { "$[99999999999]", "the data path “$[99999999999]” is not a JSONPath expression: an array "
                        "index is a whole number from -2147483647 to 2147483647" },
    { "$[0]abc", "the data path “$[0]abc” is not a JSONPath expression: “a” cannot follow here "
                 "(expected “.” or “[”)" },
    { "$..", "the data path “$..” is not a JSONPath expression: “..” needs a member name, “*” or "
             "“[…]” after it" },
    { "status", "the data path “status” must start with “$” (like “$.status”)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SbDataPath) path = sb_data_path_new (cases[i].expression, &error);

      g_assert_null (path);
      g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);
      g_assert_false (sb_data_path_check (cases[i].expression, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  g_assert_true (sb_data_path_check ("", NULL));
  g_assert_true (sb_data_path_check ("$.a[0:2]..b['c d'][*]", NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data-path-hostile/indexes", test_indexes);
  g_test_add_func ("/data-path-hostile/slices", test_slices);
  g_test_add_func ("/data-path-hostile/descent", test_descent);
  g_test_add_func ("/data-path-hostile/escapes", test_escapes);
  g_test_add_func ("/data-path-hostile/too-large", test_too_large);
  g_test_add_func ("/data-path-hostile/too-many", test_too_many);
  g_test_add_func ("/data-path-hostile/refused", test_refused);
  return g_test_run ();
}
