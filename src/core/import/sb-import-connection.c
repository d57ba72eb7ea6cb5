/* sb-import-connection.c: one connection as an import reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-import-connection.h"

SbImportConnection *
sb_import_connection_new (const char *name)
{
  SbImportConnection *self = g_new0 (SbImportConnection, 1);

  self->name = g_strdup (name);
  self->source = sb_data_source_new ();
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
  return self;
}

void
sb_import_connection_free (SbImportConnection *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_object (&self->source);
  g_ptr_array_unref (self->notes);
  for (guint i = 0; i < SB_IMPORT_N_CERTS; i++)
    {
      g_clear_pointer (&self->certs[i], g_bytes_unref);
      g_free (self->cert_suffixes[i]);
    }
  g_free (self);
}

static void
add_note (SbImportConnection *self, char *note)
{
  /* Keep the array NULL-terminated for sb_import_get_notes(). */
  g_ptr_array_insert (self->notes, self->notes->len - 1, note);
}

void
sb_import_connection_note (SbImportConnection *self, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  add_note (self, g_strdup_vprintf (format, args));
  va_end (args);
}

void
sb_import_connection_reject (SbImportConnection *self, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  add_note (self, g_strdup_vprintf (format, args));
  va_end (args);
  g_clear_object (&self->source);
}
