/* cli-listen-output.h: how signalboard-cli listen prints what arrives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sb-message.h"

G_BEGIN_DECLS

typedef enum
{
  SB_LISTEN_FORMAT_JSONL,
  SB_LISTEN_FORMAT_TABLE,
  SB_LISTEN_FORMAT_NONE,
} SbListenFormat;

typedef struct _SbListenOutput SbListenOutput;

/* @source_name is the "source" of each jsonl line. */
SbListenOutput *
sb_listen_output_new (SbListenFormat format, const char *source_name);
void
sb_listen_output_free (SbListenOutput *output);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbListenOutput, sb_listen_output_free)

/* A jsonl line ends with "content_type" and "user_properties" ([[name,
 * value], …]) when the message has those MQTT 5 properties, after every
 * other key; "time" is when it arrived. */
void
sb_listen_output_message (SbListenOutput *output, SbMessage *message);
/* Topics kept at most (table: rows; none: the set the summary counts); the
 * messages of further topics are still counted, their topics too, and
 * "N topics not shown: limit L" follows the table and the summary. jsonl
 * keeps no topics: every message is printed. */
void
sb_listen_output_set_max_topics (SbListenOutput *output, guint max_topics);
/* Flushes stdout, draws the table a last time, prints the summary of "none". */
void
sb_listen_output_finish (SbListenOutput *output);
guint64
sb_listen_output_get_count (SbListenOutput *output);
/* The data path of subscription @subscription_index (NULL or "": none).
 * With one, a jsonl line adds "value" (the JSON value it selects) right
 * after the payload key; when it selects nothing or the payload is not
 * JSON, "value":null and "value_error" with the reason. */
void
sb_listen_output_set_data_path (SbListenOutput *output, guint subscription_index,
                                const char *expression);

G_END_DECLS
