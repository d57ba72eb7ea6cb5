/* signalboard-shopfloor-sim.c: publishes the seed's shopfloor feed, or floods a broker
 *
 * The demo and the tests need the feed the seed page points at on public
 * brokers (shopfloor/counter/, shopfloor/station1/ .. station5/) without
 * internet; the benchmarks need a publisher that is never the bottleneck.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sb-util.h"
#include "sim.h"

#define PROGRAM "signalboard-shopfloor-sim"

void
sim_note (const SimOptions *options, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (options->quiet)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, message);
}

void
sim_problem (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, message);
}

const char *
sim_strerror (int rc)
{
  int saved = errno;

  if (rc == MOSQ_ERR_ERRNO)
    return g_strerror (saved);
  if (rc == MOSQ_ERR_EAI)
    return _ ("unknown host");
  return mosquitto_strerror (rc);
}

struct mosquitto *
sim_client_new (const SimOptions *options, void *userdata)
{
  struct mosquitto *mosq = mosquitto_new (NULL, TRUE, userdata);

  if (mosq == NULL)
    g_error ("mosquitto_new: %s", g_strerror (errno));
  mosquitto_int_option (mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  if (options->username != NULL)
    mosquitto_username_pw_set (mosq, options->username, options->password);
  return mosq;
}

static int
usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, message);
  fprintf (stderr, _ ("Try “%s --help” for more information.\n"), PROGRAM);
  return SIM_EXIT_USAGE;
}

/* The first line of @path, without its line end: a password file as
 * mosquitto_passwd users keep them, one secret per file. */
static char *
read_password_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  contents[strcspn (contents, "\r\n")] = '\0';
  return g_steal_pointer (&contents);
}

static void
options_clear (SimOptions *options)
{
  g_free (options->broker);
  g_free (options->username);
  /* memset before g_free may be dropped by the compiler; this wipe is not. */
  sb_secret_free (options->password);
  g_free (options->prefix);
  g_free (options->marker_topic);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimOptions, options_clear)

static gboolean
valid_publish_topic (const char *topic)
{
  return topic[0] != '\0' && mosquitto_pub_topic_check (topic) == MOSQ_ERR_SUCCESS
         && g_utf8_validate (topic, -1, NULL);
}

/* Checks what GOption cannot; returns SIM_EXIT_OK or the usage error's code. */
static int
check_options (SimOptions *o, gboolean have_flood_only, gboolean have_feed_only)
{
  if (o->broker == NULL || o->broker[0] == '\0')
    return usage_error (_ ("--broker must not be empty"));
  if (o->port < 1 || o->port > 65535)
    return usage_error (_ ("--port: %d is not a port (1-65535)"), o->port);
  if (o->qos < 0 || o->qos > 2)
    return usage_error (_ ("--qos: %d is not a QoS level (0, 1 or 2)"), o->qos);
  if (o->keepalive < 5 || o->keepalive > 65535)
    return usage_error (_ ("--keep-alive: %d is out of range (5-65535)"), o->keepalive);
  if (o->username == NULL && o->password != NULL)
    return usage_error (_ ("a password needs --username"));

  if (o->flood < 0)
    return usage_error (_ ("--flood: %" PRId64 " is not a message count (1 or more)"), o->flood);
  if (o->flood == 0 && have_flood_only)
    return usage_error (_ ("--topics, --payload-size, --rate, --prefix and --marker-topic need "
                           "--flood"));
  if (o->sparkplug && o->json)
    return usage_error (_ ("--json and --sparkplug are two payload formats: choose one"));
  if (o->flood > 0 && have_feed_only)
    return usage_error (_ ("--seed, --speed, --json, --sparkplug, --counter-max, --duration and "
                           "--verbose do not apply to --flood"));

  if (!(o->speed > 0.0 && o->speed <= 10000.0))
    return usage_error (_ ("--speed: %g is out of range (more than 0, at most 10000)"), o->speed);
  if (o->counter_max < 1)
    return usage_error (_ ("--counter-max: %d is out of range (1 or more)"), o->counter_max);
  if (!(o->duration >= 0.0 && o->duration <= 1e9))
    return usage_error (_ ("--duration: %g is out of range (0 or more seconds)"), o->duration);

  if (o->topics < 1 || o->topics > 10000000)
    return usage_error (_ ("--topics: %d is out of range (1-10000000)"), o->topics);
  if (o->payload_size < 0 || o->payload_size > 256 * 1024 * 1024)
    return usage_error (_ ("--payload-size: %d is out of range (0-268435456)"), o->payload_size);
  if (!(o->rate >= 0.0 && o->rate <= 1e9))
    return usage_error (_ ("--rate: %g is out of range (0 or more messages per second)"), o->rate);
  if (!valid_publish_topic (o->prefix) || g_str_has_suffix (o->prefix, "/"))
    return usage_error (_ ("--prefix: “%s” is not a topic prefix (no +, #, trailing /)"),
                        o->prefix);
  if (!valid_publish_topic (o->marker_topic))
    return usage_error (_ ("--marker-topic: “%s” is not a topic name"), o->marker_topic);
  return SIM_EXIT_OK;
}

int
main (int argc, char **argv)
{
  g_auto (SimOptions) o = {
    .port = 1883,
    .qos = 0,
    .keepalive = 30,
    .seed = -1,
    .speed = 1.0,
    .counter_max = 100,
    .topics = 1,
  };
  g_autofree char *password_file = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  /* Sentinels tell "not given" apart from any value a user can type. */
  int topics = G_MININT, payload_size = G_MININT, counter_max = G_MININT;
  double rate = NAN, speed = NAN, duration = NAN;
  gint64 seed = G_MININT64;
  g_autofree char *prefix = NULL, *marker_topic = NULL;
  gboolean json = FALSE, verbose = FALSE, sparkplug = FALSE;
  int rc;

  const GOptionEntry entries[] = {
    { "broker", 0, 0, G_OPTION_ARG_STRING, &o.broker, N_ ("Broker host (default 127.0.0.1)"),
      N_ ("HOST") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &o.port, N_ ("Broker port (default 1883)"), N_ ("N") },
    { "username", 'u', 0, G_OPTION_ARG_STRING, &o.username, N_ ("User name"), N_ ("USER") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_ ("Read the password from the first line of FILE (or set $SIGNALBOARD_PASSWORD)"),
      N_ ("FILE") },
    { "qos", 'q', 0, G_OPTION_ARG_INT, &o.qos, N_ ("QoS of the published messages (default 0)"),
      N_ ("0|1|2") },
    { "keep-alive", 'k', 0, G_OPTION_ARG_INT, &o.keepalive,
      N_ ("Keep-alive interval in seconds (default 30)"), N_ ("SECONDS") },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &o.quiet, N_ ("Print only problems on stderr"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_ ("Seed the random generator for a repeatable run"), N_ ("N") },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
      N_ ("Run the simulated clock X times faster (default 1)"), N_ ("X") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_ ("Publish JSON payloads ({\"status\":200,\"since\":\"…\"}, {\"count\":41})"), NULL },
    { "sparkplug", 0, 0, G_OPTION_ARG_NONE, &sparkplug,
      N_ ("Publish as Sparkplug B edge node Shopfloor/Line1 with devices Station1 .. Station5 "
          "(NBIRTH with bdSeq, DBIRTHs, DDATA by alias, NDEATH as the will)"),
      NULL },
    { "counter-max", 0, 0, G_OPTION_ARG_INT, &counter_max,
      N_ ("The counter goes back to 0 after this value (default 100)"), N_ ("N") },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration,
      N_ ("Stop after this many simulated seconds (default: run until stopped)"), N_ ("SECONDS") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_ ("Print every change on stdout as “SECONDS TOPIC VALUE”"), NULL },
    { "flood", 0, 0, G_OPTION_ARG_INT64, &o.flood,
      N_ ("Publish N messages as fast as possible, then the marker, and exit"), N_ ("N") },
    { "topics", 0, 0, G_OPTION_ARG_INT, &topics,
      N_ ("Spread the flood over K topics PREFIX/0 .. PREFIX/K-1 (default 1)"), N_ ("K") },
    { "payload-size", 0, 0, G_OPTION_ARG_INT, &payload_size,
      N_ ("Flood payloads of B bytes (default: the message number as text)"), N_ ("B") },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate,
      N_ ("Flood at R messages per second (default: as fast as possible)"), N_ ("R") },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &prefix,
      N_ ("Topic prefix of the flood (default flood)"), N_ ("P") },
    { "marker-topic", 0, 0, G_OPTION_ARG_STRING, &marker_topic,
      N_ ("Topic of the flood's final marker (default signalboard-sim/flood-done)"), N_ ("TOPIC") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (
      context, _ ("Publishes the shopfloor demo feed, retained, to an MQTT broker:\n"
                  "  shopfloor/counter/     counts up about once a second, back to 0 after "
                  "--counter-max\n"
                  "  shopfloor/station1/ .. shopfloor/station5/   status 100, 200 or 300,\n"
                  "                         changing every few seconds\n"
                  "With --flood N it publishes N messages instead (for benchmarks), then a\n"
                  "marker message at QoS 1 and waits for the broker's acknowledgement."));
  description = g_strdup_printf (
      _ ("The flood's marker goes to %s (payload: N) unless --marker-topic says otherwise;\n"
         "when the program exits 0 the broker has every message.\n\n"
         "Exit status: 0 ok, 1 failure (e.g. an unreadable password file, an interrupted\n"
         "flood), 2 usage error, 3 cannot connect (or the connection was lost in a flood)."),
      SIM_DEFAULT_MARKER_TOPIC);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_ ("unexpected argument “%s”"), argv[1]);

  if (o.broker == NULL)
    o.broker = g_strdup ("127.0.0.1");
  if (seed != G_MININT64)
    {
      if (seed < 0)
        return usage_error (_ ("--seed: %" PRId64 " is not a seed (0 or more)"), seed);
      o.seed = seed;
    }
  if (!isnan (speed))
    o.speed = speed;
  if (counter_max != G_MININT)
    o.counter_max = counter_max;
  if (!isnan (duration))
    o.duration = duration;
  o.json = json;
  o.sparkplug = sparkplug;
  o.verbose = verbose;
  if (topics != G_MININT)
    o.topics = topics;
  if (payload_size != G_MININT)
    o.payload_size = payload_size;
  if (!isnan (rate))
    o.rate = rate;
  o.prefix = g_strdup (prefix != NULL ? prefix : SIM_DEFAULT_FLOOD_PREFIX);
  o.marker_topic = g_strdup (marker_topic != NULL ? marker_topic : SIM_DEFAULT_MARKER_TOPIC);

  if (password_file != NULL)
    {
      o.password = read_password_file (password_file, &error);
      if (o.password == NULL)
        {
          sim_problem (_ ("cannot read the password file: %s"), error->message);
          return SIM_EXIT_FAILURE;
        }
    }
  else if (g_getenv ("SIGNALBOARD_PASSWORD") != NULL && o.username != NULL)
    o.password = g_strdup (g_getenv ("SIGNALBOARD_PASSWORD"));

  rc = check_options (&o,
                      topics != G_MININT || payload_size != G_MININT || !isnan (rate)
                          || prefix != NULL || marker_topic != NULL,
                      seed != G_MININT64 || !isnan (speed) || json || sparkplug
                          || counter_max != G_MININT || !isnan (duration) || verbose);
  if (rc != SIM_EXIT_OK)
    return rc;

  mosquitto_lib_init ();
  rc = o.flood > 0 ? sim_flood_run (&o) : sim_feed_run (&o);
  mosquitto_lib_cleanup ();
  return rc;
}
