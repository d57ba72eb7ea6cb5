/* sb-test-broker.h: a real mosquitto on a free 127.0.0.1 port, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SbTestBroker SbTestBroker;

/* Picks a free port and a private directory; nothing runs until start. */
SbTestBroker *
sb_test_broker_new (void);
void
sb_test_broker_free (SbTestBroker *broker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbTestBroker, sb_test_broker_free)

/* Configuration, before start: */
/* Requires this user (mosquitto_passwd) and turns anonymous access off. */
void
sb_test_broker_add_user (SbTestBroker *broker, const char *username, const char *password);
/* Keeps sessions and queued messages across stop/start. */
void
sb_test_broker_set_persistence (SbTestBroker *broker, gboolean persistence);
/* Appends raw lines to the generated mosquitto.conf. */
void
sb_test_broker_add_config (SbTestBroker *broker, const char *lines);

/* Adds a TLS listener on a second free port, with a CA, a server
 * certificate (for 127.0.0.1 and localhost) and a client certificate that
 * openssl generates in the broker's directory. With @require_client_cert the
 * listener refuses clients without a certificate of that CA. */
void
sb_test_broker_enable_tls (SbTestBroker *broker, gboolean require_client_cert);
/* After enable_tls: */
guint
sb_test_broker_get_tls_port (SbTestBroker *broker);
const char *
sb_test_broker_get_ca_file (SbTestBroker *broker);
const char *
sb_test_broker_get_client_cert (SbTestBroker *broker);
const char *
sb_test_broker_get_client_key (SbTestBroker *broker);
/* A CA certificate that did not sign anything of this broker (to be refused). */
const char *
sb_test_broker_get_other_ca_file (SbTestBroker *broker);

typedef enum
{
  SB_TEST_TLS_SERVER_VALID,      /* for 127.0.0.1 and localhost, signed by the CA (the default) */
  SB_TEST_TLS_SERVER_EXPIRED,    /* the same names and CA, but it expired yesterday */
  SB_TEST_TLS_SERVER_WRONG_HOST, /* signed by the CA and valid, for broker.example.com only */
} SbTestTlsServerCert;

/* After enable_tls, before start: the certificate the TLS listener shows. */
void
sb_test_broker_set_tls_server_cert (SbTestBroker *broker, SbTestTlsServerCert which);
/* The client key, encrypted (AES-256) with @passphrase into a new file. */
const char *
sb_test_broker_get_encrypted_client_key (SbTestBroker *broker, const char *passphrase);

/* Adds a WebSocket listener ("protocol websockets") on another free port
 * and, when TLS is enabled too, a wss one with the TLS listener's
 * certificates. */
void
sb_test_broker_enable_websockets (SbTestBroker *broker);
guint
sb_test_broker_get_ws_port (SbTestBroker *broker);
/* After enable_tls and enable_websockets. */
guint
sb_test_broker_get_wss_port (SbTestBroker *broker);
/* After enable_tls: the server certificate and key files (for another broker). */
char *
sb_test_broker_get_server_cert (SbTestBroker *broker);
char *
sb_test_broker_get_server_key (SbTestBroker *broker);

/* Starts mosquitto and waits (with a deadline) until it accepts connections.
 * Restarting after stop keeps the same port. */
void
sb_test_broker_start (SbTestBroker *broker);
/* SIGTERM and wait for the process to exit. */
void
sb_test_broker_stop (SbTestBroker *broker);
gboolean
sb_test_broker_is_running (SbTestBroker *broker);

guint
sb_test_broker_get_port (SbTestBroker *broker);
/* The broker's private directory (config, password file, persistence). */
const char *
sb_test_broker_get_dir (SbTestBroker *broker);

/* Runs the real mosquitto_pub against the broker; asserts it succeeded. */
void
sb_test_broker_publish (SbTestBroker *broker, const char *topic, const char *payload, int qos,
                        gboolean retain);
/* Same with extra mosquitto_pub arguments (NULL-terminated), e.g. "-f", path. */
void
sb_test_broker_publish_args (SbTestBroker *broker, const char *first_arg,
                             ...) G_GNUC_NULL_TERMINATED;

/* Removes @path and everything below it (symbolic links are not followed). */
void
sb_test_remove_tree (const char *path);

/* A free TCP port on 127.0.0.1 (for a broker that is not running, say). */
guint
sb_test_free_port (void);

/* Iterates the default main context until @condition returns TRUE or
 * @timeout_ms pass; returns the last value of @condition. */
gboolean
sb_test_wait_for (gboolean (*condition) (gpointer data), gpointer data, guint timeout_ms);

/* @relative under the build tree (G_TEST_BUILDDIR, set by tests/meson.build), kept for the
 * life of the program. */
const char *
sb_test_build_path (const char *relative);

/* This build's signalboard-cli. */
const char *
sb_test_cli_path (void);

/* TRUE when something accepts TCP connections on 127.0.0.1:@port. */
gboolean
sb_test_port_accepts (guint port);

/* A GSpawnChildSetupFunc: the child gets SIGTERM when the test dies, so that no broker
 * outlives it. */
void
sb_test_die_with_parent (gpointer data);

G_END_DECLS
