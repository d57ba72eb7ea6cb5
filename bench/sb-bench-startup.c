/* sb-bench-startup.c: process start -> first top-level window mapped, for
 * tools/run-bench
 *
 *   sb-bench-startup [--timeout S] -- PROGRAM [ARG...]
 *
 * Watches the X server's root window for MapNotify (SubstructureNotifyMask),
 * spawns PROGRAM, and prints "startup_ms X" when its first window is mapped,
 * and "startup_cpu_ms Y": the CPU time all of PROGRAM's threads had used by
 * then (the schedstat of each of its tasks in /proc, in ns: far less
 * sensitive to a loaded machine than the wall clock); then ends PROGRAM
 * with SIGTERM. Event-driven, so the figure is not rounded
 * to a polling interval. Needs $DISPLAY (Xvfb in tools/run-bench); run it
 * with no window manager, so the app's own window is a child of the root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <X11/Xlib.h>
#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

/* CPU time of every thread of @pid so far, in ms; -1 when unknown. */
static double
cpu_ms (GPid pid)
{
  g_autofree char *tasks = g_strdup_printf ("/proc/%d/task", (int)pid);
  g_autoptr (GDir) dir = g_dir_open (tasks, 0, NULL);
  const char *name;
  guint64 total = 0;

  if (dir == NULL)
    return -1;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tasks, name, "schedstat", NULL);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        total += g_ascii_strtoull (text, NULL, 10);
    }
  return total / 1e6;
}

/* User and system CPU time (ms, in clock ticks) and minor page faults of
 * @pid's threads so far, from /proc/PID/stat; FALSE when unknown. */
static gboolean
proc_stat (GPid pid, double *user_ms, double *sys_ms, guint64 *minflt)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int)pid);
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  const char *end;
  double tick_ms = 1000.0 / sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return FALSE;
  /* After "pid (comm) ": state is field 3, minflt 10, utime 14, stime 15. */
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return FALSE;
  *minflt = g_ascii_strtoull (fields[7], NULL, 10);
  *user_ms = g_ascii_strtoull (fields[11], NULL, 10) * tick_ms;
  *sys_ms = g_ascii_strtoull (fields[12], NULL, 10) * tick_ms;
  return TRUE;
}

int
main (int argc, char **argv)
{
  double timeout_s = 10;
  g_auto (GStrv) command = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = NULL;
  GOptionEntry entries[] = {
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout_s, "Give up after S seconds", "S" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &command, NULL, "PROGRAM [ARG...]" },
    { NULL },
  };
  Display *display;
  GPid pid;
  gint64 start, deadline, mapped = 0;
  double cpu = -1;
  double user_ms = 0, sys_ms = 0;
  guint64 minflt = 0;
  gboolean have_stat = FALSE;
  int status;

  context = g_option_context_new ("-- PROGRAM [ARG...]");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || command == NULL)
    {
      fprintf (stderr, "sb-bench-startup: %s\n",
               error != NULL ? error->message : "no PROGRAM given");
      return 2;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "sb-bench-startup: cannot open the X display\n");
      return 1;
    }
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);

  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, command, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, NULL,
                      NULL, &pid, &error))
    {
      fprintf (stderr, "sb-bench-startup: %s\n", error->message);
      return 1;
    }

  deadline = start + (gint64)(timeout_s * G_USEC_PER_SEC);
  while (mapped == 0)
    {
      struct pollfd pfd = { .fd = ConnectionNumber (display), .events = POLLIN };
      gint64 now = g_get_monotonic_time ();

      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && !event.xmap.override_redirect)
            {
              mapped = g_get_monotonic_time ();
              cpu = cpu_ms (pid);
              have_stat = proc_stat (pid, &user_ms, &sys_ms, &minflt);
              break;
            }
        }
      if (mapped != 0 || now > deadline)
        break;
      if (poll (&pfd, 1, (int)((deadline - now) / 1000) + 1) < 0 && errno != EINTR)
        break;
    }

  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  XCloseDisplay (display);
  if (mapped == 0)
    {
      fprintf (stderr, "sb-bench-startup: no window mapped within %.0f s\n", timeout_s);
      return 1;
    }
  printf ("startup_ms %.1f\n", (mapped - start) / 1000.0);
  if (cpu >= 0)
    printf ("startup_cpu_ms %.1f\n", cpu);
  if (have_stat)
    printf ("startup_user_ms %.0f\nstartup_sys_ms %.0f\nstartup_minflt %" G_GUINT64_FORMAT "\n",
            user_ms, sys_ms, minflt);
  return 0;
}
