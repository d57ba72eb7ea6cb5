/* cli-browse.c: signalboard-cli browse: the broker's topic tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include <unistd.h>

#include "cli-target.h"
#include "sb-browser.h"
#include "sb-cli.h"
#include "sb-message-json.h"
#include "sb-payload.h"

#define NAME "browse"
/* What a value column shows of a payload. */
#define VALUE_CHARS 60
#define DEFAULT_MAX_TOPICS 200000

typedef struct
{
  GMainLoop *loop;
  SbBrowser *browser;
  double seconds;
  guint timer_id;
  gboolean connected;
  gboolean done;
  int exit_code;
} Browse;

static void
finish (Browse *browse, int exit_code)
{
  if (browse->done)
    return;
  browse->done = TRUE;
  browse->exit_code = exit_code;
  g_main_loop_quit (browse->loop);
}

static gboolean
on_timer (gpointer data)
{
  Browse *browse = data;

  browse->timer_id = 0;
  finish (browse, SB_EXIT_OK);
  return G_SOURCE_REMOVE;
}

/* The seconds count from the subscription on: what came in them is the tree. */
static void
on_connected (SbMqttSession *session, Browse *browse)
{
  if (browse->connected)
    return;
  browse->connected = TRUE;
  browse->timer_id = g_timeout_add ((guint)(browse->seconds * 1000), on_timer, browse);
}

static void
on_state (SbMqttSession *session, GParamSpec *pspec, Browse *browse)
{
  SbSessionState state = sb_mqtt_session_get_state (session);
  const char *error = sb_mqtt_session_get_last_error (session);

  if (state == SB_SESSION_FAILED || (state == SB_SESSION_RECONNECTING && !browse->connected))
    {
      fprintf (stderr, "signalboard-cli browse: %s\n",
               error != NULL ? error : _ ("Cannot connect"));
      finish (browse, SB_EXIT_CONNECT);
    }
}

static gboolean
on_signal (gpointer data)
{
  finish (data, SB_EXIT_OK);
  return G_SOURCE_CONTINUE;
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void
append_node_json (GString *out, SbTopicNode *node)
{
  GListModel *children = G_LIST_MODEL (node);
  guint n = g_list_model_get_n_items (children);

  g_string_append (out, "{\"name\":");
  sb_json_append_text (out, sb_topic_node_get_name (node));
  g_string_append (out, ",\"topic\":");
  sb_json_append_text (out, sb_topic_node_get_topic (node));
  g_string_append_printf (out, ",\"messages\":%" G_GUINT64_FORMAT ",\"retained\":%s,\"children\":[",
                          sb_topic_node_get_messages (node),
                          sb_topic_node_get_retained (node) ? "true" : "false");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SbTopicNode) child = g_list_model_get_item (children, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_node_json (out, child);
    }
  g_string_append (out, "]}");
}

static char *
tree_json (SbBrowser *browser, const char *broker, double seconds)
{
  SbTopicTree *tree = sb_browser_get_tree (browser);
  GListModel *roots = sb_topic_tree_get_roots (tree);
  GString *out = g_string_new ("{\"broker\":");
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  sb_json_append_text (out, broker);
  g_ascii_formatd (number, sizeof number, "%.17g", seconds);
  g_string_append_printf (out, ",\"seconds\":%s,\"topics\":%u", number,
                          sb_topic_tree_get_n_topics (tree));
  if (sb_topic_tree_get_topics_not_kept (tree) > 0)
    g_string_append_printf (out, ",\"topics_not_kept\":%" G_GUINT64_FORMAT,
                            sb_topic_tree_get_topics_not_kept (tree));
  g_string_append (out, ",\"tree\":[");
  for (guint i = 0; i < g_list_model_get_n_items (roots); i++)
    {
      g_autoptr (SbTopicNode) node = g_list_model_get_item (roots, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_node_json (out, node);
    }
  g_string_append (out, "]}\n");
  return g_string_free (out, FALSE);
}

/* ---- the tree as text ------------------------------------------------------------------- */

static void
append_node_text (GString *out, SbTopicNode *node, const char *indent, gboolean top, gboolean last)
{
  GListModel *children = G_LIST_MODEL (node);
  guint n = g_list_model_get_n_items (children);
  const char *name = sb_topic_node_get_name (node);
  g_autofree char *shown = name[0] != '\0' ? sb_text_display_escaped (name, -1) : g_strdup ("\"\"");
  g_autofree char *child_indent = NULL;

  g_string_append (out, indent);
  if (!top)
    g_string_append (out, last ? "└─ " : "├─ ");
  g_string_append (out, shown);
  if (sb_topic_node_get_messages (node) > 0)
    {
      g_autofree char *value = sb_payload_display_text_prefix (
          sb_topic_node_get_payload (node), sb_topic_node_get_payload_size (node), VALUE_CHARS);
      guint64 count = sb_topic_node_get_messages (node);

      g_string_append (out, "  = ");
      g_string_append (out, value);
      g_string_append (out, "  (");
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " message",
                                           "%" PRIu64 " messages", (gulong)count),
                              count);
      if (sb_topic_node_get_retained (node))
        g_string_append (out, _ (", retained"));
      g_string_append_c (out, ')');
    }
  g_string_append_c (out, '\n');

  child_indent = top ? g_strdup (indent) : g_strconcat (indent, last ? "   " : "│  ", NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SbTopicNode) child = g_list_model_get_item (children, i);
      append_node_text (out, child, child_indent, FALSE, i + 1 == n);
    }
}

static char *
tree_text (SbBrowser *browser, const char *broker, double seconds)
{
  SbTopicTree *tree = sb_browser_get_tree (browser);
  GListModel *roots = sb_topic_tree_get_roots (tree);
  GString *out = g_string_new (NULL);
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  guint topics = sb_topic_tree_get_n_topics (tree);

  g_ascii_formatd (number, sizeof number, "%g", seconds);
  g_string_append_printf (
      out, g_dngettext (GETTEXT_PACKAGE, "%s, %s s: %u topic\n", "%s, %s s: %u topics\n", topics),
      broker, number, topics);
  if (sb_topic_tree_get_topics_not_kept (tree) > 0)
    g_string_append_printf (out, _ ("%" PRIu64 " more topics not kept (--max-topics)\n"),
                            sb_topic_tree_get_topics_not_kept (tree));
  for (guint i = 0; i < g_list_model_get_n_items (roots); i++)
    {
      g_autoptr (SbTopicNode) node = g_list_model_get_item (roots, i);
      append_node_text (out, node, "", TRUE, TRUE);
    }
  return g_string_free (out, FALSE);
}

int
sb_cli_browse (int argc, char **argv)
{
  SbCliTarget target = { 0 };
  g_autofree char *seconds_text = NULL;
  g_autofree char *format_text = NULL;
  gboolean sys = FALSE;
  gint64 max_topics = DEFAULT_MAX_TOPICS;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[SB_CLI_TARGET_N_ENTRIES + 6] = { { NULL } }; /* + own + the end */
  const GOptionEntry own[] = {
    { "seconds", 0, 0, G_OPTION_ARG_STRING, &seconds_text,
      N_ ("Listen for S seconds after subscribing (default 3)"), N_ ("S") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_ ("tree or json (default: tree on a terminal, else json)"), N_ ("FORMAT") },
    { "sys", 0, 0, G_OPTION_ARG_NONE, &sys, N_ ("Include the broker's $SYS/# topics"), NULL },
    { "max-topics", 0, 0, G_OPTION_ARG_INT64, &max_topics,
      N_ ("Keep at most N topics (default 200000); the rest are counted"), N_ ("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
  };
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbBrowser) browser = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *broker = NULL;
  g_autofree char *output = NULL;
  const char *file = NULL;
  double seconds = 3;
  gboolean json;
  Browse browse = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  memcpy (entries + sb_cli_target_entries (&target, SB_CLI_TARGET_DEFAULT, entries), own,
          sizeof own);
  if (!sb_cli_parse (NAME, _ ("FILE [--source NAME] | --broker HOST…"),
                     _ ("Subscribe to everything on the broker of a data source (or of the "
                        "broker options) for a few seconds and print its topic tree."),
                     entries, &argc, &argv))
    {
      sb_cli_target_clear (&target);
      return SB_EXIT_USAGE;
    }

  if (rest != NULL && rest[0] != NULL)
    {
      if (rest[1] != NULL)
        {
          sb_cli_target_clear (&target);
          return sb_cli_usage_error (NAME, _ ("one FILE at most, got “%s” too"), rest[1]);
        }
      file = rest[0];
    }
  if (seconds_text != NULL)
    {
      char *end = NULL;
      seconds = g_ascii_strtod (seconds_text, &end);
      if (end == seconds_text || *end != '\0' || !(seconds > 0) || seconds > 86400)
        {
          sb_cli_target_clear (&target);
          return sb_cli_usage_error (
              NAME, _ ("--seconds must be a positive number of seconds, not “%s”"), seconds_text);
        }
    }
  if (max_topics < 1 || max_topics > G_MAXUINT)
    {
      sb_cli_target_clear (&target);
      return sb_cli_usage_error (NAME, _ ("--max-topics must be a positive number"));
    }
  if (format_text == NULL)
    json = !isatty (STDOUT_FILENO);
  else if (g_str_equal (format_text, "json"))
    json = TRUE;
  else if (g_str_equal (format_text, "tree"))
    json = FALSE;
  else
    {
      sb_cli_target_clear (&target);
      return sb_cli_usage_error (NAME, _ ("--format must be tree or json, not “%s”"), format_text);
    }
  status = sb_cli_target_resolve (&target, NAME, file, &source);
  sb_cli_target_clear (&target);
  if (status != SB_EXIT_OK)
    return status;

  broker = sb_cli_target_address (source);
  browser = sb_browser_new (source, sys, (guint)max_topics, 4096);
  loop = g_main_loop_new (NULL, FALSE);
  browse.loop = loop;
  browse.browser = browser;
  browse.seconds = seconds;
  g_signal_connect (sb_browser_get_session (browser), "connected", G_CALLBACK (on_connected),
                    &browse);
  g_signal_connect (sb_browser_get_session (browser), "notify::state", G_CALLBACK (on_state),
                    &browse);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &browse);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &browse);
  sb_browser_start (browser);
  if (!browse.done)
    g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&browse.timer_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (sb_browser_get_session (browser), &browse);
  sb_browser_stop (browser);

  if (browse.exit_code != SB_EXIT_OK)
    return browse.exit_code;
  sb_topic_tree_flush (sb_browser_get_tree (browser));
  output = json ? tree_json (browser, broker, seconds) : tree_text (browser, broker, seconds);
  fputs (output, stdout);
  fflush (stdout);
  return SB_EXIT_OK;
}
