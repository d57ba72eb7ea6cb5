/* test-blackhole.c: a broker that accepts TCP but never answers CONNECT
 * (the proxy fixture in blackhole mode): the session times out and retries,
 * and the main loop stays responsive meanwhile; the CLI gives up with exit 3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "sb-mqtt-session.h"
#include "sb-test-broker.h"
#include "sb-test-proxy.h"

#define TICK_MS 50
/* A timer that fires this late means something blocked the main loop. */
#define MAX_TICK_GAP_US (500 * 1000)

typedef struct
{
  SbMqttSession *session;
  SbTestProxy *proxy;
  guint accepted_before;
  gint64 last_tick;
  gint64 max_gap;
  guint ticks;
  gboolean saw_reconnecting;
} Fixture;

static gboolean
tick_cb (gpointer data)
{
  Fixture *f = data;
  gint64 now = g_get_monotonic_time ();

  if (f->last_tick != 0)
    f->max_gap = MAX (f->max_gap, now - f->last_tick);
  f->last_tick = now;
  f->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
on_state (GObject *object, GParamSpec *pspec, gpointer data)
{
  Fixture *f = data;

  /* Only a retry after a blackholed attempt counts. */
  if (sb_mqtt_session_get_state (f->session) == SB_SESSION_RECONNECTING
      && sb_test_proxy_get_n_accepted (f->proxy) > f->accepted_before)
    f->saw_reconnecting = TRUE;
}

static gboolean
is_connected (gpointer data)
{
  Fixture *f = data;

  return sb_mqtt_session_get_state (f->session) == SB_SESSION_CONNECTED;
}

static gboolean
timed_out_once (gpointer data)
{
  Fixture *f = data;

  return f->saw_reconnecting;
}

static gboolean
retried (gpointer data)
{
  Fixture *f = data;

  return sb_test_proxy_get_n_accepted (f->proxy) >= f->accepted_before + 2;
}

static void
test_session_blackhole (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbTestProxy) proxy = NULL;
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) subscription = sb_subscription_new ("blackhole/#");
  g_autoptr (SbMqttSession) session = NULL;
  Fixture f = { 0 };
  gint64 started;
  guint tick;

  sb_test_broker_start (broker);
  proxy = sb_test_proxy_new (sb_test_broker_get_port (broker));
  sb_data_source_set_name (source, "Blackhole");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_proxy_get_port (proxy));
  sb_data_source_set_keep_alive (source, 5);
  sb_data_source_add_subscription (source, subscription);

  session = sb_mqtt_session_new (source);
  f.session = session;
  f.proxy = proxy;
  g_signal_connect (session, "notify::state", G_CALLBACK (on_state), &f);
  sb_mqtt_session_start (session);
  g_assert_true (sb_test_wait_for (is_connected, &f, 10000));

  /* From now on the "broker" swallows every CONNECT. */
  tick = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick_cb, &f, NULL);
  started = g_get_monotonic_time ();
  sb_test_proxy_set_blackhole (proxy, TRUE);
  f.accepted_before = sb_test_proxy_get_n_accepted (proxy);
  sb_test_proxy_cut_all (proxy);

  g_assert_true (sb_test_wait_for (timed_out_once, &f, 45000));
  g_test_message ("blackholed connect gave up after %.1f s: %s",
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC,
                  sb_mqtt_session_get_last_error (session));
  g_assert_nonnull (sb_mqtt_session_get_last_error (session));
  g_assert_cmpstr (sb_mqtt_session_get_last_error (session), !=, "");
  g_assert_true (sb_test_wait_for (retried, &f, 45000));
  g_test_message ("retried: %u connections to the blackhole in %.1f s",
                  sb_test_proxy_get_n_accepted (proxy) - f.accepted_before,
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);

  /* The broker answers again: the session comes back by itself. */
  sb_test_proxy_set_blackhole (proxy, FALSE);
  sb_test_proxy_cut_all (proxy);
  g_assert_true (sb_test_wait_for (is_connected, &f, 45000));

  g_source_remove (tick);
  g_test_message ("main loop: %u high-priority ticks of %u ms, longest gap %.0f ms", f.ticks,
                  TICK_MS, f.max_gap / 1000.0);
  g_assert_cmpuint (f.ticks, >, 10);
  g_assert_cmpint (f.max_gap, <, MAX_TICK_GAP_US);

  g_signal_handlers_disconnect_by_data (session, &f);
  sb_mqtt_session_stop (session);
}

static gboolean
process_gone (gpointer data)
{
  return g_subprocess_get_identifier (data) == NULL;
}

static void
test_cli_blackhole (void)
{
  g_autoptr (SbTestProxy) proxy = sb_test_proxy_new (sb_test_free_port ());
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) cli = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-blackhole-XXXXXX", &error);
  g_autofree char *log_path = g_build_filename (dir, "cli.log", NULL);
  g_autofree char *port = g_strdup_printf ("%u", sb_test_proxy_get_port (proxy));
  g_autofree char *log = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_no_error (error);
  sb_test_proxy_set_blackhole (proxy, TRUE);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, sb_test_die_with_parent,
                                         GINT_TO_POINTER (SIGKILL), NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  cli = g_subprocess_launcher_spawn (launcher, &error, sb_test_cli_path (), "listen", "--broker",
                                     "127.0.0.1", "--port", port, "--topic", "#", "--format",
                                     "jsonl", NULL);
  g_assert_no_error (error);

  /* The proxy runs on this loop: wait by iterating it. */
  if (!sb_test_wait_for (process_gone, cli, 60000))
    {
      g_subprocess_force_exit (cli);
      g_subprocess_wait (cli, NULL, NULL);
      g_test_fail_printf ("signalboard-cli still waiting for CONNACK after 60 s");
      return;
    }
  g_file_get_contents (log_path, &log, NULL, NULL);
  g_test_message ("signalboard-cli gave up after %.1f s: %s",
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC, log);
  g_assert_cmpuint (sb_test_proxy_get_n_accepted (proxy), >=, 1);
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 3);
  g_assert_nonnull (log);
  g_assert_cmpstr (log, !=, "");

  g_unlink (log_path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reliability/blackhole/session", test_session_blackhole);
  g_test_add_func ("/reliability/blackhole/cli", test_cli_blackhole);
  return g_test_run ();
}
