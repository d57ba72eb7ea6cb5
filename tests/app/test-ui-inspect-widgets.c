/* test-ui-inspect-widgets.c: the details pane, the sparkline and the publish
 * dialog, in a real window under Xvfb, against a real mosquitto
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-details-pane-private.h"
#include "sb-preview-model.h"
#include "sb-preview-view-private.h"
#include "sb-publish-dialog.h"
#include "sb-sparkline.h"
#include "sb-subscription.h"
#include "sb-test-ui.h"

#define template_child(widget, type, name)                                                         \
  GTK_WIDGET (gtk_widget_get_template_child (widget, type, name))

static SbTopicRow *
push (SbPreviewModel *model, const char *topic, const void *data, gsize length, int qos,
      gboolean retained)
{
  g_autoptr (GBytes) payload = g_bytes_new (data, length);

  g_autoptr (SbMessage) message
      = sb_message_new (topic, payload, qos, retained, 0, NULL, g_get_real_time ());
  sb_preview_model_push (model, message);
  sb_preview_model_flush (model);
  return sb_preview_model_lookup (model, topic);
}

static char *
view_text (SbDetailsPane *pane, const char *name)
{
  GtkWidget *view = template_child (GTK_WIDGET (pane), SB_TYPE_DETAILS_PANE, name);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* The tag names applied at the first occurrence of @needle in @name's buffer. */
static gboolean
has_tag_at (SbDetailsPane *pane, const char *name, const char *needle, const char *tag)
{
  GtkWidget *view = template_child (GTK_WIDGET (pane), SB_TYPE_DETAILS_PANE, name);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, match;
  GtkTextTag *wanted = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag);

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (wanted == NULL || !gtk_text_iter_forward_search (&start, needle, 0, &match, NULL, NULL))
    return FALSE;
  return gtk_text_iter_has_tag (&match, wanted);
}

static GtkWindow *
show_in_window (GtkWidget *child, int width, int height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  ui_drain ();
  return window;
}

static void
test_details_json (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  const char *json = "{\"status\":200,\"since\":\"2026-11-25T16:20:00Z\",\"ok\":true}";
  SbTopicRow *row = push (model, "shopfloor/line1/station3/status", json, strlen (json), 1, TRUE);
  SbDetailsPane *pane = SB_DETAILS_PANE (sb_details_pane_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pane), 700, 700);
  g_autofree char *text = NULL;
  g_autofree char *pretty = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *expected_base64 = g_base64_encode ((const guchar *)json, strlen (json));

  /* Nothing selected: a hint, no buttons to press. */
  g_assert_nonnull (
      ui_find_label (GTK_WIDGET (window), "Select a topic to see its latest value and history"));
  sb_details_pane_set_row (pane, row);
  ui_drain ();

  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "shopfloor/line1/station3/status"));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "QoS 1 · Retained · 55 bytes · Text"));

  text = view_text (pane, "text_view");
  g_assert_cmpstr (text, ==, json);

  pretty = view_text (pane, "json_view");
  g_assert_cmpstr (pretty, ==,
                   "{\n  \"status\" : 200,\n  \"since\" : \"2026-11-25T16:20:00Z\",\n"
                   "  \"ok\" : true\n}");
  g_assert_true (has_tag_at (pane, "json_view", "\"status\"", "key"));
  g_assert_true (has_tag_at (pane, "json_view", "200", "number"));
  g_assert_true (has_tag_at (pane, "json_view", "\"2026", "string"));
  g_assert_true (has_tag_at (pane, "json_view", "true", "literal"));
  g_assert_false (has_tag_at (pane, "json_view", "200", "key"));

  hex = view_text (pane, "hex_view");
  g_assert_true (g_str_has_prefix (
      hex, "00000000  7b 22 73 74 61 74 75 73  22 3a 32 30 30 2c 22 73  |{\"status\":200,\"s|\n"));
  g_assert_true (g_str_has_suffix (hex, "\n00000037"));

  base64 = view_text (pane, "base64_view");
  g_assert_cmpstr (base64, ==, expected_base64);

  /* The switcher shows one view at a time. */
  sb_details_pane_set_view (pane, "hex");
  ui_drain ();
  g_assert_cmpstr (sb_details_pane_get_view (pane), ==, "hex");
  g_assert_true (
      gtk_widget_get_mapped (template_child (GTK_WIDGET (pane), SB_TYPE_DETAILS_PANE, "hex_view")));
  g_assert_false (gtk_widget_get_mapped (
      template_child (GTK_WIDGET (pane), SB_TYPE_DETAILS_PANE, "json_view")));

  gtk_window_destroy (window);
}

/* Issue 16, item 9: the JSON view read untrusted payloads with json-glib
 * unchecked. A million levels of nesting (the row keeps them all once the
 * payload-display-limit is raised) overflowed the stack; bad "\u" escapes
 * reached the text buffer as invalid UTF-8. */
static void
test_details_hostile_json (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  SbDetailsPane *pane = SB_DETAILS_PANE (sb_details_pane_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pane), 700, 700);
  const struct
  {
    const char *payload;
    const char *shown;
  } cases[] = {
    { "{\"a\":\"\\ud8:3d\"}", "The payload is not JSON" },
    { "[\"\\und\"]", "The payload is not JSON" },
    { "{\"a\":\"\\ud83d\"}",
      "The payload is not JSON text: \u201c\\uD83D\u201d is half of a UTF-16 surrogate pair" },
    /* numbers and escapes as written (json-glib would print 1e999 as "inf") */
    { "{\"a\":\"\\ud83d\\ude00\",\"n\":[1e999,12345678901234567890,{}]}",
      "{\n  \"a\" : \"\\ud83d\\ude00\",\n  \"n\" : [\n    1e999,\n    12345678901234567890,\n    "
      "{}\n  ]\n}" },
  };
  g_autofree char *deep = NULL;
  g_autofree char *shown = NULL;
  SbTopicRow *row;

  g_object_set (model, "payload-limit", 4 * 1024 * 1024, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *topic = g_strdup_printf ("hostile/%u", i);
      g_autofree char *text = NULL;

      row = push (model, topic, cases[i].payload, strlen (cases[i].payload), 0, FALSE);
      sb_details_pane_set_row (pane, row);
      sb_details_pane_refresh (pane);
      text = view_text (pane, "json_view");
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpstr (text, ==, cases[i].shown);
    }

  deep = g_malloc (2 * 1000000 + 1);
  memset (deep, '[', 1000000);
  memset (deep + 1000000, ']', 1000000);
  deep[2 * 1000000] = '\0';
  row = push (model, "hostile/deep", deep, 2 * 1000000, 0, FALSE);
  g_assert_cmpuint (g_bytes_get_size (sb_topic_row_get_payload (row)), ==, 2 * 1000000);
  sb_details_pane_set_row (pane, row);
  sb_details_pane_refresh (pane);
  shown = view_text (pane, "json_view");
  g_assert_cmpstr (shown, ==, "The payload is not JSON");

  gtk_window_destroy (window);
}

static gboolean
text_changed_cb (gpointer data)
{
  gpointer *pair = data;
  g_autofree char *text = view_text (pair[0], "text_view");
  return g_strcmp0 (text, pair[1]) == 0;
}

static void
test_details_binary (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  static const guint8 binary[] = { 'A', 0x00, 0xff, 0x01, '\n', 'z', 0xc3, 0xa4 };
  SbTopicRow *row = push (model, "bin", binary, sizeof binary, 0, FALSE);
  SbDetailsPane *pane = SB_DETAILS_PANE (sb_details_pane_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pane), 700, 700);
  g_autofree char *text = NULL;
  g_autofree char *pretty = NULL;
  g_autofree char *hex = NULL;
  gpointer pair[2];

  sb_details_pane_set_row (pane, row);
  ui_drain ();
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "QoS 0 · Not retained · 8 bytes · Binary"));
  /* Every byte is accounted for: NUL and \x01 as control pictures, 0xff as U+FFFD. */
  text = view_text (pane, "text_view");
  g_assert_cmpstr (text, ==, "A\xe2\x90\x80\xef\xbf\xbd\xe2\x90\x81\nz\xc3\xa4");
  hex = view_text (pane, "hex_view");
  g_assert_cmpstr (hex, ==,
                   "00000000  41 00 ff 01 0a 7a c3 a4                           |A....z..|\n"
                   "00000008");
  pretty = view_text (pane, "json_view");
  g_assert_true (g_str_has_prefix (pretty, "The payload is not JSON"));
  g_assert_true (has_tag_at (pane, "json_view", "The payload", "error"));

  /* A new message on the selected topic reaches the views (throttled, so wait). */
  push (model, "bin", "next", 4, 0, FALSE);
  pair[0] = pane;
  pair[1] = "next";
  g_assert_true (sb_test_wait_for (text_changed_cb, pair, UI_DEADLINE_MS));

  gtk_window_destroy (window);
}

static void
clipboard_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  char **text = data;
  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("(nothing)");
}

static gboolean
not_null_cb (gpointer data)
{
  return *(char **)data != NULL;
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &text);
  g_assert_true (sb_test_wait_for (not_null_cb, &text, UI_DEADLINE_MS));
  return text;
}

static void
test_details_copy (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  SbTopicRow *row = push (model, "shopfloor/counter", "41", 2, 0, FALSE);
  SbDetailsPane *pane = SB_DETAILS_PANE (sb_details_pane_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pane), 600, 600);
  g_autofree char *topic = NULL;
  g_autofree char *value = NULL;

  sb_details_pane_set_row (pane, row);
  ui_drain ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "details.copy-topic", NULL));
  topic = read_clipboard (GTK_WIDGET (pane));
  g_assert_cmpstr (topic, ==, "shopfloor/counter");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "details.copy-value", NULL));
  value = read_clipboard (GTK_WIDGET (pane));
  g_assert_cmpstr (value, ==, "41");

  gtk_window_destroy (window);
}

/* Non-transparent pixels the widget draws, and their horizontal and vertical extent. */
static guint
drawn_pixels (GtkWidget *widget, int *left, int *right, int *top, int *bottom)
{
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  guint count = 0;

  /* The widget's own drawing, as the next frame would show it (a paintable
   * of the widget only repeats the last frame drawn). */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_surface_flush (surface);
  *left = width;
  *right = -1;
  *top = height;
  *bottom = -1;
  for (int y = 0; y < height; y++)
    {
      const guint32 *line = (const guint32 *)(cairo_image_surface_get_data (surface)
                                              + y * cairo_image_surface_get_stride (surface));
      for (int x = 0; x < width; x++)
        if ((line[x] >> 24) > 0x40)
          {
            count++;
            *left = MIN (*left, x);
            *right = MAX (*right, x);
            *top = MIN (*top, y);
            *bottom = MAX (*bottom, y);
          }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return count;
}

static void
test_sparkline (void)
{
  g_autoptr (SbHistory) history = sb_history_new (10);
  GtkWidget *sparkline = sb_sparkline_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWindow *window;
  g_autoptr (GBytes) text = g_bytes_new_static ("running", 7);
  int left, right, top, bottom;

  gtk_widget_set_size_request (sparkline, 100, 20);
  gtk_widget_set_halign (sparkline, GTK_ALIGN_START);
  gtk_widget_set_valign (sparkline, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), sparkline);
  window = show_in_window (box, 200, 100);
  sb_sparkline_set_history (SB_SPARKLINE (sparkline), history);
  ui_drain ();

  /* No numbers: nothing drawn. */
  sb_history_push (history, 1, text, 7, NAN);
  ui_drain ();
  g_assert_cmpuint (drawn_pixels (sparkline, &left, &right, &top, &bottom), ==, 0);

  /* A rising line over a full ring spans the widget, bottom-left to top-right. */
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *number = g_strdup_printf ("%d", i);
      g_autoptr (GBytes) payload = g_bytes_new (number, strlen (number));
      sb_history_push_message (history, i, payload, strlen (number), NULL);
    }
  ui_drain ();
  g_assert_cmpuint (drawn_pixels (sparkline, &left, &right, &top, &bottom), >, 80);
  g_assert_cmpint (left, <=, 4);
  g_assert_cmpint (right, >=, 95);
  g_assert_cmpint (top, <=, 3);
  g_assert_cmpint (bottom, >=, 16);

  /* A single value is a point, not nothing. */
  sb_history_clear (history);
  sb_history_push (history, 1, text, 7, 5);
  ui_drain ();
  g_assert_cmpuint (drawn_pixels (sparkline, &left, &right, &top, &bottom), >, 0);
  /* The newest sits at the right edge. */
  g_assert_cmpint (left, >=, 90);

  gtk_window_destroy (window);
}

static gboolean
chart_allocated_cb (gpointer data)
{
  return gtk_widget_get_height (data) >= 100 && gtk_widget_get_width (data) >= 200;
}

static void
test_details_history (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  SbDetailsPane *pane = SB_DETAILS_PANE (sb_details_pane_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pane), 700, 800);
  SbTopicRow *row;
  GtkWidget *list;
  GListModel *lines;
  g_autoptr (GtkStringObject) newest = NULL;
  g_autoptr (GtkStringObject) oldest = NULL;
  GtkWidget *chart;
  int left, right, top, bottom;

  sb_preview_model_set_history_size (model, 5);
  for (int i = 1; i <= 8; i++)
    {
      g_autofree char *number = g_strdup_printf ("%d", i * 10);
      g_autoptr (GBytes) payload = g_bytes_new (number, strlen (number));
      /* The clock part depends on the time zone; the milliseconds do not. */
      g_autoptr (SbMessage) message
          = sb_message_new ("shopfloor/counter/", payload, 0, FALSE, 0, NULL,
                            (gint64)1700000000 * G_USEC_PER_SEC + i * 1000);
      sb_preview_model_push (model, message);
    }
  sb_preview_model_flush (model);
  row = sb_preview_model_lookup (model, "shopfloor/counter/");
  sb_details_pane_set_row (pane, row);
  ui_drain ();
  /* The pane shows the row's own history. */
  g_assert_true (sb_details_pane_get_history (pane) == sb_topic_row_get_history (row));

  list = template_child (GTK_WIDGET (pane), SB_TYPE_DETAILS_PANE, "history_list");
  lines = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 5);
  newest = g_list_model_get_item (lines, 0);
  oldest = g_list_model_get_item (lines, 4);
  g_assert_true (g_str_has_suffix (gtk_string_object_get_string (newest), ".008  80"));
  g_assert_true (g_str_has_suffix (gtk_string_object_get_string (oldest), ".004  40"));
  /* The labels beside the chart: largest and smallest kept. */
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "80"));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "40"));
  chart = template_child (GTK_WIDGET (pane), SB_TYPE_DETAILS_PANE, "chart");
  /* Laid out at its large size (the next frame allocates it). */
  g_assert_true (sb_test_wait_for (chart_allocated_cb, chart, UI_DEADLINE_MS));
  g_assert_cmpuint (drawn_pixels (chart, &left, &right, &top, &bottom), >, 100);

  gtk_window_destroy (window);
}

static gboolean
value_shown_cb (gpointer data)
{
  return ui_find_label (data, "Value: 200") != NULL;
}

/* A data path's value, and the message when it has none. */
static void
test_details_value (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  SbDetailsPane *pane = SB_DETAILS_PANE (sb_details_pane_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pane), 700, 700);
  const char *json = "{\"status\":200}";

  sb_preview_model_set_data_path (model, 0, "$.status");
  sb_details_pane_set_row (pane, push (model, "shopfloor/station3/", "running", 7, 0, FALSE));
  ui_drain ();
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "The payload is not JSON"));
  push (model, "shopfloor/station3/", json, strlen (json), 0, FALSE);
  g_assert_true (sb_test_wait_for (value_shown_cb, window, UI_DEADLINE_MS));
  g_assert_null (ui_find_label (GTK_WIDGET (window), "The payload is not JSON"));

  gtk_window_destroy (window);
}

static gboolean
scrollbar_laid_out_cb (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_height (data) > 0;
}

/* The hex dump's lines (78 characters) are wider than the pane at its usual
 * width (the preview's paned gives it about 430 px): a scrollbar a person
 * can see scrolls them sideways to their ends. */
static void
test_details_hex_scrolls (void)
{
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  const char *json = "{\"status\":200,\"temp\":181.5}";
  SbDetailsPane *pane = SB_DETAILS_PANE (sb_details_pane_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pane), 430, 700);
  GtkWidget *hex_view = template_child (GTK_WIDGET (pane), SB_TYPE_DETAILS_PANE, "hex_view");
  GtkWidget *scrolled = gtk_widget_get_parent (hex_view);
  GtkWidget *scrollbar;
  GtkAdjustment *h;
  GdkRectangle visible;
  GtkTextIter line_end;
  GdkRectangle end_rect;
  graphene_rect_t bar_bounds, view_bounds;

  sb_details_pane_set_row (pane,
                           push (model, "shopfloor/line1/oven", json, strlen (json), 1, TRUE));
  sb_details_pane_set_view (pane, "hex");
  ui_drain ();
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  scrollbar = gtk_scrolled_window_get_hscrollbar (GTK_SCROLLED_WINDOW (scrolled));
  /* The hex page was just shown: wait for its layout. */
  g_assert_true (sb_test_wait_for (scrollbar_laid_out_cb, scrollbar, UI_DEADLINE_MS));
  /* Its own room under the text, not an overlay that shows only on hover. */
  g_assert_true (gtk_widget_compute_bounds (scrollbar, scrolled, &bar_bounds));
  g_assert_true (gtk_widget_compute_bounds (hex_view, scrolled, &view_bounds));
  g_assert_cmpfloat (view_bounds.origin.y + view_bounds.size.height, <=, bar_bounds.origin.y);
  h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), >, gtk_adjustment_get_page_size (h));

  /* The end of the first line ("|{"status":200,"s|") is out of sight, then in. */
  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (GTK_TEXT_VIEW (hex_view)), &line_end);
  gtk_text_iter_forward_to_line_end (&line_end);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (hex_view), &line_end, &end_rect);
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (hex_view), &visible);
  g_assert_cmpint (end_rect.x, >, visible.x + visible.width);
  gtk_adjustment_set_value (h, gtk_adjustment_get_upper (h) - gtk_adjustment_get_page_size (h));
  ui_drain ();
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (hex_view), &visible);
  g_assert_cmpint (end_rect.x, <=, visible.x + visible.width);
  gtk_window_destroy (window);
}

typedef struct
{
  SbPreviewModel *model;
  GtkWidget *window;
  const char *text;
  guint64 count;
} PropsWait;

static gboolean
props_row_cb (gpointer data)
{
  PropsWait *w = data;
  SbTopicRow *row;

  sb_preview_model_flush (w->model);
  row = sb_preview_model_lookup (w->model, "inspect/props");
  return row != NULL && sb_topic_row_get_count (row) >= w->count;
}

static gboolean
props_label_cb (gpointer data)
{
  PropsWait *w = data;
  return ui_find_label (w->window, w->text) != NULL;
}

static gboolean
props_hidden_cb (gpointer data)
{
  PropsWait *w = data;
  return ui_find_label (w->window, "Content type") == NULL
         && ui_find_label (w->window, "User properties") == NULL;
}

/* MQTT 5 content type and user properties from the real mosquitto_pub, as
 * the details pane shows them; gone when the latest message has none. */
static void
test_details_mqtt5_properties (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbPreviewModel) model = sb_preview_model_new ();
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("inspect/#");
  g_autoptr (SbMqttSession) session = NULL;
  SbDetailsPane *pane = SB_DETAILS_PANE (sb_details_pane_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pane), 700, 700);
  PropsWait w = { model, GTK_WIDGET (window), NULL, 1 };

  sb_test_broker_start (broker);
  sb_test_broker_publish_args (broker, "-V", "5", "-q", "1", "-r", "-t", "inspect/props", "-m",
                               "21.5", "-D", "publish", "content-type", "text/plain", "-D",
                               "publish", "user-property", "a", "b", "-D", "publish",
                               "user-property", "line", "Straße 7", NULL);
  sb_data_source_set_name (source, "MQTT 5");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  sb_data_source_set_protocol (source, SB_PROTOCOL_MQTT_5);
  sb_data_source_add_subscription (source, sub);
  session = sb_mqtt_session_new (source);
  sb_preview_model_set_session (model, session);
  sb_mqtt_session_start (session);
  g_assert_true (sb_test_wait_for (props_row_cb, &w, UI_DEADLINE_MS));
  sb_details_pane_set_row (pane, sb_preview_model_lookup (model, "inspect/props"));

  w.text = "text/plain";
  g_assert_true (sb_test_wait_for (props_label_cb, &w, UI_DEADLINE_MS));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "Content type"));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "User properties"));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "a = b\nline = Straße 7"));

  /* The latest message has no properties: the rows go. */
  sb_test_broker_publish_args (broker, "-V", "5", "-q", "1", "-t", "inspect/props", "-m", "22",
                               NULL);
  w.count = 2;
  g_assert_true (sb_test_wait_for (props_row_cb, &w, UI_DEADLINE_MS));
  g_assert_true (sb_test_wait_for (props_hidden_cb, &w, UI_DEADLINE_MS));
  g_assert_null (ui_find_label (GTK_WIDGET (window), "text/plain"));

  /* A content type alone shows without the user properties row. */
  sb_test_broker_publish_args (broker, "-V", "5", "-q", "1", "-t", "inspect/props", "-m", "{}",
                               "-D", "publish", "content-type", "application/json", NULL);
  w.text = "application/json";
  g_assert_true (sb_test_wait_for (props_label_cb, &w, UI_DEADLINE_MS));
  g_assert_null (ui_find_label (GTK_WIDGET (window), "User properties"));

  sb_preview_model_set_session (model, NULL);
  sb_mqtt_session_stop (session);
  gtk_window_destroy (window);
}

/* Publish: a real broker, a session for the dialog and a second one that
 * sees what comes back. */
typedef struct
{
  SbTestBroker *broker;
  SbMqttSession *session;
  SbPreviewModel *model;
} PublishFixture;

static SbMqttSession *
make_session (SbTestBroker *broker, const char *filter)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new (filter);

  sb_data_source_set_name (source, "Test");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  sb_data_source_add_subscription (source, sub);
  return sb_mqtt_session_new (source);
}

static gboolean
sensitive_cb (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
row_has_cb (gpointer data)
{
  PublishFixture *f = data;
  SbTopicRow *row;

  sb_preview_model_flush (f->model);
  row = sb_preview_model_lookup (f->model, "inspect/published");
  return row != NULL && g_strcmp0 (sb_topic_row_get_display_text (row), "hello 42") == 0
         && sb_topic_row_get_count (row) == 1;
}

static void
test_publish (void)
{
  PublishFixture f = { 0 };
  SbPublishDialog *dialog;
  GtkWidget *topic_entry, *publish_button, *payload_view, *retain_check, *error_label;
  gpointer weak = NULL;

  f.broker = sb_test_broker_new ();
  sb_test_broker_start (f.broker);
  f.session = make_session (f.broker, "nothing/here");
  sb_mqtt_session_start (f.session);
  f.model = sb_preview_model_new ();

  dialog = sb_publish_dialog_new (NULL, f.session, NULL);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_drain ();
  topic_entry = template_child (GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, "topic_entry");
  publish_button = template_child (GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, "publish_button");
  payload_view = template_child (GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, "payload_view");
  retain_check = template_child (GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, "retain_check");
  error_label = template_child (GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, "topic_error_label");

  /* Empty: no error shown yet, but nothing to publish. */
  g_assert_false (gtk_widget_get_sensitive (publish_button));
  g_assert_false (gtk_widget_get_visible (error_label));

  ui_type (GTK_EDITABLE (topic_entry), "inspect/+/x");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   "“inspect/+/x” is a topic filter, not a topic name: a message is published "
                   "to one topic, without “+” or “#”");
  g_assert_true (gtk_widget_has_css_class (topic_entry, "error"));
  g_assert_false (gtk_widget_get_sensitive (publish_button));

  ui_type (GTK_EDITABLE (topic_entry), "inspect/published");
  g_assert_false (gtk_widget_get_visible (error_label));
  /* Sensitive once the session is connected. */
  g_assert_true (sb_test_wait_for (sensitive_cb, publish_button, UI_DEADLINE_MS));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (payload_view)), "hello 42",
                            -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (retain_check), TRUE);
  g_signal_emit_by_name (publish_button, "clicked");
  g_assert_true (ui_wait_destroyed (&weak));

  /* Retained: a subscriber that comes later gets it, once. */
  {
    g_autoptr (SbMqttSession) later = make_session (f.broker, "inspect/#");
    sb_preview_model_set_session (f.model, later);
    sb_mqtt_session_start (later);
    g_assert_true (sb_test_wait_for (row_has_cb, &f, UI_DEADLINE_MS));
    sb_preview_model_set_session (f.model, NULL);
    sb_mqtt_session_stop (later);
  }

  sb_mqtt_session_stop (f.session);
  g_clear_object (&f.session);
  g_clear_object (&f.model);
  sb_test_broker_free (f.broker);
}

static void
test_publish_check_topic (void)
{
  g_autofree char *empty = sb_publish_check_topic ("");
  g_autofree char *hash = sb_publish_check_topic ("a/#");
  g_autofree char *fine = sb_publish_check_topic ("a/b c/ü");
  g_autofree char *nul_free_control = sb_publish_check_topic ("a/\x01");

  g_assert_cmpstr (empty, ==, "Enter the topic to publish to");
  g_assert_cmpstr (hash, ==,
                   "“a/#” is a topic filter, not a topic name: a message is published to one "
                   "topic, without “+” or “#”");
  g_assert_cmpstr (nul_free_control, ==,
                   "The topic “a/\\x01” contains a character MQTT does not allow");
  g_assert_null (fine);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

/* The topics the filter shows now, sorted, joined by " ". */
static char *
shown_topics (SbPreviewView *view)
{
  g_autoptr (GString) shown = g_string_new (NULL);
  g_autoptr (GPtrArray) topics = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sb_preview_view_get_n_rows (view); i++)
    g_ptr_array_add (topics, sb_preview_view_dup_cell_text (view, i, 0));
  g_ptr_array_sort (topics, compare_strings);
  for (guint i = 0; i < topics->len; i++)
    g_string_append_printf (shown, "%s%s", i > 0 ? " " : "", (char *)topics->pdata[i]);
  return g_strdup (shown->str);
}

static void
assert_filter (SbPreviewView *view, const char *text, const char *expected)
{
  g_autofree char *shown = NULL;

  sb_preview_view_set_filter (view, text);
  ui_drain ();
  shown = shown_topics (view);
  g_assert_cmpstr (shown, ==, expected);
}

/* Ctrl+F: a substring ignores case (ASCII without allocating, the rest
 * through casefolding); typing on or deleting gives the same rows as typing
 * afresh; + or # make an MQTT filter. */
static void
test_filter (void)
{
  g_autoptr (SbPreviewView) view = g_object_ref_sink (SB_PREVIEW_VIEW (sb_preview_view_new ()));
  SbPreviewModel *model = sb_preview_view_get_model (view);
  const char *topics[] = { "plant/Kiln/temp", "plant/kiln/door", "plant/oven",
                           "caf\u00e9/\u00dcnit", "lab/\u212a" /* KELVIN SIGN, folds to k */ };

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      g_autoptr (GBytes) payload = g_bytes_new_static ("1", 1);
      g_autoptr (SbMessage) message = sb_message_new (topics[i], payload, 0, FALSE, 0, NULL, 1);
      sb_preview_model_push (model, message);
    }
  sb_preview_model_flush (model);

  assert_filter (view, "KILN", "plant/Kiln/temp plant/kiln/door");
  assert_filter (view, "kiln/d", "plant/kiln/door");
  assert_filter (view, "kil", "plant/Kiln/temp plant/kiln/door");
  assert_filter (view, "K", "lab/\u212a plant/Kiln/temp plant/kiln/door");
  assert_filter (view, "\u00fcnit", "caf\u00e9/\u00dcnit");
  assert_filter (view, "CAF\u00c9", "caf\u00e9/\u00dcnit");
  assert_filter (view, "plant/+/temp", "plant/Kiln/temp");
  assert_filter (view, "nothing", "");
  assert_filter (view, "plant/#", "plant/Kiln/temp plant/kiln/door plant/oven");
  assert_filter (view, "oven", "plant/oven");
  assert_filter (view, "",
                 "caf\u00e9/\u00dcnit lab/\u212a plant/Kiln/temp plant/kiln/door plant/oven");
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/inspect/details/json", test_details_json);
  g_test_add_func ("/inspect/details/binary", test_details_binary);
  g_test_add_func ("/inspect/details/hostile-json", test_details_hostile_json);
  g_test_add_func ("/inspect/details/copy", test_details_copy);
  g_test_add_func ("/inspect/details/history", test_details_history);
  g_test_add_func ("/inspect/details/value", test_details_value);
  g_test_add_func ("/inspect/details/hex-scrolls", test_details_hex_scrolls);
  g_test_add_func ("/inspect/details/mqtt5-properties", test_details_mqtt5_properties);
  g_test_add_func ("/inspect/sparkline", test_sparkline);
  g_test_add_func ("/inspect/filter", test_filter);
  g_test_add_func ("/inspect/publish/check-topic", test_publish_check_topic);
  g_test_add_func ("/inspect/publish/dialog", test_publish);

  return g_test_run ();
}
