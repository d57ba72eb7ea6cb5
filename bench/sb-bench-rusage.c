/* sb-bench-rusage.c: runs a command and writes its resource usage, for
 * tools/run-bench
 *
 *   sb-bench-rusage OUTPUT -- PROGRAM [ARG...]
 *
 * Writes "utime S", "stime S", "maxrss_kb K" and "status N" lines to OUTPUT
 * once PROGRAM has exited (wait4). Why not read the rusage in the runner: a
 * child's ru_maxrss starts at the resident size of the process that forked it
 * (Linux carries the high-water mark across exec), which for a Python runner
 * is ~17 MB and would hide the contenders' own figures. This driver is small,
 * so what it passes on is a few hundred KiB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  struct rusage usage;
  FILE *out;
  pid_t pid;
  int status = 0;

  if (argc < 4 || strcmp (argv[2], "--") != 0)
    {
      fprintf (stderr, "usage: sb-bench-rusage OUTPUT -- PROGRAM [ARG...]\n");
      return 2;
    }
  pid = fork ();
  if (pid < 0)
    {
      perror ("sb-bench-rusage: fork");
      return 1;
    }
  if (pid == 0)
    {
      execvp (argv[3], argv + 3);
      fprintf (stderr, "sb-bench-rusage: %s: %s\n", argv[3], strerror (errno));
      _exit (127);
    }
  while (wait4 (pid, &status, 0, &usage) < 0)
    if (errno != EINTR)
      {
        perror ("sb-bench-rusage: wait4");
        return 1;
      }
  out = fopen (argv[1], "w");
  if (out == NULL)
    {
      perror ("sb-bench-rusage: OUTPUT");
      return 1;
    }
  fprintf (out, "utime %ld.%06ld\nstime %ld.%06ld\nmaxrss_kb %ld\nstatus %d\n",
           (long)usage.ru_utime.tv_sec, (long)usage.ru_utime.tv_usec, (long)usage.ru_stime.tv_sec,
           (long)usage.ru_stime.tv_usec, usage.ru_maxrss,
           WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status));
  fclose (out);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}
