/* lectern-date.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lectern-core-types.h"

G_BEGIN_DECLS

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
gboolean lectern_date_find_full   (const char           *text,
                                   gint64                now,
                                   int                   year_hint,
                                   gint64               *time,
                                   LecternDatePrecision *precision,
                                   int                  *offset,
                                   gsize                *start,
                                   gsize                *end);
gboolean lectern_date_find_in_url (const char           *url,
                                   gint64                now,
                                   gint64               *time,
                                   LecternDatePrecision *precision);

G_END_DECLS
