/* test-cli-serve.c: signalboard-cli serve as a dashboard sees it: a real
 * mosquitto behind, real HTTP in front
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-serve-test.h"
#include "sb-test-broker.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* GET @path and parse the JSON, asserting @status. */
static JsonNode *
get_json (guint port, const char *path, const char *headers, guint status)
{
  guint got = 0;
  g_autofree char *body = sb_http_request (port, "GET", path, headers, &got, NULL);

  g_test_message ("GET %s -> %u %s", path, got, body);
  g_assert_cmpuint (got, ==, status);
  return parse (body);
}

typedef struct
{
  guint port;
  const char *path;
  const char *source;
  const char *state;
} StateWait;

/* Polls /api/v1/sources (a real client would too) until @source is in @state. */
static gboolean
source_in_state (gpointer data)
{
  StateWait *wait = data;
  g_autoptr (JsonNode) root = get_json (wait->port, "/api/v1/sources", NULL, 200);
  JsonArray *sources = json_object_get_array_member (json_node_get_object (root), "sources");

  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *source = json_array_get_object_element (sources, i);

      if (g_str_equal (json_object_get_string_member (source, "name"), wait->source))
        return g_str_equal (json_object_get_string_member (source, "state"), wait->state);
    }
  return FALSE;
}

static void
wait_for_state (guint port, const char *source, const char *state)
{
  StateWait wait = { port, NULL, source, state };

  g_assert_true (sb_test_wait_for (source_in_state, &wait, 20000));
}

typedef struct
{
  guint port;
  guint n;
} TopicsWait;

/* Polls /api/v1/sources until the first source has @n topics. */
static gboolean
has_topics (gpointer data)
{
  TopicsWait *wait = data;
  g_autoptr (JsonNode) root = get_json (wait->port, "/api/v1/sources", NULL, 200);
  JsonObject *source = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (root), "sources"), 0);

  return json_object_get_int_member (source, "topics") == wait->n;
}

static void
wait_for_topics (guint port, guint n)
{
  TopicsWait wait = { port, n };

  g_assert_true (sb_test_wait_for (has_topics, &wait, 20000));
}

/* The values of a topic with a data path, retained before serve started;
 * the sources list; a source that cannot connect does not stop the others. */
static void
test_values (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config = NULL;
  g_autoptr (SbServe) serve = NULL;
  g_autoptr (JsonNode) values = NULL;
  g_autoptr (JsonNode) sources = NULL;
  g_autoptr (JsonNode) one = NULL;
  JsonObject *source, *topic;
  JsonArray *topics;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "shopfloor/station1/", "{\"status\":200}", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/station2/", "not json", 1, TRUE);
  config = sb_serve_write_config (dir, "Shopfloor", sb_test_broker_get_port (broker), "shopfloor/#",
                                  "$.status", "Nowhere", sb_test_free_port (), "#", NULL, NULL);
  serve = sb_serve_start (config, "--listen", "127.0.0.1:0", NULL);
  wait_for_state (serve->port, "Shopfloor", "connected");
  wait_for_topics (serve->port, 2);

  sources = get_json (serve->port, "/api/v1/sources", NULL, 200);
  source = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (sources), "sources"), 0);
  g_assert_cmpstr (json_object_get_string_member (source, "broker"), ==, "127.0.0.1");
  g_assert_cmpint (json_object_get_int_member (source, "port"), ==,
                   sb_test_broker_get_port (broker));
  g_assert_true (json_object_get_null_member (source, "error"));
  g_assert_false (json_object_has_member (source, "password"));
  source = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (sources), "sources"), 1);
  g_assert_cmpstr (json_object_get_string_member (source, "name"), ==, "Nowhere");
  g_assert_cmpstr (json_object_get_string_member (source, "state"), !=, "connected");

  values = get_json (serve->port, "/api/v1/values", NULL, 200);
  source = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (values), "sources"), 0);
  g_assert_cmpstr (json_object_get_string_member (source, "name"), ==, "Shopfloor");
  g_assert_cmpstr (json_object_get_string_member (source, "state"), ==, "connected");
  topics = json_object_get_array_member (source, "topics");
  g_assert_cmpuint (json_array_get_length (topics), ==, 2);
  topic = json_array_get_object_element (topics, 0);
  g_assert_cmpstr (json_object_get_string_member (topic, "topic"), ==, "shopfloor/station1/");
  g_assert_cmpstr (json_object_get_string_member (topic, "payload"), ==, "{\"status\":200}");
  g_assert_cmpint (json_object_get_int_member (topic, "value"), ==, 200);
  g_assert_true (json_object_get_boolean_member (topic, "retained"));
  g_assert_cmpint (json_object_get_int_member (topic, "qos"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (topic, "count"), ==, 1);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (topic, "time"), "Z"));
  topic = json_array_get_object_element (topics, 1);
  g_assert_true (json_object_get_null_member (topic, "value"));
  g_assert_cmpstr (json_object_get_string_member (topic, "value_error"), ==,
                   "The payload is not JSON");

  /* ?source= picks one; an unknown one is named in the 404. */
  one = get_json (serve->port, "/api/v1/values?source=Nowhere", NULL, 200);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (one), "sources")),
      ==, 1);
  {
    guint status = 0;
    g_autofree char *body = sb_http_request (serve->port, "GET", "/api/v1/values?source=Elsewhere",
                                             NULL, &status, NULL);
    g_assert_cmpuint (status, ==, 404);
    g_assert_nonnull (strstr (body, "Elsewhere"));
  }
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  g_clear_pointer (&serve, sb_serve_free);

  /* --max-topics: the first topic is kept, the second counted. */
  serve = sb_serve_start (config, "--listen", "127.0.0.1:0", "--source", "Shopfloor",
                          "--max-topics", "1", NULL);
  wait_for_topics (serve->port, 1);
  {
    g_autoptr (JsonNode) limited = NULL;
    JsonObject *first;

    for (guint tries = 0; tries < 400; tries++)
      {
        g_clear_pointer (&limited, json_node_unref);
        limited = get_json (serve->port, "/api/v1/sources", NULL, 200);
        first = json_array_get_object_element (
            json_object_get_array_member (json_node_get_object (limited), "sources"), 0);
        if (json_object_get_int_member (first, "topics_not_kept") > 0)
          break;
        g_usleep (50000);
      }
    g_assert_cmpint (json_object_get_int_member (first, "topics"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (first, "topics_not_kept"), ==, 1);
    g_assert_cmpuint (json_array_get_length (
                          json_object_get_array_member (json_node_get_object (limited), "sources")),
                      ==, 1);
  }
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  sb_test_remove_tree (dir);
}

/* Unknown paths, other methods, CORS (none unless asked), the headers of safety. */
static void
test_http_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config
      = sb_serve_write_config (dir, "Shopfloor", sb_test_free_port (), "#", NULL, NULL);
  g_autoptr (SbServe) serve = sb_serve_start (config, "--listen", "127.0.0.1:0", NULL);
  g_autoptr (SbServe) cors = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autoptr (JsonNode) error = NULL;
  guint status = 0;

  body = sb_http_request (serve->port, "GET", "/nothing", NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 404);
  error = parse (body);
  g_assert_true (json_object_has_member (json_node_get_object (error), "error"));
  g_assert_nonnull (strstr (headers, "Content-Security-Policy: default-src 'self'"));
  g_assert_null (strstr (headers, "Access-Control"));
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&headers, g_free);
  body = sb_http_request (serve->port, "POST", "/api/v1/values", "Content-Length: 0\r\n", &status,
                          NULL);
  g_assert_cmpuint (status, ==, 405);
  g_assert_nonnull (strstr (body, "\"error\""));
  g_clear_pointer (&body, g_free);
  body = sb_http_request (serve->port, "OPTIONS", "/api/v1/values", NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 405);
  g_assert_null (strstr (headers, "Access-Control"));
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&headers, g_free);

  /* Headers beyond the limit are refused before libsoup sees them. */
  {
    g_autoptr (GString) big = g_string_new (NULL);
    for (guint i = 0; i < 400; i++)
      g_string_append_printf (big, "X-Filler-%u: %s\r\n", i,
                              "0123456789012345678901234567890123456789");
    body = sb_http_request (serve->port, "GET", "/api/v1/values", big->str, &status, NULL);
    g_assert_cmpuint (status, ==, 431);
    g_clear_pointer (&body, g_free);
  }
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);

  cors = sb_serve_start (config, "--listen", "127.0.0.1:0", "--allow-origin",
                         "http://grafana.example:3000", NULL);
  body = sb_http_request (cors->port, "OPTIONS", "/api/v1/values",
                          "Origin: http://grafana.example:3000\r\n"
                          "Access-Control-Request-Method: GET\r\n",
                          &status, &headers);
  g_assert_cmpuint (status, ==, 204);
  g_assert_nonnull (strstr (headers, "Access-Control-Allow-Origin: http://grafana.example:3000"));
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&headers, g_free);
  body = sb_http_request (cors->port, "GET", "/api/v1/sources", NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (headers, "Access-Control-Allow-Origin: http://grafana.example:3000"));
  g_assert_cmpint (sb_serve_stop (cors), ==, 0);
  sb_test_remove_tree (dir);
}

/* What connects first gets every current value, then the live ones. */
static void
test_events (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config = NULL;
  g_autoptr (SbServe) serve = NULL;
  g_autoptr (SbSse) sse = NULL;
  gboolean seen_retained = FALSE, seen_new = FALSE, seen_state = FALSE;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "line/a", "{\"v\":1}", 1, TRUE);
  config = sb_serve_write_config (dir, "Line", sb_test_broker_get_port (broker), "#", "$.v", NULL);
  serve = sb_serve_start (config, "--listen", "127.0.0.1:0", NULL);
  wait_for_state (serve->port, "Line", "connected");
  sse = sb_sse_open (serve->port, "/api/v1/events", NULL);
  while (!(seen_retained && seen_state))
    {
      g_autofree char *event = NULL;
      g_autofree char *data = NULL;
      g_autoptr (JsonNode) node = NULL;

      g_assert_true (sb_sse_next (sse, &event, &data));
      node = parse (data);
      if (g_str_equal (event, "state"))
        {
          g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "state"), ==,
                           "connected");
          seen_state = TRUE;
        }
      else if (g_str_equal (event, "message"))
        {
          JsonObject *message = json_node_get_object (node);
          g_assert_cmpstr (json_object_get_string_member (message, "topic"), ==, "line/a");
          g_assert_cmpstr (json_object_get_string_member (message, "source"), ==, "Line");
          g_assert_cmpint (json_object_get_int_member (message, "value"), ==, 1);
          seen_retained = TRUE;
        }
    }
  sb_test_broker_publish (broker, "line/b", "{\"v\":42}", 0, FALSE);
  while (!seen_new)
    {
      g_autofree char *event = NULL;
      g_autofree char *data = NULL;

      g_assert_true (sb_sse_next (sse, &event, &data));
      if (g_str_equal (event, "message"))
        {
          g_autoptr (JsonNode) node = parse (data);
          JsonObject *message = json_node_get_object (node);

          /* Exactly the jsonl object of listen, keys in its order. */
          g_assert_true (g_str_has_prefix (data, "{\"time\":\""));
          g_assert_nonnull (strstr (data, "\",\"source\":\"Line\",\"topic\":\"line/b\",\"qos\":0,"
                                          "\"retained\":false,\"payload\":\"{\\\"v\\\":42}\","
                                          "\"value\":42}"));
          g_assert_cmpint (json_object_get_int_member (message, "value"), ==, 42);
          seen_new = TRUE;
        }
    }
  /* A Sparkplug B topic goes through the decoder as in listen: this payload is not one. */
  sb_test_broker_publish (broker, "spBv1.0/plant/NDATA/edge1", "not protobuf", 0, FALSE);
  for (;;)
    {
      g_autofree char *event = NULL;
      g_autofree char *data = NULL;
      g_autoptr (JsonNode) node = NULL;
      JsonObject *message;

      g_assert_true (sb_sse_next (sse, &event, &data));
      if (!g_str_equal (event, "message"))
        continue;
      node = parse (data);
      message = json_node_get_object (node);
      if (!g_str_equal (json_object_get_string_member (message, "topic"),
                        "spBv1.0/plant/NDATA/edge1"))
        continue;
      g_test_message ("%s", data);
      g_assert_true (json_object_has_member (message, "sparkplug"));
      g_assert_true (json_object_get_null_member (message, "sparkplug"));
      g_assert_nonnull (json_object_get_string_member (message, "sparkplug_error"));
      break;
    }
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  sb_test_remove_tree (dir);
}

/* The broker goes away and comes back: the stream says so. */
static void
test_state_events (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config = NULL;
  g_autoptr (SbServe) serve = NULL;
  g_autoptr (SbSse) sse = NULL;
  const char *expected[] = { "connected", "reconnecting", "connected" };
  guint step = 0;

  sb_test_broker_start (broker);
  config = sb_serve_write_config (dir, "Line", sb_test_broker_get_port (broker), "#", NULL, NULL);
  serve = sb_serve_start (config, "--listen", "127.0.0.1:0", NULL);
  wait_for_state (serve->port, "Line", "connected");
  sse = sb_sse_open (serve->port, "/api/v1/events?source=Line", NULL);
  while (step < G_N_ELEMENTS (expected))
    {
      g_autofree char *event = NULL;
      g_autofree char *data = NULL;
      g_autoptr (JsonNode) node = NULL;
      JsonObject *state;

      g_assert_true (sb_sse_next (sse, &event, &data));
      if (!g_str_equal (event, "state"))
        continue;
      node = parse (data);
      state = json_node_get_object (node);
      g_test_message ("state: %s", data);
      g_assert_cmpstr (json_object_get_string_member (state, "source"), ==, "Line");
      if (!g_str_equal (json_object_get_string_member (state, "state"), expected[step]))
        continue;
      if (step == 1)
        g_assert_false (json_object_get_null_member (state, "error"));
      step++;
      if (step == 1)
        sb_test_broker_stop (broker);
      else if (step == 2)
        sb_test_broker_start (broker);
    }
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  sb_test_remove_tree (dir);
}

/* With a token every request needs it: as a bearer, or as the cookie that /?token= sets. */
static void
test_token (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config
      = sb_serve_write_config (dir, "Shopfloor", sb_test_free_port (), "#", NULL, NULL);
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autoptr (SbServe) serve = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  g_assert_true (g_file_set_contents (token_file, "s3cret-t0ken\n", -1, NULL));
  serve = sb_serve_start (config, "--listen", "127.0.0.1:0", "--token-file", token_file, NULL);
  body = sb_http_request (serve->port, "GET", "/api/v1/values", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_free);
  body = sb_http_request (serve->port, "GET", "/api/v1/values",
                          "Authorization: Bearer s3cret-t0kex\r\n", &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_free);
  body = sb_http_request (serve->port, "GET", "/api/v1/values",
                          "Authorization: Bearer s3cret-t0ken\r\n", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_free);
  body = sb_http_request (serve->port, "GET", "/", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_free);
  body = sb_http_request (serve->port, "GET", "/?token=wrong", NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 401);
  g_assert_null (strstr (headers, "Set-Cookie"));
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&headers, g_free);
  body = sb_http_request (serve->port, "GET", "/?token=s3cret-t0ken", NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 303);
  g_assert_nonnull (strstr (headers, "Location: /\n"));
  g_assert_nonnull (
      strstr (headers, "Set-Cookie: sb_token=s3cret-t0ken; Path=/; HttpOnly; SameSite=Strict"));
  g_clear_pointer (&body, g_free);
  body = sb_http_request (serve->port, "GET", "/", "Cookie: sb_token=s3cret-t0ken\r\n", &status,
                          NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "<script src=\"/serve.js\""));
  g_clear_pointer (&body, g_free);
  body = sb_http_request (serve->port, "GET", "/api/v1/sources",
                          "Cookie: sb_token=s3cret-t0ken\r\n", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  sb_test_remove_tree (dir);
}

/* Exit codes: 2 options (a non-loopback address without a token), 1 files, 3 binding. */
static void
test_exit_codes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config
      = sb_serve_write_config (dir, "Shopfloor", sb_test_free_port (), "#", NULL, NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *err = NULL;
  g_autofree char *address = NULL;
  g_autoptr (SbServe) serve = NULL;

  g_assert_cmpint (sb_serve_run_to_exit (&err, config, "--listen", "0.0.0.0:0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--token-file"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sb_serve_run_to_exit (NULL, config, "--listen", "192.0.2.1:8642", NULL), ==, 2);
  g_assert_cmpint (sb_serve_run_to_exit (NULL, config, "--listen", "nonsense", NULL), ==, 2);
  g_assert_cmpint (sb_serve_run_to_exit (NULL, config, "--source", "Other", NULL), ==, 2);
  g_assert_cmpint (sb_serve_run_to_exit (NULL, config, "--password-file", "Other=x", NULL), ==, 2);
  g_assert_cmpint (sb_serve_run_to_exit (NULL, config, "--password-file", "nofile", NULL), ==, 2);
  g_assert_cmpint (sb_serve_run_to_exit (NULL, "--listen", "127.0.0.1:0", NULL), ==, 2);
  g_assert_true (g_file_set_contents (bad, "{\"format\":", -1, NULL));
  g_assert_cmpint (sb_serve_run_to_exit (NULL, bad, NULL), ==, 1);
  g_assert_cmpint (sb_serve_run_to_exit (NULL, missing, NULL), ==, 1);
  g_assert_cmpint (sb_serve_run_to_exit (NULL, config, "--token-file", missing, NULL), ==, 1);
  g_assert_cmpint (
      sb_serve_run_to_exit (NULL, config, "--password-file", "Shopfloor=/nonexistent/pw", NULL), ==,
      1);

  serve = sb_serve_start (config, "--listen", "127.0.0.1:0", NULL);
  address = g_strdup_printf ("127.0.0.1:%u", serve->port);
  g_assert_cmpint (sb_serve_run_to_exit (&err, config, "--listen", address, NULL), ==, 3);
  g_assert_nonnull (strstr (err, address));
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  sb_test_remove_tree (dir);
}

/* 64 connections at once; the next is told 503; a closed one frees its place. */
static void
test_connection_limit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config
      = sb_serve_write_config (dir, "Shopfloor", sb_test_free_port (), "#", NULL, NULL);
  g_autoptr (SbServe) serve = sb_serve_start (config, "--listen", "127.0.0.1:0", NULL);
  g_autoptr (GPtrArray) streams = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_sse_free);
  g_autofree char *body = NULL;
  guint status = 0;

  for (guint i = 0; i < 64; i++)
    g_ptr_array_add (streams, sb_sse_open (serve->port, "/api/v1/events", NULL));
  body = sb_http_request (serve->port, "GET", "/api/v1/sources", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 503);
  g_assert_nonnull (strstr (body, "\"error\""));
  g_clear_pointer (&body, g_free);
  g_ptr_array_remove_index (streams, 0);
  /* The server notices the close when it reads the end of that stream. */
  for (guint tries = 0; tries < 200; tries++)
    {
      g_clear_pointer (&body, g_free);
      body = sb_http_request (serve->port, "GET", "/api/v1/sources", NULL, &status, NULL);
      if (status == 200)
        break;
      g_usleep (50000);
    }
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  sb_test_remove_tree (dir);
}

/* An event client that never reads: serve keeps the latest value per topic
 * for it, not a queue, so its memory stays flat through a flood. */
static void
test_slow_client_memory (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config = NULL;
  g_autofree char *port = NULL;
  g_autoptr (SbServe) serve = NULL;
  g_autoptr (SbSse) sse = NULL;
  g_autoptr (JsonNode) values = NULL;
  const char *pid;
  guint64 before, after;

  sb_test_broker_add_config (broker, "max_queued_messages 0\nmax_inflight_messages 0\n");
  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  config = sb_serve_write_config (dir, "Flood", sb_test_broker_get_port (broker), "#", NULL, NULL);
  serve = sb_serve_start (config, "--listen", "127.0.0.1:0", NULL);
  pid = g_subprocess_get_identifier (serve->process);
  wait_for_state (serve->port, "Flood", "connected");
  sse = sb_sse_open (serve->port, "/api/v1/events", NULL);
  /* Warm up: every topic exists once, then measure over a flood 20 times as long. */
  {
    const char *argv[] = { sb_test_build_path ("src/sim/signalboard-shopfloor-sim"),
                           "-p",
                           port,
                           "--quiet",
                           "--flood",
                           "20000",
                           "--topics",
                           "1000",
                           "--payload-size",
                           "200",
                           NULL };
    g_autoptr (GError) error = NULL;
    g_autoptr (GSubprocess) sim = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (sim, NULL, &error));
    g_assert_no_error (error);
  }
  before = sb_rss_kib (pid);
  {
    const char *argv[] = { sb_test_build_path ("src/sim/signalboard-shopfloor-sim"),
                           "-p",
                           port,
                           "--quiet",
                           "--flood",
                           "400000",
                           "--topics",
                           "1000",
                           "--payload-size",
                           "200",
                           NULL };
    g_autoptr (GError) error = NULL;
    g_autoptr (GSubprocess) sim = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (sim, NULL, &error));
    g_assert_no_error (error);
  }
  /* serve has read the flood (its marker is a topic of its own) and is still answering. */
  wait_for_topics (serve->port, 1001);
  values = get_json (serve->port, "/api/v1/sources", NULL, 200);
  after = sb_rss_kib (pid);
  g_test_message ("RSS before the flood %" G_GUINT64_FORMAT " KiB, after 400,000 messages (80 MB) "
                  "with a client that never reads: %" G_GUINT64_FORMAT " KiB",
                  before, after);
  /* 80 MB of messages went past the client; a queue would have kept them. */
  g_assert_cmpuint (after, <, before + 8 * 1024);
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  sb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/serve/values", test_values);
  g_test_add_func ("/serve/http-errors", test_http_errors);
  g_test_add_func ("/serve/events", test_events);
  g_test_add_func ("/serve/state-events", test_state_events);
  g_test_add_func ("/serve/token", test_token);
  g_test_add_func ("/serve/exit-codes", test_exit_codes);
  g_test_add_func ("/serve/connection-limit", test_connection_limit);
  g_test_add_func ("/serve/slow-client-memory", test_slow_client_memory);
  return g_test_run ();
}
