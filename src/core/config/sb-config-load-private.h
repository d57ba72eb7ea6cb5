/* sb-config-load-private.h: the configuration loader's reader, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sb-json-scan.h"

G_BEGIN_DECLS

typedef struct
{
  SbJsonScan *scan;
  GPtrArray *lines;      /* "PATH: MESSAGE" */
  GHashTable *bad_paths; /* paths that already have a problem: no second one for them */
  GString *path;         /* where the loader is, "data_sources[0].auth" */
  guint n_problems;      /* lines holds the first SB_JSON_MAX_PROBLEMS */
} Loader;

/* Where the reader is (push/pop a key or an index on l->path), the problems it
 * collects (one per path), and typed access to members that reports what is
 * wrong. Implemented in sb-config-load-reader.c. */
gsize
sb_loader_push_key (Loader *l, const char *key);
gsize
sb_loader_push_index (Loader *l, guint index);
void
sb_loader_pop (Loader *l, gsize length);
void
sb_loader_problem (Loader *l, const char *key, const char *format, ...) G_GNUC_PRINTF (3, 4);
void
sb_loader_mark_bad (Loader *l);
gboolean
sb_loader_is_reported (Loader *l, const char *field);
const char *
sb_loader_describe_node (JsonNode *node);
gboolean
sb_loader_get_string (Loader *l, JsonObject *object, const char *key, gboolean required,
                      const char **out);
gboolean
sb_loader_get_boolean (Loader *l, JsonObject *object, const char *key, gboolean *out);
gboolean
sb_loader_get_integer (Loader *l, JsonObject *object, const char *key, gboolean required,
                       gboolean (*validate) (gint64 value, GError **error), gint64 *out);
JsonObject *
sb_loader_get_object (Loader *l, JsonObject *object, const char *key);
JsonArray *
sb_loader_get_array (Loader *l, JsonObject *object, const char *key);
JsonArray *
sb_loader_get_optional_array (Loader *l, JsonObject *object, const char *key);
void
sb_loader_check_keys (Loader *l, JsonObject *object, const char *const *known);

G_END_DECLS
