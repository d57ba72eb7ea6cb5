/* sb-data-path.c
 *
 * The expression language is JsonPath's (what configurations hold), parsed,
 * checked and walked here only: json-glib 1.6's json_path_compile () reads
 * past the end of "$['" and "$[:" and its json_path_match () loops forever
 * on "$[0:5:1]" (a step it parses as 0) and indexes past the end of arrays
 * ("$[3]" on [1,2,3]).
 *
 * Filter selectors are RFC 9535's, without its functions:
 * "[?(@.name=='Temperature')]", "[?@.alias]", "[?@.a.b > 1 && !(@.c == null)]".
 * A filter keeps the elements of an array (the member values of an object)
 * for which its expression holds, with "@" the element.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-data-path.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-quote.h"
#include "sb-json-scan.h"
#include "sb-payload-json.h"

/* The payload bytes a data path looks at: beyond this JSON parsing costs more
 * than a preview is worth (nesting is bounded by sb_payload_json_check ()). */
#define MAX_PAYLOAD_BYTES (1024 * 1024)
/* The values a walk may hold at one step: "$..*..*" would otherwise grow
 * with the square of the payload. */
#define MAX_MATCHES 100000
/* Parentheses and "!" in one filter at most: the parser recurses on them. */
#define MAX_FILTER_DEPTH 32

typedef enum
{
  EXPR_OR,
  EXPR_AND,
  EXPR_NOT,
  EXPR_COMPARE,
  EXPR_EXISTS,
} ExprKind;

typedef enum
{
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
} CompareOp;

/* A relative path ("@.a[0].b": members and indexes) or a literal. */
typedef struct
{
  GPtrArray *segments; /* Segment, or NULL for a literal */
  JsonNode *literal;
} Operand;

typedef struct
{
  char *name; /* NULL: an index */
  gint64 index;
} Segment;

typedef struct _Expr Expr;
struct _Expr
{
  ExprKind kind;
  Expr *left, *right; /* OR, AND; NOT uses left */
  CompareOp op;
  Operand a, b; /* COMPARE; EXISTS uses a */
};

typedef enum
{
  STEP_MEMBER,   /* .name, ['name'] */
  STEP_WILDCARD, /* .*, [*], ['*']: every member or element */
  STEP_INDEXES,  /* [1], [-1], [0,2,5] */
  STEP_SLICE,    /* [start:end:step], each part optional */
  STEP_FILTER,   /* [?expression] */
} StepKind;

typedef struct
{
  StepKind kind;
  gboolean descend; /* after "..": the node and all below it */
  char *name;
  GArray *indexes; /* gint64 */
  gboolean has_start, has_end;
  gint64 start, end, step;
  Expr *filter;
} Step;

struct _SbDataPath
{
  gatomicrefcount ref_count;
  char *expression;
  GPtrArray *steps; /* Step */
};

static void
segment_free (gpointer data)
{
  Segment *segment = data;

  g_free (segment->name);
  g_free (segment);
}

static void
operand_clear (Operand *operand)
{
  g_clear_pointer (&operand->segments, g_ptr_array_unref);
  g_clear_pointer (&operand->literal, json_node_unref);
}

static void
expr_free (Expr *expr)
{
  if (expr == NULL)
    return;
  expr_free (expr->left);
  expr_free (expr->right);
  operand_clear (&expr->a);
  operand_clear (&expr->b);
  g_free (expr);
}

static void
step_free (gpointer data)
{
  Step *step = data;

  expr_free (step->filter);
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

/* ---- filters ----------------------------------------------------------- */

typedef struct
{
  const char *p;
  char *reason;
  int depth;
} FilterParser;

static void
skip_space (FilterParser *fp)
{
  while (*fp->p == ' ' || *fp->p == '\t' || *fp->p == '\n' || *fp->p == '\r')
    fp->p++;
}

static gboolean
filter_fail (FilterParser *fp, char *reason)
{
  if (fp->reason == NULL)
    fp->reason = reason;
  else
    g_free (reason);
  return FALSE;
}

/* "what cannot come here" with the rest of the filter quoted (a line break must not
 * break the one-line message). */
static gboolean
filter_unexpected (FilterParser *fp)
{
  g_autofree char *shown = NULL;

  if (*fp->p == '\0')
    return filter_fail (fp, g_strdup (_ ("the filter “[?…]” ends too early")));
  shown = sb_quote (fp->p, MIN (strlen (fp->p), 20));
  return filter_fail (fp, g_strdup_printf (_ ("the filter cannot read %s (a filter is like "
                                              "“[?@.name=='Temperature']”)"),
                                           shown));
}

/* A string literal in ' or ", with JSON's escapes (and \' ). */
static gboolean
parse_string_literal (FilterParser *fp, JsonNode **out)
{
  char quote = *fp->p++;
  g_autoptr (GString) text = g_string_new (NULL);

  while (*fp->p != quote)
    {
      char c = *fp->p;

      if (c == '\0')
        return filter_fail (fp, g_strdup (_ ("a text in the filter needs its closing quote")));
      if (c != '\\')
        {
          g_string_append_c (text, c);
          fp->p++;
          continue;
        }
      c = fp->p[1];
      fp->p += 2;
      switch (c)
        {
          case '\'':
          case '"':
          case '\\':
          case '/':
            g_string_append_c (text, c);
            break;
          case 'b':
            g_string_append_c (text, '\b');
            break;
          case 'f':
            g_string_append_c (text, '\f');
            break;
          case 'n':
            g_string_append_c (text, '\n');
            break;
          case 'r':
            g_string_append_c (text, '\r');
            break;
          case 't':
            g_string_append_c (text, '\t');
            break;
          case 'u':
            {
              int unit = sb_json_hex4 (fp->p, strnlen (fp->p, 4));

              if (unit < 0)
                return filter_fail (fp, g_strdup (_ ("“\\u” in a filter text needs four hex "
                                                     "digits")));
              fp->p += 4;
              if (unit >= 0xd800 && unit <= 0xdbff && fp->p[0] == '\\' && fp->p[1] == 'u')
                {
                  int low = sb_json_hex4 (fp->p + 2, strnlen (fp->p + 2, 4));

                  if (low >= 0xdc00 && low <= 0xdfff)
                    {
                      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                      fp->p += 6;
                    }
                }
              if (unit >= 0xd800 && unit <= 0xdfff)
                return filter_fail (fp, g_strdup (_ ("a filter text holds half of a UTF-16 "
                                                     "surrogate pair")));
              g_string_append_unichar (text, unit);
            }
            break;
          default:
            fp->p -= 2;
            return filter_unexpected (fp);
        }
    }
  fp->p++;
  *out = json_node_init_string (json_node_alloc (), text->str);
  return TRUE;
}

/* A number as JSON writes it. */
static gboolean
parse_number_literal (FilterParser *fp, JsonNode **out)
{
  const char *start = fp->p, *q = fp->p;
  gboolean integer = TRUE;
  g_autofree char *text = NULL;

  if (*q == '-')
    q++;
  if (!g_ascii_isdigit (*q))
    return filter_unexpected (fp);
  while (g_ascii_isdigit (*q))
    q++;
  if (*q == '.')
    {
      integer = FALSE;
      if (!g_ascii_isdigit (*++q))
        return filter_unexpected (fp);
      while (g_ascii_isdigit (*q))
        q++;
    }
  if (*q == 'e' || *q == 'E')
    {
      integer = FALSE;
      q++;
      if (*q == '+' || *q == '-')
        q++;
      if (!g_ascii_isdigit (*q))
        return filter_unexpected (fp);
      while (g_ascii_isdigit (*q))
        q++;
    }
  text = g_strndup (start, q - start);
  fp->p = q;
  if (integer && q - start < 18)
    *out = json_node_init_int (json_node_alloc (), g_ascii_strtoll (text, NULL, 10));
  else
    *out = json_node_init_double (json_node_alloc (), g_ascii_strtod (text, NULL));
  return TRUE;
}

static gboolean
word_at (const char *p, const char *word)
{
  gsize n = strlen (word);

  return strncmp (p, word, n) == 0 && !g_ascii_isalnum (p[n]) && p[n] != '_';
}

/* "@", then ".name", "['name']" or "[index]" any number of times. */
static gboolean
parse_relative_path (FilterParser *fp, GPtrArray **out)
{
  g_autoptr (GPtrArray) segments = g_ptr_array_new_with_free_func (segment_free);

  fp->p++; /* "@" */
  for (;;)
    {
      Segment *segment;

      if (*fp->p == '.' && fp->p[1] != '.')
        {
          const char *start = ++fp->p;

          while (g_ascii_isalnum (*fp->p) || *fp->p == '_' || *fp->p == '-'
                 || (guchar)*fp->p >= 0x80)
            fp->p++;
          if (fp->p == start)
            return filter_fail (fp, g_strdup (_ ("a member name is missing after “@.” in the "
                                                 "filter")));
          segment = g_new0 (Segment, 1);
          segment->name = g_strndup (start, fp->p - start);
        }
      else if (*fp->p == '[' && (fp->p[1] == '\'' || fp->p[1] == '"'))
        {
          JsonNode *name = NULL;

          fp->p++;
          if (!parse_string_literal (fp, &name))
            return FALSE;
          if (*fp->p != ']')
            {
              json_node_unref (name);
              return filter_unexpected (fp);
            }
          fp->p++;
          segment = g_new0 (Segment, 1);
          segment->name = g_strdup (json_node_get_string (name));
          json_node_unref (name);
        }
      else if (*fp->p == '[')
        {
          gboolean present;
          gint64 index = 0;

          fp->p++;
          if (!parse_index (&fp->p, &index, &present) || !present || *fp->p != ']')
            return filter_unexpected (fp);
          fp->p++;
          segment = g_new0 (Segment, 1);
          segment->index = index;
        }
      else
        break;
      g_ptr_array_add (segments, segment);
    }
  *out = g_steal_pointer (&segments);
  return TRUE;
}

static gboolean
parse_operand (FilterParser *fp, Operand *operand)
{
  skip_space (fp);
  if (*fp->p == '@')
    return parse_relative_path (fp, &operand->segments);
  if (*fp->p == '\'' || *fp->p == '"')
    return parse_string_literal (fp, &operand->literal);
  if (*fp->p == '-' || g_ascii_isdigit (*fp->p))
    return parse_number_literal (fp, &operand->literal);
  if (word_at (fp->p, "true") || word_at (fp->p, "false"))
    {
      gboolean value = *fp->p == 't';

      fp->p += value ? 4 : 5;
      operand->literal = json_node_init_boolean (json_node_alloc (), value);
      return TRUE;
    }
  if (word_at (fp->p, "null"))
    {
      fp->p += 4;
      operand->literal = json_node_init_null (json_node_alloc ());
      return TRUE;
    }
  if (*fp->p == '$' || g_ascii_isalpha (*fp->p))
    return filter_fail (fp, g_strdup (_ ("a filter compares relative paths (“@.a.b”) and "
                                         "literals; “$” and functions are not supported")));
  return filter_unexpected (fp);
}

static gboolean
parse_compare_op (FilterParser *fp, CompareOp *op)
{
  static const struct
  {
    const char *text;
    CompareOp op;
  } ops[] = { { "==", OP_EQ }, { "!=", OP_NE }, { "<=", OP_LE },
              { ">=", OP_GE }, { "<", OP_LT },  { ">", OP_GT } };

  skip_space (fp);
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (strncmp (fp->p, ops[i].text, strlen (ops[i].text)) == 0)
      {
        fp->p += strlen (ops[i].text);
        *op = ops[i].op;
        return TRUE;
      }
  return FALSE;
}

static Expr *
parse_or (FilterParser *fp);

/* "(…)", "!…", a comparison or an existence test. */
static Expr *
parse_primary (FilterParser *fp)
{
  Expr *expr;

  skip_space (fp);
  if (++fp->depth > MAX_FILTER_DEPTH)
    {
      filter_fail (
          fp, g_strdup_printf (_ ("the filter nests more than %d parentheses"), MAX_FILTER_DEPTH));
      return NULL;
    }
  if (*fp->p == '(')
    {
      fp->p++;
      expr = parse_or (fp);
      skip_space (fp);
      if (expr != NULL && *fp->p != ')')
        {
          filter_unexpected (fp);
          g_clear_pointer (&expr, expr_free);
        }
      if (expr != NULL)
        fp->p++;
    }
  else if (*fp->p == '!' && fp->p[1] != '=')
    {
      Expr *inner;

      fp->p++;
      skip_space (fp);
      if (*fp->p != '(' && *fp->p != '@' && *fp->p != '!')
        {
          filter_unexpected (fp);
          fp->depth--;
          return NULL;
        }
      inner = parse_primary (fp);
      if (inner == NULL)
        {
          fp->depth--;
          return NULL;
        }
      if (inner->kind == EXPR_COMPARE && inner->a.segments != NULL && fp->p[-1] != ')')
        {
          expr_free (inner);
          filter_fail (fp, g_strdup (_ ("“!” before a comparison needs parentheses, like "
                                        "“!(@.a == 1)”")));
          fp->depth--;
          return NULL;
        }
      expr = g_new0 (Expr, 1);
      expr->kind = EXPR_NOT;
      expr->left = inner;
    }
  else
    {
      CompareOp op;

      expr = g_new0 (Expr, 1);
      if (!parse_operand (fp, &expr->a))
        g_clear_pointer (&expr, expr_free);
      else if (parse_compare_op (fp, &op))
        {
          expr->kind = EXPR_COMPARE;
          expr->op = op;
          if (!parse_operand (fp, &expr->b))
            g_clear_pointer (&expr, expr_free);
        }
      else if (expr->a.segments != NULL)
        expr->kind = EXPR_EXISTS;
      else
        {
          /* A literal alone ("[?1]") says nothing about the element. */
          filter_fail (fp, g_strdup (_ ("a filter tests a path (“@.alias”) or compares two "
                                        "values (“@.name == 'x'”)")));
          g_clear_pointer (&expr, expr_free);
        }
    }
  fp->depth--;
  return expr;
}

/* Left-associative chains of one operator ("a && b && c", "a || b"),
 * each operand read by @operand. */
static Expr *
parse_chain (FilterParser *fp, char op, ExprKind kind, Expr *(*operand) (FilterParser *fp))
{
  Expr *left = operand (fp);

  while (left != NULL)
    {
      Expr *both;

      skip_space (fp);
      if (fp->p[0] != op || fp->p[1] != op)
        break;
      fp->p += 2;
      both = g_new0 (Expr, 1);
      both->kind = kind;
      both->left = left;
      both->right = operand (fp);
      left = both;
      if (both->right == NULL)
        g_clear_pointer (&left, expr_free);
    }
  return left;
}

static Expr *
parse_and (FilterParser *fp)
{
  return parse_chain (fp, '&', EXPR_AND, parse_primary);
}

static Expr *
parse_or (FilterParser *fp)
{
  return parse_chain (fp, '|', EXPR_OR, parse_and);
}

/* After "[?": the expression and the closing "]". */
static Expr *
parse_filter (const char **p, char **reason)
{
  FilterParser fp = { *p, NULL, 0 };
  Expr *expr = parse_or (&fp);

  skip_space (&fp);
  if (expr != NULL && *fp.p != ']')
    {
      filter_unexpected (&fp);
      g_clear_pointer (&expr, expr_free);
    }
  if (expr == NULL)
    {
      *reason = fp.reason != NULL ? fp.reason : g_strdup (_ ("the filter “[?…]” is not valid"));
      return NULL;
    }
  *p = fp.p + 1;
  return expr;
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
  if (*q == '?')
    {
      q++;
      step->kind = STEP_FILTER;
      step->filter = parse_filter (&q, reason);
      if (step->filter == NULL)
        goto fail;
      *p = q;
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
          g_autofree char *shown = sb_quote (p, g_utf8_next_char (p) - p);
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
  shown = sb_quote (expression, -1);
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

/* The value the relative path @segments selects below @node, or NULL: Nothing. */
static JsonNode *
resolve (GPtrArray *segments, JsonNode *node)
{
  for (guint i = 0; i < segments->len && node != NULL; i++)
    {
      const Segment *segment = g_ptr_array_index (segments, i);

      if (segment->name != NULL)
        node = JSON_NODE_HOLDS_OBJECT (node)
                   ? json_object_get_member (json_node_get_object (node), segment->name)
                   : NULL;
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          gint64 length = json_array_get_length (array);
          gint64 index = segment->index < 0 ? segment->index + length : segment->index;

          node = index >= 0 && index < length ? json_array_get_element (array, index) : NULL;
        }
      else
        node = NULL;
    }
  return node;
}

static gboolean
get_number (JsonNode *node, double *number, gint64 *integer, gboolean *is_integer)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  *is_integer = type == G_TYPE_INT64;
  if (type == G_TYPE_INT64)
    {
      *integer = json_node_get_int (node);
      *number = (double)*integer;
    }
  else if (type == G_TYPE_DOUBLE)
    *number = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
values_equal (JsonNode *a, JsonNode *b);

static gboolean
containers_equal (JsonNode *a, JsonNode *b)
{
  if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);
      guint n = json_array_get_length (x);

      if (n != json_array_get_length (y))
        return FALSE;
      for (guint i = 0; i < n; i++)
        if (!values_equal (json_array_get_element (x, i), json_array_get_element (y, i)))
          return FALSE;
      return TRUE;
    }
  else
    {
      JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      if (json_object_get_size (x) != json_object_get_size (y))
        return FALSE;
      json_object_iter_init (&iter, x);
      while (json_object_iter_next (&iter, &name, &member))
        {
          JsonNode *other = json_object_get_member (y, name);

          if (other == NULL || !values_equal (member, other))
            return FALSE;
        }
      return TRUE;
    }
}

/* RFC 9535's ==: numbers by value (1 == 1.0), strings by their characters,
 * arrays and objects member by member. */
static gboolean
values_equal (JsonNode *a, JsonNode *b)
{
  double x, y;
  gint64 i, j;
  gboolean xi, yi;

  if (a == NULL || b == NULL)
    return a == b; /* Nothing == Nothing */
  if (get_number (a, &x, &i, &xi) && get_number (b, &y, &j, &yi))
    return xi && yi ? i == j : x == y;
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  switch (JSON_NODE_TYPE (a))
    {
      case JSON_NODE_NULL:
        return TRUE;
      case JSON_NODE_ARRAY:
      case JSON_NODE_OBJECT:
        return containers_equal (a, b);
      default:
        break;
    }
  if (json_node_get_value_type (a) != json_node_get_value_type (b))
    return FALSE;
  if (json_node_get_value_type (a) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (a) == json_node_get_boolean (b);
  if (is_string (a))
    return strcmp (json_node_get_string (a), json_node_get_string (b)) == 0;
  return FALSE;
}

/* RFC 9535's <: numbers with numbers, strings with strings (UTF-8 byte order is
 * code point order); anything else is not less. */
static gboolean
value_less (JsonNode *a, JsonNode *b)
{
  double x, y;
  gint64 i, j;
  gboolean xi, yi;

  if (a == NULL || b == NULL)
    return FALSE;
  if (get_number (a, &x, &i, &xi) && get_number (b, &y, &j, &yi))
    return xi && yi ? i < j : x < y;
  if (is_string (a) && is_string (b))
    return strcmp (json_node_get_string (a), json_node_get_string (b)) < 0;
  return FALSE;
}

static JsonNode *
operand_value (const Operand *operand, JsonNode *current)
{
  return operand->segments != NULL ? resolve (operand->segments, current) : operand->literal;
}

static gboolean
filter_holds (const Expr *expr, JsonNode *current)
{
  JsonNode *a, *b;

  switch (expr->kind)
    {
      case EXPR_OR:
        return filter_holds (expr->left, current) || filter_holds (expr->right, current);
      case EXPR_AND:
        return filter_holds (expr->left, current) && filter_holds (expr->right, current);
      case EXPR_NOT:
        return !filter_holds (expr->left, current);
      case EXPR_EXISTS:
        return resolve (expr->a.segments, current) != NULL;
      case EXPR_COMPARE:
        a = operand_value (&expr->a, current);
        b = operand_value (&expr->b, current);
        switch (expr->op)
          {
            case OP_EQ:
              return values_equal (a, b);
            case OP_NE:
              return !values_equal (a, b);
            case OP_LT:
              return value_less (a, b);
            case OP_LE:
              return value_less (a, b) || values_equal (a, b);
            case OP_GT:
              return value_less (b, a);
            case OP_GE:
              return value_less (b, a) || values_equal (a, b);
            default:
              break;
          }
        break;
      default:
        break;
    }
  g_assert_not_reached ();
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
      case STEP_FILTER:
        if (JSON_NODE_HOLDS_OBJECT (node))
          {
            JsonObjectIter iter;
            const char *name; /* json-glib 1.6 writes it at the end even when NULL is passed */
            JsonNode *member;

            json_object_iter_init_ordered (&iter, json_node_get_object (node));
            while (json_object_iter_next_ordered (&iter, &name, &member) && out->len < MAX_MATCHES)
              if (filter_holds (step->filter, member))
                g_ptr_array_add (out, member);
          }
        for (gint64 i = 0; i < length && out->len < MAX_MATCHES; i++)
          if (filter_holds (step->filter, json_array_get_element (array, i)))
            g_ptr_array_add (out, json_array_get_element (array, i));
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
