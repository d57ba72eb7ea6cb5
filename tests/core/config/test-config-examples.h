/* test-config-examples.h: configurations the config tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-config.h"

/* The example of the issue, byte for byte: it is in canonical form. */
static const char issue_example[] G_GNUC_UNUSED
    = "{\n"
      "  \"format\": \"signalboard\",\n"
      "  \"version\": 1,\n"
      "  \"data_sources\": [\n"
      "    {\n"
      "      \"id\": \"0b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c10\",\n"
      "      \"name\": \"Shopfloor\",\n"
      "      \"type\": \"mqtt\",\n"
      "      \"broker\": \"localhost\",\n"
      "      \"port\": 1883,\n"
      "      \"protocol\": \"3.1.1\",\n"
      "      \"client_id\": \"\",\n"
      "      \"keep_alive\": 60,\n"
      "      \"clean_session\": true,\n"
      "      \"qos\": 1,\n"
      "      \"auth\": { \"username\": \"\", \"password\": \"\" },\n"
      "      \"tls\": { \"enabled\": false, \"ca_file\": \"\", \"client_cert\": \"\", "
      "\"client_key\": \"\", \"verify\": true },\n"
      "      \"subscriptions\": [\n"
      "        { \"topic\": \"shopfloor/counter/\" },\n"
      "        { \"topic\": \"shopfloor/+/\", \"qos\": 2, \"data_path\": \"$.status\" }\n"
      "      ]\n"
      "    }\n"
      "  ]\n"
      "}\n";

static inline SbConfig *
load_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  SbConfig *config = sb_config_load_from_data (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}
