/* save-soak.h: the two configurations the save soak switches between
 *
 * Shared by the saving program (sb-save-loop) and the test that kills it
 * (test-save-kill): both must agree byte for byte on "old" and "new".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-config.h"

#define SAVE_SOAK_NAME_A "Press line"
#define SAVE_SOAK_NAME_B "Press line (edited)"
/* Many extra subscriptions make B several times larger than A, so a torn
 * write (half of one, half of the other) cannot pass for either. */
#define SAVE_SOAK_EXTRA_SUBSCRIPTIONS 150

static inline SbConfig *
save_soak_config_a (void)
{
  SbConfig *config = sb_config_new ();
  g_autoptr (SbDataSource) press = sb_data_source_new ();
  g_autoptr (SbDataSource) paint = sb_data_source_new ();
  g_autoptr (SbSubscription) counter = sb_subscription_new ("shopfloor/counter/");
  g_autoptr (SbSubscription) status = sb_subscription_new ("shopfloor/+/status");
  g_autoptr (SbSubscription) all = sb_subscription_new ("paint/#");

  sb_data_source_set_id (press, "0b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c10");
  sb_data_source_set_name (press, SAVE_SOAK_NAME_A);
  sb_data_source_set_broker (press, "broker.plant.example");
  sb_data_source_add_subscription (press, counter);
  sb_data_source_add_subscription (press, status);
  sb_config_append (config, press);

  sb_data_source_set_id (paint, "7d1f6c2e-0a4b-4c55-8e3f-1b2c3d4e5f60");
  sb_data_source_set_name (paint, "Paint shop");
  sb_data_source_set_broker (paint, "10.20.0.7");
  sb_data_source_set_port (paint, 1884);
  sb_data_source_add_subscription (paint, all);
  sb_config_append (config, paint);
  return config;
}

/* Edits @config from A to B, or back from B to A (what the user does in the
 * dialog between two saves). */
static inline void
save_soak_toggle (SbConfig *config)
{
  SbDataSource *press = sb_config_get_data_source (config, 0);

  if (g_strcmp0 (sb_data_source_get_name (press), SAVE_SOAK_NAME_A) == 0)
    {
      sb_data_source_set_name (press, SAVE_SOAK_NAME_B);
      sb_data_source_set_port (press, 8883);
      sb_data_source_set_tls_enabled (press, TRUE);
      for (guint i = 0; i < SAVE_SOAK_EXTRA_SUBSCRIPTIONS; i++)
        {
          g_autofree char *topic = g_strdup_printf ("shopfloor/machine-%03u/temperature", i);
          g_autoptr (SbSubscription) extra = sb_subscription_new (topic);
          sb_data_source_add_subscription (press, extra);
        }
    }
  else
    {
      sb_data_source_set_name (press, SAVE_SOAK_NAME_A);
      sb_data_source_set_port (press, 0);
      sb_data_source_set_tls_enabled (press, FALSE);
      while (sb_data_source_get_n_subscriptions (press) > 2)
        sb_data_source_remove_subscription (press, 2);
    }
}
