/* lectern-text-selector.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-text-selector.h"

#include <string.h>

/* Where a passage is in an article's text, kept so that it is found again: the W3C Web
 * Annotation model's text-position selector (character offsets, counted in Unicode code
 * points as the model says) and text-quote selector (the passage, and the text just
 * before and after it).
 *
 * Finding it again tries the position first: if the text there is still the passage,
 * that is where it is. Otherwise it is looked for by its quote: of every place the
 * passage's text stands, the one whose surroundings agree most with the prefix and the
 * suffix kept, and of those the nearest to where it was. A passage whose text is no
 * longer anywhere is not found; the caller keeps it all the same.
 */

G_DEFINE_BOXED_TYPE (LecternTextSelector, lectern_text_selector,
                     lectern_text_selector_copy, lectern_text_selector_free)

/**
 * lectern_text_selector_new:
 * @exact: the passage
 * @prefix: (nullable): the text before it
 * @suffix: (nullable): the text after it
 * @start: where it started, in characters
 * @end: where it ended, in characters
 *
 * Returns: (transfer full): a selector with these parts, as the library stored them
 */
LecternTextSelector *
lectern_text_selector_new (const char *exact,
                           const char *prefix,
                           const char *suffix,
                           guint       start,
                           guint       end)
{
  LecternTextSelector *selector;

  g_return_val_if_fail (exact != NULL, NULL);

  selector = g_new0 (LecternTextSelector, 1);
  selector->exact = g_strdup (exact);
  selector->prefix = g_strdup (prefix ? prefix : "");
  selector->suffix = g_strdup (suffix ? suffix : "");
  selector->start = start;
  selector->end = end;
  return selector;
}

/**
 * lectern_text_selector_new_for_range:
 * @text: an article's text, in UTF-8
 * @start: where the passage starts, in characters
 * @end: where it ends, in characters
 *
 * Returns: (transfer full) (nullable): the selector of the passage, or %NULL when @text
 *   is not UTF-8 or the range is empty or past its end
 */
LecternTextSelector *
lectern_text_selector_new_for_range (const char *text,
                                     guint       start,
                                     guint       end)
{
  LecternTextSelector *selector;
  const char *from;
  const char *to;
  const char *before;
  const char *after;
  glong length;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  length = g_utf8_strlen (text, -1);
  if (start >= end || end > (gulong)length)
    return NULL;

  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (from, end - start);
  before = g_utf8_offset_to_pointer (text, start - MIN (start, LECTERN_TEXT_SELECTOR_CONTEXT));
  after = g_utf8_offset_to_pointer (to, MIN ((gulong)length - end, LECTERN_TEXT_SELECTOR_CONTEXT));

  selector = g_new0 (LecternTextSelector, 1);
  selector->exact = g_strndup (from, to - from);
  selector->prefix = g_strndup (before, from - before);
  selector->suffix = g_strndup (to, after - to);
  selector->start = start;
  selector->end = end;
  return selector;
}

LecternTextSelector *
lectern_text_selector_copy (const LecternTextSelector *selector)
{
  g_return_val_if_fail (selector != NULL, NULL);

  return lectern_text_selector_new (selector->exact, selector->prefix, selector->suffix,
                                    selector->start, selector->end);
}

void
lectern_text_selector_free (LecternTextSelector *selector)
{
  if (!selector)
    return;

  g_free (selector->exact);
  g_free (selector->prefix);
  g_free (selector->suffix);
  g_free (selector);
}

/* How many bytes before @at agree with the end of @prefix. */
static gsize
agreeing_before (const char *text,
                 const char *at,
                 const char *prefix)
{
  gsize n = strlen (prefix);
  gsize agree = 0;

  while (agree < n && at - agree > text && at[-1 - (gssize)agree] == prefix[n - 1 - agree])
    agree++;

  return agree;
}

/* How many bytes from @at agree with the start of @suffix. */
static gsize
agreeing_after (const char *at,
                const char *suffix)
{
  gsize agree = 0;

  while (suffix[agree] && at[agree] == suffix[agree])
    agree++;

  return agree;
}

/**
 * lectern_text_selector_anchor:
 * @selector: a passage
 * @text: the article's text now, in UTF-8
 * @start: (out): where the passage is now, in characters
 * @end: (out): where it ends
 *
 * Finds the passage in @text: at its position if its text is still there, else where its
 * quote stands with the surroundings most like those it had, nearest to where it was.
 *
 * Returns: %TRUE if it was found; %FALSE when its text is no longer in @text
 */
gboolean
lectern_text_selector_anchor (const LecternTextSelector *selector,
                              const char                *text,
                              guint                     *start,
                              guint                     *end)
{
  gsize exact_length;
  glong length;
  gsize best_score = 0;
  guint best_start = 0;
  guint best_distance = G_MAXUINT;
  gboolean found = FALSE;
  const char *counted;
  guint counted_offset;
  guint exact_chars;

  g_return_val_if_fail (selector != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  exact_length = selector->exact ? strlen (selector->exact) : 0;
  if (exact_length == 0 || !g_utf8_validate (text, -1, NULL) ||
      !g_utf8_validate (selector->exact, -1, NULL))
    return FALSE;

  exact_chars = g_utf8_strlen (selector->exact, -1);
  length = g_utf8_strlen (text, -1);

  /* Where it was, if it is still there. */
  if (selector->start < selector->end && selector->end <= (gulong)length &&
      selector->end - selector->start == exact_chars) {
    const char *from = g_utf8_offset_to_pointer (text, selector->start);

    if (strncmp (from, selector->exact, exact_length) == 0) {
      *start = selector->start;
      *end = selector->end;
      return TRUE;
    }
  }

  /* Else where its quote is, in the surroundings most like its own. The offsets are
   * counted on from the last place found, so the text is read once.
   */
  counted = text;
  counted_offset = 0;
  for (const char *at = strstr (text, selector->exact); at;
       at = strstr (g_utf8_next_char (at), selector->exact)) {
    gsize score;
    guint offset;
    guint distance;

    counted_offset += g_utf8_pointer_to_offset (counted, at);
    counted = at;
    offset = counted_offset;

    score = agreeing_before (text, at, selector->prefix ? selector->prefix : "") +
            agreeing_after (at + exact_length, selector->suffix ? selector->suffix : "");
    distance = offset > selector->start ? offset - selector->start : selector->start - offset;

    if (!found || score > best_score || (score == best_score && distance < best_distance)) {
      found = TRUE;
      best_score = score;
      best_start = offset;
      best_distance = distance;
    }
  }

  if (!found)
    return FALSE;

  *start = best_start;
  *end = best_start + exact_chars;
  return TRUE;
}
