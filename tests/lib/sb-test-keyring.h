/* sb-test-keyring.h: a real gnome-keyring-daemon on a private D-Bus session bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SbTestKeyring SbTestKeyring;

/* Starts `dbus-daemon --session` with its own HOME and XDG directories in a
 * temporary directory, then `gnome-keyring-daemon --unlock --components=secrets`
 * (a throw-away login password on stdin) on that bus, waits (with a deadline) until
 * the Secret Service owns its name, and points this process's
 * DBUS_SESSION_BUS_ADDRESS at the private bus. Aborts the test when either
 * program cannot start. */
SbTestKeyring *
sb_test_keyring_new (void);
/* Stops both daemons, removes the directory and restores the environment.
 * Drop every libsecret object first (secret_service_disconnect ()). */
void
sb_test_keyring_free (SbTestKeyring *keyring);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbTestKeyring, sb_test_keyring_free)

/* What a test of secrets runs on: in a g_test_trap_subprocess () child no session bus at
 * all, so that no Secret Service can answer (returns NULL); otherwise
 * sb_test_keyring_new (). */
SbTestKeyring *
sb_test_keyring_new_unless_subprocess (void);

/* No session bus at all (nor one found through XDG_RUNTIME_DIR), so that no Secret
 * Service can answer. */
void
sb_test_no_session_bus (void);

const char *
sb_test_keyring_get_bus_address (SbTestKeyring *keyring);
const char *
sb_test_keyring_get_dir (SbTestKeyring *keyring);

G_END_DECLS
