/* sb-quote.h: a value as a message shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @value as messages show it: in quotes, cut after 40 characters, control
 * characters and invalid UTF-8 as \xNN, so that a message stays one line. */
char *
sb_quote (const char *value, gssize length);

G_END_DECLS
