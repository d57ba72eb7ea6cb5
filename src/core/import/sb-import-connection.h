/* sb-import-connection.h: one connection of another tool's file as an import
 * reads it: its name there, the data source it becomes, the notes that say
 * what could not be mapped as it was, and certificates given inline
 *
 * The format readers fill it (through the field mappings of
 * sb-import-common.h); SbImport holds the result and sb_import_apply() writes
 * the certificates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

typedef enum
{
  SB_IMPORT_CERT_CA,
  SB_IMPORT_CERT_CLIENT,
  SB_IMPORT_CERT_KEY,
  SB_IMPORT_N_CERTS
} SbImportCert;

typedef struct
{
  char *name;           /* in the other tool */
  SbDataSource *source; /* NULL: cannot be imported */
  GPtrArray *notes;     /* char *, NULL-terminated */
  /* Certificates given inline, written by sb_import_apply(). */
  GBytes *certs[SB_IMPORT_N_CERTS];
  char *cert_suffixes[SB_IMPORT_N_CERTS]; /* file name extension, e.g. ".pem" */
} SbImportConnection;

/* A connection named @name (may be NULL until known) with a fresh data
 * source holding Signalboard's defaults and no notes. */
SbImportConnection *
sb_import_connection_new (const char *name);
void
sb_import_connection_free (SbImportConnection *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbImportConnection, sb_import_connection_free)

void
sb_import_connection_note (SbImportConnection *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Marks @self as not importable (drops its data source) with a note. */
void
sb_import_connection_reject (SbImportConnection *self, const char *format, ...)
    G_GNUC_PRINTF (2, 3);

G_END_DECLS
