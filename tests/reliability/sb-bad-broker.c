/* sb-bad-broker.c: a broker that breaks the protocol, for test-hostile-broker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-bad-broker.h"

#include <string.h>

struct _SbBadBroker
{
  GSocket *listener;
  GCancellable *cancellable;
  GThread *thread;
  guint port;
  gint connections; /* CONNECTs answered */
  gint hangups;     /* clients gone */
  gint delay_ms;    /* before the bad PUBLISH */
  gint good;        /* good PUBLISHes before it */
};

static gboolean
receive_all (GSocket *socket, guint8 *buffer, gsize size, GCancellable *cancellable)
{
  for (gsize done = 0; done < size;)
    {
      gssize got = g_socket_receive (socket, (char *)buffer + done, size - done, cancellable, NULL);
      if (got <= 0)
        return FALSE;
      done += got;
    }
  return TRUE;
}

/* Reads one MQTT packet; returns its first byte (-1 at the end) and its body. */
static int
receive_packet (GSocket *socket, guint8 *body, gsize body_size, gsize *length,
                GCancellable *cancellable)
{
  guint8 header, byte;
  gsize remaining = 0;
  guint shift = 0;

  if (!receive_all (socket, &header, 1, cancellable))
    return -1;
  do
    {
      if (!receive_all (socket, &byte, 1, cancellable) || shift > 21)
        return -1;
      remaining |= (gsize)(byte & 0x7f) << shift;
      shift += 7;
    }
  while (byte & 0x80);
  if (remaining > body_size || !receive_all (socket, body, remaining, cancellable))
    return -1;
  *length = remaining;
  return header;
}

static gpointer
fake_broker_run (gpointer data)
{
  SbBadBroker *b = data;
  static const guint8 connack[] = { 0x20, 2, 0, 0 };
  static const guint8 bad_publish[] = { 0x30, 9, 0, 5, 'b', 'a', 'd', '/', 0xff, 'x', 'y' };

  for (;;)
    {
      g_autoptr (GSocket) client = g_socket_accept (b->listener, b->cancellable, NULL);
      guint8 body[4096];
      gsize length;
      int type;

      if (client == NULL)
        return NULL;
      g_socket_set_timeout (client, 30);
      if (receive_packet (client, body, sizeof body, &length, b->cancellable) != 0x10)
        continue;
      g_socket_send (client, (const char *)connack, sizeof connack, NULL, NULL);
      g_atomic_int_inc (&b->connections);
      while ((type = receive_packet (client, body, sizeof body, &length, b->cancellable)) >= 0)
        if ((type & 0xf0) == 0x80 && length >= 2)
          {
            /* SUBACK granting QoS 1, then the PUBLISH no client may accept */
            guint8 suback[] = { 0x90, 3, body[0], body[1], 1 };
            g_socket_send (client, (const char *)suback, sizeof suback, NULL, NULL);
            if (g_atomic_int_get (&b->delay_ms) > 0)
              g_usleep (g_atomic_int_get (&b->delay_ms) * (gulong)1000);
            {
              g_autoptr (GByteArray) out = g_byte_array_new ();
              gint good = g_atomic_int_get (&b->good);

              for (gint i = 1; i <= good; i++)
                {
                  g_autofree char *payload = g_strdup_printf ("%d", i);
                  g_autofree char *topic = g_strdup_printf ("good/%s", payload);
                  guint8 head[4] = { 0x30, (guint8)(2 + strlen (topic) + strlen (payload)), 0,
                                     (guint8)strlen (topic) };

                  g_byte_array_append (out, head, sizeof head);
                  g_byte_array_append (out, (const guint8 *)topic, strlen (topic));
                  g_byte_array_append (out, (const guint8 *)payload, strlen (payload));
                }
              g_byte_array_append (out, bad_publish, sizeof bad_publish);
              g_socket_send (client, (const char *)out->data, out->len, NULL, NULL);
            }
          }
      g_atomic_int_inc (&b->hangups);
    }
}

SbBadBroker *
sb_bad_broker_new (void)
{
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr (GSocketAddress) bound = NULL;
  SbBadBroker *b = g_new0 (SbBadBroker, 1);

  b->listener
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (b->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (b->listener, NULL));
  bound = g_socket_get_local_address (b->listener, NULL);
  b->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  b->cancellable = g_cancellable_new ();
  b->thread = g_thread_new ("bad-broker", fake_broker_run, b);
  return b;
}

guint
sb_bad_broker_get_port (SbBadBroker *b)
{
  return b->port;
}

int
sb_bad_broker_get_connections (SbBadBroker *b)
{
  return g_atomic_int_get (&b->connections);
}

void
sb_bad_broker_set_delay (SbBadBroker *b, guint delay_ms)
{
  g_atomic_int_set (&b->delay_ms, (gint)delay_ms);
}

void
sb_bad_broker_set_good_messages (SbBadBroker *b, guint n)
{
  g_atomic_int_set (&b->good, (gint)n);
}

int
sb_bad_broker_get_hangups (SbBadBroker *b)
{
  return g_atomic_int_get (&b->hangups);
}

void
sb_bad_broker_free (SbBadBroker *b)
{
  g_cancellable_cancel (b->cancellable);
  g_thread_join (b->thread);
  g_object_unref (b->cancellable);
  g_object_unref (b->listener);
  g_free (b);
}
