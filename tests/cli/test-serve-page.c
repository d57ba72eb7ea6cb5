/* test-serve-page.c: the live page of signalboard-cli serve in a real
 * Chromium: the tiles' values as its DOM has them after the page ran, a
 * token through the cookie, a hostile topic shown as text, and screenshots
 * in light and dark
 *
 * Chromium runs with --timeout, not --virtual-time-budget: virtual time
 * waits for every network request to finish, and the page's event stream
 * never does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "sb-serve-test.h"
#include "sb-test-broker.h"

#define HOSTILE_TOPIC "shopfloor/<img src=x onerror=alert(1)>"

/* Runs headless Chromium on @url with @extra arguments; returns its stdout. */
/* Chromium takes seconds to start on a busy machine; then the page needs a
 * moment for its event stream. */
#define CHROMIUM_TIMEOUT "--timeout=25000"

static char *
chromium (const char *url, const char *const *extra)
{
  g_autofree char *profile = g_dir_make_tmp ("sb-chromium-XXXXXX", NULL);
  g_autofree char *profile_arg = g_strdup_printf ("--user-data-dir=%s", profile);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  const char *const base[] = {
    "chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
  };

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    g_ptr_array_add (argv, (char *)base[i]);
  g_ptr_array_add (argv, profile_arg);
  g_ptr_array_add (argv, (char *)CHROMIUM_TIMEOUT);
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)extra[i]);
  g_ptr_array_add (argv, (char *)url);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  sb_test_remove_tree (profile);
  return out;
}

/* The text of the first element after @after with class @class in @dom
 * (Chromium serializes the DOM with its text escaped, as the page set it). */
static char *
text_of (const char *dom, const char *after, const char *class_name)
{
  g_autofree char *open = g_strdup_printf ("<div class=\"%s\">", class_name);
  const char *start = strstr (dom, after);
  const char *end;

  if (start == NULL || (start = strstr (start, open)) == NULL)
    return NULL;
  start += strlen (open);
  end = strstr (start, "</div>");
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

static void
test_page (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-serve-XXXXXX", NULL);
  g_autofree char *config = NULL;
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *url = NULL;
  g_autofree char *plain_url = NULL;
  g_autofree char *dom = NULL;
  g_autofree char *value = NULL;
  g_autoptr (SbServe) serve = NULL;
  const char *dump[] = { "--dump-dom", NULL };

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "shopfloor/station1/", "{\"status\":200}", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/station2/", "{\"status\":300}", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/counter/", "{\"status\":41}", 1, TRUE);
  sb_test_broker_publish (broker, HOSTILE_TOPIC, "<b>bold?</b>", 1, TRUE);
  config = sb_serve_write_config (dir, "Shopfloor", sb_test_broker_get_port (broker), "shopfloor/#",
                                  "$.status", NULL);
  g_assert_true (g_file_set_contents (token_file, "wall-screen-7\n", -1, NULL));
  serve = sb_serve_start (config, "--listen", "127.0.0.1:0", "--token-file", token_file, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/?token=wall-screen-7", serve->port);
  plain_url = g_strdup_printf ("http://127.0.0.1:%u/", serve->port);

  /* Through /?token=: the cookie it sets lets the page and its event stream in. */
  dom = chromium (url, dump);
  g_test_message ("%s", dom);
  g_assert_nonnull (strstr (dom, "class=\"tiles\""));
  value = text_of (dom, ">shopfloor/station1/<", "value");
  g_assert_cmpstr (value, ==, "200");
  g_clear_pointer (&value, g_free);
  value = text_of (dom, ">shopfloor/counter/<", "value");
  g_assert_cmpstr (value, ==, "41");
  g_clear_pointer (&value, g_free);
  g_assert_nonnull (strstr (dom, "data-state=\"connected\""));
  g_assert_nonnull (strstr (dom, "s ago</span>"));
  /* The hostile topic is text; the payload, not JSON, shows the data path's error. */
  g_assert_nonnull (strstr (dom, ">shopfloor/&lt;img src=x onerror=alert(1)&gt;</div>"));
  g_assert_null (strstr (dom, "<img"));
  g_assert_null (strstr (dom, "<b>"));
  value = text_of (dom, "onerror=alert(1)&gt;<", "value error");
  g_assert_cmpstr (value, ==, "The payload is not JSON");
  g_clear_pointer (&dom, g_free);

  /* Without the token the page is refused. */
  dom = chromium (plain_url, dump);
  g_assert_null (strstr (dom, "class=\"tiles\""));
  g_clear_pointer (&dom, g_free);

  /* Screenshots, light and dark, kept in the build directory (tools/screenshots copies them). */
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *path = g_test_build_filename (
          G_TEST_BUILT, "tests", "cli", dark ? "serve-dark.png" : "serve-light.png", NULL);
      g_autofree char *shot = g_strdup_printf ("--screenshot=%s", path);
      const char *args[] = { shot, "--window-size=1280,720",
                             dark ? "--blink-settings=preferredColorScheme=0"
                                  : "--blink-settings=preferredColorScheme=1",
                             NULL };
      g_autofree char *out = NULL;
      g_autofree char *png = NULL;
      gsize len = 0;

      g_unlink (path);
      out = chromium (url, args);
      g_assert_true (g_file_get_contents (path, &png, &len, NULL));
      /* The page without tiles compresses to about 13 kB; with them, over 25 kB. */
      g_assert_cmpuint (len, >, 20000);
      g_assert_true (memcmp (png, "\x89PNG", 4) == 0);
      g_test_message ("screenshot: %s", path);
    }
  g_assert_cmpint (sb_serve_stop (serve), ==, 0);
  sb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/serve/page", test_page);
  return g_test_run ();
}
