/* sb-qos2-guard.h: exactly once for QoS 2 messages libmosquitto receives
 *
 * libmosquitto (2.0.21 too) answers a PUBLISH whose packet id still waits for
 * its PUBREL by queueing a second copy of the message (mosquitto#2235): a
 * broker resends such a PUBLISH after a reconnect when our PUBREC did not
 * reach it. The first PUBREL delivers the first copy; should the broker send
 * that PUBREL again (it restarted before our PUBCOMP arrived), libmosquitto
 * delivers the second copy: the same message twice. The protocol forbids
 * reusing a packet id before PUBCOMP, so such a second copy is always a
 * duplicate. libmosquitto tells about each PUBLISH it receives only in its
 * debug log; the guard reads those lines to know which copies are second
 * ones, and refuses them when they are delivered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SbQos2Guard SbQos2Guard;

SbQos2Guard *
sb_qos2_guard_new (void);
void
sb_qos2_guard_free (SbQos2Guard *guard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbQos2Guard, sb_qos2_guard_free)

/* Forgets everything: libmosquitto's receive queue starts empty (a new struct). */
void
sb_qos2_guard_reset (SbQos2Guard *guard);
/* One line of libmosquitto's log (any level); only "received PUBLISH" lines
 * of QoS 2 count. */
void
sb_qos2_guard_note_log (SbQos2Guard *guard, const char *line);
/* libmosquitto delivers the QoS 2 message with packet id @mid (at its
 * PUBREL): FALSE when it is a second copy, already delivered. */
gboolean
sb_qos2_guard_accept (SbQos2Guard *guard, int mid);
/* Second copies refused so far. */
guint
sb_qos2_guard_get_n_refused (SbQos2Guard *guard);

G_END_DECLS
