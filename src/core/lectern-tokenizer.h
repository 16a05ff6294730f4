/* lectern-tokenizer.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean   lectern_tokenizer_register      (sqlite3    *db,
                                            GError    **error);
char     **lectern_tokenizer_tokenize      (const char *text,
                                            gboolean    for_query);

/* For the query parser: whether the last token of @text comes from a script written without
 * spaces (Chinese, Japanese, Korean, Thai…), whose tokens are whole character pairs already,
 * so that a prefix query on it would only be slower.
 */
gboolean   _lectern_tokenizer_ends_in_run  (const char *text);

G_END_DECLS
