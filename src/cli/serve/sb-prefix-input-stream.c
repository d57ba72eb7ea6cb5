/* sb-prefix-input-stream.c: bytes read ahead, then the stream they came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-prefix-input-stream.h"

#include <string.h>

struct _SbPrefixInputStream
{
  GInputStream parent_instance;
  GInputStream *base;
  GBytes *prefix;
  gsize offset;
};

static void
pollable_iface_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbPrefixInputStream, sb_prefix_input_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      pollable_iface_init))

static gboolean
has_prefix (SbPrefixInputStream *self)
{
  return self->prefix != NULL && self->offset < g_bytes_get_size (self->prefix);
}

static gssize
take_prefix (SbPrefixInputStream *self, void *buffer, gsize count)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->prefix, &size);
  gsize n = MIN (count, size - self->offset);

  memcpy (buffer, data + self->offset, n);
  self->offset += n;
  if (self->offset == size)
    g_clear_pointer (&self->prefix, g_bytes_unref);
  return (gssize)n;
}

static gssize
sb_prefix_input_stream_read (GInputStream *stream, void *buffer, gsize count,
                             GCancellable *cancellable, GError **error)
{
  SbPrefixInputStream *self = SB_PREFIX_INPUT_STREAM (stream);

  if (has_prefix (self))
    return take_prefix (self, buffer, count);
  return g_input_stream_read (self->base, buffer, count, cancellable, error);
}

static gboolean
sb_prefix_input_stream_close (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  SbPrefixInputStream *self = SB_PREFIX_INPUT_STREAM (stream);

  return g_input_stream_close (self->base, cancellable, error);
}

static gboolean
sb_prefix_input_stream_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
sb_prefix_input_stream_is_readable (GPollableInputStream *stream)
{
  SbPrefixInputStream *self = SB_PREFIX_INPUT_STREAM (stream);

  return has_prefix (self)
         || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
sb_prefix_input_stream_create_source (GPollableInputStream *stream, GCancellable *cancellable)
{
  SbPrefixInputStream *self = SB_PREFIX_INPUT_STREAM (stream);
  g_autoptr (GSource) base_source = NULL;

  /* Bytes waiting here are ready at once. */
  if (has_prefix (self))
    base_source = g_timeout_source_new (0);
  else
    base_source
        = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), cancellable);
  return g_pollable_source_new_full (stream, base_source, cancellable);
}

static gssize
sb_prefix_input_stream_read_nonblocking (GPollableInputStream *stream, void *buffer, gsize count,
                                         GError **error)
{
  SbPrefixInputStream *self = SB_PREFIX_INPUT_STREAM (stream);

  if (has_prefix (self))
    return take_prefix (self, buffer, count);
  return g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base), buffer,
                                                   count, NULL, error);
}

static void
pollable_iface_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = sb_prefix_input_stream_can_poll;
  iface->is_readable = sb_prefix_input_stream_is_readable;
  iface->create_source = sb_prefix_input_stream_create_source;
  iface->read_nonblocking = sb_prefix_input_stream_read_nonblocking;
}

static void
sb_prefix_input_stream_finalize (GObject *object)
{
  SbPrefixInputStream *self = SB_PREFIX_INPUT_STREAM (object);

  g_clear_pointer (&self->prefix, g_bytes_unref);
  g_clear_object (&self->base);
  G_OBJECT_CLASS (sb_prefix_input_stream_parent_class)->finalize (object);
}

static void
sb_prefix_input_stream_class_init (SbPrefixInputStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sb_prefix_input_stream_finalize;
  stream_class->read_fn = sb_prefix_input_stream_read;
  stream_class->close_fn = sb_prefix_input_stream_close;
}

static void
sb_prefix_input_stream_init (SbPrefixInputStream *self)
{
}

GInputStream *
sb_prefix_input_stream_new (GBytes *prefix, GInputStream *base)
{
  SbPrefixInputStream *self = g_object_new (SB_TYPE_PREFIX_INPUT_STREAM, NULL);

  self->prefix = g_bytes_get_size (prefix) > 0 ? g_bytes_ref (prefix) : NULL;
  self->base = g_object_ref (base);
  return G_INPUT_STREAM (self);
}
