/* sb-mqtt-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-mqtt-session.h"
