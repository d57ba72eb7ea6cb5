/* sb-broker-url.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-broker-url.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-quote.h"

void
sb_broker_url_free (SbBrokerUrl *url)
{
  if (url == NULL)
    return;
  g_free (url->host);
  g_free (url->path);
  g_free (url);
}

gboolean
sb_broker_url_has_scheme (const char *text)
{
  const char *end;

  g_return_val_if_fail (text != NULL, FALSE);

  end = strstr (text, "://");
  if (end == NULL || end == text || !g_ascii_isalpha (text[0]))
    return FALSE;
  /* RFC 3986: a letter, then letters, digits, "+", "-" or "." ("mqtt", "ws+tls"). */
  for (const char *p = text + 1; p < end; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

#define fail(error, ...) g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID, __VA_ARGS__)

SbBrokerUrl *
sb_broker_url_parse (const char *text, GError **error)
{
  static const struct
  {
    const char *scheme;
    SbTransport transport;
    gboolean tls;
  } schemes[] = {
    { "mqtt", SB_TRANSPORT_TCP, FALSE },
    { "mqtts", SB_TRANSPORT_TCP, TRUE },
    { "ws", SB_TRANSPORT_WEBSOCKETS, FALSE },
    { "wss", SB_TRANSPORT_WEBSOCKETS, TRUE },
  };
  g_autofree char *shown = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (SbBrokerUrl) url = NULL;
  const char *scheme, *path;
  int port;
  guint i;

  g_return_val_if_fail (text != NULL, NULL);

  shown = sb_quote (text, -1);
  uri = g_uri_parse (text, G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    {
      fail (error, _ ("%s is not a URL (like wss://broker.example.com:8084/mqtt)"), shown);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  for (i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strcasecmp (scheme, schemes[i].scheme) == 0)
      break;
  if (i == G_N_ELEMENTS (schemes))
    {
      fail (error, _ ("%s: “%s://” is not a scheme of MQTT (mqtt://, mqtts://, ws:// or wss://)"),
            shown, scheme);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      fail (error, _ ("%s has no host"), shown);
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      fail (error, _ ("%s has a user name: give it in the user name field, not in the URL"), shown);
      return NULL;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      fail (error, _ ("%s has a query or a fragment: the broker’s URL has neither"), shown);
      return NULL;
    }
  port = g_uri_get_port (uri);
  if (port == 0)
    {
      fail (error, _ ("%s: 0 is not a port (1-65535)"), shown);
      return NULL;
    }
  path = g_uri_get_path (uri);
  if (schemes[i].transport == SB_TRANSPORT_TCP && path[0] != '\0' && strcmp (path, "/") != 0)
    {
      fail (error, _ ("%s: MQTT over TCP has no path (a path is for ws:// and wss://)"), shown);
      return NULL;
    }

  url = g_new0 (SbBrokerUrl, 1);
  url->host = g_strdup (g_uri_get_host (uri));
  url->port = port > 0 ? (guint)port : 0;
  url->transport = schemes[i].transport;
  url->tls = schemes[i].tls;
  if (url->transport == SB_TRANSPORT_WEBSOCKETS)
    url->path = g_strdup (path[0] != '\0' ? path : SB_DEFAULT_WS_PATH);
  url->has_path = path[0] != '\0';
  return g_steal_pointer (&url);
}

void
sb_broker_url_apply (const SbBrokerUrl *url, SbDataSource *source)
{
  g_return_if_fail (url != NULL);
  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  g_object_freeze_notify (G_OBJECT (source));
  sb_data_source_set_broker (source, url->host);
  sb_data_source_set_port (source, url->port);
  sb_data_source_set_transport (source, url->transport);
  if (url->path != NULL)
    sb_data_source_set_path (source, url->path);
  sb_data_source_set_tls_enabled (source, url->tls);
  g_object_thaw_notify (G_OBJECT (source));
}

char *
sb_broker_url_describe_keys (const SbBrokerUrl *url)
{
  GString *keys = g_string_new (NULL);

  g_return_val_if_fail (url != NULL, NULL);

  if (url->port != 0)
    g_string_append_printf (keys, "\"port\": %u", url->port);
  if (url->transport == SB_TRANSPORT_WEBSOCKETS)
    g_string_append_printf (keys, "%s\"transport\": \"websockets\", \"path\": \"%s\"",
                            keys->len > 0 ? ", " : "", url->path);
  if (url->tls)
    g_string_append_printf (keys, "%s\"tls\": { \"enabled\": true }", keys->len > 0 ? ", " : "");
  return g_string_free (keys, FALSE);
}

char *
sb_broker_url_from_source (SbDataSource *source)
{
  gboolean tls, ws;
  const char *host;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  tls = sb_data_source_get_tls_enabled (source);
  ws = sb_data_source_get_transport (source) == SB_TRANSPORT_WEBSOCKETS;
  host = sb_data_source_get_broker (source);
  return g_strdup_printf (
      "%s://%s%s%s:%u%s", ws ? (tls ? "wss" : "ws") : (tls ? "mqtts" : "mqtt"),
      strchr (host, ':') != NULL ? "[" : "", host, strchr (host, ':') != NULL ? "]" : "",
      sb_data_source_get_effective_port (source), ws ? sb_data_source_get_path (source) : "");
}
