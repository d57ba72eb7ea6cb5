/* test-read-pacer.c: the read pacer against a modelled broker: a stream of
 * QoS 1 messages at a fixed rate, an in-flight window, a reader whose
 * acknowledgements go out after each read (as SbMqttConnection's)
 *
 * The real broker runs in test-mqtt-session (the windows it finds) and in
 * tools/run-bench (full speed, QoS 1); here the time is the model's, so that
 * what a pause costs a small window is exact and the same on every machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-read-pacer.h"

/* A wakeup reads this long after data came; a read takes READ_BASE_USEC and
 * READ_EACH_USEC a message (the figures of a slow machine). */
#define WAKEUP_USEC 50
#define READ_BASE_USEC 20
#define READ_EACH_USEC 2

typedef struct
{
  /* the broker */
  double rate;     /* messages published a millisecond */
  guint window;    /* in-flight limit, 0: none */
  double queued;   /* published, not sent */
  guint in_flight; /* sent, not acknowledged */
  guint in_socket; /* sent, not read */
  /* the reader */
  SbReadPacer *pacer;
  gint64 t_read; /* when the next read may come */
  gboolean paced;
  gint64 read_total;
  guint reads;
  guint pauses;    /* of SB_READ_PACER_PAUSE_USEC */
  guint probes;    /* of SB_READ_PACER_PROBE_USEC */
  guint other;     /* any other pause (none expected) */
  guint max_pause; /* the longest pause asked for while the stream was quiet */
} Model;

/* One microsecond of the broker: publish, send what the window allows. */
static void
broker_step (Model *m)
{
  guint send;

  m->queued += m->rate / 1000.0;
  send = (guint)m->queued;
  if (m->window > 0)
    send = MIN (send, m->window - MIN (m->window, m->in_flight));
  m->queued -= send;
  m->in_flight += send;
  m->in_socket += send;
}

/* Runs the model from @start for @duration microseconds (again with the
 * same model: the rate can change between runs). */
static void
run (Model *m, gint64 start, gint64 duration)
{
  gint64 end = start + duration;
  gint64 data_since = -1; /* the socket has had data since */

  for (gint64 t = start; t < end; t++)
    {
      gint64 busy;
      guint n, pause;

      broker_step (m);
      if (m->in_socket > 0 && data_since < 0)
        data_since = t;
      /* Paced: the read comes at its time, data or not; else on data. */
      if (t < m->t_read || (!m->paced && (data_since < 0 || t < data_since + WAKEUP_USEC)))
        continue;
      n = m->in_socket;
      m->in_socket = 0;
      data_since = -1;
      m->read_total += n;
      m->reads++;
      pause = sb_read_pacer_read_done (m->pacer, t, n, n, m->paced);
      /* The read takes its time; the broker goes on meanwhile. */
      busy = READ_BASE_USEC + READ_EACH_USEC * (gint64)n;
      for (gint64 i = 0; i < busy && t + 1 < end; i++)
        {
          t++;
          broker_step (m);
          if (m->in_socket > 0 && data_since < 0)
            data_since = t;
        }
      /* The acknowledgements go out after the read. */
      m->in_flight -= MIN (m->in_flight, n);
      if (pause == SB_READ_PACER_PAUSE_USEC)
        m->pauses++;
      else if (pause == SB_READ_PACER_PROBE_USEC)
        m->probes++;
      else if (pause != 0)
        m->other++;
      m->paced = pause > 0;
      m->t_read = t + pause;
    }
}

/* At least 98 % of what @duration published at the model's rate was read
 * since @read_before (the rest: on the way at the end). */
static void
assert_all_read (Model *m, gint64 read_before, gint64 duration)
{
  double sent = m->rate * duration / 1000.0;
  double read = (double)(m->read_total - read_before);

  if (read < sent * 0.98)
    g_error ("read %.0f of %.0f messages (%.1f %%) at %.0f msg/ms, window %u: the pacer held "
             "the broker back",
             read, sent, read * 100 / sent, m->rate, m->window);
}

/* A broker without a window: after a probe, a read a millisecond, every
 * message read. */
static void
test_large_window (void)
{
  g_autoptr (SbReadPacer) pacer = sb_read_pacer_new ();
  Model m = { .rate = 30, .window = 0, .pacer = pacer };
  guint reads;

  run (&m, 1, 1000000);
  assert_all_read (&m, 0, 1000000);
  reads = m.reads;
  run (&m, 1000001, 1000000);
  /* Unpaced, a wakeup every ~80 us (12,000 a second): paced, fewer than
   * one a millisecond. */
  g_assert_cmpuint (m.reads - reads, <=, 1000);
  assert_all_read (&m, 0, 2000000);
  g_assert_cmpuint (m.probes, ==, 1);
  g_assert_cmpuint (m.other, ==, 0);
  g_assert_cmpuint (sb_read_pacer_get_qos_window (pacer), >=, 3 * 30);
  g_assert_cmpfloat_with_epsilon (sb_read_pacer_get_qos_rate (pacer), 30, 3);
}

/* mosquitto's default window (20) against 30 messages a millisecond: a
 * millisecond's pause would hold the stream at 20. Never paced; a probe a
 * second, every message read. */
static void
test_small_window (void)
{
  g_autoptr (SbReadPacer) pacer = sb_read_pacer_new ();
  Model m = { .rate = 30, .window = 20, .pacer = pacer };

  run (&m, 1, 3000000);
  assert_all_read (&m, 0, 3000000);
  g_assert_cmpuint (m.pauses, ==, 0);
  g_assert_cmpuint (m.probes, >=, 1);
  g_assert_cmpuint (m.probes, <=, 3);
  g_assert_cmpuint (sb_read_pacer_get_qos_window (pacer), ==, 20);
}

/* A window large enough for today's stream (200 for 30 a millisecond), then
 * the stream grows to 250 a millisecond: the pauses that were free would
 * hold it at ~140; the pacer stops pausing, every message is read. */
static void
test_stream_outgrows_window (void)
{
  g_autoptr (SbReadPacer) pacer = sb_read_pacer_new ();
  Model m = { .rate = 30, .window = 200, .pacer = pacer };
  gint64 read_before;
  guint pauses;

  run (&m, 1, 1000000);
  assert_all_read (&m, 0, 1000000);
  g_assert_cmpuint (m.pauses, >, 500);

  m.rate = 250;
  read_before = m.read_total;
  run (&m, 1000001, 200000);
  pauses = m.pauses;
  run (&m, 1200001, 1000000);
  assert_all_read (&m, read_before, 1200000);
  /* Paused no more once the rate was measured (a probe a second may come). */
  g_assert_cmpuint (m.pauses - pauses, <=, 2);
}

/* A quiet topic (a message every 10 ms) is read at once, whatever its QoS;
 * a QoS 0 flood is paced at once (no window to respect). */
static void
test_quiet_and_qos0 (void)
{
  g_autoptr (SbReadPacer) pacer = sb_read_pacer_new ();
  gint64 t = 1000;

  for (guint i = 0; i < 100; i++, t += 10000)
    g_assert_cmpuint (sb_read_pacer_read_done (pacer, t, 1, i % 2, FALSE), ==, 0);
  /* Wakeups 100 us apart, QoS 0: the second is paced. */
  g_assert_cmpuint (sb_read_pacer_read_done (pacer, t, 3, 0, FALSE), ==, 0);
  g_assert_cmpuint (sb_read_pacer_read_done (pacer, t + 100, 3, 0, FALSE), ==,
                    SB_READ_PACER_PAUSE_USEC);
  /* A paced read that found one packet: the flood is over. */
  g_assert_cmpuint (sb_read_pacer_read_done (pacer, t + 1200, 1, 0, TRUE), ==, 0);
}

/* A new connection may be another broker: what was learnt is forgotten. */
static void
test_reset (void)
{
  g_autoptr (SbReadPacer) pacer = sb_read_pacer_new ();
  Model m = { .rate = 30, .window = 0, .pacer = pacer };

  run (&m, 1, 500000);
  g_assert_cmpuint (sb_read_pacer_get_qos_window (pacer), >=, 90);
  sb_read_pacer_reset (pacer);
  g_assert_cmpuint (sb_read_pacer_get_qos_window (pacer), ==, 0);
  g_assert_cmpfloat (sb_read_pacer_get_qos_rate (pacer), ==, 0);
  /* A flood of QoS 1 right after: no pause until the rate is known. */
  g_assert_cmpuint (sb_read_pacer_read_done (pacer, 600000, 20, 20, FALSE), ==, 0);
  g_assert_cmpuint (sb_read_pacer_read_done (pacer, 600100, 20, 20, FALSE), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/read-pacer/large-window", test_large_window);
  g_test_add_func ("/read-pacer/small-window", test_small_window);
  g_test_add_func ("/read-pacer/stream-outgrows-window", test_stream_outgrows_window);
  g_test_add_func ("/read-pacer/quiet-and-qos0", test_quiet_and_qos0);
  g_test_add_func ("/read-pacer/reset", test_reset);
  return g_test_run ();
}
