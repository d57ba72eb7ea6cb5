/* sb-mqtt-client-tls.c: TLS settings for the libmosquitto client, client keys
 * with a passphrase, and handshake failures put into words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-mqtt-client-tls.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <string.h>
#include <unistd.h>

#include "sb-error.h"

/* ---- client key ---------------------------------------------------------- */

typedef struct
{
  const char *passphrase;
  gboolean asked;
} PassphraseRequest;

/* OpenSSL's default would ask on the terminal: we answer from the settings,
 * or refuse. */
static int
passphrase_cb (char *buf, int size, int rwflag, void *data)
{
  PassphraseRequest *request = data;
  size_t length;

  request->asked = TRUE;
  if (request->passphrase == NULL || request->passphrase[0] == '\0')
    return -1;
  length = strlen (request->passphrase);
  if (length > (size_t)size)
    return -1;
  memcpy (buf, request->passphrase, length);
  return (int)length;
}

static EVP_PKEY *
load_client_key (const char *path, const char *passphrase, GError **error)
{
  PassphraseRequest request = { passphrase, FALSE };
  EVP_PKEY *key;
  BIO *bio;

  bio = BIO_new_file (path, "r");
  if (bio == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                   _ ("TLS: cannot read the client key “%s”"), path);
      return NULL;
    }
  key = PEM_read_bio_PrivateKey (bio, NULL, passphrase_cb, &request);
  BIO_free (bio);
  ERR_clear_error ();
  if (key != NULL)
    return key;

  if (request.asked && (passphrase == NULL || passphrase[0] == '\0'))
    g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                 _ ("TLS: the client key “%s” is protected by a passphrase, and none is set"),
                 path);
  else if (request.asked)
    g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                 _ ("TLS: wrong passphrase for the client key “%s”"), path);
  else
    g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                 _ ("TLS: “%s” is not a private key in PEM format"), path);
  return NULL;
}

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

/* The checks both transports make before they connect: the certificate and
 * its key go together, the files can be read, and the key decrypts. Returns
 * the key (NULL without a client certificate, or on error). */
static gboolean
check_files (SbDataSource *src, EVP_PKEY **key_out, GError **error)
{
  const char *ca = nonempty (sb_data_source_get_tls_ca_file (src));
  const char *cert = nonempty (sb_data_source_get_tls_client_cert (src));
  const char *key_path = nonempty (sb_data_source_get_tls_client_key (src));

  *key_out = NULL;
  if ((cert == NULL) != (key_path == NULL))
    {
      g_set_error_literal (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                           cert != NULL ? _ ("TLS: the client certificate needs its key")
                                        : _ ("TLS: the client key needs its certificate"));
      return FALSE;
    }
  if (ca != NULL && g_access (ca, R_OK) != 0)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS, _ ("TLS: cannot read the CA file “%s”"),
                   ca);
      return FALSE;
    }
  if (cert != NULL && g_access (cert, R_OK) != 0)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                   _ ("TLS: cannot read the client certificate “%s”"), cert);
      return FALSE;
    }
  if (key_path != NULL)
    {
      *key_out = load_client_key (
          key_path, nonempty (sb_data_source_get_tls_client_key_password (src)), error);
      if (*key_out == NULL)
        return FALSE;
    }
  return TRUE;
}

GTlsDatabase *
sb_mqtt_client_tls_database (SbDataSource *src, GError **error)
{
  const char *ca = nonempty (sb_data_source_get_tls_ca_file (src));
  g_autoptr (GTlsDatabase) database = NULL;
  EVP_PKEY *key = NULL;

  if (!check_files (src, &key, error))
    return NULL;
  EVP_PKEY_free (key);
  if (ca == NULL)
    return g_tls_backend_get_default_database (g_tls_backend_get_default ());
  database = g_tls_file_database_new (ca, NULL);
  if (database == NULL)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                   _ ("TLS: “%s” is not a CA certificate in PEM format"), ca);
      return NULL;
    }
  return g_steal_pointer (&database);
}

GTlsCertificate *
sb_mqtt_client_tls_client_certificate (SbDataSource *src, GError **error)
{
  const char *cert = nonempty (sb_data_source_get_tls_client_cert (src));
  const char *key_path = nonempty (sb_data_source_get_tls_client_key (src));
  g_autofree char *cert_pem = NULL;
  g_autoptr (GString) pem = NULL;
  g_autoptr (GError) local = NULL;
  GTlsCertificate *certificate;
  EVP_PKEY *key = NULL;
  BIO *bio;
  char *data;
  long length;

  if (!check_files (src, &key, error))
    return NULL;
  if (cert == NULL)
    return NULL;
  if (!g_file_get_contents (cert, &cert_pem, NULL, NULL))
    {
      EVP_PKEY_free (key);
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                   _ ("TLS: cannot read the client certificate “%s”"), cert);
      return NULL;
    }
  /* GIO reads no encrypted keys: hand it the key decrypted, in memory only. */
  bio = BIO_new (BIO_s_mem ());
  PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL);
  EVP_PKEY_free (key);
  length = BIO_get_mem_data (bio, &data);
  pem = g_string_new (cert_pem);
  g_string_append_c (pem, '\n');
  g_string_append_len (pem, data, length);
  OPENSSL_cleanse (data, length);
  BIO_free (bio);
  certificate = g_tls_certificate_new_from_pem (pem->str, pem->len, &local);
  OPENSSL_cleanse (pem->str, pem->len);
  if (certificate == NULL)
    g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                 _ ("TLS: the client key “%s” does not belong to the certificate “%s”"), key_path,
                 cert);
  return certificate;
}

/* The whole TLS set-up is ours, in an SSL_CTX libmosquitto only uses
 * (MOSQ_OPT_SSL_CTX without its defaults):
 * - libmosquitto's pw_callback would get only the struct, inside connect, in
 *   a worker thread; decrypting here reports a wrong passphrase at once;
 * - with its defaults on a context of ours, libmosquitto 2.0.11 checks the
 *   host name in a callback that needs an SSL ex_data index it allocates only
 *   when it makes a context itself: in a fresh process every connection was
 *   refused ("unspecified certificate verification error");
 * - OpenSSL's own host name check names the failure (X509_V_ERR_HOSTNAME_MISMATCH). */
static SSL_CTX *
make_ctx (SbDataSource *src, GError **error)
{
  const char *ca = nonempty (sb_data_source_get_tls_ca_file (src));
  const char *cert = nonempty (sb_data_source_get_tls_client_cert (src));
  const char *key_path = nonempty (sb_data_source_get_tls_client_key (src));
  const char *host = sb_data_source_get_broker (src);
  EVP_PKEY *key = NULL;
  SSL_CTX *ctx;

  if (!check_files (src, &key, error))
    return NULL;

  ctx = SSL_CTX_new (TLS_client_method ());
  if (ctx == NULL)
    {
      g_set_error_literal (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                           _ ("TLS: cannot create a TLS context"));
      goto fail;
    }
  SSL_CTX_set_min_proto_version (ctx, TLS1_2_VERSION);
  SSL_CTX_set_options (ctx, SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_mode (ctx, SSL_MODE_RELEASE_BUFFERS);

  /* Without a CA file the system's trust store vouches for the broker. */
  if (ca != NULL ? SSL_CTX_load_verify_locations (ctx, ca, NULL) != 1
                 : SSL_CTX_set_default_verify_paths (ctx) != 1)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                   _ ("TLS: “%s” is not a CA certificate in PEM format"), ca ? ca : "");
      goto fail;
    }
  if (sb_data_source_get_tls_verify (src))
    {
      X509_VERIFY_PARAM *param = SSL_CTX_get0_param (ctx);

      SSL_CTX_set_verify (ctx, SSL_VERIFY_PEER, NULL);
      if (g_hostname_is_ip_address (host))
        X509_VERIFY_PARAM_set1_ip_asc (param, host);
      else
        X509_VERIFY_PARAM_set1_host (param, host, 0);
    }
  else
    SSL_CTX_set_verify (ctx, SSL_VERIFY_NONE, NULL);

  if (cert != NULL && SSL_CTX_use_certificate_chain_file (ctx, cert) != 1)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                   _ ("TLS: “%s” is not a certificate in PEM format"), cert);
      goto fail;
    }
  if (key != NULL
      && (SSL_CTX_use_PrivateKey (ctx, key) != 1 || SSL_CTX_check_private_key (ctx) != 1))
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS,
                   _ ("TLS: the client key “%s” does not belong to the certificate “%s”"), key_path,
                   cert);
      goto fail;
    }
  EVP_PKEY_free (key);
  ERR_clear_error ();
  return ctx;

fail:
  ERR_clear_error ();
  EVP_PKEY_free (key);
  if (ctx != NULL)
    SSL_CTX_free (ctx);
  return NULL;
}

gboolean
sb_mqtt_client_tls_setup (struct mosquitto *mosq, SbDataSource *src, GError **error)
{
  SSL_CTX *ctx = make_ctx (src, error);
  int rc;

  if (ctx == NULL)
    return FALSE;
  rc = mosquitto_void_option (mosq, MOSQ_OPT_SSL_CTX, ctx);
  if (rc == MOSQ_ERR_SUCCESS)
    rc = mosquitto_int_option (mosq, MOSQ_OPT_SSL_CTX_WITH_DEFAULTS, 0);
  SSL_CTX_free (ctx); /* libmosquitto holds its own reference */
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_TLS, _ ("TLS: %s"), mosquitto_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

/* ---- handshake failures -------------------------------------------------- */

char *
sb_mqtt_client_tls_describe_certificate (GTlsCertificateFlags flags, const char *host)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_strdup (_ ("unknown CA: no trusted CA signed the broker’s certificate "
                        "(check the CA file)"));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_strdup (_ ("the broker’s certificate has expired"));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_strdup (_ ("the broker’s certificate is not valid yet (check this computer’s clock)"));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    {
      if (host != NULL)
        return g_strdup_printf (
            _ ("the host name does not match: the broker’s certificate is not for “%s”"), host);
      return g_strdup (_ ("the host name does not match the broker’s certificate"));
    }
  return NULL;
}

static char *
describe_verify_result (SSL *ssl, const char *fallback)
{
  long result = SSL_get_verify_result (ssl);
  /* libmosquitto sets the host it connects to as the server name (SNI). */
  const char *host = SSL_get_servername (ssl, TLSEXT_NAMETYPE_host_name);
  GTlsCertificateFlags flags = 0;

  switch (result)
    {
      case X509_V_ERR_CERT_HAS_EXPIRED:
        flags = G_TLS_CERTIFICATE_EXPIRED;
        break;
      case X509_V_ERR_CERT_NOT_YET_VALID:
        flags = G_TLS_CERTIFICATE_NOT_ACTIVATED;
        break;
      case X509_V_ERR_HOSTNAME_MISMATCH:
      case X509_V_ERR_IP_ADDRESS_MISMATCH:
        flags = G_TLS_CERTIFICATE_BAD_IDENTITY;
        break;
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      case X509_V_ERR_CERT_UNTRUSTED:
        flags = G_TLS_CERTIFICATE_UNKNOWN_CA;
        break;
      case X509_V_OK:
        return g_strdup (fallback);
      default:
        return g_strdup_printf (_ ("the broker’s certificate was refused: %s"),
                                X509_verify_cert_error_string (result));
    }
  return sb_mqtt_client_tls_describe_certificate (flags, host);
}

char *
sb_mqtt_client_describe_tls_error (struct mosquitto *mosq, const char *log_text)
{
  SSL *ssl = mosquitto_ssl_get (mosq);
  const char *code_text = strstr (log_text, "error:");
  const char *reason_text = strrchr (log_text, ':');
  g_autofree char *fallback = g_strstrip (g_strdup (reason_text ? reason_text + 1 : log_text));
  unsigned long code = code_text != NULL ? strtoul (code_text + 6, NULL, 16) : 0;
  gboolean has_client_cert = ssl != NULL && SSL_get_certificate (ssl) != NULL;

  if (code == 0 || ERR_GET_LIB (code) != ERR_LIB_SSL)
    return g_steal_pointer (&fallback);
  switch (ERR_GET_REASON (code))
    {
      case SSL_R_CERTIFICATE_VERIFY_FAILED:
        /* OpenSSL records a result even when nothing is verified. */
        if (ssl != NULL && (SSL_get_verify_mode (ssl) & SSL_VERIFY_PEER) != 0)
          return describe_verify_result (ssl, fallback);
        break;
      case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
        return g_strdup (_ ("the broker requires a client certificate"));
      case SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE:
      case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
        if (ssl != NULL && !has_client_cert)
          return g_strdup (_ ("the broker requires a client certificate"));
        if (ERR_GET_REASON (code) == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE)
          return g_strdup (_ ("the broker refused the client certificate"));
        break;
      case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
        return g_strdup (_ ("the broker refused the client certificate: it does not know its CA"));
      case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
        return g_strdup (_ ("the broker refused the client certificate: it has expired"));
      case SSL_R_WRONG_VERSION_NUMBER:
        return g_strdup (_ ("the broker does not speak TLS on this port"));
      default:
        break;
    }
  return g_steal_pointer (&fallback);
}
