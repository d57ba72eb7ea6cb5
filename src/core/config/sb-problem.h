/* sb-problem.h: one problem of a data source or configuration, as a value
 * that says which data source, subscription and key it concerns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SB_TYPE_PROBLEM (sb_problem_get_type ())

/* What was checked decides which indexes are set: sb_data_source_check ()
 * leaves @source at -1, sb_config_check () sets it. @key is the key of the
 * file format inside the innermost of them ("topic" of a subscription,
 * "auth.password" or "user_properties[1].name" of a data source,
 * "subscriptions" for the list itself). A user reads @message; it does not
 * repeat where the problem is. */
typedef struct
{
  int source;       /* index in data_sources, or -1 */
  int subscription; /* index in that source's subscriptions, or -1 */
  char *key;
  char *message;
} SbProblem;

GType
sb_problem_get_type (void) G_GNUC_CONST;

SbProblem *
sb_problem_new (int source, int subscription, const char *key, const char *message);
SbProblem *
sb_problem_copy (const SbProblem *problem);
void
sb_problem_free (SbProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbProblem, sb_problem_free)

/* Whether @problem concerns subscription @subscription's @key (-1: any subscription). */
gboolean
sb_problem_is_subscription_key (const SbProblem *problem, int subscription, const char *key);

/* Where the problem is, as a path of the file format relative to what was
 * checked: "data_sources[0].subscriptions[1].topic", "port". */
char *
sb_problem_dup_path (const SbProblem *problem);

/* "PATH: MESSAGE", one line per problem of @problems (a GPtrArray of SbProblem). */
char *
sb_problems_to_text (GPtrArray *problems);

G_END_DECLS
