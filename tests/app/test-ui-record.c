/* test-ui-record.c: recording in the preview window against a real
 * mosquitto, through the header's Record button and its file chooser: the
 * bar counts messages and bytes while it runs, the file holds exactly the
 * messages in the issue's formats (the listen jsonl; CSV with its header),
 * closing the window stops and keeps the recording, a full disk is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include "sb-message-json.h"
#include "sb-test-ui-preview.h"
#include "sb-record-bar-private.h"
#include "sb-preview-window-private.h"

typedef struct
{
  PreviewFixture f;
  GPtrArray *messages; /* SbMessage the session delivered, in order */
  char *dir;
} Fixture;

static void
message_cb (SbMqttSession *session, SbMessage *message, Fixture *fx)
{
  g_ptr_array_add (fx->messages, sb_message_ref (message));
}

static GtkWidget *
chooser_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
chooser_shown_cb (gpointer data)
{
  return chooser_dialog () != NULL;
}

static gboolean
recording_is_cb (gpointer data)
{
  Fixture *fx = ((gpointer *)data)[0];
  gboolean want = GPOINTER_TO_INT (((gpointer *)data)[1]);

  return sb_record_bar_get_recording (sb_preview_window_get_record_bar (fx->f.window)) == want;
}

static void
wait_recording (Fixture *fx, gboolean recording)
{
  gpointer data[2] = { fx, GINT_TO_POINTER (recording) };
  g_assert_true (sb_test_wait_for (recording_is_cb, data, UI_DEADLINE_MS));
}

typedef struct
{
  GtkWidget *dialog;
  GFile *file;
} ChooserWait;

/* A person types the whole path into the name field. */
static gboolean
chooser_has_file_cb (gpointer data)
{
  ChooserWait *w = data;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (w->dialog));

  if (file != NULL && g_file_equal (file, w->file))
    return TRUE;
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (w->dialog), g_file_peek_path (w->file));
  return FALSE;
}

/* Clicks Record, types @name in the chooser's folder @dir, picks the file
 * type @filter (-1: leaves the first, JSON Lines) and accepts. */
static void
record_to (Fixture *fx, const char *name, int filter)
{
  GtkWidget *button
      = ui_find_button_by_tooltip (GTK_WIDGET (fx->f.window), "Record messages to a file…");
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  ChooserWait w = { NULL, file };
  GtkWidget *dialog;

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (sb_test_wait_for (chooser_shown_cb, NULL, UI_DEADLINE_MS));
  dialog = chooser_dialog ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Record Messages");
  w.dialog = dialog;
  if (filter >= 0)
    {
      g_autoptr (GListModel) filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GtkFileFilter) chosen = g_list_model_get_item (filters, (guint)filter);

      g_assert_cmpstr (gtk_file_filter_get_name (chosen), ==, "CSV (comma-separated values)");
      gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), chosen);
    }
  g_assert_true (sb_test_wait_for (chooser_has_file_cb, &w, UI_DEADLINE_MS));
  /* The Record button, as a person clicks it (the dialog checks the name first). */
  g_signal_emit_by_name (
      gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT), "clicked");
  wait_recording (fx, TRUE);
}

static void
stop (Fixture *fx)
{
  GtkWidget *button = ui_find_button_by_tooltip (GTK_WIDGET (fx->f.window), "Stop recording");

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_recording (fx, FALSE);
}

typedef struct
{
  SbRecordBar *bar;
  const char *text;
} TextWait;

static gboolean
bar_text_cb (gpointer data)
{
  TextWait *w = data;
  return g_strcmp0 (sb_record_bar_get_text (w->bar), w->text) == 0
         && gtk_widget_get_visible (GTK_WIDGET (w->bar));
}

static void
assert_bar_text (SbRecordBar *bar, const char *text)
{
  TextWait w = { bar, text };

  if (!sb_test_wait_for (bar_text_cb, &w, UI_DEADLINE_MS))
    g_error ("the bar says “%s”, not “%s”", sb_record_bar_get_text (bar), text);
}

static void
publish_three (Fixture *fx, const char *marker)
{
  g_autofree char *json = g_strdup_printf ("{\"temp\":21.5,\"run\":\"%s\"}", marker);
  g_autofree char *blob = g_build_filename (fx->dir, "blob", NULL);
  static const guint8 binary[] = { 0x00, 0x01, 0xff };
  guint before = fx->messages->len;

  g_assert_true (g_file_set_contents (blob, (const char *)binary, sizeof binary, NULL));
  sb_test_broker_publish (fx->f.broker, "plant/press4", json, 1, FALSE);
  sb_test_broker_publish (fx->f.broker, "plant/state", "say \"hi\"\nbye", 0, FALSE);
  sb_test_broker_publish_args (fx->f.broker, "-t", "plant/blob", "-q", "1", "-f", blob, NULL);
  preview_fixture_wait_count (&fx->f, "plant/blob", 1 + before / 3);
  g_assert_cmpuint (fx->messages->len, ==, before + 3);
}

static void
test_record (void)
{
  Fixture fx = { 0 };
  SbRecordBar *bar;
  g_autoptr (SbDataPath) path = sb_data_path_new ("$.temp", NULL);
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autofree char *jsonl = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *size = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *shown = NULL;

  fx.messages = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_message_unref);
  fx.dir = g_dir_make_tmp ("sb-record-XXXXXX", NULL);
  preview_fixture_open (&fx.f, "plant/#", "$.temp", 4);
  g_signal_connect (sb_preview_window_get_session (fx.f.window), "message", G_CALLBACK (message_cb),
                    &fx);
  bar = sb_preview_window_get_record_bar (fx.f.window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));

  /* JSON Lines: exactly what listen --format jsonl prints for them. */
  record_to (&fx, "plant.jsonl", -1);
  publish_three (&fx, "one");
  jsonl = g_build_filename (fx.dir, "plant.jsonl", NULL);
  for (guint i = 0; i < 3; i++)
    {
      sb_message_json_append (expected, "\"Shopfloor\"", fx.messages->pdata[i], path);
      g_string_append_c (expected, '\n');
    }
  size = g_format_size (expected->len);
  shown = g_strdup_printf ("Recording to plant.jsonl · 3 messages · %s", size);
  /* The bar counts what reached the file (flushed each second). */
  assert_bar_text (bar, shown);
  stop (&fx);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (g_file_get_contents (jsonl, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, expected->str);
  g_clear_pointer (&text, g_free);

  /* CSV, chosen as the file type for a name without an extension: the
   * header, one row per message, the payload in the text or the base64
   * column, the value of the data path. */
  record_to (&fx, "plant", 1);
  publish_three (&fx, "two");
  csv_path = g_build_filename (fx.dir, "plant.csv", NULL);
  /* Closing the window stops the recording and keeps it. */
  preview_fixture_close (&fx.f);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5); /* the header, 3 rows, "" after the last */
  g_assert_cmpstr (lines[0], ==,
                   "time,source,topic,qos,retained,payload,payload_base64,value,value_error");
  g_assert_true (g_str_has_suffix (
      lines[1],
      ",Shopfloor,plant/press4,1,false,\"{\"\"temp\"\":21.5,\"\"run\"\":\"\"two\"\"}\",,21.5,"));
  g_assert_true (g_str_has_suffix (
      lines[2],
      ",Shopfloor,plant/state,0,false,\"say \"\"hi\"\"\nbye\",,,The payload is not JSON"));
  g_assert_true (
      g_str_has_suffix (lines[3], ",Shopfloor,plant/blob,1,false,,AAH/,,The payload is not JSON"));
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z,",
                                       lines[1], 0, 0));
  g_assert_cmpstr (lines[4], ==, "");

  g_ptr_array_unref (fx.messages);
  sb_test_remove_tree (fx.dir);
  g_free (fx.dir);
}

/* A disk that fills up stops the recording, and the bar says why. */
static void
test_disk_full (void)
{
  Fixture fx = { 0 };
  SbRecordBar *bar;
  GtkWidget *dismiss;

  fx.messages = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_message_unref);
  fx.dir = g_strdup ("/dev");
  preview_fixture_open (&fx.f, "plant/#", NULL, 4);
  bar = sb_preview_window_get_record_bar (fx.f.window);
  g_signal_connect (sb_preview_window_get_session (fx.f.window), "message", G_CALLBACK (message_cb),
                    &fx);
  g_assert_true (sb_record_bar_start (bar, "/dev/full", SB_RECORD_FORMAT_JSONL, NULL));
  sb_test_broker_publish (fx.f.broker, "plant/press4", "21.5", 1, FALSE);
  wait_recording (&fx, FALSE);
  assert_bar_text (bar, "Recording stopped: Cannot write to /dev/full: No space left on device "
                        "(0 messages were saved)");
  g_assert_true (gtk_widget_has_css_class (
      GTK_WIDGET (ui_find_label (GTK_WIDGET (bar), sb_record_bar_get_text (bar))), "failed"));
  g_assert_nonnull (
      ui_find_button_by_tooltip (GTK_WIDGET (fx.f.window), "Record messages to a file…"));
  dismiss = gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (bar)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dismiss)), ==, "_Dismiss");
  g_signal_emit_by_name (dismiss, "clicked");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));

  /* A file that cannot be made is said at once. */
  g_assert_false (sb_record_bar_start (bar, "/nonexistent/x.jsonl", SB_RECORD_FORMAT_JSONL, NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_cmpstr (sb_record_bar_get_text (bar), ==,
                   "Cannot record to /nonexistent/x.jsonl: No such file or directory");

  preview_fixture_close (&fx.f);
  g_ptr_array_unref (fx.messages);
  g_free (fx.dir);
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/record/jsonl-csv-close", test_record);
  g_test_add_func ("/ui/record/disk-full", test_disk_full);
  return g_test_run ();
}
