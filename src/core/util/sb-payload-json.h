/* sb-payload-json.h: a message payload read as JSON, safely
 *
 * Payloads come from any publisher. json-glib 1.6 recurses once per nesting
 * level (a deep payload overflows the stack) and turns bad "\u" escapes
 * ("\ud8:3", an unpaired surrogate) into invalid UTF-8. Every reader of a
 * payload as JSON (data paths, the details pane) goes through this check
 * first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The nesting json-glib may see in a payload. */
#define SB_PAYLOAD_JSON_MAX_DEPTH 64

/* TRUE when @length bytes of @data are safe to hand to json-glib: not empty,
 * no NUL byte, valid UTF-8, nested at most SB_PAYLOAD_JSON_MAX_DEPTH deep,
 * every "\u" escape four hex digits and surrogates paired. Otherwise FALSE
 * and an SB_CONFIG_ERROR_SYNTAX error that starts "The payload is not JSON".
 * It does not check the rest of the syntax: json-glib does. */
gboolean
sb_payload_json_check (const char *data, gsize length, GError **error);

/* @payload as indented JSON (two spaces a level), always valid UTF-8; NULL
 * and the reason (SB_CONFIG_ERROR_SYNTAX, "The payload is not JSON…") when it
 * is not JSON or fails sb_payload_json_check (). */
char *
sb_payload_json_pretty (GBytes *payload, GError **error);

G_END_DECLS
