/* lectern-core-types.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-core-types.h"

/* The nicks are the strings of the *_to_string () functions, so a GSettings enum key and a
 * GObject enum property can be bound to each other.
 */
G_DEFINE_ENUM_TYPE (LecternFilter, lectern_filter,
  G_DEFINE_ENUM_VALUE (LECTERN_FILTER_UNREAD, "unread"),
  G_DEFINE_ENUM_VALUE (LECTERN_FILTER_FAVOURITES, "favourites"),
  G_DEFINE_ENUM_VALUE (LECTERN_FILTER_ARCHIVE, "archive"),
  G_DEFINE_ENUM_VALUE (LECTERN_FILTER_ALL, "all"))

G_DEFINE_ENUM_TYPE (LecternSort, lectern_sort,
  G_DEFINE_ENUM_VALUE (LECTERN_SORT_NEWEST, "newest"),
  G_DEFINE_ENUM_VALUE (LECTERN_SORT_OLDEST, "oldest"),
  G_DEFINE_ENUM_VALUE (LECTERN_SORT_SHORTEST, "shortest"),
  G_DEFINE_ENUM_VALUE (LECTERN_SORT_LONGEST, "longest"))

G_DEFINE_ENUM_TYPE (LecternSaveState, lectern_save_state,
  G_DEFINE_ENUM_VALUE (LECTERN_SAVE_STATE_SAVED, "saved"),
  G_DEFINE_ENUM_VALUE (LECTERN_SAVE_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (LECTERN_SAVE_STATE_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (LecternTextDirection, lectern_text_direction,
  G_DEFINE_ENUM_VALUE (LECTERN_TEXT_DIRECTION_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (LECTERN_TEXT_DIRECTION_LTR, "ltr"),
  G_DEFINE_ENUM_VALUE (LECTERN_TEXT_DIRECTION_RTL, "rtl"))

G_DEFINE_ENUM_TYPE (LecternDatePrecision, lectern_date_precision,
  G_DEFINE_ENUM_VALUE (LECTERN_DATE_PRECISION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LECTERN_DATE_PRECISION_DAY, "day"),
  G_DEFINE_ENUM_VALUE (LECTERN_DATE_PRECISION_MINUTE, "minute"))

/**
 * lectern_filter_to_string:
 * @filter: a #LecternFilter
 *
 * Returns: (transfer none): "unread", "favourites", "archive" or "all"
 */
const char *
lectern_filter_to_string (LecternFilter filter)
{
  switch (filter) {
    case LECTERN_FILTER_UNREAD:
      return "unread";
    case LECTERN_FILTER_FAVOURITES:
      return "favourites";
    case LECTERN_FILTER_ARCHIVE:
      return "archive";
    case LECTERN_FILTER_ALL:
      return "all";
    default:
      g_return_val_if_reached (NULL);
  }
}

/**
 * lectern_filter_from_string:
 * @string: (nullable): a string lectern_filter_to_string() returns
 * @filter: (out): where to store the filter
 *
 * Returns: %TRUE if @string names a filter; otherwise @filter is left alone
 */
gboolean
lectern_filter_from_string (const char    *string,
                            LecternFilter *filter)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  for (int i = 0; i < LECTERN_N_FILTERS; i++) {
    if (g_strcmp0 (string, lectern_filter_to_string (i)) == 0) {
      *filter = i;
      return TRUE;
    }
  }

  return FALSE;
}

/**
 * lectern_sort_to_string:
 * @sort: a #LecternSort
 *
 * Returns: (transfer none): "newest", "oldest", "shortest" or "longest"
 */
const char *
lectern_sort_to_string (LecternSort sort)
{
  switch (sort) {
    case LECTERN_SORT_NEWEST:
      return "newest";
    case LECTERN_SORT_OLDEST:
      return "oldest";
    case LECTERN_SORT_SHORTEST:
      return "shortest";
    case LECTERN_SORT_LONGEST:
      return "longest";
    default:
      g_return_val_if_reached (NULL);
  }
}

/**
 * lectern_sort_from_string:
 * @string: (nullable): a string lectern_sort_to_string() returns
 * @sort: (out): where to store the sort
 *
 * Returns: %TRUE if @string names a sort; otherwise @sort is left alone
 */
gboolean
lectern_sort_from_string (const char  *string,
                          LecternSort *sort)
{
  g_return_val_if_fail (sort != NULL, FALSE);

  for (int i = LECTERN_SORT_NEWEST; i <= LECTERN_SORT_LONGEST; i++) {
    if (g_strcmp0 (string, lectern_sort_to_string (i)) == 0) {
      *sort = i;
      return TRUE;
    }
  }

  return FALSE;
}

/**
 * lectern_text_direction_to_string:
 * @direction: a #LecternTextDirection
 *
 * Returns: (transfer none): "auto", "ltr" or "rtl", as HTML's `dir` attribute spells them
 */
const char *
lectern_text_direction_to_string (LecternTextDirection direction)
{
  switch (direction) {
    case LECTERN_TEXT_DIRECTION_AUTO:
      return "auto";
    case LECTERN_TEXT_DIRECTION_LTR:
      return "ltr";
    case LECTERN_TEXT_DIRECTION_RTL:
      return "rtl";
    default:
      g_return_val_if_reached ("auto");
  }
}

/**
 * lectern_text_direction_from_string:
 * @string: (nullable): "auto", "ltr" or "rtl", in any case
 *
 * Reads a direction as stored or as found in a page's `dir` attribute.
 *
 * Returns: the direction; %LECTERN_TEXT_DIRECTION_AUTO for anything else
 */
LecternTextDirection
lectern_text_direction_from_string (const char *string)
{
  if (!string)
    return LECTERN_TEXT_DIRECTION_AUTO;

  if (g_ascii_strcasecmp (string, "ltr") == 0)
    return LECTERN_TEXT_DIRECTION_LTR;

  if (g_ascii_strcasecmp (string, "rtl") == 0)
    return LECTERN_TEXT_DIRECTION_RTL;

  return LECTERN_TEXT_DIRECTION_AUTO;
}

/**
 * lectern_date_precision_to_string:
 * @precision: a #LecternDatePrecision
 *
 * Returns: (transfer none) (nullable): "day" or "minute", as the library and its backups
 *   store them, or %NULL for %LECTERN_DATE_PRECISION_NONE
 */
const char *
lectern_date_precision_to_string (LecternDatePrecision precision)
{
  switch (precision) {
    case LECTERN_DATE_PRECISION_NONE:
      return NULL;
    case LECTERN_DATE_PRECISION_DAY:
      return "day";
    case LECTERN_DATE_PRECISION_MINUTE:
      return "minute";
    default:
      g_return_val_if_reached (NULL);
  }
}

/**
 * lectern_date_precision_from_string:
 * @string: (nullable): "day" or "minute"
 * @precision: (out): where to store the precision
 *
 * Reads a precision as lectern_date_precision_to_string() writes it. %NULL reads as
 * %LECTERN_DATE_PRECISION_NONE.
 *
 * Returns: %FALSE if @string names no precision; @precision is then left alone
 */
gboolean
lectern_date_precision_from_string (const char           *string,
                                    LecternDatePrecision *precision)
{
  g_return_val_if_fail (precision != NULL, FALSE);

  if (!string)
    *precision = LECTERN_DATE_PRECISION_NONE;
  else if (g_str_equal (string, "day"))
    *precision = LECTERN_DATE_PRECISION_DAY;
  else if (g_str_equal (string, "minute"))
    *precision = LECTERN_DATE_PRECISION_MINUTE;
  else
    return FALSE;

  return TRUE;
}

/**
 * lectern_date_precision_guess:
 * @time: microseconds since 1970, or 0
 *
 * The precision of a date that came without one (from a library or a backup made before
 * Lectern kept it, or from another app's export): a day alone was always stored as midnight
 * UTC, so midnight UTC reads as a day and any other time as a minute.
 *
 * Returns: the precision; %LECTERN_DATE_PRECISION_NONE when @time is 0
 */
LecternDatePrecision
lectern_date_precision_guess (gint64 time)
{
  if (time == 0)
    return LECTERN_DATE_PRECISION_NONE;

  if (time % (G_USEC_PER_SEC * (gint64)86400) == 0)
    return LECTERN_DATE_PRECISION_DAY;

  return LECTERN_DATE_PRECISION_MINUTE;
}
