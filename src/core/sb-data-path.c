/* sb-data-path.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-data-path.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-validate.h"

/* The payload bytes a data path looks at: beyond this JSON parsing costs more
 * than a preview is worth (and the parser recurses on nesting). */
#define MAX_PAYLOAD_BYTES (1024 * 1024)
#define MAX_NESTING 64

struct _SbDataPath
{
  gatomicrefcount ref_count;
  char *expression;
  JsonPath *path;
};

SbDataPath *
sb_data_path_new (const char *expression, GError **error)
{
  SbDataPath *self;

  g_return_val_if_fail (expression != NULL, NULL);

  /* The validator gives the same message the configuration loader does. */
  if (!sb_validate_data_path (expression, error))
    return NULL;
  if (expression[0] == '\0')
    {
      g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                           _ ("A data path must not be empty"));
      return NULL;
    }

  self = g_new0 (SbDataPath, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->expression = g_strdup (expression);
  self->path = json_path_new ();
  if (!json_path_compile (self->path, expression, NULL))
    g_assert_not_reached (); /* sb_validate_data_path compiled it already */
  return self;
}

SbDataPath *
sb_data_path_ref (SbDataPath *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sb_data_path_unref (SbDataPath *self)
{
  /* NULL-safe, so it can be the free function of sparse arrays. */
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_object_unref (self->path);
  g_free (self->expression);
  g_free (self);
}

const char *
sb_data_path_get_expression (SbDataPath *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expression;
}

/* json-glib 1.6's parser recurses once per nesting level: refuse deep input
 * before it sees it. Strings are skipped so brackets inside them don't count. */
static gboolean
nesting_is_shallow (const char *data, gsize length)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_NESTING)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

static gboolean
not_json (GError **error)
{
  g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX,
                       _ ("The payload is not JSON"));
  return FALSE;
}

JsonNode *
sb_data_path_apply (SbDataPath *self, GBytes *payload, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (JsonNode) matches = NULL;
  JsonArray *array;
  const char *data;
  gsize length = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  data = g_bytes_get_data (payload, &length);
  if (length == 0 || length > MAX_PAYLOAD_BYTES || memchr (data, '\0', length) != NULL
      || !g_utf8_validate (data, length, NULL) || !nesting_is_shallow (data, length))
    {
      not_json (error);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, NULL)
      || json_parser_get_root (parser) == NULL)
    {
      not_json (error);
      return NULL;
    }

  matches = json_path_match (self->path, json_parser_get_root (parser));
  array = matches != NULL ? json_node_get_array (matches) : NULL;
  if (array == NULL || json_array_get_length (array) == 0)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("The data path %s matches nothing in this payload"), self->expression);
      return NULL;
    }
  if (json_array_get_length (array) == 1)
    return json_node_copy (json_array_get_element (array, 0));
  return g_steal_pointer (&matches);
}

char *
sb_data_path_value_to_text (JsonNode *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return json_to_string (value, FALSE);
}

gboolean
sb_data_path_value_to_double (JsonNode *value, double *number)
{
  GType type;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  if (!JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  type = json_node_get_value_type (value);
  if (type == G_TYPE_INT64)
    *number = (double)json_node_get_int (value);
  else if (type == G_TYPE_DOUBLE)
    *number = json_node_get_double (value);
  else if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (value)));
      char *end = NULL;

      if (text[0] == '\0')
        return FALSE;
      *number = g_ascii_strtod (text, &end);
      return end != NULL && *end == '\0';
    }
  else
    return FALSE;
  return TRUE;
}
