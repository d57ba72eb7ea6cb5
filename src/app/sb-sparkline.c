/* sb-sparkline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-sparkline.h"

#include "sb-plot.h"

struct _SbSparkline
{
  GtkWidget parent_instance;

  SbHistory *history;
  gulong changed_id;
  gboolean show_labels;
  /* Children made when "show-labels" is first set: the Trend cells of the
   * preview (one per visible row) never show them. */
  GtkWidget *max_label;
  GtkWidget *min_label;
};

G_DEFINE_FINAL_TYPE (SbSparkline, sb_sparkline, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_HISTORY,
  PROP_SHOW_LABELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define SMALL_WIDTH 60
#define SMALL_HEIGHT 18
#define LARGE_WIDTH 200
#define LARGE_HEIGHT 100
#define LABEL_SPACING 6
#define PAD 2.0
#define MIN_SLOTS 10

char *
sb_sparkline_format_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* %.6g: 21.5 stays 21.5, 1e+20 stays short; the dot is locale-free like the payloads. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
}

static void
update_labels (SbSparkline *self)
{
  double min, max;

  if (!self->show_labels)
    return;
  if (self->history != NULL && sb_history_get_range (self->history, &min, &max))
    {
      g_autofree char *min_text = sb_sparkline_format_value (min);
      g_autofree char *max_text = sb_sparkline_format_value (max);
      gtk_label_set_label (GTK_LABEL (self->min_label), min_text);
      gtk_label_set_label (GTK_LABEL (self->max_label), max_text);
    }
  else
    {
      gtk_label_set_label (GTK_LABEL (self->min_label), "");
      gtk_label_set_label (GTK_LABEL (self->max_label), "");
    }
}

static void
history_changed_cb (SbSparkline *self)
{
  update_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
label_column_width (SbSparkline *self)
{
  int min_width, max_width;

  if (!self->show_labels)
    return 0;
  gtk_widget_measure (self->min_label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &min_width, NULL,
                      NULL);
  gtk_widget_measure (self->max_label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &max_width, NULL,
                      NULL);
  return MAX (min_width, max_width) + LABEL_SPACING;
}

static void
sb_sparkline_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                      int *natural, int *minimum_baseline, int *natural_baseline)
{
  SbSparkline *self = SB_SPARKLINE (widget);

  (void)for_size;
  (void)minimum_baseline;
  (void)natural_baseline;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural
        = label_column_width (self) + (self->show_labels ? LARGE_WIDTH : SMALL_WIDTH);
  else
    {
      int label_height = 0;
      if (self->show_labels)
        {
          int height;
          gtk_widget_measure (self->max_label, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL,
                              NULL);
          label_height = 2 * height;
        }
      *minimum = *natural = MAX (label_height, self->show_labels ? LARGE_HEIGHT : SMALL_HEIGHT);
    }
}

static void
sb_sparkline_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SbSparkline *self = SB_SPARKLINE (widget);
  int column = label_column_width (self);
  int label_height;

  (void)baseline;
  if (!self->show_labels)
    return;
  gtk_widget_measure (self->max_label, GTK_ORIENTATION_VERTICAL, -1, &label_height, NULL, NULL,
                      NULL);
  (void)width;
  gtk_widget_size_allocate (
      self->max_label, &(GtkAllocation){ 0, 0, MAX (column - LABEL_SPACING, 0), label_height }, -1);
  gtk_widget_size_allocate (self->min_label,
                            &(GtkAllocation){ 0, MAX (height - label_height, 0),
                                              MAX (column - LABEL_SPACING, 0), label_height },
                            -1);
}

typedef struct
{
  double left;      /* where the first slot is */
  guint first_slot; /* the oldest entry's */
  double step;
  double height;
  double min, max;
} SparklinePlot;

static void
sparkline_point (guint index, const SbHistoryEntry *entry, double *x, double *y, gpointer user_data)
{
  const SparklinePlot *plot = user_data;

  *x = plot->left + plot->step * (plot->first_slot + index);
  *y = plot->max > plot->min
           ? PAD + (plot->max - entry->value) / (plot->max - plot->min) * (plot->height - 2 * PAD)
           : plot->height / 2.0;
}

static void
sb_sparkline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SbSparkline *self = SB_SPARKLINE (widget);
  double x0 = label_column_width (self);
  double width = gtk_widget_get_width (widget) - x0;
  double height = gtk_widget_get_height (widget);
  double min, max, step;
  guint length, slots;
  SparklinePlot plot;
  GdkRGBA color;
  cairo_t *cr;

  if (self->show_labels)
    {
      gtk_widget_snapshot_child (widget, self->max_label, snapshot);
      gtk_widget_snapshot_child (widget, self->min_label, snapshot);
    }

  if (self->history == NULL || width <= 2 * PAD || height <= 2 * PAD
      || !sb_history_get_range (self->history, &min, &max))
    return;

  length = sb_history_get_length (self->history);
  /* Spread over the entries there are (at least a few slots, so that two
   * points do not stretch across the whole chart); the newest is always at
   * the right edge, where the eye looks for it. */
  slots = MAX (length, MIN (sb_history_get_capacity (self->history), MIN_SLOTS));
  step = (width - 2 * PAD) / MAX (slots - 1, 1);
  plot = (SparklinePlot){ x0 + PAD, slots - length, step, height, min, max };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, self->show_labels ? 2.0 : 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  sb_plot_history_path (cr, self->history, sparkline_point, &plot);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
sb_sparkline_dispose (GObject *object)
{
  SbSparkline *self = SB_SPARKLINE (object);

  sb_sparkline_set_history (self, NULL);
  g_clear_pointer (&self->max_label, gtk_widget_unparent);
  g_clear_pointer (&self->min_label, gtk_widget_unparent);

  G_OBJECT_CLASS (sb_sparkline_parent_class)->dispose (object);
}

static void
sb_sparkline_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbSparkline *self = SB_SPARKLINE (object);

  switch (prop_id)
    {
      case PROP_HISTORY:
        g_value_set_object (value, self->history);
        break;
      case PROP_SHOW_LABELS:
        g_value_set_boolean (value, self->show_labels);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_sparkline_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SbSparkline *self = SB_SPARKLINE (object);

  switch (prop_id)
    {
      case PROP_HISTORY:
        sb_sparkline_set_history (self, g_value_get_object (value));
        break;
      case PROP_SHOW_LABELS:
        sb_sparkline_set_show_labels (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_sparkline_class_init (SbSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_sparkline_dispose;
  object_class->get_property = sb_sparkline_get_property;
  object_class->set_property = sb_sparkline_set_property;

  widget_class->measure = sb_sparkline_measure;
  widget_class->size_allocate = sb_sparkline_size_allocate;
  widget_class->snapshot = sb_sparkline_snapshot;

  properties[PROP_HISTORY]
      = g_param_spec_object ("history", NULL, NULL, SB_TYPE_HISTORY,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_LABELS]
      = g_param_spec_boolean ("show-labels", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sb_sparkline_init (SbSparkline *self)
{
  (void)self;
}

static GtkWidget *
new_value_label (SbSparkline *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  return label;
}

GtkWidget *
sb_sparkline_new (void)
{
  return g_object_new (SB_TYPE_SPARKLINE, NULL);
}

void
sb_sparkline_set_history (SbSparkline *self, SbHistory *history)
{
  g_return_if_fail (SB_IS_SPARKLINE (self));
  g_return_if_fail (history == NULL || SB_IS_HISTORY (history));

  if (self->history == history)
    return;
  if (self->history != NULL)
    g_clear_signal_handler (&self->changed_id, self->history);
  g_set_object (&self->history, history);
  if (history != NULL)
    self->changed_id
        = g_signal_connect_swapped (history, "changed", G_CALLBACK (history_changed_cb), self);
  history_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

void
sb_sparkline_set_show_labels (SbSparkline *self, gboolean show_labels)
{
  g_return_if_fail (SB_IS_SPARKLINE (self));

  show_labels = !!show_labels;
  if (self->show_labels == show_labels)
    return;
  self->show_labels = show_labels;
  if (show_labels && self->max_label == NULL)
    {
      self->max_label = new_value_label (self);
      self->min_label = new_value_label (self);
    }
  if (self->max_label != NULL)
    {
      gtk_widget_set_visible (self->max_label, show_labels);
      gtk_widget_set_visible (self->min_label, show_labels);
    }
  update_labels (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LABELS]);
}
