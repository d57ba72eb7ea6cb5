/* sb-validate.h: the validation rules of a data source, shared by the
 * JSON codec, the dialog (inline, as the user types) and the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sb-data-source.h"
#include "sb-problem.h"
#include "sb-quote.h"

G_BEGIN_DECLS

/* Each rule sets a message a user understands, without the field's path:
 * the caller knows where the value came from and prefixes it. */
gboolean
sb_validate_name (const char *name, GError **error);
gboolean
sb_validate_broker (const char *broker, GError **error);
/* Whether @broker names this computer (localhost, 127.0.0.0/8, ::1): what a
 * password sent over plain TCP can safely reach. Does not resolve names. */
gboolean
sb_validate_broker_is_loopback (const char *broker);
/* The one rule for "password sent unencrypted" (the dialog, the source
 * list and the CLI warn by it): TLS is off, a password goes with the
 * connection (in the settings, or kept in the keyring) and the broker is set
 * and not this computer (sb_validate_broker_is_loopback ()). */
gboolean
sb_validate_password_unencrypted (SbDataSource *source);
gboolean
sb_validate_port (gint64 port, GError **error);
/* Parses what a person typed into a port field: "" is the default (0). */
gboolean
sb_validate_port_text (const char *text, guint *port, GError **error);
/* The HTTP path of a WebSocket endpoint ("/mqtt"). */
gboolean
sb_validate_ws_path (const char *path, GError **error);
gboolean
sb_validate_keep_alive (gint64 keep_alive, GError **error);
gboolean
sb_validate_qos (gint64 qos, GError **error);
/* An MQTT topic filter of @length bytes (-1: NUL-terminated). */
gboolean
sb_validate_topic_filter (const char *filter, gssize length, GError **error);
gboolean
sb_validate_data_path (const char *data_path, GError **error);
/* An MQTT topic name (what is published to, like a will's topic): a filter's
 * rules, and no wildcards. @length bytes (-1: NUL-terminated). */
gboolean
sb_validate_topic_name (const char *topic, gssize length, GError **error);
/* MQTT 5 session expiry interval: 0..4294967295 seconds. */
gboolean
sb_validate_session_expiry_interval (gint64 seconds, GError **error);
/* MQTT 5 retain handling: 0, 1 or 2 (SbRetainHandling). */
gboolean
sb_validate_retain_handling (gint64 retain_handling, GError **error);
/* A will's payload as a configuration holds it: UTF-8 text, at most 65535 bytes. */
gboolean
sb_validate_will_payload (const char *payload, gssize length, GError **error);
/* The name of an MQTT 5 user property: not empty, an MQTT string. */
gboolean
sb_validate_user_property_name (const char *name, GError **error);

/* Every problem of one data source (not those that need the whole
 * configuration, like unique names). Returns a GPtrArray of SbProblem,
 * empty when the data source is valid. */
GPtrArray *
sb_data_source_check (SbDataSource *source);

G_END_DECLS
