/* sb-serve-stream.c: Server-Sent Events to one client, coalesced per topic
 *
 * The store keeps its topics in the order of their latest change, each once,
 * numbered; a stream remembers the number it has sent up to. Whatever a slow
 * client missed is then the tail of that list: the latest value of each topic
 * that changed, never a queue of messages, and no work per message per client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-serve-stream.h"

/* A write gathers at most about this much; the rest goes in the next one. */
#define MAX_WRITE_BYTES (256 * 1024)
/* A comment line keeps proxies from closing a quiet stream and finds clients that left. */
#define HEARTBEAT_SECONDS 15

struct _SbServeStream
{
  GObject parent_instance;
  SbServeStore *store;
  int source_index;
  GIOStream *connection;
  GCancellable *cancellable;
  GString *buffer; /* what the write in flight sends */
  guint64 sent_seq;
  GArray *sent_state_seq; /* guint64 by source index */
  gboolean writing;
  gboolean closed;
  gboolean heartbeat_due;
  guint heartbeat_id;
  guint8 read_buffer[256];
};

enum
{
  CLOSED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SbServeStream, sb_serve_stream, G_TYPE_OBJECT)

static void
sb_serve_stream_dispose (GObject *object)
{
  SbServeStream *self = SB_SERVE_STREAM (object);

  sb_serve_stream_close (self);
  g_clear_object (&self->store);
  g_clear_object (&self->connection);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sb_serve_stream_parent_class)->dispose (object);
}

static void
sb_serve_stream_finalize (GObject *object)
{
  SbServeStream *self = SB_SERVE_STREAM (object);

  g_string_free (self->buffer, TRUE);
  g_array_unref (self->sent_state_seq);
  G_OBJECT_CLASS (sb_serve_stream_parent_class)->finalize (object);
}

static void
sb_serve_stream_class_init (SbServeStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sb_serve_stream_dispose;
  G_OBJECT_CLASS (klass)->finalize = sb_serve_stream_finalize;
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
sb_serve_stream_init (SbServeStream *self)
{
  self->buffer = g_string_sized_new (4096);
  self->sent_state_seq = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->cancellable = g_cancellable_new ();
}

void
sb_serve_stream_close (SbServeStream *self)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  if (self->connection != NULL)
    g_io_stream_close (self->connection, NULL, NULL);
  g_signal_emit (self, signals[CLOSED], 0);
}

static gboolean
wants (SbServeStream *self, guint source_index)
{
  return self->source_index < 0 || (guint)self->source_index == source_index;
}

static void
write_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr (SbServeStream) self = data;
  g_autoptr (GError) error = NULL;

  self->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      /* Gone, or it stopped reading for longer than the idle limit. */
      sb_serve_stream_close (self);
      return;
    }
  sb_serve_stream_flush (self);
}

void
sb_serve_stream_flush (SbServeStream *self)
{
  GString *out = self->buffer;
  GList *l;

  if (self->writing || self->closed)
    return;
  g_string_truncate (out, 0);
  for (guint i = 0; i < self->sent_state_seq->len; i++)
    {
      guint64 seq = sb_serve_store_get_state_seq (self->store, i);

      if (!wants (self, i) || seq <= g_array_index (self->sent_state_seq, guint64, i))
        continue;
      g_array_index (self->sent_state_seq, guint64, i) = seq;
      g_string_append (out, "event: state\ndata: ");
      sb_serve_store_append_state_json (self->store, i, out);
      g_string_append (out, "\n\n");
    }
  /* Back from the newest change to the first one not sent yet. */
  l = sb_serve_store_get_last_change (self->store);
  if (l != NULL && ((SbServeTopic *)l->data)->seq > self->sent_seq)
    {
      while (l->prev != NULL && ((SbServeTopic *)l->prev->data)->seq > self->sent_seq)
        l = l->prev;
      for (; l != NULL && out->len < MAX_WRITE_BYTES; l = l->next)
        {
          SbServeTopic *topic = l->data;

          self->sent_seq = topic->seq;
          if (!wants (self, topic->source_index))
            continue;
          g_string_append (out, "event: message\ndata: ");
          g_string_append_len (out, topic->line->str, topic->line->len);
          g_string_append (out, "\n\n");
        }
    }
  if (out->len == 0 && self->heartbeat_due)
    g_string_append (out, ": ping\n\n");
  self->heartbeat_due = FALSE;
  if (out->len == 0)
    return;
  self->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->connection), out->str,
                                   out->len, G_PRIORITY_DEFAULT, self->cancellable, write_cb,
                                   g_object_ref (self));
}

static gboolean
heartbeat_cb (gpointer data)
{
  SbServeStream *self = data;

  self->heartbeat_due = TRUE;
  sb_serve_stream_flush (self);
  return G_SOURCE_CONTINUE;
}

static void
read_next (SbServeStream *self);

static void
read_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr (SbServeStream) self = data;
  g_autoptr (GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (self->closed)
    return;
  /* A client only reads an event stream; the idle limit is for writes here. */
  if (n > 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    read_next (self);
  else
    sb_serve_stream_close (self);
}

static void
read_next (SbServeStream *self)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (self->connection), self->read_buffer,
                             sizeof self->read_buffer, G_PRIORITY_DEFAULT, self->cancellable,
                             read_cb, g_object_ref (self));
}

SbServeStream *
sb_serve_stream_new (SbServeStore *store, int source_index, GIOStream *connection)
{
  SbServeStream *self = g_object_new (SB_TYPE_SERVE_STREAM, NULL);

  self->store = g_object_ref (store);
  self->source_index = source_index;
  self->connection = g_object_ref (connection);
  g_array_set_size (self->sent_state_seq, sb_serve_store_get_n_sources (store));
  self->heartbeat_id = g_timeout_add_seconds (HEARTBEAT_SECONDS, heartbeat_cb, self);
  read_next (self);
  sb_serve_stream_flush (self);
  return self;
}
