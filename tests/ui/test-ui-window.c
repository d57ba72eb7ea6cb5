/* test-ui-window.c: the main window (placeholder while it is written) */
#include "config.h"

#include "sb-window.h"
#include "sb-ui-test.h"

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);
  return g_test_run ();
}
