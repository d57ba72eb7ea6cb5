/* sb-read-pacer.c: when a connection's next read should come under a flood
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-read-pacer.h"

/* A QoS 1/2 stream is paced while the window's known bound holds this many
 * pauses' worth of it: a paced read finds a pause's worth plus what came
 * while the last one was read and acknowledged (its own time, the round
 * trip), and a stream's rate within a measuring interval is not even. */
#define PACE_MARGIN 3.0
/* The rate is measured over intervals of this length. */
#define RATE_INTERVAL_USEC (50 * 1000)
/* A probe at most this often while the bound is too small: a broker whose
 * window is small loses at most a probe's pause a second (0.4 %). */
#define PROBE_INTERVAL_USEC (1000 * 1000)

struct _SbReadPacer
{
  gint64 last_start;  /* when the last read began, or 0 */
  guint qos_window;   /* the most QoS 1/2 messages one read found */
  double qos_rate;    /* QoS 1/2 messages a millisecond, the last interval's */
  gint64 rate_since;  /* the current interval began (0: not yet) */
  guint rate_count;   /* QoS 1/2 messages read in it */
  gint64 probe_after; /* no probe before this time */
};

SbReadPacer *
sb_read_pacer_new (void)
{
  return g_new0 (SbReadPacer, 1);
}

void
sb_read_pacer_free (SbReadPacer *pacer)
{
  g_free (pacer);
}

void
sb_read_pacer_reset (SbReadPacer *pacer)
{
  gint64 last_start = pacer->last_start;

  *pacer = (SbReadPacer){ 0 };
  pacer->last_start = last_start;
}

static void
count_qos (SbReadPacer *pacer, gint64 start_us, guint qos_messages)
{
  if (qos_messages > pacer->qos_window)
    pacer->qos_window = qos_messages;
  if (pacer->rate_since == 0)
    {
      /* What this read found came before it: the interval starts here. */
      pacer->rate_since = start_us;
      return;
    }
  pacer->rate_count += qos_messages;
  if (start_us - pacer->rate_since >= RATE_INTERVAL_USEC)
    {
      pacer->qos_rate = pacer->rate_count * 1000.0 / (double)(start_us - pacer->rate_since);
      pacer->rate_since = start_us;
      pacer->rate_count = 0;
    }
}

/* The window's bound holds PACE_MARGIN pauses' worth of the stream. */
static gboolean
window_holds (SbReadPacer *pacer)
{
  return pacer->qos_rate > 0
         && pacer->qos_window >= PACE_MARGIN * pacer->qos_rate * SB_READ_PACER_PAUSE_USEC / 1000.0;
}

guint
sb_read_pacer_read_done (SbReadPacer *pacer, gint64 start_us, guint packets, guint qos_messages,
                         gboolean paced)
{
  /* Wakeups closer than a pause, or a paced read that found more than one
   * packet: the flood goes on. */
  gboolean flood
      = (pacer->last_start != 0 && start_us - pacer->last_start < SB_READ_PACER_PAUSE_USEC)
        || (paced && packets > 1);

  pacer->last_start = start_us;
  if (qos_messages == 0)
    return flood ? SB_READ_PACER_PAUSE_USEC : 0;
  count_qos (pacer, start_us, qos_messages);
  if (!flood)
    return 0;
  if (window_holds (pacer))
    return SB_READ_PACER_PAUSE_USEC;
  if (pacer->qos_rate > 0 && start_us >= pacer->probe_after)
    {
      pacer->probe_after = start_us + PROBE_INTERVAL_USEC;
      return SB_READ_PACER_PROBE_USEC;
    }
  return 0;
}

guint
sb_read_pacer_get_qos_window (SbReadPacer *pacer)
{
  return pacer->qos_window;
}

double
sb_read_pacer_get_qos_rate (SbReadPacer *pacer)
{
  return pacer->qos_rate;
}
