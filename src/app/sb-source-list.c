/* sb-source-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-application.h"
#include "sb-source-list.h"

struct _SbSourceList
{
  GtkWidget parent_instance;

  GtkListBox *list_box;

  GListModel *sources;
  /* SbDataSource (borrowed) -> its running SbMqttSession (ref): a row made
   * later (an undone delete, a reload) shows the state at once. */
  GHashTable *sessions;
};

G_DEFINE_FINAL_TYPE (SbSourceList, sb_source_list, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SOURCES,
  N_PROPS
};

enum
{
  SOURCE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
create_row_cb (gpointer item, gpointer data)
{
  SbSourceList *self = data;
  GtkWidget *row = sb_source_row_new (item);

  sb_source_row_set_session (SB_SOURCE_ROW (row), g_hash_table_lookup (self->sessions, item));
  return row;
}

static void
row_activated_cb (SbSourceList *self, GtkListBoxRow *row)
{
  g_signal_emit (self, signals[SOURCE_ACTIVATED], 0,
                 sb_source_row_get_source (SB_SOURCE_ROW (row)));
}

GtkWidget *
sb_source_list_new (void)
{
  return g_object_new (SB_TYPE_SOURCE_LIST, NULL);
}

void
sb_source_list_set_sources (SbSourceList *self, GListModel *sources)
{
  g_return_if_fail (SB_IS_SOURCE_LIST (self));
  g_return_if_fail (sources == NULL || G_IS_LIST_MODEL (sources));

  if (self->sources == sources)
    return;
  g_set_object (&self->sources, sources);
  /* A focused row that goes with the old list left GTK's scrolled window
   * holding a dead focus child (a critical on the next layout). */
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (self)), NULL);
  gtk_list_box_bind_model (self->list_box, sources, create_row_cb, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCES]);
}

GListModel *
sb_source_list_get_sources (SbSourceList *self)
{
  g_return_val_if_fail (SB_IS_SOURCE_LIST (self), NULL);
  return self->sources;
}

void
sb_source_list_set_session (SbSourceList *self, SbDataSource *source, SbMqttSession *session)
{
  GtkListBoxRow *row;

  g_return_if_fail (SB_IS_SOURCE_LIST (self));
  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  if (session != NULL)
    g_hash_table_replace (self->sessions, source, g_object_ref (session));
  else
    g_hash_table_remove (self->sessions, source);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    if (sb_source_row_get_source (SB_SOURCE_ROW (row)) == source)
      sb_source_row_set_session (SB_SOURCE_ROW (row), session);
}

SbSourceRow *
sb_source_list_get_row (SbSourceList *self, guint position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SB_IS_SOURCE_LIST (self), NULL);
  row = gtk_list_box_get_row_at_index (self->list_box, (int)position);
  return row != NULL ? SB_SOURCE_ROW (row) : NULL;
}

/* GObject */

static void
sb_source_list_dispose (GObject *object)
{
  SbSourceList *self = SB_SOURCE_LIST (object);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_SOURCE_LIST);
  /* A plain GtkWidget parent owns its unbound template children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->sources);
  g_clear_pointer (&self->sessions, g_hash_table_unref);

  G_OBJECT_CLASS (sb_source_list_parent_class)->dispose (object);
}

static void
sb_source_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbSourceList *self = SB_SOURCE_LIST (object);

  switch (prop_id)
    {
      case PROP_SOURCES:
        g_value_set_object (value, self->sources);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_source_list_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SbSourceList *self = SB_SOURCE_LIST (object);

  switch (prop_id)
    {
      case PROP_SOURCES:
        sb_source_list_set_sources (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_source_list_class_init (SbSourceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_source_list_dispose;
  object_class->get_property = sb_source_list_get_property;
  object_class->set_property = sb_source_list_set_property;

  properties[PROP_SOURCES]
      = g_param_spec_object ("sources", NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SOURCE_ACTIVATED]
      = g_signal_new ("source-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, SB_TYPE_DATA_SOURCE);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-source-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SbSourceList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sb_source_list_init (SbSourceList *self)
{
  self->sessions = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}
