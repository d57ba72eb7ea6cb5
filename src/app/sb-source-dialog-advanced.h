/* sb-source-dialog-advanced.h: the Advanced section of the Add/Edit data
 * source dialog: protocol, client id, keep alive, clean session, the MQTT 5
 * session expiry and user properties, and the last will
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

#define SB_TYPE_SOURCE_DIALOG_ADVANCED (sb_source_dialog_advanced_get_type ())
G_DECLARE_FINAL_TYPE (SbSourceDialogAdvanced, sb_source_dialog_advanced, SB, SOURCE_DIALOG_ADVANCED,
                      AdwPreferencesGroup)

/* Shows and edits @source in place (a reference is kept); its sections open
 * where @source has a setting away from the default, so that nothing set is
 * hidden. Signal "edited": the user changed a field (also one whose text is
 * not a value yet). */
void
sb_source_dialog_advanced_set_source (SbSourceDialogAdvanced *self, SbDataSource *source);

/* After Add on an incomplete form: opens the section of the first field in
 * reading order that shows a problem and gives it the keyboard. FALSE when
 * none shows one. */
gboolean
sb_source_dialog_advanced_focus_problem (SbSourceDialogAdvanced *self);

/* A field typed that is not a value yet ("60s" as keep alive): the model
 * still has the previous one, so the settings must not be used. */
gboolean
sb_source_dialog_advanced_has_input_error (SbSourceDialogAdvanced *self);
/* Its message (the first), or NULL. */
const char *
sb_source_dialog_advanced_get_input_error (SbSourceDialogAdvanced *self);

/* Whether a problem of sb_data_source_check () with this @field
 * ("keep_alive", "will.topic", "user_properties[1].name", ...) shows here. */
gboolean
sb_source_dialog_advanced_owns_field (const char *field);

/* Shows the problems: @errors maps a field of the file format to its
 * message (a GString). Untouched fields stay quiet unless @show_all. */
void
sb_source_dialog_advanced_show_errors (SbSourceDialogAdvanced *self, GHashTable *errors,
                                       gboolean show_all);

G_END_DECLS
