/* sb-test-aedes.h: aedes, an MQTT broker independent of mosquitto, over
 * WebSocket (node, ws) on free 127.0.0.1 ports, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SbTestAedes SbTestAedes;

/* Picks free ports; nothing runs until start. */
SbTestAedes *
sb_test_aedes_new (void);
void
sb_test_aedes_free (SbTestAedes *aedes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbTestAedes, sb_test_aedes_free)

/* Before start: wss with this certificate and key. */
void
sb_test_aedes_set_tls (SbTestAedes *aedes, const char *cert_file, const char *key_file);
/* Before start: answer the upgrade without the "mqtt" subprotocol. */
void
sb_test_aedes_set_no_subprotocol (SbTestAedes *aedes);

/* Starts node with tests/lib/aedes-ws-broker.js and waits (with a
 * deadline) until it listens; again after stop, on the same ports. */
void
sb_test_aedes_start (SbTestAedes *aedes);
void
sb_test_aedes_stop (SbTestAedes *aedes);

/* The WebSocket port (path /mqtt) and a plain MQTT port for mosquitto_pub. */
guint
sb_test_aedes_get_ws_port (SbTestAedes *aedes);
guint
sb_test_aedes_get_tcp_port (SbTestAedes *aedes);

G_END_DECLS
