/* test-ui-chart.c: pinning topics of a preview against a real mosquitto to
 * its chart: three pinned topics are three series with their names and
 * latest values in the legend, each drawn in its own colour; a ninth pin
 * says why not; unpinning takes a series off. The time axis is labelled at
 * round times between its ends, as many as fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sb-chart-private.h"
#include "sb-test-ui-preview.h"
#include "sb-preview-view-private.h"

static void
pin (PreviewFixture *f, const char *topic)
{
  preview_fixture_select (f, topic);
  g_assert_true (gtk_widget_activate_action (
      GTK_WIDGET (sb_preview_view_get_details_pane (f->view)), "details.pin", NULL));
}

/* How many pixels of the chart, as the window renders it, are close to @color. */
static guint
count_pixels (GtkWidget *chart, const GdkRGBA *color)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (chart));
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  gsize stride = (gsize)width * 4;
  graphene_rect_t bounds;
  guint n = 0;

  g_assert_true (gtk_widget_compute_bounds (chart, window, &bounds));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  data = g_malloc (stride * height);
  gdk_texture_download (texture, data, stride);
  for (int y = (int)bounds.origin.y; y < (int)(bounds.origin.y + bounds.size.height) && y < height;
       y++)
    for (int x = (int)bounds.origin.x; x < (int)(bounds.origin.x + bounds.size.width) && x < width;
         x++)
      {
        /* CAIRO_FORMAT_ARGB32: B G R A in memory on little endian. */
        const guchar *p = data + y * stride + x * 4;
        if (p[3] > 200 && fabs (p[2] / 255.0 - color->red) < 0.08
            && fabs (p[1] / 255.0 - color->green) < 0.08
            && fabs (p[0] / 255.0 - color->blue) < 0.08)
          n++;
      }
  return n;
}

static void
test_chart (void)
{
  PreviewFixture f = { 0 };
  SbChart *chart;
  static const char *const topics[]
      = { "plant/press4/temp", "plant/press5/temp", "plant/line2/speed" };
  static const char *const values[][3]
      = { { "21.5", "22.0", "22.75" }, { "30", "29", "28.5" }, { "3", "4", "3.5" } };
  g_autofree char *text = NULL;

  preview_fixture_open (&f, "plant/#", NULL, 4);
  chart = sb_preview_view_get_chart (f.view);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (chart)));

  for (guint k = 0; k < 3; k++)
    for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
      sb_test_broker_publish (f.broker, topics[i], values[i][k], 0, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    preview_fixture_wait_count (&f, topics[i], 3);
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    pin (&f, topics[i]);
  ui_drain ();

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chart)));
  g_assert_cmpuint (sb_chart_get_n_series (chart), ==, 3);
  text = sb_chart_dup_legend_text (chart, 0);
  g_assert_cmpstr (text, ==, "plant/press4/temp  22.75");
  g_clear_pointer (&text, g_free);
  text = sb_chart_dup_legend_text (chart, 1);
  g_assert_cmpstr (text, ==, "plant/press5/temp  28.5");
  g_clear_pointer (&text, g_free);
  text = sb_chart_dup_legend_text (chart, 2);
  g_assert_cmpstr (text, ==, "plant/line2/speed  3.5");
  g_clear_pointer (&text, g_free);
  /* What the person reads: the names in the legend, the range on the axis. */
  g_assert_nonnull (ui_find_label (GTK_WIDGET (chart), "plant/line2/speed"));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (chart), "28.5"));

  /* Each series is drawn, in a colour of its own. */
  ui_settle (700);
  for (guint i = 0; i < 3; i++)
    {
      GdkRGBA color;
      sb_chart_get_series_color (chart, i, &color);
      for (guint j = 0; j < i; j++)
        {
          GdkRGBA other;
          sb_chart_get_series_color (chart, j, &other);
          g_assert_false (gdk_rgba_equal (&color, &other));
        }
      /* At least a point: the messages may arrive within a millisecond. */
      g_assert_cmpuint (count_pixels (GTK_WIDGET (chart), &color), >=, 4);
    }

  /* Pinning again says so; a ninth series does not fit. */
  pin (&f, topics[0]);
  g_assert_cmpstr (sb_chart_get_notice (chart), ==, "“plant/press4/temp” is on the chart already");
  for (guint i = 3; i < SB_CHART_MAX_SERIES + 1; i++)
    {
      g_autofree char *topic = g_strdup_printf ("plant/extra%u", i);
      sb_test_broker_publish (f.broker, topic, "1", 0, FALSE);
      preview_fixture_wait_count (&f, topic, 1);
      pin (&f, topic);
    }
  g_assert_cmpuint (sb_chart_get_n_series (chart), ==, SB_CHART_MAX_SERIES);
  g_assert_cmpstr (sb_chart_get_notice (chart), ==,
                   "“plant/extra8” is not pinned: a chart holds at most 8 series, unpin one first");
  g_assert_nonnull (ui_find_label (GTK_WIDGET (chart), sb_chart_get_notice (chart)));

  /* The legend's × unpins. */
  {
    GtkWidget *unpin = ui_find_button_by_tooltip (GTK_WIDGET (chart), "Unpin “plant/press5/temp”");
    g_assert_nonnull (unpin);
    g_signal_emit_by_name (unpin, "clicked");
  }
  g_assert_cmpuint (sb_chart_get_n_series (chart), ==, SB_CHART_MAX_SERIES - 1);
  text = sb_chart_dup_legend_text (chart, 1);
  g_assert_cmpstr (text, ==, "plant/line2/speed  3.5");

  preview_fixture_close (&f);
}

static gboolean
chart_laid_out_cb (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

/* A chart with one series of @n numbers, @interval_ms apart from 12:00:07
 * local time, @width pixels wide; returns its time labels. */
static char **
time_labels (guint n, guint interval_ms, int width)
{
  GtkWidget *window = gtk_window_new ();
  SbChart *chart = SB_CHART (sb_chart_new ());
  g_autoptr (SbHistory) history = sb_history_new (n);
  g_autoptr (GDateTime) start = g_date_time_new_local (2026, 12, 7, 12, 0, 7);
  gint64 t0 = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  char **labels;

  for (guint i = 0; i < n; i++)
    sb_history_push (history, t0 + (gint64)i * interval_ms * 1000, NULL, 0, i % 7);
  g_assert_true (sb_chart_add_series (chart, "plant/press4/temp", history, NULL));
  gtk_widget_set_size_request (GTK_WIDGET (chart), width, -1);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sb_test_wait_for (chart_laid_out_cb, chart, UI_DEADLINE_MS));
  ui_settle (100); /* drawn once: nothing in the drawing may fail */
  labels = sb_chart_dup_time_labels (chart);
  gtk_window_destroy (GTK_WINDOW (window));
  return labels;
}

/* Seconds since midnight of "HH:MM:SS" or "HH:MM". */
static int
label_seconds (const char *label)
{
  int h = 0, m = 0, s = 0;

  g_assert_cmpint (sscanf (label, "%d:%d:%d", &h, &m, &s), >=, 2);
  return h * 3600 + m * 60 + s;
}

static void
test_time_ticks (void)
{
  g_auto (GStrv) minute = time_labels (61, 1000, 600);
  g_auto (GStrv) hour = time_labels (61, 60 * 1000, 600);
  g_auto (GStrv) narrow = time_labels (61, 1000, 150);
  g_auto (GStrv) blink = time_labels (3, 200, 600);
  g_autofree char *minute_text = g_strjoinv (" ", minute);
  g_autofree char *hour_text = g_strjoinv (" ", hour);
  guint n = g_strv_length (minute);
  int step;

  /* A minute from 12:00:07: labels between the ends, at round seconds, evenly
   * spaced, not only the two ends. */
  g_test_message ("a minute: %s", minute_text);
  g_assert_cmpuint (n, >, 2);
  g_assert_cmpuint (n, <=, 5);
  step = label_seconds (minute[1]) - label_seconds (minute[0]);
  g_assert_true (step == 10 || step == 15 || step == 20 || step == 30);
  for (guint i = 0; i < n; i++)
    {
      int t = label_seconds (minute[i]);

      g_assert_cmpint (t % step, ==, 0);
      g_assert_cmpint (t, >=, label_seconds ("12:00:07"));
      g_assert_cmpint (t, <=, label_seconds ("12:01:07"));
      if (i > 0)
        g_assert_cmpint (t - label_seconds (minute[i - 1]), ==, step);
    }

  /* An hour: whole minutes, written without seconds. */
  g_test_message ("an hour: %s", hour_text);
  g_assert_cmpuint (g_strv_length (hour), >, 2);
  for (guint i = 0; hour[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (hour[i]), ==, strlen ("12:15"));
      g_assert_cmpint (label_seconds (hour[i]) % (5 * 60), ==, 0);
    }

  /* A narrow chart keeps fewer, so that they do not overlap. */
  g_assert_cmpuint (g_strv_length (narrow), <, n);

  /* Less than a second: its two ends. */
  g_assert_cmpuint (g_strv_length (blink), ==, 2);
  g_assert_cmpstr (blink[0], ==, "12:00:07");
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/chart/three-series-and-limit", test_chart);
  g_test_add_func ("/ui/chart/time-ticks", test_time_ticks);
  return g_test_run ();
}
