/* cli-serve.c: signalboard-cli serve: the data sources of a file, their
 * latest values and a live page, over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "sb-cli.h"
#include "sb-config.h"
#include "sb-secrets.h"
#include "sb-serve-server.h"
#include "sb-serve-store.h"
#include "sb-topic-overflow.h"

#define NAME "serve"
#define DEFAULT_LISTEN "127.0.0.1:8642"

/* "ADDR:PORT" or "[IPv6]:PORT"; ADDR is an IP address or "localhost". */
static GInetSocketAddress *
parse_listen (const char *text)
{
  g_autofree char *host = NULL;
  g_autoptr (GInetAddress) address = NULL;
  const char *colon;
  char *end = NULL;
  guint64 port;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close[1] != ':')
        return NULL;
      host = g_strndup (text + 1, close - text - 1);
      colon = close + 1;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon == NULL)
        return NULL;
      host = g_strndup (text, colon - text);
    }
  if (colon[1] < '0' || colon[1] > '9')
    return NULL;
  port = g_ascii_strtoull (colon + 1, &end, 10);
  if (*end != '\0' || port > 65535)
    return NULL;
  if (g_str_equal (host, "localhost"))
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);
  if (address == NULL)
    return NULL;
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, (guint16)port));
}

/* The token: the first line of @path, without its line ending. */
static char *
read_token (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  char *newline;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  if (contents[0] == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _ ("%s: the first line is empty"),
                   path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

int
sb_cli_serve (int argc, char **argv)
{
  g_auto (GStrv) source_names = NULL;
  g_autofree char *listen_text = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *allow_origin = NULL;
  g_auto (GStrv) password_files = NULL;
  gint64 max_topics = SB_TOPIC_LIMIT_DEFAULT;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_STRING_ARRAY, &source_names,
      N_ ("Serve only this data source of FILE (repeatable)"), N_ ("NAME") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen_text,
      N_ ("Address and port to serve on (default 127.0.0.1:8642; port 0: a free one)"),
      N_ ("ADDR:PORT") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file,
      N_ ("Require the token in the first line of F (needed for other addresses than this "
          "computer’s)"),
      N_ ("F") },
    { "allow-origin", 0, 0, G_OPTION_ARG_STRING, &allow_origin,
      N_ ("Let pages from ORIGIN read the API (CORS)"), N_ ("ORIGIN") },
    { "password-file", 0, 0, G_OPTION_ARG_STRING_ARRAY, &password_files,
      N_ ("Read the password of data source SOURCE from the first line of FILE (repeatable)"),
      N_ ("SOURCE=FILE") },
    { "max-topics", 0, 0, G_OPTION_ARG_INT64, &max_topics,
      N_ ("Keep at most N topics per data source (default 200000)"), N_ ("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GInetSocketAddress) address = NULL;
  g_autoptr (GHashTable) password_paths = NULL;
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (SbServeStore) store = NULL;
  g_autoptr (SbServeServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *host = NULL;
  const char *file;
  guint sigint_id, sigterm_id;

  if (!sb_cli_parse (
          NAME, _ ("FILE"),
          _ ("Connect the data sources of FILE and serve their latest values (data "
             "paths applied) over HTTP: a JSON API, Server-Sent Events and a live page."),
          entries, &argc, &argv))
    return SB_EXIT_USAGE;

  /* Arguments first: every mistake is exit 2 before anything connects. */
  if (rest == NULL || rest[0] == NULL)
    return sb_cli_usage_error (NAME, _ ("give a configuration FILE"));
  if (rest[1] != NULL)
    return sb_cli_usage_error (NAME, _ ("one FILE at most, got “%s” too"), rest[1]);
  file = rest[0];
  address = parse_listen (listen_text != NULL ? listen_text : DEFAULT_LISTEN);
  if (address == NULL)
    return sb_cli_usage_error (
        NAME, _ ("--listen must be ADDRESS:PORT with an IP address and a port 0-65535, not “%s”"),
        listen_text);
  if (max_topics < 1 || max_topics > G_MAXUINT)
    return sb_cli_usage_error (NAME, _ ("--max-topics must be a positive number"));
  if (allow_origin != NULL && allow_origin[0] == '\0')
    return sb_cli_usage_error (NAME, _ ("--allow-origin needs an origin, like http://host:3000"));
  if (token_file == NULL
      && !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (address)))
    return sb_cli_usage_error (NAME, _ ("serving on an address other than this computer’s needs "
                                        "--token-file"));
  password_paths = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; password_files != NULL && password_files[i] != NULL; i++)
    {
      char *equals = strchr (password_files[i], '=');

      if (equals == NULL || equals == password_files[i] || equals[1] == '\0')
        return sb_cli_usage_error (NAME, _ ("--password-file must be SOURCE=FILE, not “%s”"),
                                   password_files[i]);
      *equals = '\0';
      g_hash_table_insert (password_paths, password_files[i], equals + 1);
    }
  {
    GHashTableIter iter;
    gpointer path;

    /* As listen: a password file others can read is said, not refused. */
    g_hash_table_iter_init (&iter, password_paths);
    while (g_hash_table_iter_next (&iter, NULL, &path))
      {
        g_autofree char *warning = sb_secrets_password_file_warning (path);

        if (warning != NULL)
          fprintf (stderr, "signalboard-cli serve: %s\n", warning);
      }
  }

  config = sb_config_load_from_file (file, &error);
  if (config == NULL)
    {
      sb_cli_print_config_error (file, error);
      return SB_EXIT_BAD_INPUT;
    }
  if (sb_config_get_n_data_sources (config) == 0)
    {
      fprintf (stderr, _ ("%s: no data sources to serve\n"), file);
      return SB_EXIT_BAD_INPUT;
    }
  for (guint i = 0; source_names != NULL && source_names[i] != NULL; i++)
    if (sb_config_find_by_name (config, source_names[i]) == NULL)
      return sb_cli_usage_error (NAME, _ ("%s has no data source named “%s”"), file,
                                 source_names[i]);
  {
    GHashTableIter iter;
    gpointer name;

    g_hash_table_iter_init (&iter, password_paths);
    while (g_hash_table_iter_next (&iter, &name, NULL))
      if (sb_config_find_by_name (config, name) == NULL)
        return sb_cli_usage_error (NAME, _ ("--password-file: %s has no data source named “%s”"),
                                   file, (const char *)name);
  }
  if (token_file != NULL)
    {
      token = read_token (token_file, &error);
      if (token == NULL)
        {
          fprintf (stderr, _ ("signalboard-cli serve: cannot read the token file: %s\n"),
                   error->message);
          return SB_EXIT_BAD_INPUT;
        }
    }

  /* serve holds the brokers' passwords for as long as it runs: keep them out
   * of core dumps and away from other processes' ptrace. */
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  store = sb_serve_store_new ((guint)max_topics);
  for (guint i = 0; i < sb_config_get_n_data_sources (config); i++)
    {
      g_autoptr (SbDataSource) source = sb_data_source_copy (sb_config_get_data_source (config, i));
      const char *name = sb_data_source_get_name (source);
      const char *password_file = g_hash_table_lookup (password_paths, name);
      g_autoptr (GError) secret_error = NULL;
      char *password;

      if (source_names != NULL && !g_strv_contains ((const char *const *)source_names, name))
        continue;
      /* The rules of listen: the keyring, the password file, $SIGNALBOARD_PASSWORD, the file. */
      password = sb_secrets_resolve_password (source, password_file, &secret_error);
      if (g_error_matches (secret_error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_PASSWORD_FILE))
        {
          fprintf (stderr, "signalboard-cli serve: %s\n", secret_error->message);
          return SB_EXIT_BAD_INPUT;
        }
      if (password != NULL)
        {
          sb_data_source_set_password (source, password);
          sb_secrets_free_password (password);
        }
      /* A source without its password does not stop the others. */
      sb_serve_store_add (store, source, secret_error != NULL ? secret_error->message : NULL);
      if (secret_error != NULL)
        fprintf (stderr, "signalboard-cli serve: %s: %s\n", name, secret_error->message);
    }

  loop = g_main_loop_new (NULL, FALSE);
  server = sb_serve_server_new (store, token, allow_origin);
  if (!sb_serve_server_listen (server, address, &error))
    {
      g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

      fprintf (stderr, _ ("signalboard-cli serve: cannot listen on %s: %s\n"), where,
               error->message);
      return SB_EXIT_CONNECT;
    }
  host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  /* Scripts read the port from this line: not translated. */
  if (strchr (host, ':') != NULL)
    fprintf (stderr, "serving http://[%s]:%u/\n", host, sb_serve_server_get_port (server));
  else
    fprintf (stderr, "serving http://%s:%u/\n", host, sb_serve_server_get_port (server));
  fflush (stderr);

  sigint_id = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, loop);
  sb_serve_store_start (store);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  sb_serve_server_close (server);
  sb_serve_store_stop (store);
  /* Let the DISCONNECTs go out before the process ends. */
  g_clear_object (&server);
  g_clear_object (&store);
  return SB_EXIT_OK;
}
