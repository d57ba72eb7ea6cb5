/* sb-config.c: the ordered list of data sources and the rules across them
 *
 * Reading it from a file is in sb-config-load.c, writing it in
 * sb-config-save.c; SbConfigFile (sb-config-file.c) is one file on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb-config-private.h"
#include "sb-file.h"
#include "sb-validate.h"

struct _SbConfig
{
  GObject parent_instance;
  GListStore *data_sources;
};

G_DEFINE_FINAL_TYPE (SbConfig, sb_config, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DATA_SOURCES,
  PROP_N_DATA_SOURCES,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
source_changed_cb (SbDataSource *source, SbConfig *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, SbConfig *self)
{
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DATA_SOURCES]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
sb_config_dispose (GObject *object)
{
  SbConfig *self = SB_CONFIG (object);

  if (self->data_sources != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->data_sources));

      g_signal_handlers_disconnect_by_func (self->data_sources, items_changed_cb, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (SbDataSource) source
              = g_list_model_get_item (G_LIST_MODEL (self->data_sources), i);
          g_signal_handlers_disconnect_by_func (source, source_changed_cb, self);
        }
    }
  g_clear_object (&self->data_sources);

  G_OBJECT_CLASS (sb_config_parent_class)->dispose (object);
}

static void
sb_config_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbConfig *self = SB_CONFIG (object);

  switch (prop_id)
    {
      case PROP_DATA_SOURCES:
        g_value_set_object (value, self->data_sources);
        break;
      case PROP_N_DATA_SOURCES:
        g_value_set_uint (value, sb_config_get_n_data_sources (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_config_class_init (SbConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_config_dispose;
  object_class->get_property = sb_config_get_property;

  properties[PROP_DATA_SOURCES] = g_param_spec_object (
      "data-sources", NULL, NULL, G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DATA_SOURCES]
      = g_param_spec_uint ("n-data-sources", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbConfig::changed:
   *
   * Emitted after a data source is added, removed or moved, or any setting of
   * one changes: the moment to save or to check again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
sb_config_init (SbConfig *self)
{
  self->data_sources = g_list_store_new (SB_TYPE_DATA_SOURCE);
  g_signal_connect (self->data_sources, "items-changed", G_CALLBACK (items_changed_cb), self);
}

SbConfig *
sb_config_new (void)
{
  return g_object_new (SB_TYPE_CONFIG, NULL);
}

GListModel *
sb_config_get_data_sources (SbConfig *self)
{
  g_return_val_if_fail (SB_IS_CONFIG (self), NULL);
  return G_LIST_MODEL (self->data_sources);
}

guint
sb_config_get_n_data_sources (SbConfig *self)
{
  g_return_val_if_fail (SB_IS_CONFIG (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->data_sources));
}

SbDataSource *
sb_config_get_data_source (SbConfig *self, guint position)
{
  SbDataSource *source;

  g_return_val_if_fail (SB_IS_CONFIG (self), NULL);

  source = g_list_model_get_item (G_LIST_MODEL (self->data_sources), position);
  if (source != NULL)
    g_object_unref (source); /* the store keeps its reference */
  return source;
}

SbDataSource *
sb_config_find_by_name (SbConfig *self, const char *name)
{
  guint n;

  g_return_val_if_fail (SB_IS_CONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = sb_config_get_n_data_sources (self);
  for (guint i = 0; i < n; i++)
    {
      SbDataSource *source = sb_config_get_data_source (self, i);
      if (g_strcmp0 (sb_data_source_get_name (source), name) == 0)
        return source;
    }
  return NULL;
}

SbDataSource *
sb_config_find_by_id (SbConfig *self, const char *id)
{
  guint n;

  g_return_val_if_fail (SB_IS_CONFIG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = sb_config_get_n_data_sources (self);
  for (guint i = 0; i < n; i++)
    {
      SbDataSource *source = sb_config_get_data_source (self, i);
      if (g_strcmp0 (sb_data_source_get_id (source), id) == 0)
        return source;
    }
  return NULL;
}

gboolean
sb_config_find (SbConfig *self, SbDataSource *source, guint *position)
{
  g_return_val_if_fail (SB_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);

  return g_list_store_find (self->data_sources, source, position);
}

void
sb_config_insert (SbConfig *self, guint position, SbDataSource *source)
{
  g_return_if_fail (SB_IS_CONFIG (self));
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  g_return_if_fail (position <= sb_config_get_n_data_sources (self));
  /* No check that @source is not in already: that is a walk of the whole
   * list, and loading calls this once per data source. */

  g_signal_connect_object (source, "changed", G_CALLBACK (source_changed_cb), self, 0);
  g_list_store_insert (self->data_sources, position, source);
}

void
sb_config_append (SbConfig *self, SbDataSource *source)
{
  g_return_if_fail (SB_IS_CONFIG (self));

  sb_config_insert (self, sb_config_get_n_data_sources (self), source);
}

void
sb_config_remove (SbConfig *self, guint position)
{
  SbDataSource *source;

  g_return_if_fail (SB_IS_CONFIG (self));

  source = sb_config_get_data_source (self, position);
  g_return_if_fail (source != NULL);

  g_signal_handlers_disconnect_by_func (source, source_changed_cb, self);
  g_list_store_remove (self->data_sources, position);
}

void
sb_config_check_across (SbConfig *self, GPtrArray *problems)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal); /* -> position + 1 */
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = sb_config_get_n_data_sources (self);

  /* The CLI and the window pick a data source by its name, so names must
   * tell them apart; the keyring files passwords under the id. */
  for (guint i = 0; i < n; i++)
    {
      SbDataSource *source = sb_config_get_data_source (self, i);
      const char *name = sb_data_source_get_name (source);
      const char *id = sb_data_source_get_id (source);
      gpointer other;

      other = g_hash_table_lookup (names, name);
      if (name[0] != '\0' && other != NULL)
        {
          g_autofree char *shown = sb_quote (name, -1);
          g_autofree char *message
              = g_strdup_printf (_ ("the name %s is already used by data_sources[%u]"), shown,
                                 GPOINTER_TO_UINT (other) - 1);
          g_ptr_array_add (problems, sb_problem_new ((int)i, -1, "name", message));
        }
      else if (name[0] != '\0')
        g_hash_table_insert (names, (gpointer)name, GUINT_TO_POINTER (i + 1));

      other = g_hash_table_lookup (ids, id);
      if (id[0] != '\0' && other != NULL)
        {
          g_autofree char *shown = sb_quote (id, -1);
          g_autofree char *message
              = g_strdup_printf (_ ("the id %s is already used by data_sources[%u]"), shown,
                                 GPOINTER_TO_UINT (other) - 1);
          g_ptr_array_add (problems, sb_problem_new ((int)i, -1, "id", message));
        }
      else if (id[0] != '\0')
        g_hash_table_insert (ids, (gpointer)id, GUINT_TO_POINTER (i + 1));
    }
}

GPtrArray *
sb_config_check (SbConfig *self)
{
  GPtrArray *problems;
  guint n;

  g_return_val_if_fail (SB_IS_CONFIG (self), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_problem_free);
  n = sb_config_get_n_data_sources (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) source_problems
          = sb_data_source_check (sb_config_get_data_source (self, i));

      for (guint j = 0; j < source_problems->len; j++)
        {
          SbProblem *problem = g_ptr_array_index (source_problems, j);

          g_ptr_array_add (problems, sb_problem_new ((int)i, problem->subscription, problem->key,
                                                     problem->message));
        }
    }
  sb_config_check_across (self, problems);
  return problems;
}

gboolean
sb_config_set_too_large_error (GError **error, goffset size)
{
  g_autofree char *size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_TOO_LARGE,
               _ ("the file is %s (%" PRId64 " bytes); a configuration is at most "
                  "16 MiB"),
               size_text, size);
  return FALSE;
}
