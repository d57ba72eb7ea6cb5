/* sb-test-aedes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-test-aedes.h"

#include <signal.h>
#include <unistd.h>

#include "sb-test-broker.h"

struct _SbTestAedes
{
  GSubprocess *process;
  guint ws_port;
  guint tcp_port;
  char *cert;
  char *key;
  gboolean no_subprotocol;
};

SbTestAedes *
sb_test_aedes_new (void)
{
  SbTestAedes *aedes = g_new0 (SbTestAedes, 1);

  aedes->ws_port = sb_test_free_port ();
  do
    aedes->tcp_port = sb_test_free_port ();
  while (aedes->tcp_port == aedes->ws_port);
  return aedes;
}

void
sb_test_aedes_free (SbTestAedes *aedes)
{
  if (aedes == NULL)
    return;
  sb_test_aedes_stop (aedes);
  g_free (aedes->cert);
  g_free (aedes->key);
  g_free (aedes);
}

void
sb_test_aedes_set_tls (SbTestAedes *aedes, const char *cert_file, const char *key_file)
{
  g_free (aedes->cert);
  g_free (aedes->key);
  aedes->cert = g_strdup (cert_file);
  aedes->key = g_strdup (key_file);
}

void
sb_test_aedes_set_no_subprotocol (SbTestAedes *aedes)
{
  aedes->no_subprotocol = TRUE;
}

guint
sb_test_aedes_get_ws_port (SbTestAedes *aedes)
{
  return aedes->ws_port;
}

guint
sb_test_aedes_get_tcp_port (SbTestAedes *aedes)
{
  return aedes->tcp_port;
}

void
sb_test_aedes_start (SbTestAedes *aedes)
{
  g_autofree char *script = NULL;
  g_autofree char *modules = NULL;
  g_autofree char *ws_port = g_strdup_printf ("%u", aedes->ws_port);
  g_autofree char *tcp_port = g_strdup_printf ("%u", aedes->tcp_port);
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  gint64 deadline;

  g_assert_null (aedes->process);
  script = g_test_build_filename (G_TEST_DIST, "tests", "lib", "aedes-ws-broker.js", NULL);
  modules = g_test_build_filename (G_TEST_DIST, "tests", "node", "node_modules", NULL);
  /* tools/install-deps installs it (npm ci in tests/node). */
  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    g_error ("%s is missing: run tools/install-deps", modules);

  g_subprocess_launcher_setenv (launcher, "NODE_PATH", modules, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, sb_test_die_with_parent, NULL, NULL);
  g_ptr_array_add (argv, (char *)"node");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *)"--ws-port");
  g_ptr_array_add (argv, ws_port);
  g_ptr_array_add (argv, (char *)"--tcp-port");
  g_ptr_array_add (argv, tcp_port);
  if (aedes->cert != NULL)
    {
      g_ptr_array_add (argv, (char *)"--cert");
      g_ptr_array_add (argv, aedes->cert);
      g_ptr_array_add (argv, (char *)"--key");
      g_ptr_array_add (argv, aedes->key);
    }
  if (aedes->no_subprotocol)
    g_ptr_array_add (argv, (char *)"--no-subprotocol");
  g_ptr_array_add (argv, NULL);
  aedes->process
      = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!sb_test_port_accepts (aedes->ws_port) || !sb_test_port_accepts (aedes->tcp_port))
    {
      if (g_subprocess_get_identifier (aedes->process) == NULL
          || g_get_monotonic_time () > deadline)
        g_error ("aedes did not start on port %u", aedes->ws_port);
      g_usleep (10000);
    }
}

void
sb_test_aedes_stop (SbTestAedes *aedes)
{
  if (aedes->process == NULL)
    return;
  g_subprocess_send_signal (aedes->process, SIGTERM);
  g_subprocess_wait (aedes->process, NULL, NULL);
  g_clear_object (&aedes->process);
}
