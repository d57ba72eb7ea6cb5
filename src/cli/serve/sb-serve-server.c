/* sb-serve-server.c: HTTP for serve: libsoup's SoupServer answers requests,
 * but the connections are accepted here (GSocketService), because SoupServer
 * 3.2 has no limit of its own on connections, header size or idle time.
 *
 * Each connection carries one request (every response says
 * "Connection: close"), so reading the headers here bounds every request's
 * headers; the bytes read go to libsoup in front of the socket's stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-serve-server.h"

#include <libsoup/soup.h>
#include <string.h>

#include "sb-message-json.h"
#include "sb-prefix-input-stream.h"
#include "sb-serve-stream.h"

#define RESOURCE_PREFIX "/io/github/signalboard/serve/"
#define TOKEN_COOKIE "sb_token"
#define CSP "default-src 'self'"
#define INITIAL_MARKER "@INITIAL@"
#define FLUSH_DEADLINE_MS 50

struct _SbServeServer
{
  GObject parent_instance;
  SbServeStore *store;
  guint8 token_digest[32];
  gboolean has_token;
  char *allow_origin;
  SoupServer *soup;
  GSocketService *service;
  guint port;
  guint n_connections; /* accepted and not refused: reading headers, with libsoup, streams */
  guint n_refusing;    /* being told 503 */
  GHashTable *handed;  /* GIOStream given to libsoup (weakly referenced) */
  GPtrArray *streams;  /* SbServeStream */
  guint flush_id;
  guint flush_deadline_id;
};

G_DEFINE_FINAL_TYPE (SbServeServer, sb_serve_server, G_TYPE_OBJECT)

/* A connection whose request headers are being read. */
typedef struct
{
  SbServeServer *server;
  GSocketConnection *connection;
  GByteArray *head;
  gboolean refused; /* over the connection limit: gets 503 */
  guint8 buffer[4096];
} Incoming;

static void
connection_gone (gpointer data, GObject *where_the_stream_was)
{
  SbServeServer *self = data;

  g_hash_table_remove (self->handed, where_the_stream_was);
  self->n_connections--;
}

static void
forget_handed (gpointer key, gpointer value, gpointer data)
{
  g_object_weak_unref (key, connection_gone, data);
}

void
sb_serve_server_close (SbServeServer *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->flush_deadline_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  while (self->streams->len > 0)
    {
      SbServeStream *stream = g_ptr_array_index (self->streams, self->streams->len - 1);

      g_signal_handlers_disconnect_by_data (stream, self);
      sb_serve_stream_close (stream);
      g_ptr_array_remove_index (self->streams, self->streams->len - 1);
    }
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}

static void
sb_serve_server_dispose (GObject *object)
{
  SbServeServer *self = SB_SERVE_SERVER (object);

  sb_serve_server_close (self);
  g_hash_table_foreach (self->handed, forget_handed, self);
  g_hash_table_remove_all (self->handed);
  g_clear_object (&self->soup);
  g_clear_object (&self->service);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (sb_serve_server_parent_class)->dispose (object);
}

static void
sb_serve_server_finalize (GObject *object)
{
  SbServeServer *self = SB_SERVE_SERVER (object);

  g_free (self->allow_origin);
  g_hash_table_unref (self->handed);
  g_ptr_array_unref (self->streams);
  G_OBJECT_CLASS (sb_serve_server_parent_class)->finalize (object);
}

static void
sb_serve_server_class_init (SbServeServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sb_serve_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = sb_serve_server_finalize;
}

static void
sb_serve_server_init (SbServeServer *self)
{
  self->handed = g_hash_table_new (NULL, NULL);
  self->streams = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- the token ---------------------------------------------------------- */

static void
digest (const char *text, gsize len, guint8 out[32])
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize out_len = 32;

  g_checksum_update (checksum, (const guchar *)text, (gssize)len);
  g_checksum_get_digest (checksum, out, &out_len);
}

/* Compares digests of equal length byte by byte to the end: the time taken
 * says nothing about how much of a guess was right. */
static gboolean
token_matches (SbServeServer *self, const char *candidate)
{
  guint8 guess[32];
  guint8 diff = 0;

  if (candidate == NULL)
    return FALSE;
  digest (candidate, strlen (candidate), guess);
  for (guint i = 0; i < sizeof guess; i++)
    diff |= guess[i] ^ self->token_digest[i];
  return diff == 0;
}

static char *
cookie_token (SoupServerMessage *msg)
{
  const char *header
      = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Cookie");
  g_autoptr (GHashTable) cookies = NULL;
  const char *value;

  if (header == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (header);
  value = g_hash_table_lookup (cookies, TOKEN_COOKIE);
  return value != NULL ? g_uri_unescape_string (value, NULL) : NULL;
}

static gboolean
authorized (SbServeServer *self, SoupServerMessage *msg)
{
  const char *auth;
  g_autofree char *cookie = NULL;

  if (!self->has_token)
    return TRUE;
  auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                       "Authorization");
  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0
      && token_matches (self, auth + 7))
    return TRUE;
  cookie = cookie_token (msg);
  return cookie != NULL && token_matches (self, cookie);
}

/* ---- responses ---------------------------------------------------------- */

static void
set_common_headers (SbServeServer *self, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Security-Policy", CSP);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Connection", "close");
  if (self->allow_origin != NULL)
    {
      soup_message_headers_replace (headers, "Access-Control-Allow-Origin", self->allow_origin);
      soup_message_headers_replace (headers, "Vary", "Origin");
    }
}

static void
respond_json (SoupServerMessage *msg, guint status, GString *json)
{
  gsize len = json->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (json, FALSE), len);
}

static void
respond_error (SoupServerMessage *msg, guint status, const char *message)
{
  GString *json = g_string_new ("{\"error\":");

  sb_json_append_text (json, message);
  g_string_append (json, "}\n");
  respond_json (msg, status, json);
}

static void
respond_resource (SoupServerMessage *msg, const char *name, const char *content_type)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  gsize len = 0;
  const char *data;

  g_assert (bytes != NULL);
  data = g_bytes_get_data (bytes, &len);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, len);
}

/* The source a ?source=NAME asks for: -1 for all; FALSE (and a 404) for an unknown one. */
static gboolean
pick_source (SbServeServer *self, SoupServerMessage *msg, GHashTable *query, int *index)
{
  const char *name = query != NULL ? g_hash_table_lookup (query, "source") : NULL;
  g_autofree char *message = NULL;

  *index = -1;
  if (name == NULL)
    return TRUE;
  *index = sb_serve_store_find (self->store, name);
  if (*index >= 0)
    return TRUE;
  message = g_strdup_printf ("no data source named “%s”", name);
  respond_error (msg, SOUP_STATUS_NOT_FOUND, message);
  return FALSE;
}

static void
append_nullable (GString *out, const char *text)
{
  if (text != NULL)
    sb_json_append_text (out, text);
  else
    g_string_append (out, "null");
}

static void
append_sources (SbServeServer *self, GString *json)
{
  g_string_append (json, "{\"sources\":[");

  for (guint i = 0; i < sb_serve_store_get_n_sources (self->store); i++)
    {
      SbDataSource *source = sb_serve_store_get_source (self->store, i);

      g_string_append (json, i > 0 ? ",{\"id\":" : "{\"id\":");
      sb_json_append_text (json, sb_data_source_get_id (source));
      g_string_append (json, ",\"name\":");
      g_string_append (json, sb_serve_store_get_name_json (self->store, i));
      g_string_append (json, ",\"broker\":");
      sb_json_append_text (json, sb_data_source_get_broker (source));
      g_string_append_printf (json, ",\"port\":%u,\"state\":\"%s\",\"error\":",
                              sb_data_source_get_effective_port (source),
                              sb_serve_store_get_state (self->store, i));
      append_nullable (json, sb_serve_store_get_error (self->store, i));
      g_string_append_printf (json, ",\"topics\":%u,\"topics_not_kept\":%" G_GUINT64_FORMAT "}",
                              sb_serve_store_get_topics (self->store, i)->len,
                              sb_serve_store_get_topics_not_kept (self->store, i));
    }
  g_string_append (json, "]}");
}

static void
handle_sources (SbServeServer *self, SoupServerMessage *msg)
{
  GString *json = g_string_new (NULL);

  append_sources (self, json);
  g_string_append_c (json, '\n');
  respond_json (msg, SOUP_STATUS_OK, json);
}

/* @only: a source index, or -1 for all. */
static void
append_values (SbServeServer *self, GString *json, int only)
{
  gboolean first_source = TRUE;

  g_string_append (json, "{\"sources\":[");
  for (guint i = 0; i < sb_serve_store_get_n_sources (self->store); i++)
    {
      GPtrArray *topics = sb_serve_store_get_topics (self->store, i);

      if (only >= 0 && (guint)only != i)
        continue;
      g_string_append (json, first_source ? "{\"name\":" : ",{\"name\":");
      first_source = FALSE;
      g_string_append (json, sb_serve_store_get_name_json (self->store, i));
      g_string_append_printf (json, ",\"state\":\"%s\",\"topics\":[",
                              sb_serve_store_get_state (self->store, i));
      for (guint t = 0; t < topics->len; t++)
        {
          SbServeTopic *topic = g_ptr_array_index (topics, t);

          g_string_append (json, t > 0 ? ",{\"topic\":" : "{\"topic\":");
          sb_json_append_string (json, topic->topic, strlen (topic->topic));
          g_string_append (json, ",\"time\":");
          sb_json_append_time (json, topic->time);
          g_string_append_printf (json, ",\"qos\":%d,\"retained\":%s,\"count\":%" G_GUINT64_FORMAT,
                                  topic->qos, topic->retained ? "true" : "false", topic->count);
          /* The jsonl object's keys after "retained", its closing brace included. */
          g_string_append_len (json, topic->line->str + topic->content_at,
                               topic->line->len - topic->content_at);
        }
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}");
}

static void
handle_values (SbServeServer *self, SoupServerMessage *msg, GHashTable *query)
{
  GString *json;
  int only;

  if (!pick_source (self, msg, query, &only))
    return;
  json = g_string_new (NULL);
  append_values (self, json, only);
  g_string_append_c (json, '\n');
  respond_json (msg, SOUP_STATUS_OK, json);
}

typedef struct
{
  SbServeServer *server;
  int source_index;
} EventsRequest;

static void
on_stream_closed (SbServeStream *stream, SbServeServer *self)
{
  g_signal_handlers_disconnect_by_data (stream, self);
  g_ptr_array_remove_fast (self->streams, stream);
}

/* Once libsoup has written the response headers, the connection is the stream's. */
static void
on_events_headers_written (SoupServerMessage *msg, EventsRequest *request)
{
  SbServeServer *self = request->server;
  g_autoptr (GIOStream) connection = soup_server_message_steal_connection (msg);
  SbServeStream *stream;

  if (connection == NULL)
    return;
  stream = sb_serve_stream_new (self->store, request->source_index, connection);
  g_ptr_array_add (self->streams, stream);
  g_signal_connect (stream, "closed", G_CALLBACK (on_stream_closed), self);
}

static void
handle_events (SbServeServer *self, SoupServerMessage *msg, GHashTable *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  EventsRequest *request;
  int only;

  if (!pick_source (self, msg, query, &only))
    return;
  request = g_new0 (EventsRequest, 1);
  request->server = self;
  request->source_index = only;
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
  soup_message_headers_replace (headers, "X-Accel-Buffering", "no");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  g_signal_connect_data (msg, "wrote-headers", G_CALLBACK (on_events_headers_written), request,
                         (GClosureNotify)(void (*) (void))g_free, 0);
}

/* The page comes with the current sources and values in a JSON data block
 * (not a script: the CSP allows no inline script), so that its first paint
 * has every tile; the event stream then keeps them live. In that block
 * every "<" is written as \u003c (it only occurs inside JSON strings), so
 * that no topic or payload can end the block. */
static void
respond_page (SbServeServer *self, SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes
      = g_resources_lookup_data (RESOURCE_PREFIX "index.html", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  const char *page = g_bytes_get_data (bytes, NULL);
  const char *marker = strstr (page, INITIAL_MARKER);
  g_autoptr (GString) initial = g_string_new ("{\"sources\":");
  GString *html;
  gsize len;

  g_assert (marker != NULL);
  append_sources (self, initial);
  g_string_append (initial, ",\"values\":");
  append_values (self, initial, -1);
  g_string_append_c (initial, '}');
  html = g_string_new_len (page, marker - page);
  for (gsize i = 0; i < initial->len; i++)
    {
      if (initial->str[i] == '<')
        g_string_append (html, "\\u003c");
      else
        g_string_append_c (html, initial->str[i]);
    }
  g_string_append (html, marker + strlen (INITIAL_MARKER));
  len = html->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (html, FALSE), len);
}

static void
handle_page (SbServeServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *token = query != NULL ? g_hash_table_lookup (query, "token") : NULL;

  /* ?token=… becomes a cookie, so that the page and its event stream (a
   * browser's EventSource cannot send headers) carry it, and it leaves the
   * address bar and the history. */
  if (token != NULL && self->has_token)
    {
      g_autofree char *escaped = NULL;
      g_autofree char *cookie = NULL;
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      if (!token_matches (self, token))
        {
          respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "wrong token");
          return;
        }
      escaped = g_uri_escape_string (token, NULL, FALSE);
      cookie = g_strdup_printf ("%s=%s; Path=/; HttpOnly; SameSite=Strict", TOKEN_COOKIE, escaped);
      soup_message_headers_append (headers, "Set-Cookie", cookie);
      soup_message_headers_replace (headers, "Location", "/");
      soup_server_message_set_status (msg, SOUP_STATUS_SEE_OTHER, NULL);
      return;
    }
  if (!authorized (self, msg))
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "a token is needed: open /?token=…");
      return;
    }
  respond_page (self, msg);
}

static void
handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer data)
{
  SbServeServer *self = data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char *const known[] = {
    "/", "/serve.js", "/serve.css", "/api/v1/sources", "/api/v1/values", "/api/v1/events", NULL,
  };

  set_common_headers (self, msg);
  /* A preflight carries no credentials; it gets the CORS answer or nothing. */
  if (g_str_equal (method, "OPTIONS") && self->allow_origin != NULL)
    {
      soup_message_headers_replace (headers, "Access-Control-Allow-Methods", "GET, OPTIONS");
      soup_message_headers_replace (headers, "Access-Control-Allow-Headers", "Authorization");
      soup_message_headers_replace (headers, "Access-Control-Max-Age", "600");
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  if (!g_strv_contains (known, path))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
  if (!g_str_equal (method, "GET"))
    {
      soup_message_headers_replace (headers, "Allow",
                                    self->allow_origin != NULL ? "GET, OPTIONS" : "GET");
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed");
      return;
    }
  if (g_str_equal (path, "/"))
    {
      handle_page (self, msg, query);
      return;
    }
  if (!authorized (self, msg))
    {
      soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "a token is needed");
      return;
    }
  if (g_str_equal (path, "/serve.js"))
    respond_resource (msg, "serve.js", "text/javascript; charset=utf-8");
  else if (g_str_equal (path, "/serve.css"))
    respond_resource (msg, "serve.css", "text/css; charset=utf-8");
  else if (g_str_equal (path, "/api/v1/sources"))
    handle_sources (self, msg);
  else if (g_str_equal (path, "/api/v1/values"))
    handle_values (self, msg, query);
  else
    handle_events (self, msg, query);
}

/* ---- accepting connections ---------------------------------------------- */

static void
incoming_free (Incoming *in)
{
  if (in->refused)
    in->server->n_refusing--;
  g_object_unref (in->server);
  g_clear_object (&in->connection);
  if (in->head != NULL)
    g_byte_array_unref (in->head);
  g_free (in);
}

static void
raw_written (GObject *object, GAsyncResult *result, gpointer data)
{
  Incoming *in = data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (in->connection), NULL, NULL);
  if (!in->refused)
    in->server->n_connections--;
  incoming_free (in);
}

/* An answer before libsoup sees the request: 503 or 431. */
static void
respond_raw (Incoming *in, const char *status, const char *message)
{
  g_autoptr (GString) body = g_string_new ("{\"error\":");
  char *text;

  sb_json_append_text (body, message);
  g_string_append (body, "}\n");
  text = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n"
                          "Cache-Control: no-store\r\nContent-Security-Policy: " CSP "\r\n\r\n%s",
                          status, body->len, body->str);
  g_object_set_data_full (G_OBJECT (in->connection), "sb-raw-response", text, g_free);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (in->connection)),
                                   text, strlen (text), G_PRIORITY_DEFAULT, NULL, raw_written, in);
}

static void
hand_over (Incoming *in)
{
  SbServeServer *self = in->server;
  GIOStream *connection = G_IO_STREAM (in->connection);
  g_autoptr (GBytes) head = g_byte_array_free_to_bytes (g_steal_pointer (&in->head));
  g_autoptr (GInputStream) input
      = sb_prefix_input_stream_new (head, g_io_stream_get_input_stream (connection));
  g_autoptr (GIOStream) stream
      = g_simple_io_stream_new (input, g_io_stream_get_output_stream (connection));
  g_autoptr (GSocketAddress) local = g_socket_connection_get_local_address (in->connection, NULL);
  g_autoptr (GSocketAddress) remote = g_socket_connection_get_remote_address (in->connection, NULL);
  g_autoptr (GError) error = NULL;

  /* The socket closes when the last of libsoup, a stream or this lets go. */
  g_object_set_data_full (G_OBJECT (stream), "sb-connection", g_object_ref (in->connection),
                          g_object_unref);
  g_hash_table_add (self->handed, stream);
  g_object_weak_ref (G_OBJECT (stream), connection_gone, self);
  if (!soup_server_accept_iostream (self->soup, stream, local, remote, &error))
    g_debug ("cannot accept a connection: %s", error->message);
  incoming_free (in);
}

static gboolean
head_complete (GByteArray *head)
{
  const char *data = (const char *)head->data;

  for (guint i = 0; i + 1 < head->len; i++)
    if (data[i] == '\n'
        && (data[i + 1] == '\n'
            || (data[i + 1] == '\r' && i + 2 < head->len && data[i + 2] == '\n')))
      return TRUE;
  return FALSE;
}

static void
read_head (Incoming *in);

static void
head_read (GObject *object, GAsyncResult *result, gpointer data)
{
  Incoming *in = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    {
      /* Gone, or silent for longer than the idle limit. */
      g_io_stream_close (G_IO_STREAM (in->connection), NULL, NULL);
      if (!in->refused)
        in->server->n_connections--;
      incoming_free (in);
      return;
    }
  g_byte_array_append (in->head, in->buffer, (guint)n);
  if (head_complete (in->head))
    {
      if (in->refused)
        respond_raw (in, "503 Service Unavailable", "too many connections");
      else
        hand_over (in);
    }
  else if (in->head->len >= SB_SERVE_MAX_HEADER_BYTES)
    respond_raw (in, "431 Request Header Fields Too Large", "request headers too large");
  else
    read_head (in);
}

static void
read_head (Incoming *in)
{
  gsize room = SB_SERVE_MAX_HEADER_BYTES - in->head->len;

  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (in->connection)),
                             in->buffer, MIN (sizeof in->buffer, room), G_PRIORITY_DEFAULT, NULL,
                             head_read, in);
}

static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source_object,
             SbServeServer *self)
{
  Incoming *in;

  if (self->n_connections >= SB_SERVE_MAX_CONNECTIONS
      && self->n_refusing >= SB_SERVE_MAX_CONNECTIONS)
    {
      /* Even the refusals are at their limit. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  in = g_new0 (Incoming, 1);
  in->server = g_object_ref (self);
  in->connection = g_object_ref (connection);
  in->head = g_byte_array_new ();
  in->refused = self->n_connections >= SB_SERVE_MAX_CONNECTIONS;
  if (in->refused)
    self->n_refusing++;
  else
    self->n_connections++;
  /* Every read and write on it fails after this long without progress. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), SB_SERVE_IDLE_SECONDS);
  read_head (in);
  return TRUE;
}

/* ---- the event streams -------------------------------------------------- */

static gboolean
flush_streams (gpointer data)
{
  SbServeServer *self = data;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->flush_deadline_id, g_source_remove);
  for (guint i = 0; i < self->streams->len; i++)
    sb_serve_stream_flush (g_ptr_array_index (self->streams, i));
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (SbServeServer *self)
{
  /* When the loop has nothing else to do: what the broker's socket had
   * ready goes out in one write per stream. A flood that keeps the loop busy
   * still gets a write every FLUSH_DEADLINE_MS. */
  if (self->streams->len == 0)
    return;
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_streams, self, NULL);
  if (self->flush_deadline_id == 0)
    self->flush_deadline_id = g_timeout_add (FLUSH_DEADLINE_MS, flush_streams, self);
}

SbServeServer *
sb_serve_server_new (SbServeStore *store, const char *token, const char *allow_origin)
{
  SbServeServer *self = g_object_new (SB_TYPE_SERVE_SERVER, NULL);

  self->store = g_object_ref (store);
  if (token != NULL)
    {
      digest (token, strlen (token), self->token_digest);
      self->has_token = TRUE;
    }
  self->allow_origin = g_strdup (allow_origin);
  self->soup = soup_server_new ("server-header", "signalboard-serve", NULL);
  soup_server_add_handler (self->soup, NULL, handle, self, NULL);
  g_signal_connect_swapped (store, "topic-changed", G_CALLBACK (on_store_changed), self);
  g_signal_connect_swapped (store, "state-changed", G_CALLBACK (on_store_changed), self);
  return self;
}

gboolean
sb_serve_server_listen (SbServeServer *self, GInetSocketAddress *address, GError **error)
{
  g_autoptr (GSocketAddress) effective = NULL;

  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), G_SOCKET_ADDRESS (address),
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &effective,
                                      error))
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  return TRUE;
}

guint
sb_serve_server_get_port (SbServeServer *self)
{
  return self->port;
}
