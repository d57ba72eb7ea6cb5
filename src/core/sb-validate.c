/* sb-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-validate.h"
