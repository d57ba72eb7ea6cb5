/* sb-config-file.c: one configuration file on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-config-file.h"
#include "sb-file.h"

struct _SbConfigFile
{
  GObject parent_instance;

  char *path;
  GFileMonitor *monitor;
  /* The file as last loaded, saved or accepted: our own saves (and the
   * .bak beside) never count as a change. */
  char *known_text;
  gboolean changed_on_disk;
  guint n_checks;
};

G_DEFINE_FINAL_TYPE (SbConfigFile, sb_config_file, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PATH,
  PROP_CHANGED_ON_DISK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
read_disk (SbConfigFile *self)
{
  /* Another program may have put a FIFO or a device there: never block on it. */
  return sb_file_read_regular (self->path, SB_CONFIG_MAX_SIZE, NULL, NULL, NULL);
}

static void
set_changed_on_disk (SbConfigFile *self, gboolean changed)
{
  if (self->changed_on_disk == changed)
    return;
  self->changed_on_disk = changed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGED_ON_DISK]);
}

static void
check_disk (SbConfigFile *self)
{
  g_autofree char *contents = read_disk (self);

  self->n_checks++;
  /* A file that is gone is saved again by the next change; nothing to reload. */
  if (contents != NULL && g_strcmp0 (contents, self->known_text) != 0)
    set_changed_on_disk (self, TRUE);
}

static void
file_changed_cb (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                 SbConfigFile *self)
{
  switch (event)
    {
      case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      case G_FILE_MONITOR_EVENT_CREATED:
      case G_FILE_MONITOR_EVENT_MOVED_IN:
      case G_FILE_MONITOR_EVENT_RENAMED:
      case G_FILE_MONITOR_EVENT_DELETED:
        check_disk (self);
        break;
      case G_FILE_MONITOR_EVENT_CHANGED:
      case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
      case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
      case G_FILE_MONITOR_EVENT_UNMOUNTED:
      case G_FILE_MONITOR_EVENT_MOVED:
      case G_FILE_MONITOR_EVENT_MOVED_OUT:
      default:
        break;
    }
}

SbConfigFile *
sb_config_file_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (SB_TYPE_CONFIG_FILE, "path", path, NULL);
}

const char *
sb_config_file_get_path (SbConfigFile *self)
{
  g_return_val_if_fail (SB_IS_CONFIG_FILE (self), NULL);
  return self->path;
}

SbConfig *
sb_config_file_load (SbConfigFile *self, gboolean missing_is_empty, GError **error)
{
  g_return_val_if_fail (SB_IS_CONFIG_FILE (self), NULL);

  if (missing_is_empty && !g_file_test (self->path, G_FILE_TEST_EXISTS))
    return sb_config_new ();
  return sb_config_load_from_file (self->path, error);
}

gboolean
sb_config_file_save (SbConfigFile *self, SbConfig *config, GError **error)
{
  g_return_val_if_fail (SB_IS_CONFIG_FILE (self), FALSE);
  g_return_val_if_fail (SB_IS_CONFIG (config), FALSE);

  if (!sb_config_save_to_file (config, self->path, error))
    return FALSE;
  g_free (self->known_text);
  self->known_text = read_disk (self);
  return TRUE;
}

void
sb_config_file_unwatch (SbConfigFile *self)
{
  g_return_if_fail (SB_IS_CONFIG_FILE (self));

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_pointer (&self->known_text, g_free);
  set_changed_on_disk (self, FALSE);
}

void
sb_config_file_watch (SbConfigFile *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (SB_IS_CONFIG_FILE (self));

  sb_config_file_unwatch (self);
  self->known_text = read_disk (self);
  file = g_file_new_for_path (self->path);
  /* WATCH_MOVES: an atomic save (ours or an editor's) renames a file into place. */
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      /* Not fatal: the file is still saved, only outside changes go unnoticed. */
      g_message ("Cannot watch %s for changes: %s", self->path, error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (file_changed_cb), self);
}

gboolean
sb_config_file_is_watched (SbConfigFile *self)
{
  g_return_val_if_fail (SB_IS_CONFIG_FILE (self), FALSE);
  return self->monitor != NULL;
}

gboolean
sb_config_file_get_changed_on_disk (SbConfigFile *self)
{
  g_return_val_if_fail (SB_IS_CONFIG_FILE (self), FALSE);
  return self->changed_on_disk;
}

gboolean
sb_config_file_check (SbConfigFile *self)
{
  g_return_val_if_fail (SB_IS_CONFIG_FILE (self), FALSE);

  if (self->monitor == NULL)
    return FALSE;
  if (!self->changed_on_disk)
    check_disk (self);
  return self->changed_on_disk;
}

void
sb_config_file_accept_disk (SbConfigFile *self)
{
  g_return_if_fail (SB_IS_CONFIG_FILE (self));

  g_free (self->known_text);
  self->known_text = read_disk (self);
  set_changed_on_disk (self, FALSE);
}

guint
sb_config_file_get_n_checks (SbConfigFile *self)
{
  g_return_val_if_fail (SB_IS_CONFIG_FILE (self), 0);
  return self->n_checks;
}

/* "12:5: message": a position in the file, which sticks to the file name. */
static gboolean
is_position (const char *line)
{
  const char *p = line;

  for (guint part = 0; part < 2; part++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p++ != ':')
        return FALSE;
    }
  return TRUE;
}

char *
sb_config_file_format_error (const char *file, const GError *error)
{
  g_auto (GStrv) lines = NULL;
  GString *text;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  lines = g_strsplit (error->message, "\n", -1);
  text = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (is_position (lines[i]))
        g_string_append_printf (text, "%s:%s", file, lines[i]);
      else
        g_string_append_printf (text, "%s: %s", file, lines[i]);
    }
  return g_string_free (text, FALSE);
}

static void
sb_config_file_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbConfigFile *self = SB_CONFIG_FILE (object);

  switch (prop_id)
    {
      case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
      case PROP_CHANGED_ON_DISK:
        g_value_set_boolean (value, self->changed_on_disk);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_config_file_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SbConfigFile *self = SB_CONFIG_FILE (object);

  switch (prop_id)
    {
      case PROP_PATH:
        self->path = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_config_file_dispose (GObject *object)
{
  SbConfigFile *self = SB_CONFIG_FILE (object);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  G_OBJECT_CLASS (sb_config_file_parent_class)->dispose (object);
}

static void
sb_config_file_finalize (GObject *object)
{
  SbConfigFile *self = SB_CONFIG_FILE (object);

  g_free (self->path);
  g_free (self->known_text);
  G_OBJECT_CLASS (sb_config_file_parent_class)->finalize (object);
}

static void
sb_config_file_class_init (SbConfigFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sb_config_file_get_property;
  object_class->set_property = sb_config_file_set_property;
  object_class->dispose = sb_config_file_dispose;
  object_class->finalize = sb_config_file_finalize;

  properties[PROP_PATH]
      = g_param_spec_string ("path", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGED_ON_DISK] = g_param_spec_boolean (
      "changed-on-disk", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_config_file_init (SbConfigFile *self)
{
}
