/* sb-publish-dialog.h: publish a test message (topic, payload, QoS, retain)
 * through a data source's running connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-mqtt-session.h"

G_BEGIN_DECLS

#define SB_TYPE_PUBLISH_DIALOG (sb_publish_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SbPublishDialog, sb_publish_dialog, SB, PUBLISH_DIALOG, GtkWindow)

/* @topic pre-fills the topic (NULL: empty). Publish is sensitive while the
 * topic is valid and @session is connected; a successful publish closes
 * the dialog, a failure shows its message in it.
 * Signal "published" (const char *topic): after a successful publish. */
SbPublishDialog *
sb_publish_dialog_new (GtkWindow *parent, SbMqttSession *session, const char *topic);

/* NULL for a topic that can be published to, else the message shown under
 * the field. */
char *
sb_publish_check_topic (const char *topic);

G_END_DECLS
