/* sb-serve-store.h: the data sources that `signalboard-cli serve` connects,
 * and the latest message of every topic they receive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

/* The latest message of one topic, kept as the JSON that serve sends. */
typedef struct
{
  char *topic;
  guint source_index;
  guint64 count;
  gint64 time;      /* µs since the epoch, when it arrived */
  GString *line;    /* the jsonl object of the latest message (exactly the CLI's) */
  gsize content_at; /* where its keys after "retained" start, for /api/v1/values */
  int qos;
  gboolean retained;
  guint64 seq; /* the store's sequence number at its latest change */
  GList link;  /* in the store's list of changes, oldest first */
} SbServeTopic;

#define SB_TYPE_SERVE_STORE (sb_serve_store_get_type ())
G_DECLARE_FINAL_TYPE (SbServeStore, sb_serve_store, SB, SERVE_STORE, GObject)

/* Keeps at most @max_topics topics per data source; later new topics are
 * counted, not kept. */
SbServeStore *
sb_serve_store_new (guint max_topics);

/* Adds a data source (copied). With @error_message the source is not
 * connected and stays "failed" with that message (its credentials could not
 * be found, say). Returns its index. */
guint
sb_serve_store_add (SbServeStore *self, SbDataSource *source, const char *error_message);
/* Connects every data source that can be. */
void
sb_serve_store_start (SbServeStore *self);
void
sb_serve_store_stop (SbServeStore *self);

guint
sb_serve_store_get_n_sources (SbServeStore *self);
/* The index of the source named @name, or -1. */
int
sb_serve_store_find (SbServeStore *self, const char *name);
SbDataSource *
sb_serve_store_get_source (SbServeStore *self, guint index);
/* "connecting", "connected", "reconnecting" or "failed". */
const char *
sb_serve_store_get_state (SbServeStore *self, guint index);
/* A message, or NULL. */
const char *
sb_serve_store_get_error (SbServeStore *self, guint index);
/* The source's name as a JSON string. */
const char *
sb_serve_store_get_name_json (SbServeStore *self, guint index);
/* The topics of source @index, in the order they first came (borrowed). */
GPtrArray *
sb_serve_store_get_topics (SbServeStore *self, guint index);
/* How many new topics were not kept because of the limit. */
guint64
sb_serve_store_get_topics_not_kept (SbServeStore *self, guint index);

/* Every topic, the least recently changed first: a reader that has seen
 * everything up to sequence number N sends the topics after the last one
 * with seq <= N, each once with its latest value. */
GList *
sb_serve_store_get_changes (SbServeStore *self);
GList *
sb_serve_store_get_last_change (SbServeStore *self);
/* The sequence number of the latest change of source @index's state. */
guint64
sb_serve_store_get_state_seq (SbServeStore *self, guint index);

/* Appends {"source":…,"state":…,"error":…} (the data of an `event: state`). */
void
sb_serve_store_append_state_json (SbServeStore *self, guint index, GString *out);

/* Signals:
 *  "topic-changed" (gpointer SbServeTopic): a message came for that topic.
 *  "state-changed" (guint source_index). */

G_END_DECLS
