/* test-qos2-guard.c: the QoS 2 guard over libmosquitto's own log lines, in
 * the orders a packet capture showed (docs/robustness.md, exactly once)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-qos2-guard.h"

static void
received (SbQos2Guard *guard, int dup, int mid)
{
  g_autofree char *line = g_strdup_printf (
      "Client sb-soak-cli received PUBLISH (d%d, q2, r0, m%d, 'soak/numbers', ... (4 bytes))", dup,
      mid);
  sb_qos2_guard_note_log (guard, line);
}

/* Captured: PUBLISH 2053 arrives, our PUBREC is lost in a broker restart;
 * the broker resends PUBLISH 2053 (dup) and libmosquitto queues a second
 * copy; PUBREL delivers the first; another restart before our PUBCOMP
 * arrived, the broker sends PUBREL 2053 again: libmosquitto delivers the
 * second copy. */
static void
test_resent_pubrel (void)
{
  g_autoptr (SbQos2Guard) guard = sb_qos2_guard_new ();

  received (guard, 0, 2053);
  received (guard, 1, 2053);
  g_assert_true (sb_qos2_guard_accept (guard, 2053));
  g_assert_false (sb_qos2_guard_accept (guard, 2053));
  g_assert_cmpuint (sb_qos2_guard_get_n_refused (guard), ==, 1);
  /* nothing left: a later delivery is taken as it comes */
  g_assert_true (sb_qos2_guard_accept (guard, 2053));
}

/* After the exchange (PUBREL) the id is free: a new PUBLISH with it is a
 * new message, even while a stale second copy still sits in the queue. */
static void
test_reuse_after_pubrel (void)
{
  g_autoptr (SbQos2Guard) guard = sb_qos2_guard_new ();

  received (guard, 0, 7);
  g_assert_true (sb_qos2_guard_accept (guard, 7));
  received (guard, 0, 7);
  g_assert_true (sb_qos2_guard_accept (guard, 7));

  received (guard, 0, 9);
  received (guard, 1, 9); /* a second copy */
  g_assert_true (sb_qos2_guard_accept (guard, 9));
  received (guard, 0, 9); /* the id reused: a new message behind the stale copy */
  g_assert_false (sb_qos2_guard_accept (guard, 9)); /* libmosquitto hands the stale one */
  g_assert_true (sb_qos2_guard_accept (guard, 9));
  g_assert_cmpuint (sb_qos2_guard_get_n_refused (guard), ==, 1);
}

/* Only QoS 2 PUBLISH lines count; other lines, QoS 1 and a reset are ignored or forget. */
static void
test_other_lines (void)
{
  g_autoptr (SbQos2Guard) guard = sb_qos2_guard_new ();

  sb_qos2_guard_note_log (guard, "Client x received PUBLISH (d0, q1, r0, m5, 't', ... (1 bytes))");
  sb_qos2_guard_note_log (guard, "Client x received PUBLISH (d1, q1, r0, m5, 't', ... (1 bytes))");
  sb_qos2_guard_note_log (guard, "Client x received PUBREL (Mid: 5)");
  sb_qos2_guard_note_log (guard, "received PUBLISH (d1, q2, r0, m5,");
  g_assert_true (sb_qos2_guard_accept (guard, 5));

  received (guard, 0, 5);
  received (guard, 1, 5);
  sb_qos2_guard_reset (guard);
  g_assert_true (sb_qos2_guard_accept (guard, 5));
  g_assert_true (sb_qos2_guard_accept (guard, 5));
  g_assert_cmpuint (sb_qos2_guard_get_n_refused (guard), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/qos2-guard/resent-pubrel", test_resent_pubrel);
  g_test_add_func ("/qos2-guard/reuse-after-pubrel", test_reuse_after_pubrel);
  g_test_add_func ("/qos2-guard/other-lines", test_other_lines);
  return g_test_run ();
}
