/* sb-subscription-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-browse-window.h"
#include "sb-field-error.h"
#include "sb-subscription-list-private.h"
#include "sb-topic-match.h"
#include "sb-validate.h"

struct _SbSubscriptionList
{
  GtkWidget parent_instance;

  GtkListBox *list;
  GtkLabel *error_label;
  GtkButton *add_button;
  GtkButton *browse_button;

  SbDataSource *source;
  SbBrowseWindow *browse; /* weak: the topic tree picked from, while open */
  gboolean mqtt5;
  gboolean touched;
};

G_DEFINE_FINAL_TYPE (SbSubscriptionList, sb_subscription_list, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MQTT5,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

SbSubscriptionEditor *
sb_subscription_list_get_editor (SbSubscriptionList *self, guint position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SB_IS_SUBSCRIPTION_LIST (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list, (int)position);
  if (row == NULL)
    return NULL;
  return SB_SUBSCRIPTION_EDITOR (gtk_list_box_row_get_child (row));
}

guint
sb_subscription_list_get_n_editors (SbSubscriptionList *self)
{
  guint n = 0;

  g_return_val_if_fail (SB_IS_SUBSCRIPTION_LIST (self), 0);

  while (gtk_list_box_get_row_at_index (self->list, (int)n) != NULL)
    n++;
  return n;
}

static void
edited (SbSubscriptionList *self)
{
  self->touched = TRUE;
  g_signal_emit (self, signals[SIGNAL_EDITED], 0);
}

static void
editor_remove_cb (SbSubscriptionEditor *editor, SbSubscriptionList *self)
{
  SbSubscription *subscription = sb_subscription_editor_get_subscription (editor);
  guint n = sb_data_source_get_n_subscriptions (self->source);

  for (guint i = 0; i < n; i++)
    if (sb_data_source_get_subscription (self->source, i) == subscription)
      {
        sb_data_source_remove_subscription (self->source, i);
        break;
      }
  /* Focus stays in the list rather than falling back to the window. */
  n = sb_data_source_get_n_subscriptions (self->source);
  if (n > 0)
    gtk_widget_grab_focus (GTK_WIDGET (sb_subscription_list_get_editor (self, n - 1)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
  edited (self);
}

static GtkWidget *
create_editor_cb (gpointer item, gpointer data)
{
  SbSubscriptionList *self = data;
  GtkWidget *editor = sb_subscription_editor_new (item);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  /* The row only wraps the editor: not a focus stop of its own. */
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), editor);
  sb_subscription_editor_set_mqtt5 (SB_SUBSCRIPTION_EDITOR (editor), self->mqtt5);
  g_signal_connect_object (editor, "remove", G_CALLBACK (editor_remove_cb), self, 0);
  g_signal_connect_object (editor, "edited", G_CALLBACK (edited), self, G_CONNECT_SWAPPED);
  return row;
}

static void
add_clicked_cb (SbSubscriptionList *self)
{
  g_autoptr (SbSubscription) subscription = NULL;
  guint n = sb_data_source_get_n_subscriptions (self->source);

  /* An empty row already waits for a filter: it takes the keyboard instead
   * of a second one below it. */
  for (guint i = 0; i < n; i++)
    if (*sb_subscription_get_topic (sb_data_source_get_subscription (self->source, i)) == '\0')
      {
        gtk_widget_grab_focus (GTK_WIDGET (sb_subscription_list_get_editor (self, i)));
        return;
      }
  subscription = sb_subscription_new ("");

  sb_data_source_add_subscription (self->source, subscription);
  n = sb_data_source_get_n_subscriptions (self->source);
  gtk_widget_grab_focus (GTK_WIDGET (sb_subscription_list_get_editor (self, n - 1)));
  g_signal_emit (self, signals[SIGNAL_EDITED], 0);
}

/* Alt+S: the row takes the keyboard at once. A button's own mnemonic
 * activation shows the press for 250 ms before "clicked", and what is typed
 * meanwhile would land in the field that had the focus. */
static gboolean
add_mnemonic_cb (SbSubscriptionList *self, gboolean group_cycling)
{
  if (group_cycling)
    return FALSE;
  add_clicked_cb (self);
  return TRUE;
}

const char *
sb_subscription_list_add_filter (SbSubscriptionList *self, const char *filter)
{
  int empty = -1;
  guint n;

  g_return_val_if_fail (SB_IS_SUBSCRIPTION_LIST (self), NULL);
  g_return_val_if_fail (filter != NULL && *filter != '\0', NULL);

  n = sb_data_source_get_n_subscriptions (self->source);
  for (guint i = 0; i < n; i++)
    {
      SbSubscription *subscription = sb_data_source_get_subscription (self->source, i);
      const char *topic = sb_subscription_get_topic (subscription);

      if (*topic == '\0')
        empty = empty < 0 ? (int)i : empty;
      else if (sb_topic_filter_covers (topic, filter))
        return topic;
    }
  /* An empty row waits for a filter: it takes this one, as if typed. */
  if (empty >= 0)
    gtk_editable_set_text (
        sb_subscription_editor_get_topic_entry (sb_subscription_list_get_editor (self, empty)),
        filter);
  else
    {
      g_autoptr (SbSubscription) subscription = sb_subscription_new (filter);
      sb_data_source_add_subscription (self->source, subscription);
      edited (self);
    }
  return NULL;
}

static void
pick_cb (SbBrowseWindow *browse, const char *filter, SbSubscriptionList *self)
{
  const char *covering = sb_subscription_list_add_filter (self, filter);
  g_autofree char *result = covering != NULL
                                ? g_strdup_printf (_ ("“%s” already covers this topic"), covering)
                                : g_strdup_printf (_ ("“%s” added to the subscriptions"), filter);

  sb_browse_window_set_pick_result (browse, result);
}

static void
browse_clicked_cb (SbSubscriptionList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* The settings as they stand now: a tree opened before is of older ones. */
  if (self->browse != NULL)
    gtk_window_destroy (GTK_WINDOW (self->browse));
  self->browse = sb_browse_window_new_for_pick (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                self->source);
  g_object_add_weak_pointer (G_OBJECT (self->browse), (gpointer *)&self->browse);
  g_signal_connect_object (self->browse, "pick", G_CALLBACK (pick_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->browse));
}

SbBrowseWindow *
sb_subscription_list_get_browse_window (SbSubscriptionList *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION_LIST (self), NULL);
  return self->browse;
}

void
sb_subscription_list_set_source (SbSubscriptionList *self, SbDataSource *source)
{
  g_return_if_fail (SB_IS_SUBSCRIPTION_LIST (self));
  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  g_set_object (&self->source, source);
  gtk_list_box_bind_model (self->list, sb_data_source_get_subscriptions (source), create_editor_cb,
                           self, NULL);
}

void
sb_subscription_list_show_problems (SbSubscriptionList *self, GPtrArray *problems,
                                    gboolean show_all)
{
  g_autoptr (GString) list_text = g_string_new (NULL);
  guint n = sb_subscription_list_get_n_editors (self);
  g_autofree const char **fields = g_new0 (const char *, n + 1);
  g_autofree GString **texts = g_new0 (GString *, n + 1);

  g_return_if_fail (SB_IS_SUBSCRIPTION_LIST (self));

  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *problem = g_ptr_array_index (problems, i);
      guint index = (guint)problem->subscription;

      if (problem->subscription < 0 && g_str_equal (problem->key, "subscriptions"))
        {
          if (list_text->len > 0)
            g_string_append_c (list_text, '\n');
          g_string_append (list_text, problem->message);
        }
      else if (problem->subscription >= 0 && index < n)
        {
          /* TRANSLATORS: "Subscription 1: the topic filter is empty" */
          g_autofree char *named
              = g_strdup_printf (_ ("Subscription %u: %s"), index + 1, problem->message);

          if (texts[index] == NULL)
            {
              texts[index] = g_string_new (named);
              fields[index] = problem->key;
            }
          else if (strstr (texts[index]->str, named) == NULL)
            g_string_append_printf (texts[index], "\n%s", named);
        }
    }

  sb_field_error_show (GTK_WIDGET (self->list), self->error_label,
                       (show_all || self->touched) && list_text->len > 0 ? list_text->str : NULL);
  for (guint i = 0; i < n; i++)
    {
      SbSubscriptionEditor *editor = sb_subscription_list_get_editor (self, i);
      gboolean shown = show_all || sb_subscription_editor_get_touched (editor);

      sb_subscription_editor_set_error (editor, fields[i],
                                        shown && texts[i] != NULL ? texts[i]->str : NULL);
      if (texts[i] != NULL)
        g_string_free (texts[i], TRUE);
    }
}

void
sb_subscription_list_set_data_path_result (SbSubscriptionList *self, guint index, const char *text,
                                           gboolean problem)
{
  SbSubscriptionEditor *editor;

  g_return_if_fail (SB_IS_SUBSCRIPTION_LIST (self));

  editor = sb_subscription_list_get_editor (self, index);
  if (editor != NULL)
    sb_subscription_editor_set_data_path_result (editor, text, problem);
}

gboolean
sb_subscription_list_focus_problem (SbSubscriptionList *self)
{
  SbSubscriptionEditor *editor;

  g_return_val_if_fail (SB_IS_SUBSCRIPTION_LIST (self), FALSE);

  for (guint i = 0; (editor = sb_subscription_list_get_editor (self, i)) != NULL; i++)
    if (gtk_widget_get_visible (GTK_WIDGET (sb_subscription_editor_get_error_label (editor))))
      return gtk_widget_grab_focus (GTK_WIDGET (editor));
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
  return FALSE;
}

GtkWidget *
sb_subscription_list_get_widget (SbSubscriptionList *self, const char *name)
{
  GObject *child;

  g_return_val_if_fail (SB_IS_SUBSCRIPTION_LIST (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), SB_TYPE_SUBSCRIPTION_LIST, name);
  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);
  return GTK_WIDGET (child);
}

static void
set_mqtt5 (SbSubscriptionList *self, gboolean mqtt5)
{
  SbSubscriptionEditor *editor;

  mqtt5 = !!mqtt5;
  if (self->mqtt5 == mqtt5)
    return;
  self->mqtt5 = mqtt5;
  for (guint i = 0; (editor = sb_subscription_list_get_editor (self, i)) != NULL; i++)
    sb_subscription_editor_set_mqtt5 (editor, mqtt5);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MQTT5]);
}

static void
sb_subscription_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbSubscriptionList *self = SB_SUBSCRIPTION_LIST (object);

  switch (prop_id)
    {
      case PROP_MQTT5:
        g_value_set_boolean (value, self->mqtt5);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_subscription_list_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  SbSubscriptionList *self = SB_SUBSCRIPTION_LIST (object);

  switch (prop_id)
    {
      case PROP_MQTT5:
        set_mqtt5 (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_subscription_list_dispose (GObject *object)
{
  SbSubscriptionList *self = SB_SUBSCRIPTION_LIST (object);

  if (self->browse != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->browse), (gpointer *)&self->browse);
      gtk_window_destroy (GTK_WINDOW (self->browse));
      self->browse = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_SUBSCRIPTION_LIST);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (sb_subscription_list_parent_class)->dispose (object);
}

static void
sb_subscription_list_class_init (SbSubscriptionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_subscription_list_dispose;
  object_class->get_property = sb_subscription_list_get_property;
  object_class->set_property = sb_subscription_list_set_property;

  properties[PROP_MQTT5]
      = g_param_spec_boolean ("mqtt5", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  sb_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SB_RESOURCE_PATH "/ui/sb-subscription-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionList, list);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionList, error_label);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionList, add_button);
  gtk_widget_class_bind_template_child (widget_class, SbSubscriptionList, browse_button);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_mnemonic_cb);
  gtk_widget_class_bind_template_callback (widget_class, browse_clicked_cb);
}

static void
sb_subscription_list_init (SbSubscriptionList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
