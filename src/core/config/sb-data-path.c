/* sb-data-path.c
 *
 * The expression language is json-glib's JsonPath (what configurations hold
 * and sb_validate_data_path () accepts), but compiled and walked here:
 * json-glib 1.6's json_path_compile () reads past the end of "$['" and
 * "$[:" and its json_path_match () loops forever on "$[0:5:1]" (a step it
 * parses as 0) and indexes past the end of arrays ("$[3]" on [1,2,3]).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-data-path.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-payload-json.h"
#include "sb-validate.h"

/* The payload bytes a data path looks at: beyond this JSON parsing costs more
 * than a preview is worth (nesting is bounded by sb_payload_json_check ()). */
#define MAX_PAYLOAD_BYTES (1024 * 1024)
/* The values a walk may hold at one step: "$..*..*" would otherwise grow
 * with the square of the payload. */
#define MAX_MATCHES 100000

typedef enum
{
  STEP_MEMBER,   /* .name, ['name'] */
  STEP_WILDCARD, /* .*, [*], ['*']: every member or element */
  STEP_INDEXES,  /* [1], [-1], [0,2,5] */
  STEP_SLICE,    /* [start:end:step], each part optional */
} StepKind;

typedef struct
{
  StepKind kind;
  gboolean descend; /* after "..": the node and all below it */
  char *name;
  GArray *indexes; /* gint64 */
  gboolean has_start, has_end;
  gint64 start, end, step;
} Step;

struct _SbDataPath
{
  gatomicrefcount ref_count;
  char *expression;
  GPtrArray *steps; /* Step */
};

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->name);
  if (step->indexes != NULL)
    g_array_unref (step->indexes);
  g_free (step);
}

/* An array index as written: optional "-", digits, at most G_MAXINT. */
static gboolean
parse_index (const char **p, gint64 *value, gboolean *present)
{
  const char *q = *p;
  gboolean negative = FALSE;
  gint64 n = 0;

  *present = FALSE;
  if (*q == '-')
    {
      negative = TRUE;
      q++;
    }
  if (!g_ascii_isdigit (*q))
    return !negative; /* absent is fine, a lone "-" is not */
  for (; g_ascii_isdigit (*q); q++)
    {
      n = n * 10 + (*q - '0');
      if (n > G_MAXINT)
        return FALSE;
    }
  *value = negative ? -n : n;
  *present = TRUE;
  *p = q;
  return TRUE;
}

/* The part between "[" and "]": '…', *, an index, a set or a slice. */
static Step *
parse_bracket (const char **p, char **reason)
{
  const char *q = *p;
  g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  Step *step = g_new0 (Step, 1);
  gboolean present[3] = { FALSE, FALSE, FALSE };
  gint64 parts[3] = { 0, 0, 1 };

  if (*q == '\'')
    {
      const char *close = strchr (q + 1, '\'');

      if (close == NULL || close[1] != ']')
        {
          *reason = g_strdup (_ ("a quoted member name needs a closing “']”"));
          step_free (step);
          return NULL;
        }
      if (close == q + 2 && q[1] == '*')
        step->kind = STEP_WILDCARD;
      else
        {
          step->kind = STEP_MEMBER;
          step->name = g_strndup (q + 1, close - q - 1);
        }
      *p = close + 2;
      return step;
    }
  if (q[0] == '*' && q[1] == ']')
    {
      step->kind = STEP_WILDCARD;
      *p = q + 2;
      return step;
    }

#define NUMBER(value, has)                                                                         \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!parse_index (&q, &(value), &(has)))                                                       \
      {                                                                                            \
        *reason = g_strdup (_ ("an array index is a whole number from -2147483647 to "             \
                               "2147483647"));                                                     \
        goto fail;                                                                                 \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

  NUMBER (parts[0], present[0]);
  if (*q == ',' || (*q == ']' && present[0]))
    {
      /* [2] or [0,2,5] */
      g_array_append_val (numbers, parts[0]);
      while (present[0] && *q == ',')
        {
          q++;
          NUMBER (parts[0], present[0]);
          g_array_append_val (numbers, parts[0]);
        }
      if (!present[0] || *q != ']')
        {
          *reason
              = g_strdup (_ ("a list of array indexes is numbers between commas, like “[0,2]”"));
          goto fail;
        }
      step->kind = STEP_INDEXES;
      step->indexes = g_steal_pointer (&numbers);
      *p = q + 1;
      return step;
    }
  if (*q != ':')
    {
      *reason = g_strdup (_ ("an array subscript is “[2]”, “[0,2]”, “[1:3]”, “[*]” or “['name']”"));
      goto fail;
    }
  /* [start:end] or [start:end:step], start and end optional */
  q++;
  NUMBER (parts[1], present[1]);
  if (*q == ':')
    {
      q++;
      NUMBER (parts[2], present[2]);
      if (!present[2] || parts[2] == 0)
        {
          *reason
              = g_strdup (_ ("a slice step after the second “:” is a whole number other than 0"));
          goto fail;
        }
    }
  if (*q != ']')
    {
      *reason = g_strdup (_ ("a slice is “[start:end]” or “[start:end:step]”"));
      goto fail;
    }
#undef NUMBER
  *p = q + 1;
  step->kind = STEP_SLICE;
  step->has_start = present[0];
  step->has_end = present[1];
  step->start = parts[0];
  step->end = parts[1];
  step->step = parts[2];
  return step;

fail:
  step_free (step);
  return NULL;
}

/* Parses @expression into steps; NULL and a reason when it is not a path
 * this file can walk safely. */
static GPtrArray *
parse (const char *expression, char **reason)
{
  g_autoptr (GPtrArray) steps = g_ptr_array_new_with_free_func (step_free);
  const char *p = expression;

  if (*p != '$')
    {
      *reason = g_strdup (_ ("it must start with “$”"));
      return NULL;
    }
  p++;
  while (*p != '\0')
    {
      gboolean descend = FALSE;
      Step *step;

      if (p[0] == '.' && p[1] == '.')
        {
          descend = TRUE;
          p += 2;
          if (*p == '.' || *p == '\0')
            {
              *reason = g_strdup (_ ("“..” needs a member name, “*” or “[…]” after it"));
              return NULL;
            }
          if (*p != '[')
            p--; /* read the name as after a single "." */
        }

      if (*p == '.')
        {
          const char *end = p + 1;

          while (*end != '.' && *end != '[' && *end != '\0')
            end++;
          if (end == p + 1)
            {
              *reason = g_strdup (_ ("a member name or “*” is missing after “.”"));
              return NULL;
            }
          step = g_new0 (Step, 1);
          if (end == p + 2 && p[1] == '*')
            step->kind = STEP_WILDCARD;
          else
            {
              step->kind = STEP_MEMBER;
              step->name = g_strndup (p + 1, end - p - 1);
            }
          p = end;
        }
      else if (*p == '[')
        {
          p++;
          step = parse_bracket (&p, reason);
          if (step == NULL)
            return NULL;
        }
      else
        {
          /* Quoted as every message quotes input: a line break or control
           * character must not break the one-line message. */
          g_autofree char *shown = sb_validate_quote (p, g_utf8_next_char (p) - p);
          *reason = g_strdup_printf (_ ("%s cannot follow here (expected “.” or “[”)"), shown);
          return NULL;
        }
      step->descend = descend;
      g_ptr_array_add (steps, step);
    }
  return g_steal_pointer (&steps);
}

SbDataPath *
sb_data_path_new (const char *expression, GError **error)
{
  g_autoptr (GPtrArray) steps = NULL;
  g_autofree char *reason = NULL;
  SbDataPath *self;

  g_return_val_if_fail (expression != NULL, NULL);

  if (expression[0] == '\0')
    {
      g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                           _ ("A data path must not be empty"));
      return NULL;
    }
  if (!sb_data_path_check (expression, error))
    return NULL;
  /* Safe for json-glib now; it has the last word, as for the loader. */
  if (!sb_validate_data_path (expression, error))
    return NULL;
  steps = parse (expression, &reason);
  g_assert (steps != NULL); /* sb_data_path_check parsed it already */

  self = g_new0 (SbDataPath, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->expression = g_strdup (expression);
  self->steps = g_steal_pointer (&steps);
  return self;
}

gboolean
sb_data_path_check (const char *expression, GError **error)
{
  g_autoptr (GPtrArray) steps = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (expression != NULL, FALSE);

  if (expression[0] == '\0')
    return TRUE;
  shown = sb_validate_quote (expression, -1);
  if (!g_utf8_validate (expression, -1, NULL))
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("the data path %s is not valid UTF-8"), shown);
      return FALSE;
    }
  if (expression[0] != '$')
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("the data path %s must start with “$” (like “$.status”)"), shown);
      return FALSE;
    }
  steps = parse (expression, &reason);
  if (steps == NULL)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("the data path %s is not a JSONPath expression: %s"), shown, reason);
      return FALSE;
    }
  return TRUE;
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
  g_ptr_array_unref (self->steps);
  g_free (self->expression);
  g_free (self);
}

const char *
sb_data_path_get_expression (SbDataPath *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expression;
}

static gboolean
not_json (GError **error)
{
  g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX,
                       _ ("The payload is not JSON"));
  return FALSE;
}

/* Collects @node and every value below it, in document order. */
static gboolean
add_descendants (GPtrArray *out, JsonNode *node)
{
  if (out->len >= MAX_MATCHES)
    return FALSE;
  g_ptr_array_add (out, node);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name; /* json-glib 1.6 writes it at the end even when NULL is passed */
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        if (!add_descendants (out, member))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!add_descendants (out, json_array_get_element (array, i)))
          return FALSE;
    }
  return TRUE;
}

/* Python's slice rules: negative positions count from the end, everything
 * is clamped to the array, a negative step walks backwards. */
static void
slice_bounds (const Step *step, gint64 length, gint64 *start, gint64 *end)
{
  gint64 lower = step->step > 0 ? 0 : -1;
  gint64 upper = step->step > 0 ? length : length - 1;

  if (!step->has_start)
    *start = step->step > 0 ? lower : upper;
  else
    {
      *start = step->start < 0 ? step->start + length : step->start;
      *start = CLAMP (*start, lower, upper);
    }
  if (!step->has_end)
    *end = step->step > 0 ? upper : lower;
  else
    {
      *end = step->end < 0 ? step->end + length : step->end;
      *end = CLAMP (*end, lower, upper);
    }
}

/* Applies @step to @node, adding what it selects to @out. */
static gboolean
select_step (const Step *step, JsonNode *node, GPtrArray *out)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  gint64 length = array != NULL ? json_array_get_length (array) : 0;

  switch (step->kind)
    {
      case STEP_MEMBER:
        if (JSON_NODE_HOLDS_OBJECT (node))
          {
            JsonNode *member = json_object_get_member (json_node_get_object (node), step->name);

            if (member != NULL)
              g_ptr_array_add (out, member);
          }
        break;
      case STEP_WILDCARD:
        if (JSON_NODE_HOLDS_OBJECT (node))
          {
            JsonObjectIter iter;
            const char *name; /* json-glib 1.6 writes it at the end even when NULL is passed */
            JsonNode *member;

            json_object_iter_init_ordered (&iter, json_node_get_object (node));
            while (json_object_iter_next_ordered (&iter, &name, &member) && out->len < MAX_MATCHES)
              g_ptr_array_add (out, member);
          }
        for (gint64 i = 0; i < length && out->len < MAX_MATCHES; i++)
          g_ptr_array_add (out, json_array_get_element (array, i));
        break;
      case STEP_INDEXES:
        for (guint i = 0; array != NULL && i < step->indexes->len; i++)
          {
            gint64 index = g_array_index (step->indexes, gint64, i);

            if (index < 0)
              index += length;
            if (index >= 0 && index < length)
              g_ptr_array_add (out, json_array_get_element (array, index));
          }
        break;
      case STEP_SLICE:
        if (array != NULL)
          {
            gint64 start, end;

            slice_bounds (step, length, &start, &end);
            for (gint64 i = start; (step->step > 0 ? i < end : i > end) && out->len < MAX_MATCHES;
                 i += step->step)
              g_ptr_array_add (out, json_array_get_element (array, i));
          }
        break;
      default:
        g_assert_not_reached ();
    }
  return out->len < MAX_MATCHES;
}

/* The values @self selects in @root (borrowed), or NULL when there are too many. */
static GPtrArray *
walk (SbDataPath *self, JsonNode *root)
{
  g_autoptr (GPtrArray) current = g_ptr_array_new ();

  g_ptr_array_add (current, root);
  for (guint s = 0; s < self->steps->len && current->len > 0; s++)
    {
      const Step *step = g_ptr_array_index (self->steps, s);
      g_autoptr (GPtrArray) next = g_ptr_array_new ();

      if (step->descend)
        {
          g_autoptr (GPtrArray) below = g_ptr_array_new ();

          for (guint i = 0; i < current->len; i++)
            if (!add_descendants (below, g_ptr_array_index (current, i)))
              return NULL;
          g_ptr_array_unref (current);
          current = g_steal_pointer (&below);
        }
      for (guint i = 0; i < current->len; i++)
        if (!select_step (step, g_ptr_array_index (current, i), next))
          return NULL;
      g_ptr_array_unref (current);
      current = g_steal_pointer (&next);
    }
  return g_steal_pointer (&current);
}

JsonNode *
sb_data_path_apply (SbDataPath *self, GBytes *payload, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GPtrArray) matches = NULL;
  g_autoptr (JsonArray) array = NULL;
  const char *data;
  gsize length = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  data = g_bytes_get_data (payload, &length);
  if (length > MAX_PAYLOAD_BYTES)
    {
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX,
                   _ ("The payload is %s; data paths look at payloads up to 1 MiB"), size);
      return NULL;
    }
  if (!sb_payload_json_check (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, NULL)
      || json_parser_get_root (parser) == NULL)
    {
      not_json (error);
      return NULL;
    }

  matches = walk (self, json_parser_get_root (parser));
  if (matches == NULL)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("The data path %s matches more than %d values in this payload"),
                   self->expression, MAX_MATCHES);
      return NULL;
    }
  if (matches->len == 0)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("The data path %s matches nothing in this payload"), self->expression);
      return NULL;
    }
  if (matches->len == 1)
    return json_node_copy (g_ptr_array_index (matches, 0));

  array = json_array_sized_new (matches->len);
  for (guint i = 0; i < matches->len; i++)
    json_array_add_element (array, json_node_copy (g_ptr_array_index (matches, i)));
  return json_node_init_array (json_node_alloc (), array);
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
