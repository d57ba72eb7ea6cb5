/* sb-import.h: connections from MQTT Explorer and MQTTX, as Signalboard data sources
 *
 * An import happens in two steps so that a user can look before anything is
 * written: sb_import_load_from_file() reads the other tool's file and maps
 * every connection (writing nothing), then sb_import_apply() adds the
 * importable ones to a configuration, writing inline certificates beside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-config.h"
#include "sb-data-source.h"
#include "sb-error.h" /* SB_IMPORT_ERROR */

G_BEGIN_DECLS

typedef enum
{
  SB_IMPORT_FORMAT_MQTT_EXPLORER, /* "mqtt-explorer": its settings.json */
  SB_IMPORT_FORMAT_MQTTX,         /* "mqttx": its JSON export */
  SB_IMPORT_FORMAT_AUTO,          /* "auto": whichever of the two the file is (by its shape);
                                   * sb_import_get_format() then says which */
} SbImportFormat;

#define SB_TYPE_IMPORT_FORMAT (sb_import_format_get_type ())
GType
sb_import_format_get_type (void);

/* A file from another tool is never this big (MQTTX exports may hold message history). */
#define SB_IMPORT_MAX_SIZE (64 * 1024 * 1024)

gboolean
sb_import_format_from_string (const char *text, SbImportFormat *format);
const char *
sb_import_format_to_string (SbImportFormat format);

typedef struct _SbImport SbImport;

/* Reads and maps every connection of @path. Fails (SB_IMPORT_ERROR) only when
 * the file as a whole cannot be used; a connection that cannot be mapped is
 * kept in the result without a data source, its notes saying why. */
SbImport *
sb_import_load_from_file (SbImportFormat format, const char *path, GError **error);
SbImport *
sb_import_load_from_data (SbImportFormat format, const char *data, gssize length, GError **error);
/* The same in a worker thread, for a UI: a large MQTTX export takes seconds. */
void
sb_import_load_from_file_async (SbImportFormat format, const char *path, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
SbImport *
sb_import_load_from_file_finish (GAsyncResult *result, GError **error);
void
sb_import_free (SbImport *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbImport, sb_import_free)

SbImportFormat
sb_import_get_format (SbImport *self);
/* Every connection of the input, in its order. */
guint
sb_import_get_n_connections (SbImport *self);
/* The connection's name in the other tool. */
const char *
sb_import_get_connection_name (SbImport *self, guint position);
/* The data source it becomes (borrowed), or NULL when it cannot be imported.
 * Certificates given inline are not written yet: their tls fields are set by
 * sb_import_apply(). */
SbDataSource *
sb_import_get_data_source (SbImport *self, guint position);
/* One sentence per field that could not be mapped as it was, or per choice
 * the import made ("no subscriptions: subscribed to “#”"); NULL-terminated,
 * empty when everything was mapped. Never contains a password. */
const char *const *
sb_import_get_notes (SbImport *self, guint position);
/* What the data source connects to, for a preview or a report:
 * "broker.example:8883, TLS, 6 subscriptions"; NULL when it cannot be imported. */
char *
sb_import_dup_summary (SbImport *self, guint position);
/* How many connections have a data source. */
guint
sb_import_get_n_importable (SbImport *self);

/* The names of importable data sources that @config already has, in input
 * order; NULL-terminated (empty when none), free with g_strfreev(). */
char **
sb_import_find_conflicts (SbImport *self, SbConfig *config);

/* For "import anyway": renames each importable data source whose name
 * @config already has to the first free "NAME (2)", "NAME (3)"…, noting it.
 * Returns how many were renamed. (The CLI refuses instead.) */
guint
sb_import_rename_conflicts (SbImport *self, SbConfig *config);

typedef enum
{
  SB_IMPORT_PASSWORDS_KEYRING,  /* into the Secret Service; "password_store": "keyring" */
  SB_IMPORT_PASSWORDS_FILE,     /* into the configuration file ("auth.password") */
  SB_IMPORT_PASSWORDS_LEAVE_OUT /* not imported; the user gives them at connect time */
} SbImportPasswords;

#define SB_TYPE_IMPORT_PASSWORDS (sb_import_passwords_get_type ())
GType
sb_import_passwords_get_type (void);

/* Appends a copy of every importable data source to @config. Certificates
 * given inline are written into @cert_dir (created if needed) with mode
 * 0600, named after the data source ("Name-ca.pem"), and the copies' tls
 * fields point at them with absolute paths. Passwords go where @passwords
 * says. KEYRING talks to the Secret Service synchronously; a UI rather
 * imports with LEAVE_OUT, then for each copy that needs one calls
 * sb_secrets_store_async() with the password of sb_import_get_data_source()
 * (it keeps its password, and the copy has the same id) and sets the copy's
 * password store to SB_PASSWORD_STORE_KEYRING. Each connection's notes then
 * say where its password went. Refuses (SB_IMPORT_ERROR_DUPLICATE, naming them) when a name
 * is already in @config; on any failure neither @config nor any file nor the
 * keyring is changed. */
gboolean
sb_import_apply (SbImport *self, SbConfig *config, const char *cert_dir,
                 SbImportPasswords passwords, GError **error);

/* A new configuration holding copies of the data sources of @config named
 * @names (in the order given). Fails (SB_IMPORT_ERROR_SHAPE) naming every
 * name that is not there, or a name given twice. */
SbConfig *
sb_export_select (SbConfig *config, const char *const *names, GError **error);

G_END_DECLS
