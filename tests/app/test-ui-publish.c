/* test-ui-publish.c: the preview's publish dialog against a real mosquitto
 * speaking MQTT 5: content type, user properties, response topic,
 * correlation data and message expiry read back by mosquitto_sub -V 5 -F;
 * the message then offered under "Recent" and sent again from there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "sb-publish-dialog.h"
#include "sb-test-ui-preview.h"

#define CHILD(dialog, name)                                                                        \
  GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, name))

static GtkWidget *
publish_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (SB_IS_PUBLISH_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
dialog_shown_cb (gpointer data)
{
  return publish_dialog () != NULL;
}

static gboolean
dialog_gone_cb (gpointer data)
{
  return publish_dialog () == NULL;
}

static GtkWidget *
open_dialog (PreviewFixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "preview.publish", NULL));
  g_assert_true (sb_test_wait_for (dialog_shown_cb, NULL, UI_DEADLINE_MS));
  return publish_dialog ();
}

static void
set_view_text (GtkWidget *view, const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* One message at @topic as mosquitto_sub -V 5 formats it (retained). */
static char *
read_back (PreviewFixture *f, const char *topic)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (f->broker));
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "mosquitto_sub",
                         "-h",
                         "127.0.0.1",
                         "-p",
                         port,
                         "-V",
                         "5",
                         "-q",
                         "2",
                         "-t",
                         topic,
                         "-C",
                         "1",
                         "-W",
                         "10",
                         "-F",
                         "%t|%p|%q|%r|%C|%P|%R|%D|%E",
                         NULL };

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strchomp (g_steal_pointer (&out));
}

static void
test_publish_mqtt5 (void)
{
  PreviewFixture f = { 0 };
  GtkWidget *dialog;
  g_autofree char *got = NULL;
  GtkDropDown *recent;
  int expiry;

  preview_fixture_open (&f, "plant/#", NULL, 5);
  dialog = open_dialog (&f);
  g_assert_true (gtk_widget_get_visible (CHILD (dialog, "props_expander")));
  /* Nothing published yet: no recent messages to offer. */
  g_assert_false (gtk_widget_get_visible (CHILD (dialog, "recent_dropdown")));

  ui_type (GTK_EDITABLE (CHILD (dialog, "topic_entry")), "plant/press4/cmd");
  set_view_text (CHILD (dialog, "payload_view"), "{\"start\":true}");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (CHILD (dialog, "qos_dropdown")), 2);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (CHILD (dialog, "retain_check")), TRUE);
  ui_type (GTK_EDITABLE (CHILD (dialog, "content_type_entry")), "application/json");
  set_view_text (CHILD (dialog, "user_props_view"), "line=4\nshift=late\n");
  ui_type (GTK_EDITABLE (CHILD (dialog, "response_topic_entry")), "plant/press4/reply");
  ui_type (GTK_EDITABLE (CHILD (dialog, "correlation_entry")), "req-17");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (dialog, "expiry_spin")), 600);

  /* A user property that is not KEY=VALUE is pointed out, nothing is sent. */
  set_view_text (CHILD (dialog, "user_props_view"), "line=4\nshift late\n");
  g_signal_emit_by_name (CHILD (dialog, "publish_button"), "clicked");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (CHILD (dialog, "status_label"))), ==,
                   "User properties, line 2: “shift late” is not KEY=VALUE");
  g_assert_nonnull (publish_dialog ());
  set_view_text (CHILD (dialog, "user_props_view"), "line=4\nshift=late\n");

  g_signal_emit_by_name (CHILD (dialog, "publish_button"), "clicked");
  g_assert_true (sb_test_wait_for (dialog_gone_cb, NULL, UI_DEADLINE_MS));
  preview_fixture_wait_count (&f, "plant/press4/cmd", 1);

  got = read_back (&f, "plant/press4/cmd");
  g_test_message ("mosquitto_sub: %s", got);
  g_assert_true (g_str_has_prefix (got, "plant/press4/cmd|{\"start\":true}|2|1|application/json|"
                                        "line:4 shift:late|plant/press4/reply|req-17|"));
  expiry = atoi (strrchr (got, '|') + 1);
  g_assert_cmpint (expiry, >, 500);
  g_assert_cmpint (expiry, <=, 600);
  g_clear_pointer (&got, g_free);

  /* Again: the message is offered under Recent and fills the form. */
  dialog = open_dialog (&f);
  recent = GTK_DROP_DOWN (CHILD (dialog, "recent_dropdown"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (recent)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (recent)), ==, 1);
  {
    g_autoptr (GtkStringObject) item = g_list_model_get_item (gtk_drop_down_get_model (recent), 0);
    g_assert_cmpstr (gtk_string_object_get_string (item), ==,
                     "plant/press4/cmd — {\"start\":true}");
  }
  ui_type (GTK_EDITABLE (CHILD (dialog, "topic_entry")), "");
  gtk_drop_down_set_selected (recent, 0);
  ui_drain ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, "topic_entry"))), ==,
                   "plant/press4/cmd");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (dialog, "correlation_entry"))), ==,
                   "req-17");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (CHILD (dialog, "qos_dropdown"))), ==,
                    2);
  g_signal_emit_by_name (CHILD (dialog, "publish_button"), "clicked");
  g_assert_true (sb_test_wait_for (dialog_gone_cb, NULL, UI_DEADLINE_MS));
  /* The preview sees the second one, with its properties. */
  preview_fixture_wait_count (&f, "plant/press4/cmd", 2);
  {
    SbTopicRow *row = sb_preview_model_lookup (f.model, "plant/press4/cmd");
    SbMessageProps *props = sb_topic_row_get_message_properties (row);

    g_assert_nonnull (props);
    g_assert_cmpstr (sb_message_props_get_content_type (props), ==, "application/json");
    g_assert_cmpuint (sb_message_props_get_n_user_properties (props), ==, 2);
  }
  got = read_back (&f, "plant/press4/cmd");
  g_assert_true (g_str_has_prefix (got, "plant/press4/cmd|{\"start\":true}|2|1|application/json|"
                                        "line:4 shift:late|plant/press4/reply|req-17|"));

  preview_fixture_close (&f);
}

/* MQTT 3.1.1 has no properties: the dialog does not offer them. */
static void
test_publish_mqtt311 (void)
{
  PreviewFixture f = { 0 };
  GtkWidget *dialog;

  preview_fixture_open (&f, "plant/#", NULL, 4);
  dialog = open_dialog (&f);
  g_assert_false (gtk_widget_get_visible (CHILD (dialog, "props_expander")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  preview_fixture_close (&f);
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/publish/mqtt5-properties-recent", test_publish_mqtt5);
  g_test_add_func ("/ui/publish/mqtt311", test_publish_mqtt311);
  return g_test_run ();
}
