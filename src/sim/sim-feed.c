/* sim-feed.c: the shopfloor feed on the GLib main loop, reconnecting when the broker goes away
 *
 * The simulated state (counter, five station codes) advances on a virtual clock
 * (real time × --speed) whether or not the broker is there. Each topic has a
 * "dirty" flag instead of a queue of messages: whatever happens to the broker,
 * at most one message per topic waits to be published, and after a reconnect
 * the broker gets the current state of all six, retained.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"

#define N_TOPICS 6 /* counter + five stations */
#define N_STATIONS 5
/* Publishes that may wait for the socket (or a PUBACK) before topics coalesce. */
#define MAX_PENDING 1000
/* A connection attempt that has no CONNACK after this long is given up. */
#define CONNECT_TIMEOUT_US (10 * G_USEC_PER_SEC)
#define BACKOFF_MAX_S 8

static const char *const topics[N_TOPICS] = {
  "shopfloor/counter/",  "shopfloor/station1/", "shopfloor/station2/",
  "shopfloor/station3/", "shopfloor/station4/", "shopfloor/station5/",
};

static const int status_codes[] = { 100, 200, 300 };

typedef struct
{
  const SimOptions *options;
  GMainLoop *loop;
  GRand *rand;
  int exit_code;

  /* simulation, times in virtual milliseconds since the start */
  gint64 start_us;
  int counter;
  int status[N_STATIONS];
  gint64 since[N_STATIONS]; /* real time of the last change, for --json */
  gint64 due[N_TOPICS];     /* next change of each topic */
  gboolean dirty[N_TOPICS];
  gboolean finished; /* --duration reached */
  guint tick_id;

  /* connection */
  struct mosquitto *mosq;
  gboolean connected;
  gboolean ever_connected;
  gboolean lost; /* set by callbacks; acted on after libmosquitto returns */
  char *lost_reason;
  gint64 attempt_us;
  guint backoff_s;
  GHashTable *pending; /* mids not yet written (QoS 0) or acknowledged (QoS 1, 2) */
  int watch_fd;
  GIOCondition watch_condition;
  guint watch_id;
  guint misc_id;
  guint retry_id;

  /* --sparkplug */
  guint64 bdseq;       /* of the session being connected: its will carries it */
  guint64 seq;         /* of the last message the node sent, 0 to 255 */
  gboolean births_due; /* a new session starts with NBIRTH and the DBIRTHs */
} Feed;

static void
feed_start_connect (Feed *feed);
static void
feed_after_io (Feed *feed);
static void
feed_schedule_tick (Feed *feed);

static gint64
virtual_now (Feed *feed)
{
  return (gint64)((double)(g_get_monotonic_time () - feed->start_us) * feed->options->speed
                  / 1000.0);
}

static int
other_status (Feed *feed, int current)
{
  /* One of the two other codes, so every change is visible. */
  int pick = g_rand_int_range (feed->rand, 0, 2);

  for (guint i = 0; i < G_N_ELEMENTS (status_codes); i++)
    if (status_codes[i] != current && pick-- == 0)
      return status_codes[i];
  g_assert_not_reached ();
}

static gint64
station_interval (Feed *feed)
{
  /* "A few seconds": 2 to 8 simulated seconds, in whole milliseconds. */
  return g_rand_int_range (feed->rand, 2000, 8001);
}

static char *
payload_for (Feed *feed, guint topic)
{
  if (topic == 0)
    return feed->options->json ? g_strdup_printf ("{\"count\":%d}", feed->counter)
                               : g_strdup_printf ("%d", feed->counter);
  if (feed->options->json)
    {
      g_autoptr (GDateTime) when
          = g_date_time_new_from_unix_utc (feed->since[topic - 1] / G_USEC_PER_SEC);
      g_autofree char *since = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
      return g_strdup_printf ("{\"status\":%d,\"since\":\"%s\"}", feed->status[topic - 1], since);
    }
  return g_strdup_printf ("%d", feed->status[topic - 1]);
}

static void
report_change (Feed *feed, guint topic, gint64 at)
{
  int value = topic == 0 ? feed->counter : feed->status[topic - 1];

  feed->dirty[topic] = TRUE;
  if (feed->options->verbose)
    {
      printf ("%" G_GINT64_FORMAT ".%03d %s %d\n", at / 1000, (int)(at % 1000), topics[topic],
              value);
      fflush (stdout);
    }
}

/* Applies every change due up to @now in the order of their virtual times, so
 * that the random draws, and therefore a --seed run, do not depend on how late
 * a timer fired. */
static void
advance (Feed *feed, gint64 now)
{
  gint64 end
      = feed->options->duration > 0 ? (gint64)(feed->options->duration * 1000.0) : G_MAXINT64;
  for (;;)
    {
      guint next = 0;
      gint64 at;

      for (guint i = 1; i < N_TOPICS; i++)
        if (feed->due[i] < feed->due[next])
          next = i;
      if (feed->due[next] > end)
        {
          if (now >= end)
            feed->finished = TRUE;
          return;
        }
      if (feed->due[next] > now)
        return;

      at = feed->due[next];
      if (next == 0)
        {
          feed->counter = feed->counter >= feed->options->counter_max ? 0 : feed->counter + 1;
          feed->due[0] += 1000;
        }
      else
        {
          feed->status[next - 1] = other_status (feed, feed->status[next - 1]);
          feed->since[next - 1] = g_get_real_time ();
          feed->due[next] += station_interval (feed);
        }
      report_change (feed, next, at);
    }
}

/* Publishes @payload on @topic (not retained, as Sparkplug asks); FALSE when the
 * connection is lost. */
static gboolean
publish_sparkplug (Feed *feed, const char *topic, GBytes *payload)
{
  gsize size;
  const void *data = g_bytes_get_data (payload, &size);
  int mid = 0;
  int rc = mosquitto_publish (feed->mosq, &mid, topic, (int)size, data, feed->options->qos, FALSE);

  if (rc != MOSQ_ERR_SUCCESS)
    {
      if (!feed->lost)
        {
          feed->lost = TRUE;
          feed->lost_reason = g_strdup (sim_strerror (rc));
        }
      return FALSE;
    }
  if (feed->options->qos > 0 || mosquitto_want_write (feed->mosq))
    g_hash_table_add (feed->pending, GINT_TO_POINTER (mid));
  return TRUE;
}

static guint64
now_ms (void)
{
  return (guint64)(g_get_real_time () / 1000);
}

/* The births of a new session (NBIRTH with seq 0, a DBIRTH per station), then a
 * DDATA or NDATA by alias for each topic that changed. */
static void
flush_sparkplug (Feed *feed)
{
  if (feed->births_due)
    {
      g_autofree char *topic = sim_sparkplug_topic ("NBIRTH", 0);
      g_autoptr (GBytes) birth = sim_sparkplug_nbirth (feed->bdseq, feed->counter, now_ms ());

      if (!publish_sparkplug (feed, topic, birth))
        return;
      feed->seq = 0;
      for (guint s = 1; s <= N_STATIONS; s++)
        {
          g_autofree char *device_topic = sim_sparkplug_topic ("DBIRTH", s);
          g_autoptr (GBytes) device_birth = NULL;

          feed->seq = (feed->seq + 1) % 256;
          device_birth = sim_sparkplug_dbirth (s, feed->status[s - 1], feed->seq, now_ms ());
          if (!publish_sparkplug (feed, device_topic, device_birth))
            return;
        }
      feed->births_due = FALSE;
      for (guint i = 0; i < N_TOPICS; i++)
        feed->dirty[i] = FALSE;
      return;
    }
  for (guint i = 0; i < N_TOPICS; i++)
    {
      g_autofree char *topic = NULL;
      g_autoptr (GBytes) data = NULL;
      guint64 seq = (feed->seq + 1) % 256;

      if (!feed->dirty[i] || g_hash_table_size (feed->pending) >= MAX_PENDING)
        continue;
      topic = sim_sparkplug_topic (i == 0 ? "NDATA" : "DDATA", i);
      data = i == 0 ? sim_sparkplug_ndata (feed->counter, seq, now_ms ())
                    : sim_sparkplug_ddata (i, feed->status[i - 1], seq, now_ms ());
      if (!publish_sparkplug (feed, topic, data))
        return;
      feed->seq = seq;
      feed->dirty[i] = FALSE;
    }
}

static void
flush (Feed *feed)
{
  if (!feed->connected)
    return;
  if (feed->options->sparkplug)
    {
      flush_sparkplug (feed);
      return;
    }
  for (guint i = 0; i < N_TOPICS; i++)
    {
      g_autofree char *payload = NULL;
      int mid = 0;
      int rc;

      if (!feed->dirty[i] || g_hash_table_size (feed->pending) >= MAX_PENDING)
        continue;
      payload = payload_for (feed, i);
      rc = mosquitto_publish (feed->mosq, &mid, topics[i], (int)strlen (payload), payload,
                              feed->options->qos, TRUE);
      if (rc != MOSQ_ERR_SUCCESS)
        {
          if (!feed->lost)
            {
              feed->lost = TRUE;
              feed->lost_reason = g_strdup (sim_strerror (rc));
            }
          return;
        }
      feed->dirty[i] = FALSE;
      /* QoS 0 may already be on the wire (on_publish ran inside publish). */
      if (feed->options->qos > 0 || mosquitto_want_write (feed->mosq))
        g_hash_table_add (feed->pending, GINT_TO_POINTER (mid));
    }
}

static gboolean
all_published (Feed *feed)
{
  if (feed->births_due)
    return FALSE;
  for (guint i = 0; i < N_TOPICS; i++)
    if (feed->dirty[i])
      return FALSE;
  return g_hash_table_size (feed->pending) == 0 && !mosquitto_want_write (feed->mosq);
}

/* --- libmosquitto callbacks: they only record; acting happens in feed_after_io --- */

static void
on_connect (struct mosquitto *mosq, void *data, int rc)
{
  Feed *feed = data;

  if (rc != 0)
    {
      feed->lost = TRUE;
      g_free (feed->lost_reason);
      feed->lost_reason = g_strdup (mosquitto_connack_string (rc));
      return;
    }
  feed->connected = TRUE;
  feed->backoff_s = 0;
  g_hash_table_remove_all (feed->pending);
  /* The broker may have restarted without persistence: give it everything. */
  for (guint i = 0; i < N_TOPICS; i++)
    feed->dirty[i] = TRUE;
  feed->births_due = feed->options->sparkplug;
  sim_note (feed->options, _ ("connected to %s:%d, publishing the shopfloor feed"),
            feed->options->broker, feed->options->port);
  feed->ever_connected = TRUE;
}

static void
on_disconnect (struct mosquitto *mosq, void *data, int rc)
{
  Feed *feed = data;

  if (!feed->lost)
    {
      feed->lost = TRUE;
      feed->lost_reason = g_strdup (rc == 0 ? _ ("disconnected") : sim_strerror (rc));
    }
}

static void
on_publish (struct mosquitto *mosq, void *data, int mid)
{
  Feed *feed = data;

  g_hash_table_remove (feed->pending, GINT_TO_POINTER (mid));
}

/* --- the socket on the main loop --- */

static void
remove_watch (Feed *feed)
{
  g_clear_handle_id (&feed->watch_id, g_source_remove);
  feed->watch_fd = -1;
}

static gboolean
on_socket (int fd, GIOCondition condition, gpointer data)
{
  Feed *feed = data;
  int rc = MOSQ_ERR_SUCCESS;

  if (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR))
    rc = mosquitto_loop_read (feed->mosq, 1);
  if (rc == MOSQ_ERR_SUCCESS && (condition & G_IO_OUT))
    rc = mosquitto_loop_write (feed->mosq, 1);
  if (rc != MOSQ_ERR_SUCCESS && !feed->lost)
    {
      feed->lost = TRUE;
      feed->lost_reason = g_strdup (sim_strerror (rc));
    }
  feed_after_io (feed);
  return G_SOURCE_CONTINUE;
}

static void
update_watch (Feed *feed)
{
  int fd = mosquitto_socket (feed->mosq);
  GIOCondition condition = G_IO_IN | (mosquitto_want_write (feed->mosq) ? G_IO_OUT : 0);

  if (fd == feed->watch_fd && condition == feed->watch_condition && feed->watch_id != 0)
    return;
  remove_watch (feed);
  if (fd < 0)
    return;
  feed->watch_fd = fd;
  feed->watch_condition = condition;
  feed->watch_id = g_unix_fd_add (fd, condition, on_socket, feed);
}

static gboolean
retry_cb (gpointer data)
{
  Feed *feed = data;

  feed->retry_id = 0;
  feed_start_connect (feed);
  return G_SOURCE_REMOVE;
}

static void
handle_lost (Feed *feed)
{
  g_autofree char *reason = g_steal_pointer (&feed->lost_reason);

  remove_watch (feed);
  g_clear_pointer (&feed->mosq, mosquitto_destroy);
  feed->connected = FALSE;
  feed->lost = FALSE;
  feed->bdseq = (feed->bdseq + 1) % 256; /* the next session's */
  g_hash_table_remove_all (feed->pending);

  if (!feed->ever_connected)
    {
      sim_problem (_ ("cannot connect to %s:%d: %s"), feed->options->broker, feed->options->port,
                   reason ? reason : _ ("connection failed"));
      feed->exit_code = SIM_EXIT_CONNECT;
      g_main_loop_quit (feed->loop);
      return;
    }
  if (feed->finished)
    {
      g_main_loop_quit (feed->loop);
      return;
    }
  feed->backoff_s = feed->backoff_s == 0 ? 1 : MIN (feed->backoff_s * 2, BACKOFF_MAX_S);
  sim_note (feed->options, _ ("connection to %s:%d lost (%s); reconnecting in %u s"),
            feed->options->broker, feed->options->port, reason ? reason : "", feed->backoff_s);
  feed->retry_id = g_timeout_add_seconds (feed->backoff_s, retry_cb, feed);
}

static void
feed_after_io (Feed *feed)
{
  if (!feed->lost)
    flush (feed);
  if (feed->lost)
    {
      handle_lost (feed);
      return;
    }
  if (feed->finished && feed->connected && all_published (feed))
    {
      g_main_loop_quit (feed->loop);
      return;
    }
  update_watch (feed);
}

static void
feed_start_connect (Feed *feed)
{
  int rc;

  feed->mosq = sim_client_new (feed->options, feed);
  mosquitto_connect_callback_set (feed->mosq, on_connect);
  mosquitto_disconnect_callback_set (feed->mosq, on_disconnect);
  mosquitto_publish_callback_set (feed->mosq, on_publish);
  feed->attempt_us = g_get_monotonic_time ();
  if (feed->options->sparkplug)
    {
      /* The node's death is its will, with the bdSeq its birth will carry. */
      g_autofree char *topic = sim_sparkplug_topic ("NDEATH", 0);
      g_autoptr (GBytes) death = sim_sparkplug_ndeath (feed->bdseq, now_ms ());
      gsize size;
      const void *data = g_bytes_get_data (death, &size);

      mosquitto_will_set (feed->mosq, topic, (int)size, data, 1, FALSE);
    }
  /* Non-blocking connect; only the name lookup blocks, and a simulator has no UI to stall. */
  rc = mosquitto_connect_async (feed->mosq, feed->options->broker, feed->options->port,
                                feed->options->keepalive);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      feed->lost = TRUE;
      feed->lost_reason = g_strdup (sim_strerror (rc));
    }
  feed_after_io (feed);
}

static gboolean
misc_cb (gpointer data)
{
  Feed *feed = data;

  if (feed->mosq == NULL)
    return G_SOURCE_CONTINUE;
  if (!feed->connected && g_get_monotonic_time () - feed->attempt_us > CONNECT_TIMEOUT_US)
    {
      feed->lost = TRUE;
      feed->lost_reason = g_strdup (_ ("no answer from the broker"));
    }
  else if (mosquitto_loop_misc (feed->mosq) != MOSQ_ERR_SUCCESS && !feed->lost)
    {
      feed->lost = TRUE;
      feed->lost_reason = g_strdup (_ ("the broker stopped answering"));
    }
  feed_after_io (feed);
  return G_SOURCE_CONTINUE;
}

/* --- the simulated clock --- */

static gboolean
tick_cb (gpointer data)
{
  Feed *feed = data;

  feed->tick_id = 0;
  advance (feed, virtual_now (feed));
  if (feed->mosq != NULL)
    feed_after_io (feed);
  if (!feed->finished)
    feed_schedule_tick (feed);
  else if (feed->mosq == NULL && feed->ever_connected)
    g_main_loop_quit (feed->loop);
  return G_SOURCE_REMOVE;
}

static void
feed_schedule_tick (Feed *feed)
{
  gint64 next = G_MAXINT64;
  double wait_ms;

  for (guint i = 0; i < N_TOPICS; i++)
    next = MIN (next, feed->due[i]);
  if (feed->options->duration > 0)
    next = MIN (next, (gint64)(feed->options->duration * 1000.0) + 1);
  wait_ms = (double)(next - virtual_now (feed)) / feed->options->speed;
  feed->tick_id = g_timeout_add ((guint)CLAMP (wait_ms + 0.999, 0.0, 60000.0), tick_cb, feed);
}

static gboolean
on_signal (gpointer data)
{
  Feed *feed = data;

  g_main_loop_quit (feed->loop);
  return G_SOURCE_CONTINUE;
}

int
sim_feed_run (const SimOptions *options)
{
  Feed feed = {
    .options = options,
    .watch_fd = -1,
  };
  guint sigint_id, sigterm_id;

  feed.loop = g_main_loop_new (NULL, FALSE);
  feed.rand = options->seed >= 0 ? g_rand_new_with_seed ((guint32)options->seed) : g_rand_new ();
  feed.pending = g_hash_table_new (NULL, NULL);
  feed.start_us = g_get_monotonic_time ();

  /* The initial state is published at once; then each topic follows its own clock. */
  feed.counter = 0;
  feed.due[0] = 1000;
  for (guint i = 0; i < N_STATIONS; i++)
    {
      feed.status[i] = status_codes[g_rand_int_range (feed.rand, 0, 3)];
      feed.since[i] = g_get_real_time ();
      feed.due[i + 1] = station_interval (&feed);
    }
  for (guint i = 0; i < N_TOPICS; i++)
    report_change (&feed, i, 0);

  sigint_id = g_unix_signal_add (SIGINT, on_signal, &feed);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &feed);
  feed.misc_id = g_timeout_add_seconds (1, misc_cb, &feed);
  feed_start_connect (&feed);
  if (feed.exit_code == SIM_EXIT_OK)
    {
      feed_schedule_tick (&feed);
      g_main_loop_run (feed.loop);
    }

  if (feed.mosq != NULL && feed.connected && options->sparkplug)
    {
      /* A clean DISCONNECT drops the will: the node says its death itself. */
      g_autofree char *topic = sim_sparkplug_topic ("NDEATH", 0);
      g_autoptr (GBytes) death = sim_sparkplug_ndeath (feed.bdseq, now_ms ());
      gsize size;
      const void *data = g_bytes_get_data (death, &size);

      mosquitto_publish (feed.mosq, NULL, topic, (int)size, data, 0, FALSE);
      mosquitto_loop_write (feed.mosq, 1);
    }
  if (feed.mosq != NULL && feed.connected)
    {
      /* A polite DISCONNECT, so the broker does not log a lost client. */
      mosquitto_disconnect (feed.mosq);
      mosquitto_loop_write (feed.mosq, 1);
    }
  g_clear_pointer (&feed.mosq, mosquitto_destroy);
  remove_watch (&feed);
  g_clear_handle_id (&feed.tick_id, g_source_remove);
  g_clear_handle_id (&feed.misc_id, g_source_remove);
  g_clear_handle_id (&feed.retry_id, g_source_remove);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_free (feed.lost_reason);
  g_hash_table_unref (feed.pending);
  g_rand_free (feed.rand);
  g_main_loop_unref (feed.loop);
  return feed.exit_code;
}
