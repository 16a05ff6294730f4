/* lectern-search-rank.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean   lectern_search_rank_register   (sqlite3  *db,
                                           GError  **error);

G_END_DECLS
