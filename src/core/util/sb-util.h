/* sb-util.h: small helpers shared inside the core (not installed API)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

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

/* Overwrites @secret (a password, a passphrase; NULL is fine) with zeros,
 * then frees it: the one way every secret string of ours is freed, so that
 * none lingers in freed memory (or a core dump). */
static inline void
sb_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* Overwrites the @length bytes at @data with zeros, then frees them: for a buffer
 * that may hold a secret and NULs (a file's contents), where sb_secret_free ()
 * would stop at the first NUL. */
static inline void
sb_secret_free_sized (gpointer data, gsize length)
{
  if (data == NULL)
    return;
  explicit_bzero (data, length);
  g_free (data);
}

/* g_autoptr (SbSecret) password = …: a char * freed with sb_secret_free (). */
typedef char SbSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbSecret, sb_secret_free)

/* Replaces the secret *@secret_pointer with a copy of @new_secret, wiping the
 * old one; TRUE when the value changed. */
static inline gboolean
sb_set_secret (char **secret_pointer, const char *new_secret)
{
  char *copy;

  if (*secret_pointer == new_secret || g_strcmp0 (*secret_pointer, new_secret) == 0)
    return FALSE;
  copy = g_strdup (new_secret);
  sb_secret_free (*secret_pointer);
  *secret_pointer = copy;
  return TRUE;
}

G_END_DECLS
