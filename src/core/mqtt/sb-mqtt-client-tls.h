/* sb-mqtt-client-tls.h: TLS for the libmosquitto client, with reasons a person
 * understands (not public API)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <mosquitto.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

/* Sets up TLS on @mosq as @source says (CA file or the system's trust store,
 * client certificate and key, verification). A client key protected by a
 * passphrase is decrypted here with the source's
 * tls-client-key-password, so a missing or wrong passphrase is an error now,
 * naming the key file, and OpenSSL never asks on the terminal. */
gboolean
sb_mqtt_client_tls_setup (struct mosquitto *mosq, SbDataSource *source, GError **error);

/* For a libmosquitto log callback: when @log_text is one of the
 * "OpenSSL Error[N]: error:…" lines libmosquitto logs as a handshake fails,
 * what went wrong as a sentence without the "TLS: " prefix ("the broker's
 * certificate has expired", "the broker requires a client certificate",
 * ...). Falls back to OpenSSL's reason text. Call it from the log callback
 * itself: @mosq still holds the failed connection's TLS state there. */
char *
sb_mqtt_client_describe_tls_error (struct mosquitto *mosq, const char *log_text);

/* For TLS through GIO (MQTT over WebSocket), with the same checks and
 * messages: the trust store the source names (its CA file, or the system's),
 * and its client certificate with the key decrypted (NULL and no error when
 * it has none). */
GTlsDatabase *
sb_mqtt_client_tls_database (SbDataSource *source, GError **error);
GTlsCertificate *
sb_mqtt_client_tls_client_certificate (SbDataSource *source, GError **error);

/* What is wrong with the broker's certificate, as a sentence without the
 * "TLS: " prefix (unknown CA, expired, not yet valid, not for @host), for
 * both transports; NULL for flags it has no sentence for. */
char *
sb_mqtt_client_tls_describe_certificate (GTlsCertificateFlags flags, const char *host);

G_END_DECLS
