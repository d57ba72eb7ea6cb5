/* sb-read-pacer.h: when a connection's next read should come under a flood
 *
 * A wakeup costs a poll and a dispatch whatever it reads. Under a flood
 * wakeups come closer than a millisecond and each finds a few packets; the
 * pacer then has the next read wait a millisecond (the read watch off), so
 * that it finds a batch. A quiet topic's message is read at once.
 *
 * QoS 1/2 messages are sent by the broker only while its in-flight window
 * (unacknowledged messages toward us) is not full: mosquitto's is 20 by
 * default, a broker's configuration that MQTT 3.1.1 does not tell the
 * client. The acknowledgements of a read go out after it, so a pause holds
 * the broker back once the window is full. All QoS 1/2 messages one read
 * finds were unacknowledged at once: the most one read found is a lower
 * bound of the window. Such a stream is paced only while that bound holds
 * PACE_MARGIN pauses' worth of its rate; a window that holds less would make
 * the pause the stream's limit. A bound too small to know is tested by a
 * probe: one longer pause at most once a second, whose read finds the probe's
 * worth of the stream when the window allows it, or the window when not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The pause under a flood, and the probe's. */
#define SB_READ_PACER_PAUSE_USEC 1000
#define SB_READ_PACER_PROBE_USEC 4000

typedef struct _SbReadPacer SbReadPacer;

SbReadPacer *
sb_read_pacer_new (void);
void
sb_read_pacer_free (SbReadPacer *pacer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbReadPacer, sb_read_pacer_free)

/* A new connection (CONNACK): perhaps another broker, window and rate unknown. */
void
sb_read_pacer_reset (SbReadPacer *pacer);
/* A read began at @start_us (monotonic clock) and found @packets packets,
 * @qos_messages of them QoS 1/2 messages; @paced: it came after a pause the
 * pacer asked for. Returns how long the next read waits, in microseconds
 * (0: when the socket has data, at once). */
guint
sb_read_pacer_read_done (SbReadPacer *pacer, gint64 start_us, guint packets, guint qos_messages,
                         gboolean paced);
/* The most QoS 1/2 messages one read found since the reset: the broker's
 * in-flight window toward us is at least this large. */
guint
sb_read_pacer_get_qos_window (SbReadPacer *pacer);
/* The QoS 1/2 messages a millisecond, measured over the last full interval
 * (0 until one is measured). */
double
sb_read_pacer_get_qos_rate (SbReadPacer *pacer);

G_END_DECLS
