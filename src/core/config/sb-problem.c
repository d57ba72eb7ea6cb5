/* sb-problem.c: one problem of a data source or configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-problem.h"

G_DEFINE_BOXED_TYPE (SbProblem, sb_problem, sb_problem_copy, sb_problem_free)

SbProblem *
sb_problem_new (int source, int subscription, const char *key, const char *message)
{
  SbProblem *problem;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  problem = g_new0 (SbProblem, 1);
  problem->source = MAX (source, -1);
  problem->subscription = MAX (subscription, -1);
  problem->key = g_strdup (key);
  problem->message = g_strdup (message);
  return problem;
}

SbProblem *
sb_problem_copy (const SbProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return sb_problem_new (problem->source, problem->subscription, problem->key, problem->message);
}

void
sb_problem_free (SbProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->key);
  g_free (problem->message);
  g_free (problem);
}

gboolean
sb_problem_is_subscription_key (const SbProblem *problem, int subscription, const char *key)
{
  g_return_val_if_fail (problem != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return problem->subscription >= 0 && (subscription < 0 || problem->subscription == subscription)
         && g_str_equal (problem->key, key);
}

char *
sb_problem_dup_path (const SbProblem *problem)
{
  GString *path;

  g_return_val_if_fail (problem != NULL, NULL);

  path = g_string_new (NULL);
  if (problem->source >= 0)
    g_string_append_printf (path, "data_sources[%d].", problem->source);
  if (problem->subscription >= 0)
    g_string_append_printf (path, "subscriptions[%d].", problem->subscription);
  g_string_append (path, problem->key);
  return g_string_free (path, FALSE);
}

char *
sb_problems_to_text (GPtrArray *problems)
{
  GString *text;

  g_return_val_if_fail (problems != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const SbProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *path = sb_problem_dup_path (problem);

      g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "", path, problem->message);
    }
  return g_string_free (text, FALSE);
}
