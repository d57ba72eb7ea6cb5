/* sb-qos2-guard.c: which QoS 2 copies in libmosquitto's receive queue are second ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-qos2-guard.h"

#include <stdio.h>
#include <string.h>

/* The copies libmosquitto holds for one packet id, oldest first (it
 * delivers them in that order): bit i set when copy i is a second copy. */
typedef struct
{
  guint32 second_copies;
  guint8 n_copies;
  gboolean waiting; /* a PUBLISH arrived, its PUBREL has not (the id is in use) */
} Copies;

struct _SbQos2Guard
{
  GHashTable *by_mid; /* mid -> Copies */
  guint n_refused;
};

SbQos2Guard *
sb_qos2_guard_new (void)
{
  SbQos2Guard *guard = g_new0 (SbQos2Guard, 1);

  guard->by_mid = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  return guard;
}

void
sb_qos2_guard_free (SbQos2Guard *guard)
{
  if (guard == NULL)
    return;
  g_hash_table_unref (guard->by_mid);
  g_free (guard);
}

void
sb_qos2_guard_reset (SbQos2Guard *guard)
{
  g_hash_table_remove_all (guard->by_mid);
}

void
sb_qos2_guard_note_log (SbQos2Guard *guard, const char *line)
{
  /* "Client ID received PUBLISH (d1, q2, r0, m17, 'topic', ... (5 bytes))":
   * the same words in libmosquitto 2.0.11 and 2.0.21. */
  const char *at = strstr (line, " received PUBLISH (d");
  int dup, qos, retain, mid;
  Copies *copies;

  if (!g_str_has_prefix (line, "Client ") || at == NULL
      || sscanf (at, " received PUBLISH (d%d, q%d, r%d, m%d,", &dup, &qos, &retain, &mid) != 4
      || qos != 2 || mid <= 0 || mid > G_MAXUINT16)
    return;
  copies = g_hash_table_lookup (guard->by_mid, GINT_TO_POINTER (mid));
  if (copies == NULL)
    {
      copies = g_new0 (Copies, 1);
      g_hash_table_insert (guard->by_mid, GINT_TO_POINTER (mid), copies);
    }
  if (copies->n_copies >= 32)
    return; /* never seen; the delivery then takes what it gets */
  if (copies->waiting)
    copies->second_copies |= 1u << copies->n_copies;
  copies->waiting = TRUE;
  copies->n_copies++;
}

gboolean
sb_qos2_guard_accept (SbQos2Guard *guard, int mid)
{
  Copies *copies = g_hash_table_lookup (guard->by_mid, GINT_TO_POINTER (mid));
  gboolean second;

  if (copies == NULL || copies->n_copies == 0)
    return TRUE; /* not seen arriving (no log line): nothing to say */
  second = (copies->second_copies & 1) != 0;
  copies->second_copies >>= 1;
  copies->n_copies--;
  /* A PUBREL came: the exchange of this id is over, it may be reused. */
  copies->waiting = FALSE;
  if (copies->n_copies == 0)
    g_hash_table_remove (guard->by_mid, GINT_TO_POINTER (mid));
  if (second)
    guard->n_refused++;
  return !second;
}

guint
sb_qos2_guard_get_n_refused (SbQos2Guard *guard)
{
  return guard->n_refused;
}
