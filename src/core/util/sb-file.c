/* sb-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The quark's name is tokens: clang-format would space them ("sb - file - ..."). */
/* clang-format off */
G_DEFINE_QUARK (sb-file-error-quark, sb_file_error)
/* clang-format on */

G_DEFINE_ENUM_TYPE (SbFileError, sb_file_error,
                    G_DEFINE_ENUM_VALUE (SB_FILE_ERROR_NOT_FOUND, "not-found"),
                    G_DEFINE_ENUM_VALUE (SB_FILE_ERROR_ACCESS, "access"),
                    G_DEFINE_ENUM_VALUE (SB_FILE_ERROR_IS_DIRECTORY, "is-directory"),
                    G_DEFINE_ENUM_VALUE (SB_FILE_ERROR_NOT_REGULAR, "not-regular"),
                    G_DEFINE_ENUM_VALUE (SB_FILE_ERROR_TOO_LARGE, "too-large"),
                    G_DEFINE_ENUM_VALUE (SB_FILE_ERROR_IO, "io"))

static const char *
kind_of (mode_t mode)
{
  if (S_ISFIFO (mode))
    return _ ("is a named pipe (FIFO), not a regular file");
  if (S_ISCHR (mode))
    return _ ("is a character device, not a regular file");
  if (S_ISBLK (mode))
    return _ ("is a block device, not a regular file");
  if (S_ISSOCK (mode))
    return _ ("is a socket, not a regular file");
  return _ ("is not a regular file");
}

static void
set_errno_error (GError **error, int saved)
{
  if (saved == ENOENT || saved == ENOTDIR)
    g_set_error_literal (error, SB_FILE_ERROR, SB_FILE_ERROR_NOT_FOUND, _ ("no such file"));
  else if (saved == EACCES || saved == EPERM)
    g_set_error_literal (error, SB_FILE_ERROR, SB_FILE_ERROR_ACCESS,
                         _ ("permission denied: cannot read the file"));
  else if (saved == EISDIR)
    g_set_error_literal (error, SB_FILE_ERROR, SB_FILE_ERROR_IS_DIRECTORY, _ ("is a directory"));
  else
    g_set_error (error, SB_FILE_ERROR, SB_FILE_ERROR_IO, _ ("cannot read the file: %s"),
                 g_strerror (saved));
}

int
sb_file_open_regular (const char *path, GStatBuf *st, GError **error)
{
  int fd;
  int flags;

  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (st != NULL, -1);

  /* O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of
   * waiting for a writer; O_NOCTTY: a terminal never becomes ours. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno);
      return -1;
    }
  if (fstat (fd, st) != 0)
    {
      set_errno_error (error, errno);
      close (fd);
      return -1;
    }
  if (S_ISDIR (st->st_mode))
    {
      g_set_error_literal (error, SB_FILE_ERROR, SB_FILE_ERROR_IS_DIRECTORY, _ ("is a directory"));
      close (fd);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error_literal (error, SB_FILE_ERROR, SB_FILE_ERROR_NOT_REGULAR, kind_of (st->st_mode));
      close (fd);
      return -1;
    }
  /* A regular file never blocks; plain reads are simpler to reason about. */
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

static void
set_too_large (GError **error, gsize max_size)
{
  g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, SB_FILE_ERROR, SB_FILE_ERROR_TOO_LARGE, _ ("the file is larger than %s"),
               limit);
}

char *
sb_file_read_regular (const char *path, gsize max_size, gsize *length, GStatBuf *st, GError **error)
{
  g_autofree char *data = NULL;
  GStatBuf own_st;
  gsize allocated;
  gsize size = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (st == NULL)
    st = &own_st;
  fd = sb_file_open_regular (path, st, error);
  if (fd < 0)
    return NULL;
  if ((guint64)st->st_size > max_size)
    {
      close (fd);
      set_too_large (error, max_size);
      return NULL;
    }
  /* The size may change while we read: read up to one byte past the limit. */
  allocated = (gsize)st->st_size + 2;
  data = g_malloc (allocated);
  for (;;)
    {
      gssize n;

      if (size + 1 == allocated)
        {
          allocated = MIN (allocated * 2, max_size + 2);
          data = g_realloc (data, allocated);
        }
      n = read (fd, data + size, allocated - 1 - size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          set_errno_error (error, saved);
          return NULL;
        }
      if (n == 0)
        break;
      size += (gsize)n;
      if (size > max_size)
        {
          close (fd);
          set_too_large (error, max_size);
          return NULL;
        }
    }
  close (fd);
  data[size] = '\0';
  if (length != NULL)
    *length = size;
  return g_steal_pointer (&data);
}
