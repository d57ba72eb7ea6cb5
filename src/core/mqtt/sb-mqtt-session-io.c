/* sb-mqtt-session-io.c: the session's socket on the GLib main loop
 *
 * The socket is watched for input always and for output only while
 * libmosquitto has something queued; one wakeup reads until the socket is
 * drained or a budget is spent, so a flood neither starves the UI nor costs a
 * wakeup per message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "sb-mqtt-session-private.h"

/* One wakeup reads at most this many packets or for this long. */
#define READ_BUDGET_PACKETS 1000
#define READ_BUDGET_USEC (8 * 1000)

/* ---- main loop I/O ---------------------------------------------------- */

static gboolean
read_cb (int fd, GIOCondition condition, gpointer data);
static gboolean
write_cb (int fd, GIOCondition condition, gpointer data);

/* Writes what libmosquitto has queued, as far as the socket takes it; an
 * error goes to the session (which may drop @mosq). */
static void
write_queued (SbMqttSession *self, struct mosquitto *mosq)
{
  int rc;
  int saved_errno;

  errno = 0;
  rc = mosquitto_loop_write (mosq, 1);
  saved_errno = errno;
  if (self->mosq == mosq && rc != MOSQ_ERR_SUCCESS)
    sb_mqtt_session_handle_error (self, rc, saved_errno);
}

static gboolean
more_cb (gpointer data)
{
  SbMqttSession *self = data;

  self->more_id = 0;
  read_cb (-1, G_IO_IN, self);
  return G_SOURCE_REMOVE;
}

static gboolean
read_cb (int fd, GIOCondition condition, gpointer data)
{
  SbMqttSession *self = data;
  struct mosquitto *mosq = self->mosq;
  gint64 deadline = g_get_monotonic_time () + READ_BUDGET_USEC;
  gboolean drained = FALSE;

  g_object_ref (self);
  for (guint i = 0; i < READ_BUDGET_PACKETS; i++)
    {
      int rc;
      int saved_errno;

      errno = 0;
      rc = mosquitto_loop_read (mosq, 1);
      saved_errno = errno;
      if (self->mosq != mosq) /* dropped or stopped inside a callback */
        break;
      if (rc != MOSQ_ERR_SUCCESS)
        {
          sb_mqtt_session_handle_error (self, rc, saved_errno);
          break;
        }
      /* libmosquitto gives no "drained" result: a read that stopped short says EAGAIN. */
      if (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)
        {
          drained = TRUE;
          break;
        }
      if ((i & 15) == 15 && g_get_monotonic_time () > deadline)
        break;
    }
  /* The acknowledgements these reads queued (PUBACK, PUBREC, PUBCOMP) go out
   * now: the socket is nearly always writable, and waiting for the write
   * watch cost a poll, a watch added and removed per batch (QoS 1 at 16k
   * msg/s: a batch is a few messages). A full socket keeps the rest queued
   * for the watch. Outside any libmosquitto call, as write_cb. */
  if (self->mosq == mosq && self->state == SB_SESSION_CONNECTED && mosquitto_want_write (mosq))
    write_queued (self, mosq);
  if (self->mosq == mosq)
    {
      /* TLS may hold decrypted bytes the socket no longer shows: come back soon. */
      if (!drained && self->more_id == 0)
        self->more_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, more_cb, self, NULL);
      sb_mqtt_session_update_io (self);
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE; /* retire_connection () removed us if needed */
}

static gboolean
write_cb (int fd, GIOCondition condition, gpointer data)
{
  SbMqttSession *self = data;
  struct mosquitto *mosq = self->mosq;
  int rc;
  int saved_errno;

  g_object_ref (self);
  /* The TLS handshake advances only in loop_read (libmosquitto 2.0); a
   * handshake that waits for the socket to become writable would otherwise
   * never move. */
  if (self->state == SB_SESSION_CONNECTING)
    {
      errno = 0;
      rc = mosquitto_loop_read (mosq, 1);
      saved_errno = errno;
      if (self->mosq == mosq && rc != MOSQ_ERR_SUCCESS)
        sb_mqtt_session_handle_error (self, rc, saved_errno);
    }
  if (self->mosq == mosq)
    write_queued (self, mosq);
  if (self->mosq == mosq)
    sb_mqtt_session_update_io (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

gboolean
sb_mqtt_session_misc_cb (gpointer data)
{
  SbMqttSession *self = data;
  struct mosquitto *mosq = self->mosq;
  int rc;

  g_object_ref (self);
  rc = mosquitto_loop_misc (mosq);
  if (self->mosq == mosq && rc != MOSQ_ERR_SUCCESS)
    sb_mqtt_session_handle_error (self, rc, 0);
  if (self->mosq == mosq)
    sb_mqtt_session_update_io (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

gboolean
sb_mqtt_session_connect_timeout_cb (gpointer data)
{
  SbMqttSession *self = data;
  g_autofree char *message
      = g_strdup_printf (_ ("No answer from %s (connection timed out)"), self->address);

  self->connect_timeout_id = 0;
  sb_mqtt_session_schedule_retry (self, message);
  return G_SOURCE_REMOVE;
}

/* Keeps the watches in line with the socket and with what libmosquitto
 * wants to write; called after every libmosquitto call. */
void
sb_mqtt_session_update_io (SbMqttSession *self)
{
  int fd = self->mosq != NULL ? mosquitto_socket (self->mosq) : -1;

  if (fd < 0)
    {
      g_clear_handle_id (&self->read_id, g_source_remove);
      g_clear_handle_id (&self->write_id, g_source_remove);
      return;
    }
  if (self->read_id == 0)
    self->read_id = g_unix_fd_add_full (G_PRIORITY_DEFAULT, fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                        read_cb, self, NULL);
  if (mosquitto_want_write (self->mosq))
    {
      if (self->write_id == 0)
        self->write_id
            = g_unix_fd_add_full (G_PRIORITY_DEFAULT, fd, G_IO_OUT, write_cb, self, NULL);
    }
  else
    g_clear_handle_id (&self->write_id, g_source_remove);
}
