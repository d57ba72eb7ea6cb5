/* sb-secret-placement.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-secret-placement.h"

G_DEFINE_ENUM_TYPE (SbSecretKind, sb_secret_kind,
                    G_DEFINE_ENUM_VALUE (SB_SECRET_PASSWORD, "password"),
                    G_DEFINE_ENUM_VALUE (SB_SECRET_KEY_PASSPHRASE, "key-passphrase"))

G_DEFINE_ENUM_TYPE (SbKeyringState, sb_keyring_state,
                    G_DEFINE_ENUM_VALUE (SB_KEYRING_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (SB_KEYRING_AVAILABLE, "available"),
                    G_DEFINE_ENUM_VALUE (SB_KEYRING_UNAVAILABLE, "unavailable"))

G_DEFINE_ENUM_TYPE (SbSecretKeyringAction, sb_secret_keyring_action,
                    G_DEFINE_ENUM_VALUE (SB_SECRET_KEYRING_UNTOUCHED, "untouched"),
                    G_DEFINE_ENUM_VALUE (SB_SECRET_KEYRING_STORE, "store"),
                    G_DEFINE_ENUM_VALUE (SB_SECRET_KEYRING_CLEAR, "clear"))

SbSecretPlacement
sb_secret_placement_decide (SbKeyringState keyring, const char *typed, gboolean was_keyring,
                            gboolean item_stale, gboolean file_chosen)
{
  SbSecretPlacement placement = { SB_PASSWORD_STORE_FILE, FALSE, SB_SECRET_KEYRING_UNTOUCHED };

  if (typed == NULL)
    typed = "";
  if (keyring == SB_KEYRING_AVAILABLE)
    {
      if (*typed == '\0')
        {
          if (was_keyring)
            placement.action = SB_SECRET_KEYRING_CLEAR;
          return placement;
        }
      if (!was_keyring || item_stale)
        placement.action = SB_SECRET_KEYRING_STORE;
      placement.store = SB_PASSWORD_STORE_KEYRING;
      return placement;
    }
  if (*typed != '\0' && file_chosen)
    {
      placement.in_file = TRUE;
      return placement;
    }
  /* A keyring that is away today may answer again tomorrow: keep pointing at
   * it while the user typed nothing new. */
  if (was_keyring && *typed == '\0')
    placement.store = SB_PASSWORD_STORE_KEYRING;
  return placement;
}
