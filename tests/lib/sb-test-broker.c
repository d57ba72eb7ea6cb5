/* sb-test-broker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-test-broker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

struct _SbTestBroker
{
  char *dir;
  GString *extra_config;
  GPtrArray *users; /* "user:password" */
  GSubprocess *process;
  guint port;
  gboolean persistence;
  guint tls_port; /* 0: no TLS listener */
  gboolean tls_require_cert;
  char *ca_file;
  char *client_cert;
  char *client_key;
  char *other_ca_file;
  char *server_cert; /* "server", "server-expired" or "server-wrong-host" */
  char *encrypted_client_key;
  guint ws_port;  /* 0: no WebSocket listener */
  guint wss_port; /* 0: no wss listener */
};

guint
sb_test_free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = 0;
  g_assert_cmpint (bind (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

SbTestBroker *
sb_test_broker_new (void)
{
  SbTestBroker *broker = g_new0 (SbTestBroker, 1);
  g_autoptr (GError) error = NULL;

  broker->dir = g_dir_make_tmp ("sb-broker-XXXXXX", &error);
  g_assert_no_error (error);
  broker->extra_config = g_string_new (NULL);
  broker->users = g_ptr_array_new_with_free_func (g_free);
  broker->port = sb_test_free_port ();
  return broker;
}

void
sb_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  /* A link is removed, never followed (not even at the top). */
  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      sb_test_remove_tree (child);
    }
  g_rmdir (path);
}

void
sb_test_broker_free (SbTestBroker *broker)
{
  if (broker == NULL)
    return;
  sb_test_broker_stop (broker);
  sb_test_remove_tree (broker->dir);
  g_free (broker->dir);
  g_string_free (broker->extra_config, TRUE);
  g_ptr_array_unref (broker->users);
  g_free (broker->ca_file);
  g_free (broker->client_cert);
  g_free (broker->client_key);
  g_free (broker->other_ca_file);
  g_free (broker->server_cert);
  g_free (broker->encrypted_client_key);
  g_free (broker);
}

void
sb_test_broker_add_user (SbTestBroker *broker, const char *username, const char *password)
{
  g_ptr_array_add (broker->users, g_strdup_printf ("%s:%s", username, password));
}

void
sb_test_broker_set_persistence (SbTestBroker *broker, gboolean persistence)
{
  broker->persistence = persistence;
}

void
sb_test_broker_add_config (SbTestBroker *broker, const char *lines)
{
  g_string_append (broker->extra_config, lines);
  g_string_append_c (broker->extra_config, '\n');
}

guint
sb_test_broker_get_port (SbTestBroker *broker)
{
  return broker->port;
}

const char *
sb_test_broker_get_dir (SbTestBroker *broker)
{
  return broker->dir;
}

gboolean
sb_test_broker_is_running (SbTestBroker *broker)
{
  return broker->process != NULL;
}

static void
write_password_file (SbTestBroker *broker, const char *path)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < broker->users->len; i++)
    {
      g_auto (GStrv) parts = g_strsplit (g_ptr_array_index (broker->users, i), ":", 2);
      const char *argv[] = { "mosquitto_passwd", "-b", path, parts[0], parts[1], NULL };
      int status = 0;

      g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  g_chmod (path, 0600);
}

const char *
sb_test_cli_path (void)
{
  return sb_test_build_path ("src/cli/signalboard-cli");
}

gboolean
sb_test_port_accepts (guint port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port);
  ok = connect (fd, (struct sockaddr *)&addr, sizeof addr) == 0;
  close (fd);
  return ok;
}

void
sb_test_die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, data != NULL ? GPOINTER_TO_INT (data) : SIGTERM);
}

void
sb_test_broker_start (SbTestBroker *broker)
{
  g_autofree char *conf_path = g_build_filename (broker->dir, "mosquitto.conf", NULL);
  g_autofree char *log_path = g_build_filename (broker->dir, "mosquitto.log", NULL);
  g_autoptr (GString) conf = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gint64 deadline;

  g_assert_null (broker->process);

  /* Root drops to user "mosquitto", which cannot read our private directory. */
  g_string_append (conf, "user root\n");
  g_string_append_printf (conf, "listener %u 127.0.0.1\n", broker->port);
  g_string_append_printf (conf, "log_dest file %s\n", log_path);
  g_string_append (conf, "log_type error\nlog_type warning\nlog_type notice\n");
  g_string_append (conf, "max_queued_messages 0\nmax_inflight_messages 0\n");
  if (broker->users->len > 0)
    {
      g_autofree char *passwd = g_build_filename (broker->dir, "passwd", NULL);
      write_password_file (broker, passwd);
      g_string_append_printf (conf, "allow_anonymous false\npassword_file %s\n", passwd);
    }
  else
    g_string_append (conf, "allow_anonymous true\n");
  if (broker->persistence)
    g_string_append_printf (conf, "persistence true\npersistence_location %s/\n", broker->dir);
  if (broker->tls_port != 0)
    {
      g_string_append_printf (conf, "listener %u 127.0.0.1\n", broker->tls_port);
      g_string_append_printf (conf, "cafile %s\ncertfile %s/%s.crt\nkeyfile %s/%s.key\n",
                              broker->ca_file, broker->dir, broker->server_cert, broker->dir,
                              broker->server_cert);
      if (broker->tls_require_cert)
        g_string_append (conf, "require_certificate true\n");
    }
  if (broker->ws_port != 0)
    g_string_append_printf (conf, "listener %u 127.0.0.1\nprotocol websockets\n", broker->ws_port);
  if (broker->ws_port != 0 && broker->tls_port != 0)
    {
      g_string_append_printf (conf, "listener %u 127.0.0.1\nprotocol websockets\n",
                              broker->wss_port);
      g_string_append_printf (conf, "cafile %s\ncertfile %s/%s.crt\nkeyfile %s/%s.key\n",
                              broker->ca_file, broker->dir, broker->server_cert, broker->dir,
                              broker->server_cert);
      if (broker->tls_require_cert)
        g_string_append (conf, "require_certificate true\n");
    }
  g_string_append (conf, broker->extra_config->str);

  g_file_set_contents (conf_path, conf->str, conf->len, &error);
  g_assert_no_error (error);

  {
    g_autoptr (GSubprocessLauncher) launcher
        = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

    /* A test that aborts must not leave its broker behind, holding the
     * test's stderr open (meson would wait for it until the timeout). */
    g_subprocess_launcher_set_child_setup (launcher, sb_test_die_with_parent, NULL, NULL);
    broker->process
        = g_subprocess_launcher_spawn (launcher, &error, "mosquitto", "-c", conf_path, NULL);
  }
  g_assert_no_error (error);

  /* Ready when it accepts a TCP connection; a broker that died says why in its log. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!sb_test_port_accepts (broker->port)
         || (broker->tls_port != 0 && !sb_test_port_accepts (broker->tls_port))
         || (broker->ws_port != 0 && !sb_test_port_accepts (broker->ws_port))
         || (broker->ws_port != 0 && broker->tls_port != 0
             && !sb_test_port_accepts (broker->wss_port)))
    {
      /* get_if_exited () is only valid after exit (a critical before): a NULL
       * identifier says the process was reaped. */
      if (g_subprocess_get_identifier (broker->process) == NULL
          || g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = NULL;
          g_file_get_contents (log_path, &log, NULL, NULL);
          g_error ("mosquitto did not start on port %u:\n%s", broker->port, log ? log : "");
        }
      g_usleep (5000);
    }
}

void
sb_test_broker_stop (SbTestBroker *broker)
{
  if (broker->process == NULL)
    return;
  g_subprocess_send_signal (broker->process, SIGTERM);
  g_subprocess_wait (broker->process, NULL, NULL);
  g_clear_object (&broker->process);
}

void
sb_test_broker_publish_args (SbTestBroker *broker, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *err_text = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, g_strdup ("mosquitto_pub"));
  g_ptr_array_add (argv, g_strdup ("-h"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", broker->port));
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err_text,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("mosquitto_pub failed: %s", err_text);
}

void
sb_test_broker_publish (SbTestBroker *broker, const char *topic, const char *payload, int qos,
                        gboolean retain)
{
  g_autofree char *qos_text = g_strdup_printf ("%d", qos);

  if (retain)
    sb_test_broker_publish_args (broker, "-t", topic, "-m", payload, "-q", qos_text, "-r", NULL);
  else
    sb_test_broker_publish_args (broker, "-t", topic, "-m", payload, "-q", qos_text, NULL);
}

static void
run_openssl (SbTestBroker *broker, const char *first_arg, ...) G_GNUC_NULL_TERMINATED;

static void
run_openssl (SbTestBroker *broker, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *err_text = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *)"openssl");
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (broker->dir, (char **)argv->pdata, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err_text,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl %s failed: %s", first_arg, err_text);
}

/* A key and a certificate NAME.crt signed by CA (self-signed when CA is NULL),
 * valid from now for @days (-1: it expired yesterday). */
static void
make_cert_days (SbTestBroker *broker, const char *name, const char *subject, const char *ca,
                const char *extensions, const char *days)
{
  g_autofree char *key = g_strdup_printf ("%s.key", name);
  g_autofree char *csr = g_strdup_printf ("%s.csr", name);
  g_autofree char *crt = g_strdup_printf ("%s.crt", name);
  g_autofree char *ext = g_strdup_printf ("%s.ext", name);
  g_autofree char *ext_path = g_build_filename (broker->dir, ext, NULL);
  g_autofree char *ca_crt = ca ? g_strdup_printf ("%s.crt", ca) : NULL;
  g_autofree char *ca_key = ca ? g_strdup_printf ("%s.key", ca) : NULL;
  g_autoptr (GError) error = NULL;

  if (ca == NULL)
    {
      run_openssl (broker, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                   crt, "-days", "2", "-subj", subject, "-addext",
                   "basicConstraints=critical,CA:TRUE", "-addext",
                   "keyUsage=critical,keyCertSign,cRLSign", NULL);
      return;
    }
  g_file_set_contents (ext_path, extensions, -1, &error);
  g_assert_no_error (error);
  run_openssl (broker, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj",
               subject, NULL);
  run_openssl (broker, "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
               "-CAcreateserial", "-out", crt, "-days", days, "-extfile", ext, NULL);
}

static void
make_cert (SbTestBroker *broker, const char *name, const char *subject, const char *ca,
           const char *extensions)
{
  make_cert_days (broker, name, subject, ca, extensions, "2");
}

void
sb_test_broker_enable_tls (SbTestBroker *broker, gboolean require_client_cert)
{
  g_assert_null (broker->process);
  if (broker->tls_port == 0)
    {
      make_cert (broker, "ca", "/CN=Signalboard Test CA", NULL, NULL);
      make_cert (broker, "server", "/CN=localhost", "ca",
                 "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
      make_cert (broker, "client", "/CN=signalboard-test-client", "ca",
                 "extendedKeyUsage=clientAuth\n");
      make_cert (broker, "other-ca", "/CN=Some Other CA", NULL, NULL);
      broker->ca_file = g_build_filename (broker->dir, "ca.crt", NULL);
      broker->client_cert = g_build_filename (broker->dir, "client.crt", NULL);
      broker->client_key = g_build_filename (broker->dir, "client.key", NULL);
      broker->other_ca_file = g_build_filename (broker->dir, "other-ca.crt", NULL);
      broker->server_cert = g_strdup ("server");
      do
        broker->tls_port = sb_test_free_port ();
      while (broker->tls_port == broker->port);
    }
  broker->tls_require_cert = require_client_cert;
}

void
sb_test_broker_set_tls_server_cert (SbTestBroker *broker, SbTestTlsServerCert which)
{
  const char *name = "server";
  g_autofree char *crt = NULL;

  g_assert_null (broker->process);
  g_assert_cmpuint (broker->tls_port, !=, 0);
  switch (which)
    {
      case SB_TEST_TLS_SERVER_VALID:
        break;
      case SB_TEST_TLS_SERVER_EXPIRED:
        name = "server-expired";
        break;
      case SB_TEST_TLS_SERVER_WRONG_HOST:
        name = "server-wrong-host";
        break;
    }
  crt = g_strdup_printf ("%s/%s.crt", broker->dir, name);
  /* Made on first use: the other tests need not wait for RSA keys they never use. */
  if (!g_file_test (crt, G_FILE_TEST_EXISTS))
    {
      if (which == SB_TEST_TLS_SERVER_EXPIRED)
        make_cert_days (broker, name, "/CN=localhost", "ca",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
                        "-1");
      else
        make_cert (broker, name, "/CN=broker.example.com", "ca",
                   "subjectAltName=DNS:broker.example.com\nextendedKeyUsage=serverAuth\n");
    }
  g_free (broker->server_cert);
  broker->server_cert = g_strdup (name);
}

const char *
sb_test_broker_get_encrypted_client_key (SbTestBroker *broker, const char *passphrase)
{
  g_autofree char *pass = g_strdup_printf ("pass:%s", passphrase);

  g_assert_nonnull (broker->client_key);
  g_free (broker->encrypted_client_key);
  broker->encrypted_client_key = g_build_filename (broker->dir, "client-encrypted.key", NULL);
  run_openssl (broker, "pkey", "-in", "client.key", "-aes256", "-passout", pass, "-out",
               "client-encrypted.key", NULL);
  return broker->encrypted_client_key;
}

guint
sb_test_broker_get_tls_port (SbTestBroker *broker)
{
  g_assert_cmpuint (broker->tls_port, !=, 0);
  return broker->tls_port;
}

const char *
sb_test_broker_get_ca_file (SbTestBroker *broker)
{
  g_assert_nonnull (broker->ca_file);
  return broker->ca_file;
}

const char *
sb_test_broker_get_client_cert (SbTestBroker *broker)
{
  g_assert_nonnull (broker->client_cert);
  return broker->client_cert;
}

const char *
sb_test_broker_get_client_key (SbTestBroker *broker)
{
  g_assert_nonnull (broker->client_key);
  return broker->client_key;
}

const char *
sb_test_broker_get_other_ca_file (SbTestBroker *broker)
{
  g_assert_nonnull (broker->other_ca_file);
  return broker->other_ca_file;
}

static gboolean
keep_ticking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
sb_test_wait_for (gboolean (*condition) (gpointer data), gpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  /* A tick every 10 ms so that a blocking iteration still looks at the deadline. */
  guint tick = g_timeout_add (10, keep_ticking, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return met;
}

const char *
sb_test_build_path (const char *relative)
{
  static GHashTable *paths;
  char *path;

  if (paths == NULL)
    paths = g_hash_table_new (g_str_hash, g_str_equal);
  path = g_hash_table_lookup (paths, relative);
  if (path == NULL)
    {
      path = g_test_build_filename (G_TEST_BUILT, relative, NULL);
      g_hash_table_insert (paths, g_strdup (relative), path);
    }
  return path;
}

void
sb_test_broker_enable_websockets (SbTestBroker *broker)
{
  g_assert_null (broker->process);
  if (broker->ws_port == 0)
    do
      broker->ws_port = sb_test_free_port ();
    while (broker->ws_port == broker->port || broker->ws_port == broker->tls_port);
  if (broker->wss_port == 0)
    do
      broker->wss_port = sb_test_free_port ();
    while (broker->wss_port == broker->port || broker->wss_port == broker->tls_port
           || broker->wss_port == broker->ws_port);
}

guint
sb_test_broker_get_ws_port (SbTestBroker *broker)
{
  g_assert_cmpuint (broker->ws_port, !=, 0);
  return broker->ws_port;
}

guint
sb_test_broker_get_wss_port (SbTestBroker *broker)
{
  g_assert_cmpuint (broker->wss_port, !=, 0);
  g_assert_cmpuint (broker->tls_port, !=, 0);
  return broker->wss_port;
}

char *
sb_test_broker_get_server_cert (SbTestBroker *broker)
{
  g_assert_nonnull (broker->server_cert);
  return g_strdup_printf ("%s/%s.crt", broker->dir, broker->server_cert);
}

char *
sb_test_broker_get_server_key (SbTestBroker *broker)
{
  g_assert_nonnull (broker->server_cert);
  return g_strdup_printf ("%s/%s.key", broker->dir, broker->server_cert);
}
