/* sim-flood.c: --flood, a publisher for benchmarks that is never the bottleneck
 *
 * A plain poll() loop around one libmosquitto client. Memory stays bounded:
 * a batch of messages is queued only when libmosquitto has nothing left to
 * write (mosquitto_want_write) and fewer than WINDOW messages are unconfirmed,
 * so a slow broker slows the flood down instead of growing a queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"

/* Unconfirmed messages allowed: QoS 0 until written, QoS 1/2 until PUBACK/PUBCOMP. */
#define WINDOW 100
/* A batch: queued together, then written in one go. */
#define BATCH 64
#define BATCH_BYTES (256 * 1024)
/* Packets read per wakeup before publishing again. */
#define READ_BUDGET 1000

typedef struct
{
  const SimOptions *options;
  struct mosquitto *mosq;
  int connack; /* -1 until the CONNACK */
  gboolean lost;
  int lost_rc;
  guint64 confirmed; /* on_publish calls for flood messages */
  int marker_mid;
  gboolean marker_confirmed;
  gint64 last_misc_us;
} Flood;

static volatile sig_atomic_t stop_signal;

static void
on_stop_signal (int signum)
{
  stop_signal = signum;
}

static void
on_connect (struct mosquitto *mosq, void *data, int rc)
{
  Flood *flood = data;

  flood->connack = rc;
}

static void
on_disconnect (struct mosquitto *mosq, void *data, int rc)
{
  Flood *flood = data;

  flood->lost = TRUE;
  flood->lost_rc = rc;
}

static void
on_publish (struct mosquitto *mosq, void *data, int mid)
{
  Flood *flood = data;

  if (flood->marker_mid != 0 && mid == flood->marker_mid)
    flood->marker_confirmed = TRUE;
  else
    flood->confirmed++;
}

/* One round of I/O: waits up to @timeout_ms for the socket, then reads and
 * writes what it can. FALSE when the connection is gone. */
static gboolean
pump (Flood *flood, int timeout_ms)
{
  struct pollfd pfd = { .fd = mosquitto_socket (flood->mosq), .events = POLLIN };
  gint64 now;
  int rc = MOSQ_ERR_SUCCESS;

  if (pfd.fd < 0)
    return FALSE;
  if (mosquitto_want_write (flood->mosq))
    pfd.events |= POLLOUT;
  if (poll (&pfd, 1, timeout_ms) < 0 && errno != EINTR)
    {
      flood->lost_rc = MOSQ_ERR_ERRNO;
      return FALSE;
    }
  if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
    {
      /* libmosquitto reads one packet per call: drain what is there, within a budget. */
      for (int i = 0; i < READ_BUDGET && rc == MOSQ_ERR_SUCCESS; i++)
        {
          struct pollfd more = { .fd = pfd.fd, .events = POLLIN };

          rc = mosquitto_loop_read (flood->mosq, 1);
          if (poll (&more, 1, 0) <= 0 || flood->lost)
            break;
        }
    }
  if (rc == MOSQ_ERR_SUCCESS && (pfd.revents & POLLOUT))
    rc = mosquitto_loop_write (flood->mosq, 1);

  now = g_get_monotonic_time ();
  if (rc == MOSQ_ERR_SUCCESS && now - flood->last_misc_us > G_USEC_PER_SEC)
    {
      flood->last_misc_us = now;
      rc = mosquitto_loop_misc (flood->mosq);
    }
  if (rc != MOSQ_ERR_SUCCESS)
    {
      flood->lost_rc = rc;
      return FALSE;
    }
  return !flood->lost;
}

static int
connect_blocking (Flood *flood)
{
  const SimOptions *o = flood->options;
  gint64 deadline;
  int rc;

  rc = mosquitto_connect (flood->mosq, o->broker, o->port, o->keepalive);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      sim_problem (_ ("cannot connect to %s:%d: %s"), o->broker, o->port, sim_strerror (rc));
      return SIM_EXIT_CONNECT;
    }
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (flood->connack < 0)
    {
      if (stop_signal != 0)
        return SIM_EXIT_FAILURE;
      if (!pump (flood, 100) || g_get_monotonic_time () > deadline)
        {
          sim_problem (_ ("cannot connect to %s:%d: %s"), o->broker, o->port,
                       flood->connack > 0    ? mosquitto_connack_string (flood->connack)
                       : flood->lost_rc != 0 ? sim_strerror (flood->lost_rc)
                                             : _ ("no answer from the broker"));
          return SIM_EXIT_CONNECT;
        }
    }
  if (flood->connack != 0)
    {
      sim_problem (_ ("cannot connect to %s:%d: %s"), o->broker, o->port,
                   mosquitto_connack_string (flood->connack));
      return SIM_EXIT_CONNECT;
    }
  return SIM_EXIT_OK;
}

static void
fill_payload (GByteArray *payload, guint64 index, int size)
{
  char digits[24];
  int n = g_snprintf (digits, sizeof digits, "%" PRIu64, index);

  if (size == 0)
    {
      g_byte_array_set_size (payload, n);
      memcpy (payload->data, digits, n);
      return;
    }
  /* The number first (so a reader can tell messages apart), padded with dots. */
  memcpy (payload->data, digits, MIN (n, size));
}

int
sim_flood_run (const SimOptions *options)
{
  const SimOptions *o = options;
  Flood flood = { .options = options, .connack = -1 };
  /* Topic names are made per message: 10 million topics cost no memory. */
  g_autoptr (GString) topic = g_string_new (NULL);
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  g_autofree char *marker = g_strdup_printf ("%" PRId64, o->flood);
  struct sigaction action = { .sa_handler = on_stop_signal };
  guint64 published = 0, total = (guint64)o->flood;
  gint64 start_us, elapsed_us;
  double seconds;
  int rc;

  /* No SA_RESTART: a signal must wake poll(). */
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);

  if (o->payload_size > 0)
    {
      g_byte_array_set_size (payload, o->payload_size);
      memset (payload->data, '.', o->payload_size);
    }

  flood.mosq = sim_client_new (options, &flood);
  mosquitto_connect_callback_set (flood.mosq, on_connect);
  mosquitto_disconnect_callback_set (flood.mosq, on_disconnect);
  mosquitto_publish_callback_set (flood.mosq, on_publish);
  /* "Threaded" only in that publish queues instead of writing each packet at once: this loop
   * writes whole batches (there is no other thread). */
  mosquitto_threaded_set (flood.mosq, TRUE);
  /* libmosquitto would hold back QoS 1/2 messages beyond its own limit (20). */
  mosquitto_int_option (flood.mosq, MOSQ_OPT_SEND_MAXIMUM, WINDOW + 1);
  flood.last_misc_us = g_get_monotonic_time ();

  rc = connect_blocking (&flood);
  if (rc != SIM_EXIT_OK)
    {
      mosquitto_destroy (flood.mosq);
      return rc;
    }

  start_us = g_get_monotonic_time ();
  while (!flood.marker_confirmed)
    {
      int timeout_ms = 1000;

      if (stop_signal != 0)
        {
          sim_problem (_ ("interrupted after %" PRIu64 " of %" PRIu64 " messages"), published,
                       total);
          mosquitto_disconnect (flood.mosq);
          mosquitto_destroy (flood.mosq);
          return SIM_EXIT_FAILURE;
        }

      /* Queue a batch only when libmosquitto has written everything before it, then write the
       * batch at once: bounded memory, and the broker reads many messages per wakeup. */
      if (!mosquitto_want_write (flood.mosq) && !flood.lost)
        {
          gsize batch_bytes = 0;
          guint batch = 0;

          while (published < total && published - flood.confirmed < WINDOW && batch < BATCH
                 && batch_bytes < BATCH_BYTES)
            {
              g_string_printf (topic, "%s/%" PRIu64, o->prefix, published % (guint64)o->topics);

              if (o->rate > 0.0)
                {
                  double due_us = (double)published / o->rate * G_USEC_PER_SEC;
                  double ahead_us = due_us - (double)(g_get_monotonic_time () - start_us);

                  if (ahead_us > 0)
                    {
                      timeout_ms = (int)(ahead_us / 1000.0) + 1;
                      break;
                    }
                }
              fill_payload (payload, published, o->payload_size);
              rc = mosquitto_publish (flood.mosq, NULL, topic->str, (int)payload->len,
                                      payload->data, o->qos, FALSE);
              if (rc != MOSQ_ERR_SUCCESS)
                {
                  flood.lost = TRUE;
                  flood.lost_rc = rc;
                  break;
                }
              published++;
              batch++;
              batch_bytes += payload->len + topic->len;
            }
          if (batch > 0 && !flood.lost)
            {
              rc = mosquitto_loop_write (flood.mosq, 1);
              if (rc != MOSQ_ERR_SUCCESS)
                {
                  flood.lost = TRUE;
                  flood.lost_rc = rc;
                }
            }
        }

      /* Everything confirmed: the marker, at QoS 1, so its PUBACK means the broker has it all. */
      if (published == total && flood.confirmed == total && flood.marker_mid == 0 && !flood.lost)
        {
          rc = mosquitto_publish (flood.mosq, &flood.marker_mid, o->marker_topic,
                                  (int)strlen (marker), marker, 1, FALSE);
          if (rc != MOSQ_ERR_SUCCESS)
            {
              flood.lost = TRUE;
              flood.lost_rc = rc;
            }
        }
      if (published < total && published - flood.confirmed < WINDOW
          && !mosquitto_want_write (flood.mosq) && timeout_ms == 1000)
        timeout_ms = 0;

      if (flood.lost || !pump (&flood, timeout_ms))
        {
          sim_problem (_ ("connection to %s:%d lost after %" PRIu64 " of %" PRIu64 " messages: %s"),
                       o->broker, o->port, published, total,
                       flood.lost_rc != 0 ? sim_strerror (flood.lost_rc) : _ ("disconnected"));
          mosquitto_destroy (flood.mosq);
          return SIM_EXIT_CONNECT;
        }
    }
  elapsed_us = g_get_monotonic_time () - start_us;
  seconds = MAX ((double)elapsed_us / G_USEC_PER_SEC, 1e-6);

  mosquitto_disconnect (flood.mosq);
  mosquitto_loop_write (flood.mosq, 1);
  mosquitto_destroy (flood.mosq);

  /* Always printed, --quiet or not: it is what a benchmark reads. */
  fprintf (stderr, _ ("published %" PRIu64 " messages on %d topics in %.3f s (%.0f msg/s)\n"),
           total, o->topics, seconds, (double)total / seconds);
  return SIM_EXIT_OK;
}
