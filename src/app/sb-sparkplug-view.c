/* sb-sparkplug-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-sparkplug-view.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sb-data-path.h"
#include "sb-sparkplug-topic.h"

struct _SbSparkplugView
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *state_label;
  GtkLabel *notes_label;
  GtkGrid *grid;
  GtkLabel *more_label;
  guint n_rows;
};

G_DEFINE_FINAL_TYPE (SbSparkplugView, sb_sparkplug_view, GTK_TYPE_WIDGET)

static void
sb_sparkplug_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SB_TYPE_SPARKPLUG_VIEW);
  G_OBJECT_CLASS (sb_sparkplug_view_parent_class)->dispose (object);
}

static void
sb_sparkplug_view_class_init (SbSparkplugViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_sparkplug_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/signalboard/Signalboard/ui/"
                                               "sb-sparkplug-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SbSparkplugView, box);
  gtk_widget_class_bind_template_child (widget_class, SbSparkplugView, state_label);
  gtk_widget_class_bind_template_child (widget_class, SbSparkplugView, notes_label);
  gtk_widget_class_bind_template_child (widget_class, SbSparkplugView, grid);
  gtk_widget_class_bind_template_child (widget_class, SbSparkplugView, more_label);
}

static void
sb_sparkplug_view_init (SbSparkplugView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sb_sparkplug_view_new (void)
{
  return g_object_new (SB_TYPE_SPARKPLUG_VIEW, NULL);
}

static void
add_cell (SbSparkplugView *self, const char *text, int column, int row, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 1 ? 1.0f : 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), column == 3 ? 40 : 28);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else if (column == 3)
    gtk_widget_add_css_class (label, "monospace");
  if (column == 3)
    gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
}

/* A metric timestamp (ms since the epoch) as local time of day. */
static char *
time_text (JsonObject *metric)
{
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *clock = NULL;
  gint64 ms;

  if (!json_object_has_member (metric, "timestamp"))
    return g_strdup ("");
  ms = json_object_get_int_member (metric, "timestamp");
  when = g_date_time_new_from_unix_local (ms / 1000);
  if (when == NULL)
    return g_strdup ("");
  clock = g_date_time_format (when, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", clock, (int)(ms % 1000));
}

static char *
member_text (JsonObject *metric, const char *name)
{
  JsonNode *node = json_object_get_member (metric, name);

  return node != NULL ? sb_data_path_value_to_text (node) : g_strdup ("");
}

static void
show_state (SbSparkplugView *self, const char *topic, SbSparkplugState *state)
{
  g_auto (SbSparkplugTopic) t = { 0 };
  g_autofree char *who = NULL;
  g_autofree char *text = NULL;
  const char *life;

  if (!sb_sparkplug_topic_parse (topic, &t))
    {
      gtk_label_set_label (self->state_label, "");
      return;
    }
  who = sb_sparkplug_topic_describe (&t);
  if (t.type == SB_SPARKPLUG_HOST_STATE)
    {
      text = g_strdup_printf (_ ("Host application %s"), who);
      gtk_label_set_label (self->state_label, text);
      return;
    }
  switch (state != NULL ? sb_sparkplug_state_get_life (state, t.group, t.edge_node, t.device)
                        : SB_SPARKPLUG_LIFE_UNKNOWN)
    {
      case SB_SPARKPLUG_LIFE_ONLINE:
        life = _ ("online (birth seen)");
        break;
      case SB_SPARKPLUG_LIFE_OFFLINE:
        life = _ ("offline (death)");
        break;
      default:
        life = _ ("no birth seen");
        break;
    }
  /* Translators: "Edge node Plant1/Press4 · NDATA · online (birth seen)" */
  text = g_strdup_printf (t.device != NULL ? _ ("Device %s · %s · %s")
                                           : _ ("Edge node %s · %s · %s"),
                          who, sb_sparkplug_type_to_string (t.type), life);
  gtk_label_set_label (self->state_label, text);
}

void
sb_sparkplug_view_show (SbSparkplugView *self, const char *topic, const char *decoded,
                        SbSparkplugState *state)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  GtkWidget *child;
  JsonObject *root = NULL;
  JsonArray *metrics = NULL;
  guint n = 0;

  g_return_if_fail (SB_IS_SPARKPLUG_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->n_rows = 0;
  show_state (self, topic != NULL ? topic : "", state);
  if (decoded != NULL && json_parser_load_from_data (parser, decoded, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    root = json_node_get_object (json_parser_get_root (parser));
  if (root != NULL && json_object_has_member (root, "metrics"))
    metrics = json_object_get_array_member (root, "metrics");

  if (root != NULL && json_object_has_member (root, "notes"))
    {
      JsonArray *notes = json_object_get_array_member (root, "notes");
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (notes); i++)
        g_string_append_printf (text, "%s%s", i > 0 ? " · " : "",
                                json_array_get_string_element (notes, i));
      gtk_label_set_label (self->notes_label, text->str);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->notes_label), FALSE);

  add_cell (self, _ ("Name"), 0, 0, TRUE);
  add_cell (self, _ ("Alias"), 1, 0, TRUE);
  add_cell (self, _ ("Type"), 2, 0, TRUE);
  add_cell (self, _ ("Value"), 3, 0, TRUE);
  add_cell (self, _ ("Time"), 4, 0, TRUE);
  n = metrics != NULL ? json_array_get_length (metrics) : 0;
  for (guint i = 0; i < n && i < SB_SPARKPLUG_VIEW_MAX_ROWS; i++)
    {
      JsonObject *metric = json_array_get_object_element (metrics, i);
      g_autofree char *name = NULL, *alias = NULL, *type = NULL, *value = NULL, *when = NULL;

      if (metric == NULL)
        continue;
      name = member_text (metric, "name");
      alias = member_text (metric, "alias");
      type = member_text (metric, "datatype");
      value = member_text (metric, "value");
      when = time_text (metric);
      add_cell (self, name, 0, (int)i + 1, FALSE);
      add_cell (self, alias, 1, (int)i + 1, FALSE);
      add_cell (self, type, 2, (int)i + 1, FALSE);
      add_cell (self, value, 3, (int)i + 1, FALSE);
      add_cell (self, when, 4, (int)i + 1, FALSE);
      self->n_rows++;
    }
  if (n > SB_SPARKPLUG_VIEW_MAX_ROWS)
    {
      g_autofree char *more
          = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more metric",
                                          "and %u more metrics", n - SB_SPARKPLUG_VIEW_MAX_ROWS),
                             n - SB_SPARKPLUG_VIEW_MAX_ROWS);
      gtk_label_set_label (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), n > SB_SPARKPLUG_VIEW_MAX_ROWS);
}
