/* sb-data-path-trial.h: while the dialog's listener runs, what each
 * subscription's data path gives on a real payload: the selected topic's
 * when the subscription's filter matches it, else the latest topic that
 * matches the filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-data-source.h"
#include "sb-mqtt-session.h"
#include "sb-preview-view.h"

G_BEGIN_DECLS

#define SB_TYPE_DATA_PATH_TRIAL (sb_data_path_trial_get_type ())
G_DECLARE_FINAL_TYPE (SbDataPathTrial, sb_data_path_trial, SB, DATA_PATH_TRIAL, GObject)

/* Tries the data paths of @source's subscriptions on what @view shows.
 * Signal "result" (guint index, const char *text, gboolean problem): what
 * subscription @index's path gives (NULL text: nothing to show). */
SbDataPathTrial *
sb_data_path_trial_new (SbDataSource *source, SbPreviewView *view);

/* The listener's session (NULL: none runs; every result is hidden). */
void
sb_data_path_trial_set_session (SbDataPathTrial *self, SbMqttSession *session);
/* Tries again now (a data path or a filter changed). */
void
sb_data_path_trial_update (SbDataPathTrial *self);

G_END_DECLS
