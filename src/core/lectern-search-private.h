/* lectern-search-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-core-types.h"
#include "lectern-database.h"
#include "lectern-query.h"

G_BEGIN_DECLS

/* The SQL the store's reads and its searches (lectern-search.c) share. */

#define N_SORTS (LECTERN_SORT_LONGEST + 1)

/* Rows waiting to be purged are invisible to every read. */
#define VISIBLE          "deleted_at IS NULL"
#define WHERE_UNREAD     VISIBLE " AND read_at IS NULL AND archived = 0"
#define WHERE_FAVOURITES VISIBLE " AND starred = 1"
#define WHERE_ARCHIVE    VISIBLE " AND archived = 1"
#define WHERE_ALL        VISIBLE

/* These match the indexes of migration 1 column for column, so SQLite walks an index in
 * order and never sorts.
 */
#define ORDER_NEWEST   " ORDER BY saved_at DESC, id DESC"
#define ORDER_OLDEST   " ORDER BY saved_at ASC, id ASC"
#define ORDER_SHORTEST " ORDER BY reading_minutes ASC, word_count ASC, id ASC"
#define ORDER_LONGEST  " ORDER BY reading_minutes DESC, word_count DESC, id DESC"

#define SELECT_SORTED(columns, where) \
  { \
    "SELECT " columns " FROM articles WHERE " where ORDER_NEWEST, \
    "SELECT " columns " FROM articles WHERE " where ORDER_OLDEST, \
    "SELECT " columns " FROM articles WHERE " where ORDER_SHORTEST, \
    "SELECT " columns " FROM articles WHERE " where ORDER_LONGEST, \
  }

/* The list counts, which triggers keep (migration 6); the columns follow the order of
 * LecternFilter.
 */
#define LIST_COUNTS_SQL "SELECT n_unread, n_favourites, n_archive, n_all FROM list_counts"

GArray *_lectern_search_run (LecternDatabase  *database,
                             LecternQuery     *query,
                             LecternFilter     filter,
                             LecternSort       sort,
                             guint             limit,
                             GCancellable     *cancellable,
                             GError          **error);

G_END_DECLS
