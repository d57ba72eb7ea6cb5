/* sb-serve-test.h: `signalboard-cli serve` as a process, and real HTTP to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  GDataInputStream *err;
  guint port;
  gboolean stopped;
} SbServe;

/* Starts `signalboard-cli serve ARGS…` and waits for "serving http://…"
 * (asserting it comes); NULL-terminated arguments. */
SbServe *
sb_serve_start (const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
/* SIGTERM; returns the exit status (asserting it exited within the deadline). */
int
sb_serve_stop (SbServe *serve);
void
sb_serve_free (SbServe *serve);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbServe, sb_serve_free)

/* Runs serve ARGS… expecting it to exit by itself; returns the exit status
 * and its stderr in @err_out. */
int
sb_serve_run_to_exit (char **err_out, const char *first_arg, ...) G_GNUC_NULL_TERMINATED;

/* A configuration file in @dir with data sources ("NAME", broker port,
 * topic filter, data path or NULL), NULL-terminated groups of four. */
char *
sb_serve_write_config (const char *dir, const char *first_name, ...) G_GNUC_NULL_TERMINATED;

/* GET (or @method) @path with @extra_headers ("Name: value\r\n"…, or NULL);
 * returns the body; @status and @headers (raw) as the server sent them. */
char *
sb_http_request (guint port, const char *method, const char *path, const char *extra_headers,
                 guint *status, char **headers);

typedef struct
{
  GSocketConnection *connection;
  GDataInputStream *in;
} SbSse;

/* Opens an event stream, asserting "200" and text/event-stream. */
SbSse *
sb_sse_open (guint port, const char *path, const char *extra_headers);
/* The next event (blocking, with the socket's 20 s timeout: NULL then). */
gboolean
sb_sse_next (SbSse *sse, char **event, char **data);
void
sb_sse_free (SbSse *sse);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbSse, sb_sse_free)

/* The resident memory of @pid, in KiB. */
guint64
sb_rss_kib (const char *pid);

G_END_DECLS
