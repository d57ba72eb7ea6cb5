/* signalboard-shopfloor-sim.c: publishes the seed's shopfloor feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
int
main (void)
{
  return 0;
}
