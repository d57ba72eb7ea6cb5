/* sb-json-scan.h: a strict pre-scan of JSON text, before json-glib parses it
 *
 * json-glib 1.6 cannot see duplicate keys, recurses once per nesting level
 * (100,000 levels overflow the stack) and turns "-0", "1e999" and "1.5" into
 * numbers that no longer say how they were written. The scan checks the
 * syntax strictly (reporting LINE:COL), refuses deep nesting, records every
 * duplicate key and keeps each number's text by its path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any configuration needs; keeps json-glib's recursion short. */
#define SB_JSON_MAX_DEPTH 64
/* Bounds that keep a hostile file's cost near its size: a key longer than
 * SB_JSON_MAX_KEY bytes, or more than SB_JSON_MAX_VALUES values (json-glib
 * keeps some 100 bytes per value), is refused. */
#define SB_JSON_MAX_KEY 4096
#define SB_JSON_MAX_VALUES 1000000
/* Numbers are kept only as object members (the loader reads no number from an
 * array) at paths up to this long: every path the loader asks for is far
 * shorter. */
#define SB_JSON_NUMBER_PATH_MAX 512

typedef struct _SbJsonScan SbJsonScan;

/* Scans @length bytes of @text (no byte-order mark). Returns NULL and sets a
 * SB_CONFIG_ERROR_SYNTAX error "LINE:COL: MESSAGE" when the text is not JSON
 * (NUL bytes and invalid UTF-8 included). Duplicate keys do not stop the scan:
 * see sb_json_scan_get_problems(). */
SbJsonScan *
sb_json_scan (const char *text, gsize length, GError **error);
void
sb_json_scan_free (SbJsonScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbJsonScan, sb_json_scan_free)

/* The text of the number at @path ("data_sources[0].port"), or NULL; see
 * SB_JSON_NUMBER_PATH_MAX for which numbers are kept. */
const char *
sb_json_scan_get_number (SbJsonScan *scan, const char *path);
/* Reports stop after this many problems; the rest are only counted. */
#define SB_JSON_MAX_PROBLEMS 100

/* "PATH: MESSAGE" lines (duplicate keys), in document order, at most
 * SB_JSON_MAX_PROBLEMS of them; borrowed. */
GPtrArray *
sb_json_scan_get_problems (SbJsonScan *scan);
/* How many there were in all. */
guint
sb_json_scan_get_n_problems (SbJsonScan *scan);

/* Paths as the scan and the configuration loader spell them: "a.b[2].c";
 * keys that are not plain words are quoted: a["odd key"]. */
void
sb_json_path_append_key (GString *path, const char *key);
void
sb_json_path_append_index (GString *path, guint index);

/* @path as messages show it: cut after SB_JSON_PATH_SHOWN_MAX characters
 * (a key may be megabytes long). */
#define SB_JSON_PATH_SHOWN_MAX 120
char *
sb_json_path_shown (const char *path);

/* The value of the four hex digits of a "\\u" escape at @p (@available bytes
 * there), or -1 when they are not four hex digits. */
int
sb_json_hex4 (const char *p, gsize available);

/* TRUE when @lexeme is an integer written plainly: no fraction, no exponent, not "-0". */
gboolean
sb_json_lexeme_is_integer (const char *lexeme);

/* The key of @known (NULL-terminated) that @key is a small slip from
 * ("brokr", "Broker": "broker"), or NULL when none is close. */
const char *
sb_json_closest_key (const char *key, const char *const *known);

G_END_DECLS
