/* lectern-byline.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *lectern_byline_clean      (const char  *byline,
                                     const char  *site_name);
gboolean  lectern_byline_parse_line (const char  *line,
                                     char       **author,
                                     char       **source);
gboolean  lectern_byline_is_url     (const char  *text);

G_END_DECLS
