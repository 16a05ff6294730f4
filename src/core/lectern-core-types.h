/* lectern-core-types.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _LecternArticle      LecternArticle;
typedef struct _LecternArticleList  LecternArticleList;
typedef struct _LecternArticleStore LecternArticleStore;
typedef struct _LecternDatabase     LecternDatabase;
typedef struct _LecternStatement    LecternStatement;

/**
 * LecternFilter:
 * @LECTERN_FILTER_UNREAD: articles not read yet and not archived
 * @LECTERN_FILTER_FAVOURITES: starred articles
 * @LECTERN_FILTER_ARCHIVE: archived articles
 * @LECTERN_FILTER_ALL: every article
 *
 * The lists the sidebar offers.
 */
typedef enum {
  LECTERN_FILTER_UNREAD,
  LECTERN_FILTER_FAVOURITES,
  LECTERN_FILTER_ARCHIVE,
  LECTERN_FILTER_ALL,
} LecternFilter;

#define LECTERN_N_FILTERS (LECTERN_FILTER_ALL + 1)

/**
 * LecternSort:
 * @LECTERN_SORT_NEWEST: most recently saved first
 * @LECTERN_SORT_OLDEST: least recently saved first
 * @LECTERN_SORT_SHORTEST: shortest reading time first
 * @LECTERN_SORT_LONGEST: longest reading time first
 */
typedef enum {
  LECTERN_SORT_NEWEST,
  LECTERN_SORT_OLDEST,
  LECTERN_SORT_SHORTEST,
  LECTERN_SORT_LONGEST,
} LecternSort;

/**
 * LecternSaveState:
 * @LECTERN_SAVE_STATE_SAVED: the article is stored whole
 * @LECTERN_SAVE_STATE_PENDING: the article waits to be fetched
 * @LECTERN_SAVE_STATE_FAILED: fetching the article failed; see its save error
 */
typedef enum {
  LECTERN_SAVE_STATE_SAVED,
  LECTERN_SAVE_STATE_PENDING,
  LECTERN_SAVE_STATE_FAILED,
} LecternSaveState;

/**
 * LecternTextDirection:
 * @LECTERN_TEXT_DIRECTION_AUTO: let the renderer decide
 * @LECTERN_TEXT_DIRECTION_LTR: left to right
 * @LECTERN_TEXT_DIRECTION_RTL: right to left
 */
typedef enum {
  LECTERN_TEXT_DIRECTION_AUTO,
  LECTERN_TEXT_DIRECTION_LTR,
  LECTERN_TEXT_DIRECTION_RTL,
} LecternTextDirection;

/**
 * LecternDatePrecision:
 * @LECTERN_DATE_PRECISION_NONE: no date
 * @LECTERN_DATE_PRECISION_DAY: only the day is known; the time is midnight UTC of the day as
 *   the page wrote it, so show it in UTC
 * @LECTERN_DATE_PRECISION_MINUTE: the page gave a time of day too; the time is the instant
 *   it names
 */
typedef enum {
  LECTERN_DATE_PRECISION_NONE,
  LECTERN_DATE_PRECISION_DAY,
  LECTERN_DATE_PRECISION_MINUTE,
} LecternDatePrecision;

#define LECTERN_TYPE_FILTER         (lectern_filter_get_type ())
#define LECTERN_TYPE_SORT           (lectern_sort_get_type ())
#define LECTERN_TYPE_SAVE_STATE     (lectern_save_state_get_type ())
#define LECTERN_TYPE_TEXT_DIRECTION (lectern_text_direction_get_type ())
#define LECTERN_TYPE_DATE_PRECISION (lectern_date_precision_get_type ())

GType          lectern_filter_get_type           (void) G_GNUC_CONST;
GType          lectern_sort_get_type             (void) G_GNUC_CONST;
GType          lectern_save_state_get_type       (void) G_GNUC_CONST;
GType          lectern_text_direction_get_type   (void) G_GNUC_CONST;
GType          lectern_date_precision_get_type   (void) G_GNUC_CONST;

const char    *lectern_filter_to_string          (LecternFilter        filter);
gboolean       lectern_filter_from_string        (const char          *string,
                                                  LecternFilter       *filter);
const char    *lectern_sort_to_string            (LecternSort          sort);
gboolean       lectern_sort_from_string          (const char          *string,
                                                  LecternSort         *sort);
const char    *lectern_text_direction_to_string  (LecternTextDirection direction);
LecternTextDirection
               lectern_text_direction_from_string (const char         *string);
const char    *lectern_date_precision_to_string  (LecternDatePrecision precision);
gboolean       lectern_date_precision_from_string (const char         *string,
                                                   LecternDatePrecision *precision);
LecternDatePrecision
               lectern_date_precision_guess      (gint64               time);

G_END_DECLS
