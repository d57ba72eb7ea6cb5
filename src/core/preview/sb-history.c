/* sb-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-history.h"

#include <math.h>
#include <string.h>

struct _SbHistory
{
  GObject parent_instance;

  /* Ring of `capacity` slots, of which `allocated` exist: a topic that
   * gets three messages costs three slots, not a hundred. Until the ring is
   * full, head is 0 and the entries are contiguous, so growing is a renew. */
  SbHistoryEntry *entries;
  guint capacity;
  guint allocated;
  guint head; /* slot of the oldest entry */
  guint length;
};

G_DEFINE_FINAL_TYPE (SbHistory, sb_history, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CAPACITY,
  PROP_LENGTH,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
entry_clear (SbHistoryEntry *entry)
{
  g_clear_pointer (&entry->data, g_free);
}

static void
sb_history_finalize (GObject *object)
{
  SbHistory *self = SB_HISTORY (object);

  for (guint i = 0; i < self->length; i++)
    entry_clear (&self->entries[(self->head + i) % self->capacity]);
  g_free (self->entries);

  G_OBJECT_CLASS (sb_history_parent_class)->finalize (object);
}

static void
sb_history_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbHistory *self = SB_HISTORY (object);

  switch (prop_id)
    {
      case PROP_CAPACITY:
        g_value_set_uint (value, self->capacity);
        break;
      case PROP_LENGTH:
        g_value_set_uint (value, self->length);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_history_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SbHistory *self = SB_HISTORY (object);

  switch (prop_id)
    {
      case PROP_CAPACITY:
        sb_history_set_capacity (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_history_class_init (SbHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_history_finalize;
  object_class->get_property = sb_history_get_property;
  object_class->set_property = sb_history_set_property;

  properties[PROP_CAPACITY] = g_param_spec_uint (
      "capacity", NULL, NULL, 1, SB_HISTORY_MAX_CAPACITY, SB_HISTORY_DEFAULT_CAPACITY,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LENGTH] = g_param_spec_uint ("length", NULL, NULL, 0, SB_HISTORY_MAX_CAPACITY, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
sb_history_init (SbHistory *self)
{
  self->capacity = SB_HISTORY_DEFAULT_CAPACITY;
}

SbHistory *
sb_history_new (guint capacity)
{
  g_return_val_if_fail (capacity >= 1 && capacity <= SB_HISTORY_MAX_CAPACITY, NULL);

  return g_object_new (SB_TYPE_HISTORY, "capacity", capacity, NULL);
}

guint
sb_history_get_capacity (SbHistory *self)
{
  g_return_val_if_fail (SB_IS_HISTORY (self), 0);

  return self->capacity;
}

void
sb_history_set_capacity (SbHistory *self, guint capacity)
{
  SbHistoryEntry *entries;
  guint keep, drop;

  g_return_if_fail (SB_IS_HISTORY (self));
  g_return_if_fail (capacity >= 1 && capacity <= SB_HISTORY_MAX_CAPACITY);

  if (capacity == self->capacity)
    return;

  keep = MIN (self->length, capacity);
  drop = self->length - keep;
  for (guint i = 0; i < drop; i++)
    entry_clear (&self->entries[(self->head + i) % self->capacity]);

  /* Unrolls the ring so that the oldest kept entry lands in slot 0. */
  entries = keep > 0 ? g_new0 (SbHistoryEntry, keep) : NULL;
  for (guint i = 0; i < keep; i++)
    entries[i] = self->entries[(self->head + drop + i) % self->capacity];
  g_free (self->entries);
  self->entries = entries;
  self->allocated = keep;
  self->capacity = capacity;
  self->head = 0;
  self->length = keep;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
  if (drop > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
sb_history_get_length (SbHistory *self)
{
  g_return_val_if_fail (SB_IS_HISTORY (self), 0);

  return self->length;
}

void
sb_history_push (SbHistory *self, gint64 time, GBytes *payload, guint64 size, double value)
{
  SbHistoryEntry *entry;
  gsize length = 0;
  const guint8 *data = NULL;

  g_return_if_fail (SB_IS_HISTORY (self));

  if (self->length == self->capacity)
    {
      entry = &self->entries[self->head];
      entry_clear (entry);
      self->head = (self->head + 1) % self->capacity;
    }
  else
    {
      if (self->length == self->allocated)
        {
          self->allocated = MIN (self->capacity, MAX (4, self->allocated * 2));
          self->entries = g_renew (SbHistoryEntry, self->entries, self->allocated);
        }
      entry = &self->entries[self->length];
      self->length++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
    }

  /* A copy of the payload's start: not a reference to the message's GBytes,
   * which would keep two allocations (and a large payload whole) alive. */
  if (payload != NULL)
    data = g_bytes_get_data (payload, &length);
  entry->length = (guint32)MIN (length, SB_HISTORY_PAYLOAD_CAP);
  entry->data = entry->length > 0 ? g_memdup2 (data, entry->length) : NULL;
  entry->time = time;
  entry->size = MAX (size, length);
  entry->value = value;

  g_signal_emit (self, signals[CHANGED], 0);
}

double
sb_history_payload_number (GBytes *payload)
{
  g_autofree char *text = NULL;
  const char *data;
  gsize length;
  char *end;
  double number;

  if (payload == NULL)
    return NAN;
  data = g_bytes_get_data (payload, &length);
  /* A number is short; this also keeps a large payload from being copied. */
  if (length == 0 || length > 64 || memchr (data, '\0', length) != NULL)
    return NAN;
  text = g_strstrip (g_strndup (data, length));
  if (*text == '\0')
    return NAN;
  number = g_ascii_strtod (text, &end);
  if (*end != '\0' || !isfinite (number))
    return NAN;
  return number;
}

void
sb_history_push_message (SbHistory *self, gint64 time, GBytes *payload, guint64 size,
                         SbDataPath *path)
{
  double number = NAN;

  g_return_if_fail (SB_IS_HISTORY (self));

  if (path != NULL)
    {
      g_autoptr (JsonNode) value = sb_data_path_apply (path, payload, NULL);
      if (value == NULL || !sb_data_path_value_to_double (value, &number))
        number = NAN;
    }
  else
    number = sb_history_payload_number (payload);

  sb_history_push (self, time, payload, size, number);
}

const SbHistoryEntry *
sb_history_get (SbHistory *self, guint index)
{
  g_return_val_if_fail (SB_IS_HISTORY (self), NULL);
  g_return_val_if_fail (index < self->length, NULL);

  return &self->entries[(self->head + index) % self->capacity];
}

void
sb_history_clear (SbHistory *self)
{
  g_return_if_fail (SB_IS_HISTORY (self));

  if (self->length == 0)
    return;
  for (guint i = 0; i < self->length; i++)
    entry_clear (&self->entries[(self->head + i) % self->capacity]);
  self->head = 0;
  self->length = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
sb_history_get_range (SbHistory *self, double *min, double *max)
{
  double low = INFINITY, high = -INFINITY;

  g_return_val_if_fail (SB_IS_HISTORY (self), FALSE);

  for (guint i = 0; i < self->length; i++)
    {
      double value = self->entries[(self->head + i) % self->capacity].value;
      if (isnan (value))
        continue;
      low = MIN (low, value);
      high = MAX (high, value);
    }
  if (low > high)
    return FALSE;
  if (min != NULL)
    *min = low;
  if (max != NULL)
    *max = high;
  return TRUE;
}

guint
sb_history_count_numbers (SbHistory *self)
{
  guint count = 0;

  g_return_val_if_fail (SB_IS_HISTORY (self), 0);

  for (guint i = 0; i < self->length; i++)
    if (!isnan (self->entries[(self->head + i) % self->capacity].value))
      count++;
  return count;
}
