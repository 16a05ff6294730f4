/* lectern-sqlite-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "lectern-database.h"
#include "lectern-statement.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3          *_lectern_database_get_handle     (LecternDatabase *self);
void              _lectern_database_set_error      (GError         **error,
                                                    sqlite3         *db,
                                                    int              rc);
fts5_api         *_lectern_database_get_fts5_api   (sqlite3         *db,
                                                    GError         **error);
LecternStatement *_lectern_statement_new           (LecternDatabase *database,
                                                    sqlite3_stmt    *stmt);
void              _lectern_database_release_statement (LecternDatabase *self,
                                                    sqlite3_stmt    *stmt);

/* Test hook. While set, connections opened for writing open with SQLITE_OPEN_READONLY,
 * which is what SQLite does by itself when it may read the file but not write it. Tests
 * run as root, for whom chmod does not make a file read-only, so they use this instead.
 */
void              _lectern_database_set_force_read_only (gboolean force);

/* Test hook. Sets how long connections opened afterwards wait for a lock that another
 * connection holds, so that tests need not wait the full few seconds; 0 restores the
 * default.
 */
void              _lectern_database_set_busy_timeout (int timeout_ms);

/* Test hook. While set above 0, connections opened afterwards bring a library only up to
 * this schema version, with the same steps as ever: a test makes a library as an older
 * Lectern left it, then opens it as this one does. 0 restores the default.
 */
void              _lectern_database_set_max_version (int version);

G_END_DECLS
