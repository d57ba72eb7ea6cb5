/* sb-secret-placement.h: where a secret typed in the app goes on Save (the
 * keyring, the file, or nowhere but this run's memory), for the broker
 * password and the TLS key passphrase alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

/* Which secret of a data source. */
typedef enum
{
  SB_SECRET_PASSWORD,       /* the broker password of "username" */
  SB_SECRET_KEY_PASSPHRASE, /* the passphrase of tls.client_key */
} SbSecretKind;

GType
sb_secret_kind_get_type (void);
#define SB_TYPE_SECRET_KIND (sb_secret_kind_get_type ())

/* Whether a Secret Service answers, as far as known yet. */
typedef enum
{
  SB_KEYRING_UNKNOWN,
  SB_KEYRING_AVAILABLE,
  SB_KEYRING_UNAVAILABLE,
} SbKeyringState;

GType
sb_keyring_state_get_type (void);
#define SB_TYPE_KEYRING_STATE (sb_keyring_state_get_type ())

typedef enum
{
  SB_SECRET_KEYRING_UNTOUCHED,
  SB_SECRET_KEYRING_STORE,
  SB_SECRET_KEYRING_CLEAR,
} SbSecretKeyringAction;

#define SB_TYPE_SECRET_KEYRING_ACTION (sb_secret_keyring_action_get_type ())
GType
sb_secret_keyring_action_get_type (void);

typedef struct
{
  SbPasswordStore store;        /* what the saved file names */
  gboolean in_file;             /* the secret itself stays in the file */
  SbSecretKeyringAction action; /* what to do with the keyring item */
} SbSecretPlacement;

/* @keyring: whether a Secret Service answers (never UNKNOWN: wait for it);
 * @typed: what the field holds; @was_keyring: the saved source pointed at
 * the keyring; @item_stale: the keyring item's secret, label or attributes
 * no longer match; @file_chosen: the user chose "Store … in the file". */
SbSecretPlacement
sb_secret_placement_decide (SbKeyringState keyring, const char *typed, gboolean was_keyring,
                            gboolean item_stale, gboolean file_chosen);

G_END_DECLS
