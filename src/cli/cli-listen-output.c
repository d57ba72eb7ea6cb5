/* cli-listen-output.c: jsonl lines, the live table and the summary of listen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cli-listen-output.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sb-data-path.h"
#include "sb-message-json.h"
#include "sb-payload.h"
#include "sb-preview-model.h"
#include "sb-sparkplug-state.h"
#include "sb-topic-overflow.h"

/* A flood is written in large blocks; a trickle still shows within this. */
#define FLUSH_INTERVAL_MS 100
/* The table is redrawn at most ten times a second. */
#define REDRAW_INTERVAL_MS 100
#define STDOUT_BUFFER_SIZE (256 * 1024)

struct _SbListenOutput
{
  SbListenFormat format;
  char *source_json; /* the "source" value, already a JSON string */
  GString *line;
  guint64 count;
  gint64 started;

  /* jsonl */
  gboolean unflushed;
  guint flush_id;
  guint idle_flush_id;

  /* table and the summary */
  SbPreviewModel *model;
  gboolean table_dirty;
  guint redraw_id;
  guint drawn_lines;

  /* none: topics seen, for the summary, at most max_topics of them */
  GHashTable *topics;
  guint max_topics;
  SbTopicOverflow *overflow;

  GPtrArray *data_paths;       /* SbDataPath or NULL, by subscription index */
  SbSparkplugState *sparkplug; /* births and aliases of the session */
};

/* The arrays of data paths hold NULL for a subscription without one. */
static void
data_path_free (gpointer path)
{
  if (path != NULL)
    sb_data_path_unref (path);
}

static void
flush_stdout (SbListenOutput *output)
{
  if (output->unflushed)
    {
      fflush (stdout);
      output->unflushed = FALSE;
    }
}

static gboolean
flush_cb (gpointer data)
{
  flush_stdout (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
idle_flush_cb (gpointer data)
{
  SbListenOutput *output = data;

  output->idle_flush_id = 0;
  flush_stdout (output);
  return G_SOURCE_REMOVE;
}

static void
draw_table (SbListenOutput *output)
{
  struct winsize ws = { 0 };
  guint width = 100, height = 30;
  guint n, shown;
  GString *screen;

  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 && ws.ws_row > 3)
    {
      width = ws.ws_col;
      height = ws.ws_row;
    }
  sb_preview_model_flush (output->model);
  n = g_list_model_get_n_items (G_LIST_MODEL (output->model));
  shown = MIN (n, height - 2);
  screen = g_string_new (NULL);

  /* Move up over the previous drawing and overwrite it in place. */
  if (output->drawn_lines > 0)
    g_string_append_printf (screen, "\033[%uF", output->drawn_lines);
  g_string_append_printf (screen, "\033[1m%-40s %8s %3s %s\033[0m\033[K\n", _ ("TOPIC"),
                          _ ("COUNT"), _ ("QOS"), _ ("VALUE"));
  for (guint i = 0; i < shown; i++)
    {
      g_autoptr (SbTopicRow) row = g_list_model_get_item (G_LIST_MODEL (output->model), i);
      /* A topic is the publisher's text: a bidi override or a zero-width
       * character must not make it read as another. */
      g_autofree char *topic = sb_text_display_escaped (sb_topic_row_get_topic (row), -1);
      const char *value = sb_topic_row_get_display_text (row);
      glong value_room = (glong)width - 56;
      g_autofree char *value_cut = NULL;
      g_autofree char *topic_cut = NULL;

      if (g_utf8_strlen (topic, -1) > 40)
        topic_cut = g_strconcat (g_utf8_substring (topic, 0, 39), "…", NULL);
      if (value_room < 1)
        value_room = 1;
      if (g_utf8_strlen (value, -1) > value_room)
        value_cut = g_utf8_substring (value, 0, value_room);
      g_string_append_printf (
          screen, "%-40s %8" PRIu64 " %3d%s %s\033[K\n", topic_cut ? topic_cut : topic,
          sb_topic_row_get_count (row), sb_topic_row_get_qos (row),
          sb_topic_row_get_retained (row) ? "r" : " ", value_cut ? value_cut : value);
    }
  g_string_append_printf (screen, _ ("%u topics, %" PRIu64 " messages"), n, output->count);
  {
    g_autofree char *not_shown = sb_preview_model_describe_topics_not_shown (output->model);

    if (not_shown != NULL)
      g_string_append_printf (screen, " · %s", not_shown);
  }
  g_string_append (screen, "\033[K\n");
  fwrite (screen->str, 1, screen->len, stdout);
  fflush (stdout);
  output->drawn_lines = shown + 2;
  g_string_free (screen, TRUE);
  output->table_dirty = FALSE;
}

static gboolean
redraw_cb (gpointer data)
{
  SbListenOutput *output = data;

  if (output->table_dirty)
    draw_table (output);
  return G_SOURCE_CONTINUE;
}

SbListenOutput *
sb_listen_output_new (SbListenFormat format, const char *source_name)
{
  SbListenOutput *output = g_new0 (SbListenOutput, 1);

  output->format = format;
  output->line = g_string_sized_new (512);
  sb_json_append_string (output->line, source_name, strlen (source_name));
  output->source_json = g_strdup (output->line->str);
  output->started = g_get_monotonic_time ();
  output->data_paths = g_ptr_array_new_with_free_func (data_path_free);
  output->sparkplug = sb_sparkplug_state_new ();
  output->max_topics = SB_TOPIC_LIMIT_DEFAULT;
  output->overflow = sb_topic_overflow_new ();

  switch (format)
    {
      case SB_LISTEN_FORMAT_JSONL:
        /* Full buffering: a flood costs one write () per buffer, not per line. */
        setvbuf (stdout, NULL, _IOFBF, STDOUT_BUFFER_SIZE);
        output->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_cb, output);
        break;
      case SB_LISTEN_FORMAT_TABLE:
        output->model = sb_preview_model_new ();
        output->redraw_id = g_timeout_add (REDRAW_INTERVAL_MS, redraw_cb, output);
        output->table_dirty = TRUE;
        break;
      case SB_LISTEN_FORMAT_NONE:
        output->topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        break;
      default:
        g_assert_not_reached ();
    }
  return output;
}

void
sb_listen_output_free (SbListenOutput *output)
{
  if (output == NULL)
    return;
  g_clear_handle_id (&output->flush_id, g_source_remove);
  g_clear_handle_id (&output->idle_flush_id, g_source_remove);
  g_clear_handle_id (&output->redraw_id, g_source_remove);
  g_clear_object (&output->model);
  g_clear_pointer (&output->topics, g_hash_table_unref);
  sb_topic_overflow_free (output->overflow);
  g_ptr_array_unref (output->data_paths);
  g_string_free (output->line, TRUE);
  g_free (output->source_json);
  g_clear_object (&output->sparkplug);
  g_free (output);
}

static void
write_jsonl (SbListenOutput *output, SbMessage *message)
{
  guint subscription_index = sb_message_get_subscription_index (message);
  SbDataPath *path = subscription_index < output->data_paths->len
                         ? g_ptr_array_index (output->data_paths, subscription_index)
                         : NULL;
  GString *line = output->line;

  g_string_truncate (line, 0);
  sb_message_json_append_sparkplug (line, output->source_json, message, path, output->sparkplug);
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, stdout);
  output->unflushed = TRUE;
  if (output->idle_flush_id == 0)
    output->idle_flush_id = g_idle_add_full (G_PRIORITY_LOW, idle_flush_cb, output, NULL);
}

void
sb_listen_output_message (SbListenOutput *output, SbMessage *message)
{
  const char *topic = sb_message_get_topic (message);

  output->count++;
  switch (output->format)
    {
      case SB_LISTEN_FORMAT_JSONL:
        write_jsonl (output, message);
        break;
      case SB_LISTEN_FORMAT_TABLE:
        sb_preview_model_push (output->model, message);
        output->table_dirty = TRUE;
        break;
      case SB_LISTEN_FORMAT_NONE:
        if (g_hash_table_contains (output->topics, topic))
          break;
        /* A broker with millions of topics: counted, not kept. */
        if (g_hash_table_size (output->topics) < output->max_topics)
          g_hash_table_add (output->topics, g_strdup (topic));
        else
          sb_topic_overflow_add (output->overflow, topic);
        break;
      default:
        g_assert_not_reached ();
    }
}

guint64
sb_listen_output_get_count (SbListenOutput *output)
{
  return output->count;
}

void
sb_listen_output_finish (SbListenOutput *output)
{
  double seconds = (g_get_monotonic_time () - output->started) / (double)G_USEC_PER_SEC;

  switch (output->format)
    {
      case SB_LISTEN_FORMAT_JSONL:
        output->unflushed = TRUE;
        flush_stdout (output);
        break;
      case SB_LISTEN_FORMAT_TABLE:
        draw_table (output);
        break;
      case SB_LISTEN_FORMAT_NONE:
        {
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          /* Scripts parse this line: a dot, whatever the locale. */
          g_ascii_formatd (text, sizeof text, "%.3f", seconds);
          g_autofree char *not_kept = sb_topic_overflow_describe (
              sb_topic_overflow_get_count (output->overflow), output->max_topics);

          /* Scripts parse this line: M counts every topic, kept or not. */
          fprintf (stderr, _ ("received %lu messages on %u topics in %s s\n"),
                   (unsigned long)output->count,
                   g_hash_table_size (output->topics)
                       + sb_topic_overflow_get_count (output->overflow),
                   text);
          if (not_kept != NULL)
            fprintf (stderr, "%s\n", not_kept);
        }
        break;
      default:
        g_assert_not_reached ();
    }
}

void
sb_listen_output_set_data_path (SbListenOutput *output, guint subscription_index,
                                const char *expression)
{
  SbDataPath *path = NULL;

  /* listen has validated the data source: an expression that does not
   * compile here counts as none. */
  if (expression != NULL && *expression != '\0')
    path = sb_data_path_new (expression, NULL);
  if (subscription_index >= output->data_paths->len)
    g_ptr_array_set_size (output->data_paths, subscription_index + 1);
  if (g_ptr_array_index (output->data_paths, subscription_index) != NULL)
    sb_data_path_unref (g_ptr_array_index (output->data_paths, subscription_index));
  g_ptr_array_index (output->data_paths, subscription_index) = path;
  if (output->model != NULL)
    sb_preview_model_set_data_path (output->model, subscription_index, expression);
}

void
sb_listen_output_set_max_topics (SbListenOutput *output, guint max_topics)
{
  output->max_topics = MAX (max_topics, 1);
  if (output->model != NULL)
    sb_preview_model_set_topic_limit (output->model, output->max_topics);
}
