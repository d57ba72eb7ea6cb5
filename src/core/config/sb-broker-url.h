/* sb-broker-url.h: a broker given as a URL (mqtt://, mqtts://, ws://, wss://),
 * as the dialog's broker field and the CLI's --broker take it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

typedef struct
{
  char *host;            /* without brackets for IPv6 */
  guint port;            /* 0: the URL has none (the default of its scheme applies) */
  SbTransport transport; /* ws:// and wss:// are SB_TRANSPORT_WEBSOCKETS */
  gboolean tls;          /* mqtts:// and wss:// */
  char *path;            /* WebSocket only: the URL's path, "/mqtt" when it has none */
  gboolean has_path;     /* the URL has a path (not just the default) */
} SbBrokerUrl;

void
sb_broker_url_free (SbBrokerUrl *url);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbBrokerUrl, sb_broker_url_free)

/* Whether @text starts with a URL scheme ("xyz://"): then it is meant as a
 * URL, not as a host name. */
gboolean
sb_broker_url_has_scheme (const char *text);

/* Parses @text, which has a scheme, into its parts; a scheme other than
 * mqtt, mqtts, ws and wss, a missing host, a user name, a query or a path on
 * an MQTT (TCP) URL are SB_CONFIG_ERROR_INVALID errors that say so. The host
 * is not checked here (sb_validate_broker () does). */
SbBrokerUrl *
sb_broker_url_parse (const char *text, GError **error);

/* Sets @source's broker, port, transport, path and TLS (on or off) from @url. */
void
sb_broker_url_apply (const SbBrokerUrl *url, SbDataSource *source);

/* The file format's keys that say what @url says besides its host, for a
 * hint: "port": 8084, "transport": "websockets", "path": "/mqtt" and
 * "tls": { "enabled": true }. Empty when the URL says only the host. */
char *
sb_broker_url_describe_keys (const SbBrokerUrl *url);

/* The URL of @source's broker: "wss://host:8084/mqtt", "mqtt://host:1883". */
char *
sb_broker_url_from_source (SbDataSource *source);

G_END_DECLS
