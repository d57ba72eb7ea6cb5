/* sb-details-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sb-details-pane-private.h"
#include "sb-application.h"
#include "sb-payload.h"
#include "sb-payload-diff.h"
#include "sb-payload-json.h"
#include "sb-sparkline.h"
#include "sb-sparkplug-topic.h"
#include "sb-sparkplug-view.h"

/* A flood on the selected topic redraws the views at most this often:
 * a 64 KiB hex dump per frame would starve the main loop. */
#define REFRESH_INTERVAL_MS 200
/* Characters of each payload in the history list. */
#define HISTORY_LINE_CHARS 120
/* Lines of the Changes page: a grid of labels; beyond these a note says how
 * many more there are (the diff itself is bounded by the core). */
#define DIFF_MAX_LINES 300

struct _SbDetailsPane
{
  GtkWidget parent_instance;

  GtkStack *main_stack;
  GtkLabel *topic_label;
  GtkLabel *meta_label;
  GtkLabel *value_label;
  GtkWidget *props_grid;
  GtkWidget *content_type_caption;
  GtkLabel *content_type_label;
  GtkWidget *user_props_caption;
  GtkLabel *user_props_label;
  GtkLabel *note_label;
  GtkStack *view_stack;
  GtkStackPage *sparkplug_page;
  GtkWidget *sparkplug_button;
  SbSparkplugView *sparkplug_view;
  SbSparkplugState *sparkplug_state; /* of the preview's model; borrowed, may be NULL */
  GtkTextView *text_view;
  GtkTextView *json_view;
  GtkTextView *hex_view;
  GtkTextView *base64_view;
  GtkLabel *diff_note;
  GtkGrid *diff_grid;
  SbSparkline *chart;
  GtkListView *history_list;

  SbTopicRow *row;
  gulong row_notify_id;
  SbHistory *history;
  gulong history_changed_id;
  GtkStringList *history_lines;

  guint refresh_id;
  gint64 last_refresh; /* monotonic microseconds */
  /* The two payloads the Changes page shows (borrowed, compared by address):
   * a refresh with the same pair keeps the page as it is. */
  gconstpointer diff_old;
  gconstpointer diff_new;
};

G_DEFINE_FINAL_TYPE (SbDetailsPane, sb_details_pane, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ROW,
  PROP_HISTORY,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  PIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Colours the tokens of json_generator's pretty output; offsets in
 * characters because GtkTextIter counts those. */
static void
highlight_json (GtkTextBuffer *buffer, const char *text)
{
  const char *p = text;
  int offset = 0;

  while (*p != '\0')
    {
      const char *start = p;
      int start_offset = offset;
      const char *tag = NULL;

      if (*p == '"')
        {
          const char *after;

          for (p++, offset++; *p != '\0' && *p != '"'; p = g_utf8_next_char (p), offset++)
            if (*p == '\\' && p[1] != '\0')
              p++, offset++;
          if (*p == '"')
            p++, offset++;
          after = p;
          while (*after == ' ')
            after++;
          tag = *after == ':' ? "key" : "string";
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          while (*p == '-' || *p == '+' || *p == '.' || *p == 'e' || *p == 'E'
                 || g_ascii_isdigit (*p))
            p++, offset++;
          tag = "number";
        }
      else if (g_str_has_prefix (p, "true") || g_str_has_prefix (p, "false")
               || g_str_has_prefix (p, "null"))
        {
          int n = *p == 'f' ? 5 : 4;
          p += n;
          offset += n;
          tag = "literal";
        }
      else
        {
          p = g_utf8_next_char (p);
          offset++;
          continue;
        }

      if (tag != NULL && p > start)
        {
          GtkTextIter from, to;
          gtk_text_buffer_get_iter_at_offset (buffer, &from, start_offset);
          gtk_text_buffer_get_iter_at_offset (buffer, &to, offset);
          gtk_text_buffer_apply_tag_by_name (buffer, tag, &from, &to);
        }
    }
}

static void
set_text (GtkTextView *view, const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* The row's data-path value, once the core offers one ("value-text" and
 * "value-error"); the pane works without them too. */
static void
get_value (SbDetailsPane *self, char **value_text, char **value_error)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (self->row);

  *value_text = NULL;
  *value_error = NULL;
  if (g_object_class_find_property (klass, "value-text") != NULL)
    g_object_get (self->row, "value-text", value_text, NULL);
  if (g_object_class_find_property (klass, "value-error") != NULL)
    g_object_get (self->row, "value-error", value_error, NULL);
}

/* Content type and user properties of an MQTT 5 message; hidden when absent. */
static void
refresh_properties (SbDetailsPane *self)
{
  SbMessageProps *props = sb_topic_row_get_message_properties (self->row);
  const char *content_type = props != NULL ? sb_message_props_get_content_type (props) : NULL;
  guint n_user = props != NULL ? sb_message_props_get_n_user_properties (props) : 0;
  g_autoptr (GString) lines = g_string_new (NULL);

  for (guint i = 0; i < n_user; i++)
    g_string_append_printf (lines, "%s%s = %s", i > 0 ? "\n" : "",
                            sb_message_props_get_user_property_name (props, i),
                            sb_message_props_get_user_property_value (props, i));
  gtk_label_set_label (self->content_type_label, content_type != NULL ? content_type : "");
  gtk_label_set_label (self->user_props_label, lines->str);
  gtk_widget_set_visible (self->content_type_caption, content_type != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->content_type_label), content_type != NULL);
  gtk_widget_set_visible (self->user_props_caption, n_user > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->user_props_label), n_user > 0);
  gtk_widget_set_visible (self->props_grid, content_type != NULL || n_user > 0);
}

/* The Sparkplug page is there for Sparkplug B topics only, and comes first. */
static void
refresh_sparkplug (SbDetailsPane *self)
{
  const char *topic = sb_topic_row_get_topic (self->row);
  gboolean sparkplug = sb_sparkplug_topic_parse (topic, NULL);

  if (sparkplug)
    sb_sparkplug_view_show (self->sparkplug_view, topic, sb_topic_row_get_sparkplug (self->row),
                            self->sparkplug_state);
  gtk_stack_page_set_visible (self->sparkplug_page, sparkplug);
  gtk_widget_set_visible (self->sparkplug_button, sparkplug);
  if (!sparkplug
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "sparkplug") == 0)
    sb_details_pane_set_view (self, "text");
}

static GtkWidget *
diff_label (const char *text, const char *css_class, gboolean monospace)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), monospace);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
diff_attach (SbDetailsPane *self, GtkWidget *label, int column, int row, int width)
{
  if (column > 0)
    gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (self->diff_grid, label, column, row, width, 1);
}

static void
clear_diff (SbDetailsPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->diff_grid))) != NULL)
    gtk_grid_remove (self->diff_grid, child);
}

/* Key by key: what changed, where, before and after. */
static guint
show_json_diff (SbDetailsPane *self, SbPayloadDiff *diff)
{
  guint n = sb_payload_diff_get_n_entries (diff);
  guint shown = MIN (n, DIFF_MAX_LINES);

  diff_attach (self, diff_label (_ ("Key"), "diff-header", FALSE), 1, 0, 1);
  diff_attach (self, diff_label (_ ("Before"), "diff-header", FALSE), 2, 0, 1);
  diff_attach (self, diff_label (_ ("After"), "diff-header", FALSE), 3, 0, 1);
  for (guint i = 0; i < shown; i++)
    {
      SbDiffChange change = sb_payload_diff_get_change (diff, i);
      const char *old_value = sb_payload_diff_get_old (diff, i);
      const char *new_value = sb_payload_diff_get_new (diff, i);
      const char *word = change == SB_DIFF_ADDED     ? C_ ("diff", "added")
                         : change == SB_DIFF_REMOVED ? C_ ("diff", "removed")
                                                     : C_ ("diff", "changed");
      const char *css_class = change == SB_DIFF_ADDED     ? "diff-added"
                              : change == SB_DIFF_REMOVED ? "diff-removed"
                                                          : "diff-changed";

      diff_attach (self, diff_label (word, css_class, FALSE), 0, i + 1, 1);
      diff_attach (self, diff_label (sb_payload_diff_get_path (diff, i), NULL, TRUE), 1, i + 1, 1);
      diff_attach (self,
                   diff_label (old_value != NULL ? old_value : "—",
                               change == SB_DIFF_CHANGED ? "diff-old" : NULL, old_value != NULL),
                   2, i + 1, 1);
      diff_attach (self, diff_label (new_value != NULL ? new_value : "—", NULL, new_value != NULL),
                   3, i + 1, 1);
    }
  return n - shown;
}

/* Line by line, as diff -u reads: "−" old, "+" new, unchanged lines plain. */
static guint
show_text_diff (SbDetailsPane *self, SbPayloadDiff *diff)
{
  guint n = sb_payload_diff_get_n_entries (diff);
  guint shown = MIN (n, DIFF_MAX_LINES);

  for (guint i = 0; i < shown; i++)
    {
      SbDiffChange change = sb_payload_diff_get_change (diff, i);
      gboolean removed = change == SB_DIFF_REMOVED;
      const char *line
          = removed ? sb_payload_diff_get_old (diff, i) : sb_payload_diff_get_new (diff, i);
      const char *mark = change == SB_DIFF_ADDED ? "+" : removed ? "−" : " ";

      diff_attach (self,
                   diff_label (mark,
                               change == SB_DIFF_ADDED ? "diff-added"
                               : removed               ? "diff-removed"
                                                       : NULL,
                               TRUE),
                   0, i, 1);
      diff_attach (self,
                   diff_label (line != NULL ? line : "",
                               change == SB_DIFF_ADDED ? "diff-line-added"
                               : removed               ? "diff-line-removed"
                                                       : NULL,
                               TRUE),
                   1, i, 3);
    }
  return n - shown;
}

/* The Changes page: the latest message against the one before it. */
static void
refresh_diff (SbDetailsPane *self)
{
  GBytes *old_payload = sb_topic_row_get_previous_payload (self->row);
  GBytes *new_payload = sb_topic_row_get_payload (self->row);
  g_autoptr (SbPayloadDiff) diff = NULL;
  g_autoptr (GString) note = g_string_new (NULL);
  guint not_shown = 0;

  if (self->diff_old == (gconstpointer)old_payload && self->diff_new == (gconstpointer)new_payload
      && gtk_widget_get_first_child (GTK_WIDGET (self->diff_grid)) != NULL)
    return;
  self->diff_old = old_payload;
  self->diff_new = new_payload;
  clear_diff (self);

  if (old_payload == NULL)
    {
      gtk_label_set_label (self->diff_note,
                           _ ("Only one message of this topic has arrived since the preview "
                              "started: nothing to compare yet"));
      return;
    }

  diff = sb_payload_diff_new (old_payload, new_payload);
  switch (sb_payload_diff_get_kind (diff))
    {
      case SB_PAYLOAD_DIFF_SAME:
        g_string_append (note, _ ("The same payload as the previous message"));
        break;
      case SB_PAYLOAD_DIFF_BINARY:
        g_string_append (note, _ ("The payload differs from the previous message (binary: not "
                                  "compared byte by byte)"));
        break;
      case SB_PAYLOAD_DIFF_JSON:
        g_string_append (note, _ ("Keys changed against the previous message"));
        not_shown = show_json_diff (self, diff);
        break;
      case SB_PAYLOAD_DIFF_TEXT:
      default:
        g_string_append (note, _ ("Lines changed against the previous message"));
        not_shown = show_text_diff (self, diff);
        break;
    }
  if (not_shown > 0 || sb_payload_diff_get_truncated (diff))
    {
      g_string_append (note, " · ");
      g_string_append (note, _ ("Not every change is listed: there are too many"));
    }
  if (g_bytes_get_size (old_payload) < sb_topic_row_get_previous_payload_size (self->row)
      || g_bytes_get_size (new_payload) < sb_topic_row_get_payload_size (self->row))
    {
      g_string_append (note, " · ");
      g_string_append (note, _ ("Only the kept start of each payload is compared"));
    }
  gtk_label_set_label (self->diff_note, note->str);
}

static void
refresh_views (SbDetailsPane *self)
{
  GBytes *payload = sb_topic_row_get_payload (self->row);
  guint64 size = sb_topic_row_get_payload_size (self->row);
  gsize kept = payload != NULL ? g_bytes_get_size (payload) : 0;
  gboolean is_text = payload == NULL || sb_payload_is_text_prefix (payload, size);
  g_autofree char *safe = sb_payload_safe_text (payload);
  g_autofree char *hex = sb_payload_hex_dump (payload);
  g_autofree char *base64 = NULL;
  g_autofree char *pretty = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *value_text = NULL;
  g_autofree char *value_error = NULL;
  g_autofree char *size_text = g_format_size_full (size, G_FORMAT_SIZE_LONG_FORMAT);
  g_autoptr (GString) meta = g_string_new (NULL);
  GtkTextBuffer *json_buffer = gtk_text_view_get_buffer (self->json_view);

  gtk_label_set_label (self->topic_label, sb_topic_row_get_topic (self->row));
  refresh_sparkplug (self);

  g_string_append_printf (meta, _ ("QoS %d"), sb_topic_row_get_qos (self->row));
  g_string_append (meta, " · ");
  g_string_append (meta,
                   sb_topic_row_get_retained (self->row) ? _ ("Retained") : _ ("Not retained"));
  g_string_append (meta, " · ");
  g_string_append (meta, size_text);
  g_string_append (meta, " · ");
  g_string_append (meta, is_text ? _ ("Text") : _ ("Binary"));
  gtk_label_set_label (self->meta_label, meta->str);
  refresh_properties (self);

  get_value (self, &value_text, &value_error);
  if (value_text != NULL || value_error != NULL)
    {
      g_autofree char *line = value_text != NULL ? g_strdup_printf (_ ("Value: %s"), value_text)
                                                 : g_strdup (value_error);
      gtk_label_set_label (self->value_label, line);
      if (value_text == NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "failed");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), "failed");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->value_label),
                          value_text != NULL || value_error != NULL);

  if (kept < size)
    {
      g_autofree char *kept_text = g_format_size (kept);
      g_autofree char *note
          = g_strdup_printf (_ ("Showing the first %s of %s"), kept_text, size_text);
      gtk_label_set_label (self->note_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), kept < size);

  set_text (self->text_view, safe);
  set_text (self->hex_view, hex);
  refresh_diff (self);

  base64 = g_base64_encode (payload != NULL ? g_bytes_get_data (payload, NULL) : NULL, kept);
  set_text (self->base64_view, base64);

  pretty = kept == size ? sb_payload_json_pretty (payload, &error) : NULL;
  if (pretty != NULL)
    {
      gtk_text_buffer_set_text (json_buffer, pretty, -1);
      highlight_json (json_buffer, pretty);
    }
  else
    {
      GtkTextIter start, end;
      gtk_text_buffer_set_text (json_buffer,
                                error != NULL ? error->message
                                              : _ ("Only the start of this payload is kept: it "
                                                   "cannot be shown as JSON"),
                                -1);
      gtk_text_buffer_get_bounds (json_buffer, &start, &end);
      gtk_text_buffer_apply_tag_by_name (json_buffer, "error", &start, &end);
    }
}

static char *
history_line (const SbHistoryEntry *entry)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (entry->time / G_USEC_PER_SEC);
  g_autofree char *clock = local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");
  g_autoptr (GBytes) payload = g_bytes_new_static (entry->data, entry->length);
  g_autofree char *text = sb_payload_display_text_prefix (payload, entry->size, HISTORY_LINE_CHARS);

  return g_strdup_printf ("%s.%03d  %s", clock, (int)(entry->time % G_USEC_PER_SEC / 1000), text);
}

static void
refresh_history (SbDetailsPane *self)
{
  guint length = self->history != NULL ? sb_history_get_length (self->history) : 0;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_full (length + 1, g_free);

  /* Newest first, as the eye looks for the latest. */
  for (guint i = length; i > 0; i--)
    g_ptr_array_add (lines, history_line (sb_history_get (self->history, i - 1)));
  g_ptr_array_add (lines, NULL);
  gtk_string_list_splice (self->history_lines, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->history_lines)),
                          (const char *const *)lines->pdata);
}

void
sb_details_pane_refresh (SbDetailsPane *self)
{
  g_return_if_fail (SB_IS_DETAILS_PANE (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->last_refresh = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (self->main_stack, self->row != NULL ? "details" : "empty");
  if (self->row != NULL)
    refresh_views (self);
  refresh_history (self);
}

static gboolean
refresh_cb (gpointer data)
{
  SbDetailsPane *self = data;

  self->refresh_id = 0;
  sb_details_pane_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (SbDetailsPane *self)
{
  gint64 since;

  if (self->refresh_id != 0)
    return;
  since = (g_get_monotonic_time () - self->last_refresh) / 1000;
  if (since >= REFRESH_INTERVAL_MS)
    self->refresh_id = g_idle_add (refresh_cb, self);
  else
    self->refresh_id = g_timeout_add (REFRESH_INTERVAL_MS - since, refresh_cb, self);
}

static void
copy_topic_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SbDetailsPane *self = SB_DETAILS_PANE (widget);

  (void)action_name;
  (void)parameter;
  if (self->row == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), sb_topic_row_get_topic (self->row));
}

static void
copy_value_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SbDetailsPane *self = SB_DETAILS_PANE (widget);
  g_autofree char *value_text = NULL;
  g_autofree char *value_error = NULL;
  GBytes *payload;

  (void)action_name;
  (void)parameter;
  if (self->row == NULL)
    return;

  /* The data-path value when there is one; else the payload itself. */
  get_value (self, &value_text, &value_error);
  payload = sb_topic_row_get_payload (self->row);
  if (value_text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), value_text);
  else if (payload == NULL
           || sb_payload_is_text_prefix (payload, sb_topic_row_get_payload_size (self->row)))
    {
      g_autofree char *text = sb_payload_safe_text (payload);
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
    }
  else
    {
      /* Binary: the bytes for programs that take them, base64 for a text field. */
      g_autofree char *base64
          = g_base64_encode (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
      GdkContentProvider *providers[2] = {
        gdk_content_provider_new_for_bytes ("application/octet-stream", payload),
        gdk_content_provider_new_typed (G_TYPE_STRING, base64),
      };
      g_autoptr (GdkContentProvider) provider = gdk_content_provider_new_union (providers, 2);
      gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
    }
}

static void
pin_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SbDetailsPane *self = SB_DETAILS_PANE (widget);

  (void)action_name;
  (void)parameter;
  if (self->row != NULL)
    g_signal_emit (self, signals[PIN], 0, self->row);
}

static void
row_notify_cb (SbDetailsPane *self)
{
  queue_refresh (self);
}

static void
history_changed_cb (SbDetailsPane *self)
{
  queue_refresh (self);
}

static void
setup_history_item (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  (void)factory;
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* An ellipsized label asks for its whole text: cap it, or a long payload
   * makes the pane squeeze the table beside it. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_history_item (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkStringObject *line = gtk_list_item_get_item (item);

  (void)factory;
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (line));
}

static void
view_changed_cb (SbDetailsPane *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
sb_details_pane_dispose (GObject *object)
{
  SbDetailsPane *self = SB_DETAILS_PANE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->row != NULL)
    g_clear_signal_handler (&self->row_notify_id, self->row);
  g_clear_object (&self->row);
  if (self->history != NULL)
    g_clear_signal_handler (&self->history_changed_id, self->history);
  g_clear_object (&self->history);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_DETAILS_PANE);
  g_clear_object (&self->history_lines);

  G_OBJECT_CLASS (sb_details_pane_parent_class)->dispose (object);
}

static void
sb_details_pane_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbDetailsPane *self = SB_DETAILS_PANE (object);

  switch (prop_id)
    {
      case PROP_ROW:
        g_value_set_object (value, self->row);
        break;
      case PROP_HISTORY:
        g_value_set_object (value, self->history);
        break;
      case PROP_VIEW:
        g_value_set_string (value, sb_details_pane_get_view (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_details_pane_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  SbDetailsPane *self = SB_DETAILS_PANE (object);

  switch (prop_id)
    {
      case PROP_ROW:
        sb_details_pane_set_row (self, g_value_get_object (value));
        break;
      case PROP_HISTORY:
        sb_details_pane_set_history (self, g_value_get_object (value));
        break;
      case PROP_VIEW:
        sb_details_pane_set_view (self, g_value_get_string (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The JSON highlighting in the style's colours (style.css, style-dark.css):
 * legible in the light and the dark style, and changed with it. Without
 * them (a widget test without the app's style) the text's own colour. */
static void
update_json_colors (SbDetailsPane *self)
{
  static const char *const tags[][2] = {
    { "key", "sb_json_key_color" },       { "string", "sb_json_string_color" },
    { "number", "sb_json_number_color" }, { "literal", "sb_json_literal_color" },
    { "error", "sb_json_error_color" },
  };
  GtkTextTagTable *table
      = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (self->json_view));

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, tags[i][0]);
      GdkRGBA color;
      gboolean found;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      found = gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                              tags[i][1], &color);
      G_GNUC_END_IGNORE_DEPRECATIONS
      if (found)
        g_object_set (tag, "foreground-rgba", &color, NULL);
      else
        g_object_set (tag, "foreground-set", FALSE, NULL);
    }
}

static void
sb_details_pane_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sb_details_pane_parent_class)->css_changed (widget, change);
  if (SB_DETAILS_PANE (widget)->json_view != NULL)
    update_json_colors (SB_DETAILS_PANE (widget));
}

static void
sb_details_pane_class_init (SbDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_details_pane_dispose;
  object_class->get_property = sb_details_pane_get_property;
  object_class->set_property = sb_details_pane_set_property;

  properties[PROP_ROW]
      = g_param_spec_object ("row", NULL, NULL, SB_TYPE_TOPIC_ROW,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY]
      = g_param_spec_object ("history", NULL, NULL, SB_TYPE_HISTORY,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW]
      = g_param_spec_string ("view", NULL, NULL, "text",
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "pin" (SbTopicRow *row): the user asked to chart the row's values. */
  signals[PIN] = g_signal_new ("pin", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                               NULL, G_TYPE_NONE, 1, SB_TYPE_TOPIC_ROW);

  g_type_ensure (SB_TYPE_SPARKLINE);
  g_type_ensure (SB_TYPE_SPARKPLUG_VIEW);
  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/signalboard/Signalboard/ui/"
                                               "sb-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, topic_label);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, meta_label);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, value_label);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, props_grid);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, content_type_caption);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, content_type_label);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, user_props_caption);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, user_props_label);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, note_label);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, sparkplug_page);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, sparkplug_button);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, sparkplug_view);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, text_view);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, json_view);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, hex_view);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, base64_view);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, diff_note);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, diff_grid);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, chart);
  gtk_widget_class_bind_template_child (widget_class, SbDetailsPane, history_list);

  gtk_widget_class_install_property_action (widget_class, "details.view", "view");
  gtk_widget_class_install_action (widget_class, "details.copy-topic", NULL, copy_topic_action);
  gtk_widget_class_install_action (widget_class, "details.copy-value", NULL, copy_value_action);
  gtk_widget_class_install_action (widget_class, "details.pin", NULL, pin_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detailspane");
  widget_class->css_changed = sb_details_pane_css_changed;
}

static void
sb_details_pane_init (SbDetailsPane *self)
{
  GtkTextBuffer *json_buffer;
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Their colours come from the style (sb_json_update_colors ()). */
  json_buffer = gtk_text_view_get_buffer (self->json_view);
  gtk_text_buffer_create_tag (json_buffer, "key", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (json_buffer, "string", NULL);
  gtk_text_buffer_create_tag (json_buffer, "number", NULL);
  gtk_text_buffer_create_tag (json_buffer, "literal", NULL);
  gtk_text_buffer_create_tag (json_buffer, "error", NULL);
  update_json_colors (self);

  self->history_lines = gtk_string_list_new (NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_history_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_history_item), NULL);
  gtk_list_view_set_factory (self->history_list, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->history_lines)));
  gtk_list_view_set_model (self->history_list, GTK_SELECTION_MODEL (selection));

  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (view_changed_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-topic", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-value", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.pin", FALSE);
}

GtkWidget *
sb_details_pane_new (void)
{
  return g_object_new (SB_TYPE_DETAILS_PANE, NULL);
}

void
sb_details_pane_set_row (SbDetailsPane *self, SbTopicRow *row)
{
  g_return_if_fail (SB_IS_DETAILS_PANE (self));
  g_return_if_fail (row == NULL || SB_IS_TOPIC_ROW (row));

  if (self->row == row)
    return;
  if (self->row != NULL)
    g_clear_signal_handler (&self->row_notify_id, self->row);
  g_set_object (&self->row, row);
  self->diff_old = self->diff_new = NULL;
  if (row != NULL)
    {
      self->row_notify_id
          = g_signal_connect_swapped (row, "notify", G_CALLBACK (row_notify_cb), self);
      /* A row that keeps its own history brings it along. */
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (row), "history") != NULL)
        {
          g_autoptr (SbHistory) history = NULL;
          g_object_get (row, "history", &history, NULL);
          sb_details_pane_set_history (self, history);
        }
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-topic", row != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-value", row != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.pin", row != NULL);
  sb_details_pane_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW]);
}

SbTopicRow *
sb_details_pane_get_row (SbDetailsPane *self)
{
  g_return_val_if_fail (SB_IS_DETAILS_PANE (self), NULL);

  return self->row;
}

void
sb_details_pane_set_history (SbDetailsPane *self, SbHistory *history)
{
  g_return_if_fail (SB_IS_DETAILS_PANE (self));
  g_return_if_fail (history == NULL || SB_IS_HISTORY (history));

  if (self->history == history)
    return;
  if (self->history != NULL)
    g_clear_signal_handler (&self->history_changed_id, self->history);
  g_set_object (&self->history, history);
  if (history != NULL)
    self->history_changed_id
        = g_signal_connect_swapped (history, "changed", G_CALLBACK (history_changed_cb), self);
  sb_sparkline_set_history (self->chart, history);
  refresh_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

SbHistory *
sb_details_pane_get_history (SbDetailsPane *self)
{
  g_return_val_if_fail (SB_IS_DETAILS_PANE (self), NULL);

  return self->history;
}

void
sb_details_pane_set_sparkplug_state (SbDetailsPane *self, SbSparkplugState *state)
{
  g_return_if_fail (SB_IS_DETAILS_PANE (self));

  self->sparkplug_state = state;
  if (self->row != NULL)
    refresh_sparkplug (self);
}

void
sb_details_pane_set_view (SbDetailsPane *self, const char *view)
{
  g_return_if_fail (SB_IS_DETAILS_PANE (self));
  g_return_if_fail (view != NULL);

  gtk_stack_set_visible_child_name (self->view_stack, view);
}

const char *
sb_details_pane_get_view (SbDetailsPane *self)
{
  g_return_val_if_fail (SB_IS_DETAILS_PANE (self), NULL);

  return gtk_stack_get_visible_child_name (self->view_stack);
}
