/* sb-record-helper.c: records everything a broker sends to a file through SbRecorder, and
 * says on stdout "ready" once subscribed and "flushed N" after each flush, so that
 * test-recorder can kill it mid-flood and check the file against the last flush.
 *
 * Usage: sb-record-helper PORT FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sb-mqtt-session.h"
#include "sb-recorder.h"
#include "sb-subscription.h"

static void
on_message (SbMqttSession *session, SbMessage *message, SbRecorder *recorder)
{
  sb_recorder_add (recorder, "Flood", message, NULL);
}

static void
on_connected (SbMqttSession *session, gpointer data)
{
  printf ("ready\n");
  fflush (stdout);
}

static void
on_flushed (SbRecorder *recorder, GParamSpec *pspec, gpointer data)
{
  printf ("flushed %" G_GUINT64_FORMAT "\n", sb_recorder_get_flushed_count (recorder));
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) all = sb_subscription_new ("#");
  g_autoptr (SbRecorder) recorder = NULL;
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  if (argc != 3)
    {
      fprintf (stderr, "usage: sb-record-helper PORT FILE\n");
      return 2;
    }
  recorder = sb_recorder_new (argv[2], sb_record_format_for_path (argv[2]), &error);
  if (recorder == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  sb_data_source_set_name (source, "Flood");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, (guint)atoi (argv[1]));
  sb_data_source_set_qos (source, 1);
  sb_subscription_set_qos (all, 1);
  sb_data_source_add_subscription (source, all);
  session = sb_mqtt_session_new (source);
  g_signal_connect (session, "message", G_CALLBACK (on_message), recorder);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), NULL);
  g_signal_connect (recorder, "notify::flushed-count", G_CALLBACK (on_flushed), NULL);
  sb_mqtt_session_start (session);
  g_main_loop_run (loop);
  return 0;
}
