/* sb-file.h: reading a file a user named, without trusting what it is
 *
 * A path can name a FIFO, a terminal or a device: open (2) on a FIFO with no
 * writer blocks forever, and reading a device may never end. Every file the
 * core reads on a user's word (a configuration, a file to import, a password
 * file) is opened here: without blocking, and refused unless it is a regular
 * file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

#define SB_FILE_ERROR (sb_file_error_quark ())

typedef enum
{
  SB_FILE_ERROR_NOT_FOUND,    /* no such file */
  SB_FILE_ERROR_ACCESS,       /* permission denied */
  SB_FILE_ERROR_IS_DIRECTORY, /* a folder */
  SB_FILE_ERROR_NOT_REGULAR,  /* a FIFO, a device, a socket */
  SB_FILE_ERROR_TOO_LARGE,    /* over the caller's limit */
  SB_FILE_ERROR_IO,           /* any other failure */
} SbFileError;

#define SB_TYPE_FILE_ERROR (sb_file_error_get_type ())
GType
sb_file_error_get_type (void);

GQuark
sb_file_error_quark (void);

/* Opens @path for reading without blocking (O_NONBLOCK, O_NOCTTY) and
 * returns its descriptor (blocking again, close-on-exec) and its status in
 * @st, or -1 with an SB_FILE_ERROR whose message says what the path is
 * ("is a named pipe (FIFO), not a regular file"). */
int
sb_file_open_regular (const char *path, GStatBuf *st, GError **error);

/* The contents of the regular file @path (NUL-terminated; its length in
 * @length), at most @max_size bytes (else SB_FILE_ERROR_TOO_LARGE); @st,
 * when not NULL, receives its status. Opened as sb_file_open_regular (). */
char *
sb_file_read_regular (const char *path, gsize max_size, gsize *length, GStatBuf *st,
                      GError **error);

G_END_DECLS
