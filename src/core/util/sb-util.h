/* sb-util.h: small helpers shared inside the core (not installed API)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces *str_pointer with a copy of new_str; TRUE when the value changed.
 * (GLib 2.76 has g_set_str; Debian 12 ships 2.74.) */
static inline gboolean
sb_set_str (char **str_pointer, const char *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

G_END_DECLS
