/* sb-json-write.h: JSON text written straight into a GString
 *
 * For output made at message rate (jsonl lines, decoded Sparkplug payloads),
 * where building json-glib nodes first would cost more than the message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text (@len bytes of valid UTF-8) as a JSON string. */
void
sb_json_append_string (GString *out, const char *text, gsize len);
/* The shortest decimal that reads back as the same double (or float, for
 * sb_json_append_float); JSON has no NaN or infinity: those come as the
 * strings "NaN", "Infinity" and "-Infinity". */
void
sb_json_append_double (GString *out, double value);
void
sb_json_append_float (GString *out, float value);

G_END_DECLS
