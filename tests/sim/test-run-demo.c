/* test-run-demo.c: tools/run-demo without a display, and that it leaves nothing behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sb-test-broker.h"
#include "sim-test-util.h"

static const char *const seed_topics[] = {
  "shopfloor/counter/",  "shopfloor/station1/", "shopfloor/station2/",
  "shopfloor/station3/", "shopfloor/station4/", "shopfloor/station5/",
};

static char *
run_demo_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "tools", "run-demo", NULL);
}

/* A process as /proc/PID/stat tells it. */
typedef struct
{
  int pid;
  int ppid;
  char comm[32];
  char state;
} ProcInfo;

static gboolean
proc_info (int pid, ProcInfo *info)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  const char *open_paren, *close_paren;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  open_paren = strchr (text, '(');
  close_paren = strrchr (text, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren[1] == '\0')
    return FALSE;
  info->pid = pid;
  g_strlcpy (info->comm, open_paren + 1,
             MIN ((gsize)(close_paren - open_paren), sizeof info->comm));
  info->state = close_paren[2];
  info->ppid = atoi (close_paren + 4);
  return TRUE;
}

/* The live children of @parent. */
static GArray *
children_of (int parent)
{
  GArray *children = g_array_new (FALSE, FALSE, sizeof (ProcInfo));
  g_autoptr (GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      ProcInfo info;

      if (!g_ascii_isdigit (name[0]))
        continue;
      if (proc_info (atoi (name), &info) && info.ppid == parent && info.state != 'Z')
        g_array_append_val (children, info);
    }
  return children;
}

static const ProcInfo *
find_child (GArray *children, const char *comm)
{
  for (guint i = 0; i < children->len; i++)
    if (g_str_equal (g_array_index (children, ProcInfo, i).comm, comm))
      return &g_array_index (children, ProcInfo, i);
  return NULL;
}

/* Still there: the same pid runs the same program and is not a zombie. */
static gboolean
still_running (const ProcInfo *child)
{
  ProcInfo now;

  return proc_info (child->pid, &now) && g_str_equal (now.comm, child->comm) && now.state != 'Z';
}

typedef struct
{
  SimTestProc *demo;
  int pid;
  GArray *children;
  gboolean want_broker;
  gboolean gui;
} DemoWatch;

static gboolean
all_topics_shown (SimTestProc *demo)
{
  for (guint t = 0; t < G_N_ELEMENTS (seed_topics); t++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < demo->lines->len && !found; i++)
        found = strstr (g_ptr_array_index (demo->lines, i), seed_topics[t]) != NULL;
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* All six topics on screen, and the processes run-demo started are all there. */
static gboolean
demo_ready (gpointer data)
{
  DemoWatch *watch = data;

  if (watch->demo->exited)
    return TRUE;
  if (!watch->gui && !all_topics_shown (watch->demo))
    return FALSE;
  g_clear_pointer (&watch->children, g_array_unref);
  watch->children = children_of (watch->pid);
  return find_child (watch->children, watch->gui ? "signalboard" : "signalboard-cli") != NULL
         && find_child (watch->children, "signalboard-sho") != NULL
         && (!watch->want_broker || find_child (watch->children, "mosquitto") != NULL);
}

static char *
stderr_value (const char *err, const char *pattern)
{
  g_autoptr (GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  if (!g_regex_match (regex, err, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

typedef enum
{
  STOP_SIGTERM,    /* kill run-demo */
  STOP_CTRL_C,     /* SIGINT to the whole process group, as a terminal's Ctrl+C does */
  STOP_VIEWER_END, /* the app or CLI ends (a closed window) */
} StopHow;

/* Runs tools/run-demo until it shows the feed, stops it @how, and checks that
 * every process it started is gone and its temporary directory removed. */
static void
run_demo (SbTestBroker *existing, StopHow how, gboolean gui)
{
  g_autofree char *script = run_demo_path ();
  g_autofree char *port
      = existing ? g_strdup_printf ("%u", sb_test_broker_get_port (existing)) : NULL;
  const char *argv[10] = { script, "--no-build", "--builddir", g_test_get_dir (G_TEST_BUILT) };
  guint n = 4;
  g_autoptr (SimTestProc) demo = NULL;
  DemoWatch watch = { .want_broker = existing == NULL, .gui = gui };
  const char *viewer = gui ? "signalboard" : "signalboard-cli";
  const ProcInfo *viewer_info;
  g_autofree char *err = NULL;
  g_autofree char *config = NULL, *tmpdir = NULL, *broker_port = NULL;
  int status;

  if (!gui)
    argv[n++] = "--headless";
  if (existing != NULL)
    {
      argv[n++] = "--broker";
      argv[n++] = "127.0.0.1";
      argv[n++] = "--port";
      argv[n++] = port;
    }
  demo = sim_test_proc_start_full (argv, how == STOP_CTRL_C);
  watch.demo = demo;
  watch.pid = atoi (g_subprocess_get_identifier (demo->process));

  sb_test_wait_for (demo_ready, &watch, 60000);
  if (demo->exited)
    {
      err = sim_test_proc_stderr (demo);
      g_error ("run-demo exited early: %s", err);
    }
  /* What a user sees in the terminal: the six topics in the live table. */
  if (!gui)
    g_assert_true (all_topics_shown (demo));
  g_assert_nonnull (watch.children);
  viewer_info = find_child (watch.children, viewer);
  g_assert_nonnull (viewer_info);
  g_assert_nonnull (find_child (watch.children, "signalboard-sho"));
  g_assert_true ((find_child (watch.children, "mosquitto") != NULL) == (existing == NULL));

  switch (how)
    {
      case STOP_SIGTERM:
        g_subprocess_send_signal (demo->process, SIGTERM);
        break;
      case STOP_CTRL_C:
        g_assert_cmpint (kill (-watch.pid, SIGINT), ==, 0);
        break;
      case STOP_VIEWER_END:
        g_assert_cmpint (kill (viewer_info->pid, SIGTERM), ==, 0);
        break;
    }
  g_assert_true (sim_test_proc_wait (demo, 15000));
  status = sim_test_proc_exit_status (demo);
  if (how == STOP_SIGTERM)
    g_assert_cmpint (status, ==, 128 + SIGTERM);
  else if (how == STOP_CTRL_C)
    g_assert_cmpint (status, ==, 128 + SIGINT);

  /* Every process it started is gone, not just orphaned. */
  for (guint i = 0; i < watch.children->len; i++)
    {
      const ProcInfo *child = &g_array_index (watch.children, ProcInfo, i);

      g_test_message ("child %d %s", child->pid, child->comm);
      g_assert_false (still_running (child));
    }

  err = sim_test_proc_stderr (demo);
  g_test_message ("%s", err);
  config = stderr_value (err, "^run-demo: configuration: (.*)$");
  g_assert_nonnull (config);
  tmpdir = g_path_get_dirname (config);
  g_assert_false (g_file_test (tmpdir, G_FILE_TEST_EXISTS));
  if (existing == NULL)
    {
      broker_port = stderr_value (err, "^run-demo: broker: mosquitto on 127\\.0\\.0\\.1:([0-9]+)");
      g_assert_nonnull (broker_port);
      g_assert_false (sb_test_port_accepts (atoi (broker_port)));
    }
  else
    /* A broker it did not start is left alone. */
    g_assert_true (sb_test_port_accepts (sb_test_broker_get_port (existing)));
  g_array_unref (watch.children);
}

static void
test_headless (void)
{
  run_demo (NULL, STOP_SIGTERM, FALSE);
}

static void
test_ctrl_c (void)
{
  run_demo (NULL, STOP_CTRL_C, FALSE);
}

static void
test_viewer_ends (void)
{
  run_demo (NULL, STOP_VIEWER_END, FALSE);
}

static void
test_existing_broker (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();

  sb_test_broker_start (broker);
  run_demo (broker, STOP_SIGTERM, FALSE);
}

/* With a display: the app, and its window closing (the app ending) stops everything. */
static void
test_gui (void)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display (tools/run-tests runs the suite under Xvfb)");
      return;
    }
  if (!g_file_test (sb_test_build_path ("src/app/signalboard"), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("built without the GUI");
      return;
    }
  run_demo (NULL, STOP_VIEWER_END, TRUE);
}

/* A simulator that cannot start: run-demo says so, exits 1 and stops the broker it started. */
static void
test_child_fails (void)
{
  g_autofree char *script = run_demo_path ();
  g_autofree char *builddir = g_dir_make_tmp ("sb-demo-build-XXXXXX", NULL);
  g_autofree char *sim_dir = g_build_filename (builddir, "src", "sim", NULL);
  g_autofree char *cli_dir = g_build_filename (builddir, "src", "cli", NULL);
  g_autofree char *sim = g_build_filename (sim_dir, "signalboard-shopfloor-sim", NULL);
  g_autofree char *cli = g_build_filename (cli_dir, "signalboard-cli", NULL);
  const char *argv[] = { script, "--no-build", "--builddir", builddir, "--headless", NULL };
  g_autoptr (SimTestProc) demo = NULL;
  g_autofree char *err = NULL, *broker_port = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sim_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (cli_dir, 0700), ==, 0);
  g_file_set_contents (sim, "#!/bin/sh\necho 'simulated failure' >&2\nexit 3\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (cli, "#!/bin/sh\nexit 0\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (sim, 0700);
  g_chmod (cli, 0700);

  demo = sim_test_proc_start (argv);
  g_assert_true (sim_test_proc_wait (demo, 30000));
  g_assert_cmpint (sim_test_proc_exit_status (demo), ==, 1);
  err = sim_test_proc_stderr (demo);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "run-demo: the simulator stopped"));
  g_assert_nonnull (strstr (err, "simulated failure"));
  broker_port = stderr_value (err, "^run-demo: broker: mosquitto on 127\\.0\\.0\\.1:([0-9]+)");
  g_assert_nonnull (broker_port);
  g_assert_false (sb_test_port_accepts (atoi (broker_port)));

  g_remove (sim);
  g_remove (cli);
  g_rmdir (sim_dir);
  g_rmdir (cli_dir);
  g_autofree char *src = g_build_filename (builddir, "src", NULL);
  g_rmdir (src);
  g_rmdir (builddir);
}

static void
test_help_and_usage (void)
{
  g_autofree char *script = run_demo_path ();
  const char *help[] = { script, "--help", NULL };
  const char *bad[] = { script, "--no-build", "--bogus", NULL };
  const char *bad_port[] = { script, "--broker", "127.0.0.1", "--port", "99999", NULL };
  g_autofree char *out = NULL, *err = NULL, *err2 = NULL;

  g_assert_cmpint (sim_test_run (help, &out, NULL, 10000), ==, 0);
  for (const char *option = "--broker\0--port\0--builddir\0--no-build\0--headless\0";
       *option != '\0'; option += strlen (option) + 1)
    g_assert_nonnull (strstr (out, option));
  g_assert_cmpint (sim_test_run (bad, NULL, &err, 10000), ==, 2);
  g_assert_nonnull (strstr (err, "--bogus"));
  g_assert_cmpint (sim_test_run (bad_port, NULL, &err2, 10000), ==, 2);
  g_assert_nonnull (strstr (err2, "99999"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/run-demo/help-and-usage", test_help_and_usage);
  g_test_add_func ("/run-demo/headless", test_headless);
  g_test_add_func ("/run-demo/ctrl-c", test_ctrl_c);
  g_test_add_func ("/run-demo/viewer-ends", test_viewer_ends);
  g_test_add_func ("/run-demo/existing-broker", test_existing_broker);
  g_test_add_func ("/run-demo/gui", test_gui);
  g_test_add_func ("/run-demo/child-fails", test_child_fails);
  return g_test_run ();
}
