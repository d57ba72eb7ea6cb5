/* sb-preview-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-preview-model.h"
