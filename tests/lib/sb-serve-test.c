/* sb-serve-test.c: `signalboard-cli serve` as a process, and real HTTP to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-serve-test.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sb-test-broker.h"

static GPtrArray *
serve_argv (const char *first_arg, va_list args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *)sb_test_cli_path ());
  g_ptr_array_add (argv, (char *)"serve");
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* A test that fails must not leave a server behind (meson would wait for it). */
static GSubprocess *
spawn (GPtrArray *argv, GSubprocessFlags flags)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr (GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_unsetenv (launcher, "SIGNALBOARD_PASSWORD");
  g_subprocess_launcher_set_child_setup (launcher, sb_test_die_with_parent,
                                         GINT_TO_POINTER (SIGKILL), NULL);
  {
    /* Under AddressSanitizer freed memory waits in a quarantine (256 MB by
     * default), which would read as growth in the memory test. */
    const char *asan = g_getenv ("ASAN_OPTIONS");
    g_autofree char *options = g_strconcat (asan != NULL ? asan : "", asan != NULL ? ":" : "",
                                            "quarantine_size_mb=1", NULL);
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
  }
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

SbServe *
sb_serve_start (const char *first_arg, ...)
{
  g_autoptr (GPtrArray) argv = NULL;
  SbServe *serve = g_new0 (SbServe, 1);
  va_list args;

  va_start (args, first_arg);
  argv = serve_argv (first_arg, args);
  va_end (args);
  serve->process = spawn (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE);
  serve->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (serve->process));
  /* The first line says where; a process that cannot serve exits and ends stderr. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (serve->err, NULL, NULL, NULL);
      const char *colon;

      if (line == NULL)
        g_error ("serve ended before it said where it serves");
      if (!g_str_has_prefix (line, "serving http://"))
        {
          g_test_message ("serve: %s", line);
          continue;
        }
      colon = strrchr (line, ':');
      serve->port = (guint)atoi (colon + 1);
      g_assert_cmpuint (serve->port, >, 0);
      g_assert_true (g_str_has_suffix (line, "/"));
      break;
    }
  return serve;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

static void
wait_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *)data = TRUE;
}

int
sb_serve_stop (SbServe *serve)
{
  gboolean done = FALSE;

  g_subprocess_send_signal (serve->process, SIGTERM);
  g_subprocess_wait_async (serve->process, NULL, wait_cb, &done);
  g_assert_true (sb_test_wait_for (is_true, &done, 20000));
  serve->stopped = TRUE;
  g_assert_true (g_subprocess_get_if_exited (serve->process));
  return g_subprocess_get_exit_status (serve->process);
}

void
sb_serve_free (SbServe *serve)
{
  if (!serve->stopped)
    {
      g_subprocess_force_exit (serve->process);
      g_subprocess_wait (serve->process, NULL, NULL);
    }
  g_object_unref (serve->err);
  g_object_unref (serve->process);
  g_free (serve);
}

int
sb_serve_run_to_exit (char **err_out, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) argv = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char *err = NULL;
  va_list args;

  va_start (args, first_arg);
  argv = serve_argv (first_arg, args);
  va_end (args);
  process = spawn (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  if (err_out != NULL)
    *err_out = err;
  else
    g_free (err);
  return g_subprocess_get_exit_status (process);
}

char *
sb_serve_write_config (const char *dir, const char *first_name, ...)
{
  g_autoptr (GString) json = g_string_new ("{\"format\":\"signalboard\",\"version\":1,"
                                           "\"data_sources\":[");
  char *path = g_build_filename (dir, "serve.json", NULL);
  g_autoptr (GError) error = NULL;
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      guint port = va_arg (args, guint);
      const char *filter = va_arg (args, const char *);
      const char *data_path = va_arg (args, const char *);

      if (json->str[json->len - 1] == '}')
        g_string_append_c (json, ',');
      g_string_append_printf (json,
                              "{\"name\":\"%s\",\"type\":\"mqtt\",\"broker\":\"127.0.0.1\","
                              "\"port\":%u,\"subscriptions\":[{\"topic\":\"%s\"",
                              name, port, filter);
      if (data_path != NULL)
        g_string_append_printf (json, ",\"data_path\":\"%s\"", data_path);
      g_string_append (json, "}]}");
    }
  va_end (args);
  g_string_append (json, "]}\n");
  g_file_set_contents (path, json->str, -1, &error);
  g_assert_no_error (error);
  return path;
}

static GSocketConnection *
connect_to (guint port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, 20);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16)port, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static void
send_request (GSocketConnection *connection, const char *method, const char *path,
              const char *extra_headers)
{
  g_autofree char *request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n", method,
                                              path, extra_headers != NULL ? extra_headers : "");
  g_autoptr (GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads the status line and headers; returns the status. */
static guint
read_head (GDataInputStream *in, GString *headers)
{
  g_autofree char *status_line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL);
  guint status;

  g_assert_nonnull (status_line);
  g_assert_true (g_str_has_prefix (status_line, "HTTP/1.1 "));
  status = (guint)atoi (status_line + 9);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL);

      g_assert_nonnull (line);
      g_strchomp (line);
      if (line[0] == '\0')
        break;
      g_string_append_printf (headers, "%s\n", line);
    }
  return status;
}

char *
sb_http_request (guint port, const char *method, const char *path, const char *extra_headers,
                 guint *status, char **headers)
{
  g_autoptr (GSocketConnection) connection = connect_to (port);
  g_autoptr (GDataInputStream) in = NULL;
  g_autoptr (GString) head = g_string_new (NULL);
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  char buffer[4096];
  gssize n;
  guint code;

  send_request (connection, method, path, extra_headers);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  code = read_head (in, head);
  /* Every response closes its connection: the body runs to the end. */
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (body, buffer, n);
  g_assert_no_error (error);
  if (status != NULL)
    *status = code;
  if (headers != NULL)
    *headers = g_strdup (head->str);
  return g_strdup (body->str);
}

SbSse *
sb_sse_open (guint port, const char *path, const char *extra_headers)
{
  SbSse *sse = g_new0 (SbSse, 1);
  g_autoptr (GString) head = g_string_new (NULL);

  sse->connection = connect_to (port);
  send_request (sse->connection, "GET", path, extra_headers);
  sse->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (sse->connection)));
  g_data_input_stream_set_newline_type (sse->in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_assert_cmpuint (read_head (sse->in, head), ==, 200);
  g_assert_nonnull (strstr (head->str, "Content-Type: text/event-stream"));
  return sse;
}

gboolean
sb_sse_next (SbSse *sse, char **event, char **data)
{
  g_autofree char *name = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (sse->in, NULL, NULL, NULL);

      if (line == NULL)
        return FALSE;
      if (line[0] == '\0')
        {
          if (name == NULL && text->len == 0)
            continue; /* after a comment */
          break;
        }
      if (line[0] == ':')
        continue;
      if (g_str_has_prefix (line, "event: "))
        {
          g_free (name);
          name = g_strdup (line + 7);
        }
      else if (g_str_has_prefix (line, "data: "))
        g_string_append (text, line + 6);
    }
  *event = g_steal_pointer (&name);
  *data = g_strdup (text->str);
  return TRUE;
}

void
sb_sse_free (SbSse *sse)
{
  g_object_unref (sse->in);
  g_io_stream_close (G_IO_STREAM (sse->connection), NULL, NULL);
  g_object_unref (sse->connection);
  g_free (sse);
}

guint64
sb_rss_kib (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *status = NULL;
  const char *rss;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  rss = strstr (status, "VmRSS:");
  g_assert_nonnull (rss);
  return g_ascii_strtoull (rss + 6, NULL, 10);
}
