/* sb-topic-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-topic-row.h"
