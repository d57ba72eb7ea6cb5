/* sb-recorder.c: messages recorded to a file as they arrive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "sb-error.h"
#include "sb-message-json.h"
#include "sb-payload.h"
#include "sb-recorder.h"

/* Whatever is waiting reaches the kernel at least this often... */
#define FLUSH_INTERVAL_MS 1000
/* ...and as soon as this much is waiting. */
#define FLUSH_SIZE (256 * 1024)

struct _SbRecorder
{
  GObject parent_instance;

  char *path;
  SbRecordFormat format;
  int fd; /* -1 once stopped */
  GString *waiting;
  guint flush_id;

  guint64 count;
  guint64 flushed_count;
  guint64 size;
  char *error;

  /* The last source name, already as JSON (the same for every message of a source). */
  char *source_name;
  GString *source_json;
};

G_DEFINE_ENUM_TYPE (SbRecordFormat, sb_record_format,
                    G_DEFINE_ENUM_VALUE (SB_RECORD_FORMAT_JSONL, "jsonl"),
                    G_DEFINE_ENUM_VALUE (SB_RECORD_FORMAT_CSV, "csv"))

G_DEFINE_FINAL_TYPE (SbRecorder, sb_recorder, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PATH,
  PROP_FORMAT,
  PROP_COUNT,
  PROP_FLUSHED_COUNT,
  PROP_SIZE,
  PROP_RECORDING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char csv_header[]
    = "time,source,topic,qos,retained,payload,payload_base64,value,value_error\r\n";

SbRecordFormat
sb_record_format_for_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv") ? SB_RECORD_FORMAT_CSV : SB_RECORD_FORMAT_JSONL;
}

static void
sb_recorder_finalize (GObject *object)
{
  SbRecorder *self = SB_RECORDER (object);

  sb_recorder_stop (self);
  g_string_free (self->waiting, TRUE);
  g_string_free (self->source_json, TRUE);
  g_free (self->source_name);
  g_free (self->path);
  g_free (self->error);
  G_OBJECT_CLASS (sb_recorder_parent_class)->finalize (object);
}

static void
sb_recorder_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbRecorder *self = SB_RECORDER (object);

  switch (prop_id)
    {
      case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
      case PROP_FORMAT:
        g_value_set_enum (value, self->format);
        break;
      case PROP_COUNT:
        g_value_set_uint64 (value, self->count);
        break;
      case PROP_FLUSHED_COUNT:
        g_value_set_uint64 (value, self->flushed_count);
        break;
      case PROP_SIZE:
        g_value_set_uint64 (value, self->size);
        break;
      case PROP_RECORDING:
        g_value_set_boolean (value, self->fd >= 0);
        break;
      case PROP_ERROR:
        g_value_set_string (value, self->error);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_recorder_class_init (SbRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_recorder_finalize;
  object_class->get_property = sb_recorder_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_FORMAT] = g_param_spec_enum ("format", NULL, NULL, SB_TYPE_RECORD_FORMAT,
                                               SB_RECORD_FORMAT_JSONL, flags);
  properties[PROP_COUNT] = g_param_spec_uint64 ("count", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_FLUSHED_COUNT]
      = g_param_spec_uint64 ("flushed-count", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_RECORDING] = g_param_spec_boolean ("recording", NULL, NULL, FALSE, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_recorder_init (SbRecorder *self)
{
  self->fd = -1;
  self->waiting = g_string_sized_new (FLUSH_SIZE + 4096);
  self->source_json = g_string_new (NULL);
}

static gboolean
flush_cb (gpointer data)
{
  SbRecorder *self = data;

  sb_recorder_flush (self, NULL);
  return G_SOURCE_CONTINUE;
}

SbRecorder *
sb_recorder_new (const char *path, SbRecordFormat format, GError **error)
{
  g_autoptr (SbRecorder) self = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *shown = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Cannot record to %s: %s"),
                   shown, g_strerror (saved));
      return NULL;
    }
  self = g_object_new (SB_TYPE_RECORDER, NULL);
  self->path = g_strdup (path);
  self->format = format;
  self->fd = fd;
  if (format == SB_RECORD_FORMAT_CSV)
    {
      g_string_append (self->waiting, csv_header);
      self->size = strlen (csv_header);
      if (!sb_recorder_flush (self, error))
        return NULL;
    }
  self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_cb, self);
  return g_steal_pointer (&self);
}

static void
fail (SbRecorder *self, int saved_errno)
{
  g_autofree char *shown = g_filename_display_name (self->path);

  g_free (self->error);
  self->error = g_strdup_printf (_ ("Cannot write to %s: %s"), shown, g_strerror (saved_errno));
  g_string_truncate (self->waiting, 0);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  close (self->fd);
  self->fd = -1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

gboolean
sb_recorder_flush (SbRecorder *self, GError **error)
{
  gsize done = 0;

  g_return_val_if_fail (SB_IS_RECORDER (self), FALSE);

  if (self->fd < 0)
    {
      if (self->error != NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, self->error);
      return self->error == NULL;
    }
  while (done < self->waiting->len)
    {
      ssize_t n = write (self->fd, self->waiting->str + done, self->waiting->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          fail (self, errno);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, self->error);
          return FALSE;
        }
      done += (gsize)n;
    }
  g_string_truncate (self->waiting, 0);
  if (self->flushed_count != self->count)
    {
      self->flushed_count = self->count;
      g_object_freeze_notify (G_OBJECT (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLUSHED_COUNT]);
      g_object_thaw_notify (G_OBJECT (self));
    }
  return TRUE;
}

/* One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
static void
append_csv_field (GString *out, const char *text, gssize len)
{
  gsize n = len < 0 ? strlen (text) : (gsize)len;
  gboolean quote = FALSE;

  for (gsize i = 0; i < n && !quote; i++)
    quote = text[i] == ',' || text[i] == '"' || text[i] == '\r' || text[i] == '\n';
  if (!quote)
    {
      g_string_append_len (out, text, (gssize)n);
      return;
    }
  g_string_append_c (out, '"');
  for (gsize i = 0; i < n; i++)
    {
      if (text[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '"');
}

static void
append_csv (SbRecorder *self, const char *source_name, SbMessage *message, SbDataPath *data_path)
{
  GString *out = self->waiting;
  GBytes *payload = sb_message_get_payload (message);
  gsize size = 0;
  const char *data = g_bytes_get_data (payload, &size);
  g_autoptr (GString) time = g_string_new (NULL);
  g_autofree char *topic = g_utf8_make_valid (sb_message_get_topic (message), -1);

  /* The time as in the jsonl, without its quotes. */
  sb_json_append_time (time, sb_message_get_time (message));
  g_string_append_len (out, time->str + 1, (gssize)time->len - 2);
  g_string_append_c (out, ',');
  append_csv_field (out, source_name, -1);
  g_string_append_c (out, ',');
  append_csv_field (out, topic, -1);
  g_string_append_printf (out, ",%d,%s,", sb_message_get_qos (message),
                          sb_message_get_retained (message) ? "true" : "false");
  if (sb_payload_is_text (payload))
    {
      append_csv_field (out, size > 0 ? data : "", (gssize)size);
      g_string_append_c (out, ',');
    }
  else
    {
      g_autofree char *base64 = g_base64_encode ((const guchar *)data, size);
      g_string_append_c (out, ',');
      g_string_append (out, base64);
    }
  g_string_append_c (out, ',');
  if (data_path != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) value = sb_data_path_apply (data_path, payload, &error);

      if (value != NULL)
        {
          g_autofree char *text = sb_data_path_value_to_text (value);
          append_csv_field (out, text, -1);
          g_string_append_c (out, ',');
        }
      else
        {
          g_string_append_c (out, ',');
          append_csv_field (out, error->message, -1);
        }
    }
  else
    g_string_append_c (out, ',');
  g_string_append (out, "\r\n");
}

void
sb_recorder_add (SbRecorder *self, const char *source_name, SbMessage *message,
                 SbDataPath *data_path)
{
  gsize before;

  g_return_if_fail (SB_IS_RECORDER (self));
  g_return_if_fail (message != NULL);

  if (self->fd < 0)
    return;
  if (source_name == NULL)
    source_name = "";
  before = self->waiting->len;
  if (self->format == SB_RECORD_FORMAT_CSV)
    append_csv (self, source_name, message, data_path);
  else
    {
      if (g_strcmp0 (self->source_name, source_name) != 0)
        {
          g_free (self->source_name);
          self->source_name = g_strdup (source_name);
          g_string_truncate (self->source_json, 0);
          sb_json_append_text (self->source_json, source_name);
        }
      sb_message_json_append (self->waiting, self->source_json->str, message, data_path);
      g_string_append_c (self->waiting, '\n');
    }
  self->count++;
  self->size += self->waiting->len - before;
  if (self->waiting->len >= FLUSH_SIZE)
    sb_recorder_flush (self, NULL);
}

void
sb_recorder_stop (SbRecorder *self)
{
  g_return_if_fail (SB_IS_RECORDER (self));

  if (self->fd < 0)
    return;
  if (!sb_recorder_flush (self, NULL))
    return; /* fail () closed it and said why */
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (close (self->fd) != 0 && errno != EINTR)
    {
      self->fd = -1;
      fail (self, errno);
      return;
    }
  self->fd = -1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

const char *
sb_recorder_get_path (SbRecorder *self)
{
  g_return_val_if_fail (SB_IS_RECORDER (self), NULL);
  return self->path;
}

SbRecordFormat
sb_recorder_get_format (SbRecorder *self)
{
  g_return_val_if_fail (SB_IS_RECORDER (self), SB_RECORD_FORMAT_JSONL);
  return self->format;
}

guint64
sb_recorder_get_count (SbRecorder *self)
{
  g_return_val_if_fail (SB_IS_RECORDER (self), 0);
  return self->count;
}

guint64
sb_recorder_get_size (SbRecorder *self)
{
  g_return_val_if_fail (SB_IS_RECORDER (self), 0);
  return self->size;
}

guint64
sb_recorder_get_flushed_count (SbRecorder *self)
{
  g_return_val_if_fail (SB_IS_RECORDER (self), 0);
  return self->flushed_count;
}

gboolean
sb_recorder_get_recording (SbRecorder *self)
{
  g_return_val_if_fail (SB_IS_RECORDER (self), FALSE);
  return self->fd >= 0;
}

const char *
sb_recorder_get_error (SbRecorder *self)
{
  g_return_val_if_fail (SB_IS_RECORDER (self), NULL);
  return self->error;
}
