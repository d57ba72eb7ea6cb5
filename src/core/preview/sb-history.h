/* sb-history.h: the last N messages of one topic, for the history list and
 * the sparkline (a bounded ring: a push is O(1) whatever N is)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sb-data-path.h"

G_BEGIN_DECLS

/* Bytes of each payload an entry keeps: enough for a line in the history
 * list; the row keeps the full latest payload for the details views. */
#define SB_HISTORY_PAYLOAD_CAP 1024
#define SB_HISTORY_DEFAULT_CAPACITY 100
#define SB_HISTORY_MAX_CAPACITY 100000

/* One message in a history. Its payload is a copy of its first bytes in one
 * allocation of its own (not a GBytes: a GBytes is a second allocation, and
 * with 10,000 topics of 100 messages each that was a third of the window's
 * memory). */
typedef struct
{
  gint64 time;    /* g_get_real_time () microseconds */
  guint64 size;   /* the payload's full size */
  double value;   /* the number the payload (or its data-path value) holds; NaN if none */
  guint8 *data;   /* the payload's first `length` bytes (not NUL-terminated); NULL if none */
  guint32 length; /* at most SB_HISTORY_PAYLOAD_CAP */
} SbHistoryEntry;

#define SB_TYPE_HISTORY (sb_history_get_type ())
G_DECLARE_FINAL_TYPE (SbHistory, sb_history, SB, HISTORY, GObject)

/* Properties: "capacity" guint (read-write, 1..SB_HISTORY_MAX_CAPACITY),
 * "length" guint (read-only).
 * Signal "changed": after every push, clear or capacity change. */
SbHistory *
sb_history_new (guint capacity);

guint
sb_history_get_capacity (SbHistory *self);
/* Shrinking drops the oldest entries. */
void
sb_history_set_capacity (SbHistory *self, guint capacity);
guint
sb_history_get_length (SbHistory *self);

/* Records one message; @value is NaN when it holds no number. Once full,
 * the oldest entry goes. @size is the payload's full size (@payload may be
 * a prefix of it). A @payload of at most SB_HISTORY_PAYLOAD_CAP bytes is
 * kept by reference (so do not pass a slice of a larger buffer), of a
 * longer one a copy of its first SB_HISTORY_PAYLOAD_CAP bytes. */
void
sb_history_push (SbHistory *self, gint64 time, GBytes *payload, guint64 size, double value);
/* Same, with the value taken from @payload: through @path when not NULL,
 * else the payload itself read as a number ("21.5", " 42\n"). */
void
sb_history_push_message (SbHistory *self, gint64 time, GBytes *payload, guint64 size,
                         SbDataPath *path);
/* Index 0 is the oldest; the entry lives until the next push or clear. */
const SbHistoryEntry *
sb_history_get (SbHistory *self, guint index);
void
sb_history_clear (SbHistory *self);

/* The smallest and largest number among the entries; FALSE when none holds one. */
gboolean
sb_history_get_range (SbHistory *self, double *min, double *max);
/* How many entries hold a number. */
guint
sb_history_count_numbers (SbHistory *self);

/* The number @payload holds as text, NaN otherwise (for a payload without a data path). */
double
sb_history_payload_number (GBytes *payload);

G_END_DECLS
