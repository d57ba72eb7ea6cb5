/* test-data-path.c: data paths applied to payloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-data-path.h"
#include "sb-error.h"

#include <string.h>

/* Applies @expression to @payload and returns the value as text, or the error message. */
static char *
apply (const char *expression, const char *payload, gssize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataPath) path = sb_data_path_new (expression, &error);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) value = NULL;

  g_assert_no_error (error);
  bytes = g_bytes_new (payload, length < 0 ? strlen (payload) : (gsize)length);
  value = sb_data_path_apply (path, bytes, &error);
  if (value == NULL)
    {
      g_assert_nonnull (error);
      return g_strdup_printf ("error: %s", error->message);
    }
  g_assert_no_error (error);
  return sb_data_path_value_to_text (value);
}

#define assert_apply(expr, payload, expected)                                                      \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *got = apply (expr, payload, -1);                                              \
    g_assert_cmpstr (got, ==, expected);                                                           \
  }                                                                                                \
  G_STMT_END

static void
test_values (void)
{
  /* The seed's station payload as the simulator's --json sends it. */
  assert_apply ("$.status", "{\"status\":200,\"since\":\"2026-11-25T16:20:00Z\"}", "200");
  assert_apply ("$.since", "{\"status\":200,\"since\":\"2026-11-25T16:20:00Z\"}",
                "2026-11-25T16:20:00Z");
  assert_apply ("$.count", "{\"count\":41}", "41");
  assert_apply ("$.a.b[1]", "{\"a\":{\"b\":[1,2.5,3]}}", "2.5");
  assert_apply ("$.ok", "{\"ok\":true}", "true");
  assert_apply ("$.none", "{\"none\":null}", "null");
  assert_apply ("$.o", "{\"o\":{\"x\":1}}", "{\"x\":1}");
  /* Several matches come back together. */
  assert_apply ("$.s[*].v", "{\"s\":[{\"v\":1},{\"v\":2}]}", "[1,2]");
  /* A bare number is JSON too. */
  assert_apply ("$", "42", "42");
}

static void
test_errors (void)
{
  static const guint8 binary[] = { 0x7b, 0xff, 0xfe, 0x7d };
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataPath) bad = NULL;
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autofree char *got = NULL;

  assert_apply ("$.status", "200 OK", "error: The payload is not JSON");
  assert_apply ("$.status", "", "error: The payload is not JSON");
  assert_apply ("$.status", "{\"state\":1}",
                "error: The data path $.status matches nothing in this payload");
  got = apply ("$.x", (const char *)binary, sizeof binary);
  g_assert_cmpstr (got, ==, "error: The payload is not JSON");
  g_clear_pointer (&got, g_free);
  got = apply ("$.x", "{\"x\":1}\0{", 9);
  g_assert_cmpstr (got, ==, "error: The payload is not JSON");
  g_clear_pointer (&got, g_free);

  /* Nesting that would overflow json-glib's recursive parser is refused, not parsed. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  got = apply ("$", deep->str, deep->len);
  g_assert_cmpstr (got, ==, "error: The payload is not JSON");

  bad = sb_data_path_new ("status", &error);
  g_assert_null (bad);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
  g_clear_error (&error);
  bad = sb_data_path_new ("", &error);
  g_assert_null (bad);
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
}

static void
test_numbers (void)
{
  static const struct
  {
    const char *json;
    gboolean is_number;
    double value;
  } cases[] = {
    { "{\"v\":200}", TRUE, 200 },   { "{\"v\":-1.5}", TRUE, -1.5 },
    { "{\"v\":\" 7 \"}", TRUE, 7 }, { "{\"v\":\"7 bar\"}", FALSE, 0 },
    { "{\"v\":\"\"}", FALSE, 0 },   { "{\"v\":true}", FALSE, 0 },
    { "{\"v\":[1]}", FALSE, 0 },    { "{\"v\":null}", FALSE, 0 },
  };
  g_autoptr (SbDataPath) path = sb_data_path_new ("$.v", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (cases[i].json, strlen (cases[i].json));
      g_autoptr (JsonNode) value = sb_data_path_apply (path, bytes, NULL);
      double number = 0;

      g_assert_nonnull (value);
      g_assert_cmpint (sb_data_path_value_to_double (value, &number), ==, cases[i].is_number);
      if (cases[i].is_number)
        g_assert_cmpfloat (number, ==, cases[i].value);
    }
}

/* RFC 9535 filter selectors, without its functions. */
static void
test_filters (void)
{
  static const char *metrics
      = "{\"metrics\":[{\"name\":\"Temperature\",\"alias\":1,\"value\":22.25},"
        "{\"name\":\"Pressure\",\"alias\":2,\"value\":1.5,\"unit\":{\"si\":\"bar\"}},"
        "{\"name\":\"Running\",\"value\":true},{\"name\":\"Note\",\"value\":null}]}";

  assert_apply ("$.metrics[?(@.name=='Temperature')].value", metrics, "22.25");
  assert_apply ("$.metrics[?@.name=='Temperature'].value", metrics, "22.25");
  assert_apply ("$.metrics[?@.name==\"Pressure\"].alias", metrics, "2");
  assert_apply ("$.metrics[?@.alias].name", metrics, "[\"Temperature\",\"Pressure\"]");
  assert_apply ("$.metrics[?!@.alias].name", metrics, "[\"Running\",\"Note\"]");
  assert_apply ("$.metrics[?@.alias != 1].name", metrics, "[\"Pressure\",\"Running\",\"Note\"]");
  assert_apply ("$.metrics[?@.value < 2].name", metrics, "Pressure");
  assert_apply ("$.metrics[?@.value <= 1.5].name", metrics, "Pressure");
  assert_apply ("$.metrics[?@.value > 2].name", metrics, "Temperature");
  assert_apply ("$.metrics[?@.value >= 22.25].name", metrics, "Temperature");
  assert_apply ("$.metrics[?@.value == true].name", metrics, "Running");
  assert_apply ("$.metrics[?@.value == null].name", metrics, "Note");
  assert_apply ("$.metrics[?@.value == false].name", metrics,
                "error: The data path $.metrics[?@.value == false].name matches nothing in this "
                "payload");
  assert_apply ("$.metrics[?@.unit.si == 'bar'].name", metrics, "Pressure");
  assert_apply ("$.metrics[?@['unit']['si'] == 'bar'].name", metrics, "Pressure");
  assert_apply ("$.metrics[?(@.alias == 1 || @.alias == 2) && @.value > 2].name", metrics,
                "Temperature");
  assert_apply ("$.metrics[?!(@.alias == 1) && @.alias].name", metrics, "Pressure");
  assert_apply ("$.metrics[?@.name > 'Q'].name", metrics, "[\"Temperature\",\"Running\"]");
  /* Numbers compare by value; a string is not less than a number. */
  assert_apply ("$[?@ == 1]", "[1.0, \"1\", 2]", "1.0");
  assert_apply ("$[?@ < 3]", "[1, \"2\", 2.5]", "[1,2.5]");
  /* Index paths, negative from the end; objects filter their member values. */
  assert_apply ("$[?@[-1] == 3][0]", "[[1,2,3],[4,5]]", "1");
  assert_apply ("$.o[?@.x].x", "{\"o\":{\"a\":{\"x\":1},\"b\":{\"y\":2}}}", "1");
  /* Arrays and objects compare member by member. */
  assert_apply ("$[?@.a == @.b].id",
                "[{\"id\":1,\"a\":[1,{\"k\":2}],\"b\":[1,{\"k\":2}]},"
                "{\"id\":2,\"a\":[1],\"b\":[2]}]",
                "1");
  /* Descendants: any depth. */
  assert_apply ("$..[?@.name=='Temperature'].value", metrics, "22.25");
}

static void
test_filter_errors (void)
{
  static const struct
  {
    const char *path;
    const char *message;
  } cases[] = {
    { "$[?]", "the data path “$[?]” is not a JSONPath expression: the filter cannot read “]” "
              "(a filter is like “[?@.name=='Temperature']”)" },
    { "$[?(@.a==1]", "the data path “$[?(@.a==1]” is not a JSONPath expression: the filter "
                     "cannot read “]” (a filter is like “[?@.name=='Temperature']”)" },
    { "$[?@.a=='x]", "the data path “$[?@.a=='x]” is not a JSONPath expression: a text in the "
                     "filter needs its closing quote" },
    { "$[?!@.a==1]", "the data path “$[?!@.a==1]” is not a JSONPath expression: “!” before a "
                     "comparison needs parentheses, like “!(@.a == 1)”" },
    { "$[?length(@.a)>1]", "the data path “$[?length(@.a)>1]” is not a JSONPath expression: a "
                           "filter compares relative paths (“@.a.b”) and literals; “$” and "
                           "functions are not supported" },
    { "$[?1]", "the data path “$[?1]” is not a JSONPath expression: a filter tests a path "
               "(“@.alias”) or compares two values (“@.name == 'x'”)" },
    { "$[?@.", "the data path “$[?@.” is not a JSONPath expression: a member name is missing "
               "after “@.” in the filter" },
    { "$[?@.a", "the data path “$[?@.a” is not a JSONPath expression: the filter “[?…]” ends "
                "too early" },
  };
  g_autoptr (GString) deep = g_string_new ("$[?");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (sb_data_path_check (cases[i].path, &error));
      g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  /* Parentheses 100,000 deep: refused, not recursed into. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '(');
  g_assert_false (sb_data_path_check (deep->str, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data-path/values", test_values);
  g_test_add_func ("/data-path/errors", test_errors);
  g_test_add_func ("/data-path/numbers", test_numbers);
  g_test_add_func ("/data-path/filters", test_filters);
  g_test_add_func ("/data-path/filter-errors", test_filter_errors);
  return g_test_run ();
}
