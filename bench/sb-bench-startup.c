/* sb-bench-startup.c: process start -> first top-level window mapped, for
 * tools/run-bench
 *
 *   sb-bench-startup [--timeout S] -- PROGRAM [ARG...]
 *
 * Watches the X server's root window for MapNotify (SubstructureNotifyMask),
 * spawns PROGRAM, and prints "startup_ms X" when its first window is mapped;
 * then ends PROGRAM with SIGTERM. Event-driven, so the figure is not rounded
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
#include <sys/wait.h>

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
  return 0;
}
