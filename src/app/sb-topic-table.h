/* sb-topic-table.h: the preview's table of topics: a sortable column view
 * of SbTopicRows (Topic, Value, QoS, Retained, Count, Last update, Trend)
 * with the Ctrl+F filter (an MQTT wildcard filter such as shopfloor/+/, or
 * a substring) and one selected row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-topic-row.h"

G_BEGIN_DECLS

#define SB_TYPE_TOPIC_TABLE (sb_topic_table_get_type ())
G_DECLARE_FINAL_TYPE (SbTopicTable, sb_topic_table, SB, TOPIC_TABLE, GtkWidget)

/* "model": the GListModel of SbTopicRow shown; "selected-row" (read-only,
 * notified): the selected row among those shown, or NULL. */
GtkWidget *
sb_topic_table_new (void);
void
sb_topic_table_set_model (SbTopicTable *self, GListModel *model);
GListModel *
sb_topic_table_get_model (SbTopicTable *self);
SbTopicRow *
sb_topic_table_get_selected_row (SbTopicTable *self);

void
sb_topic_table_set_filter (SbTopicTable *self, const char *text);
/* Shows the filter entry and puts the keyboard focus in it (Ctrl+F). */
void
sb_topic_table_begin_filter (SbTopicTable *self);
/* Selects the row of @topic among those shown (none when it is not shown). */
void
sb_topic_table_select_topic (SbTopicTable *self, const char *topic);

GtkColumnView *
sb_topic_table_get_column_view (SbTopicTable *self);
/* The rows shown (after the filter). */
guint
sb_topic_table_get_n_rows (SbTopicTable *self);
/* The text of the cell at (@row, @column) in display (sorted) order, or NULL. */
char *
sb_topic_table_dup_cell_text (SbTopicTable *self, guint row, guint column);

/* "3 s ago" etc.; @now and @time in g_get_real_time () microseconds. */
char *
sb_format_relative_time (gint64 now, gint64 time);

G_END_DECLS
