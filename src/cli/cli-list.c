/* cli-list.c: signalboard-cli list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sb-cli.h"

int
sb_cli_list (int argc, char **argv)
{
  return sb_cli_usage_error ("list", "not implemented yet");
}
