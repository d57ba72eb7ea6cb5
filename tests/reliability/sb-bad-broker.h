/* sb-bad-broker.h: a broker that breaks the protocol, for test-hostile-broker
 *
 * It listens on a free 127.0.0.1 port in a thread of its own, answers
 * CONNECT (accepted) and SUBSCRIBE (QoS 1 granted), then sends a PUBLISH
 * whose topic is not UTF-8 (MQTT-1.5.3-1), and waits for the client to go:
 * a broker that accepts and drops at once, again and again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SbBadBroker SbBadBroker;

SbBadBroker *
sb_bad_broker_new (void);
guint
sb_bad_broker_get_port (SbBadBroker *broker);
/* CONNECTs answered so far, and clients gone (any thread). */
int
sb_bad_broker_get_connections (SbBadBroker *broker);
int
sb_bad_broker_get_hangups (SbBadBroker *broker);
/* Keeps each connection up this long after the SUBACK before the bad PUBLISH. */
void
sb_bad_broker_set_delay (SbBadBroker *broker, guint delay_ms);
/* Sends this many good QoS 0 PUBLISHes ("good/1" .. "good/N", payload "1" ..
 * "N") right before the bad one, in the same write. */
void
sb_bad_broker_set_good_messages (SbBadBroker *broker, guint n);
void
sb_bad_broker_free (SbBadBroker *broker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbBadBroker, sb_bad_broker_free)

G_END_DECLS
