/* sb-window-private.h: what the parts of SbWindow share (sb-window.c: the
 * file and the list; sb-window-sources.c: add, edit, duplicate, delete,
 * preview; sb-window-files.c: open, new, save as; sb-window-import.c:
 * import, export; sb-window-monitor.c: the file changed by another program)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-window.h"

G_BEGIN_DECLS

struct _SbWindow
{
  GtkApplicationWindow parent_instance;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkStack *stack;
  GtkListBox *sources_list;
  GtkLabel *error_title;
  GtkLabel *error_label;
  GtkRevealer *undo_revealer;
  GtkLabel *undo_label;
  GtkWidget *undo_button;
  GtkWidget *menu_button;
  GtkWidget *error_open_button;
  GtkWidget *error_new_button;

  SbConfig *config;
  char *path;

  /* The last deleted data source, while Undo is offered. */
  SbDataSource *deleted;
  guint deleted_position;
  guint undo_id;

  /* Data source (borrowed) -> its SbPreviewWindow (borrowed, removed on destroy). */
  GHashTable *previews;
  SbSourceDialog *dialog;
  SbImportDialog *import_dialog;
  /* The open file as we loaded or last wrote it, watched for other writers. */
  GtkInfoBar *change_bar;
  GFileMonitor *monitor;
  char *disk_text;
  gboolean change_pending;
  guint n_file_checks;
  /* The data source Export… asked a file name for. */
  char *export_id;
};

/* sb-window.c */
void
sb_window_update_title (SbWindow *self);
void
sb_window_update_actions (SbWindow *self);
void
sb_window_set_config (SbWindow *self, SbConfig *config, const char *path);
void
sb_window_remember_file (SbWindow *self);
/* Every confirmed change is written at once; the core writes atomically. */
gboolean
sb_window_save (SbWindow *self, GError **error);
void
sb_window_show_save_error (SbWindow *self, const GError *error);

/* sb-window-sources.c */
void
sb_window_add_source_actions (SbWindow *self);
void
sb_window_row_activated_cb (SbWindow *self, GtkListBoxRow *row);
void
sb_window_update_row_sessions (SbWindow *self);
/* Closes the Add/Edit dialog and every preview window. */
void
sb_window_close_children (SbWindow *self);
/* Ends the Undo offer: a delete still pending is final then. */
void
sb_window_dismiss_undo (SbWindow *self);
/* A short message where Undo is offered (without Undo), e.g. after an export. */
void
sb_window_show_notice (SbWindow *self, const char *text);

/* sb-window-import.c */
void
sb_window_add_import_actions (SbWindow *self);

/* sb-window-monitor.c */
void
sb_window_add_monitor_actions (SbWindow *self);
/* Starts watching self->path (as it is on disk now) for other writers. */
void
sb_window_watch (SbWindow *self);
void
sb_window_unwatch (SbWindow *self);
/* Our own save: what is on disk now is ours. */
void
sb_window_note_saved (SbWindow *self);
/* FALSE (with a message naming the file) while another program's change
 * waits for Reload or Keep My Version. */
gboolean
sb_window_check_unchanged (SbWindow *self, GError **error);
void
sb_window_set_change_pending (SbWindow *self, gboolean pending);

/* sb-window-files.c */
void
sb_window_add_file_actions (SbWindow *self);

G_END_DECLS
