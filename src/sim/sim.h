/* sim.h: what the parts of signalboard-shopfloor-sim share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <mosquitto.h>

G_BEGIN_DECLS

/* The same exit codes as signalboard-cli, so scripts treat both alike. */
typedef enum
{
  SIM_EXIT_OK = 0,
  SIM_EXIT_FAILURE = 1, /* unreadable password file, interrupted flood, publish error */
  SIM_EXIT_USAGE = 2,   /* unknown option, bad value */
  SIM_EXIT_CONNECT = 3, /* cannot connect / refused / connection lost during a flood */
} SimExit;

/* The marker a flood ends with, outside the default flood prefix so that a
 * "PREFIX/#" subscriber counts exactly the N flood messages. */
#define SIM_DEFAULT_FLOOD_PREFIX "flood"
#define SIM_DEFAULT_MARKER_TOPIC "signalboard-sim/flood-done"

typedef struct
{
  /* connection */
  char *broker;
  int port;
  char *username;
  char *password; /* from --password-file or $SIGNALBOARD_PASSWORD */
  int qos;
  int keepalive;
  gboolean quiet;

  /* feed */
  gint64 seed; /* < 0: random */
  double speed;
  gboolean json;
  gboolean sparkplug; /* Sparkplug B: an edge node with a device per station */
  int counter_max;
  double duration; /* simulated seconds; 0: until a signal */
  gboolean verbose;

  /* flood */
  gint64 flood; /* 0: feed mode */
  int topics;
  int payload_size; /* 0: the message number as text */
  double rate;      /* 0: as fast as possible */
  char *prefix;
  char *marker_topic;
} SimOptions;

/* A client with credentials and protocol set; callbacks are the caller's. */
struct mosquitto *
sim_client_new (const SimOptions *options, void *userdata);

/* A progress or problem line on stderr ("signalboard-shopfloor-sim: …");
 * progress is suppressed by --quiet, problems are not. */
void
sim_note (const SimOptions *options, const char *format, ...) G_GNUC_PRINTF (2, 3);
void
sim_problem (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Text for a failed libmosquitto call, with errno where it applies. */
const char *
sim_strerror (int rc);

int
sim_feed_run (const SimOptions *options);

/* --sparkplug: the edge node and its payloads (sim-sparkplug.c). Station numbers
 * are 1 to 5; 0 in a topic means the node itself. */
#define SIM_SPARKPLUG_GROUP "Shopfloor"
#define SIM_SPARKPLUG_NODE "Line1"
char *
sim_sparkplug_topic (const char *type, guint station);
GBytes *
sim_sparkplug_nbirth (guint64 bdseq, int counter, guint64 now_ms);
GBytes *
sim_sparkplug_ndeath (guint64 bdseq, guint64 now_ms);
GBytes *
sim_sparkplug_ndata (int counter, guint64 seq, guint64 now_ms);
GBytes *
sim_sparkplug_dbirth (guint station, int status, guint64 seq, guint64 now_ms);
GBytes *
sim_sparkplug_ddata (guint station, int status, guint64 seq, guint64 now_ms);
int
sim_flood_run (const SimOptions *options);

G_END_DECLS
