/* sb-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sb-chart-private.h"
#include "sb-plot.h"
#include "sb-sparkline.h"

#define PLOT_HEIGHT 160
#define PLOT_WIDTH 240
#define PAD 4.0
#define AXIS_GAP 6.0
/* The legend's values follow the series at most this often in a flood. */
#define LEGEND_INTERVAL_MS 250

typedef struct
{
  char *name;
  SbHistory *history;
  gulong changed_id;
  GtkWidget *entry; /* in the legend */
  GtkLabel *value_label;
} Series;

struct _SbChart
{
  GtkWidget parent_instance;

  GPtrArray *series; /* Series */
  GtkWidget *legend; /* GtkFlowBox */
  GtkLabel *notice;
  guint legend_id;
};

G_DEFINE_FINAL_TYPE (SbChart, sb_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_N_SERIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Without the app's style (a widget test): distinct, legible on light and dark. */
static const char *const fallback_colors[SB_CHART_MAX_SERIES] = {
  "#3584e4", "#e66100", "#26a269", "#c01c28", "#813d9c", "#986a44", "#1c71d8", "#5e5c64",
};

static void
series_free (gpointer data)
{
  Series *series = data;

  g_clear_signal_handler (&series->changed_id, series->history);
  g_object_unref (series->history);
  g_free (series->name);
  g_free (series);
}

void
sb_chart_get_series_color (SbChart *self, guint index, GdkRGBA *color)
{
  g_autofree char *name = g_strdup_printf ("sb_chart_color_%u", index % SB_CHART_MAX_SERIES + 1);
  gboolean found;

  g_return_if_fail (SB_IS_CHART (self));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), name,
                                          color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (!found)
    gdk_rgba_parse (color, fallback_colors[index % SB_CHART_MAX_SERIES]);
}

static double
latest_value (SbHistory *history)
{
  for (guint i = sb_history_get_length (history); i > 0; i--)
    {
      double value = sb_history_get (history, i - 1)->value;
      if (!isnan (value))
        return value;
    }
  return NAN;
}

static void
update_legend (SbChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      double value = latest_value (series->history);
      g_autofree char *text = isnan (value) ? g_strdup ("—") : sb_sparkline_format_value (value);

      gtk_label_set_label (series->value_label, text);
    }
}

static gboolean
legend_cb (gpointer data)
{
  SbChart *self = data;

  self->legend_id = 0;
  update_legend (self);
  return G_SOURCE_REMOVE;
}

static void
history_changed_cb (SbChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->legend_id == 0)
    self->legend_id = g_timeout_add (LEGEND_INTERVAL_MS, legend_cb, self);
}

static void
set_notice (SbChart *self, const char *text)
{
  gtk_label_set_label (self->notice, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice), text != NULL);
}

/* The swatches take the series' place: colours follow the position. */
static void
update_swatches (SbChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      GtkWidget *swatch = gtk_widget_get_first_child (series->entry);

      for (guint c = 1; c <= SB_CHART_MAX_SERIES; c++)
        {
          g_autofree char *klass = g_strdup_printf ("chart-color-%u", c);
          if (c == i + 1)
            gtk_widget_add_css_class (swatch, klass);
          else
            gtk_widget_remove_css_class (swatch, klass);
        }
    }
}

static void
unpin_clicked_cb (GtkButton *button, SbChart *self)
{
  sb_chart_remove_series (self, g_object_get_data (G_OBJECT (button), "sb-series"));
}

static GtkWidget *
make_entry (SbChart *self, Series *series)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_label_new ("●");
  GtkWidget *name = gtk_label_new (series->name);
  GtkWidget *value = gtk_label_new ("—");
  GtkWidget *unpin = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *tooltip = g_strdup_printf (_ ("Unpin “%s”"), series->name);

  gtk_widget_add_css_class (swatch, "chart-swatch");
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 32);
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (value, "dim-label");
  gtk_widget_add_css_class (unpin, "flat");
  gtk_widget_add_css_class (unpin, "circular");
  gtk_widget_set_valign (unpin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (unpin, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (unpin), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_object_set_data_full (G_OBJECT (unpin), "sb-series", g_strdup (series->name), g_free);
  g_signal_connect (unpin, "clicked", G_CALLBACK (unpin_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), unpin);
  series->value_label = GTK_LABEL (value);
  return box;
}

static Series *
find_series (SbChart *self, const char *name, guint *index)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      if (g_strcmp0 (series->name, name) == 0)
        {
          if (index != NULL)
            *index = i;
          return series;
        }
    }
  return NULL;
}

gboolean
sb_chart_add_series (SbChart *self, const char *name, SbHistory *history, GError **error)
{
  Series *series;

  g_return_val_if_fail (SB_IS_CHART (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (SB_IS_HISTORY (history), FALSE);

  if (find_series (self, name, NULL) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_ ("“%s” is on the chart already"), name);
      set_notice (self, text);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, text);
      return FALSE;
    }
  if (self->series->len >= SB_CHART_MAX_SERIES)
    {
      g_autofree char *text = g_strdup_printf (
          _ ("“%s” is not pinned: a chart holds at most %d series, unpin one first"), name,
          SB_CHART_MAX_SERIES);
      set_notice (self, text);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, text);
      return FALSE;
    }
  series = g_new0 (Series, 1);
  series->name = g_strdup (name);
  series->history = g_object_ref (history);
  series->changed_id
      = g_signal_connect_swapped (history, "changed", G_CALLBACK (history_changed_cb), self);
  series->entry = make_entry (self, series);
  g_ptr_array_add (self->series, series);
  gtk_flow_box_append (GTK_FLOW_BOX (self->legend), series->entry);
  set_notice (self, NULL);
  update_swatches (self);
  update_legend (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SERIES]);
  return TRUE;
}

gboolean
sb_chart_remove_series (SbChart *self, const char *name)
{
  Series *series;
  guint index;

  g_return_val_if_fail (SB_IS_CHART (self), FALSE);

  series = find_series (self, name, &index);
  if (series == NULL)
    return FALSE;
  /* The flow box wraps each entry in a child of its own. */
  gtk_flow_box_remove (GTK_FLOW_BOX (self->legend), gtk_widget_get_parent (series->entry));
  g_ptr_array_remove_index (self->series, index);
  set_notice (self, NULL);
  update_swatches (self);
  gtk_widget_set_visible (GTK_WIDGET (self), self->series->len > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SERIES]);
  return TRUE;
}

guint
sb_chart_get_n_series (SbChart *self)
{
  g_return_val_if_fail (SB_IS_CHART (self), 0);
  return self->series->len;
}

char *
sb_chart_dup_legend_text (SbChart *self, guint index)
{
  Series *series;
  GtkWidget *name;

  g_return_val_if_fail (SB_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  series = g_ptr_array_index (self->series, index);
  name = gtk_widget_get_next_sibling (gtk_widget_get_first_child (series->entry));
  return g_strdup_printf ("%s  %s", gtk_label_get_label (GTK_LABEL (name)),
                          gtk_label_get_label (series->value_label));
}

const char *
sb_chart_get_notice (SbChart *self)
{
  g_return_val_if_fail (SB_IS_CHART (self), NULL);
  return gtk_label_get_label (self->notice);
}

/* ---- drawing ---------------------------------------------------------------------------- */

static int
below_plot_height (SbChart *self, int width)
{
  int legend = 0, notice = 0;

  gtk_widget_measure (self->legend, GTK_ORIENTATION_VERTICAL, width, &legend, NULL, NULL, NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self->notice)))
    gtk_widget_measure (GTK_WIDGET (self->notice), GTK_ORIENTATION_VERTICAL, width, &notice, NULL,
                        NULL, NULL);
  return legend + notice;
}

static void
sb_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                  int *natural, int *minimum_baseline, int *natural_baseline)
{
  SbChart *self = SB_CHART (widget);

  (void)minimum_baseline;
  (void)natural_baseline;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int legend_min = 0, notice_min = 0;

      gtk_widget_measure (self->legend, orientation, -1, &legend_min, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (self->notice), orientation, -1, &notice_min, NULL, NULL,
                          NULL);
      *minimum = MAX (PLOT_WIDTH, MAX (legend_min, notice_min));
      *natural = *minimum;
    }
  else
    *minimum = *natural = PLOT_HEIGHT + below_plot_height (self, for_size);
}

static void
sb_chart_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SbChart *self = SB_CHART (widget);
  int legend = 0, notice = 0;

  (void)baseline;
  gtk_widget_measure (self->legend, GTK_ORIENTATION_VERTICAL, width, &legend, NULL, NULL, NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self->notice)))
    gtk_widget_measure (GTK_WIDGET (self->notice), GTK_ORIENTATION_VERTICAL, width, &notice, NULL,
                        NULL, NULL);
  gtk_widget_size_allocate (self->legend,
                            &(GtkAllocation){ 0, height - legend - notice, width, legend }, -1);
  if (gtk_widget_get_visible (GTK_WIDGET (self->notice)))
    gtk_widget_size_allocate (GTK_WIDGET (self->notice),
                              &(GtkAllocation){ 0, height - notice, width, notice }, -1);
}

static PangoLayout *
axis_layout (SbChart *self, const char *text, int *width, int *height)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_get_pixel_size (layout, width, height);
  return layout;
}

static void
draw_text (GtkSnapshot *snapshot, PangoLayout *layout, double x, double y, const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* Round steps of the time axis, in seconds: a label every 1, 2, 5, 10, 15 or
 * 30 seconds, minutes, and so on, whichever is the finest that still leaves
 * room between the labels. */
static const int time_steps[] = {
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
};

/* At most this many time labels: more make the axis hard to read. */
#define MAX_TIME_TICKS 5
/* Room between two time labels (px), beyond the labels themselves. */
#define TICK_GAP 16.0

typedef struct
{
  guint n;
  gint64 time[MAX_TIME_TICKS]; /* µs since the epoch */
  char *text[MAX_TIME_TICKS];
} TimeAxis;

static void
time_axis_clear (TimeAxis *axis)
{
  for (guint i = 0; i < axis->n; i++)
    g_free (axis->text[i]);
  axis->n = 0;
}

static char *
format_time (gint64 time, gboolean seconds)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  return local != NULL ? g_date_time_format (local, seconds ? "%H:%M:%S" : "%H:%M") : g_strdup ("");
}

/* The labels of the time axis from @t0 to @t1 (µs) on @width pixels: at
 * round local times (…:15, …:30 or whole minutes, as the span asks), as many
 * as fit with room between them, at most MAX_TIME_TICKS. A span too short
 * for two round seconds gets its two ends. */
static void
time_axis_compute (SbChart *self, gint64 t0, gint64 t1, double width, TimeAxis *axis)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (t0 / G_USEC_PER_SEC);
  gint64 offset = local != NULL ? g_date_time_get_utc_offset (local) : 0; /* µs */
  g_autoptr (PangoLayout) probe = NULL;
  int label_w = 0;
  guint fit;

  axis->n = 0;
  probe = gtk_widget_create_pango_layout (GTK_WIDGET (self), "00:00:00");
  pango_layout_get_pixel_size (probe, &label_w, NULL);
  /* A label is centred on its time and may be pushed in at the ends: room
   * for one and a half labels from one time to the next. */
  fit = (guint)MAX (0.0, width / (1.5 * label_w + TICK_GAP)) + 1;
  fit = MIN (fit, MAX_TIME_TICKS);
  for (guint s = 0; s < G_N_ELEMENTS (time_steps) && fit >= 2; s++)
    {
      gint64 step = (gint64)time_steps[s] * G_USEC_PER_SEC;
      /* In local time, so that minutes and hours are round where the user is. */
      gint64 first = ((t0 + offset + step - 1) / step) * step;
      gint64 last = ((t1 + offset) / step) * step;
      guint n = last >= first ? (guint)((last - first) / step) + 1 : 0;

      if (n > fit)
        continue;
      if (n < 2 && s == 0)
        break; /* shorter than two round seconds */
      for (gint64 t = first; t <= last && axis->n < MAX_TIME_TICKS; t += step)
        {
          axis->time[axis->n] = t - offset;
          axis->text[axis->n] = format_time (t - offset, time_steps[s] < 60);
          axis->n++;
        }
      return;
    }
  axis->time[0] = t0;
  axis->text[0] = format_time (t0, TRUE);
  axis->time[1] = t1;
  axis->text[1] = format_time (t1, TRUE);
  axis->n = 2;
}

/* The span of the pinned series' times (µs) and values; FALSE when no series
 * has a number. */
static gboolean
data_range (SbChart *self, gint64 *t0, gint64 *t1, double *min, double *max)
{
  *t0 = G_MAXINT64;
  *t1 = G_MININT64;
  *min = INFINITY;
  *max = -INFINITY;
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      guint length = sb_history_get_length (series->history);
      double lo, hi;

      if (length == 0 || !sb_history_get_range (series->history, &lo, &hi))
        continue;
      *min = MIN (*min, lo);
      *max = MAX (*max, hi);
      *t0 = MIN (*t0, sb_history_get (series->history, 0)->time);
      *t1 = MAX (*t1, sb_history_get (series->history, length - 1)->time);
    }
  if (!isfinite (*min))
    return FALSE;
  if (*t1 <= *t0)
    *t0 = *t1 - G_USEC_PER_SEC;
  return TRUE;
}

/* Where the plot is: left of it the value labels (as wide as the widest). */
static double
plot_left (SbChart *self, double min, double max)
{
  g_autofree char *max_text = sb_sparkline_format_value (max);
  g_autofree char *min_text = sb_sparkline_format_value (min);
  g_autoptr (PangoLayout) max_layout = NULL;
  g_autoptr (PangoLayout) min_layout = NULL;
  int max_w, min_w;

  max_layout = axis_layout (self, max_text, &max_w, NULL);
  min_layout = axis_layout (self, min_text, &min_w, NULL);
  return MAX (max_w, min_w) + AXIS_GAP;
}

char **
sb_chart_dup_time_labels (SbChart *self)
{
  GPtrArray *labels = g_ptr_array_new ();
  TimeAxis axis = { 0 };
  gint64 t0, t1;
  double min, max;

  g_return_val_if_fail (SB_IS_CHART (self), NULL);

  if (data_range (self, &t0, &t1, &min, &max))
    {
      double width = gtk_widget_get_width (GTK_WIDGET (self)) - PAD - plot_left (self, min, max);

      time_axis_compute (self, t0, t1, width, &axis);
      for (guint i = 0; i < axis.n; i++)
        g_ptr_array_add (labels, g_steal_pointer (&axis.text[i]));
      axis.n = 0;
    }
  g_ptr_array_add (labels, NULL);
  return (char **)g_ptr_array_free (labels, FALSE);
}

/* A colour of the style (style.css, style-dark.css), else the text colour at
 * @alpha. */
static void
style_color (GtkWidget *widget, const char *name, float alpha, GdkRGBA *color)
{
  GtkStyleContext *context;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (widget);
  if (!gtk_style_context_lookup_color (context, name, color))
    {
      gtk_style_context_get_color (context, color);
      color->alpha *= alpha;
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* The plot's area and what its edges stand for. */
typedef struct
{
  double x0, x1, y0, y1;
  gint64 t0, t1;
  double min, max;
} ChartPlot;

static void
chart_point (guint index, const SbHistoryEntry *entry, double *x, double *y, gpointer user_data)
{
  const ChartPlot *plot = user_data;

  (void)index;
  *x = plot->x0
       + (double)(entry->time - plot->t0) / (double)(plot->t1 - plot->t0) * (plot->x1 - plot->x0);
  *y = plot->y0 + (plot->max - entry->value) / (plot->max - plot->min) * (plot->y1 - plot->y0);
}

static void
sb_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SbChart *self = SB_CHART (widget);
  int width = gtk_widget_get_width (widget);
  double plot_bottom = gtk_widget_get_height (widget) - below_plot_height (self, width);
  double min, max;
  gint64 t0, t1;
  g_autoptr (PangoLayout) max_layout = NULL;
  g_autoptr (PangoLayout) min_layout = NULL;
  g_autofree char *max_text = NULL;
  g_autofree char *min_text = NULL;
  TimeAxis axis = { 0 };
  int max_w, max_h, min_w, min_h, time_h;
  double x0, x1, y0, y1;
  GdkRGBA dim, grid;
  ChartPlot plot;
  cairo_t *cr;

  gtk_widget_snapshot_child (widget, self->legend, snapshot);
  if (gtk_widget_get_visible (GTK_WIDGET (self->notice)))
    gtk_widget_snapshot_child (widget, GTK_WIDGET (self->notice), snapshot);

  if (!data_range (self, &t0, &t1, &min, &max) || plot_bottom < 4 * PAD)
    return;

  style_color (widget, "sb_chart_axis_color", 0.6f, &dim);
  style_color (widget, "sb_chart_grid_color", 0.15f, &grid);

  /* The value axis: the largest value at the top, the smallest at the bottom. */
  max_text = sb_sparkline_format_value (max);
  min_text = sb_sparkline_format_value (min);
  max_layout = axis_layout (self, max_text, &max_w, &max_h);
  min_layout = axis_layout (self, min_text, &min_w, &min_h);
  g_object_unref (axis_layout (self, "00:00:00", NULL, &time_h));

  x0 = plot_left (self, min, max);
  x1 = width - PAD;
  y0 = PAD + max_h / 2.0;
  y1 = plot_bottom - time_h - AXIS_GAP;
  if (x1 - x0 < 4 * PAD || y1 - y0 < 4 * PAD)
    return;
  if (max <= min)
    {
      /* One value: a flat line in the middle. */
      max += 1;
      min -= 1;
    }

  draw_text (snapshot, max_layout, x0 - AXIS_GAP - max_w, y0 - max_h / 2.0, &dim);
  draw_text (snapshot, min_layout, x0 - AXIS_GAP - min_w, y1 - min_h / 2.0, &dim);

  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (x0, y1, x1 - x0, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (x0, y0, 1, y1 - y0));

  /* The time axis: a grid line and a label at each round time. */
  time_axis_compute (self, t0, t1, x1 - x0, &axis);
  for (guint i = 0; i < axis.n; i++)
    {
      double x = x0 + (double)(axis.time[i] - t0) / (double)(t1 - t0) * (x1 - x0);
      int w;
      g_autoptr (PangoLayout) layout = axis_layout (self, axis.text[i], &w, NULL);

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (x, y0, 1, y1 - y0 + 3));
      draw_text (snapshot, layout, CLAMP (x - w / 2.0, x0, x1 - w), y1 + AXIS_GAP, &dim);
    }
  time_axis_clear (&axis);

  plot = (ChartPlot){ x0, x1, y0, y1, t0, t1, min, max };
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, 0, x1 - x0 + PAD, y1 + PAD));
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      GdkRGBA color;

      sb_chart_get_series_color (self, i, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      sb_plot_history_path (cr, series->history, chart_point, &plot);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
sb_chart_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sb_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
sb_chart_dispose (GObject *object)
{
  SbChart *self = SB_CHART (object);

  g_clear_handle_id (&self->legend_id, g_source_remove);
  if (self->series != NULL)
    g_ptr_array_set_size (self->series, 0);
  g_clear_pointer (&self->legend, gtk_widget_unparent);
  if (self->notice != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->notice));
      self->notice = NULL;
    }

  G_OBJECT_CLASS (sb_chart_parent_class)->dispose (object);
}

static void
sb_chart_finalize (GObject *object)
{
  SbChart *self = SB_CHART (object);

  g_ptr_array_unref (self->series);

  G_OBJECT_CLASS (sb_chart_parent_class)->finalize (object);
}

static void
sb_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbChart *self = SB_CHART (object);

  switch (prop_id)
    {
      case PROP_N_SERIES:
        g_value_set_uint (value, self->series->len);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_chart_class_init (SbChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_chart_dispose;
  object_class->finalize = sb_chart_finalize;
  object_class->get_property = sb_chart_get_property;
  widget_class->measure = sb_chart_measure;
  widget_class->size_allocate = sb_chart_size_allocate;
  widget_class->snapshot = sb_chart_snapshot;
  widget_class->css_changed = sb_chart_css_changed;

  properties[PROP_N_SERIES]
      = g_param_spec_uint ("n-series", NULL, NULL, 0, SB_CHART_MAX_SERIES, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sb_chart_init (SbChart *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->legend = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->legend), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->legend), SB_CHART_MAX_SERIES);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->legend), 12);
  gtk_widget_add_css_class (self->legend, "chart-legend");
  gtk_widget_set_parent (self->legend, GTK_WIDGET (self));
  self->notice = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->notice, 0);
  gtk_label_set_wrap (self->notice, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->notice), "failed");
  gtk_widget_set_visible (GTK_WIDGET (self->notice), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->notice), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
sb_chart_new (void)
{
  return g_object_new (SB_TYPE_CHART, NULL);
}
