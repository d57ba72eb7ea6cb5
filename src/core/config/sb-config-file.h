/* sb-config-file.h: one configuration file on disk: where it is, loading
 * and saving it, noticing when another program changes it, and how its
 * errors are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-config.h"

G_BEGIN_DECLS

#define SB_TYPE_CONFIG_FILE (sb_config_file_get_type ())
G_DECLARE_FINAL_TYPE (SbConfigFile, sb_config_file, SB, CONFIG_FILE, GObject)

/* Properties: "path" (construct-only), "changed-on-disk" (read-only,
 * notified): while watched, another program wrote something other than
 * what was last loaded, saved or accepted. */

SbConfigFile *
sb_config_file_new (const char *path);
const char *
sb_config_file_get_path (SbConfigFile *self);

/* sb_config_load_from_file (); when @missing_is_empty, a file that does not
 * exist yet is an empty configuration (the first start). */
SbConfig *
sb_config_file_load (SbConfigFile *self, gboolean missing_is_empty, GError **error);
/* sb_config_save_to_file () (atomic, the previous version kept as PATH.bak);
 * what it wrote is then the known version. */
gboolean
sb_config_file_save (SbConfigFile *self, SbConfig *config, GError **error);

/* Watches the file for other writers; what is on disk now is the known version. */
void
sb_config_file_watch (SbConfigFile *self);
void
sb_config_file_unwatch (SbConfigFile *self);
gboolean
sb_config_file_is_watched (SbConfigFile *self);
gboolean
sb_config_file_get_changed_on_disk (SbConfigFile *self);
/* Looks at the disk now (the monitor may not have reported yet) and
 * returns "changed-on-disk". FALSE when not watched. */
gboolean
sb_config_file_check (SbConfigFile *self);
/* Takes what is on disk now as the known version (the user keeps theirs:
 * the next save replaces the other one); "changed-on-disk" becomes FALSE. */
void
sb_config_file_accept_disk (SbConfigFile *self);
/* How often the disk was looked at for changes (tests wait for a check). */
guint
sb_config_file_get_n_checks (SbConfigFile *self);

/* @error about @file as a person reads it, one line per problem: "FILE:
 * MESSAGE", or "FILE:LINE:COL: MESSAGE" as compilers print a position. The
 * window, the import dialog and the CLI all show file errors this way. */
char *
sb_config_file_format_error (const char *file, const GError *error);

G_END_DECLS
