/* sb-bench-publish.c: a publisher for the full-speed ingest cases of tools/run-bench
 *
 *   sb-bench-publish PORT COUNT TOPICS SIZE QOS [PREFIX]
 *
 * Publishes COUNT messages of SIZE bytes on PREFIX/0 .. PREFIX/(TOPICS-1) (round robin) to
 * the broker on 127.0.0.1:PORT as fast as the broker takes them, then PREFIX-done at QoS 1
 * and waits for its acknowledgement, so that the broker has every message when it exits.
 * Prints "published N messages in S s (R msg/s)" on standard error.
 *
 * Unlike the simulator's --flood (GLib, a window of 100 messages, a topic string built per
 * message with GString), this is a plain libmosquitto loop that writes large batches: on a
 * 2-core machine it takes less CPU per message than the broker, so the broker and the
 * subscriber set the pace. Memory stays bounded: a new batch is queued only when the last
 * one is written, and QoS 1/2 stop at WINDOW unacknowledged messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <mosquitto.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 256
#define WINDOW 1000

static unsigned long long confirmed;
static int marker_mid = -1;
static bool marker_done;
static int connack = -1;
static bool lost;

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
on_connect (struct mosquitto *mosq, void *data, int rc)
{
  (void)mosq;
  (void)data;
  connack = rc;
}

static void
on_disconnect (struct mosquitto *mosq, void *data, int rc)
{
  (void)mosq;
  (void)data;
  (void)rc;
  lost = true;
}

static void
on_publish (struct mosquitto *mosq, void *data, int mid)
{
  (void)mosq;
  (void)data;
  if (mid == marker_mid)
    marker_done = true;
  else
    confirmed++;
}

/* Waits up to @timeout_ms for the socket, reads what is there and writes what is queued. */
static bool
pump (struct mosquitto *mosq, int timeout_ms)
{
  struct pollfd pfd = { .fd = mosquitto_socket (mosq), .events = POLLIN };
  int rc = MOSQ_ERR_SUCCESS;

  if (pfd.fd < 0)
    return false;
  if (mosquitto_want_write (mosq))
    pfd.events |= POLLOUT;
  if (poll (&pfd, 1, timeout_ms) < 0 && errno != EINTR)
    return false;
  if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
    for (int i = 0; i < 10000 && rc == MOSQ_ERR_SUCCESS; i++)
      {
        errno = 0;
        rc = mosquitto_loop_read (mosq, 1);
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          break;
      }
  if (rc == MOSQ_ERR_SUCCESS && mosquitto_want_write (mosq))
    rc = mosquitto_loop_write (mosq, 1);
  if (rc == MOSQ_ERR_SUCCESS)
    rc = mosquitto_loop_misc (mosq);
  return rc == MOSQ_ERR_SUCCESS && !lost;
}

int
main (int argc, char **argv)
{
  struct mosquitto *mosq;
  unsigned long long count, published = 0;
  int port, topics, size, qos;
  const char *prefix;
  char topic[256];
  char marker_topic[256];
  char *payload;
  double start, seconds;

  if (argc < 6 || argc > 7)
    {
      fprintf (stderr, "usage: sb-bench-publish PORT COUNT TOPICS SIZE QOS [PREFIX]\n");
      return 2;
    }
  port = atoi (argv[1]);
  count = strtoull (argv[2], NULL, 10);
  topics = atoi (argv[3]);
  size = atoi (argv[4]);
  qos = atoi (argv[5]);
  prefix = argc > 6 ? argv[6] : "bench";
  if (port <= 0 || topics <= 0 || size < 0 || qos < 0 || qos > 2 || strlen (prefix) > 200)
    {
      fprintf (stderr, "sb-bench-publish: bad argument\n");
      return 2;
    }
  snprintf (marker_topic, sizeof marker_topic, "%s-done", prefix);
  payload = malloc ((size_t)size + 1);
  memset (payload, '.', (size_t)size + 1);

  mosquitto_lib_init ();
  mosq = mosquitto_new (NULL, true, NULL);
  mosquitto_connect_callback_set (mosq, on_connect);
  mosquitto_disconnect_callback_set (mosq, on_disconnect);
  mosquitto_publish_callback_set (mosq, on_publish);
  /* Publish queues instead of writing each packet: pump () writes whole batches. */
  mosquitto_threaded_set (mosq, true);
  mosquitto_int_option (mosq, MOSQ_OPT_SEND_MAXIMUM, WINDOW + 1);
  if (mosquitto_connect (mosq, "127.0.0.1", port, 60) != MOSQ_ERR_SUCCESS)
    {
      fprintf (stderr, "sb-bench-publish: cannot connect to 127.0.0.1:%d\n", port);
      return 1;
    }
  while (connack < 0)
    if (!pump (mosq, 100))
      {
        fprintf (stderr, "sb-bench-publish: connection lost before CONNACK\n");
        return 1;
      }
  if (connack != 0)
    {
      fprintf (stderr, "sb-bench-publish: %s\n", mosquitto_connack_string (connack));
      return 1;
    }

  start = now_s ();
  while (!marker_done)
    {
      int timeout_ms = 100;

      if (!mosquitto_want_write (mosq))
        {
          for (int b = 0;
               b < BATCH && published < count && (qos == 0 || published - confirmed < WINDOW); b++)
            {
              int len = snprintf (payload, (size_t)size + 1, "%llu", published);

              if (len < size)
                payload[len] = '.';
              snprintf (topic, sizeof topic, "%s/%llu", prefix,
                        published % (unsigned long long)topics);
              if (mosquitto_publish (mosq, NULL, topic, size, payload, qos, false)
                  != MOSQ_ERR_SUCCESS)
                {
                  fprintf (stderr, "sb-bench-publish: publish failed\n");
                  return 1;
                }
              published++;
            }
          if (published == count && confirmed == count && marker_mid < 0)
            mosquitto_publish (mosq, &marker_mid, marker_topic, 1, "1", 1, false);
          if (mosquitto_want_write (mosq) || (published < count && qos == 0))
            timeout_ms = 0;
        }
      if (!pump (mosq, timeout_ms))
        {
          fprintf (stderr, "sb-bench-publish: connection lost after %llu of %llu messages\n",
                   published, count);
          return 1;
        }
    }
  seconds = now_s () - start;
  mosquitto_disconnect (mosq);
  mosquitto_loop_write (mosq, 1);
  mosquitto_destroy (mosq);
  mosquitto_lib_cleanup ();
  free (payload);
  fprintf (stderr, "published %llu messages on %d topics in %.3f s (%.0f msg/s)\n", count, topics,
           seconds, (double)count / seconds);
  return 0;
}
