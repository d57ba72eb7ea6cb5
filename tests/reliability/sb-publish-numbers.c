/* sb-publish-numbers.c: publishes "1".."COUNT" to one topic and does not give
 * up until the broker has acknowledged every one (PUBACK at QoS 1, PUBCOMP at
 * QoS 2), reconnecting through broker restarts with a persistent session.
 *
 *   sb-publish-numbers PORT QOS COUNT TOPIC CLIENT_ID RATE
 *
 * RATE is messages per second (0: as fast as the in-flight window allows).
 * Prints "acked N" on stdout after every hundredth acknowledgement and at the
 * end, so the test can place faults in the middle of the stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>

#define WINDOW 20 /* unacknowledged messages at most */
#define GIVE_UP_US (300 * G_USEC_PER_SEC)

typedef struct
{
  gboolean connected;
  guint acked;
  guint count;
  GHashTable *pending; /* mid -> number; a mid acked twice counts once */
} Publisher;

static void
on_connect (struct mosquitto *mosq, void *data, int rc)
{
  Publisher *pub = data;

  pub->connected = rc == 0;
}

static void
on_disconnect (struct mosquitto *mosq, void *data, int rc)
{
  Publisher *pub = data;

  pub->connected = FALSE;
}

static void
on_publish (struct mosquitto *mosq, void *data, int mid)
{
  Publisher *pub = data;

  if (!g_hash_table_remove (pub->pending, GINT_TO_POINTER (mid)))
    return;
  pub->acked++;
  if (pub->acked % 100 == 0 || pub->acked == pub->count)
    {
      printf ("acked %u\n", pub->acked);
      fflush (stdout);
    }
}

int
main (int argc, char **argv)
{
  Publisher pub = { 0 };
  struct mosquitto *mosq;
  guint next = 1;
  gint64 start, give_up;
  int port, qos;
  double rate;
  const char *topic;

  if (argc != 7)
    {
      fprintf (stderr, "usage: %s PORT QOS COUNT TOPIC CLIENT_ID RATE\n", argv[0]);
      return 2;
    }
  port = atoi (argv[1]);
  qos = atoi (argv[2]);
  pub.count = (guint)strtoul (argv[3], NULL, 10);
  topic = argv[4];
  rate = g_ascii_strtod (argv[6], NULL);
  pub.pending = g_hash_table_new (NULL, NULL);

  mosquitto_lib_init ();
  /* clean_session false: the broker keeps this publisher's QoS 2 state across
   * its own restarts, so a resent message is not delivered twice. */
  mosq = mosquitto_new (argv[5], false, &pub);
  mosquitto_connect_callback_set (mosq, on_connect);
  mosquitto_disconnect_callback_set (mosq, on_disconnect);
  mosquitto_publish_callback_set (mosq, on_publish);
  mosquitto_max_inflight_messages_set (mosq, WINDOW);

  start = g_get_monotonic_time ();
  give_up = start + GIVE_UP_US;
  if (mosquitto_connect (mosq, "127.0.0.1", port, 10) != MOSQ_ERR_SUCCESS)
    g_usleep (50000);

  while (pub.acked < pub.count)
    {
      int rc;

      if (g_get_monotonic_time () > give_up)
        {
          fprintf (stderr, "sb-publish-numbers: gave up with %u of %u acknowledged\n", pub.acked,
                   pub.count);
          return 1;
        }
      if (pub.connected)
        {
          double elapsed = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

          while (next <= pub.count && g_hash_table_size (pub.pending) < WINDOW
                 && (rate <= 0 || next <= elapsed * rate + 1))
            {
              char payload[16];
              int mid = 0;
              int len = g_snprintf (payload, sizeof payload, "%u", next);

              rc = mosquitto_publish (mosq, &mid, topic, len, payload, qos, false);
              /* A QoS 1/2 message whose first send failed on a connection
               * just lost is queued all the same (libmosquitto resends it
               * after the reconnect): publishing the number again made it
               * reach the broker twice, under two packet ids (seen in a
               * capture as one of the test's "duplicates"). */
              if (rc != MOSQ_ERR_SUCCESS
                  && !(qos > 0 && mid != 0
                       && (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST
                           || rc == MOSQ_ERR_ERRNO)))
                break;
              g_hash_table_insert (pub.pending, GINT_TO_POINTER (mid), GUINT_TO_POINTER (next));
              next++;
              if (rc != MOSQ_ERR_SUCCESS)
                break;
            }
        }
      rc = mosquitto_loop (mosq, 20, 1);
      if (rc != MOSQ_ERR_SUCCESS)
        {
          /* Broker gone (restarting): libmosquitto keeps the unacknowledged
           * messages and sends them again after the reconnect. */
          pub.connected = FALSE;
          g_usleep (50000);
          mosquitto_reconnect (mosq);
        }
    }

  mosquitto_disconnect (mosq);
  mosquitto_loop (mosq, 100, 1);
  mosquitto_destroy (mosq);
  mosquitto_lib_cleanup ();
  g_hash_table_unref (pub.pending);
  return 0;
}
