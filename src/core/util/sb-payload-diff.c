/* sb-payload-diff.c: what changed between two payloads of a topic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-payload-diff.h"
#include "sb-payload-json.h"
#include "sb-payload.h"

/* Bounds: a diff is for a person to read. */
#define MAX_ENTRIES 1000
/* Lines compared with the quadratic longest-common-subsequence table. */
#define MAX_LINE_CELLS (2000u * 2000u)

typedef struct
{
  SbDiffChange change;
  char *path;
  char *old_text;
  char *new_text;
} Entry;

struct _SbPayloadDiff
{
  gatomicrefcount ref_count;
  SbPayloadDiffKind kind;
  GArray *entries; /* Entry */
  gboolean truncated;
};

G_DEFINE_ENUM_TYPE (SbPayloadDiffKind, sb_payload_diff_kind,
                    G_DEFINE_ENUM_VALUE (SB_PAYLOAD_DIFF_SAME, "same"),
                    G_DEFINE_ENUM_VALUE (SB_PAYLOAD_DIFF_JSON, "json"),
                    G_DEFINE_ENUM_VALUE (SB_PAYLOAD_DIFF_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (SB_PAYLOAD_DIFF_BINARY, "binary"))

G_DEFINE_ENUM_TYPE (SbDiffChange, sb_diff_change,
                    G_DEFINE_ENUM_VALUE (SB_DIFF_UNCHANGED, "unchanged"),
                    G_DEFINE_ENUM_VALUE (SB_DIFF_CHANGED, "changed"),
                    G_DEFINE_ENUM_VALUE (SB_DIFF_ADDED, "added"),
                    G_DEFINE_ENUM_VALUE (SB_DIFF_REMOVED, "removed"))

G_DEFINE_BOXED_TYPE (SbPayloadDiff, sb_payload_diff, sb_payload_diff_ref, sb_payload_diff_unref)

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->path);
  g_free (entry->old_text);
  g_free (entry->new_text);
}

static gboolean
add_entry (SbPayloadDiff *self, SbDiffChange change, char *path, char *old_text, char *new_text)
{
  Entry entry = { change, path, old_text, new_text };

  if (self->entries->len >= MAX_ENTRIES)
    {
      self->truncated = TRUE;
      entry_clear (&entry);
      return FALSE;
    }
  g_array_append_val (self->entries, entry);
  return TRUE;
}

/* ---- JSON ------------------------------------------------------------------------------- */

static JsonNode *
parse_json (GBytes *payload)
{
  g_autoptr (JsonParser) parser = NULL;
  gsize size = 0;
  const char *data = payload != NULL ? g_bytes_get_data (payload, &size) : NULL;

  /* The check keeps json-glib's recursion and escapes safe (sb-payload-json.h). */
  if (data == NULL || !sb_payload_json_check (data, size, NULL))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize)size, NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
is_identifier (const char *name)
{
  if (!g_ascii_isalpha (name[0]) && name[0] != '_')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
member_path (const char *parent, const char *name)
{
  GString *path;

  if (is_identifier (name))
    return g_strconcat (parent, ".", name, NULL);
  path = g_string_new (parent);
  g_string_append (path, "['");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (path, '\\');
      g_string_append_c (path, *p);
    }
  g_string_append (path, "']");
  return g_string_free (path, FALSE);
}

static char *
value_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static gboolean
diff_nodes (SbPayloadDiff *self, const char *path, JsonNode *a, JsonNode *b);

static gboolean
diff_objects (SbPayloadDiff *self, const char *path, JsonObject *a, JsonObject *b)
{
  g_autoptr (GList) a_members = json_object_get_members (a);
  g_autoptr (GList) b_members = json_object_get_members (b);

  /* In the old object's order, then what the new one adds in its order. */
  for (GList *l = a_members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *child = member_path (path, name);

      if (!json_object_has_member (b, name))
        {
          if (!add_entry (self, SB_DIFF_REMOVED, g_steal_pointer (&child),
                          value_text (json_object_get_member (a, name)), NULL))
            return FALSE;
        }
      else if (!diff_nodes (self, child, json_object_get_member (a, name),
                            json_object_get_member (b, name)))
        return FALSE;
    }
  for (GList *l = b_members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!json_object_has_member (a, name)
          && !add_entry (self, SB_DIFF_ADDED, member_path (path, name), NULL,
                         value_text (json_object_get_member (b, name))))
        return FALSE;
    }
  return TRUE;
}

static gboolean
diff_arrays (SbPayloadDiff *self, const char *path, JsonArray *a, JsonArray *b)
{
  guint na = json_array_get_length (a);
  guint nb = json_array_get_length (b);

  for (guint i = 0; i < MAX (na, nb); i++)
    {
      g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);
      gboolean ok;

      if (i >= nb)
        ok = add_entry (self, SB_DIFF_REMOVED, g_steal_pointer (&child),
                        value_text (json_array_get_element (a, i)), NULL);
      else if (i >= na)
        ok = add_entry (self, SB_DIFF_ADDED, g_steal_pointer (&child), NULL,
                        value_text (json_array_get_element (b, i)));
      else
        ok = diff_nodes (self, child, json_array_get_element (a, i), json_array_get_element (b, i));
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* FALSE when the entries are full (stop walking). Depth is bounded by the check. */
static gboolean
diff_nodes (SbPayloadDiff *self, const char *path, JsonNode *a, JsonNode *b)
{
  if (JSON_NODE_HOLDS_OBJECT (a) && JSON_NODE_HOLDS_OBJECT (b))
    return diff_objects (self, path, json_node_get_object (a), json_node_get_object (b));
  if (JSON_NODE_HOLDS_ARRAY (a) && JSON_NODE_HOLDS_ARRAY (b))
    return diff_arrays (self, path, json_node_get_array (a), json_node_get_array (b));
  if (json_node_equal (a, b))
    return TRUE;
  return add_entry (self, SB_DIFF_CHANGED, g_strdup (path), value_text (a), value_text (b));
}

/* ---- text ------------------------------------------------------------------------------- */

static char **
split_lines (GBytes *payload)
{
  gsize size = 0;
  const char *data = payload != NULL ? g_bytes_get_data (payload, &size) : NULL;
  g_autofree char *text = g_strndup (data != NULL ? data : "", size);
  char **lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* A final newline ends the last line; it does not start an empty one. */
  if (n > 0 && lines[n - 1][0] == '\0')
    {
      g_free (lines[n - 1]);
      lines[n - 1] = NULL;
    }
  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]); /* "\r\n" line ends */
  return lines;
}

static void
diff_text (SbPayloadDiff *self, GBytes *old_payload, GBytes *new_payload)
{
  g_auto (GStrv) a = split_lines (old_payload);
  g_auto (GStrv) b = split_lines (new_payload);
  guint na = g_strv_length (a);
  guint nb = g_strv_length (b);
  g_autofree guint32 *table = NULL;
  guint i = 0, j = 0;

  if ((guint64)(na + 1) * (nb + 1) > MAX_LINE_CELLS)
    {
      /* Too long to align: the old text out, the new one in. */
      self->truncated = TRUE;
      for (i = 0; i < na && add_entry (self, SB_DIFF_REMOVED, NULL, g_strdup (a[i]), NULL); i++)
        ;
      for (j = 0; j < nb && add_entry (self, SB_DIFF_ADDED, NULL, NULL, g_strdup (b[j])); j++)
        ;
      return;
    }

  /* table[i][j]: the longest common subsequence of a[i..] and b[j..]. */
  table = g_new0 (guint32, (gsize)(na + 1) * (nb + 1));
#define T(x, y) table[(gsize)(x) * (nb + 1) + (y)]
  for (guint x = na; x-- > 0;)
    for (guint y = nb; y-- > 0;)
      T (x, y) = g_str_equal (a[x], b[y]) ? T (x + 1, y + 1) + 1 : MAX (T (x + 1, y), T (x, y + 1));

  while (i < na || j < nb)
    {
      gboolean ok;

      if (i < na && j < nb && g_str_equal (a[i], b[j]))
        {
          ok = add_entry (self, SB_DIFF_UNCHANGED, NULL, g_strdup (a[i]), g_strdup (b[j]));
          i++;
          j++;
        }
      else if (j < nb && (i >= na || T (i, j + 1) >= T (i + 1, j)))
        ok = add_entry (self, SB_DIFF_ADDED, NULL, NULL, g_strdup (b[j++]));
      else
        ok = add_entry (self, SB_DIFF_REMOVED, NULL, g_strdup (a[i++]), NULL);
      if (!ok)
        break;
    }
#undef T
}

/* ---- the value -------------------------------------------------------------------------- */

SbPayloadDiff *
sb_payload_diff_new (GBytes *old_payload, GBytes *new_payload)
{
  SbPayloadDiff *self = g_new0 (SbPayloadDiff, 1);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  JsonNode *a, *b;

  g_atomic_ref_count_init (&self->ref_count);
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  if (old_payload == NULL)
    old_payload = empty;
  if (new_payload == NULL)
    new_payload = empty;

  if (g_bytes_equal (old_payload, new_payload))
    {
      self->kind = SB_PAYLOAD_DIFF_SAME;
      return self;
    }
  if (!sb_payload_is_text (old_payload) || !sb_payload_is_text (new_payload))
    {
      self->kind = SB_PAYLOAD_DIFF_BINARY;
      return self;
    }

  a = parse_json (old_payload);
  b = a != NULL ? parse_json (new_payload) : NULL;
  /* JSON key by key when both are documents (objects or arrays); a changed
   * number or word reads better as a line. */
  if (a != NULL && b != NULL && !JSON_NODE_HOLDS_VALUE (a) && !JSON_NODE_HOLDS_VALUE (b)
      && !JSON_NODE_HOLDS_NULL (a) && !JSON_NODE_HOLDS_NULL (b))
    {
      self->kind = SB_PAYLOAD_DIFF_JSON;
      diff_nodes (self, "$", a, b);
    }
  else
    {
      self->kind = SB_PAYLOAD_DIFF_TEXT;
      diff_text (self, old_payload, new_payload);
    }
  g_clear_pointer (&a, json_node_unref);
  g_clear_pointer (&b, json_node_unref);
  return self;
}

SbPayloadDiff *
sb_payload_diff_ref (SbPayloadDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sb_payload_diff_unref (SbPayloadDiff *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->entries);
  g_free (self);
}

SbPayloadDiffKind
sb_payload_diff_get_kind (SbPayloadDiff *self)
{
  g_return_val_if_fail (self != NULL, SB_PAYLOAD_DIFF_SAME);
  return self->kind;
}

guint
sb_payload_diff_get_n_entries (SbPayloadDiff *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

static Entry *
entry_at (SbPayloadDiff *self, guint index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return &g_array_index (self->entries, Entry, index);
}

SbDiffChange
sb_payload_diff_get_change (SbPayloadDiff *self, guint index)
{
  Entry *entry = entry_at (self, index);
  return entry != NULL ? entry->change : SB_DIFF_UNCHANGED;
}

const char *
sb_payload_diff_get_path (SbPayloadDiff *self, guint index)
{
  Entry *entry = entry_at (self, index);
  return entry != NULL ? entry->path : NULL;
}

const char *
sb_payload_diff_get_old (SbPayloadDiff *self, guint index)
{
  Entry *entry = entry_at (self, index);
  return entry != NULL ? entry->old_text : NULL;
}

const char *
sb_payload_diff_get_new (SbPayloadDiff *self, guint index)
{
  Entry *entry = entry_at (self, index);
  return entry != NULL ? entry->new_text : NULL;
}

gboolean
sb_payload_diff_get_truncated (SbPayloadDiff *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->truncated;
}
