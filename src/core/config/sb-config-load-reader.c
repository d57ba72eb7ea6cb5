/* sb-config-load-reader.c: the loader's path, its problems and typed member access
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-config-load-private.h"
#include "sb-config-private.h"
#include "sb-validate.h"

gsize
sb_loader_push_key (Loader *l, const char *key)
{
  gsize length = l->path->len;

  if (key != NULL)
    sb_json_path_append_key (l->path, key);
  return length;
}

gsize
sb_loader_push_index (Loader *l, guint index)
{
  gsize length = l->path->len;

  sb_json_path_append_index (l->path, index);
  return length;
}

void
sb_loader_pop (Loader *l, gsize length)
{
  g_string_truncate (l->path, length);
}

/* A problem at the current path, or at its member @key. */
void
sb_loader_problem (Loader *l, const char *key, const char *format, ...)
{
  g_autofree char *message = NULL;
  gsize length = sb_loader_push_key (l, key);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (++l->n_problems > SB_JSON_MAX_PROBLEMS)
    ; /* counted only */
  else if (l->path->len > 0)
    {
      g_autofree char *where = sb_json_path_shown (l->path->str);
      g_ptr_array_add (l->lines, g_strdup_printf ("%s: %s", where, message));
    }
  else
    g_ptr_array_add (l->lines, g_steal_pointer (&message));
  g_hash_table_add (l->bad_paths, g_strdup (l->path->str));
  sb_loader_pop (l, length);
}

/* Marks a path as reported without a message of its own (its parent has one). */
void
sb_loader_mark_bad (Loader *l)
{
  g_hash_table_add (l->bad_paths, g_strdup (l->path->str));
}

gboolean
sb_loader_is_reported (Loader *l, const char *field)
{
  g_autofree char *prefix = g_strdup (field);

  /* A problem at "data_sources[0]" covers everything below it. */
  for (;;)
    {
      char *cut;

      if (g_hash_table_contains (l->bad_paths, prefix))
        return TRUE;
      cut = MAX (strrchr (prefix, '.'), strrchr (prefix, '['));
      if (cut == NULL)
        return FALSE;
      *cut = '\0';
    }
}

const char *
sb_loader_describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
      case JSON_NODE_OBJECT:
        return _ ("an object");
      case JSON_NODE_ARRAY:
        return _ ("an array");
      case JSON_NODE_NULL:
        return "null";
      case JSON_NODE_VALUE:
      default:
        break;
    }
  switch (json_node_get_value_type (node))
    {
      case G_TYPE_STRING:
        return _ ("a string");
      case G_TYPE_BOOLEAN:
        return json_node_get_boolean (node) ? "true" : "false";
      default:
        return _ ("a number");
    }
}

/* The member @key of @object, or NULL (reported when @required). A null
 * value is reported here: no field of the format may be null. */
static JsonNode *
member (Loader *l, JsonObject *object, const char *key, gboolean required, const char *expected)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    {
      gsize length = sb_loader_push_key (l, key);
      /* Not when a misspelt key was already taken for this one. */
      gboolean covered = g_hash_table_contains (l->bad_paths, l->path->str);
      sb_loader_pop (l, length);
      if (required && !covered)
        sb_loader_problem (l, key, _ ("a required key is missing"));
      return NULL;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      sb_loader_problem (l, key, _ ("null is not allowed here; expected %s"), expected);
      return NULL;
    }
  return node;
}

gboolean
sb_loader_get_string (Loader *l, JsonObject *object, const char *key, gboolean required,
                      const char **out)
{
  JsonNode *node = member (l, object, key, required, _ ("a string"));

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      sb_loader_problem (l, key, _ ("expected a string, found %s"), sb_loader_describe_node (node));
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
sb_loader_get_boolean (Loader *l, JsonObject *object, const char *key, gboolean *out)
{
  JsonNode *node = member (l, object, key, FALSE, _ ("true or false"));

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      sb_loader_problem (l, key, _ ("expected true or false, found %s"),
                         sb_loader_describe_node (node));
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An integer as written: json-glib alone would take 1.5, -0 and 1e999 for numbers. */
gboolean
sb_loader_get_integer (Loader *l, JsonObject *object, const char *key, gboolean required,
                       gboolean (*validate) (gint64 value, GError **error), gint64 *out)
{
  JsonNode *node = member (l, object, key, required, _ ("a whole number"));
  g_autoptr (GError) local_error = NULL;
  const char *lexeme;
  gint64 value;
  gsize length;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      sb_loader_problem (l, key, _ ("expected a whole number, found %s"),
                         sb_loader_describe_node (node));
      return FALSE;
    }

  length = sb_loader_push_key (l, key);
  lexeme = sb_json_scan_get_number (l->scan, l->path->str);
  sb_loader_pop (l, length);
  if (lexeme == NULL)
    {
      /* The scan sees every number json-glib does; should a path ever be
       * spelled differently, refuse rather than guess. */
      sb_loader_problem (l, key, _ ("expected a whole number"));
      return FALSE;
    }
  if (strcmp (lexeme, "-0") == 0)
    {
      sb_loader_problem (l, key, _ ("-0 is not a plain whole number (write 0)"));
      return FALSE;
    }
  if (!sb_json_lexeme_is_integer (lexeme))
    {
      sb_loader_problem (l, key, _ ("%s is not a whole number"), lexeme);
      return FALSE;
    }
  if (!g_ascii_string_to_signed (lexeme, 10, G_MININT64, G_MAXINT64, &value, NULL))
    {
      sb_loader_problem (l, key, _ ("%s is far out of range"), lexeme);
      return FALSE;
    }
  if (validate != NULL && !validate (value, &local_error))
    {
      sb_loader_problem (l, key, "%s", local_error->message);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

JsonObject *
sb_loader_get_object (Loader *l, JsonObject *object, const char *key)
{
  JsonNode *node = member (l, object, key, FALSE, _ ("an object"));

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_loader_problem (l, key, _ ("expected an object, found %s"),
                         sb_loader_describe_node (node));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array_full (Loader *l, JsonObject *object, const char *key, gboolean required)
{
  JsonNode *node = member (l, object, key, required, _ ("an array"));

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      sb_loader_problem (l, key, _ ("expected an array, found %s"), sb_loader_describe_node (node));
      return NULL;
    }
  return json_node_get_array (node);
}

JsonArray *
sb_loader_get_array (Loader *l, JsonObject *object, const char *key)
{
  return get_array_full (l, object, key, TRUE);
}

JsonArray *
sb_loader_get_optional_array (Loader *l, JsonObject *object, const char *key)
{
  return get_array_full (l, object, key, FALSE);
}

void
sb_loader_check_keys (Loader *l, JsonObject *object, const char *const *known)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *m = members; m != NULL; m = m->next)
    {
      const char *key = m->data;
      const char *meant;

      if (g_strv_contains (known, key))
        continue;
      meant = sb_json_closest_key (key, known);
      if (meant != NULL)
        {
          gsize length;

          sb_loader_problem (l, key, _ ("unknown key; did you mean “%s”?"), meant);
          length = sb_loader_push_key (l, meant);
          if (!json_object_has_member (object, meant))
            sb_loader_mark_bad (l);
          sb_loader_pop (l, length);
        }
      else
        sb_loader_problem (l, key, _ ("unknown key"));
    }
}
