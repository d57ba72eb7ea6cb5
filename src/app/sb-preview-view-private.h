/* sb-preview-view-private.h: what sb-preview-view.c and
 * sb-preview-view-inspect.c (filter, selection, details, row actions) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-details-pane.h"
#include "sb-preview-view.h"

G_BEGIN_DECLS

typedef enum
{
  COLUMN_TOPIC,
  COLUMN_VALUE,
  COLUMN_QOS,
  COLUMN_RETAINED,
  COLUMN_COUNT,
  COLUMN_UPDATED,
  N_COLUMNS
} Column;

/* How long a changed value stays highlighted before the CSS transition fades it. */
#define FLASH_MS 250

struct _SbPreviewView
{
  GtkWidget parent_instance;

  GtkLabel *state_dot;
  GtkLabel *state_label;
  GtkLabel *count_label;
  GtkLabel *detail_label;
  GtkColumnView *column_view;
  GtkColumnViewColumn *topic_column;
  GtkColumnViewColumn *value_column;
  GtkColumnViewColumn *qos_column;
  GtkColumnViewColumn *retained_column;
  GtkColumnViewColumn *count_column;
  GtkColumnViewColumn *updated_column;
  GtkColumnViewColumn *trend_column;
  GtkSearchBar *search_bar;
  GtkSearchEntry *filter_entry;
  SbDetailsPane *details_pane;

  SbPreviewModel *model;
  GtkSortListModel *sorted;
  /* model -> filtered (Ctrl+F) -> sorted -> selection (the details pane's row) */
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  GtkSingleSelection *selection;
  char *filter_text;        /* as typed; NULL or "" shows every row */
  char *filter_folded;      /* casefolded, for a substring filter */
  gboolean filter_is_mqtt;  /* has + or #: an MQTT subscription filter */
  gboolean filter_is_ascii; /* substring of ASCII only: no allocation per row */
  gboolean paused;
  gboolean show_details;
  SbMqttSession *session;
  char *message;
  char *subscription_error;
  /* The "Last update" cells currently bound (sb-preview-view-cells.c), ticked once a second. */
  GHashTable *updated_cells;
  guint tick_id;
  /* While mapped: each painted frame lets the model announce its next slice
   * of new rows (sb_preview_model_set_paced ()). */
  GdkFrameClock *frame_clock;
  gulong after_paint_id;
};

/* sb-preview-view-cells.c: the text columns' cells */
void
sb_preview_view_cells_init (SbPreviewView *self);
/* Moves the "Last update" texts on; formats only those whose text changes. */
void
sb_preview_view_cells_tick (SbPreviewView *self);
void
sb_preview_view_cells_finalize (SbPreviewView *self);
char *
sb_preview_view_format_cell (SbTopicRow *row, Column column, gint64 now);

/* sb-preview-view-inspect.c */
void
sb_preview_view_inspect_class_init (GtkWidgetClass *widget_class);
void
sb_preview_view_inspect_init (SbPreviewView *self);
void
sb_preview_view_inspect_dispose (SbPreviewView *self);
/* Enables the row actions for the session's state and the selection. */
void
sb_preview_view_update_actions (SbPreviewView *self);

G_END_DECLS
