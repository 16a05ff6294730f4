/* lectern-date.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

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

gboolean lectern_date_parse       (const char           *text,
                                   gint64                now,
                                   int                   year_hint,
                                   gint64               *time,
                                   LecternDatePrecision *precision);
gboolean lectern_date_find        (const char           *text,
                                   gint64                now,
                                   int                   year_hint,
                                   gint64               *time,
                                   LecternDatePrecision *precision,
                                   gsize                *start,
                                   gsize                *end);
gboolean lectern_date_find_in_url (const char           *url,
                                   gint64                now,
                                   gint64               *time,
                                   LecternDatePrecision *precision);

G_END_DECLS
