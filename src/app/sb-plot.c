/* sb-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-plot.h"

#include <math.h>

void
sb_plot_history_path (cairo_t *cr, SbHistory *history, SbPlotPointFunc point_func,
                      gpointer user_data)
{
  guint length = sb_history_get_length (history);
  gboolean drawing = FALSE;

  for (guint i = 0; i < length; i++)
    {
      const SbHistoryEntry *entry = sb_history_get (history, i);
      double x, y;

      if (isnan (entry->value))
        {
          /* A message without a number breaks the line. */
          drawing = FALSE;
          continue;
        }
      point_func (i, entry, &x, &y, user_data);
      if (drawing)
        cairo_line_to (cr, x, y);
      else
        {
          /* Stroking a zero-length segment with a round cap draws a lone point. */
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x, y);
          drawing = TRUE;
        }
    }
}
