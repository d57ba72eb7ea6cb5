/* sb-config.h: an ordered list of data sources, and its JSON file format (version 1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-data-source.h"
#include "sb-error.h"

G_BEGIN_DECLS

#define SB_CONFIG_FORMAT "signalboard"
#define SB_CONFIG_VERSION 1
/* A configuration is never this big; anything larger is refused unread. */
#define SB_CONFIG_MAX_SIZE (16 * 1024 * 1024)

#define SB_TYPE_CONFIG (sb_config_get_type ())
G_DECLARE_FINAL_TYPE (SbConfig, sb_config, SB, CONFIG, GObject)

/* Properties: "data-sources" (GListModel of SbDataSource, items-changed on
 * add/remove), "n-data-sources" (notified when the count changes).
 * SbConfig::changed is emitted after a data source is added or removed or any
 * setting of one changes (the moment to save or to check again). */

SbConfig *
sb_config_new (void);

/* Loading is all or nothing. On failure the GError (SB_CONFIG_ERROR) holds
 * every problem found, one per line, each "PATH: MESSAGE" (e.g.
 * "data_sources[0].port: 70000 is not a port (1-65535)") or, for JSON syntax
 * errors, "LINE:COL: MESSAGE". Callers that name the file prefix each line
 * with "FILE: " (or "FILE:" before LINE:COL). */
SbConfig *
sb_config_load_from_data (const char *data, gssize length, GError **error);
SbConfig *
sb_config_load_from_file (const char *path, GError **error);

/* The canonical form: fixed key order, 2-space indent, trailing newline. */
char *
sb_config_to_data (SbConfig *self, gsize *length);
/* Atomic (temp file, fsync, rename), mode 0600. Refuses an invalid configuration.
 * Creates the folder when missing; keeps the previous file as PATH.bak (0600)
 * when its content differs. */
gboolean
sb_config_save_to_file (SbConfig *self, const char *path, GError **error);

/* Every problem of the whole configuration, as a GPtrArray of SbProblem with
 * paths from the top ("data_sources[1].name"); empty when valid. */
GPtrArray *
sb_config_check (SbConfig *self);

/* A GListModel of SbDataSource. */
GListModel *
sb_config_get_data_sources (SbConfig *self);
guint
sb_config_get_n_data_sources (SbConfig *self);
/* Borrowed references. */
SbDataSource *
sb_config_get_data_source (SbConfig *self, guint position);
SbDataSource *
sb_config_find_by_name (SbConfig *self, const char *name);
SbDataSource *
sb_config_find_by_id (SbConfig *self, const char *id);
void
sb_config_append (SbConfig *self, SbDataSource *source);
void
sb_config_insert (SbConfig *self, guint position, SbDataSource *source);
void
sb_config_remove (SbConfig *self, guint position);
/* Position of @source, or FALSE when it is not in the configuration. */
gboolean
sb_config_find (SbConfig *self, SbDataSource *source, guint *position);

G_END_DECLS
