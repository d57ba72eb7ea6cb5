/* sb-row-pacer.h: a list model that passes another one's new items on to a
 * list view at the pace its widgets can be made: those that would land among
 * the rows the view keeps widgets for, a few per frame; the others at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SB_TYPE_ROW_PACER (sb_row_pacer_get_type ())
G_DECLARE_FINAL_TYPE (SbRowPacer, sb_row_pacer, SB, ROW_PACER, GObject)

/* @costly matches the items that would make widgets if shown now (the view's
 * own judgement: where the item sorts against the rows on screen); at most
 * @budget of them go on per frame of @widget, the rest wait for the next
 * frames. The items keep the order in which they went on, not the model's.
 * The model may only append items or remove them all (SbPreviewModel). */
SbRowPacer *
sb_row_pacer_new (GtkWidget *widget, GtkFilter *costly, guint budget);
void
sb_row_pacer_set_model (SbRowPacer *self, GListModel *model);
/* Items still waiting for a frame. */
guint
sb_row_pacer_get_n_waiting (SbRowPacer *self);
/* Every waiting item on now (the view went off screen: no widgets to make). */
void
sb_row_pacer_release_all (SbRowPacer *self);

G_END_DECLS
