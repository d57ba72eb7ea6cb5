/* sb-payload-diff.h: what changed between two payloads of a topic
 *
 * Two JSON payloads are compared key by key (changed, added and removed
 * members and elements, each with its data path and old and new values);
 * other text line by line; binary payloads only as "differ" or not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SB_PAYLOAD_DIFF_SAME,   /* byte for byte */
  SB_PAYLOAD_DIFF_JSON,   /* both JSON: see the changes */
  SB_PAYLOAD_DIFF_TEXT,   /* both text: see the lines */
  SB_PAYLOAD_DIFF_BINARY, /* at least one is not text: they differ */
} SbPayloadDiffKind;

#define SB_TYPE_PAYLOAD_DIFF_KIND (sb_payload_diff_kind_get_type ())
GType
sb_payload_diff_kind_get_type (void);

typedef enum
{
  SB_DIFF_UNCHANGED, /* a line both have (text diffs only) */
  SB_DIFF_CHANGED,
  SB_DIFF_ADDED,
  SB_DIFF_REMOVED,
} SbDiffChange;

#define SB_TYPE_DIFF_CHANGE (sb_diff_change_get_type ())
GType
sb_diff_change_get_type (void);

typedef struct _SbPayloadDiff SbPayloadDiff;

#define SB_TYPE_PAYLOAD_DIFF (sb_payload_diff_get_type ())
GType
sb_payload_diff_get_type (void);

/* Compares @old_payload with @new_payload (either may be NULL: empty). */
SbPayloadDiff *
sb_payload_diff_new (GBytes *old_payload, GBytes *new_payload);
SbPayloadDiff *
sb_payload_diff_ref (SbPayloadDiff *self);
void
sb_payload_diff_unref (SbPayloadDiff *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbPayloadDiff, sb_payload_diff_unref)

SbPayloadDiffKind
sb_payload_diff_get_kind (SbPayloadDiff *self);

/* The entries: for JSON one per changed, added or removed member or element;
 * for text one per line of the merged listing (unchanged lines included). */
guint
sb_payload_diff_get_n_entries (SbPayloadDiff *self);
SbDiffChange
sb_payload_diff_get_change (SbPayloadDiff *self, guint index);
/* JSON: the data path of the entry ("$.status", "$.metrics[2].value",
 * "$['a b']"); text: NULL. */
const char *
sb_payload_diff_get_path (SbPayloadDiff *self, guint index);
/* JSON: the old and new value as compact JSON (NULL for the side that has
 * none). Text: the line (old for removed, new for added and unchanged). */
const char *
sb_payload_diff_get_old (SbPayloadDiff *self, guint index);
const char *
sb_payload_diff_get_new (SbPayloadDiff *self, guint index);
/* TRUE when the entries stop short (too many changes, or text too long to
 * compare line by line): the rest is not listed. */
gboolean
sb_payload_diff_get_truncated (SbPayloadDiff *self);

G_END_DECLS
