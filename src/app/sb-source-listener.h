/* sb-source-listener.h: the Add/Edit dialog's "Enable listener": an MQTT
 * session with the settings as they stand, restarted (debounced) as they
 * change. The broker is used only once committed (Enter, focus leaving the
 * field, switching the listener on): the stored password never goes to a
 * host name still being typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-data-source.h"
#include "sb-mqtt-session.h"

G_BEGIN_DECLS

#define SB_TYPE_SOURCE_LISTENER (sb_source_listener_get_type ())
G_DECLARE_FINAL_TYPE (SbSourceListener, sb_source_listener, SB, SOURCE_LISTENER, GObject)

/* @source: the settings being edited (read, never changed); @parent: where a
 * question for a password goes. Its broker counts as committed.
 *
 * Properties: "active" (listening wanted), "session" (read only: the running
 * session, or NULL), "message" (read only: why nothing runs, e.g. "Not
 * listening: Subscription 1: the topic filter is empty", or NULL).
 * Signal "data-path-changed" (guint index, const char *path): the running
 * session took a new data path without reconnecting. */
SbSourceListener *
sb_source_listener_new (GtkWindow *parent, SbDataSource *source);

gboolean
sb_source_listener_get_active (SbSourceListener *self);
void
sb_source_listener_set_active (SbSourceListener *self, gboolean active);
SbMqttSession *
sb_source_listener_get_session (SbSourceListener *self);
const char *
sb_source_listener_get_message (SbSourceListener *self);

/* The settings changed: @blocker is the first problem that keeps them from
 * connecting (a message naming the field), or NULL. */
void
sb_source_listener_update (SbSourceListener *self, const char *blocker);
/* The user committed the broker field: connect to what it says now. */
void
sb_source_listener_commit_broker (SbSourceListener *self);

G_END_DECLS
