/* sb-payload.h: how a payload is shown to a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the payload is valid UTF-8 without NUL bytes. */
gboolean
sb_payload_is_text (GBytes *payload);
/* A one-line display text of at most about @max_chars characters: the text
 * itself (control characters made visible, cut with an ellipsis), or
 * "<binary, 256 bytes> 00 01 02 ..." with a hex preview. */
char *
sb_payload_display_text (GBytes *payload, gsize max_chars);

/* The same for @prefix, the first bytes of a payload of @full_size bytes
 * (a preview keeps only the start of a large payload): a character split at
 * the cut still counts as text, and the binary size shown is @full_size. */
gboolean
sb_payload_is_text_prefix (GBytes *prefix, guint64 full_size);
char *
sb_payload_display_text_prefix (GBytes *prefix, guint64 full_size, gsize max_chars);

/* @text (@length bytes, -1: up to its NUL) as one line a person can trust,
 * for a topic in a terminal or a list: control characters as control
 * pictures, bidi controls and zero-width characters as "<U+202E>", invalid
 * UTF-8 as U+FFFD. The same rule as the payloads' display text. */
char *
sb_text_display_escaped (const char *text, gssize length);

/* The details pane's views, for a person and for copy: the bytes as
 * `hexdump -C` lines; any bytes as readable text (invalid UTF-8 as U+FFFD,
 * control characters but newline and tab, NUL included, as their Unicode
 * "control pictures"), always valid UTF-8. */
char *
sb_payload_hex_dump (GBytes *payload);
char *
sb_payload_safe_text (GBytes *payload);

G_END_DECLS
