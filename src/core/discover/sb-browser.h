/* sb-browser.h: a data source's broker browsed as a topic tree
 *
 * The browser connects with the data source's broker, transport and
 * credentials but a client id of its own and a clean session (never the data
 * source's fixed client id, which would make the broker drop the preview's
 * connection, nor its persistent session, nor its last will), subscribes to
 * "#" (and "$SYS/#" when asked) and feeds every message to an SbTopicTree.
 * It also deletes the retained messages under a node.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-data-source.h"
#include "sb-mqtt-session.h"
#include "sb-topic-tree.h"

G_BEGIN_DECLS

#define SB_TYPE_BROWSER (sb_browser_get_type ())
G_DECLARE_FINAL_TYPE (SbBrowser, sb_browser, SB, BROWSER, GObject)

/* A snapshot of @source's connection settings (its subscriptions are not
 * used). @topic_limit and @payload_limit bound the tree. */
SbBrowser *
sb_browser_new (SbDataSource *source, gboolean include_sys, guint topic_limit, gsize payload_limit);

void
sb_browser_start (SbBrowser *self);
void
sb_browser_stop (SbBrowser *self);

SbTopicTree *
sb_browser_get_tree (SbBrowser *self);
/* The connection (its "state" and "last-error" say how it goes). */
SbMqttSession *
sb_browser_get_session (SbBrowser *self);
/* The settings the browser connects with (its own client id, "#"). */
SbDataSource *
sb_browser_get_source (SbBrowser *self);

/* Clears every retained message at @node and below it (NULL: everywhere) by
 * publishing an empty retained message to each topic whose latest message was
 * retained. Progress is "deleting" and "delete-done" of "delete-total": a
 * topic counts as done when its empty message has come back through "#".
 * Returns how many topics it clears, or -1 and an error when the connection
 * cannot publish now. */
int
sb_browser_delete_retained (SbBrowser *self, SbTopicNode *node, GError **error);
gboolean
sb_browser_get_deleting (SbBrowser *self);
guint
sb_browser_get_delete_total (SbBrowser *self);
guint
sb_browser_get_delete_done (SbBrowser *self);

G_END_DECLS
